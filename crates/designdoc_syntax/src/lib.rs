//! Markdown design documents parsed into a model with byte spans.
//!
//! [`parse`] makes one pass of pulldown-cmark's offset iterator over a
//! source string and returns a [`Document`]: its headings (the section
//! tree), its leaf text blocks, task-list items, links, HTML anchors and
//! front matter, every one carrying byte ranges into the original string.
//! Parsing never fails: whatever is wrong with the input (an unclosed code
//! fence, unclosed front matter, a parser panic) is recorded in
//! [`Document::problems`] next to everything that could still be read.
//!
//! Everything inside works in byte offsets. Lines, character columns and
//! UTF-16 code units are computed only at the edges, with [`LineIndex`].
//!
//! This crate is pure: it never touches the file system or the environment.
//!
//! # Example
//!
//! ```rust
//! let doc = designdoc_syntax::parse("# Title\n\n## Goals\n\nShip it.\n");
//! assert_eq!(doc.headings.len(), 2);
//! assert_eq!(doc.headings[0].text, "Title");
//! assert_eq!(doc.headings[1].level, 2);
//! assert_eq!(doc.headings[1].parent, Some(0));
//! assert_eq!(doc.own_blocks(1)[0].text, "Ship it.");
//! assert!(doc.problems.is_empty());
//! ```
#![warn(missing_docs)]

mod line_index;
pub mod meta;
mod parse;
pub mod slug;
pub mod text;

pub use line_index::{LineIndex, Position};
pub use meta::{Meta, MetaEntry, MetaValue, is_date, parse_meta};
pub use parse::{options, parse, scan_front_matter};

/// The message a caught panic carried (`panic!` gives a `&str` or a
/// `String`).
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

use std::borrow::Cow;
use std::ops::Range;

use smallvec::SmallVec;

/// A parsed Markdown document. Borrows the source it was parsed from.
#[derive(Debug, Clone)]
pub struct Document<'a> {
    /// The whole source, byte for byte as read (BOM included).
    pub src: &'a str,
    /// Length of a leading UTF-8 byte-order mark (0 or 3).
    pub bom_len: usize,
    /// The line ending of the document's first line (`\n` when it has
    /// none; see [`LineEnding::detect`]); fixes insert text with it.
    pub line_ending: LineEnding,
    /// YAML front matter between `---` lines at the top, if any.
    pub front_matter: Option<FrontMatter>,
    /// Every heading, in document order.
    pub headings: Vec<Heading>,
    /// Leaf blocks (paragraphs, list-item text, table rows, code, HTML), in order.
    pub blocks: Vec<Block<'a>>,
    /// Task-list items (`- [ ] text`), in order, including those in quotes.
    pub tasks: Vec<Task>,
    /// Inline links and images with their destinations.
    pub links: Vec<Link>,
    /// Explicit HTML anchors (`id="..."` or `name="..."` attributes).
    pub html_anchors: Vec<String>,
    /// What was wrong with the input; the model holds what could be read.
    pub problems: Vec<Problem>,
}

/// `\n`, `\r\n` or a lone `\r` (old Mac files): the line ending that text
/// inserted by a fix uses, so that a doc's line endings are kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnding {
    /// `\n` (also the answer for text with no line ending at all).
    Lf,
    /// `\r\n`.
    CrLf,
    /// A lone `\r`.
    Cr,
}

impl LineEnding {
    /// The ending itself: `"\n"`, `"\r\n"` or `"\r"`.
    pub fn as_str(self) -> &'static str {
        match self {
            LineEnding::Lf => "\n",
            LineEnding::CrLf => "\r\n",
            LineEnding::Cr => "\r",
        }
    }

    /// The ending of `src`'s first line (`\n` when it has one line).
    pub fn detect(src: &str) -> LineEnding {
        let bytes = src.as_bytes();
        match memchr::memchr2(b'\n', b'\r', bytes) {
            Some(i) if bytes[i] == b'\r' && bytes.get(i + 1) == Some(&b'\n') => LineEnding::CrLf,
            Some(i) if bytes[i] == b'\r' => LineEnding::Cr,
            _ => LineEnding::Lf,
        }
    }
}

