use crate::diagnostic::declare_rule;
use crate::helpers::{contains_word, glossary_entries, glossary_heading};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A glossary term that the rest of the document never uses (as a whole
    /// word, case-insensitively, plurals included).
    ///
    /// ## Why it matters
    /// A glossary is there to explain the words the design uses. A term
    /// nobody uses is noise, or a sign that the text now calls it something
    /// else.
    ///
    /// ## Example
    /// ```markdown
    /// - **Leaky bucket**: an algorithm we did not choose
    /// ```
    /// Use the term where it matters, or remove the entry.
    code: "DD403",
    name: "glossary-unused",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(gh) = glossary_heading(cx) else {
        return;
    };
    let entries = glossary_entries(cx);
    if entries.is_empty() {
        return;
    }
    let doc = cx.doc;
    let gloss = doc.headings[gh].span.start..doc.headings[gh].section_end;
    let mut text = String::new();
    for b in doc.blocks.iter().filter(|b| !gloss.contains(&b.span.start)) {
        text.push_str(&b.text);
        text.push('\n');
    }
    for h in doc
        .headings
        .iter()
        .filter(|h| !gloss.contains(&h.span.start))
    {
        text.push_str(&h.text);
        text.push('\n');
    }
    let text = if text.is_ascii() {
        text.to_ascii_lowercase()
    } else {
        text.to_lowercase()
    };
    let title = cx.section_of(gh).map(|s| cx.title_of(s).to_string());
    for e in entries {
        if e.term.is_empty() || contains_word(&text, &e.term) {
            continue;
        }
        out.push(
            Diagnostic::new(
                &RULE,
                e.term_range.clone(),
                format!(
                    "term '{}' is defined but never used in the document",
                    e.term
                ),
            )
            .section_opt(title.as_deref()),
        );
    }
}
