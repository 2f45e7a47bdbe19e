use std::sync::LazyLock;

use designdoc_syntax::{Block, BlockKind, SegmentKind};
use memchr::memmem::Finder;

use crate::diagnostic::declare_rule;
use crate::helpers::is_plain;
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Fill-in text left in the document: the template's own placeholder
    /// lines ("Requirement 1", "**Term**: Definition", "Current
    /// performance: X"), the title's placeholder ("[Feature/Project
    /// Name]"), and the markers every team uses: TODO, TBD, FIXME, XXX,
    /// "Lorem ipsum" (or "lorem ipsum"), bracketed instructions ("[Describe the change]") and
    /// angle-bracket slots ("<owner>"). Code spans and code blocks are
    /// never searched.
    ///
    /// ## Why it matters
    /// Placeholder text survives review because it looks like content. A
    /// doc that still says "Requirement 1" has not stated its requirements.
    ///
    /// ## Example
    /// ```markdown
    /// ### Functional
    /// - [ ] Requirement 1
    /// ```
    /// should state a real requirement:
    /// ```markdown
    /// ### Functional
    /// - [ ] A client over its quota gets HTTP 429 within 5 ms.
    /// ```
    code: "DD202",
    name: "placeholder-text",
    severity: Error,
    fix: None,
}

const MARKERS: &[&str] = &["TODO", "TBD", "FIXME", "XXX"];

/// Searchers built once: building one costs more than a short search.
static LOREM: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new("orem ipsum"));

/// Tags that are real HTML, not `<owner>`-style slots.
const HTML_TAGS: &[&str] = &[
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

fn check(cx: &Context<'_>, out: &mut Vec<Diagnostic>) {
    let doc = cx.doc;
    if let (Some(t), Some(h)) = (&cx.schema.title, cx.matching.title)
        && let Some(ph) = &t.placeholder
        && doc.headings[h].text.contains(ph.as_str())
    {
        let heading = &doc.headings[h];
        let span = doc.src[heading.text_span.clone()]
            .find(ph.as_str())
            .map_or(heading.text_span.clone(), |i| {
                heading.text_span.start + i..heading.text_span.start + i + ph.len()
            });
        out.push(Diagnostic::new(
            &RULE,
            span,
            format!("the title still has the template's placeholder '{ph}'"),
        ));
    }
    let checklist = cx
        .schema
        .checklist
        .as_ref()
        .and_then(|c| cx.heading_of(c.section));
    for (i, block) in doc.blocks.iter().enumerate() {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow
        ) || block.text.trim().is_empty()
        {
            continue;
        }
        let section_title = || cx.section_at(block.span.start).map(|s| cx.title_of(s));
        let in_checklist = checklist.is_some_and(|c| {
            block
                .heading
                .is_some_and(|h| h == c || doc.descendants(c).contains(&h))
        });
        if !in_checklist && cx.placeholder_blocks[i] {
            out.push(
                Diagnostic::new(
                    &RULE,
                    cx.text_range(block),
                    format!(
                        "placeholder text '{}' left from the template",
                        block.text.trim()
                    ),
                )
                .section_opt(section_title()),
            );
            continue;
        }
        for (range, what) in markers(block) {
            out.push(
                Diagnostic::new(
                    &RULE,
                    block.source_range(range),
                    format!("placeholder {what} left in the text"),
                )
                .section_opt(section_title()),
            );
        }
    }
}

/// Does any marker word occur at all? (memchr: one fast pass.)
fn has_marker(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3_iter(b'T', b'F', b'X', b)
        .any(|i| MARKERS.iter().any(|m| b[i..].starts_with(m.as_bytes())))
}

/// Generic fill-in markers in a block's plain text: (text range, description).
fn markers(block: &Block) -> Vec<(std::ops::Range<usize>, String)> {
    let text = &block.text;
    let mut found = Vec::new();
    // Words: TODO, TBD, FIXME, XXX (split only when one occurs at all).
    let mut i = 0;
    let any_marker = has_marker(text);
    for word in text
        .split(|c: char| !c.is_alphanumeric())
        .take_while(|_| any_marker)
    {
        let start = i;
        i += word.len() + 1;
        while i < text.len() && !text.is_char_boundary(i) {
            i += 1;
        }
        if MARKERS.contains(&word) && is_plain(block, start..start + word.len()) {
            found.push((start..start + word.len(), format!("'{word}'")));
        }
    }
    let bytes = text.as_bytes();
    if LOREM.find(bytes).is_some() {
        let lower = text.to_ascii_lowercase();
        if let Some(p) = lower.find("lorem ipsum")
            && is_plain(block, p..p + 11)
        {
            found.push((p..p + 11, "'Lorem ipsum'".to_string()));
        }
    }
    // [Describe …]: bracketed text that starts with a capital and has words.
    let mut k = 0;
    while let Some(off) = text[k..].find('[') {
        let open = k + off;
        k = open + 1;
        let Some(len) = text[open + 1..].find(']') else {
            break;
        };
        let inner = &text[open + 1..open + 1 + len];
        let close = open + 1 + len;
        let next = bytes.get(close + 1).copied();
        let looks_like_slot = inner.chars().next().is_some_and(char::is_uppercase)
            && inner.chars().any(char::is_lowercase)
            && inner.len() <= 80
            && !inner.contains('[')
            && !matches!(next, Some(b'(' | b'[' | b':'));
        if looks_like_slot && is_plain(block, open..close + 1) {
            found.push((open..close + 1, format!("'[{inner}]'")));
            k = close + 1;
        }
    }
    // <owner>: an angle-bracket slot that is not an HTML tag.
    let has_angle = memchr::memchr(b'<', text.as_bytes()).is_some();
    for seg in block.segments.iter().filter(|_| has_angle) {
        let s = &text[seg.text_start as usize..(seg.text_start + seg.len) as usize];
        let candidate = match seg.kind {
            SegmentKind::Html | SegmentKind::Text => s,
            _ => continue,
        };
        let mut from = 0;
        while let Some(o) = candidate[from..].find('<') {
            let open = from + o;
            from = open + 1;
            let Some(len) = candidate[open + 1..].find('>') else {
                break;
            };
            let inner = &candidate[open + 1..open + 1 + len];
            let is_slot = !inner.is_empty()
                && inner.len() <= 40
                && inner
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphabetic())
                && inner
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, ' ' | '-' | '_'))
                && !HTML_TAGS.contains(&inner.to_ascii_lowercase().as_str());
            if is_slot {
                let a = seg.text_start as usize + open;
                found.push((a..a + len + 2, format!("'<{inner}>'")));
            }
        }
    }
    found.sort_by_key(|(r, _)| r.start);
    found
}
