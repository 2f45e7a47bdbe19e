//! Tracing requirements to code and tests: the references a source tree
//! makes to requirement ids, and the results a JUnit XML report gives
//! tests.
//!
//! A reference is `design: 0007#FR-3` in any text file but Markdown (a
//! comment, a docstring; several as `design: 0007#FR-3, 0007#FR-4`), or
//! `[0007#FR-3]` inside a test's name. The doc is named as elsewhere in
//! designdoc: its number, its id, or a path. A `design:` reference names
//! the test defined on its own line or within the three lines after it
//! (`fn`, `def`, `func`, `fun`, `void`, or `test(`/`it(`/`t.Run(` with a
//! string), so that test's result counts for the requirement. A marker
//! inside backticks is documentation quoting the syntax, not a reference.
//!
//! Scanning is one pass per file with memchr's substring search for the
//! marker and for `#`; files are walked with `ignore` (honouring
//! `.gitignore`) in parallel.
//!
//! Beside the references: [`results`] reads benchmark results (criterion,
//! hyperfine, pytest-benchmark, Go) for the docs' performance targets, and
//! [`evidence`] is `check`'s pass that judges the docs against both
//! (`[trace] check`, `[targets] results`). Docs are read through
//! `designdoc_repo`'s [`Workspace`]; source files are read directly (regular
//! files up to 4 MB), and test reports and benchmark results with
//! [`read_report_file`] (`designdoc_repo`'s refusals, a 256 MB cap). The rules
//! it raises are declared in `designdoc_lint`'s registry with the kind
//! `Evidence`.
//!
//! # Example
//!
//! [`scan`] finds the references in one text: (1-based line, doc as
//! written, id, the test named), sorted.
//!
//! ```
//! use designdoc_trace::scan;
//!
//! let src = "// design: 0007#FR-3\nfn limits() {}\n";
//! let found = scan(src, "design:");
//! assert_eq!(
//!     found,
//!     [(1, "0007".to_string(), "FR-3".to_string(), Some("limits".to_string()))]
//! );
//! ```
#![warn(missing_docs)]

pub mod evidence;
pub mod results;

use std::ops::Range;
use std::path::{Path, PathBuf};

use designdoc_repo::Workspace;
use memchr::memmem;
use rayon::prelude::*;

/// The most a test report or benchmark result may hold.
pub const REPORT_LIMIT: u64 = 256 * 1024 * 1024;

/// Reads a test report or benchmark result the way docs are read
/// (`designdoc_repo::read_doc`: no directory, FIFO or device, no binary
/// or invalid UTF-8), with [`REPORT_LIMIT`] as the cap: a FIFO at a
/// configured report path must not block the language server.
pub fn read_report_file(path: &Path) -> Result<String, designdoc_repo::ReadError> {
    designdoc_repo::read_doc(path, REPORT_LIMIT)
}

/// A reference found in a file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    /// Relative to the root, with `/`.
    pub file: String,
    /// 1-based, for what a person reads.
    pub line: usize,
    /// The byte range of that line in the file, without its line ending:
    /// what a diagnostic about the reference marks.
    pub span: Range<usize>,
    /// The doc as written (`0007`, `ADR-12`, `docs/design/0007-x.md`).
    pub doc: String,
    /// `FR-3`.
    pub id: String,
    /// The test it names: the function after a `design:` marker, or the
    /// quoted name holding `[0007#FR-3]`.
    pub test: Option<String>,
}

/// What one text holds: (line, doc, id, test).
pub fn scan(text: &str, marker: &str) -> Vec<(usize, String, String, Option<String>)> {
    let mut out = Vec::new();
    if marker.is_empty() {
        return out;
    }
    let bytes = text.as_bytes();
    let line_starts: Vec<usize> = std::iter::once(0)
        .chain(memchr::memchr_iter(b'\n', bytes).map(|i| i + 1))
        .collect();
    let line_of = |at: usize| line_starts.partition_point(|&s| s <= at);
    // `design: REF#ID, REF#ID`
    for at in memmem::find_iter(bytes, marker.as_bytes()) {
        if quoted(bytes, at) {
            continue;
        }
        let line = line_of(at);
        let end = line_starts.get(line).map_or(text.len(), |&s| s - 1);
        let rest = &text[at + marker.len()..end];
        let test = test_after(text, &line_starts, line);
        for (doc, id, _) in refs_in(rest) {
            out.push((line, doc, id, test.clone()));
        }
    }
    // `[REF#ID]` in a test's name.
    for at in memmem::find_iter(bytes, b"#") {
        let open = match bytes[..at].iter().rposition(|&c| c == b'[') {
            Some(o)
                if at - o <= 64 && !bytes[o + 1..at].iter().any(|c| c.is_ascii_whitespace()) =>
            {
                o
            }
            _ => continue,
        };
        if quoted(bytes, open) {
            continue;
        }
        let Some(close) = bytes[at..].iter().position(|&c| c == b']').map(|c| at + c) else {
            continue;
        };
        let inner = &text[open + 1..close];
        let Some((doc, id)) = split_ref(inner) else {
            continue;
        };
        // Already counted as part of a `design:` marker on this line.
        let line = line_of(at);
        if out
            .iter()
            .any(|(l, d, i, _)| *l == line && *d == doc && *i == id)
        {
            continue;
        }
        let name = quoted_around(text, open..close + 1);
        out.push((line, doc, id, name));
    }
    out.sort();
    out.dedup();
    out
}

