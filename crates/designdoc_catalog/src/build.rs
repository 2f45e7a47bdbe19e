//! The catalog's pages and `catalog.json`, from the sources' bundles.

use std::collections::HashMap;
use std::path::Path;

use minijinja::{Environment, Value, context};
use serde::Serialize;

use designdoc_site::bundle::BundleDoc;

use crate::config::Catalog;
use crate::sources::{Loaded, State, page_of};

/// Statuses of decided docs, for "recently decided".
const DECIDED: &[&str] = &[
    "accepted",
    "implemented",
    "rejected",
    "withdrawn",
    "superseded",
    "final",
];
/// How many recently decided docs the dashboard lists.
const RECENT: usize = 20;

/// What a build did.
#[derive(Debug, Default)]
pub struct Report {
    /// Docs in the catalog.
    pub docs: usize,
    /// Doc pages rendered (the others were unchanged).
    pub pages: usize,
    /// Each source: (name, state, message).
    pub sources: Vec<(String, State, Option<String>)>,
    /// References between repositories that resolve to no doc.
    pub problems: usize,
    /// Search shards indexed (the others were unchanged).
    pub search_shards: usize,
    /// Files an earlier build wrote that are gone now: pages of docs and
    /// sources no longer in the catalog, search shards no longer used.
    pub removed: usize,
}

/// A catalog that could not be written.
#[derive(Debug)]
pub struct BuildError(pub String);

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for BuildError {}

/// One doc as the pages and `catalog.json` show it.
#[derive(Debug, Clone, Serialize)]
struct Row {
    repo: String,
    number: Option<u32>,
    label: String,
    title: String,
    status: Option<String>,
    status_class: String,
    updated: Option<String>,
    authors: Vec<String>,
    path: String,
    /// The doc's page, relative to the catalog's root.
    url: String,
    errors: usize,
    warnings: usize,
    /// In review (or proposed): waiting for a decision.
    in_review: bool,
    /// Days since it was last updated (else created), when in review and
    /// dated.
    waiting: Option<i64>,
}

/// A reference between repositories that resolves to no doc.
#[derive(Debug, Clone, Serialize)]
struct Problem {
    repo: String,
    path: String,
    line: usize,
    message: String,
    #[serde(skip)]
    url: String,
}

fn label(d: &BundleDoc) -> String {
    match (d.number, &d.id) {
        (Some(n), _) => format!("{n:04}"),
        (None, Some(id)) => id.clone(),
        (None, None) => d.path.clone(),
    }
}

fn days_since(today: jiff::civil::Date, date: Option<&str>) -> Option<i64> {
    let d: jiff::civil::Date = date?.get(..10)?.parse().ok()?;
    Some(i64::from((today - d).get_days()))
}

