use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, Edit, Fix};

declare_rule! {
    /// ## What it checks
    /// A requirement id not written as `PREFIX-N` (capital letters, one
    /// hyphen, a number without leading zeros): `fr-3:`, `FR3:`, `FR_3:`,
    /// `NFR-07:`. Requirements are the list items of the sections the
    /// template says hold them ("Functional" → `FR`, "Non-Functional" →
    /// `NFR`).
    ///
    /// ## Why it matters
    /// Code and tests cite requirements by id (`design: 0007#FR-3`); an id
    /// written another way is one that no reference matches.
    ///
    /// ## Example
    /// ```markdown
    /// - [ ] fr3: a client over quota gets 429
    /// ```
    /// becomes
    /// ```markdown
    /// - [ ] FR-3: a client over quota gets 429
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the id's characters change, and only when the doc has no
    /// other requirement with the proper id.
    code: "DD701",
    name: "malformed-requirement-id",
    severity: Warning,
    fix: Sometimes,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let reqs = cx.requirements();
    for r in reqs {
        let Some(id) = &r.id else { continue };
        if id.well_formed {
            continue;
        }
        let proper = id.canonical();
        let taken = reqs.iter().any(|o| {
            o.id.as_ref()
                .is_some_and(|x| x.well_formed && x.text == proper)
        });
        let mut d = Diagnostic::new(
            &RULE,
            id.span.clone(),
            format!("requirement id '{}' is not written as {proper}", id.text),
        )
        .section_opt(Some(cx.schema.sections[r.section].title.as_str()));
        if !taken {
            d = d.fix(Fix::safe(
                format!("write {proper}"),
                vec![Edit::replace(id.span.clone(), proper.clone())],
            ));
        }
        out.push(d);
    }
}
