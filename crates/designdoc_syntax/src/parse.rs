//! The one pass from source text to [`Document`].

use std::borrow::Cow;
use std::ops::Range;
use std::panic::{AssertUnwindSafe, catch_unwind};

use pulldown_cmark::{CodeBlockKind, Event, Options, Parser, Tag, TagEnd};

use crate::{
    Block, BlockKind, Document, FrontMatter, Heading, LineEnding, Link, Problem, ProblemKind,
    Segment, SegmentKind, Task,
};

/// GitHub-flavoured options. Heading attributes and definition lists stay
/// off: designdoc has no use for them, and together they reach a known
/// pulldown-cmark panic (upstream issue 1110).
pub fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_TASKLISTS
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_FOOTNOTES
}

/// Parses `src`. Never fails and never panics: problems are recorded in
/// [`Document::problems`].
pub fn parse(src: &str) -> Document<'_> {
    let bom_len = if src.starts_with('\u{feff}') { 3 } else { 0 };
    let mut problems = Vec::new();
    let front_matter = front_matter(src, bom_len, &mut problems);
    let body_start = front_matter.as_ref().map_or(bom_len, |fm| fm.span.end);

    let mut doc = Document {
        src,
        bom_len,
        line_ending: line_ending(src),
        front_matter,
        headings: Vec::new(),
        blocks: Vec::new(),
        tasks: Vec::new(),
        links: Vec::new(),
        html_anchors: Vec::new(),
        problems,
    };

    // pulldown-cmark 0.13 misreads a lone `\r` line ending in places (an
    // HTML comment then runs to the end of the file). A doc that has one is
    // parsed with its lone `\r`s read as `\n`: the same length, so every
    // offset holds for the source.
    let normalized = crate::text::lone_cr_as_lf(src);
    let walked = match &normalized {
        None => walk(src, body_start, options()).map(Walked::from),
        Some(text) => walk(text, body_start, options()).map(|w| Walked {
            blocks: w.blocks.into_iter().map(Block::into_owned).collect(),
            headings: w.headings,
            tasks: w.tasks,
            links: w.links,
            anchors: w.anchors,
            problems: w.problems,
        }),
    };
    match walked {
        Ok(w) => {
            doc.headings = w.headings;
            doc.blocks = w.blocks;
            doc.tasks = w.tasks;
            doc.links = w.links;
            doc.html_anchors = w.anchors;
            doc.problems.extend(w.problems);
        }
        Err(payload) => {
            let msg = crate::panic_message(payload.as_ref());
            doc.problems.push(Problem {
                kind: ProblemKind::ParserPanic(msg),
                span: body_start..src.len(),
            });
        }
    }
    finish_sections(&mut doc.headings, src.len());
    doc
}

/// The walk over pulldown-cmark's events, guarded: a panic inside comes
/// back as its payload.
fn walk(text: &str, body_start: usize, options: Options) -> std::thread::Result<Walker<'_>> {
    catch_unwind(AssertUnwindSafe(|| {
        let mut w = Walker::new(text, body_start);
        w.run_with(options);
        w
    }))
}

/// What a walk found, apart from the text it borrowed from.
struct Walked<'a> {
    headings: Vec<Heading>,
    blocks: Vec<Block<'a>>,
    tasks: Vec<Task>,
    links: Vec<Link>,
    anchors: Vec<String>,
    problems: Vec<Problem>,
}

impl<'a> From<Walker<'a>> for Walked<'a> {
    fn from(w: Walker<'a>) -> Self {
        Walked {
            headings: w.headings,
            blocks: w.blocks,
            tasks: w.tasks,
            links: w.links,
            anchors: w.anchors,
            problems: w.problems,
        }
    }
}

fn line_ending(src: &str) -> LineEnding {
    LineEnding::detect(src)
}

