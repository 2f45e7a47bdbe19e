//! `--format github`: GitHub Actions workflow commands, one per line, which
//! GitHub shows as annotations on the pull request.

use super::FileReport;
use crate::Severity;

/// Every file's findings as `::error`, `::warning` or `::notice` commands, one line each with
/// the file, the 1-based start and end line and column, and `CODE name` as the title; message
/// and values escaped as the Actions toolkit does.
pub fn github(reports: &[FileReport<'_>]) -> String {
    let mut out = String::new();
    for r in reports {
        for l in r.located() {
            let d = l.diagnostic;
            let level = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info => "notice",
            };
            out.push_str(&format!(
                "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}\n",
                property(r.path),
                l.start.line,
                l.start.column,
                l.end.line,
                l.end.column,
                property(&format!("{} {}", d.rule.code, d.rule.name)),
                data(&d.message),
            ));
        }
    }
    out
}

/// Escaping of a command's message, as the Actions toolkit does it.
fn data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// Escaping of a command's property value.
fn property(s: &str) -> String {
    data(s).replace(':', "%3A").replace(',', "%2C")
}
