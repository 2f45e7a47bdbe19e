//! The pages, from minijinja templates: built in ([`crate::assets`]), or
//! the theme folder's `templates/NAME.html` in their place.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::path::Path;

use designdoc_repo::graph::EdgeKind;
use minijinja::{Environment, Value, context};
use rayon::prelude::*;
use rustc_hash::FxHasher;
use serde::Serialize;

use crate::model::{PageDiag, SiteDoc, root_of};
use crate::output::OutFile;
use crate::{Options, SiteError, assets};

/// Graphs with more docs than this are not drawn (the layout is linear,
/// but a picture of more boxes helps no reader); the page lists the
/// relations instead.
pub const MAX_GRAPH_NODES: usize = 5_000;

/// The key under which the index pages' hash is kept; each index page
/// is kept as `INDEX_KEY` + its path.
pub const INDEX_KEY: &str = "\u{0}index:";

/// How many docs the dashboard lists under "recently updated".
const RECENT: usize = 12;

/// Statuses a decision ends in, for the timeline.
const DECIDED: &[&str] = &[
    "accepted",
    "rejected",
    "implemented",
    "superseded",
    "withdrawn",
];

pub struct Pages {
    env: Environment<'static>,
    theme_assets: Vec<(String, Vec<u8>)>,
    /// Relations between docs (indices into the site's docs).
    edges: Vec<(usize, usize, EdgeKind)>,
    /// Hash of the templates, part of every page's key.
    templates_hash: u64,
    /// The page templates whose output may read the site-wide counts
    /// (`statuses`, `tags`, `doc_count`): only their pages' keys hold
    /// them, so a doc moving from one status to another does not render
    /// every doc page again.
    reads_counts: std::collections::HashSet<&'static str>,
    /// The traceability matrix's and targets dashboard's rows.
    evidence: crate::evidence::Evidence,
    /// `base.html` has the `page_head` block the doc page puts its title
    /// in (a theme's older `base.html` may not: its doc pages then keep the
    /// title in the text).
    has_page_head: bool,
}

/// The variables every page is given that change with any doc's status
/// or tags.
const COUNTS: &[&str] = &["statuses", "tags", "doc_count"];

/// A doc as templates see it.
#[derive(Serialize, Clone, Hash)]
pub struct DocView {
    pub number: Option<u32>,
    pub label: String,
    pub id: Option<String>,
    pub title: String,
    pub status: Option<String>,
    pub status_class: String,
    pub authors: Vec<String>,
    pub reviewers: Vec<String>,
    pub approvers: Vec<String>,
    pub created: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<(String, String)>,
    pub path: String,
    pub url: String,
    pub errors: usize,
    pub warnings: usize,
    /// Days since `updated` (for docs in review).
    pub waiting_days: Option<i64>,
}

/// What every page shares.
pub struct SiteContext {
    pub views: Vec<DocView>,
    pub title: String,
    pub statuses: Vec<(String, String, usize)>,
    pub tags: Vec<(String, String, usize)>,
}

/// `accepted` → `accepted`; anything else made safe for a file name and a
/// CSS class ([`designdoc_syntax::slug::name_slug`]).
pub fn slug(s: &str) -> String {
    designdoc_syntax::slug::name_slug(s)
}

impl SiteContext {
    pub fn new(docs: &[SiteDoc], options: &Options, lifecycle: &[String]) -> SiteContext {
        let views: Vec<DocView> = docs.par_iter().map(|d| view(d, options)).collect();
        let statuses = crate::by_status(docs, lifecycle)
            .into_iter()
            .map(|(s, v)| (slug(&s), s, v.len()))
            .collect();
        let mut tags: BTreeMap<String, usize> = BTreeMap::new();
        for d in docs {
            for t in &d.info.tags {
                *tags.entry(t.clone()).or_default() += 1;
            }
        }
        SiteContext {
            views,
            title: options.title.clone(),
            statuses,
            tags: tags.into_iter().map(|(t, n)| (slug(&t), t, n)).collect(),
        }
    }
}

fn view(d: &SiteDoc, options: &Options) -> DocView {
    let i = &d.info;
    let (errors, warnings) = d.counts();
    let waiting_days = i
        .updated
        .as_deref()
        .and_then(|u| u.parse::<jiff::civil::Date>().ok())
        .and_then(|u| options.today.since(u).ok())
        .map(|span| i64::from(span.get_days()));
    DocView {
        number: i.number,
        label: i.label(),
        id: i.id.clone(),
        title: i.title.clone(),
        status: i.status.clone(),
        status_class: slug(i.status.as_deref().unwrap_or("none")),
        authors: i.authors.clone(),
        reviewers: i.reviewers.clone(),
        approvers: i.approvers.clone(),
        created: i.created.clone(),
        updated: i.updated.clone(),
        tags: i.tags.iter().map(|t| (slug(t), t.clone())).collect(),
        path: i.path.clone(),
        url: d.url.clone(),
        errors,
        warnings,
        waiting_days,
    }
}

#[derive(Serialize, Hash)]
struct Related {
    label: String,
    title: String,
    url: String,
    status: Option<String>,
}

