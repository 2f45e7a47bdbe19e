//! Templates designdoc has never seen (tests/templates/<name>/template.md)
//! turned into schemas, with snapshots of the derived schema files and of
//! `check` on a real-looking document written from each (doc.md).

use std::path::Path;

use designdoc_lint::output::FileReport;
use designdoc_lint::{Settings, check};
use designdoc_schema::{Schema, derive};
use designdoc_syntax::parse;

fn cases() -> Vec<(String, String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/templates");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let name = dir.file_name().unwrap().to_string_lossy().into_owned();
        let template = std::fs::read_to_string(dir.join("template.md")).unwrap();
        let doc = std::fs::read_to_string(dir.join("doc.md")).unwrap();
        out.push((name, template, doc));
    }
    out.sort();
    out
}

fn diagnostics(schema: &Schema, src: &str) -> String {
    let doc = parse(src);
    let diags = check(&doc, schema, &Settings::default());
    let report = FileReport {
        path: "doc.md",
        source: src,
        diagnostics: &diags,
    };
    let mut s = String::new();
    for l in report.located() {
        s.push_str(&format!(
            "{}:{} {} {}\n",
            l.start.line, l.start.column, l.diagnostic.rule.name, l.diagnostic.message
        ));
    }
    s
}

#[test]
fn at_least_six_shapes() {
    assert!(cases().len() >= 6);
}

#[test]
fn derived_schemas() {
    for (name, template, _) in cases() {
        let schema = derive(&name, &template);
        let toml = schema.to_toml(Some("template.md"), "derived from template.md");
        insta::assert_snapshot!(format!("derived__{name}"), toml);
        // The file reads back to the same schema.
        let back = Schema::from_toml(&toml, |_| Ok(template.clone())).unwrap();
        assert_eq!(
            back.to_toml(Some("template.md"), "derived from template.md"),
            toml,
            "{name}: schema file round trip"
        );
        assert_eq!(back.markdown, template);
    }
}

#[test]
fn checks_against_derived_schemas() {
    for (name, template, doc) in cases() {
        let schema = derive(&name, &template);
        insta::assert_snapshot!(format!("check__{name}"), diagnostics(&schema, &doc));
    }
}

/// The blank template, checked against itself, is only unfinished: its
/// sections are empty or hold placeholders, its front-matter keys are
/// empty, and nothing is structurally wrong.
#[test]
fn blank_templates_are_only_unfinished() {
    for (name, template, _) in cases() {
        let schema = derive(&name, &template);
        let doc = parse(&template);
        for d in check(&doc, &schema, &Settings::default()) {
            assert!(
                matches!(
                    d.rule.name,
                    "placeholder-text" | "empty-section" | "missing-front-matter"
                ),
                "{name}: {} {}",
                d.rule.name,
                d.message
            );
        }
    }
}
