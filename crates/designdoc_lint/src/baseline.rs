//! Baselines: findings a team has accepted, so that `check` reports only
//! new ones.
//!
//! A finding is known by its file, its rule and a [`fingerprint`] made of
//! the section it is in and its own text, never its line: an edit above it
//! moves it without making it new. [`Baseline::apply`] matches the
//! findings of a run against the accepted ones (as a multiset: two equal
//! placeholders in one section are two entries), follows a doc that was
//! renamed or moved by what it still finds, and says which accepted
//! findings are gone. Reading and writing `.designdoc-baseline.json` is
//! the workspace's business; this module is pure.

use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use crate::Diagnostic;

/// The file a team commits, at the workspace root.
pub const FILE_NAME: &str = ".designdoc-baseline.json";

/// One accepted finding.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub struct Entry {
    /// The doc, relative to the workspace root, with `/`.
    pub path: String,
    /// The rule's name.
    pub rule: String,
    /// The section it is in (see [`Key`]).
    #[serde(default)]
    pub section: String,
    /// [`Key::fingerprint`]: its own text.
    pub fingerprint: String,
    /// The message when it was accepted: for the reader of a diff.
    #[serde(default)]
    pub message: String,
}

/// The baseline file's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Baseline {
    /// The file format's version: 1, the only one written and read.
    pub version: u32,
    /// Sorted by path, rule, section and fingerprint: a stable diff.
    pub findings: Vec<Entry>,
}

/// How a run's findings meet the baseline.
#[derive(Debug, Clone, Default)]
pub struct Applied {
    /// Per file given, per finding: whether the baseline accepts it.
    pub accepted: Vec<Vec<bool>>,
    /// Accepted entries no finding matched, for docs this run checked (or
    /// that no longer exist): fixed, for `baseline --prune` to drop.
    pub gone: Vec<Entry>,
    /// Every entry that matched a finding, as the finding is now (a
    /// renamed doc's entries move with it, a renamed section's too).
    pub kept: Vec<Entry>,
    /// Docs followed to a new path: (old, new).
    pub moved: Vec<(String, String)>,
    /// The other entries: of docs not checked this run, left as they are.
    pub rest: Vec<Entry>,
}

/// How the baseline knows a finding, besides its file and rule.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Key {
    /// The section it concerns: the template section it names, else the
    /// heading it is under (empty before the first).
    pub section: String,
    /// Sixteen hex digits hashing the rule and the finding's own text
    /// (the text it points at, else its message up to the first colon,
    /// numbers blanked), white space collapsed. The same on every
    /// platform and release.
    pub fingerprint: String,
}

/// A finding's [`Key`]: never its line, so an edit above it moves it
/// without making it new.
pub fn fingerprint(src: &str, d: &Diagnostic) -> Key {
    let section = match &d.section {
        Some(s) => s.clone(),
        None => enclosing_heading(src, d.range.start),
    };
    let own = src
        .get(d.range.clone())
        .map(|t| collapse(t, 200))
        .unwrap_or_default();
    let own = if own.is_empty() {
        let head = d.message.split(": ").next().unwrap_or(&d.message);
        let blanked: String = head
            .chars()
            .map(|c| if c.is_ascii_digit() { '#' } else { c })
            .collect();
        collapse(&blanked, 200)
    } else {
        own
    };
    let mut h: u64 = 0xcbf2_9ce4_8422_2325; // FNV-1a: small, stable, enough here
    for part in [d.rule.name, &own] {
        for b in part.bytes().chain(std::iter::once(0)) {
            h ^= u64::from(b);
            h = h.wrapping_mul(0x0000_0100_0000_01b3);
        }
    }
    Key {
        section,
        fingerprint: format!("{h:016x}"),
    }
}

/// The title of the last ATX heading line before `offset` (empty before
/// the first). A plain line scan: a `#` line inside a code block counts
/// too, which only has to be the same from one run to the next.
fn enclosing_heading(src: &str, offset: usize) -> String {
    let mut end = offset.min(src.len());
    while !src.is_char_boundary(end) {
        end -= 1;
    }
    for line in src[..end].lines().rev() {
        let t = line.trim_start();
        let hashes = t.bytes().take_while(|&b| b == b'#').count();
        if (1..=6).contains(&hashes) && t[hashes..].starts_with([' ', '\t']) {
            return collapse(t[hashes..].trim().trim_end_matches('#'), 200);
        }
    }
    String::new()
}

