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

/// Graphs with more docs than this are not laid out (the layout grows
/// faster than linearly); the page lists the relations instead.
pub const MAX_GRAPH_NODES: usize = 400;

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
}

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
/// CSS class.
pub fn slug(s: &str) -> String {
    let mut out = String::new();
    for c in s.trim().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "x".to_string() } else { out }
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
    let (mut errors, mut warnings) = (0, 0);
    for x in d.own.iter().chain(&d.repo_diags) {
        match x.severity {
            designdoc_lint::Severity::Error => errors += 1,
            designdoc_lint::Severity::Warning => warnings += 1,
            designdoc_lint::Severity::Info => {}
        }
    }
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
            let text = match value.as_str() {
                Some(s) => escape(s),
                None => escape(&value.to_string()),
            };
            out.write_str(&text).map_err(minijinja::Error::from)
        });
        let mut hasher = std::collections::hash_map::DefaultHasher::new();
        for (name, builtin) in assets::TEMPLATES {
            let text = match theme.map(|t| t.join("templates").join(name)) {
                Some(p) if p.is_file() => std::fs::read_to_string(&p)
                    .map_err(|e| SiteError(format!("theme template {}: {e}", p.display())))?,
                _ => builtin.to_string(),
            };
            text.hash(&mut hasher);
            env.add_template_owned(name.to_string(), text)
                .map_err(|e| SiteError(format!("template {name}: {e}")))?;
        }
        let theme_assets = match theme {
            Some(t) => assets::theme_files(&t.join("assets"))
                .map_err(|e| SiteError(format!("theme assets in {}: {e}", t.display())))?,
            None => Vec::new(),
        };
        theme_assets.hash(&mut hasher);
        Ok(Pages {
            env,
            theme_assets,
            edges: Vec::new(),
            templates_hash: hasher.finish(),
        })
    }

    pub fn theme_assets(&self) -> &[(String, Vec<u8>)] {
        &self.theme_assets
    }

    pub fn set_edges(&mut self, edges: Vec<(usize, usize, EdgeKind)>) {
        self.edges = edges;
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

    fn base(&self, site: &SiteContext, options: &Options, url: &str) -> Value {
        context! {
            site_title => site.title.clone(),
            root => root_of(url),
            statuses => site.statuses.clone(),
            tags => site.tags.clone(),
            live_reload => options.live_reload,
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
            .map(|(i, d)| {
                (
                    d.url.clone(),
                    self.page_key(d, i, &related[i], site, options),
                )
            })
            .collect();
        let todo: Vec<usize> = (0..docs.len())
            .filter(|&i| keys.get(&new_keys[i].0) != Some(&new_keys[i].1))
            .collect();
        let pages: Vec<Result<OutFile, SiteError>> = todo
            .par_iter()
            .map(|&i| {
                self.doc_page(&docs[i], &site.views[i], &related[i], site, options)
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
        // relations: rendered again only when one of those changed.
        let index_key = self.index_key(docs, site, options);
        if keys.get(INDEX_KEY) != Some(&index_key) {
            let index = self.index_pages(docs, site, options)?;
            keys.retain(|k, _| !k.starts_with(INDEX_KEY));
            keys.insert(INDEX_KEY.to_string(), index_key);
            for f in &index {
                keys.insert(format!("{INDEX_KEY}{}", f.path), 0);
            }
            files.extend(index);
        }
        Ok((files, rendered))
    }

    /// Everything the index pages show, hashed.
    fn index_key(&self, docs: &[SiteDoc], site: &SiteContext, options: &Options) -> u64 {
        // Per doc in parallel: its metadata and its glossary as the
        // glossary page shows it (term, definition, section), not where
        // the text puts them (an edit above moves those).
        let per_doc: Vec<u64> = docs
            .par_iter()
            .zip(&site.views)
            .map(|(d, v)| {
                let mut h = FxHasher::default();
                v.hash(&mut h);
                for g in &d.glossary {
                    (&g.term, &g.definition, glossary_anchor(d, g.offset)).hash(&mut h);
                }
                h.finish()
            })
            .collect();
        let mut h = FxHasher::default();
        self.templates_hash.hash(&mut h);
        per_doc.hash(&mut h);
        self.edges.hash(&mut h);
        (&site.title, &site.statuses, &site.tags).hash(&mut h);
        (options.live_reload, &options.base_url, options.today).hash(&mut h);
        h.finish()
    }

    /// Everything a doc page shows, hashed.
    fn page_key(
        &self,
        d: &SiteDoc,
        i: usize,
        related: &[(&'static str, usize)],
        site: &SiteContext,
        options: &Options,
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
        // The navigation every page carries.
        (&site.title, &site.statuses, &site.tags, site.views.len()).hash(&mut h);
        options.live_reload.hash(&mut h);
        h.finish()
    }

    fn doc_page(
        &self,
        d: &SiteDoc,
        v: &DocView,
        related: &[(&'static str, usize)],
        site: &SiteContext,
        options: &Options,
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
        let ctx = context! {
            doc => ser(v),
            body => Value::from_safe_string(body),
            toc => toc,
            diagnostics => ser(&diags),
            doc_diagnostics => ser(&top),
            related => ser(&rel),
            failure => d.failure.clone(),
            notices => d.notices.clone(),
            mermaid => d.mermaid,
            code => d.code,
            source_path => d.info.path.clone(),
            ..self.base(site, options, &d.url),
        };
        self.render("doc.html", ctx)
    }

    fn index_pages(
        &self,
        docs: &[SiteDoc],
        site: &SiteContext,
        options: &Options,
    ) -> Result<Vec<OutFile>, SiteError> {
        let mut files = Vec::new();
        let views = &site.views;
        let page = |name: &str, url: &str, extra: Value| -> Result<OutFile, SiteError> {
            let ctx = context! { ..extra, ..self.base(site, options, url) };
            Ok(OutFile::new(url, self.render(name, ctx)?))
        };

        // Home: the dashboard.
        let mut recent: Vec<&DocView> = views.iter().filter(|v| v.updated.is_some()).collect();
        recent.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.url.cmp(&b.url)));
        recent.truncate(RECENT);
        let mut review: Vec<&DocView> = views
            .iter()
            .filter(|v| {
                v.status
                    .as_deref()
                    .is_some_and(|s| s.contains("review") || s == "proposed")
            })
            .collect();
        review.sort_by_key(|v| std::cmp::Reverse(v.waiting_days));
        let mut failing: Vec<&DocView> = views.iter().filter(|v| v.errors > 0).collect();
        failing.sort_by_key(|v| std::cmp::Reverse(v.errors));
        files.push(page(
            "home.html",
            "index.html",
            context! {
                recent => ser(&recent),
                in_review => ser(&review),
                failing => ser(failing.iter().take(50).collect::<Vec<_>>()),
                failing_count => failing.len(),
            },
        )?);

        // Listings: all docs, docs with problems, by status, by tag.
        let listing = |url: &str, heading: String, list: Vec<&DocView>| {
            page(
                "listing.html",
                url,
                context! { heading => heading, docs => ser(&list) },
            )
        };
        files.push(listing(
            "all.html",
            "All docs".into(),
            views.iter().collect(),
        )?);
        files.push(listing(
            "problems.html",
            "Docs with check errors".into(),
            failing.clone(),
        )?);
        for (slug, status, _) in &site.statuses {
            let list = views
                .iter()
                .filter(|v| v.status.as_deref().unwrap_or("none") == status)
                .collect();
            files.push(listing(
                &format!("status/{slug}.html"),
                format!("Status: {status}"),
                list,
            )?);
        }
        for (slug, tag, _) in &site.tags {
            let list = views
                .iter()
                .filter(|v| v.tags.iter().any(|(_, t)| t == tag))
                .collect();
            files.push(listing(
                &format!("tags/{slug}.html"),
                format!("Tag: {tag}"),
                list,
            )?);
        }

        // The glossary: every doc's terms, merged by term.
        let mut terms: BTreeMap<String, Vec<Value>> = BTreeMap::new();
        for (d, v) in docs.iter().zip(views) {
            for g in &d.glossary {
                let anchor = glossary_anchor(d, g.offset);
                terms
                    .entry(g.term.to_lowercase())
                    .or_default()
                    .push(context! {
                        term => g.term.clone(),
                        definition => g.definition.clone(),
                        doc => v.label.clone(),
                        title => v.title.clone(),
                        url => format!("{}#{anchor}", v.url),
                    });
            }
        }
        let terms: Vec<Value> = terms
            .into_iter()
            .map(|(key, entries)| {
                let term = entries
                    .first()
                    .and_then(|e| e.get_attr("term").ok())
                    .map_or(key.clone(), |t| t.to_string());
                context! { term => term, anchor => slug(&key), entries => entries }
            })
            .collect();
        files.push(page(
            "glossary.html",
            "glossary.html",
            context! { terms => terms },
        )?);

        // The graph: a picture (an image, so nothing in it can run) and
        // the relations as links.
        let involved: std::collections::BTreeSet<usize> =
            self.edges.iter().flat_map(|e| [e.0, e.1]).collect();
        let edges: Vec<Value> = self
            .edges
            .iter()
            .map(|&(a, b, k)| {
                context! {
                    from => ser(&views[a]),
                    to => ser(&views[b]),
                    kind => match k {
                        EdgeKind::Supersedes => "supersedes",
                        EdgeKind::DependsOn => "depends on",
                        EdgeKind::Links => "links to",
                    },
                }
            })
            .collect();
        let picture = if involved.is_empty() {
            None
        } else if involved.len() > MAX_GRAPH_NODES {
            Some(Err(format!(
                "{} docs have relations: too many to lay out as one picture (over {MAX_GRAPH_NODES}); `designdoc graph --format dot` gives the whole graph.",
                involved.len()
            )))
        } else {
            let nodes: Vec<usize> = involved.iter().copied().collect();
            let at: HashMap<usize, usize> =
                nodes.iter().enumerate().map(|(k, &i)| (i, k)).collect();
            let infos: Vec<designdoc_repo::catalog::DocInfo> =
                nodes.iter().map(|&i| docs[i].info.clone()).collect();
            let sub: Vec<(usize, usize, EdgeKind)> = self
                .edges
                .iter()
                .map(|&(a, b, k)| (at[&a], at[&b], k))
                .collect();
            Some(designdoc_repo::graph::svg(&infos, &sub))
        };
        let (has_picture, graph_note) = match picture {
            Some(Ok(svg)) => {
                files.push(OutFile::new("graph.svg", svg));
                (true, None)
            }
            Some(Err(e)) => (false, Some(e)),
            None => (false, None),
        };
        files.push(page(
            "graph.html",
            "graph.html",
            context! { edges => edges, has_picture => has_picture, note => graph_note },
        )?);

        // The timeline of decisions, newest first, by month.
        let mut decided: Vec<&DocView> = views
            .iter()
            .filter(|v| v.status.as_deref().is_some_and(|s| DECIDED.contains(&s)))
            .collect();
        decided.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.url.cmp(&b.url)));
        let mut months: Vec<(String, Vec<&DocView>)> = Vec::new();
        for v in decided {
            let month = v.updated.as_deref().map_or("undated".to_string(), |u| {
                u.get(..7).unwrap_or(u).to_string()
            });
            match months.last_mut() {
                Some((m, list)) if *m == month => list.push(v),
                _ => months.push((month, vec![v])),
            }
        }
        files.push(page(
            "timeline.html",
            "timeline.html",
            context! { months => ser(&months) },
        )?);

        // Every rule's documentation, which diagnostics link to.
        let rules: Vec<Value> = designdoc_lint::registry::RULES
            .iter()
            .map(|r| {
                let text = r.documentation();
                let doc = designdoc_syntax::parse(&text);
                context! {
                    code => r.code,
                    name => r.name,
                    severity => r.default_severity.as_str(),
                    html => Value::from_safe_string(designdoc_render::render(&doc).html),
                }
            })
            .collect();
        files.push(page(
            "rules.html",
            "rules.html",
            context! { rules => rules },
        )?);

        files.push(OutFile::new("docs.json", docs_json(views)));
        files.push(OutFile::new(
            "feed.xml",
            crate::feed::atom(views, &site.title, options),
        ));
        Ok(files)
    }
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
    let mut out = serde_json::to_vec_pretty(&serde_json::json!({
        "version": 1,
        "docs": entries,
    }))
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
            "<p class=\"dd-diag dd-{sev}\"><span class=\"dd-sev\">{sev}</span> <code>{code}</code> <a href=\"{root}rules.html#{name}\">{name}</a> <span class=\"dd-loc\">line {line}:{col}</span> {msg}</p>",
            sev = d.severity,
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
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// A serializable value for a template.
fn ser<T: Serialize>(t: T) -> Value {
    Value::from(minijinja::value::Serde(t))
}
