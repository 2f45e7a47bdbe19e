//! A doc's requirements: the top-level list items of the sections the
//! schema says hold requirements (`SectionSchema::requirements`), each
//! with its id when it has one (`- [ ] FR-3: a client over quota gets
//! 429`). Read by the id rules, `designdoc ids --assign`, and tracing.

use std::ops::Range;

use designdoc_schema::{Matching, Schema};
use designdoc_syntax::{BlockKind, Document};

/// One requirement of a doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requirement {
    /// The prefix its section gives ids (`FR`).
    pub prefix: String,
    /// The template section it is in.
    pub section: usize,
    /// The item's line, without the line ending.
    pub line: Range<usize>,
    /// Where an id goes: after the list marker and the task box.
    pub insert_at: usize,
    /// The id written at `insert_at`, if any (well-formed or not).
    pub id: Option<WrittenId>,
    /// The item's plain text after the id.
    pub text: String,
    /// Whether its task box is ticked (none: not a task item).
    pub ticked: Option<bool>,
}

/// An id as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenId {
    /// The id's own characters (`FR-3`, or `fr3` when malformed).
    pub span: Range<usize>,
    /// The source text at `span`, as written.
    pub text: String,
    /// The prefix and number read from it.
    pub prefix: String,
    /// The digits after the prefix (one to nine of them), leading zeros dropped.
    pub number: u64,
    /// Written `PREFIX-N`: capitals, one hyphen, no leading zero.
    pub well_formed: bool,
}

impl WrittenId {
    /// The id in its proper form: `FR-3`.
    pub fn canonical(&self) -> String {
        format!("{}-{}", self.prefix.to_ascii_uppercase(), self.number)
    }
}

/// The requirements of `doc`, in document order.
pub fn requirements(doc: &Document<'_>, schema: &Schema, matching: &Matching) -> Vec<Requirement> {
    let mut out = Vec::new();
    for (si, s) in schema.sections.iter().enumerate() {
        let (Some(prefix), Some(h)) = (&s.requirements, matching.sections[si]) else {
            continue;
        };
        for b in &doc.blocks {
            if b.heading != Some(h) || b.kind != BlockKind::ListItem || b.list_depth != 1 {
                continue;
            }
            if b.in_quote {
                continue;
            }
            let line_end = doc.src[b.span.start..]
                .find(['\n', '\r'])
                .map_or(doc.src.len(), |i| b.span.start + i);
            let line_start = doc.src[..b.span.start]
                .rfind(['\n', '\r'])
                .map_or(0, |i| i + 1);
            let line = line_start..line_end;
            let Some(insert_at) = item_text_start(&doc.src[line.clone()]).map(|i| line_start + i)
            else {
                continue;
            };
            let ticked = b.task.map(|t| doc.tasks[t].checked);
            let id =
                read_id(&doc.src[insert_at..line_end]).map(|(r, prefix, number, ok)| WrittenId {
                    span: insert_at + r.start..insert_at + r.end,
                    text: doc.src[insert_at + r.start..insert_at + r.end].to_string(),
                    prefix,
                    number,
                    well_formed: ok,
                });
            let text = match &id {
                Some(id) => {
                    let rest = &doc.src[id.span.end..line_end];
                    rest.trim_start_matches(['*', ']', ')', ':', '.', ' ', '\t'])
                        .trim()
                        .to_string()
                }
                None => b.text.trim().to_string(),
            };
            out.push(Requirement {
                prefix: prefix.clone(),
                section: si,
                line,
                insert_at,
                id,
                text,
                ticked,
            });
        }
    }
    out.sort_by_key(|r| r.line.start);
    out
}

/// In a list item's line: the offset of its text, after indentation, the
/// marker (`-`, `*`, `+`, `1.`, `1)`) and a task box (`[ ]`, `[x]`).
fn item_text_start(line: &str) -> Option<usize> {
    let b = line.as_bytes();
    let mut i = b.iter().take_while(|c| **c == b' ' || **c == b'\t').count();
    match b.get(i)? {
        b'-' | b'*' | b'+' => i += 1,
        c if c.is_ascii_digit() => {
            i += b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
            if !matches!(b.get(i), Some(b'.' | b')')) {
                return None;
            }
            i += 1;
        }
        _ => return None,
    }
    i += b[i..]
        .iter()
        .take_while(|c| **c == b' ' || **c == b'\t')
        .count();
    if b.len() >= i + 3
        && b[i] == b'['
        && b[i + 2] == b']'
        && matches!(b[i + 1], b' ' | b'x' | b'X')
    {
        i += 3;
        i += b[i..]
            .iter()
            .take_while(|c| **c == b' ' || **c == b'\t')
            .count();
    }
    Some(i)
}

