//! `designdoc.toml`: found by walking up from the working directory.
//!
//! ```toml
//! paths = ["docs/design/**/*.md"]   # doc globs, relative to this file
//! template = "design-doc"          # the default template: a built-in name, a
//!                                  # [templates] name, a schema file or a Markdown file
//! max-file-size = 10485760         # bytes; larger files are not read
//!
//! [templates]                      # the team's own templates, by name
//! kep = "templates/kep.schema.toml"
//!
//! [path-templates]                 # which docs use which template (first match)
//! "docs/adr/**" = "adr"
//!
//! [rules]                          # rule name = "error" | "warning" | "info" | "off"
//! glossary-unused = "info"
//!
//! [checklist]                      # checklist item = the section it vouches for
//! "Testing plan defined" = "Testing"
//!
//! [site]                           # `designdoc build` / `serve`
//! out-dir = "site"                 # where the site is written
//! theme = "theme"                  # a folder overriding templates and assets file by file
//! title = "Design docs"
//! base-url = "https://docs.example.com/design/"   # for the Atom feed's absolute links
//!
//! [trace]                          # `designdoc trace`
//! marker = "design:"               # what starts a reference: `// design: 0007#FR-3`
//! exclude = ["tests/fixtures/**"]  # files not searched (fixtures citing made-up ids)
//! junit = ["target/nextest/ci/junit.xml"]   # test reports read by default
//! check = true                     # `check` traces too (requirement-untested, …)
//!
//! [targets]                        # `designdoc targets`
//! results = ["target/criterion", "hyperfine.json"]   # benchmark results read by default
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
use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

/// The configuration file's name, looked for by [`find`] in a directory
/// and its ancestors.
pub const FILE_NAME: &str = "designdoc.toml";
/// The doc globs used when the configuration sets no `paths` (or there is
/// no configuration file).
pub const DEFAULT_PATHS: &[&str] = &["docs/design/**/*.md"];
/// The default `max-file-size`, in bytes (10 MiB).
pub const DEFAULT_MAX_FILE_SIZE: u64 = 10 * 1024 * 1024;

// The doc comments below are the JSON Schema's descriptions
// (`designdoc config schema`), so they are written for users.
/// designdoc's configuration: which docs, which templates, how strict.
/// Every key is optional; see docs/configuration.md.
#[derive(Debug, Deserialize, Default, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(title = "designdoc configuration (designdoc.toml)")]
struct Raw {
    /// Globs of the design docs, relative to this file (default
    /// `["docs/design/**/*.md"]`). `.gitignore` is honoured.
    paths: Option<Vec<String>>,
    /// The default template: a built-in name (`design-doc`, `adr`, `rfc`,
    /// …), a name from `[templates]`, or a path to a `*.schema.toml` or a
    /// Markdown template.
    #[schemars(with = "Option<String>")]
    template: Option<Spanned<String>>,
    /// Files larger than this many bytes are not read (default 10485760).
    max_file_size: Option<u64>,
    /// Rule name → severity, for every doc.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, SeverityName>")]
    rules: BTreeMap<String, Spanned<String>>,
    /// Checklist item text → the section it vouches for.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    checklist: BTreeMap<String, Spanned<String>>,
    /// Rule severities for the docs some globs match.
    #[serde(default)]
    overrides: Vec<RawOverride>,
    /// Glob → rules (names, codes, code prefixes such as `DD1`, or `ALL`)
    /// turned off for the docs the glob matches, whatever else selects
    /// them: `"docs/design/legacy/**" = ["missing-section"]`.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, Vec<String>>")]
    per_file_ignores: BTreeMap<String, Spanned<Vec<String>>>,
    /// The team's own templates: name → a `*.schema.toml` or a Markdown
    /// template, relative to this file.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    templates: BTreeMap<String, Spanned<String>>,
    /// Glob → template name: docs the glob matches use that template (the
    /// first match in file order wins).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, String>")]
    path_templates: toml::Table,
    /// The docs' lifecycle: statuses, moves and gates. Each key replaces
    /// the default's.
    #[serde(default)]
    lifecycle: Option<crate::lifecycle::RawLifecycle>,
    /// Status → rule name → severity, for docs with that status (by
    /// default a `draft` doc's missing content is a warning).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, BTreeMap<String, SeverityName>>")]
    status_rules: BTreeMap<String, BTreeMap<String, Spanned<String>>>,
    /// The static site `designdoc build` and `serve` write.
    #[serde(default)]
    site: SiteConfig,
    /// `designdoc trace`: how code and tests cite requirements.
    #[serde(default)]
    trace: TraceConfig,
    /// `designdoc targets`: where benchmark results are.
    #[serde(default)]
    targets: TargetsConfig,
}

