//! A design document as safe HTML: the fragment a site page, a preview or
//! an editor shows.
//!
//! Rendering is pulldown-cmark's HTML writer over designdoc's own parser
//! options, with three changes made on the event stream before writing:
//! headings get the anchors designdoc checks links against (so `#design`
//! in a doc and the page agree); containers nested deeper than
//! [`MAX_DEPTH`] are flattened (their text is kept); and raw HTML that
//! nests deeper than that, or is too large, is shown as text instead of
//! being parsed. The HTML is then sanitized by ammonia with a strict allow
//! list: pulldown-cmark keeps raw `<script>` and `javascript:` links, it is
//! not a sanitizer. The caps come first because the sanitizer's HTML
//! parser (html5ever) slows down badly on deep nesting: about 6 s for
//! 30,000 nested lists, over 20 s for 82 KB of nested `<b i>` tags.
//!
//! Pure: text in, HTML out; no I/O.
//!
//! # Example
//!
//! ```rust
//! let doc = designdoc_syntax::parse("# Design\n\nUse *Rust*.\n");
//! let out = designdoc_render::render(&doc);
//! assert!(out.html.contains("<em>Rust</em>"));
//! assert_eq!(out.toc[0].anchor, "design");
//! assert!(out.notices.is_empty());
//! ```
#![warn(missing_docs)]

use std::borrow::Cow;
use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use designdoc_syntax::slug::Slugger;
use designdoc_syntax::{BlockKind, Document, SegmentKind};
use pulldown_cmark::{CowStr, Event, Parser, Tag};

/// Deepest nesting rendered, as browsers cap it (containers deeper than
/// this are flattened into their parent).
pub const MAX_DEPTH: usize = 512;

/// Raw HTML (tags written in the doc) beyond this many bytes in one doc is
/// shown as text.
pub const MAX_RAW_HTML: usize = 256 * 1024;

/// Largest HTML produced for one doc; a longer rendering is cut at a block
/// boundary, with a notice.
pub const MAX_OUTPUT: usize = 16 * 1024 * 1024;

/// A rendered doc.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    /// Sanitized HTML of the body (front matter left out).
    pub html: String,
    /// The table of contents: each heading's level, anchor and text.
    pub toc: Vec<TocEntry>,
    /// What was capped, to tell the reader (empty when nothing was).
    pub notices: Vec<String>,
}

/// One heading of a rendered doc, in document order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TocEntry {
    /// Heading level, 1 to 6.
    pub level: u8,
    /// The heading's `id` in the HTML (no `#`): GitHub's slug of its text, numbered `-1`,
    /// `-2`, ... when repeated, so unique within the doc.
    pub anchor: String,
    /// The heading's title as plain text (inline markup removed).
    pub text: String,
}

/// How to render.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Options {
    /// Point relative links to `.md` files at the `.html` page a site
    /// builds for them (`0002-x.md#design` → `0002-x.html#design`).
    pub md_links_as_html: bool,
    /// Sanitize even a doc without raw HTML (see [`render_with`]); for
    /// tests that compare the two paths.
    pub always_sanitize: bool,
}

/// Renders `doc` (parsed by `designdoc_syntax::parse`).
pub fn render(doc: &Document<'_>) -> Rendered {
    render_with(doc, Options::default())
}

/// A relative link to a Markdown file, retargeted at its HTML page; `None`
/// for any other link.
pub fn md_link_as_html(dest: &str) -> Option<String> {
    if dest.starts_with(['#', '/']) || dest.contains("://") || dest.contains(':') {
        return None;
    }
    let cut = dest.find(['#', '?']).unwrap_or(dest.len());
    let (path, rest) = dest.split_at(cut);
    let stem = path
        .strip_suffix(".md")
        .or_else(|| path.strip_suffix(".markdown"))?;
    (!stem.is_empty() && !stem.ends_with('/')).then(|| format!("{stem}.html{rest}"))
}

