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
    /// the rule's severity, since it may be a longer note; a single line
    /// under eight words ("None yet.") is taken for a note and left alone.
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
        let paragraphs: Vec<&str> = cx
            .doc
            .section_blocks(h)
            .iter()
            .filter(|b| {
                b.kind == BlockKind::Paragraph
                    && b.list_depth == 0
                    && !b.text.trim().is_empty()
                    && !cx.schema.is_placeholder(&b.text)
            })
            .map(|b| b.text.as_ref())
            .collect();
        let prose = paragraphs.len();
        // One short line ("None yet.", "See the team glossary.") is a
        // note, not a glossary written as prose.
        let a_note = prose == 1 && paragraphs[0].split_whitespace().count() < 8;
        if prose > 0 && !a_note {
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
