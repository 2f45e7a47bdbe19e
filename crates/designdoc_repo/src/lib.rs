//! designdoc's workspace layer: a collection of docs on disk (with
//! `designdoc_trace`, `designdoc_adopt` and the site's output, the library
//! code that touches the file system). It finds `designdoc.toml`, walks the configured doc paths,
//! reads files defensively (size cap, binary and encoding checks), checks
//! them in parallel, and writes fixed files atomically.
//!
//! # Example
//!
//! What `designdoc check` does, in short: [`Workspace::discover`] finds
//! `designdoc.toml` in the directory or above it (defaults when there is
//! none), [`collect`] lists the docs its `paths` globs select, sorted,
//! [`Workspace::run`] checks each in parallel and
//! [`Workspace::check_repository`] adds the rules across docs.
//!
//! ```no_run
//! use designdoc_repo::{Mode, Workspace, collect};
//!
//! let cwd = std::env::current_dir().expect("a working directory");
//! let ws = Workspace::discover(&cwd).expect("a valid designdoc.toml");
//! let files = collect(&ws.root, &ws.config.paths, &[]);
//! let mut outcomes = ws.run(&files, &cwd, Mode::Check);
//! ws.check_repository(&mut outcomes);
//! for o in &outcomes {
//!     for d in &o.diagnostics {
//!         println!("{}: {} {}", o.display, d.rule.name, d.message);
//!     }
//! }
//! ```
#![warn(missing_docs)]

pub mod baseline;
pub mod catalog;
mod clock;
pub use clock::today;
pub mod config;
mod files;
pub mod frontmatter;
pub mod git;
pub mod graph;
mod graph_svg;
pub mod index;
pub mod lifecycle;
mod lifecycle_ops;
pub mod migrate;
pub mod semdiff;
mod spill;
pub mod templates;
mod walk;

pub use config::{Config, ConfigError, SiteConfig};
pub use files::{ReadError, create_new, read_doc, write_atomic, write_new_or_replace, write_pair};
pub use lifecycle_ops::Moved;
pub use walk::{
    DocMatcher, collect, display_path, is_index_file as walk_is_index, is_template_file,
    literal_prefix, markdown_files,
};

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use designdoc_lint::rules::unknown_template::RULE as UNKNOWN_TEMPLATE;
use designdoc_lint::rules::unreadable_file::RULE as UNREADABLE;
use designdoc_lint::{Diagnostic, Settings};
use designdoc_schema::Schema;
use rayon::prelude::*;
pub use spill::{SPILL_OVER, Spilled};
pub use templates::{TemplateError, TemplateSource};

/// Doc path (normalised) → its anchors that other docs link to.
type LinkedAnchors = HashMap<PathBuf, std::collections::HashSet<String>>;

/// A loaded configuration and the templates it selects.
pub struct Workspace {
    /// The directory holding `designdoc.toml` (or the working directory).
    pub root: PathBuf,
    /// The configuration read from `root`'s `designdoc.toml`, or the
    /// defaults when none was found.
    pub config: Config,
    /// The default template's schema (with the `[checklist]` mapping), or
    /// the one `--template` forces on every doc.
    pub schema: Arc<Schema>,
    /// Set by `--template`: every doc uses `schema`, whatever its front
    /// matter or path says.
    forced: bool,
    /// `--unsafe-fixes`: fixing applies the suggested fixes too.
    pub unsafe_fixes: bool,
    /// The anchors every configured doc links to, once a fixing run read
    /// them: the repository pass after it says the same of what is safe.
    linked: std::sync::OnceLock<LinkedAnchors>,
    /// Schemas loaded so far, by source; a failed load is remembered too.
    cache: Mutex<HashMap<TemplateSource, Result<Arc<Schema>, TemplateError>>>,
    /// Set by [`Workspace::spill_findings_over`]: where a `Check` run puts
    /// docs' own findings past the limit until output.
    spill: Option<Arc<spill::Spill>>,
}

/// One file's result.
pub struct FileOutcome {
    /// The file, exactly as passed to [`Workspace::run`] (not normalised).
    pub path: PathBuf,
    /// The path as printed: relative to the working directory when inside it.
    pub display: String,
    /// The text read (empty when it could not be read, and after a
    /// `Mode::Check` run until [`Workspace::reload`] gives it back).
    pub source: String,
    /// The findings to report, with byte ranges into the text checked (the
    /// fixed text when fixing); when the file could not be checked, the one
    /// diagnostic that says why. [`Workspace::check_repository`] adds the
    /// repository rules' findings and sorts all by range, then rule code.
    pub diagnostics: Vec<Diagnostic>,
    /// Findings the baseline accepts ([`Workspace::apply_baseline`]): not
    /// reported as new, shown as baselined where an output can.
    pub baselined: Vec<Diagnostic>,
    /// The file could not be read (an I/O-class failure, exit code 2).
    pub unreadable: bool,
    /// With fixing: what was done.
    pub fix: Option<FixReport>,
    /// What the repository rules need of this doc (none when unreadable).
    pub repo: Option<designdoc_lint::repo::RepoDoc>,
    /// The hash of the text checked, to tell whether the file changed
    /// before it is read again for output.
    pub hash: u64,
    /// Where this doc's own findings went, when the run put them on disk
    /// ([`Workspace::spill_findings_over`]): `diagnostics` then holds only
    /// those of later passes until [`FileOutcome::restore`].
    pub spilled: Option<Spilled>,
}

