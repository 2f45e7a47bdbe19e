//! The traceability matrix and the targets dashboard: each requirement
//! with what cites it and how its tests went, each performance target
//! against the benchmark results. The code is searched and the reports
//! read once per full build ([`CodeEvidence::read`]); the docs' side is
//! computed from the pass that checks them, so `serve` keeps both pages
//! current as docs are edited.

use std::hash::{Hash, Hasher};

use designdoc_lint::targets::{Measurement, Verdict as TargetVerdict, judge, show};
use designdoc_repo::Workspace;
use designdoc_trace::{self as trace, Outcome, Reference, Req, TestResult};
use rustc_hash::FxHasher;
use serde::Serialize;

use crate::SiteDoc;

/// What the code, the test reports and the benchmark results say,
/// read once per build.
#[derive(Default)]
pub struct CodeEvidence {
    pub refs: Vec<Reference>,
    pub results: Vec<TestResult>,
    pub measurements: Vec<Measurement>,
}

impl CodeEvidence {
    /// Reads them as `[trace]` and `[targets]` configure; what cannot be
    /// read is returned as warnings. The code is searched only when some
    /// doc has requirements with ids.
    pub fn read(
        ws: &Workspace,
        docs: &[SiteDoc],
        out_dir: &std::path::Path,
    ) -> (CodeEvidence, Vec<String>) {
        let mut warnings = Vec::new();
        let mut e = CodeEvidence::default();
        let has_ids = docs.iter().any(|d| {
            d.requirements
                .iter()
                .any(|r| r.id.as_ref().is_some_and(|i| i.well_formed))
        });
        if has_ids {
            let files: Vec<_> = docs.iter().map(|d| d.path.clone()).collect();
            match trace::references(ws, &files, Some(out_dir)) {
                Ok(r) => e.refs = r,
                Err(w) => warnings.push(w),
            }
            match trace::test_results(ws, &[], &ws.root) {
                Ok(r) => e.results = r,
                Err(w) => warnings.push(w),
            }
        }
        if docs.iter().any(|d| !d.targets.is_empty()) {
            let (m, errors) = trace::results::benchmark_results(ws, &[], &ws.root);
            e.measurements = m;
            warnings.extend(errors);
        }
        (e, warnings)
    }
}

/// A requirement's text as HTML: its code spans (`` `designdoc new` ``)
/// as `<code>`, everything else as text (escaped: inline HTML in a
/// requirement is shown, not applied). A backtick run without its closing
/// run of the same length is text, as in CommonMark.
pub(crate) fn inline_html(text: &str) -> String {
    let esc = crate::pages::escape;
    let mut out = String::with_capacity(text.len() + 16);
    let mut rest = text;
    while let Some(open) = rest.find('`') {
        let run = rest[open..].bytes().take_while(|&b| b == b'`').count();
        let after = &rest[open + run..];
        // The closing run: exactly `run` backticks.
        let mut close = None;
        let mut from = 0;
        while let Some(i) = after[from..].find('`') {
            let at = from + i;
            let len = after[at..].bytes().take_while(|&b| b == b'`').count();
            if len == run {
                close = Some(at);
                break;
            }
            from = at + len;
        }
        match close {
            Some(c) => {
                out.push_str(&esc(&rest[..open]));
                let code = &after[..c];
                let code = if code.starts_with(' ') && code.ends_with(' ') && code.trim() != "" {
                    &code[1..code.len() - 1]
                } else {
                    code
                };
                out.push_str("<code>");
                out.push_str(&esc(code));
                out.push_str("</code>");
                rest = &after[c + run..];
            }
            None => {
                out.push_str(&esc(&rest[..open + run]));
                rest = after;
            }
        }
    }
    out.push_str(&esc(rest));
    out
}

#[cfg(test)]
mod inline_tests {
    #[test]
    fn code_spans_become_code_and_html_stays_text() {
        assert_eq!(
            super::inline_html("`designdoc new \"T\"` writes <b>x</b> and ``a`b``, `open"),
            "<code>designdoc new &quot;T&quot;</code> writes &lt;b&gt;x&lt;/b&gt; and <code>a`b</code>, `open"
        );
    }
}

/// One requirement in the matrix.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct ReqRow {
    pub doc: String,
    pub title: String,
    pub url: String,
    pub line: usize,
    pub id: String,
    /// The requirement's text as HTML: its inline Markdown (code spans,
    /// emphasis, links) rendered and sanitised like a doc's.
    pub text: String,
    pub ticked: Option<bool>,
    pub verdict: &'static str,
    /// `file:line` of each reference.
    pub references: Vec<String>,
    /// (test name, outcome).
    pub tests: Vec<(String, &'static str)>,
}