/// Lines of `src` from `start`: (line start, content end without line
/// ending, next line start). Lines end at `\n`, `\r\n` or a lone `\r`,
/// as in CommonMark.
fn lines_from(src: &str, start: usize) -> impl Iterator<Item = (usize, usize, usize)> + '_ {
    let bytes = src.as_bytes();
    let mut pos = start;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let line_start = pos;
        let (content_end, next) = match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(i) if bytes[pos + i] == b'\r' && bytes.get(pos + i + 1) == Some(&b'\n') => {
                (pos + i, pos + i + 2)
            }
            Some(i) => (pos + i, pos + i + 1),
            None => (bytes.len(), bytes.len()),
        };
        pos = next;
        Some((line_start, content_end, next))
    })
}

/// The front matter of `src` without parsing the Markdown (to read a
/// doc's metadata before choosing how to check it).
pub fn scan_front_matter(src: &str) -> Option<FrontMatter> {
    let bom_len = if src.starts_with('\u{feff}') { 3 } else { 0 };
    front_matter(src, bom_len, &mut Vec::new())
}

/// YAML front matter: a first line of exactly `---`, closed by a line of
/// `---` or `...`.
fn front_matter(src: &str, bom_len: usize, problems: &mut Vec<Problem>) -> Option<FrontMatter> {
    let mut lines = lines_from(src, bom_len);
    let (first_start, first_end, body_start) = lines.next()?;
    if src[first_start..first_end].trim_end() != "---" || body_start == first_end {
        return None;
    }
    for (start, end, next) in lines {
        let line = src[start..end].trim_end();
        if line == "---" || line == "..." {
            return Some(FrontMatter {
                span: first_start..next,
                body: body_start..start,
            });
        }
    }
    problems.push(Problem {
        kind: ProblemKind::UnclosedFrontMatter,
        span: first_start..first_end,
    });
    None
}

/// A block's text while it is built: a range of the source while it is one
/// verbatim run, an owned string once it is more.
enum TextBuf {
    Empty,
    Borrowed(Range<usize>),
    Owned(String),
}

impl TextBuf {
    fn len(&self) -> usize {
        match self {
            TextBuf::Empty => 0,
            TextBuf::Borrowed(r) => r.len(),
            TextBuf::Owned(s) => s.len(),
        }
    }

    fn as_str<'s>(&'s self, src: &'s str) -> &'s str {
        match self {
            TextBuf::Empty => "",
            TextBuf::Borrowed(r) => &src[r.clone()],
            TextBuf::Owned(s) => s,
        }
    }

    fn owned(&mut self, src: &str) -> &mut String {
        if !matches!(self, TextBuf::Owned(_)) {
            *self = TextBuf::Owned(self.as_str(src).to_string());
        }
        match self {
            TextBuf::Owned(s) => s,
            _ => unreachable!("just made owned"),
        }
    }

    /// Appends text that came from `range` of the source.
    fn push(&mut self, src: &str, text: &str, range: Range<usize>) {
        // Text pulldown-cmark borrows from the source is verbatim: compare
        // pointers before bytes.
        let verbatim = |slice: &str| {
            std::ptr::eq(slice.as_ptr(), text.as_ptr()) && slice.len() == text.len()
                || slice == text
        };
        if matches!(self, TextBuf::Empty) && src.get(range.clone()).is_some_and(verbatim) {
            *self = TextBuf::Borrowed(range);
        } else {
            self.owned(src).push_str(text);
        }
    }

    fn finish(self, src: &str) -> Cow<'_, str> {
        match self {
            TextBuf::Empty => Cow::Borrowed(""),
            TextBuf::Borrowed(r) => Cow::Borrowed(&src[r]),
            TextBuf::Owned(s) => Cow::Owned(s),
        }
    }
}

/// A text container being filled: a paragraph, heading, list item or row.
struct Open {
    kind: OpenKind,
    start: usize,
    text: TextBuf,
    segments: smallvec::SmallVec<[Segment; 2]>,
    /// End of the last inline that added text.
    last_end: usize,
    task: Option<usize>,
    heading_level: u8,
}