impl FileOutcome {
    /// A file that could not be checked (unreadable, unwritable, or a bug
    /// hit on it): its one diagnostic, nothing else.
    fn failed(path: &Path, display: String, source: String, d: Diagnostic) -> Self {
        FileOutcome {
            path: path.to_path_buf(),
            display,
            source,
            diagnostics: vec![d],
            baselined: Vec::new(),
            unreadable: true,
            fix: None,
            repo: None,
            hash: 0,
            spilled: None,
        }
    }

    /// Brings back the doc's own findings from disk, if the run put them
    /// there, merged with the later passes' in the order a run that kept
    /// them would have given (by range, then rule code). Every reader of
    /// a doc's whole findings calls it first; [`Workspace::reload`] does.
    /// If they cannot be read back, the doc says so as an unreadable file
    /// does: findings are never dropped unsaid.
    pub fn restore(&mut self) {
        let Some(spilled) = self.spilled.take() else {
            return;
        };
        match spilled.read() {
            Ok(mut own) => {
                own.append(&mut self.diagnostics);
                sort_findings(&mut own);
                self.diagnostics = own;
            }
            Err(e) => {
                self.unreadable = true;
                self.diagnostics.insert(
                    0,
                    Diagnostic::new(
                        &UNREADABLE,
                        0..0,
                        format!("designdoc could not read back this doc's findings from its temporary file: {e}"),
                    ),
                );
            }
        }
    }
}

/// The order of a doc's findings in every output: by range, then rule
/// code (stable: one rule's findings at one range keep theirs).
fn sort_findings(diagnostics: &mut [Diagnostic]) {
    diagnostics.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code).cmp(&(b.range.start, b.range.end, b.rule.code))
    });
}

/// A fast, non-cryptographic hash of a file's text, eight bytes a step
/// (std offers only SipHash, several times slower on 20 KB docs; it only
/// has to notice that a file changed between check and output).
pub fn text_hash(text: &str) -> u64 {
    bytes_hash(text.as_bytes())
}

/// [`text_hash`] over bytes: whether a file (a doc, a site page) changed.
pub fn bytes_hash(bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (bytes.len() as u64).wrapping_mul(K);
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes(c.try_into().expect("eight bytes"));
        h = (h ^ v).wrapping_mul(K).rotate_left(29);
    }
    let mut tail = [0u8; 8];
    tail[..chunks.remainder().len()].copy_from_slice(chunks.remainder());
    h = (h ^ u64::from_le_bytes(tail)).wrapping_mul(K);
    h ^ (h >> 32)
}

/// What fixing did to one file.
pub struct FixReport {
    /// The text before fixing (`FileOutcome::source` holds the fixed text).
    pub original: String,
    /// How many fixes were applied, over all passes; 0 when they did not
    /// settle. In `Preview` mode they are counted, not written.
    pub applied: usize,
    /// What was applied, for `--show-fixes`.
    pub fixes: Vec<designdoc_lint::fix::Applied>,
    /// Fixes refused because they would change the doc beyond their own
    /// edits, each as `rule-name: description (reason)`.
    pub refused: Vec<String>,
    /// False when the fixes did not settle and nothing was applied.
    pub settled: bool,
}

/// What [`Workspace::run`] does with each file besides checking it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Check only: no fixes computed, nothing written. The texts are not
    /// kept: [`FileOutcome::source`] stays empty until [`Workspace::reload`]
    /// reads back a file with findings.
    Check,
    /// Compute fixes and report what remains; do not write.
    Preview,
    /// Apply fixes in place.
    Fix,
}

impl Workspace {
    /// Finds and loads the configuration from `cwd` upwards, and the
    /// default template and every template `[path-templates]` names (so
    /// that a broken one fails the run at once, not doc by doc).
    pub fn discover(cwd: &Path) -> Result<Workspace, ConfigError> {
        let (root, config) = match config::find(cwd) {
            Some(path) => {
                let root = path.parent().unwrap_or(cwd).to_path_buf();
                (root, Config::load(&path)?)
            }
            None => (cwd.to_path_buf(), Config::default()),
        };
        let mut ws = Workspace {
            // Replaced below, once the default template is loaded.
            schema: Arc::new(Schema::empty("none")),
            root,
            config,
            forced: false,
            unsafe_fixes: false,
            linked: std::sync::OnceLock::new(),
            cache: Mutex::new(HashMap::new()),
            spill: None,
        };
        let default = ws.config.template.clone();
        let mut schema = ws
            .load_named(&default, &ws.root.clone())
            .map_err(|e| ws.config_error(format!("template: {e}")))?;
        ws.config.apply_checklist(Arc::make_mut(&mut schema))?;
        ws.schema = schema;
        let names: Vec<String> = ws
            .config
            .path_templates
            .iter()
            .map(|(_, _, n)| n.clone())
            .collect();
        for name in names {
            ws.load_named(&name, &ws.root.clone())
                .map_err(|e| ws.config_error(format!("path-templates: {e}")))?;
        }
        Ok(ws)
    }

