//! `designdoc init` on empty and on existing repositories, through the
//! real binary.

mod common;

use common::{read, run, write};

#[test]
fn init_on_an_empty_repository_writes_the_default_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Wrote designdoc.toml") && err.contains("designdoc check"),
        "{err}"
    );
    let written = read(dir.path(), "designdoc.toml");
    assert!(
        written.contains("paths = [\"docs/design/**/*.md\"]"),
        "{written}"
    );
    // Then the quick start works: a new doc, checked.
    let (_, err, code) = run(dir.path(), &["new", "Rate limiter"]);
    assert_eq!(code, 0, "{err}");
    let (out, err, code) = run(dir.path(), &["check"]);
    assert_ne!(code, 2, "{out}{err}");
    // Again: nothing changes.
    let (_, err, code) = run(dir.path(), &["init"]);
    assert_eq!(code, 0);
    assert!(err.contains("nothing written"), "{err}");
    assert_eq!(read(dir.path(), "designdoc.toml"), written);
}

#[test]
fn init_finds_existing_docs_and_the_template_each_folder_fits() {
    let dir = tempfile::tempdir().unwrap();
    let adr = designdoc_schema::BUILTINS
        .iter()
        .find(|b| b.0 == "adr")
        .unwrap()
        .1;
    let rfc = designdoc_schema::BUILTINS
        .iter()
        .find(|b| b.0 == "rfc")
        .unwrap()
        .1;
    write(dir.path(), "doc/adr/0001-use-postgres.md", adr);
    write(dir.path(), "doc/adr/0002-use-kafka.md", adr);
    write(dir.path(), "doc/adr/README.md", "# Decisions\n");
    write(dir.path(), "text/rfcs/0001-limits.md", rfc);
    write(dir.path(), "notes/todo.md", "# Todo\n");
    let (_, err, code) = run(dir.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains("Found 2 docs in doc/adr/: the adr template"),
        "{err}"
    );
    assert!(
        err.contains("Found 1 doc in text/rfcs/: the rfc template"),
        "{err}"
    );
    let config = read(dir.path(), "designdoc.toml");
    assert!(
        config.contains("paths = [\"doc/adr/**/*.md\", \"text/rfcs/**/*.md\"]"),
        "{config}"
    );
    assert!(config.contains("template = \"adr\""), "{config}");
    assert!(config.contains("\"text/rfcs/**\" = \"rfc\""), "{config}");
    // The configuration checks exactly those docs, each by its template.
    let (out, err, code) = run(dir.path(), &["check", "--format", "json"]);
    assert_ne!(code, 2, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut paths: Vec<&str> = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    paths.sort();
    assert_eq!(
        paths,
        [
            "doc/adr/0001-use-postgres.md",
            "doc/adr/0002-use-kafka.md",
            "text/rfcs/0001-limits.md"
        ]
    );
    for f in report["files"].as_array().unwrap() {
        let codes: Vec<&str> = f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["rule"].as_str().unwrap())
            .collect();
        assert!(
            !codes.contains(&"missing-section"),
            "{}: {codes:?}",
            f["path"]
        );
    }
}
