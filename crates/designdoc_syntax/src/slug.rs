//! GitHub's heading anchors.
//!
//! GitHub (github-slugger) lowercases the heading text, drops every
//! character that is not a letter, digit, mark, space, `-` or `_`, and turns
//! each space into `-`. Repeated slugs get `-1`, `-2`, ... in document order.
//! Written here because no maintained Rust crate reproduces GitHub's rules.

use std::collections::HashMap;

/// A name made safe for a file name and a CSS class: ASCII letters and
/// digits lower-cased, every other run one `-`, none at either end
/// (`In Review` → `in-review`); `x` when nothing is left. The site's
/// status and tag pages, the graph's and the catalog's status classes.
pub fn name_slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".to_string() } else { out }
}

/// The anchor GitHub gives a heading with this plain text.
pub fn github_slug(text: &str) -> String {
    let text = text.trim();
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        // The common case, byte by byte.
        for b in text.bytes() {
            match b {
                b' ' => out.push('-'),
                b'-' | b'_' => out.push(b as char),
                b if b.is_ascii_alphanumeric() => out.push(b.to_ascii_lowercase() as char),
                _ => {}
            }
        }
        return out;
    }
    for c in text.chars() {
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
///
/// Slugs seen so far are kept in a list while there are few (a doc has a
/// few dozen headings, and comparing short strings beats hashing them),
/// and in a hash map beyond that, so that a hostile doc with thousands of
/// headings stays linear.
#[derive(Default)]
pub struct Slugger {
    few: Vec<(String, usize)>,
    many: HashMap<String, usize>,
}

const FEW: usize = 64;

impl Slugger {
    fn get(&self, slug: &str) -> Option<usize> {
        if self.many.is_empty() {
            self.few.iter().find(|(s, _)| s == slug).map(|(_, n)| *n)
        } else {
            self.many.get(slug).copied()
        }
    }

    fn set(&mut self, slug: String, n: usize) {
        if self.many.is_empty() {
            if let Some(e) = self.few.iter_mut().find(|(s, _)| *s == slug) {
                e.1 = n;
                return;
            }
            if self.few.len() < FEW {
                self.few.push((slug, n));
                return;
            }
            self.many.extend(self.few.drain(..));
        }
        self.many.insert(slug, n);
    }

    /// The anchor for the next heading with this plain text: [`github_slug`] the first time
    /// a slug is given, then with `-1`, `-2`, ... appended, skipping any already given
    /// (`Notes`, `Notes`, `Notes 1` give `notes`, `notes-1`, `notes-1-1`).
    pub fn slug(&mut self, text: &str) -> String {
        let base = github_slug(text);
        if self.many.is_empty() && self.few.len() < FEW {
            // The common case: a slug not given yet, one look through the
            // few given so far.
            if !self.few.iter().any(|(s, _)| *s == base) {
                self.few.push((base.clone(), 0));
                return base;
            }
        } else if self.get(&base).is_none() {
            self.set(base.clone(), 0);
            return base;
        }
        let mut slug = base.clone();
        while let Some(n) = self.get(&slug) {
            let next = n + 1;
            self.set(slug.clone(), next);
            slug = format!("{base}-{next}");
        }
        self.set(slug.clone(), 0);
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

    #[test]
    fn many_headings_number_the_same_way() {
        let mut s = Slugger::default();
        let slugs: Vec<String> = (0..200)
            .map(|i| s.slug(if i % 2 == 0 { "A" } else { "B" }))
            .collect();
        assert_eq!(slugs[0], "a");
        assert_eq!(slugs[1], "b");
        assert_eq!(slugs[198], "a-99");
        assert_eq!(slugs[199], "b-99");
    }
}
