//! Reading targets from a doc's prose: the lines and table rows of its
//! targets sections, and any line bound to a benchmark, into [`Target`]s.

use std::ops::Range;

use designdoc_schema::SectionKind;
use designdoc_syntax::BlockKind;

use super::*;
use crate::Context;

/// Labels that make a line a target, and those that make it a current
/// figure.
pub(super) const TARGET_WORDS: &[&str] = &["target", "goal", "budget", "slo", "objective", "limit"];
pub(super) const CURRENT_WORDS: &[&str] = &["current", "baseline", "today", "measured", "now"];

/// The targets of the doc `cx` checks: lines and table rows of its
/// targets sections, and any line elsewhere bound to a benchmark.
pub fn targets(cx: &Context<'_>) -> Vec<Target> {
    targets_in(cx.doc, cx.schema, &cx.matching, &|i| {
        cx.placeholder_blocks[i]
    })
}

/// [`targets`] without a [`Context`] (the site reads them in the pass
/// that checks and renders a doc): placeholder lines are asked of the
/// schema, and only for the lines that could be targets.
pub fn targets_of(
    doc: &designdoc_syntax::Document<'_>,
    schema: &designdoc_schema::Schema,
    matching: &designdoc_schema::Matching,
) -> Vec<Target> {
    targets_in(doc, schema, matching, &|i| {
        let b = &doc.blocks[i];
        b.is_content() && schema.is_placeholder(&b.text)
    })
}

