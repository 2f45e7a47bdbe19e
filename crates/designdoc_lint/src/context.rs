//! What every rule needs to know about one document, computed once.

use std::cell::OnceCell;
use std::ops::Range;

use designdoc_schema::{Matching, Schema};
use designdoc_syntax::{Block, BlockKind, Document, LineIndex};

/// How far a template section is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SectionStatus {
    /// No heading stands for it.
    Missing,
    /// Nothing but whitespace and HTML comments (subsections included).
    Empty,
    /// Nothing but the template's fill-in lines.
    Placeholder,
    /// Real content, with some fill-in lines left.
    Partial,
    /// Real content only.
    Complete,
}

/// What every rule needs to know about one document and its template, computed once
/// per check ([`Context::new`]) and shared by all the doc's rules.
pub struct Context<'a> {
    /// The parsed document being checked.
    pub doc: &'a Document<'a>,
    /// The template it is checked against.
    pub schema: &'a Schema,
    /// Which document heading stands for which template section, and back.
    pub matching: Matching,
    /// Per template section.
    pub status: Vec<SectionStatus>,
    /// Per block of the document: its text is a template placeholder line.
    pub placeholder_blocks: Vec<bool>,
    /// The lifecycle's statuses, from the settings (empty: the defaults).
    pub statuses: Vec<String>,
    lines: OnceCell<LineIndex>,
    checklist: OnceCell<Vec<(usize, Option<usize>)>>,
    meta: OnceCell<designdoc_syntax::Meta>,
    pub(crate) glossary_cache: OnceCell<Vec<crate::helpers::GlossaryEntry<'a>>>,
    requirements: OnceCell<Vec<crate::requirements::Requirement>>,
}

/// A line that reads as the template's ("Review: (pitch)") but whose links
/// all point somewhere real was filled in: the template's own links are
/// stand-ins (`https://forums.swift.org/...`, `NNNN-filename.md`).
fn links_filled_in(doc: &Document<'_>, b: &designdoc_syntax::Block<'_>) -> bool {
    // Links are in source order: the block's are a run of them.
    let first = doc.links.partition_point(|l| l.span.start < b.span.start);
    let mut links = doc.links[first..]
        .iter()
        .take_while(|l| l.span.end <= b.span.end)
        .peekable();
    links.peek().is_some()
        && links.all(|l| {
            let d = l.dest.to_ascii_lowercase();
            !d.is_empty()
                && d != "#"
                && !["...", "…", "xxx", "nnnn", "example.com", "todo", "tbd"]
                    .iter()
                    .any(|s| d.contains(s))
        })
}

impl<'a> Context<'a> {
    /// Matches `doc`'s headings to `schema`'s sections, marks the blocks that are template
    /// placeholder lines and works out each section's status. `statuses` starts empty (the
    /// default lifecycle); the line index, checklist, front matter and requirements are
    /// computed on first use.
    pub fn new(doc: &'a Document<'a>, schema: &'a Schema) -> Self {
        let matching = schema.match_headings(doc);
        let placeholder_blocks: Vec<bool> = doc
            .blocks
            .iter()
            .map(|b| match b.kind {
                BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow => {
                    b.is_content() && schema.is_placeholder(&b.text) && !links_filled_in(doc, b)
                }
                BlockKind::Html => crate::helpers::is_angle_slot(&doc.src[b.span.clone()]),
                _ => false,
            })
            .collect();
        let status = section_statuses(doc, &matching, &placeholder_blocks);
        Context {
            doc,
            schema,
            matching,
            status,
            placeholder_blocks,
            statuses: Vec::new(),
            lines: OnceCell::new(),
            checklist: OnceCell::new(),
            meta: OnceCell::new(),
            glossary_cache: OnceCell::new(),
            requirements: OnceCell::new(),
        }
    }

    /// The doc's requirements (`crate::requirements`), computed once.
    pub fn requirements(&self) -> &[crate::requirements::Requirement] {
        self.requirements.get_or_init(|| {
            crate::requirements::requirements(self.doc, self.schema, &self.matching)
        })
    }

    /// 1-based line of a byte offset, for messages that point elsewhere.
    pub fn line(&self, offset: usize) -> usize {
        self.lines
            .get_or_init(|| LineIndex::new(self.doc.src))
            .line_of(offset)
            + 1
    }

