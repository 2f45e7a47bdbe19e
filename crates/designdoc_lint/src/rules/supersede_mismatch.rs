use crate::Diagnostic;
use crate::diagnostic::declare_rule;
use crate::repo::RepoSet;

declare_rule! {
    /// ## What it checks
    /// References between docs that do not hold: a `supersedes`,
    /// `superseded-by` or `depends-on` naming no doc (by number, id or
    /// path), and a supersede recorded on one side only (A `supersedes` B,
    /// but B does not say `superseded-by` A, or the reverse). A doc that
    /// is superseded should also have the status `superseded`.
    ///
    /// ## Why it matters
    /// A reader of the old doc must find the new one, and a reader of the
    /// new one the history. `designdoc supersede A --by B` writes both
    /// sides in one step.
    ///
    /// ## Example
    /// `0007` says `supersedes: 3`, and `0003-old.md` has no
    /// `superseded-by: 7`: add it, or run `designdoc supersede 3 --by 7`.
    code: "DD603",
    name: "supersede-mismatch",
    severity: Error,
    fix: None,
    kind: Repository(check_repo),
}

pub(crate) fn check_repo(
    set: &RepoSet<'_>,
    _exists: &dyn Fn(&std::path::Path) -> bool,
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (i, doc) in set.docs.iter().enumerate() {
        for (key, refs) in [
            ("supersedes", &doc.supersedes),
            ("superseded-by", &doc.superseded_by),
            ("depends-on", &doc.depends_on),
        ] {
            for (r, span) in refs {
                // `payments:0012` names a doc of another repository: the
                // organisation's catalog resolves it, not this repository.
                if crate::repo::cross_repository(r).is_some() {
                    continue;
                }
                let Some(j) = set.resolve(i, r) else {
                    let several = r
                        .trim()
                        .parse::<u32>()
                        .ok()
                        .and_then(|n| set.by_number().get(&n))
                        .filter(|d| d.len() > 1);
                    let message = match several {
                        Some(docs) => format!(
                            "{key}: '{r}' names several docs ({}); use a path",
                            docs.iter()
                                .map(|&d| set.label(d))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                        None => format!("{key}: '{r}' names no doc (by number, id or path)"),
                    };
                    out.push((i, Diagnostic::new(&RULE, span.clone(), message)));
                    continue;
                };
                let other = &set.docs[j];
                let back = match key {
                    "supersedes" => &other.superseded_by,
                    "superseded-by" => &other.supersedes,
                    _ => continue,
                };
                if !back.iter().any(|(b, _)| set.resolve(j, b) == Some(i)) {
                    let back_key = if key == "supersedes" {
                        "superseded-by"
                    } else {
                        "supersedes"
                    };
                    out.push((
                        i,
                        Diagnostic::new(
                            &RULE,
                            span.clone(),
                            format!(
                                "{key}: {} does not say {back_key} {}",
                                set.label(j),
                                set.label(i)
                            ),
                        )
                        .help(format!(
                            "record both sides: designdoc supersede {} --by {}",
                            if key == "supersedes" {
                                set.label(j)
                            } else {
                                set.label(i)
                            },
                            if key == "supersedes" {
                                set.label(i)
                            } else {
                                set.label(j)
                            },
                        )),
                    ));
                }
                if key == "superseded-by"
                    && let Some((s, sspan)) = &doc.status
                    && s != "superseded"
                {
                    out.push((
                        i,
                        Diagnostic::new(
                            &RULE,
                            sspan.clone(),
                            format!("superseded by {} but its status is '{s}'", set.label(j)),
                        ),
                    ));
                }
            }
        }
    }
}