fn collapse(text: &str, max: usize) -> String {
    let mut out = String::new();
    for w in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
        if out.len() >= max {
            let mut cut = max;
            while !out.is_char_boundary(cut) {
                cut -= 1;
            }
            out.truncate(cut);
            break;
        }
    }
    out
}

/// Whether a doc at `new` may be the one that was at `old`: the same
/// file name (moved), or the same number (renamed: `0007-old-title.md`
/// to `0007-new-title.md`). Findings alone cannot tell: an unfilled new
/// doc shares most of them with any deleted unfilled one.
fn same_doc(old: &str, new: &str) -> bool {
    let name = |p: &str| p.rsplit('/').next().unwrap_or(p).to_string();
    let (a, b) = (name(old), name(new));
    a == b
        || crate::repo::number_from_file_name(&a)
            .is_some_and(|n| crate::repo::number_from_file_name(&b) == Some(n))
}

/// A doc's entries not matched yet, by fingerprint (which hashes the
/// rule too).
type Pool<'e> = HashMap<String, Vec<&'e Entry>>;

/// Takes from `pool` an entry for this finding: one in the same section
/// when `same_section`, else any.
fn take(pool: &mut Pool<'_>, key: &Key, same_section: bool) -> Option<Entry> {
    let v = pool.get_mut(key.fingerprint.as_str())?;
    let i = if same_section {
        v.iter().position(|e| e.section == key.section)?
    } else {
        v.len().checked_sub(1)?
    };
    let mut e = v.remove(i).clone();
    e.section.clone_from(&key.section);
    Some(e)
}

/// One checked doc as [`Baseline::apply`] sees it.
pub struct Checked<'a> {
    /// Relative to the workspace root, with `/`.
    pub path: &'a str,
    /// Its findings: (rule name, key, message).
    pub findings: Vec<(&'static str, Key, &'a str)>,
}

impl Baseline {
    /// A version-1 baseline of `findings`, sorted (by path, rule, section, fingerprint, then
    /// message); duplicates are kept.
    pub fn new(mut findings: Vec<Entry>) -> Baseline {
        findings.sort();
        Baseline {
            version: 1,
            findings,
        }
    }

