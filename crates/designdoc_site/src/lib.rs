//! designdoc's static site: every doc of the repository rendered to a
//! page (with its table of contents, metadata and check diagnostics next
//! to the sections they concern), a dashboard, per-status and per-tag
//! listings, a merged glossary, the relations graph, a timeline of
//! decisions, `docs.json`, an Atom feed, and Pagefind full-text search.
//!
//! Data flow: the workspace checks each doc and, in the same pass over
//! its parsed text, this crate renders it ([`Site::build`]); the
//! repository rules then run over all docs; pages come from minijinja
//! templates (built in, overridable file by file by a theme folder); only
//! changed files are written ([`output`]). [`Site::update`] does the same
//! for a few changed docs, re-rendering only the pages whose inputs
//! changed: what `serve` calls on every save.
//!
//! Everything a page needs ships in the binary ([`assets`]): no CDN, no
//! external font or script.
//!
//! # Example
//!
//! What `designdoc build` does, without its progress bar:
//!
//! ```no_run
//! use designdoc_repo::Workspace;
//! use designdoc_site::{Options, Quiet, Site};
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let cwd = std::env::current_dir()?;
//!     let ws = Workspace::discover(&cwd)?;
//!     let options = Options::from_workspace(&ws, designdoc_repo::today());
//!     let report = Site::new(&ws, options)?.build(&ws, &cwd, &Quiet)?;
//!     println!("{} docs, {} files written", report.docs, report.written.len());
//!     Ok(())
//! }
//! ```
#![warn(missing_docs)]

pub mod assets;
pub mod bundle;
mod evidence;
mod feed;
pub mod glossary;
pub mod model;
pub mod output;
mod pages;
pub mod search;
pub mod serve;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use designdoc_repo::Workspace;
use designdoc_repo::catalog;
use designdoc_syntax::LineIndex;
pub use model::SiteDoc;
use output::Output;
pub use pages::{MAX_GRAPH_NODES, escape};

/// How to build.
#[derive(Debug, Clone)]
pub struct Options {
    /// Where the site is written (created when missing): a folder of its
    /// own, since files earlier builds wrote there are deleted once stale.
    /// [`Site::new`] refuses one holding the repository, [`Site::build`]
    /// one holding a doc.
    pub out_dir: PathBuf,
    /// A folder whose `templates/` and `assets/` files replace the
    /// built-in ones of the same name.
    pub theme_dir: Option<PathBuf>,
    /// The site's name, on every page and in the feed.
    pub title: String,
    /// Where the site is published (the feed's absolute links).
    pub base_url: Option<String>,
    /// Build the Pagefind search index.
    pub search: bool,
    /// About how many pages one search shard holds.
    pub shard_pages: usize,
    /// "Today", for how long docs have waited in review.
    pub today: jiff::civil::Date,
}

impl Options {
    /// The options `[site]` in `designdoc.toml` gives, paths resolved
    /// against the workspace root.
    pub fn from_workspace(ws: &Workspace, today: jiff::civil::Date) -> Options {
        let site = &ws.config.site;
        Options {
            out_dir: ws.root.join(site.out_dir.as_deref().unwrap_or("site")),
            theme_dir: site.theme.as_ref().map(|t| ws.root.join(t)),
            title: site
                .title
                .clone()
                .unwrap_or_else(|| "Design docs".to_string()),
            base_url: site.base_url.clone(),
            search: true,
            shard_pages: site.search_shard_size.unwrap_or(search::SHARD_PAGES).max(1),
            today,
        }
    }
}

