//! What ships in the binary: the page templates, the stylesheet, the
//! site's script, and the vendored libraries (highlight.js for code,
//! Mermaid for diagrams; both run in the reader's browser, as mdBook does
//! with highlight.js, so no JavaScript engine is needed here). A theme
//! folder replaces any of them file by file.

use std::path::Path;

use crate::output::OutFile;

/// The page templates, by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../assets/templates/base.html")),
    (
        "macros.html",
        include_str!("../assets/templates/macros.html"),
    ),
    ("home.html", include_str!("../assets/templates/home.html")),
    ("trace.html", include_str!("../assets/templates/trace.html")),
    (
        "targets.html",
        include_str!("../assets/templates/targets.html"),
    ),
    ("doc.html", include_str!("../assets/templates/doc.html")),
    (
        "listing.html",
        include_str!("../assets/templates/listing.html"),
    ),
    (
        "glossary.html",
        include_str!("../assets/templates/glossary.html"),
    ),
    ("graph.html", include_str!("../assets/templates/graph.html")),
    (
        "timeline.html",
        include_str!("../assets/templates/timeline.html"),
    ),
    ("rules.html", include_str!("../assets/templates/rules.html")),
];

/// Static files, written under `assets/`.
pub const STATIC: &[(&str, &[u8])] = &[
    ("style.css", include_bytes!("../assets/style.css")),
    ("site.js", include_bytes!("../assets/site.js")),
    ("reload.js", include_bytes!("../assets/reload.js")),
    // highlight.js 11.11.1 (BSD-3-Clause), from npm @highlightjs/cdn-assets.
    (
        "highlight.min.js",
        include_bytes!("../assets/vendor/highlight.min.js"),
    ),
    // Mermaid 11.12.0 (MIT), from npm mermaid, dist/mermaid.min.js.
    (
        "mermaid.min.js",
        include_bytes!("../assets/vendor/mermaid.min.js"),
    ),
    (
        "LICENSES.txt",
        include_bytes!("../assets/vendor/LICENSES.txt"),
    ),
];

/// The static files, with the theme's in place of the built-in ones and
/// its other files added.
pub fn files(theme: &[(String, Vec<u8>)]) -> Vec<OutFile> {
    let mut out: Vec<OutFile> = STATIC
        .iter()
        .filter(|(name, _)| !theme.iter().any(|(t, _)| t == name))
        .map(|(name, bytes)| OutFile::new(format!("assets/{name}"), bytes.to_vec()))
        .collect();
    out.extend(
        theme
            .iter()
            .map(|(name, bytes)| OutFile::new(format!("assets/{name}"), bytes.clone())),
    );
    out
}

/// Every regular file under a theme's `assets/` folder (symlinks are not
/// followed), by path relative to it.
pub fn theme_files(dir: &Path) -> std::io::Result<Vec<(String, Vec<u8>)>> {
    let mut out = Vec::new();
    if !dir.is_dir() {
        return Ok(out);
    }
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d)? {
            let entry = entry?;
            let t = entry.file_type()?;
            let p = entry.path();
            if t.is_dir() {
                stack.push(p);
            } else if t.is_file() {
                let rel = p
                    .strip_prefix(dir)
                    .unwrap_or(&p)
                    .to_string_lossy()
                    .replace('\\', "/");
                out.push((rel, std::fs::read(&p)?));
            }
        }
    }
    out.sort();
    Ok(out)
}
