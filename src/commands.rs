use std::io::{self, Write};
use std::path::PathBuf;

use designdoc_lint::output::{self, FileReport, Style};
use designdoc_lint::{RULES, Severity, find_rule};
use designdoc_repo::{Mode, Workspace, collect, display_path};
use rayon::prelude::*;

use crate::cli::{CheckArgs, Cli, ColorWhen, Command, Format, NewArgs, RuleArgs};
use crate::template_cmd;

pub fn run(cli: Cli) -> io::Result<u8> {
    match cli.color {
        ColorWhen::Always => anstream::ColorChoice::Always.write_global(),
        ColorWhen::Never => anstream::ColorChoice::Never.write_global(),
        ColorWhen::Auto => {}
    }
    match cli.command {
        Command::Check(args) => check(args),
        Command::Baseline(args) => baseline(args),
        Command::New(args) => new(args),
        Command::Rule(args) => rule(args),
        Command::Template(cmd) => template_cmd::template(cmd),
        Command::Migrate(args) => template_cmd::migrate(args),
        Command::List(args) => crate::repo_cmd::list(args),
        Command::Status(args) => crate::repo_cmd::status(args),
        Command::Supersede(args) => crate::repo_cmd::supersede(args),
        Command::Index(args) => crate::repo_cmd::index(args),
        Command::Ids(args) => crate::trace_cmd::ids(args),
        Command::Trace(args) => crate::trace_cmd::trace(args),
        Command::Targets(args) => crate::trace_cmd::targets(args),
        Command::Graph(args) => crate::repo_cmd::graph(args),
        Command::Diff(args) => crate::repo_cmd::semantic_diff(args),
        Command::Build(args) => crate::site_cmd::build(args),
        Command::Serve(args) => crate::site_cmd::serve(args),
        Command::Export(args) => crate::catalog_cmd::export(args),
        Command::Catalog(crate::cli::CatalogCommand::Build(args)) => {
            crate::catalog_cmd::build(args)
        }
        Command::Catalog(crate::cli::CatalogCommand::Serve(args)) => {
            crate::catalog_cmd::serve(args)
        }
        Command::Lsp => lsp(),
        Command::Mcp => {
            let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
            designdoc_mcp::run_stdio(&cwd)?;
            Ok(0)
        }
        Command::Completions(args) => {
            let mut cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_complete::generate(args.shell, &mut cmd, "designdoc", &mut io::stdout());
            Ok(0)
        }
        Command::Init(args) => crate::init_cmd::init(args),
        Command::Import(args) => crate::init_cmd::import(args),
        Command::Config(crate::cli::ConfigCommand::Schema) => {
            io::stdout().write_all(designdoc_repo::config::json_schema().as_bytes())?;
            Ok(0)
        }
        Command::Man => {
            let cmd = <crate::cli::Cli as clap::CommandFactory>::command();
            clap_mangen::Man::new(cmd).render(&mut io::stdout())?;
            Ok(0)
        }
    }
}

fn lsp() -> io::Result<u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    designdoc_lsp::run_stdio(&cwd)?;
    Ok(0)
}

pub(crate) fn workspace(template: Option<&str>) -> Result<(Workspace, PathBuf), u8> {
    let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."));
    let mut ws = match Workspace::discover(&cwd) {
        Ok(ws) => ws,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Err(2);
        }
    };
    if let Some(t) = template
        && let Err(e) = ws.use_template(t, &cwd)
    {
        eprintln!("designdoc: error: {e}");
        return Err(2);
    }
    Ok((ws, cwd))
}

/// Which docs to check and how: what `check` and `baseline` share.
struct Scope<'a> {
    paths: &'a [PathBuf],
    only_configured: bool,
    mode: Mode,
    branches: bool,
    /// `--changed` (with its `--base`).
    changed: Option<Option<&'a str>>,
}