/// What a build did.
#[derive(Debug, Default, Clone)]
pub struct Report {
    /// Docs in the site (every doc found, readable or not).
    pub docs: usize,
    /// Doc pages rendered again (all of them in a full build).
    pub pages_rendered: usize,
    /// The index files (dashboard, listings, glossary…) made again, by
    /// output path.
    pub index_rendered: Vec<String>,
    /// Files written because new, changed or missing on disk: paths
    /// relative to the output directory, sorted.
    pub written: Vec<String>,
    /// How many files made were not written: their content hash matches
    /// the one the manifest recorded for them and the file is still on disk
    /// (its bytes are not read back).
    pub unchanged: usize,
    /// Files an earlier build wrote that are no longer part of the site,
    /// deleted: paths relative to the output directory.
    pub removed: Vec<String>,
    /// Docs with check errors.
    pub docs_with_errors: usize,
    /// Problems that did not stop the build (a doc that could not be read).
    pub warnings: Vec<String>,
    /// Wall-clock time of each stage, in the order run (`"pages"`,
    /// `"write"`, ...), for `--verbose`.
    pub timings: Vec<(&'static str, Duration)>,
    /// What indexing for search did, when it ran.
    pub search: Option<search::Timing>,
}

/// A build that failed as a whole.
#[derive(Debug)]
pub struct SiteError(pub String);

impl std::fmt::Display for SiteError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SiteError {}

/// Told how far a build is (a progress bar on a terminal).
pub trait Progress: Sync {
    /// A stage named `what` begins, with `total` steps (docs) to go; called
    /// once per stage. Does nothing by default.
    fn start(&self, _what: &'static str, _total: usize) {}
    /// `n` more steps of the current stage are done. Called from worker
    /// threads, concurrently; a stage may end before reaching `total`
    /// (search shards reused are not counted). Does nothing by default.
    fn advance(&self, _n: usize) {}
    /// The build is done (not called when it fails). Does nothing by
    /// default.
    fn finish(&self) {}
}

/// No progress shown.
pub struct Quiet;
impl Progress for Quiet {}

/// The site and what it was built from: kept by `serve` between builds.
pub struct Site {
    /// The options it was made with. The output directory and the theme
    /// are opened by [`Site::new`]: changing `out_dir` or `theme_dir`
    /// afterwards neither moves the output nor reloads the theme.
    pub options: Options,
    pages: pages::Pages,
    out: Output,
    docs: Vec<SiteDoc>,
    /// Each doc page's inputs, hashed: a page is rendered again only when
    /// they change.
    page_keys: HashMap<String, u64>,
    /// The directory prefix shared by every doc, left out of page URLs.
    prefix: String,
    history: Option<catalog::History>,
    /// Docs changed since the search index was built.
    search_stale: bool,
    /// The repository rules' findings still hold (see `update`).
    repo_rules_current: bool,
    /// The search index's shards, reused while their pages are the same.
    search: search::SearchState,
    /// References in the code, test results and benchmark results, read
    /// once per full build.
    code_evidence: evidence::CodeEvidence,
}

impl Site {
    /// Loads the templates (the theme's where it has them) and opens the
    /// output directory. Refuses an output directory that holds the
    /// repository itself ([`Site::build`] refuses one holding a doc):
    /// stale-file removal must never reach them.
    pub fn new(ws: &Workspace, options: Options) -> Result<Site, SiteError> {
        let out_abs = absolute(&options.out_dir);
        let root_abs = absolute(&ws.root);
        if root_abs.starts_with(&out_abs) {
            return Err(SiteError(format!(
                "the output directory {} holds the repository; choose a folder of its own (default: site)",
                options.out_dir.display()
            )));
        }
        let pages = pages::Pages::new(options.theme_dir.as_deref())?;
        let out = Output::open(&options.out_dir).map_err(|e| {
            SiteError(format!(
                "cannot create the output directory {}: {e}",
                options.out_dir.display()
            ))
        })?;
        let search = search::SearchState::load(&out);
        Ok(Site {
            options,
            pages,
            out,
            docs: Vec::new(),
            page_keys: HashMap::new(),
            prefix: String::new(),
            history: None,
            search_stale: false,
            repo_rules_current: false,
            search,
            code_evidence: Default::default(),
        })
    }

    /// The docs as of the last build or update, in listing order (by
    /// number, the unnumbered last, then by path); empty before the first
    /// [`Site::build`].
    pub fn docs(&self) -> &[SiteDoc] {
        &self.docs
    }

