//! `--output-format concise`: one line per finding, `path:line:col: code
//! name [level] message`, as ruff's concise format: for large runs, grep and
//! editors' quickfix lists.

use super::FileReport;
use crate::Severity;

/// One file's findings, one line each (`path:line:col: CODE name [level] message`, the line
/// and column 1-based, line breaks in the message made spaces), each ending in `\n`; empty
/// when it has none.
pub fn concise(report: &FileReport<'_>) -> String {
    let mut out = String::new();
    for l in report.located() {
        let d = l.diagnostic;
        // One line: a message never breaks it.
        let message = d.message.replace(['\n', '\r'], " ");
        let level = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        };
        out.push_str(&format!(
            "{}:{}:{}: {} {} [{level}] {message}\n",
            report.path, l.start.line, l.start.column, d.rule.code, d.rule.name
        ));
    }
    out
}

/// One rule's count in `--statistics`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct RuleCount {
    /// The rule's code (`DD101`).
    pub code: &'static str,
    /// The rule's kebab-case name.
    pub name: &'static str,
    /// The severity counted, as [`Severity::as_str`] writes it: a rule whose findings
    /// have two severities has two counts.
    pub severity: &'static str,
    /// Findings of this rule at this severity.
    pub count: usize,
    /// Of those, how many `--fix` would fix.
    pub fixable: usize,
    /// Fixable only with `--unsafe-fixes`.
    pub unsafe_fixable: usize,
}

/// Findings counted per rule and severity, most first (then by code).
pub fn statistics<'a>(
    diagnostics: impl IntoIterator<Item = &'a crate::Diagnostic>,
) -> Vec<RuleCount> {
    let mut counts: Vec<RuleCount> = Vec::new();
    for d in diagnostics {
        let severity = d.severity.as_str();
        match counts
            .iter_mut()
            .find(|c| c.code == d.rule.code && c.severity == severity)
        {
            Some(c) => {
                c.count += 1;
                c.fixable += usize::from(d.fixable());
                c.unsafe_fixable += usize::from(d.unsafe_fixable());
            }
            None => counts.push(RuleCount {
                code: d.rule.code,
                name: d.rule.name,
                severity,
                count: 1,
                fixable: usize::from(d.fixable()),
                unsafe_fixable: usize::from(d.unsafe_fixable()),
            }),
        }
    }
    counts.sort_by(|a, b| b.count.cmp(&a.count).then(a.code.cmp(b.code)));
    counts
}

/// The `--statistics` table: count, fixable, code, name, severity.
pub fn statistics_table(counts: &[RuleCount]) -> String {
    let mut out = String::new();
    for c in counts {
        let fixable = match (c.fixable, c.unsafe_fixable) {
            (0, 0) => String::new(),
            (n, 0) => format!("{n} fixable"),
            (0, u) => format!("{u} unsafe fix"),
            (n, u) => format!("{n} fixable, {u} unsafe fix"),
        };
        out.push_str(&format!(
            "{:>7}  {}  {:<36} {:<8} {fixable}\n",
            c.count, c.code, c.name, c.severity
        ));
    }
    out.truncate(out.trim_end().len());
    if !out.is_empty() {
        out.push('\n');
    }
    out
}