/// The byte range of 1-based `line` (from `starts`, its text's line
/// starts), without its line ending.
fn line_span(text: &str, starts: &[usize], line: usize) -> Range<usize> {
    let start = starts.get(line - 1).copied().unwrap_or(text.len());
    let end = text[start..]
        .find(['\n', '\r'])
        .map_or(text.len(), |i| start + i);
    start..end
}

/// Whether `at` is inside a backtick quote on its line (an odd number
/// of backticks before it): documentation showing the syntax
/// (`` `// design: 0007#FR-3` ``), not a reference.
fn quoted(bytes: &[u8], at: usize) -> bool {
    let line_start = memchr::memrchr(b'\n', &bytes[..at]).map_or(0, |i| i + 1);
    memchr::memchr_iter(b'`', &bytes[line_start..at]).count() % 2 == 1
}

/// `0007#FR-3, 0007#FR-4 and prose` → the references right after the
/// marker, with their ranges; the first word that is not one ends them
/// (so prose later on the line is never read as a reference).
fn refs_in(s: &str) -> Vec<(String, String, Range<usize>)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in s.char_indices().chain(std::iter::once((s.len(), ' '))) {
        let part = c.is_ascii_alphanumeric() || "#-_./".contains(c);
        match (start, part) {
            (None, true) => start = Some(i),
            (None, false) if c == ',' || c.is_whitespace() => {}
            (None, false) => break,
            (Some(st), false) => {
                match split_ref(&s[st..i]) {
                    Some((doc, id)) => out.push((doc, id, st..i)),
                    None => break,
                }
                start = None;
            }
            _ => {}
        }
    }
    out
}

/// `0007#FR-3` → (`0007`, `FR-3`) when the id is well formed.
fn split_ref(s: &str) -> Option<(String, String)> {
    let s = s.trim_end_matches(['.', ',']);
    let (doc, id) = s.split_once('#')?;
    let (prefix, n) = id.split_once('-')?;
    let ok = !doc.is_empty()
        && designdoc_schema::is_id_prefix(prefix)
        && !n.is_empty()
        && n.chars().all(|c| c.is_ascii_digit())
        && !n.starts_with('0');
    ok.then(|| (doc.to_string(), id.to_string()))
}

/// The test defined within three lines after line `line` (1-based).
fn test_after(text: &str, line_starts: &[usize], line: usize) -> Option<String> {
    // Up to the last line, which ends the text when no line ending does.
    for l in line..(line + 4).min(line_starts.len() + 1) {
        let start = line_starts[l - 1];
        let end = line_starts.get(l).map_or(text.len(), |&s| s);
        let t = text[start..end].trim();
        // Rust, Python, Go, Kotlin, and Java/C#/C++ (`void name(`).
        for kw in ["fn ", "def ", "func ", "fun ", "void "] {
            if let Some(i) = t.find(kw)
                && (i == 0 || !t.as_bytes()[i - 1].is_ascii_alphanumeric())
            {
                let rest = t[i + kw.len()..].trim_start();
                // Kotlin's `fun \`reloads limits\`()`.
                let name: String = match rest.strip_prefix('`') {
                    Some(q) => q.split('`').next().unwrap_or("").to_string(),
                    None => rest
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect(),
                };
                if !name.is_empty() {
                    return Some(name);
                }
            }
        }
        for call in ["test(", "it(", "t.Run("] {
            if let Some(i) = t.find(call)
                && let Some(name) = first_quoted(&t[i + call.len()..])
            {
                return Some(name);
            }
        }
    }
    None
}

fn first_quoted(s: &str) -> Option<String> {
    let s = s.trim_start();
    let q = s.chars().next().filter(|c| matches!(c, '"' | '\'' | '`'))?;
    let rest = &s[1..];
    rest.find(q).map(|e| rest[..e].to_string())
}

