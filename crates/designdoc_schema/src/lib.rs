//! A template is a schema.
//!
//! [`derive`] reads a Markdown template with the same parser designdoc uses
//! for docs and returns a [`Schema`]: the title pattern, every section with
//! its level, parent and order, the placeholder lines and HTML-comment
//! guidance of each section, and the closing checklist with each item mapped
//! to the section it vouches for. [`Schema::match_headings`] then says which
//! heading of a document stands for which template section, exactly, by a
//! known alias, or by a close spelling.
//!
//! Nothing here knows the default template: every fact comes from the
//! template text. This crate is pure (no file system, no environment).
//!
//! # Example
//!
//! ```rust
//! use designdoc_schema::{builtin, derive};
//!
//! let schema = derive("mini", "# Design: [Name]\n\n## Overview\n\n## Goals\n");
//! assert!(schema.title.is_some());
//! let titles: Vec<&str> = schema.sections.iter().map(|s| s.title.as_str()).collect();
//! assert_eq!(titles, ["Overview", "Goals"]);
//!
//! let default = builtin("design-doc").expect("a built-in template");
//! assert!(default.section_by_title("Overview").is_some());
//! ```
#![warn(missing_docs)]

mod aliases;
mod derive;
pub mod diff;
mod file;
mod history;
mod matching;
mod words;

pub use aliases::builtin_aliases;
pub use derive::derive;
pub use file::{SchemaError, SchemaFile, is_id_prefix, json_schema};
pub use matching::{HeadingMatch, MatchKind, Matching, is_standalone};
pub use words::{content_words, map_to_section};

/// The built-in default template, embedded so that `cargo install` works
/// anywhere. A test keeps it byte-identical to the shared seed.
pub const DEFAULT_TEMPLATE: &str = include_str!("../templates/design-doc.md");

/// Built-in template names, their Markdown, and a one-line description.
pub const BUILTINS: &[(&str, &str, &str)] = &[
    (
        "design-doc",
        DEFAULT_TEMPLATE,
        "the default design document: overview to checklist",
    ),
    (
        "rfc",
        include_str!("../templates/rfc.md"),
        "the Rust RFC section set: summary, motivation, guide- and reference-level explanation",
    ),
    (
        "adr",
        include_str!("../templates/adr.md"),
        "an architecture decision record with the MADR section set",
    ),
    (
        "nygard",
        include_str!("../templates/nygard.md"),
        "Michael Nygard's decision record, as adr-tools writes it: status, context, decision, consequences",
    ),
    (
        "google",
        include_str!("../templates/google.md"),
        "a Google-style design doc: context and scope, goals, the actual design",
    ),
];

/// The schema of a built-in template, by name.
pub fn builtin(name: &str) -> Option<Schema> {
    BUILTINS
        .iter()
        .find(|(n, _, _)| *n == name)
        .map(|(n, md, _)| derive(n, md))
}

/// What a template requires of a document.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Schema {
    /// The template's name, shown in messages: a built-in's name (`design-doc` for the
    /// default), a schema file's `name` key, or a Markdown template's file stem
    /// (`rfc-template`). Not what `--template` or `template:` resolve by (a built-in name,
    /// a `[templates]` key or a path).
    pub name: String,
    /// The title heading the template has; `None` when it has none, and then no heading of a
    /// document is taken for its title.
    pub title: Option<TitleSchema>,
    /// Sections in template order (pre-order of the heading tree).
    pub sections: Vec<SectionSchema>,
    /// The template's checklist, if it has one (when derived: a task list of two or more
    /// items, at least half of which name other sections).
    pub checklist: Option<Checklist>,
    /// Titles (or `*` globs over titles) of sections a document may add
    /// without an `extra-section` report.
    pub allowed_extra_sections: Vec<String>,
    /// Front-matter keys every document must set.
    pub required_front_matter: Vec<String>,
    /// Every key the template's own front matter has, required or not:
    /// known keys by definition.
    pub front_matter_keys: Vec<String>,
    /// Statuses the template names (its `status:` value, alternatives
    /// listed in it or in its comment), lower-cased: they extend the
    /// lifecycle.
    pub statuses: Vec<String>,
    /// Fill-in lines outside every section (under the title, before the
    /// first section: "Start Date: [YYYY-MM-DD]").
    pub placeholders: Vec<String>,
    /// The template's Markdown, for `new`.
    #[serde(skip)]
    pub markdown: String,
    /// Built on first use from the sections' placeholders; a schema is not
    /// changed after it is first used to check.
    #[serde(skip)]
    placeholder_index: std::sync::OnceLock<PlaceholderIndex>,
}

/// What `is_placeholder` needs, gathered once.
#[derive(Debug, Clone)]
struct PlaceholderIndex {
    keys: Vec<String>,
    /// The first word of each key.
    firsts: Vec<String>,
    /// Bytes a placeholder can start with (either case).
    first_bytes: [bool; 256],
    longest: usize,
}

/// The document title: `# Design Document: [Feature/Project Name]`.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TitleSchema {
    /// Heading level of the title, 1 to 6 (1 for `#`).
    pub level: u8,
    /// The template's title line text.
    pub text: String,
    /// The fixed part before the placeholder ("Design Document:").
    pub prefix: String,
    /// The part a document replaces ("[Feature/Project Name]").
    pub placeholder: Option<String>,
}

