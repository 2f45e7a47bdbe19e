//! Template Markdown → [`Schema`].

use designdoc_syntax::text::{normalize_title, title_words};
use designdoc_syntax::{BlockKind, Document, SegmentKind, parse};

use crate::{
    Checklist, ChecklistItem, Schema, SectionKind, SectionSchema, TitleSchema, aliases,
    map_to_section, placeholder_key,
};

/// Title words that mark a section of measurable targets.
const TARGET_WORDS: &[&str] = &[
    "target",
    "targets",
    "performance",
    "latency",
    "slo",
    "slos",
    "sla",
    "slas",
    "benchmarks",
];

/// Derives the schema of a Markdown template.
///
/// Every fact comes from the template text; what cannot be inferred gets
/// the default the schema file then shows (required, no minimum content,
/// extra subsections allowed, no extra sections allowed at the top).
///
/// - The title is a first heading that is alone at its level, or that
///   holds a slot (`[Name]`, `<name>`, `{name}`).
/// - Headings that are slots themselves ("### [Option 1]") are examples of
///   repeatable subsections: not sections; their text belongs to the
///   enclosing section.
/// - A section is optional when its heading says so ("(optional)", "(if
///   applicable)", `<!-- optional -->`), when its guidance does ("This
///   section may be omitted", "Optional: …"), or when its first guidance
///   is a condition ("If significant changes were made, thank them").
/// - HTML comments, blockquotes and wholly italic paragraphs are guidance;
///   a line of text with a slot in it (brackets, a marker, a fragment, an
///   instruction to the author) is a placeholder, guidance included; a
///   full sentence with none is boilerplate the doc keeps (a licence
///   line). Table header rows are structure, rows of empty cells nothing.
/// - A task list most of whose items name other sections is the
///   checklist, wherever it is.
/// - Front-matter keys in the template are known keys, and required
///   unless its front matter calls them optional or a key's own comment
///   makes it conditional ("Only required for Standards Track"); the
///   `status:` value and the statuses its comment lists extend the
///   lifecycle ("…" among them: any status goes).
pub fn derive(name: &str, markdown: &str) -> Schema {
    let doc = parse(markdown);
    let title_heading = find_title(&doc);
    let title = title_heading.map(|i| title_schema(&doc, i));

    // Doc heading index → section index (slot headings → their parent's).
    let mut section_of = vec![None; doc.headings.len()];
    let mut sections: Vec<SectionSchema> = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if Some(i) == title_heading {
            continue;
        }
        let parent = h.parent.and_then(|p| section_of[p]);
        if is_slot_heading(&h.text) {
            section_of[i] = parent;
            continue;
        }
        let (text, mut optional) = strip_optional(&h.text);
        // `## Decision Drivers <!-- optional -->`
        optional |= comment_texts(&markdown[h.span.clone()])
            .iter()
            .any(|c| says_optional(c));
        let key = normalize_title(&text);
        if key.is_empty() {
            section_of[i] = parent;
            continue;
        }
        let words = title_words(&text);
        let kind = if words.iter().any(|w| TARGET_WORDS.contains(&w.as_str())) {
            SectionKind::Targets
        } else if is_glossary(&doc, i) {
            SectionKind::Glossary
        } else {
            SectionKind::Normal
        };
        let aliases = aliases::builtin_aliases(&key)
            .iter()
            .map(|a| a.to_string())
            .collect();
        section_of[i] = Some(sections.len());
        sections.push(SectionSchema {
            title: text,
            key,
            level: h.level,
            parent,
            required: !optional,
            kind,
            aliases,
            placeholders: Vec::new(),
            guidance: Vec::new(),
            min_words: 0,
            min_items: 0,
            extra_subsections: true,
            requirements: None,
        });
    }
    assign_requirement_prefixes(&mut sections);

    let checklist = find_checklist(&doc, &section_of, &sections);
    if let Some(cl) = &checklist {
        sections[cl.section].kind = SectionKind::Checklist;
    }

    let mut preamble = Vec::new();
    let mut optional_by_comment = Vec::new();
    for (bi, block) in doc.blocks.iter().enumerate() {
        let Some(s) = block.heading.and_then(|h| section_of[h]) else {
            // Before the first section: the title's own lines.
            let text = block.text.trim();
            if matches!(
                block.kind,
                BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow
            ) && block.is_content()
                && !placeholder_key(text).is_empty()
                // A table of contents is structure, not a fill-in line.
                && !markdown[block.span.clone()].contains("](#")
            {
                push_unique(&mut preamble, text.to_string());
            }
            continue;
        };
        let sec = &mut sections[s];
        match block.kind {
            BlockKind::HtmlComment => {
                // A comment right above a heading speaks of that heading's
                // section (MADR: "<!-- This is an optional element. -->"),
                // unless it is also the first thing under its own heading.
                let first_in_section = bi == 0 || doc.blocks[bi - 1].heading != block.heading;
                let next = doc
                    .headings
                    .iter()
                    .position(|h| h.span.start >= block.span.end)
                    .filter(|_| !first_in_section)
                    .filter(|&h| {
                        markdown[block.span.end..doc.headings[h].span.start]
                            .trim()
                            .is_empty()
                    });
                for g in comment_texts(&markdown[block.span.clone()]) {
                    if is_directive(&g) {
                        continue;
                    }
                    if says_optional(&g) {
                        match next.and_then(|h| section_of[h]) {
                            Some(n) => optional_by_comment.push(n),
                            None if next.is_none() => sec.required = false,
                            None => {}
                        }
                        continue;
                    }
                    push_unique(&mut sec.guidance, g);
                }
            }
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow => {
                let is_checklist_item =
                    block.task.is_some() && checklist.as_ref().is_some_and(|c| c.section == s);
                let text = block.text.trim();
                if is_checklist_item || !block.is_content() || placeholder_key(text).is_empty() {
                    continue;
                }
                let italic = block.kind == BlockKind::Paragraph
                    && (is_wholly_italic(&markdown[block.span.clone()]) || is_wholly_braced(text));
                if block.in_quote || italic || says_optional(text) {
                    push_unique(&mut sec.guidance, text.to_string());
                } else if !has_slot(text) {
                    // Boilerplate the doc is to keep as it is (a licence
                    // line, the RFC 2119 paragraph, a default answer).
                    continue;
                }
                push_unique(&mut sec.placeholders, text.to_string());
            }
            _ => {}
        }
    }
    for sec in &mut sections {
        // Guidance that says so, or a section whose first words make it
        // conditional: "If significant changes … were incorporated, take a
        // moment here to thank them" (Swift's Acknowledgments).
        let first = sec.guidance.first().or(sec.placeholders.first());
        if sec.guidance.iter().any(|g| says_optional(g))
            || first.is_some_and(|g| opens_with_a_condition(g))
        {
            sec.required = false;
        }
    }
    for s in optional_by_comment {
        sections[s].required = false;
    }

    // The template's front-matter values are fill-ins too.
    for e in doc.meta().entries {
        if let Some(v) = e.value.as_str()
            && looks_like_fill_in(v)
        {
            push_unique(&mut preamble, v.trim().to_string());
        }
    }
    let (front_matter_keys, required_front_matter, statuses) = front_matter_facts(&doc, markdown);

    Schema {
        name: name.to_string(),
        title,
        sections,
        checklist,
        allowed_extra_sections: Vec::new(),
        required_front_matter,
        front_matter_keys,
        statuses,
        placeholders: preamble,
        markdown: markdown.to_string(),
        placeholder_index: Default::default(),
    }
}