    /// Checks and renders every configured doc as [`Site::build`] does,
    /// repository rules included, and returns them as a bundle named
    /// `name` for an organisation's catalog; writes no page.
    pub fn export(
        &mut self,
        ws: &Workspace,
        cwd: &Path,
        name: &str,
        progress: &dyn Progress,
    ) -> bundle::Bundle {
        let files = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
        progress.start("Checking and rendering", files.len());
        self.docs = self.read_docs(ws, cwd, &files, progress);
        self.docs.sort_by(|a, b| a.info.listing_order(&b.info));
        self.fill_history(ws);
        self.assign_urls();
        self.repository_rules(ws);
        progress.finish();
        bundle::Bundle {
            format: bundle::FORMAT,
            designdoc: env!("CARGO_PKG_VERSION").to_string(),
            name: name.to_string(),
            docs: self.docs.iter().map(bundle::BundleDoc::of).collect(),
        }
    }

    /// Builds every page from the workspace's docs.
    pub fn build(
        &mut self,
        ws: &Workspace,
        cwd: &Path,
        progress: &dyn Progress,
    ) -> Result<Report, SiteError> {
        let mut report = Report::default();
        let t = Instant::now();
        let files = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
        let out_abs = absolute(&self.options.out_dir);
        if let Some(inside) = files.iter().find(|f| absolute(f).starts_with(&out_abs)) {
            return Err(SiteError(format!(
                "the output directory {} holds a doc ({}); choose a folder of its own",
                self.options.out_dir.display(),
                inside.display()
            )));
        }
        progress.start("Checking and rendering", files.len());
        self.docs = self.read_docs(ws, cwd, &files, progress);
        self.docs.sort_by(|a, b| a.info.listing_order(&b.info));
        self.fill_history(ws);
        self.assign_urls();
        report.timings.push(("check and render", t.elapsed()));
        let t = Instant::now();
        let (code, warnings) = evidence::CodeEvidence::read(ws, &self.docs, &self.options.out_dir);
        self.code_evidence = code;
        report.warnings.extend(warnings);
        report.timings.push(("trace code and results", t.elapsed()));
        self.page_keys.clear();
        let search = self.options.search;
        self.finish(ws, &mut report, search, progress)?;
        Ok(report)
    }

