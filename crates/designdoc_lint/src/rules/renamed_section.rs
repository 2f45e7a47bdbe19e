use designdoc_schema::MatchKind;
use designdoc_syntax::slug::github_slug;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, Edit, Fix};

declare_rule! {
    /// ## What it checks
    /// A heading that stands for a template section under another name: a
    /// known alias ("Security Considerations", "Observability",
    /// "Architecture", "Test Plan") or a close spelling ("Implementaion
    /// Plan"), or, with a suggested fix only, a heading that shares a word
    /// with a missing section's title and stands alone exactly where it
    /// belongs ("Proposed Plan" between the neighbours of "Proposed
    /// solution"). A
    /// heading that merges two sections ("Implementation & Testing") is
    /// both, not a rename of either.
    ///
    /// ## Why it matters
    /// Readers and tools look for the template's titles. A renamed section
    /// is still there, so designdoc reports it as renamed rather than
    /// missing, and offers to restore the template's title.
    ///
    /// ## Example
    /// ```markdown
    /// ## Test Plan
    /// ```
    /// becomes
    /// ```markdown
    /// ## Testing
    /// ```
    ///
    /// ## Fix safety
    /// Safe: only the heading text changes, and links in the same document
    /// to the old anchor (`#test-plan`) are updated to the new one. Unsafe
    /// (applied with `--unsafe-fixes`) when another doc links to the old
    /// anchor, which the rename would break, when a link in the doc the fix
    /// cannot update points at it (a reference definition, an HTML
    /// `href`), and when only the heading's place ties it to the section.
    code: "DD102",
    name: "renamed-section",
    severity: Warning,
    fix: Always,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for (h, m) in cx.matching.headings.iter().enumerate() {
        let Some(m) = m else { continue };
        // A merged heading stands for two sections: renaming it to one
        // would drop the other.
        if matches!(m.kind, MatchKind::Exact | MatchKind::Merged) || m.duplicate_of.is_some() {
            continue;
        }
        let heading = &cx.doc.headings[h];
        let title = cx.title_of(m.section);
        let how = match m.kind {
            MatchKind::Alias => "a known alias of",
            MatchKind::Position => "where the template has",
            _ => "a close spelling of",
        };
        let mut edits = vec![Edit::replace(heading.text_span.clone(), title)];
        let old = format!("#{}", github_slug(&heading.text));
        let new = format!("#{}", github_slug(title));
        // A link to the old anchor this fix cannot update (a reference
        // definition, an HTML `href`) would break: then it is not safe.
        let mut stranded = false;
        for link in cx.doc.links.iter().filter(|l| l.dest == old) {
            let text = &cx.doc.src[link.span.clone()];
            // Inline links only: `(#old)` in the link's own text.
            if let Some(i) = text.rfind(&format!("({old}")) {
                let start = link.span.start + i + 1;
                edits.push(Edit::replace(start..start + old.len(), new.clone()));
            } else {
                stranded = true;
            }
        }
        if old != new {
            let src = cx.doc.src;
            stranded |= [format!("\"{old}\""), format!("'{old}'")]
                .iter()
                .any(|quoted| src.contains(quoted.as_str()));
        }
        let message = if m.kind == MatchKind::Position {
            format!(
                "'{}' stands {how} '{title}': a likely rename (or the section is missing)",
                heading.text
            )
        } else {
            format!("'{}' is {how} the template section '{title}'", heading.text)
        };
        let mut fix = if m.kind == MatchKind::Position || stranded {
            // Only the place ties them: the author decides.
            Fix::suggested(format!("rename to '{title}'"), edits)
        } else {
            Fix::safe(format!("rename to '{title}'"), edits)
        };
        if old != new {
            fix.anchor = Some(old[1..].to_string());
        }
        let d = Diagnostic::new(&RULE, heading.text_span.clone(), message)
            .section(title)
            .fix(fix);
        out.push(d);
    }
}
