use designdoc_syntax::slug::Slugger;

use crate::diagnostic::declare_rule;
use crate::{Context, Diagnostic, Edit, Fix};

declare_rule! {
    /// ## What it checks
    /// A link within the document (`[see](#design)`) whose anchor matches
    /// no heading, using GitHub's anchor rules (lowercase, punctuation
    /// dropped, spaces as hyphens, `-1`, `-2` for repeats), nor an explicit
    /// HTML `id`/`name`.
    ///
    /// ## Why it matters
    /// Renaming a heading silently breaks every link to it; readers land at
    /// the top of the page instead of the section they were sent to.
    ///
    /// ## Example
    /// ```markdown
    /// See [the design](#proposed-design).
    /// ## Design
    /// ```
    /// should link to `#design`. When one anchor is a close spelling of the
    /// broken one, designdoc suggests it.
    ///
    /// ## Fix safety
    /// The suggested anchor is shown, never applied automatically: only the
    /// author knows which section was meant.
    code: "DD501",
    name: "broken-anchor",
    severity: Error,
    fix: Sometimes,
}

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    if !doc.links.iter().any(|l| l.dest.starts_with('#')) {
        return;
    }
    let mut slugger = Slugger::default();
    let mut anchors: Vec<String> = doc.headings.iter().map(|h| slugger.slug(&h.text)).collect();
    anchors.extend(doc.html_anchors.iter().cloned());
    for link in &doc.links {
        let Some(fragment) = link.dest.strip_prefix('#') else {
            continue;
        };
        if fragment.is_empty() || link.image {
            continue;
        }
        let decoded = percent_decode(fragment);
        if anchors
            .iter()
            .any(|a| *a == decoded || a.eq_ignore_ascii_case(&decoded))
        {
            continue;
        }
        // Renderers differ in separators (Gitiles makes
        // "appendix_thp-flag-behavior" of "Appendix: THP flag behavior",
        // GitHub "appendix-thp-flag-behavior"): the same words name the
        // same heading.
        let bare = alnum(&decoded);
        if !bare.is_empty() && anchors.iter().any(|a| alnum(a) == bare) {
            continue;
        }
        let best = anchors
            .iter()
            .map(|a| (strsim::normalized_damerau_levenshtein(a, &decoded), a))
            .filter(|(r, _)| *r >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0));
        let mut d = Diagnostic::new(
            &RULE,
            link.span.clone(),
            format!("link to '#{fragment}' matches no heading in this document"),
        )
        .section_opt(cx.section_at(link.span.start).map(|s| cx.title_of(s)));
        if let Some((_, a)) = best {
            let text = &doc.src[link.span.clone()];
            if let Some(i) = text.rfind(&format!("(#{fragment}")) {
                let start = link.span.start + i + 2;
                d = d.fix(Fix::suggested(
                    format!("link to '#{a}'"),
                    vec![Edit::replace(start..start + fragment.len(), a.clone())],
                ));
            }
        }
        out.push(d);
    }
}

/// An anchor's words, lower-cased, each run of other characters one `-`.
fn alnum(s: &str) -> String {
    let mut out = String::new();
    for w in s
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push('-');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

fn percent_decode(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        if b[i] == b'%'
            && let Some(Ok(v)) = s.get(i + 1..i + 3).map(|h| u8::from_str_radix(h, 16))
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(b[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}