/// YAML front matter: a first line (after any BOM) of `---`, closed by a later line of `---`
/// or `...`. Both ranges are byte offsets into [`Document::src`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrontMatter {
    /// From the opening `---` to the end of the closing delimiter line.
    pub span: Range<usize>,
    /// The YAML text between the delimiters.
    pub body: Range<usize>,
}

/// An ATX (`#`) or setext heading and its place in the section tree. Spans and ends are byte
/// offsets into [`Document::src`]; `parent` is an index into [`Document::headings`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Heading {
    /// 1 to 6.
    pub level: u8,
    /// The heading's line(s), without the trailing line ending.
    pub span: Range<usize>,
    /// The raw title text inside the line (no `#` markers, no closing
    /// sequence, no surrounding whitespace). Replacing this range renames
    /// the heading.
    pub text_span: Range<usize>,
    /// The title as plain text (inline markup removed).
    pub text: String,
    /// Underlined (`===`/`---`) rather than `#`-prefixed.
    pub setext: bool,
    /// The nearest earlier heading of a lower level.
    pub parent: Option<usize>,
    /// End of this heading's own content: the start of the next heading.
    pub own_end: usize,
    /// End of the whole section: the start of the next heading of the same
    /// or a higher level (lower number), or the end of the document.
    pub section_end: usize,
}

/// What a [`Block`] is. Paragraphs, list items and table rows carry text; code blocks, HTML
/// blocks and thematic breaks are recorded by span only, with empty text and no segments.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BlockKind {
    /// A paragraph, including one inside a block quote or a loose list's item.
    Paragraph,
    /// The text of a list item that is not inside a nested paragraph
    /// (tight lists).
    ListItem,
    /// A table's header row: structure, not content.
    TableHead,
    /// A table body row; cells joined by `" | "`.
    TableRow,
    /// A fenced or indented code block (fences included in the span); its text is not kept.
    CodeBlock,
    /// An HTML block that holds nothing but comments.
    HtmlComment,
    /// Any other HTML block.
    Html,
    /// A thematic break (`---`, `***`, `___`).
    ThematicBreak,
}

/// A stretch of a block's plain text and where it came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Segment {
    /// Start of the stretch in [`Block::text`].
    pub text_start: u32,
    /// Its length in `text`.
    pub len: u32,
    /// Where it starts in the source.
    pub src_start: u32,
    /// Its length in the source; equal to `len` when the text is verbatim.
    pub src_len: u32,
    /// The kind of inline the stretch came from.
    pub kind: SegmentKind,
}

/// The kind of inline content a [`Segment`] of a block's text came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SegmentKind {
    /// Ordinary text, link text and `*emphasis*` included.
    Text,
    /// Inline code: content, but never placeholder text.
    Code,
    /// Text inside `**strong**` emphasis.
    Strong,
    /// Inline HTML other than comments (`<br>`, `<owner>`).
    Html,
}

/// A leaf block: its kind, its byte span in [`Document::src`], and its plain text with a map
/// back to the source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Block<'a> {
    /// What sort of block this is (see [`BlockKind`] for which kinds carry text).
    pub kind: BlockKind,
    /// The block in the source (for list items: the item's own text line).
    pub span: Range<usize>,
    /// Plain text: inline markup dropped, soft breaks as spaces, inline
    /// HTML comments left out. Borrowed from the source when the block is
    /// one verbatim run of text (most are), so parsing copies little.
    pub text: Cow<'a, str>,
    /// Where each stretch of `text` came from (most blocks have one or two,
    /// kept inline).
    pub segments: SmallVec<[Segment; 2]>,
    /// The heading whose own content holds this block.
    pub heading: Option<usize>,
    /// Inside a block quote.
    pub in_quote: bool,
    /// Nesting depth of list items around the block (0 outside lists).
    pub list_depth: u16,
    /// The task marker of the list item this text belongs to, if any.
    pub task: Option<usize>,
}

