//! docs/schema/template-schema.json is generated from the schema file
//! types; this fails when it is stale. Regenerate with
//! `UPDATE_DOCS=1 cargo test -p designdoc_schema --test json_schema`.

use std::path::Path;

#[test]
fn committed_json_schema_is_current() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema/template-schema.json");
    let fresh = designdoc_schema::json_schema();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/schema/template-schema.json is stale: run UPDATE_DOCS=1 cargo test -p designdoc_schema --test json_schema"
    );
    // Every key the format documents is in the JSON Schema.
    for key in [
        "required-front-matter",
        "allowed-extra-sections",
        "min-words",
        "min-items",
        "extra-subsections",
        "aliases",
        "placeholders",
        "guidance",
        "parent",
    ] {
        assert!(fresh.contains(&format!("\"{key}\"")), "{key}");
    }
}

/// The example schema file in docs/templates.md is valid.
#[test]
fn documented_example_schema_parses() {
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/templates.md"),
    )
    .unwrap();
    let start = doc.find("```toml\n#:schema").expect("the example") + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    let schema = designdoc_schema::Schema::from_toml(&doc[start..end], |t| {
        assert_eq!(t, "proposal-template.md");
        Ok("# Proposal: [Name]\n".to_string())
    })
    .unwrap();
    assert_eq!(schema.sections.len(), 3);
    assert_eq!(schema.sections[1].parent, Some(0));
    assert!(schema.allows_extra("Appendix B: Benchmarks"));
    assert_eq!(schema.checklist.unwrap().items[1].section, None);
}
