use std::collections::HashMap;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A template section written twice (under the same title or an alias,
    /// at the same level), and headings with the same title under the same
    /// parent.
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
    /// ## Test Plan
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
    let mut seen: HashMap<(Option<usize>, &str), usize> = HashMap::new();
    for (h, heading) in doc.headings.iter().enumerate() {
        let key = (heading.parent, cx.matching.keys[h].as_str());
        if key.1.is_empty() {
            continue;
        }
        match seen.get(&key) {
            Some(&first) if !reported[h] => out.push(
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
            ),
            Some(_) => {}
            None => {
                seen.insert(key, h);
            }
        }
    }
}
