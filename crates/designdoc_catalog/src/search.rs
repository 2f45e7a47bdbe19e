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

use std::collections::HashMap;
use std::path::Path;

use designdoc_site::search::{self, SearchPage};
use rayon::prelude::*;

use crate::build::BuildError;
use crate::sources::Loaded;

/// Docs per shard, about, unless `catalog.toml` says (`search-shard-size`):
/// a bigger shard makes a rebuild after one bundle changed index more
/// pages (and hold more in memory: Pagefind keeps about 0.3 MB per page
/// while it indexes); a smaller one makes each search fetch from more
/// indexes.
pub const SHARD_DOCS: usize = 300;

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

/// A shard as the manifest keeps it, to reuse it while its sources'
/// bundles do not change.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub(crate) struct ShardState {
    /// What its pages were made of.
    pub key: u64,
    /// The files it made.
    pub files: Vec<String>,
    /// A hash of its `pagefind-entry.json` as written: a shard whose
    /// folder a later, failed build wrote over is not reused.
    pub entry: u64,
}

/// What indexing gives the build.
pub(crate) struct Indexed {
    /// Files to write: the list of shards and the title index for a
    /// catalog opened from the file system (the shards indexed now are
    /// written already).
    pub files: Vec<(String, Vec<u8>)>,
    /// Per shard: its key and the files it made (for the manifest).
    pub state: Vec<ShardState>,
    /// Shards indexed now.
    pub indexed: usize,
}

/// A shard: its folder and its sources.
struct Shard {
    dir: String,
    sources: Vec<usize>,
}

/// The shards of `entries`, as content-defined chunks of the sources:
/// sources in the order of a hash of their names, a shard ending after a
/// source with a chance of its docs in `size` (decided by another hash of
/// its name), or before one that would make it more than twice `size`. A
/// shard's bounds thus depend on its own sources only: a source that
/// comes, goes or grows changes its shard (and at most its neighbour's),
/// never the others, and shards hold about `size` docs whatever the sizes
/// of the sources. A source bigger than that is a shard of its own.
///
/// The first shard's folder is [`search::DIR`] (it holds the search UI);
/// the others are named after their first source, so that a shard keeps
/// its folder as the ones before it change. At least one shard, maybe
/// empty.
fn shards(loaded: &[Loaded], entries: &[Entry], size: usize) -> Vec<Shard> {
    let size = size.max(1);
    let mut docs: HashMap<usize, usize> = HashMap::new();
    for e in entries {
        *docs.entry(e.source).or_default() += 1;
    }
    let hash = |s: usize, salt: &str| {
        designdoc_repo::text_hash(&format!("{salt}{}", loaded[s].source.name))
    };
    let mut order: Vec<(u64, usize)> = docs.keys().map(|&s| (hash(s, ""), s)).collect();
    order.sort_unstable();
    let mut shards: Vec<Shard> = Vec::new();
    let mut current: Vec<usize> = Vec::new();
    let mut held = 0;
    for (_, s) in order {
        let n = docs[&s];
        if !current.is_empty() && held + n > 2 * size {
            shards.push(Shard {
                dir: String::new(),
                sources: std::mem::take(&mut current),
            });
            held = 0;
        }
        current.push(s);
        held += n;
        if (hash(s, "cut:") % size as u64) < n as u64 {
            shards.push(Shard {
                dir: String::new(),
                sources: std::mem::take(&mut current),
            });
            held = 0;
        }
    }
    if !current.is_empty() || shards.is_empty() {
        shards.push(Shard {
            dir: String::new(),
            sources: current,
        });
    }
    for (k, shard) in shards.iter_mut().enumerate() {
        shard.dir = match (k, shard.sources.first()) {
            (0, _) | (_, None) => search::DIR.to_string(),
            (_, Some(&first)) => format!("{}-{:016x}", search::DIR, hash(first, "")),
        };
    }
    shards
}