/// An id at the start of `s`: (its range, prefix, number, well-formed).
/// `FR-3` anywhere it is followed by a space or punctuation; a malformed
/// one (`fr-3`, `FR3`, `FR_03`) only when followed by `:` (so that "HTTP2
/// support" is not an id), or wrapped in `**` or `[ ]`.
fn read_id(s: &str) -> Option<(Range<usize>, String, u64, bool)> {
    let b = s.as_bytes();
    let mut start = 0;
    let mut wrapped = false;
    if s.starts_with("**") {
        start = 2;
        wrapped = true;
    } else if s.starts_with('[') {
        start = 1;
        wrapped = true;
    }
    let mut i = start;
    let letters = b[i..]
        .iter()
        .take_while(|c| c.is_ascii_alphabetic())
        .count();
    if letters == 0 {
        return None;
    }
    i += letters;
    // Digits may follow the letters in a prefix (`REQ2-1`) only before a
    // hyphen; read the prefix as letters then digits up to a separator.
    let mut prefix_end = i;
    let digits_in_prefix = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if digits_in_prefix > 0 && matches!(b.get(i + digits_in_prefix), Some(b'-')) {
        prefix_end = i + digits_in_prefix;
        i = prefix_end;
    }
    let sep = match b.get(i) {
        Some(b'-' | b'_') => {
            i += 1;
            true
        }
        Some(b' ') if b.get(i + 1).is_some_and(u8::is_ascii_digit) => {
            i += 1;
            true
        }
        _ => false,
    };
    let nd = b[i..].iter().take_while(|c| c.is_ascii_digit()).count();
    if nd == 0 || nd > 9 {
        return None;
    }
    let number: u64 = s[i..i + nd].parse().ok()?;
    let end = i + nd;
    let after = b.get(end).copied();
    let boundary = match after {
        None => true,
        Some(c) => c == b' ' || c == b'\t' || b":.)]*,;".contains(&c),
    };
    if !boundary {
        return None;
    }
    let prefix = &s[start..prefix_end];
    let well_formed = sep
        && b[prefix_end] == b'-'
        && designdoc_schema::is_id_prefix(prefix)
        && !s[prefix_end + 1..end].starts_with('0');
    let colon = after == Some(b':') || (wrapped && s[end..].starts_with(['*', ']']));
    if !well_formed && !colon {
        return None;
    }
    if !well_formed && wrapped && !s[end..].starts_with(['*', ']', ':']) {
        return None;
    }
    Some((start..end, prefix.to_string(), number, well_formed))
}

/// Where ids go for the requirements without one: (offset, `FR-4: `),
/// numbered after the highest number each prefix has in the doc, in
/// document order. Never renumbers an existing id.
pub fn assign_ids(reqs: &[Requirement]) -> Vec<(usize, String)> {
    let mut next: Vec<(String, u64)> = Vec::new();
    for r in reqs {
        if let Some(id) = &r.id {
            let p = id.prefix.to_ascii_uppercase();
            match next.iter_mut().find(|(q, _)| *q == p) {
                Some((_, n)) => *n = (*n).max(id.number),
                None => next.push((p, id.number)),
            }
        }
    }
    let mut out = Vec::new();
    for r in reqs.iter().filter(|r| r.id.is_none()) {
        let n = match next.iter_mut().find(|(q, _)| *q == r.prefix) {
            Some((_, n)) => {
                *n += 1;
                *n
            }
            None => {
                next.push((r.prefix.clone(), 1));
                1
            }
        };
        out.push((r.insert_at, format!("{}-{n}: ", r.prefix)));
    }
    out
}