/// What the template's front matter says: every key it has (known keys),
/// the keys a doc must set, and the statuses it names.
///
/// A key is required unless the front matter calls itself optional, or the
/// key's own YAML comment makes it conditional (EIP: `requires: <EIP
/// number(s)> # Only required when you reference an EIP …`).
fn front_matter_facts(
    doc: &Document<'_>,
    markdown: &str,
) -> (Vec<String>, Vec<String>, Vec<String>) {
    let Some(fm) = &doc.front_matter else {
        return Default::default();
    };
    let body = &markdown[fm.body.clone()];
    let mut keys: Vec<String> = doc.meta().entries.into_iter().map(|e| e.key).collect();
    // Comment lines before the first key speak of the whole front matter.
    let all_optional = body
        .lines()
        .take_while(|l| l.trim().is_empty() || l.trim_start().starts_with('#'))
        .any(|l| l.to_lowercase().contains("optional"));
    let mut required = Vec::new();
    let mut statuses = Vec::new();
    for line in body.lines() {
        // `# status: "{proposed | … }"`: a key the template offers
        // commented out, known and optional.
        let commented = line.strip_prefix('#').map(str::trim_start);
        let Some((key, rest)) = commented.unwrap_or(line).split_once(':') else {
            continue;
        };
        let key = key.trim();
        let identifier = !key.is_empty()
            && key
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'));
        if commented.is_some() {
            if !identifier {
                continue;
            }
            push_unique(&mut keys, key.to_string());
        } else if !keys.iter().any(|k| k == key) || line.starts_with([' ', '\t', '-']) {
            continue;
        }
        let (value, comment) = split_yaml_comment(rest);
        // A value that names the template ("title: ADR Template") is about
        // the template's own page, not a key every doc sets.
        let about_the_template = value.to_ascii_lowercase().contains("template");
        if commented.is_none() && !all_optional && !is_conditional(comment) && !about_the_template {
            push_unique(&mut required, key.to_string());
        }
        if key.eq_ignore_ascii_case("status") {
            // The comment names statuses only when it lists them
            // ("draft | review"), not when it says "Only required for X".
            let listed = comment.contains(['|', ',']) || comment.contains(" or ");
            let from_comment = if listed {
                status_words(comment)
            } else {
                Vec::new()
            };
            for s in status_words(value).into_iter().chain(from_comment) {
                push_unique(&mut statuses, s);
            }
        }
    }
    (keys, required, statuses)
}