impl Pages {
    pub fn new(theme: Option<&Path>) -> Result<Pages, SiteError> {
        let mut env = Environment::new();
        env.set_auto_escape_callback(|name| {
            if name.ends_with(".html") || name.ends_with(".xml") {
                minijinja::AutoEscape::Html
            } else {
                minijinja::AutoEscape::None
            }
        });
        env.set_undefined_behavior(minijinja::UndefinedBehavior::Strict);
        // minijinja's HTML escaping also writes `/` as `&#x2f;`, which
        // makes every URL unreadable in the source; escape what HTML needs.
        env.set_formatter(|out, state, value| {
            if *state.auto_escape() == minijinja::AutoEscape::None || value.is_safe() {
                return minijinja::escape_formatter(out, state, value);
            }
            if value.is_none() || value.is_undefined() {
                return Ok(());
            }
            match value.as_str() {
                Some(s) => escape_into(out, s),
                None => escape_into(out, &value.to_string()),
            }
            .map_err(minijinja::Error::from)
        });
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        let mut has_page_head = true;
        for (name, builtin) in assets::TEMPLATES {
            let text = match theme.map(|t| t.join("templates").join(name)) {
                Some(p) if p.is_file() => std::fs::read_to_string(&p)
                    .map_err(|e| SiteError(format!("theme template {}: {e}", p.display())))?,
                _ => builtin.to_string(),
            };
            text.hash(&mut hasher);
            if *name == "base.html" {
                has_page_head = text.contains("block page_head");
            }
            env.add_template_owned(name.to_string(), text)
                .map_err(|e| SiteError(format!("template {name}: {e}")))?;
        }
        let theme_assets = match theme {
            Some(t) => assets::theme_files(&t.join("assets"))
                .map_err(|e| SiteError(format!("theme assets in {}: {e}", t.display())))?,
            None => Vec::new(),
        };
        theme_assets.hash(&mut hasher);
        // Which templates read the counts, found by minijinja's static
        // analysis (which does not follow extends, imports or includes:
        // the templates every page shares count for all of them).
        let reads = |name: &str| {
            env.get_template(name).map_or(true, |t| {
                let vars = t.undeclared_variables(false);
                COUNTS.iter().any(|c| vars.contains(*c))
            })
        };
        let shared = reads("base.html") || reads("macros.html");
        let reads_counts = assets::TEMPLATES
            .iter()
            .map(|(name, _)| *name)
            .filter(|name| shared || reads(name))
            .collect();
        Ok(Pages {
            env,
            theme_assets,
            edges: Vec::new(),
            templates_hash: hasher.finish(),
            reads_counts,
            evidence: Default::default(),
            has_page_head,
        })
    }

    pub fn theme_assets(&self) -> &[(String, Vec<u8>)] {
        &self.theme_assets
    }

    pub fn set_edges(&mut self, edges: Vec<(usize, usize, EdgeKind)>) {
        self.edges = edges;
    }

    pub fn set_evidence(&mut self, evidence: crate::evidence::Evidence) {
        self.evidence = evidence;
    }

    fn render(&self, name: &str, ctx: Value) -> Result<String, SiteError> {
        let t = self
            .env
            .get_template(name)
            .map_err(|e| SiteError(format!("template {name}: {e}")))?;
        t.render(ctx).map_err(|e| {
            let mut msg = format!("template {name}: {e}");
            let mut src = std::error::Error::source(&e);
            while let Some(s) = src {
                msg.push_str(&format!(": {s}"));
                src = s.source();
            }
            SiteError(msg)
        })
    }

    fn base(&self, site: &SiteContext, url: &str) -> Value {
        context! {
            site_title => site.title.clone(),
            root => root_of(url),
            statuses => site.statuses.clone(),
            tags => site.tags.clone(),
            doc_count => site.views.len(),
        }
    }

