//! `designdoc init`: finds the design docs a repository already has (by
//! folder name, and by which built-in template their headings fit best)
//! and writes the `designdoc.toml` that checks them.

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
];

/// How many docs of a folder are read to tell its template.
const SAMPLE: usize = 20;

/// A folder of docs found, and the built-in template they fit best.
#[derive(Debug, Clone, PartialEq)]
pub struct Found {
    /// Relative to the repository root, with `/`.
    pub folder: String,
    pub docs: usize,
    pub template: &'static str,
    /// The share of the template's sections the sampled docs have, on
    /// average (0 to 1).
    pub fit: f64,
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
        .map(|(name, md, _)| {
            let schema: Schema = designdoc_schema::derive(name, md);
            let total = schema.sections.len().max(1) as f64;
            let fit = docs
                .iter()
                .map(|d| {
                    let m = schema.match_headings(d);
                    m.sections.iter().filter(|s| s.is_some()).count() as f64 / total
                })
                .sum::<f64>()
                / docs.len() as f64;
            (*name, fit)
        })
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The folders of docs under `root` (honouring `.gitignore`), with the
/// template each fits, in path order.
pub fn find_docs(root: &Path) -> Vec<Found> {
    let mut folders: Vec<(PathBuf, Vec<PathBuf>)> = Vec::new();
    for entry in ignore::WalkBuilder::new(root).build().flatten() {
        let p = entry.path();
        if !entry.file_type().is_some_and(|t| t.is_dir()) || p == root {
            continue;
        }
        let name = p.file_name().and_then(|n| n.to_str()).unwrap_or("");
        if !DOC_FOLDERS.contains(&name.to_ascii_lowercase().as_str()) {
            continue;
        }
        // A folder inside one already found belongs to it.
        if folders.iter().any(|(f, _)| p.starts_with(f)) {
            continue;
        }
        let mut docs: Vec<PathBuf> = ignore::WalkBuilder::new(p)
            .build()
            .flatten()
            .filter(|e| e.file_type().is_some_and(|t| t.is_file()))
            .map(|e| e.into_path())
            .filter(|f| f.extension().is_some_and(|x| x == "md") && !crate::walk::is_index_file(f))
            .collect();
        if docs.is_empty() {
            continue;
        }
        docs.sort();
        folders.push((p.to_path_buf(), docs));
    }
    folders.sort();
    folders
        .into_iter()
        .map(|(folder, docs)| {
            let texts: Vec<String> = docs
                .iter()
                .take(SAMPLE)
                .filter_map(|d| std::fs::read_to_string(d).ok())
                .collect();
            let (template, fit) = best_template(&texts).unwrap_or(("design-doc", 0.0));
            Found {
                folder: crate::relative_path(&folder, root),
                docs: docs.len(),
                template,
                fit,
            }
        })
        .collect()
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
        crate::config::JSON_SCHEMA_URL
    );
    if found.is_empty() {
        out.push_str("paths = [\"docs/design/**/*.md\"]\ntemplate = \"design-doc\"\n");
    } else {
        let mut counts: Vec<(&str, usize)> = Vec::new();
        for f in found {
            match counts.iter_mut().find(|(t, _)| *t == f.template) {
                Some((_, n)) => *n += f.docs,
                None => counts.push((f.template, f.docs)),
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
                template: "design-doc",
                fit: 0.8,
            },
            Found {
                folder: "doc/adr".into(),
                docs: 2,
                template: "adr",
                fit: 0.7,
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
        // It loads as a configuration.
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("designdoc.toml"), &toml).unwrap();
        crate::Workspace::discover(dir.path()).unwrap();
    }

    #[test]
    fn strictness_sets_how_a_gap_is_judged_by_status() {
        let rule = designdoc_lint::find_rule("missing-section").unwrap();
        let judged = |strictness, status| {
            let c = crate::Config::parse(&config_for(&[], strictness)).unwrap();
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
}
