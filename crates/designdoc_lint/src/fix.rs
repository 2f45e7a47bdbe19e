//! Applying fixes: byte-range edits, in passes, verified.
//!
//! Each pass parses the text, runs the rules, takes every fix the run
//! allows (the safe ones; the suggested ones too with `--unsafe-fixes`) whose
//! edits do not overlap an earlier one, applies them, and checks that the
//! document outside the edits still parses to the same blocks and headings
//! (an inserted heading must not land inside a code fence or a list, say),
//! the same links to the same targets and the same task boxes: what is
//! rendered outside the edits is unchanged.
//! A fix that fails that check is refused. Passes repeat until nothing is
//! left to fix; text that has not settled after [`MAX_PASSES`] is given
//! back unchanged.

use std::collections::{HashMap, HashSet};
use std::ops::Range;

use designdoc_schema::Schema;
use designdoc_syntax::{Document, parse};

use crate::{Applicability, Diagnostic, Edit, Fix, Settings, check};

/// Most passes a run makes: text still changing after this many is given back unchanged
/// ([`FixOutcome::settled`] false).
pub const MAX_PASSES: usize = 10;

/// Fixes tried one at a time in a pass whose fixes together were refused.
const MAX_TRIES: usize = 16;

/// Which fixes a run applies.
#[derive(Debug, Clone, Default)]
pub struct FixOptions {
    /// Apply the suggested (unsafe) fixes too: `--unsafe-fixes`.
    pub unsafe_fixes: bool,
    /// The heading anchors of this doc that other docs link to: a fix
    /// that takes one away is unsafe ([`demote_linked`]).
    pub linked_anchors: HashSet<String>,
}

/// Makes unsafe the fixes that take away an anchor another doc links to
/// (a heading rename would break those links).
pub fn demote_linked(diags: &mut [Diagnostic], linked: &HashSet<String>) {
    if linked.is_empty() {
        return;
    }
    for d in diags {
        if let Some(f) = &mut d.fix
            && f.applicability == Applicability::Safe
            && f.anchor
                .as_ref()
                .is_some_and(|a| linked.iter().any(|l| l.eq_ignore_ascii_case(a)))
        {
            f.applicability = Applicability::Suggested;
            f.description.push_str(" (other docs link to its anchor)");
        }
    }
}

/// A fix that was applied: for `--show-fixes`.
#[derive(Debug, Clone)]
pub struct Applied {
    /// The rule whose diagnostic carried the fix.
    pub rule: &'static crate::Rule,
    /// The fix's [`description`](crate::Fix::description).
    pub description: String,
}

/// What a [`fix`] or [`fix_with`] run did to the text.
#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing was applied).
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// What they were, in the order applied.
    pub fixes: Vec<Applied>,
    /// Fixes that were refused, with the reason.
    pub refused: Vec<String>,
    /// False when the fixes kept changing the text; `text` is then the input.
    pub settled: bool,
}

/// Applies all safe fixes to `src` until it settles.
pub fn fix(src: &str, schema: &Schema, settings: &Settings) -> FixOutcome {
    fix_with(src, schema, settings, &FixOptions::default())
}

