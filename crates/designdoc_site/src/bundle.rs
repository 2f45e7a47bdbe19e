//! The bundle `designdoc export` writes for an organisation's catalog
//! (`designdoc catalog build`): one repository's docs as its own check and
//! render saw them, in one JSON file, so that the catalog never parses a
//! doc. The catalog treats a bundle as untrusted input: it sanitises the
//! HTML again and checks every field it uses (`designdoc_catalog`).

use serde::{Deserialize, Serialize};

use crate::model::SiteDoc;

/// The bundle format this designdoc writes and reads. A catalog refuses a
/// bundle of another format, naming both.
pub const FORMAT: u32 = 1;

/// The file a bundle is, inside its folder.
pub const FILE: &str = "docs.json";

/// One repository's docs.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Bundle {
    /// [`FORMAT`] when written.
    pub format: u32,
    /// The version of designdoc that wrote it.
    pub designdoc: String,
    /// The repository's name in the catalog (`payments` in `payments:0012`).
    pub name: String,
    /// Every configured doc, in the order of the repository's listing.
    pub docs: Vec<BundleDoc>,
}

/// One doc of a bundle.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleDoc {
    /// Relative to the repository root, with `/`.
    pub path: String,
    /// Its number (from the front matter or the file name).
    pub number: Option<u32>,
    /// The front matter's `id`.
    pub id: Option<String>,
    /// Its title.
    pub title: String,
    /// Its lifecycle status; `None` when it has none.
    pub status: Option<String>,
    /// Authors, from the front matter or else git.
    #[serde(default)]
    pub authors: Vec<String>,
    /// `YYYY-MM-DD`, from the front matter or else git.
    pub created: Option<String>,
    /// `YYYY-MM-DD`, from the front matter or else git.
    pub updated: Option<String>,
    /// The front matter's tags.
    #[serde(default)]
    pub tags: Vec<String>,
    /// `supersedes:` as written.
    #[serde(default)]
    pub supersedes: Vec<Reference>,
    /// `superseded-by:` as written.
    #[serde(default)]
    pub superseded_by: Vec<Reference>,
    /// `depends-on:` as written (`7`, `ADR-2`, `payments:0012`).
    #[serde(default)]
    pub depends_on: Vec<Reference>,
    /// Findings that are errors (the baseline's accepted ones left out).
    pub errors: usize,
    /// Findings that are warnings (the baseline's accepted ones left out).
    pub warnings: usize,
    /// The doc rendered and sanitised by its repository's designdoc
    /// (empty when it could not be rendered: see `failure`).
    pub html: String,
    /// Its headings: (level, anchor, text).
    #[serde(default)]
    pub toc: Vec<(u8, String, String)>,
    /// Every finding, sorted by position.
    #[serde(default)]
    pub diagnostics: Vec<BundleDiag>,
    /// Why the doc could not be rendered, when it could not.
    pub failure: Option<String>,
    /// Its glossary: (term, definition), as the site's glossary reads it.
    #[serde(default)]
    pub glossary: Vec<(String, String)>,
    /// Each `name:NNNN` its prose mentions, once, with the line of its
    /// first mention ([`designdoc_lint::repo::mentions`]): references the
    /// catalog resolves when `name` is one of its repositories.
    #[serde(default)]
    pub mentions: Vec<Reference>,
}

/// A value of a relation key in front matter (or a reference in the text),
/// and the line it is on.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
pub struct Reference {
    /// As written.
    pub value: String,
    /// 1-based line of the front matter entry (of the text).
    pub line: usize,
}

/// One finding in a bundle.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct BundleDiag {
    /// 1-based line of its start.
    pub line: usize,
    /// 1-based column of its start, in characters.
    pub column: usize,
    /// The rule's code (`DD101`).
    pub code: String,
    /// The rule's name (`missing-section`).
    pub rule: String,
    /// `error`, `warning` or `info`.
    pub severity: String,
    /// The message, control characters made visible.
    pub message: String,
    /// Accepted by the repository's baseline.
    #[serde(default)]
    pub baselined: bool,
}

impl BundleDoc {
    /// A checked and rendered doc as a bundle holds it.
    pub fn of(d: &SiteDoc) -> BundleDoc {
        let refs =
            |key: fn(&designdoc_lint::repo::RepoDoc) -> &Vec<designdoc_lint::repo::Spanned>| {
                d.repo.as_ref().map_or_else(Vec::new, |r| {
                    key(r)
                        .iter()
                        .map(|(value, span)| Reference {
                            value: value.clone(),
                            line: d.lines.line_of(span.start) + 1,
                        })
                        .collect()
                })
            };
        let (errors, warnings) = d.counts();
        // Parsed again, for export only: the site keeps the source, not
        // its parse.
        let mut mentions: Vec<Reference> = Vec::new();
        if d.repo.is_some() {
            for (value, span) in designdoc_lint::repo::mentions(&designdoc_syntax::parse(&d.source))
            {
                if !mentions.iter().any(|m| m.value == value) {
                    mentions.push(Reference {
                        value,
                        line: d.lines.line_of(span.start) + 1,
                    });
                }
            }
        }
        BundleDoc {
            path: d.info.path.clone(),
            number: d.info.number,
            id: d.info.id.clone(),
            title: d.info.title.clone(),
            status: d.info.status.clone(),
            authors: d.info.authors.clone(),
            created: d.info.created.clone(),
            updated: d.info.updated.clone(),
            tags: d.info.tags.clone(),
            supersedes: refs(|r| &r.supersedes),
            superseded_by: refs(|r| &r.superseded_by),
            depends_on: refs(|r| &r.depends_on),
            errors,
            warnings,
            html: d.html.clone(),
            toc: d
                .toc
                .iter()
                .map(|t| (t.level, t.anchor.clone(), t.text.clone()))
                .collect(),
            diagnostics: d
                .diagnostics()
                .into_iter()
                .map(|p| BundleDiag {
                    line: p.line,
                    column: p.column,
                    code: p.code.to_string(),
                    rule: p.name.to_string(),
                    severity: p.severity.to_string(),
                    message: p.message,
                    baselined: p.baselined,
                })
                .collect(),
            failure: d.failure.clone(),
            glossary: d
                .glossary
                .iter()
                .map(|g| (g.term.clone(), g.definition.clone()))
                .collect(),
            mentions,
        }
    }
}