/// A YAML value and its trailing `# comment` (a `#` after a space, outside
/// a quoted value: only a quote that opens the value opens a string, so
/// "Jane's team # only if …" still has its comment).
fn split_yaml_comment(rest: &str) -> (&str, &str) {
    let bytes = rest.as_bytes();
    let first = bytes.iter().position(|b| !b.is_ascii_whitespace());
    let mut quote = first.and_then(|f| matches!(bytes[f], b'"' | b'\'').then_some(bytes[f]));
    let skip = first.map_or(0, |f| f + usize::from(quote.is_some()));
    for (i, &b) in bytes.iter().enumerate().skip(skip) {
        match (quote, b) {
            (Some(q), c) if c == q => quote = None,
            (None, b'#') if i == 0 || bytes[i - 1] == b' ' || bytes[i - 1] == b'\t' => {
                return (rest[..i].trim(), rest[i + 1..].trim());
            }
            _ => {}
        }
    }
    (rest.trim(), "")
}

/// A key comment that makes the key conditional or optional: "Only
/// required for Standards Track", "optional", "if …", "remove this field".
fn is_conditional(comment: &str) -> bool {
    let c = comment.to_lowercase();
    [
        "only required",
        "optional",
        "if ",
        "when ",
        "remove this",
        "not required",
        "may be omitted",
    ]
    .iter()
    .any(|p| c.contains(p))
}

/// The statuses a template's `status:` value or its comment names:
/// `Draft`, `"{proposed | rejected | accepted | … | superseded by
/// ADR-0123}"`, `draft, review or final`. Lower-cased; only words that can
/// be a status (a slot such as `<status>` names none).
fn status_words(text: &str) -> Vec<String> {
    let t = text.trim().trim_matches(['"', '\'']);
    let t = t
        .trim_start_matches(['{', '[', '(', '<'])
        .trim_end_matches(['}', ']', ')', '>']);
    if t.is_empty() {
        return Vec::new();
    }
    // "{proposed | rejected | … | superseded by ADR-0123}": the list is
    // open, any status goes ("*").
    let open = t
        .split(['|', ','])
        .any(|p| matches!(p.trim(), "…" | "..." | "etc" | "etc."));
    t.split(['|', ',', '/'])
        .flat_map(|p| p.split(" or "))
        .filter_map(|p| {
            // "superseded by ADR-0123" names "superseded".
            let word = p.trim().split_whitespace().next()?;
            let word = word.trim_matches(|c: char| !c.is_alphanumeric() && c != '-');
            let ok = word.len() >= 3
                && word.len() <= 20
                && word.chars().all(|c| c.is_alphabetic() || c == '-')
                && !["yyyy", "status", "the", "and"].contains(&word.to_lowercase().as_str());
            ok.then(|| word.to_lowercase())
        })
        .chain(open.then(|| "*".to_string()))
        .collect()
}

