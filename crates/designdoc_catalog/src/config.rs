//! `catalog.toml`: the catalog's title and its sources.
//!
//! ```toml
//! title = "Acme design docs"
//! [[source]]
//! name = "payments"              # the repository's name in links: payments:0012
//! path = "../payments"           # a checkout, built with its own designdoc.toml
//! [[source]]
//! name = "search"
//! bundle = "bundles/search"      # made by `designdoc export`
//! [[source]]
//! name = "infra"
//! git = "https://git.example.com/infra.git"
//! rev = "main"
//! ```

use std::path::{Path, PathBuf};

use serde::Deserialize;

/// A catalog's configuration, its paths made absolute.
#[derive(Debug, Clone)]
pub struct Catalog {
    /// The site's title.
    pub title: String,
    /// Every source, in the file's order.
    pub sources: Vec<Source>,
    /// The folder of `catalog.toml`: relative paths are read from here.
    pub root: PathBuf,
    /// Docs per search shard, about (`search-shard-size`; default
    /// [`crate::search::SHARD_DOCS`]).
    pub search_shard_size: usize,
}

/// One repository of the catalog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    /// Its name: in links (`payments:0012`) and as its folder of the site.
    pub name: String,
    /// Where its docs come from.
    pub kind: SourceKind,
}

/// Where a source's docs come from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SourceKind {
    /// A checkout, exported in process with its own `designdoc.toml`.
    Path(PathBuf),
    /// A bundle `designdoc export` wrote: its folder, or its `docs.json`.
    Bundle(PathBuf),
    /// A git repository, cloned shallow with the system `git`.
    Git {
        /// The URL `git clone` is given.
        url: String,
        /// The branch or tag; the remote's default branch when `None`.
        rev: Option<String>,
    },
}

impl SourceKind {
    /// `path`, `bundle` or `git`, as `catalog.json` names it.
    pub fn as_str(&self) -> &'static str {
        match self {
            SourceKind::Path(_) => "path",
            SourceKind::Bundle(_) => "bundle",
            SourceKind::Git { .. } => "git",
        }
    }
}