#[derive(PartialEq, Eq, Clone, Copy)]
enum OpenKind {
    Paragraph,
    Heading,
    Item,
    Row,
    Head,
}

struct Walker<'a> {
    src: &'a str,
    offset: usize,
    headings: Vec<Heading>,
    blocks: Vec<Block<'a>>,
    tasks: Vec<Task>,
    links: Vec<Link>,
    anchors: Vec<String>,
    problems: Vec<Problem>,
    stack: Vec<Open>,
    quote_depth: u16,
    item_depth: u16,
    strong_depth: u16,
    html: Option<(usize, String)>,
    code: Option<(usize, bool)>,
    /// The last line end found, and where the search for it started: any
    /// offset between them has the same line end. Thousands of list items
    /// nested on one line would otherwise each scan it to its end.
    line_end_memo: (usize, usize),
}

impl<'a> Walker<'a> {
    fn new(src: &'a str, offset: usize) -> Self {
        Walker {
            src,
            offset,
            // Roughly one heading per 600 bytes and one block per 80 in
            // real docs: reserving avoids regrowing large vectors.
            headings: Vec::with_capacity(src.len() / 600 + 4),
            blocks: Vec::with_capacity(src.len() / 80 + 8),
            tasks: Vec::new(),
            links: Vec::new(),
            anchors: Vec::new(),
            problems: Vec::new(),
            stack: Vec::new(),
            quote_depth: 0,
            item_depth: 0,
            strong_depth: 0,
            html: None,
            code: None,
            line_end_memo: (usize::MAX, 0),
        }
    }

    /// [`line_end`], remembering the last answer.
    fn line_end(&mut self, offset: usize) -> usize {
        let (from, end) = self.line_end_memo;
        if from <= offset && offset <= end {
            return end;
        }
        // Items close innermost first, so offsets come backwards: only the
        // stretch up to the last search needs looking at.
        if offset < from && from <= end {
            let b = self.src.as_bytes();
            if memchr::memchr2(b'\n', b'\r', &b[offset..from]).is_none() {
                self.line_end_memo = (offset, end);
                return end;
            }
        }
        let end = line_end(self.src, offset);
        self.line_end_memo = (offset, end);
        end
    }

    fn current_heading(&self) -> Option<usize> {
        self.headings.len().checked_sub(1)
    }

    fn open(&mut self, kind: OpenKind, start: usize, heading_level: u8) {
        // A paragraph that opens directly in a task item carries its task.
        let task = match (kind, self.stack.last_mut()) {
            (OpenKind::Paragraph, Some(parent)) if parent.kind == OpenKind::Item => {
                parent.task.take()
            }
            _ => None,
        };
        self.stack.push(Open {
            kind,
            start,
            text: TextBuf::Empty,
            segments: smallvec::SmallVec::new(),
            last_end: start,
            task,
            heading_level,
        });
    }

    fn push_text(&mut self, text: &str, range: Range<usize>, kind: SegmentKind) {
        let Some(open) = self.stack.last_mut() else {
            return;
        };
        let kind = if kind == SegmentKind::Text && self.strong_depth > 0 {
            SegmentKind::Strong
        } else {
            kind
        };
        open.segments.push(Segment {
            text_start: open.text.len() as u32,
            len: text.len() as u32,
            src_start: range.start as u32,
            src_len: (range.end - range.start) as u32,
            kind,
        });
        open.text.push(self.src, text, range.clone());
        open.last_end = open.last_end.max(range.end);
    }

    fn push_space(&mut self) {
        if let Some(open) = self.stack.last_mut() {
            let text = open.text.as_str(self.src);
            if !text.is_empty() && !text.ends_with(' ') {
                open.text.owned(self.src).push(' ');
            }
        }
    }

