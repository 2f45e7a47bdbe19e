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