    /// Every page: the doc pages whose key changed, and every index page.
    /// Returns the files and how many doc pages were rendered.
    pub fn render_all(
        &self,
        docs: &[SiteDoc],
        site: &SiteContext,
        options: &Options,
        keys: &mut HashMap<String, u64>,
    ) -> Result<(Vec<OutFile>, usize), SiteError> {
        let mut related: Vec<Vec<(&'static str, usize)>> = vec![Vec::new(); docs.len()];
        for &(a, b, kind) in &self.edges {
            let (fwd, back) = match kind {
                EdgeKind::Supersedes => ("supersedes", "superseded by"),
                EdgeKind::DependsOn => ("depends on", "needed by"),
                EdgeKind::Links => ("links to", "linked from"),
            };
            related[a].push((fwd, b));
            related[b].push((back, a));
        }
        let new_keys: Vec<(String, u64)> = docs
            .par_iter()
            .enumerate()
            .map(|(i, d)| (d.url.clone(), self.page_key(d, i, &related[i], site)))
            .collect();
        let todo: Vec<usize> = (0..docs.len())
            .filter(|&i| keys.get(&new_keys[i].0) != Some(&new_keys[i].1))
            .collect();
        let pages: Vec<Result<OutFile, SiteError>> = todo
            .par_iter()
            .map(|&i| {
                self.doc_page(&docs[i], &site.views[i], &related[i], site)
                    .map(|html| OutFile::new(docs[i].url.clone(), html))
            })
            .collect();
        let mut files = Vec::with_capacity(docs.len() + 16);
        for p in pages {
            files.push(p?);
        }
        keys.retain(|k, _| k.starts_with(INDEX_KEY));
        keys.extend(new_keys);
        let rendered = files.len();
        // The index pages read every doc's metadata, glossary and
        // relations. One key over all of them says whether any page could
        // have changed; then each page's own key (over the docs it shows)
        // says which, and those are rendered in parallel.
        let per_doc = self.per_doc_keys(docs, site);
        let index_key = self.index_key(&per_doc, site, options);
        if keys.get(INDEX_KEY) != Some(&index_key) {
            let old: HashMap<String, u64> = keys
                .iter()
                .filter(|(k, _)| k.starts_with(INDEX_KEY))
                .map(|(k, v)| (k.clone(), *v))
                .collect();
            keys.retain(|k, _| !k.starts_with(INDEX_KEY));
            keys.insert(INDEX_KEY.to_string(), index_key);
            let (todo, kept): (Vec<IndexPage>, Vec<IndexPage>) = self
                .index_pages(docs, site, options, &per_doc)
                .into_iter()
                .partition(|p| old.get(&format!("{INDEX_KEY}{}", p.url)) != Some(&p.key));
            // A page's files are kept under its key (which hashes its
            // URL, so no two pages share one).
            let kept: std::collections::HashSet<u64> = kept.iter().map(|p| p.key).collect();
            keys.extend(old.into_iter().filter(|(_, v)| kept.contains(v)));
            let made: Vec<(u64, Result<Vec<OutFile>, SiteError>)> =
                todo.into_par_iter().map(|p| (p.key, (p.make)())).collect();
            for (key, made) in made {
                for f in made? {
                    keys.insert(format!("{INDEX_KEY}{}", f.path), key);
                    files.push(f);
                }
            }
        }
        Ok((files, rendered))
    }

    /// Per doc, in parallel: a hash of its view (what listings show) and
    /// of its glossary as the glossary page shows it (term, definition,
    /// section; not where the text puts them, which an edit above moves).
    fn per_doc_keys(&self, docs: &[SiteDoc], site: &SiteContext) -> Vec<(u64, u64)> {
        docs.par_iter()
            .zip(&site.views)
            .map(|(d, v)| {
                let mut h = FxHasher::default();
                v.hash(&mut h);
                let view = h.finish();
                let mut h = FxHasher::default();
                for g in &d.glossary {
                    (&g.term, &g.definition, glossary_anchor(d, g.offset)).hash(&mut h);
                }
                (view, h.finish())
            })
            .collect()
    }

    /// Everything the index pages show, hashed.
    fn index_key(&self, per_doc: &[(u64, u64)], site: &SiteContext, options: &Options) -> u64 {
        let mut h = FxHasher::default();
        self.templates_hash.hash(&mut h);
        per_doc.hash(&mut h);
        self.edges.hash(&mut h);
        self.evidence.key().hash(&mut h);
        (&site.title, &site.statuses, &site.tags).hash(&mut h);
        (&options.base_url, options.today).hash(&mut h);
        h.finish()
    }

    /// Everything a doc page shows, hashed.
    fn page_key(
        &self,
        d: &SiteDoc,
        i: usize,
        related: &[(&'static str, usize)],
        site: &SiteContext,
    ) -> u64 {
        let mut h = FxHasher::default();
        self.templates_hash.hash(&mut h);
        d.text_hash.hash(&mut h);
        d.failure.hash(&mut h);
        site.views[i].hash(&mut h);
        for (k, j) in related {
            k.hash(&mut h);
            site.views[*j].hash(&mut h);
        }
        for x in d.own.iter().chain(&d.repo_diags) {
            (x.rule.code, &x.message, &x.range, x.severity.as_str()).hash(&mut h);
        }
        d.baseline.hash(&mut h);
        // What every page is given.
        site.title.hash(&mut h);
        if self.reads_counts.contains("doc.html") {
            (&site.statuses, &site.tags, site.views.len()).hash(&mut h);
        }
        h.finish()
    }

    fn doc_page(
        &self,
        d: &SiteDoc,
        v: &DocView,
        related: &[(&'static str, usize)],
        site: &SiteContext,
    ) -> Result<String, SiteError> {
        let diags = d.diagnostics();
        let body = inject_diagnostics(&d.html, &diags, &root_of(&d.url));
        let top: Vec<&PageDiag> = diags.iter().filter(|x| x.anchor.is_none()).collect();
        let mut rel: BTreeMap<&str, Vec<Related>> = BTreeMap::new();
        for &(kind, j) in related {
            let o = &site.views[j];
            rel.entry(kind).or_default().push(Related {
                label: o.label.clone(),
                title: o.title.clone(),
                url: o.url.clone(),
                status: o.status.clone(),
            });
        }
        let toc: Vec<Value> = d
            .toc
            .iter()
            .map(|t| context! { level => t.level, anchor => t.anchor.clone(), text => t.text.clone() })
            .collect();
        // The doc's own title, when its text opens with one, goes in the
        // page's head (with the panel below it on a narrow screen); `body`
        // stays whole for themes that show it as it is.
        let (heading, content) = if self.has_page_head {
            split_title(&body)
        } else {
            ("", body.as_str())
        };
        let ctx = context! {
            doc => ser(v),
            heading => Value::from_safe_string(heading.to_string()),
            content => Value::from_safe_string(content.to_string()),
            body => Value::from_safe_string(body.clone()),
            toc => toc,
            diagnostics => ser(&diags),
            doc_diagnostics => ser(&top),
            related => ser(&rel),
            failure => d.failure.clone(),
            notices => d.notices.clone(),
            mermaid => d.mermaid,
            code => d.code,
            source_path => d.info.path.clone(),
            ..self.base(site, &d.url),
        };
        self.render("doc.html", ctx)
    }

    /// The index pages, each with its key (what it shows, hashed) and
    /// how to make its files: one function per kind of page, below.
    fn index_pages<'a>(
        &'a self,
        docs: &'a [SiteDoc],
        site: &'a SiteContext,
        options: &'a Options,
        per_doc: &[(u64, u64)],
    ) -> Vec<IndexPage<'a>> {
        let cx = IndexCx {
            pages: self,
            docs,
            site,
            options,
        };
        let mut out = Vec::new();
        let failing = home(cx, per_doc, &mut out);
        listings(cx, per_doc, failing, &mut out);
        glossary(cx, per_doc, &mut out);
        evidence_pages(cx, per_doc, &mut out);
        graph(cx, per_doc, &mut out);
        timeline(cx, per_doc, &mut out);
        rules(cx, per_doc, &mut out);
        data_files(cx, per_doc, &mut out);
        out
    }
}

/// How an index page's files are made, once its key says they changed.
type Make<'a> = Box<dyn FnOnce() -> Result<Vec<OutFile>, SiteError> + Send + 'a>;

/// What every index page is made from.
#[derive(Clone, Copy)]
struct IndexCx<'a> {
    pages: &'a Pages,
    docs: &'a [SiteDoc],
    site: &'a SiteContext,
    options: &'a Options,
}

impl<'a> IndexCx<'a> {
    fn views(self) -> &'a [DocView] {
        &self.site.views
    }

    /// A page's key: what all pages share (templates, the navigation, the
    /// options), the site-wide counts when its template reads them, the
    /// docs it shows (`docs_shown`, by their own keys) and `extra`.
    fn key(
        self,
        per_doc: &[(u64, u64)],
        template: &str,
        url: &str,
        docs_shown: &mut dyn Iterator<Item = usize>,
        extra: u64,
    ) -> u64 {
        let (pages, site, options) = (self.pages, self.site, self.options);
        let mut h = FxHasher::default();
        (pages.templates_hash, url, extra, &site.title).hash(&mut h);
        if pages.reads_counts.contains(template) {
            (&site.statuses, &site.tags, site.views.len()).hash(&mut h);
        }
        (&options.base_url, options.today).hash(&mut h);
        for i in docs_shown {
            (i, per_doc[i].0).hash(&mut h);
        }
        h.finish()
    }

    /// The page `url` rendered from template `name` with `extra` on top of
    /// what every page gets.
    fn page(self, name: &'static str, url: &str, extra: Value) -> Result<Vec<OutFile>, SiteError> {
        let ctx = context! { ..extra, ..self.pages.base(self.site, url) };
        Ok(vec![OutFile::new(url, self.pages.render(name, ctx)?)])
    }

    /// The views of the docs `list` names.
    fn at(self, list: &[usize]) -> Vec<&'a DocView> {
        let views = self.views();
        list.iter().map(|&i| &views[i]).collect()
    }
}

