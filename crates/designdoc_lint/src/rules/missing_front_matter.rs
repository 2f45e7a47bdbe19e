use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// That the document's YAML front matter sets every key the template
    /// requires (`required-front-matter` in a schema file, or the keys of
    /// the template's own front matter), each with a non-empty value.
    ///
    /// ## Why it matters
    /// Indexes, dashboards and lifecycle tooling read status, owners and
    /// dates from front matter; a doc without them drops out of every
    /// list.
    ///
    /// ## Example
    /// With `required-front-matter = ["status", "owner"]`:
    /// ```markdown
    /// ---
    /// status: draft
    /// ---
    /// ```
    /// should be
    /// ```markdown
    /// ---
    /// status: draft
    /// owner: ann
    /// ---
    /// ```
    code: "DD108",
    name: "missing-front-matter",
    severity: Error,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let required = &cx.schema.required_front_matter;
    if required.is_empty() {
        return;
    }
    let Some(fm) = &cx.doc.front_matter else {
        let at = cx.doc.body_start();
        out.push(
            Diagnostic::new(
                &RULE,
                at..at,
                format!(
                    "the document has no front matter; template '{}' requires {}",
                    cx.schema.name,
                    list(required.iter().map(String::as_str))
                ),
            )
            .help("start the file with a `---` line, one `key: value` line per key, and a closing `---`"),
        );
        return;
    };
    let meta = cx.meta();
    if meta.error.is_some() {
        return; // invalid-front-matter reports it; the keys cannot be read
    }
    let missing: Vec<&str> = required
        .iter()
        .map(String::as_str)
        .filter(|k| meta.get(k).is_none_or(|e| e.value.is_empty()))
        .collect();
    if missing.is_empty() {
        return;
    }
    let head = fm.span.start..fm.span.start + 3;
    for k in &missing {
        let (range, message) = match meta.get(k) {
            Some(e) => (
                e.key_span.clone(),
                format!("front-matter key '{k}' is empty"),
            ),
            None => (head.clone(), format!("front matter lacks '{k}'")),
        };
        out.push(Diagnostic::new(&RULE, range, message).help(format!(
            "template '{}' requires {}",
            cx.schema.name,
            list(required.iter().map(String::as_str))
        )));
    }
}

fn list<'a>(keys: impl Iterator<Item = &'a str>) -> String {
    keys.map(|k| format!("'{k}'"))
        .collect::<Vec<_>>()
        .join(", ")
}
