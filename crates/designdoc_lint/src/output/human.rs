//! The terminal format: rustc/ruff-style snippets with a caret under the
//! problem, rendered by annotate-snippets.

use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};

use super::{FileReport, Summary};
use crate::Severity;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// ANSI colours (the caller decides: a terminal, and no NO_COLOR).
    Color,
    Plain,
}

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
        let from = index.line_start(first);
        let to = index.line_start(last + 1).max(range.end).min(source.len());
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
        out.push_str(&renderer.render(&[group]));
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