/// Indexes the docs of `entries` whose shard changed since `before` was
/// made (or whose files are gone from `out`); the other shards are kept.
pub(crate) fn index(
    loaded: &[Loaded],
    entries: &[Entry],
    shard_size: usize,
    cache: &Path,
    out: &Path,
    before: &[ShardState],
) -> Result<Indexed, BuildError> {
    let shards = shards(loaded, entries, shard_size);
    // A shard's key: its folder and what its pages are made of (each
    // source's accepted bundle, by hash, and its name, which is in every
    // URL and facet).
    let keys: Vec<u64> = shards
        .iter()
        .map(|shard| {
            let mut key = format!("{}; catalog 2; {}", search::FORMAT, shard.dir);
            for &s in &shard.sources {
                let l = &loaded[s];
                let accepted = l.seen.as_ref().map_or(0, |s| s.accepted);
                key.push_str(&format!("; {} {accepted}", l.source.name));
            }
            designdoc_repo::text_hash(&key)
        })
        .collect();
    let reusable: HashMap<u64, &ShardState> = before
        .iter()
        .filter(|b| {
            !b.files.is_empty()
                && b.files.iter().all(|f| out.join(f).is_file())
                && entry_hash(out, &b.files) == Some(b.entry)
        })
        .map(|b| (b.key, b))
        .collect();
    let todo: Vec<usize> = (0..shards.len())
        .filter(|&k| !reusable.contains_key(&keys[k]))
        .collect();
    let mut of_source: HashMap<usize, Vec<&Entry>> = HashMap::new();
    for e in entries {
        of_source.entry(e.source).or_default().push(e);
    }
    // Shards in parallel; each holds its sources' bundles while it is
    // indexed, and its files until they are written, as soon as it is
    // done (so memory follows the shards being indexed, not how many
    // there are).
    let built: Vec<Result<(usize, Vec<String>, u64), BuildError>> = todo
        .par_iter()
        .map(|&k| {
            let mut bundles = Vec::new();
            for &s in &shards[k].sources {
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
            let shard = search::index_pages(&shards[k].dir, &pages, &designdoc_site::Quiet)
                .map_err(|e| BuildError(format!("search index: {e}")))?;
            drop(pages);
            drop(bundles);
            let names: Vec<String> = shard.files.iter().map(|f| f.path.clone()).collect();
            let entry = shard
                .files
                .iter()
                .find(|f| f.path.ends_with("/pagefind-entry.json"))
                .map_or(0, |f| designdoc_repo::bytes_hash(&f.contents));
            let mut files: Vec<(String, Vec<u8>)> =
                shard.files.into_iter().map(|f| (f.path, f.contents)).collect();
            crate::build::write_files(out, &mut files)?;
            Ok((k, names, entry))
        })
        .collect();
    let mut state: Vec<ShardState> = keys
        .iter()
        .map(|key| match reusable.get(key) {
            Some(b) => (*b).clone(),
            None => ShardState {
                key: *key,
                ..ShardState::default()
            },
        })
        .collect();
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    for r in built {
        let (k, names, entry) = r?;
        state[k].files = names;
        state[k].entry = entry;
    }
    let others: Vec<String> = shards.iter().skip(1).map(|s| s.dir.clone()).collect();
    let list = search::shard_list_of(&others);
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

/// The hash of a shard's `pagefind-entry.json` as it is on disk.
fn entry_hash(out: &Path, files: &[String]) -> Option<u64> {
    let entry = files.iter().find(|f| f.ends_with("/pagefind-entry.json"))?;
    std::fs::read(out.join(entry))
        .ok()
        .map(|b| designdoc_repo::bytes_hash(&b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::{Source, SourceKind};
    use crate::sources::State;

    fn org(sizes: &[usize]) -> (Vec<Loaded>, Vec<String>) {
        let loaded: Vec<Loaded> = sizes
            .iter()
            .enumerate()
            .map(|(i, _)| Loaded {
                source: Source {
                    name: format!("repo-{i}"),
                    kind: SourceKind::Bundle(Default::default()),
                },
                state: State::Ok,
                message: None,
                docs: Vec::new(),
                fresh: false,
                seen: None,
            })
            .collect();
        let paths = (0..sizes.iter().max().copied().unwrap_or(0))
            .map(|k| format!("d{k}.md"))
            .collect();
        (loaded, paths)
    }

    fn entries<'a>(sizes: &[usize], paths: &'a [String]) -> Vec<Entry<'a>> {
        let mut out = Vec::new();
        for (s, &n) in sizes.iter().enumerate() {
            for p in &paths[..n] {
                out.push(Entry {
                    source: s,
                    path: p,
                    url: p,
                    label: "0001",
                    title: "T",
                    status: None,
                });
            }
        }
        out
    }

    fn sizes_of(shards: &[Shard], sizes: &[usize]) -> Vec<usize> {
        shards
            .iter()
            .map(|s| s.sources.iter().map(|&i| sizes[i]).sum())
            .collect()
    }

    /// Shards hold about the size asked, never more than twice it (but
    /// for a source bigger than that alone), and a source that comes
    /// changes its own shard and at most the next: every other shard
    /// keeps its folder and its sources.
    #[test]
    fn shards_are_bounded_and_a_new_source_moves_only_its_own() {
        for (count, each) in [(1000, 20), (100, 200), (40, 700)] {
            let sizes = vec![each; count];
            let (loaded, paths) = org(&sizes);
            let e = entries(&sizes, &paths);
            let shards = shards(&loaded, &e, 300);
            let held = sizes_of(&shards, &sizes);
            assert!(
                held.iter().all(|&n| n <= 600 || n == each),
                "{count} x {each}: {held:?}"
            );
            let total: usize = held.iter().sum();
            assert_eq!(total, count * each);
            assert!(
                shards.len() >= total / each.max(600),
                "{count} x {each}: {held:?}"
            );
            assert_eq!(shards[0].dir, "pagefind");
            let dirs: std::collections::HashSet<&str> =
                shards.iter().map(|s| s.dir.as_str()).collect();
            assert_eq!(dirs.len(), shards.len(), "folders are unique");

            let mut grown = sizes.clone();
            grown.push(each);
            let (loaded2, paths2) = org(&grown);
            let e2 = entries(&grown, &paths2);
            let after = super::shards(&loaded2, &e2, 300);
            let before: std::collections::HashSet<(&str, &Vec<usize>)> = shards
                .iter()
                .map(|s| (s.dir.as_str(), &s.sources))
                .collect();
            let changed = after
                .iter()
                .filter(|s| !before.contains(&(s.dir.as_str(), &s.sources)))
                .count();
            assert!(changed <= 3, "{count} x {each}: {changed} shards changed");
            if each == 20 {
                // Small sources pack: a shard is about the size asked.
                let mean = total / shards.len();
                assert!((150..=450).contains(&mean), "mean {mean}: {held:?}");
            }
        }
        let (loaded, paths) = org(&[]);
        let none = shards(&loaded, &entries(&[], &paths), 300);
        assert_eq!(none.len(), 1);
        assert_eq!(none[0].dir, "pagefind");
    }
}
