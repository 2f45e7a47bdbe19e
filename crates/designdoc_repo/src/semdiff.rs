//! `designdoc diff REV1 REV2`: what changed in a doc's meaning between
//! two versions: status, sections added, removed, renamed or rewritten,
//! requirements and checklist items added, removed, ticked or unticked.
//! Pure: two texts in, a [`DocDiff`] out.

use std::collections::HashSet;

use designdoc_syntax::text::normalize_title;
use designdoc_syntax::{Document, parse};
use serde::Serialize;

/// What changed in one doc's meaning between two versions ([`diff_doc`]).
/// Every heading, at any level, is a section. Lists are in document order:
/// the older version's for removals, renames and rewrites, the newer's for
/// the rest.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct DocDiff {
    /// The doc, as the caller named it (`designdoc diff` gives it relative
    /// to the workspace root, the folder of `designdoc.toml`, with `/`);
    /// only a label, never read.
    pub path: String,
    /// `added` or `removed` when the doc exists at one revision only.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub doc: Option<&'static str>,
    /// (old, new) front matter `status:` when they differ; either is `None`
    /// when that version has no status (or no doc). `None` when unchanged.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<(Option<String>, Option<String>)>,
    /// Titles, as written, of the newer version's sections that match none
    /// of the older's.
    pub sections_added: Vec<String>,
    /// Titles of the older version's sections that match none of the
    /// newer's.
    pub sections_removed: Vec<String>,
    /// (old title, new title): an older section with no same-titled
    /// counterpart (titles compared normalised), paired with the unmatched
    /// newer section most like it when their sets of words have a Jaccard
    /// index of at least 0.5 (two sections without words are not paired).
    pub sections_renamed: Vec<(String, String)>,
    /// Sections whose text changed: (title, words added, words removed).
    pub sections_rewritten: Vec<(String, usize, usize)>,
    /// Requirements only in the newer version, trimmed: list items under a
    /// heading whose title, or an enclosing heading's, contains
    /// "requirement" or "functional" (any case). Compared by text, case and
    /// whitespace normalised.
    pub requirements_added: Vec<String>,
    /// Requirements only in the older version, compared as for
    /// `requirements_added`.
    pub requirements_removed: Vec<String>,
    /// Task list items in both versions, unticked in the older and ticked in
    /// the newer (matched by normalised text); the newer text.
    pub items_ticked: Vec<String>,
    /// Task list items in both versions, ticked in the older and unticked in
    /// the newer; the newer text.
    pub items_unticked: Vec<String>,
    /// Task list items only in the newer version, less those already in
    /// `requirements_added`.
    pub items_added: Vec<String>,
    /// Task list items only in the older version, less those already in
    /// `requirements_removed`.
    pub items_removed: Vec<String>,
}

impl DocDiff {
    /// Whether nothing changed: every field but `path` is `None` or empty.
    /// A doc added or removed is never empty.
    pub fn is_empty(&self) -> bool {
        *self
            == DocDiff {
                path: self.path.clone(),
                ..Default::default()
            }
    }
}

struct Section {
    title: String,
    key: String,
    words: Vec<String>,
}

fn sections(doc: &Document<'_>) -> Vec<Section> {
    doc.headings
        .iter()
        .enumerate()
        .map(|(i, h)| Section {
            title: h.text.clone(),
            key: normalize_title(&h.text),
            words: doc
                .own_blocks(i)
                .iter()
                .filter(|b| b.is_content())
                .flat_map(|b| {
                    b.text
                        .split_whitespace()
                        .map(|w| {
                            w.trim_matches(|c: char| !c.is_alphanumeric())
                                .to_lowercase()
                        })
                        .filter(|w| !w.is_empty())
                        .collect::<Vec<_>>()
                })
                .collect(),
        })
        .collect()
}

