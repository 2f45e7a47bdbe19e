//! Search: a Pagefind index of every doc page (Pagefind's Rust API; it
//! brings its own search UI and WebAssembly), and a small fallback index
//! for a site opened from the file system, where browsers refuse the
//! fetches Pagefind makes.
//!
//! Pagefind's API indexes one page at a time, about 6 ms for a 20 KB doc,
//! so a large site is split into shards by a hash of each page's URL
//! (stable as docs come and go), indexed in parallel, and merged by the
//! search UI in the browser (Pagefind's `mergeIndex`). A shard whose
//! pages did not change is not indexed again, in this process or the next
//! build's: the shards' keys and files are kept in the output directory
//! ([`STATE`]), and a shard is reused only while every file it made is
//! still there as the manifest says it was written.

use std::hash::{Hash, Hasher};
use std::time::{Duration, Instant};

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use serde::{Deserialize, Serialize};

use crate::Progress;
use crate::model::SiteDoc;
use crate::output::{OutFile, Output, hash};

/// Where the first shard's files go in the site; shard `k` goes to
/// `pagefind-k/`.
pub const DIR: &str = "pagefind";

/// Pages per shard, about: a site under this is one bundle.
pub const SHARD_PAGES: usize = 1000;

/// The fallback index's budget: its text is cut to fit, evenly per doc.
const FALLBACK_BUDGET: usize = 8 * 1024 * 1024;

/// The longest excerpt a doc gives the fallback index.
pub const EXCERPT: usize = 4000;

/// Where the search state is kept, in the output directory (a dot-file:
/// never served).
pub const STATE: &str = ".designdoc-search.json";

/// Part of every shard's key: a new Pagefind, or new input to it, must
/// index everything again.
pub const FORMAT: &str = "designdoc search 1; pagefind 1.6";

/// What earlier indexing made, to reuse for shards that did not change.
#[derive(Default, Serialize, Deserialize)]
pub struct SearchState {
    version: u32,
    /// Per shard: the hash of its pages (URL and content) and the files
    /// it made.
    shards: Vec<(u64, Vec<String>)>,
}

impl SearchState {
    /// The state an earlier build left in `out`; none when there is none
    /// or it cannot be read (then every shard is indexed).
    pub fn load(out: &Output) -> SearchState {
        std::fs::read(out.dir.join(STATE))
            .ok()
            .and_then(|b| serde_json::from_slice::<SearchState>(&b).ok())
            .filter(|s| s.version == 1)
            .unwrap_or_default()
    }

    /// Saves the state in `out`, for the next build.
    pub fn save(&self, out: &Output) -> std::io::Result<()> {
        let state = SearchState {
            version: 1,
            shards: self.shards.clone(),
        };
        let json = serde_json::to_vec(&state).map_err(std::io::Error::other)?;
        out.write_extra(STATE, &json)
    }

    /// Forgets the shards some of whose files are gone or were not
    /// written: they are indexed again.
    pub fn check_against(&mut self, out: &Output) {
        for (key, files) in &mut self.shards {
            if files.is_empty() || !files.iter().all(|f| out.has(f)) {
                *key = 0;
                files.clear();
            }
        }
    }
}

/// What indexing gives the site.
pub struct Indexed {
    /// Files to write: the shards indexed now, the shard list and the
    /// fallback index.
    pub files: Vec<OutFile>,
    /// Files of the shards reused, already in the output directory.
    pub kept: Vec<String>,
    /// Shard counts and time spent.
    pub timing: Timing,
}

