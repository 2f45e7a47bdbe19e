//! One doc as the site shows it, computed in the same pass that checks it.

use std::ops::Range;
use std::path::PathBuf;

use designdoc_lint::{Diagnostic, GlossaryTerm};
use designdoc_render::TocEntry;
use designdoc_repo::catalog::DocInfo;
use designdoc_syntax::LineIndex;
use serde::Serialize;

/// A doc's page and what the indexes need of it.
pub struct SiteDoc {
    /// Absolute path of the Markdown file.
    pub path: PathBuf,
    /// What it says about itself (number, id, title, status, authors,
    /// dates, tags; path relative to the repository root), with authors
    /// and dates it leaves out taken from git history.
    pub info: DocInfo,
    /// The page, relative to the site root (`docs/design/0001-x.html`).
    pub url: String,
    /// Hash of the file's text, to tell whether it changed.
    pub text_hash: u64,
    /// The rendered body, sanitized, front matter left out, relative links
    /// to `.md` files pointed at their `.html` pages; empty when the doc
    /// was not checked (unreadable, its template not loaded, or a panic
    /// caught on it).
    pub html: String,
    /// The table of contents: each heading's level, anchor and text, in
    /// document order.
    pub toc: Vec<TocEntry>,
    /// What rendering capped (nesting flattened, raw HTML shown as text,
    /// output cut short), told at the top of the page; usually empty.
    pub notices: Vec<String>,
    /// The entries of the section its template marks as the glossary
    /// (empty when there is none), for the site's merged glossary.
    pub glossary: Vec<GlossaryTerm>,
    /// Each heading's section (heading start to section end) and anchor,
    /// to place diagnostics next to the section they concern.
    pub sections: Vec<(Range<usize>, String)>,
    /// Line starts of `source`, to turn diagnostics' byte offsets into
    /// lines and columns.
    pub lines: LineIndex,
    /// The text checked and rendered, which the diagnostics' byte ranges
    /// index (empty when the file could not be read).
    pub source: String,
    /// Diagnostics of the doc's own rules.
    pub own: Vec<Diagnostic>,
    /// Diagnostics of the repository rules (links between docs, numbers).
    pub repo_diags: Vec<Diagnostic>,
    /// The baseline's entries for this doc: its findings they match are
    /// shown as accepted, and not counted.
    pub baseline: Vec<designdoc_lint::baseline::Entry>,
    /// What the repository rules and the relations graph read of it
    /// (number, id, status, references, links, anchors); `None` when it
    /// could not be read or its template could not be loaded.
    pub repo: Option<designdoc_lint::repo::RepoDoc>,
    /// Why the doc could not be read or parsed: shown on its page.
    pub failure: Option<String>,
    /// Its HTML has a `mermaid` code block: the page loads the Mermaid
    /// script.
    pub mermaid: bool,
    /// Its HTML has a code block (`<pre>`): the page loads the syntax
    /// highlighter.
    pub code: bool,
    /// The start of its text, for the file-system search fallback.
    pub excerpt: String,
    /// Its requirements (top-level list items of the sections its template
    /// says hold requirements), in document order, for the traceability
    /// matrix.
    pub requirements: Vec<designdoc_lint::requirements::Requirement>,
    /// Its performance targets, for the targets dashboard.
    pub targets: Vec<designdoc_lint::targets::Target>,
}

/// A diagnostic as a page shows it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, Hash)]
pub struct PageDiag {
    /// Line of its start, 1-based.
    pub line: usize,
    /// Column of its start, 1-based, in characters (Unicode scalar values).
    pub column: usize,
    /// The rule's stable code (`DD101`).
    pub code: &'static str,
    /// The rule's kebab-case name (`missing-section`), also its anchor on
    /// `rules.html`.
    pub name: &'static str,
    /// `"error"`, `"warning"` or `"info"`.
    pub severity: &'static str,
    /// The message, control characters and bidirectional overrides made
    /// harmless ([`designdoc_syntax::text::visible`]).
    pub message: String,
    /// The rule's note under the message (the template's guidance, say),
    /// made harmless the same way.
    pub help: Option<String>,
    /// The baseline accepts it: shown as such, not counted.
    pub baselined: bool,
    /// The anchor of the section it concerns (`None`: the doc as a whole).
    pub anchor: Option<String>,
    /// Shown before that section's heading rather than after it: a
    /// section missing just before it.
    pub before: bool,
}

