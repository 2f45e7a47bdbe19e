use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, SectionStatus};

declare_rule! {
    /// ## What it checks
    /// A template section with nothing in it but whitespace and HTML
    /// comments (the template's guidance). A section whose subsections are
    /// template sections is judged through them instead.
    ///
    /// ## Why it matters
    /// An empty section is an unanswered question that looks answered in
    /// the outline. A short explicit answer is enough and counts as
    /// content: "None: internal tool, no users affected."
    ///
    /// ## Example
    /// ```markdown
    /// ## Security / Privacy Considerations
    /// <!-- Any risks related to data, security, or privacy. -->
    /// ```
    /// Write the answer under the comment, even if it is "None: the
    /// service stores no user data."
    code: "DD201",
    name: "empty-section",
    severity: Error,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (s, status) in cx.status.iter().enumerate() {
        if *status != SectionStatus::Empty {
            continue;
        }
        let Some(h) = cx.heading_of(s) else { continue };
        let has_template_child = cx.doc.descendants(h).any(|d| cx.section_of(d).is_some());
        if has_template_child {
            continue;
        }
        let heading = &cx.doc.headings[h];
        let mut d = Diagnostic::new(
            &RULE,
            heading.span.clone(),
            format!("section '{}' is empty", heading.text),
        )
        .section(cx.title_of(s));
        if let Some(help) = cx.guidance_help(s) {
            d = d.help(help);
        }
        out.push(d);
    }
}