/// Newest `updated` first, then by URL: the dashboard's recent docs and
/// the timeline.
fn newest_first(views: &[DocView], a: usize, b: usize) -> std::cmp::Ordering {
    views[b]
        .updated
        .cmp(&views[a].updated)
        .then(views[a].url.cmp(&views[b].url))
}

/// Home: the dashboard (recent docs, docs in review, failing docs).
/// Returns the failing docs, most errors first, for their listing.
fn home<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) -> Vec<usize> {
    let views = cx.views();
    let mut recent: Vec<usize> = (0..views.len())
        .filter(|&i| views[i].updated.is_some())
        .collect();
    recent.sort_by(|&a, &b| newest_first(views, a, b));
    recent.truncate(RECENT);
    let mut review: Vec<usize> = (0..views.len())
        .filter(|&i| {
            views[i]
                .status
                .as_deref()
                .is_some_and(|s| s.contains("review") || s == "proposed")
        })
        .collect();
    review.sort_by_key(|&i| std::cmp::Reverse(views[i].waiting_days));
    let mut failing: Vec<usize> = (0..views.len()).filter(|&i| views[i].errors > 0).collect();
    failing.sort_by_key(|&i| std::cmp::Reverse(views[i].errors));
    let shown_failing: Vec<usize> = failing.iter().take(50).copied().collect();
    let key = cx.key(
        per_doc,
        "home.html",
        "index.html",
        &mut recent.iter().chain(&review).chain(&shown_failing).copied(),
        failing.len() as u64,
    );
    let (r, v, f, n) = (
        cx.at(&recent),
        cx.at(&review),
        cx.at(&shown_failing),
        failing.len(),
    );
    out.push(IndexPage {
        url: "index.html".into(),
        key,
        make: Box::new(move || {
            cx.page(
                "home.html",
                "index.html",
                context! { recent => ser(&r), in_review => ser(&v), failing => ser(&f), failing_count => n },
            )
        }),
    });
    failing
}

