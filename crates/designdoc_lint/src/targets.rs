//! Performance targets as data: the `Current performance` / `Target
//! performance` lines and tables of a doc read into metric, statistic,
//! comparator, value and unit, each with its benchmark binding
//! (`(bench: limiter/acquire)`); benchmark results read from criterion,
//! hyperfine, Go `-bench`, pytest-benchmark and a generic JSON; and the
//! verdict of each target against them: `met`, `missed` or `unmeasured`.
//!
//! Pure: the readers take the files' text; finding the files is the
//! caller's (`designdoc_repo::results`).
//!
//! The unit and statistic parsing is written here because no maintained
//! crate reads "p99 acquire ≤ 40 µs at 50k ops/s": unit crates (uom)
//! convert typed quantities, they do not parse prose.

use std::ops::Range;

use designdoc_schema::SectionKind;
use designdoc_syntax::BlockKind;

use crate::Context;

/// What a quantity measures. Values are kept in base units: seconds,
/// per second, bytes, bytes per second, percent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Dim {
    Time,
    Rate,
    Bytes,
    ByteRate,
    Percent,
}

/// A unit as written, with its scale to the base unit.
#[derive(Debug, Clone, PartialEq)]
pub struct Unit {
    pub text: String,
    pub dim: Dim,
    pub scale: f64,
}

/// Reads a unit (`µs`, `ms`, `MB`, `ops/s`, `req/s`, `MiB/s`, `%`).
pub fn parse_unit(s: &str) -> Option<Unit> {
    let t = s.trim();
    let l = t.to_lowercase();
    let time = |l: &str| -> Option<f64> {
        Some(match l {
            "ns" | "nanosecond" | "nanoseconds" => 1e-9,
            "µs" | "μs" | "us" | "microsecond" | "microseconds" => 1e-6,
            "ms" | "millisecond" | "milliseconds" => 1e-3,
            "s" | "sec" | "secs" | "second" | "seconds" => 1.0,
            "min" | "mins" | "minute" | "minutes" => 60.0,
            "h" | "hr" | "hrs" | "hour" | "hours" => 3600.0,
            _ => return None,
        })
    };
    let bytes = |l: &str| -> Option<f64> {
        Some(match l {
            "b" | "byte" | "bytes" => 1.0,
            "kb" => 1e3,
            "mb" => 1e6,
            "gb" => 1e9,
            "tb" => 1e12,
            "kib" => 1024.0,
            "mib" => 1024.0 * 1024.0,
            "gib" => 1024.0 * 1024.0 * 1024.0,
            "tib" => 1024f64.powi(4),
            _ => return None,
        })
    };
    let unit = |dim, scale| {
        Some(Unit {
            text: t.to_string(),
            dim,
            scale,
        })
    };
    if l == "%" {
        return unit(Dim::Percent, 1.0);
    }
    if let Some(x) = time(&l) {
        return unit(Dim::Time, x);
    }
    if let Some(x) = bytes(&l) {
        return unit(Dim::Bytes, x);
    }
    if matches!(l.as_str(), "rps" | "qps" | "tps" | "ops" | "iops") {
        return unit(Dim::Rate, 1.0);
    }
    if matches!(l.as_str(), "rpm" | "qpm") {
        return unit(Dim::Rate, 1.0 / 60.0);
    }
    let (what, per) = l.split_once('/')?;
    let per = time(per.trim())?;
    let what = what.trim();
    if let Some(x) = bytes(what) {
        return unit(Dim::ByteRate, x / per);
    }
    if what.is_empty() || what.chars().all(|c| c.is_alphabetic()) {
        return unit(Dim::Rate, 1.0 / per);
    }
    None
}

/// Which figure of a distribution a target is about.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Statistic {
    Mean,
    Min,
    Max,
    /// Per cent: 50 is the median.
    Percentile(f64),
    Throughput,
}

impl Statistic {
    /// `p99`, `mean`, `throughput`.
    pub fn name(self) -> String {
        match self {
            Statistic::Mean => "mean".into(),
            Statistic::Min => "min".into(),
            Statistic::Max => "max".into(),
            Statistic::Throughput => "throughput".into(),
            Statistic::Percentile(p) => format!("p{p}"),
        }
    }

    fn parse(word: &str) -> Option<Statistic> {
        let w = word.to_lowercase();
        Some(match w.as_str() {
            "mean" | "average" | "avg" => Statistic::Mean,
            "median" => Statistic::Percentile(50.0),
            "min" | "minimum" | "fastest" | "best" => Statistic::Min,
            "max" | "maximum" | "slowest" | "worst" | "peak" => Statistic::Max,
            "throughput" => Statistic::Throughput,
            "p999" => Statistic::Percentile(99.9),
            "p9999" => Statistic::Percentile(99.99),
            _ => {
                let n: f64 = w.strip_prefix('p')?.parse().ok()?;
                if !(0.0..=100.0).contains(&n) {
                    return None;
                }
                Statistic::Percentile(n)
            }
        })
    }
}