    fn close(&mut self, end: usize) {
        let Some(open) = self.stack.pop() else {
            return;
        };
        match open.kind {
            OpenKind::Heading => {
                let span = self.offset_span(open.start..end);
                let mut text_span = heading_text_span(self.src, span.clone());
                let setext = !self.src[span.clone()].trim_start().starts_with('#');
                let mut text = open.text.as_str(self.src).trim().to_string();
                // `## Fixes {#fixes}`: an explicit id (Pandoc, kramdown,
                // Hugo), an anchor and not part of the title. GitHub does
                // not read it: its anchor for the whole line is kept too.
                let raw = &self.src[text_span.clone()];
                if raw.ends_with('}')
                    && text.ends_with('}')
                    && let Some(i) = raw.rfind("{#")
                    && let Some(j) = text.rfind("{#")
                {
                    let id = raw[i + 2..raw.len() - 1]
                        .split_whitespace()
                        .next()
                        .unwrap_or("");
                    if !id.is_empty() {
                        self.anchors.push(id.to_string());
                        self.anchors.push(crate::slug::github_slug(&text));
                        text.truncate(j);
                        text.truncate(text.trim_end().len());
                        text_span.end = text_span.start + raw[..i].trim_end().len();
                    }
                }
                // `## <a name="x"></a>Future directions`: a rename replaces
                // the title, not the anchor before it.
                let raw = &self.src[text_span.clone()];
                if raw.starts_with('<')
                    && raw != text
                    && raw.len() > text.len()
                    && raw.ends_with(text.as_str())
                    && raw[..raw.len() - text.len()].trim_end().ends_with('>')
                {
                    text_span.start = text_span.end - text.len();
                }
                self.headings.push(Heading {
                    level: open.heading_level,
                    span,
                    text_span,
                    text,
                    setext,
                    parent: None,
                    own_end: 0,
                    section_end: 0,
                });
            }
            OpenKind::Paragraph | OpenKind::Item | OpenKind::Row | OpenKind::Head => {
                let kind = match open.kind {
                    OpenKind::Paragraph => BlockKind::Paragraph,
                    OpenKind::Item => BlockKind::ListItem,
                    OpenKind::Head => BlockKind::TableHead,
                    _ => BlockKind::TableRow,
                };
                let span = if open.kind == OpenKind::Item {
                    open.start..self.line_end(open.last_end.max(open.start))
                } else {
                    self.offset_span(open.start..end)
                };
                if let Some(t) = open.task {
                    let task = &mut self.tasks[t];
                    if task.text.is_empty() {
                        task.text = open.text.as_str(self.src).trim().to_string();
                        task.span = task.span.start..span.end.max(task.span.start);
                    }
                }
                self.blocks.push(Block {
                    kind,
                    span,
                    text: open.text.finish(self.src),
                    segments: open.segments,
                    heading: self.current_heading(),
                    in_quote: self.quote_depth > 0,
                    list_depth: self.item_depth,
                    task: open.task,
                });
            }
        }
    }

    /// Block ranges from pulldown-cmark include the trailing line ending;
    /// the model's spans stop before it.
    fn offset_span(&self, r: Range<usize>) -> Range<usize> {
        let mut end = r.end;
        let b = self.src.as_bytes();
        while end > r.start && matches!(b[end - 1], b'\n' | b'\r') {
            end -= 1;
        }
        r.start..end
    }

    fn leaf(&mut self, kind: BlockKind, span: Range<usize>) {
        let span = self.offset_span(span);
        self.blocks.push(Block {
            kind,
            span,
            text: Cow::Borrowed(""),
            segments: smallvec::SmallVec::new(),
            heading: self.current_heading(),
            in_quote: self.quote_depth > 0,
            list_depth: self.item_depth,
            task: None,
        });
    }