/// Applies the fixes `options` allows to `src` until it settles.
pub fn fix_with(
    src: &str,
    schema: &Schema,
    settings: &Settings,
    options: &FixOptions,
) -> FixOutcome {
    let wanted = |f: &Fix| options.unsafe_fixes || f.applicability == Applicability::Safe;
    // Only rules that can fix run in the passes: the others' findings are
    // not needed here (the caller checks the result once).
    // A doc with suppression comments needs every rule: whether a comment
    // suppresses anything (`unused-suppression`, which fixes) depends on
    // all of them.
    let judges_comments = settings
        .severity(&crate::rules::unused_suppression::RULE)
        .is_some()
        && memchr::memmem::find(src.as_bytes(), b"designdoc-").is_some();
    let mut fixers = settings.clone();
    if !judges_comments {
        for rule in crate::RULES {
            if rule.fix == crate::FixAvailability::None {
                fixers.severities.insert(rule.name, None);
            }
        }
    }
    let settings = &fixers;
    let mut text = src.to_string();
    let mut applied = 0;
    let mut fixes_done: Vec<Applied> = Vec::new();
    let mut refused = Vec::new();
    let mut refused_keys: HashSet<(String, &'static str)> = HashSet::new();
    for _ in 0..MAX_PASSES {
        let doc = parse(&text);
        if doc
            .problems
            .iter()
            .any(|p| matches!(p.kind, designdoc_syntax::ProblemKind::ParserPanic(_)))
        {
            break;
        }
        let mut diags = check(&doc, schema, settings);
        demote_linked(&mut diags, &options.linked_anchors);
        let fixes: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| d.fix.as_deref().is_some_and(wanted))
            .filter(|d| !refused_keys.contains(&(d.message.clone(), d.rule.name)))
            .collect();
        if fixes.is_empty() {
            return FixOutcome {
                text,
                applied,
                fixes: fixes_done,
                refused,
                settled: true,
            };
        }
        let chosen = non_overlapping(
            fixes
                .iter()
                .map(|d| (d.rule, d.fix.as_deref().unwrap()))
                .collect(),
        );
        let edits: Vec<&Edit> = chosen.iter().flat_map(|(_, f)| f.edits.iter()).collect();
        let candidate = apply(&text, &edits);
        if preserves_structure(&doc, &candidate, &edits) {
            applied += chosen.len();
            fixes_done.extend(chosen.iter().map(|(rule, f)| Applied {
                rule,
                description: f.description.clone(),
            }));
            text = candidate;
            continue;
        }
        // Find the culprits one by one (each try parses the whole text, so
        // a pass tries a bounded number; the next pass goes on).
        let mut progressed = false;
        for d in fixes.into_iter().take(MAX_TRIES) {
            let f = d.fix.as_ref().unwrap();
            let edits: Vec<&Edit> = f.edits.iter().collect();
            let one = apply(&text, &edits);
            if preserves_structure(&doc, &one, &edits) {
                applied += 1;
                fixes_done.push(Applied {
                    rule: d.rule,
                    description: f.description.clone(),
                });
                text = one;
                progressed = true;
                break;
            }
            refused.push(format!(
                "{}: {} (it would change the document beyond its edit)",
                d.rule.name, f.description
            ));
            refused_keys.insert((d.message.clone(), d.rule.name));
        }
        if !progressed {
            return FixOutcome {
                text,
                applied,
                fixes: fixes_done,
                refused,
                settled: true,
            };
        }
    }
    let doc = parse(&text);
    let mut last = check(&doc, schema, settings);
    demote_linked(&mut last, &options.linked_anchors);
    let left = last.iter().any(|d| {
        d.fix.as_deref().is_some_and(wanted)
            && !refused_keys.contains(&(d.message.clone(), d.rule.name))
    });
    if left {
        FixOutcome {
            text: src.to_string(),
            applied: 0,
            fixes: Vec::new(),
            refused,
            settled: false,
        }
    } else {
        FixOutcome {
            text,
            applied,
            fixes: fixes_done,
            refused,
            settled: true,
        }
    }
}

/// Keeps fixes in order, dropping any that overlaps one already kept.
/// Insertions at the same point are kept in order. The kept replacements
/// are disjoint, so one ordered lookup finds a clash (a doc can have tens
/// of thousands of fixes: comparing each with all kept was quadratic).
fn non_overlapping<'f>(
    fixes: Vec<(&'static crate::Rule, &'f Fix)>,
) -> Vec<(&'static crate::Rule, &'f Fix)> {
    use std::collections::{BTreeMap, BTreeSet};
    let mut spans: BTreeMap<usize, usize> = BTreeMap::new(); // start → end
    let mut points: BTreeSet<usize> = BTreeSet::new();
    let mut out = Vec::new();
    for (rule, f) in fixes {
        let clash = f.edits.iter().any(|e| {
            let r = &e.range;
            // The last kept replacement starting before this edit ends (or
            // before its point) is the only one that can reach into it.
            let reach = spans
                .range(..r.end.max(r.start + usize::from(r.is_empty())))
                .next_back()
                .is_some_and(|(&s, &end)| {
                    let t = s..end;
                    overlaps(&t, r)
                });
            let swallows_point = !r.is_empty()
                && points
                    .range(r.start.saturating_add(1)..r.end)
                    .next()
                    .is_some();
            reach || swallows_point
        });
        if !clash {
            for e in &f.edits {
                if e.range.is_empty() {
                    points.insert(e.range.start);
                } else {
                    spans.insert(e.range.start, e.range.end);
                }
            }
            out.push((rule, f));
        }
    }
    out
}