/// Every doc checked (and fixed, by mode), then the rules across docs,
/// evidence, other branches, `--changed` and the suppression comments:
/// the findings before any output. Errors reading evidence come back to
/// be printed; a failure that stops the run is its exit code.
fn gather(
    ws: &Workspace,
    cwd: &std::path::Path,
    scope: &Scope<'_>,
) -> Result<(Vec<designdoc_repo::FileOutcome>, Vec<String>), u8> {
    let explicit: Vec<PathBuf> = scope.paths.iter().map(|p| cwd.join(p)).collect();
    let mut files = collect(&ws.root, &ws.config.paths, &explicit);
    if scope.only_configured {
        let docs = designdoc_repo::DocMatcher::new(&ws.root, &ws.config.paths);
        files.retain(|f| docs.matches(f));
    }
    if files.is_empty() && scope.paths.is_empty() {
        let root = display_path(&ws.root, cwd);
        eprintln!(
            "designdoc: no docs found under {} (paths: {}); pass files or directories, or set `paths` in designdoc.toml",
            if root.is_empty() { "." } else { &root },
            ws.config.paths.join(", ")
        );
    }
    let mode = scope.mode;
    // Every doc first (in parallel), then the rules across docs.
    let mut outcomes = ws.run(&files, cwd, mode);
    if scope.paths.is_empty() {
        ws.check_repository(&mut outcomes);
    } else {
        // Some docs: the others are context, so references to them resolve.
        ws.check_repository_among_configured(&mut outcomes);
    }
    // With [trace] check or [targets] results: the docs against the code,
    // test reports and benchmarks. A report that cannot be read is an
    // error, as an unreadable doc is.
    let evidence_errors = if mode == Mode::Check {
        designdoc_trace::evidence::check_evidence(&ws, &mut outcomes, cwd)
    } else {
        Vec::new()
    };
    if scope.branches {
        ws.check_branches(&mut outcomes);
    }
    ws.apply_suppressions(&mut outcomes);
    if let Some(base) = scope.changed {
        match designdoc_repo::git::changed_files(&ws.root, base) {
            Ok(changed) => {
                let changed: std::collections::HashSet<PathBuf> = changed
                    .iter()
                    .map(|p| designdoc_lint::repo::normalize(p))
                    .collect();
                // Changed docs, and the repository diagnostics that other
                // docs get because of them (a link into a heading the
                // change removed): those name a changed doc's file.
                let names: Vec<String> = changed
                    .iter()
                    .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
                    .collect();
                outcomes.retain_mut(|o| {
                    if changed.contains(&designdoc_lint::repo::normalize(&o.path)) {
                        return true;
                    }
                    // Its own findings go; those across docs may stay.
                    o.spilled = None;
                    o.diagnostics.retain(|d| {
                        d.rule.across_docs() && names.iter().any(|n| d.message.contains(n.as_str()))
                    });
                    !o.diagnostics.is_empty()
                });
            }
            Err(e) => {
                eprintln!("designdoc: error: --changed: {e}");
                return Err(2);
            }
        }
    }
    Ok((outcomes, evidence_errors))
}

