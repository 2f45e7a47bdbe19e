//! Traceability: `designdoc ids`, `trace` and `targets`.

use std::io::{self, Write};
use std::path::PathBuf;

use designdoc_repo::collect;

use crate::cli::ListFormat;
use crate::commands::workspace;
use crate::repo_cmd::csv_cell;

/// `designdoc ids`: the requirements of each doc, or (`--assign`) ids
/// given to those without one.
pub fn ids(args: crate::cli::IdsArgs) -> io::Result<u8> {
    let (ws, cwd) = match workspace(None) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let explicit: Vec<PathBuf> = args.paths.iter().map(|p| cwd.join(p)).collect();
    let files = collect(&ws.root, &ws.config.paths, &explicit);
    let mut out = io::stdout().lock();
    let mut rows: Vec<serde_json::Value> = Vec::new();
    let (mut changed, mut given, mut failed) = (0, 0, false);
    for f in &files {
        let rel = designdoc_repo::display_path(f, &cwd);
        let text = match designdoc_repo::read_doc(f, ws.config.max_file_size) {
            Ok(t) => t,
            Err(e) => {
                eprintln!("designdoc: {rel}: {e}");
                failed = true;
                continue;
            }
        };
        let schema = match ws.schema_for(f, &text) {
            Ok(s) => s,
            Err(d) => {
                eprintln!("designdoc: {rel}: {}", d.message);
                failed = true;
                continue;
            }
        };
        if args.assign {
            let Some((new, ids)) = designdoc_lint::requirements::with_ids(&text, &schema) else {
                continue;
            };
            changed += 1;
            given += ids.len();
            if args.diff {
                let diff = similar::TextDiff::from_lines(&text, &new);
                write!(
                    out,
                    "{}",
                    diff.unified_diff()
                        .context_radius(1)
                        .header(&format!("a/{rel}"), &format!("b/{rel}"))
                )?;
            } else {
                match designdoc_repo::write_atomic(f, &new, &text) {
                    Ok(()) => eprintln!("{rel}: {}", ids.join(", ")),
                    Err(e) => {
                        eprintln!("designdoc: {rel}: not written: {e}");
                        failed = true;
                    }
                }
            }
            continue;
        }
        let doc = designdoc_syntax::parse(&text);
        let m = schema.match_headings(&doc);
        let lines = designdoc_syntax::LineIndex::new(&text);
        for r in designdoc_lint::requirements::requirements(&doc, &schema, &m) {
            rows.push(serde_json::json!({
                "path": rel,
                "line": lines.line_of(r.line.start) + 1,
                "id": r.id.as_ref().map(|i| i.text.clone()),
                "well_formed": r.id.as_ref().is_some_and(|i| i.well_formed),
                "ticked": r.ticked,
                "text": r.text,
            }));
        }
    }
    if args.assign {
        eprintln!(
            "{} {given} id{} in {changed} doc{}{}.",
            if args.diff { "Would give" } else { "Gave" },
            if given == 1 { "" } else { "s" },
            if changed == 1 { "" } else { "s" },
            if args.diff {
                " (nothing written: --diff)"
            } else {
                ""
            }
        );
        return Ok(if failed {
            2
        } else if args.diff && changed > 0 {
            1
        } else {
            0
        });
    }
    let s = |v: &serde_json::Value| v.as_str().unwrap_or("").to_string();
    match args.format {
        ListFormat::Json => {
            serde_json::to_writer_pretty(&mut out, &rows)?;
            writeln!(out)?;
        }
        ListFormat::Csv => {
            writeln!(out, "path,line,id,ticked,text")?;
            for r in &rows {
                writeln!(
                    out,
                    "{},{},{},{},{}",
                    csv_cell(&s(&r["path"])),
                    r["line"],
                    csv_cell(&s(&r["id"])),
                    r["ticked"]
                        .as_bool()
                        .map_or("", |t| if t { "true" } else { "false" }),
                    csv_cell(&s(&r["text"]))
                )?;
            }
        }
        ListFormat::Table => {
            for r in &rows {
                let place = format!("{}:{}", s(&r["path"]), r["line"]);
                let id = r["id"].as_str().unwrap_or("-");
                let tick = match r["ticked"].as_bool() {
                    Some(true) => "[x] ",
                    Some(false) => "[ ] ",
                    None => "",
                };
                writeln!(out, "{place:<40} {id:<8} {tick}{}", s(&r["text"]))?;
            }
            let missing = rows.iter().filter(|r| r["id"].is_null()).count();
            if missing > 0 {
                eprintln!(
                    "{missing} requirement{} without an id: designdoc ids --assign",
                    if missing == 1 { "" } else { "s" }
                );
            }
        }
    }
    Ok(u8::from(failed) * 2)
}