/// Builds the catalog of `loaded` into `out`: the dashboard, a page per
/// repository, each doc's page, the problems page, `catalog.json` and the
/// stylesheet.
pub fn build(
    catalog: &Catalog,
    loaded: &[Loaded],
    out: &Path,
    cache: &Path,
    today: jiff::civil::Date,
) -> Result<Report, BuildError> {
    let previous = read_manifest(out);
    // Pages made by another designdoc (other templates) are all rendered
    // again; the previous manifest still says what to remove.
    let same_version = previous.version == render_version();
    let (rows, at) = rows_of(loaded, today);
    let (relations, problems) = resolve(loaded, &rows, &at);

    // Each source's rows, once (not a scan of every row per source).
    let mut of_source: Vec<Vec<usize>> = vec![Vec::new(); loaded.len()];
    for (i, &(s, _)) in at.iter().enumerate() {
        of_source[s].push(i);
    }
    let env = environment()?;
    let sources: Vec<Value> = loaded
        .iter()
        .enumerate()
        .map(|(s, l)| {
            let docs: Vec<&Row> = of_source[s].iter().map(|&i| &rows[i]).collect();
            let mut statuses: Vec<(String, String, usize)> = Vec::new();
            for r in &docs {
                let name = r.status.clone().unwrap_or_else(|| "no status".to_string());
                match statuses.iter_mut().find(|s| s.1 == name) {
                    Some(s) => s.2 += 1,
                    None => statuses.push((r.status_class.clone(), name, 1)),
                }
            }
            context! {
                name => l.source.name.clone(),
                kind => l.source.kind.as_str(),
                state => l.state.as_str(),
                message => l.message.clone(),
                docs => docs.len(),
                statuses => statuses,
            }
        })
        .collect();
    // Every page's frame; the list of sources only where a page shows it
    // (a thousand repositories' links on each of 20,000 pages was most of
    // a build's output).
    let base = |root: &str| context! { title => catalog.title.clone(), root => root.to_string() };
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let render = |name: &str, ctx: Value| -> Result<Vec<u8>, BuildError> {
        env.get_template(name)
            .and_then(|t| t.render(ctx))
            .map(String::into_bytes)
            .map_err(|e| BuildError(format!("template {name}: {e}")))
    };

    // The dashboard.
    let mut in_review: Vec<&Row> = rows.iter().filter(|r| r.in_review).collect();
    in_review.sort_by_key(|r| std::cmp::Reverse(r.waiting));
    let accepted_with_errors: Vec<&Row> = rows
        .iter()
        .filter(|r| matches!(r.status.as_deref(), Some("accepted" | "implemented")) && r.errors > 0)
        .collect();
    let mut decided: Vec<&Row> = rows
        .iter()
        .filter(|r| r.status.as_deref().is_some_and(|s| DECIDED.contains(&s)))
        .collect();
    decided.sort_by(|a, b| b.updated.cmp(&a.updated));
    decided.truncate(RECENT);
    files.push((
        "index.html".into(),
        render(
            "home.html",
            context! {
                doc_count => rows.len(),
                sources => sources.clone(),
                in_review => ser(&in_review),
                accepted_with_errors => ser(&accepted_with_errors),
                decided => ser(&decided),
                ..base("")
            },
        )?,
    ));
    // A page per repository, and each doc's page.
    for (s, l) in loaded.iter().enumerate() {
        let name = &l.source.name;
        let docs: Vec<&Row> = of_source[s].iter().map(|&i| &rows[i]).collect();
        files.push((
            format!("{name}/index.html"),
            render(
                "repo.html",
                context! {
                    name => name.clone(),
                    kind => l.source.kind.as_str(),
                    state => l.state.as_str(),
                    message => l.message.clone(),
                    docs => ser(&docs),
                    ..base("../")
                },
            )?,
        ));
    }
    // Each doc's page: written again when its bundle changed, or when
    // what its relations resolve to did. A source's accepted bundle is
    // read from the cache then, one source at a time.
    let relation_key = |i: usize| {
        let mut h = std::collections::hash_map::DefaultHasher::new();
        std::hash::Hash::hash(&relations[i], &mut h);
        std::hash::Hasher::finish(&h)
    };
    let mut pages_written = 0;
    let mut manifest = Manifest {
        version: render_version(),
        ..Manifest::default()
    };
    for (s, l) in loaded.iter().enumerate() {
        let mine = &of_source[s];
        let keys: HashMap<String, u64> = mine
            .iter()
            .map(|&i| (rows[i].path.clone(), relation_key(i)))
            .collect();
        let before = previous
            .sources
            .get(&l.source.name)
            .filter(|_| same_version);
        let stale_pages: Vec<usize> = mine
            .iter()
            .copied()
            .filter(|&i| {
                l.fresh
                    || before
                        .is_none_or(|b| b.relations.get(&rows[i].path) != keys.get(&rows[i].path))
                    || !out.join(&rows[i].url).is_file()
            })
            .collect();
        if let Some(seen) = &l.seen {
            manifest.sources.insert(
                l.source.name.clone(),
                SourceEntry {
                    seen: seen.clone(),
                    relations: keys,
                },
            );
        }
        if stale_pages.is_empty() {
            continue;
        }
        let Some(full) = crate::sources::read_accepted(cache, &l.source.name) else {
            return Err(BuildError(format!(
                "the cache's copy of {}'s bundle cannot be read: remove {} and build again",
                l.source.name,
                cache.display()
            )));
        };
        let by_path: HashMap<&str, &BundleDoc> =
            full.iter().map(|d| (d.path.as_str(), d)).collect();
        for i in stale_pages {
            let Some(d) = by_path.get(rows[i].path.as_str()) else {
                continue;
            };
            let row = &rows[i];
            let depth = row.url.matches('/').count();
            let root = "../".repeat(depth);
            // `payments:0012` in the text links where it resolved to.
            let hrefs: Vec<(&str, String)> = relations[i]
                .iter()
                .filter_map(|(_, value, url)| {
                    Some((value.as_str(), format!("{root}{}", url.as_ref()?)))
                })
                .collect();
            let targets: HashMap<&str, &str> =
                hrefs.iter().map(|(v, u)| (*v, u.as_str())).collect();
            let html = crate::links::link_mentions(&d.html, &targets);
            let rel: Vec<Value> = relations[i]
                .iter()
                .map(|(kind, value, url)| context! { kind => *kind, value => value.clone(), url => url.clone() })
                .collect();
            files.push((
                row.url.clone(),
                render(
                    "doc.html",
                    context! {
                        doc => ser(row),
                        // Sanitised when the bundle was accepted.
                        code => html.contains("<pre><code"),
                        mermaid => html.contains("language-mermaid"),
                        html => Value::from_safe_string(html),
                        failure => d.failure.clone(),
                        diagnostics => ser(&d.diagnostics),
                        relations => rel,
                        ..base(&root)
                    },
                )?,
            ));
            pages_written += 1;
        }
        // Written now, so that one source's pages are held at a time.
        write_files(out, &mut files)?;
    }
    let unread: Vec<Value> = loaded
        .iter()
        .filter(|l| l.state != State::Ok)
        .map(|l| {
            context! {
                name => l.source.name.clone(),
                kind => l.source.kind.as_str(),
                state => l.state.as_str(),
                message => l.message.clone(),
            }
        })
        .collect();
    let problem_values: Vec<Value> = problems
        .iter()
        .map(|p| {
            context! { repo => p.repo.clone(), path => p.path.clone(), line => p.line, message => p.message.clone(), url => p.url.clone() }
        })
        .collect();
    files.push((
        "problems.html".into(),
        render(
            "problems.html",
            context! { unread => unread, problems => problem_values, ..base("") },
        )?,
    ));
    files.push((
        "glossary.html".into(),
        render(
            "glossary.html",
            context! { terms => glossary(loaded, &rows, &at), ..base("") },
        )?,
    ));
    files.push((
        "timeline.html".into(),
        render(
            "timeline.html",
            context! { months => timeline(&rows), ..base("") },
        )?,
    ));
    files.push((
        "graph.html".into(),
        graph(&rows, &relations, &render, &base)?,
    ));
    files.push((
        "catalog.json".into(),
        catalog_json(loaded, &rows, &problems),
    ));
    // The site's stylesheet and script (search, the graph's zoom, code
    // highlighting and diagrams on the doc pages that have them) and the
    // scripts those load.
    for (name, bytes) in designdoc_site::assets::STATIC {
        files.push((format!("assets/{name}"), bytes.to_vec()));
    }

    // Search: only the shards whose sources' bundles changed are indexed.
    let entries: Vec<crate::search::Entry> = rows
        .iter()
        .zip(&at)
        .map(|(r, &(s, _))| crate::search::Entry {
            source: s,
            path: &r.path,
            url: &r.url,
            label: &r.label,
            title: &r.title,
            status: r.status.as_deref(),
        })
        .collect();
    let indexed = crate::search::index(
        loaded,
        &entries,
        catalog.search_shard_size,
        cache,
        out,
        &previous.search,
    )?;
    files.extend(indexed.files);
    manifest.search = indexed.state;

    files.push((
        MANIFEST.to_string(),
        serde_json::to_vec(&manifest).expect("plain data serializes"),
    ));
    write_files(out, &mut files)?;
    let removed = remove_gone(out, &previous, &manifest, loaded, &rows);
    Ok(Report {
        docs: rows.len(),
        pages: pages_written,
        sources: loaded
            .iter()
            .map(|l| (l.source.name.clone(), l.state, l.message.clone()))
            .collect(),
        problems: problems.len(),
        search_shards: indexed.indexed,
        removed,
    })
}