pub(super) fn targets_in(
    doc: &designdoc_syntax::Document<'_>,
    schema: &designdoc_schema::Schema,
    matching: &designdoc_schema::Matching,
    placeholder: &dyn Fn(usize) -> bool,
) -> Vec<Target> {
    let mut in_targets = vec![false; doc.blocks.len()];
    for (s, sec) in schema.sections.iter().enumerate() {
        if sec.kind != SectionKind::Targets {
            continue;
        }
        if let Some(h) = matching.sections[s] {
            for i in doc.section_block_indices(h) {
                in_targets[i] = true;
            }
        }
    }
    // Per run of lines: (target, currents stated near it).
    let mut found: Vec<Target> = Vec::new();
    let mut currents: Vec<(Option<String>, Figure, Option<usize>)> = Vec::new();
    let mut columns: Option<Columns> = None;
    for (i, b) in doc.blocks.iter().enumerate() {
        if b.in_quote {
            continue;
        }
        let text = b.text.as_ref();
        match b.kind {
            BlockKind::TableHead => {
                columns = in_targets[i].then(|| Columns::new(text));
                continue;
            }
            BlockKind::TableRow => {
                let Some(c) = &columns else { continue };
                if placeholder(i) {
                    continue;
                }
                let cells: Vec<&str> = text.split(" | ").map(str::trim).collect();
                let cell = |k: Option<usize>| k.and_then(|k| cells.get(k)).copied();
                let bench = cell(c.bench)
                    .filter(|s| !s.is_empty() && *s != "-")
                    .map(str::to_string)
                    .or_else(|| cells.iter().find_map(|s| bench_of(s).map(|x| x.0)));
                let metric = cell(c.metric).unwrap_or("");
                let Some(target) =
                    cell(c.target).and_then(|s| clauses_split(s, false, false).pop())
                else {
                    continue;
                };
                let current = cell(c.current).and_then(|s| clauses(s, true).pop());
                let with_metric = |mut f: Figure| {
                    if f.metric.is_empty() {
                        f.metric = metric.to_string();
                    }
                    f
                };
                found.push(Target {
                    span: b.span.clone(),
                    figure: with_metric(target),
                    bench,
                    current: current.map(with_metric),
                    text: text.to_string(),
                });
                continue;
            }
            BlockKind::Paragraph | BlockKind::ListItem => {}
            _ => continue,
        }
        let (bench, rest) = match bench_of(text) {
            Some((name, range)) => (
                Some(name),
                format!("{}{}", &text[..range.start], &text[range.end..]),
            ),
            None => (None, text.to_string()),
        };
        if !in_targets[i] && bench.is_none() || placeholder(i) {
            continue;
        }
        let (label, value) = match rest.split_once(':') {
            Some((l, v)) if !l.chars().any(|c| c.is_ascii_digit()) => (l.to_lowercase(), v),
            // `NFR-1: startup ≤ 1 s`: an id, not a label.
            Some((l, v)) if is_requirement_id(l.trim()) => (String::new(), v),
            _ => (String::new(), rest.as_str()),
        };
        let is_current = CURRENT_WORDS.iter().any(|w| label.contains(w));
        let is_target = TARGET_WORDS.iter().any(|w| label.contains(w));
        if !is_current && !is_target && bench.is_none() {
            continue;
        }
        // `… under 1.5 s. Measured: 1.02 s`: what follows is a figure
        // stated, not promised.
        let value = match value.to_ascii_lowercase().find("measured:") {
            Some(at) if !is_current => &value[..at],
            _ => value,
        };
        for f in clauses(value, is_current) {
            if is_current {
                currents.push((bench.clone(), f, None));
            } else {
                found.push(Target {
                    span: b.span.clone(),
                    figure: f,
                    bench: bench.clone(),
                    current: None,
                    text: text.to_string(),
                });
            }
        }
    }
    // Pair each current figure with the target about the same thing: the
    // same benchmark; else, of the same dimension, the one target with
    // the same statistic and a word of the metric in common, or the one
    // target of that dimension and statistic when the current is the only
    // figure of its dimension. Anything less is a guess: left unpaired
    // (a 1.8 ms median is not paired with a 1.6 s index time).
    let dims_of_currents = |d: Dim| currents.iter().filter(|c| c.1.unit.dim == d).count();
    let mut pairs: Vec<(usize, Figure)> = Vec::new();
    for (bench, cur, _) in &currents {
        let same_dim: Vec<usize> = (0..found.len())
            .filter(|&t| found[t].current.is_none() && found[t].figure.unit.dim == cur.unit.dim)
            .filter(|&t| !pairs.iter().any(|(p, _)| *p == t))
            .collect();
        let same_stat: Vec<usize> = same_dim
            .iter()
            .copied()
            .filter(|&t| found[t].figure.statistic == cur.statistic)
            .collect();
        let words = |m: &str| -> Vec<String> {
            // Telling words: not numbers, filler, or what every figure is
            // about ("a 440 KB doc" and "the 10,000-doc workspace" share
            // nothing).
            m.split(|c: char| !c.is_alphanumeric())
                .filter(|w| w.len() > 2 && w.chars().all(char::is_alphabetic))
                .filter(|w| {
                    let l = w.to_ascii_lowercase();
                    !FILLER.contains(&l.as_str())
                        && !["doc", "docs", "file", "files", "one", "all"].contains(&l.as_str())
                })
                .map(str::to_ascii_lowercase)
                .collect()
        };
        let cur_words = words(&cur.metric);
        let shared: Vec<usize> = same_stat
            .iter()
            .copied()
            .filter(|&t| {
                words(&found[t].figure.metric)
                    .iter()
                    .any(|w| cur_words.contains(w))
            })
            .collect();
        let pick = same_dim
            .iter()
            .copied()
            .find(|&t| bench.is_some() && found[t].bench == *bench)
            .or_else(|| (shared.len() == 1).then(|| shared[0]))
            .or_else(|| {
                (same_stat.len() == 1 && dims_of_currents(cur.unit.dim) == 1).then(|| same_stat[0])
            });
        // A target whose figure is unclear has no value to compare with:
        // what would pair with it pairs with nothing (not with the next
        // target in line).
        if let Some(t) = pick.filter(|&t| found[t].figure.unclear.is_none()) {
            pairs.push((t, cur.clone()));
        }
    }
    for (t, cur) in pairs {
        found[t].current = Some(cur);
    }
    found
}

/// `FR-3`, `NFR-12`.
pub(super) fn is_requirement_id(s: &str) -> bool {
    s.split_once('-').is_some_and(|(p, n)| {
        designdoc_schema::is_id_prefix(p) && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
    })
}

/// Which column of a targets table holds what.
pub(super) struct Columns {
    metric: Option<usize>,
    current: Option<usize>,
    target: Option<usize>,
    bench: Option<usize>,
}

