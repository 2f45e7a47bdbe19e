use crate::diagnostic::declare_rule;
use crate::helpers::{contains_word_ci, glossary_entries, glossary_heading};
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
    // Look for every term in each block and heading outside the glossary,
    // and stop once all terms are found (usually early).
    let terms: Vec<String> = entries.iter().map(|e| e.term.to_lowercase()).collect();
    let mut unused: Vec<bool> = terms.iter().map(|t| !t.is_empty()).collect();
    let texts = doc
        .blocks
        .iter()
        .filter(|b| !gloss.contains(&b.span.start))
        .map(|b| &*b.text)
        .chain(
            doc.headings
                .iter()
                .filter(|h| !gloss.contains(&h.span.start))
                .map(|h| h.text.as_str()),
        );
    for text in texts {
        if !unused.contains(&true) {
            break;
        }
        for (t, u) in terms.iter().zip(unused.iter_mut()) {
            if *u && contains_word_ci(text, t) {
                *u = false;
            }
        }
    }
    let title = cx.section_of(gh).map(|s| cx.title_of(s).to_string());
    for (e, _) in entries.iter().zip(&unused).filter(|(_, u)| **u) {
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