    /// The baseline of these findings.
    pub fn of(docs: &[Checked<'_>]) -> Baseline {
        Baseline::new(
            docs.iter()
                .flat_map(|c| {
                    c.findings.iter().map(|(rule, key, message)| Entry {
                        path: c.path.to_string(),
                        rule: rule.to_string(),
                        section: key.section.clone(),
                        fingerprint: key.fingerprint.clone(),
                        message: message.to_string(),
                    })
                })
                .collect(),
        )
    }

    /// Which of one doc's findings (`findings`, of the doc's text `src`
    /// at `path`, relative to the root) the baseline accepts: what an
    /// editor or a site page shows of a single doc.
    pub fn accepted_in(&self, path: &str, src: &str, findings: &[&Diagnostic]) -> Vec<bool> {
        let checked = Checked {
            path,
            findings: findings
                .iter()
                .map(|d| (d.rule.name, fingerprint(src, d), d.message.as_str()))
                .collect(),
        };
        self.apply(std::slice::from_ref(&checked), &|_| true)
            .accepted
            .pop()
            .unwrap_or_default()
    }

    /// Matches the findings of `docs` against the baseline: first in the
    /// same section, then anywhere in the doc (a renamed section keeps
    /// its findings). `exists` says whether a doc of the baseline is
    /// still on disk: the entries of one that is not may have moved to a
    /// doc the baseline does not know with the same file name or number,
    /// which then gets them when at least half of them still match.
    pub fn apply(&self, docs: &[Checked<'_>], exists: &dyn Fn(&str) -> bool) -> Applied {
        let mut left: HashMap<&str, Pool<'_>> = HashMap::new();
        for e in &self.findings {
            left.entry(e.path.as_str())
                .or_default()
                .entry(e.fingerprint.clone())
                .or_default()
                .push(e);
        }
        let checked: HashSet<&str> = docs.iter().map(|c| c.path).collect();
        let mut out = Applied {
            accepted: docs.iter().map(|c| vec![false; c.findings.len()]).collect(),
            ..Applied::default()
        };
        for (k, c) in docs.iter().enumerate() {
            let Some(pool) = left.get_mut(c.path) else {
                continue;
            };
            for same_section in [true, false] {
                for (i, (_, key, _)) in c.findings.iter().enumerate() {
                    if out.accepted[k][i] {
                        continue;
                    }
                    if let Some(e) = take(pool, key, same_section) {
                        out.accepted[k][i] = true;
                        out.kept.push(e);
                    }
                }
            }
        }
        // Docs that left their path: the new doc with most of their
        // findings takes them.
        let mut orphans: Vec<&str> = left
            .keys()
            .copied()
            .filter(|p| !checked.contains(p) && !exists(p))
            .collect();
        orphans.sort_unstable();
        for old in orphans {
            let total: usize = left[old].values().map(Vec::len).sum();
            let best = docs
                .iter()
                .enumerate()
                .filter(|(_, c)| !left.contains_key(c.path) && same_doc(old, c.path))
                .map(|(k, c)| {
                    let mut pool: HashMap<&str, usize> = left[old]
                        .iter()
                        .map(|(fp, v)| (fp.as_str(), v.len()))
                        .collect();
                    let overlap = c
                        .findings
                        .iter()
                        .enumerate()
                        .filter(|(i, (_, key, _))| {
                            !out.accepted[k][*i]
                                && pool.get_mut(key.fingerprint.as_str()).is_some_and(|n| {
                                    let ok = *n > 0;
                                    *n = n.saturating_sub(1);
                                    ok
                                })
                        })
                        .count();
                    (overlap, k)
                })
                .max_by_key(|&(overlap, k)| (overlap, std::cmp::Reverse(k)));
            let Some((overlap, k)) = best else { continue };
            if overlap == 0 || overlap * 2 < total {
                continue;
            }
            let new = docs[k].path;
            out.moved.push((old.to_string(), new.to_string()));
            let pool = left.get_mut(old).expect("an orphan");
            for same_section in [true, false] {
                for (i, (_, key, _)) in docs[k].findings.iter().enumerate() {
                    if out.accepted[k][i] {
                        continue;
                    }
                    if let Some(mut e) = take(pool, key, same_section) {
                        out.accepted[k][i] = true;
                        e.path = new.to_string();
                        out.kept.push(e);
                    }
                }
            }
        }
        for (path, pool) in left {
            let entries = pool.into_values().flatten().map(|e| (*e).clone());
            if checked.contains(path) || !exists(path) {
                out.gone.extend(entries);
            } else {
                out.rest.extend(entries);
            }
        }
        out.gone.sort();
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::placeholder_text::RULE as PLACEHOLDER;

    fn finding(src: &str, needle: &str) -> (&'static str, Key, &'static str) {
        let at = src.find(needle).unwrap();
        let d = Diagnostic::new(&PLACEHOLDER, at..at + needle.len(), "placeholder");
        (PLACEHOLDER.name, fingerprint(src, &d), "placeholder")
    }

    #[test]
    fn a_fingerprint_survives_lines_above_and_changes_with_its_section_or_text() {
        let a = "# T\n\n## Goals\n\nTBD\n";
        let b = "# T\n\nA new paragraph.\n\nAnd another.\n\n## Goals\n\nTBD\n";
        let c = "# T\n\n## Risks\n\nTBD\n";
        assert_eq!(finding(a, "TBD").1, finding(b, "TBD").1);
        assert_ne!(finding(a, "TBD").1.section, finding(c, "TBD").1.section);
        assert_eq!(
            finding(a, "TBD").1.fingerprint,
            finding(c, "TBD").1.fingerprint
        );
        assert_ne!(
            finding(a, "TBD").1.fingerprint,
            finding(a, "Goals").1.fingerprint
        );
    }

    #[test]
    fn findings_match_as_a_multiset_and_unmatched_entries_are_gone() {
        let src = "## Goals\n\nTBD\n\nTBD\n";
        let one = finding(src, "TBD");
        let base = Baseline::of(&[Checked {
            path: "a.md",
            findings: vec![one.clone(), one.clone()],
        }]);
        // One of the two placeholders fixed, another finding elsewhere.
        let other = finding("## Risks\n\nXXX\n", "XXX");
        let applied = base.apply(
            &[Checked {
                path: "a.md",
                findings: vec![one.clone(), other],
            }],
            &|_| true,
        );
        assert_eq!(applied.accepted, vec![vec![true, false]]);
        assert_eq!(applied.gone.len(), 1);
        // A doc not checked this run keeps its entries.
        let applied = base.apply(&[], &|_| true);
        assert!(applied.gone.is_empty());
    }

    #[test]
    fn a_moved_doc_keeps_its_entries() {
        let src = "## Goals\n\nTBD\n\n## Risks\n\nXXX\n";
        let f = vec![finding(src, "TBD"), finding(src, "XXX")];
        let base = Baseline::of(&[Checked {
            path: "old/0001-a.md",
            findings: f.clone(),
        }]);
        let applied = base.apply(
            &[Checked {
                path: "new/0001-a.md",
                findings: f,
            }],
            &|p| p != "old/0001-a.md",
        );
        assert_eq!(applied.accepted, vec![vec![true, true]]);
        assert!(applied.gone.is_empty());
        assert_eq!(
            applied.moved,
            vec![("old/0001-a.md".to_string(), "new/0001-a.md".to_string())]
        );
        assert!(applied.kept.iter().all(|e| e.path == "new/0001-a.md"));
    }

    #[test]
    fn a_renamed_section_keeps_its_findings_and_the_same_section_is_tried_first() {
        let old = "## Intro\n\nTBD\n\n## Risks\n\nTBD\n";
        let base = Baseline::of(&[Checked {
            path: "a.md",
            findings: vec![finding(old, "TBD")],
        }]);
        assert_eq!(base.findings[0].section, "Intro");
        // The section renamed: still accepted, and kept under its new name.
        let new = "## Summary\n\nTBD\n";
        let applied = base.apply(
            &[Checked {
                path: "a.md",
                findings: vec![finding(new, "TBD")],
            }],
            &|_| true,
        );
        assert_eq!(applied.accepted, vec![vec![true]]);
        assert_eq!(applied.kept[0].section, "Summary");
        // Two equal findings, one accepted: the one in its section is.
        let at = old.rfind("TBD").unwrap();
        let d = Diagnostic::new(&PLACEHOLDER, at..at + 3, "placeholder");
        let risks = (PLACEHOLDER.name, fingerprint(old, &d), "placeholder");
        let applied = base.apply(
            &[Checked {
                path: "a.md",
                findings: vec![risks, finding(old, "TBD")],
            }],
            &|_| true,
        );
        assert_eq!(applied.accepted, vec![vec![false, true]]);
    }

    #[test]
    fn a_deleted_doc_s_entries_do_not_go_to_an_unrelated_new_doc() {
        let src = "## Goals\n\nTBD\n";
        let f = vec![finding(src, "TBD")];
        let base = Baseline::of(&[Checked {
            path: "docs/0003-draft.md",
            findings: f.clone(),
        }]);
        let new = [Checked {
            path: "docs/0009-another.md",
            findings: f.clone(),
        }];
        let applied = base.apply(&new, &|p| p != "docs/0003-draft.md");
        assert_eq!(applied.accepted, vec![vec![false]]);
        assert_eq!(applied.gone.len(), 1);
        // Renamed, same number: followed.
        let renamed = [Checked {
            path: "docs/0003-final-title.md",
            findings: f,
        }];
        let applied = base.apply(&renamed, &|p| p != "docs/0003-draft.md");
        assert_eq!(applied.accepted, vec![vec![true]]);
    }
}
