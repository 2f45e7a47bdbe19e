use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Template sections that appear in a different order than the
    /// template's, compared among siblings (sections with the same parent).
    /// The longest run already in order is kept; the others are reported.
    /// The run is read off the headings at their sections' level: a heading
    /// deeper than its section ("### Rationale" inside the Abstract) never
    /// puts the sections around it out of order, and is itself reported
    /// when it sits out of that order.
    ///
    /// ## Why it matters
    /// Reviewers read many docs; the template's order lets them find the
    /// alternatives or the rollout plan without searching, and it is the
    /// order in which a design is argued (problem, requirements, design,
    /// alternatives).
    ///
    /// ## Example
    /// ```markdown
    /// ## Testing
    /// ## Design
    /// ```
    /// The template puts Design before Testing: move `## Testing` (with its
    /// content) after the Design section.
    code: "DD103",
    name: "section-order",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let schema = cx.schema;
    // Group the present sections by template parent, in document order.
    let mut parents: Vec<Option<usize>> = schema.sections.iter().map(|s| s.parent).collect();
    parents.sort();
    parents.dedup();
    for parent in parents {
        let mut seq: Vec<(usize, usize)> = (0..schema.sections.len())
            .filter(|&s| schema.sections[s].parent == parent)
            .filter_map(|s| cx.heading_of(s).map(|h| (h, s)))
            .collect();
        seq.sort();
        // The order is read off the headings at their sections' level. A
        // deeper one ("### Rationale" inside the Abstract) is a part of
        // another section: it never makes the sections around it out of
        // order, but is itself reported when it sits out of that order.
        let shallow: Vec<usize> = (0..seq.len())
            .filter(|&i| cx.doc.headings[seq[i].0].level <= schema.sections[seq[i].1].level)
            .collect();
        let keep: Vec<usize> =
            longest_increasing(&shallow.iter().map(|&i| seq[i].1).collect::<Vec<_>>())
                .into_iter()
                .map(|k| shallow[k])
                .collect();
        for (i, &(h, s)) in seq.iter().enumerate() {
            let in_order = if shallow.contains(&i) {
                keep.contains(&i)
            } else {
                keep.iter().all(|&k| (seq[k].0 < h) == (seq[k].1 < s))
            };
            if in_order {
                continue;
            }
            let after = seq
                .iter()
                .enumerate()
                .filter(|(j, (_, t))| keep.contains(j) && *t < s)
                .map(|(_, x)| x.1)
                .max();
            let place = match after {
                Some(a) => format!("after '{}'", cx.title_of(a)),
                None => {
                    let before = seq
                        .iter()
                        .enumerate()
                        .filter(|(j, (_, t))| keep.contains(j) && *t > s)
                        .map(|(_, x)| x.1)
                        .min();
                    before.map_or("elsewhere".to_string(), |b| {
                        format!("before '{}'", cx.title_of(b))
                    })
                }
            };
            let heading = &cx.doc.headings[h];
            out.push(
                Diagnostic::new(
                    &RULE,
                    heading.span.clone(),
                    format!(
                        "section '{}' is out of order: the template puts it {place}",
                        cx.title_of(s)
                    ),
                )
                .section(cx.title_of(s)),
            );
        }
    }
}

/// Indices of one longest strictly increasing subsequence.
fn longest_increasing(v: &[usize]) -> Vec<usize> {
    let n = v.len();
    let mut len = vec![1usize; n];
    let mut prev = vec![usize::MAX; n];
    for i in 0..n {
        for j in 0..i {
            if v[j] < v[i] && len[j] + 1 > len[i] {
                len[i] = len[j] + 1;
                prev[i] = j;
            }
        }
    }
    let Some(mut i) = (0..n).max_by_key(|&i| (len[i], std::cmp::Reverse(i))) else {
        return Vec::new();
    };
    let mut out = vec![i];
    while prev[i] != usize::MAX {
        i = prev[i];
        out.push(i);
    }
    out
}