/// Renders `doc` as [`render`] does, with `options`.
///
/// Most docs have no raw HTML but comments. For those the sanitizer is
/// skipped (it costs more than parsing and writing together): comments
/// are dropped, every link and image URL is checked as the sanitizer
/// would (http, https, mailto or relative, read as a browser reads it),
/// code-block language classes are checked, and every link gets its
/// `rel`; then everything in the output is markup pulldown-cmark's
/// writer made, with text and attributes escaped. Any doubt (a tag, an
/// odd URL or language) and the doc goes through the sanitizer.
/// `tests/render.rs` checks, over every fixture and fuzz seed, that the
/// sanitizer changes nothing in what this path produces.
pub fn render_with(doc: &Document<'_>, options: Options) -> Rendered {
    let src = doc.src;
    // As in parsing: lone CRs read as LF (same length, same offsets).
    let normalized = designdoc_syntax::text::lone_cr_as_lf(src);
    let text = normalized.as_deref().unwrap_or(src);
    let body_start = doc
        .front_matter
        .as_ref()
        .map_or(doc.bom_len, |fm| fm.span.end);
    let body = &text[body_start..];

    // The anchors designdoc checks links against, by heading start.
    let mut slugger = Slugger::default();
    let anchors: HashMap<usize, String> = doc
        .headings
        .iter()
        .map(|h| (h.span.start, slugger.slug(&h.text)))
        .collect();
    let toc = doc
        .headings
        .iter()
        .map(|h| TocEntry {
            level: h.level,
            anchor: anchors[&h.span.start].clone(),
            text: h.text.clone(),
        })
        .collect();

    let mut notices = Vec::new();
    let raw_as_text = raw_html_too_deep(doc, text, &mut notices);
    let written = Rc::new(Cell::new(0));
    let mut events = Capped {
        inner: Parser::new_ext(body, designdoc_syntax::options()).into_offset_iter(),
        offset: body_start,
        anchors: &anchors,
        raw_as_text,
        options,
        html_blocks: doc.blocks.iter().any(|b| b.kind == BlockKind::Html),
        doubtful: options.always_sanitize || doc.blocks.iter().any(|b| b.kind == BlockKind::Html),
        open: Vec::new(),
        depth: 0,
        flattened: false,
        written: written.clone(),
        cut: false,
    };
    let mut html = String::with_capacity(body.len() * 3 / 2);
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(
        Counting {
            out: &mut html,
            written,
        },
        &mut events,
    );
    if events.flattened {
        notices.push(format!(
            "Nesting deeper than {MAX_DEPTH} levels is shown flattened."
        ));
    }
    if events.cut {
        notices.push(format!(
            "The rendering stops at {} MB; the doc is longer.",
            MAX_OUTPUT / (1024 * 1024)
        ));
    }
    let html = if events.doubtful {
        sanitizer().clean(&html).to_string()
    } else {
        // No raw HTML reached the writer: every `<a` is its own.
        html.replace("<a href=\"", "<a rel=\"noopener noreferrer\" href=\"")
    };
    Rendered { html, toc, notices }
}

/// The sanitizer alone, over HTML: what [`render_with`] applies to a doc
/// with raw HTML.
pub fn sanitize(html: &str) -> String {
    sanitizer().clean(html).to_string()
}