/// A front-matter value a doc must replace ("(name of the main author)",
/// "[YYYY-MM-DD]", "TBD"), as opposed to a real default ("draft").
fn looks_like_fill_in(v: &str) -> bool {
    let lower = v.to_lowercase();
    v.contains(['[', '(', '{', '<'])
        || ["yyyy", "todo", "tbd", "fill", "xxx"]
            .iter()
            .any(|w| lower.contains(w))
        || v.split_whitespace().count() >= 4
}

/// Whether a template line is a slot to fill in, not boilerplate: it holds
/// a slot (`[…]`, `<…>`, `{…}`, a marker, a lone X, "Requirement 1"), is a
/// fragment or a label ("Current performance:"), a stand-in ("Needs
/// discussion.") or an instruction to the author ("Describe …", "your").
/// A full sentence with none of these ("Copyright and related rights
/// waived via CC0.") is text the template prescribes verbatim.
fn has_slot(text: &str) -> bool {
    let t = text.trim();
    if t.contains(['[', '<', '{']) || t.ends_with(':') || t.ends_with("...") || t.ends_with('…') {
        return true;
    }
    let words: Vec<&str> = t.split_whitespace().collect();
    if words.len() <= 8 && !t.ends_with(['.', '!', '?']) {
        // A fragment, not a sentence: "Requirement 1", "Option A",
        // "Benchmarks or metrics for success".
        return true;
    }
    let bare = |w: &str| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
    const MARKERS: &[&str] = &["TODO", "TBD", "TBA", "FIXME", "XXX", "X", "N", "Y", "TK"];
    if words.iter().any(|w| MARKERS.contains(&bare(w).as_str())) {
        return true;
    }
    if words.windows(2).any(|p| {
        let mut c = p[0].chars();
        c.next().is_some_and(char::is_uppercase)
            && c.all(char::is_lowercase)
            && p[1].len() <= 2
            && p[1].chars().all(|c| c.is_ascii_digit())
    }) {
        return true; // "Requirement 1"
    }
    let lower = t.to_lowercase();
    const STAND_INS: &[&str] = &[
        "needs discussion",
        "coming soon",
        "forthcoming",
        "to be determined",
        "to be decided",
        "to be defined",
        "lorem ipsum",
    ];
    if STAND_INS.iter().any(|s| lower.contains(s)) {
        return true;
    }
    let lw: Vec<String> = lower
        .split_whitespace()
        .map(|w| w.trim_matches(|c: char| !c.is_alphanumeric()).to_string())
        .collect();
    if lw
        .iter()
        .any(|w| matches!(w.as_str(), "you" | "your" | "yours" | "e.g" | "eg" | "etc"))
    {
        return true; // addressed to the author, or a list to complete
    }
    // About the doc to write, not part of it: "One paragraph explanation
    // of the feature.", "This is the bulk of the RFC."
    const ABOUT_THE_DOC: &[&str] = &[
        "this section",
        "the rfc",
        "this rfc",
        "the feature",
        "this feature",
        "the proposal",
        "this proposal",
        "explanation",
        "one paragraph",
        "one sentence",
        "summary of",
    ];
    if ABOUT_THE_DOC.iter().any(|s| lower.contains(s)) {
        return true;
    }
    const IMPERATIVES: &[&str] = &[
        "describe",
        "explain",
        "list",
        "provide",
        "add",
        "write",
        "summarize",
        "summarise",
        "state",
        "include",
        "outline",
        "define",
        "specify",
        "give",
        "enter",
        "insert",
        "replace",
        "fill",
        "mention",
        "discuss",
        "identify",
        "document",
        "link",
        "note",
        "consider",
        "use",
        "remove",
        "delete",
        "keep",
        "put",
        "name",
        "choose",
        "pick",
        "record",
        "capture",
        "detail",
        "clarify",
        "justify",
        "show",
        "elaborate",
        "sketch",
        "what",
        "why",
        "how",
        "who",
        "which",
        "when",
        "where",
        "if",
    ];
    lw.first()
        .is_some_and(|w| IMPERATIVES.contains(&w.as_str()))
}

/// "If significant changes were made, thank them": a first sentence that
/// is a condition and what to do then. ("When will this ship?" is a
/// question to answer, not a condition.)
fn opens_with_a_condition(text: &str) -> bool {
    let first = text.split_inclusive(['.', '?', '!']).next().unwrap_or(text);
    (first.starts_with("If ") || first.starts_with("When "))
        && first.contains(',')
        && !first.ends_with('?')
}

