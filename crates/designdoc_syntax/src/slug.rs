//! GitHub's heading anchors.
//!
//! GitHub (github-slugger) lowercases the heading text, drops every
//! character that is not a letter, digit, mark, space, `-` or `_`, and turns
//! each space into `-`. Repeated slugs get `-1`, `-2`, ... in document order.
//! Written here because no maintained Rust crate reproduces GitHub's rules.

use std::collections::HashMap;

/// The anchor GitHub gives a heading with this plain text.
pub fn github_slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.trim().chars() {
        if c == ' ' {
            out.push('-');
        } else if c == '-' || c == '_' || c.is_alphanumeric() {
            out.extend(c.to_lowercase());
        } else if is_combining_mark(c) {
            out.push(c);
        }
    }
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c as u32, 0x0300..=0x036F | 0x1AB0..=0x1AFF | 0x1DC0..=0x1DFF | 0x20D0..=0x20FF | 0xFE20..=0xFE2F)
}

/// Gives unique slugs in document order, as GitHub does.
#[derive(Default)]
pub struct Slugger {
    seen: HashMap<String, usize>,
}

impl Slugger {
    pub fn slug(&mut self, text: &str) -> String {
        let base = github_slug(text);
        let mut slug = base.clone();
        while let Some(n) = self.seen.get(&slug).copied() {
            let next = n + 1;
            self.seen.insert(slug.clone(), next);
            slug = format!("{base}-{next}");
        }
        self.seen.insert(slug.clone(), 0);
        slug
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn punctuation_is_dropped_and_spaces_become_hyphens() {
        assert_eq!(
            github_slug("Background / Problem Statement"),
            "background--problem-statement"
        );
        assert_eq!(
            github_slug("Monitoring & Observability"),
            "monitoring--observability"
        );
        assert_eq!(github_slug("Appendix / Checklist"), "appendix--checklist");
        assert_eq!(github_slug("Non-Functional"), "non-functional");
        assert_eq!(github_slug("Ünïcode 🚀 Rocks"), "ünïcode--rocks");
    }

    #[test]
    fn repeats_are_numbered() {
        let mut s = Slugger::default();
        assert_eq!(s.slug("Notes"), "notes");
        assert_eq!(s.slug("Notes"), "notes-1");
        assert_eq!(s.slug("Notes"), "notes-2");
        assert_eq!(s.slug("Notes 1"), "notes-1-1");
    }
}