/// Listings: all docs, docs with problems, by status, by tag.
fn listings<'a>(
    cx: IndexCx<'a>,
    per_doc: &[(u64, u64)],
    failing: Vec<usize>,
    out: &mut Vec<IndexPage<'a>>,
) {
    let (views, site) = (cx.views(), cx.site);
    let mut listing = |url: String, heading: String, list: Vec<usize>| {
        let key = cx.key(per_doc, "listing.html", &url, &mut list.iter().copied(), 0);
        let shown = cx.at(&list);
        let u = url.clone();
        let make: Make<'a> = Box::new(move || {
            cx.page(
                "listing.html",
                &u,
                context! { heading => heading, docs => ser(&shown) },
            )
        });
        out.push(IndexPage { url, key, make });
    };
    listing(
        "all.html".into(),
        "All docs".into(),
        (0..views.len()).collect(),
    );
    listing(
        "problems.html".into(),
        "Docs with check errors".into(),
        failing.clone(),
    );
    for (slug, status, _) in &site.statuses {
        let list = (0..views.len())
            .filter(|&i| views[i].status.as_deref().unwrap_or("none") == status)
            .collect();
        // Docs without a status are listed under "none" (its slug), and
        // named for what they lack: "none" reads like a status.
        let heading = if slug == "none" {
            "Docs with no status".to_string()
        } else {
            format!("Status: {status}")
        };
        listing(format!("status/{slug}.html"), heading, list);
    }
    for (slug, tag, _) in &site.tags {
        let list = (0..views.len())
            .filter(|&i| views[i].tags.iter().any(|(_, t)| t == tag))
            .collect();
        listing(format!("tags/{slug}.html"), format!("Tag: {tag}"), list);
    }
}

/// The glossary: every doc's terms, merged by term.
fn glossary<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) {
    let (docs, views) = (cx.docs, cx.views());
    let with_terms: Vec<usize> = (0..docs.len())
        .filter(|&i| !docs[i].glossary.is_empty())
        .collect();
    let mut h = FxHasher::default();
    for &i in &with_terms {
        per_doc[i].1.hash(&mut h);
    }
    let k = cx.key(
        per_doc,
        "glossary.html",
        "glossary.html",
        &mut with_terms.iter().copied(),
        h.finish(),
    );
    add(
        out,
        "glossary.html".into(),
        k,
        Box::new(move || {
            // Term (case aside) → definitions (as worded, spacing, case and
            // a final stop aside) → the docs that give it, in doc order.
            type Defs = Vec<(String, String, Vec<Value>)>;
            let mut terms: BTreeMap<String, (String, Defs)> = BTreeMap::new();
            for &i in &with_terms {
                let (d, v) = (&docs[i], &views[i]);
                for g in &d.glossary {
                    let anchor = glossary_anchor(d, g.offset);
                    let (_, defs) = terms
                        .entry(g.term.to_lowercase())
                        .or_insert_with(|| (g.term.clone(), Vec::new()));
                    let key = crate::glossary::definition_key(&g.definition);
                    let from = context! {
                        doc => v.label.clone(),
                        title => v.title.clone(),
                        url => format!("{}#{anchor}", v.url),
                    };
                    match defs.iter_mut().find(|(k, _, _)| *k == key) {
                        Some((_, _, docs)) => docs.push(from),
                        None => defs.push((key, g.definition.clone(), vec![from])),
                    }
                }
            }
            // Anchors unique on the page: "C" and "C++" slug alike.
            let mut anchors: std::collections::HashSet<String> = Default::default();
            let terms: Vec<Value> = terms
                .into_iter()
                .map(|(key, (term, defs))| {
                    let anchor = crate::glossary::unique_anchor(&mut anchors, &key);
                    let definitions: Vec<Value> = defs
                        .into_iter()
                        .map(|(_, text, docs)| context! { definition => text, docs => docs })
                        .collect();
                    context! { term => term, anchor => anchor, definitions => definitions }
                })
                .collect();
            cx.page(
                "glossary.html",
                "glossary.html",
                context! { terms => terms },
            )
        }),
    );
}