/// The pages a manifest says a build wrote for its sources (each doc's
/// page and each source's `index.html`) and its search files.
fn owned(manifest: &Manifest) -> std::collections::BTreeSet<String> {
    let mut files = std::collections::BTreeSet::new();
    for (name, entry) in &manifest.sources {
        files.insert(format!("{name}/index.html"));
        for path in entry.relations.keys() {
            if let Some(page) = page_of(path) {
                files.insert(format!("{name}/{page}"));
            }
        }
    }
    for shard in &manifest.search {
        files.extend(shard.files.iter().cloned());
    }
    files
}

/// Removes what the previous build wrote and this one did not (pages of
/// docs and sources that are gone, search shards no longer used), then
/// the folders that leaves empty. Only files the previous manifest names,
/// inside `out`, are touched; one that cannot be removed is left. Returns
/// how many were removed.
fn remove_gone(
    out: &Path,
    previous: &Manifest,
    now: &Manifest,
    loaded: &[Loaded],
    rows: &[Row],
) -> usize {
    let mut keep = owned(now);
    keep.extend(
        loaded
            .iter()
            .map(|l| format!("{}/index.html", l.source.name)),
    );
    keep.extend(rows.iter().map(|r| r.url.clone()));
    // On a case-insensitive disk `0001-Ledger.html` is the page
    // `0001-ledger.html` just written: never removed.
    let kept: std::collections::HashSet<String> = keep.iter().map(|k| k.to_lowercase()).collect();
    let mut removed = 0;
    let mut folders = std::collections::BTreeSet::new();
    for rel in owned(previous).difference(&keep) {
        if kept.contains(&rel.to_lowercase()) {
            continue;
        }
        let confined = Path::new(rel)
            .components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
        if !confined {
            continue;
        }
        let path = out.join(rel);
        if path.is_file() && std::fs::remove_file(&path).is_ok() {
            removed += 1;
            let mut dir = Path::new(rel).parent();
            while let Some(d) = dir.filter(|d| !d.as_os_str().is_empty()) {
                folders.insert(d.to_path_buf());
                dir = d.parent();
            }
        }
    }
    // Deepest first; a folder still holding anything stays.
    for d in folders.iter().rev() {
        let _ = std::fs::remove_dir(out.join(d));
    }
    removed
}