/// The quoted string around `range` on its line, if it is inside one.
fn quoted_around(text: &str, range: Range<usize>) -> Option<String> {
    let line_start = text[..range.start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[range.end..]
        .find('\n')
        .map_or(text.len(), |i| range.end + i);
    let before = &text[line_start..range.start];
    let after = &text[range.end..line_end];
    for q in ['"', '\'', '`'] {
        if let (Some(o), Some(c)) = (before.rfind(q), after.find(q)) {
            return Some(text[line_start + o + 1..range.end + c].to_string());
        }
    }
    None
}

/// What starts a reference in code: `design: 0007#FR-3`.
pub const DEFAULT_MARKER: &str = "design:";

/// Files larger than this are not searched (generated data, not code).
const MAX_SCAN: u64 = 4 * 1024 * 1024;

/// Every reference under `root` (honouring `.gitignore`, skipping binary
/// files, files over 4 MB, `.md` files and `skip`, the docs themselves).
/// `skip_dirs` are folders not entered; `exclude` holds globs (gitignore
/// syntax, relative to `root`) of files not searched; a bad glob is an
/// error.
pub fn scan_tree(
    root: &Path,
    marker: &str,
    skip: &[PathBuf],
    skip_dirs: &[PathBuf],
    exclude: &[String],
) -> Result<Vec<Reference>, String> {
    let skip_dirs: Vec<PathBuf> = skip_dirs
        .iter()
        .map(|d| std::fs::canonicalize(d).unwrap_or_else(|_| d.clone()))
        .collect();
    let mut overrides = ignore::overrides::OverrideBuilder::new(root);
    for g in exclude {
        overrides
            .add(&format!("!{g}"))
            .map_err(|e| format!("[trace] exclude {g:?}: {e}"))?;
    }
    let overrides = overrides.build().map_err(|e| e.to_string())?;
    let files: Vec<PathBuf> = ignore::WalkBuilder::new(root)
        .overrides(overrides)
        .filter_entry(move |e| {
            !(e.file_type().is_some_and(|t| t.is_dir())
                && skip_dirs.iter().any(|d| {
                    e.path() == d || std::fs::canonicalize(e.path()).is_ok_and(|p| p == *d)
                }))
        })
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .filter(|e| e.metadata().is_ok_and(|m| m.len() <= MAX_SCAN))
        .map(|e| e.into_path())
        // Markdown is where requirements are written and explained, not
        // where code cites them.
        .filter(|p| !skip.contains(p) && p.extension().is_none_or(|x| x != "md"))
        .collect();
    let finder = memmem::Finder::new(marker.as_bytes());
    let mut out: Vec<Reference> = files
        .par_iter()
        .flat_map_iter(|path| {
            let Ok(bytes) = std::fs::read(path) else {
                return Vec::new();
            };
            let head = &bytes[..bytes.len().min(8192)];
            // Binary, or neither marker form anywhere: nothing to parse.
            if memchr::memchr(0, head).is_some()
                || (finder.find(&bytes).is_none() && memchr::memchr(b'[', &bytes).is_none())
            {
                return Vec::new();
            }
            let Ok(text) = std::str::from_utf8(&bytes) else {
                return Vec::new();
            };
            let file = designdoc_repo::relative_path(path, root);
            let found = scan(text, marker);
            // Lines as `scan` counts them (ended by `\n`).
            let starts: Vec<usize> = std::iter::once(0)
                .chain(memchr::memchr_iter(b'\n', bytes.as_slice()).map(|i| i + 1))
                .collect();
            found
                .into_iter()
                .map(|(line, doc, id, test)| Reference {
                    file: file.clone(),
                    line,
                    span: line_span(text, &starts, line),
                    doc,
                    id,
                    test,
                })
                .collect()
        })
        .collect();
    out.sort_by(|a, b| (&a.file, a.line, &a.id).cmp(&(&b.file, b.line, &b.id)));
    Ok(out)
}

/// A test's outcome, from a JUnit XML report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// No `<failure>`, `<error>` or `<skipped>` inside the test case.
    Passed,
    /// A `<failure>` or `<error>` inside it (whether or not skipped too).
    Failed,
    /// A `<skipped>` inside it, and no `<failure>` or `<error>`.
    Skipped,
}

/// One `<testcase>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TestResult {
    /// The `name` attribute, unescaped (`tests::reloads`); empty when
    /// absent.
    pub name: String,
    /// The `classname` attribute, unescaped; empty when absent.
    pub classname: String,
    /// What its child elements say happened.
    pub outcome: Outcome,
}

