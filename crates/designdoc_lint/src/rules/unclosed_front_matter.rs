use designdoc_syntax::ProblemKind;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A document that opens with `---` (YAML front matter) but never closes
    /// it with a second `---` line.
    ///
    /// ## Why it matters
    /// The metadata (status, authors, dates) cannot be read, and the rest of
    /// the document is read as Markdown starting with a thematic break.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: draft
    /// # Design Document: Rate limiter
    /// ```
    /// Add the closing `---` after `status: draft`.
    code: "DD002",
    name: "unclosed-front-matter",
    severity: Error,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for p in &cx.doc.problems {
        if p.kind == ProblemKind::UnclosedFrontMatter {
            out.push(Diagnostic::new(
                &RULE,
                p.span.clone(),
                "front matter opened with `---` is never closed",
            ));
        }
    }
}
