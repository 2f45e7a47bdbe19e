use designdoc_syntax::ProblemKind;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Input on which the Markdown parser itself failed.
    ///
    /// ## Why it matters
    /// designdoc guards every parse: instead of crashing, it reports the
    /// file and checks the others. Nothing in such a file is judged, and
    /// `--fix` never writes it.
    ///
    /// ## Example
    /// ```text
    /// error[DD003 parse-failure]: the Markdown parser failed on this file
    /// ```
    /// Please report the file's content as a bug.
    code: "DD003",
    name: "parse-failure",
    severity: Error,
    fix: None,
    kind: Failure(Some(check)),
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    for p in &cx.doc.problems {
        if let ProblemKind::ParserPanic(msg) = &p.kind {
            out.push(Diagnostic::new(
                &RULE,
                p.span.start..p.span.start,
                format!("the Markdown parser failed on this file ({msg})"),
            ));
        }
    }
}