/// The traceability matrix and the targets dashboard: each page's
/// context from the evidence, both keyed by it.
fn evidence_pages<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) {
    let ev = &cx.pages.evidence;
    let evidence_pages: [(&'static str, fn(&crate::evidence::Evidence) -> Value); 2] = [
        ("trace.html", |ev| {
            let count = |v: &str| ev.requirements.iter().filter(|r| r.verdict == v).count();
            context! {
                requirements => ser(&ev.requirements),
                dangling => ser(&ev.dangling),
                reports => ev.reports,
                passing => count("passing"),
                failing => count("failing"),
                untested => count("untested"),
            }
        }),
        ("targets.html", |ev| {
            let count = |v: &str| ev.targets.iter().filter(|r| r.verdict == v).count();
            context! {
                targets => ser(&ev.targets),
                results => ev.results,
                met => count("met"),
                missed => count("missed"),
                unmeasured => count("unmeasured"),
            }
        }),
    ];
    for (name, make) in evidence_pages {
        let k = cx.key(per_doc, name, name, &mut std::iter::empty(), ev.key());
        add(
            out,
            name.into(),
            k,
            Box::new(move || cx.page(name, name, make(ev))),
        );
    }
}

/// The graph: a picture (an image, so nothing in it can run) and the
/// relations as links.
fn graph<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) {
    let (docs, views) = (cx.docs, cx.views());
    let involved: Vec<usize> = cx
        .pages
        .edges
        .iter()
        .flat_map(|e| [e.0, e.1])
        .collect::<std::collections::BTreeSet<usize>>()
        .into_iter()
        .collect();
    let mut h = FxHasher::default();
    cx.pages.edges.hash(&mut h);
    let edges_hash = h.finish();
    let too_many = involved.len() > MAX_GRAPH_NODES;
    let note = too_many.then(|| {
        format!(
            "{} docs have relations: too many to lay out as one picture (over {MAX_GRAPH_NODES}); `designdoc graph --format dot` gives the whole graph.",
            involved.len()
        )
    });
    let k = cx.key(
        per_doc,
        "graph.html",
        "graph.html",
        &mut involved.iter().copied(),
        edges_hash,
    );
    add(
        out,
        "graph.html".into(),
        k,
        Box::new(move || {
            let picture = if involved.is_empty() || note.is_some() {
                Err(note)
            } else {
                let at: HashMap<usize, usize> =
                    involved.iter().enumerate().map(|(k, &i)| (i, k)).collect();
                let infos: Vec<designdoc_repo::catalog::DocInfo> =
                    involved.iter().map(|&i| docs[i].info.clone()).collect();
                let sub: Vec<(usize, usize, EdgeKind)> = cx
                    .pages
                    .edges
                    .iter()
                    .map(|&(a, b, k)| (at[&a], at[&b], k))
                    .collect();
                // The file, for whoever wants the picture alone; the page
                // draws it inline, in the theme's colours, boxes linking
                // to their docs.
                let root = root_of("graph.html");
                let urls: Vec<String> = involved
                    .iter()
                    .map(|&i| format!("{root}{}", views[i].url))
                    .collect();
                let style = designdoc_repo::graph::Style {
                    links: Some(&urls),
                    themed: true,
                };
                designdoc_repo::graph::svg(&infos, &sub)
                    .and_then(|file| {
                        designdoc_repo::graph::svg_with(&infos, &sub, &style)
                            .map(|inline| (file, inline))
                    })
                    .map_err(Some)
            };
            // Each doc's view made once (a Value is shared, not
            // copied), however many relations it has.
            let mut made: HashMap<usize, Value> = HashMap::with_capacity(involved.len());
            for &i in &involved {
                made.insert(i, ser(&views[i]));
            }
            let edges: Vec<Value> = cx
                .pages
                .edges
                .iter()
                .map(|&(a, b, k)| {
                    context! {
                        from => made[&a].clone(),
                        to => made[&b].clone(),
                        kind => match k {
                            EdgeKind::Supersedes => "supersedes",
                            EdgeKind::DependsOn => "depends on",
                            EdgeKind::Links => "links to",
                        },
                    }
                })
                .collect();
            let (svg, inline, note) = match picture {
                Ok((file, inline)) => (Some(OutFile::new("graph.svg", file)), Some(inline), None),
                Err(note) => (None, None, note),
            };
            let mut files = cx.page(
                "graph.html",
                "graph.html",
                context! {
                    edges => edges,
                    has_picture => svg.is_some(),
                    picture => inline.map(Value::from_safe_string),
                    note => note,
                },
            )?;
            files.extend(svg);
            Ok(files)
        }),
    );
}

/// The timeline of decisions, newest first, by month.
fn timeline<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) {
    let views = cx.views();
    let mut decided: Vec<usize> = (0..views.len())
        .filter(|&i| {
            views[i]
                .status
                .as_deref()
                .is_some_and(|s| DECIDED.contains(&s))
        })
        .collect();
    decided.sort_by(|&a, &b| newest_first(views, a, b));
    let k = cx.key(
        per_doc,
        "timeline.html",
        "timeline.html",
        &mut decided.iter().copied(),
        0,
    );
    add(
        out,
        "timeline.html".into(),
        k,
        Box::new(move || {
            let mut months: Vec<(String, Vec<&DocView>)> = Vec::new();
            for i in decided {
                let v = &views[i];
                let month = v.updated.as_deref().map_or("undated".to_string(), |u| {
                    u.get(..7).unwrap_or(u).to_string()
                });
                match months.last_mut() {
                    Some((m, list)) if *m == month => list.push(v),
                    _ => months.push((month, vec![v])),
                }
            }
            cx.page(
                "timeline.html",
                "timeline.html",
                context! { months => ser(&months) },
            )
        }),
    );
}

