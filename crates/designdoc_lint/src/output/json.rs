//! `--format json`: the stable machine contract (docs/json-output.md).
//!
//! `{"version":1,"files":[{"path","diagnostics":[{"code","rule","severity",
//! "message","line","column","end_line","end_column","section","fixable"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Lines and columns are
//! 1-based; columns count characters; the end is exclusive.

use serde::Serialize;

use super::{FileReport, Summary, summarize};

#[derive(Serialize)]
struct Out<'a> {
    version: u32,
    files: Vec<File<'a>>,
    summary: Summary,
}

#[derive(Serialize)]
struct File<'a> {
    path: &'a str,
    diagnostics: Vec<Diag<'a>>,
}

#[derive(Serialize)]
struct Diag<'a> {
    code: &'a str,
    rule: &'a str,
    severity: &'a str,
    message: &'a str,
    line: usize,
    column: usize,
    end_line: usize,
    end_column: usize,
    section: Option<&'a str>,
    fixable: bool,
}

pub fn json(reports: &[FileReport<'_>]) -> String {
    let files = reports
        .iter()
        .map(|r| File {
            path: r.path,
            diagnostics: r
                .located()
                .into_iter()
                .map(|l| {
                    let d = l.diagnostic;
                    Diag {
                        code: d.rule.code,
                        rule: d.rule.name,
                        severity: d.severity.as_str(),
                        message: &d.message,
                        line: l.start.line,
                        column: l.start.column,
                        end_line: l.end.line,
                        end_column: l.end.column,
                        section: d.section.as_deref(),
                        fixable: d.fixable(),
                    }
                })
                .collect(),
        })
        .collect();
    let out = Out {
        version: 1,
        files,
        summary: summarize(reports),
    };
    serde_json::to_string(&out).expect("plain data serializes")
}