    /// Rebuilds after `changed` docs changed (edited, created or removed):
    /// re-reads only those, reruns the repository rules, renders again the
    /// pages whose inputs changed and the indexes, and writes what differs.
    /// The search index is left as it was: [`Site::update_search`] brings
    /// it up to date (`serve` calls it once the pages are reloaded).
    pub fn update(
        &mut self,
        ws: &Workspace,
        cwd: &Path,
        changed: &[PathBuf],
    ) -> Result<Report, SiteError> {
        let mut report = Report::default();
        let t = Instant::now();
        // Paths compared as bytes: `Path`'s ordering and hashing parse
        // components, which for ten thousand docs costs tens of ms.
        fn key(p: &Path) -> &[u8] {
            p.as_os_str().as_encoded_bytes()
        }
        let changed: Vec<PathBuf> = changed.iter().map(|p| absolute(p)).collect();
        let changed_keys: HashSet<&[u8]> = changed.iter().map(|p| key(p)).collect();
        let known: HashSet<&[u8]> = self.docs.iter().map(|d| key(&d.path)).collect();
        // The docs now: the known ones still there, unless a changed file
        // is new (then the configured paths are walked again, to see
        // whether it is a doc).
        let new_file = changed
            .iter()
            .any(|p| !known.contains(key(p)) && p.is_file());
        let wanted: Vec<PathBuf> = if new_file {
            designdoc_repo::collect(&ws.root, &ws.config.paths, &[])
        } else {
            self.docs
                .iter()
                .map(|d| &d.path)
                .filter(|p| !changed_keys.contains(key(p)) || p.is_file())
                .cloned()
                .collect()
        };
        let wanted_keys: HashSet<&[u8]> = wanted.iter().map(|p| key(p)).collect();
        let again: Vec<PathBuf> = wanted
            .iter()
            .filter(|p| changed_keys.contains(key(p)) || !known.contains(key(p)))
            .cloned()
            .collect();
        let same_set = wanted_keys == known;
        let gone: HashSet<Vec<u8>> = known.difference(&wanted_keys).map(|k| k.to_vec()).collect();
        drop((known, wanted_keys, changed_keys));
        // Docs removed, or no longer matched by the configured paths.
        if !gone.is_empty() {
            self.docs.retain(|d| !gone.contains(key(&d.path)));
        }
        let mut fresh = self.read_docs(ws, cwd, &again, &Quiet);
        for doc in &mut fresh {
            if let Some(h) = &self.history {
                catalog::fill_from_history(&mut doc.info, h);
            }
            if same_set {
                // The folder all docs share is the same: only these URLs.
                let rel = doc
                    .info
                    .path
                    .strip_prefix(self.prefix.as_str())
                    .unwrap_or(&doc.info.path);
                doc.url = format!("docs/{}", model::page_url(rel));
            }
        }
        // When the changed docs say the same to the repository rules as
        // before (numbers, ids, statuses, references, link targets,
        // anchors), no other doc's findings change and the rules need not
        // run over every doc again: the changed docs keep theirs, moved to
        // where their text now puts them.
        let mut same_meaning = same_set;
        for mut doc in fresh {
            match self.docs.iter_mut().find(|d| d.path == doc.path) {
                Some(slot) => {
                    let kept = match (&slot.repo, &doc.repo) {
                        (Some(old), Some(new)) if same_set && old.same_meaning(new) => {
                            old.remap(new, &slot.repo_diags)
                        }
                        _ => None,
                    };
                    match kept {
                        Some(diags) => doc.repo_diags = diags,
                        None => same_meaning = false,
                    }
                    *slot = doc;
                }
                None => {
                    same_meaning = false;
                    self.docs.push(doc);
                }
            }
        }
        self.repo_rules_current = same_meaning;
        self.docs.sort_by(|a, b| a.info.listing_order(&b.info));
        if !same_set {
            let before = self.prefix.clone();
            self.assign_urls();
            if before != self.prefix {
                self.page_keys.clear();
            }
        }
        report.timings.push(("check and render", t.elapsed()));
        self.finish(ws, &mut report, false, &Quiet)?;
        self.search_stale = self.options.search;
        Ok(report)
    }

    /// Re-indexes the shards of the search index whose pages changed since
    /// it was last built, and writes them. Nothing to do when it is fresh.
    pub fn update_search(&mut self) -> Result<Report, SiteError> {
        let mut report = Report::default();
        if !self.search_stale {
            return Ok(report);
        }
        self.search.check_against(&self.out);
        let indexed = search::index(
            &self.docs,
            self.options.shard_pages,
            &mut self.search,
            &Quiet,
        )
        .map_err(|e| SiteError(format!("search index: {e}")))?;
        report
            .timings
            .push(("search index", indexed.timing.elapsed));
        report.search = Some(indexed.timing);
        let files = indexed.files;
        let mut keep: std::collections::HashSet<String> =
            self.docs.iter().map(|d| d.url.clone()).collect();
        keep.extend(indexed.kept);
        keep.extend(
            self.out
                .paths()
                .filter(|p| !is_search_file(p))
                .map(str::to_string),
        );
        let written = self.out.write(&files, Some(&keep));
        // Saved whatever the write did: a shard whose files failed is
        // indexed again next time (the manifest no longer lists them).
        let saved = self.search.save(&self.out);
        let written = written.map_err(|e| SiteError(format!("writing the search index: {e}")))?;
        saved.map_err(|e| SiteError(format!("saving the search state: {e}")))?;
        report.docs = self.docs.len();
        report.written = written.written;
        report.unchanged = written.unchanged;
        report.removed = written.removed;
        self.search_stale = false;
        Ok(report)
    }

