use crate::Diagnostic;
use crate::diagnostic::declare_rule;
use crate::repo::RepoSet;

declare_rule! {
    /// ## What it checks
    /// Two docs in the same directory with the same number (from the front
    /// matter's `number` or the file name's `NNNN-` prefix), or two docs
    /// anywhere with the same `id`. Each doc is reported, naming the
    /// others. (ADRs and RFCs kept in two folders each have their own
    /// 0001.)
    ///
    /// ## Why it matters
    /// "See ADR 12" must mean one doc. Two branches that each took the
    /// next free number merge into exactly this.
    ///
    /// ## Example
    /// `docs/design/0012-cache.md` and `docs/design/0012-queues.md`:
    /// renumber one (`designdoc new` picks a free number).
    code: "DD601",
    name: "duplicate-number",
    severity: Error,
    fix: None,
    kind: Repository(check_repo),
}

/// `55022-pgo.md` and `55022-pgo-implementation.md`: a companion doc
/// (appendix, implementation notes) that shares its main doc's number on
/// purpose, its name the other's and a companion's word.
fn companions(set: &RepoSet<'_>, i: usize, j: usize) -> bool {
    const COMPANION: &[&str] = &[
        "implementation",
        "appendix",
        "appendices",
        "notes",
        "faq",
        "details",
        "supplement",
        "rationale",
        "spec",
        "design",
        "examples",
    ];
    let stem = |k: usize| {
        set.docs[k]
            .path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default()
    };
    let (a, b) = (stem(i), stem(j));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    long.len() > short.len()
        && long.starts_with(short.as_str())
        && long[short.len()..]
            .strip_prefix('-')
            .is_some_and(|rest| rest.split('-').any(|w| COMPANION.contains(&w)))
}

pub(crate) fn check_repo(
    set: &RepoSet<'_>,
    _exists: &dyn Fn(&std::path::Path) -> bool,
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (n, docs) in set.by_number() {
        if docs.len() < 2 {
            continue;
        }
        for &i in docs {
            let others: Vec<String> = docs
                .iter()
                .filter(|&&j| j != i && set.same_series(i, j) && !companions(set, i, j))
                .map(|&j| set.label(j))
                .collect();
            if others.is_empty() {
                continue;
            }
            out.push((
                i,
                Diagnostic::new(
                    &RULE,
                    set.docs[i].number_span.clone(),
                    format!("number {n:04} is also taken by {}", others.join(", ")),
                ),
            ));
        }
    }
    for (id, docs) in set.by_id() {
        if docs.len() < 2 {
            continue;
        }
        for &i in docs {
            let others: Vec<String> = docs
                .iter()
                .filter(|&&j| j != i)
                .map(|&j| set.label(j))
                .collect();
            let span = set.docs[i].id.as_ref().map_or(0..0, |(_, s)| s.clone());
            out.push((
                i,
                Diagnostic::new(
                    &RULE,
                    span,
                    format!("id '{id}' is also taken by {}", others.join(", ")),
                ),
            ));
        }
    }
}