/// Every rule's documentation, which diagnostics link to.
fn rules<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) {
    let k = cx.key(
        per_doc,
        "rules.html",
        "rules.html",
        &mut std::iter::empty(),
        0,
    );
    add(
        out,
        "rules.html".into(),
        k,
        Box::new(move || {
            let rules: Vec<Value> = designdoc_lint::registry::RULES
                .iter()
                .map(|r| {
                    context! {
                        code => r.code,
                        name => r.name,
                        severity => r.default_severity.as_str(),
                        fix => r.fix.as_str(),
                        summary => Value::from_safe_string(crate::evidence::inline_html(&rule_summary(r))),
                        html => Value::from_safe_string(rule_html(r)),
                    }
                })
                .collect();
            cx.page("rules.html", "rules.html", context! { rules => rules })
        }),
    );
}

/// A rendered body's leading `<h1>` (when the body opens with one), and
/// the rest.
fn split_title(body: &str) -> (&str, &str) {
    let start = body.len() - body.trim_start().len();
    if body[start..].starts_with("<h1")
        && let Some(end) = body[start..].find("</h1>")
    {
        let at = start + end + "</h1>".len();
        return (&body[..at], &body[at..]);
    }
    ("", body)
}

/// A rule's first sentence ("What it checks"), for the index: the first
/// paragraph up to its first full stop.
fn rule_summary(r: &designdoc_lint::Rule) -> String {
    let doc = r.documentation();
    let para: Vec<&str> = doc
        .lines()
        .skip_while(|l| l.trim().is_empty() || l.starts_with('#'))
        .take_while(|l| !l.trim().is_empty())
        .map(str::trim)
        .collect();
    let para = para.join(" ");
    match para.find(". ") {
        Some(i) => para[..=i].to_string(),
        None => para,
    }
}

/// A rule's documentation as a part of the rules page: its headings one
/// level below the rule's own (`## What it checks` becomes an `h3`), their
/// ids prefixed with the rule's name, so that forty rules' "Example"s are
/// forty ids, not one repeated.
fn rule_html(r: &designdoc_lint::Rule) -> String {
    let mut text = r.documentation();
    let doc = designdoc_syntax::parse(&text);
    // ATX headings only (the rule docs write no other kind); headings in
    // code examples are code, not headings, and the parser says so.
    let starts: Vec<usize> = doc
        .headings
        .iter()
        .map(|h| h.span.start)
        .filter(|&at| text[at..].starts_with('#'))
        .collect();
    for at in starts.into_iter().rev() {
        text.insert(at, '#');
    }
    let html = designdoc_render::render(&designdoc_syntax::parse(&text)).html;
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html.as_str();
    while let Some(i) = rest.find(" id=\"") {
        out.push_str(&rest[..i + 5]);
        out.push_str(r.name);
        out.push('-');
        rest = &rest[i + 5..];
    }
    out.push_str(rest);
    out
}

/// `docs.json` (every doc's metadata, for other tools) and `feed.xml`.
fn data_files<'a>(cx: IndexCx<'a>, per_doc: &[(u64, u64)], out: &mut Vec<IndexPage<'a>>) {
    let (views, site, options) = (cx.views(), cx.site, cx.options);
    let k = cx.key(per_doc, "", "docs.json", &mut (0..views.len()), 0);
    add(
        out,
        "docs.json".into(),
        k,
        Box::new(move || Ok(vec![OutFile::new("docs.json", docs_json(views))])),
    );
    let k = cx.key(per_doc, "", "feed.xml", &mut (0..views.len()), 0);
    add(
        out,
        "feed.xml".into(),
        k,
        Box::new(move || {
            Ok(vec![OutFile::new(
                "feed.xml",
                crate::feed::atom(views, &site.title, options),
            )])
        }),
    );
}

/// Adds the index page `url`.
fn add<'a>(out: &mut Vec<IndexPage<'a>>, url: String, key: u64, make: Make<'a>) {
    out.push(IndexPage { url, key, make });
}

/// An index page to make, unless its key is what it was.
struct IndexPage<'a> {
    url: String,
    key: u64,
    make: Box<dyn FnOnce() -> Result<Vec<OutFile>, SiteError> + Send + 'a>,
}

/// The anchor of the section holding a glossary term.
fn glossary_anchor(d: &SiteDoc, offset: usize) -> &str {
    d.sections
        .iter()
        .rev()
        .find(|(r, _)| r.start <= offset && offset < r.end)
        .map_or("", |(_, a)| a.as_str())
}

/// `docs.json`: every doc's metadata, for other tools.
fn docs_json(views: &[DocView]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Entry<'a> {
        number: Option<u32>,
        id: &'a Option<String>,
        title: &'a str,
        status: &'a Option<String>,
        authors: &'a [String],
        reviewers: &'a [String],
        approvers: &'a [String],
        created: &'a Option<String>,
        updated: &'a Option<String>,
        tags: Vec<&'a str>,
        path: &'a str,
        url: &'a str,
        errors: usize,
        warnings: usize,
    }
    let entries: Vec<Entry> = views
        .iter()
        .map(|v| Entry {
            number: v.number,
            id: &v.id,
            title: &v.title,
            status: &v.status,
            authors: &v.authors,
            reviewers: &v.reviewers,
            approvers: &v.approvers,
            created: &v.created,
            updated: &v.updated,
            tags: v.tags.iter().map(|(_, t)| t.as_str()).collect(),
            path: &v.path,
            url: &v.url,
            errors: v.errors,
            warnings: v.warnings,
        })
        .collect();
    #[derive(Serialize)]
    struct File<'a> {
        version: u32,
        docs: Vec<Entry<'a>>,
    }
    let mut out = serde_json::to_vec_pretty(&File {
        version: 1,
        docs: entries,
    })
    .expect("serializable");
    out.push(b'\n');
    out
}