/// `[trace]`: how code and tests cite requirements, and which test
/// reports `designdoc trace` and `check` read.
#[derive(Debug, Clone, Deserialize, Default, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TraceConfig {
    /// What starts a reference in a comment (default `design:`, as in
    /// `// design: 0007#FR-3`).
    pub marker: Option<String>,
    /// Globs (gitignore syntax, relative to this file) of files not
    /// searched for references: test fixtures that cite made-up ids.
    #[serde(default)]
    pub exclude: Vec<String>,
    /// JUnit XML reports read when no `--junit` is given, relative to
    /// this file; missing ones are skipped.
    #[serde(default)]
    pub junit: Vec<String>,
    /// Whether `designdoc check` traces too, reporting
    /// requirement-untested, requirement-ticked-without-evidence and
    /// dangling-requirement-ref (default false).
    #[serde(default)]
    pub check: bool,
}

/// `[targets]`: where `designdoc targets` (and `check`, for
/// target-missed) reads benchmark results.
#[derive(Debug, Clone, Deserialize, Default, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TargetsConfig {
    /// Result files and folders, relative to this file, read when no
    /// `--results` is given: a criterion folder (`target/criterion`),
    /// hyperfine `--export-json` files, Go `-bench` output,
    /// pytest-benchmark JSON or the generic JSON. Missing ones are
    /// skipped.
    #[serde(default)]
    pub results: Vec<String>,
}

/// A rule's severity; `off` turns the rule off.
#[derive(JsonSchema)]
#[schemars(rename_all = "lowercase")]
#[allow(dead_code)] // only its JSON Schema is used
enum SeverityName {
    Error,
    Warning,
    Info,
    Off,
}

/// The JSON Schema of `designdoc.toml`, pretty-printed
/// (`designdoc config schema`; committed as `docs/schema/designdoc.schema.json`).
pub fn json_schema() -> String {
    let schema = schemars::schema_for!(Raw);
    let mut s = serde_json::to_string_pretty(&schema).expect("a JSON Schema serialises");
    s.push('\n');
    s
}

/// Where editors find [`json_schema`]: `designdoc init` writes it as the
/// file's first line (`#:schema URL`, read by taplo and Even Better TOML).
pub const JSON_SCHEMA_URL: &str =
    "https://raw.githubusercontent.com/designdoc/designdoc/main/docs/schema/designdoc.schema.json";

/// `[site]`: the static site `designdoc build` writes. Paths are relative
/// to the configuration file's directory.
#[derive(Debug, Clone, Deserialize, Default, PartialEq, Eq, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SiteConfig {
    /// Output directory (default `site`).
    pub out_dir: Option<String>,
    /// A theme folder: `templates/*.html` and `assets/*` in it replace the
    /// built-in ones of the same name.
    pub theme: Option<String>,
    /// The site's title (default "Design docs").
    pub title: Option<String>,
    /// Where the site is published, for the feed's absolute links.
    pub base_url: Option<String>,
    /// About how many pages one search shard holds (default 1000).
    /// Smaller shards make a changed doc cheaper to index again; the
    /// browser loads one index per shard.
    pub search_shard_size: Option<usize>,
}