impl TestResult {
    /// Whether this is the test a reference names: the same name, or a
    /// name ending in it after `::`, `.` or `/` (nextest's `module::test`,
    /// pytest's `Class.test`, Go's `Test/sub`), or one holding the
    /// bracketed reference itself.
    pub fn is(&self, test: &str) -> bool {
        self.name == test
            || self.name.contains(test) && test.contains('[')
            || ["::", ".", "/"]
                .iter()
                .any(|sep| self.name.ends_with(&format!("{sep}{test}")))
    }
}

/// The test cases of a JUnit XML report (cargo-nextest, pytest
/// `--junitxml`, Maven Surefire, go-junit-report).
pub fn read_junit(xml: &str) -> Result<Vec<TestResult>, String> {
    use quick_xml::events::Event;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut out = Vec::new();
    let mut current: Option<TestResult> = None;
    loop {
        let event = reader
            .read_event()
            .map_err(|e| format!("at byte {}: {e}", reader.error_position()))?;
        match event {
            Event::Start(e) | Event::Empty(e) if e.name().as_ref() == b"testcase" => {
                if let Some(t) = current.take() {
                    out.push(t);
                }
                let mut t = TestResult {
                    name: String::new(),
                    classname: String::new(),
                    outcome: Outcome::Passed,
                };
                for a in e.attributes().flatten() {
                    let v = a.unescape_value().map_err(|e| e.to_string())?.into_owned();
                    match a.key.as_ref() {
                        b"name" => t.name = v,
                        b"classname" => t.classname = v,
                        _ => {}
                    }
                }
                current = Some(t);
            }
            Event::Start(e) | Event::Empty(e) => {
                if let Some(t) = current.as_mut() {
                    match e.name().as_ref() {
                        b"failure" | b"error" => t.outcome = Outcome::Failed,
                        b"skipped" if t.outcome == Outcome::Passed => t.outcome = Outcome::Skipped,
                        _ => {}
                    }
                }
            }
            Event::End(e) if e.name().as_ref() == b"testcase" => {
                if let Some(t) = current.take() {
                    out.push(t);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if let Some(t) = current.take() {
        out.push(t);
    }
    Ok(out)
}

/// A requirement's verdict, named as in text and JSON output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    /// Its tests ran and passed.
    Passing,
    /// One of its tests failed.
    Failing,
    /// No test of it ran (none cites it, or none of those ran).
    Untested,
}

impl Verdict {
    /// Its lowercase name (`passing`, `failing`, `untested`), the same as
    /// its JSON form.
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::Passing => "passing",
            Verdict::Failing => "failing",
            Verdict::Untested => "untested",
        }
    }
}

/// A requirement as tracing sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Req {
    /// The doc's label: its number as four digits (`0007`), else its id,
    /// else its path.
    pub doc: String,
    /// The doc's path, relative to the repository root, with `/`.
    pub path: String,
    /// 1-based line in the doc.
    pub line: usize,
    /// The requirement's line in the doc's text.
    pub span: Range<usize>,
    /// `FR-3`.
    pub id: String,
    /// The item's plain text after the id.
    pub text: String,
    /// Whether its task box is ticked (`- [x]`); `None` when the item is
    /// not a task item.
    pub ticked: Option<bool>,
}

/// A requirement with what cites it and how its tests went.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Traced<'a> {
    /// The requirement.
    pub req: &'a Req,
    /// The references that cite it (same id, doc spelling naming its
    /// doc), in the order they were given; empty when nothing cites it.
    pub references: Vec<&'a Reference>,
    /// The test results matching ([`TestResult::is`]) the tests those
    /// references name, each once, in the order first found.
    pub tests: Vec<&'a TestResult>,
    /// From `tests`, skipped ones ignored: failing if any failed, else
    /// passing if any passed, else untested.
    pub verdict: Verdict,
}

/// A reference to a doc or requirement that does not exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dangling<'a> {
    /// The reference that names nothing.
    pub reference: &'a Reference,
    /// Why, for a person: `0007 has no requirement FR-9` when the doc
    /// exists, else `no doc is named 0099`.
    pub reason: String,
}