fn overlaps(a: &Range<usize>, b: &Range<usize>) -> bool {
    if a.is_empty() || b.is_empty() {
        // An insertion clashes with a replacement that spans its point.
        let (p, r) = if a.is_empty() {
            (a.start, b)
        } else {
            (b.start, a)
        };
        return r.start < p && p < r.end;
    }
    a.start < b.end && b.start < a.end
}

/// Applies non-overlapping edits (stable for insertions at one point).
pub fn apply(src: &str, edits: &[&Edit]) -> String {
    let mut sorted: Vec<(usize, &Edit)> = edits.iter().copied().enumerate().collect();
    sorted.sort_by_key(|(i, e)| (e.range.start, e.range.end, *i));
    let mut out = String::with_capacity(src.len() + 256);
    let mut pos = 0;
    for (_, e) in sorted {
        if e.range.start < pos {
            continue;
        }
        out.push_str(&src[pos..e.range.start]);
        out.push_str(&e.replacement);
        pos = e.range.end;
    }
    out.push_str(&src[pos..]);
    out
}

/// The edits of one pass, sorted, to answer "is this span touched?" and
/// "where does this offset move?" by binary search: a pass can apply tens
/// of thousands of edits to a doc with as many blocks.
struct EditMap {
    /// Replacements (non-empty ranges, disjoint), by start.
    spans: Vec<Range<usize>>,
    /// Insertion points, sorted.
    points: Vec<usize>,
    /// All edits by (end, non-empty first), with the running sum of their
    /// length changes: `deltas[i]` is the change made by the first `i`.
    ends: Vec<(usize, bool)>,
    deltas: Vec<isize>,
}

impl EditMap {
    fn new(edits: &[&Edit]) -> Self {
        let mut spans: Vec<Range<usize>> = Vec::new();
        let mut points = Vec::new();
        let mut by_end: Vec<(usize, bool, isize)> = Vec::with_capacity(edits.len());
        for e in edits {
            let r = &e.range;
            if r.is_empty() {
                points.push(r.start);
            } else {
                spans.push(r.clone());
            }
            let delta = e.replacement.len() as isize - r.len() as isize;
            by_end.push((r.end, r.is_empty(), delta));
        }
        spans.sort_by_key(|r| r.start);
        points.sort_unstable();
        by_end.sort_by_key(|&(end, empty, _)| (end, empty));
        let mut deltas = Vec::with_capacity(by_end.len() + 1);
        deltas.push(0);
        let mut sum = 0;
        for &(_, _, d) in &by_end {
            sum += d;
            deltas.push(sum);
        }
        let ends = by_end
            .into_iter()
            .map(|(end, empty, _)| (end, empty))
            .collect();
        EditMap {
            spans,
            points,
            ends,
            deltas,
        }
    }

    /// Some edit changes bytes inside `r` (an insertion at its very start
    /// or end does not).
    fn touches(&self, r: &Range<usize>) -> bool {
        let i = self.spans.partition_point(|s| s.start < r.end);
        let by_span = i > 0 && self.spans[i - 1].end > r.start;
        let j = self.points.partition_point(|&p| p <= r.start);
        by_span || self.points.get(j).is_some_and(|&p| p < r.end)
    }

    /// Where an offset of the old text lands in the new one. An insertion
    /// exactly at the offset moves a span's start (it goes before the
    /// span) but not its end (it goes after).
    fn shift(&self, offset: usize, is_end: bool) -> usize {
        // Edits wholly before the offset: ending before it, or ending at it
        // when they replace something, or (for a start) insert there.
        let n = self
            .ends
            .partition_point(|&(end, empty)| end < offset || end == offset && (!is_end || !empty));
        (offset as isize + self.deltas[n]) as usize
    }
}