/// Time spent, for `--verbose`.
#[derive(Debug, Default, Clone)]
pub struct Timing {
    /// Shards the index has now (buckets no page fell in make none; at
    /// least one, which holds the search UI).
    pub shards: usize,
    /// Shards indexed again by this run.
    pub indexed: usize,
    /// Shards whose pages did not change, their files kept from before
    /// (`shards - indexed`).
    pub reused: usize,
    /// Wall-clock time of the whole indexing.
    pub elapsed: Duration,
    /// Time Pagefind spent reading the pages, summed over the shards
    /// indexed (they run in parallel, so this can exceed `elapsed`).
    pub adding: Duration,
    /// Time Pagefind spent building and compressing the bundles, summed
    /// over the shards indexed like `adding`.
    pub bundling: Duration,
}

/// The start of a doc's text (paragraphs, list items, table rows).
pub fn excerpt(doc: &designdoc_syntax::Document<'_>) -> String {
    let mut x = String::new();
    for b in &doc.blocks {
        if x.len() >= EXCERPT {
            break;
        }
        if matches!(
            b.kind,
            designdoc_syntax::BlockKind::Paragraph
                | designdoc_syntax::BlockKind::ListItem
                | designdoc_syntax::BlockKind::TableRow
        ) {
            x.push_str(&b.text);
            x.push(' ');
        }
    }
    x
}

/// The shard a page belongs to, out of `n`.
fn shard_of(url: &str, n: usize) -> usize {
    let mut h = rustc_hash::FxHasher::default();
    url.hash(&mut h);
    (h.finish() % n as u64) as usize
}

/// The bundle folder of shard `k`: [`DIR`], then `pagefind-k/`.
pub fn shard_dir(k: usize) -> String {
    if k == 0 {
        DIR.to_string()
    } else {
        format!("{DIR}-{k}")
    }
}

/// A page for Pagefind to index: its URL in the site (relative, with
/// `/`), its title, its rendered body, and the filters it is found by.
pub struct SearchPage<'a> {
    /// The page's URL relative to the site's root (`docs/0001-x.html`).
    pub url: &'a str,
    /// The title results show (plain text; escaped here).
    pub title: String,
    /// The page's body: sanitised HTML. When empty, the title stands for
    /// it.
    pub html: &'a str,
    /// Filters (`repo`, `payments`) the search UI offers as facets; plain
    /// text, escaped here.
    pub filters: Vec<(&'static str, String)>,
}

impl SearchPage<'_> {
    /// What Pagefind is given for a page: its rendered body and title, not
    /// the whole page (navigation, metadata and diagnostics are not
    /// searched, and parsing them cost Pagefind a third of its time).
    /// Results link to the page. The title is metadata, not text: as a
    /// heading of its own it came back in excerpts beside the doc's own
    /// title. Each filter is an empty element, so its value is not text
    /// to find.
    fn html(&self) -> String {
        let title = crate::pages::escape(&self.title);
        // A doc that could not be rendered is still found by its title (a
        // page with no text is left out, and a shard without pages breaks
        // search).
        let body = if self.html.trim().is_empty() {
            format!("<p>{title}</p>")
        } else {
            self.html.to_string()
        };
        let filters: String = self
            .filters
            .iter()
            .map(|(k, v)| {
                format!(
                    "<span data-pagefind-filter=\"{k}:{}\"></span>",
                    crate::pages::escape(v)
                )
            })
            .collect();
        format!(
            "<!doctype html><html lang=\"en\"><head><title data-pagefind-meta=\"title\">{title}</title></head><body><main data-pagefind-body>{filters}{body}</main></body></html>"
        )
    }
}

/// A doc of the site as Pagefind is given it.
fn search_page(d: &SiteDoc) -> SearchPage<'_> {
    SearchPage {
        url: &d.url,
        title: format!("{} {}", d.info.label(), d.info.title),
        html: &d.html,
        filters: Vec::new(),
    }
}

