//! `designdoc migrate --to NEW`: moves a document from its template to
//! another one. Pure: text in, text out.
//!
//! 1. Headings that stand for a section of the old template get the new
//!    template's title for it (the section map of
//!    [`designdoc_schema::diff::diff`]).
//! 2. The front matter's `template:` value, if any, becomes the new name.
//! 3. The new template's `missing-section` and `renamed-section` fixes run
//!    (through the fix engine, so every edit is verified), inserting the
//!    sections the new template adds.
//!
//! Sections the new template lacks stay where they are. Running it again
//! changes nothing.

use designdoc_lint::{Edit, RULES, Settings, fix};
use designdoc_schema::Schema;

/// What migrating one document did.
#[derive(Debug, Clone, Default)]
pub struct Migration {
    /// The migrated document: headings renamed, `template:` set, the new
    /// template's sections inserted; equal to the input when nothing
    /// needed doing.
    pub text: String,
    /// Headings renamed: (from, to).
    pub renamed: Vec<(String, String)>,
    /// Fixes applied by the new template's rules (sections inserted,
    /// aliases renamed).
    pub fixed: usize,
    /// Sections of the old template present in the doc that the new one
    /// does not have: kept as extra sections.
    pub kept: Vec<String>,
}

/// Migrates `src` from `old` to `new` (named `new_name` in front matter).
pub fn migrate(src: &str, old: &Schema, new: &Schema, new_name: &str) -> Migration {
    let (_, map) = designdoc_schema::diff::diff(old, new);
    let doc = designdoc_syntax::parse(src);
    let matching = old.match_headings(&doc);
    let mut edits: Vec<Edit> = Vec::new();
    let mut renamed = Vec::new();
    let mut kept = Vec::new();
    for (h, m) in matching.headings.iter().enumerate() {
        let Some(m) = m.filter(|m| m.duplicate_of.is_none()) else {
            continue;
        };
        let heading = &doc.headings[h];
        match map[m.section] {
            Some(n) => {
                let to = &new.sections[n].title;
                if heading.text.trim() != to.trim()
                    && designdoc_syntax::text::normalize_title(&heading.text) != new.sections[n].key
                {
                    renamed.push((heading.text.clone(), to.clone()));
                    edits.push(Edit {
                        range: heading.text_span.clone(),
                        replacement: to.clone(),
                    });
                }
            }
            None => kept.push(heading.text.clone()),
        }
    }
    let meta = doc.meta();
    if let Some(e) = meta.get("template")
        && e.value.as_str().is_some_and(|v| v != new_name)
    {
        edits.push(Edit {
            range: e.value_span.clone(),
            replacement: new_name.to_string(),
        });
    }
    edits.sort_by_key(|e| e.range.start);
    let mut text = String::with_capacity(src.len() + 64);
    let mut at = 0;
    for e in &edits {
        text.push_str(&src[at..e.range.start]);
        text.push_str(&e.replacement);
        at = e.range.end;
    }
    text.push_str(&src[at..]);

    // Only the structural fixes of the new template: nothing else about
    // the doc is this command's business.
    let mut settings = Settings::default();
    for r in RULES {
        if !matches!(r.name, "missing-section" | "renamed-section") {
            settings.severities.insert(r.name, None);
        }
    }
    // Inserting the new template's sections is what migrating is for:
    // the unsafe fixes too.
    let options = fix::FixOptions {
        unsafe_fixes: true,
        ..Default::default()
    };
    let out = fix::fix_with(&text, new, &settings, &options);
    Migration {
        text: out.text,
        renamed,
        fixed: out.applied,
        kept,
    }
}