    fn config_error(&self, message: String) -> ConfigError {
        ConfigError {
            path: self.config.path.clone(),
            line: None,
            column: None,
            message,
        }
    }

    /// Uses one template for every doc (`--template`): a built-in name, a
    /// `[templates]` name, or a path relative to the working directory.
    pub fn use_template(&mut self, name: &str, cwd: &Path) -> Result<(), TemplateError> {
        self.schema = self.load_named(name, cwd)?;
        self.forced = true;
        Ok(())
    }

    /// The schema for a template name; paths are relative to `base`.
    pub fn load_named(&self, name: &str, base: &Path) -> Result<Arc<Schema>, TemplateError> {
        let source = templates::resolve(name, &self.config, &self.root, base)?;
        let mut cache = self.cache.lock().unwrap_or_else(|p| p.into_inner());
        cache
            .entry(source.clone())
            .or_insert_with(|| templates::load(&source, self.config.max_file_size).map(Arc::new))
            .clone()
    }

    /// The template a doc uses: `--template` if given, else its front
    /// matter's `template:` (paths relative to the doc), else the first
    /// `[path-templates]` glob that matches it, else the default. An
    /// unknown template is an `unknown-template` diagnostic.
    pub fn schema_for(&self, path: &Path, source: &str) -> Result<Arc<Schema>, Diagnostic> {
        if self.forced {
            return Ok(self.schema.clone());
        }
        // Reading YAML costs more than the Markdown pass: only when the
        // front matter mentions a template at all.
        if let Some(fm) = designdoc_syntax::scan_front_matter(source)
            && memchr::memmem::find(source[fm.body.clone()].as_bytes(), b"template").is_some()
        {
            let meta = designdoc_syntax::parse_meta(source, &fm);
            if let Some(e) = &meta.error {
                return Err(Diagnostic::new(
                    &UNKNOWN_TEMPLATE,
                    e.offset..e.offset,
                    format!(
                        "front matter is not valid YAML ({}), so its template cannot be read",
                        e.message
                    ),
                ));
            }
            if let Some(entry) = meta.get("template")
                && let Some(name) = entry.value.as_str()
            {
                if name == self.config.template {
                    return Ok(self.schema.clone());
                }
                let base = path.parent().unwrap_or(Path::new("."));
                return self.load_named(name, base).map_err(|e| {
                    Diagnostic::new(&UNKNOWN_TEMPLATE, entry.value_span.clone(), e.0)
                });
            }
        }
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        match self.config.template_for_path(rel) {
            Some(name) if name != self.config.template => self
                .load_named(name, &self.root)
                .map_err(|e| Diagnostic::new(&UNKNOWN_TEMPLATE, 0..0, e.0)),
            _ => Ok(self.schema.clone()),
        }
    }

    /// Past `limit` findings held by a run, a `Check` run of this
    /// workspace puts each further doc's own findings in a temporary file
    /// until output ([`FileOutcome::restore`]): memory then follows the
    /// docs, not their findings ([`SPILL_OVER`] is `check`'s limit).
    pub fn spill_findings_over(&mut self, limit: usize) {
        self.spill = Some(Arc::new(spill::Spill::new(limit)));
    }