/// `designdoc trace`: every requirement with an id, what cites it and
/// its verdict; references to requirements that do not exist.
pub fn trace(args: crate::cli::TraceArgs) -> io::Result<u8> {
    use designdoc_trace::{self as trace, Verdict};
    let (ws, cwd, files, docs) = match crate::repo_cmd::all_docs_with(false) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let g = match trace::gather(
        &ws,
        trace::doc_evidence(&ws, &docs),
        &files,
        &args.junit,
        &cwd,
    ) {
        Ok(g) => g,
        Err(e) => {
            eprintln!("designdoc: error: {e}");
            return Ok(2);
        }
    };
    let without_id = g.without_id;
    let (traced, dangling) = trace::verdicts_in(&g, &docs);
    let status_of = |path: &str| {
        docs.iter()
            .find(|d| d.path == path)
            .and_then(|d| d.status.clone())
    };
    let drift = trace::drift(&traced, !g.results.is_empty(), &status_of);
    let count = |v: Verdict| traced.iter().filter(|t| t.verdict == v).count();
    let (passing, failing, untested) = (
        count(Verdict::Passing),
        count(Verdict::Failing),
        count(Verdict::Untested),
    );
    let mut out = io::stdout().lock();
    match args.format {
        crate::cli::TraceFormat::Json => {
            let json = serde_json::json!({
                "requirements": traced.iter().map(|t| serde_json::json!({
                    "doc": t.req.doc,
                    "path": t.req.path,
                    "line": t.req.line,
                    "id": t.req.id,
                    "text": t.req.text,
                    "ticked": t.req.ticked,
                    "verdict": t.verdict,
                    "references": t.references.iter().map(|r| serde_json::json!({
                        "file": r.file, "line": r.line, "test": r.test,
                    })).collect::<Vec<_>>(),
                    "tests": t.tests.iter().map(|r| serde_json::json!({
                        "name": r.name,
                        "classname": r.classname,
                        "outcome": match r.outcome {
                            trace::Outcome::Passed => "passed",
                            trace::Outcome::Failed => "failed",
                            trace::Outcome::Skipped => "skipped",
                        },
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
                "dangling": dangling.iter().map(|d| serde_json::json!({
                    "file": d.reference.file,
                    "line": d.reference.line,
                    "doc": d.reference.doc,
                    "id": d.reference.id,
                    "verdict": "dangling",
                    "reason": d.reason,
                })).collect::<Vec<_>>(),
                "drift": drift.iter().map(|d| serde_json::json!({
                    "doc": d.doc,
                    "path": d.path,
                    "status": d.status,
                    "suggested": d.suggested,
                    "message": d.message,
                })).collect::<Vec<_>>(),
                "summary": {
                    "passing": passing, "failing": failing, "untested": untested,
                    "dangling": dangling.len(), "without_id": without_id,
                    "drift": drift.len(),
                },
            });
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        crate::cli::TraceFormat::Human => {
            for t in &traced {
                let cited: Vec<String> = t
                    .references
                    .iter()
                    .map(|r| format!("{}:{}", r.file, r.line))
                    .collect();
                writeln!(
                    out,
                    "{}:{}: {}#{} {:<8} {}{}",
                    t.req.path,
                    t.req.line,
                    t.req.doc,
                    t.req.id,
                    t.verdict.as_str(),
                    t.req.text,
                    if cited.is_empty() {
                        String::new()
                    } else {
                        format!("  [{}]", cited.join(", "))
                    }
                )?;
            }
            for d in &dangling {
                writeln!(
                    out,
                    "{}:{}: {}#{} dangling {}",
                    d.reference.file, d.reference.line, d.reference.doc, d.reference.id, d.reason
                )?;
            }
            for d in &drift {
                writeln!(out, "{}: {} status drift: {}", d.path, d.doc, d.message)?;
            }
            eprintln!(
                "{} requirements: {passing} passing, {failing} failing, {untested} untested; {} dangling reference{}.{}",
                traced.len(),
                dangling.len(),
                if dangling.len() == 1 { "" } else { "s" },
                if without_id > 0 {
                    format!(" {without_id} without an id (designdoc ids --assign).")
                } else {
                    String::new()
                }
            );
        }
    }
    Ok(u8::from(failing > 0 || !dangling.is_empty()))
}

/// `designdoc targets`: each performance target against the benchmark
/// results; exits 1 when one is missed, 2 when a result could not be read.
pub fn targets(args: crate::cli::TargetsArgs) -> io::Result<u8> {
    use designdoc_lint::targets::{Verdict, judge, show};
    let (ws, cwd, _, docs) = match crate::repo_cmd::all_docs_with(false) {
        Ok(x) => x,
        Err(code) => return Ok(code),
    };
    let (results, failures) = designdoc_trace::results::benchmark_results(&ws, &args.results, &cwd);
    for e in &failures {
        eprintln!("designdoc: error: {e}");
    }
    let found = designdoc_trace::doc_evidence(&ws, &docs).targets;
    let judged: Vec<_> = found.iter().map(|t| judge(&t.target, &results)).collect();
    let count = |v: Verdict| judged.iter().filter(|j| j.verdict == v).count();
    let (met, missed, unmeasured) = (
        count(Verdict::Met),
        count(Verdict::Missed),
        count(Verdict::Unmeasured),
    );
    let mut out = io::stdout().lock();
    match args.format {
        crate::cli::TraceFormat::Json => {
            let rows: Vec<serde_json::Value> = found
                .iter()
                .zip(&judged)
                .map(|(t, j)| {
                    let f = &t.target.figure;
                    serde_json::json!({
                        "doc": t.doc,
                        "path": t.path,
                        "line": t.line,
                        "text": t.target.text,
                        "metric": f.metric,
                        "statistic": f.statistic.name(),
                        "comparator": f.comparator,
                        "value": f.value,
                        "unit": f.unit.text,
                        "bench": t.target.bench,
                        "current": t.target.current.as_ref().map(|c| serde_json::json!({
                            "statistic": c.statistic.name(), "value": c.value, "unit": c.unit.text,
                        })),
                        "measured": j.measured.map(|m| serde_json::json!({
                            "value": m, "unit": f.unit.text, "source": j.source,
                        })),
                        "verdict": j.verdict,
                        "reason": j.reason,
                    })
                })
                .collect();
            let json = serde_json::json!({
                "targets": rows,
                "results": results.len(),
                "summary": { "met": met, "missed": missed, "unmeasured": unmeasured },
            });
            serde_json::to_writer_pretty(&mut out, &json)?;
            writeln!(out)?;
        }
        crate::cli::TraceFormat::Human => {
            for (t, j) in found.iter().zip(&judged) {
                let f = &t.target.figure;
                let what = if f.metric.is_empty() {
                    String::new()
                } else {
                    format!(" {}", f.metric)
                };
                let current = t
                    .target
                    .current
                    .as_ref()
                    .map(|c| format!("{} → ", show(c.value, &c.unit)))
                    .unwrap_or_default();
                let detail = match (j.measured, &j.reason) {
                    (Some(m), _) => format!(
                        "{current}{} → {} {}",
                        show(m, &f.unit),
                        f.comparator.symbol(),
                        show(f.value, &f.unit)
                    ),
                    (None, Some(why)) => why.clone(),
                    (None, None) => String::new(),
                };
                let bench = t
                    .target
                    .bench
                    .as_ref()
                    .map(|b| format!("  (bench: {b})"))
                    .unwrap_or_default();
                writeln!(
                    out,
                    "{}:{}: {:<10} {}{what}: {detail}{bench}",
                    t.path,
                    t.line,
                    j.verdict.as_str(),
                    f.statistic.name(),
                )?;
            }
            eprintln!(
                "{} target{}: {met} met, {missed} missed, {unmeasured} unmeasured ({} result{} read).",
                found.len(),
                if found.len() == 1 { "" } else { "s" },
                results.len(),
                if results.len() == 1 { "" } else { "s" },
            );
        }
    }
    Ok(if !failures.is_empty() {
        2
    } else {
        u8::from(missed > 0)
    })
}
