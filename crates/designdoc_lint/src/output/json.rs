//! `--format json`: the stable machine contract (docs/json-output.md).
//!
//! `{"version":1,"files":[{"path","diagnostics":[{"code","rule","severity",
//! "message","line","column","end_line","end_column","section","fixable"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Lines and columns are
//! 1-based; columns count characters; the end is exclusive.

use serde::Serialize;

use super::{FileReport, Summary, summarize};

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

/// One file's JSON object.
pub fn json_file(r: &FileReport<'_>) -> String {
    let file = File {
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
    };
    serde_json::to_string(&file).expect("plain data serializes")
}

/// Writes the report piece by piece, so that files can be checked and
/// printed in batches: [`JsonStream::begin`], one [`JsonStream::file`] per
/// file (its [`json_file`] object and counts), [`JsonStream::end`]. The
/// result is one JSON document.
#[derive(Default)]
pub struct JsonStream {
    files: usize,
    summary: Summary,
}

impl JsonStream {
    /// The document's opening, up to the start of the `files` array.
    pub fn begin(&self) -> &'static str {
        "{\"version\":1,\"files\":["
    }

    /// `object` (one file's [`json_file`]) as the array's next element, with a comma before it
    /// unless it is the first; `counts` is added to the closing summary.
    pub fn file(&mut self, object: &str, counts: &Summary) -> String {
        self.summary.add(counts);
        let sep = if self.files == 0 { "" } else { "," };
        self.files += 1;
        format!("{sep}{object}")
    }

    /// Closes the `files` array and writes the `summary` of every count given to
    /// [`JsonStream::file`].
    pub fn end(&self) -> String {
        format!(
            "],\"summary\":{}}}",
            serde_json::to_string(&self.summary).expect("plain data serializes")
        )
    }
}

/// The whole report for these files at once.
pub fn json(reports: &[FileReport<'_>]) -> String {
    let mut stream = JsonStream::default();
    let mut out = stream.begin().to_string();
    for r in reports {
        out.push_str(&stream.file(&json_file(r), &summarize(std::slice::from_ref(r))));
    }
    out.push_str(&stream.end());
    out
}