    /// Checks (and in `Fix`/`Preview` mode fixes) the files, in parallel;
    /// results come back in the order given.
    pub fn run(&self, paths: &[PathBuf], cwd: &Path, mode: Mode) -> Vec<FileOutcome> {
        // Fixing must know which headings other docs link to: renaming
        // one of those is not a safe fix.
        let none = LinkedAnchors::new();
        let linked = if mode == Mode::Check {
            &none
        } else {
            self.linked.get_or_init(|| self.linked_anchors(paths))
        };
        paths
            .par_iter()
            .map(|p| self.run_one(p, cwd, mode, linked, &|_: &Visit<'_>| ()).0)
            .collect()
    }

    /// The anchors of the doc at `path` that the configured docs link to:
    /// what [`designdoc_lint::fix::FixOptions::linked_anchors`] wants for
    /// fixing it alone (an agent's or an editor's fix).
    pub fn anchors_linked_to(&self, path: &Path) -> std::collections::HashSet<String> {
        self.linked_anchors(&[])
            .remove(&designdoc_lint::repo::normalize(path))
            .unwrap_or_default()
    }

    /// The anchors of each doc that the configured docs and `paths` link
    /// to (one parse each, no rules): a run over some docs (a pre-commit
    /// hook passes the changed ones) must not break the others' links.
    fn linked_anchors(&self, paths: &[PathBuf]) -> LinkedAnchors {
        let mut all = collect(&self.root, &self.config.paths, &[]);
        all.extend(paths.iter().cloned());
        all.sort();
        all.dedup();
        designdoc_lint::repo::linked_anchors(&self.summaries(&all))
    }

    /// The repository rules' summary of each of `paths` (one parse each, in
    /// parallel, no rules); a file that cannot be read is left out.
    fn summaries(&self, paths: &[PathBuf]) -> Vec<designdoc_lint::repo::RepoDoc> {
        paths
            .par_iter()
            .filter_map(|p| {
                let text = self.read_doc(p).ok()?;
                std::panic::catch_unwind(|| {
                    designdoc_lint::repo::RepoDoc::new(p, &designdoc_syntax::parse(&text))
                })
                .ok()
            })
            .collect()
    }

    /// Checks the files as [`Workspace::run`] does (in `Check` mode) and
    /// calls `visit` on each parsed doc in the same pass, so that another
    /// output (the site) reads each file and parses it once. `None` for a
    /// file that could not be read or parsed, or on which `visit` panicked.
    pub fn run_visit<T: Send>(
        &self,
        paths: &[PathBuf],
        cwd: &Path,
        visit: &(dyn Fn(&Visit<'_>) -> T + Sync),
    ) -> Vec<(FileOutcome, Option<T>)> {
        paths
            .par_iter()
            .map(|p| self.run_one(p, cwd, Mode::Check, &LinkedAnchors::new(), visit))
            .collect()
    }

    /// Runs the repository rules over the outcomes of [`Workspace::run`]
    /// and adds their diagnostics to the files they concern (re-reading a
    /// file whose text was dropped because it was clean).
    pub fn check_repository(&self, outcomes: &mut [FileOutcome]) {
        self.check_repository_with(outcomes, Vec::new());
    }

    /// [`Workspace::check_repository`] for a run over some of the
    /// configured docs (the files a pre-commit hook passes): the other
    /// configured docs are read as context (one parse each, no rules), so
    /// that `depends-on: 7` or a link to a doc that was not passed still
    /// resolves. Findings go only to the files checked.
    pub fn check_repository_among_configured(&self, outcomes: &mut [FileOutcome]) {
        let checked: std::collections::HashSet<PathBuf> = outcomes
            .iter()
            .map(|o| designdoc_lint::repo::normalize(&o.path))
            .collect();
        let others: Vec<PathBuf> = collect(&self.root, &self.config.paths, &[])
            .into_iter()
            .filter(|p| !checked.contains(&designdoc_lint::repo::normalize(p)))
            .collect();
        let context = self.summaries(&others);
        self.check_repository_with(outcomes, context);
    }

    fn check_repository_with(
        &self,
        outcomes: &mut [FileOutcome],
        context: Vec<designdoc_lint::repo::RepoDoc>,
    ) {
        let index: Vec<usize> = (0..outcomes.len())
            .filter(|&i| outcomes[i].repo.is_some())
            .collect();
        let mut docs: Vec<designdoc_lint::repo::RepoDoc> = index
            .iter()
            .map(|&i| outcomes[i].repo.take().expect("filtered"))
            .collect();
        let checked = docs.len();
        docs.extend(context);
        let found = designdoc_lint::repo::check_repo(&docs, &|p: &Path| p.exists(), &|i| {
            let path = index.get(i).map_or(&docs[i].path, |&o| &outcomes[o].path);
            self.settings_for(path, docs[i].status())
        });
        for (i, d) in found {
            // Findings about a context doc are not this run's to report.
            if i < checked {
                outcomes[index[i]].diagnostics.push(d);
            }
        }
        // A rename of a heading another doc links to is not a safe fix
        // (every configured doc's links, when a fixing run read them).
        let linked = designdoc_lint::repo::linked_anchors(&docs);
        docs.truncate(checked);
        for (k, doc) in docs.iter().enumerate() {
            let o = &mut outcomes[index[k]];
            for map in [Some(&linked), self.linked.get()].into_iter().flatten() {
                if let Some(anchors) = map.get(&doc.path) {
                    // Only a safe fix renaming a heading can be demoted:
                    // a doc whose spilled findings have none stays there.
                    if o.spilled.as_ref().is_some_and(|s| s.anchored) {
                        o.restore();
                    }
                    designdoc_lint::fix::demote_linked(&mut o.diagnostics, anchors);
                }
            }
        }
        for o in outcomes.iter_mut() {
            sort_findings(&mut o.diagnostics);
        }
        for (k, d) in docs.into_iter().enumerate() {
            outcomes[index[k]].repo = Some(d);
        }
    }

    /// Gives an outcome with diagnostics its text back for output. A file
    /// that changed since it was checked is checked again (its
    /// repository diagnostics are kept when they still fit its text).
    pub fn reload(&self, o: &mut FileOutcome, cwd: &Path) {
        o.restore();
        // A doc whose findings could not be read back from disk is marked
        // unreadable, but its text is there to show the others' against.
        if !o.source.is_empty()
            || (o.diagnostics.is_empty() && o.baselined.is_empty())
            || (o.unreadable && o.repo.is_none())
        {
            return;
        }
        match self.read_doc(&o.path) {
            Ok(text) if text_hash(&text) == o.hash => o.source = text,
            _ => {
                let keep: Vec<Diagnostic> = o
                    .diagnostics
                    .drain(..)
                    .filter(|d| d.rule.across_docs())
                    .collect();
                let mut again = self
                    .run_one(
                        &o.path,
                        cwd,
                        Mode::Check,
                        &LinkedAnchors::new(),
                        &|_: &Visit<'_>| (),
                    )
                    .0;
                self.reload(&mut again, cwd);
                let len = again.source.len();
                again
                    .diagnostics
                    .extend(keep.into_iter().filter(|d| d.range.end <= len));
                again.repo = o.repo.take();
                again.baselined = std::mem::take(&mut o.baselined);
                again.baselined.retain(|d| d.range.end <= len);
                *o = again;
            }
        }
    }

    /// `check --branches`: each doc whose number another branch gives to a
    /// different file in the same folder gets a `number-taken-on-branch`
    /// diagnostic.
    pub fn check_branches(&self, outcomes: &mut [FileOutcome]) {
        use designdoc_lint::rules::number_taken_on_branch::RULE;
        debug_assert!(matches!(RULE.kind, designdoc_lint::Kind::Branches));
        let mut by_dir: HashMap<PathBuf, std::collections::BTreeMap<u32, Vec<(String, String)>>> =
            HashMap::new();
        for o in outcomes.iter_mut() {
            let Some(repo) = &o.repo else { continue };
            let (Some(n), Some(dir), Some(name)) = (
                repo.number,
                o.path.parent(),
                o.path.file_name().and_then(|n| n.to_str()),
            ) else {
                continue;
            };
            let numbers = by_dir
                .entry(dir.to_path_buf())
                .or_insert_with(|| git::branch_numbers(dir));
            let mut elsewhere: Vec<String> = numbers
                .get(&n)
                .into_iter()
                .flatten()
                .filter(|(_, f)| f != name)
                .map(|(b, f)| format!("on branch {b} by {f}"))
                .collect();
            elsewhere.dedup();
            if elsewhere.is_empty() {
                continue;
            }
            let settings = self.settings_for(&o.path, repo.status());
            let Some(severity) = settings.severity(&RULE) else {
                continue;
            };
            let mut d = Diagnostic::new(
                &RULE,
                repo.number_span.clone(),
                format!("number {n:04} is also taken {}", elsewhere.join(", ")),
            );
            d.severity = severity;
            // First, as a run that kept the doc's findings puts it.
            o.restore();
            o.diagnostics.insert(0, d);
        }
    }

    /// Drops the findings a doc's suppression comments cover, from
    /// whichever pass they came (the doc's own pass already dropped its
    /// own): call after the evidence and branch checks.
    pub fn apply_suppressions(&self, outcomes: &mut [FileOutcome]) {
        for o in outcomes.iter_mut() {
            if let Some(repo) = &o.repo
                && !repo.suppressions.is_empty()
            {
                o.diagnostics.retain(|d| !repo.suppressions.suppresses(d));
            }
        }
    }

    /// A doc's rule severities, by its path and its status.
    pub fn settings_for(&self, path: &Path, status: Option<&str>) -> Settings {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        self.config.settings_for(rel, status)
    }

    /// Checks (and fixes) one file. A panic inside is caught here: that
    /// file gets a `parse-failure` diagnostic naming the bug, nothing is
    /// written, and the other files are checked.
    fn run_one<T>(
        &self,
        path: &Path,
        cwd: &Path,
        mode: Mode,
        linked: &LinkedAnchors,
        visit: &(dyn Fn(&Visit<'_>) -> T + Sync),
    ) -> (FileOutcome, Option<T>) {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            self.run_one_unguarded(path, cwd, mode, linked, visit)
        }))
        .unwrap_or_else(|payload| {
            let d = bug_diagnostic(payload.as_ref());
            let o = FileOutcome::failed(path, display_path(path, cwd), String::new(), d);
            (o, None)
        })
    }

    fn run_one_unguarded<T>(
        &self,
        path: &Path,
        cwd: &Path,
        mode: Mode,
        linked: &LinkedAnchors,
        visit: &(dyn Fn(&Visit<'_>) -> T + Sync),
    ) -> (FileOutcome, Option<T>) {
        let display = display_path(path, cwd);
        let source = match self.read_doc(path) {
            Ok(s) => s,
            Err(e) => {
                let d = Diagnostic::new(&UNREADABLE, 0..0, e.to_string());
                return (FileOutcome::failed(path, display, String::new(), d), None);
            }
        };
        let settings = self.settings_for(path, frontmatter::status_of(&source));
        let schema = match self.schema_for(path, &source) {
            Ok(s) => s,
            Err(d) => {
                let o = FileOutcome {
                    path: path.to_path_buf(),
                    display,
                    source,
                    diagnostics: vec![d],
                    baselined: Vec::new(),
                    unreadable: false,
                    fix: None,
                    repo: None,
                    hash: 0,
                    spilled: None,
                };
                return (o, None);
            }
        };
        let mut fix = None;
        let mut text = source;
        if mode != Mode::Check {
            let options = designdoc_lint::fix::FixOptions {
                unsafe_fixes: self.unsafe_fixes,
                linked_anchors: linked
                    .get(&designdoc_lint::repo::normalize(path))
                    .cloned()
                    .unwrap_or_default(),
            };
            let outcome = designdoc_lint::fix::fix_with(&text, &schema, &settings, &options);
            if mode == Mode::Fix
                && outcome.applied > 0
                && outcome.text != text
                && let Err(e) = write_atomic(path, &outcome.text, &text)
            {
                let d =
                    Diagnostic::new(&UNREADABLE, 0..0, format!("could not write the fixes: {e}"));
                return (FileOutcome::failed(path, display, text, d), None);
            }
            let original = std::mem::replace(&mut text, outcome.text);
            fix = Some(FixReport {
                original,
                applied: outcome.applied,
                fixes: outcome.fixes,
                refused: outcome.refused,
                settled: outcome.settled,
            });
        }
        let doc = designdoc_syntax::parse(&text);
        let (mut diagnostics, repo) =
            designdoc_lint::check_for_repo(path, &doc, &schema, &settings);
        // Held until every doc is checked: no spare capacity, or on disk.
        let spilled = match &self.spill {
            Some(spill) if fix.is_none() => spill.keep_or_spill(&mut diagnostics),
            _ => None,
        };
        diagnostics.shrink_to_fit();
        let visited = visit(&Visit {
            path,
            text: &text,
            doc: &doc,
            schema: &schema,
        });
        drop(doc);
        let hash = text_hash(&text);
        if fix.is_none() {
            // Checking thousands of docs: do not hold their text. Output
            // reads a file again only if it has something to show
            // ([`Workspace::reload`]), and knows it by its hash.
            text = String::new();
        }
        let o = FileOutcome {
            path: path.to_path_buf(),
            display,
            source: text,
            diagnostics,
            baselined: Vec::new(),
            unreadable: false,
            fix,
            repo: Some(repo),
            hash,
            spilled,
        };
        (o, Some(visited))
    }
}

impl Workspace {
    /// Reads the doc (or template) at `path` the one way every reader
    /// does: the configured size cap, and no directory, FIFO, device,
    /// UTF-16, binary or invalid UTF-8 (see [`read_doc`]).
    pub fn read_doc(&self, path: &Path) -> Result<String, ReadError> {
        read_doc(path, self.config.max_file_size)
    }
}

impl Workspace {
    /// Checks `text` as the doc at `path` (which need not exist: an
    /// editor's unsaved buffer), with the rules, template and severities
    /// `check` would use for that path. Returns the diagnostics and what
    /// the repository rules need of the doc (none when its template could
    /// not be loaded). A panic in a rule comes back as one diagnostic.
    pub fn check_text(
        &self,
        path: &Path,
        text: &str,
    ) -> (Vec<Diagnostic>, Option<designdoc_lint::repo::RepoDoc>) {
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let settings = self.settings_for(path, frontmatter::status_of(text));
            let schema = match self.schema_for(path, text) {
                Ok(s) => s,
                Err(d) => return (vec![d], None),
            };
            let doc = designdoc_syntax::parse(text);
            let (diagnostics, repo) =
                designdoc_lint::check_for_repo(path, &doc, &schema, &settings);
            (diagnostics, Some(repo))
        }))
        .unwrap_or_else(|payload| (vec![bug_diagnostic(payload.as_ref())], None))
    }
}

impl Workspace {
    /// The text `check --fix` would make of `text` as the doc at `path`
    /// (not written anywhere), with only the rules `only` names when it is
    /// given (each at its configured severity: a rule turned off stays
    /// off), with the fixes `options` allows; none when its template
    /// cannot be loaded.
    pub fn fix_text(
        &self,
        path: &Path,
        text: &str,
        only: Option<&[&str]>,
        options: &designdoc_lint::fix::FixOptions,
    ) -> Option<designdoc_lint::fix::FixOutcome> {
        let mut settings = self.settings_for(path, frontmatter::status_of(text));
        if let Some(only) = only {
            for rule in designdoc_lint::RULES {
                if !only.contains(&rule.name) {
                    settings.severities.insert(rule.name, None);
                }
            }
        }
        let schema = self.schema_for(path, text).ok()?;
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            designdoc_lint::fix::fix_with(text, &schema, &settings, options)
        }))
        .ok()
    }
}