impl Block<'_> {
    /// The block, its text copied: for a parse of text other than the
    /// source (see `parse`'s handling of lone `\r`).
    pub fn into_owned(self) -> Block<'static> {
        Block {
            kind: self.kind,
            span: self.span,
            text: Cow::Owned(self.text.into_owned()),
            segments: self.segments,
            heading: self.heading,
            in_quote: self.in_quote,
            list_depth: self.list_depth,
            task: self.task,
        }
    }

    /// Maps a byte range in [`Block::text`] to a source range. Exact where
    /// the text is verbatim, the whole segment where it is not (entities,
    /// escapes).
    pub fn source_range(&self, text_range: Range<usize>) -> Range<usize> {
        let mut found: Option<Range<usize>> = None;
        for seg in self.segments_near(text_range.clone()) {
            let (ts, tl) = (seg.text_start as usize, seg.len as usize);
            let (ss, sl) = (seg.src_start as usize, seg.src_len as usize);
            let seg_end = ts + tl;
            if text_range.start >= seg_end || text_range.end <= ts && tl > 0 {
                continue;
            }
            let piece = if tl == sl {
                let a = ss + text_range.start.max(ts) - ts;
                let b = ss + text_range.end.min(seg_end) - ts;
                a..b
            } else {
                ss..ss + sl
            };
            found = Some(match found {
                None => piece,
                Some(f) => f.start.min(piece.start)..f.end.max(piece.end),
            });
        }
        found.unwrap_or(self.span.start..self.span.start)
    }

    /// The segments that can overlap `text_range` of the text (and those
    /// touching it), found by binary search: a long paragraph has
    /// thousands, and rules ask about many ranges of it.
    pub fn segments_near(&self, text_range: Range<usize>) -> &[Segment] {
        let segs = &self.segments[..];
        let first = segs.partition_point(|s| ((s.text_start + s.len) as usize) < text_range.start);
        let len = segs[first..].partition_point(|s| (s.text_start as usize) <= text_range.end);
        &segs[first..first + len]
    }

    /// True when the block carries content a reader would count.
    pub fn is_content(&self) -> bool {
        match self.kind {
            BlockKind::HtmlComment => false,
            BlockKind::CodeBlock | BlockKind::Html => true,
            // A row of empty cells says nothing; nor does a header alone.
            BlockKind::TableRow => self.text.bytes().any(|b| !matches!(b, b' ' | b'|')),
            BlockKind::TableHead | BlockKind::ThematicBreak => false,
            BlockKind::Paragraph | BlockKind::ListItem => !self.text.trim_start().is_empty(),
        }
    }
}

/// A task-list item (`- [ ] text`, `- [x] text`). Spans are byte offsets into
/// [`Document::src`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Task {
    /// Ticked: the marker is `[x]` or `[X]`.
    pub checked: bool,
    /// The `[ ]` / `[x]` marker, three bytes.
    pub marker_span: Range<usize>,
    /// The item's text line.
    pub span: Range<usize>,
    /// The item text after the marker, as plain text.
    pub text: String,
    /// Index in [`Document::headings`] of the heading whose own content holds the item;
    /// `None` before the first heading.
    pub heading: Option<usize>,
    /// Inside a block quote.
    pub in_quote: bool,
}

/// A link or an image, inline, reference-style or autolink.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The destination as the parser reads it (for a reference-style link, the URL of its
    /// definition).
    pub dest: String,
    /// Byte range of the whole link or image as written inline (`[text](dest)`, `[text][ref]`,
    /// `<url>`); a reference-style link's definition is not in it.
    pub span: Range<usize>,
    /// Index in [`Document::headings`] of the heading whose own content holds the link;
    /// `None` before the first heading.
    pub heading: Option<usize>,
    /// An image (`![alt](src)`) rather than a link.
    pub image: bool,
}

/// What was wrong with the input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ProblemKind {
    /// A fenced code block opened and never closed: it swallows the rest of
    /// the document.
    UnclosedCodeFence,
    /// A `---` front-matter block with no closing delimiter.
    UnclosedFrontMatter,
    /// The Markdown parser failed on this input; only front matter was read.
    ParserPanic(String),
}

