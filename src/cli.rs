use std::path::PathBuf;

use clap::{Parser, Subcommand, ValueEnum};

/// designdoc checks design documents against their template: missing,
/// renamed, empty and out-of-order sections, placeholder text left in,
/// checklists that claim what the doc lacks, unmeasurable targets, broken
/// anchors. `designdoc new` scaffolds a doc from the template.
#[derive(Parser, Debug)]
#[command(name = "designdoc", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    /// When to use colour: auto (on a terminal, unless NO_COLOR is set),
    /// always, never.
    #[arg(long, value_enum, default_value_t = ColorWhen::Auto, global = true)]
    pub color: ColorWhen,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Check docs against the template (every configured doc by default).
    Check(CheckArgs),
    /// Accept every current finding: write .designdoc-baseline.json, so
    /// that `check` reports only new findings (commit the file).
    Baseline(BaselineArgs),
    /// Create a new doc from the template: NNNN-slug.md with the next free number.
    New(NewArgs),
    /// Explain a rule (what it checks, why, an example), or list all rules.
    Rule(RuleArgs),
    /// List, show, derive and compare templates (a template is a schema).
    #[command(subcommand)]
    Template(TemplateCommand),
    /// Move docs to another template: rename their sections to its titles
    /// and insert the sections it adds.
    Migrate(MigrateArgs),
    /// List the docs: number, title, status, authors, updated.
    List(ListArgs),
    /// Move a doc through its lifecycle (draft → in-review → accepted →
    /// implemented, …), gated: rewrites only its front matter.
    Status(StatusArgs),
    /// Record that one doc supersedes another, in both docs at once.
    Supersede(SupersedeArgs),
    /// List the docs' requirements with their ids (FR-1, NFR-2 …); with
    /// --assign, give an id to each requirement that has none.
    Ids(IdsArgs),
    /// Requirements traced to the code and tests that cite them
    /// (`design: 0007#FR-3`, `[0007#FR-3]` in a test name), with a
    /// verdict each: passing, failing or untested (from --junit reports).
    Trace(TraceArgs),
    /// Performance targets (`Target performance: p99 ≤ 40 µs (bench:
    /// NAME)`) checked against benchmark results: met, missed or
    /// unmeasured. Exits 1 when one is missed.
    Targets(TargetsArgs),
    /// Rewrite the table of docs between the index markers of
    /// docs/design/README.md (created when absent).
    Index(IndexArgs),
    /// The docs as a graph: supersedes, depends-on and links as edges.
    Graph(GraphArgs),
    /// What changed in the docs' meaning between two git revisions:
    /// status, sections, requirements, checklist items.
    Diff(SemDiffArgs),
    /// Build a static site of every doc (dashboard, doc pages with their
    /// check results, glossary, graph, timeline, search) into site/.
    Build(BuildArgs),
    /// Build the site and serve it on 127.0.0.1, rebuilding and reloading
    /// open pages when a doc changes.
    Serve(ServeArgs),
    /// Write this repository's bundle for an organisation's catalog
    /// (site/export/docs.json): every doc's metadata, findings and
    /// rendered page, checked with this repository's designdoc.toml.
    Export(ExportArgs),
    /// One site for the design docs of many repositories, from their
    /// bundles or checkouts (catalog.toml).
    #[command(subcommand)]
    Catalog(CatalogCommand),
    /// Run the language server (LSP over stdin and stdout) for editors:
    /// check's diagnostics as you type, its fixes as code actions.
    Lsp,
    /// Run a Model Context Protocol server over stdin and stdout, for
    /// coding agents: list, show, check, create docs and move their status.
    Mcp,
    /// Print a shell's completion script: `designdoc completions zsh >
    /// _designdoc`.
    Completions(CompletionsArgs),
    /// Print the man page (roff): `designdoc man > designdoc.1`.
    Man,
    /// Write designdoc.toml for the docs this repository already has:
    /// folders named design, rfcs, adr, decisions… each checked against
    /// the built-in template its docs fit best. Asks nothing unless
    /// --interactive; never replaces an existing designdoc.toml.
    Init(InitArgs),
    /// Move decision records from adr-tools, log4brains or MADR into
    /// designdoc's front matter and lifecycle, keeping every byte of their
    /// text.
    Import(ImportArgs),
    /// The configuration file's format: `designdoc config schema` prints
    /// its JSON Schema.
    #[command(subcommand)]
    Config(ConfigCommand),
}

