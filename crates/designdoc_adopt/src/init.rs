//! `designdoc init`: finds the design docs a repository already has (in
//! folders named for them, or folders whose docs share most headings), the
//! template each folder follows (the project's own template file when one
//! is kept beside the docs, else the built-in that fits best), and the
//! statuses the docs use, and writes the `designdoc.toml` that checks them.

use std::path::{Path, PathBuf};

use designdoc_schema::{BUILTINS, Schema};

/// Folder names that hold design docs, decision records or RFCs.
const DOC_FOLDERS: &[&str] = &[
    "design",
    "designs",
    "design-docs",
    "designdocs",
    "rfc",
    "rfcs",
    "adr",
    "adrs",
    "decisions",
    "proposals",
];

/// How many docs of a folder are read to tell its template.
const SAMPLE: usize = 20;

/// A folder of docs found, and the template they fit best.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Relative to the repository root, with `/`.
    pub folder: String,
    /// How many `.md` files the folder holds, in subfolders too
    /// (honouring `.gitignore`), its READMEs, indexes and templates not
    /// counted. Never 0.
    pub docs: usize,
    /// A built-in template's name, or the path (relative to the root, with
    /// `/`) of the project's own template file.
    pub template: String,
    /// The share of the template's required sections (all of them when
    /// none is required) the sampled docs have, on average (0 to 1); docs
    /// with fewer than two headings are left out.
    pub fit: f64,
    /// The `status` values the folder's docs use, most used first.
    pub statuses: Vec<String>,
}

/// The share of `schema`'s required sections (all, when none is) that
/// `docs` have, on average; docs without sections (a redirect stub, a
/// one-line note) say nothing of a template and are left out.
fn fit(schema: &Schema, docs: &[designdoc_syntax::Document<'_>]) -> f64 {
    let docs: Vec<_> = docs.iter().filter(|d| d.headings.len() >= 2).collect();
    if docs.is_empty() {
        return 0.0;
    }
    let mut counted: Vec<usize> = (0..schema.sections.len())
        .filter(|&s| schema.sections[s].required)
        .collect();
    if counted.is_empty() {
        counted = (0..schema.sections.len()).collect();
    }
    let total = counted.len().max(1) as f64;
    docs.iter()
        .map(|d| {
            let m = schema.match_headings(d);
            counted.iter().filter(|&&s| m.sections[s].is_some()).count() as f64 / total
        })
        .sum::<f64>()
        / docs.len() as f64
}

/// A doc or template read as `check` reads one, with the default size
/// cap (there is no configuration yet).
fn read(path: &Path) -> Result<String, designdoc_repo::ReadError> {
    designdoc_repo::read_doc(path, designdoc_repo::config::DEFAULT_MAX_FILE_SIZE)
}

/// Up to [`SAMPLE`] of `docs`, spread over them (the first twenty of a
/// sorted folder are its oldest).
fn sample(docs: &[PathBuf]) -> Vec<String> {
    let step = docs.len().div_ceil(SAMPLE).max(1);
    docs.iter()
        .step_by(step)
        .filter_map(|d| read(d).ok())
        .collect()
}

/// The built-in template whose sections `texts` have most of, and that
/// share; none for no texts.
pub fn best_template(texts: &[String]) -> Option<(&'static str, f64)> {
    if texts.is_empty() {
        return None;
    }
    let docs: Vec<designdoc_syntax::Document<'_>> =
        texts.iter().map(|t| designdoc_syntax::parse(t)).collect();
    BUILTINS
        .iter()
        .map(|(name, md, _)| (*name, fit(&designdoc_schema::derive(name, md), &docs)))
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The least share of its sections a project's own template must find in
/// the docs to be taken for theirs.
const OWN_TEMPLATE_FIT: f64 = 0.3;

/// The project's template files that may be `folder`'s: one kept in the
/// folder or a folder above it, or in a `*template*` folder beside one of
/// those (`proposal-templates/`, `template/`). A template elsewhere (the
/// source of a tool, `src/template.md`) is not the docs' template.
fn own_templates_for<'a>(folder: &Path, templates: &'a [PathBuf]) -> Vec<&'a PathBuf> {
    templates
        .iter()
        .filter(|t| {
            let Some(dir) = t.parent() else { return false };
            let named = dir
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.to_ascii_lowercase().contains("template"));
            folder.starts_with(dir) || named && dir.parent().is_some_and(|p| folder.starts_with(p))
        })
        .collect()
}

