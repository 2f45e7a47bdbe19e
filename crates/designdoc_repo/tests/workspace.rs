//! The workspace's check pass: texts are not held between checking and
//! output, and a file that changes in between is checked again.

use designdoc_repo::{Mode, Workspace};

#[test]
fn a_file_changed_before_output_is_checked_again() {
    let t = tempfile::tempdir().unwrap();
    let path = t.path().join("0001-x.md");
    std::fs::write(&path, "# Design Document: X\n\n## Overview\n\nTODO\n").unwrap();
    let ws = Workspace::discover(t.path()).unwrap();
    let mut outcomes = ws.run(std::slice::from_ref(&path), t.path(), Mode::Check);
    assert!(outcomes[0].source.is_empty(), "texts are not held");
    assert!(!outcomes[0].diagnostics.is_empty());
    // Unchanged: the text comes back as it was checked.
    let mut same = ws.run(std::slice::from_ref(&path), t.path(), Mode::Check);
    ws.reload(&mut same[0], t.path());
    assert!(same[0].source.contains("TODO"));
    // Changed in between: checked again, so ranges fit the new text.
    std::fs::write(&path, "# X\n").unwrap();
    ws.reload(&mut outcomes[0], t.path());
    assert_eq!(outcomes[0].source, "# X\n");
    for d in &outcomes[0].diagnostics {
        assert!(d.range.end <= 4, "{d:?}");
    }
}
