//! Matching a phrase ("Testing plan defined") to the section it names, by
//! words.

use crate::SectionSchema;

/// Words that say nothing about which section is meant.
const STOP: &[&str] = &[
    "a",
    "an",
    "and",
    "are",
    "as",
    "be",
    "by",
    "for",
    "in",
    "is",
    "it",
    "of",
    "on",
    "or",
    "the",
    "to",
    "with",
    "all",
    "clearly",
    "addressed",
    "covered",
    "defined",
    "listed",
    "complete",
    "completed",
    "explained",
    "documented",
    "planned",
    "assessed",
    "done",
    "described",
    "written",
    "reviewed",
    "section",
    "etc",
];

/// Lowercase content words, stop words dropped, a plural `s` removed.
pub fn content_words(text: &str) -> Vec<String> {
    designdoc_syntax::text::title_words(text)
        .into_iter()
        .filter(|w| !STOP.contains(&w.as_str()))
        .map(|w| stem(&w))
        .collect()
}

fn stem(w: &str) -> String {
    if w.len() > 3 && w.ends_with('s') && !w.ends_with("ss") {
        w[..w.len() - 1].to_string()
    } else {
        w.to_string()
    }
}

/// The section a phrase names. A section qualifies when at least one of
/// its own title words is in the phrase; the best covers the most phrase
/// words counting its ancestors' titles too ("Functional requirements" →
/// Requirements › Functional), then the largest share of its own words
/// ("Testing plan" → Testing over Implementation Plan), then the earliest.
pub fn map_to_section(
    phrase: &str,
    sections: &[SectionSchema],
    exclude: Option<usize>,
) -> Option<usize> {
    let words = content_words(phrase);
    if words.is_empty() {
        return None;
    }
    let mut best: Option<(usize, f64, usize)> = None;
    for (i, s) in sections.iter().enumerate() {
        if Some(i) == exclude {
            continue;
        }
        let own = content_words(&s.title);
        let own_hits = own.iter().filter(|w| words.contains(w)).count();
        if own_hits == 0 {
            continue;
        }
        let mut context = own.clone();
        let mut p = s.parent;
        while let Some(pi) = p {
            context.extend(content_words(&sections[pi].title));
            p = sections[pi].parent;
        }
        let covered = words.iter().filter(|w| context.contains(w)).count();
        let share = own_hits as f64 / own.len() as f64;
        let better = match best {
            None => true,
            Some((c, sh, _)) => covered > c || (covered == c && share > sh + 1e-9),
        };
        if better {
            best = Some((covered, share, i));
        }
    }
    best.map(|(_, _, i)| i)
}