/// `[[overrides]]`: rule severities for some docs.
#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    /// Globs of the docs this applies to, relative to this file.
    #[schemars(with = "Vec<String>")]
    paths: Spanned<Vec<String>>,
    /// Rule name → severity.
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, SeverityName>")]
    rules: BTreeMap<String, Spanned<String>>,
}

/// The loaded configuration.
#[derive(Debug)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    /// `paths`: the globs selecting the docs, relative to the configuration
    /// file's directory (the workspace root); [`DEFAULT_PATHS`] when unset.
    /// Each is a valid glob (checked when parsed).
    pub paths: Vec<String>,
    /// `template`: the default template as written, a built-in name, a
    /// `[templates]` name or a path relative to the configuration file's
    /// directory (`design-doc` when unset). A path is not opened until the
    /// workspace loads it.
    pub template: String,
    /// `max-file-size`: files (docs and templates) larger than this many
    /// bytes are not read; [`DEFAULT_MAX_FILE_SIZE`] when unset.
    pub max_file_size: u64,
    severities: Vec<(&'static str, Option<Severity>)>,
    checklist: Vec<(String, String, usize)>,
    overrides: Vec<(GlobSet, Vec<(&'static str, Option<Severity>)>)>,
    /// `[per-file-ignores]`: docs a glob matches never get these rules.
    per_file_ignores: Vec<(globset::GlobMatcher, Vec<&'static str>)>,
    /// `[templates]`: name → path relative to the config's directory.
    pub templates: BTreeMap<String, String>,
    /// `[path-templates]`: docs matching the glob use the named template.
    pub path_templates: Vec<(String, globset::GlobMatcher, String)>,
    /// `[lifecycle]`: statuses, moves and gates.
    pub lifecycle: crate::lifecycle::Lifecycle,
    /// `[status-rules.STATUS]`: severities for docs with that status.
    status_rules: Vec<(String, Table)>,
    /// `--select`, `--extend-select`, `--ignore` and `--severity`: the last
    /// word on every doc's rules.
    command_line: Vec<(&'static str, RuleChoice)>,
    /// `[site]`.
    pub site: SiteConfig,
    /// `[trace]`.
    pub trace: TraceConfig,
    /// `[targets]`.
    pub targets: TargetsConfig,
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
            per_file_ignores: Vec::new(),
            templates: BTreeMap::new(),
            path_templates: Vec::new(),
            lifecycle: Default::default(),
            status_rules: default_status_rules(),
            command_line: Vec::new(),
            site: SiteConfig::default(),
            trace: TraceConfig::default(),
            targets: TargetsConfig::default(),
            text: String::new(),
        }
    }
}

/// A configuration problem, located in its file when it has one.
#[derive(Debug)]
pub struct ConfigError {
    /// The configuration file; `None` for text parsed without a file
    /// ([`Config::parse`]) or when there is no configuration file.
    pub path: Option<PathBuf>,
    /// The 1-based line of the problem in the file; `None` when it is not
    /// located (as when the file could not be read or a template failed to
    /// load).
    pub line: Option<usize>,
    /// The 1-based column, in characters; `None` when only the line is
    /// known, or neither (printed as column 1 when the line is known).
    pub column: Option<usize>,
    /// What is wrong, without the location (which `Display` prefixes).
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
    /// Reads and parses the configuration file at `path` (see
    /// [`Config::parse`]) and records `path` in [`Config::path`] and in any
    /// error. An unreadable file is an error with no line.
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
        let templates: BTreeMap<String, String> = raw
            .templates
            .iter()
            .map(|(k, v)| (k.clone(), v.get_ref().clone()))
            .collect();
        for (name, path) in &raw.templates {
            if designdoc_schema::builtin(name).is_some() {
                return Err(err(
                    path.span(),
                    format!("templates: {name:?} is a built-in template's name; choose another"),
                ));
            }
        }
        let known = |name: &str| {
            templates.contains_key(name)
                || designdoc_schema::builtin(name).is_some()
                || crate::templates::looks_like_path(name)
        };
        let unknown = |name: &str, what: &str, at: usize| {
            let mut names: Vec<&str> = designdoc_schema::BUILTINS
                .iter()
                .map(|(n, _, _)| *n)
                .collect();
            names.extend(templates.keys().map(String::as_str));
            err(
                at..at,
                format!(
                    "{what}: unknown template {name:?} (known: {}; or give a path to a schema file or a Markdown template)",
                    names.join(", ")
                ),
            )
        };
        let mut path_templates = Vec::new();
        for (glob, value) in &raw.path_templates {
            let at = text.find(glob.as_str()).unwrap_or(0);
            let toml::Value::String(name) = value else {
                return Err(err(
                    at..at,
                    format!("path-templates: {glob:?} must name a template as a string"),
                ));
            };
            let matcher = Glob::new(glob)
                .map_err(|e| err(at..at, format!("path-templates: bad glob {glob:?}: {e}")))?
                .compile_matcher();
            if !known(name) {
                return Err(unknown(name, "path-templates", at));
            }
            path_templates.push((at, (glob.clone(), matcher, name.clone())));
        }
        // The table is read sorted by key; "first match" means file order.
        path_templates.sort_by_key(|(at, _)| *at);
        let path_templates = path_templates.into_iter().map(|(_, t)| t).collect();
        let template = raw
            .template
            .as_ref()
            .map_or("design-doc".to_string(), |t| t.get_ref().clone());
        if !known(&template) {
            let at = raw.template.as_ref().map_or(0, |t| t.span().start);
            return Err(unknown(&template, "template", at));
        }
        let lifecycle = match raw.lifecycle {
            Some(l) => {
                let at = text.find("[lifecycle]").unwrap_or(0);
                crate::lifecycle::Lifecycle::from_raw(l).map_err(|m| err(at..at, m))?
            }
            None => Default::default(),
        };
        let mut per_file_ignores = Vec::new();
        for (glob, rules) in &raw.per_file_ignores {
            let at = rules.span();
            let matcher = Glob::new(glob)
                .map_err(|e| {
                    err(
                        at.clone(),
                        format!("per-file-ignores: bad glob {glob:?}: {e}"),
                    )
                })?
                .compile_matcher();
            let mut names = Vec::new();
            for spec in rules.get_ref() {
                let hits = designdoc_lint::select(spec);
                if hits.is_empty() {
                    return Err(err(
                        at.clone(),
                        format!(
                            "per-file-ignores.{glob:?}: {spec:?} names no rule (a name, a code, a code prefix such as \"DD1\", or \"ALL\")"
                        ),
                    ));
                }
                names.extend(hits.iter().map(|r| r.name));
            }
            per_file_ignores.push((matcher, names));
        }
        let mut status_rules = default_status_rules();
        for (status, table) in &raw.status_rules {
            if !lifecycle.statuses.contains(status) {
                let at = text.find(&format!("status-rules.{status}")).unwrap_or(0);
                return Err(err(
                    at..at,
                    format!(
                        "status-rules: '{status}' is not a status ({})",
                        lifecycle.statuses.join(", ")
                    ),
                ));
            }
            let parsed = rule_table(table, &format!("status-rules.{status}"), &err)?;
            status_rules.retain(|(s, _)| s != status);
            status_rules.push((status.clone(), parsed));
        }
        let mut c = Config {
            path: None,
            paths: raw
                .paths
                .unwrap_or_else(|| DEFAULT_PATHS.iter().map(|s| s.to_string()).collect()),
            template,
            max_file_size: raw.max_file_size.unwrap_or(DEFAULT_MAX_FILE_SIZE),
            severities,
            checklist: raw
                .checklist
                .iter()
                .map(|(k, v)| (k.clone(), v.get_ref().clone(), v.span().start))
                .collect(),
            overrides,
            per_file_ignores,
            templates,
            path_templates,
            lifecycle,
            status_rules,
            command_line: Vec::new(),
            site: raw.site,
            trace: raw.trace,
            targets: raw.targets,
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
        // A built-in default template can be checked against the checklist
        // mapping now, so that errors point into this file.
        if let Some(mut schema) = designdoc_schema::builtin(&c.template) {
            c.apply_checklist(&mut schema)?;
        }
        c.text.shrink_to_fit();
        Ok(c)
    }

    /// The template a doc uses by its path (relative to the config's
    /// directory), from `[path-templates]`.
    pub fn template_for_path(&self, rel: &Path) -> Option<&str> {
        self.path_templates
            .iter()
            .find(|(_, m, _)| m.is_match(rel))
            .map(|(_, _, name)| name.as_str())
    }

    /// Applies the `[checklist]` mapping to the default template's schema.
    pub fn apply_checklist(&self, schema: &mut Schema) -> Result<(), ConfigError> {
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
        Ok(())
    }

    /// Rule severities for a file (path relative to the config's
    /// directory) whose front matter gives `status`: the defaults, then
    /// `[rules]`, then `[status-rules.STATUS]`, then `[[overrides]]`, then
    /// the command line, then `[per-file-ignores]`.
    pub fn settings_for(&self, rel: &Path, status: Option<&str>) -> Settings {
        let mut s = Settings {
            statuses: self.lifecycle.statuses.clone(),
            ..Settings::default()
        };
        for (name, sev) in &self.severities {
            s.severities.insert(name, *sev);
        }
        if let Some(status) = status
            && let Some((_, table)) = self
                .status_rules
                .iter()
                .find(|(st, _)| st.eq_ignore_ascii_case(status))
        {
            for (name, sev) in table {
                s.severities.insert(name, *sev);
            }
        }
        for (set, table) in &self.overrides {
            if set.is_match(rel) {
                for (name, sev) in table {
                    s.severities.insert(name, *sev);
                }
            }
        }
        for (name, choice) in &self.command_line {
            match choice {
                RuleChoice::Off => {
                    s.severities.insert(name, None);
                }
                RuleChoice::On => {
                    if s.severities.get(name) == Some(&None) {
                        let default = find_rule(name).map(|r| r.default_severity);
                        s.severities.insert(name, default);
                    }
                }
                RuleChoice::Set(sev) => {
                    s.severities.insert(name, *sev);
                }
            }
        }
        // Last, as ruff does: a file's ignores hold whatever the command
        // line selects.
        for (glob, names) in &self.per_file_ignores {
            if glob.is_match(rel) {
                for name in names {
                    s.severities.insert(name, None);
                }
            }
        }
        s
    }

    /// Applies the command line's rule selection, ruff's way: `select`
    /// (when given) keeps only the rules it names, `extend_select` adds
    /// rules, `ignore` removes them, then `severity` (`RULE=LEVEL`) sets
    /// levels. Rules are named by name, code or code prefix (`DD1`), or
    /// `ALL`; the same names as in `[rules]`. A name that matches no rule
    /// is an error naming it.
    pub fn apply_command_line(
        &mut self,
        select: &[String],
        extend_select: &[String],
        ignore: &[String],
        severity: &[String],
    ) -> Result<(), String> {
        let matching = |flag: &str, spec: &str| -> Result<Vec<&'static str>, String> {
            let hits: Vec<&'static str> = designdoc_lint::select(spec)
                .iter()
                .map(|r| r.name)
                .collect();
            if hits.is_empty() {
                return Err(format!(
                    "{flag} {:?}: no rule has this name, code or code prefix (`designdoc rule --list` lists them)",
                    spec.trim()
                ));
            }
            Ok(hits)
        };
        let mut choices: Vec<(&'static str, RuleChoice)> = Vec::new();
        if !select.is_empty() {
            let mut chosen = Vec::new();
            for spec in select {
                chosen.extend(matching("--select", spec)?);
            }
            for r in designdoc_lint::RULES {
                let c = if chosen.contains(&r.name) {
                    RuleChoice::On
                } else {
                    RuleChoice::Off
                };
                choices.push((r.name, c));
            }
        }
        for spec in extend_select {
            for name in matching("--extend-select", spec)? {
                choices.push((name, RuleChoice::On));
            }
        }
        for spec in ignore {
            for name in matching("--ignore", spec)? {
                choices.push((name, RuleChoice::Off));
            }
        }
        for spec in severity {
            let Some((rule, level)) = spec.split_once('=') else {
                return Err(format!(
                    "--severity {spec:?}: write RULE=LEVEL (error, warning, info or off)"
                ));
            };
            let Some(sev) = Severity::parse(level.trim()) else {
                return Err(format!(
                    "--severity {spec:?}: {:?} is not a level (error, warning, info or off)",
                    level.trim()
                ));
            };
            for name in matching("--severity", rule)? {
                choices.push((name, RuleChoice::Set(sev)));
            }
        }
        self.command_line = choices;
        Ok(())
    }
}

/// What the command line says of one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum RuleChoice {
    /// Off, whatever the configuration says.
    Off,
    /// On: at its configured severity, or its default when configured off.
    On,
    /// At this severity (`None`: off).
    Set(Option<Severity>),
}

type Table = Vec<(&'static str, Option<Severity>)>;

/// Shipped strictness: a draft is work in progress, so what makes it
/// unfinished is a warning; from in-review on it is an error.
fn default_status_rules() -> Vec<(String, Table)> {
    let warn = Some(Severity::Warning);
    vec![(
        "draft".to_string(),
        vec![
            ("missing-section", warn),
            ("empty-section", warn),
            ("placeholder-text", warn),
            ("section-too-short", warn),
            ("checklist-unticked", warn),
            ("missing-front-matter", warn),
        ],
    )]
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_rules_set_strictness_by_status() {
        let c = Config::parse("[rules]\nplaceholder-text = \"error\"\n[status-rules.in-review]\nglossary-unused = \"error\"\n").unwrap();
        let rel = Path::new("docs/design/x.md");
        let draft = c.settings_for(rel, Some("draft"));
        assert_eq!(
            draft.severities["placeholder-text"],
            Some(Severity::Warning)
        );
        let review = c.settings_for(rel, Some("in-review"));
        assert_eq!(review.severities["placeholder-text"], Some(Severity::Error));
        assert_eq!(review.severities["glossary-unused"], Some(Severity::Error));
        assert!(
            !c.settings_for(rel, None)
                .severities
                .contains_key("glossary-unused")
        );
        let e = Config::parse("\n[status-rules.approved]\nx = \"off\"\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(
            e.message.contains("'approved' is not a status"),
            "{}",
            e.message
        );
    }

    #[test]
    fn per_file_ignores_turn_rules_off_for_matching_docs_only() {
        let mut c = Config::parse(
            "[per-file-ignores]\n\"docs/design/legacy/**\" = [\"missing-section\", \"DD2\"]\n",
        )
        .unwrap();
        c.apply_command_line(&["ALL".to_string()], &[], &[], &[])
            .unwrap();
        let legacy = c.settings_for(Path::new("docs/design/legacy/old.md"), None);
        assert_eq!(legacy.severity(find_rule("missing-section").unwrap()), None);
        assert_eq!(legacy.severity(find_rule("empty-section").unwrap()), None);
        assert_eq!(
            legacy.severity(find_rule("placeholder-text").unwrap()),
            None
        );
        assert!(
            legacy
                .severity(find_rule("extra-section").unwrap())
                .is_some()
        );
        let new = c.settings_for(Path::new("docs/design/new.md"), None);
        assert!(
            new.severity(find_rule("missing-section").unwrap())
                .is_some()
        );
        let e = Config::parse("[per-file-ignores]\n\"x/**\" = [\"no-such-rule\"]\n").unwrap_err();
        assert_eq!(e.line, Some(2));
        assert!(e.message.contains("no-such-rule"), "{}", e.message);
    }
}