/// `src` with an id given to each requirement that has none, and the ids
/// given; none when there is nothing to give (or when the edit would not
/// leave the doc's structure as it was, which inserting text at an item's
/// start never should).
pub fn with_ids(src: &str, schema: &Schema) -> Option<(String, Vec<String>)> {
    let doc = designdoc_syntax::parse(src);
    let m = schema.match_headings(&doc);
    let edits: Vec<crate::Edit> = assign_ids(&requirements(&doc, schema, &m))
        .into_iter()
        .map(|(at, t)| crate::Edit::insert(at, t))
        .collect();
    if edits.is_empty() {
        return None;
    }
    let refs: Vec<&crate::Edit> = edits.iter().collect();
    let new = crate::fix::apply(src, &refs);
    if !crate::fix::preserves_structure(&doc, &new, &refs) {
        return None;
    }
    let ids = edits
        .iter()
        .map(|e| e.replacement.trim_end_matches([':', ' ']).to_string())
        .collect();
    Some((new, ids))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reqs(src: &str) -> Vec<Requirement> {
        let schema = designdoc_schema::builtin("design-doc").unwrap();
        let doc = designdoc_syntax::parse(src);
        let m = schema.match_headings(&doc);
        requirements(&doc, &schema, &m)
    }

    const DOC: &str = "# Design Document: X\n\n## Requirements\n\n### Functional\n- [ ] FR-1: a client over quota gets 429\n- [x] **FR-2** limits reload live\n  - a nested note, not a requirement\n- [ ] HTTP2 support\n- [ ] fr3: lower case\n\n### Non-Functional\n- [ ] NFR-01: leading zero\n- p99 under 5 ms\n\n## Design\n- [ ] FR-9: not in a requirements section\n";

    #[test]
    fn requirements_are_the_items_of_requirement_sections_with_their_ids() {
        let r = reqs(DOC);
        let got: Vec<(Option<&str>, bool, &str, &str, Option<bool>)> = r
            .iter()
            .map(|r| {
                (
                    r.id.as_ref().map(|i| i.text.as_str()),
                    r.id.as_ref().is_some_and(|i| i.well_formed),
                    r.prefix.as_str(),
                    r.text.as_str(),
                    r.ticked,
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                (
                    Some("FR-1"),
                    true,
                    "FR",
                    "a client over quota gets 429",
                    Some(false)
                ),
                (Some("FR-2"), true, "FR", "limits reload live", Some(true)),
                (None, false, "FR", "HTTP2 support", Some(false)),
                (Some("fr3"), false, "FR", "lower case", Some(false)),
                (Some("NFR-01"), false, "NFR", "leading zero", Some(false)),
                (None, false, "NFR", "p99 under 5 ms", None),
            ]
        );
        assert_eq!(r[3].id.as_ref().unwrap().canonical(), "FR-3");
    }

    #[test]
    fn assigning_ids_numbers_after_the_highest_and_keeps_the_rest() {
        let r = reqs(DOC);
        let edits = assign_ids(&r);
        let texts: Vec<&str> = edits.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["FR-4: ", "NFR-2: "]);
        let mut out = DOC.to_string();
        for (at, t) in edits.iter().rev() {
            out.insert_str(*at, t);
        }
        assert!(out.contains("- [ ] FR-4: HTTP2 support\n"), "{out}");
        assert!(out.contains("- NFR-2: p99 under 5 ms\n"), "{out}");
        // Again: nothing to assign.
        assert!(assign_ids(&reqs(&out)).is_empty());
    }

    #[test]
    fn ids_are_read_only_where_they_are_ids() {
        for (s, id) in [
            ("FR-3: x", Some(("FR", 3, true))),
            ("FR-3 x", Some(("FR", 3, true))),
            ("[FR-3] x", Some(("FR", 3, true))),
            ("REQ2-7: x", Some(("REQ2", 7, true))),
            ("FR3: x", Some(("FR", 3, false))),
            ("Fr-3: x", Some(("Fr", 3, false))),
            ("FR-03 x", None),
            ("HTTP2 support", None),
            ("IPv6 only", None),
            ("Requirement 1", None),
            ("FR-3x", None),
        ] {
            let got = read_id(s).map(|(_, p, n, ok)| (p, n, ok));
            assert_eq!(got, id.map(|(p, n, ok)| (p.to_string(), n, ok)), "{s}");
        }
    }
}
