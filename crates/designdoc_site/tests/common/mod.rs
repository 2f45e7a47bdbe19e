//! A fixture repository and a site built from it.
#![allow(dead_code)] // each test file uses its own subset

use std::path::{Path, PathBuf};

use designdoc_repo::Workspace;
use designdoc_site::{Options, Quiet, Report, Site};

pub const FIXTURES: &[(&str, &[u8])] = &[
    (
        "0001-rate-limiter.md",
        include_bytes!("../fixtures/0001-rate-limiter.md"),
    ),
    (
        "0002-quotas.md",
        include_bytes!("../fixtures/0002-quotas.md"),
    ),
    (
        "0003-hostile.md",
        include_bytes!("../fixtures/0003-hostile.md"),
    ),
    (
        "0004-broken.md",
        include_bytes!("../fixtures/0004-broken.md"),
    ),
];

/// A repository with the fixture docs under `docs/design/`.
pub fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("designdoc.toml"),
        "paths = [\"docs/design/**/*.md\"]\n\n[site]\ntitle = \"Fixture docs\"\n",
    )
    .unwrap();
    let docs = dir.path().join("docs/design");
    std::fs::create_dir_all(&docs).unwrap();
    for (name, text) in FIXTURES {
        std::fs::write(docs.join(name), text).unwrap();
    }
    dir
}

pub fn workspace(root: &Path) -> Workspace {
    Workspace::discover(root).unwrap()
}

pub fn options(ws: &Workspace) -> Options {
    Options::from_workspace(ws, jiff::civil::date(2026, 3, 1))
}

/// Builds the site of `root` with `opts` changed by `tune`.
pub fn build(root: &Path, tune: impl FnOnce(&mut Options)) -> (Site, Report, Workspace) {
    let ws = workspace(root);
    let mut opts = options(&ws);
    tune(&mut opts);
    let mut site = Site::new(&ws, opts).unwrap();
    let report = site.build(&ws, root, &Quiet).unwrap();
    (site, report, ws)
}

pub fn read(root: &Path, rel: &str) -> String {
    let p: PathBuf = root.join(rel);
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// The `<article>` of a doc page: the doc's own rendered HTML.
pub fn article(page: &str) -> &str {
    let start = page.find("<article").expect("an article");
    let end = page[start..].find("</article>").expect("closed") + start;
    &page[start..end]
}