/// What a panic caught on one file becomes: one diagnostic on it.
fn bug_diagnostic(payload: &(dyn std::any::Any + Send)) -> Diagnostic {
    let msg = designdoc_syntax::panic_message(payload);
    Diagnostic::new(
        &designdoc_lint::rules::parse_failure::RULE,
        0..0,
        format!("designdoc failed on this file ({msg}); this is a bug, please report it"),
    )
}

/// A parsed doc, as [`Workspace::run_visit`] shows it.
pub struct Visit<'v> {
    /// The file, as passed to [`Workspace::run_visit`].
    pub path: &'v Path,
    /// The doc's whole text, as read (never fixed: visiting runs in `Check`
    /// mode).
    pub text: &'v str,
    /// `text` parsed; its spans are byte offsets into `text`.
    pub doc: &'v designdoc_syntax::Document<'v>,
    /// The template it was checked against.
    pub schema: &'v Schema,
}

impl Workspace {
    /// What the repository knows of each doc, in parallel, sorted by
    /// number (docs without one last, by path). Fields a doc does not set
    /// come from git history when the doc is in a git work tree.
    pub fn catalog(&self, files: &[PathBuf]) -> (Vec<catalog::DocInfo>, Vec<(String, String)>) {
        self.catalog_with(files, true)
    }

