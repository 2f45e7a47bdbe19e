//! How glossaries merge, shared by the site's glossary page and the
//! organisation catalog's.

use std::collections::HashSet;

/// What makes two definitions the same: their words, case and spacing
/// aside, without a final full stop.
pub fn definition_key(definition: &str) -> String {
    let words: Vec<String> = definition
        .split_whitespace()
        .map(str::to_lowercase)
        .collect();
    words.join(" ").trim_end_matches('.').to_string()
}

/// `term`'s anchor on a page, unique among those `taken` ("C" and "C++"
/// slug alike: the second gets `c-2`), recorded there.
pub fn unique_anchor(taken: &mut HashSet<String>, term: &str) -> String {
    let base = designdoc_syntax::slug::name_slug(term);
    let mut anchor = base.clone();
    let mut k = 1;
    while !taken.insert(anchor.clone()) {
        k += 1;
        anchor = format!("{base}-{k}");
    }
    anchor
}
