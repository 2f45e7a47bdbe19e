//! Pieces several rules read. Rules share these helpers, never each other.

use std::ops::Range;

use designdoc_schema::SectionKind;
use designdoc_syntax::{Block, BlockKind, SegmentKind};

use crate::Context;

/// One glossary definition.
pub struct GlossaryEntry<'b> {
    pub term: String,
    /// Where the term is written.
    pub term_range: Range<usize>,
    pub block: &'b Block<'b>,
    /// Written as `**Term**: Definition` (or a table row).
    pub well_formed: bool,
}

/// The template section that holds the glossary, and its heading.
pub fn glossary_heading(cx: &Context<'_>) -> Option<usize> {
    let s = cx
        .schema
        .sections
        .iter()
        .position(|s| s.kind == SectionKind::Glossary)?;
    cx.heading_of(s)
}

/// The template title of the glossary section, for diagnostics.
pub fn glossary_title(cx: &Context<'_>) -> Option<String> {
    glossary_heading(cx)
        .and_then(|h| cx.section_of(h))
        .map(|s| cx.title_of(s).to_string())
}

/// Entries of the glossary: top-level list items and table body rows.
/// Template placeholder items are left out. Computed once per document.
pub fn glossary_entries<'c, 'a>(cx: &'c Context<'a>) -> &'c [GlossaryEntry<'a>] {
    cx.glossary_cache.get_or_init(|| read_glossary(cx))
}

fn read_glossary<'a>(cx: &Context<'a>) -> Vec<GlossaryEntry<'a>> {
    let doc: &'a designdoc_syntax::Document<'a> = cx.doc;
    let Some(h) = glossary_heading(cx) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for b in doc.section_blocks(h) {
        match b.kind {
            BlockKind::ListItem | BlockKind::Paragraph if b.list_depth == 1 => {
                if b.text.trim().is_empty() || cx.schema.is_placeholder(&b.text) {
                    continue;
                }
                out.push(list_entry(b));
            }
            BlockKind::TableRow => {
                let term = b.text.split(" | ").next().unwrap_or("").trim().to_string();
                if term.is_empty() {
                    continue;
                }
                let start = b.text.find(&term).unwrap_or(0);
                out.push(GlossaryEntry {
                    term_range: b.source_range(start..start + term.len()),
                    term,
                    block: b,
                    well_formed: true,
                });
            }
            _ => {}
        }
    }
    out
}

fn list_entry<'b>(b: &'b Block<'b>) -> GlossaryEntry<'b> {
    let lead = b.text.len() - b.text.trim_start().len();
    if let Some(seg) = b
        .segments
        .first()
        .filter(|s| s.kind == SegmentKind::Strong && s.text_start as usize == lead)
    {
        // The strong run may be split into several segments.
        let mut end = (seg.text_start + seg.len) as usize;
        for s in &b.segments[1..] {
            if s.kind == SegmentKind::Strong && s.text_start as usize == end {
                end += s.len as usize;
            } else {
                break;
            }
        }
        let term = b.text[lead..end].trim().to_string();
        let rest = b.text[end..].trim_start();
        let rest = rest
            .strip_prefix(':')
            .or_else(|| rest.strip_prefix(" -"))
            .or_else(|| rest.strip_prefix('—'))
            .or_else(|| rest.strip_prefix('-'));
        let term_clean = term.trim_end_matches(':').trim().to_string();
        let colon_inside = term.ends_with(':');
        let well_formed = match rest {
            Some(def) => !def.trim().is_empty(),
            None => colon_inside && !b.text[end..].trim().is_empty(),
        };
        return GlossaryEntry {
            term_range: b.source_range(lead..lead + term.len()),
            term: term_clean,
            block: b,
            well_formed,
        };
    }
    // Not bold: take the text before a separator (":", " - ", " — ") as the term.
    let text = b.text.trim();
    let cut = [":", " - ", " — ", " – "]
        .iter()
        .filter_map(|sep| text.find(sep))
        .min();
    let term = cut.map_or(text, |c| &text[..c]).trim().to_string();
    GlossaryEntry {
        term_range: b.source_range(lead..lead + term.len()),
        term,
        block: b,
        well_formed: false,
    }
}

