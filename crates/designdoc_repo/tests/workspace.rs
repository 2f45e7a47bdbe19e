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

/// What `check --format json` prints of `outcomes`, file by file, after
/// the passes `check` runs (repository rules, suppressions, the baseline
/// when given, output), and how many docs' findings went to disk.
fn checked_json(
    ws: &Workspace,
    dir: &std::path::Path,
    baseline: Option<&designdoc_lint::baseline::Baseline>,
) -> (Vec<String>, usize) {
    let files = designdoc_repo::collect(&ws.root, &ws.config.paths, &[]);
    let mut outcomes = ws.run(&files, dir, Mode::Check);
    let spilled = outcomes.iter().filter(|o| o.spilled.is_some()).count();
    ws.check_repository(&mut outcomes);
    ws.apply_suppressions(&mut outcomes);
    if let Some(b) = baseline {
        let report = ws.apply_baseline(b, &mut outcomes, dir, &|_| true);
        assert!(report.hidden > 0);
    }
    let json = outcomes
        .into_iter()
        .map(|mut o| {
            ws.reload(&mut o, dir);
            assert!(o.spilled.is_none());
            let report = designdoc_lint::output::FileReport {
                path: &o.display,
                source: &o.source,
                diagnostics: &o.diagnostics,
            };
            designdoc_lint::output::json_file(&report).to_string()
        })
        .collect();
    (json, spilled)
}

/// Findings put on disk until output come back as a run that kept them
/// would print them: the same findings, in the same order, merged with
/// the repository rules' (a number two docs take, a renamed heading
/// another doc links to, whose fix is then no longer safe) and with the
/// suppression comments applied.
#[test]
fn findings_spilled_to_disk_print_as_findings_kept_in_memory() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    std::fs::write(d.join("designdoc.toml"), "paths = [\"*.md\"]\n").unwrap();
    std::fs::write(
        d.join("0001-a.md"),
        "# Design Document: A\n\n## Overview\n\nTODO. See [b](0002-b.md#overveiw) and [c](0003-c.md#nowhere).\n\n## Goals\n\nRequirement 1\n",
    )
    .unwrap();
    std::fs::write(
        d.join("0002-b.md"),
        "# Design Document: B\n\n## Overveiw\n\nX\n\n<!-- designdoc-disable-next-line placeholder-text -->\nTBD\n",
    )
    .unwrap();
    std::fs::write(
        d.join("0002-c.md"),
        "# Design Document: C\n\n## Overview\n\nTBD, TODO, X; [goals](0001-a.md#goals).\n",
    )
    .unwrap();
    std::fs::write(d.join("0003-c.md"), "# C\n\n## Goals\n\nfine\n").unwrap();
    let kept = Workspace::discover(d).unwrap();
    let mut spilling = Workspace::discover(d).unwrap();
    spilling.spill_findings_over(0);
    let (expected, none) = checked_json(&kept, d, None);
    let (got, spilled) = checked_json(&spilling, d, None);
    assert_eq!(none, 0);
    assert_eq!(spilled, 4, "every doc's findings went to disk");
    assert_eq!(got, expected);
    // 0002-c links to 0001-a's heading 'Goals': renaming it is no longer
    // a safe fix, in both runs.
    let a = &expected[0];
    let renamed = &a[a.find("\"renamed-section\"").unwrap()..];
    assert!(
        renamed[..renamed.find('}').unwrap()].contains("\"fixable\":false"),
        "{a}"
    );
    // With a baseline of today's findings, and new ones since.
    let mut outcomes = kept.run(
        &designdoc_repo::collect(&kept.root, &kept.config.paths, &[]),
        d,
        Mode::Check,
    );
    kept.check_repository(&mut outcomes);
    let baseline = kept.baseline_of(&mut outcomes, d, None);
    std::fs::write(d.join("0003-c.md"), "# C\n\n## Goals\n\nTBD\n").unwrap();
    let (expected_new, _) = checked_json(&kept, d, Some(&baseline));
    let (got_new, _) = checked_json(&spilling, d, Some(&baseline));
    assert_eq!(got_new, expected_new);
    assert!(expected_new.join("\n").contains("TBD"), "{expected_new:?}");
    let all = expected.join("\n");
    for rule in [
        "duplicate-number",
        "broken-doc-link",
        "renamed-section",
        "placeholder-text",
    ] {
        assert!(all.contains(rule), "{rule} in {all}");
    }
}