    /// Reads, checks and renders `files` in parallel: one parse each.
    fn read_docs(
        &self,
        ws: &Workspace,
        cwd: &Path,
        files: &[PathBuf],
        progress: &dyn Progress,
    ) -> Vec<SiteDoc> {
        // The baseline's entries, by doc: a page shows what it accepts.
        let mut by_doc: HashMap<String, Vec<designdoc_lint::baseline::Entry>> = HashMap::new();
        for e in ws
            .load_baseline()
            .ok()
            .flatten()
            .into_iter()
            .flat_map(|b| b.findings)
        {
            by_doc.entry(e.path.clone()).or_default().push(e);
        }
        let mut baseline = by_doc;
        let results = ws.run_visit(files, cwd, &|v| {
            let rel = ws.rel_path(v.path);
            let info = catalog::doc_info(v.path, &rel, v.text);
            let rendered = designdoc_render::render_with(
                v.doc,
                designdoc_render::Options {
                    md_links_as_html: true,
                    ..Default::default()
                },
            );
            let glossary = designdoc_lint::glossary(v.doc, v.schema);
            let sections = v
                .doc
                .headings
                .iter()
                .zip(&rendered.toc)
                .map(|(h, t)| (h.span.start..h.section_end, t.anchor.clone()))
                .collect();
            let failure = v.doc.problems.iter().find_map(|p| match &p.kind {
                designdoc_syntax::ProblemKind::ParserPanic(m) => {
                    Some(format!("designdoc could not parse this doc: {m}"))
                }
                _ => None,
            });
            // What the page's scripts have to do (the HTML is sanitized,
            // so these classes come from fenced code blocks only).
            let mermaid = rendered.html.contains("<code class=\"language-mermaid\"");
            let code = rendered.html.contains("<pre>");
            let excerpt = search::excerpt(v.doc);
            let matching = v.schema.match_headings(v.doc);
            let evidence = (
                designdoc_lint::requirements::requirements(v.doc, v.schema, &matching),
                designdoc_lint::targets::targets_of(v.doc, v.schema, &matching),
            );
            progress.advance(1);
            (
                info, rendered, glossary, sections, failure, mermaid, code, excerpt, evidence,
            )
        });
        results
            .into_iter()
            .map(|(o, visited)| {
                let rel = ws.rel_path(&o.path);
                let source = match &visited {
                    Some(_) if o.source.is_empty() => {
                        designdoc_repo::read_doc(&o.path, ws.config.max_file_size)
                            .unwrap_or_default()
                    }
                    _ => o.source.clone(),
                };
                // The workspace hashed the text it checked.
                let text_hash = o.hash;
                let lines = LineIndex::new(&source);
                match visited {
                    Some((
                        info,
                        rendered,
                        glossary,
                        sections,
                        failure,
                        mermaid,
                        code,
                        excerpt,
                        (requirements, targets),
                    )) => SiteDoc {
                        path: o.path,
                        info,
                        url: String::new(),
                        text_hash,
                        html: rendered.html,
                        toc: rendered.toc,
                        notices: rendered.notices,
                        glossary,
                        sections,
                        lines,
                        source,
                        own: o.diagnostics,
                        repo_diags: Vec::new(),
                        baseline: baseline.remove(&rel).unwrap_or_default(),
                        repo: o.repo,
                        failure,
                        mermaid,
                        code,
                        excerpt,
                        requirements,
                        targets,
                    },
                    None => {
                        let reason = o
                            .diagnostics
                            .first()
                            .map(|d| d.message.clone())
                            .unwrap_or_else(|| "it could not be read".to_string());
                        let mut info = catalog::doc_info(&o.path, &rel, &source);
                        if source.is_empty() {
                            info.title = rel.rsplit('/').next().unwrap_or(&rel).to_string();
                        }
                        SiteDoc {
                            path: o.path,
                            info,
                            url: String::new(),
                            text_hash,
                            html: String::new(),
                            toc: Vec::new(),
                            notices: Vec::new(),
                            glossary: Vec::new(),
                            sections: Vec::new(),
                            lines,
                            source,
                            own: o.diagnostics,
                            repo_diags: Vec::new(),
                            baseline: baseline.remove(&rel).unwrap_or_default(),
                            repo: o.repo,
                            failure: Some(reason),
                            mermaid: false,
                            code: false,
                            excerpt: String::new(),
                            requirements: Vec::new(),
                            targets: Vec::new(),
                        }
                    }
                }
            })
            .collect()
    }

