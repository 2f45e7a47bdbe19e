//! Resolving a template name to a schema: built-in names, the config's
//! `[templates]` table, schema files (`*.toml`) and Markdown templates
//! (derived on the fly).

use std::path::{Path, PathBuf};

use designdoc_schema::Schema;

use crate::Config;

/// Where a template name leads.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum TemplateSource {
    /// A template shipped with designdoc, by its name in
    /// [`designdoc_schema::BUILTINS`] (`design-doc`, `adr`, …).
    Builtin(&'static str),
    /// A schema file (`.toml`) or a Markdown template: its path joined
    /// onto the configuration's root (a `[templates]` entry) or onto the
    /// base the name was given from (the doc's folder for front matter,
    /// the working directory for the command line, the root for a path in
    /// `designdoc.toml`'s `template` or `[path-templates]`).
    File(PathBuf),
}

impl TemplateSource {
    /// How to print it.
    pub fn describe(&self) -> String {
        match self {
            TemplateSource::Builtin(n) => format!("built-in {n}"),
            TemplateSource::File(p) => p.display().to_string(),
        }
    }
}

/// A template that cannot be used, in words that name the file and line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TemplateError(pub String);

impl std::fmt::Display for TemplateError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for TemplateError {}

/// True for a name that is written as a path.
pub fn looks_like_path(name: &str) -> bool {
    name.ends_with(".md")
        || name.ends_with(".toml")
        || name.ends_with(".markdown")
        || name.contains(['/', '\\'])
}

/// Resolves `name`: the config's `[templates]` first (paths relative to
/// the config's directory `root`), then built-in names, then a path
/// relative to `base`.
pub fn resolve(
    name: &str,
    config: &Config,
    root: &Path,
    base: &Path,
) -> Result<TemplateSource, TemplateError> {
    let name = name.trim();
    if let Some(path) = config.templates.get(name) {
        return Ok(TemplateSource::File(root.join(path)));
    }
    if let Some((n, _, _)) = designdoc_schema::BUILTINS
        .iter()
        .find(|(n, _, _)| *n == name)
    {
        return Ok(TemplateSource::Builtin(n));
    }
    if looks_like_path(name) {
        return Ok(TemplateSource::File(base.join(name)));
    }
    let mut known: Vec<&str> = designdoc_schema::BUILTINS
        .iter()
        .map(|(n, _, _)| *n)
        .collect();
    known.extend(config.templates.keys().map(String::as_str));
    Err(TemplateError(format!(
        "unknown template {name:?} (known: {}; or give a path to a schema file or a Markdown template)",
        known.join(", ")
    )))
}

/// Loads a template's schema; a template file is read as a doc is, with
/// the size cap `limit` (`max-file-size`).
pub fn load(source: &TemplateSource, limit: u64) -> Result<Schema, TemplateError> {
    match source {
        TemplateSource::Builtin(n) => {
            Ok(designdoc_schema::builtin(n).expect("a listed built-in derives"))
        }
        TemplateSource::File(path) => load_file(path, limit),
    }
}

/// A template's name from its file: `rfc-template.md` → `rfc`.
pub fn name_from_path(path: &Path) -> String {
    let stem = path.file_stem().map_or_else(
        || "template".to_string(),
        |s| s.to_string_lossy().into_owned(),
    );
    let name = stem
        .strip_suffix("-template")
        .or_else(|| stem.strip_suffix("_template"))
        .unwrap_or(&stem);
    if name.is_empty() {
        stem.clone()
    } else {
        name.to_string()
    }
}

/// How many earlier versions of a template file are read for its
/// sections' former names.
const TEMPLATE_VERSIONS: usize = 50;

/// Reads a schema file or derives a Markdown template, each file capped
/// at `limit` bytes.
pub fn load_file(path: &Path, limit: u64) -> Result<Schema, TemplateError> {
    let read = |p: &Path| crate::read_doc(p, limit);
    let text = read(path)
        .map_err(|e| TemplateError(format!("{}: cannot read template: {e}", path.display())))?;
    let is_toml = path.extension().is_some_and(|e| e == "toml");
    if !is_toml {
        let stem = path.file_stem().map_or_else(
            || "template".to_string(),
            |s| s.to_string_lossy().into_owned(),
        );
        // The names its sections had in earlier versions are aliases:
        // a collection spans template versions.
        let mut schema = designdoc_schema::derive(&stem, &text);
        let versions = crate::git::file_versions(path, TEMPLATE_VERSIONS);
        schema.add_former_names(versions.iter().map(String::as_str));
        return Ok(schema);
    }
    let dir = path.parent().unwrap_or(Path::new("."));
    Schema::from_toml(&text, |rel| read(&dir.join(rel)).map_err(|e| e.to_string())).map_err(|e| {
        let at = e.span.map(|s| {
            let idx = designdoc_syntax::LineIndex::new(&text);
            let p = idx.position(&text, s.start.min(text.len()));
            format!(":{}:{}", p.line, p.column)
        });
        TemplateError(format!(
            "{}{}: {}",
            path.display(),
            at.unwrap_or_default(),
            e.message
        ))
    })
}