/// Every heading and block of `old` that no edit touches is found, same kind
/// and same text, at its shifted place in `new`.
pub fn preserves_structure(old: &Document<'_>, new: &str, edits: &[&Edit]) -> bool {
    let new_doc = parse(new);
    let map = EditMap::new(edits);
    let moved = |r: &Range<usize>| (map.shift(r.start, false), map.shift(r.end, true));
    // Sorted keys and binary search: cheaper than hashing when a doc has
    // hundreds of thousands of blocks.
    fn sorted<T: Ord>(mut v: Vec<T>) -> Vec<T> {
        v.sort_unstable();
        v
    }
    let have = sorted(
        new_doc
            .headings
            .iter()
            .map(|h| (h.level, h.span.start, h.span.end))
            .chain(
                new_doc
                    .blocks
                    .iter()
                    .map(|b| (100 + b.kind as u8, b.span.start, b.span.end)),
            )
            .collect(),
    );
    let structure_kept = old
        .headings
        .iter()
        .map(|h| (h.level, &h.span))
        .chain(old.blocks.iter().map(|b| (100 + b.kind as u8, &b.span)))
        .filter(|(_, span)| !map.touches(span))
        .all(|(kind, span)| {
            let (a, b) = moved(span);
            have.binary_search(&(kind, a, b)).is_ok()
        });
    if !structure_kept {
        return false;
    }
    // Inline content of an untouched block is the same bytes, so it renders
    // the same, except what resolves across the document: a reference
    // link's target and a task's box. Those must be kept too.
    let links = sorted(
        new_doc
            .links
            .iter()
            .map(|l| (l.span.start, l.span.end, l.dest.as_str()))
            .collect(),
    );
    let links_kept = old.links.iter().filter(|l| !map.touches(&l.span)).all(|l| {
        let (a, b) = moved(&l.span);
        links.binary_search(&(a, b, l.dest.as_str())).is_ok()
    });
    let tasks = sorted(
        new_doc
            .tasks
            .iter()
            .map(|t| (t.span.start, t.span.end, t.checked))
            .collect(),
    );
    let tasks_kept = old.tasks.iter().filter(|t| !map.touches(&t.span)).all(|t| {
        let (a, b) = moved(&t.span);
        tasks.binary_search(&(a, b, t.checked)).is_ok()
    });
    links_kept && tasks_kept && anchors_kept(old, &new_doc, &map)
}

/// Where a `#fragment` resolves: a heading (its start) or an HTML anchor.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Target {
    Heading(usize),
    Html(String),
}

/// What `#fragment` links can point to in `doc` (GitHub's heading anchors,
/// repeats numbered as GitHub numbers them, then explicit HTML anchors),
/// and how many headings repeat an earlier heading's anchor.
fn anchor_targets(doc: &Document<'_>) -> (HashMap<String, Target>, usize) {
    let mut slugger = designdoc_syntax::slug::Slugger::default();
    let mut plain = HashSet::new();
    let mut repeats = 0;
    let mut map = HashMap::new();
    for h in &doc.headings {
        if !plain.insert(designdoc_syntax::slug::github_slug(&h.text)) {
            repeats += 1;
        }
        map.entry(slugger.slug(&h.text).to_lowercase())
            .or_insert(Target::Heading(h.span.start));
    }
    for a in &doc.html_anchors {
        map.entry(a.to_lowercase())
            .or_insert_with(|| Target::Html(a.to_lowercase()));
    }
    (map, repeats)
}

/// A fix keeps every explicit anchor (`<a name="x">`), makes no heading
/// repeat another's anchor, and leaves every `#fragment` link that
/// resolved pointing where it pointed: a link the edits do not touch at
/// the same heading (moved with the edits) or anchor, a link they rewrite
/// (a renamed heading's own links) still resolving.
fn anchors_kept(old: &Document<'_>, new: &Document<'_>, map: &EditMap) -> bool {
    let html_kept = old
        .html_anchors
        .iter()
        .all(|a| new.html_anchors.iter().any(|b| b.eq_ignore_ascii_case(a)));
    if !html_kept {
        return false;
    }
    let (old_map, old_repeats) = anchor_targets(old);
    let (new_map, new_repeats) = anchor_targets(new);
    if new_repeats > old_repeats {
        return false;
    }
    let resolve = |m: &HashMap<String, Target>, dest: &str| -> Option<Target> {
        let f = dest.strip_prefix('#')?;
        m.get(&crate::repo::percent_decode(f).to_lowercase())
            .cloned()
    };
    let new_links: HashMap<usize, &str> = new
        .links
        .iter()
        .map(|l| (l.span.start, l.dest.as_str()))
        .collect();
    for l in &old.links {
        let Some(was) = resolve(&old_map, &l.dest) else {
            continue;
        };
        if map.touches(&l.span) {
            continue;
        }
        let Some(dest) = new_links.get(&map.shift(l.span.start, false)) else {
            return false;
        };
        let moved = match was {
            Target::Heading(at) => Target::Heading(map.shift(at, false)),
            html => html,
        };
        if resolve(&new_map, dest) != Some(moved) {
            return false;
        }
    }
    // The links the edits rewrote: as many resolve as did.
    let still = new
        .links
        .iter()
        .filter(|l| resolve(&new_map, &l.dest).is_some())
        .count();
    let before = old
        .links
        .iter()
        .filter(|l| resolve(&old_map, &l.dest).is_some())
        .count();
    still >= before
}

