//! `check`'s evidence pass: what the docs promise against what the code,
//! the test reports and the benchmarks show. Run after the per-doc and
//! repository rules when `[trace] check = true` (requirement-untested,
//! requirement-ticked-without-evidence, dangling-requirement-ref,
//! requirement-changed-since-verified, status-drift) or `[targets]
//! results` is set (target-missed).

use std::collections::HashMap;
use std::ops::Range;
use std::path::Path;

use designdoc_lint::rules::{
    dangling_requirement_ref, requirement_changed_since_verified,
    requirement_ticked_without_evidence, requirement_untested, status_drift, target_missed,
};
use designdoc_lint::targets::{Verdict as TargetVerdict, judge, show};
use designdoc_lint::{Diagnostic, Rule};

use crate as trace;
use crate::{Outcome, Traced, Verdict, unverified};
use designdoc_repo::{FileOutcome, Workspace, git};

/// Statuses of docs not (or no longer) meant to be built: their
/// requirements are not expected to have tests.
const NOT_BUILT: &[&str] = &[
    "draft",
    "proposed",
    "in-review",
    "review",
    "rejected",
    "withdrawn",
    "superseded",
    "abandoned",
    "deprecated",
];

/// `2026-11-26` for seconds since the epoch (UTC).
fn date(secs: i64) -> String {
    jiff::Timestamp::from_second(secs)
        .map(|t| t.to_zoned(jiff::tz::TimeZone::UTC).date().to_string())
        .unwrap_or_else(|_| "an unknown date".to_string())
}