    /// Authors and dates the docs do not give, from git history.
    fn fill_history(&mut self, ws: &Workspace) {
        if self.docs.iter().any(|d| {
            d.info.authors.is_empty() || d.info.created.is_none() || d.info.updated.is_none()
        }) {
            let history = catalog::git_history(&ws.root);
            for d in &mut self.docs {
                catalog::fill_from_history(&mut d.info, &history);
            }
            self.history = Some(history);
        }
    }

    /// Page URLs: `docs/` and each doc's path without the folder all docs
    /// share, so that relative links between docs keep working.
    fn assign_urls(&mut self) {
        let dirs: Vec<&str> = self
            .docs
            .iter()
            .map(|d| d.info.path.rsplit_once('/').map_or("", |(dir, _)| dir))
            .collect();
        let mut prefix: Vec<&str> = dirs.first().map_or(Vec::new(), |d| d.split('/').collect());
        for d in &dirs[1.min(dirs.len())..] {
            let parts: Vec<&str> = d.split('/').collect();
            let same = prefix
                .iter()
                .zip(&parts)
                .take_while(|(a, b)| a == b)
                .count();
            prefix.truncate(same);
        }
        let prefix: String = prefix
            .iter()
            .filter(|p| !p.is_empty())
            .map(|p| format!("{p}/"))
            .collect();
        for d in &mut self.docs {
            let rel = d
                .info
                .path
                .strip_prefix(prefix.as_str())
                .unwrap_or(&d.info.path);
            d.url = format!("docs/{}", model::page_url(rel));
        }
        self.prefix = prefix;
    }

    /// Repository rules, pages, search index (with `with_search`),
    /// writing.
    fn finish(
        &mut self,
        ws: &Workspace,
        report: &mut Report,
        with_search: bool,
        progress: &dyn Progress,
    ) -> Result<(), SiteError> {
        let t = Instant::now();
        if !std::mem::take(&mut self.repo_rules_current) {
            self.repository_rules(ws);
        }
        report.timings.push(("repository rules", t.elapsed()));
        report.docs = self.docs.len();
        report.docs_with_errors = self.docs.iter().filter(|d| d.counts().0 > 0).count();
        for d in &self.docs {
            if let Some(f) = &d.failure {
                report
                    .warnings
                    .push(format!("{}: {f}", ws.rel_path(&d.path)));
            }
        }

        let t = Instant::now();
        self.pages
            .set_evidence(evidence::Evidence::new(&self.docs, &self.code_evidence));
        let ctx = pages::SiteContext::new(&self.docs, &self.options, &ws.config.lifecycle.statuses);
        let (mut files, rendered) =
            self.pages
                .render_all(&self.docs, &ctx, &self.options, &mut self.page_keys)?;
        report.pages_rendered = rendered;
        report.index_rendered = files[rendered..].iter().map(|f| f.path.clone()).collect();
        files.extend(assets::files(self.pages.theme_assets()));
        report.timings.push(("pages", t.elapsed()));

        // Doc pages not rendered again are still part of the site, and so
        // is the search index when it is not rebuilt now.
        let mut keep: std::collections::HashSet<String> =
            self.docs.iter().map(|d| d.url.clone()).collect();
        keep.extend(
            self.page_keys
                .keys()
                .filter_map(|k| k.strip_prefix(pages::INDEX_KEY))
                .filter(|k| !k.is_empty())
                .map(str::to_string),
        );
        // The pages are written (nothing removed yet) and let go before
        // the search index is built: a full build of 10,000 docs held
        // 280 MB of pages through Pagefind's indexing otherwise.
        let t = Instant::now();
        let pages_written = self.out.write(&files, None);
        keep.extend(files.into_iter().map(|f| f.path));
        let mut writing = t.elapsed();
        let mut files = Vec::new();
        if with_search {
            progress.start("Indexing for search", self.docs.len());
            self.search.check_against(&self.out);
            let indexed = match search::index(
                &self.docs,
                self.options.shard_pages,
                &mut self.search,
                progress,
            ) {
                Ok(indexed) => indexed,
                // The pages are written; the search index and the files
                // an earlier build made stay as they were.
                Err(e) => {
                    let failed = pages_written
                        .err()
                        .map(|w| format!("writing the site: {w}; "))
                        .unwrap_or_default();
                    return Err(SiteError(format!("{failed}search index: {e}")));
                }
            };
            files = indexed.files;
            keep.extend(indexed.kept);
            report
                .timings
                .push(("search index", indexed.timing.elapsed));
            report.search = Some(indexed.timing);
        } else {
            keep.extend(
                self.out
                    .paths()
                    .filter(|p| is_search_file(p))
                    .map(str::to_string),
            );
        }

        // The search index, then what an earlier build wrote that is no
        // longer part of the site goes.
        let t = Instant::now();
        let written = self.out.write(&files, Some(&keep));
        // Saved whatever the write did: a shard whose files failed is
        // indexed again next time (the manifest no longer lists them).
        let saved = if with_search {
            self.search.save(&self.out)
        } else {
            Ok(())
        };
        let pages_written =
            pages_written.map_err(|e| SiteError(format!("writing the site: {e}")))?;
        let written = written.map_err(|e| SiteError(format!("writing the site: {e}")))?;
        saved.map_err(|e| SiteError(format!("saving the search state: {e}")))?;
        report.written = pages_written.written;
        report.written.extend(written.written);
        report.written.sort();
        report.unchanged = pages_written.unchanged + written.unchanged;
        report.removed = written.removed;
        writing += t.elapsed();
        report.timings.push(("write", writing));
        progress.finish();
        Ok(())
    }