#[cfg(test)]
mod tests {
    use super::*;

    fn verify(src: &str, edit: Edit) -> bool {
        let doc = parse(src);
        let edits = [&edit];
        preserves_structure(&doc, &apply(src, &edits), &edits)
    }

    #[test]
    fn an_edit_that_retargets_a_reference_link_elsewhere_is_refused() {
        let src = "# T\n\n## A\nSee [the spec][r].\n\n## B\nText.\n\n[r]: /one\n";
        // A new definition of `r` before the old one wins: the link in A,
        // which the edit does not touch, would point elsewhere.
        let at = src.find("## B").unwrap();
        assert!(!verify(src, Edit::insert(at, "[r]: /zero\n\n")));
        // The same insertion with another label changes nothing outside.
        assert!(verify(src, Edit::insert(at, "[q]: /zero\n\n")));
    }

    #[test]
    fn an_edit_that_drops_an_inline_anchor_is_refused() {
        let src = "# T\n\n## <a name=\"Dir\"></a>Future\n\nSee [x](#Dir).\n";
        let at = src.find("<a").unwrap();
        let end = src.find("Future").unwrap();
        assert!(!verify(
            src,
            Edit::replace(at..end + 6, "Future directions")
        ));
        assert!(verify(
            src,
            Edit::replace(end..end + 6, "Future directions")
        ));
    }

    #[test]
    fn an_edit_that_creates_a_duplicate_heading_is_refused() {
        let src = "# T\n\n## Motivation\n\nWhy.\n\n## Design\n\nHow.\n";
        let at = src.find("## Design").unwrap();
        assert!(!verify(src, Edit::insert(at, "## Motivation\n\n")));
        assert!(verify(src, Edit::insert(at, "## Goals\n\n")));
    }

    #[test]
    fn an_edit_that_breaks_a_fragment_link_is_refused() {
        let src = "# T\n\n## Test Plan\n\nSee [plan](#test-plan).\n";
        let at = src.find("Test Plan").unwrap();
        assert!(!verify(src, Edit::replace(at..at + 9, "Testing")));
    }

    #[test]
    fn an_edit_that_retargets_a_fragment_link_is_refused() {
        // Renaming the first "Testing" sends `[t]: #testing` to the second.
        let src = "# T\n\n## Testing\n\nA.\n\n### Testing\n\nB [t].\n\n[t]: #testing\n";
        let at = src.find("Testing").unwrap();
        assert!(!verify(src, Edit::replace(at..at + 7, "Test Plan")));
    }

    #[test]
    fn an_edit_that_swallows_the_rest_into_a_code_fence_is_refused() {
        let src = "# T\n\n## A\nText.\n\n## B\n- [ ] item\n";
        let at = src.find("## A").unwrap();
        assert!(!verify(src, Edit::insert(at, "```\n")));
        assert!(verify(src, Edit::insert(at, "## New\n\n")));
    }

    /// Regression: a rename was "safe" while a reference definition still
    /// pointed at the old anchor (`[o]: #overvieww`), which it cannot
    /// update; and a rename another doc links to was safe too.
    #[test]
    fn a_rename_that_would_strand_a_link_is_unsafe() {
        let schema = designdoc_schema::builtin("design-doc").unwrap();
        let mut only = Settings::default();
        for r in crate::RULES {
            if r.name != "renamed-section" {
                only.severities.insert(r.name, None);
            }
        }
        let applicability = |src: &str, linked: &[&str]| {
            let mut diags = check(&parse(src), &schema, &only);
            let linked = linked.iter().map(|s| s.to_string()).collect();
            demote_linked(&mut diags, &linked);
            diags[0].fix.as_ref().unwrap().applicability
        };
        let plain = "# Design Document: X\n\n## Overvieww\n\nSee [it](#overvieww).\n";
        assert_eq!(applicability(plain, &[]), Applicability::Safe);
        assert_eq!(
            applicability(plain, &["overvieww"]),
            Applicability::Suggested
        );
        let reference = "# Design Document: X\n\n## Overvieww\n\nSee [it][o].\n\n[o]: #overvieww\n";
        assert_eq!(applicability(reference, &[]), Applicability::Suggested);
        // And --fix leaves it.
        let out = fix(reference, &schema, &only);
        assert_eq!(out.text, reference);
    }
}
