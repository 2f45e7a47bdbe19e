use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, SectionStatus};

declare_rule! {
    /// ## What it checks
    /// A template section with nothing in it but whitespace and HTML
    /// comments (the template's guidance). A section whose subsections are
    /// template sections is judged through them instead. When the heading
    /// right after it is at the same level and stands for no template
    /// section (nor names a section of its own, as "References" or
    /// "Copyright" do),
    /// its text may be this section's content written a level too high:
    /// the finding is one step less severe, and its help says so.
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
        // The next heading at the same level stands for no template
        // section: its text may be this section's, written a level too
        // high ("## Alternatives considered", then "## Not requiring one
        // call"). Less certain, and said so.
        let next = h + 1;
        let slipped = cx.doc.headings.get(next).filter(|n| {
            n.level == heading.level
                && cx.matching.title != Some(next)
                && cx.matching.headings[next].is_none()
                && !designdoc_schema::is_standalone(&cx.matching.keys[next])
        });
        if let Some(n) = slipped {
            d = d.uncertain().help(format!(
                "the heading after it, '{}', stands for no template section; if it holds \
                 this section's content, make it a subsection ({} {})",
                n.text,
                "#".repeat(usize::from(heading.level) + 1),
                n.text
            ));
        } else if let Some(help) = cx.guidance_help(s) {
            d = d.help(help);
        }
        out.push(d);
    }
}
