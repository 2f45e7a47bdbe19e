use std::io::{self, Write};
use std::path::{Path, PathBuf};

use designdoc_lint::output::{self, FileReport, Style};
use designdoc_lint::{FixAvailability, RULES, Severity, find_rule};
use designdoc_repo::{Mode, Workspace, collect, display_path};

use crate::cli::{CheckArgs, Cli, ColorWhen, Command, Format, NewArgs, RuleArgs};

pub fn run(cli: Cli) -> io::Result<u8> {
    match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    match cli.command {
        Command::Check(args) => check(args),
        Command::New(args) => new(args),
        Command::Rule(args) => rule(args),
    }
}

fn workspace(template: Option<&str>) -> Result<(Workspace, PathBuf), u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut ws = match Workspace::discover(&cwd) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Err(2);
        }
    };
    if let Some(t) = template
        && let Err(e) = ws.use_template(t)
    {
        eprintln!("designdoc: error: {e}");
        return Err(2);
    }
    Ok((ws, cwd))
}

fn check(args: CheckArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(args.template.as_deref()) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let explicit: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    let files = collect(&ws.root, &ws.config.paths, &explicit);
    if files.is_empty() && args.paths.is_empty() {
        let root = display_path(&ws.root, &cwd);
        eprintln!(
            "designdoc: no docs found under {} (paths: {}); pass files or directories, or set `paths` in designdoc.toml",
            if root.is_empty() { "." } else { &root },
            ws.config.paths.join(", ")
        );
    }
    let mode = if args.fix {
        Mode::Fix
    } else if args.diff {
        Mode::Preview
    } else {
        Mode::Check
    };
    let results = ws.run(&files, &cwd, mode);
    let unreadable = results.iter().any(|r| r.unreadable);
    let mut out = anstream::stdout().lock();

    if args.diff {
        let mut changed = 0;
        for r in &results {
            if let Some(fix) = &r.fix
                && fix.original != r.source
            {
                changed += 1;
                let diff = similar::TextDiff::from_lines(&fix.original, &r.source);
                let a = format!("a/{}", r.display);
                let b = format!("b/{}", r.display);
                write!(
                    out,
                    "{}",
                    diff.unified_diff().context_radius(2).header(&a, &b)
                )?;
            }
            if r.unreadable {
                for d in &r.diagnostics {
                    eprintln!("designdoc: {}: {}", r.display, d.message);
                }
            }
        }
        if !args.quiet {
            eprintln!("{changed} file(s) would be changed by --fix.");
        }
        return Ok(if unreadable { 2 } else { u8::from(changed > 0) });
    }

    let reports: Vec<FileReport<'_>> = results
        .iter()
        .map(|r| FileReport {
            path: &r.display,
            source: &r.source,
            diagnostics: &r.diagnostics,
        })
        .collect();
    match args.format {
        Format::Human => {
            for r in &reports {
                out.write_all(output::human(r, Style::Color).as_bytes())?;
            }
            if !args.quiet {
                if args.fix {
                    let fixed: usize = results
                        .iter()
                        .filter_map(|r| r.fix.as_ref())
                        .map(|f| f.applied)
                        .sum();
                    let files = results
                        .iter()
                        .filter(|r| r.fix.as_ref().is_some_and(|f| f.original != r.source))
                        .count();
                    writeln!(out, "Fixed {fixed} issue(s) in {files} file(s).")?;
                }
                writeln!(
                    out,
                    "{}",
                    output::human_summary(&output::summarize(&reports))
                )?;
            }
        }
        Format::Json => writeln!(out, "{}", output::json(&reports))?,
        Format::Github => write!(out, "{}", output::github(&reports))?,
        Format::Sarif => writeln!(
            out,
            "{}",
            output::sarif(&reports, env!("CARGO_PKG_VERSION"))
        )?,
    }
    for r in &results {
        if let Some(fix) = &r.fix {
            for why in &fix.refused {
                eprintln!("designdoc: {}: fix refused: {why}", r.display);
            }
            if !fix.settled {
                eprintln!(
                    "designdoc: {}: fixes did not settle after {} passes; file left unchanged",
                    r.display,
                    designdoc_lint::fix::MAX_PASSES
                );
            }
        }
    }
    out.flush()?;
    let errors = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .any(|d| d.severity == Severity::Error);
    Ok(if unreadable { 2 } else { u8::from(errors) })
}

fn new(args: NewArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(args.template.as_deref()) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let dir = match &args.dir {
        Some(d) => cwd.join(d),
        None => ws.root.join(base_dir(
            ws.config.paths.first().map_or("docs/design", |s| s),
        )),
    };
    std::fs::create_dir_all(&dir)?;
    let title = args.title.trim();
    if title.is_empty() {
        eprintln!("designdoc: error: the title is empty");
        return Ok(2);
    }
    let author = git_user_name(&ws.root);
    let today = jiff::Zoned::now().date();
    let text = designdoc_repo::scaffold(&ws.schema, title, author.as_deref(), &today.to_string());
    let slug = designdoc_repo::slugify(title);
    for _ in 0..1000 {
        let number = designdoc_repo::next_number(&dir)?;
        let path = dir.join(format!("{number:04}-{slug}.md"));
        match std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
        {
            Ok(mut f) => {
                f.write_all(text.as_bytes())?;
                f.sync_all()?;
                println!("Created {}", display_path(&path, &cwd));
                return Ok(0);
            }
            // Another writer took this number: take the next one.
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(io::Error::new(e.kind(), format!("{}: {e}", path.display()))),
        }
    }
    Err(io::Error::other("could not find a free doc number"))
}

fn base_dir(glob: &str) -> PathBuf {
    glob.split('/')
        .take_while(|p| !p.contains(['*', '?', '[', '{']))
        .collect()
}

fn git_user_name(root: &Path) -> Option<String> {
    let out = std::process::Command::new("git")
        .args(["config", "user.name"])
        .current_dir(root)
        .output()
        .ok()?;
    let name = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}

fn rule(args: RuleArgs) -> io::Result<u8> {
    let mut out = anstream::stdout().lock();
    match args.name {
        Some(name) if !args.list => {
            let Some(r) = find_rule(&name) else {
                eprintln!("designdoc: error: no rule named {name:?} (see `designdoc rule --list`)");
                return Ok(2);
            };
            writeln!(out, "# {} {}\n", r.code, r.name)?;
            writeln!(
                out,
                "Default severity: {}. Fix: {}.\n",
                r.default_severity.as_str(),
                fix_word(r.fix)
            )?;
            writeln!(out, "{}", r.documentation())?;
        }
        _ => {
            writeln!(
                out,
                "{:<7} {:<24} {:<8} {:<9} summary",
                "code", "name", "severity", "fix"
            )?;
            for r in RULES {
                writeln!(
                    out,
                    "{:<7} {:<24} {:<8} {:<9} {}",
                    r.code,
                    r.name,
                    r.default_severity.as_str(),
                    fix_word(r.fix),
                    r.summary()
                )?;
            }
        }
    }
    Ok(0)
}

fn fix_word(f: FixAvailability) -> &'static str {
    match f {
        FixAvailability::None => "none",
        FixAvailability::Sometimes => "sometimes",
        FixAvailability::Always => "always",
    }
}