/// Verdicts for `reqs`, given the references found and the test results
/// read. `names(doc_label_or_path, spec)` says whether a reference's doc
/// spelling names a doc (by number, id or path).
pub fn verdicts<'a>(
    reqs: &'a [Req],
    refs: &'a [Reference],
    results: &'a [TestResult],
    names: impl Fn(&Req, &str) -> bool,
    doc_exists: impl Fn(&str) -> bool,
) -> (Vec<Traced<'a>>, Vec<Dangling<'a>>) {
    let mut traced: Vec<Traced<'a>> = reqs
        .iter()
        .map(|req| Traced {
            req,
            references: Vec::new(),
            tests: Vec::new(),
            verdict: Verdict::Untested,
        })
        .collect();
    let mut dangling = Vec::new();
    for r in refs {
        let mut found = false;
        for t in traced.iter_mut() {
            if t.req.id == r.id && names(t.req, &r.doc) {
                t.references.push(r);
                found = true;
            }
        }
        if !found {
            let reason = if doc_exists(&r.doc) {
                format!("{} has no requirement {}", r.doc, r.id)
            } else {
                format!("no doc is named {}", r.doc)
            };
            dangling.push(Dangling {
                reference: r,
                reason,
            });
        }
    }
    for t in traced.iter_mut() {
        for r in &t.references {
            let Some(test) = &r.test else { continue };
            for res in results.iter().filter(|res| res.is(test)) {
                if !t.tests.contains(&res) {
                    t.tests.push(res);
                }
            }
        }
        let ran: Vec<Outcome> = t
            .tests
            .iter()
            .map(|r| r.outcome)
            .filter(|o| *o != Outcome::Skipped)
            .collect();
        t.verdict = if ran.contains(&Outcome::Failed) {
            Verdict::Failing
        } else if ran.contains(&Outcome::Passed) {
            Verdict::Passing
        } else {
            Verdict::Untested
        };
    }
    (traced, dangling)
}

/// Whether a requirement lacks evidence: no test cites it, or reports were
/// read and none of its tests ran. (Without reports, a cited requirement
/// is given the benefit of the doubt.)
pub fn unverified(t: &Traced<'_>, reports_read: bool) -> bool {
    t.references.is_empty() || (reports_read && t.verdict == Verdict::Untested)
}

/// A doc whose status no longer matches its requirements' verdicts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Drift {
    /// The doc's path, relative to the repository root, with `/`
    /// (its requirements' [`Req::path`]).
    pub path: String,
    /// The doc's label (`0007`), as in [`Req::doc`].
    pub doc: String,
    /// The doc's status as `status_of` gave it: `accepted` or
    /// `implemented`, the only statuses that can drift.
    pub status: String,
    /// `implemented` for an accepted doc whose requirements all pass;
    /// none for an implemented doc that fails or lacks tests.
    pub suggested: Option<&'static str>,
    /// One line for a person: the status, why it no longer fits, and for
    /// an accepted doc the `designdoc status` command that fixes it.
    pub message: String,
}

