//! Which heading of a document stands for which template section.

use designdoc_syntax::Document;
use designdoc_syntax::text::normalize_title;

use crate::{Schema, content_words};

/// How a document heading was matched to a template section. The variants are in the order
/// [`Schema::match_headings`] tries them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Same title (case, spacing, numbering and punctuation aside).
    Exact,
    /// A known synonym of the section's title.
    Alias,
    /// A close spelling or mostly the same words.
    Fuzzy,
    /// A heading that merges this section with another ("Implementation &
    /// Testing Plan" for "Implementation Plan" and "Test Plan"): it stands
    /// for both, and renaming it to either would lose the other.
    Merged,
    /// Too little likeness for a close spelling, but a word in common and
    /// the heading stands alone exactly where the missing section belongs
    /// ("Proposed Approach" between the neighbours of "Proposed
    /// solution"): a likely rename.
    Position,
}

/// The template section a document heading stands for, and how it was matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingMatch {
    /// Index in [`Schema::sections`]. For a [`MatchKind::Merged`] heading, the section its
    /// first-written part names (each section it merges points at the heading in
    /// [`Matching::sections`]).
    pub section: usize,
    /// Which pass matched it; for a duplicate, [`MatchKind::Exact`] when it repeats the
    /// section's own title and [`MatchKind::Alias`] when it repeats an alias.
    pub kind: MatchKind,
    /// Set when another heading already stands for this section: the
    /// index of that heading.
    pub duplicate_of: Option<usize>,
}

/// The result of [`Schema::match_headings`]: which document heading stands for which template
/// section. `headings` and `keys` are indexed like [`Document::headings`], `sections` like
/// [`Schema::sections`]. A duplicate heading has a match, with `duplicate_of` set, but no
/// section points at it.
#[derive(Debug, Clone, Default)]
pub struct Matching {
    /// The heading that is the document's title.
    pub title: Option<usize>,
    /// Per document heading.
    pub headings: Vec<Option<HeadingMatch>>,
    /// Per template section: the heading that stands for it.
    pub sections: Vec<Option<usize>>,
    /// Per document heading: its normalised title.
    pub keys: Vec<String>,
}

/// Words too general to tie a heading to a section on their own.
const GENERIC: &[&str] = &[
    "consideration",
    "plan",
    "statement",
    "target",
    "detail",
    "note",
    "other",
    "general",
    "misc",
    "requirement",
    "overview",
];

