use std::collections::HashMap;

use crate::diagnostic::declare_rule;
use crate::helpers::{glossary_entries, glossary_title};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A term defined twice in the glossary (compared case-insensitively).
    ///
    /// ## Why it matters
    /// Two definitions of one term drift apart, and readers cannot tell
    /// which one the design means.
    ///
    /// ## Example
    /// ```markdown
    /// - **Quota**: requests allowed per minute
    /// - **quota**: requests allowed per second
    /// ```
    /// Keep one definition.
    code: "DD402",
    name: "glossary-duplicate",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let title = glossary_title(cx);
    let mut seen: HashMap<String, usize> = HashMap::new();
    for e in glossary_entries(cx).iter() {
        let key = e.term.to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(&first) = seen.get(&key) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    e.term_range.clone(),
                    format!(
                        "term '{}' is already defined at line {}",
                        e.term,
                        cx.line(first)
                    ),
                )
                .section_opt(title.as_deref()),
            );
        } else {
            seen.insert(key, e.term_range.start);
        }
    }
}