/// Indexes the docs: each shard whose docs changed since `state` was
/// made is indexed again, the others reused. `shard_pages` is about how
/// many pages a shard holds.
pub fn index(
    docs: &[SiteDoc],
    shard_pages: usize,
    state: &mut SearchState,
    progress: &dyn Progress,
) -> Result<Indexed, String> {
    let started = Instant::now();
    let buckets = docs.len().div_ceil(shard_pages.max(1)).max(1);
    let mut shards: Vec<Vec<&SiteDoc>> = vec![Vec::new(); buckets];
    for d in docs {
        shards[shard_of(&d.url, buckets)].push(d);
    }
    // An empty bundle breaks Pagefind's search ("No language indexes
    // found"), so a bucket no page fell in makes no shard; the first
    // shard (which holds the search UI) exists even for no pages.
    let mut shards: Vec<Vec<&SiteDoc>> = shards.into_iter().filter(|s| !s.is_empty()).collect();
    if shards.is_empty() {
        shards.push(Vec::new());
    }
    let n = shards.len();
    for s in &mut shards {
        s.sort_by(|a, b| a.url.cmp(&b.url));
    }
    let keys: Vec<u64> = shards
        .iter()
        .enumerate()
        .map(|(k, s)| {
            // A stable hash (FxHash, not the std hasher, whose algorithm
            // may change between releases): the keys outlive the process.
            let mut h = rustc_hash::FxHasher::default();
            (FORMAT, buckets, k).hash(&mut h);
            for d in s {
                (
                    &d.url,
                    &d.info.title,
                    d.info.number,
                    hash(d.html.as_bytes()),
                )
                    .hash(&mut h);
            }
            h.finish()
        })
        .collect();
    state.shards.resize_with(n, Default::default);
    state.shards.truncate(n);
    let todo: Vec<usize> = (0..n)
        .filter(|&k| state.shards[k].0 != keys[k] || state.shards[k].1.is_empty())
        .collect();
    // One shard per core at a time: each holds its pages' words in
    // memory until it is written.
    let next = std::sync::atomic::AtomicUsize::new(0);
    let workers = rayon::current_num_threads().clamp(1, todo.len().max(1));
    let built: Vec<Result<(usize, Shard), String>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(&k) = todo.get(i) else { break };
                        done.push(index_shard(k, &shards[k], progress).map(|f| (k, f)));
                    }
                    done
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| {
                h.join()
                    .unwrap_or_else(|_| vec![Err("the indexer failed".to_string())])
            })
            .collect()
    });
    let (mut adding, mut bundling) = (Duration::ZERO, Duration::ZERO);
    let mut out: Vec<OutFile> = Vec::new();
    for r in built {
        let (k, shard) = r?;
        adding += shard.adding;
        bundling += shard.bundling;
        state.shards[k] = (
            keys[k],
            shard.files.iter().map(|f| f.path.clone()).collect(),
        );
        out.extend(shard.files);
    }
    let kept: Vec<String> = (0..n)
        .filter(|k| !todo.contains(k))
        .flat_map(|k| state.shards[k].1.iter().cloned())
        .collect();
    out.push(shard_list(n));
    out.push(fallback(docs));
    let timing = Timing {
        shards: n,
        indexed: todo.len(),
        reused: n - todo.len(),
        elapsed: started.elapsed(),
        adding,
        bundling,
    };
    Ok(Indexed {
        files: out,
        kept,
        timing,
    })
}

/// A shard's bundle and how long it took.
pub struct Shard {
    /// The bundle's files, under its folder.
    pub files: Vec<OutFile>,
    /// Time Pagefind spent reading the pages.
    pub adding: Duration,
    /// Time Pagefind spent building and compressing the bundle.
    pub bundling: Duration,
}

/// One Pagefind bundle of `docs`, under shard `k`'s folder.
fn index_shard(k: usize, docs: &[&SiteDoc], progress: &dyn Progress) -> Result<Shard, String> {
    let pages: Vec<SearchPage> = docs.iter().map(|d| search_page(d)).collect();
    index_pages(&shard_dir(k), &pages, progress)
}

