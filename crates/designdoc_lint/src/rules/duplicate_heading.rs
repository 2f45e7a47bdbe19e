use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A template section written twice (the same title, at the same level
    /// under the same parent), and headings with the same title under the
    /// same parent. Titles compare with their punctuation ("C" and "C++"
    /// differ); the same subsection title under different parents ("###
    /// Motivation" under each feature) and a second name for a section
    /// ("Summary" beside "Abstract") are not repeats.
    ///
    /// ## Why it matters
    /// Two "Testing" sections split the answer in two places and leave
    /// readers unsure which is current; identical sibling headings get
    /// anchors `#testing` and `#testing-1`, so links land on the wrong one.
    ///
    /// ## Example
    /// ```markdown
    /// ## Testing
    /// Unit tests.
    /// ## Rollout
    /// Canary first.
    /// ## Testing
    /// Load tests.
    /// ```
    /// Merge the two into one `## Testing` section.
    code: "DD105",
    name: "duplicate-heading",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    let mut reported = vec![false; doc.headings.len()];
    for (h, m) in cx.matching.headings.iter().enumerate() {
        if let Some(m) = m
            && let Some(first) = m.duplicate_of
        {
            reported[h] = true;
            let title = cx.title_of(m.section);
            out.push(
                Diagnostic::new(
                    &RULE,
                    doc.headings[h].span.clone(),
                    format!(
                        "section '{title}' appears again; it first appears at line {}",
                        cx.line(doc.headings[first].span.start)
                    ),
                )
                .section(title),
            );
        }
    }
    // Headings grouped by (parent, title with case and spacing aside), in
    // document order: every one after the first of a group repeats it.
    // Sorting a few dozen keys is cheaper than hashing them. The key keeps
    // punctuation: "C" and "C++", "Single Tenant" and "Single Tenant+" are
    // different headings.
    let texts: Vec<(Option<usize>, String, usize)> = doc
        .headings
        .iter()
        .enumerate()
        .filter(|(h, _)| !cx.matching.keys[*h].is_empty())
        .map(|(h, heading)| (heading.parent, key(&heading.text), h))
        .collect();
    let mut keyed: Vec<(Option<usize>, &str, usize)> =
        texts.iter().map(|(p, k, h)| (*p, k.as_str(), *h)).collect();
    keyed.sort_unstable();
    for pair in keyed.windows(2) {
        let ((p1, k1, first), (p2, k2, h)) = (pair[0], pair[1]);
        if p1 != p2 || k1 != k2 || reported[h] {
            continue;
        }
        let first = keyed
            .iter()
            .find(|(p, k, _)| *p == p1 && *k == k1)
            .map_or(first, |x| x.2);
        let heading = &doc.headings[h];
        out.push(
            Diagnostic::new(
                &RULE,
                heading.span.clone(),
                format!(
                    "heading '{}' repeats a sibling heading at line {}",
                    heading.text,
                    cx.line(doc.headings[first].span.start)
                ),
            )
            .section_opt(cx.section_at(heading.span.start).map(|s| cx.title_of(s))),
        );
    }
}

/// A heading's title with case and spacing aside: one allocation for the
/// common ASCII title.
fn key(text: &str) -> String {
    if !text.is_ascii() {
        return text
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .to_lowercase();
    }
    let mut k = String::with_capacity(text.len());
    for w in text.split_whitespace() {
        if !k.is_empty() {
            k.push(' ');
        }
        k.extend(w.bytes().map(|b| char::from(b.to_ascii_lowercase())));
    }
    k
}
