use crate::diagnostic::declare_rule;
use designdoc_syntax::BlockKind;

use crate::helpers::{glossary_entries, glossary_heading, glossary_title};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Glossary entries that are not written as the template writes them:
    /// a list item `**Term**: Definition` (a table with a term column is
    /// accepted too). An entry with a term and no definition is reported.
    /// A glossary written as prose (paragraphs, no list item or table row
    /// to read a term from) is reported once, at its heading, a step below
    /// the rule's severity: designdoc cannot tell a prose glossary from a
    /// note such as "none yet", so it says what it could not read.
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
    let entries = glossary_entries(cx);
    if entries.is_empty()
        && let Some(h) = glossary_heading(cx)
    {
        let prose = cx
            .doc
            .section_blocks(h)
            .iter()
            .filter(|b| {
                b.kind == BlockKind::Paragraph
                    && b.list_depth == 0
                    && !b.text.trim().is_empty()
                    && !cx.schema.is_placeholder(&b.text)
            })
            .count();
        if prose > 0 {
            let heading = &cx.doc.headings[h];
            out.push(
                Diagnostic::new(
                    &RULE,
                    heading.text_span.clone(),
                    format!(
                        "no glossary entry could be read from {prose} paragraph{}: designdoc reads \
                         `- **Term**: definition` items and table rows, so these terms are not \
                         in the site's glossary or an editor's hover",
                        if prose == 1 { "" } else { "s" }
                    ),
                )
                .section_opt(title.as_deref())
                .uncertain(),
            );
        }
    }
    for e in entries.iter() {
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
