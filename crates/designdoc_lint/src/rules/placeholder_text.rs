use std::ops::Range;

use designdoc_syntax::{Block, BlockKind, SegmentKind};

use crate::diagnostic::declare_rule;
use crate::helpers::{HTML_TAGS, is_plain};
use crate::{Context, Diagnostic};

declare_rule! {
    /// ## What it checks
    /// Fill-in text left in the document: the template's own placeholder
    /// lines ("Requirement 1", "**Term**: Definition", "Current
    /// performance: X"), the title's placeholder ("[Feature/Project
    /// Name]"), front-matter values left as the template wrote them, and
    /// the markers every team uses: TODO, TBD, TBA, FIXME, XXX, "Lorem
    /// ipsum", bracketed instructions ("[Describe the change]"),
    /// angle-bracket slots ("<owner>"), template variables (`{{owner}}`,
    /// `${name}`), a heading that is only a marker (`## TODO`), a link to
    /// `XXX`, and a paragraph that only stands in for content ("Coming
    /// soon.", "Needs discussion.", lower-case "todo"). Code spans and code
    /// blocks are never searched.
    ///
    /// Not placeholders: a template line with no slot in it (a licence
    /// line, the RFC 2119 paragraph: boilerplate the doc keeps as it is),
    /// escaped brackets (`\[Pitch\]`), a quoted list subject ("[Review]
    /// …"), citations (`[Yuasa '90]`), generic types (`Range<Index>`) and
    /// a command's usage (`--exact <version>`).
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

const MARKERS: &[&str] = &["TODO", "TBD", "TBA", "FIXME", "XXX"];

/// A paragraph or list item that is only a stand-in for content (case
/// aside, closing punctuation aside).
const STAND_INS: &[&str] = &[
    "todo",
    "tbd",
    "tba",
    "coming soon",
    "forthcoming",
    "needs discussion",
    "to be determined",
    "to be written",
    "to be done",
    "work in progress",
    "wip",
];

/// Link destinations that stand for a link still to be found.
const PLACEHOLDER_DESTS: &[&str] = &["xxx", "todo", "tbd", "#", "link", "url"];

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
    // The checklist's heading and the headings inside its section: one
    // run of indices, found once.
    let checklist_headings = checklist.map_or(0..0, |c| c..doc.descendants(c).end);
    let in_checklist = |block: &Block| {
        block
            .heading
            .is_some_and(|h| checklist_headings.contains(&h))
    };
    // Front-matter values left as the template wrote them (YAML is read
    // only when the template has such lines at all).
    if !cx.schema.placeholders.is_empty() && doc.front_matter.is_some() {
        for e in &cx.meta().entries {
            if let Some(v) = e.value.as_str()
                && cx.schema.is_placeholder(v)
            {
                out.push(Diagnostic::new(
                    &RULE,
                    e.value_span.clone(),
                    format!(
                        "front-matter '{}' still has the template's placeholder '{}'",
                        e.key,
                        v.trim()
                    ),
                ));
            }
        }
    }
    let section_title = |block: &Block| cx.section_at(block.span.start).map(|s| cx.title_of(s));
    for (i, block) in doc.blocks.iter().enumerate() {
        if cx.placeholder_blocks[i] && !in_checklist(block) {
            let (range, text) = if block.kind == BlockKind::Html {
                // A `<slot>` line that Markdown took for an HTML block.
                let raw = &doc.src[block.span.clone()];
                let start = block.span.start + (raw.len() - raw.trim_start().len());
                (start..start + raw.trim().len(), raw.trim())
            } else {
                (cx.text_range(block), block.text.trim())
            };
            out.push(
                Diagnostic::new(
                    &RULE,
                    range,
                    format!("placeholder text '{text}' left from the template"),
                )
                .section_opt(section_title(block)),
            );
        }
    }
    // A heading that is only a marker: "## TODO".
    for h in &doc.headings {
        let t = h.text.trim().trim_end_matches([':', '.']);
        if MARKERS.iter().any(|m| t.eq_ignore_ascii_case(m)) {
            out.push(Diagnostic::new(
                &RULE,
                h.text_span.clone(),
                format!("placeholder heading '{}' left in the text", h.text.trim()),
            ));
        }
    }
    // A link to nowhere yet: `[spec](XXX)`.
    for link in &doc.links {
        if PLACEHOLDER_DESTS
            .iter()
            .any(|d| link.dest.eq_ignore_ascii_case(d))
        {
            out.push(Diagnostic::new(
                &RULE,
                link.span.clone(),
                format!(
                    "placeholder link destination '{}' left in the text",
                    link.dest
                ),
            ));
        }
    }
    for (i, block) in doc.blocks.iter().enumerate() {
        if !matches!(block.kind, BlockKind::Paragraph | BlockKind::ListItem)
            || cx.placeholder_blocks[i]
            || in_checklist(block)
        {
            continue;
        }
        let t = block
            .text
            .trim()
            .trim_end_matches(['.', '!', ':', '…'])
            .trim();
        // Upper-case markers alone are reported by the marker scan below.
        // Code spans are never searched: a paragraph that is `wip` is code.
        if t.len() <= 20
            && !MARKERS.contains(&t)
            && STAND_INS.iter().any(|s| t.eq_ignore_ascii_case(s))
            && is_plain(block, 0..block.text.len())
        {
            out.push(
                Diagnostic::new(
                    &RULE,
                    cx.text_range(block),
                    format!("placeholder '{}' stands in for content", block.text.trim()),
                )
                .section_opt(section_title(block)),
            );
        }
    }
    for (b, range, what) in markers(cx) {
        let block = &doc.blocks[b];
        if cx.placeholder_blocks[b] && !in_checklist(block) {
            continue; // the whole line is already reported
        }
        out.push(
            Diagnostic::new(
                &RULE,
                block.source_range(range),
                format!("placeholder {what} left in the text"),
            )
            .section_opt(section_title(block)),
        );
    }
}

