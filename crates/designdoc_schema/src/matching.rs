//! Which heading of a document stands for which template section.

use designdoc_syntax::Document;
use designdoc_syntax::text::normalize_title;

use crate::{Schema, content_words};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MatchKind {
    /// Same title (case, spacing, numbering and punctuation aside).
    Exact,
    /// A known synonym of the section's title.
    Alias,
    /// A close spelling or mostly the same words.
    Fuzzy,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct HeadingMatch {
    pub section: usize,
    pub kind: MatchKind,
    /// Set when another heading already stands for this section: the
    /// index of that heading.
    pub duplicate_of: Option<usize>,
}

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
    /// Matches the document's headings to this schema's sections: exact
    /// titles first, then known aliases, then close spellings, each section
    /// taking at most one heading (a level-matching one when there is a
    /// choice). Leftover headings with a taken section's title are
    /// duplicates.
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

        // Exact titles, then aliases.
        for pass in [MatchKind::Exact, MatchKind::Alias] {
            for (s, sec) in self.sections.iter().enumerate() {
                if m.sections[s].is_some() {
                    continue;
                }
                let fits = |i: usize| match pass {
                    MatchKind::Exact => keys[i] == sec.key,
                    _ => doc.headings[i].level <= sec.level + 1 && sec.aliases.contains(&keys[i]),
                };
                let cands: Vec<usize> = (0..n).filter(|&i| free(&m, i) && fits(i)).collect();
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
        let mut scores: std::collections::HashMap<&str, Vec<f64>> = Default::default();
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
            for (&s, &score) in open.iter().zip(row.iter()) {
                if score > 0.0 && doc.headings[i].level <= self.sections[s].level + 1 {
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
            if let Some((s, _)) = hit
                && let Some(first) = m.sections[s]
                && doc.headings[first].level == doc.headings[i].level
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

/// How much a heading looks like a section title, 0 when not enough:
/// a close spelling (normalised Levenshtein ≥ 0.8), mostly the same words
/// (Jaccard ≥ 0.5), or the heading's words all among the section's with a
/// telling one among them ("Security" for "Security / Privacy Considerations").
fn similarity(doc_key: &str, doc_words: &[String], sec_key: &str, sec_words: &[String]) -> f64 {
    if doc_key.is_empty() {
        return 0.0;
    }
    let mut score: f64 = 0.0;
    // The distance is at least the difference in length: skip the
    // quadratic comparison when that alone rules out 0.8.
    let (a, b) = (doc_key.chars().count(), sec_key.chars().count());
    if a.abs_diff(b) * 5 <= a.max(b) {
        let lev = strsim::normalized_levenshtein(doc_key, sec_key);
        if lev >= 0.8 {
            score = lev;
        }
    }
    if !doc_words.is_empty() && !sec_words.is_empty() {
        let common: Vec<&String> = doc_words.iter().filter(|w| sec_words.contains(w)).collect();
        let union = doc_words.len() + sec_words.len() - common.len();
        let jaccard = common.len() as f64 / union as f64;
        if jaccard >= 0.5 {
            score = score.max(jaccard);
        }
        let telling = common.iter().any(|w| !GENERIC.contains(&w.as_str()));
        if common.len() == doc_words.len() && telling {
            score = score.max(0.6);
        }
    }
    score
}