impl Schema {
    /// Matches the document's headings to this schema's sections, each
    /// section taking at most one heading: exact titles, then known
    /// aliases (at the section's level or above first, then one level
    /// deeper: another name only under a heading that stands for no other
    /// section), then close spellings, then headings that merge two
    /// sections, then a lone heading in a lone missing section's place that
    /// shares a word with its title.
    /// A leftover heading with a taken section's exact title, under the
    /// same parent and at the same level, is a duplicate.
    pub fn match_headings(&self, doc: &Document<'_>) -> Matching {
        let n = doc.headings.len();
        let keys: Vec<String> = doc
            .headings
            .iter()
            .map(|h| normalize_title(&h.text))
            .collect();
        let mut m = Matching {
            title: None,
            headings: vec![None; n],
            sections: vec![None; self.sections.len()],
            keys: Vec::new(),
        };

        if let (Some(t), Some(first)) = (&self.title, doc.headings.first())
            && first.level == t.level
            && !self.sections.iter().any(|s| s.key == keys[0])
        {
            m.title = Some(0);
        }
        let free = |m: &Matching, i: usize| m.title != Some(i) && m.headings[i].is_none();
        // The headings with each key, in document order: a section's
        // candidates are looked up by its title and aliases, not found by
        // comparing every heading with every alias.
        let mut by_key: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::with_capacity(n);
        for (i, k) in keys.iter().enumerate() {
            by_key.entry(k.as_str()).or_default().push(i);
        }
        let mut cands: Vec<usize> = Vec::new();

        // Exact titles, then aliases; headings at the section's level (or
        // above) first, then one level deeper: the same title anywhere (a
        // misplaced "### Test Cases"), another name only when the heading
        // it sits under stands for no other section ("### Overview" under
        // "## Design" is the design's overview, not the doc's).
        for (pass, deep) in [
            (MatchKind::Exact, false),
            (MatchKind::Alias, false),
            (MatchKind::Exact, true),
            (MatchKind::Alias, true),
        ] {
            for (s, sec) in self.sections.iter().enumerate() {
                if m.sections[s].is_some() {
                    continue;
                }
                let level_fits = |i: usize| {
                    let h = &doc.headings[i];
                    if !deep {
                        return h.level <= sec.level;
                    }
                    h.level == sec.level + 1
                        && (pass == MatchKind::Exact
                            || h.parent.is_none_or(|p| {
                                m.title == Some(p)
                                    || m.headings[p].is_none_or(|pm| sec.parent == Some(pm.section))
                            }))
                };
                cands.clear();
                if pass == MatchKind::Exact {
                    cands.extend(by_key.get(sec.key.as_str()).into_iter().flatten());
                } else {
                    for a in &sec.aliases {
                        cands.extend(by_key.get(a.as_str()).into_iter().flatten());
                    }
                    cands.sort_unstable();
                    cands.dedup();
                }
                cands.retain(|&i| free(&m, i) && level_fits(i));
                if let Some(&i) = cands
                    .iter()
                    .find(|&&i| doc.headings[i].level == sec.level)
                    .or(cands.first())
                {
                    m.sections[s] = Some(i);
                    m.headings[i] = Some(HeadingMatch {
                        section: s,
                        kind: pass,
                        duplicate_of: None,
                    });
                }
            }
        }

        // Close spellings, best pairs first. Scores are computed once per
        // distinct heading text (a doc can repeat one heading thousands of
        // times), each heading's words once.
        let open: Vec<usize> = (0..self.sections.len())
            .filter(|&s| m.sections[s].is_none())
            .collect();
        let sec_words: Vec<Vec<String>> = open
            .iter()
            .map(|&s| content_words(&self.sections[s].title))
            .collect();
        let mut scores: std::collections::HashMap<&str, Vec<(f64, bool)>> = Default::default();
        let mut pairs = Vec::new();
        for i in (0..n).filter(|&i| free(&m, i)) {
            let text = doc.headings[i].text.as_str();
            let row = scores.entry(text).or_insert_with(|| {
                let words = content_words(text);
                open.iter()
                    .zip(&sec_words)
                    .map(|(&s, sw)| similarity(&keys[i], &words, &self.sections[s].key, sw))
                    .collect()
            });
            // Words that fit several sections equally ("Consequences" for
            // "Positive Consequences" and "Negative Consequences") tie the
            // heading to none of them.
            let best = row.iter().map(|r| r.0).fold(0.0, f64::max);
            let ties = row.iter().filter(|r| r.0 == best && r.1).count();
            if best > 0.0 && ties > 1 {
                continue;
            }
            for (&s, &(score, by_words)) in open.iter().zip(row.iter()) {
                // Shared words tie a heading to a section only at the
                // section's own level: "### Networking Specifications"
                // is a part of a doc, not its missing "## Specification".
                let (level, want) = (doc.headings[i].level, self.sections[s].level);
                let level_fits = if by_words {
                    level == want
                } else {
                    level <= want + 1
                };
                if score > 0.0 && level_fits {
                    pairs.push((score, s, i));
                }
            }
        }
        pairs.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)).then(a.2.cmp(&b.2)));
        for (_, s, i) in pairs {
            if m.sections[s].is_none() && free(&m, i) {
                m.sections[s] = Some(i);
                m.headings[i] = Some(HeadingMatch {
                    section: s,
                    kind: MatchKind::Fuzzy,
                    duplicate_of: None,
                });
            }
        }

        // A heading that merges two sections ("Implementation & Testing
        // Plan", "Introduction, Motivation") stands for each part that is
        // a section's title or alias, when every part is one.
        for i in 0..n {
            if !free(&m, i) {
                continue;
            }
            let text = &doc.headings[i].text;
            if !text.contains([',', '&', '/', '+']) && !keys[i].contains(" and ") {
                continue;
            }
            let text = text.replace(" and ", ",").replace(" And ", ",");
            let parts: Vec<String> = text
                .split([',', '&', '/', '+'])
                .map(normalize_title)
                .filter(|p| !p.is_empty())
                .collect();
            if parts.len() < 2 {
                continue;
            }
            let level = doc.headings[i].level;
            let Some(hits) = parts
                .iter()
                .map(|p| {
                    (0..self.sections.len()).find(|&s| {
                        let sec = &self.sections[s];
                        m.sections[s].is_none()
                            && level <= sec.level + 1
                            && (sec.key == *p || sec.aliases.contains(p))
                    })
                })
                .collect::<Option<Vec<usize>>>()
            else {
                continue;
            };
            for &s in &hits {
                m.sections[s] = Some(i);
            }
            m.headings[i] = Some(HeadingMatch {
                section: hits[0],
                kind: MatchKind::Merged,
                duplicate_of: None,
            });
        }

        // A lone unmatched heading exactly where a lone missing section
        // belongs, between the headings of its matched neighbours.
        for s in 0..self.sections.len() {
            if m.sections[s].is_some() {
                continue;
            }
            let sec = &self.sections[s];
            let prev = (0..s).rev().find(|&p| m.sections[p].is_some());
            let next = (s + 1..self.sections.len()).find(|&q| m.sections[q].is_some());
            let (Some(p), Some(q)) = (prev, next) else {
                continue;
            };
            // Only this section is missing between the neighbours, and the
            // neighbours are siblings of it.
            let same_parent = |t: usize| self.sections[t].parent == sec.parent;
            if !same_parent(p)
                || !same_parent(q)
                || (p + 1..q).any(|t| t != s && same_parent(t) && m.sections[t].is_none())
            {
                continue;
            }
            let (hp, hq) = (m.sections[p].unwrap(), m.sections[q].unwrap());
            if hp >= hq {
                continue;
            }
            let mut between = (hp + 1..hq).filter(|&i| doc.headings[i].level <= sec.level);
            // A heading that names a section of its own ("Examples",
            // "References") or another section of the template is not a
            // rename of this one.
            let names_another = |i: usize| {
                is_standalone(&keys[i])
                    || self
                        .sections
                        .iter()
                        .any(|o| o.key == keys[i] || o.aliases.contains(&keys[i]))
            };
            // The place alone is not enough ("Team" where "Design" is
            // missing): a word in common with the section's title too.
            let shares_a_word = |i: usize| {
                let words = content_words(&doc.headings[i].text);
                content_words(&sec.title)
                    .iter()
                    .any(|w| !GENERIC.contains(&w.as_str()) && words.contains(w))
            };
            if let (Some(i), None) = (between.next(), between.next())
                && doc.headings[i].level == sec.level
                && free(&m, i)
                && !names_another(i)
                && shares_a_word(i)
            {
                m.sections[s] = Some(i);
                m.headings[i] = Some(HeadingMatch {
                    section: s,
                    kind: MatchKind::Position,
                    duplicate_of: None,
                });
            }
        }

        // A second heading for a taken section, at the same level.
        for i in 0..n {
            if !free(&m, i) {
                continue;
            }
            let hit = self
                .sections
                .iter()
                .enumerate()
                .find(|(_, sec)| sec.key == keys[i] || sec.aliases.contains(&keys[i]));
            // Only the same title again under the same parent repeats it:
            // "Summary" beside "Abstract", or "### Motivation" under each
            // feature, is not a second copy of the section.
            if let Some((s, _)) = hit
                && let Some(first) = m.sections[s]
                && doc.headings[first].level == doc.headings[i].level
                && doc.headings[first].parent == doc.headings[i].parent
                && keys[first] == keys[i]
            {
                m.headings[i] = Some(HeadingMatch {
                    section: s,
                    kind: if keys[i] == self.sections[s].key {
                        MatchKind::Exact
                    } else {
                        MatchKind::Alias
                    },
                    duplicate_of: Some(first),
                });
            }
        }
        m.keys = keys;
        m
    }
}