/// Generic fill-in markers: (block, range in its text, description).
///
/// Rather than scanning every block, the source is scanned once per
/// trigger (memchr/memmem, SIMD) and each hit is mapped to the text
/// segment that holds it; hits outside text (code, HTML comments, front
/// matter) are dropped. Only verbatim segments are searched.
fn markers(cx: &Context<'_>) -> Vec<(usize, Range<usize>, String)> {
    let doc = cx.doc;
    let src = doc.src.as_bytes();
    let base = doc.body_start();
    let body = &src[base..];
    let mut hits: Vec<usize> = Vec::new();
    // Scans for the marker words' first letters, "orem ipsum", brackets and
    // template variables; hits inside a link's text are then dropped.
    hits.extend(
        memchr::memchr3_iter(b'T', b'F', b'X', body)
            .filter(|&p| MARKERS.iter().any(|m| body[p..].starts_with(m.as_bytes())))
            .map(|p| p + base),
    );
    hits.extend(
        memchr::memmem::find_iter(body, b"orem ipsum")
            .filter(|&p| p > 0 && matches!(body[p - 1], b'L' | b'l'))
            .map(|p| p - 1 + base),
    );
    // Brackets that could open a slot: `[` then a capital letter (task boxes
    // and most links fail this), `<` then a letter (comments fail it).
    // An escaped bracket (`\[Pitch\]`) is literal text, not a slot.
    hits.extend(
        memchr::memchr2_iter(b'[', b'<', body)
            .filter(|&p| p == 0 || body[p - 1] != b'\\')
            .filter(|&p| match (body[p], body.get(p + 1)) {
                (b'[', Some(c)) => c.is_ascii_uppercase() || !c.is_ascii(),
                (b'<', Some(c)) => c.is_ascii_alphabetic(),
                _ => false,
            })
            .map(|p| p + base),
    );
    // Template variables: `{{owner}}`, `{{ title }}`, `${name}`.
    // One scan for the `{` both share (rare in prose), where two substring
    // searches cost more; `{{` hits do not overlap, as a substring
    // search's do not.
    let mut after_pair = 0;
    for p in memchr::memchr_iter(b'{', body) {
        if p > 0 && body[p - 1] == b'$' {
            hits.push(p - 1 + base);
        }
        if p >= after_pair && body.get(p + 1) == Some(&b'{') {
            hits.push(p + base);
            after_pair = p + 2;
        }
    }
    if hits.is_empty() {
        return Vec::new();
    }
    hits.sort_unstable();
    // A bracket inside a link's text is the title of what it links to
    // ("[[Pitch] Foo](url)"), not a slot.
    // Links are in source order.
    let links = &doc.links;
    hits.retain(|&p| {
        let i = links.partition_point(|l| l.span.start < p);
        !(i > 0
            && !links[i - 1].image
            && links[i - 1].span.contains(&p)
            && matches!(src[p], b'[' | b'<'))
    });
    // Verbatim text segments, by source position.
    let mut segs: Vec<(usize, usize, usize, usize)> = Vec::new();
    for (b, block) in doc.blocks.iter().enumerate() {
        if !matches!(
            block.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow
        ) {
            continue;
        }
        for s in &block.segments {
            if s.len == s.src_len && s.kind != SegmentKind::Code && s.len > 0 {
                let start = s.src_start as usize;
                segs.push((
                    start,
                    start + s.len as usize,
                    b,
                    (s.text_start as usize).wrapping_sub(start),
                ));
            }
        }
    }
    segs.sort_unstable();
    let mut found = Vec::new();
    let mut skip_to = 0;
    for p in hits {
        if p < skip_to {
            continue;
        }
        let i = segs.partition_point(|s| s.0 <= p);
        let Some(&(_, end, b, delta)) = i.checked_sub(1).map(|i| &segs[i]) else {
            continue;
        };
        if p >= end {
            continue;
        }
        let block = &doc.blocks[b];
        let t = p.wrapping_add(delta);
        if let Some((range, what)) = marker_at(block, t) {
            skip_to = p + range.len();
            found.push((b, range, what));
        }
    }
    found
}