/// How a measurement must compare with a target's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Comparator {
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    /// A current figure, stated not promised.
    #[serde(rename = "=")]
    Eq,
}

impl Comparator {
    pub fn symbol(self) -> &'static str {
        match self {
            Comparator::Le => "≤",
            Comparator::Lt => "<",
            Comparator::Ge => "≥",
            Comparator::Gt => ">",
            Comparator::Eq => "=",
        }
    }

    /// Whether `measured` satisfies `self value` (a thousandth of a per
    /// cent of slack, for values converted between units).
    pub fn holds(self, measured: f64, value: f64) -> bool {
        let eps = value.abs() * 1e-5;
        match self {
            Comparator::Le => measured <= value + eps,
            Comparator::Lt => measured < value,
            Comparator::Ge => measured >= value - eps,
            Comparator::Gt => measured > value,
            Comparator::Eq => (measured - value).abs() <= eps,
        }
    }
}

/// A figure as read from the doc: `p99 ≤ 40 µs`.
#[derive(Debug, Clone, PartialEq)]
pub struct Figure {
    pub metric: String,
    pub statistic: Statistic,
    pub comparator: Comparator,
    /// In `unit`.
    pub value: f64,
    pub unit: Unit,
    /// Why the sentence does not say this figure plainly ("within 1.5x of
    /// a bare pass (about 0.4 s)": the comparison is with something
    /// else): such a target is unmeasured, with this reason, not guessed.
    pub unclear: Option<String>,
}

impl Figure {
    /// The value in base units.
    pub fn base(&self) -> f64 {
        self.value * self.unit.scale
    }

    /// `p99 ≤ 40 µs`.
    pub fn describe(&self) -> String {
        format!(
            "{} {} {}",
            self.statistic.name(),
            self.comparator.symbol(),
            show(self.value, &self.unit)
        )
    }
}

/// `40 µs`, `52,000 ops/s`.
pub fn show(value: f64, unit: &Unit) -> String {
    let v = if value != 0.0 && value.abs() < 10.0 {
        format!("{:.3}", value)
            .trim_end_matches('0')
            .trim_end_matches('.')
            .to_string()
    } else if value.abs() < 1000.0 {
        format!("{value:.1}").trim_end_matches(".0").to_string()
    } else {
        format!("{value:.0}")
    };
    if unit.text == "%" {
        format!("{v}%")
    } else {
        format!("{v} {}", unit.text)
    }
}

/// A performance target of a doc.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The line (or table row) it is written on.
    pub span: Range<usize>,
    pub figure: Figure,
    /// The benchmark it is measured by: `(bench: limiter/acquire)`.
    pub bench: Option<String>,
    /// The current figure stated for the same thing, if any.
    pub current: Option<Figure>,
    /// The line as written.
    pub text: String,
}

/// Labels that make a line a target, and those that make it a current
/// figure.
const TARGET_WORDS: &[&str] = &["target", "goal", "budget", "slo", "objective", "limit"];
const CURRENT_WORDS: &[&str] = &["current", "baseline", "today", "measured", "now"];

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

fn targets_in(
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
                let Some(target) = cell(c.target).and_then(|s| clauses(s, false).pop()) else {
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
        if let Some(t) = pick {
            pairs.push((t, cur.clone()));
        }
    }
    for (t, cur) in pairs {
        found[t].current = Some(cur);
    }
    found
}

/// `FR-3`, `NFR-12`.
fn is_requirement_id(s: &str) -> bool {
    s.split_once('-').is_some_and(|(p, n)| {
        designdoc_schema::is_id_prefix(p) && !n.is_empty() && n.chars().all(|c| c.is_ascii_digit())
    })
}

