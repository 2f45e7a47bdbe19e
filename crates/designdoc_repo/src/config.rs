//! `designdoc.toml`: found by walking up from the working directory.
//!
//! ```toml
//! paths = ["docs/design/**/*.md"]   # doc globs, relative to this file
//! template = "design-doc"          # a built-in name or a Markdown template path
//! max-file-size = 10485760         # bytes; larger files are not read
//!
//! [rules]                          # rule name = "error" | "warning" | "info" | "off"
//! glossary-unused = "info"
//!
//! [checklist]                      # checklist item = the section it vouches for
//! "Testing plan defined" = "Testing"
//!
//! [[overrides]]                    # per-path rule severities
//! paths = ["docs/design/legacy/**"]
//! rules = { missing-section = "warning" }
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use designdoc_lint::{Settings, Severity, find_rule};
use designdoc_schema::Schema;
use globset::{Glob, GlobSet, GlobSetBuilder};
use serde::Deserialize;
use toml::Spanned;

pub const FILE_NAME: &str = "designdoc.toml";
pub const DEFAULT_PATHS: &[&str] = &["docs/design/**/*.md"];
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

#[derive(Debug, Deserialize, Default)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    paths: Option<Vec<String>>,
    template: Option<Spanned<String>>,
    max_file_size: Option<u64>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    checklist: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Spanned<Vec<String>>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
}

/// The loaded configuration.
#[derive(Debug)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    pub paths: Vec<String>,
    pub template: String,
    pub max_file_size: u64,
    severities: Vec<(&'static str, Option<Severity>)>,
    checklist: Vec<(String, String, usize)>,
    overrides: Vec<(GlobSet, Vec<(&'static str, Option<Severity>)>)>,
    /// The source text, for locating errors found after parsing.
    text: String,
}

impl Default for Config {
    fn default() -> Self {
        Config {
            path: None,
            paths: DEFAULT_PATHS.iter().map(|s| s.to_string()).collect(),
            template: "design-doc".to_string(),
            max_file_size: DEFAULT_MAX_FILE_SIZE,
            severities: Vec::new(),
            checklist: Vec::new(),
            overrides: Vec::new(),
            text: String::new(),
        }
    }
}

/// A configuration problem, located in its file when it has one.
#[derive(Debug)]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub line: Option<usize>,
    pub column: Option<usize>,
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.path, self.line) {
            (Some(p), Some(l)) => write!(
                f,
                "{}:{}:{}: {}",
                p.display(),
                l,
                self.column.unwrap_or(1),
                self.message
            ),
            (Some(p), None) => write!(f, "{}: {}", p.display(), self.message),
            _ => write!(f, "{}", self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

/// The nearest `designdoc.toml` at or above `dir`.
pub fn find(dir: &Path) -> Option<PathBuf> {
    dir.ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

impl Config {
    pub fn load(path: &Path) -> Result<Config, ConfigError> {
        let text = std::fs::read_to_string(path).map_err(|e| ConfigError {
            path: Some(path.to_path_buf()),
            line: None,
            column: None,
            message: format!("cannot read: {e}"),
        })?;
        let mut c = Config::parse(&text).map_err(|mut e| {
            e.path = Some(path.to_path_buf());
            e
        })?;
        c.path = Some(path.to_path_buf());
        Ok(c)
    }

    /// Parses configuration text. Every error names the line and the key.
    pub fn parse(text: &str) -> Result<Config, ConfigError> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let (line, column) = e.span().map_or((None, None), |s| {
                let (l, c) = line_col(text, s.start);
                (Some(l), Some(c))
            });
            ConfigError {
                path: None,
                line,
                column,
                message: e.message().trim().to_string(),
            }
        })?;
        let err = |span: std::ops::Range<usize>, message: String| {
            let (l, c) = line_col(text, span.start);
            ConfigError {
                path: None,
                line: Some(l),
                column: Some(c),
                message,
            }
        };
        let severities = rule_table(&raw.rules, "rules", &err)?;
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            let mut b = GlobSetBuilder::new();
            for g in o.paths.get_ref() {
                b.add(
                    Glob::new(g).map_err(|e| {
                        err(o.paths.span(), format!("overrides: bad glob {g:?}: {e}"))
                    })?,
                );
            }
            let set = b
                .build()
                .map_err(|e| err(o.paths.span(), format!("overrides: {e}")))?;
            overrides.push((set, rule_table(&o.rules, "overrides.rules", &err)?));
        }
        let mut c = Config {
            path: None,
            paths: raw
                .paths
                .unwrap_or_else(|| DEFAULT_PATHS.iter().map(|s| s.to_string()).collect()),
            template: raw
                .template
                .as_ref()
                .map_or("design-doc".to_string(), |t| t.get_ref().clone()),
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            severities,
            checklist: raw
                .checklist
                .iter()
                .map(|(k, v)| (k.clone(), v.get_ref().clone(), v.span().start))
                .collect(),
            overrides,
            text: text.to_string(),
        };
        for g in &c.paths {
            Glob::new(g).map_err(|e| ConfigError {
                path: None,
                line: find_line(text, g),
                column: None,
                message: format!("paths: bad glob {g:?}: {e}"),
            })?;
        }
        // Check a built-in template and the checklist mapping now, so that
        // errors point into this file. (A template path is read later,
        // relative to the config's directory.)
        if !c.template_is_path() {
            let span = raw.template.as_ref().map_or(0..0, |t| t.span());
            if designdoc_schema::builtin(&c.template).is_none() {
                let mut e = c
                    .schema(Path::new("."), None)
                    .err()
                    .expect("unknown template");
                let (l, col) = line_col(text, span.start);
                (e.line, e.column) = (Some(l), Some(col));
                return Err(e);
            }
            c.schema(Path::new("."), None)?;
        }
        c.text.shrink_to_fit();
        Ok(c)
    }

    fn template_is_path(&self) -> bool {
        self.template.ends_with(".md") || self.template.contains('/')
    }

    /// The schema of the configured template (or `name`), with the
    /// configured checklist mapping applied.
    pub fn schema(&self, root: &Path, name: Option<&str>) -> Result<Schema, ConfigError> {
        let name = name.unwrap_or(&self.template);
        let mut schema = match designdoc_schema::builtin(name) {
            Some(s) => s,
            None if name.ends_with(".md") || name.contains('/') => {
                let path = root.join(name);
                let md = std::fs::read_to_string(&path).map_err(|e| ConfigError {
                    path: Some(path.clone()),
                    line: None,
                    column: None,
                    message: format!("cannot read template: {e}"),
                })?;
                let stem = path
                    .file_stem()
                    .map_or(name.to_string(), |s| s.to_string_lossy().into_owned());
                designdoc_schema::derive(&stem, &md)
            }
            None => {
                let names: Vec<&str> = designdoc_schema::BUILTINS.iter().map(|(n, _)| *n).collect();
                return Err(ConfigError {
                    path: self.path.clone(),
                    line: None,
                    column: None,
                    message: format!(
                        "unknown template {name:?} (built-in templates: {}; or give a path to a Markdown template)",
                        names.join(", ")
                    ),
                });
            }
        };
        for (item, section, at) in &self.checklist {
            schema.override_checklist(item, section).map_err(|m| {
                let (l, c) = line_col(&self.text, *at);
                ConfigError {
                    path: self.path.clone(),
                    line: Some(l),
                    column: Some(c),
                    message: format!("checklist: {m}"),
                }
            })?;
        }
        Ok(schema)
    }

    /// Rule severities for a file (path relative to the config's directory).
    pub fn settings_for(&self, rel: &Path) -> Settings {
        let mut s = Settings::default();
        for (name, sev) in &self.severities {
            s.severities.insert(name, *sev);
        }
        for (set, table) in &self.overrides {
            if set.is_match(rel) {
                for (name, sev) in table {
                    s.severities.insert(name, *sev);
                }
            }
        }
        s
    }
}