/// `[Yuasa '90]`, `[Herlihy 2012]`, `[Johnstone98]`: a citation, a name
/// and then a year as its last word.
fn is_citation(inner: &str) -> bool {
    let mut words = inner.split([' ', ',']).filter(|w| !w.is_empty());
    let Some(last) = words.next_back() else {
        return false;
    };
    let name_first = inner.chars().next().is_some_and(char::is_uppercase);
    let year = last.trim_start_matches(['\'', '’']);
    let quoted = year.len() < last.len();
    if name_first
        && words.next().is_some()
        && (quoted && year.len() == 2 || !quoted && year.len() == 4)
        && year.chars().all(|c| c.is_ascii_digit())
        && (quoted || matches!(&year[..2], "19" | "20"))
    {
        return true;
    }
    // "Johnstone98", "Knuth1974": a name with its year.
    let digits = last.len() - last.trim_end_matches(|c: char| c.is_ascii_digit()).len();
    let name = &last[..last.len() - digits];
    matches!(digits, 2 | 4)
        && name.len() >= 3
        && name.chars().all(char::is_alphabetic)
        && name.chars().next().is_some_and(char::is_uppercase)
        && name.chars().skip(1).all(char::is_lowercase)
}

/// Whether bracketed words ask the author for something ("[Describe the
/// change]", "[Project Name]", "[YYYY-MM-DD]", "[Owner]") rather than
/// name it (an undefined reference "[Andrew Gerrand]", "[National
/// Vulnerability Disclosure site]").
fn asks_for_something(inner: &str) -> bool {
    const SLOT_WORDS: &[&str] = &[
        "name",
        "title",
        "date",
        "description",
        "describe",
        "owner",
        "owners",
        "author",
        "authors",
        "link",
        "url",
        "team",
        "project",
        "feature",
        "component",
        "service",
        "yyyy",
        "mm",
        "dd",
        "insert",
        "add",
        "your",
        "todo",
        "tbd",
        "version",
        "number",
        "email",
        "summary",
        "option",
        "value",
        "short",
        "brief",
        "explain",
        "list",
        "enter",
        "eg",
        "example",
        "here",
        "placeholder",
        "xxx",
        "something",
        "n",
        "x",
        "status",
        "id",
        "ticket",
        "issue",
        "reason",
        "context",
        "decision",
        "consequence",
        "problem",
        "solution",
        "goal",
        "requirement",
        "metric",
        "target",
        "details",
        "detail",
        "text",
        "fill",
        "replace",
        "write",
        "provide",
        "specify",
        "state",
        "what",
        "why",
        "how",
        "who",
        "which",
        "one",
        "sentence",
        "paragraph",
        "tl",
        "dr",
        "etc",
    ];
    inner
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .any(|w| SLOT_WORDS.contains(&w.to_lowercase().as_str()))
}