/// Words of `a` not in `b`, counted with multiplicity.
fn words_missing(a: &[String], b: &[String]) -> usize {
    let mut pool: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for w in b {
        *pool.entry(w).or_default() += 1;
    }
    a.iter()
        .filter(|w| match pool.get_mut(w.as_str()) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .count()
}

fn jaccard(a: &[String], b: &[String]) -> f64 {
    let sa: HashSet<&String> = a.iter().collect();
    let sb: HashSet<&String> = b.iter().collect();
    if sa.is_empty() && sb.is_empty() {
        return 1.0;
    }
    sa.intersection(&sb).count() as f64 / sa.union(&sb).count() as f64
}

/// Requirement lines: list items under a heading about requirements.
fn requirements(doc: &Document<'_>) -> Vec<String> {
    doc.blocks
        .iter()
        .filter(|b| b.kind == designdoc_syntax::BlockKind::ListItem && b.is_content())
        .filter(|b| {
            let mut h = b.heading;
            while let Some(i) = h {
                let t = doc.headings[i].text.to_lowercase();
                if t.contains("requirement") || t.contains("functional") {
                    return true;
                }
                h = doc.headings[i].parent;
            }
            false
        })
        .map(|b| b.text.trim().to_string())
        .collect()
}

/// The diff of one doc's two versions (`None`: absent at that revision).
pub fn diff_doc(path: &str, old: Option<&str>, new: Option<&str>) -> DocDiff {
    let mut d = DocDiff {
        path: path.to_string(),
        ..Default::default()
    };
    let (old, new) = match (old, new) {
        (None, None) => return d,
        (None, Some(_)) => {
            d.doc = Some("added");
            ("", new.unwrap_or(""))
        }
        (Some(_), None) => {
            d.doc = Some("removed");
            (old.unwrap_or(""), "")
        }
        (Some(a), Some(b)) => (a, b),
    };
    let (a, b) = (parse(old), parse(new));
    let (ma, mb) = (a.meta(), b.meta());
    let (sa, sb) = (
        ma.str("status").map(str::to_string),
        mb.str("status").map(str::to_string),
    );
    if sa != sb {
        d.status = Some((sa, sb));
    }
    // Sections: same title first; then, of the rest, the same place and
    // mostly the same words is a rename.
    let (xa, xb) = (sections(&a), sections(&b));
    let mut pair_b: Vec<Option<usize>> = vec![None; xb.len()];
    let mut pair_a: Vec<Option<usize>> = vec![None; xa.len()];
    for (i, s) in xa.iter().enumerate() {
        if let Some(j) = (0..xb.len()).find(|&j| pair_b[j].is_none() && xb[j].key == s.key) {
            pair_a[i] = Some(j);
            pair_b[j] = Some(i);
        }
    }
    for i in 0..xa.len() {
        if pair_a[i].is_some() {
            continue;
        }
        let best = (0..xb.len())
            .filter(|&j| pair_b[j].is_none())
            .map(|j| (jaccard(&xa[i].words, &xb[j].words), j))
            .filter(|(score, _)| *score >= 0.5)
            .max_by(|x, y| x.0.total_cmp(&y.0));
        if let Some((_, j)) = best
            && !(xa[i].words.is_empty() && xb[j].words.is_empty())
        {
            pair_a[i] = Some(j);
            pair_b[j] = Some(i);
            d.sections_renamed
                .push((xa[i].title.clone(), xb[j].title.clone()));
        }
    }
    for (i, s) in xa.iter().enumerate() {
        match pair_a[i] {
            None => d.sections_removed.push(s.title.clone()),
            Some(j) => {
                let added = words_missing(&xb[j].words, &s.words);
                let removed = words_missing(&s.words, &xb[j].words);
                if added + removed > 0 {
                    d.sections_rewritten
                        .push((xb[j].title.clone(), added, removed));
                }
            }
        }
    }
    for (j, s) in xb.iter().enumerate() {
        if pair_b[j].is_none() {
            d.sections_added.push(s.title.clone());
        }
    }
    // Requirements and checklist items, by their normalised text.
    let norm = designdoc_syntax::text::normalize_line;
    let (ra, rb) = (requirements(&a), requirements(&b));
    let keys = |v: &[String]| v.iter().map(|s| norm(s)).collect::<HashSet<_>>();
    let (ka, kb) = (keys(&ra), keys(&rb));
    d.requirements_added = rb
        .iter()
        .filter(|r| !ka.contains(&norm(r)))
        .cloned()
        .collect();
    d.requirements_removed = ra
        .iter()
        .filter(|r| !kb.contains(&norm(r)))
        .cloned()
        .collect();
    for t in &b.tasks {
        match a.tasks.iter().find(|o| norm(&o.text) == norm(&t.text)) {
            None => d.items_added.push(t.text.clone()),
            Some(o) if !o.checked && t.checked => d.items_ticked.push(t.text.clone()),
            Some(o) if o.checked && !t.checked => d.items_unticked.push(t.text.clone()),
            _ => {}
        }
    }
    for o in &a.tasks {
        if !b.tasks.iter().any(|t| norm(&t.text) == norm(&o.text)) {
            d.items_removed.push(o.text.clone());
        }
    }
    // A task under a requirements heading is a requirement, said once.
    d.items_added.retain(|i| !d.requirements_added.contains(i));
    d.items_removed
        .retain(|i| !d.requirements_removed.contains(i));
    d
}

impl std::fmt::Display for DocDiff {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.doc {
            Some(what) => writeln!(f, "{} ({what})", self.path)?,
            None => writeln!(f, "{}", self.path)?,
        }
        if let Some((a, b)) = &self.status {
            let s = |x: &Option<String>| x.clone().unwrap_or_else(|| "(none)".into());
            writeln!(f, "  status: {} -> {}", s(a), s(b))?;
        }
        for s in &self.sections_added {
            writeln!(f, "  + section '{s}'")?;
        }
        for s in &self.sections_removed {
            writeln!(f, "  - section '{s}'")?;
        }
        for (a, b) in &self.sections_renamed {
            writeln!(f, "  ~ section '{a}' -> '{b}'")?;
        }
        if self.doc.is_none() {
            for (s, add, rm) in &self.sections_rewritten {
                writeln!(f, "  * section '{s}' rewritten (+{add} / -{rm} words)")?;
            }
        }
        for r in &self.requirements_added {
            writeln!(f, "  + requirement: {r}")?;
        }
        for r in &self.requirements_removed {
            writeln!(f, "  - requirement: {r}")?;
        }
        for i in &self.items_ticked {
            writeln!(f, "  [x] ticked: {i}")?;
        }
        for i in &self.items_unticked {
            writeln!(f, "  [ ] unticked: {i}")?;
        }
        for i in &self.items_added {
            writeln!(f, "  + item: {i}")?;
        }
        for i in &self.items_removed {
            writeln!(f, "  - item: {i}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn meaning_not_bytes() {
        let old = "---\nstatus: draft\n---\n# T\n\n## Requirements\n- [ ] Serve 500 rps\n- [ ] Old one\n\n## Drawbacks\nIt adds a service to run and a cache to keep warm.\n\n## Checklist\n- [ ] Tests\n- [x] Docs\n";
        let new = "---\nstatus: in-review\n---\n# T\n\n## Requirements\n- [ ] Serve 500 rps\n- [ ] p99 under 20 ms\n\n## Risks\nIt adds a service to run and a cache to keep warm always.\n\n## Checklist\n- [x] Tests\n- [ ] Docs\n\n## Rollout\nBehind a flag.\n";
        let d = diff_doc("x.md", Some(old), Some(new));
        assert_eq!(
            d.status,
            Some((Some("draft".into()), Some("in-review".into())))
        );
        assert_eq!(d.sections_added, ["Rollout"]);
        assert_eq!(
            d.sections_renamed,
            [("Drawbacks".to_string(), "Risks".to_string())]
        );
        assert!(
            d.sections_rewritten.contains(&("Risks".to_string(), 1, 0)),
            "{d:?}"
        );
        assert_eq!(d.requirements_added, ["p99 under 20 ms"]);
        assert_eq!(d.requirements_removed, ["Old one"]);
        assert_eq!(d.items_ticked, ["Tests"]);
        assert_eq!(d.items_unticked, ["Docs"]);
        assert!(
            d.items_added.is_empty() && d.items_removed.is_empty(),
            "{d:?}"
        );
        assert!(diff_doc("x.md", Some(old), Some(old)).is_empty());
        assert_eq!(diff_doc("x.md", None, Some(new)).doc, Some("added"));
    }
}
