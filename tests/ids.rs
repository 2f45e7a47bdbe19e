//! `designdoc ids`: requirements listed with their ids, and `--assign`
//! giving ids to those without one, through the real binary.

mod common;

use common::{COMPLETE, read, run, write};

fn doc() -> String {
    let a = "- [x] `designdoc new \"Title\"`";
    let b = "- [x] `designdoc check` reports";
    assert!(COMPLETE.contains(a) && COMPLETE.contains(b));
    COMPLETE
        .replace(a, "- [x] FR-2: `designdoc new \"Title\"`")
        .replace(b, "- [x] fr7: `designdoc check` reports")
}

// design: 0008#FR-1
#[test]
fn ids_lists_requirements_and_assign_numbers_the_rest_once() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(root, "designdoc.toml", "paths = [\"docs/design/*.md\"]\n");
    write(root, "docs/design/0001-x.md", doc());
    let (out, err, code) = run(root, &["ids", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    let rows = rows.as_array().unwrap();
    assert!(rows.len() >= 4, "{out}");
    assert_eq!(rows[0]["id"], "FR-2");
    assert_eq!(rows[0]["ticked"], true);
    assert_eq!(rows[1]["id"], "fr7");
    assert_eq!(rows[1]["well_formed"], false);
    let missing = rows.iter().filter(|r| r["id"].is_null()).count();
    assert!(missing >= 2, "{out}");
    let (_, err, _) = run(root, &["ids"]);
    assert!(
        err.contains(&format!("{missing} requirements without an id")),
        "{err}"
    );

    // check reports the malformed id, and fixes it.
    let (out, _, _) = run(root, &["check", "--format", "json"]);
    assert!(out.contains("malformed-requirement-id"), "{out}");

    let before = read(root, "docs/design/0001-x.md");
    let (diff, err, code) = run(root, &["ids", "--assign", "--diff"]);
    assert_eq!(code, 1, "{err}");
    assert!(diff.contains("+- [x] FR-8: "), "{diff}");
    assert_eq!(read(root, "docs/design/0001-x.md"), before);
    let (_, err, code) = run(root, &["ids", "--assign"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        err.contains(&format!("Gave {missing} ids in 1 doc")),
        "{err}"
    );
    let after = read(root, "docs/design/0001-x.md");
    // Only ids were inserted: removing them gives the text back.
    let mut stripped = after.clone();
    for p in ["NFR", "FR"] {
        for n in 1..=20 {
            let id = format!("] {p}-{n}: ");
            if !before.contains(&id) {
                stripped = stripped.replace(&id, "] ");
            }
        }
    }
    assert_eq!(stripped, before);
    assert!(after.contains("NFR-1: "), "{after}");
    // Existing ids kept; a second run gives none.
    assert!(after.contains("FR-2: `designdoc new") && after.contains("fr7: "));
    let (_, err, code) = run(root, &["ids", "--assign"]);
    assert_eq!(code, 0);
    assert!(err.contains("Gave 0 ids in 0 docs"), "{err}");
    let (out, _, _) = run(root, &["ids", "--format", "json"]);
    let rows: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(rows.as_array().unwrap().iter().all(|r| !r["id"].is_null()));
}