fn push_unique(list: &mut Vec<String>, item: String) {
    if !item.is_empty() && !list.contains(&item) {
        list.push(item);
    }
}

/// The title: the first heading when it is the only one at its level (and
/// no deeper than the rest), or when it holds a slot.
fn find_title(doc: &Document<'_>) -> Option<usize> {
    let first = doc.headings.first()?;
    let min = doc.headings.iter().map(|h| h.level).min()?;
    if first.level != min {
        return None;
    }
    let alone = doc.headings.iter().filter(|h| h.level == min).count() == 1;
    let slot = first.text.contains(['[', '<', '{']);
    (alone && (doc.headings.len() > 1 || slot) || slot && first.level == 1).then_some(0)
}

/// "[Option 1]", "{title of option 1}", "<Component>", "Story 2": a
/// heading that is only a slot to fill in, or one numbered example of a
/// repeatable subsection.
fn is_slot_heading(text: &str) -> bool {
    let t = designdoc_syntax::text::strip_numbering(text.trim());
    let t = t.trim_end_matches([':', '.']);
    let pairs = [('[', ']'), ('{', '}'), ('<', '>')];
    if pairs
        .iter()
        .any(|&(a, b)| t.starts_with(a) && t.ends_with(b) && t.len() >= 2)
    {
        return true;
    }
    // "Story 1", "Option 2", "Alternative 3": one to two words and a number.
    let words: Vec<&str> = t.split_whitespace().collect();
    matches!(words.len(), 2 | 3)
        && words
            .last()
            .is_some_and(|w| w.chars().all(|c| c.is_ascii_digit()))
        && words[..words.len() - 1]
            .iter()
            .all(|w| w.chars().all(char::is_alphabetic))
}

/// "Prior art (optional)" → ("Prior art", true).
fn strip_optional(text: &str) -> (String, bool) {
    // ASCII lower-casing keeps byte offsets: `at` is an offset in `text`.
    let lower = text.to_ascii_lowercase();
    let unbracketed = ["- optional", "— optional", "optional:"];
    for marker in designdoc_syntax::text::OPTIONAL_MARKERS
        .iter()
        .chain(&unbracketed)
    {
        if let Some(at) = lower.find(marker)
            && text.is_char_boundary(at)
            && text.is_char_boundary(at + marker.len())
        {
            let mut t = String::new();
            t.push_str(text[..at].trim_end());
            let rest = text[at + marker.len()..].trim();
            if !rest.is_empty() {
                if !t.is_empty() {
                    t.push(' ');
                }
                t.push_str(rest);
            }
            return (t.trim().to_string(), true);
        }
    }
    (text.trim().to_string(), false)
}

/// Guidance that marks its section optional: "Optional: …", "This is an
/// optional element", "(optional)", "This section is optional".
fn says_optional(text: &str) -> bool {
    let t = text.trim_start_matches(|c: char| !c.is_alphanumeric());
    if t.len() >= 8 && t.is_char_boundary(8) && t[..8].eq_ignore_ascii_case("optional") {
        return true;
    }
    let lower = text.to_lowercase();
    [
        "optional element",
        "optional section",
        "is optional",
        "(optional)",
        "[optional]",
        "optional.",
        "may be omitted",
        "can be omitted",
        "if applicable",
        "omit this section",
        "remove this section if",
        "delete this section if",
    ]
    .iter()
    .any(|p| lower.contains(p))
}

/// A comment that instructs a tool, not the author: `markdownlint-disable`,
/// `prettier-ignore`, `toc`, `vale off`, `cspell:ignore`.
fn is_directive(text: &str) -> bool {
    let first = text
        .split(|c: char| c.is_whitespace() || c == ':')
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    const TOOLS: &[&str] = &[
        "markdownlint",
        "prettier",
        "toc",
        "/toc",
        "vale",
        "cspell",
        "textlint",
        "lint",
        "eslint",
        "spell",
        "mdformat",
        "mdlint",
        "alex",
        "remark",
    ];
    TOOLS
        .iter()
        .any(|t| first == *t || first.starts_with(&format!("{t}-")))
}