/// The graph page: the docs that reference a doc as `name:NNNN` and the
/// docs they reference, drawn (up to [`designdoc_site::MAX_GRAPH_NODES`]
/// docs) and listed.
#[allow(clippy::type_complexity)]
fn graph(
    rows: &[Row],
    relations: &[Vec<(&'static str, String, Option<String>)>],
    render: &dyn Fn(&str, Value) -> Result<Vec<u8>, BuildError>,
    base: &dyn Fn(&str) -> Value,
) -> Result<Vec<u8>, BuildError> {
    use designdoc_repo::graph::EdgeKind;
    let at_url: HashMap<&str, usize> = rows
        .iter()
        .enumerate()
        .map(|(i, r)| (r.url.as_str(), i))
        .collect();
    let mut edges: Vec<(usize, usize, EdgeKind)> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for (i, rel) in relations.iter().enumerate() {
        for (kind, _, url) in rel {
            let Some(&t) = url.as_deref().and_then(|u| at_url.get(u)) else {
                continue;
            };
            let edge = match *kind {
                "supersedes" => (i, t, EdgeKind::Supersedes),
                "superseded by" => (t, i, EdgeKind::Supersedes),
                "depends on" => (i, t, EdgeKind::DependsOn),
                _ => (i, t, EdgeKind::Links),
            };
            if edge.0 != edge.1 && seen.insert(edge) {
                edges.push(edge);
            }
        }
    }
    // A mention only where no other relation goes the same way.
    let stronger: std::collections::HashSet<(usize, usize)> = edges
        .iter()
        .filter(|e| e.2 != EdgeKind::Links)
        .map(|e| (e.0, e.1))
        .collect();
    edges.retain(|e| e.2 != EdgeKind::Links || !stronger.contains(&(e.0, e.1)));
    let mut involved: Vec<usize> = edges.iter().flat_map(|e| [e.0, e.1]).collect();
    involved.sort_unstable();
    involved.dedup();
    let index: HashMap<usize, usize> = involved.iter().enumerate().map(|(k, &i)| (i, k)).collect();
    let (picture, note) = if involved.is_empty() {
        (None, None)
    } else if involved.len() > designdoc_site::MAX_GRAPH_NODES {
        (
            None,
            Some(format!(
                "{} docs have relations: too many to lay out as one picture (over {}); they are listed below.",
                involved.len(),
                designdoc_site::MAX_GRAPH_NODES
            )),
        )
    } else {
        let infos: Vec<designdoc_repo::catalog::DocInfo> = involved
            .iter()
            .map(|&i| designdoc_repo::catalog::DocInfo {
                title: format!("{}:{} {}", rows[i].repo, rows[i].label, rows[i].title),
                status: rows[i].status.clone(),
                path: format!("{}/{}", rows[i].repo, rows[i].path),
                ..Default::default()
            })
            .collect();
        let urls: Vec<String> = involved.iter().map(|&i| rows[i].url.clone()).collect();
        let sub: Vec<(usize, usize, EdgeKind)> = edges
            .iter()
            .map(|&(a, b, k)| (index[&a], index[&b], k))
            .collect();
        let style = designdoc_repo::graph::Style {
            links: Some(&urls),
            themed: true,
        };
        match designdoc_repo::graph::svg_with(&infos, &sub, &style) {
            Ok(svg) => (Some(Value::from_safe_string(svg)), None),
            Err(e) => (None, Some(e)),
        }
    };
    let listed: Vec<Value> = edges
        .iter()
        .map(|&(a, b, k)| {
            context! {
                from => ser(&rows[a]),
                to => ser(&rows[b]),
                kind => match k {
                    EdgeKind::Supersedes => "supersedes",
                    EdgeKind::DependsOn => "depends on",
                    EdgeKind::Links => "mentions",
                },
            }
        })
        .collect();
    render(
        "graph.html",
        context! { picture => picture, note => note, edges => listed, ..base("") },
    )
}

/// Every doc of every source as pages show it, and where each came from
/// (source index, doc index).
fn rows_of(loaded: &[Loaded], today: jiff::civil::Date) -> (Vec<Row>, Vec<(usize, usize)>) {
    let mut rows: Vec<Row> = Vec::new();
    // (source index, doc index) of each row.
    let mut at: Vec<(usize, usize)> = Vec::new();
    for (s, l) in loaded.iter().enumerate() {
        for (k, d) in l.docs.iter().enumerate() {
            let Some(page) = page_of(&d.path) else {
                continue;
            };
            let in_review = d
                .status
                .as_deref()
                .is_some_and(|s| s.contains("review") || s == "proposed");
            rows.push(Row {
                repo: l.source.name.clone(),
                number: d.number,
                label: label(d),
                title: d.title.clone(),
                status: d.status.clone(),
                status_class: d
                    .status
                    .as_deref()
                    .map_or("none".to_string(), designdoc_syntax::slug::name_slug),
                updated: d.updated.clone(),
                authors: d.authors.clone(),
                path: d.path.clone(),
                url: format!("{}/{page}", l.source.name),
                errors: d.errors,
                warnings: d.warnings,
                in_review,
                waiting: in_review
                    .then(|| days_since(today, d.updated.as_deref().or(d.created.as_deref())))
                    .flatten(),
            });
            at.push((s, k));
        }
    }
    (rows, at)
}

/// Per row, its relations to docs of other repositories (kind, value as
/// written, the page it resolves to), and the references that resolve to
/// no doc.
#[allow(clippy::type_complexity)]
fn resolve(
    loaded: &[Loaded],
    rows: &[Row],
    at: &[(usize, usize)],
) -> (
    Vec<Vec<(&'static str, String, Option<String>)>>,
    Vec<Problem>,
) {
    // Numbers of each repository's docs, for `repo:NNNN`.
    // (A number two docs of one repository hold names neither.)
    let mut by_number: HashMap<(&str, u32), Vec<usize>> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        if let Some(n) = r.number {
            by_number.entry((r.repo.as_str(), n)).or_default().push(i);
        }
    }
    let state_of: HashMap<&str, State> = loaded
        .iter()
        .map(|l| (l.source.name.as_str(), l.state))
        .collect();
    let mut problems: Vec<Problem> = Vec::new();
    // Per row: (kind, value, the page it resolves to).
    let mut relations: Vec<Vec<(&'static str, String, Option<String>)>> =
        vec![Vec::new(); rows.len()];
    for (i, &(s, k)) in at.iter().enumerate() {
        let d = &loaded[s].docs[k];
        for (kind, refs) in [
            ("supersedes", &d.supersedes),
            ("superseded by", &d.superseded_by),
            ("depends on", &d.depends_on),
            ("mentions", &d.mentions),
        ] {
            for r in refs {
                let Some((repo, n)) = designdoc_lint::repo::cross_repository(&r.value) else {
                    continue;
                };
                // In the text, `name:NNNN` is a reference only when a
                // repository of the catalog is so named (`localhost:8080`
                // is not), and is listed once beside the front matter's.
                if kind == "mentions"
                    && (!state_of.contains_key(repo)
                        || relations[i].iter().any(|(_, v, _)| {
                            designdoc_lint::repo::cross_repository(v) == Some((repo, n))
                        }))
                {
                    continue;
                }
                let found = by_number.get(&(repo, n)).map_or(&[][..], Vec::as_slice);
                let target = (found.len() == 1).then(|| found[0]);
                relations[i].push((kind, r.value.clone(), target.map(|t| rows[t].url.clone())));
                if target.is_some() {
                    continue;
                }
                let message = match (state_of.get(repo), found.len()) {
                    (None, _) => format!("{}: no source of the catalog is named {repo:?}", r.value),
                    // Nothing to check it against: the source's own
                    // state is the problem, listed once.
                    (Some(State::Refused), _) => continue,
                    (Some(_), n2) if n2 > 1 => {
                        format!("{}: {repo} has {n2} docs numbered {n:04}", r.value)
                    }
                    (Some(State::Stale), _) => format!(
                        "{}: {repo} has no doc {n:04} in its last good bundle (it could not be read now)",
                        r.value
                    ),
                    (Some(_), _) => format!("{}: {repo} has no doc {n:04}", r.value),
                };
                problems.push(Problem {
                    repo: rows[i].repo.clone(),
                    path: rows[i].path.clone(),
                    line: r.line,
                    message,
                    url: rows[i].url.clone(),
                });
            }
        }
    }
    (relations, problems)
}

/// Every repository's glossary terms, merged by term (case aside), then by
/// definition (words, case and a final stop aside), with each doc that
/// gives it; anchors unique on the page.
fn glossary(loaded: &[Loaded], rows: &[Row], at: &[(usize, usize)]) -> Vec<Value> {
    use std::collections::BTreeMap;
    type Defs = Vec<(String, String, Vec<Value>)>;
    let mut terms: BTreeMap<String, (String, Defs)> = BTreeMap::new();
    for (i, &(s, k)) in at.iter().enumerate() {
        let r = &rows[i];
        for (term, definition) in &loaded[s].docs[k].glossary {
            let (_, defs) = terms
                .entry(term.to_lowercase())
                .or_insert_with(|| (term.clone(), Vec::new()));
            let key = designdoc_site::glossary::definition_key(definition);
            let from = context! {
                repo => r.repo.clone(), label => r.label.clone(), title => r.title.clone(), url => r.url.clone()
            };
            match defs.iter_mut().find(|(k2, _, _)| *k2 == key) {
                Some((_, _, docs)) => docs.push(from),
                None => defs.push((key, definition.clone(), vec![from])),
            }
        }
    }
    let mut anchors = std::collections::HashSet::new();
    terms
        .into_iter()
        .map(|(key, (term, defs))| {
            let anchor = designdoc_site::glossary::unique_anchor(&mut anchors, &key);
            let definitions: Vec<Value> = defs
                .into_iter()
                .map(|(_, text, docs)| context! { definition => text, docs => docs })
                .collect();
            context! { term => term, anchor => anchor, definitions => definitions }
        })
        .collect()
}

/// Decided docs with a date, newest first, by month (`2026-11`).
fn timeline(rows: &[Row]) -> Vec<Value> {
    let mut decided: Vec<&Row> = rows
        .iter()
        .filter(|r| {
            r.status.as_deref().is_some_and(|s| DECIDED.contains(&s))
                && r.updated
                    .as_deref()
                    .is_some_and(|d| d.is_char_boundary(7) && d.len() >= 7)
        })
        .collect();
    decided.sort_by(|a, b| b.updated.cmp(&a.updated));
    let mut months: Vec<(String, Vec<&Row>)> = Vec::new();
    for r in decided {
        let month = r.updated.as_deref().unwrap_or_default()[..7].to_string();
        match months.last_mut() {
            Some((m, docs)) if *m == month => docs.push(r),
            _ => months.push((month, vec![r])),
        }
    }
    months
        .into_iter()
        .map(|(month, docs)| context! { month => month, docs => ser(&docs) })
        .collect()
}

/// `catalog.json`: `{"version": 1, "sources": [{"name", "kind", "state",
/// "docs", "message"}], "docs": [{"repo", "number", "title", "status",
/// "url"}], "problems": [{"repo", "path", "line", "message"}]}`.
fn catalog_json(loaded: &[Loaded], rows: &[Row], problems: &[Problem]) -> Vec<u8> {
    #[derive(Serialize)]
    struct Source<'a> {
        name: &'a str,
        kind: &'a str,
        state: &'a str,
        docs: usize,
        message: Option<&'a str>,
    }
    #[derive(Serialize)]
    struct Doc<'a> {
        repo: &'a str,
        number: Option<u32>,
        title: &'a str,
        status: Option<&'a str>,
        url: &'a str,
    }
    #[derive(Serialize)]
    struct File<'a> {
        version: u32,
        sources: Vec<Source<'a>>,
        docs: Vec<Doc<'a>>,
        problems: &'a [Problem],
    }
    let file = File {
        version: 1,
        sources: loaded
            .iter()
            .map(|l| Source {
                name: &l.source.name,
                kind: l.source.kind.as_str(),
                state: l.state.as_str(),
                docs: l.docs.len(),
                message: l.message.as_deref(),
            })
            .collect(),
        docs: rows
            .iter()
            .map(|r| Doc {
                repo: &r.repo,
                number: r.number,
                title: &r.title,
                status: r.status.as_deref(),
                url: &r.url,
            })
            .collect(),
        problems,
    };
    let mut out = serde_json::to_vec_pretty(&file).expect("plain data serializes");
    out.push(b'\n');
    out
}

