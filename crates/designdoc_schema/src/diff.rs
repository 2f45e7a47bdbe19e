//! What changes for existing documents when a template changes: sections
//! added, removed, renamed, moved and made required or optional.
//!
//! The old template's sections are matched to the new one's the way a
//! document's headings are (exact title, alias, close spelling), by
//! matching a skeleton of the old sections' headings against the new
//! schema: one notion of "the same section" for `check`, `template diff`
//! and `migrate`.

use crate::{MatchKind, Schema};

/// One change between two templates' section sets. Sections are named by their titles as the
/// templates write them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(tag = "change", rename_all = "kebab-case")]
pub enum Change {
    /// In the new template only. `required` sections will be reported
    /// missing in existing docs (and `migrate` inserts them).
    Added {
        /// The section's title in the new template.
        section: String,
        /// Whether the new template requires it.
        required: bool,
    },
    /// In the old template only: existing docs keep it as an extra section.
    Removed {
        /// The section's title in the old template.
        section: String,
    },
    /// The same section under a new title (`migrate` renames headings).
    Renamed {
        /// The old template's title.
        from: String,
        /// The new template's title.
        to: String,
    },
    /// The same section at another level or under another parent.
    Moved {
        /// The section's title in the new template.
        section: String,
        /// Its heading level in the old template.
        from_level: u8,
        /// Its heading level in the new template.
        to_level: u8,
        /// Its parent's title in the old template; `None` at the top.
        from_parent: Option<String>,
        /// Its parent's title in the new template; `None` at the top.
        to_parent: Option<String>,
    },
    /// Optional before, required now (or the reverse).
    Required {
        /// The section's title in the new template.
        section: String,
        /// Whether the new template requires it (the old one did the opposite).
        required: bool,
    },
}

/// Old section index → new section index, for every old section that has
/// a counterpart.
pub type SectionMap = Vec<Option<usize>>;

/// The changes from `old` to `new`, in the new template's order (removed
/// sections last), and the old → new section map.
pub fn diff(old: &Schema, new: &Schema) -> (Vec<Change>, SectionMap) {
    // A skeleton of the old headings, behind a title line when the new
    // template has a title, so that no old section is taken for one.
    let mut md = String::new();
    let offset = usize::from(new.title.is_some());
    if let Some(t) = &new.title {
        md.push_str(&format!("{} Title\n\n", "#".repeat(t.level as usize)));
    }
    for s in &old.sections {
        md.push_str(&format!("{} {}\n\n", "#".repeat(s.level as usize), s.title));
    }
    let doc = designdoc_syntax::parse(&md);
    let m = new.match_headings(&doc);
    let map: SectionMap = (0..old.sections.len())
        .map(|i| {
            m.headings
                .get(i + offset)
                .copied()
                .flatten()
                .filter(|hm| hm.duplicate_of.is_none())
                .map(|hm| hm.section)
        })
        .collect();
    let kinds: Vec<Option<MatchKind>> = (0..old.sections.len())
        .map(|i| {
            m.headings
                .get(i + offset)
                .copied()
                .flatten()
                .map(|hm| hm.kind)
        })
        .collect();

    let mut changes = Vec::new();
    let title = |s: &Schema, i: Option<usize>| i.map(|i| s.sections[i].title.clone());
    for (n, ns) in new.sections.iter().enumerate() {
        let Some(o) = map.iter().position(|&x| x == Some(n)) else {
            changes.push(Change::Added {
                section: ns.title.clone(),
                required: ns.required,
            });
            continue;
        };
        let os = &old.sections[o];
        if kinds[o] != Some(MatchKind::Exact) || os.title.trim() != ns.title.trim() {
            changes.push(Change::Renamed {
                from: os.title.clone(),
                to: ns.title.clone(),
            });
        }
        let old_parent = os.parent.and_then(|p| map[p]);
        if os.level != ns.level || old_parent != ns.parent {
            changes.push(Change::Moved {
                section: ns.title.clone(),
                from_level: os.level,
                to_level: ns.level,
                from_parent: title(old, os.parent),
                to_parent: title(new, ns.parent),
            });
        }
        if os.required != ns.required {
            changes.push(Change::Required {
                section: ns.title.clone(),
                required: ns.required,
            });
        }
    }
    for (o, os) in old.sections.iter().enumerate() {
        if map[o].is_none() {
            changes.push(Change::Removed {
                section: os.title.clone(),
            });
        }
    }
    (changes, map)
}

impl std::fmt::Display for Change {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Change::Added { section, required } => write!(
                f,
                "+ added    '{section}'{}",
                if *required {
                    " (required: existing docs lack it)"
                } else {
                    " (optional)"
                }
            ),
            Change::Removed { section } => write!(
                f,
                "- removed  '{section}' (existing docs keep it as an extra section)"
            ),
            Change::Renamed { from, to } => write!(f, "~ renamed  '{from}' -> '{to}'"),
            Change::Moved {
                section,
                from_level,
                to_level,
                from_parent,
                to_parent,
            } => {
                let place = |level: &u8, parent: &Option<String>| match parent {
                    Some(p) => format!("level {level} under '{p}'"),
                    None => format!("level {level} at the top"),
                };
                write!(
                    f,
                    "> moved    '{section}' from {} to {}",
                    place(from_level, from_parent),
                    place(to_level, to_parent)
                )
            }
            Change::Required { section, required } => write!(
                f,
                "! {} '{section}'",
                if *required { "required" } else { "optional" }
            ),
        }
    }
}
