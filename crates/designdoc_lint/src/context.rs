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

pub struct Context<'a> {
    pub doc: &'a Document<'a>,
    pub schema: &'a Schema,
    pub matching: Matching,
    /// Per template section.
    pub status: Vec<SectionStatus>,
    lines: OnceCell<LineIndex>,
}

impl<'a> Context<'a> {
    pub fn new(doc: &'a Document<'a>, schema: &'a Schema) -> Self {
        let matching = schema.match_headings(doc);
        let status = (0..schema.sections.len())
            .map(|s| match matching.sections[s] {
                None => SectionStatus::Missing,
                Some(h) => body_status(doc, schema, h),
            })
            .collect();
        Context {
            doc,
            schema,
            matching,
            status,
            lines: OnceCell::new(),
        }
    }

    /// 1-based line of a byte offset, for messages that point elsewhere.
    pub fn line(&self, offset: usize) -> usize {
        self.lines
            .get_or_init(|| LineIndex::new(self.doc.src))
            .line_of(offset)
            + 1
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
        let inner = g.trim().trim_start_matches("<!--").trim_end_matches("-->");
        let line = inner.lines().map(str::trim).find(|l| !l.is_empty())?;
        Some(format!("the template asks: {line}"))
    }
}

fn body_status(doc: &Document<'_>, schema: &Schema, h: usize) -> SectionStatus {
    let mut content = 0;
    let mut placeholders = 0;
    for b in doc.section_blocks(h).filter(|b| b.is_content()) {
        content += 1;
        if matches!(
            b.kind,
            BlockKind::Paragraph | BlockKind::ListItem | BlockKind::TableRow
        ) && schema.is_placeholder(&b.text)
        {
            placeholders += 1;
        }
    }
    match (content, placeholders) {
        (0, _) => SectionStatus::Empty,
        (c, p) if c == p => SectionStatus::Placeholder,
        (_, 0) => SectionStatus::Complete,
        _ => SectionStatus::Partial,
    }
}