/// The texts of the HTML comments in a comment block, each trimmed, lines
/// joined by newlines.
fn comment_texts(html: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<!--") {
        let after = &rest[start + 4..];
        let end = after.find("-->").unwrap_or(after.len());
        let text: Vec<&str> = after[..end]
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        if !text.is_empty() {
            out.push(text.join("\n"));
        }
        rest = &after[(end + 3).min(after.len())..];
    }
    out
}

/// `{Describe the context …}`: MADR's placeholder-and-guidance form.
fn is_wholly_braced(text: &str) -> bool {
    text.starts_with('{') && text.ends_with('}') && text.len() > 2
}

/// `_Describe the change._` or `*Describe the change.*` (not `**bold**`).
fn is_wholly_italic(src: &str) -> bool {
    let t = src.trim();
    let one = |m: char| {
        let double: String = [m, m].iter().collect();
        t.len() > 2 && t.starts_with(m) && t.ends_with(m) && !t.starts_with(&double)
    };
    one('_') || one('*')
}

fn title_schema(doc: &Document<'_>, i: usize) -> TitleSchema {
    let h = &doc.headings[i];
    let text = h.text.clone();
    let cut = text.find(['[', '<', '{']);
    let (prefix, placeholder) = match cut {
        Some(c) => (
            text[..c].trim().to_string(),
            Some(text[c..].trim().to_string()),
        ),
        None => (text.clone(), None),
    };
    TitleSchema {
        level: h.level,
        text,
        prefix,
        placeholder,
    }
}

/// A section whose items read `**Term**: Definition`.
fn is_glossary(doc: &Document<'_>, heading: usize) -> bool {
    doc.own_blocks(heading).iter().any(|b| {
        b.kind == BlockKind::ListItem
            && b.segments
                .first()
                .is_some_and(|s| s.kind == SegmentKind::Strong)
            && b.text[b.segments[0].len as usize..]
                .trim_start()
                .starts_with(':')
    })
}

/// The template's checklist: a task list most of whose items name other
/// sections. ("- [ ] Requirement 1" names its own section: a placeholder.)
fn find_checklist(
    doc: &Document<'_>,
    section_of: &[Option<usize>],
    sections: &[SectionSchema],
) -> Option<Checklist> {
    let mut best = None;
    let mut groups: Vec<(usize, Vec<&designdoc_syntax::Task>)> = Vec::new();
    for task in doc.tasks.iter().filter(|t| !t.in_quote) {
        let Some(s) = task.heading.and_then(|h| section_of[h]) else {
            continue;
        };
        match groups.last_mut() {
            Some((gs, items)) if *gs == s => items.push(task),
            _ => groups.push((s, vec![task])),
        }
    }
    for (s, tasks) in groups {
        let mut ancestors = vec![s];
        let mut p = sections[s].parent;
        while let Some(pi) = p {
            ancestors.push(pi);
            p = sections[pi].parent;
        }
        let items: Vec<ChecklistItem> = tasks
            .iter()
            .map(|t| {
                let section =
                    map_to_section(&t.text, sections, Some(s)).filter(|m| !ancestors.contains(m));
                ChecklistItem {
                    key: designdoc_syntax::text::normalize_line(&t.text),
                    text: t.text.clone(),
                    section,
                }
            })
            .collect();
        let mapped = items.iter().filter(|i| i.section.is_some()).count();
        if items.len() >= 2 && mapped * 2 >= items.len() {
            best = Some(Checklist { section: s, items });
        }
    }
    best
}

/// Which sections hold requirements, by their titles: "Functional
/// (requirements)" → `FR`, "Non-functional (requirements)" → `NFR`, and a
/// "Requirements" section without such subsections → `REQ`.
fn assign_requirement_prefixes(sections: &mut [SectionSchema]) {
    fn prefix(key: &str) -> Option<&'static str> {
        let key = key.strip_suffix(" requirements").unwrap_or(key);
        match key {
            "functional" => Some("FR"),
            "non functional" | "nonfunctional" => Some("NFR"),
            _ => None,
        }
    }
    for s in sections.iter_mut() {
        s.requirements = prefix(&s.key).map(str::to_string);
    }
    for i in 0..sections.len() {
        if sections[i].key == "requirements"
            && !sections
                .iter()
                .any(|c| c.parent == Some(i) && c.requirements.is_some())
        {
            sections[i].requirements = Some("REQ".to_string());
        }
    }
}