impl SiteDoc {
    /// Every diagnostic, sorted by position, with line, column and section.
    pub fn diagnostics(&self) -> Vec<PageDiag> {
        let mut all: Vec<&Diagnostic> = self.own.iter().chain(&self.repo_diags).collect();
        all.sort_by_key(|d| (d.range.start, d.range.end, d.rule.code));
        let accepted = self.accepted(&all);
        all.into_iter()
            .zip(accepted)
            .map(|(d, baselined)| {
                let at = d.range.start.min(self.source.len());
                let pos = self.lines.position(&self.source, at);
                // A missing section is reported where it belongs: before
                // the heading it should precede.
                let before = d.rule.name == "missing-section"
                    && self.sections.iter().any(|(r, _)| r.start == at);
                // Else the innermost section holding the start (sections
                // nest, and come in document order); the end of the text
                // belongs to the last one.
                let len = self.source.len();
                let anchor = if d.range == (0..0) {
                    None
                } else if before {
                    self.sections
                        .iter()
                        .find(|(r, _)| r.start == at)
                        .map(|(_, a)| a.clone())
                } else {
                    self.sections
                        .iter()
                        .rev()
                        .find(|(r, _)| r.start <= at && (at < r.end || (at == len && r.end == len)))
                        .map(|(_, a)| a.clone())
                };
                PageDiag {
                    // Position is 1-based already.
                    line: pos.line,
                    column: pos.column,
                    code: d.rule.code,
                    name: d.rule.name,
                    severity: d.severity.as_str(),
                    message: designdoc_syntax::text::visible(&d.message).into_owned(),
                    help: d
                        .help
                        .as_deref()
                        .map(|h| designdoc_syntax::text::visible(h).into_owned()),
                    baselined,
                    anchor,
                    before,
                }
            })
            .collect()
    }

    /// How many errors and warnings its own and the repository rules
    /// found.
    pub fn counts(&self) -> (usize, usize) {
        let (mut errors, mut warnings) = (0, 0);
        let all: Vec<&Diagnostic> = self.own.iter().chain(&self.repo_diags).collect();
        let accepted = self.accepted(&all);
        for (x, _) in all.iter().zip(accepted).filter(|(_, a)| !a) {
            match x.severity {
                designdoc_lint::Severity::Error => errors += 1,
                designdoc_lint::Severity::Warning => warnings += 1,
                designdoc_lint::Severity::Info => {}
            }
        }
        (errors, warnings)
    }
}

impl SiteDoc {
    /// Which of `all` the baseline accepts.
    fn accepted(&self, all: &[&Diagnostic]) -> Vec<bool> {
        let Some(first) = self.baseline.first() else {
            return vec![false; all.len()];
        };
        designdoc_lint::baseline::Baseline::new(self.baseline.clone()).accepted_in(
            &first.path,
            &self.source,
            all,
        )
    }
}

/// The page URL of a doc at `rel` (relative to the repository root):
/// the same path with `.html`.
pub fn page_url(rel: &str) -> String {
    let stem = rel
        .strip_suffix(".md")
        .or_else(|| rel.strip_suffix(".markdown"))
        .unwrap_or(rel);
    // Paths outside the root (`../x.md`) stay inside the site.
    let parts: Vec<&str> = stem
        .split('/')
        .filter(|p| !p.is_empty() && *p != "." && *p != "..")
        .collect();
    format!("{}.html", parts.join("/"))
}

/// The path from page `from` back to the site root (`../../`).
pub fn root_of(url: &str) -> String {
    "../".repeat(url.matches('/').count())
}