/// True for a URL the sanitizer keeps: http, https or mailto, or
/// relative. Read as a browser reads it: surrounding spaces and controls
/// dropped, tabs and newlines inside removed, the scheme case-folded.
pub fn url_allowed(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let end = cleaned.find(['/', '?', '#']).unwrap_or(cleaned.len());
    match cleaned[..end].find(':') {
        None => !cleaned.starts_with("//") && !cleaned.starts_with("\\"),
        Some(i) => {
            let scheme = cleaned[..i].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// `<!-- … -->` with no `--` inside, so that a browser ends it where
/// CommonMark does (HTML also ends a comment at `--!>`).
fn plain_comment(h: &str) -> bool {
    h.len() >= 7 && h.starts_with("<!--") && h.ends_with("-->") && !h[4..h.len() - 3].contains("--")
}

/// A fenced code block's language as the writer puts it in a class, kept
/// by the sanitizer only in this form.
fn plain_lang(info: &str) -> bool {
    let lang = info.split(' ').next().unwrap_or("");
    lang.chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
}

/// True when the doc's raw HTML is too large or nests too deep to give to
/// the sanitizer's parser; a notice says so. The raw HTML is found in the
/// parsed model (HTML blocks and inline HTML segments), not by parsing
/// again.
fn raw_html_too_deep(doc: &Document<'_>, text: &str, notices: &mut Vec<String>) -> bool {
    let mut total = 0usize;
    let mut depth = 0isize;
    let mut deepest = 0isize;
    let fragments = doc.blocks.iter().flat_map(|b| {
        let whole = matches!(b.kind, BlockKind::Html).then(|| b.span.clone());
        let inline = b
            .segments
            .iter()
            .filter(|s| s.kind == SegmentKind::Html)
            .map(|s| s.src_start as usize..(s.src_start + s.src_len) as usize);
        whole.into_iter().chain(inline)
    });
    for range in fragments {
        let b = &text.as_bytes()[range.start.min(text.len())..range.end.min(text.len())];
        total += b.len();
        for i in memchr::memchr_iter(b'<', b) {
            match b.get(i + 1) {
                Some(b'/') => depth -= 1,
                Some(c) if c.is_ascii_alphabetic() => {
                    let self_closing = b[i..]
                        .iter()
                        .position(|&c| c == b'>')
                        .is_some_and(|end| end > 0 && b[i + end - 1] == b'/');
                    if !self_closing && !is_void(&b[i + 1..]) {
                        depth += 1;
                    }
                }
                _ => {}
            }
            deepest = deepest.max(depth);
        }
    }
    if total > MAX_RAW_HTML || deepest > MAX_DEPTH as isize {
        notices.push(format!(
            "This doc's raw HTML is shown as text: it is over {} KB or nests deeper than {MAX_DEPTH} levels.",
            MAX_RAW_HTML / 1024
        ));
        return true;
    }
    false
}

/// The HTML writer's output, with its length shared with the event stream
/// (which stops at a block boundary once the output is too large).
struct Counting<'s> {
    out: &'s mut String,
    written: Rc<Cell<usize>>,
}

impl std::fmt::Write for Counting<'_> {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.out.push_str(s);
        self.written.set(self.out.len());
        Ok(())
    }
}

/// Elements that never have content, so never nest.
fn is_void(after_lt: &[u8]) -> bool {
    const VOID: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"source", b"track", b"wbr",
    ];
    let name_len = after_lt
        .iter()
        .position(|c| !c.is_ascii_alphanumeric())
        .unwrap_or(after_lt.len());
    let name = &after_lt[..name_len];
    VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
}

/// The event stream with designdoc's anchors on headings, containers past
/// [`MAX_DEPTH`] dropped (their content kept) and, when asked, raw HTML
/// turned into text.
struct Capped<'b, I> {
    inner: I,
    offset: usize,
    anchors: &'b HashMap<usize, String>,
    raw_as_text: bool,
    options: Options,
    /// The doc has HTML blocks other than comments.
    html_blocks: bool,
    /// Something in the doc needs the sanitizer (see [`render_with`]).
    doubtful: bool,
    /// For each open tag: whether it was passed on.
    open: Vec<bool>,
    depth: usize,
    flattened: bool,
    /// Bytes of HTML written so far, and whether the stream stopped there.
    written: Rc<Cell<usize>>,
    cut: bool,
}

impl<'a, I> Iterator for Capped<'_, I>
where
    I: Iterator<Item = (Event<'a>, std::ops::Range<usize>)>,
{
    type Item = Event<'a>;

    fn next(&mut self) -> Option<Event<'a>> {
        loop {
            if self.open.is_empty() && self.written.get() > MAX_OUTPUT {
                self.cut = true;
                return None;
            }
            let (event, range) = self.inner.next()?;
            match &event {
                // Comments say nothing to a reader (the sanitizer drops
                // them too); a doc with other raw HTML is sanitized.
                Event::Html(_) if !self.raw_as_text && !self.html_blocks => continue,
                Event::InlineHtml(h) if !self.raw_as_text => {
                    if plain_comment(h) {
                        continue;
                    }
                    self.doubtful = true;
                }
                Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                    if !url_allowed(dest_url) =>
                {
                    self.doubtful = true;
                }
                Event::Start(Tag::CodeBlock(pulldown_cmark::CodeBlockKind::Fenced(info)))
                    if !plain_lang(info) =>
                {
                    self.doubtful = true;
                }
                _ => {}
            }
            return Some(match event {
                Event::Start(tag) => {
                    let keep = self.depth < MAX_DEPTH || !flattenable(&tag);
                    self.open.push(keep);
                    if !keep {
                        self.flattened = true;
                        continue;
                    }
                    self.depth += 1;
                    match tag {
                        Tag::Heading {
                            level,
                            classes,
                            attrs,
                            ..
                        } => Event::Start(Tag::Heading {
                            level,
                            id: self
                                .anchors
                                .get(&(range.start + self.offset))
                                .map(|a| CowStr::from(a.clone())),
                            classes,
                            attrs,
                        }),
                        Tag::Link {
                            link_type,
                            dest_url,
                            title,
                            id,
                        } if self.options.md_links_as_html => Event::Start(Tag::Link {
                            link_type,
                            dest_url: md_link_as_html(&dest_url).map_or(dest_url, CowStr::from),
                            title,
                            id,
                        }),
                        tag => Event::Start(tag),
                    }
                }
                Event::End(end) => {
                    if !self.open.pop().unwrap_or(true) {
                        continue;
                    }
                    self.depth = self.depth.saturating_sub(1);
                    Event::End(end)
                }
                Event::Html(h) if self.raw_as_text => Event::Text(h),
                Event::InlineHtml(h) if self.raw_as_text => Event::Text(h),
                e => e,
            });
        }
    }
}

