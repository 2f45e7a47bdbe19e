//! `designdoc init`: what was found, the optional questions, and the
//! file written. Finding and writing the configuration is
//! designdoc_adopt::init; this is the conversation.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use designdoc_adopt::init::{Found, Strictness};
use designdoc_schema::BUILTINS;

use crate::cli::InitArgs;

const NEXT: &str = "Next:\n  designdoc check              what the docs lack, by section\n  designdoc new \"A title\"      a new doc from the template\n  designdoc serve              the docs as a site, reloading as you write";

pub fn init(args: InitArgs) -> io::Result<u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let path = cwd.join("designdoc.toml");
    if path.exists() {
        eprintln!("designdoc.toml exists already: nothing written.\n{NEXT}");
        return Ok(0);
    }
    let mut found = designdoc_adopt::init::find_docs(&cwd);
    if found.is_empty() {
        eprintln!("No design docs found: docs will go in docs/design/ (the built-in template).");
    }
    for f in &found {
        eprintln!(
            "Found {} doc{} in {}/: the {} template fits best (the docs have {:.0}% of its required sections).",
            f.docs,
            if f.docs == 1 { "" } else { "s" },
            f.folder,
            f.template,
            f.fit * 100.0
        );
    }
    let mut strictness = Strictness::Standard;
    if args.interactive {
        // Questions need someone to answer them: piped or in CI, the
        // detected answers stand, as without --interactive.
        if io::stdin().is_terminal() {
            let mut prompt = Prompt {
                input: io::stdin().lock(),
            };
            (found, strictness) = prompt.ask_all(found)?;
        } else {
            eprintln!("--interactive: standard input is not a terminal, so nothing is asked.");
        }
    }
    let text = designdoc_adopt::init::config_for(&found, strictness);
    match designdoc_repo::create_new(&path, &text) {
        Ok(()) => {}
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {
            eprintln!("designdoc.toml exists already: nothing written.\n{NEXT}");
            return Ok(0);
        }
        Err(e) => {
            eprintln!("designdoc: error: {}: {e}", path.display());
            return Ok(2);
        }
    }
    eprintln!("Wrote designdoc.toml.\n{NEXT}");
    Ok(0)
}

/// Numbered line prompts on stderr, answers from stdin. Written by hand
/// rather than with dialoguer: three questions with typed answers work in
/// any terminal, screen reader and `script` session, and need no
/// raw-mode key handling.
struct Prompt<R> {
    input: R,
}

impl<R: BufRead> Prompt<R> {
    /// One answer: the line typed, or `default` for an empty line or end
    /// of input.
    fn ask(&mut self, question: &str, default: &str) -> io::Result<String> {
        eprint!("{question} [{default}]: ");
        io::stderr().flush()?;
        let mut line = String::new();
        self.input.read_line(&mut line)?;
        let line = line.trim();
        Ok(if line.is_empty() {
            default.to_string()
        } else {
            line.to_string()
        })
    }

    /// A choice among `options` by number or name; asked again until it
    /// is one.
    fn choose(&mut self, question: &str, options: &[&str], default: usize) -> io::Result<usize> {
        loop {
            let answer = self.ask(question, options[default])?;
            if let Ok(n) = answer.parse::<usize>()
                && (1..=options.len()).contains(&n)
            {
                return Ok(n - 1);
            }
            if let Some(i) = options.iter().position(|o| o.eq_ignore_ascii_case(&answer)) {
                return Ok(i);
            }
            eprintln!("  Please answer 1 to {} or a name.", options.len());
        }
    }

