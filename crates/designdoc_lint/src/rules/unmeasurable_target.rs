use designdoc_schema::SectionKind;
use designdoc_syntax::BlockKind;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// In the template's performance-targets section, a target line
    /// (`Target …: value`, or a goal, budget, SLO or objective) whose value
    /// has no number with a unit.
    ///
    /// ## Why it matters
    /// "Fast" cannot be measured, so it cannot be met or missed. A target
    /// needs a number, a unit and ideally a statistic: "p99 ≤ 40 ms at
    /// 2,000 req/s".
    ///
    /// ## Example
    /// ```markdown
    /// - Target performance: fast
    /// ```
    /// should be
    /// ```markdown
    /// - Target performance: p99 acquire ≤ 40 µs at 50k ops/s
    /// ```
    code: "DD203",
    name: "unmeasurable-target",
    severity: Warning,
    fix: None,
}

const TARGET_LABELS: &[&str] = &[
    "target",
    "goal",
    "budget",
    "slo",
    "sla",
    "objective",
    "limit",
];

const UNITS: &[&str] = &[
    "ns",
    "µs",
    "μs",
    "us",
    "ms",
    "s",
    "sec",
    "secs",
    "second",
    "seconds",
    "min",
    "mins",
    "minute",
    "minutes",
    "h",
    "hr",
    "hrs",
    "hour",
    "hours",
    "day",
    "days",
    "%",
    "x",
    "b",
    "kb",
    "mb",
    "gb",
    "tb",
    "kib",
    "mib",
    "gib",
    "tib",
    "byte",
    "bytes",
    "rps",
    "qps",
    "tps",
    "ops",
    "op",
    "req",
    "reqs",
    "request",
    "requests",
    "k",
    "m",
    "rpm",
    "users",
    "connections",
    "events",
    "messages",
    "msg",
    "items",
    "records",
    "rows",
    "nines",
    "ms/op",
    "cpu",
    "cores",
    "mbps",
    "gbps",
    "kbps",
];

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (s, sec) in cx.schema.sections.iter().enumerate() {
        if sec.kind != SectionKind::Targets {
            continue;
        }
        let Some(h) = cx.heading_of(s) else { continue };
        for i in cx.doc.section_block_indices(h) {
            let b = &cx.doc.blocks[i];
            if !matches!(b.kind, BlockKind::Paragraph | BlockKind::ListItem)
                || cx.placeholder_blocks[i]
            {
                continue;
            }
            let Some(colon) = b.text.find(':') else {
                continue;
            };
            let label = b.text[..colon].to_lowercase();
            if !TARGET_LABELS.iter().any(|t| label.contains(t)) {
                continue;
            }
            let value = b.text[colon + 1..].trim();
            if value.is_empty() || measurable(value) {
                continue;
            }
            let start =
                colon + 1 + (b.text[colon + 1..].len() - b.text[colon + 1..].trim_start().len());
            out.push(
                Diagnostic::new(
                    &RULE,
                    b.source_range(start..start + value.len()),
                    format!("target '{value}' has no number with a unit"),
                )
                .section(&sec.title)
                .help("state a number, a unit and a statistic, e.g. 'p99 ≤ 40 ms at 2,000 req/s'"),
            );
        }
    }
}

/// A number (not part of a word like "p99") followed by a unit.
pub(crate) fn measurable(value: &str) -> bool {
    let chars: Vec<char> = value.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let word_start = i == 0 || !chars[i - 1].is_alphanumeric();
        if c.is_ascii_digit() && word_start {
            let mut j = i;
            while j < chars.len()
                && (chars[j].is_ascii_digit() || matches!(chars[j], '.' | ',' | '_'))
            {
                j += 1;
            }
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            let unit: String = chars[j..]
                .iter()
                .take_while(|c| c.is_alphabetic() || matches!(c, '%' | 'µ' | 'μ' | '/'))
                .collect::<String>()
                .to_lowercase();
            let base = unit.split('/').next().unwrap_or("");
            if UNITS.contains(&unit.as_str()) || UNITS.contains(&base) {
                return true;
            }
            i = j.max(i + 1);
        } else {
            i += 1;
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::measurable;

    #[test]
    fn numbers_need_units() {
        assert!(measurable("p99 ≤ 40 ms"));
        assert!(measurable("99.9%"));
        assert!(measurable("2,000 req/s"));
        assert!(measurable("40µs"));
        assert!(!measurable("fast"));
        assert!(!measurable("p99 as low as possible"));
        assert!(!measurable("500"));
    }
}