    /// [`Workspace::catalog`], reading git history for the authors and
    /// dates the docs leave out only when `history` is set (one `git log`:
    /// most of the time when a doc is only being looked up).
    pub fn catalog_with(
        &self,
        files: &[PathBuf],
        history: bool,
    ) -> (Vec<catalog::DocInfo>, Vec<(String, String)>) {
        let results: Vec<Result<catalog::DocInfo, (String, String)>> = files
            .par_iter()
            .map(|path| {
                let rel = self.rel_path(path);
                match self.read_doc(path) {
                    Ok(source) => Ok(catalog::doc_info(path, &rel, &source)),
                    Err(e) => Err((rel, e.to_string())),
                }
            })
            .collect();
        let mut docs = Vec::with_capacity(results.len());
        let mut errors = Vec::new();
        for r in results {
            match r {
                Ok(d) => docs.push(d),
                Err(e) => errors.push(e),
            }
        }
        if history
            && docs
                .iter()
                .any(|d| d.authors.is_empty() || d.created.is_none() || d.updated.is_none())
        {
            let history = catalog::git_history(&self.root);
            for d in &mut docs {
                catalog::fill_from_history(d, &history);
            }
        }
        docs.sort_by(catalog::DocInfo::listing_order);
        (docs, errors)
    }

