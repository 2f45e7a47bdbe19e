//! `designdoc trace` end to end: a fixture project with a design doc whose
//! requirements have ids, a small Rust crate whose tests cite them, run
//! by cargo-nextest with JUnit output, and a Python package run by pytest
//! with --junitxml; the real reports feed `trace`.

mod common;

use std::path::Path;
use std::process::Command;

use common::{COMPLETE, run, write};
use serde_json::Value;

fn found(program: &str, args: &[&str]) -> bool {
    let ok = Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: {program} {args:?} is not available");
    }
    ok
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

    // design: 0007#FR-1
    #[test]
    fn over_quota_is_refused() {
        assert!(!allowed(5, 5));
    }

    // design: 0007#FR-2
    #[test]
    fn reloads_limits() {
        assert!(allowed(5, 5), "not yet");
    }

    // design: 0007#FR-3
    #[test]
    #[ignore]
    fn later() {}

    // design: 0007#FR-9 (this requirement was removed from the doc)
    #[test]
    fn removed() {}

    // design: 0099#FR-1
    #[test]
    fn wrong_doc() {}
}
"#,
    );
    write(
        root,
        "py/test_limits.py",
        "# design: 0007#NFR-1\ndef test_p99_bound():\n    assert 1 + 1 == 2\n\n\n# design: 0007#NFR-2\ndef test_reload_time():\n    assert 2 + 2 == 5\n",
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
}
