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
    let mut out = anstream::stdout().lock();
    let mut totals = Totals::default();
    let mut json = output::JsonStream::default();
    let mut sarif = Vec::new();
    if args.format == Format::Json && !args.diff {
        out.write_all(json.begin().as_bytes())?;
    }
    ws.run_batches(&files, &cwd, mode, |batch| -> io::Result<()> {
        for r in &batch {
            totals.count(r);
        }
        if args.diff {
            for r in &batch {
                if let Some(fix) = &r.fix
                    && fix.original != r.source
                {
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
            return Ok(());
        }
        let reports: Vec<FileReport<'_>> = batch
            .iter()
            .map(|r| FileReport {
                path: &r.display,
                source: &r.source,
                diagnostics: &r.diagnostics,
            })
            .collect();
        totals.summary.add(&output::summarize(&reports));
        for r in &reports {
            match args.format {
                Format::Human => out.write_all(output::human(r, Style::Color).as_bytes())?,
                Format::Json => out.write_all(json.file(r).as_bytes())?,
                Format::Github => {
                    out.write_all(output::github(std::slice::from_ref(r)).as_bytes())?
                }
                Format::Sarif => sarif.extend(output::sarif_results(r)),
            }
        }
        Ok(())
    })?;

    if args.diff {
        if !args.quiet {
            eprintln!("{} file(s) would be changed by --fix.", totals.changed);
        }
        return Ok(if totals.unreadable {
            2
        } else {
            u8::from(totals.changed > 0)
        });
    }
    match args.format {
        Format::Human if !args.quiet => {
            if args.fix {
                writeln!(
                    out,
                    "Fixed {} issue(s) in {} file(s).",
                    totals.fixed, totals.changed
                )?;
            }
            writeln!(out, "{}", output::human_summary(&totals.summary))?;
        }
        Format::Json => writeln!(out, "{}", json.end())?,
        Format::Sarif => writeln!(out, "{}", output::sarif(sarif, env!("CARGO_PKG_VERSION")))?,
        _ => {}
    }
    out.flush()?;
    Ok(if totals.unreadable {
        2
    } else {
        u8::from(totals.errors)
    })
}

/// What the whole run found, counted batch by batch.
#[derive(Default)]
struct Totals {
    summary: output::Summary,
    unreadable: bool,
    errors: bool,
    /// Files whose text fixing changed (or would change).
    changed: usize,
    /// Fixes applied.
    fixed: usize,
}

impl Totals {
    fn count(&mut self, r: &designdoc_repo::FileOutcome) {
        self.unreadable |= r.unreadable;
        self.errors |= r.diagnostics.iter().any(|d| d.severity == Severity::Error);
        if let Some(fix) = &r.fix {
            self.fixed += fix.applied;
            self.changed += usize::from(fix.original != r.source);
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
