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
pub fn derive(name: &str, markdown: &str) -> Schema {
    let doc = parse(markdown);
    let title_heading = doc
        .headings
        .first()
        .filter(|h| h.level == 1)
        .map(|_| 0usize);
    let title = title_heading.map(|i| title_schema(&doc, i));

    // Doc heading index → section index.
    let mut section_of = vec![None; doc.headings.len()];
    let mut sections = Vec::new();
    for (i, h) in doc.headings.iter().enumerate() {
        if Some(i) == title_heading {
            continue;
        }
        let key = normalize_title(&h.text);
        let parent = h.parent.and_then(|p| section_of[p]);
        let words = title_words(&h.text);
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
            title: h.text.clone(),
            key,
            level: h.level,
            parent,
            required: true,
            kind,
            aliases,
            placeholders: Vec::new(),
            guidance: Vec::new(),
        });
    }

    let checklist = find_checklist(&doc, &section_of, &sections);
    if let Some(cl) = &checklist {
        sections[cl.section].kind = SectionKind::Checklist;
    }

    for block in &doc.blocks {
        let Some(s) = block.heading.and_then(|h| section_of[h]) else {
            continue;
        };
        match block.kind {
            BlockKind::HtmlComment => sections[s]
                .guidance
                .push(markdown[block.span.clone()].to_string()),
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow => {
                let is_checklist_item =
                    block.task.is_some() && checklist.as_ref().is_some_and(|c| c.section == s);
                let key = placeholder_key(&block.text);
                if !is_checklist_item && !key.is_empty() && !sections[s].placeholders.contains(&key)
                {
                    sections[s].placeholders.push(key);
                }
            }
            _ => {}
        }
    }

    Schema {
        name: name.to_string(),
        title,
        sections,
        checklist,
        markdown: markdown.to_string(),
        placeholder_index: Default::default(),
    }
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