#[derive(clap::Args, Debug)]
pub struct ExportArgs {
    /// The bundle's folder. Default: export/ in the site's output folder
    /// ([site] out-dir, else site/).
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// The repository's name in the catalog (`payments` in
    /// `payments:0012`). Default: the name of the folder of designdoc.toml.
    #[arg(long, value_name = "NAME")]
    pub name: Option<String>,
}

#[derive(Subcommand, Debug)]
pub enum CatalogCommand {
    /// Build the catalog: the dashboard, a page per repository, every doc,
    /// the problems page and catalog.json. A source that cannot be read is
    /// shown as stale (its last good bundle) or refused; the others build.
    Build(CatalogBuildArgs),
    /// Build the catalog and serve it on 127.0.0.1, building again (only
    /// what changed) when catalog.toml, a bundle or a checkout changes.
    Serve(CatalogServeArgs),
}

#[derive(clap::Args, Debug)]
pub struct CatalogServeArgs {
    #[command(flatten)]
    pub build: CatalogBuildArgs,

    /// Port on 127.0.0.1 (0: any free port).
    #[arg(long, default_value_t = 4001)]
    pub port: u16,
}

#[derive(clap::Args, Debug)]
pub struct CatalogBuildArgs {
    /// The catalog's configuration: its title and [[source]] tables.
    #[arg(value_name = "CATALOG_TOML")]
    pub config: PathBuf,

    /// Output folder. Default: catalog/ next to the configuration.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

#[derive(clap::Args, Debug)]
pub struct InitArgs {
    /// Ask where the docs live, which template each folder uses and how
    /// strict to be (only on a terminal; otherwise the answers are the
    /// detected defaults).
    #[arg(long, short)]
    pub interactive: bool,
}

#[derive(clap::Args, Debug)]
pub struct ImportArgs {
    /// The tool the records were written for.
    #[arg(value_enum)]
    pub from: ImportSource,
    /// Their folder. Default: adr-tools' .adr-dir, else doc/adr
    /// (adr-tools), docs/adr (log4brains), docs/decisions (madr).
    pub dir: Option<PathBuf>,
    /// Show the changes as a unified diff; write nothing. Exits 1 when
    /// something would change.
    #[arg(long)]
    pub diff: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportSource {
    /// adr-tools: `Date:` line, `## Status` with Supersedes / Superseded by links.
    AdrTools,
    /// log4brains: `- Status:`, `- Date:`, `- Deciders:`, `- Tags:` under the title.
    Log4brains,
    /// MADR: front matter (3.x, 4.x) or a `* Status:` list (2.x).
    Madr,
}

#[derive(Subcommand, Debug)]
pub enum ConfigCommand {
    /// Print the JSON Schema of designdoc.toml (for taplo, Even Better
    /// TOML and other schema-aware editors).
    Schema,
}

#[derive(clap::Args, Debug)]
pub struct CompletionsArgs {
    /// The shell.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(clap::Args, Debug)]
pub struct SiteArgs {
    /// Output directory. Default: [site] out-dir in designdoc.toml, else
    /// site/ next to it.
    #[arg(long, short, value_name = "DIR")]
    pub out: Option<PathBuf>,

    /// A theme folder (templates/*.html, assets/*) overriding the built-in
    /// files of the same name. Default: [site] theme.
    #[arg(long, value_name = "DIR")]
    pub theme: Option<PathBuf>,

    /// Leave out the search index (faster; the search box then finds nothing).
    #[arg(long)]
    pub no_search: bool,