    fn ask_all(&mut self, found: Vec<Found>) -> io::Result<(Vec<Found>, Strictness)> {
        let detected = if found.is_empty() {
            "docs/design".to_string()
        } else {
            found
                .iter()
                .map(|f| f.folder.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let folders = self.ask(
            "Where do the design docs live? (folders, comma-separated)",
            &detected,
        )?;
        // The project's own templates found beside its docs, then the
        // built-ins.
        let mut names: Vec<&str> = Vec::new();
        eprintln!("Templates:");
        for f in &found {
            let own = !BUILTINS.iter().any(|(n, _, _)| *n == f.template);
            if own && !names.contains(&f.template.as_str()) {
                names.push(&f.template);
                eprintln!(
                    "  {}. {}: the project's own template",
                    names.len(),
                    f.template
                );
            }
        }
        for (name, _, about) in BUILTINS {
            names.push(name);
            eprintln!("  {}. {name}: {}", names.len(), first_line(about));
        }
        let mut chosen = Vec::new();
        for folder in folders.split(',').map(|f| f.trim().trim_end_matches('/')) {
            if folder.is_empty() {
                continue;
            }
            let known = found.iter().find(|f| f.folder == folder);
            let guess = known.map_or("design-doc", |f| f.template.as_str());
            let default = names.iter().position(|n| *n == guess).unwrap_or(0);
            let i = self.choose(&format!("Template for {folder}/?"), &names, default)?;
            chosen.push(Found {
                folder: folder.to_string(),
                docs: known.map_or(0, |f| f.docs),
                template: names[i].to_string(),
                fit: known.map_or(0.0, |f| f.fit),
                statuses: known.map_or_else(Vec::new, |f| f.statuses.clone()),
            });
        }
        eprintln!("Strictness:");
        for (i, (_, name, about)) in Strictness::ALL.iter().enumerate() {
            eprintln!("  {}. {name}: {about}", i + 1);
        }
        let levels: Vec<&str> = Strictness::ALL.iter().map(|(_, n, _)| *n).collect();
        let s = self.choose("How strict?", &levels, 0)?;
        Ok((chosen, Strictness::ALL[s].0))
    }
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or("")
}

/// `designdoc import`: reads the folder, maps each doc, and writes the
/// changed ones atomically (or shows them with `--diff`).
pub fn import(args: crate::cli::ImportArgs) -> io::Result<u8> {
    use crate::cli::ImportSource;
    use designdoc_adopt::import::{Source, import_all};
    let source = match args.from {
        ImportSource::AdrTools => Source::AdrTools,
        ImportSource::Log4brains => Source::Log4brains,
        ImportSource::Madr => Source::Madr,
    };
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let dir = match &args.dir {
        Some(d) => cwd.join(d),
        None => cwd.join(default_dir(&cwd, source)),
    };
    if !dir.is_dir() {
        eprintln!(
            "designdoc: error: {}: no such folder (give the records' folder: designdoc import {source} DIR)",
            designdoc_repo::display_path(&dir, &cwd)
        );
        return Ok(2);
    }
    let files: Vec<PathBuf> = designdoc_repo::markdown_files(&dir)
        .into_iter()
        .filter(|p| !designdoc_repo::walk_is_index(p))
        .collect();
    let mut docs = Vec::new();
    let mut failed = false;
    for f in &files {
        match designdoc_repo::read_doc(f, designdoc_repo::config::DEFAULT_MAX_FILE_SIZE) {
            Ok(text) => docs.push((designdoc_repo::display_path(f, &cwd), text)),
            Err(e) => {
                eprintln!("designdoc: {}: {e}", designdoc_repo::display_path(f, &cwd));
                failed = true;
            }
        }
    }
    let imported = import_all(source, &docs);
    let mut out = io::stdout().lock();
    let (mut changed, mut written) = (0, 0);
    let mut counts: Vec<(&str, usize)> = Vec::new();
    let mut unmapped = 0;
    for d in &imported {
        if d.changed() {
            changed += 1;
        }
        eprintln!("{}", d.name);
        for m in &d.mapped {
            eprintln!("  {}: {}  ← {:?}", m.key, m.value, m.from);
            match counts.iter_mut().find(|(k, _)| *k == m.key) {
                Some((_, n)) => *n += 1,
                None => counts.push((m.key, 1)),
            }
        }
        for u in &d.unmapped {
            eprintln!("  not mapped: {u}");
            unmapped += 1;
        }
        if !d.changed() {
            eprintln!("  (nothing to change)");
            continue;
        }
        if args.diff {
            let diff = similar::TextDiff::from_lines(&d.original, &d.text);
            write!(
                out,
                "{}",
                diff.unified_diff()
                    .context_radius(2)
                    .header(&format!("a/{}", d.name), &format!("b/{}", d.name))
            )?;
            continue;
        }
        match designdoc_repo::write_atomic(&cwd.join(&d.name), &d.text, &d.original) {
            Ok(()) => written += 1,
            Err(e) => {
                eprintln!("designdoc: {}: not written: {e}", d.name);
                failed = true;
            }
        }
    }
    let mapped: Vec<String> = counts.iter().map(|(k, n)| format!("{k} {n}")).collect();
    eprintln!(
        "{} {} doc{} from {source}: {changed} to change{}. Mapped: {}. Not mapped: {unmapped}{}.",
        if args.diff { "Read" } else { "Imported" },
        imported.len(),
        if imported.len() == 1 { "" } else { "s" },
        if args.diff {
            " (nothing written: --diff)".to_string()
        } else {
            format!(", {written} written")
        },
        if mapped.is_empty() {
            "nothing".to_string()
        } else {
            mapped.join(", ")
        },
        if unmapped > 0 {
            " (listed above; it stays in the text)"
        } else {
            ""
        }
    );
    if !args.diff && !imported.is_empty() {
        let rel = designdoc_repo::display_path(&dir, &cwd);
        if designdoc_repo::config::find(&cwd).is_some() {
            eprintln!(
                "Next: designdoc check {rel} --template {}",
                source.template()
            );
        } else {
            eprintln!("Next: designdoc init   (finds {rel}/ and writes designdoc.toml)");
        }
    }
    Ok(if failed {
        2
    } else if args.diff && changed > 0 {
        1
    } else {
        0
    })
}

/// Where the tool keeps its records: adr-tools' `.adr-dir` names it.
fn default_dir(cwd: &std::path::Path, source: designdoc_adopt::import::Source) -> String {
    if source == designdoc_adopt::import::Source::AdrTools
        && let Ok(d) = std::fs::read_to_string(cwd.join(".adr-dir"))
        && !d.trim().is_empty()
    {
        return d.trim().to_string();
    }
    source.default_dir().to_string()
}
