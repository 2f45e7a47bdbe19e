use crate::diagnostic::declare_rule;
use crate::metadata::{KNOWN_KEYS, closest_key, is_known_key};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A front-matter key designdoc does not know: not one of the shared
    /// keys (docs/metadata.md) and not one the template requires. When a
    /// known key is a close spelling, the message names it.
    ///
    /// ## Why it matters
    /// `reviewer:` instead of `reviewers:` is silently ignored by every
    /// list and gate. Keys a team adds on purpose are fine; this is
    /// information only.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// reviewer: dmitri
    /// ---
    /// ```
    /// reads "unknown front-matter key 'reviewer' (did you mean
    /// 'reviewers'?)".
    code: "DD110",
    name: "unknown-front-matter-key",
    severity: Info,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.doc.front_matter.is_none() {
        return;
    }
    // The template's own keys are known by definition.
    let required = &cx.schema.front_matter_keys;
    for e in &cx.meta().entries {
        let key = e.key.as_str();
        if is_known_key(key) || required.iter().any(|r| r == key) {
            continue;
        }
        let known = KNOWN_KEYS
            .iter()
            .map(|k| k.name)
            .chain(required.iter().map(String::as_str));
        let message = match closest_key(key, known) {
            Some(k) => format!("unknown front-matter key '{key}' (did you mean '{k}'?)"),
            None => format!("unknown front-matter key '{key}'"),
        };
        out.push(Diagnostic::new(&RULE, e.key_span.clone(), message));
    }
}