    fn run_with(&mut self, options: Options) {
        let body = &self.src[self.offset..];
        let base = self.offset;
        let parser = Parser::new_ext(body, options).into_offset_iter();
        for (event, range) in parser {
            let range = range.start + base..range.end + base;
            self.event(event, range);
        }
        // Close anything left open (the parser balances tags; be defensive).
        while !self.stack.is_empty() {
            self.close(self.src.len());
        }
    }

    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        match event {
            Event::Start(tag) => self.start(tag, range),
            Event::End(tag) => self.end(tag, range),
            Event::Text(t) => {
                if self.code.is_some() || self.html.is_some() {
                    if let Some((_, html)) = &mut self.html {
                        html.push_str(&t);
                    }
                    return;
                }
                self.push_text(&t, range, SegmentKind::Text);
            }
            Event::Code(t) => {
                // The range includes the backticks; point at the content.
                let range = match self.src[range.clone()].find(&*t) {
                    Some(i) if !t.is_empty() => range.start + i..range.start + i + t.len(),
                    _ => range,
                };
                self.push_text(&t, range, SegmentKind::Code)
            }
            Event::InlineMath(t) | Event::DisplayMath(t) => {
                self.push_text(&t, range, SegmentKind::Code)
            }
            Event::Html(t) => {
                if let Some((_, html)) = &mut self.html {
                    html.push_str(&t);
                }
                collect_anchors(&t, &mut self.anchors);
            }
            Event::InlineHtml(t) => {
                collect_anchors(&t, &mut self.anchors);
                // `## <a name="x"></a>Future directions` is titled "Future
                // directions": markup is not part of a heading's title.
                let in_heading = self
                    .stack
                    .last()
                    .is_some_and(|o| matches!(o.kind, OpenKind::Heading));
                if !t.starts_with("<!--") && !(in_heading && is_markup_tag(&t)) {
                    self.push_text(&t, range, SegmentKind::Html);
                }
            }
            Event::SoftBreak | Event::HardBreak => self.push_space(),
            Event::FootnoteReference(_) => {}
            Event::Rule => self.leaf(BlockKind::ThematicBreak, range),
            Event::TaskListMarker(checked) => {
                let marker_span = marker_span(self.src, range.clone());
                let heading = self.current_heading();
                let in_quote = self.quote_depth > 0;
                let item = self
                    .stack
                    .iter_mut()
                    .rev()
                    .find(|o| o.kind == OpenKind::Item || o.kind == OpenKind::Paragraph);
                let index = self.tasks.len();
                let item_start = item.as_ref().map_or(range.start, |o| o.start);
                if let Some(open) = item {
                    open.task = Some(index);
                }
                self.tasks.push(Task {
                    checked,
                    marker_span,
                    span: item_start..range.end,
                    text: String::new(),
                    heading,
                    in_quote,
                });
            }
        }
    }

    fn start(&mut self, tag: Tag<'_>, range: Range<usize>) {
        match tag {
            Tag::Paragraph => self.open(OpenKind::Paragraph, range.start, 0),
            Tag::Heading { level, .. } => self.open(OpenKind::Heading, range.start, level as u8),
            Tag::Item => {
                self.item_depth += 1;
                self.open(OpenKind::Item, range.start, 0);
            }
            Tag::TableHead => self.open(OpenKind::Head, range.start, 0),
            Tag::TableRow => self.open(OpenKind::Row, range.start, 0),
            Tag::TableCell => {
                if let Some(open) = self.stack.last_mut()
                    && open.text.len() > 0
                {
                    open.text.owned(self.src).push_str(" | ");
                }
            }
            Tag::BlockQuote(_) => self.quote_depth += 1,
            Tag::CodeBlock(kind) => {
                self.code = Some((range.start, matches!(kind, CodeBlockKind::Fenced(_))));
            }
            Tag::HtmlBlock => self.html = Some((range.start, String::new())),
            Tag::Strong => self.strong_depth += 1,
            Tag::Link { dest_url, .. } => self.links.push(Link {
                dest: dest_url.to_string(),
                span: range,
                heading: self.current_heading(),
                image: false,
            }),
            Tag::Image { dest_url, .. } => self.links.push(Link {
                dest: dest_url.to_string(),
                span: range,
                heading: self.current_heading(),
                image: true,
            }),
            _ => {}
        }
    }

    fn end(&mut self, tag: TagEnd, range: Range<usize>) {
        match tag {
            TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::TableHead | TagEnd::TableRow => {
                self.close(range.end)
            }
            TagEnd::Item => {
                self.close(range.end);
                self.item_depth = self.item_depth.saturating_sub(1);
            }
            TagEnd::BlockQuote(_) => self.quote_depth = self.quote_depth.saturating_sub(1),
            TagEnd::Strong => self.strong_depth = self.strong_depth.saturating_sub(1),
            TagEnd::CodeBlock => {
                if let Some((start, fenced)) = self.code.take() {
                    let span = start..range.end;
                    if fenced && !fence_closed(self.src, span.clone()) {
                        self.problems.push(Problem {
                            kind: ProblemKind::UnclosedCodeFence,
                            span: start..line_end(self.src, start),
                        });
                    }
                    self.leaf(BlockKind::CodeBlock, span);
                }
            }
            TagEnd::HtmlBlock => {
                if let Some((start, html)) = self.html.take() {
                    let kind = if only_comments(&html) {
                        BlockKind::HtmlComment
                    } else {
                        BlockKind::Html
                    };
                    self.leaf(kind, start..range.end);
                }
            }
            _ => {}
        }
    }
}