impl Columns {
    fn new(head: &str) -> Columns {
        let cells: Vec<String> = head.split(" | ").map(|c| c.trim().to_lowercase()).collect();
        let find = |words: &[&str]| {
            cells
                .iter()
                .position(|c| words.iter().any(|w| c.contains(w)))
        };
        let bench = find(&["bench"]);
        let target = find(TARGET_WORDS);
        let current = find(CURRENT_WORDS);
        let metric = find(&["metric", "name", "what", "operation", "measure"])
            .filter(|&m| Some(m) != bench)
            .or_else(|| (0..cells.len()).find(|&k| ![bench, target, current].contains(&Some(k))));
        Columns {
            metric,
            current,
            target,
            bench,
        }
    }
}

/// `(bench: limiter/acquire)` in `s`: the name and the range to remove.
pub fn bench_of(s: &str) -> Option<(String, Range<usize>)> {
    let start = s.find("(bench:")?;
    let end = start + s[start..].find(')')?;
    let name = s[start + 7..end].trim();
    (!name.is_empty()).then(|| (name.to_string(), start..end + 1))
}

/// The figures of a value: `p99 ≤ 40 µs, p50 ≤ 10 µs at 50k ops/s`.
/// Clauses split at `;` and at `, ` where each part has its own figure.
pub fn clauses(value: &str, current: bool) -> Vec<Figure> {
    clauses_split(value, current, !current)
}

/// [`clauses`]; `split_and` splits "under 1.5 s and 200 MB" in two (a
/// table's cell is one target, and is not split).
fn clauses_split(value: &str, current: bool, split_and: bool) -> Vec<Figure> {
    let mut parts: Vec<String> = Vec::new();
    for p in value.split(';').flat_map(|p| p.split(", ")) {
        match parts.last_mut() {
            Some(last) if first_quantity(p).is_none() => {
                last.push_str(", ");
                last.push_str(p);
            }
            _ if split_and => parts.extend(split_at_and(p)),
            _ => parts.push(p.to_string()),
        }
    }
    // When some clause of a target states a comparison, a clause without
    // one is a condition of the next ("1 MB is checked, or fixed, in under
    // 1 s"): it names what the next one measures, it is not a figure.
    if !current && parts.iter().any(|p| comparator_in(p).is_some()) {
        let mut merged: Vec<String> = Vec::new();
        let mut context = String::new();
        for p in parts {
            if comparator_in(&p).is_none() {
                if !context.is_empty() {
                    context.push_str(", ");
                }
                context.push_str(&p);
                continue;
            }
            if context.is_empty() {
                merged.push(p);
            } else {
                merged.push(format!("{}, {p}", std::mem::take(&mut context)));
            }
        }
        parts = merged;
    }
    parts.iter().filter_map(|p| figure(p, current)).collect()
}

/// "under 1.5 s and 200 MB peak RSS" → "under 1.5 s", "under 200 MB peak
/// RSS": two figures joined by "and" share the comparison before the
/// first (the second was read as a condition of the next clause, and lost).
///
/// Only a figure right before "and": in "under 10 s on 4 cores and 16 GB
/// RAM" or "under 200 ms between 10 and 50 MB payloads" the second figure
/// is a condition, not a target.
fn split_at_and(p: &str) -> Vec<String> {
    let Some((_, cs, ce)) = comparator_in(p) else {
        return vec![p.to_string()];
    };
    let rest = &p[ce..];
    if let Some(i) = rest.find(" and ") {
        let left = &rest[..i];
        let right = rest[i + 5..].trim_start();
        let starts_with_figure = first_quantity(right).is_some_and(|q| q.2.start == 0);
        let ends_with_figure =
            first_quantity(left).is_some_and(|q| left[q.2.end..].trim().is_empty());
        if starts_with_figure && ends_with_figure {
            let mut out = vec![p[..ce + i].to_string()];
            out.extend(split_at_and(&format!("{} {right}", &p[cs..ce])));
            return out;
        }
    }
    vec![p.to_string()]
}

/// Words that say nothing of what is measured, trimmed from the ends of a
/// metric's name ("and", "in" left over from a sentence).
pub(super) const FILLER: &[&str] = &[
    "and", "or", "in", "the", "a", "an", "for", "of", "to", "is", "are", "with", "at", "on", "by",
    "it", "takes", "take", "should", "must", "be", "was", "were", "has", "have",
];