/// Whether the docs of a folder share most of their headings: at least
/// three section titles that most of them have (EIPs' Abstract,
/// Motivation, Specification…), as docs written from one template do.
fn share_headings(docs: &[designdoc_syntax::Document<'_>]) -> bool {
    // Docs with sections: a redirect stub or a one-liner says nothing.
    let docs: Vec<_> = docs
        .iter()
        .filter(|d| d.headings.iter().filter(|h| h.level == 2).count() >= 2)
        .collect();
    if docs.len() < 5 {
        return false;
    }
    let mut counts: std::collections::HashMap<String, usize> = Default::default();
    for d in &docs {
        let mut keys: Vec<String> = d
            .headings
            .iter()
            .filter(|h| h.level == 2)
            .map(|h| designdoc_syntax::text::normalize_title(&h.text))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *counts.entry(k).or_default() += 1;
        }
    }
    counts
        .values()
        .filter(|&&n| n * 5 >= docs.len() * 3)
        .count()
        >= 3
}

/// The `status` values of `docs` (front matter), most used first.
fn statuses_of(docs: &[PathBuf]) -> Vec<String> {
    let mut counts: Vec<(String, usize)> = Vec::new();
    for d in docs {
        let Ok(text) = read(d) else {
            continue;
        };
        let doc = designdoc_syntax::parse(&text);
        let meta = doc.meta();
        let Some(status) = meta.get("status").and_then(|e| e.value.as_str()) else {
            continue;
        };
        let status = status.trim();
        // A word or two ("Last Call"), not a sentence or a template slot.
        if status.is_empty()
            || status.len() > 30
            || status.split_whitespace().count() > 3
            || !status
                .chars()
                .all(|c| c.is_alphanumeric() || c == ' ' || c == '-')
        {
            continue;
        }
        match counts
            .iter_mut()
            .find(|(s, _)| s.eq_ignore_ascii_case(status))
        {
            Some((_, n)) => *n += 1,
            None => counts.push((status.to_string(), 1)),
        }
    }
    counts.sort_by(|a, b| b.1.cmp(&a.1));
    counts.into_iter().map(|(s, _)| s).collect()
}

