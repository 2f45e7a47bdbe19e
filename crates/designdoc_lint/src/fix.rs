//! Applying fixes: byte-range edits, in passes, verified.
//!
//! Each pass parses the text, runs the rules, takes every safe fix whose
//! edits do not overlap an earlier one, applies them, and checks that the
//! document outside the edits still parses to the same blocks and headings
//! (an inserted heading must not land inside a code fence or a list, say).
//! A fix that fails that check is refused. Passes repeat until nothing is
//! left to fix; text that has not settled after [`MAX_PASSES`] is given
//! back unchanged.

use std::collections::HashSet;
use std::ops::Range;

use designdoc_schema::Schema;
use designdoc_syntax::{Document, parse};

use crate::{Applicability, Diagnostic, Edit, Fix, Settings, check};

pub const MAX_PASSES: usize = 10;

#[derive(Debug, Clone)]
pub struct FixOutcome {
    /// The fixed text (the input when nothing was applied).
    pub text: String,
    /// How many fixes were applied, over all passes.
    pub applied: usize,
    /// Fixes that were refused, with the reason.
    pub refused: Vec<String>,
    /// False when the fixes kept changing the text; `text` is then the input.
    pub settled: bool,
}

/// Applies all safe fixes to `src` until it settles.
pub fn fix(src: &str, schema: &Schema, settings: &Settings) -> FixOutcome {
    let mut text = src.to_string();
    let mut applied = 0;
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
        let diags = check(&doc, schema, settings);
        let fixes: Vec<&Diagnostic> = diags
            .iter()
            .filter(|d| {
                d.fix
                    .as_ref()
                    .is_some_and(|f| f.applicability == Applicability::Safe)
            })
            .filter(|d| !refused_keys.contains(&(d.message.clone(), d.rule.name)))
            .collect();
        if fixes.is_empty() {
            return FixOutcome {
                text,
                applied,
                refused,
                settled: true,
            };
        }
        let chosen = non_overlapping(fixes.iter().map(|d| d.fix.as_ref().unwrap()).collect());
        let edits: Vec<&Edit> = chosen.iter().flat_map(|f| f.edits.iter()).collect();
        let candidate = apply(&text, &edits);
        if preserves_structure(&doc, &candidate, &edits) {
            applied += chosen.len();
            text = candidate;
            continue;
        }
        // Find the culprits one by one.
        let mut progressed = false;
        for d in fixes {
            let f = d.fix.as_ref().unwrap();
            let edits: Vec<&Edit> = f.edits.iter().collect();
            let one = apply(&text, &edits);
            if preserves_structure(&doc, &one, &edits) {
                applied += 1;
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
                refused,
                settled: true,
            };
        }
    }
    let doc = parse(&text);
    let left = check(&doc, schema, settings)
        .iter()
        .any(|d| d.fixable() && !refused_keys.contains(&(d.message.clone(), d.rule.name)));
    if left {
        FixOutcome {
            text: src.to_string(),
            applied: 0,
            refused,
            settled: false,
        }
    } else {
        FixOutcome {
            text,
            applied,
            refused,
            settled: true,
        }
    }
}

/// Keeps fixes in order, dropping any that overlaps one already kept.
/// Insertions at the same point are kept in order.
fn non_overlapping(fixes: Vec<&Fix>) -> Vec<&Fix> {
    let mut taken: Vec<Range<usize>> = Vec::new();
    let mut out = Vec::new();
    for f in fixes {
        let clash = f
            .edits
            .iter()
            .any(|e| taken.iter().any(|t| overlaps(t, &e.range)));
        if !clash {
            taken.extend(f.edits.iter().map(|e| e.range.clone()));
            out.push(f);
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

/// Where an offset of the old text lands in the new one. An insertion
/// exactly at the offset moves a span's start (it goes before the span) but
/// not its end (it goes after).
fn shift(offset: usize, edits: &[&Edit], is_end: bool) -> usize {
    let mut delta: isize = 0;
    for e in edits {
        let before = if is_end && e.range.is_empty() {
            e.range.end < offset
        } else {
            e.range.end <= offset
        };
        if before {
            delta += e.replacement.len() as isize - (e.range.end - e.range.start) as isize;
        }
    }
    (offset as isize + delta) as usize
}

/// Every heading and block of `old` that no edit touches is found, same kind
/// and same text, at its shifted place in `new`.
pub fn preserves_structure(old: &Document<'_>, new: &str, edits: &[&Edit]) -> bool {
    let new_doc = parse(new);
    let touched = |r: &Range<usize>| {
        edits.iter().any(|e| {
            if e.range.is_empty() {
                r.start < e.range.start && e.range.start < r.end
            } else {
                e.range.start < r.end && r.start < e.range.end
            }
        })
    };
    let mut have: HashSet<(u8, usize, usize)> = HashSet::new();
    for h in &new_doc.headings {
        have.insert((h.level, h.span.start, h.span.end));
    }
    for b in &new_doc.blocks {
        have.insert((100 + b.kind as u8, b.span.start, b.span.end));
    }
    let old_items = old
        .headings
        .iter()
        .map(|h| (h.level, h.span.clone()))
        .chain(
            old.blocks
                .iter()
                .map(|b| (100 + b.kind as u8, b.span.clone())),
        );
    for (kind, span) in old_items {
        if touched(&span) {
            continue;
        }
        let key = (
            kind,
            shift(span.start, edits, false),
            shift(span.end, edits, true),
        );
        if !have.contains(&key) {
            return false;
        }
    }
    true
}
