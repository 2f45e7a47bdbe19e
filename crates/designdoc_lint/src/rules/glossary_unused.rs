use crate::diagnostic::declare_rule;
use crate::helpers::{contains_word_ci, glossary_entries, glossary_heading, word_boundaries};
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

/// Up to this many terms, each is looked for on its own.
const SCAN_PER_TERM: usize = 3;

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
    // Every block and heading outside the glossary is scanned once for
    // all the terms together (an Aho-Corasick automaton, ASCII case
    // folded, when there are more than a few), stopping once every term
    // is found (usually early).
    // Before, each unused term rescanned every block: a quarter of all
    // the time `check` took on docs whose glossaries define terms the
    // text never uses.
    let terms: Vec<String> = entries.iter().map(|e| e.term.to_lowercase()).collect();
    let mut unused: Vec<bool> = terms.iter().map(|t| !t.is_empty()).collect();
    let ascii: Vec<usize> = (0..terms.len())
        .filter(|&i| unused[i] && terms[i].is_ascii())
        .collect();
    // A DFA searches fastest, and costs more to build than scanning a
    // doc for two or three terms (memchr finds their first letters);
    // most glossaries are found used in the first blocks.
    let automaton = (ascii.len() > SCAN_PER_TERM)
        .then(|| {
            aho_corasick::AhoCorasick::builder()
                .kind(Some(aho_corasick::AhoCorasickKind::DFA))
                .ascii_case_insensitive(true)
                .build(ascii.iter().map(|&i| &terms[i]))
                .ok()
        })
        .flatten();
    let mut left = unused.iter().filter(|u| **u).count();
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
        if left == 0 {
            break;
        }
        if let Some(ac) = &automaton {
            for m in ac.find_overlapping_iter(text) {
                let i = ascii[m.pattern().as_usize()];
                if unused[i] && word_boundaries(text, m.start(), m.end()) {
                    unused[i] = false;
                    left -= 1;
                }
            }
        }
        // Terms with letters beyond ASCII (case folding the automaton
        // cannot do), and all of them when there is no automaton.
        for (t, u) in terms.iter().zip(unused.iter_mut()) {
            if *u && (automaton.is_none() || !t.is_ascii()) && contains_word_ci(text, t) {
                *u = false;
                left -= 1;
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
