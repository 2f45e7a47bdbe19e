//! Which files to check: explicit paths, or the configured globs.

use std::path::{Component, Path, PathBuf};

use globset::{Glob, GlobSetBuilder};
use ignore::WalkBuilder;

/// Files to check. With explicit `paths`, files are taken as given (even
/// outside the configured globs) and directories are walked for `*.md`,
/// honouring `.gitignore`. Without, the configured globs are matched under
/// `root`. The result is sorted and free of repeats; missing paths are kept,
/// so that reading them reports the problem.
pub fn collect(root: &Path, globs: &[String], paths: &[PathBuf]) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if paths.is_empty() {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            if let Ok(glob) = Glob::new(g) {
                b.add(glob);
            }
        }
        let set = b.build().unwrap_or_else(|_| globset::GlobSet::empty());
        let mut bases: Vec<PathBuf> = globs.iter().map(|g| root.join(literal_prefix(g))).collect();
        bases.sort();
        bases.dedup();
        // Walk each base once; a base inside another is covered by it.
        let bases: Vec<PathBuf> = bases
            .iter()
            .filter(|b| !bases.iter().any(|o| o != *b && b.starts_with(o)))
            .cloned()
            .collect();
        for base in bases {
            if base.is_file() {
                out.push(base);
                continue;
            }
            for entry in WalkBuilder::new(&base).build().flatten() {
                let p = entry.path();
                if entry.file_type().is_some_and(|t| t.is_file())
                    && set.is_match(p.strip_prefix(root).unwrap_or(p))
                    && !is_index_file(p)
                {
                    out.push(p.to_path_buf());
                }
            }
        }
    } else {
        for p in paths {
            if p.is_dir() {
                for entry in WalkBuilder::new(p).build().flatten() {
                    let ep = entry.path();
                    if entry.file_type().is_some_and(|t| t.is_file())
                        && ep.extension().is_some_and(|e| e == "md" || e == "markdown")
                        && !is_index_file(ep)
                    {
                        out.push(ep.to_path_buf());
                    }
                }
            } else {
                out.push(p.clone());
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

/// The folders (or file) a glob can match under: its components before
/// the first with a wildcard (`docs/design/**/*.md` → `docs/design`).
pub fn literal_prefix(glob: &str) -> PathBuf {
    let mut prefix = PathBuf::new();
    for part in glob.split('/') {
        if part.contains(['*', '?', '[', '{']) {
            break;
        }
        prefix.push(part);
    }
    prefix
}

/// A path as shown to the user: relative to `cwd` when under it, with `/`.
pub fn display_path(path: &Path, cwd: &Path) -> String {
    let rel = path.strip_prefix(cwd).unwrap_or(path);
    let rel = rel.strip_prefix(".").unwrap_or(rel);
    let parts: Vec<String> = rel
        .components()
        .filter(|c| !matches!(c, Component::CurDir))
        .map(|c| {
            // A file name is printed too: no terminal escapes in it.
            designdoc_syntax::text::visible(&c.as_os_str().to_string_lossy()).into_owned()
        })
        .collect();
    let s = parts.join("/");
    if path.is_absolute() && !path.starts_with(cwd) {
        format!("/{}", s.trim_start_matches('/'))
    } else {
        s
    }
}

/// Whether a path is one of the docs the configured globs select (what
/// [`collect`] would find under `root`, were the file there).
pub struct DocMatcher {
    root: PathBuf,
    set: globset::GlobSet,
}

impl DocMatcher {
    /// A matcher for `globs` (relative to `root`, as `paths` in
    /// `designdoc.toml` writes them). A glob that does not parse is skipped.
    pub fn new(root: &Path, globs: &[String]) -> DocMatcher {
        let mut b = GlobSetBuilder::new();
        for g in globs {
            if let Ok(glob) = Glob::new(g) {
                b.add(glob);
            }
        }
        DocMatcher {
            root: root.to_path_buf(),
            set: b.build().unwrap_or_else(|_| globset::GlobSet::empty()),
        }
    }

    /// Whether `path` is a doc: it lies under the root (compared as written,
    /// not canonicalised, so pass an absolute path when the root is one), its
    /// path relative to the root matches one of the globs, and it is not an
    /// index, README or template file ([`is_index_file`]). The file need not
    /// exist.
    pub fn matches(&self, path: &Path) -> bool {
        path.strip_prefix(&self.root)
            .is_ok_and(|rel| self.set.is_match(rel))
            && !is_index_file(path)
    }
}

/// A file in a folder of docs that is not a doc: the folder's README or
/// index (they list the docs of their folder; `designdoc index` writes
/// one), or a template kept beside the docs (`template.md`,
/// `adr-template.md`, as log4brains and MADR do). Named explicitly on the
/// command line, such a file is checked like any other.
pub fn is_index_file(path: &Path) -> bool {
    let Some(n) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let n = n.to_ascii_lowercase();
    n == "readme.md" || n == "index.md" || is_template_file(path)
}

/// A Markdown file named as a template: `template.md`, `TEMPLATE.md`,
/// `adr-template.md`, `0000-template.md`, `eip-template.md`.
pub fn is_template_file(path: &Path) -> bool {
    let Some(n) = path.file_name().and_then(|n| n.to_str()) else {
        return false;
    };
    let n = n.to_ascii_lowercase();
    n
        .strip_suffix(".md")
        .is_some_and(|s| s == "template" || s.ends_with("-template") || s.ends_with("_template"))
        // "0007-use-a-template.md" is a decision about templates;
        // "0000-template.md" is the template (number zero).
        && n.split(['-', '_']).next().is_none_or(|num| {
            !num.starts_with(|c: char| c.is_ascii_digit()) || num.bytes().all(|b| b == b'0')
        })
}

/// Every Markdown file under `dir` (honouring `.gitignore`, never
/// following symlinks), sorted.
pub fn markdown_files(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = ignore::WalkBuilder::new(dir)
        .build()
        .flatten()
        .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
        .map(|e| e.into_path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn readmes_indexes_and_templates_beside_docs_are_not_docs() {
        for name in [
            "README.md",
            "index.md",
            "template.md",
            "adr-template.md",
            "docs/x/_template.md",
        ] {
            assert!(is_index_file(Path::new(name)), "{name}");
        }
        for name in [
            "0001-template-engine.md",
            "templates.md",
            "0002-x.md",
            "notes.md",
        ] {
            assert!(!is_index_file(Path::new(name)), "{name}");
        }
    }
}
