use crate::Diagnostic;
use crate::diagnostic::declare_rule;
use crate::repo::RepoSet;

declare_rule! {
    /// ## What it checks
    /// An accepted or implemented doc whose `depends-on` names a doc that
    /// was rejected or withdrawn.
    ///
    /// ## Why it matters
    /// A decision in force that rests on a decision that was turned down
    /// needs another look: its ground is gone.
    ///
    /// ## Example
    /// `0008` (accepted) depends on `0005` (rejected): revisit 0008, or
    /// point it at what replaced 0005.
    code: "DD605",
    name: "depends-on-rejected",
    severity: Warning,
    fix: None,
    kind: Repository(check_repo),
}

pub(crate) fn check_repo(
    set: &RepoSet<'_>,
    _exists: &dyn Fn(&std::path::Path) -> bool,
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (i, doc) in set.docs.iter().enumerate() {
        if !matches!(doc.status(), Some("accepted" | "implemented")) {
            continue;
        }
        for (r, span) in &doc.depends_on {
            let Some(j) = set.resolve(i, r) else { continue };
            if let Some(s @ ("rejected" | "withdrawn")) = set.docs[j].status() {
                out.push((
                    i,
                    Diagnostic::new(
                        &RULE,
                        span.clone(),
                        format!(
                            "{} is {}, but depends on {}, which is {s}",
                            set.label(i),
                            doc.status().unwrap_or(""),
                            set.label(j)
                        ),
                    ),
                ));
            }
        }
    }
}
