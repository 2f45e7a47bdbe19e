use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, Edit, Fix, SectionStatus};

declare_rule! {
    /// ## What it checks
    /// An unticked checklist item whose section is written: present, with
    /// content, and no placeholder text left.
    ///
    /// ## Why it matters
    /// A checklist that lags behind the doc makes a finished design look
    /// unfinished, and teaches reviewers to ignore the checklist.
    ///
    /// ## Example
    /// ```markdown
    /// ## Testing
    /// Unit tests per module; a load test at 2x peak before rollout.
    ///
    /// ## Appendix / Checklist
    /// - [ ] Testing plan defined
    /// ```
    /// The fix ticks it: `- [x] Testing plan defined`.
    ///
    /// ## Fix safety
    /// Safe: only the box changes (`[ ]` → `[x]`).
    code: "DD302",
    name: "checklist-unticked",
    severity: Warning,
    fix: Always,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for &(t, section) in cx.checklist_items() {
        let task = &cx.doc.tasks[t];
        let Some(s) = section else { continue };
        if task.checked || cx.status[s] != SectionStatus::Complete {
            continue;
        }
        let title = cx.title_of(s);
        out.push(
            Diagnostic::new(
                &RULE,
                task.span.clone(),
                format!(
                    "'{}' is not ticked but section '{title}' is written",
                    task.text
                ),
            )
            .section(title)
            .fix(Fix::safe(
                "tick the item",
                vec![Edit::replace(task.marker_span.clone(), "[x]")],
            )),
        );
    }
}