/// The folders of docs under `root` (honouring `.gitignore`), with the
/// template each fits, in path order.
pub fn find_docs(root: &Path) -> Vec<Found> {
    let mut folders: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    let mut templates: Vec<PathBuf> = Vec::new();
    let md = |f: &Path| f.extension().is_some_and(|x| x == "md");
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        let p = entry.path();
        if entry.file_type().is_some_and(|t| t.is_file()) {
            // Named as a template, or a template's variant in a template
            // folder (`template/adr-template-minimal.md`); not an example
            // doc kept beside them.
            let named = |n: Option<&std::ffi::OsStr>| {
                n.and_then(|n| n.to_str())
                    .is_some_and(|n| n.to_ascii_lowercase().contains("template"))
            };
            let variant = named(p.file_stem()) && named(p.parent().and_then(|d| d.file_name()));
            if md(p) && (designdoc_repo::is_template_file(p) || variant) {
                templates.push(p.to_path_buf());
            }
            continue;
        }
        if !entry.file_type().is_some_and(|t| t.is_dir()) || p == root {
            continue;
        }
        // A folder inside one already found belongs to it.
        if folders.iter().any(|(f, _)| p.starts_with(f)) {
            continue;
        }
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let by_name = DOC_FOLDERS.contains(&name.to_ascii_lowercase().as_str());
        let docs_in = |walk: ignore::Walk| -> Vec<PathBuf> {
            let mut docs: Vec<PathBuf> = walk
                .flatten()
                .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
                .map(|e| e.into_path())
                .filter(|f| md(f) && !designdoc_repo::walk_is_index(f))
                .collect();
            docs.sort();
            docs
        };
        let docs = if by_name {
            docs_in(ignore::WalkBuilder::new(p).build())
        } else {
            // Not named for docs: a folder whose own Markdown files share
            // most headings (`EIPS/`).
            let own = docs_in(ignore::WalkBuilder::new(p).max_depth(Some(1)).build());
            let texts = sample(&own);
            let parsed: Vec<_> = texts.iter().map(|t| designdoc_syntax::parse(t)).collect();
            if !share_headings(&parsed) {
                continue;
            }
            docs_in(ignore::WalkBuilder::new(p).build())
        };
        if docs.is_empty() {
            continue;
        }
        folders.push((p.to_path_buf(), docs));
    }
    folders.sort();
    templates.sort();
    folders
        .into_iter()
        .map(|(folder, docs)| {
            let texts = sample(&docs);
            let parsed: Vec<_> = texts.iter().map(|t| designdoc_syntax::parse(t)).collect();
            // The project's own template, when one beside the docs fits
            // them; else the built-in that fits best. Of its templates that
            // fit about as well as the best, the one asking for most: a
            // minimal variant fits any doc, the full one describes them.
            let fits: Vec<(String, f64, usize)> = own_templates_for(&folder, &templates)
                .into_iter()
                .filter_map(|t| {
                    let md = read(t).ok()?;
                    let stem = t.file_stem()?.to_string_lossy().into_owned();
                    let schema = designdoc_schema::derive(&stem, &md);
                    let f = fit(&schema, &parsed);
                    Some((
                        designdoc_repo::relative_path(t, root),
                        f,
                        schema.sections.len(),
                    ))
                })
                .filter(|(_, f, _)| *f >= OWN_TEMPLATE_FIT)
                .collect();
            let best = fits.iter().map(|x| x.1).fold(0.0, f64::max);
            let own = fits
                .into_iter()
                .filter(|x| x.1 >= best - 0.15)
                .max_by(|a, b| a.2.cmp(&b.2).then(b.0.cmp(&a.0)))
                .map(|(t, f, _)| (t, f));
            let (template, fit) = own.unwrap_or_else(|| {
                let (t, f) = best_template(&texts).unwrap_or(("design-doc", 0.0));
                (t.to_string(), f)
            });
            Found {
                folder: designdoc_repo::relative_path(&folder, root),
                docs: docs.len(),
                template,
                fit,
                statuses: statuses_of(&docs),
            }
        })
        .collect()
}

/// `[lifecycle]` when the docs use statuses designdoc's default lifecycle
/// lacks (EIPs' "Final", "Last Call"): the defaults, then theirs.
fn lifecycle_for(found: &[Found]) -> String {
    let mut statuses: Vec<String> = designdoc_lint::metadata::DEFAULT_STATUSES
        .iter()
        .map(|s| s.to_string())
        .collect();
    let defaults = statuses.len();
    for s in found.iter().flat_map(|f| &f.statuses) {
        if !statuses.iter().any(|t| t.eq_ignore_ascii_case(s)) {
            statuses.push(s.clone());
        }
    }
    if statuses.len() == defaults {
        return String::new();
    }
    let list: Vec<String> = statuses.iter().map(|s| format!("{s:?}")).collect();
    format!(
        "\n# The statuses the docs use, after designdoc's own.\n[lifecycle]\nstatuses = [{}]\n",
        list.join(", ")
    )
}

/// How strictly `init`'s configuration judges docs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strictness {
    /// The defaults: a `draft` may still have gaps (warnings); any other
    /// status must be complete (errors).
    #[default]
    Standard,
    /// Drafts are judged like every other doc.
    Strict,
    /// Gaps are warnings in every doc: for adopting designdoc on docs
    /// written before it, without failing CI on day one.
    Lenient,
}