/// Containers that can be dropped without losing text: quotes, lists,
/// items and inline emphasis or links nested absurdly deep.
fn flattenable(tag: &Tag<'_>) -> bool {
    matches!(
        tag,
        Tag::BlockQuote(_)
            | Tag::List(_)
            | Tag::Item
            | Tag::Emphasis
            | Tag::Strong
            | Tag::Strikethrough
            | Tag::Link { .. }
            | Tag::Image { .. }
            | Tag::Superscript
            | Tag::Subscript
    )
}

/// The allow list: what GitHub-flavoured Markdown produces, and the raw
/// HTML design docs use (`<details>`, `<kbd>`, `<sub>`, anchors). No
/// scripts, styles, frames, forms or event handlers; links only to http,
/// https, mailto or relative URLs, each with `rel="noopener noreferrer"`.
fn sanitizer() -> ammonia::Builder<'static> {
    let tags: HashSet<&str> = [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "code",
        "dd",
        "del",
        "details",
        "div",
        "dl",
        "dt",
        "em",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "input",
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
        "section",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "u",
        "ul",
        "var",
    ]
    .into_iter()
    .collect();
    let mut attrs: HashMap<&str, HashSet<&str>> = HashMap::new();
    let mut allow = |tag: &'static str, list: &[&'static str]| {
        attrs.insert(tag, list.iter().copied().collect());
    };
    allow("a", &["href", "title", "id", "name"]);
    allow("img", &["src", "alt", "title", "width", "height"]);
    allow("input", &["type", "checked", "disabled"]);
    allow("code", &["class"]);
    allow("ol", &["start"]);
    allow("td", &["style"]);
    allow("th", &["style"]);
    allow("div", &["class", "id"]);
    allow("sup", &["class", "id"]);
    allow("li", &["id"]);
    allow("details", &["open"]);
    for h in ["h1", "h2", "h3", "h4", "h5", "h6"] {
        allow(h, &["id"]);
    }
    let mut b = ammonia::Builder::empty();
    b.tags(tags)
        .tag_attributes(attrs)
        .url_schemes(["http", "https", "mailto"].into_iter().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .link_rel(Some("noopener noreferrer"))
        .strip_comments(true)
        .attribute_filter(keep_attribute);
    b
}

/// Attribute values allowed only in the forms the Markdown writer makes.
fn keep_attribute<'v>(element: &str, attribute: &str, value: &'v str) -> Option<Cow<'v, str>> {
    match (element, attribute) {
        // Table alignment only.
        (_, "style") => matches!(
            value,
            "text-align: left" | "text-align: center" | "text-align: right"
        )
        .then_some(Cow::Borrowed(value)),
        // Task-list boxes only, never an editable field.
        ("input", "type") => (value == "checkbox").then_some(Cow::Borrowed(value)),
        // Code language classes and footnote markers only.
        (_, "class") => {
            let ok = value.strip_prefix("language-").is_some_and(|l| {
                !l.is_empty()
                    && l.chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+' | '#'))
            }) || matches!(
                value,
                "footnote-definition" | "footnote-reference" | "footnote-definition-label"
            );
            ok.then_some(Cow::Borrowed(value))
        }
        _ => Some(Cow::Borrowed(value)),
    }
}
