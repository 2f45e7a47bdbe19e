use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, Edit, Fix};

declare_rule! {
    /// ## What it checks
    /// A section of the template that the document does not have, under its
    /// own title, a known alias or a close spelling. A missing section whose
    /// parent is missing too is reported once, with the parent.
    ///
    /// Sections that would have to go after an unclosed code fence are left
    /// to `unclosed-code-fence`: the fence hides them. A doc with sections
    /// of its own but none of the template's was not written from it: one
    /// finding, a step below this rule's severity, says so instead of one
    /// per section.
    ///
    /// ## Why it matters
    /// The template is the team's agreement about what every design must
    /// answer. A dropped section is a question nobody answered, and readers
    /// cannot tell "not considered" from "not applicable".
    ///
    /// ## Example
    /// A doc that goes from `## Design` straight to `## Testing` misses
    /// `## Alternatives Considered` (and the sections between). The fix
    /// inserts the heading and the template's guidance comment where the
    /// template puts it:
    /// ```markdown
    /// ## Alternatives Considered
    ///
    /// <!-- Other approaches evaluated, and why they were not chosen. -->
    /// ```
    /// If a section does not apply, keep it and say so in one line
    /// ("None: internal tool").
    ///
    /// ## Fix safety
    /// Unsafe (applied with `--unsafe-fixes`, or the editor's "Insert every
    /// missing section"): the fix inserts the heading and the template's
    /// guidance between sections, but the new section is empty, so the
    /// doc trades a missing section for an empty one, and a reader may
    /// take the heading for a considered answer.
    code: "DD101",
    name: "missing-section",
    severity: Error,
    fix: Always,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let schema = cx.schema;
    if follows_none(cx, out) {
        return;
    }
    for (s, sec) in schema.sections.iter().enumerate() {
        if !sec.required || cx.heading_of(s).is_some() {
            continue;
        }
        if sec.parent.is_some_and(|p| cx.heading_of(p).is_none()) {
            continue; // reported with its parent
        }
        let at = insertion_point(cx, s);
        if hidden_by_unclosed_fence(cx, at) {
            continue; // unclosed-code-fence reports the sections it swallows
        }
        let nl = cx.doc.line_ending.as_str();
        // The section and its missing descendants, in template order.
        let mut block = String::new();
        let mut names = Vec::new();
        for (d, dsec) in schema.sections.iter().enumerate().skip(s) {
            if d != s && !is_descendant(cx, d, s) {
                break;
            }
            if cx.heading_of(d).is_some() {
                continue;
            }
            if d != s {
                names.push(dsec.title.as_str());
            }
            block.push_str(&"#".repeat(dsec.level as usize));
            block.push(' ');
            block.push_str(&dsec.title);
            block.push_str(nl);
            block.push_str(nl);
            for g in &dsec.guidance {
                // Guidance goes back in as the comment it came from; a
                // `--` inside would end the comment early.
                let g = g
                    .replace("--", "- -")
                    .replace("\r\n", "\n")
                    .replace('\n', nl);
                block.push_str(&format!("<!-- {g} -->"));
                block.push_str(nl);
                block.push_str(nl);
            }
        }
        let src = cx.doc.src;
        let before = &src[..at];
        let prefix = if at <= cx.doc.body_start() || before.ends_with(&format!("{nl}{nl}")) {
            ""
        } else if before.ends_with(nl) {
            nl
        } else {
            &format!("{nl}{nl}")[..]
        };
        let mut text = format!("{prefix}{block}");
        if at == src.len() {
            // Do not leave a blank line at the very end of the file.
            text.truncate(text.len() - nl.len());
        }
        let mut message = format!("missing section '{}'", sec.title);
        if !names.is_empty() {
            message.push_str(&format!(" (and its subsections {})", names.join(", ")));
        }
        message.push_str(&where_it_belongs(cx, s));
        let mut d = Diagnostic::new(&RULE, at..at, message)
            .section(&sec.title)
            .fix(Fix::suggested(
                format!("insert '{}'", sec.title),
                vec![Edit::insert(at, text)],
            ));
        if let Some(h) = cx.guidance_help(s) {
            d = d.help(h);
        }
        out.push(d);
    }
}

/// A doc that has none of the template's top-level sections (though it
/// has two sections or more of its own) was not written from this template: an old
/// design note in a proposals folder, a README. One finding says so,
/// a step below the rule's severity, instead of one per section.
fn follows_none(cx: &Context<'_>, out: &mut Vec<Diagnostic>) -> bool {
    let schema = cx.schema;
    let top: Vec<usize> = (0..schema.sections.len())
        .filter(|&s| schema.sections[s].parent.is_none())
        .collect();
    let required: Vec<&str> = top
        .iter()
        .filter(|&&s| schema.sections[s].required)
        .map(|&s| schema.sections[s].title.as_str())
        .collect();
    // Sections of its own: two headings or more besides the title (a doc
    // that is only a title is missing everything, not another kind).
    let own_sections = cx.doc.headings.len() >= 2 + usize::from(cx.matching.title.is_some());
    if required.len() < 2 || !own_sections || top.iter().any(|&s| cx.heading_of(s).is_some()) {
        return false;
    }
    let at = cx
        .matching
        .title
        .map_or(cx.doc.body_start()..cx.doc.body_start(), |t| {
            cx.doc.headings[t].span.clone()
        });
    out.push(
        Diagnostic::new(
            &RULE,
            at,
            format!(
                "none of the template's sections found ({}): this doc does not follow the template",
                required.join(", ")
            ),
        )
        .uncertain(),
    );
    true
}

fn hidden_by_unclosed_fence(cx: &Context<'_>, at: usize) -> bool {
    cx.doc
        .problems
        .iter()
        .any(|p| p.kind == designdoc_syntax::ProblemKind::UnclosedCodeFence && p.span.start < at)
}

fn is_descendant(cx: &Context<'_>, d: usize, ancestor: usize) -> bool {
    cx.schema.ancestors(d).any(|a| a == ancestor)
}

/// " (expected after 'Design', before 'Testing')".
fn where_it_belongs(cx: &Context<'_>, s: usize) -> String {
    let present = |i: &usize| cx.heading_of(*i).is_some();
    let prev = (0..s).rev().find(present);
    let next = (s + 1..cx.schema.sections.len())
        .filter(|i| !is_descendant(cx, *i, s))
        .find(present);
    match (prev, next) {
        (Some(p), Some(n)) => format!(
            ": expected after '{}' and before '{}'",
            cx.title_of(p),
            cx.title_of(n)
        ),
        (Some(p), None) => format!(": expected after '{}'", cx.title_of(p)),
        (None, Some(n)) => format!(": expected before '{}'", cx.title_of(n)),
        (None, None) => String::new(),
    }
}

/// Where the template puts section `s` in this document: after the body of
/// the nearest earlier template section that is present, before the next
/// heading of `s`'s level or higher; else before the first section, or at
/// the end.
fn insertion_point(cx: &Context<'_>, s: usize) -> usize {
    let doc = cx.doc;
    let level = cx.schema.sections[s].level;
    let prev = (0..s).rev().find_map(|i| cx.heading_of(i));
    let start_heading = match prev {
        Some(h) => h,
        None => match cx.matching.title {
            Some(t) => t,
            None => {
                // No title and nothing earlier: before the first heading.
                return doc.headings.first().map_or(doc.src.len(), |h| h.span.start);
            }
        },
    };
    doc.headings[start_heading + 1..]
        .iter()
        .find(|h| h.level <= level)
        .map_or(doc.src.len(), |h| h.span.start)
}