/// The marker starting at byte `t` of the block's text, if any.
fn marker_at(block: &Block, t: usize) -> Option<(Range<usize>, String)> {
    let text: &str = &block.text;
    let rest = &text[t..];
    let bytes = text.as_bytes();
    let is_word = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    if let Some(m) = MARKERS.iter().find(|m| rest.starts_with(**m)) {
        let end = t + m.len();
        let whole = !is_word(text[..t].chars().next_back()) && !is_word(text[end..].chars().next());
        return (whole && is_plain(block, t..end)).then(|| (t..end, format!("'{m}'")));
    }
    if rest.starts_with("{{") || rest.starts_with("${") {
        let open = 2;
        let close = if rest.starts_with('$') { "}" } else { "}}" };
        let end = memchr::memmem::find(&rest.as_bytes()[..rest.len().min(64)], close.as_bytes())?;
        if end < open {
            return None;
        }
        let inner = rest[open..end].trim();
        let is_var = !inner.is_empty()
            && inner
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-'));
        let range = t..t + end + close.len();
        return (is_var && is_plain(block, range.clone()))
            .then(|| (range, format!("'{}'", &rest[..end + close.len()])));
    }
    if rest.starts_with("Lorem ipsum") || rest.starts_with("lorem ipsum") {
        return is_plain(block, t..t + 11).then(|| (t..t + 11, "'Lorem ipsum'".to_string()));
    }
    if rest.starts_with('[') {
        // [Describe …]: bracketed words starting with a capital that ask
        // for something (not a link, a citation or a quoted subject).
        // The search for `]` is bounded by a slot's longest length, so that
        // thousands of unclosed brackets are not each scanned to the end.
        let len = memchr::memchr(b']', &rest.as_bytes()[1..rest.len().min(82)])?;
        let inner = &rest[1..1 + len];
        let close = t + 1 + len;
        let next = bytes.get(close + 1).copied();
        let prev = text[..t].chars().next_back();
        let looks_like_slot = inner.chars().next().is_some_and(char::is_uppercase)
            && inner.chars().any(char::is_lowercase)
            && inner.len() <= 80
            && !inner.contains('[')
            && !matches!(next, Some(b'(' | b'[' | b':'))
            // A quoted mailing-list subject: "[Review] SE-0022: …".
            && !matches!(prev, Some('"' | '“' | '\\'))
            && !is_citation(inner)
            && asks_for_something(inner);
        return (looks_like_slot && is_plain(block, t..close + 1))
            .then(|| (t..close + 1, format!("'[{inner}]'")));
    }
    if rest.starts_with('<') {
        // <owner>: an angle-bracket slot that is not an HTML tag (bounded
        // search, as for brackets).
        let len = memchr::memchr(b'>', &rest.as_bytes()[1..rest.len().min(42)])?;
        let inner = &rest[1..1 + len];
        // `Range<Index>`, `_help_<command>`: a generic type or a name, not
        // a slot; `--exact <version>`: a command's usage.
        let prev = text[..t].chars().next_back();
        if prev.is_some_and(|c| c.is_alphanumeric() || matches!(c, '_' | '"' | '“')) {
            return None;
        }
        // The word before, looked for in a bounded window (a paragraph
        // without spaces must not be rescanned from each `<`).
        let mut from = t.saturating_sub(64);
        while !text.is_char_boundary(from) {
            from += 1;
        }
        let prev_word = text[from..t].split_whitespace().next_back().unwrap_or("");
        let flag = prev_word.strip_prefix('-').is_some_and(|f| {
            f.starts_with('-') || f.starts_with(|c: char| c.is_ascii_alphabetic())
        });
        if flag {
            return None;
        }
        // `<T>`, `<BuildSettingType>`: a type parameter or a type of three
        // or more words run together (`<ProjectName>` is still a slot).
        let humps = inner.chars().filter(char::is_ascii_uppercase).count();
        if inner.len() == 1
            || !inner.contains(' ') && humps >= 3 && inner.chars().any(|c| c.is_ascii_lowercase())
        {
            return None;
        }
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
        return is_slot.then(|| (t..t + len + 2, format!("'<{inner}>'")));
    }
    None
}