type Table = Vec<(&'static str, Option<Severity>)>;

fn rule_table(
    raw: &BTreeMap<String, Spanned<String>>,
    what: &str,
    err: &dyn Fn(std::ops::Range<usize>, String) -> ConfigError,
) -> Result<Table, ConfigError> {
    let mut unknown = Vec::new();
    let mut out = Vec::new();
    let mut first_bad = None;
    for (name, sev) in raw {
        let Some(rule) = find_rule(name).filter(|r| r.name == name) else {
            unknown.push(name.as_str());
            first_bad.get_or_insert(sev.span());
            continue;
        };
        let level = Severity::parse(sev.get_ref()).ok_or_else(|| {
            err(sev.span(), format!("{what}.{name}: unknown severity {:?} (use \"error\", \"warning\", \"info\" or \"off\")", sev.get_ref()))
        })?;
        out.push((rule.name, level));
    }
    if !unknown.is_empty() {
        return Err(err(
            first_bad.unwrap_or(0..0),
            format!(
                "{what}: unknown rule name(s): {} (see `designdoc rule --list`)",
                unknown.join(", ")
            ),
        ));
    }
    Ok(out)
}

fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let idx = designdoc_syntax::LineIndex::new(text);
    let p = idx.position(text, offset);
    (p.line, p.column)
}

fn find_line(text: &str, needle: &str) -> Option<usize> {
    text.lines().position(|l| l.contains(needle)).map(|i| i + 1)
}
