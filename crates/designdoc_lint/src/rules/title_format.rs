use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// That the document starts with a title in the template's form (for
    /// the default template, `# Design Document: <name>`). A title left as
    /// the template's placeholder is reported by `placeholder-text`.
    ///
    /// ## Why it matters
    /// Indexes, search and the site list docs by title; a consistent form
    /// makes design docs recognisable among other Markdown.
    ///
    /// ## Example
    /// ```markdown
    /// # Rate limiter
    /// ```
    /// should be
    /// ```markdown
    /// # Design Document: Rate limiter
    /// ```
    code: "DD107",
    name: "title-format",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let Some(t) = &cx.schema.title else { return };
    let Some(h) = cx.matching.title else {
        let at = cx
            .doc
            .headings
            .first()
            .map_or(cx.doc.body_start(), |h| h.span.start);
        out.push(Diagnostic::new(
            &RULE,
            at..at,
            format!(
                "the document has no title; the template starts with '{} {}'",
                "#".repeat(t.level as usize),
                t.text
            ),
        ));
        return;
    };
    let heading = &cx.doc.headings[h];
    if t.placeholder.is_none() || t.prefix.is_empty() {
        return;
    }
    let text = heading.text.trim();
    let has_prefix = text.len() >= t.prefix.len()
        && text.is_char_boundary(t.prefix.len())
        && text[..t.prefix.len()].eq_ignore_ascii_case(&t.prefix);
    if !has_prefix {
        out.push(Diagnostic::new(
            &RULE,
            heading.text_span.clone(),
            format!(
                "title does not follow the template's form '{} {}'",
                t.prefix,
                t.placeholder.as_deref().unwrap_or("")
            ),
        ));
    } else if text[t.prefix.len()..].trim().is_empty() {
        out.push(Diagnostic::new(
            &RULE,
            heading.text_span.clone(),
            format!("title has no name after '{}'", t.prefix),
        ));
    }
}