    /// Print nothing but errors.
    #[arg(long, short, conflicts_with = "verbose")]
    pub quiet: bool,

    /// Also print what each stage took and every file written.
    #[arg(long, short)]
    pub verbose: bool,
}

#[derive(clap::Args, Debug)]
pub struct BuildArgs {
    #[command(flatten)]
    pub site: SiteArgs,
}

#[derive(clap::Args, Debug)]
pub struct ServeArgs {
    #[command(flatten)]
    pub site: SiteArgs,

    /// The port to listen on (0: any free port).
    #[arg(long, short, default_value_t = 4000)]
    pub port: u16,

    /// Open the site in the default browser once it is served.
    #[arg(long)]
    pub open: bool,
}

#[derive(clap::Args, Debug)]
pub struct SemDiffArgs {
    /// The older revision (commit, branch or tag).
    pub rev1: String,
    /// The newer revision.
    pub rev2: String,
    /// One doc (path); default: every doc under the configured paths.
    pub doc: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

#[derive(clap::Args, Debug)]
pub struct TraceArgs {
    /// JUnit XML reports of test runs (cargo-nextest, pytest
    /// --junitxml, Maven Surefire, go-junit-report); repeatable.
    #[arg(long, value_name = "FILE")]
    pub junit: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Human)]
    pub format: TraceFormat,
}

#[derive(clap::Args, Debug)]
pub struct TargetsArgs {
    /// Benchmark results: a criterion folder (target/criterion),
    /// hyperfine --export-json files, Go -bench output, pytest-benchmark
    /// JSON or the generic JSON. Default: [targets] results in
    /// designdoc.toml.
    #[arg(long, num_args = 1.., value_name = "PATH")]
    pub results: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = TraceFormat::Human)]
    pub format: TraceFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TraceFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct IdsArgs {
    /// Files or directories. Default: the doc paths in designdoc.toml.
    pub paths: Vec<PathBuf>,
    /// Give each requirement without an id the next free one of its
    /// section's prefix (never renumbering one that has an id), in place.
    #[arg(long)]
    pub assign: bool,
    /// With --assign: show the changes as a unified diff; write nothing.
    /// Exits 1 when something would change.
    #[arg(long, requires = "assign")]
    pub diff: bool,
    /// Output format of the listing.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(clap::Args, Debug)]
pub struct IndexArgs {
    /// The index file. Default: README.md in the first configured doc
    /// folder (docs/design/README.md).
    #[arg(long, value_name = "FILE")]
    pub file: Option<PathBuf>,

    /// Write nothing; exit 1 if the index is not up to date (for CI).
    #[arg(long)]
    pub check: bool,
}

#[derive(clap::Args, Debug)]
pub struct GraphArgs {
    /// Output format.
    #[arg(long, value_enum, default_value_t = GraphFormat::Mermaid)]
    pub format: GraphFormat,

    /// Leave out links in the text; keep supersedes and depends-on.
    #[arg(long)]
    pub no_links: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// A Mermaid flowchart (GitHub renders it in Markdown).
    Mermaid,
    /// Graphviz DOT.
    Dot,
    /// An SVG picture, laid out in-process (no graphviz needed).
    Svg,
}

#[derive(clap::Args, Debug)]
pub struct StatusArgs {
    /// The doc: its number (7 or 0007), id, or path.
    pub doc: String,
    /// The new status.
    pub status: String,
    /// Who approved it (repeat for several); recorded in `approvers`.
    #[arg(long, value_name = "NAME")]
    pub approver: Vec<String>,
}

#[derive(clap::Args, Debug)]
pub struct SupersedeArgs {
    /// The doc that is superseded: number, id or path.
    pub old: String,
    /// The doc that supersedes it.
    #[arg(long, value_name = "DOC")]
    pub by: String,
}

#[derive(clap::Args, Debug)]
pub struct ListArgs {
    /// Files or directories. Default: the doc paths in designdoc.toml.
    pub paths: Vec<PathBuf>,

    /// Only docs with this status (repeat for several).
    #[arg(long, value_name = "STATUS")]
    pub status: Vec<String>,

    /// Only docs this person wrote (case-insensitive, part of a name).
    #[arg(long, value_name = "NAME")]
    pub author: Option<String>,

    /// Only docs with this tag (repeat: all of them).
    #[arg(long, value_name = "TAG")]
    pub tag: Vec<String>,

    /// Sort by this field.
    #[arg(long, value_enum, default_value_t = SortKey::Number)]
    pub sort: SortKey,

    /// Reverse the order.
    #[arg(long, short)]
    pub reverse: bool,

    /// Output format.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SortKey {
    Number,
    Title,
    Status,
    Created,
    Updated,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ListFormat {
    /// Aligned columns.
    Table,
    /// An array of objects: number, id, title, status, authors, created,
    /// updated, tags, path.
    Json,
    /// Comma-separated, with a header row.
    Csv,
}

#[derive(Subcommand, Debug)]
pub enum TemplateCommand {
    /// List the built-in templates and the project's own ([templates] in
    /// designdoc.toml).
    List,
    /// Print the schema designdoc uses for a template, as a schema file.
    Show(ShowArgs),
    /// Derive a schema file from a Markdown template, to review and tune:
    /// writes NAME.schema.toml next to it.
    Derive(DeriveArgs),
    /// What changes for existing docs when a template changes: sections
    /// added, removed, renamed, moved.
    Diff(DiffArgs),
}

#[derive(clap::Args, Debug)]
pub struct ShowArgs {
    /// A built-in name, a [templates] name, a schema file or a Markdown
    /// template. Default: the configured template.
    #[arg(value_name = "TEMPLATE")]
    pub template: Option<String>,

    /// The same as TEMPLATE, as `check` and `new` take it.
    #[arg(
        long = "template",
        value_name = "TEMPLATE",
        conflicts_with = "template"
    )]
    pub template_flag: Option<String>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = SchemaFormat::Toml)]
    pub format: SchemaFormat,
}