/// One performance target on the dashboard.
#[derive(Debug, Clone, Serialize, Hash)]
pub struct TargetRow {
    pub doc: String,
    pub url: String,
    pub line: usize,
    pub statistic: String,
    pub metric: String,
    pub current: Option<String>,
    pub measured: Option<String>,
    pub target: String,
    pub bench: Option<String>,
    pub verdict: &'static str,
    pub reason: Option<String>,
}

/// Both pages' rows, and references that dangle.
#[derive(Debug, Clone, Default, Serialize, Hash)]
pub struct Evidence {
    pub requirements: Vec<ReqRow>,
    pub dangling: Vec<(String, String)>,
    pub targets: Vec<TargetRow>,
    /// Whether test reports were read (else no requirement can pass).
    pub reports: bool,
    pub results: usize,
}

impl Evidence {
    /// The rows for `docs` (sorted as the site lists them).
    pub fn new(docs: &[SiteDoc], code: &CodeEvidence) -> Evidence {
        let mut reqs: Vec<Req> = Vec::new();
        let mut at: Vec<usize> = Vec::new();
        for (i, d) in docs.iter().enumerate() {
            for r in &d.requirements {
                let Some(id) = r.id.as_ref().filter(|x| x.well_formed) else {
                    continue;
                };
                reqs.push(Req {
                    doc: d.info.label(),
                    path: d.info.path.clone(),
                    line: d.lines.line_of(r.line.start) + 1,
                    span: r.line.clone(),
                    id: id.text.clone(),
                    text: r.text.clone(),
                    ticked: r.ticked,
                });
                at.push(i);
            }
        }
        let infos: Vec<&designdoc_repo::catalog::DocInfo> = docs.iter().map(|d| &d.info).collect();
        let (traced, dangling) = trace::verdicts(
            &reqs,
            &code.refs,
            &code.results,
            |req, spec| {
                infos
                    .iter()
                    .find(|d| d.path == req.path)
                    .is_some_and(|d| d.is_named_by(spec))
            },
            |spec| infos.iter().any(|d| d.is_named_by(spec)),
        );
        let requirements = traced
            .iter()
            .zip(&at)
            .map(|(t, &i)| ReqRow {
                doc: t.req.doc.clone(),
                title: docs[i].info.title.clone(),
                url: docs[i].url.clone(),
                line: t.req.line,
                id: t.req.id.clone(),
                text: inline_html(&t.req.text),
                ticked: t.req.ticked,
                verdict: t.verdict.as_str(),
                references: t
                    .references
                    .iter()
                    .map(|r| format!("{}:{}", r.file, r.line))
                    .collect(),
                tests: t
                    .tests
                    .iter()
                    .map(|r| {
                        (
                            r.name.clone(),
                            match r.outcome {
                                Outcome::Passed => "passed",
                                Outcome::Failed => "failed",
                                Outcome::Skipped => "skipped",
                            },
                        )
                    })
                    .collect(),
            })
            .collect();
        let dangling = dangling
            .iter()
            .map(|d| {
                (
                    format!("{}:{}", d.reference.file, d.reference.line),
                    format!("{}#{}: {}", d.reference.doc, d.reference.id, d.reason),
                )
            })
            .collect();
        let mut targets = Vec::new();
        for d in docs {
            for t in &d.targets {
                let f = &t.figure;
                let j = judge(t, &code.measurements);
                targets.push(TargetRow {
                    doc: d.info.label(),
                    url: d.url.clone(),
                    line: d.lines.line_of(t.span.start) + 1,
                    statistic: f.statistic.name(),
                    metric: f.metric.clone(),
                    current: t.current.as_ref().map(|c| show(c.value, &c.unit)),
                    measured: j.measured.map(|m| show(m, &f.unit)),
                    // An unclear figure is not shown as if it were the
                    // target: the verdict's reason says what is unclear.
                    target: if f.unclear.is_some() {
                        "unclear".to_string()
                    } else {
                        format!("{} {}", f.comparator.symbol(), show(f.value, &f.unit))
                    },
                    bench: t.bench.clone(),
                    verdict: match j.verdict {
                        TargetVerdict::Met => "met",
                        TargetVerdict::Missed => "missed",
                        TargetVerdict::Unmeasured => "unmeasured",
                    },
                    reason: j.reason,
                });
            }
        }
        Evidence {
            requirements,
            dangling,
            targets,
            reports: !code.results.is_empty(),
            results: code.measurements.len(),
        }
    }

    /// A hash of what the pages show: they are rendered again only when
    /// it changes.
    pub fn key(&self) -> u64 {
        let mut h = FxHasher::default();
        self.hash(&mut h);
        h.finish()
    }
}