fn check(args: CheckArgs) -> io::Result<u8> {
    let (mut ws, cwd) = match workspace(args.template.as_deref()) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    if let Err(e) = ws.config.apply_command_line(
        &args.select,
        &args.extend_select,
        &args.ignore,
        &args.severity,
    ) {
        eprintln!("designdoc: error: {e}");
        return Ok(2);
    }
    // --exit-zero: findings never fail the run; 2 (designdoc could not do
    // its job) still does.
    let findings_code = |errors: bool| u8::from(errors && !args.exit_zero);
    ws.unsafe_fixes = args.unsafe_fixes;
    // Thousands of findings over thousands of docs wait on disk for the
    // repository rules, not in memory.
    ws.spill_findings_over(designdoc_repo::SPILL_OVER);
    let mode = if args.fix {
        Mode::Fix
    } else if args.diff {
        Mode::Preview
    } else {
        Mode::Check
    };
    // The baseline is read first: a broken one stops the run before work.
    let baseline = if args.no_baseline || args.diff {
        None
    } else {
        match ws.load_baseline() {
            Ok(b) => b,
            Err(e) => {
                eprintln!("designdoc: error: {e}");
                return Ok(2);
            }
        }
    };
    let scope = Scope {
        paths: &args.paths,
        only_configured: args.only_configured,
        mode,
        branches: args.branches,
        changed: args.changed.then_some(args.base.as_deref()),
    };
    let (mut outcomes, evidence_errors) = match gather(&ws, &cwd, &scope) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    for e in &evidence_errors {
        eprintln!("designdoc: error: {e}");
    }
    let ran = ran_rules(&ws, mode, args.branches);
    let mut baseline_report = baseline
        .as_ref()
        .map(|b| ws.apply_baseline(b, &mut outcomes, &cwd, &ran));
    if args.changed
        && let Some(r) = &mut baseline_report
    {
        // The other docs were not checked as a whole: nothing is known gone.
        r.gone.clear();
    }
    // Colour (and stripping it off a pipe) is for the terminal format;
    // machine output goes out as it is.
    let mut out: Box<dyn Write> = if args.format == Format::Human {
        Box::new(anstream::stdout().lock())
    } else {
        Box::new(io::stdout().lock())
    };
    let mut totals = Totals::default();
    // --show-fixes: what was applied, file by file.
    let mut shown_fixes = String::new();
    let mut json = output::JsonStream::default();
    let mut sarif = Vec::new();
    let (format, diff) = (args.format, args.diff);
    if args.statistics {
        // One line per rule instead of each finding.
        for o in &mut outcomes {
            o.restore();
        }
        let reports: Vec<FileReport> = outcomes
            .iter()
            .map(|o| FileReport {
                path: &o.display,
                source: &o.source,
                diagnostics: &o.diagnostics,
            })
            .collect();
        let counts = output::statistics(reports.iter().flat_map(|r| r.diagnostics));
        if format == Format::Json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&counts).unwrap_or_default()
            )?;
        } else {
            out.write_all(output::statistics_table(&counts).as_bytes())?;
            if !args.quiet {
                writeln!(
                    out,
                    "{}",
                    output::human_summary(&output::summarize(&reports))
                )?;
            }
        }
        if let Some(note) = baseline_report.as_ref().and_then(baseline_note)
            && !args.quiet
        {
            eprintln!("{note}");
        }
        out.flush()?;
        let unreadable = outcomes.iter().any(|o| o.unreadable);
        let errors = outcomes
            .iter()
            .any(|o| o.diagnostics.iter().any(|d| d.severity == Severity::Error));
        return Ok(if unreadable || !evidence_errors.is_empty() {
            2
        } else {
            findings_code(errors)
        });
    }
    if format == Format::Json && !diff {
        out.write_all(json.begin().as_bytes())?;
    }
    // In batches: a file with diagnostics is read again for its snippets
    // (and its findings from disk, when they went there), rendered on the
    // worker threads, and printed in file order; at most a batch of texts
    // is held at once.
    let mut rest = outcomes.into_iter();
    // Enough files to keep every thread busy, few enough that their texts
    // and output (20 KB and more each) do not add up.
    let batch_size = 32 * rayon::current_num_threads();
    loop {
        let batch: Vec<_> = rest.by_ref().take(batch_size).collect();
        if batch.is_empty() {
            break;
        }
        let rendered: Vec<Rendered> = batch
            .into_par_iter()
            .map(|mut r| {
                ws.reload(&mut r, &cwd);
                render(r, format, diff, baseline_report.is_some())
            })
            .collect();
        for r in rendered {
            for note in &r.notes {
                eprintln!("designdoc: {}: {note}", r.display);
            }
            totals.add(&r);
            if args.show_fixes && !r.applied.is_empty() {
                shown_fixes.push_str(&format!("  {}:\n", r.display));
                for line in &r.applied {
                    shown_fixes.push_str(&format!("    {line}\n"));
                }
            }
            if format == Format::Json && !diff {
                out.write_all(json.file(&r.output, &r.summary).as_bytes())?;
            } else {
                out.write_all(r.output.as_bytes())?;
            }
            sarif.extend(r.sarif);
        }
    }

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
    if args.show_fixes && args.fix {
        let text = if shown_fixes.is_empty() {
            "No fixes applied.\n".to_string()
        } else {
            format!("Applied fixes:\n{shown_fixes}")
        };
        // Beside machine output, on standard error: it stays parseable.
        if matches!(args.format, Format::Human | Format::Concise) {
            out.write_all(text.as_bytes())?;
        } else {
            eprint!("{text}");
        }
    }
    if let Some(note) = baseline_report.as_ref().and_then(baseline_note)
        && !args.quiet
    {
        // Beside machine output, on standard error; after the findings
        // for a reader.
        if matches!(args.format, Format::Human | Format::Concise) {
            writeln!(out, "{note}")?;
        } else {
            eprintln!("{note}");
        }
    }
    match args.format {
        Format::Human | Format::Concise if !args.quiet => {
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
    Ok(if totals.unreadable || !evidence_errors.is_empty() {
        2
    } else {
        findings_code(totals.errors)
    })
}

/// One file's output, made on a worker thread so that formatting runs in
/// parallel and the file's text is dropped there.
struct Rendered {
    display: String,
    /// What to print: the human or GitHub text, the JSON object, or the diff.
    output: String,
    sarif: Vec<serde_json::Value>,
    summary: output::Summary,
    unreadable: bool,
    errors: bool,
    fixed: usize,
    changed: bool,
    /// The fixes applied, one line each (`--show-fixes`).
    applied: Vec<String>,
    /// Lines for standard error.
    notes: Vec<String>,
}

/// `designdoc baseline`: every current finding accepted (or, with
/// `--prune`, only the fixed ones dropped).
fn baseline(args: crate::cli::BaselineArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(args.template.as_deref()) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let old = match ws.load_baseline() {
        Ok(b) => b,
        // A broken file is replaced; pruning needs what it held.
        Err(e) if args.prune => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
        Err(e) => {
            eprintln!("designdoc: warning: {e}; writing it anew");
            None
        }
    };
    if args.prune && old.is_none() {
        eprintln!(
            "designdoc: error: --prune: there is no {} to prune (write one with `designdoc baseline`)",
            designdoc_lint::baseline::FILE_NAME
        );
        return Ok(2);
    }
    let scope = Scope {
        paths: &args.paths,
        only_configured: false,
        mode: Mode::Check,
        branches: args.branches,
        changed: None,
    };
    let ran = ran_rules(&ws, Mode::Check, args.branches);
    let (mut outcomes, evidence_errors) = match gather(&ws, &cwd, &scope) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    for e in &evidence_errors {
        eprintln!("designdoc: error: {e}");
    }
    for o in outcomes.iter().filter(|o| o.unreadable) {
        for d in &o.diagnostics {
            eprintln!("designdoc: {}: {}", o.display, d.message);
        }
    }
    let name = designdoc_lint::baseline::FILE_NAME;
    let (new, summary) = match (&old, args.prune) {
        (Some(old), true) => {
            let report = ws.apply_baseline(old, &mut outcomes, &cwd, &ran);
            let gone = report.gone.len();
            // What still matches (as it is now), and what this run did not
            // judge, as it was.
            let mut entries = report.kept;
            entries.extend(report.rest);
            let b = designdoc_lint::baseline::Baseline::new(entries);
            let summary = format!(
                "Pruned {name}: {} dropped (their findings are fixed); {} remain.",
                plural(gone, "entry"),
                b.findings.len()
            );
            (b, summary)
        }
        _ => {
            let b = ws.baseline_of(&mut outcomes, &cwd, old.as_ref());
            let files: std::collections::HashSet<&str> =
                b.findings.iter().map(|e| e.path.as_str()).collect();
            let summary = format!(
                "Wrote {name}: {} in {}. Commit it; `designdoc check` now reports only new findings.",
                plural(b.findings.len(), "finding"),
                plural(files.len(), "file")
            );
            (b, summary)
        }
    };
    if (old.as_ref() != Some(&new) || !ws.baseline_path().exists())
        && let Err(e) = ws.save_baseline(&new)
    {
        eprintln!("designdoc: error: could not write {name}: {e}");
        return Ok(2);
    }
    if !args.quiet {
        println!("{summary}");
    }
    let failed = outcomes.iter().any(|o| o.unreadable) || !evidence_errors.is_empty();
    Ok(if failed { 2 } else { 0 })
}

/// Whether a rule raised outside a doc's own settings ran in this run:
/// evidence only when checking with `[trace] check` or `[targets]`, the
/// other branches' numbers only with `--branches`.
fn ran_rules(ws: &Workspace, mode: Mode, branches: bool) -> impl Fn(&str) -> bool {
    let evidence =
        mode == Mode::Check && (ws.config.trace.check || !ws.config.targets.results.is_empty());
    move |rule: &str| {
        let kind = designdoc_lint::find_rule(rule).map(|r| r.kind);
        (evidence || !matches!(kind, Some(designdoc_lint::Kind::Evidence)))
            && (branches || !matches!(kind, Some(designdoc_lint::Kind::Branches)))
    }
}

/// What the baseline hid and what of it is gone, for the end of a run.
fn baseline_note(r: &designdoc_repo::baseline::BaselineReport) -> Option<String> {
    let name = designdoc_lint::baseline::FILE_NAME;
    let mut lines = Vec::new();
    if r.hidden > 0 {
        lines.push(format!(
            "{} accepted by the baseline ({name}) not shown; --no-baseline shows them.",
            plural(r.hidden, "finding")
        ));
    }
    for (old, new) in &r.moved {
        lines.push(format!("The baseline follows {old} to {new}."));
    }
    if !r.gone.is_empty() {
        lines.push(format!(
            "{} of the baseline no longer found (fixed): `designdoc baseline --prune` drops {}.",
            plural(r.gone.len(), "entry"),
            if r.gone.len() == 1 { "it" } else { "them" }
        ));
    }
    (!lines.is_empty()).then(|| lines.join("\n"))
}

fn plural(n: usize, word: &str) -> String {
    match (n, word.strip_suffix('y')) {
        (1, _) => format!("1 {word}"),
        (_, Some(stem)) => format!("{n} {stem}ies"),
        _ => format!("{n} {word}s"),
    }
}

fn render(r: designdoc_repo::FileOutcome, format: Format, diff: bool, baseline: bool) -> Rendered {
    let mut notes = Vec::new();
    let (mut fixed, mut changed) = (0, false);
    let mut applied = Vec::new();
    if let Some(fix) = &r.fix {
        fixed = fix.applied;
        applied = fix
            .fixes
            .iter()
            .map(|f| format!("{} {}: {}", f.rule.code, f.rule.name, f.description))
            .collect();
        changed = fix.original != r.source;
        notes.extend(fix.refused.iter().map(|why| format!("fix refused: {why}")));
        if !fix.settled {
            notes.push(format!(
                "fixes did not settle after {} passes; file left unchanged",
                designdoc_lint::fix::MAX_PASSES
            ));
        }
    }
    let report = FileReport {
        path: &r.display,
        source: &r.source,
        diagnostics: &r.diagnostics,
    };
    let mut sarif = Vec::new();
    let output = if diff {
        if r.unreadable {
            notes.extend(r.diagnostics.iter().map(|d| d.message.clone()));
        }
        match &r.fix {
            Some(fix) if changed => {
                let text = similar::TextDiff::from_lines(&fix.original, &r.source);
                let a = format!("a/{}", r.display);
                let b = format!("b/{}", r.display);
                text.unified_diff()
                    .context_radius(2)
                    .header(&a, &b)
                    .to_string()
            }
            _ => String::new(),
        }
    } else {
        match format {
            Format::Human => output::human(&report, Style::Color),
            Format::Json => output::json_file(&report),
            Format::Github => output::github(std::slice::from_ref(&report)),
            Format::Concise => output::concise(&report),
            Format::Sarif => {
                sarif = output::sarif_results(&report);
                if baseline {
                    // SARIF's own words for a run against a baseline.
                    for v in &mut sarif {
                        v["baselineState"] = "new".into();
                    }
                    let accepted = FileReport {
                        path: &r.display,
                        source: &r.source,
                        diagnostics: &r.baselined,
                    };
                    for mut v in output::sarif_results(&accepted) {
                        v["baselineState"] = "unchanged".into();
                        sarif.push(v);
                    }
                }
                String::new()
            }
        }
    };
    let mut summary = output::summarize(std::slice::from_ref(&report));
    summary.baselined = r.baselined.len();
    Rendered {
        summary,
        errors: r.diagnostics.iter().any(|d| d.severity == Severity::Error),
        unreadable: r.unreadable,
        display: r.display,
        output,
        sarif,
        fixed,
        changed,
        applied,
        notes,
    }
}

/// What the whole run found, counted file by file.
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
    fn add(&mut self, r: &Rendered) {
        self.summary.add(&r.summary);
        self.unreadable |= r.unreadable;
        self.errors |= r.errors;
        self.changed += usize::from(r.changed);
        self.fixed += r.fixed;
    }
}

fn new(args: NewArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(args.template.as_deref()) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let dir = match &args.dir {
        Some(d) => cwd.join(d),
        None => ws.docs_dir(),
    };
    let title = args.title.trim();
    if title.is_empty() {
        eprintln!("designdoc: error: the title is empty");
        return Ok(2);
    }
    let today = designdoc_repo::today().to_string();
    let path = ws.create_doc(title, args.template.as_deref(), &dir, &cwd, &today)?;
    println!("Created {}", display_path(&path, &cwd));
    Ok(0)
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
                r.fix.as_str()
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
                    r.fix.as_str(),
                    r.summary()
                )?;
            }
        }
    }
    Ok(0)
}
