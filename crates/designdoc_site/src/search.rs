//! Search: a Pagefind index of every doc page (Pagefind's Rust API; it
//! brings its own search UI and WebAssembly), and a small fallback index
//! for a site opened from the file system, where browsers refuse the
//! fetches Pagefind makes.

use std::collections::HashMap;

use pagefind::api::PagefindIndex;
use pagefind::options::PagefindServiceConfig;
use serde::Serialize;

use crate::Progress;
use crate::model::SiteDoc;
use crate::output::OutFile;

/// Where Pagefind's files go in the site.
pub const DIR: &str = "pagefind";

/// The fallback index's budget: its text is cut to fit, evenly per doc.
const FALLBACK_BUDGET: usize = 8 * 1024 * 1024;

/// The longest excerpt a doc gives the fallback index.
pub const EXCERPT: usize = 4000;

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

/// Indexes the doc pages. `cache` holds each page's HTML from earlier
/// builds (a rebuild renders only changed pages); `files` brings this
/// build's. Returns Pagefind's files and the fallback index.
pub fn index(
    docs: &[SiteDoc],
    files: &[OutFile],
    cache: &mut HashMap<String, String>,
    progress: &dyn Progress,
) -> Result<Vec<OutFile>, String> {
    let urls: std::collections::HashSet<&str> = docs.iter().map(|d| d.url.as_str()).collect();
    for f in files {
        if urls.contains(f.path.as_str()) {
            cache.insert(
                f.path.clone(),
                String::from_utf8_lossy(&f.contents).into_owned(),
            );
        }
    }
    cache.retain(|url, _| urls.contains(url.as_str()));
    let mut pages: Vec<(&String, &String)> = cache.iter().collect();
    pages.sort();

    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| e.to_string())?;
    let mut out = runtime.block_on(async {
        let config = PagefindServiceConfig::builder()
            .keep_index_url(true)
            .force_language("en".to_string())
            .build();
        let mut index = PagefindIndex::new(Some(config)).map_err(|e| e.to_string())?;
        for (url, html) in pages {
            index
                .add_html_file(None, Some(format!("/{url}")), html.clone())
                .await
                .map_err(|e| format!("{url}: {e}"))?;
            progress.advance(1);
        }
        let files = index.get_files().await.map_err(|e| e.to_string())?;
        Ok::<_, String>(
            files
                .into_iter()
                .map(|f| {
                    let name = f.filename.to_string_lossy().replace('\\', "/");
                    OutFile::new(format!("{DIR}/{name}"), f.contents)
                })
                .collect::<Vec<_>>(),
        )
    })?;
    out.push(fallback(docs));
    Ok(out)
}

/// `search-index.js`: titles, headings and the start of each doc's text,
/// as a script (a page opened from the file system may load scripts but
/// not fetch files).
fn fallback(docs: &[SiteDoc]) -> OutFile {
    #[derive(Serialize)]
    struct Entry<'a> {
        u: &'a str,
        l: String,
        t: &'a str,
        s: Option<&'a str>,
        h: Vec<(&'a str, &'a str)>,
        x: String,
    }
    let per_doc = (FALLBACK_BUDGET / docs.len().max(1)).clamp(200, 4000);
    let entries: Vec<Entry> = docs
        .iter()
        .map(|d| {
            let mut x = d.excerpt.clone();
            let mut cut = per_doc.min(x.len());
            while !x.is_char_boundary(cut) {
                cut -= 1;
            }
            x.truncate(cut);
            Entry {
                u: &d.url,
                l: d.info.label(),
                t: &d.info.title,
                s: d.info.status.as_deref(),
                h: d.toc
                    .iter()
                    .map(|t| (t.anchor.as_str(), t.text.as_str()))
                    .collect(),
                x,
            }
        })
        .collect();
    let json = serde_json::to_string(&entries).expect("serializable");
    // Inside a script element: no `</script>` may appear (JSON escapes
    // nothing of the kind on its own).
    let json = json.replace("</", "<\\/").replace("<!--", "<\\!--");
    OutFile::new(
        "search-index.js",
        format!("window.DESIGNDOC_SEARCH = {json};\n"),
    )
}
