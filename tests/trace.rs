//! `designdoc trace` end to end: a fixture project with a design doc whose
//! requirements have ids, a small Rust crate whose tests cite them, run
//! by cargo-nextest with JUnit output, and a Python package run by pytest
//! with --junitxml; the real reports feed `trace`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{COMPLETE, found, run};
use serde_json::Value;

/// Writes a fixture file. Its citations are spelled `@@` in this file and
/// written with the real marker, so that tracing designdoc itself (whose
/// tests cite docs/design) never reads the fixtures' made-up ones.
fn write(root: &Path, rel: &str, text: impl AsRef<str>) {
    common::write(
        root,
        rel,
        text.as_ref().replace("@@", concat!("design", ":")),
    );
}

/// The complete doc with ids: FR-1..FR-4 and NFR-1, NFR-2.
fn doc() -> String {
    let mut d = COMPLETE.to_string();
    let start = d.find("### Functional").unwrap();
    let end = d.find("### Latency").unwrap();
    let mut section = d[start..end].to_string();
    let (mut fr, mut nfr) = (0, 0);
    let mut in_nfr = false;
    let mut out = String::new();
    for line in section.lines() {
        if line.starts_with("### Non-Functional") {
            in_nfr = true;
        }
        if let Some(rest) = line.strip_prefix("- [x] ") {
            let id = if in_nfr {
                nfr += 1;
                format!("NFR-{nfr}")
            } else {
                fr += 1;
                format!("FR-{fr}")
            };
            out.push_str(&format!("- [x] {id}: {rest}\n"));
        } else {
            out.push_str(line);
            out.push('\n');
        }
    }
    section = out;
    d.replace_range(start..end, &section);
    assert_eq!((fr, nfr), (4, 2), "{section}");
    d
}

fn fixture(root: &Path) {
    write(root, "designdoc.toml", "paths = [\"docs/design/*.md\"]\n");
    write(root, "docs/design/0007-limiter.md", doc());
    write(
        root,
        "limiter/Cargo.toml",
        "[package]\nname = \"limiter\"\nversion = \"0.1.0\"\nedition = \"2021\"\n\n[workspace]\n",
    );
    write(
        root,
        "limiter/.config/nextest.toml",
        "[profile.ci.junit]\npath = \"junit.xml\"\n",
    );
    write(
        root,
        "limiter/src/lib.rs",
        r#"pub fn allowed(used: u32, quota: u32) -> bool { used < quota }

#[cfg(test)]
mod tests {
    use super::*;

    // @@ 0007#FR-1
    #[test]
    fn over_quota_is_refused() {
        assert!(!allowed(5, 5));
    }

    // @@ 0007#FR-2
    #[test]
    fn reloads_limits() {
        assert!(allowed(5, 5), "not yet");
    }

    // @@ 0007#FR-3
    #[test]
    #[ignore]
    fn later() {}

    // @@ 0007#FR-9 (this requirement was removed from the doc)
    #[test]
    fn removed() {}

    // @@ 0099#FR-1
    #[test]
    fn wrong_doc() {}
}
"#,
    );
    write(
        root,
        "py/test_limits.py",
        "# @@ 0007#NFR-1\ndef test_p99_bound():\n    assert 1 + 1 == 2\n\n\n# @@ 0007#NFR-2\ndef test_reload_time():\n    assert 2 + 2 == 5\n",
    );
}

