use designdoc_syntax::ProblemKind;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// A fenced code block (```` ``` ```` or `~~~`) that is opened and
    /// never closed.
    ///
    /// ## Why it matters
    /// Markdown lets an unclosed fence run to the end of the file: every
    /// heading after it becomes code, so whole sections vanish from the
    /// rendered doc and from every other check.
    ///
    /// ## Example
    /// ````markdown
    /// ## Design
    /// ```rust
    /// fn acquire() {}
    /// ## Testing
    /// ````
    /// Close the fence with a line of three backticks before `## Testing`.
    code: "DD001",
    name: "unclosed-code-fence",
    severity: Error,
    fix: None,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for p in &cx.doc.problems {
        if p.kind == ProblemKind::UnclosedCodeFence {
            let hidden = cx.doc.src[p.span.end..]
                .lines()
                .filter(|l| l.trim_start().starts_with('#'))
                .count();
            let mut d = Diagnostic::new(
                &RULE,
                p.span.clone(),
                "code fence is never closed: everything after it is code",
            );
            if hidden > 0 {
                d = d.help(format!(
                    "{hidden} heading line(s) after it are hidden inside the code block"
                ));
            }
            out.push(d.section_opt(cx.section_at(p.span.start).map(|s| cx.title_of(s))));
        }
    }
}
