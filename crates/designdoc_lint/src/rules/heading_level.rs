use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A template section written at another heading level than the
    /// template's, or placed under another parent section.
    ///
    /// ## Why it matters
    /// Levels carry the structure: `### Functional` belongs under
    /// `## Requirements`. A section at the wrong level swallows the
    /// sections after it or escapes its parent, which breaks the outline,
    /// the table of contents and anchors.
    ///
    /// ## Example
    /// ```markdown
    /// ## Requirements
    /// ## Functional
    /// ```
    /// should be
    /// ```markdown
    /// ## Requirements
    /// ### Functional
    /// ```
    code: "DD104",
    name: "heading-level",
    severity: Warning,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (h, heading) in cx.doc.headings.iter().enumerate() {
        let Some(s) = cx.section_of(h) else { continue };
        let sec = &cx.schema.sections[s];
        let mut problems = Vec::new();
        if heading.level != sec.level {
            problems.push(format!(
                "is at level {} (the template: level {})",
                heading.level, sec.level
            ));
        }
        if let Some(p) = sec.parent
            && cx.heading_of(p).is_some()
        {
            let doc_parent = enclosing_section(cx, h);
            if doc_parent != Some(p) {
                let now = doc_parent.map_or("at the top level".to_string(), |q| {
                    format!("under '{}'", cx.title_of(q))
                });
                problems.push(format!(
                    "is {now} (the template: under '{}')",
                    cx.title_of(p)
                ));
            }
        } else if sec.parent.is_none()
            && let Some(q) = enclosing_section(cx, h)
            && heading.level > sec.level
        {
            problems.push(format!(
                "is nested under '{}' (the template: a section of its own)",
                cx.title_of(q)
            ));
        }
        if !problems.is_empty() {
            out.push(
                Diagnostic::new(
                    &RULE,
                    heading.span.clone(),
                    format!("'{}' {}", heading.text, problems.join(" and ")),
                )
                .section(&sec.title),
            );
        }
    }
}

/// The template section of the nearest enclosing heading that has one.
fn enclosing_section(cx: &Context<'_>, h: usize) -> Option<usize> {
    let mut p = cx.doc.headings[h].parent;
    while let Some(i) = p {
        if Some(i) == cx.matching.title {
            return None;
        }
        if let Some(s) = cx.section_of(i) {
            return Some(s);
        }
        p = cx.doc.headings[i].parent;
    }
    None
}