/// Which column of a targets table holds what.
struct Columns {
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
    let mut parts: Vec<String> = Vec::new();
    for p in value.split(';').flat_map(|p| p.split(", ")) {
        match parts.last_mut() {
            Some(last) if first_quantity(p).is_none() => {
                last.push_str(", ");
                last.push_str(p);
            }
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

/// Words that say nothing of what is measured, trimmed from the ends of a
/// metric's name ("and", "in" left over from a sentence).
const FILLER: &[&str] = &[
    "and", "or", "in", "the", "a", "an", "for", "of", "to", "is", "are", "with", "at", "on", "by",
    "it", "takes", "take", "should", "must", "be", "was", "were", "has", "have",
];

/// A metric's name from the words around a figure, filler trimmed.
fn metric_name(words: &str) -> String {
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
fn comparator_in(s: &str) -> Option<(Comparator, usize, usize)> {
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
fn first_quantity(s: &str) -> Option<(f64, Unit, Range<usize>)> {
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
fn statistic_word(s: &str) -> Option<Statistic> {
    let mut words = s.split_whitespace();
    let w = words.next()?;
    if words.next().is_some() {
        return None;
    }
    Statistic::parse(w.trim_matches(|c: char| !c.is_alphanumeric()))
}

/// One clause: `p99 acquire ≤ 40 µs at 50k ops/s`.
fn figure(clause: &str, current: bool) -> Option<Figure> {
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

/// Results of one benchmark, in base units.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Measurement {
    /// The names it answers to: criterion's id, hyperfine's command
    /// name, Go's name with and without `Benchmark`, pytest's name and
    /// full name.
    pub names: Vec<String>,
    /// The report it came from.
    pub source: String,
    /// Seconds per iteration of each sample, when the report keeps them.
    pub samples: Vec<f64>,
    /// Figures the report states.
    pub stats: Vec<(Stat, Dim, f64)>,
    /// Elements (operations) one iteration does, for throughput.
    pub elements: Option<f64>,
    /// Bytes one iteration processes, for byte throughput.
    pub bytes: Option<f64>,
}

/// A figure a report states (percentiles as per cent).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Stat {
    Mean,
    Min,
    Max,
    Percentile(f64),
    Throughput,
}

impl Measurement {
    /// Whether `bench` names this measurement: one of its names, or a
    /// name ending in `/bench`.
    pub fn is(&self, bench: &str) -> bool {
        self.names
            .iter()
            .any(|n| n == bench || n.ends_with(&format!("/{bench}")))
    }

    fn stated(&self, stat: Stat, dim: Dim) -> Option<f64> {
        self.stats
            .iter()
            .find(|(s, d, _)| *s == stat && *d == dim)
            .map(|x| x.2)
    }

    /// The figure `statistic` in `dim`, in base units, or why there is
    /// none.
    pub fn value(&self, statistic: Statistic, dim: Dim) -> Result<f64, String> {
        let stat = match statistic {
            Statistic::Mean => Stat::Mean,
            Statistic::Min => Stat::Min,
            Statistic::Max => Stat::Max,
            Statistic::Percentile(p) => Stat::Percentile(p),
            Statistic::Throughput => Stat::Throughput,
        };
        if let Some(v) = self.stated(stat, dim) {
            return Ok(v);
        }
        if dim == Dim::Time && !self.samples.is_empty() {
            let s = &self.samples;
            return Ok(match statistic {
                Statistic::Mean | Statistic::Throughput => s.iter().sum::<f64>() / s.len() as f64,
                Statistic::Min => s.iter().copied().fold(f64::INFINITY, f64::min),
                Statistic::Max => s.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                Statistic::Percentile(p) => percentile(s, p),
            });
        }
        // Throughput from time per iteration.
        if matches!(dim, Dim::Rate | Dim::ByteRate) {
            let per = if dim == Dim::Rate {
                self.elements.unwrap_or(1.0)
            } else {
                self.bytes
                    .ok_or_else(|| format!("{} states no bytes per iteration", self.source))?
            };
            let time_stat = match statistic {
                Statistic::Throughput => Statistic::Mean,
                // p99 throughput: the rate at the p99 time is the p1 rate;
                // state it as time instead.
                other => other,
            };
            if let Ok(t) = self.value(time_stat, Dim::Time)
                && t > 0.0
            {
                return Ok(per / t);
            }
        }
        let what = match dim {
            Dim::Time => "time",
            Dim::Rate => "rate",
            Dim::Bytes => "size",
            Dim::ByteRate => "byte rate",
            Dim::Percent => "percentage",
        };
        Err(format!(
            "{} has no {} {what}{}",
            self.source,
            statistic.name(),
            if dim == Dim::Time {
                " and no samples"
            } else {
                ""
            }
        ))
    }
}

/// The `p`th percentile of `samples`, interpolated between the nearest
/// ranks (as numpy's default and hyperfine's own `--export-json` summary
/// do).
pub fn percentile(samples: &[f64], p: f64) -> f64 {
    let mut s = samples.to_vec();
    s.sort_by(f64::total_cmp);
    if s.is_empty() {
        return f64::NAN;
    }
    let rank = (p / 100.0).clamp(0.0, 1.0) * (s.len() - 1) as f64;
    let (lo, hi) = (rank.floor() as usize, rank.ceil() as usize);
    s[lo] + (s[hi] - s[lo]) * (rank - lo as f64)
}

/// A target's verdict, named as in text and JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Met,
    Missed,
    Unmeasured,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::Missed => "missed",
            Verdict::Unmeasured => "unmeasured",
        }
    }
}

/// A target judged against the results.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub verdict: Verdict,
    /// The measured figure in the target's unit.
    pub measured: Option<f64>,
    /// The report it came from.
    pub source: Option<String>,
    /// Why it is unmeasured.
    pub reason: Option<String>,
}

/// Judges `target` against `results`.
pub fn judge(target: &Target, results: &[Measurement]) -> Judged {
    let unmeasured = |reason: String| Judged {
        verdict: Verdict::Unmeasured,
        measured: None,
        source: None,
        reason: Some(reason),
    };
    if let Some(why) = &target.figure.unclear {
        return unmeasured(why.clone());
    }
    let Some(bench) = &target.bench else {
        return unmeasured("not bound to a benchmark: add (bench: NAME)".into());
    };
    let Some(m) = results.iter().find(|m| m.is(bench)) else {
        return unmeasured(format!("no result is named {bench}"));
    };
    let f = &target.figure;
    match m.value(f.statistic, f.unit.dim) {
        Ok(v) => {
            let measured = v / f.unit.scale;
            let ok = f.comparator.holds(v, f.base());
            Judged {
                verdict: if ok { Verdict::Met } else { Verdict::Missed },
                measured: Some(measured),
                source: Some(m.source.clone()),
                reason: None,
            }
        }
        Err(e) => unmeasured(e),
    }
}

// ---- Readers -------------------------------------------------------------

type Json = serde_json::Value;

fn num(v: &Json) -> Option<f64> {
    v.as_f64()
}

/// criterion: a benchmark's `new/benchmark.json`, `new/estimates.json`
/// and (when kept) `new/sample.json`. Times are in nanoseconds.
pub fn read_criterion(
    source: &str,
    benchmark: &str,
    estimates: &str,
    sample: Option<&str>,
) -> Result<Measurement, String> {
    let b: Json = serde_json::from_str(benchmark).map_err(|e| format!("benchmark.json: {e}"))?;
    let e: Json = serde_json::from_str(estimates).map_err(|e| format!("estimates.json: {e}"))?;
    let id = b["full_id"]
        .as_str()
        .or(b["title"].as_str())
        .ok_or("benchmark.json has no full_id")?;
    let point = |k: &str| num(&e[k]["point_estimate"]).map(|v| v * 1e-9);
    let mut m = Measurement {
        names: vec![id.to_string()],
        source: source.to_string(),
        ..Measurement::default()
    };
    if let Some(dir) = b["directory_name"].as_str()
        && dir != id
    {
        m.names.push(dir.to_string());
    }
    if let Some(v) = point("mean") {
        m.stats.push((Stat::Mean, Dim::Time, v));
    }
    if let Some(v) = point("median") {
        m.stats.push((Stat::Percentile(50.0), Dim::Time, v));
    }
    if m.stats.is_empty() {
        return Err("estimates.json has no mean point_estimate".into());
    }
    m.elements = num(&b["throughput"]["Elements"]);
    m.bytes = num(&b["throughput"]["Bytes"]).or(num(&b["throughput"]["BytesDecimal"]));
    if let Some(s) = sample {
        let s: Json = serde_json::from_str(s).map_err(|e| format!("sample.json: {e}"))?;
        let (Some(iters), Some(times)) = (s["iters"].as_array(), s["times"].as_array()) else {
            return Err("sample.json has no iters and times".into());
        };
        m.samples = iters
            .iter()
            .zip(times)
            .filter_map(|(i, t)| Some(num(t)? / num(i)?.max(1.0) * 1e-9))
            .collect();
    }
    Ok(m)
}

/// Reads any of the JSON reports (hyperfine `--export-json`,
/// pytest-benchmark `--benchmark-json`, the generic format) or Go
/// `-bench` output, telling them apart by shape.
pub fn read_report(source: &str, text: &str) -> Result<Vec<Measurement>, String> {
    let t = text.trim_start();
    if !t.starts_with('{') {
        let found = read_go(source, text);
        if found.is_empty() {
            return Err(
                "neither JSON nor Go benchmark output (no `BenchmarkName  N  T ns/op` line)".into(),
            );
        }
        return Ok(found);
    }
    let j: Json = serde_json::from_str(text).map_err(|e| format!("not valid JSON: {e}"))?;
    if let Some(results) = j["results"].as_array()
        && results.iter().all(|r| r.get("command").is_some())
    {
        return read_hyperfine(source, results);
    }
    if let Some(b) = j["benchmarks"].as_array() {
        if b.iter().all(|x| x.get("stats").is_some()) {
            return read_pytest(source, b);
        }
        return read_generic(source, b);
    }
    Err("a JSON report designdoc does not know: expected hyperfine's `results`, pytest-benchmark's `benchmarks` with `stats`, or the generic `benchmarks` with `name` and `unit`".into())
}

/// A measurement named `name` from a summary in seconds (`mean`,
/// `median`, `min`, `max`) and its samples in seconds under `samples`, as
/// hyperfine and pytest-benchmark write them.
fn seconds(source: &str, name: &str, stats: &Json, samples: &str) -> Measurement {
    let mut m = Measurement {
        names: vec![name.to_string()],
        source: source.to_string(),
        ..Measurement::default()
    };
    for (k, s) in [
        ("mean", Stat::Mean),
        ("median", Stat::Percentile(50.0)),
        ("min", Stat::Min),
        ("max", Stat::Max),
    ] {
        if let Some(v) = num(&stats[k]) {
            m.stats.push((s, Dim::Time, v));
        }
    }
    m.samples = stats[samples]
        .as_array()
        .map(|t| t.iter().filter_map(num).collect())
        .unwrap_or_default();
    m
}

fn read_hyperfine(source: &str, results: &[Json]) -> Result<Vec<Measurement>, String> {
    results
        .iter()
        .map(|r| {
            let name = r["command"].as_str().ok_or("a result without command")?;
            Ok(seconds(source, name, r, "times"))
        })
        .collect()
}

fn read_pytest(source: &str, benchmarks: &[Json]) -> Result<Vec<Measurement>, String> {
    benchmarks
        .iter()
        .map(|b| {
            let name = b["name"].as_str().ok_or("a benchmark without name")?;
            let st = &b["stats"];
            let mut m = seconds(source, name, st, "data");
            if let Some(f) = b["fullname"].as_str() {
                m.names.push(f.to_string());
            }
            if let Some(v) = num(&st["ops"]) {
                m.stats.push((Stat::Throughput, Dim::Rate, v));
            }
            Ok(m)
        })
        .collect()
}

/// The generic format (docs/traceability.md):
/// `{"benchmarks": [{"name": "limiter/acquire", "unit": "ns", "mean": 31,
/// "p99": 38, "samples": [..]}]}`; any of `mean`, `median`, `min`, `max`,
/// `pNN` and `throughput`, all in `unit`, and `samples` in `unit` too.
fn read_generic(source: &str, benchmarks: &[Json]) -> Result<Vec<Measurement>, String> {
    benchmarks
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let name = b["name"]
                .as_str()
                .ok_or(format!("benchmarks[{i}] has no name"))?;
            let unit_text = b["unit"]
                .as_str()
                .ok_or(format!("benchmarks[{i}] ({name}) has no unit"))?;
            let unit = parse_unit(unit_text).ok_or(format!(
                "benchmarks[{i}] ({name}): unknown unit {unit_text:?}"
            ))?;
            let mut m = Measurement {
                names: vec![name.to_string()],
                source: source.to_string(),
                ..Measurement::default()
            };
            let Some(obj) = b.as_object() else {
                return Err(format!("benchmarks[{i}] is not an object"));
            };
            for (k, v) in obj {
                let stat = match k.as_str() {
                    "mean" => Stat::Mean,
                    "median" => Stat::Percentile(50.0),
                    "min" => Stat::Min,
                    "max" => Stat::Max,
                    "throughput" => Stat::Throughput,
                    k => match Statistic::parse(k) {
                        Some(Statistic::Percentile(p)) => Stat::Percentile(p),
                        _ => continue,
                    },
                };
                if let Some(v) = num(v) {
                    m.stats.push((stat, unit.dim, v * unit.scale));
                }
            }
            if unit.dim == Dim::Time {
                m.samples = b["samples"]
                    .as_array()
                    .map(|t| t.iter().filter_map(num).map(|v| v * unit.scale).collect())
                    .unwrap_or_default();
            }
            Ok(m)
        })
        .collect()
}