/// Adds the evidence rules' diagnostics to `outcomes` (creating one for
/// a code file that cites a requirement that does not exist). Returns
/// the reports and results that could not be read.
pub fn check_evidence(ws: &Workspace, outcomes: &mut Vec<FileOutcome>, cwd: &Path) -> Vec<String> {
    let trace_on = ws.config.trace.check;
    let targets_on = !ws.config.targets.results.is_empty();
    if !trace_on && !targets_on {
        return Vec::new();
    }
    let files = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
    let (docs, _) = ws.catalog_with(&files, false);
    let mut errors = Vec::new();
    let by_rel: HashMap<String, usize> = outcomes
        .iter()
        .enumerate()
        .map(|(i, o)| (ws.rel_path(&o.path), i))
        .collect();
    let status_of = |rel: &str| {
        docs.iter()
            .find(|d| d.path == rel)
            .and_then(|d| d.status.clone())
    };
    let mut found: Vec<(usize, &'static Rule, Range<usize>, String)> = Vec::new();
    let mut promised = trace::doc_evidence(ws, &docs);
    let targets = std::mem::take(&mut promised.targets);
    let mut by_rel = by_rel;
    if trace_on {
        match trace::gather(ws, promised, &files, &[], cwd) {
            Err(e) => errors.push(e),
            Ok(g) => {
                let (traced, dangling) = trace::verdicts_in(&g, &docs);
                let reports_read = !g.results.is_empty();
                trace_findings(ws, &traced, reports_read, &by_rel, &status_of, &mut found);
                drift_findings(
                    outcomes,
                    &traced,
                    reports_read,
                    &by_rel,
                    &status_of,
                    &mut found,
                );
                for d in &dangling {
                    let r = d.reference;
                    let path = ws.root.join(&r.file);
                    let Ok(text) = std::fs::read_to_string(&path) else {
                        continue;
                    };
                    // The file was read again: should it have changed since the scan,
                    // its first line stands in (never a range past its end).
                    let range = if text.get(r.span.clone()).is_some() {
                        r.span.clone()
                    } else {
                        0..text.find(['\n', '\r']).unwrap_or(text.len())
                    };
                    let i = match by_rel.get(&r.file) {
                        Some(&i) => i,
                        None => {
                            by_rel.insert(r.file.clone(), outcomes.len());
                            outcomes.push(FileOutcome {
                                path: path.clone(),
                                display: designdoc_repo::display_path(&path, cwd),
                                hash: designdoc_repo::text_hash(&text),
                                source: text,
                                diagnostics: Vec::new(),
                                baselined: Vec::new(),
                                unreadable: false,
                                fix: None,
                                repo: None,
                                spilled: None,
                            });
                            outcomes.len() - 1
                        }
                    };
                    let doc = docs
                        .iter()
                        .find(|x| x.is_named_by(&r.doc))
                        .map(|x| format!(" ({})", x.path))
                        .unwrap_or_default();
                    found.push((
                        i,
                        &dangling_requirement_ref::RULE,
                        range,
                        format!("{}#{} does not exist: {}{doc}", r.doc, r.id, d.reason),
                    ));
                }
            }
        }
    }
    if targets_on {
        let (results, errs) = crate::results::benchmark_results(ws, &[], cwd);
        errors.extend(errs);
        for t in targets {
            let Some(&i) = by_rel.get(&t.path) else {
                continue;
            };
            let j = judge(&t.target, &results);
            let (TargetVerdict::Missed, Some(m)) = (j.verdict, j.measured) else {
                continue;
            };
            let f = &t.target.figure;
            found.push((
                i,
                &target_missed::RULE,
                t.target.span.clone(),
                format!(
                    "target missed: {}{} measured {} against {} {} (bench: {}, {})",
                    if f.metric.is_empty() {
                        String::new()
                    } else {
                        format!("{} ", f.metric)
                    },
                    f.statistic.name(),
                    show(m, &f.unit),
                    f.comparator.symbol(),
                    show(f.value, &f.unit),
                    t.target.bench.as_deref().unwrap_or(""),
                    j.source.as_deref().unwrap_or(""),
                ),
            ));
        }
    }
    for (i, rule, range, message) in found {
        debug_assert!(
            matches!(rule.kind, designdoc_lint::Kind::Evidence),
            "{rule:?}"
        );
        let o = &mut outcomes[i];
        let status = o.repo.as_ref().and_then(|r| r.status()).map(str::to_string);
        let Some(severity) = ws.settings_for(&o.path, status.as_deref()).severity(rule) else {
            continue;
        };
        let mut d = Diagnostic::new(rule, range, message);
        d.severity = severity;
        o.diagnostics.push(d);
    }
    for o in outcomes.iter_mut() {
        o.diagnostics
            .sort_by_key(|d| (d.range.start, d.range.end, d.rule.code));
    }
    errors
}

fn trace_findings(
    ws: &Workspace,
    traced: &[Traced<'_>],
    reports_read: bool,
    by_rel: &HashMap<String, usize>,
    status_of: &dyn Fn(&str) -> Option<String>,
    found: &mut Vec<(usize, &'static Rule, Range<usize>, String)>,
) {
    let mut blames: HashMap<String, Option<Vec<Option<git::Stamp>>>> = HashMap::new();
    let mut changes: HashMap<String, Option<git::Stamp>> = HashMap::new();
    for t in traced {
        let req = t.req;
        let Some(&i) = by_rel.get(&req.path) else {
            continue;
        };
        let cites = || {
            t.references
                .iter()
                .map(|r| format!("{}:{}", r.file, r.line))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let failed = || {
            t.tests
                .iter()
                .filter(|r| r.outcome == Outcome::Failed)
                .map(|r| r.name.clone())
                .collect::<Vec<_>>()
                .join(", ")
        };
        let lacks = unverified(t, reports_read);
        let built = status_of(&req.path).is_none_or(|s| !NOT_BUILT.contains(&s.as_str()));
        if built && lacks {
            let message = if t.references.is_empty() {
                format!(
                    "{} is cited by no test: name it in one (`design: {}#{}`)",
                    req.id, req.doc, req.id
                )
            } else {
                format!(
                    "{} is cited ({}), but none of its tests ran in the reports read",
                    req.id,
                    cites()
                )
            };
            found.push((i, &requirement_untested::RULE, req.span.clone(), message));
        }
        if req.ticked == Some(true) && (lacks || (reports_read && t.verdict != Verdict::Passing)) {
            let message = if t.references.is_empty() {
                format!("{} is ticked, but no test cites it", req.id)
            } else if t.verdict == Verdict::Failing {
                format!(
                    "{} is ticked, but its tests fail: {} (cited at {})",
                    req.id,
                    failed(),
                    cites()
                )
            } else {
                format!(
                    "{} is ticked, but none of its tests ran (cited at {})",
                    req.id,
                    cites()
                )
            };
            found.push((
                i,
                &requirement_ticked_without_evidence::RULE,
                req.span.clone(),
                message,
            ));
        }
        if t.references.is_empty() {
            continue;
        }
        let blame = blames
            .entry(req.path.clone())
            .or_insert_with(|| git::blame(&ws.root, &req.path).ok());
        let Some(Some(changed)) = blame.as_ref().and_then(|b| b.get(req.line - 1)).cloned() else {
            continue;
        };
        let mut newest: Option<(String, git::Stamp)> = None;
        let mut all_known = true;
        for r in &t.references {
            let s = changes
                .entry(r.file.clone())
                .or_insert_with(|| git::last_change(&ws.root, &r.file));
            match s {
                Some(s) if newest.as_ref().is_none_or(|(_, n)| s.time > n.time) => {
                    newest = Some((format!("{}:{}", r.file, r.line), s.clone()));
                }
                Some(_) => {}
                None => all_known = false,
            }
        }
        if let (true, Some((file, tested))) = (all_known, newest)
            && changed.time > tested.time
        {
            found.push((
                i,
                &requirement_changed_since_verified::RULE,
                req.span.clone(),
                format!(
                    "{} changed in {} ({}) after the tests citing it last changed ({} in {}, {})",
                    req.id,
                    changed.commit,
                    date(changed.time),
                    file,
                    tested.commit,
                    date(tested.time)
                ),
            ));
        }
    }
}

fn drift_findings(
    outcomes: &[FileOutcome],
    traced: &[Traced<'_>],
    reports_read: bool,
    by_rel: &HashMap<String, usize>,
    status_of: &dyn Fn(&str) -> Option<String>,
    found: &mut Vec<(usize, &'static Rule, Range<usize>, String)>,
) {
    for d in trace::drift(traced, reports_read, status_of) {
        let Some(&i) = by_rel.get(&d.path) else {
            continue;
        };
        let span = outcomes[i]
            .repo
            .as_ref()
            .and_then(|r| r.status.as_ref())
            .map_or(0..0, |s| s.1.clone());
        found.push((i, &status_drift::RULE, span, d.message));
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn dates_are_civil() {
        assert_eq!(super::date(0), "1970-01-01");
        assert_eq!(super::date(1_764_115_200), "2025-11-26");
        assert_eq!(super::date(951_782_400), "2000-02-29");
    }
}