/// A `catalog.toml` that cannot be used: the file, and where and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    /// The file, as given.
    pub file: String,
    /// 1-based line and column, when the problem has a place.
    pub at: Option<(usize, usize)>,
    /// What is wrong.
    pub message: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.at {
            Some((line, column)) => write!(f, "{}:{line}:{column}: {}", self.file, self.message),
            None => write!(f, "{}: {}", self.file, self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(rename_all = "kebab-case")]
struct File {
    title: Option<String>,
    search_shard_size: Option<usize>,
    #[serde(default, rename = "source")]
    sources: Vec<RawSource>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSource {
    name: String,
    path: Option<String>,
    bundle: Option<String>,
    git: Option<String>,
    rev: Option<String>,
}

/// Whether `name` can name a source: letters, digits, `-`, `_` and `.`,
/// not starting with a dot, at most 64 characters (it is a folder of the
/// site and the part before `:` in a reference).
pub fn valid_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && !name.starts_with('.')
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        && !reserved(name)
}

/// Whether `name` is one of the catalog's own files or folders
/// ([`RESERVED`], or a search shard's folder: `pagefind`, `pagefind-3`).
fn reserved(name: &str) -> bool {
    RESERVED.iter().any(|r| r.eq_ignore_ascii_case(name))
        || name
            .get(..8)
            .is_some_and(|p| p.eq_ignore_ascii_case("pagefind"))
}

/// The catalog's own files and folders at its root: no source is named so.
pub const RESERVED: &[&str] = &[
    "index.html",
    "problems.html",
    "timeline.html",
    "glossary.html",
    "graph.html",
    "catalog.json",
    "search-index.js",
    "search-shards.js",
    "assets",
];

impl Catalog {
    /// Reads `catalog.toml` at `path` (`shown` names it in errors).
    pub fn load(path: &Path, shown: &str) -> Result<Catalog, ConfigError> {
        let text = designdoc_repo::read_doc(path, 1024 * 1024).map_err(|e| ConfigError {
            file: shown.to_string(),
            at: None,
            message: e.to_string(),
        })?;
        let root = path
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| PathBuf::from("."));
        Catalog::parse(&text, shown, &root)
    }

    /// Parses a catalog's text; relative paths are read from `root`.
    pub fn parse(text: &str, shown: &str, root: &Path) -> Result<Catalog, ConfigError> {
        let error = |at: Option<(usize, usize)>, message: String| ConfigError {
            file: shown.to_string(),
            at,
            message,
        };
        let at = |offset: usize| {
            let before = &text[..offset.min(text.len())];
            let line = before.matches('\n').count() + 1;
            let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            (line, column)
        };
        let file: File = toml::from_str(text).map_err(|e| {
            error(
                e.span().map(|s| at(s.start)),
                e.message().trim().to_string(),
            )
        })?;
        // Where a source's table starts, for messages about it.
        let tables: Vec<usize> = text.match_indices("[[source]]").map(|(i, _)| i).collect();
        let mut sources = Vec::new();
        for (k, s) in file.sources.into_iter().enumerate() {
            let place = tables.get(k).map(|&i| at(i));
            if reserved(&s.name) {
                return Err(error(
                    place,
                    format!(
                        "source name {:?} is one of the catalog's own files or folders ({}, or one starting with pagefind)",
                        s.name,
                        RESERVED.join(", ")
                    ),
                ));
            }
            if !valid_name(&s.name) {
                return Err(error(
                    place,
                    format!(
                        "source name {:?}: use letters, digits, '-', '_' and '.' (it names the repository in links such as {}:0012 and its folder of the site)",
                        s.name, "payments"
                    ),
                ));
            }
            // Case aside: on a case-insensitive file system two such
            // names would be one folder.
            if sources
                .iter()
                .any(|o: &Source| o.name.eq_ignore_ascii_case(&s.name))
            {
                return Err(error(place, format!("two sources are named {:?}", s.name)));
            }
            let has_rev = s.rev.is_some();
            let kind = match (s.path, s.bundle, s.git) {
                (Some(p), None, None) => SourceKind::Path(root.join(p)),
                (None, Some(b), None) => SourceKind::Bundle(root.join(b)),
                // An argument git would read as an option is refused.
                (None, None, Some(url)) if url.starts_with('-') => {
                    return Err(error(
                        place,
                        format!("source {:?}: git {url:?} is not a URL", s.name),
                    ));
                }
                (None, None, Some(_)) if s.rev.as_deref().is_some_and(|r| r.starts_with('-')) => {
                    return Err(error(
                        place,
                        format!(
                            "source {:?}: rev {:?} is not a branch or tag",
                            s.name,
                            s.rev.unwrap_or_default()
                        ),
                    ));
                }
                (None, None, Some(url)) => SourceKind::Git { url, rev: s.rev },
                (None, None, None) => {
                    return Err(error(
                        place,
                        format!("source {:?} needs one of path, bundle or git", s.name),
                    ));
                }
                _ => {
                    return Err(error(
                        place,
                        format!(
                            "source {:?} gives more than one of path, bundle and git",
                            s.name
                        ),
                    ));
                }
            };
            if has_rev && !matches!(kind, SourceKind::Git { .. }) {
                return Err(error(
                    place,
                    format!("source {:?}: rev applies to a git source only", s.name),
                ));
            }
            sources.push(Source { name: s.name, kind });
        }
        Ok(Catalog {
            title: file.title.unwrap_or_else(|| "Design docs".to_string()),
            sources,
            root: root.to_path_buf(),
            search_shard_size: match file.search_shard_size {
                Some(0) => {
                    return Err(error(
                        text.find("search-shard-size").map(at),
                        "search-shard-size must be at least 1".to_string(),
                    ));
                }
                Some(n) => n,
                None => crate::search::SHARD_DOCS,
            },
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_kinds_of_source() {
        let c = Catalog::parse(
            "title = \"Acme\"\n[[source]]\nname = \"payments\"\npath = \"../payments\"\n[[source]]\nname = \"search\"\nbundle = \"bundles/search\"\n[[source]]\nname = \"infra\"\ngit = \"https://git.example.com/infra.git\"\nrev = \"main\"\n",
            "catalog.toml",
            Path::new("/org"),
        )
        .unwrap();
        assert_eq!(c.title, "Acme");
        assert_eq!(
            c.sources.iter().map(|s| s.kind.clone()).collect::<Vec<_>>(),
            [
                SourceKind::Path(PathBuf::from("/org/../payments")),
                SourceKind::Bundle(PathBuf::from("/org/bundles/search")),
                SourceKind::Git {
                    url: "https://git.example.com/infra.git".into(),
                    rev: Some("main".into())
                },
            ]
        );
    }

    #[test]
    fn every_mistake_is_named_with_its_place() {
        let bad = [
            (
                "[[source]]\nname = \"a\"\n",
                "needs one of path, bundle or git",
                1,
            ),
            (
                "[[source]]\nname = \"a\"\npath = \"x\"\nbundle = \"y\"\n",
                "more than one",
                1,
            ),
            (
                "[[source]]\nname = \"../a\"\npath = \"x\"\n",
                "source name",
                1,
            ),
            (
                "[[source]]\nname = \"a\"\npath = \"x\"\n[[source]]\nname = \"a\"\npath = \"y\"\n",
                "two sources are named",
                4,
            ),
            (
                "[[source]]\nname = \"a\"\npath = \"x\"\nrev = \"main\"\n",
                "git source only",
                1,
            ),
            ("titel = \"x\"\n", "unknown field", 1),
            (
                "[[source]]\nname = \"Pagefind-2\"\npath = \"x\"\n",
                "the catalog's own files",
                1,
            ),
            (
                "[[source]]\nname = \"Graph.html\"\npath = \"x\"\n",
                "the catalog's own files",
                1,
            ),
            (
                "[[source]]\nname = \"search-index.js\"\npath = \"x\"\n",
                "the catalog's own files",
                1,
            ),
            ("search-shard-size = 0\n", "at least 1", 1),
        ];
        for (text, says, line) in bad {
            let e = Catalog::parse(text, "catalog.toml", Path::new("/")).unwrap_err();
            assert!(e.message.contains(says), "{text:?}: {e}");
            assert_eq!(e.at.map(|a| a.0), Some(line), "{text:?}: {e}");
        }
    }
}
