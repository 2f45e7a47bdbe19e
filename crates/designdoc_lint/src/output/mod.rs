//! Output formats, one file each. Positions become lines and columns here,
//! through `designdoc_syntax::LineIndex`, and nowhere else.

mod concise;
mod github;
mod human;
mod json;
mod sarif;

pub use concise::{RuleCount, concise, statistics, statistics_table};
pub use github::github;
pub use human::{Style, human, human_summary};
pub use json::{JsonStream, json, json_file};
pub use sarif::{sarif, sarif_results};

use designdoc_syntax::{LineIndex, Position};

use crate::{Diagnostic, Severity};

/// One checked file: what the formats print.
pub struct FileReport<'a> {
    /// As given on the command line or found by walking, `/`-separated.
    pub path: &'a str,
    /// The file's text, as checked: the diagnostics' byte ranges index into it.
    pub source: &'a str,
    /// Its findings, in the order they are printed.
    pub diagnostics: &'a [Diagnostic],
}

/// A diagnostic with its positions resolved.
pub struct Located<'a> {
    /// The diagnostic, as reported.
    pub diagnostic: &'a Diagnostic,
    /// Where its range starts: line and column 1-based, `utf16` 0-based.
    pub start: Position,
    /// Exclusive end.
    pub end: Position,
}

impl FileReport<'_> {
    /// Each diagnostic with its range as lines and columns, in the diagnostics' order.
    pub fn located(&self) -> Vec<Located<'_>> {
        if self.diagnostics.is_empty() {
            return Vec::new();
        }
        let index = LineIndex::new(self.source);
        let offsets: Vec<usize> = self
            .diagnostics
            .iter()
            .flat_map(|d| [d.range.start, d.range.end])
            .collect();
        let positions = index.positions(self.source, &offsets);
        self.diagnostics
            .iter()
            .zip(positions.chunks_exact(2))
            .map(|(d, p)| Located {
                diagnostic: d,
                start: p[0],
                end: p[1],
            })
            .collect()
    }
}

/// Counts over a run's files, for the closing line and the JSON summary.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub struct Summary {
    /// Files checked, with findings or not.
    pub files: usize,
    /// Findings at [`Severity::Error`].
    pub errors: usize,
    /// Findings at [`Severity::Warning`].
    pub warnings: usize,
    /// Findings at [`Severity::Info`].
    pub infos: usize,
    /// Findings `--fix` would fix (a safe fix).
    #[serde(skip)]
    pub fixable: usize,
    /// Findings only `--unsafe-fixes` would fix.
    #[serde(skip)]
    pub unsafe_fixable: usize,
    /// Findings the baseline accepts, not listed (the JSON contract keeps
    /// its shape: standard error says how many).
    #[serde(skip)]
    pub baselined: usize,
}

impl Summary {
    /// Adds another batch's counts.
    pub fn add(&mut self, other: &Summary) {
        self.files += other.files;
        self.errors += other.errors;
        self.warnings += other.warnings;
        self.infos += other.infos;
        self.fixable += other.fixable;
        self.unsafe_fixable += other.unsafe_fixable;
        self.baselined += other.baselined;
    }
}

/// Counts the files given and their diagnostics by severity and by fix; `baselined` stays 0
/// (the caller knows what the baseline took out).
pub fn summarize(reports: &[FileReport<'_>]) -> Summary {
    let mut s = Summary {
        files: reports.len(),
        ..Summary::default()
    };
    for d in reports.iter().flat_map(|r| r.diagnostics) {
        match d.severity {
            Severity::Error => s.errors += 1,
            Severity::Warning => s.warnings += 1,
            Severity::Info => s.infos += 1,
        }
        s.fixable += usize::from(d.fixable());
        s.unsafe_fixable += usize::from(d.unsafe_fixable());
    }
    s
}
