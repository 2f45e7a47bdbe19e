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
    let mut unused: Vec<bool> = terms.iter().map(|t| !t.is_empty()).collect();
    let mut left = unused.iter().filter(|u| **u).count();
    let mut scan = WordScan::new(&terms);
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
        scan.mark_used(text, &terms, &mut unused, &mut left);
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

/// ASCII letters and digits, by byte: a table look-up is the cheapest
/// test in the one loop that visits every byte of a doc's text.
static WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        t[b] = (b as u8).is_ascii_alphanumeric();
        b += 1;
    }
    t
};

/// Bit `j` set: byte `j` of `chunk` (at most 64 bytes) is an ASCII letter
/// or digit. Eight bytes at a time, each lane range-tested at once (the
/// high bit of each byte lane set by adding a bias: no lane carries into
/// the next, as the bytes' own high bits are cleared first), the lanes'
/// verdicts then gathered into eight bits by one multiplication.
fn word_mask(chunk: &[u8]) -> u64 {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let lanes = |x: u64| -> u64 {
        let y = x & !HIGH;
        let l = y | (ONES * 0x20);
        let letter = (l + ONES * (0x80 - b'a' as u64)) & !(l + ONES * (0x80 - b'z' as u64 - 1));
        let digit = (y + ONES * (0x80 - b'0' as u64)) & !(y + ONES * (0x80 - b'9' as u64 - 1));
        // Bit 7 of each lane: a letter or digit, and ASCII.
        let hits = (letter | digit) & !x & HIGH;
        // Lane k's bit 7 to bit k of the top byte.
        ((hits >> 7).wrapping_mul(0x0102_0408_1020_4080)) >> 56
    };
    let mut mask = 0u64;
    let mut blocks = chunk.chunks_exact(8);
    for (k, block) in blocks.by_ref().enumerate() {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        mask |= lanes(x) << (8 * k);
    }
    let rest = blocks.remainder();
    let done = chunk.len() - rest.len();
    for (j, &b) in rest.iter().enumerate() {
        mask |= u64::from(WORD[usize::from(b)]) << (done + j);
    }
    mask
}

/// Finds every term of a glossary in one pass over a text.
///
/// Written here rather than with an Aho-Corasick automaton: a term is
/// used only as a whole word, so it can only start where a word starts.
/// The pass visits each word start once and compares the few terms
/// beginning with that letter (ASCII case folded). Building even a small
/// automaton per doc cost more than the whole search (its DFA was a
/// fifth of `check` on docs with glossaries; the automaton's search as
/// much again), and a glossary belongs to one doc, so it cannot be built
/// once per schema.
struct WordScan {
    /// Terms by their first byte (ASCII lowercase), for terms that start
    /// with an ASCII letter or digit.
    by_first: [Vec<usize>; 128],
    /// Bit `b1` of `pairs[b0]`: a term still looked for starts with the
    /// (lowercase) bytes `b0 b1`; a one-letter term sets its whole row.
    /// Rules out most word starts before any term is compared.
    pairs: [u128; 128],
    /// Terms that start some other way (punctuation or a letter beyond
    /// ASCII) or hold a letter beyond ASCII anywhere: each is looked for
    /// on its own.
    others: Vec<usize>,
}

impl WordScan {
    fn new(terms: &[String]) -> Self {
        let mut scan = WordScan {
            by_first: std::array::from_fn(|_| Vec::new()),
            pairs: [0; 128],
            others: Vec::new(),
        };
        for (i, t) in terms.iter().enumerate() {
            match t.as_bytes().first() {
                None => {}
                Some(&b) if t.is_ascii() && b.is_ascii_alphanumeric() => {
                    let b0 = usize::from(b.to_ascii_lowercase());
                    scan.by_first[b0].push(i);
                    scan.pair_row(b0, terms);
                }
                Some(_) => scan.others.push(i),
            }
        }
        scan
    }

    /// Sets `pairs[b0]` from the terms left in `by_first[b0]`.
    fn pair_row(&mut self, b0: usize, terms: &[String]) {
        self.pairs[b0] =
            self.by_first[b0]
                .iter()
                .fold(0, |row, &i| match terms[i].as_bytes().get(1) {
                    Some(&b1) => row | 1 << (b1 & 0x7f),
                    None => u128::MAX,
                });
    }

