//! `designdoc init`: what was found, the optional questions, and the
//! file written. Finding and writing the configuration is
//! designdoc_repo::init; this is the conversation.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;

use designdoc_repo::init::{Found, Strictness};
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
    let mut found = designdoc_repo::init::find_docs(&cwd);
    if found.is_empty() {
        eprintln!("No design docs found: docs will go in docs/design/ (the built-in template).");
    }
    for f in &found {
        eprintln!(
            "Found {} doc{} in {}/: the {} template fits best ({:.0}% of its sections).",
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
    let text = designdoc_repo::init::config_for(&found, strictness);
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
        let names: Vec<&str> = BUILTINS.iter().map(|(n, _, _)| *n).collect();
        eprintln!("Templates:");
        for (i, (name, _, about)) in BUILTINS.iter().enumerate() {
            eprintln!("  {}. {name}: {}", i + 1, first_line(about));
        }
        let mut chosen = Vec::new();
        for folder in folders.split(',').map(|f| f.trim().trim_end_matches('/')) {
            if folder.is_empty() {
                continue;
            }
            let known = found.iter().find(|f| f.folder == folder);
            let guess = known.map_or("design-doc", |f| f.template);
            let default = names.iter().position(|n| *n == guess).unwrap_or(0);
            let i = self.choose(&format!("Template for {folder}/?"), &names, default)?;
            chosen.push(Found {
                folder: folder.to_string(),
                docs: known.map_or(0, |f| f.docs),
                template: names[i],
                fit: known.map_or(0.0, |f| f.fit),
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
