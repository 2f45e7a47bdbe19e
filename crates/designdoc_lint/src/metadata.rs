//! The front-matter schema every design doc shares (docs/metadata.md): its
//! keys, and the lifecycle statuses designdoc ships.

/// A front-matter key designdoc reads, with what it holds (the editor's
/// completion shows it).
#[derive(Debug, Clone, Copy)]
pub struct Key {
    /// The key as written in the front matter (`status`).
    pub name: &'static str,
    /// What it holds, in a few words ("where it is in the lifecycle", "YYYY-MM-DD").
    pub about: &'static str,
}

/// Keys designdoc reads. A template may require more
/// (`required-front-matter`), and those are known too.
pub const KNOWN_KEYS: &[Key] = &[
    Key {
        name: "id",
        about: "a stable id",
    },
    Key {
        name: "number",
        about: "the doc's number",
    },
    Key {
        name: "title",
        about: "the doc's title",
    },
    Key {
        name: "status",
        about: "where it is in the lifecycle",
    },
    Key {
        name: "authors",
        about: "who wrote it",
    },
    Key {
        name: "reviewers",
        about: "who reviews it",
    },
    Key {
        name: "approvers",
        about: "who approves it",
    },
    Key {
        name: "created",
        about: "YYYY-MM-DD",
    },
    Key {
        name: "updated",
        about: "YYYY-MM-DD",
    },
    Key {
        name: "tags",
        about: "labels",
    },
    Key {
        name: "supersedes",
        about: "docs this one replaces",
    },
    Key {
        name: "superseded-by",
        about: "the doc that replaces this one",
    },
    Key {
        name: "depends-on",
        about: "docs this one needs",
    },
    Key {
        name: "discussion",
        about: "where it is discussed (a URL)",
    },
    Key {
        name: "template",
        about: "the template it follows, when not the configured one",
    },
];

/// Whether designdoc reads `key`.
pub fn is_known_key(key: &str) -> bool {
    KNOWN_KEYS.iter().any(|k| k.name == key)
}

/// Keys whose value is a list (a single scalar is a list of one).
pub const LIST_KEYS: &[&str] = &[
    "authors",
    "reviewers",
    "approvers",
    "tags",
    "supersedes",
    "superseded-by",
    "depends-on",
];

/// Keys whose value is a date, `YYYY-MM-DD`.
pub const DATE_KEYS: &[&str] = &["created", "updated"];

/// The statuses of the default lifecycle.
pub const DEFAULT_STATUSES: &[&str] = &[
    "draft",
    "in-review",
    "accepted",
    "implemented",
    "rejected",
    "withdrawn",
    "superseded",
];

/// False only when `a` and `b` cannot be close enough for
/// [`closest_key`], judged from the letters they share: Jaro counts only
/// matching characters, at most the letters two ASCII keys have in common,
/// and a Jaro-Winkler score of 0.85 needs a Jaro score of 0.75. Most
/// unknown keys share few letters with most known ones, so this cheap
/// count spares nearly every full comparison (which allocates).
fn may_be_close(a: &str, b: &str) -> bool {
    if !a.is_ascii() || !b.is_ascii() || a.is_empty() || b.is_empty() {
        return true;
    }
    let mut counts = [0u32; 128];
    for &c in a.as_bytes() {
        counts[usize::from(c)] += 1;
    }
    let mut common = 0usize;
    for &c in b.as_bytes() {
        let n = &mut counts[usize::from(c)];
        if *n > 0 {
            *n -= 1;
            common += 1;
        }
    }
    let (m, la, lb) = (common as f64, a.len() as f64, b.len() as f64);
    // Jaro = (m/|a| + m/|b| + (m - t)/m) / 3, the last term at most 1.
    (m / la + m / lb + 1.0) / 3.0 >= 0.75 - 1e-9
}

/// The known key closest to `key`, when one is close enough to be a typo.
pub fn closest_key<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .filter(|k| may_be_close(key, k))
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The letter count never rules out a key the full comparison would
    /// accept: checked over every pair of many keys built from a few
    /// letters (so that many pairs are close).
    #[test]
    fn shared_letters_never_rule_out_a_close_key() {
        let mut keys = vec![
            "status".to_string(),
            "statsu".into(),
            "owner".into(),
            "a".into(),
        ];
        let mut seed = 7u32;
        for _ in 0..400 {
            let len = 1 + (seed % 9) as usize;
            let mut k = String::new();
            for _ in 0..len {
                seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                k.push(b"abcdest-"[(seed >> 16) as usize % 8] as char);
            }
            keys.push(k);
        }
        let mut ruled_out = 0;
        for a in &keys {
            for b in &keys {
                if !may_be_close(a, b) {
                    ruled_out += 1;
                    assert!(strsim::jaro_winkler(a, b) < 0.85, "{a:?} {b:?}");
                }
            }
        }
        // The filter does rule out pairs.
        assert!(ruled_out > 1000, "{ruled_out}");
        assert_eq!(
            closest_key("statsu", ["owner", "status"].into_iter()),
            Some("status")
        );
    }
}
