use std::path::Path;

use crate::Diagnostic;
use crate::diagnostic::declare_rule;
use crate::repo::{RepoSet, normalize, percent_decode};

declare_rule! {
    /// ## What it checks
    /// A relative link from one doc to a file that does not exist, or to a
    /// heading anchor (`other.md#decision`) that the other doc does not
    /// have. Links to the web, and anchors within the same doc
    /// (`broken-anchor`), are not this rule's.
    ///
    /// ## Why it matters
    /// Docs are renamed, renumbered and restructured; links between them
    /// rot silently, and the reader lands nowhere.
    ///
    /// ## Example
    /// ```markdown
    /// See [the cache design](0012-cache.md#eviction).
    /// ```
    /// when `0012-cache.md` has no "Eviction" heading: link to the heading
    /// it has now.
    code: "DD602",
    name: "broken-doc-link",
    severity: Error,
    fix: None,
    kind: Repository(check_repo),
}

pub(crate) fn check_repo(
    set: &RepoSet<'_>,
    exists: &dyn Fn(&Path) -> bool,
    out: &mut Vec<(usize, Diagnostic)>,
) {
    for (i, doc) in set.docs.iter().enumerate() {
        let Some(dir) = doc.path.parent() else {
            continue;
        };
        for (dest, span) in &doc.links {
            let (file, anchor) = match dest.split_once('#') {
                Some((f, a)) => (f, Some(a)),
                None => (dest.as_str(), None),
            };
            let file = file.split('?').next().unwrap_or(file);
            let target = normalize(&dir.join(percent_decode(file)));
            match set.by_path_from(i, file) {
                Some(j) => {
                    let Some(anchor) = anchor.filter(|a| !a.is_empty()) else {
                        continue;
                    };
                    let anchor = percent_decode(anchor);
                    let target = &set.docs[j];
                    if target.anchors().any(|a| a.eq_ignore_ascii_case(&anchor)) {
                        continue;
                    }
                    let mut d = Diagnostic::new(
                        &RULE,
                        span.clone(),
                        format!("'{}' has no heading '#{anchor}'", set.label(j)),
                    );
                    if let Some(best) = closest(&anchor, target.anchors()) {
                        d = d.help(format!("did you mean '{file}#{best}'?"));
                    }
                    out.push((i, d));
                }
                // `./eip-3607` for `eip-3607.md`: site generators (Jekyll,
                // MkDocs, Hugo) serve a page under its name without `.md`,
                // GitHub does not. Said as an info: it depends where the
                // docs are read.
                None if Path::new(file).extension().is_none()
                    && !exists(&target)
                    && (set.by_path_from(i, &format!("{file}.md")).is_some()
                        || exists(&target.with_extension("md"))) =>
                {
                    let mut d = Diagnostic::new(
                        &RULE,
                        span.clone(),
                        format!(
                            "link to '{dest}': no such file, but '{file}.md' exists (a site generator may serve it without '.md'; GitHub does not)"
                        ),
                    );
                    d.severity = crate::Severity::Info;
                    out.push((i, d));
                }
                None if !exists(&target) => out.push((
                    i,
                    Diagnostic::new(
                        &RULE,
                        span.clone(),
                        format!("link to '{dest}': no such file"),
                    ),
                )),
                None => {}
            }
        }
    }
}

fn closest<'a>(anchor: &str, anchors: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    anchors
        .map(|a| (strsim::normalized_damerau_levenshtein(a, anchor), a))
        .filter(|(r, _)| *r >= 0.6)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, a)| a)
}