    fn repository_rules(&mut self, ws: &Workspace) {
        let index: Vec<usize> = (0..self.docs.len())
            .filter(|&i| self.docs[i].repo.is_some())
            .collect();
        let repo: Vec<designdoc_lint::repo::RepoDoc> = index
            .iter()
            .map(|&i| self.docs[i].repo.take().expect("filtered"))
            .collect();
        let docs = &self.docs;
        // A link to another doc needs no file-system call.
        let known: std::collections::HashSet<&Path> =
            repo.iter().map(|r| r.path.as_path()).collect();
        let exists = |p: &Path| known.contains(p) || p.exists();
        // The rules and the relations graph read the same summaries: in
        // parallel.
        let (found, edges) = rayon::join(
            || {
                designdoc_lint::repo::check_repo(&repo, &exists, &|i| {
                    ws.settings_for(&docs[index[i]].path, repo[i].status())
                })
            },
            || designdoc_repo::graph::edges_of(&repo, true),
        );
        for d in &mut self.docs {
            d.repo_diags.clear();
        }
        for (i, d) in found {
            self.docs[index[i]].repo_diags.push(d);
        }
        for (k, r) in repo.into_iter().enumerate() {
            self.docs[index[k]].repo = Some(r);
        }
        // Edges over indices into `repo`: back to doc indices.
        self.pages.set_edges(
            edges
                .into_iter()
                .map(|(a, b, kind)| (index[a], index[b], kind))
                .collect(),
        );
    }
}

/// A file of the search index (Pagefind's shards, the fallback index).
fn is_search_file(path: &str) -> bool {
    path.starts_with(search::DIR) || path.starts_with("search-")
}

/// `path` made absolute against the working directory, lexically.
fn absolute(path: &Path) -> PathBuf {
    let p = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    };
    designdoc_lint::repo::normalize(&p)
}

/// Docs by status, for listings (statuses in lifecycle order, then others).
pub(crate) fn by_status<'d>(
    docs: &'d [SiteDoc],
    statuses: &[String],
) -> Vec<(String, Vec<&'d SiteDoc>)> {
    let mut map: std::collections::BTreeMap<String, Vec<&SiteDoc>> = Default::default();
    for d in docs {
        map.entry(d.info.status.clone().unwrap_or_else(|| "none".to_string()))
            .or_default()
            .push(d);
    }
    let mut out = Vec::new();
    for s in statuses {
        if let Some(v) = map.remove(s) {
            out.push((s.clone(), v));
        }
    }
    out.extend(map);
    out
}