/// Puts each section's diagnostics right after its heading. Anchors are
/// slugs (letters, digits, `-`, `_`), so finding `id="anchor"` in the
/// sanitized HTML is exact.
pub fn inject_diagnostics(html: &str, diags: &[PageDiag], root: &str) -> String {
    let mut by_anchor: BTreeMap<(&str, bool), Vec<&PageDiag>> = BTreeMap::new();
    for d in diags {
        if let Some(a) = &d.anchor {
            by_anchor.entry((a.as_str(), d.before)).or_default().push(d);
        }
    }
    if by_anchor.is_empty() {
        return html.to_string();
    }
    let mut inserts: Vec<(usize, String)> = Vec::new();
    for ((anchor, before), list) in by_anchor {
        let needle = format!(" id=\"{anchor}\"");
        let Some(at) = html.find(&needle) else {
            continue;
        };
        if before {
            // The heading's opening `<hN`.
            if let Some(open) = html[..at].rfind('<') {
                inserts.push((open, diagnostics_box(&list, root)));
            }
            continue;
        }
        let Some(close) = html[at..].find("</h").map(|c| at + c) else {
            continue;
        };
        let Some(end) = html[close..].find('>').map(|e| close + e + 1) else {
            continue;
        };
        inserts.push((end, diagnostics_box(&list, root)));
    }
    // Stable: at one place, "before the next heading" comes after "in
    // this section", as in the text.
    inserts.sort_by_key(|(at, _)| *at);
    let mut out =
        String::with_capacity(html.len() + inserts.iter().map(|i| i.1.len()).sum::<usize>());
    let mut last = 0;
    for (at, text) in inserts {
        out.push_str(&html[last..at]);
        out.push_str(&text);
        last = at;
    }
    out.push_str(&html[last..]);
    out
}

fn diagnostics_box(list: &[&PageDiag], root: &str) -> String {
    let mut s = String::from("<aside class=\"dd-diags\" data-pagefind-ignore>");
    for d in list {
        s.push_str(&format!(
            "<p class=\"dd-diag dd-{sev}{accepted}\"><span class=\"dd-sev\">{sev}</span>{label} <code>{code}</code> <a href=\"{root}rules.html#{name}\">{name}</a> <span class=\"dd-loc\">line {line}:{col}</span> {msg}</p>",
            sev = d.severity,
            accepted = if d.baselined { " dd-baselined" } else { "" },
            label = if d.baselined {
                " <span class=\"dd-base\" title=\"accepted in .designdoc-baseline.json\">baselined</span>"
            } else {
                ""
            },
            code = d.code,
            name = d.name,
            line = d.line,
            col = d.column,
            msg = escape(&d.message),
        ));
    }
    s.push_str("</aside>");
    s
}

/// HTML text escaping.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    escape_into(&mut out, s).expect("writing to a String cannot fail");
    out
}

/// [`escape`] into `out`, a run of plain text at a time.
fn escape_into(out: &mut impl std::fmt::Write, s: &str) -> std::fmt::Result {
    let mut plain = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.write_str(&s[plain..i])?;
        out.write_str(entity)?;
        plain = i + 1;
    }
    out.write_str(&s[plain..])
}

/// A serializable value for a template.
fn ser<T: Serialize>(t: T) -> Value {
    Value::from(minijinja::value::Serde(t))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_what_html_needs_and_keeps_the_rest() {
        assert_eq!(
            escape("a<b>&\"c\"'d' é/✓"),
            "a&lt;b&gt;&amp;&quot;c&quot;&#39;d&#39; é/✓"
        );
        assert_eq!(escape(""), "");
        assert_eq!(escape("<"), "&lt;");
    }

    #[test]
    fn only_the_templates_that_show_the_counts_are_keyed_by_them() {
        let pages = Pages::new(None).unwrap();
        assert!(pages.reads_counts.contains("home.html"));
        for t in ["doc.html", "listing.html", "glossary.html", "rules.html"] {
            assert!(!pages.reads_counts.contains(t), "{t}");
        }
    }

    #[test]
    fn a_theme_whose_base_shows_the_counts_keys_every_page_by_them() {
        let theme = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(theme.path().join("templates")).unwrap();
        let base = assets::TEMPLATES
            .iter()
            .find(|(n, _)| *n == "base.html")
            .unwrap()
            .1
            .replace("</body>", "<footer>{{ doc_count }} docs</footer></body>");
        std::fs::write(theme.path().join("templates/base.html"), base).unwrap();
        let pages = Pages::new(Some(theme.path())).unwrap();
        assert!(pages.reads_counts.contains("doc.html"));
        assert!(pages.reads_counts.contains("listing.html"));
    }
}
