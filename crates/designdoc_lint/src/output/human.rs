//! The terminal format: rustc/ruff-style snippets with a caret under the
//! problem, rendered by annotate-snippets.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::{FileReport, Summary};
use crate::Severity;

/// Whether [`human`] colours its output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours (the caller decides: a terminal, and no NO_COLOR).
    Color,
    /// No escape sequences: for pipes, files and tests.
    Plain,
}

/// A span on a line longer than this many bytes is shown cut out of it.
const LONG_LINE: usize = 1_000;
/// Bytes kept on each side of the span on a cut line.
const CONTEXT: usize = 120;
/// Bytes of a span shown on a cut line.
const MAX_SPAN: usize = 400;

/// The char boundary at or before `i`.
fn floor_char(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// One file's findings as annotated snippets, in the report's order: the `CODE name` and
/// message, the lines the range spans with a caret under it (a line over 1,000 bytes cut
/// around it, its true column kept), then the fix and the help as notes. Each finding ends
/// in a blank line; empty when it has none.
pub fn human(report: &FileReport<'_>, style: Style) -> String {
    let renderer = match style {
        Style::Color => Renderer::styled(),
        Style::Plain => Renderer::plain(),
    };
    let mut out = String::new();
    // annotate-snippets breaks lines at `\n` only.
    let shown = designdoc_syntax::text::lone_cr_as_lf(report.source);
    let source = shown.as_deref().unwrap_or(report.source);
    let index = designdoc_syntax::LineIndex::new(source);
    // The last cut line's finding: (line, offset, column).
    let mut column_at: Option<(usize, usize, usize)> = None;
    for d in report.diagnostics {
        let level = match d.severity {
            Severity::Error => Level::ERROR,
            Severity::Warning => Level::WARNING,
            Severity::Info => Level::INFO,
        };
        let id = format!("{} {}", d.rule.code, d.rule.name);
        // annotate-snippets wants a non-empty span on a line; widen a point
        // at the end of the text to the last character.
        let mut range = d.range.clone();
        if range.start >= source.len() && !source.is_empty() {
            let last = source.trim_end().len();
            let start = source[..last].char_indices().last().map_or(0, |(i, _)| i);
            range = start..last;
        }
        // Only the lines the diagnostic spans go to annotate-snippets,
        // numbered from where they start: given the whole file, it walks
        // all of it for every diagnostic (quadratic on a doc with many).
        let first = index.line_of(range.start);
        let last = index.line_of(range.end.saturating_sub(1).max(range.start));
        let mut from = index.line_start(first);
        let mut to = index.line_start(last + 1).max(range.end).min(source.len());
        // A very long line (a minified table, nested inline HTML) is cut
        // around the span, as ruff does: annotate-snippets measures every
        // character of the lines it is given, so printing stayed
        // quadratic in the line's length. The location line is given
        // back its true column below.
        let mut cut = None;
        let longest = (first..=last)
            .map(|l| index.line_start(l + 1).min(source.len()) - index.line_start(l))
            .max()
            .unwrap_or(0);
        if longest > LONG_LINE {
            let start = floor_char(source, range.start.saturating_sub(CONTEXT).max(from));
            range.end = range.end.min(range.start + MAX_SPAN).min(to);
            range.end = floor_char(source, range.end).max(range.start);
            let end = floor_char(source, (range.end + CONTEXT).min(to));
            // Context stops at the end of the span's last line.
            let end = source[range.end..end]
                .find(['\n', '\r'])
                .map_or(end, |i| range.end + i);
            if start > from || end < to {
                cut = Some((start, from));
                from = start;
                to = end;
            }
        }
        let mut group = level.primary_title(&d.message).id(&id).element(
            Snippet::source(&source[from..to])
                .line_start(first + 1)
                .path(report.path)
                .annotation(AnnotationKind::Primary.span(range.start - from..range.end - from)),
        );
        let fix_note;
        if let Some(fix) = &d.fix {
            let how = match fix.applicability {
                crate::Applicability::Safe => "fix (--fix)",
                crate::Applicability::Suggested => "suggestion",
            };
            fix_note = format!("{how}: {}", fix.description);
            group = group.element(Level::HELP.message(&fix_note));
        }
        if let Some(help) = &d.help {
            group = group.element(Level::NOTE.message(help));
        }
        let mut rendered = renderer.render(&[group]);
        if let Some((start, line_start)) = cut {
            // The header counted columns from the cut: count them from
            // the line's start, going on from the last finding on the same
            // line (findings come in order: counting from the line's start
            // each time was quadratic again).
            let shown = source[start..range.start].chars().count() + 1;
            let true_col = match column_at {
                Some((l, at, col)) if l == first && at <= range.start => {
                    col + source[at..range.start].chars().count()
                }
                _ => source[line_start..range.start].chars().count() + 1,
            };
            column_at = Some((first, range.start, true_col));
            let wrong = format!("{}:{}:{shown}", report.path, first + 1);
            let right = format!("{}:{}:{true_col}", report.path, first + 1);
            // In the location line only: the title above it may quote the
            // same text.
            if let Some(nl) = rendered.find('\n') {
                let rest = rendered[nl..].replacen(&wrong, &right, 1);
                rendered.truncate(nl);
                rendered.push_str(&rest);
            }
        }
        out.push_str(&rendered);
        out.push_str("\n\n");
    }
    out
}

/// "Found 3 errors, 1 warning and 0 infos in 2 files (1 fixable with --fix)."
pub fn human_summary(s: &Summary) -> String {
    let plural = |n: usize, w: &str| format!("{n} {w}{}", if n == 1 { "" } else { "s" });
    if s.errors + s.warnings + s.infos == 0 {
        return format!("All checks passed ({} checked).", plural(s.files, "file"));
    }
    let mut line = format!(
        "Found {}, {} and {} in {}",
        plural(s.errors, "error"),
        plural(s.warnings, "warning"),
        plural(s.infos, "info"),
        plural(s.files, "file")
    );
    match (s.fixable, s.unsafe_fixable) {
        (0, 0) => {}
        (n, 0) => line.push_str(&format!(" ({n} fixable with --fix)")),
        (0, u) => line.push_str(&format!(" ({u} fixable with --fix --unsafe-fixes)")),
        (n, u) => line.push_str(&format!(
            " ({n} fixable with --fix; {u} more with --unsafe-fixes)"
        )),
    }
    line.push('.');
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::placeholder_text::RULE;

    /// Regression: an 80 KB one-line doc took seconds to print, because
    /// the whole line went to annotate-snippets for each finding.
    #[test]
    fn a_long_line_is_cut_around_the_span_and_keeps_its_true_column() {
        let line = format!("{}TBD{}", "é".repeat(30_000), "x".repeat(30_000));
        let source = format!("# T\n\n{line}\n");
        let at = source.find("TBD").unwrap();
        let d = crate::Diagnostic::new(&RULE, at..at + 3, "placeholder 'TBD'");
        let diags = [d];
        let report = FileReport {
            path: "a.md",
            source: &source,
            diagnostics: &diags,
        };
        let out = human(&report, Style::Plain);
        assert!(
            out.contains("--> a.md:3:30001"),
            "{}",
            &out[..300.min(out.len())]
        );
        assert!(out.len() < 2_000, "the line is cut: {} bytes", out.len());
        assert!(out.contains("TBD"));
    }

    #[test]
    fn findings_along_one_long_line_keep_their_columns_and_a_short_multiline_span_is_whole() {
        let line = format!("{}TBD{}TBD", "é".repeat(3_000), "x".repeat(3_000));
        let source = format!("# T\n\n{line}\n");
        let first = source.find("TBD").unwrap();
        let second = source.rfind("TBD").unwrap();
        let diags = [
            crate::Diagnostic::new(&RULE, first..first + 3, "quotes a.md:3:121 here"),
            crate::Diagnostic::new(&RULE, second..second + 3, "placeholder"),
        ];
        let report = FileReport {
            path: "a.md",
            source: &source,
            diagnostics: &diags,
        };
        let out = human(&report, Style::Plain);
        assert!(out.contains("--> a.md:3:3001"), "{out}");
        assert!(out.contains("--> a.md:3:6004"), "{out}");
        assert!(
            out.contains("quotes a.md:3:121 here"),
            "the message is left alone"
        );
        // Many short lines are not cut.
        let short: String = (0..60)
            .map(|i| format!("line {i} of a long span\n"))
            .collect();
        let d = [crate::Diagnostic::new(&RULE, 0..short.len() - 1, "span")];
        let report = FileReport {
            path: "b.md",
            source: &short,
            diagnostics: &d,
        };
        let out = human(&report, Style::Plain);
        assert!(out.contains("line 59 of a long span"), "{out}");
    }
}
