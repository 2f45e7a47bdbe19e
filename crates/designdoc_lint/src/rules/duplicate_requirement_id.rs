use std::collections::HashMap;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Two requirements of one doc with the same id (compared in their
    /// proper form, so `FR-3` and `fr3` are the same).
    ///
    /// ## Why it matters
    /// A reference to the id (`design: 0007#FR-3`) can then mean either,
    /// and a test's verdict lands on the wrong requirement.
    ///
    /// ## Example
    /// ```markdown
    /// - [ ] FR-3: a client over quota gets 429
    /// - [ ] FR-3: limits reload without a restart
    /// ```
    /// Give the second its own id (`designdoc ids --assign` numbers
    /// requirements that have none).
    code: "DD702",
    name: "duplicate-requirement-id",
    severity: Error,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for r in cx.requirements() {
        let Some(id) = &r.id else { continue };
        let key = id.canonical();
        if let Some(&first) = seen.get(&key) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    id.span.clone(),
                    format!(
                        "requirement id '{key}' is already used at line {}",
                        cx.line(first)
                    ),
                )
                .section_opt(Some(cx.schema.sections[r.section].title.as_str())),
            );
        } else {
            seen.insert(key, id.span.start);
        }
    }
}