/// True when `text[range]` comes only from plain text (not code or HTML).
pub fn is_plain(block: &Block, range: Range<usize>) -> bool {
    block.segments_near(range.clone()).iter().all(|s| {
        let (a, b) = (s.text_start as usize, (s.text_start + s.len) as usize);
        b <= range.start
            || a >= range.end
            || matches!(s.kind, SegmentKind::Text | SegmentKind::Strong)
    })
}

/// No letter or digit touches `start..end`, but a plural `s`/`es` may follow.
pub(crate) fn word_boundaries(hay: &str, start: usize, end: usize) -> bool {
    if !hay.is_char_boundary(start) || !hay.is_char_boundary(end) {
        return false;
    }
    let not_word = |c: Option<char>| c.is_none_or(|c| !c.is_alphanumeric());
    let before_ok = not_word(hay[..start].chars().next_back());
    let after = &hay[end..];
    let plural = |suffix: &str| {
        after.len() >= suffix.len()
            && after.as_bytes()[..suffix.len()].eq_ignore_ascii_case(suffix.as_bytes())
            && not_word(after[suffix.len()..].chars().next())
    };
    before_ok && (not_word(after.chars().next()) || plural("s") || plural("es"))
}

/// Finds `needle_l` as a whole word (plurals allowed) in `hay_l`; the
/// caller lowercases both, once.
pub fn contains_word(hay_l: &str, needle_l: &str) -> bool {
    if needle_l.is_empty() {
        return false;
    }
    let mut from = 0;
    while let Some(i) = hay_l[from..].find(needle_l) {
        let start = from + i;
        let end = start + needle_l.len();
        let before_ok = hay_l[..start]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = &hay_l[end..];
        let after_ok = after.chars().next().is_none_or(|c| !c.is_alphanumeric())
            || after.starts_with('s')
                && after[1..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric())
            || after.starts_with("es")
                && after[2..]
                    .chars()
                    .next()
                    .is_none_or(|c| !c.is_alphanumeric());
        if before_ok && after_ok {
            return true;
        }
        from = start + needle_l.len().max(1);
        while !hay_l.is_char_boundary(from) {
            from += 1;
        }
    }
    false
}

/// "N/A", "n/a", "not applicable" in a checklist answer or section.
pub fn is_not_applicable(text: &str) -> bool {
    let b = text.as_bytes();
    let has = |needle: &[u8]| {
        b.windows(needle.len())
            .any(|w| w.eq_ignore_ascii_case(needle))
    };
    has(b"n/a") || has(b"not applicable")
}

/// Tags that are real HTML, not `<owner>`-style slots.
pub(crate) const HTML_TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "br",
    "code",
    "del",
    "details",
    "div",
    "em",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "samp",
    "small",
    "span",
    "strike",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
    "picture",
    "source",
    "video",
    "audio",
    "figure",
    "figcaption",
    "center",
    "font",
    "dl",
    "dt",
    "dd",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "blockquote",
    "caption",
    "col",
    "colgroup",
    "tfoot",
    "cite",
    "dfn",
    "time",
    "meter",
    "progress",
    "section",
    "article",
    "aside",
    "header",
    "footer",
    "nav",
    "main",
    "address",
    "iframe",
    "script",
    "style",
    "noscript",
    "template",
    "object",
    "embed",
    "param",
    "svg",
    "math",
    "input",
    "button",
    "label",
    "form",
    "select",
    "option",
    "textarea",
    "rt",
    "rp",
    "ruby",
    "bdi",
    "bdo",
    "tt",
    "big",
];

/// A line such as `<Test approach>` or `<owner>`: an angle-bracket slot to
/// fill in, which Markdown reads as an (unknown, invisible) HTML tag.
pub(crate) fn is_angle_slot(raw: &str) -> bool {
    let t = raw.trim();
    let Some(inner) = t.strip_prefix('<').and_then(|r| r.strip_suffix('>')) else {
        return false;
    };
    let name: String = inner
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    !inner.is_empty()
        && inner.len() <= 80
        && !inner.contains(['<', '>', '=', '"', '/'])
        && inner.starts_with(|c: char| c.is_ascii_alphabetic())
        && !HTML_TAGS.contains(&name.as_str())
}
