use crate::diagnostic::declare_rule;
use crate::helpers::is_not_applicable;
use crate::{Context, Diagnostic, Edit, Fix, SectionStatus};

declare_rule! {
    /// ## What it checks
    /// A ticked checklist item whose section is missing, empty, or holds
    /// only the template's placeholder text. An item answered "N/A" with a
    /// reason (`- [x] Rollout strategy documented: N/A, library only`) is
    /// accepted. Boxes inside code blocks or quotes are not checklist items.
    ///
    /// ## Why it matters
    /// The checklist is what reviewers skim. A ticked box over a blank
    /// section claims work that was not done: the doc says what it lacks.
    ///
    /// ## Example
    /// ```markdown
    /// ## Security / Privacy Considerations
    /// <!-- Any risks related to data, security, or privacy. -->
    ///
    /// ## Appendix / Checklist
    /// - [x] Security/privacy covered
    /// ```
    /// Write the section, or untick the item until it is written.
    ///
    /// ## Fix safety
    /// Safe: the fix unticks the item (`[x]` → `[ ]`); nothing else changes.
    code: "DD301",
    name: "checklist-unsupported",
    severity: Error,
    fix: Always,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for &(t, section) in cx.checklist_items() {
        let task = &cx.doc.tasks[t];
        let Some(s) = section else { continue };
        if !task.checked || is_not_applicable(&task.text) {
            continue;
        }
        let why = match cx.status[s] {
            SectionStatus::Missing => "is missing",
            SectionStatus::Empty => "is empty",
            SectionStatus::Placeholder => "holds only placeholder text",
            _ => continue,
        };
        let title = cx.title_of(s);
        out.push(
            Diagnostic::new(
                &RULE,
                task.span.clone(),
                format!("'{}' is ticked but section '{title}' {why}", task.text),
            )
            .section(title)
            .fix(Fix::safe(
                "untick the item",
                vec![Edit::replace(task.marker_span.clone(), "[ ]")],
            )),
        );
    }
}