/// A metric's name from the words around a figure, filler trimmed.
pub(super) fn metric_name(words: &str) -> String {
    let words: Vec<&str> = words.split_whitespace().collect();
    let filler = |w: &&str| {
        let bare = w
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_ascii_lowercase();
        bare.is_empty() || FILLER.contains(&bare.as_str())
    };
    let start = words.iter().position(|w| !filler(w)).unwrap_or(words.len());
    let end = words
        .iter()
        .rposition(|w| !filler(w))
        .map_or(start, |e| e + 1);
    words[start..end.max(start)]
        .join(" ")
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '`')
        .to_string()
}

/// A comparator written in `s`: (comparator, where it starts, where the
/// value after it starts).
pub(super) fn comparator_in(s: &str) -> Option<(Comparator, usize, usize)> {
    const FORMS: &[(&str, Comparator)] = &[
        ("<=", Comparator::Le),
        ("=<", Comparator::Le),
        ("≤", Comparator::Le),
        ("⩽", Comparator::Le),
        (">=", Comparator::Ge),
        ("≥", Comparator::Ge),
        ("⩾", Comparator::Ge),
        ("<", Comparator::Lt),
        (">", Comparator::Gt),
        ("≈", Comparator::Eq),
        ("~", Comparator::Eq),
        ("=", Comparator::Eq),
        ("no more than", Comparator::Le),
        ("at most", Comparator::Le),
        ("less than", Comparator::Lt),
        ("fewer than", Comparator::Lt),
        ("under", Comparator::Lt),
        ("below", Comparator::Lt),
        ("within", Comparator::Le),
        ("up to", Comparator::Le),
        ("no less than", Comparator::Ge),
        ("at least", Comparator::Ge),
        ("more than", Comparator::Gt),
        ("over", Comparator::Gt),
        ("above", Comparator::Gt),
    ];
    // ASCII only: byte offsets in `lower` must be offsets in `s`.
    let lower = s.to_ascii_lowercase();
    FORMS
        .iter()
        .filter_map(|(form, c)| {
            let mut from = 0;
            while let Some(i) = lower[from..].find(form).map(|i| from + i) {
                let end = i + form.len();
                let word = form.chars().all(|c| c.is_alphabetic() || c == ' ');
                let bounded = !word
                    || (!lower[..i]
                        .chars()
                        .next_back()
                        .is_some_and(char::is_alphanumeric)
                        && !lower[end..]
                            .chars()
                            .next()
                            .is_some_and(char::is_alphanumeric));
                if bounded {
                    return Some((*c, i, end));
                }
                from = end;
            }
            None
        })
        // A symbol before any word (in "trace over 100,000 files ≤ 2 s",
        // "over" is a preposition); then the earliest; at one place, the
        // longest form (`<=` before `<`).
        .min_by_key(|&(_, i, end)| {
            let word = lower[i..end].chars().all(|c| c.is_alphabetic() || c == ' ');
            (word, i, usize::MAX - end)
        })
}

/// The first number with a unit in `s`: (value, unit, range).
pub(super) fn first_quantity(s: &str) -> Option<(f64, Unit, Range<usize>)> {
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let word_start = i == 0 || !(b[i - 1].is_ascii_alphanumeric() || b[i - 1] == b'.');
        if !(b[i].is_ascii_digit() && word_start) {
            i += 1;
            continue;
        }
        let start = i;
        let mut j = i;
        while j < b.len()
            && (b[j].is_ascii_digit()
                || (matches!(b[j], b'.' | b',' | b'_')
                    && b.get(j + 1).is_some_and(u8::is_ascii_digit)))
        {
            j += 1;
        }
        let Ok(mut n) = s[start..j].replace([',', '_'], "").parse::<f64>() else {
            i = j.max(i + 1);
            continue;
        };
        // `50k ops/s`, `1.2M req/s`
        let mut k = j;
        if let Some(&m) = b.get(k)
            && matches!(m, b'k' | b'K' | b'M')
            && !b.get(k + 1).is_some_and(u8::is_ascii_alphabetic)
        {
            n *= if m == b'M' { 1e6 } else { 1e3 };
            k += 1;
        }
        while b.get(k) == Some(&b' ') {
            k += 1;
        }
        let rest = &s[k..];
        let len = rest
            .char_indices()
            .find(|&(_, c)| !(c.is_alphabetic() || matches!(c, '%' | '/')))
            .map_or(rest.len(), |(e, _)| e);
        let word = rest[..len].trim_end_matches('/');
        if let Some(unit) = parse_unit(word) {
            return Some((n, unit, start..k + word.len()));
        }
        i = j.max(i + 1);
    }
    None
}

