use designdoc_syntax::MetaValue;

use crate::diagnostic::declare_rule;
use crate::metadata::{DATE_KEYS, LIST_KEYS};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Front matter that designdoc cannot use: YAML that does not parse or
    /// is not a mapping, a `status` that is not a status of the lifecycle
    /// (draft, in-review, accepted, implemented, rejected, withdrawn,
    /// superseded, or those configured), a `created` or `updated` that is
    /// not a `YYYY-MM-DD` date, a `number` that is not a positive whole
    /// number, a nested mapping where a list of names is expected, and a
    /// `discussion` that is not a URL.
    ///
    /// ## Why it matters
    /// `list`, `index`, `status` and the site read these keys; a doc whose
    /// status is "Accepted!" or whose date is "last week" falls out of
    /// every list and every gate.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// status: approved
    /// created: 25/11/2026
    /// ---
    /// ```
    /// should be
    /// ```markdown
    /// ---
    /// status: accepted
    /// created: 2026-11-25
    /// ---
    /// ```
    code: "DD109",
    name: "invalid-front-matter",
    severity: Error,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    if cx.doc.front_matter.is_none() {
        return;
    }
    let meta = cx.meta();
    if let Some(e) = &meta.error {
        out.push(Diagnostic::new(
            &RULE,
            e.offset..e.offset,
            format!("front matter is not valid YAML: {}", e.message),
        ));
        return;
    }
    for e in &meta.entries {
        let key = e.key.as_str();
        let value = e.value.as_str().map(str::trim);
        let problem = match key {
            "status" => match value {
                Some(v) if !cx.is_status(v) => Some(format!(
                    "unknown status '{v}' (statuses: {}); if your process uses it, list it in \
                     `[lifecycle] statuses` in designdoc.toml",
                    statuses(cx)
                )),
                _ => None,
            },
            k if DATE_KEYS.contains(&k) => match &e.value {
                MetaValue::Null => None,
                _ => match value {
                    Some(v) if designdoc_syntax::is_date(v) => None,
                    _ => Some(format!("'{k}' must be a date, YYYY-MM-DD")),
                },
            },
            "number" => match value {
                Some(v) if v.parse::<u32>().is_ok_and(|n| n > 0) => None,
                None if e.value.is_empty() => None,
                _ => Some("'number' must be a positive whole number".to_string()),
            },
            "discussion" => match value {
                Some(v) if !(v.starts_with("https://") || v.starts_with("http://")) => {
                    Some("'discussion' must be a URL (https://...)".to_string())
                }
                _ => None,
            },
            k if LIST_KEYS.contains(&k) && e.value == MetaValue::Map => {
                Some(format!("'{k}' must be a name or a list of names"))
            }
            _ => None,
        };
        if let Some(message) = problem {
            let range = if e.value_span.is_empty() {
                e.key_span.clone()
            } else {
                e.value_span.clone()
            };
            out.push(Diagnostic::new(&RULE, range, message));
        }
    }
}

fn statuses(cx: &Context<'_>) -> String {
    let mut all: Vec<&str> = if cx.statuses.is_empty() {
        crate::metadata::DEFAULT_STATUSES.to_vec()
    } else {
        cx.statuses.iter().map(String::as_str).collect()
    };
    for s in &cx.schema.statuses {
        if !all.iter().any(|a| a.eq_ignore_ascii_case(s)) {
            all.push(s);
        }
    }
    all.join(", ")
}
