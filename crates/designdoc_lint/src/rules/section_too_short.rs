use designdoc_syntax::BlockKind;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, SectionStatus};

declare_rule! {
    /// ## What it checks
    /// A section with less content than its schema asks for: fewer words
    /// of prose than `min-words`, or fewer list items and table rows than
    /// `min-items` (subsections included; placeholder lines, comments and
    /// code do not count). Built-in templates set no minimum; a team sets
    /// one in its schema file.
    ///
    /// ## Why it matters
    /// "See above." is content, and it answers nothing. A minimum makes
    /// the template's expectation explicit: three considered options, a
    /// motivation of a paragraph or more.
    ///
    /// ## Example
    /// With `min-items = 2` on "Considered Options":
    /// ```markdown
    /// ## Considered Options
    /// - Keep the cron job
    /// ```
    /// should list at least one more option.
    code: "DD204",
    name: "section-too-short",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (s, sec) in cx.schema.sections.iter().enumerate() {
        if sec.min_words == 0 && sec.min_items == 0 {
            continue;
        }
        // Missing, empty and placeholder-only sections have their own rules.
        if !matches!(
            cx.status[s],
            SectionStatus::Complete | SectionStatus::Partial
        ) {
            continue;
        }
        let Some(h) = cx.heading_of(s) else { continue };
        let (mut words, mut items) = (0u32, 0u32);
        for i in cx.doc.section_block_indices(h) {
            let b = &cx.doc.blocks[i];
            if !b.is_content() || cx.placeholder_blocks[i] {
                continue;
            }
            match b.kind {
                BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow => {
                    words += b
                        .text
                        .split_whitespace()
                        .filter(|w| w.chars().any(char::is_alphanumeric))
                        .count() as u32;
                    if b.kind != BlockKind::Paragraph {
                        items += 1;
                    }
                }
                _ => {}
            }
        }
        let heading = &cx.doc.headings[h];
        let mut short = Vec::new();
        if words < sec.min_words {
            short.push(format!("{words} of at least {} words", sec.min_words));
        }
        if items < sec.min_items {
            short.push(format!(
                "{items} of at least {} list items or table rows",
                sec.min_items
            ));
        }
        if short.is_empty() {
            continue;
        }
        let mut d = Diagnostic::new(
            &RULE,
            heading.span.clone(),
            format!(
                "section '{}' is too short: {}",
                heading.text,
                short.join(", ")
            ),
        )
        .section(&sec.title);
        if let Some(help) = cx.guidance_help(s) {
            d = d.help(help);
        }
        out.push(d);
    }
}