#[derive(clap::Args, Debug)]
pub struct DeriveArgs {
    /// The Markdown template.
    pub path: PathBuf,

    /// Where to write the schema file. Default: next to the template, as
    /// <stem>.schema.toml.
    #[arg(long, short, value_name = "FILE", conflicts_with = "stdout")]
    pub output: Option<PathBuf>,

    /// Print the schema file instead of writing it.
    #[arg(long)]
    pub stdout: bool,

    /// Overwrite a schema file that differs from what derive would write
    /// (hand edits are lost).
    #[arg(long)]
    pub force: bool,
}

#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The template as it was (any form --template takes).
    pub old: String,
    /// The template as it is now.
    pub new: String,

    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
}

#[derive(clap::Args, Debug)]
pub struct MigrateArgs {
    /// Files or directories. Default: the doc paths in designdoc.toml.
    pub paths: Vec<PathBuf>,

    /// The template to move to (any form --template takes).
    #[arg(long, value_name = "TEMPLATE")]
    pub to: String,

    /// Show the changes as a unified diff; write nothing. Exits 1 when
    /// something would change.
    #[arg(long)]
    pub diff: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SchemaFormat {
    /// The schema file format (docs/templates.md).
    Toml,
    /// The same as JSON.
    Json,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum DiffFormat {
    Human,
    Json,
}

#[derive(clap::Args, Debug)]
pub struct BaselineArgs {
    /// Files or directories; entries for docs not named are kept.
    /// Default: the doc paths in designdoc.toml.
    pub paths: Vec<PathBuf>,

    /// Only drop the entries whose findings are gone (fixed); accept
    /// nothing new.
    #[arg(long)]
    pub prune: bool,

    /// Accept `check --branches`' findings too (numbers another branch
    /// took).
    #[arg(long)]
    pub branches: bool,

    /// Check every doc against this template, as `check --template` does.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,

    /// Print nothing but errors.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (walked for *.md, honouring .gitignore).
    /// Default: the doc paths in designdoc.toml (docs/design/**/*.md).
    pub paths: Vec<PathBuf>,

    /// Output format (`--format` is the same option).
    #[arg(
        long = "output-format",
        visible_alias = "format",
        value_enum,
        default_value_t = Format::Human
    )]
    pub format: Format,