/// What a section holds, for the checks that apply to its content. Written in kebab case in
/// schema files (`normal`, `glossary`, `targets`, `checklist`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Default,
    serde::Serialize,
    serde::Deserialize,
    schemars::JsonSchema,
)]
#[serde(rename_all = "kebab-case")]
pub enum SectionKind {
    /// Ordinary content, with no kind-specific checks (the default).
    #[default]
    Normal,
    /// Defines terms as `**Term**: Definition` items.
    Glossary,
    /// States performance targets that must be measurable.
    Targets,
    /// Holds the checklist.
    Checklist,
}

/// One section a template has, and what a document's section must have to match and fill it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SectionSchema {
    /// Exactly as the template writes it.
    pub title: String,
    /// Normalised title (see `designdoc_syntax::text::normalize_title`).
    #[serde(skip)]
    pub key: String,
    /// Heading level in the template, 1 to 6.
    pub level: u8,
    /// Index in [`Schema::sections`] of the enclosing section: always earlier, at a lower
    /// level. `None` for a top-level section (one directly under the title), and for a
    /// schema file's section that names no `parent`, whatever its level.
    pub parent: Option<usize>,
    /// Whether a document without the section is reported (`missing-section`).
    pub required: bool,
    /// What the section holds.
    pub kind: SectionKind,
    /// Other names that mean this section (normalised).
    pub aliases: Vec<String>,
    /// The template's fill-in lines, as written (compared through
    /// [`placeholder_key`]: case, spacing and numbers aside).
    pub placeholders: Vec<String>,
    /// What the template asks for in this section (its HTML comments,
    /// blockquotes and italic notes, as plain text). Inserted as HTML
    /// comments when the section is added to a document.
    pub guidance: Vec<String>,
    /// Least content for the section to count as written: words of prose
    /// (0: no minimum).
    pub min_words: u32,
    /// Least list items or table rows (0: no minimum).
    pub min_items: u32,
    /// Whether a document may add subsections the template does not have.
    pub extra_subsections: bool,
    /// The id prefix of the requirements this section's list items are
    /// (`FR` for "Functional", `NFR` for "Non-Functional"), or none when
    /// its items are not requirements.
    pub requirements: Option<String>,
}

/// The template's checklist: a task list whose items each vouch for a section.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Checklist {
    /// The section that holds it.
    pub section: usize,
    /// The items, in template order.
    pub items: Vec<ChecklistItem>,
}

/// One checklist item and the section it vouches for.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChecklistItem {
    /// The item's text after the `[ ]` marker, as plain text.
    pub text: String,
    /// `text` normalised, for matching a document's items.
    #[serde(skip)]
    pub key: String,
    /// The section the item vouches for.
    pub section: Option<usize>,
}

impl Schema {
    /// A schema with no title and no sections (a starting point; checks
    /// nothing structural).
    pub fn empty(name: &str) -> Schema {
        Schema {
            name: name.to_string(),
            title: None,
            sections: Vec::new(),
            checklist: None,
            allowed_extra_sections: Vec::new(),
            required_front_matter: Vec::new(),
            front_matter_keys: Vec::new(),
            statuses: Vec::new(),
            placeholders: Vec::new(),
            markdown: String::new(),
            placeholder_index: Default::default(),
        }
    }

    /// Index in [`Schema::sections`] of the first section with this title, compared
    /// normalised (case, numbering and punctuation aside); aliases are not consulted.
    pub fn section_by_title(&self, title: &str) -> Option<usize> {
        let key = designdoc_syntax::text::normalize_title(title);
        self.sections.iter().position(|s| s.key == key)
    }

    /// True when `text` is one of the template's fill-in lines (any
    /// section's), compared case- and space-insensitively, digits as one.
    pub fn is_placeholder(&self, text: &str) -> bool {
        let index = self.placeholder_index.get_or_init(|| {
            let keys: Vec<String> = self
                .sections
                .iter()
                .flat_map(|s| s.placeholders.iter())
                .chain(&self.placeholders)
                .map(|p| placeholder_key(p))
                .filter(|k| !k.is_empty())
                .collect();
            let mut firsts: Vec<String> = keys
                .iter()
                .map(|k| placeholder_key(k.split(' ').next().unwrap_or("")))
                .collect();
            firsts.sort();
            firsts.dedup();
            let mut first_bytes = [false; 256];
            for k in &keys {
                if let Some(&b) = k.as_bytes().first() {
                    first_bytes[b.to_ascii_lowercase() as usize] = true;
                    first_bytes[b.to_ascii_uppercase() as usize] = true;
                }
            }
            PlaceholderIndex {
                first_bytes,
                firsts,
                longest: keys.iter().map(String::len).max().unwrap_or(0),
                keys,
            }
        });
        // Cheap rejections first, since this runs on every block: a line
        // much longer than every placeholder, or whose first word is the
        // first word of none of them, is not one.
        let trimmed = text.trim();
        let starts_like_one = trimmed
            .as_bytes()
            .first()
            .is_some_and(|&b| index.first_bytes[b as usize] || b.is_ascii_digit() || !b.is_ascii());
        if !starts_like_one || trimmed.len() > index.longest * 2 + 16 {
            return false;
        }
        let first = trimmed.split_whitespace().next().unwrap_or("");
        let may_match = if first.bytes().all(|b| b.is_ascii_alphabetic()) {
            index.firsts.iter().any(|f| f.eq_ignore_ascii_case(first))
        } else {
            let key = placeholder_key(first);
            index.firsts.contains(&key)
        };
        may_match && index.keys.contains(&placeholder_key(text))
    }