/// Status drift: an `accepted` doc whose requirements all pass is probably
/// `implemented`; an `implemented` doc with a failing or untested
/// requirement is not. `status_of(path)` gives a doc's status.
pub fn drift(
    traced: &[Traced<'_>],
    reports_read: bool,
    status_of: &dyn Fn(&str) -> Option<String>,
) -> Vec<Drift> {
    let mut by_doc: Vec<(&str, Vec<&Traced<'_>>)> = Vec::new();
    for t in traced {
        match by_doc.iter_mut().find(|(p, _)| *p == t.req.path) {
            Some((_, v)) => v.push(t),
            None => by_doc.push((&t.req.path, vec![t])),
        }
    }
    let mut out = Vec::new();
    for (path, reqs) in by_doc {
        let Some(status) = status_of(path) else {
            continue;
        };
        let doc = reqs[0].req.doc.clone();
        let (suggested, message) = match status.as_str() {
            "accepted" if reqs.iter().all(|t| t.verdict == Verdict::Passing) => (
                Some("implemented"),
                format!(
                    "status is accepted, but all {} requirement{} pass their tests: probably implemented (designdoc status {doc} implemented)",
                    reqs.len(),
                    if reqs.len() == 1 { "" } else { "s" },
                ),
            ),
            "implemented" => {
                let bad: Vec<String> = reqs
                    .iter()
                    .filter_map(|t| {
                        if t.verdict == Verdict::Failing {
                            Some(format!("{} fails", t.req.id))
                        } else if unverified(t, reports_read) {
                            Some(format!("{} is untested", t.req.id))
                        } else {
                            None
                        }
                    })
                    .collect();
                if bad.is_empty() {
                    continue;
                }
                (
                    None,
                    format!("status is implemented, but {}", bad.join(", ")),
                )
            }
            _ => continue,
        };
        out.push(Drift {
            path: path.to_string(),
            doc,
            status,
            suggested,
            message,
        });
    }
    out
}

/// What the docs promise: their requirements with ids and their
/// performance targets, read in one pass.
#[derive(Default)]
pub struct DocEvidence {
    /// The requirements with a well-formed id, doc by doc in the order the
    /// docs were given, each doc's in the order they are written.
    pub reqs: Vec<Req>,
    /// Requirements without a well-formed id (not traceable).
    pub without_id: usize,
    /// The docs' performance targets, doc by doc like `reqs`.
    pub targets: Vec<crate::results::DocTarget>,
}

/// What tracing reads from a workspace: its requirements, the
/// references to them, and test results.
pub struct Gathered {
    /// The requirements with a well-formed id, as [`DocEvidence::reqs`]
    /// gave them.
    pub reqs: Vec<Req>,
    /// Requirements without a well-formed id (not traceable).
    pub without_id: usize,
    /// The references found in the tree (no `.md` file searched, nor the
    /// site's output folder), sorted by file, line and id.
    pub refs: Vec<Reference>,
    /// The test cases of every JUnit report read, in report order; empty
    /// when no report was given or configured and present.
    pub results: Vec<TestResult>,
}

/// The requirements and targets of `docs`: each read and parsed once,
/// in parallel, its headings matched once for both.
pub fn doc_evidence(ws: &Workspace, docs: &[designdoc_repo::catalog::DocInfo]) -> DocEvidence {
    let per_doc: Vec<DocEvidence> = docs
        .par_iter()
        .map(|d| {
            let mut e = DocEvidence::default();
            let Ok(text) = designdoc_repo::read_doc(&d.abs_path, ws.config.max_file_size) else {
                return e;
            };
            let Ok(schema) = ws.schema_for(&d.abs_path, &text) else {
                return e;
            };
            let doc = designdoc_syntax::parse(&text);
            let m = schema.match_headings(&doc);
            let lines = designdoc_syntax::LineIndex::new(&text);
            for r in designdoc_lint::requirements::requirements(&doc, &schema, &m) {
                let Some(id) = r.id.as_ref().filter(|i| i.well_formed) else {
                    e.without_id += 1;
                    continue;
                };
                e.reqs.push(Req {
                    doc: d.label(),
                    path: d.path.clone(),
                    line: lines.line_of(r.line.start) + 1,
                    span: r.line.clone(),
                    id: id.text.clone(),
                    text: r.text,
                    ticked: r.ticked,
                });
            }
            for t in designdoc_lint::targets::targets_of(&doc, &schema, &m) {
                e.targets.push(crate::results::DocTarget {
                    doc: d.label(),
                    path: d.path.clone(),
                    line: lines.line_of(t.span.start) + 1,
                    target: t,
                });
            }
            e
        })
        .collect();
    let mut all = DocEvidence::default();
    for e in per_doc {
        all.reqs.extend(e.reqs);
        all.without_id += e.without_id;
        all.targets.extend(e.targets);
    }
    all
}

/// Every reference to a requirement in the tree, as `[trace]`
/// configures (marker, exclude); `docs` and every other `.md` file are
/// not searched, nor the site's output folder (`[site] out-dir`, and
/// `out_dir` when given), whose pages quote the docs.
pub fn references(
    ws: &Workspace,
    docs: &[PathBuf],
    out_dir: Option<&Path>,
) -> Result<Vec<Reference>, String> {
    let marker = ws.config.trace.marker.as_deref().unwrap_or(DEFAULT_MARKER);
    let mut skip_dirs = vec![
        ws.root
            .join(ws.config.site.out_dir.as_deref().unwrap_or("site")),
    ];
    skip_dirs.extend(out_dir.map(Path::to_path_buf));
    scan_tree(&ws.root, marker, docs, &skip_dirs, &ws.config.trace.exclude)
}

/// The test results of `given` JUnit reports (paths as the user gave
/// them, from `cwd`), or else of `[trace] junit`'s, of which missing
/// ones are skipped. An unreadable or malformed report is an error
/// naming it.
pub fn test_results(
    ws: &Workspace,
    given: &[PathBuf],
    cwd: &Path,
) -> Result<Vec<TestResult>, String> {
    let configured: Vec<PathBuf>;
    let paths: &[PathBuf] = if given.is_empty() {
        configured = ws
            .config
            .trace
            .junit
            .iter()
            .map(|j| ws.root.join(j))
            .filter(|p| p.exists())
            .collect();
        &configured
    } else {
        given
    };
    let mut results = Vec::new();
    for j in paths {
        let path = cwd.join(j);
        let shown = designdoc_repo::display_path(&path, cwd);
        let xml = read_report_file(&path).map_err(|e| format!("{shown}: {e}"))?;
        results.extend(read_junit(&xml).map_err(|e| format!("{shown}: not JUnit XML: {e}"))?);
    }
    Ok(results)
}

/// Requirements (from `reqs`), references and test results, as
/// `designdoc trace` and `check`'s tracing read them.
pub fn gather(
    ws: &Workspace,
    reqs: DocEvidence,
    doc_files: &[PathBuf],
    junit: &[PathBuf],
    cwd: &Path,
) -> Result<Gathered, String> {
    let results = test_results(ws, junit, cwd)?;
    let refs = references(ws, doc_files, None)?;
    Ok(Gathered {
        reqs: reqs.reqs,
        without_id: reqs.without_id,
        refs,
        results,
    })
}

/// [`verdicts`] with docs named as designdoc names them (number, id,
/// path).
pub fn verdicts_in<'a>(
    g: &'a Gathered,
    docs: &[designdoc_repo::catalog::DocInfo],
) -> (Vec<Traced<'a>>, Vec<Dangling<'a>>) {
    let by_path = |path: &str| docs.iter().find(|d| d.path == path);
    verdicts(
        &g.reqs,
        &g.refs,
        &g.results,
        |req, spec| by_path(&req.path).is_some_and(|d| d.is_named_by(spec)),
        |spec| docs.iter().any(|d| d.is_named_by(spec)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markers_and_bracketed_names_are_references() {
        let src = "// design: 0007#FR-3, 0007#FR-4\n#[test]\nfn over_quota_gets_429() {}\n\n# design: ADR-2#NFR-1 the p99 bound\ndef test_p99():\n    pass\n\nit(\"reloads limits [0007#FR-5]\", () => {})\n// design: 0007#fr-3 is not an id; [see #3] is not one either\nlet x = v[i#j];\n/// Cite as `design: 0007#FR-8` or `[0007#FR-8]` in a name, or (`// design: 0007#FR-8`).\n";
        let got = scan(src, "design:");
        assert_eq!(
            got,
            [
                (
                    1,
                    "0007".into(),
                    "FR-3".into(),
                    Some("over_quota_gets_429".into())
                ),
                (
                    1,
                    "0007".into(),
                    "FR-4".into(),
                    Some("over_quota_gets_429".into())
                ),
                (5, "ADR-2".into(), "NFR-1".into(), Some("test_p99".into())),
                (
                    9,
                    "0007".into(),
                    "FR-5".into(),
                    Some("reloads limits [0007#FR-5]".into())
                ),
            ]
        );
    }

    #[test]
    fn a_references_span_is_its_line_without_the_line_ending() {
        let t = "a\r\nbb\nccc";
        let starts = [0, 3, 6];
        assert_eq!(&t[super::line_span(t, &starts, 1)], "a");
        assert_eq!(&t[super::line_span(t, &starts, 2)], "bb");
        assert_eq!(&t[super::line_span(t, &starts, 3)], "ccc");
    }

    /// A test on the file's last line, with no line ending after it, is
    /// the test the marker above it names.
    #[test]
    fn a_test_on_the_last_line_without_a_newline_is_named() {
        let found = scan("// design: 0007#FR-1\nfn limits() {}", "design:");
        assert_eq!(found[0].3.as_deref(), Some("limits"));
    }

    #[test]
    fn java_and_kotlin_tests_are_named_too() {
        let src = "// design: 0007#FR-1\n@Test\npublic void overQuotaIsRefused() {}\n\n// design: 0007#FR-2\n@Test fun `reloads limits`() {}\n// design: 0007#FR-3\n@Test\nfun reloads() {}\n";
        let tests: Vec<Option<String>> = scan(src, "design:").into_iter().map(|r| r.3).collect();
        assert_eq!(
            tests,
            [
                Some("overQuotaIsRefused".to_string()),
                Some("reloads limits".to_string()),
                Some("reloads".to_string())
            ]
        );
    }

    /// Maven Surefire (one `<testsuite>` root, `<error>`, `<skipped/>`
    /// with a message, system-out) and go-junit-report (subtests as
    /// `Test/sub`, classname the package).
    #[test]
    fn surefire_and_go_junit_report_flavours() {
        let surefire = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuite xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" name="com.example.LimiterTest" time="0.05" tests="3" errors="1" skipped="1" failures="0">
  <properties><property name="java.version" value="21"/></properties>
  <testcase name="overQuotaIsRefused" classname="com.example.LimiterTest" time="0.01"/>
  <testcase name="reloads" classname="com.example.LimiterTest" time="0.02">
    <error message="boom" type="java.lang.IllegalStateException"><![CDATA[at com.example.Limiter.reload]]></error>
    <system-out><![CDATA[reloading]]></system-out>
  </testcase>
  <testcase name="later" classname="com.example.LimiterTest" time="0"><skipped message="not yet"/></testcase>
</testsuite>"#;
        let r = read_junit(surefire).unwrap();
        let got: Vec<(&str, Outcome)> = r.iter().map(|t| (t.name.as_str(), t.outcome)).collect();
        assert_eq!(
            got,
            [
                ("overQuotaIsRefused", Outcome::Passed),
                ("reloads", Outcome::Failed),
                ("later", Outcome::Skipped)
            ]
        );
        let go = r#"<testsuites tests="2" failures="1"><testsuite name="example.com/limiter" tests="2" failures="1"><testcase classname="limiter" name="TestAcquire/over_quota" time="0.000"></testcase><testcase classname="limiter" name="TestReload" time="0.000"><failure message="Failed" type="">limiter_test.go:12: no</failure></testcase></testsuite></testsuites>"#;
        let r = read_junit(go).unwrap();
        assert!(r[0].is("over_quota") && r[0].outcome == Outcome::Passed);
        assert!(r[1].is("TestReload") && r[1].outcome == Outcome::Failed);
    }

    #[test]
    fn junit_reports_give_each_test_its_outcome() {
        let xml = r#"<?xml version="1.0" encoding="UTF-8"?>
<testsuites name="nextest-run" tests="3" failures="1">
  <testsuite name="limiter" tests="3">
    <testcase name="tests::over_quota_gets_429" classname="limiter" time="0.01"/>
    <testcase name="tests::reloads" classname="limiter"><failure message="assertion failed">boom &amp; bust</failure></testcase>
    <testcase name="tests::later" classname="limiter"><skipped/></testcase>
  </testsuite>
</testsuites>"#;
        let r = read_junit(xml).unwrap();
        let got: Vec<(&str, Outcome)> = r.iter().map(|t| (t.name.as_str(), t.outcome)).collect();
        assert_eq!(
            got,
            [
                ("tests::over_quota_gets_429", Outcome::Passed),
                ("tests::reloads", Outcome::Failed),
                ("tests::later", Outcome::Skipped),
            ]
        );
        assert!(r[0].is("over_quota_gets_429"));
        assert!(!r[0].is("quota_gets_429"));
        assert!(read_junit("<testsuite><testcase name='x'>").is_ok());
        assert!(read_junit("<testsuite><testcase name='x' <").is_err());
    }

    #[test]
    fn verdicts_follow_the_tests_that_cite_each_requirement() {
        let req = |id: &str| Req {
            doc: "0007".into(),
            path: "docs/design/0007-x.md".into(),
            line: 1,
            span: 0..0,
            id: id.into(),
            text: String::new(),
            ticked: None,
        };
        let reqs = vec![req("FR-1"), req("FR-2"), req("FR-3"), req("FR-4")];
        let r = |id: &str, doc: &str, test: Option<&str>| Reference {
            file: "src/lib.rs".into(),
            line: 1,
            span: 0..0,
            doc: doc.into(),
            id: id.into(),
            test: test.map(str::to_string),
        };
        let refs = vec![
            r("FR-1", "7", Some("passes")),
            r("FR-2", "0007", Some("passes")),
            r("FR-2", "0007", Some("fails")),
            r("FR-3", "0007", Some("never_ran")),
            r("FR-9", "0007", None),
            r("FR-1", "0099", None),
        ];
        let res = |name: &str, outcome| TestResult {
            name: format!("tests::{name}"),
            classname: "x".into(),
            outcome,
        };
        let results = vec![
            res("passes", Outcome::Passed),
            res("fails", Outcome::Failed),
        ];
        let (traced, dangling) = verdicts(
            &reqs,
            &refs,
            &results,
            |req, spec| spec.trim_start_matches('0') == req.doc.trim_start_matches('0'),
            |spec| spec.trim_start_matches('0') == "7",
        );
        let got: Vec<(&str, Verdict)> = traced
            .iter()
            .map(|t| (t.req.id.as_str(), t.verdict))
            .collect();
        assert_eq!(
            got,
            [
                ("FR-1", Verdict::Passing),
                ("FR-2", Verdict::Failing),
                ("FR-3", Verdict::Untested),
                ("FR-4", Verdict::Untested),
            ]
        );
        let reasons: Vec<&str> = dangling.iter().map(|d| d.reason.as_str()).collect();
        assert_eq!(
            reasons,
            ["0007 has no requirement FR-9", "no doc is named 0099"]
        );
    }
}