    /// Print one line per rule (count, fixable, severity), most first,
    /// instead of each finding.
    #[arg(long, conflicts_with = "diff")]
    pub statistics: bool,

    /// Only these rules: names, codes or code prefixes (`DD1`), or ALL;
    /// comma-separated or repeated. Replaces designdoc.toml's selection.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub select: Vec<String>,

    /// These rules too, on top of the selection.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub extend_select: Vec<String>,

    /// Not these rules.
    #[arg(long, value_delimiter = ',', value_name = "RULE")]
    pub ignore: Vec<String>,

    /// A rule's severity: RULE=LEVEL (error, warning, info or off);
    /// repeatable. The same names as designdoc.toml's [rules].
    #[arg(long, value_name = "RULE=LEVEL")]
    pub severity: Vec<String>,

    /// Exit 0 even when errors are found (2 still means designdoc could
    /// not do its job).
    #[arg(long)]
    pub exit_zero: bool,

    /// Apply the safe fixes in place, then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// With --fix or --diff: apply the unsafe fixes too (inserting an
    /// empty missing section, renaming a heading other docs link to,
    /// guessing a broken anchor's target).
    #[arg(long)]
    pub unsafe_fixes: bool,

    /// With --fix: list every fix applied, by file.
    #[arg(long)]
    pub show_fixes: bool,

    /// Report every finding, the ones the baseline
    /// (.designdoc-baseline.json) accepts too.
    #[arg(long)]
    pub no_baseline: bool,

    /// Show the fixes as a unified diff (the safe ones; the unsafe ones
    /// too with --unsafe-fixes); write nothing. Exits 1 when there is
    /// something to fix.
    #[arg(long)]
    pub diff: bool,

    /// Check every doc against this template: a built-in name, a
    /// [templates] name, a schema file or a Markdown template. Default:
    /// each doc's front-matter `template:`, else [path-templates], else
    /// the configured template (design-doc).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,

    /// Print only the diagnostics, no summary line.
    #[arg(long, short)]
    pub quiet: bool,

    /// Also report a doc number that another git branch (local or
    /// remote-tracking) gives to a different doc.
    #[arg(long)]
    pub branches: bool,

    /// Report only the docs changed in the work tree (and, with --base,
    /// since the branch left REF). Repository rules still see every doc.
    #[arg(long)]
    pub changed: bool,

    /// With --changed: the branch or commit the change started from.
    #[arg(long, value_name = "REF", requires = "changed")]
    pub base: Option<String>,

    /// Of the files given, check only those designdoc.toml's `paths`
    /// match, and never a README or index: for pre-commit, lint-staged and
    /// other tools that pass every changed Markdown file.
    #[arg(long)]
    pub only_configured: bool,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The title of the design, e.g. "Rate limiter v2".
    pub title: String,

    /// Directory to create the doc in. Default: the base of the first
    /// configured doc path (docs/design).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Template: a built-in name, a [templates] name, a schema file or a
    /// Markdown template. Default: the configured template. A doc made
    /// from another template records it in its front matter.
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,
}

#[derive(clap::Args, Debug)]
pub struct RuleArgs {
    /// Rule name (placeholder-text) or code (DD202).
    pub name: Option<String>,

    /// List every rule with its code, default severity and fix.
    #[arg(long, conflicts_with = "name")]
    pub list: bool,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Snippets with carets, rustc/ruff style.
    Human,
    /// The stable JSON report (docs/json-output.md).
    Json,
    /// GitHub Actions workflow annotations.
    Github,
    /// SARIF 2.1.0 for code-scanning upload.
    Sarif,
    /// One line per finding: `path:line:col: code name [severity] message`.
    Concise,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}