/// The statistic a phrase names when it is only that ("(median)").
pub(super) fn statistic_word(s: &str) -> Option<Statistic> {
    let mut words = s.split_whitespace();
    let w = words.next()?;
    if words.next().is_some() {
        return None;
    }
    Statistic::parse(w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// One clause: `p99 acquire ≤ 40 µs at 50k ops/s`.
pub(super) fn figure(clause: &str, current: bool) -> Option<Figure> {
    let compared = match comparator_in(clause) {
        Some((c, at, end)) if !current || c != Comparator::Eq => {
            Some((Some(c), &clause[..at], &clause[end..]))
        }
        _ => None,
    };
    // "at most triples the time": the comparison is not about a number
    // after it. Only a hedge may stand between them. A target that says
    // so is no figure; a current figure is read without the comparison
    // ("1.8 ms (median over 300 edits)").
    let hedged = |value_part: &str, range: &Range<usize>| {
        let gap = value_part[..range.start].trim().to_ascii_lowercase();
        [
            "",
            "about",
            "around",
            "roughly",
            "approximately",
            "~",
            "some",
        ]
        .contains(&gap.as_str())
    };
    let mut unclear = None;
    let (comparator, before, value_part, (value, unit, range)) = match compared {
        Some((c, before, value_part)) => match first_quantity(value_part) {
            Some(q) if hedged(value_part, &q.2) => (c, before, value_part, q),
            _ if current => (None, "", clause, first_quantity(clause)?),
            // A comparison with no figure after it ("at most triples").
            None => return None,
            // A figure, but the comparison is with something else first.
            Some(q) => {
                let said = value_part[..q.2.start].split('(').next().unwrap_or("");
                unclear = Some(format!(
                    "the comparison is with '{}', not a figure: write the target as '≤ N unit'",
                    said.trim()
                ));
                (c, before, value_part, q)
            }
        },
        None => (None, "", clause, first_quantity(clause)?),
    };
    let head = if comparator.is_some() {
        before.to_string()
    } else {
        value_part[..range.start].to_string()
    };
    let mut statistic = None;
    let mut metric: Vec<&str> = Vec::new();
    for w in head.split_whitespace() {
        let bare = w.trim_matches(|c: char| !c.is_alphanumeric() && c != '.');
        match Statistic::parse(bare) {
            Some(s) if statistic.is_none() => statistic = Some(s),
            _ => metric.push(w),
        }
    }
    // The statistic may follow the value: `40 µs p99`.
    if statistic.is_none() {
        let after = &value_part[range.end..];
        statistic = after
            .split_whitespace()
            .take(2)
            .find_map(|w| Statistic::parse(w.trim_matches(|c: char| !c.is_alphanumeric())));
    }
    let rate = matches!(unit.dim, Dim::Rate | Dim::ByteRate);
    let statistic = statistic.unwrap_or(match unit.dim {
        Dim::Rate | Dim::ByteRate => Statistic::Throughput,
        Dim::Bytes => Statistic::Max,
        _ => Statistic::Mean,
    });
    let comparator = match comparator {
        Some(c) => c,
        None if current => Comparator::Eq,
        None if rate => Comparator::Ge,
        None => Comparator::Le,
    };
    let mut metric = metric_name(&metric.join(" "));
    if metric.is_empty() {
        // "at most 20 s for the full build": named after the figure.
        let mut after = value_part[range.end..].trim_start();
        // "10 ms (median) for the diagnostics": past a parenthesis.
        if after.starts_with('(')
            && let Some(close) = after.find(')')
        {
            after = &after[close + 1..];
        }
        let end = [", ", "; ", " (", ". ", " and "]
            .iter()
            .filter_map(|d| after.find(d))
            .min()
            .unwrap_or(after.len());
        let named = metric_name(&after[..end]);
        if statistic_word(&named).is_none() {
            metric = named;
        }
    }
    Some(Figure {
        metric,
        statistic,
        comparator,
        value,
        unit,
        unclear,
    })
}