    /// A path relative to the root, with `/`.
    pub fn rel_path(&self, path: &Path) -> String {
        let rel = path.strip_prefix(&self.root).unwrap_or(path);
        rel.to_string_lossy().replace('\\', "/")
    }
}

/// One file's `migrate` result.
pub struct MigrateOutcome {
    /// The path as printed: relative to the working directory when inside
    /// it, with `/`.
    pub display: String,
    /// The text before.
    pub original: String,
    /// What migrating did, or why the file was not migrated.
    pub result: Result<migrate::Migration, String>,
}

impl Workspace {
    /// Migrates the files to template `to` (relative paths from `cwd`);
    /// with `write`, changed files are replaced atomically.
    pub fn migrate(
        &self,
        paths: &[PathBuf],
        cwd: &Path,
        to: &str,
        write: bool,
    ) -> Result<Vec<MigrateOutcome>, TemplateError> {
        let new = self.load_named(to, cwd)?;
        Ok(paths
            .par_iter()
            .map(|path| {
                let display = display_path(path, cwd);
                let original = match self.read_doc(path) {
                    Ok(s) => s,
                    Err(e) => {
                        return MigrateOutcome {
                            display,
                            original: String::new(),
                            result: Err(e.to_string()),
                        };
                    }
                };
                let old = match self.schema_for(path, &original) {
                    Ok(s) => s,
                    Err(d) => {
                        return MigrateOutcome {
                            display,
                            original,
                            result: Err(d.message),
                        };
                    }
                };
                let m = migrate::migrate(&original, &old, &new, to);
                let result = if write && m.text != original {
                    write_atomic(path, &m.text, &original)
                        .map(|()| m)
                        .map_err(|e| format!("could not write: {e}"))
                } else {
                    Ok(m)
                };
                MigrateOutcome {
                    display,
                    original,
                    result,
                }
            })
            .collect())
    }
}

impl Workspace {
    /// Where `new` puts docs: the folder of the first configured glob.
    pub fn docs_dir(&self) -> PathBuf {
        self.root.join(literal_prefix(
            self.config.paths.first().map_or("docs/design", |s| s),
        ))
    }

    /// `designdoc new`: writes `dir/NNNN-slug.md` from the workspace's
    /// template (or `template`, recorded in the front matter when it is
    /// not the configured one), with the next number that neither this
    /// folder nor another git branch uses, and the git user as author.
    /// Never replaces a file: a number taken meanwhile moves to the next.
    pub fn create_doc(
        &self,
        title: &str,
        template: Option<&str>,
        dir: &Path,
        cwd: &Path,
        today: &str,
    ) -> std::io::Result<PathBuf> {
        std::fs::create_dir_all(dir)?;
        let author = git::user_name(&self.root);
        // A number no branch uses yet: two branches that each take "the
        // next number" would merge into two docs with one number.
        let taken_on_branches = git::branch_numbers(dir).keys().max().map_or(1, |m| m + 1);
        // A doc made from a template other than the default says so, so
        // that `check` picks the same template for it.
        let recorded = template.filter(|t| *t != self.config.template).map(|t| {
            if templates::looks_like_path(t) && !self.config.templates.contains_key(t) {
                // Front matter paths are relative to the doc.
                relative_path(&cwd.join(t), dir)
            } else {
                t.to_string()
            }
        });
        let text = scaffold(
            &self.schema,
            title,
            author.as_deref(),
            today,
            recorded.as_deref(),
        );
        let slug = slugify(title);
        for _ in 0..1000 {
            let number = next_number(dir)?.max(taken_on_branches);
            let path = dir.join(format!("{number:04}-{slug}.md"));
            match create_new(&path, &text) {
                Ok(()) => return Ok(path),
                // Another writer took this number: take the next one.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => {
                    return Err(std::io::Error::new(
                        e.kind(),
                        format!("{}: {e}", path.display()),
                    ));
                }
            }
        }
        Err(std::io::Error::other("could not find a free doc number"))
    }
}