/// Whether a heading's normalised title (`Matching::keys`) names a section
/// of its own in most documents ("References", "Copyright", "Examples"):
/// it is nobody else's content, nor taken for a template section by
/// likeness.
pub fn is_standalone(key: &str) -> bool {
    STANDALONE.contains(&key)
}

/// Headings that name a section of their own in most documents: never
/// taken by close spelling, shared words or position for a template
/// section ("References" is not "Reference Implementation"), though an
/// exact title or a listed alias still matches.
const STANDALONE: &[&str] = &[
    "references",
    "reference",
    "bibliography",
    "citations",
    "links",
    "resources",
    "further reading",
    "see also",
    "appendix",
    "appendices",
    "examples",
    "example",
    "faq",
    "changelog",
    "change log",
    "revision history",
    "revisions",
    "history",
    "table of contents",
    "contents",
    "acknowledgments",
    "acknowledgements",
    "glossary",
    "terminology",
    "copyright",
    "license",
    "test cases",
    "tests",
    "discussion",
    "notes",
    "summary",
    "conclusion",
];

/// How much a heading looks like a section title, 0 when not enough, and
/// whether the likeness is in shared words (`true`) or in spelling.
///
/// - A close spelling: a typo's distance, at most one edit per eight
///   letters, the first letter the same ("Motivaton"; not "Activation"
///   for "Motivation").
/// - Mostly the same words (Jaccard ≥ 0.5) with a telling one among them.
/// - The heading's words all among the section's with a telling one
///   among them ("Security" for "Security / Privacy Considerations").
fn similarity(
    doc_key: &str,
    doc_words: &[String],
    sec_key: &str,
    sec_words: &[String],
) -> (f64, bool) {
    if doc_key.is_empty() || STANDALONE.contains(&doc_key) {
        return (0.0, false);
    }
    let (a, b) = (doc_key.chars().count(), sec_key.chars().count());
    let most = (a.max(b) / 8).max(1);
    // The distance is at least the difference in length: skip the
    // quadratic comparison when that alone rules it out.
    if a.abs_diff(b) <= most && doc_key.chars().next() == sec_key.chars().next() {
        let d = strsim::levenshtein(doc_key, sec_key);
        if d <= most {
            return (1.0 - d as f64 / a.max(b) as f64, false);
        }
    }
    let mut score: f64 = 0.0;
    if !doc_words.is_empty() && !sec_words.is_empty() {
        let common: Vec<&String> = doc_words.iter().filter(|w| sec_words.contains(w)).collect();
        let telling = common.iter().any(|w| !GENERIC.contains(&w.as_str()));
        if !telling {
            return (0.0, true);
        }
        let union = doc_words.len() + sec_words.len() - common.len();
        let jaccard = common.len() as f64 / union as f64;
        if jaccard >= 0.5 {
            score = score.max(jaccard);
        }
        if common.len() == doc_words.len() {
            score = score.max(0.6);
        }
    }
    (score, true)
}