    /// The document's checklist items (tasks under the heading that stands
    /// for the template's checklist, quotes excluded), each with the template
    /// section it vouches for. Computed once, on first use.
    pub fn checklist_items(&self) -> &[(usize, Option<usize>)] {
        self.checklist.get_or_init(|| {
            let (Some(cl), doc) = (&self.schema.checklist, self.doc) else {
                return Vec::new();
            };
            let Some(h) = self.heading_of(cl.section) else {
                return Vec::new();
            };
            let inside = doc.descendants(h);
            doc.tasks
                .iter()
                .enumerate()
                .filter(|(_, t)| {
                    !t.in_quote && t.heading.is_some_and(|th| th == h || inside.contains(&th))
                })
                .map(|(i, t)| (i, self.schema.checklist_section(&t.text)))
                .collect()
        })
    }

    /// Whether `status` is a status of the lifecycle.
    /// Case aside (`Draft` is `draft`); the statuses the template names
    /// extend the lifecycle.
    pub fn is_status(&self, status: &str) -> bool {
        let lifecycle = if self.statuses.is_empty() {
            crate::metadata::DEFAULT_STATUSES.contains(&status.to_lowercase().as_str())
        } else {
            self.statuses.iter().any(|s| s.eq_ignore_ascii_case(status))
        };
        lifecycle
            || self
                .schema
                .statuses
                .iter()
                .any(|s| s == "*" || s.eq_ignore_ascii_case(status))
    }

    /// Uses front matter the caller already read.
    pub fn set_meta(&mut self, meta: designdoc_syntax::Meta) {
        let _ = self.meta.set(meta);
    }

    /// The front matter's keys, read (as YAML) once, on first use.
    pub fn meta(&self) -> &designdoc_syntax::Meta {
        self.meta.get_or_init(|| self.doc.meta())
    }

    /// The heading that stands for template section `s`.
    pub fn heading_of(&self, s: usize) -> Option<usize> {
        self.matching.sections[s]
    }

    /// The template section a heading stands for (duplicates excluded).
    pub fn section_of(&self, h: usize) -> Option<usize> {
        self.matching.headings[h]
            .filter(|m| m.duplicate_of.is_none())
            .map(|m| m.section)
    }

    /// The title of template section `s` (an index into the schema's sections), exactly as the
    /// template writes it.
    pub fn title_of(&self, s: usize) -> &str {
        &self.schema.sections[s].title
    }

    /// The template section whose body holds `offset`: the nearest enclosing
    /// heading that stands for one.
    pub fn section_at(&self, offset: usize) -> Option<usize> {
        let mut h = self.doc.heading_at(offset);
        while let Some(i) = h {
            if let Some(s) = self.section_of(i) {
                return Some(s);
            }
            h = self.doc.headings[i].parent;
        }
        None
    }

    /// The source range of a block's text (for list items: after the
    /// marker).
    pub fn text_range(&self, block: &Block) -> Range<usize> {
        block.source_range(0..block.text.len())
    }

    /// The template's first guidance line for a section, as help.
    pub fn guidance_help(&self, s: usize) -> Option<String> {
        let g = self.schema.sections[s].guidance.first()?;
        let line = g.lines().map(str::trim).find(|l| !l.is_empty())?;
        Some(format!("the template asks: {line}"))
    }
}

/// Every template section's status, in one pass over the blocks: each
/// content block counts for the section of its heading and of every
/// enclosing heading.
fn section_statuses(
    doc: &Document<'_>,
    matching: &Matching,
    placeholder_blocks: &[bool],
) -> Vec<SectionStatus> {
    // Per heading: (content blocks, placeholder blocks), own and nested.
    let mut counts = vec![(0usize, 0usize); doc.headings.len()];
    let blocks = doc.blocks.iter().zip(placeholder_blocks.iter().copied());
    for (b, placeholder) in blocks.filter(|(b, _)| b.is_content()) {
        let mut h = b.heading;
        while let Some(i) = h {
            counts[i].0 += 1;
            counts[i].1 += usize::from(placeholder);
            h = doc.headings[i].parent;
        }
    }
    matching
        .sections
        .iter()
        .map(|h| match h.map(|h| counts[h]) {
            None => SectionStatus::Missing,
            Some((0, _)) => SectionStatus::Empty,
            Some((c, p)) if c == p => SectionStatus::Placeholder,
            Some((_, 0)) => SectionStatus::Complete,
            Some(_) => SectionStatus::Partial,
        })
        .collect()
}