/// Go `-bench` output: `BenchmarkAcquire-8  1000000  1043 ns/op  128 B/op
/// 2 allocs/op  95.2 MB/s`. Several runs of one benchmark (`-count`)
/// become its samples.
pub fn read_go(source: &str, text: &str) -> Vec<Measurement> {
    let mut out: Vec<Measurement> = Vec::new();
    for line in text.lines() {
        let mut f = line.split_whitespace();
        let Some(name) = f.next().filter(|n| n.starts_with("Benchmark")) else {
            continue;
        };
        if f.next().and_then(|n| n.parse::<u64>().ok()).is_none() {
            continue;
        }
        // `-8`: GOMAXPROCS, not part of the name.
        let name = match name.rsplit_once('-') {
            Some((n, p)) if p.chars().all(|c| c.is_ascii_digit()) => n,
            _ => name,
        };
        let rest: Vec<&str> = f.collect();
        let mut ns = None;
        let mut extra = Vec::new();
        for pair in rest.chunks(2) {
            let [v, unit] = pair else { continue };
            let Ok(v) = v.parse::<f64>() else { continue };
            match *unit {
                "ns/op" => ns = Some(v * 1e-9),
                "B/op" => extra.push((Stat::Mean, Dim::Bytes, v)),
                "MB/s" => extra.push((Stat::Throughput, Dim::ByteRate, v * 1e6)),
                _ => {}
            }
        }
        let Some(ns) = ns else { continue };
        let i = match out.iter().position(|m| m.names[0] == name) {
            Some(i) => i,
            None => {
                let mut names = vec![name.to_string()];
                if let Some(short) = name.strip_prefix("Benchmark") {
                    names.push(short.to_string());
                }
                out.push(Measurement {
                    names,
                    source: source.to_string(),
                    ..Measurement::default()
                });
                out.len() - 1
            }
        };
        let m = &mut out[i];
        m.samples.push(ns);
        for (s, d, v) in extra {
            match m.stats.iter_mut().find(|x| x.0 == s && x.1 == d) {
                // Averaged over the runs.
                Some(x) => x.2 += (v - x.2) / m.samples.len() as f64,
                None => m.stats.push((s, d, v)),
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fig(s: &str) -> Figure {
        clauses(s, false)
            .pop()
            .unwrap_or_else(|| panic!("no figure in {s:?}"))
    }

    // design: 0008#FR-4
    #[test]
    fn figures_read_statistic_comparator_value_and_unit() {
        let f = fig("p99 acquire ≤ 40 µs at 50k ops/s");
        assert_eq!(f.statistic, Statistic::Percentile(99.0));
        assert_eq!(f.metric, "acquire");
        assert_eq!(f.comparator, Comparator::Le);
        assert_eq!((f.value, f.unit.dim), (40.0, Dim::Time));
        assert!((f.base() - 40e-6).abs() < 1e-12);

        let f = fig("throughput at least 50k ops/s");
        assert_eq!(
            (f.statistic, f.comparator, f.value, f.unit.dim),
            (Statistic::Throughput, Comparator::Ge, 50_000.0, Dim::Rate)
        );
        let f = fig("check a 20 KB doc under 2 ms");
        assert_eq!(f.metric, "check a 20 KB doc");
        assert_eq!(
            (f.comparator, f.statistic),
            (Comparator::Lt, Statistic::Mean)
        );
        let f = fig("mean trace over 100,000 files ≤ 2 s");
        assert_eq!((f.comparator, f.value), (Comparator::Le, 2.0));
        assert_eq!(f.metric, "trace over 100,000 files");
        let f = fig("memory <= 300 MiB");
        assert_eq!((f.unit.dim, f.statistic), (Dim::Bytes, Statistic::Max));
        assert!((f.base() - 300.0 * 1024.0 * 1024.0).abs() < 1.0);
        let f = fig("2,000 req/s");
        assert_eq!((f.comparator, f.value), (Comparator::Ge, 2000.0));
        // Case changes that change byte lengths do not move offsets.
        let f = fig("İİ p99 UNDER 2 MS");
        assert_eq!((f.comparator, f.value), (Comparator::Lt, 2.0));
        let f = fig("median 1.5 s");
        assert_eq!(f.statistic, Statistic::Percentile(50.0));
        let f = fig("p99.9 >= 120 MB/s");
        assert_eq!(
            (f.statistic, f.unit.dim),
            (Statistic::Percentile(99.9), Dim::ByteRate)
        );
        assert!(clauses("as fast as possible", false).is_empty());
        assert!(clauses("500", false).is_empty());
        let two = clauses("p99 ≤ 40 µs, p50 ≤ 10 µs", false);
        assert_eq!(two.len(), 2);
        assert_eq!(two[1].statistic, Statistic::Percentile(50.0));
        // A current figure's `=` is not a promise.
        let c = clauses("p99 = 55 µs", true).pop().unwrap();
        assert_eq!((c.comparator, c.value), (Comparator::Eq, 55.0));
    }

    proptest::proptest! {
        /// Any text: figures, bindings and reports are read without a
        /// panic (byte offsets stay on character boundaries).
        #[test]
        fn any_text_is_read_without_panicking(s in "(\\PC|[≤≥<>=~ ,;:0-9.kKMµsnmBb%/()]){0,80}") {
            let _ = clauses(&s, false);
            let _ = clauses(&s, true);
            let _ = bench_of(&s);
            let _ = read_report("x", &s);
            let _ = read_go("x", &s);
            let upper = format!("İİ Measured: {s} UNDER 2 MS");
            let _ = clauses(&upper, false);
        }
    }

    #[test]
    fn percentiles_interpolate_between_ranks() {
        let s = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(percentile(&s, 50.0), 3.0);
        assert_eq!(percentile(&s, 100.0), 5.0);
        assert!((percentile(&s, 90.0) - 4.6).abs() < 1e-12);
        assert_eq!(percentile(&[5.0, 1.0], 0.0), 1.0);
    }

    #[test]
    fn go_output_gives_samples_and_sizes() {
        let out = "goos: linux\ngoarch: amd64\npkg: example.com/limiter\nBenchmarkAcquire-8   \t 1000000\t      1043 ns/op\t     128 B/op\t       2 allocs/op\nBenchmarkAcquire-8   \t 1000000\t      1057 ns/op\t     132 B/op\t       2 allocs/op\nBenchmarkParse/small-8 \t 500\t 2000 ns/op\t 95.20 MB/s\nPASS\nok  \texample.com/limiter\t2.1s\n";
        let m = read_report("go.txt", out).unwrap();
        assert_eq!(m.len(), 2);
        assert!(m[0].is("Acquire") && m[0].is("BenchmarkAcquire"));
        assert_eq!(m[0].samples.len(), 2);
        assert_eq!(m[0].value(Statistic::Mean, Dim::Bytes), Ok(130.0));
        assert!((m[0].value(Statistic::Mean, Dim::Time).unwrap() - 1050e-9).abs() < 1e-15);
        assert!(m[1].is("BenchmarkParse/small") && m[1].is("small"));
        assert_eq!(m[1].value(Statistic::Throughput, Dim::ByteRate), Ok(95.2e6));
    }

    #[test]
    fn hyperfine_pytest_and_generic_json_are_told_apart() {
        let h = r#"{"results":[{"command":"check-docs","mean":0.012,"stddev":0.001,"median":0.0115,"min":0.010,"max":0.02,"times":[0.010,0.011,0.0115,0.012,0.02]}]}"#;
        let m = read_report("h.json", h).unwrap();
        assert_eq!(m[0].names, ["check-docs"]);
        assert_eq!(
            m[0].value(Statistic::Percentile(50.0), Dim::Time),
            Ok(0.0115)
        );
        assert!(
            (m[0].value(Statistic::Percentile(90.0), Dim::Time).unwrap() - 0.0168).abs() < 1e-9
        );
        let p = r#"{"machine_info":{},"benchmarks":[{"name":"test_parse","fullname":"tests/test_p.py::test_parse","stats":{"min":0.001,"max":0.003,"mean":0.002,"median":0.002,"ops":500.0}}]}"#;
        let m = read_report("p.json", p).unwrap();
        assert!(m[0].is("tests/test_p.py::test_parse"));
        assert_eq!(m[0].value(Statistic::Throughput, Dim::Rate), Ok(500.0));
        let g = r#"{"benchmarks":[{"name":"limiter/acquire","unit":"µs","p99":38,"mean":30}]}"#;
        let m = read_report("g.json", g).unwrap();
        assert!(m[0].is("acquire"));
        assert!(
            (m[0].value(Statistic::Percentile(99.0), Dim::Time).unwrap() - 38e-6).abs() < 1e-12
        );
        assert!(m[0].value(Statistic::Percentile(90.0), Dim::Time).is_err());
        assert!(read_report("x.json", r#"{"x":1}"#).is_err());
        assert!(read_report("x.txt", "hello").is_err());
    }

    #[test]
    fn criterion_samples_are_per_iteration() {
        let b = r#"{"group_id":"limiter","function_id":"acquire","value_str":null,"throughput":{"Elements":10},"full_id":"limiter/acquire","directory_name":"limiter/acquire","title":"limiter/acquire"}"#;
        let e = r#"{"mean":{"confidence_interval":{"confidence_level":0.95,"lower_bound":29.0,"upper_bound":31.0},"point_estimate":30.0,"standard_error":0.5},"median":{"point_estimate":29.5}}"#;
        let s = r#"{"sampling_mode":"Linear","iters":[1.0,2.0,4.0],"times":[40.0,60.0,100.0]}"#;
        let m = read_criterion("c", b, e, Some(s)).unwrap();
        assert!(m.is("limiter/acquire") && m.is("acquire"));
        assert_eq!(m.samples.len(), 3);
        assert!((m.value(Statistic::Max, Dim::Time).unwrap() - 40e-9).abs() < 1e-15);
        // 10 elements per 30 ns iteration.
        let r = m.value(Statistic::Throughput, Dim::Rate).unwrap();
        assert!((r - 10.0 / 30e-9).abs() / r < 1e-9);
    }

    #[test]
    fn verdicts_compare_in_base_units() {
        let target = |s: &str, bench: Option<&str>| Target {
            span: 0..0,
            figure: fig(s),
            bench: bench.map(str::to_string),
            current: None,
            text: s.into(),
        };
        let g = r#"{"benchmarks":[{"name":"acquire","unit":"ns","p99":38000,"mean":30000}]}"#;
        let r = read_report("g.json", g).unwrap();
        let j = judge(&target("p99 ≤ 40 µs", Some("acquire")), &r);
        assert_eq!(j.verdict, Verdict::Met);
        assert!((j.measured.unwrap() - 38.0).abs() < 1e-9);
        assert_eq!(
            judge(&target("p99 ≤ 0.03 ms", Some("acquire")), &r).verdict,
            Verdict::Missed
        );
        assert_eq!(
            judge(&target("throughput ≥ 30k ops/s", Some("acquire")), &r).verdict,
            Verdict::Met
        );
        for (t, why) in [
            (target("p99 ≤ 40 µs", None), "not bound"),
            (
                target("p99 ≤ 40 µs", Some("release")),
                "no result is named release",
            ),
            (target("p90 ≤ 40 µs", Some("acquire")), "no p90 time"),
        ] {
            let j = judge(&t, &r);
            assert_eq!(j.verdict, Verdict::Unmeasured);
            assert!(j.reason.as_ref().unwrap().contains(why), "{j:?}");
        }
    }

    // design: 0008#FR-4
    #[test]
    fn a_doc_gives_its_targets_lines_and_tables() {
        let src = "# Rate limiter\n\n## Requirements\n\n### Latency / Performance Targets\n- Current performance: p99 acquire = 55 µs\n- Target performance: p99 acquire ≤ 40 µs at 50k ops/s (bench: limiter/acquire)\n- Target performance: boot under 2 s. Measured: 1.02 s\n\n| Metric | Current | Target | Bench |\n|---|---|---|---|\n| reload | 2 s | under 500 ms | config/reload |\n| memory | - | <= 64 MiB | |\n\n## Design\n\nNFR-1: startup ≤ 1 s (bench: startup)\n\nWe take 40 ms today, which is fine.\n";
        let doc = designdoc_syntax::parse(src);
        let schema = designdoc_schema::builtin("design-doc").unwrap();
        let cx = Context::new(&doc, &schema);
        let t = targets(&cx);
        let got: Vec<(String, Option<&str>, Option<f64>)> = t
            .iter()
            .map(|t| {
                (
                    format!("{} {}", t.figure.metric, t.figure.describe()),
                    t.bench.as_deref(),
                    t.current.as_ref().map(|c| c.value),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "acquire p99 ≤ 40 µs".to_string(),
                    Some("limiter/acquire"),
                    Some(55.0)
                ),
                ("boot mean < 2 s".to_string(), None, None),
                (
                    "reload mean < 500 ms".to_string(),
                    Some("config/reload"),
                    Some(2.0)
                ),
                ("memory max ≤ 64 MiB".to_string(), None, None),
                ("startup mean ≤ 1 s".to_string(), Some("startup"), None),
            ]
        );
        assert_eq!(
            &src[t[0].span.clone()],
            "- Target performance: p99 acquire ≤ 40 µs at 50k ops/s (bench: limiter/acquire)"
        );
    }

    /// Issue 17, class 12: targets named by fragments ("max and", "mean
    /// in") and current figures paired with the wrong target.
    #[test]
    fn targets_are_named_by_their_metric_and_paired_only_when_sure() {
        let src = "# Server\n\n## Requirements\n\n### Latency / Performance Targets\n- Current performance: after one character is typed in a 5,000-line, 440 KB doc, its diagnostics are published in 1.8 ms (median over 300 edits); with the corpus indexed (in 1.6 s, in the background) the server holds 71 MB.\n- Target performance: at most 10 ms (median) for the diagnostics after an edit; under 300 MB with the workspace indexed. Doubling any input at most triples the time to check it, and 1 MB is checked, or fixed, in under 1 s.\n";
        let doc = designdoc_syntax::parse(src);
        let schema = designdoc_schema::builtin("design-doc").unwrap();
        let cx = Context::new(&doc, &schema);
        let got: Vec<(String, Option<String>)> = targets(&cx)
            .iter()
            .map(|t| {
                (
                    format!("{} {}", t.figure.metric, t.figure.describe()),
                    t.current.as_ref().map(|c| c.describe()),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    "diagnostics after an edit p50 ≤ 10 ms".to_string(),
                    Some("p50 = 1.8 ms".to_string())
                ),
                // Two current sizes (a doc's 440 KB, the server's 71 MB)
                // and no word in common: not paired.
                ("workspace indexed max < 300 MB".to_string(), None),
                // "at most triples" is no figure.
                ("1 MB is checked, or fixed mean < 1 s".to_string(), None),
            ]
        );
    }
}