/// Something wrong with the input, and where (see [`Document::problems`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Problem {
    /// What was wrong.
    pub kind: ProblemKind,
    /// Byte range in the source: from an unclosed fence to the end of its line; the opening
    /// `---` line of unclosed front matter (without its line ending); or, for a parser panic,
    /// everything after the front matter.
    pub span: Range<usize>,
}

impl<'a> Document<'a> {
    /// Index of the heading whose own content contains `offset`.
    pub fn heading_at(&self, offset: usize) -> Option<usize> {
        let i = self.headings.partition_point(|h| h.span.start <= offset);
        i.checked_sub(1)
    }

    /// Direct children of heading `i`.
    pub fn children(&self, i: usize) -> impl Iterator<Item = usize> + '_ {
        // From child to child, over each child's own descendants.
        let within = self.descendants(i);
        let mut next = within.start;
        std::iter::from_fn(move || {
            if next >= within.end {
                return None;
            }
            let child = next;
            next = self.descendants(child).end;
            Some(child)
        })
    }

    /// Headings inside the section of heading `i` (its descendants).
    pub fn descendants(&self, i: usize) -> std::ops::Range<usize> {
        let end = self.headings[i].section_end;
        let last = self.headings.partition_point(|h| h.span.start < end);
        i + 1..last
    }

    /// Blocks in the own content of heading `i` (not in subsections).
    pub fn own_blocks(&self, i: usize) -> &[Block<'a>] {
        self.blocks_under(i..i + 1)
    }

    /// Blocks anywhere in the section of heading `i`, subsections included.
    pub fn section_blocks(&self, i: usize) -> &[Block<'a>] {
        self.blocks_under(i..self.descendants(i).end)
    }

    /// Indices in [`Document::blocks`] of the blocks anywhere in the
    /// section of heading `i`.
    pub fn section_block_indices(&self, i: usize) -> Range<usize> {
        self.block_indices_under(i..self.descendants(i).end)
    }

    fn blocks_under(&self, headings: Range<usize>) -> &[Block<'a>] {
        &self.blocks[self.block_indices_under(headings)]
    }

    /// Blocks whose heading is in `headings`. Blocks are stored in the order
    /// the parser finishes them, which never goes back to an earlier
    /// heading, so this is two binary searches.
    fn block_indices_under(&self, headings: Range<usize>) -> Range<usize> {
        let lo = self
            .blocks
            .partition_point(|b| b.heading < Some(headings.start));
        let hi = self
            .blocks
            .partition_point(|b| b.heading < Some(headings.end));
        lo..hi.max(lo)
    }

    /// Whether the document is only a notice that it moved ("This file was
    /// moved to https://…", "Renamed to [0519-ref-types.md](…)"): no
    /// section headings, a few short lines, a link, and a word saying it
    /// moved. Such a stub is not a doc: the template does not apply.
    pub fn is_redirect_stub(&self) -> bool {
        if self.headings.len() > 1 || self.blocks.len() > 4 {
            return false;
        }
        let body = &self.src[self.body_start()..];
        let words = body.split_whitespace().count();
        if words == 0 || words > 60 {
            return false;
        }
        // The words as read: "has [become a proposal](…)" says "has become".
        let lower = self
            .blocks
            .iter()
            .map(|b| b.text.to_lowercase())
            .collect::<Vec<_>>()
            .join(" ");
        let says_moved = [
            "moved to",
            "been moved",
            "was moved",
            "has moved",
            "relocated",
            "renamed to",
            "was renamed",
            "been renamed",
            "please see",
            "has become",
            "now lives",
            "now located",
            "redirect",
            "can now be found",
            "see instead",
        ]
        .iter()
        .any(|p| lower.contains(p));
        says_moved && (!self.links.is_empty() || lower.contains("://"))
    }

    /// Where the body of the document starts: after BOM and front matter.
    pub fn body_start(&self) -> usize {
        self.front_matter
            .as_ref()
            .map_or(self.bom_len, |fm| fm.span.end)
    }

    /// The front matter's top-level keys (parsed on each call).
    pub fn meta(&self) -> Meta {
        self.front_matter
            .as_ref()
            .map_or_else(Meta::default, |fm| parse_meta(self.src, fm))
    }
}
