//! Hover and go to definition: what a heading, a link or a glossary term
//! under the cursor stands for.

use std::ops::Range;
use std::path::{Path, PathBuf};

use designdoc_repo::Workspace;
use designdoc_syntax::Document;
use designdoc_syntax::slug::Slugger;

/// What is under the cursor.
pub enum Target {
    /// A heading: the template section it stands for, and its guidance.
    Heading {
        span: Range<usize>,
        section: Option<(String, Vec<String>)>,
    },
    /// A link to a heading of this doc.
    Anchor {
        span: Range<usize>,
        heading: Option<Range<usize>>,
        text: Option<String>,
    },
    /// A link to another file (and maybe one of its headings).
    File {
        span: Range<usize>,
        path: PathBuf,
        anchor: Option<String>,
    },
    /// A requirement's id (`FR-3` in `- [ ] FR-3: …`).
    Requirement { span: Range<usize>, id: String },
    /// A glossary term where it is used (or defined).
    Term {
        span: Range<usize>,
        term: String,
        definition: String,
        defined_at: usize,
    },
}

/// The anchors of a doc's headings, in order, as GitHub makes them.
pub fn anchors(doc: &Document<'_>) -> Vec<(String, Range<usize>)> {
    let mut slugger = Slugger::default();
    doc.headings
        .iter()
        .map(|h| (slugger.slug(&h.text), h.span.clone()))
        .collect()
}

/// What is at `offset` of `text`, the doc at `path`.
pub fn target_at(ws: &Workspace, path: &Path, text: &str, offset: usize) -> Option<Target> {
    let doc = designdoc_syntax::parse(text);
    if let Some(h) = doc
        .headings
        .iter()
        .find(|h| h.span.start <= offset && offset <= h.span.end)
    {
        let schema = ws.schema_for(path, text).ok()?;
        let matching = schema.match_headings(&doc);
        let i = doc.headings.iter().position(|x| x.span == h.span)?;
        let section = matching.headings[i].as_ref().map(|m| {
            let s = &schema.sections[m.section];
            (s.title.clone(), s.guidance.clone())
        });
        return Some(Target::Heading {
            span: h.span.clone(),
            section,
        });
    }
    if let Some(l) = doc
        .links
        .iter()
        .find(|l| !l.image && l.span.start <= offset && offset < l.span.end)
    {
        let dest = l.dest.trim();
        if let Some(anchor) = dest.strip_prefix('#') {
            let found = anchors(&doc).into_iter().position(|(a, _)| a == anchor);
            return Some(Target::Anchor {
                span: l.span.clone(),
                heading: found.map(|i| doc.headings[i].span.clone()),
                text: found.map(|i| doc.headings[i].text.clone()),
            });
        }
        if dest.contains("://") || dest.starts_with("mailto:") {
            return None;
        }
        let (file, anchor) = match dest.split_once('#') {
            Some((f, a)) => (f, Some(a.to_string())),
            None => (dest, None),
        };
        let file = percent_encoding::percent_decode_str(file)
            .decode_utf8()
            .ok()?;
        let base = path.parent().unwrap_or(Path::new("."));
        return Some(Target::File {
            span: l.span.clone(),
            path: normalize(&base.join(file.as_ref())),
            anchor,
        });
    }
    let schema = ws.schema_for(path, text).ok()?;
    let matching = schema.match_headings(&doc);
    if let Some(id) = designdoc_lint::requirements::requirements(&doc, &schema, &matching)
        .into_iter()
        .filter_map(|r| r.id)
        .find(|i| i.well_formed && i.span.start <= offset && offset <= i.span.end)
    {
        return Some(Target::Requirement {
            span: id.span,
            id: id.text,
        });
    }
    let terms = designdoc_lint::glossary(&doc, &schema);
    // The term whose occurrence holds the cursor (the longest, when terms
    // overlap: "rate limit" before "rate").
    let line_start = text[..offset.min(text.len())]
        .rfind('\n')
        .map_or(0, |i| i + 1);
    let line_end = text[offset.min(text.len())..]
        .find('\n')
        .map_or(text.len(), |i| offset + i);
    let line = &text[line_start..line_end];
    let lower = line.to_lowercase();
    let mut best: Option<Target> = None;
    for t in &terms {
        let needle = t.term.to_lowercase();
        if needle.is_empty() || lower.len() != line.len() {
            continue;
        }
        for (i, _) in lower.match_indices(&needle) {
            let span = line_start + i..line_start + i + needle.len();
            let whole = |b: Option<char>| b.is_none_or(|c| !c.is_alphanumeric());
            if span.start <= offset
                && offset <= span.end
                && whole(line[..i].chars().next_back())
                && whole(line[i + needle.len()..].chars().next())
                && best.as_ref().is_none_or(|b| match b {
                    Target::Term { span: s, .. } => s.len() < span.len(),
                    _ => true,
                })
            {
                best = Some(Target::Term {
                    span,
                    term: t.term.clone(),
                    definition: t.definition.clone(),
                    defined_at: t.offset,
                });
            }
        }
    }
    best
}

/// `a/./b/../c` → `a/c`, without touching the file system.
pub fn normalize(p: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in p.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}
