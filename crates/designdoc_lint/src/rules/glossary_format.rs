use crate::diagnostic::declare_rule;
use crate::helpers::{glossary_entries, glossary_title};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Glossary entries that are not written as the template writes them:
    /// a list item `**Term**: Definition` (a table with a term column is
    /// accepted too). An entry with a term and no definition is reported.
    ///
    /// ## Why it matters
    /// A uniform glossary is scannable, and designdoc (and its language
    /// server's hover) can only find terms it can read.
    ///
    /// ## Example
    /// ```markdown
    /// - Token bucket - a rate-limiting algorithm
    /// ```
    /// should be
    /// ```markdown
    /// - **Token bucket**: a rate-limiting algorithm
    /// ```
    code: "DD401",
    name: "glossary-format",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let title = glossary_title(cx);
    for e in glossary_entries(cx).iter() {
        if e.well_formed {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                cx.text_range(e.block),
                format!(
                    "glossary entry '{}' should read '**{}**: definition'",
                    e.block.text.trim(),
                    e.term
                ),
            )
            .section_opt(title.as_deref()),
        );
    }
}