/// End of the line holding `offset`, before its line ending.
pub(crate) fn line_end(src: &str, offset: usize) -> usize {
    let b = src.as_bytes();
    let i = offset.min(b.len());
    memchr::memchr2(b'\n', b'\r', &b[i..]).map_or(b.len(), |n| i + n)
}

fn marker_span(src: &str, range: Range<usize>) -> Range<usize> {
    let b = src.as_bytes();
    let mut i = range.start;
    while i < range.end.min(b.len()) && b[i] != b'[' {
        i += 1;
    }
    if i + 3 <= b.len() && b[i] == b'[' && b[i + 2] == b']' {
        i..i + 3
    } else {
        range
    }
}

/// Whether a fenced block is closed, by its own closing fence or, as
/// CommonMark does, by the end of the blockquote or list item holding it.
/// Only a fence that runs to the end of the document hides what follows.
fn fence_closed(src: &str, span: Range<usize>) -> bool {
    if !src[span.end..].trim().is_empty() {
        return true; // its container (blockquote, list item) ended it
    }
    let text = &src[span];
    let first = strip_quote_markers(text.lines().next().unwrap_or(""));
    let ch = match first.chars().next() {
        Some(c @ ('`' | '~')) => c,
        _ => return true,
    };
    let open_len = first.chars().take_while(|&c| c == ch).count();
    let mut lines = text.lines();
    lines.next();
    let Some(last) = lines.rfind(|l| !strip_quote_markers(l).is_empty()) else {
        return false;
    };
    let last = strip_quote_markers(last).trim_end();
    last.chars().all(|c| c == ch) && last.chars().count() >= open_len
}

/// A line without its leading blockquote markers (`> > `) and indentation.
fn strip_quote_markers(line: &str) -> &str {
    let mut l = line.trim_start();
    while let Some(rest) = l.strip_prefix('>') {
        l = rest.trim_start();
    }
    l
}

/// True when `html` holds nothing but `<!-- ... -->` comments and space.
fn only_comments(html: &str) -> bool {
    let mut rest = html.trim();
    while let Some(after) = rest.strip_prefix("<!--") {
        match memchr::memmem::find(after.as_bytes(), b"-->") {
            Some(i) => rest = after[i + 3..].trim_start(),
            None => return true,
        }
    }
    rest.is_empty()
}

fn collect_anchors(html: &str, out: &mut Vec<String>) {
    if html.trim_start().starts_with("<!--") || memchr::memchr(b'=', html.as_bytes()).is_none() {
        return; // a comment, or no attributes at all
    }
    for attr in ["id=", "name="] {
        let mut rest = html;
        while let Some(i) = rest.find(attr) {
            let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
            rest = &rest[i + attr.len()..];
            let Some(q @ ('"' | '\'')) = rest.chars().next() else {
                continue;
            };
            if let Some(end) = rest[1..].find(q)
                && before_ok
            {
                out.push(rest[1..1 + end].to_string());
            }
        }
    }
}

