//! Search across repositories: Pagefind indexes of the docs' pages, with
//! the repository and the status as facets (filters), each result titled
//! as a reference to it is written (`payments:0012 Title`), merged by the search UI in the
//! browser (Pagefind's `mergeIndex`, as the site merges its shards).
//!
//! The catalog indexes the sanitised HTML of each accepted bundle itself,
//! rather than copying an index a bundle brings: a Pagefind index is
//! binary, and its URLs and excerpts could not be checked as the pages
//! are. It stays federated: the sources are grouped into shards of about
//! [`SHARD_DOCS`] docs by a hash of their names (stable as sources come and
//! go), and a shard is indexed again only when one of its sources' bundles
//! changed, so a rebuild after one bundle changed indexes one shard,
//! whatever the size of the organisation. One index per source would index
//! even less, but the browser would then fetch from a thousand indexes for
//! each search.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use designdoc_site::search::{self, SearchPage};
use rayon::prelude::*;

use crate::build::BuildError;
use crate::sources::Loaded;

/// Docs per shard, about, unless `catalog.toml` says (`search-shard-size`): a bigger shard makes a rebuild after one bundle
/// changed index more pages; a smaller one makes each search fetch from
/// more indexes.
pub const SHARD_DOCS: usize = 500;

/// A doc as search needs it: its source, its path in the bundle, its page
/// and what results show.
pub(crate) struct Entry<'a> {
    pub source: usize,
    pub path: &'a str,
    pub url: &'a str,
    pub label: &'a str,
    pub title: &'a str,
    pub status: Option<&'a str>,
}

/// What indexing gives the build.
pub(crate) struct Indexed {
    /// Files to write: the shards indexed now, the list of shards and the
    /// title index for a catalog opened from the file system.
    pub files: Vec<(String, Vec<u8>)>,
    /// Per shard: its key and the files it made (for the manifest).
    pub state: Vec<(u64, Vec<String>)>,
    /// Shards indexed now.
    pub indexed: usize,
}

/// The shards of `entries`: each source's docs in the shard its name
/// hashes to, shards no doc fell in left out (Pagefind cannot search an
/// empty index), and at least one shard, which holds the search UI.
fn shards(loaded: &[Loaded], entries: &[Entry], size: usize) -> (usize, Vec<Vec<usize>>) {
    let buckets = entries.len().div_ceil(size.max(1)).max(1);
    let mut of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); buckets];
    for e in entries {
        let name = &loaded[e.source].source.name;
        let b = (designdoc_repo::text_hash(name) % buckets as u64) as usize;
        of[b].insert(e.source);
    }
    let mut shards: Vec<Vec<usize>> = of
        .into_iter()
        .filter(|s| !s.is_empty())
        .map(|s| s.into_iter().collect())
        .collect();
    if shards.is_empty() {
        shards.push(Vec::new());
    }
    (buckets, shards)
}

/// Indexes the docs of `entries` whose shard changed since `before` was
/// made (or whose files are gone from `out`); the other shards are kept.
pub(crate) fn index(
    loaded: &[Loaded],
    entries: &[Entry],
    shard_size: usize,
    cache: &Path,
    out: &Path,
    before: &[(u64, Vec<String>)],
) -> Result<Indexed, BuildError> {
    let (buckets, shards) = shards(loaded, entries, shard_size);
    // A shard's key: what its pages are made of (each source's accepted
    // bundle, by hash, and its name, which is in every URL and facet).
    let keys: Vec<u64> = shards
        .iter()
        .enumerate()
        .map(|(k, sources)| {
            let mut key = format!("{}; catalog 1; {buckets}; {k}", search::FORMAT);
            for &s in sources {
                let l = &loaded[s];
                let accepted = l.seen.as_ref().map_or(0, |s| s.accepted);
                key.push_str(&format!("; {} {accepted}", l.source.name));
            }
            designdoc_repo::text_hash(&key)
        })
        .collect();
    let todo: Vec<usize> = (0..shards.len())
        .filter(|&k| {
            before.get(k).is_none_or(|(key, files)| {
                *key != keys[k] || files.is_empty() || !files.iter().all(|f| out.join(f).is_file())
            })
        })
        .collect();
    let mut of_source: HashMap<usize, Vec<&Entry>> = HashMap::new();
    for e in entries {
        of_source.entry(e.source).or_default().push(e);
    }
    // Shards in parallel; each holds its sources' bundles while it is
    // indexed.
    let built: Vec<Result<(usize, search::Shard), BuildError>> = todo
        .par_iter()
        .map(|&k| {
            let mut bundles = Vec::new();
            for &s in &shards[k] {
                let name = &loaded[s].source.name;
                let docs = crate::sources::read_accepted(cache, name).ok_or_else(|| {
                    BuildError(format!(
                        "the cache's copy of {name}'s bundle cannot be read: remove {} and build again",
                        cache.display()
                    ))
                })?;
                bundles.push((s, docs));
            }
            let mut pages: Vec<SearchPage> = Vec::new();
            for (s, docs) in &bundles {
                let html: HashMap<&str, &str> =
                    docs.iter().map(|d| (d.path.as_str(), d.html.as_str())).collect();
                for e in of_source.get(s).into_iter().flatten() {
                    let name = &loaded[*s].source.name;
                    let filters = vec![
                        ("repository", name.clone()),
                        ("status", e.status.unwrap_or("no status").to_string()),
                    ];
                    pages.push(SearchPage {
                        url: e.url,
                        // As a reference to it is written: payments:0012.
                        title: format!("{name}:{} {}", e.label, e.title),
                        html: html.get(e.path).copied().unwrap_or(""),
                        filters,
                    });
                }
            }
            search::index_pages(
                &search::shard_dir(k),
                &pages,
                &designdoc_site::Quiet,
            )
            .map(|shard| (k, shard))
            .map_err(|e| BuildError(format!("search index: {e}")))
        })
        .collect();
    let mut state: Vec<(u64, Vec<String>)> = (0..shards.len())
        .map(|k| match before.get(k) {
            Some(b) if !todo.contains(&k) => b.clone(),
            _ => (keys[k], Vec::new()),
        })
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for r in built {
        let (k, shard) = r?;
        state[k].1 = shard.files.iter().map(|f| f.path.clone()).collect();
        files.extend(shard.files.into_iter().map(|f| (f.path, f.contents)));
    }
    let list = search::shard_list(shards.len());
    files.push((list.path, list.contents));
    // A catalog opened from the file system cannot fetch Pagefind's
    // index: titles only, from what every build has anyway.
    let titles: Vec<search::FallbackEntry> = entries
        .iter()
        .map(|e| search::FallbackEntry {
            url: e.url,
            label: format!("{}:{}", loaded[e.source].source.name, e.label),
            title: e.title,
            status: e.status,
            headings: Vec::new(),
            excerpt: "",
        })
        .collect();
    let fallback = search::fallback_file(&titles);
    files.push((fallback.path, fallback.contents));
    Ok(Indexed {
        files,
        state,
        indexed: todo.len(),
    })
}