fn verdicts(report: &Value) -> Vec<(String, String)> {
    report["requirements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["verdict"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

// design: 0008#FR-2, 0008#FR-3, 0008#NFR-1
#[test]
fn trace_gives_verdicts_from_real_nextest_and_pytest_reports() {
    if !found("cargo", &["nextest", "--version"]) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    fixture(root);

    // Before any test ran: every requirement untested; the two bad
    // references dangle.
    let (out, err, code) = run(root, &["trace", "--format", "json"]);
    assert_eq!(code, 1, "{err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    assert!(
        verdicts(&report).iter().all(|(_, v)| v == "untested"),
        "{out}"
    );
    let reasons: Vec<&str> = report["dangling"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["reason"].as_str().unwrap())
        .collect();
    assert_eq!(
        reasons,
        ["0007 has no requirement FR-9", "no doc is named 0099"]
    );
    assert_eq!(report["dangling"][0]["file"], "limiter/src/lib.rs");
    assert_eq!(report["dangling"][0]["verdict"], "dangling");

    // cargo-nextest, with JUnit output.
    let nextest = Command::new("cargo")
        .args(["nextest", "run", "--profile", "ci", "--no-fail-fast"])
        .current_dir(root.join("limiter"))
        .env("CARGO_TARGET_DIR", root.join("limiter/target"))
        .output()
        .unwrap();
    assert!(!nextest.status.success(), "one test fails on purpose");
    let junit = "limiter/target/nextest/ci/junit.xml";
    assert!(root.join(junit).is_file(), "{nextest:?}");
    let mut args = vec!["trace", "--format", "json", "--junit", junit];

    // pytest --junitxml, where pytest is installed.
    let pytest = found("python3", &["-m", "pytest", "--version"]);
    if pytest {
        let out = Command::new("python3")
            .args([
                "-m",
                "pytest",
                "-q",
                "-p",
                "no:cacheprovider",
                "--junitxml=pytest.xml",
            ])
            .current_dir(root.join("py"))
            .output()
            .unwrap();
        assert!(root.join("py/pytest.xml").is_file(), "{out:?}");
        args.extend(["--junit", "py/pytest.xml"]);
    }
    let (out, err, code) = run(root, &args);
    assert_eq!(code, 1, "a failing requirement fails the run: {err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let mut want = vec![
        ("FR-1", "passing"),
        ("FR-2", "failing"),
        ("FR-3", "untested"),
        ("FR-4", "untested"),
    ];
    if pytest {
        want.extend([("NFR-1", "passing"), ("NFR-2", "failing")]);
    } else {
        want.extend([("NFR-1", "untested"), ("NFR-2", "untested")]);
    }
    let want: Vec<(String, String)> = want
        .into_iter()
        .map(|(a, b)| (a.to_string(), b.to_string()))
        .collect();
    assert_eq!(verdicts(&report), want, "{out}");
    let fr1 = &report["requirements"][0];
    assert_eq!(fr1["references"][0]["file"], "limiter/src/lib.rs");
    assert_eq!(fr1["references"][0]["test"], "over_quota_is_refused");
    assert_eq!(fr1["tests"][0]["outcome"], "passed");
    assert_eq!(report["summary"]["failing"], if pytest { 2 } else { 1 });

    // The human report names both sides.
    let (out, _, _) = run(root, &["trace", "--junit", junit]);
    assert!(
        out.contains("docs/design/0007-limiter.md:") && out.contains("0007#FR-1 passing"),
        "{out}"
    );
    assert!(out.contains("limiter/src/lib.rs:"), "{out}");

    // A report that is not JUnit XML is named.
    write(root, "bad.xml", "<testsuite><testcase name='x' <");
    let (_, err, code) = run(root, &["trace", "--junit", "bad.xml"]);
    assert_eq!(code, 2);
    assert!(err.contains("bad.xml: not JUnit XML"), "{err}");

    check_traces_too(root, junit, pytest);
}

/// (file, line, rule, message) of each of `check --format json`'s
/// findings by the evidence rules.
fn evidence(root: &Path) -> Vec<(String, u64, String, String)> {
    let (out, err, code) = run(root, &["check", "--format", "json"]);
    assert!(code == 0 || code == 1, "{code} {err}");
    let report: Value = serde_json::from_str(&out).unwrap();
    let mut found = Vec::new();
    for f in report["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            let rule = d["rule"].as_str().unwrap();
            if rule.starts_with("requirement-")
                || ["dangling-requirement-ref", "status-drift"].contains(&rule)
            {
                found.push((
                    f["path"].as_str().unwrap().to_string(),
                    d["line"].as_u64().unwrap(),
                    rule.to_string(),
                    d["message"].as_str().unwrap().to_string(),
                ));
            }
        }
    }
    found
}

/// 1-based line of the requirement `id` in the fixture doc.
fn line_of(root: &Path, id: &str) -> u64 {
    let doc = common::read(root, "docs/design/0007-limiter.md");
    doc.lines()
        .position(|l| l.contains(&format!("{id}:")))
        .unwrap() as u64
        + 1
}

/// `[trace] check = true`: check reports what trace finds, each at its
/// place: a ticked requirement whose test fails or never ran, one no test
/// cites, references that dangle (in the code file), status drift, and a
/// requirement changed in git after its tests.
fn check_traces_too(root: &Path, junit: &str, pytest: bool) {
    let mut reports = vec![junit.to_string()];
    if pytest {
        reports.push("py/pytest.xml".into());
    }
    write(
        root,
        "designdoc.toml",
        format!(
            "paths = [\"docs/design/*.md\"]\n\n[trace]\ncheck = true\nexclude = [\"fixtures/**\"]\njunit = {reports:?}\n"
        ),
    );
    // A fixture citing a made-up id, left out by `exclude`.
    write(root, "fixtures/cites.txt", "@@ 0007#FR-77\n");
    let doc = "docs/design/0007-limiter.md".to_string();
    let rules_at = |found: &[(String, u64, String, String)], file: &str, line: u64| {
        found
            .iter()
            .filter(|f| f.0 == file && f.1 == line)
            .map(|f| f.2.as_str().to_string())
            .collect::<Vec<_>>()
    };
    let found = evidence(root);
    assert!(
        rules_at(&found, &doc, line_of(root, "FR-1")).is_empty(),
        "{found:#?}"
    );
    assert_eq!(
        rules_at(&found, &doc, line_of(root, "FR-2")),
        ["requirement-ticked-without-evidence"],
        "{found:#?}"
    );
    let fr2 = found.iter().find(|f| f.1 == line_of(root, "FR-2")).unwrap();
    assert!(
        fr2.3.contains("its tests fail: ") && fr2.3.contains("reloads_limits"),
        "{fr2:?}"
    );
    for id in ["FR-3", "FR-4"] {
        assert_eq!(
            rules_at(&found, &doc, line_of(root, id)),
            [
                "requirement-untested",
                "requirement-ticked-without-evidence"
            ],
            "{id}: {found:#?}"
        );
    }
    let fr4 = found
        .iter()
        .find(|f| f.1 == line_of(root, "FR-4") && f.2 == "requirement-untested")
        .unwrap();
    assert!(fr4.3.contains("cited by no test"), "{fr4:?}");
    let dangling: Vec<_> = found
        .iter()
        .filter(|f| f.2 == "dangling-requirement-ref")
        .map(|f| (f.0.as_str(), f.3.as_str()))
        .collect();
    assert_eq!(
        dangling,
        [
            (
                "limiter/src/lib.rs",
                "0007#FR-9 does not exist: 0007 has no requirement FR-9 (docs/design/0007-limiter.md)"
            ),
            (
                "limiter/src/lib.rs",
                "0099#FR-1 does not exist: no doc is named 0099"
            ),
        ]
    );
    assert!(
        !found.iter().any(|f| f.2 == "status-drift"),
        "no status, no drift"
    );
    // Both dangling references of one code file are in one file entry.
    let (out, _, _) = run(root, &["check", "--format", "json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    let entries = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["path"] == "limiter/src/lib.rs")
        .count();
    assert_eq!(entries, 1, "{out}");

    // Marked implemented with failing and untested requirements: drift.
    let text = common::read(root, &doc);
    write(root, &doc, format!("---\nstatus: implemented\n---\n{text}"));
    let found = evidence(root);
    let drift: Vec<_> = found.iter().filter(|f| f.2 == "status-drift").collect();
    assert_eq!(drift.len(), 1, "{found:#?}");
    assert_eq!(drift[0].1, 2);
    assert!(
        drift[0].3.starts_with(
            "status is implemented, but FR-2 fails, FR-3 is untested, FR-4 is untested"
        ),
        "{drift:?}"
    );
    // `trace` reports the same drift, in JSON too.
    let (out, _, _) = run(root, &["trace", "--format", "json"]);
    let report: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(report["drift"][0]["status"], "implemented");
    assert_eq!(report["drift"][0]["suggested"], Value::Null);
    assert_eq!(report["drift"][0]["message"], drift[0].3.as_str());
    assert_eq!(report["summary"]["drift"], 1);

    // In git: FR-1 reworded a month after its test last changed.
    let git = |args: &[&str], when: &str| {
        let out = Command::new("git")
            .args(args)
            .current_dir(root)
            .env("GIT_AUTHOR_DATE", when)
            .env("GIT_COMMITTER_DATE", when)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    };
    write(root, ".gitignore", "target/\n");
    git(&["init", "-q"], "2026-01-01T00:00:00Z");
    git(&["add", "-A"], "2026-01-01T00:00:00Z");
    git(&["commit", "-qm", "limiter"], "2026-01-01T00:00:00Z");
    assert!(
        !evidence(root)
            .iter()
            .any(|f| f.2 == "requirement-changed-since-verified")
    );
    let fr1 = line_of(root, "FR-1") as usize;
    let text: Vec<String> = common::read(root, &doc)
        .lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == fr1 {
                format!("{l} (reworded)")
            } else {
                l.to_string()
            }
        })
        .collect();
    write(root, &doc, text.join("\n") + "\n");
    // Uncommitted, the edit is not judged yet.
    assert!(
        !evidence(root)
            .iter()
            .any(|f| f.2 == "requirement-changed-since-verified")
    );
    git(&["commit", "-qam", "reword FR-1"], "2026-02-01T00:00:00Z");
    let found = evidence(root);
    let changed: Vec<_> = found
        .iter()
        .filter(|f| f.2 == "requirement-changed-since-verified")
        .collect();
    assert_eq!(changed.len(), 1, "{found:#?}");
    assert_eq!(changed[0].1, fr1 as u64);
    assert!(
        changed[0].3.contains(
            "(2026-02-01) after the tests citing it last changed (limiter/src/lib.rs:7 in "
        ) && changed[0].3.ends_with(", 2026-01-01)"),
        "{changed:?}"
    );
}
