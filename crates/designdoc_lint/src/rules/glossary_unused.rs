use crate::diagnostic::declare_rule;
use crate::helpers::{contains_word, glossary_entries, glossary_heading, word_boundaries};
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
    let terms: Vec<String> = entries.iter().map(|e| e.term.to_lowercase()).collect();
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
    let used = terms_used(&terms, texts);
    let title = cx.section_of(gh).map(|s| cx.title_of(s).to_string());
    for (e, _) in entries.iter().zip(&used).filter(|(_, u)| !**u) {
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

/// Which of `terms` (lowercase) some text uses as a whole word, plurals
/// included.
///
/// The texts are joined into a haystack, ASCII-lowercased, each ended by a
/// NUL (a boundary, as a text's own edge is: no letter; a term holding a
/// NUL is looked for text by text instead).
/// Each ASCII term still unused is one SIMD substring search
/// (`memchr::memmem`) over it, and each hit is checked for word
/// boundaries. A term with letters beyond ASCII is looked for in the
/// haystack lowercased in full, made only for such a term. The haystack is
/// searched every [`CHUNK`] bytes or so (a text is never split), so a doc
/// that uses all its terms early is not read to its end.
///
/// Not an Aho-Corasick automaton: a glossary belongs to one doc, so the
/// automaton would be built per doc, and building even a small one cost
/// more than these searches (its DFA alone was a fifth of `check` on docs
/// with glossaries; an NFA searched for overlapping matches, tried again
/// over this haystack, made `check` of the heavy benchmark sample 57 %
/// more instructions in all). A glossary has a handful of terms; a
/// substring search per term reads each byte a few times in SIMD lanes,
/// where a scan of every word start cost several instructions per byte.
fn terms_used<'t>(terms: &[String], texts: impl Iterator<Item = &'t str> + Clone) -> Vec<bool> {
    // An empty term is never reported: an entry without a term is
    // another rule's.
    let mut used: Vec<bool> = terms.iter().map(String::is_empty).collect();
    // A term holding a NUL (only a buffer in an editor can: a file with
    // one is refused) could match across the haystack's separators: it is
    // looked for in each text on its own.
    for (t, u) in terms.iter().zip(used.iter_mut()) {
        if !*u && t.contains('\0') {
            *u = texts.clone().any(|x| {
                if t.is_ascii() {
                    let x = x.to_ascii_lowercase();
                    memchr::memmem::find_iter(x.as_bytes(), t.as_bytes())
                        .any(|p| word_boundaries(&x, p, p + t.len()))
                } else {
                    contains_word(&x.to_lowercase(), t)
                }
            });
        }
    }
    let open = |t: &String, u: &bool| !*u && !t.contains('\0');
    let mut left = terms.iter().zip(&used).filter(|(t, u)| open(t, u)).count();
    let mut hay = String::new();
    let mut texts = texts.peekable();
    while left > 0 && texts.peek().is_some() {
        hay.clear();
        while hay.len() < CHUNK
            && let Some(text) = texts.next()
        {
            hay.push_str(text);
            hay.push('\0');
        }
        hay.make_ascii_lowercase();
        let mut lowered: Option<String> = None;
        for (t, u) in terms
            .iter()
            .zip(used.iter_mut())
            .filter(|(t, u)| open(t, u))
        {
            *u = if t.is_ascii() {
                memchr::memmem::find_iter(hay.as_bytes(), t.as_bytes())
                    .any(|p| word_boundaries(&hay, p, p + t.len()))
            } else {
                contains_word(lowered.get_or_insert_with(|| hay.to_lowercase()), t)
            };
            left -= usize::from(*u);
        }
    }
    used
}

/// About how many bytes of text are searched at a time.
const CHUNK: usize = 4096;

#[cfg(test)]
mod tests {
    use super::terms_used;

    /// Which of `terms` some of `texts` uses.
    fn used_in(terms: &[&str], texts: &[&str]) -> Vec<bool> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
        terms_used(&terms, texts.iter().copied())
    }

    fn used(terms: &[&str], text: &str) -> Vec<bool> {
        used_in(terms, &[text])
    }

    #[test]
    fn whole_words_only_plurals_included() {
        assert_eq!(used(&["API"], "two apis here"), [true]);
        assert_eq!(used(&["API"], "two APIes here"), [true]);
        assert_eq!(used(&["API"], "the rapid one"), [false]);
        assert_eq!(used(&["API"], "apiary"), [false]);
        assert_eq!(used(&["Leaky bucket"], "a LEAKY BUCKETS b"), [true]);
        assert_eq!(used(&["Leaky bucket"], "a leaky  bucket"), [false]);
        assert_eq!(used(&["p99"], "at p99."), [true]);
        assert_eq!(used(&["99th"], "the 99th"), [true]);
    }

    #[test]
    fn letters_beyond_ascii_touching_a_term_are_letters() {
        // "é" before or after: part of the word, not a boundary.
        assert_eq!(used(&["api"], "éapi"), [false]);
        assert_eq!(used(&["api"], "apié"), [false]);
        // A dash or an underscore is a boundary.
        assert_eq!(used(&["api"], "—api—"), [true]);
        assert_eq!(used(&["api"], "x_api"), [true]);
    }

    /// A text's edges are word boundaries, and no use runs from one text
    /// into the next.
    #[test]
    fn texts_are_searched_each_on_its_own() {
        assert_eq!(used_in(&["quorum"], &["no", "quorum"]), [true]);
        assert_eq!(used_in(&["quorum"], &["a quorum", "s here"]), [true]);
        assert_eq!(used_in(&["leaky bucket"], &["a leaky", "bucket"]), [false]);
        assert_eq!(used_in(&["api"], &["x", "rapi", "dapi"]), [false]);
        assert_eq!(used_in(&["apis"], &["api", "s"]), [false]);
        assert_eq!(used_in(&["a"], &["b a"]), [true]);
        assert_eq!(used_in(&["ab"], &["xa", "b"]), [false]);
        // Texts past one chunk of the haystack, each searched whole.
        let long = "w".repeat(super::CHUNK - 3);
        for pad in 0..8 {
            let first = format!("{long}{}", "v".repeat(pad));
            assert_eq!(
                used_in(&["quorum", "wquorum"], &[&first, "a quorum", &long, "x"]),
                [true, false],
                "{pad}"
            );
            assert_eq!(
                used_in(&["x", "ärger"], &[&first, &long, "ÄRGER", "x"]),
                [true, true],
                "{pad}"
            );
        }
    }

    #[test]
    fn terms_not_starting_with_an_ascii_letter_are_found_too() {
        assert_eq!(
            used(&[".NET", "Ärger", "x"], "on .net and ärger"),
            [true, true, false]
        );
        // Case beyond ASCII: the text's "ÄRGER" is the term "ärger".
        assert_eq!(used(&["Ärger", "Öl"], "viel ÄRGER"), [true, false]);
        // Several terms with the same first letter, one text.
        assert_eq!(
            used(&["rate", "rate limit", "raft"], "a rate limit"),
            [true, true, false]
        );
        // A term holding a NUL is not found across two texts, only in one.
        assert_eq!(used_in(&["foo\0bar"], &["see foo", "bar"]), [false]);
        assert_eq!(used_in(&["foo\0bar"], &["x", "a foo\0bar"]), [true]);
        assert_eq!(used_in(&["fóo\0bar"], &["see fóo", "bar"]), [false]);
        assert_eq!(used_in(&["fóo\0bar"], &["FÓO\0BARs"]), [true]);
        // An empty term is never reported as unused.
        assert_eq!(used(&[""], "text"), [true]);
    }
}