    /// Marks the terms `text` uses; `left` counts the unused ones.
    fn mark_used(&mut self, text: &str, terms: &[String], unused: &mut [bool], left: &mut usize) {
        let h = text.as_bytes();
        // Word starts, 64 bytes at a time: a mask of the ASCII letters
        // and digits, built without a branch per byte, less the ones that
        // follow another (a branch at every word's edge cost more than
        // the rest of the rule). A byte of a non-ASCII character before
        // a start may be a letter: `word_boundaries` decides exactly.
        let mut after_word = 0u64;
        for (c, chunk) in h.chunks(64).enumerate() {
            let word = word_mask(chunk);
            let mut starts = word & !((word << 1) | after_word);
            after_word = (word >> (chunk.len() - 1)) & 1;
            while starts != 0 {
                let i = c * 64 + starts.trailing_zeros() as usize;
                starts &= starts - 1;
                let b0 = usize::from(h[i].to_ascii_lowercase());
                let b1 = h.get(i + 1).map_or(0, |b| b.to_ascii_lowercase() & 0x7f);
                if (self.pairs[b0] >> b1) & 1 == 0 {
                    continue;
                }
                let mut found = false;
                let bucket = &mut self.by_first[b0];
                let mut k = 0;
                while k < bucket.len() {
                    let t = terms[bucket[k]].as_bytes();
                    if h.len() >= i + t.len()
                        && h[i..i + t.len()].eq_ignore_ascii_case(t)
                        && word_boundaries(text, i, i + t.len())
                    {
                        unused[bucket[k]] = false;
                        *left -= 1;
                        // Found: never looked for again.
                        bucket.swap_remove(k);
                        found = true;
                    } else {
                        k += 1;
                    }
                }
                if found {
                    if *left == 0 {
                        return;
                    }
                    self.pair_row(b0, terms);
                }
            }
        }
        let mut k = 0;
        while k < self.others.len() {
            let i = self.others[k];
            if contains_word_ci(text, &terms[i]) {
                unused[i] = false;
                *left -= 1;
                self.others.swap_remove(k);
            } else {
                k += 1;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::WordScan;

    /// Which of `terms` the scan finds in `text`.
    fn used(terms: &[&str], text: &str) -> Vec<bool> {
        let terms: Vec<String> = terms.iter().map(|t| t.to_lowercase()).collect();
        let mut unused = vec![true; terms.len()];
        let mut left = terms.len();
        WordScan::new(&terms).mark_used(text, &terms, &mut unused, &mut left);
        assert_eq!(left, unused.iter().filter(|u| **u).count());
        unused.iter().map(|u| !u).collect()
    }

    #[test]
    fn whole_words_only_plurals_included() {
        assert_eq!(used(&["API"], "two apis here"), [true]);
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

    /// Words are found 64 bytes at a time: across the edges too.
    #[test]
    fn words_across_the_scan_chunks() {
        for pad in 55..70 {
            let text = format!("{} quorum", "x".repeat(pad));
            assert_eq!(used(&["quorum", "xquorum"], &text), [true, false], "{pad}");
            // A word running over an edge does not start again there.
            let run = format!("{}quorum", "x".repeat(pad));
            assert_eq!(used(&["quorum"], &run), [false], "{pad}");
        }
        assert_eq!(used(&["a"], "b a"), [true]);
        assert_eq!(used(&["ab"], "xa"), [false]);
    }

    /// The eight-lane test agrees with the byte table on every byte in
    /// every lane.
    #[test]
    fn word_mask_matches_the_table() {
        for b in 0..=255u8 {
            for lane in 0..16 {
                let mut chunk = vec![b'-'; 16];
                chunk[lane] = b;
                let want = if super::WORD[usize::from(b)] {
                    1u64 << lane
                } else {
                    0
                };
                assert_eq!(super::word_mask(&chunk), want, "byte {b:#x} lane {lane}");
            }
        }
        // Many bytes set at once, of every kind, chunks of every length.
        let mut seed = 1u32;
        for _ in 0..2000 {
            seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
            let len = (seed >> 8) as usize % 65;
            let chunk: Vec<u8> = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    (seed >> 16) as u8
                })
                .collect();
            let mask = super::word_mask(&chunk);
            for (j, &b) in chunk.iter().enumerate() {
                assert_eq!(
                    (mask >> j) & 1 == 1,
                    b.is_ascii_alphanumeric(),
                    "{chunk:?} {j}"
                );
            }
            if len < 64 {
                assert_eq!(mask >> len, 0, "{chunk:?}");
            }
        }
    }

    #[test]
    fn terms_not_starting_with_an_ascii_letter_are_found_too() {
        assert_eq!(
            used(&[".NET", "Ärger", "x"], "on .net and ärger"),
            [true, true, false]
        );
        // Several terms with the same first letter, one text.
        assert_eq!(
            used(&["rate", "rate limit", "raft"], "a rate limit"),
            [true, true, false]
        );
    }
}
