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

/// A built-in template's Markdown.
fn builtin(name: &str) -> &'static str {
    designdoc_schema::BUILTINS
        .iter()
        .find(|b| b.0 == name)
        .unwrap_or_else(|| panic!("no built-in {name}"))
        .1
}

#[test]
fn init_finds_existing_docs_and_the_template_each_folder_fits() {
    let dir = tempfile::tempdir().unwrap();
    let adr = builtin("adr");
    let rfc = builtin("rfc");
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

/// `--interactive` on a terminal: `script` gives the binary a real
/// pseudo-terminal, and the answers are typed into it.
#[test]
fn init_interactive_asks_folders_templates_and_strictness_on_a_terminal() {
    if std::process::Command::new("script")
        .arg("--version")
        .output()
        .is_err()
    {
        eprintln!("skipped: util-linux script is not installed");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let adr = builtin("adr");
    write(dir.path(), "doc/adr/0001-use-postgres.md", adr);
    let bin = assert_cmd::cargo::cargo_bin("designdoc");
    // Folders: the detected one plus a new one; templates: the detected
    // default for doc/adr (empty line), then "9" (not a choice: asked
    // again), then "rfc" by name; strictness: 3 (lenient).
    let answers = "doc/adr, docs/rfcs\n\n9\nrfc\n3\n";
    let mut child = std::process::Command::new("script")
        .args([
            "-qec",
            &format!("{} init --interactive", bin.display()),
            "/dev/null",
        ])
        .current_dir(dir.path())
        .env("NO_COLOR", "1")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    use std::io::Write as _;
    child
        .stdin
        .take()
        .unwrap()
        .write_all(answers.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let screen = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{screen}");
    assert!(
        screen.contains("Where do the design docs live?"),
        "{screen}"
    );
    assert!(screen.contains("Please answer 1 to"), "{screen}");
    assert!(screen.contains("How strict?"), "{screen}");
    let config = read(dir.path(), "designdoc.toml");
    assert!(
        config.contains("paths = [\"doc/adr/**/*.md\", \"docs/rfcs/**/*.md\"]"),
        "{config}"
    );
    assert!(config.contains("template = \"adr\""), "{config}");
    assert!(config.contains("\"docs/rfcs/**\" = \"rfc\""), "{config}");
    assert!(config.contains("missing-section = \"warning\""), "{config}");
}

/// Piped (in CI, say), `--interactive` asks nothing and writes what
/// `init` alone writes.
#[test]
fn init_interactive_without_a_terminal_asks_nothing() {
    let a = tempfile::tempdir().unwrap();
    let b = tempfile::tempdir().unwrap();
    for d in [a.path(), b.path()] {
        write(
            d,
            "docs/rfcs/0001-limits.md",
            "# Limits\n\n## Summary\n\nx\n",
        );
    }
    let (_, err, code) = run(a.path(), &["init", "--interactive"]);
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("not a terminal"), "{err}");
    assert!(!err.contains("How strict?"), "{err}");
    let (_, err, code) = run(b.path(), &["init"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(
        read(a.path(), "designdoc.toml"),
        read(b.path(), "designdoc.toml")
    );
}

#[test]
fn config_schema_prints_the_committed_json_schema() {
    let dir = tempfile::tempdir().unwrap();
    let (out, err, code) = run(dir.path(), &["config", "schema"]);
    assert_eq!(code, 0, "{err}");
    let committed = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/schema/designdoc.schema.json"),
    )
    .unwrap();
    assert_eq!(out, committed);
    // And init's file names it, for taplo and Even Better TOML.
    run(dir.path(), &["init"]);
    let first = read(dir.path(), "designdoc.toml");
    let first = first.lines().next().unwrap();
    assert!(
        first.starts_with("#:schema ") && first.ends_with("docs/schema/designdoc.schema.json"),
        "{first}"
    );
}
