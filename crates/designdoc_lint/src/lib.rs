//! designdoc's rules, diagnostics, fixes and output formats.
//!
//! [`check`] runs every enabled rule over a parsed document and its schema;
//! [`fix::fix`] applies the safe fixes until the document settles. Rules are
//! one file each under `rules/`, registered in [`registry::RULES`]. Outputs
//! (terminal, concise, JSON, GitHub annotations, SARIF) are one file each under
//! `output/`. Pure: no file system, no environment.
//!
//! # Example
//!
//! ```rust
//! use designdoc_lint::{Settings, check};
//!
//! let schema = designdoc_schema::builtin("design-doc").expect("a built-in template");
//! let src = "# Design Document: Rate limiter\n\n## Overview\n\nOne bucket per client.\n";
//! let doc = designdoc_syntax::parse(src);
//! let diagnostics = check(&doc, &schema, &Settings::default());
//! // Every required section the doc lacks (all but the overview) is reported.
//! assert!(diagnostics.iter().any(|d| {
//!     d.rule.name == "missing-section" && d.section.as_deref() == Some("Alternatives Considered")
//! }));
//! ```
#![warn(missing_docs)]

pub mod baseline;
mod context;
mod diagnostic;
pub mod fix;
mod helpers;
pub mod metadata;
pub mod output;
pub mod pack;
pub mod registry;
pub mod repo;
pub mod requirements;
pub mod rules;
pub mod suppress;
pub mod targets;

pub use context::{Context, SectionStatus};
pub use diagnostic::{
    Applicability, Diagnostic, DocCheck, Edit, Fix, FixAvailability, Kind, RepoCheck, Rule,
    Severity,
};
pub use registry::{RULES, find_rule, select};

use designdoc_schema::Schema;
use designdoc_syntax::Document;
use std::collections::HashMap;

/// Which rules run, and at what severity.
#[derive(Debug, Clone, Default)]
pub struct Settings {
    /// Rule name → severity (`None`: off). Rules not listed keep their default.
    pub severities: HashMap<&'static str, Option<Severity>>,
    /// The lifecycle's statuses (empty: [`metadata::DEFAULT_STATUSES`]).
    pub statuses: Vec<String>,
}

impl Settings {
    /// The severity `rule` runs at: the configured one, else its default; `None` when it is
    /// turned off.
    pub fn severity(&self, rule: &Rule) -> Option<Severity> {
        self.severities
            .get(rule.name)
            .copied()
            .unwrap_or(Some(rule.default_severity))
    }
}

/// The rules that judge a doc against its template's structure and
/// content, not run on a redirect stub.
const TEMPLATE_RULES: &[&str] = &[
    "missing-section",
    "missing-front-matter",
    "empty-section",
    "section-too-short",
    "section-order",
    "heading-level",
    "renamed-section",
    "extra-section",
    "title-format",
    "checklist-unticked",
    "checklist-unsupported",
    "placeholder-text",
    "glossary-format",
    "glossary-unused",
    "unmeasurable-target",
];

/// Runs every enabled rule. Diagnostics come back sorted by position, then
/// by rule code.
pub fn check(doc: &Document<'_>, schema: &Schema, settings: &Settings) -> Vec<Diagnostic> {
    run(doc, schema, settings, None, None)
}

/// [`check`] and the doc's summary for the repository rules
/// ([`repo::RepoDoc`], for the doc at `path`), reading the front matter
/// and the suppression comments once for both.
pub fn check_for_repo(
    path: &std::path::Path,
    doc: &Document<'_>,
    schema: &Schema,
    settings: &Settings,
) -> (Vec<Diagnostic>, repo::RepoDoc) {
    let meta = doc.meta();
    let mut repo = repo::RepoDoc::with_parts(path, doc, &meta, suppress::Suppressions::parse(doc));
    // The repository pass only asks what a directive covers, never
    // whether it was used: the doc's pass may mark them.
    let diagnostics = run(
        doc,
        schema,
        settings,
        Some(meta),
        Some(&mut repo.suppressions),
    );
    (diagnostics, repo)
}

