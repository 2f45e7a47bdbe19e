use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A top-level section that is not in the template, unless the
    /// schema's `allowed-extra-sections` names it. Subsections inside a
    /// template section are the author's to shape and reported only under
    /// a section whose schema says `extra-subsections = false`.
    ///
    /// ## Why it matters
    /// Teams add sections, and that is fine: this is information only, to
    /// spot a section that was meant to be a template one under a name
    /// designdoc did not recognise, or a template that lags behind practice.
    ///
    /// ## Example
    /// ```markdown
    /// ## Team Lunch Logistics
    /// ```
    /// Nothing to do if the section is wanted; if it is a template section
    /// under another name, rename it.
    code: "DD106",
    name: "extra-section",
    severity: Info,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    // A doc that has none of the template's sections is not written from
    // it: missing-section says so once; every heading is not "extra".
    if cx.matching.sections.iter().all(Option::is_none) {
        return;
    }
    let top = cx
        .schema
        .sections
        .iter()
        .map(|s| s.level)
        .min()
        .unwrap_or(2);
    for (h, heading) in cx.doc.headings.iter().enumerate() {
        if Some(h) == cx.matching.title || cx.matching.headings[h].is_some() {
            continue;
        }
        if heading.level <= top {
            if cx.schema.allows_extra(&heading.text) {
                continue;
            }
            out.push(Diagnostic::new(
                &RULE,
                heading.span.clone(),
                format!(
                    "'{}' is not a section of template '{}'",
                    heading.text, cx.schema.name
                ),
            ));
            continue;
        }
        // A subsection: reported only under a section that allows none.
        let Some(parent) = heading.parent else {
            continue;
        };
        let Some(s) = cx.section_at(cx.doc.headings[parent].span.start) else {
            continue;
        };
        if !cx.schema.sections[s].extra_subsections && !cx.schema.allows_extra(&heading.text) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    heading.span.clone(),
                    format!(
                        "'{}' is not a subsection of '{}' in template '{}'",
                        heading.text,
                        cx.title_of(s),
                        cx.schema.name
                    ),
                )
                .section(cx.title_of(s)),
            );
        }
    }
}