/// One Pagefind bundle of `pages`, its files under `dir` (`pagefind`,
/// `pagefind-3`). Each page's URL is kept as given, from the root: the
/// search UI is told the site's base.
pub fn index_pages(
    dir: &str,
    pages: &[SearchPage],
    progress: &dyn Progress,
) -> Result<Shard, String> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        let t = Instant::now();
        for p in pages {
            index
                .add_html_file(None, Some(format!("/{}", p.url)), p.html())
                .await
                .map_err(|e| format!("{}: {e}", p.url))?;
            progress.advance(1);
        }
        let adding = t.elapsed();
        let t = Instant::now();
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        let bundling = t.elapsed();
        let files = files
            .into_iter()
            .map(|f| {
                let name = f.filename.to_string_lossy().replace('\\', "/");
                OutFile::new(format!("{dir}/{name}"), f.contents)
            })
            .collect();
        Ok(Shard {
            files,
            adding,
            bundling,
        })
    })
}

/// `search-shards.js`: the folders of shards 1 to `n - 1`, which the
/// search UI merges into shard 0's index (Pagefind's `mergeIndex`).
pub fn shard_list(n: usize) -> OutFile {
    let others: Vec<String> = (1..n).map(shard_dir).collect();
    shard_list_of(&others)
}

/// `search-shards.js` naming the folders (`pagefind-3`) the search UI
/// merges into the first shard's index ([`DIR`]).
pub fn shard_list_of(others: &[String]) -> OutFile {
    let others: Vec<String> = others.iter().map(|d| format!("{d}/")).collect();
    OutFile::new(
        "search-shards.js",
        format!(
            "window.DESIGNDOC_SEARCH_SHARDS = {};\n",
            serde_json::to_string(&others).expect("serializable")
        ),
    )
}

/// A doc in the fallback index (`search-index.js`).
#[derive(Serialize)]
pub struct FallbackEntry<'a> {
    /// The page's URL, from the root.
    #[serde(rename = "u")]
    pub url: &'a str,
    /// Its label (number or id).
    #[serde(rename = "l")]
    pub label: String,
    /// Its title.
    #[serde(rename = "t")]
    pub title: &'a str,
    /// Its status.
    #[serde(rename = "s")]
    pub status: Option<&'a str>,
    /// Its headings: (anchor, text).
    #[serde(rename = "h")]
    pub headings: Vec<(&'a str, &'a str)>,
    /// The start of its text.
    #[serde(rename = "x")]
    pub excerpt: &'a str,
}

/// `search-index.js`: titles, headings and the start of each doc's text,
/// as a script (a page opened from the file system may load scripts but
/// not fetch files).
fn fallback(docs: &[SiteDoc]) -> OutFile {
    let per_doc = (FALLBACK_BUDGET / docs.len().max(1)).clamp(200, EXCERPT);
    let entries: Vec<FallbackEntry> = docs
        .iter()
        .map(|d| {
            let mut cut = per_doc.min(d.excerpt.len());
            while !d.excerpt.is_char_boundary(cut) {
                cut -= 1;
            }
            FallbackEntry {
                url: &d.url,
                label: d.info.label(),
                title: &d.info.title,
                status: d.info.status.as_deref(),
                headings: d
                    .toc
                    .iter()
                    .map(|t| (t.anchor.as_str(), t.text.as_str()))
                    .collect(),
                excerpt: &d.excerpt[..cut],
            }
        })
        .collect();
    fallback_file(&entries)
}

/// `search-index.js` holding `entries`, for the search of a page opened
/// from the file system.
pub fn fallback_file(entries: &[FallbackEntry]) -> OutFile {
    let json = serde_json::to_string(entries).expect("serializable");
    // Inside a script: no `</script>` or `<!--` may appear (JSON escapes
    // neither on its own).
    let json = json.replace("</", "<\\/").replace("<!--", "<\\!--");
    OutFile::new(
        "search-index.js",
        format!("window.DESIGNDOC_SEARCH = {json};\n"),
    )
}