/// An HTML tag that is markup (`<a name="x">`, `</a>`, `<span>`, `<br/>`),
/// not a slot written in angle brackets (`<Name>`).
fn is_markup_tag(t: &str) -> bool {
    const TAGS: &[&str] = &[
        "a", "span", "code", "em", "strong", "b", "i", "u", "s", "sup", "sub", "small", "br",
        "wbr", "img", "kbd", "mark", "del", "ins", "abbr", "tt", "font", "div", "p", "var",
    ];
    let name: String = t
        .trim_start_matches('<')
        .trim_start_matches('/')
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect();
    TAGS.contains(&name.to_ascii_lowercase().as_str())
}

/// The title text inside a heading line, for renames.
fn heading_text_span(src: &str, span: Range<usize>) -> Range<usize> {
    let text = &src[span.clone()];
    let trimmed_start = text.len() - text.trim_start().len();
    let inner = &text[trimmed_start..];
    if inner.starts_with('#') {
        // ATX: skip the opening run, then spaces; drop a closing run.
        let hashes = inner.bytes().take_while(|&b| b == b'#').count();
        let after = &inner[hashes..];
        let lead = after.len() - after.trim_start().len();
        let start = span.start + trimmed_start + hashes + lead;
        let mut content = after.trim();
        let closing = content.trim_end_matches('#');
        if closing.is_empty() {
            content = "";
        } else if closing.len() < content.len() && closing.ends_with([' ', '\t']) {
            content = closing.trim_end();
        }
        start..start + content.len()
    } else {
        // Setext: the text lines above the underline.
        let mut end = span.start;
        let mut start = None;
        for (ls, le, _) in lines_from(src, span.start) {
            if ls >= span.end {
                break;
            }
            let line = &src[ls..le];
            let t = line.trim();
            let is_underline =
                !t.is_empty() && (t.chars().all(|c| c == '=') || t.chars().all(|c| c == '-'));
            if is_underline && start.is_some() {
                break;
            }
            if start.is_none() {
                start = Some(ls + (line.len() - line.trim_start().len()));
            }
            end = ls + line.trim_end().len();
        }
        start.unwrap_or(span.start)..end
    }
}

fn finish_sections(headings: &mut [Heading], doc_end: usize) {
    // One pass with a stack of open sections, levels strictly rising: a
    // heading closes every open section of its level or deeper, and its
    // parent is the one left on top. (Scanning back and forth from each
    // heading was quadratic on thousands of same-level headings.)
    let mut open: Vec<usize> = Vec::new();
    for i in 0..headings.len() {
        let level = headings[i].level;
        let start = headings[i].span.start;
        while let Some(&j) = open.last() {
            if headings[j].level < level {
                break;
            }
            headings[j].section_end = start;
            open.pop();
        }
        headings[i].parent = open.last().copied();
        headings[i].own_end = headings.get(i + 1).map_or(doc_end, |h| h.span.start);
        open.push(i);
    }
    for j in open {
        headings[j].section_end = doc_end;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_guard_catches_pulldown_cmark_1110() {
        // With heading attributes and definition lists on, pulldown-cmark
        // 0.13.6 panics on this input (upstream issue 1110). designdoc keeps
        // them off; this proves the guard would hold if a panic came.
        let src = "ab  2\n:<\n  {}\n -\n";
        let risky =
            options() | Options::ENABLE_HEADING_ATTRIBUTES | Options::ENABLE_DEFINITION_LIST;
        assert!(
            walk(src, 0, risky).is_err(),
            "pulldown-cmark no longer panics here: update the notes"
        );
        // With designdoc's options the same input parses.
        assert!(walk(src, 0, options()).is_ok());
    }
}