fn run(
    doc: &Document<'_>,
    schema: &Schema,
    settings: &Settings,
    meta: Option<designdoc_syntax::Meta>,
    suppressions: Option<&mut suppress::Suppressions>,
) -> Vec<Diagnostic> {
    let mut cx = Context::new(doc, schema);
    if let Some(m) = meta {
        cx.set_meta(m);
    }
    cx.statuses.clone_from(&settings.statuses);
    // A document the parser failed on is not judged: only the failure is
    // reported (its headings and blocks are missing, not absent).
    let failed = doc
        .problems
        .iter()
        .any(|p| matches!(p.kind, designdoc_syntax::ProblemKind::ParserPanic(_)));
    // A notice that the doc moved is not a doc: only what can still be
    // wrong in it (its links, its front matter, its syntax) is judged.
    let stub = doc.is_redirect_stub();
    let mut out = Vec::new();
    for rule in RULES {
        // A doc's own rules; on a doc the parser failed on, only the
        // failure's.
        let check = match (rule.kind, failed) {
            (Kind::Doc(check), false) | (Kind::Failure(Some(check)), true) => check,
            _ => continue,
        };
        if stub && TEMPLATE_RULES.contains(&rule.name) {
            continue;
        }
        let Some(severity) = settings.severity(rule) else {
            continue;
        };
        let start = out.len();
        check(&cx, &mut out);
        for d in &mut out[start..] {
            // A finding the rule marked uncertain stays a step below.
            d.severity = d.severity.configured(severity, rule.default_severity);
        }
    }
    // What the doc's suppression comments cover goes; those that covered
    // nothing are findings themselves.
    if !failed {
        let mut parsed = None;
        let suppressions =
            suppressions.unwrap_or_else(|| parsed.insert(suppress::Suppressions::parse(doc)));
        if !suppressions.is_empty() {
            suppressions.filter(&mut out);
            if let Some(sev) = settings.severity(&rules::unused_suppression::RULE) {
                out.extend(suppressions.unused(settings).into_iter().map(|mut d| {
                    d.severity = sev;
                    d
                }));
            }
        }
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, a.rule.code).cmp(&(b.range.start, b.range.end, b.rule.code))
    });
    out
}

/// One term of a doc's glossary, for outputs that list them (the site's
/// glossary page, hover in an editor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GlossaryTerm {
    /// The term, as plain text, trimmed, never empty: a list item's leading `**bold**` run
    /// (a trailing colon inside it left out), else its text before the first `:`, ` - `,
    /// ` — ` or ` – `; for a table row, its first cell (a trailing colon kept).
    pub term: String,
    /// The definition's text (the entry without its term), trimmed.
    pub definition: String,
    /// Byte offset of the term in the source.
    pub offset: usize,
}

/// The glossary of `doc`: the entries of the section the template marks as
/// the glossary (`**Term**: definition` items or table rows), template
/// placeholders left out. Empty when the template has no glossary.
pub fn glossary(doc: &Document<'_>, schema: &Schema) -> Vec<GlossaryTerm> {
    let cx = Context::new(doc, schema);
    helpers::glossary_entries(&cx)
        .iter()
        .filter(|e| !e.term.is_empty())
        .map(|e| {
            let text = &e.block.text;
            let definition = match e.block.kind {
                designdoc_syntax::BlockKind::TableRow => {
                    text.split(" | ").skip(1).collect::<Vec<_>>().join(" | ")
                }
                _ => {
                    let after = text
                        .find(e.term.as_str())
                        .map_or(&**text, |i| &text[i + e.term.len()..]);
                    after
                        .trim_start_matches(['*', '_', ' '])
                        .trim_start_matches([':', '-', '—', '–'])
                        .trim_start_matches(['*', '_', ' '])
                        .to_string()
                }
            };
            GlossaryTerm {
                term: e.term.clone(),
                definition: definition.trim().to_string(),
                offset: e.term_range.start,
            }
        })
        .collect()
}
