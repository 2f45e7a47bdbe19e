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
    /// Create a new doc from the template: NNNN-slug.md with the next free number.
    New(NewArgs),
    /// Explain a rule (what it checks, why, an example), or list all rules.
    Rule(RuleArgs),
}

#[derive(clap::Args, Debug)]
pub struct CheckArgs {
    /// Files or directories (walked for *.md, honouring .gitignore).
    /// Default: the doc paths in designdoc.toml (docs/design/**/*.md).
    pub paths: Vec<PathBuf>,

    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,

    /// Apply the safe fixes in place, then report what is left.
    #[arg(long, conflicts_with = "diff")]
    pub fix: bool,

    /// Show the safe fixes as a unified diff; write nothing. Exits 1 when
    /// there is something to fix.
    #[arg(long)]
    pub diff: bool,

    /// Template to check against: a built-in name or a path to a Markdown
    /// template. Default: the configured template (design-doc).
    #[arg(long, value_name = "NAME")]
    pub template: Option<String>,

    /// Print only the diagnostics, no summary line.
    #[arg(long, short)]
    pub quiet: bool,
}

#[derive(clap::Args, Debug)]
pub struct NewArgs {
    /// The title of the design, e.g. "Rate limiter v2".
    pub title: String,

    /// Directory to create the doc in. Default: the base of the first
    /// configured doc path (docs/design).
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,

    /// Template: a built-in name or a path to a Markdown template.
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
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}