    /// The section a checklist item vouches for: the template's mapping for
    /// a template item, else a match by words.
    pub fn checklist_section(&self, item: &str) -> Option<usize> {
        let key = designdoc_syntax::text::normalize_line(item);
        if let Some(cl) = &self.checklist
            && let Some(it) = cl.items.iter().find(|i| i.key == key)
        {
            return it.section;
        }
        let exclude = self.checklist.as_ref().map(|c| c.section);
        map_to_section(item, &self.sections, exclude)
    }

    /// Points a checklist item at a section by title (a configured
    /// override). Errors name what was not found.
    pub fn override_checklist(&mut self, item: &str, section: &str) -> Result<(), String> {
        let target = self
            .section_by_title(section)
            .ok_or_else(|| format!("no section titled {section:?} in template {}", self.name))?;
        let cl = self
            .checklist
            .as_mut()
            .ok_or_else(|| format!("template {} has no checklist", self.name))?;
        let key = designdoc_syntax::text::normalize_line(item);
        let it = cl
            .items
            .iter_mut()
            .find(|i| i.key == key)
            .ok_or_else(|| format!("no checklist item {item:?} in template {}", self.name))?;
        it.section = Some(target);
        Ok(())
    }

    /// Whether `allowed-extra-sections` lets a document add a section with
    /// this title. Patterns compare like titles (case, numbering and
    /// punctuation aside), `*` standing for any words.
    pub fn allows_extra(&self, title: &str) -> bool {
        let key = designdoc_syntax::text::normalize_title(title);
        self.allowed_extra_sections
            .iter()
            .any(|p| wildcard_match(p, &key))
    }

    /// Ancestors of a section, nearest first.
    pub fn ancestors(&self, mut i: usize) -> impl Iterator<Item = usize> + '_ {
        std::iter::from_fn(move || {
            let p = self.sections[i].parent?;
            i = p;
            Some(p)
        })
    }
}

/// The comparison key of a placeholder line: lowercased, whitespace
/// collapsed, runs of digits as `#`, trailing punctuation dropped.
pub fn placeholder_key(text: &str) -> String {
    if text.is_ascii() {
        // The common case, on bytes.
        let mut out: Vec<u8> = Vec::with_capacity(text.len());
        for word in text.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(b' ');
            }
            let mut in_digits = false;
            for b in word.bytes() {
                if b.is_ascii_digit() {
                    if !in_digits {
                        out.push(b'#');
                    }
                    in_digits = true;
                } else {
                    in_digits = false;
                    out.push(b.to_ascii_lowercase());
                }
            }
        }
        while matches!(out.last(), Some(b'.' | b':' | b';' | b',')) {
            out.pop();
        }
        return String::from_utf8(out).expect("ASCII in, ASCII out");
    }
    let mut out = String::with_capacity(text.len());
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        let mut in_digits = false;
        for c in word.chars() {
            if c.is_ascii_digit() {
                if !in_digits {
                    out.push('#');
                }
                in_digits = true;
            } else {
                in_digits = false;
                if c.is_ascii() {
                    out.push(c.to_ascii_lowercase());
                } else {
                    out.extend(c.to_lowercase());
                }
            }
        }
    }
    let end = out.trim_end_matches(['.', ':', ';', ',']).len();
    out.truncate(end);
    out
}

/// `pattern` (a title with `*` wildcards) against a normalised title.
fn wildcard_match(pattern: &str, key: &str) -> bool {
    let parts: Vec<String> = pattern
        .split('*')
        .map(designdoc_syntax::text::normalize_title)
        .collect();
    if parts.len() == 1 {
        return parts[0] == key;
    }
    let mut rest = key;
    for (i, part) in parts.iter().enumerate() {
        if part.is_empty() {
            continue;
        }
        if i == 0 {
            let Some(r) = rest.strip_prefix(part.as_str()) else {
                return false;
            };
            rest = r;
        } else if i == parts.len() - 1 {
            return rest.ends_with(part.as_str());
        } else {
            let Some(at) = rest.find(part.as_str()) else {
                return false;
            };
            rest = &rest[at + part.len()..];
        }
    }
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn wildcards() {
        use super::wildcard_match as m;
        assert!(m("Appendix*", "appendix a references"));
        assert!(m("*notes", "release notes"));
        assert!(m("References", "references"));
        assert!(!m("References", "reference"));
        assert!(m("*", "anything"));
        assert!(m("a*c", "a b c"));
        assert!(!m("a*c", "a b d"));
    }
}