impl Strictness {
    /// Every level, in the order `designdoc init` offers them: the level,
    /// its name (as typed and written), and one line describing it.
    pub const ALL: [(Strictness, &'static str, &'static str); 3] = [
        (
            Strictness::Standard,
            "standard",
            "drafts may have gaps (warnings); other docs must be complete",
        ),
        (
            Strictness::Strict,
            "strict",
            "every doc must be complete, drafts too",
        ),
        (
            Strictness::Lenient,
            "lenient",
            "gaps are warnings everywhere: adopt without failing CI on day one",
        ),
    ];
}

/// The rules whose findings are a doc's gaps (what lenient relaxes).
const GAP_RULES: &[&str] = &[
    "missing-section",
    "empty-section",
    "placeholder-text",
    "section-too-short",
    "checklist-unticked",
    "missing-front-matter",
];

/// The `designdoc.toml` for what was found: every folder's docs checked,
/// the most common template as the default, the others by path. Its first
/// line points taplo and Even Better TOML at the configuration's JSON
/// Schema, so editors complete and check every key.
pub fn config_for(found: &[Found], strictness: Strictness) -> String {
    let mut out = format!(
        "#:schema {}\n# Written by `designdoc init`; every key is explained in\n# https://github.com/designdoc/designdoc/blob/main/docs/configuration.md\n",
        designdoc_repo::config::JSON_SCHEMA_URL
    );
    if found.is_empty() {
        out.push_str("paths = [\"docs/design/**/*.md\"]\ntemplate = \"design-doc\"\n");
    } else {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for f in found {
            match counts.iter_mut().find(|(t, _)| *t == f.template) {
                Some((_, n)) => *n += f.docs,
                None => counts.push((&f.template, f.docs)),
            }
        }
        let default = counts
            .iter()
            .max_by_key(|(_, n)| *n)
            .map_or("design-doc", |(t, _)| t);
        let paths: Vec<String> = found
            .iter()
            .map(|f| format!("\"{}/**/*.md\"", f.folder))
            .collect();
        out.push_str(&format!("paths = [{}]\n", paths.join(", ")));
        out.push_str(&format!("template = \"{default}\"\n"));
        out.push_str(&lifecycle_for(found));
        let others: Vec<&Found> = found.iter().filter(|f| f.template != default).collect();
        if !others.is_empty() {
            out.push_str("\n[path-templates]\n");
            for f in others {
                out.push_str(&format!("\"{}/**\" = \"{}\"\n", f.folder, f.template));
            }
        }
    }
    match strictness {
        Strictness::Standard => {}
        Strictness::Strict => out.push_str(
            "\n# Strict: drafts are judged like every other doc (an empty table\n# replaces the default draft leniency).\n[status-rules.draft]\n",
        ),
        Strictness::Lenient => {
            out.push_str("\n# Lenient: a doc's gaps are warnings, so CI passes while old docs catch up.\n[rules]\n");
            for r in GAP_RULES {
                out.push_str(&format!("{r} = \"warning\"\n"));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_builtin_template_is_recognised_in_a_doc_written_from_it() {
        for (name, md, _) in BUILTINS {
            let (best, fit) = best_template(&[md.to_string()]).unwrap();
            assert_eq!(best, *name, "fit {fit}");
            assert!(fit > 0.9, "{name}: {fit}");
        }
    }

    #[test]
    fn the_config_checks_every_folder_with_its_template() {
        let found = vec![
            Found {
                folder: "docs/design".into(),
                docs: 5,
                template: "design-doc".into(),
                fit: 0.8,
                statuses: vec!["accepted".into()],
            },
            Found {
                folder: "doc/adr".into(),
                docs: 2,
                template: "adr".into(),
                fit: 0.7,
                statuses: vec!["Final".into(), "Last Call".into()],
            },
        ];
        let toml = config_for(&found, Strictness::Standard);
        assert!(toml.starts_with("#:schema https://"), "{toml}");
        assert!(
            toml.contains("paths = [\"docs/design/**/*.md\", \"doc/adr/**/*.md\"]"),
            "{toml}"
        );
        assert!(toml.contains("template = \"design-doc\""), "{toml}");
        assert!(toml.contains("\"doc/adr/**\" = \"adr\""), "{toml}");
        // The docs' own statuses extend the lifecycle.
        assert!(
            toml.contains("\"superseded\", \"Final\", \"Last Call\"]"),
            "{toml}"
        );
        // It loads as a configuration.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("designdoc.toml"), &toml).unwrap();
        designdoc_repo::Workspace::discover(dir.path()).unwrap();
    }

    #[test]
    fn strictness_sets_how_a_gap_is_judged_by_status() {
        let rule = designdoc_lint::find_rule("missing-section").unwrap();
        let judged = |strictness, status| {
            let c = designdoc_repo::Config::parse(&config_for(&[], strictness)).unwrap();
            c.settings_for(Path::new("docs/design/0001-a.md"), Some(status))
                .severity(rule)
        };
        use designdoc_lint::Severity::{Error, Warning};
        assert_eq!(judged(Strictness::Standard, "draft"), Some(Warning));
        assert_eq!(judged(Strictness::Standard, "accepted"), Some(Error));
        assert_eq!(judged(Strictness::Strict, "draft"), Some(Error));
        assert_eq!(judged(Strictness::Strict, "accepted"), Some(Error));
        assert_eq!(judged(Strictness::Lenient, "draft"), Some(Warning));
        assert_eq!(judged(Strictness::Lenient, "accepted"), Some(Warning));
    }

    fn write(root: &Path, rel: &str, text: &str) {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    const OWN: &str = "# Proposal: [Title]\n\n## Abstract\n\n[A short summary.]\n\n## Background\n\n[Why.]\n\n## Proposal\n\n[What.]\n\n## Rationale\n\n[Trade-offs.]\n";

    fn doc(n: usize) -> String {
        format!(
            "---\nstatus: Final\n---\n\n# Proposal: thing {n}\n\n## Abstract\n\nA.\n\n## Background\n\nB.\n\n## Proposal\n\nC.\n\n## Rationale\n\nD.\n"
        )
    }

    #[test]
    fn the_projects_own_template_beside_the_docs_wins() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "design/TEMPLATE.md", OWN);
        for n in 1..4 {
            write(dir.path(), &format!("design/{n}-thing.md"), &doc(n));
        }
        let found = find_docs(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].folder, "design");
        assert_eq!(found[0].template, "design/TEMPLATE.md");
        assert_eq!(found[0].docs, 3, "the template is not a doc");
        assert_eq!(found[0].statuses, ["Final"]);
    }

    #[test]
    fn a_folder_is_found_by_its_docs_sharing_headings_and_a_tools_template_is_not_theirs() {
        let dir = tempfile::tempdir().unwrap();
        write(dir.path(), "src/template.md", OWN);
        write(dir.path(), "notes/todo.md", "# Todo\n\n## Now\n\nA.\n");
        for n in 1..7 {
            write(dir.path(), &format!("EIPS/eip-{n}.md"), &doc(n));
        }
        let found = find_docs(dir.path());
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].folder, "EIPS");
        assert!(
            BUILTINS.iter().any(|(n, _, _)| *n == found[0].template),
            "{found:?}"
        );
    }

    #[test]
    fn nygard_and_madr_are_told_apart() {
        let nygard = "# 2. Use Postgres\n\nDate: 2024-01-02\n\n## Status\n\nAccepted\n\n## Context\n\nWe need a store.\n\n## Decision\n\nPostgres.\n\n## Consequences\n\nOps learn it.\n";
        assert_eq!(best_template(&[nygard.to_string()]).unwrap().0, "nygard");
        let madr = "# Use Postgres\n\n## Context and Problem Statement\n\nA store.\n\n## Considered Options\n\n* Postgres\n* MySQL\n\n## Decision Outcome\n\nPostgres.\n\n### Consequences\n\n* Good.\n";
        assert_eq!(best_template(&[madr.to_string()]).unwrap().0, "adr");
    }
}