/// The text of a new doc: YAML front matter (`title`, `status: draft`,
/// `authors`, `created`, then `template` when `template_name` is given,
/// then the keys of the template's own front matter) and the template
/// with its title filled in.
pub fn scaffold(
    schema: &Schema,
    title: &str,
    author: Option<&str>,
    date: &str,
    template_name: Option<&str>,
) -> String {
    let md = &schema.markdown;
    let doc = designdoc_syntax::parse(md);
    let nl = doc.line_ending.as_str();
    // A JSON string is a valid YAML double-quoted scalar.
    let quoted = |s: &str| format!("{s:?}").replace("\\'", "'");
    let mut out = format!("---{nl}title: {}{nl}status: draft{nl}", quoted(title));
    match author {
        Some(a) => out.push_str(&format!("authors:{nl}  - {}{nl}", quoted(a))),
        None => out.push_str(&format!("authors: []{nl}")),
    }
    out.push_str(&format!("created: {date}{nl}"));
    let mut ours = vec!["title", "status", "authors", "created"];
    if let Some(t) = template_name {
        out.push_str(&format!("template: {}{nl}", quoted(t)));
        ours.push("template");
    }
    if let Some(fm) = &doc.front_matter {
        // The template's other keys, as written (comments included).
        let mut skipping = false;
        for line in md[fm.body.clone()].lines() {
            let top = !line.starts_with([' ', '\t', '-']);
            if top {
                let key = line.split(':').next().unwrap_or("").trim();
                skipping = ours.contains(&key);
            }
            if !skipping {
                out.push_str(line);
                out.push_str(nl);
            }
        }
    }
    out.push_str(&format!("---{nl}"));
    let body_start = doc.body_start();
    match (&schema.title, doc.headings.first()) {
        (Some(t), Some(h)) if h.level == t.level => {
            let filled = if t.prefix.is_empty() {
                title.to_string()
            } else {
                format!("{} {title}", t.prefix)
            };
            out.push_str(&md[body_start..h.text_span.start]);
            out.push_str(&filled);
            out.push_str(&md[h.text_span.end..]);
        }
        // A template without a title heading (the Rust RFC form): the
        // title lives in the front matter only.
        (None, _) => out.push_str(&md[body_start..]),
        (Some(t), _) => {
            out.push_str(&format!("{} {title}{nl}{nl}", "#".repeat(t.level as usize)));
            out.push_str(&md[body_start..]);
        }
    }
    out
}

/// `Rate limiter v2!` → `rate-limiter-v2`.
pub fn slugify(title: &str) -> String {
    let mut slug = String::new();
    for c in title.chars().flat_map(char::to_lowercase) {
        if c.is_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    let mut s: String = slug.chars().take(60).collect();
    while s.ends_with('-') {
        s.pop();
    }
    if s.is_empty() {
        "untitled".to_string()
    } else {
        s
    }
}

/// One more than the highest `NNNN-` number among the directory's files.
pub fn next_number(dir: &Path) -> std::io::Result<u32> {
    let mut max = 0;
    for entry in std::fs::read_dir(dir)? {
        let name = entry?.file_name();
        let name = name.to_string_lossy();
        let digits: String = name.chars().take_while(char::is_ascii_digit).collect();
        if !digits.is_empty() && name[digits.len()..].starts_with('-') {
            max = max.max(digits.parse::<u32>().unwrap_or(0));
        }
    }
    Ok(max + 1)
}

/// `spec` as an absolute path when it looks like one (contains a `/` or
/// ends in `.md`), relative to `cwd`.
fn templates_path(cwd: &Path, spec: &str) -> Option<PathBuf> {
    (spec.contains('/') || spec.ends_with(".md"))
        .then(|| designdoc_lint::repo::normalize(&cwd.join(spec)))
}

/// `target` relative to directory `from` (both absolute), with `/`.
pub fn relative_path(target: &Path, from: &Path) -> String {
    let t: Vec<_> = target.components().collect();
    let f: Vec<_> = from.components().collect();
    let common = t.iter().zip(&f).take_while(|(a, b)| a == b).count();
    let mut parts: Vec<String> = vec!["..".to_string(); f.len() - common];
    parts.extend(
        t[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    parts.join("/")
}
