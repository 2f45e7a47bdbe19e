//! docs/schema/designdoc.schema.json is generated from the configuration
//! types; this fails when it is stale. Regenerate with
//! `UPDATE_DOCS=1 cargo test -p designdoc_repo --test json_schema`.

use std::path::Path;

#[test]
fn committed_config_json_schema_is_current_and_complete() {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/schema/designdoc.schema.json");
    let fresh = designdoc_repo::config::json_schema();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(&path, &fresh).unwrap();
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == fresh,
        "docs/schema/designdoc.schema.json is stale: run UPDATE_DOCS=1 cargo test -p designdoc_repo --test json_schema"
    );
    let schema: serde_json::Value = serde_json::from_str(&fresh).unwrap();
    // Unknown keys are errors in designdoc, so they are in the schema too.
    assert_eq!(schema["additionalProperties"], false);
    // Every top-level key the configuration reads is described.
    let props = schema["properties"].as_object().unwrap();
    for key in [
        "paths",
        "template",
        "max-file-size",
        "rules",
        "checklist",
        "overrides",
        "templates",
        "path-templates",
        "lifecycle",
        "status-rules",
        "site",
    ] {
        let p = props.get(key).unwrap_or_else(|| panic!("{key} missing"));
        assert!(p["description"].is_string(), "{key} has no description");
    }
    // A severity is one of four words, so editors offer them.
    assert!(fresh.contains("\"warning\"") && fresh.contains("\"off\""));
    // Every key of the documented example is accepted: the example parses.
    let doc = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/configuration.md"),
    )
    .unwrap();
    let start = doc.find("```toml\n").expect("an example") + "```toml\n".len();
    let end = start + doc[start..].find("```").unwrap();
    designdoc_repo::Config::parse(&doc[start..end]).unwrap();
}