/// The manifest of a catalog's output folder: what each source's pages
/// were written from.
const MANIFEST: &str = ".designdoc-catalog.json";

#[derive(Default, serde::Serialize, serde::Deserialize)]
struct Manifest {
    /// What made the pages ([`render_version`]): when it differs, every
    /// bundle is accepted and every page rendered again.
    #[serde(default)]
    version: String,
    sources: std::collections::BTreeMap<String, SourceEntry>,
    /// Per search shard: its key and the files it made.
    #[serde(default)]
    search: Vec<crate::search::ShardState>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct SourceEntry {
    seen: crate::sources::Seen,
    /// Per doc path: a hash of what its relations resolved to.
    relations: HashMap<String, u64>,
}

/// This designdoc's version and a hash of its catalog templates and
/// assets: pages (and accepted bundles) made by another are made again.
fn render_version() -> String {
    let mut all = String::new();
    for (_, text) in TEMPLATES {
        all.push_str(text);
    }
    let assets: Vec<u8> = designdoc_site::assets::STATIC
        .iter()
        .flat_map(|(_, b)| b.iter().copied())
        .collect();
    format!(
        "{} {:016x} {:016x}",
        env!("CARGO_PKG_VERSION"),
        designdoc_repo::text_hash(&all),
        designdoc_repo::bytes_hash(&assets)
    )
}

fn read_manifest(out: &Path) -> Manifest {
    std::fs::read_to_string(out.join(MANIFEST))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// What the previous build into `out` saw of each source (by name), for
/// [`crate::sources::load_all`].
pub fn seen_before(out: &Path) -> HashMap<String, crate::sources::Seen> {
    let manifest = read_manifest(out);
    if manifest.version != render_version() {
        // Made by another designdoc: every bundle is accepted again (an
        // older one may have dropped what this one shows).
        return HashMap::new();
    }
    manifest
        .sources
        .into_iter()
        .map(|(name, e)| (name, e.seen))
        .collect()
}

/// Writes `files` under `out` and empties the list: each file whole (a
/// temporary file renamed over it) or not at all, an unchanged one not
/// touched; one that cannot be written does not stop the others.
pub(crate) fn write_files(
    out: &Path,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<(), BuildError> {
    let mut failed: Vec<String> = Vec::new();
    for (rel, bytes) in files.drain(..) {
        let path = out.join(&rel);
        if std::fs::read(&path).is_ok_and(|old| old == bytes) {
            continue;
        }
        // Bytes as they are: search's files are compressed.
        let written = path
            .parent()
            .map_or(Ok(()), std::fs::create_dir_all)
            .and_then(|()| designdoc_repo::write_new_or_replace(&path, &bytes));
        if let Err(e) = written {
            failed.push(format!("{}: {e}", path.display()));
        }
    }
    match failed.first() {
        None => Ok(()),
        Some(first) => Err(BuildError(format!(
            "cannot write {first}{}",
            match failed.len() {
                1 => String::new(),
                n => format!(" (and {} other files)", n - 1),
            }
        ))),
    }
}

/// The catalog's page templates.
const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("templates/base.html")),
    ("macros.html", include_str!("templates/macros.html")),
    ("home.html", include_str!("templates/home.html")),
    ("repo.html", include_str!("templates/repo.html")),
    ("doc.html", include_str!("templates/doc.html")),
    ("problems.html", include_str!("templates/problems.html")),
    ("glossary.html", include_str!("templates/glossary.html")),
    ("timeline.html", include_str!("templates/timeline.html")),
    ("graph.html", include_str!("templates/graph.html")),
];

fn environment() -> Result<Environment<'static>, BuildError> {
    let mut env = Environment::new();
    for &(name, text) in TEMPLATES {
        env.add_template(name, text)
            .map_err(|e| BuildError(format!("template {name}: {e}")))?;
    }
    env.set_auto_escape_callback(|_| minijinja::AutoEscape::Html);
    Ok(env)
}

/// Any serde value as a template value.
fn ser<T: Serialize>(t: T) -> Value {
    Value::from(minijinja::value::Serde(t))
}
