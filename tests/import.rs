//! `designdoc import` end to end: folders of decision records as each tool
//! writes them, imported, then compared byte for byte outside the front
//! matter, listed and checked. adr-tools' folder is made by adr-tools
//! itself where it is installed (.ci/run installs Debian's package).

mod common;

use std::path::Path;

use common::{read, run, write};

/// Everything after the front matter.
fn body(text: &str) -> &str {
    let Some(rest) = text.strip_prefix("---\n") else {
        return text;
    };
    let end = rest.find("\n---\n").expect("a closed front matter");
    &rest[end + "\n---\n".len()..]
}

/// Every file under `dir`, relative, with its text.
fn snapshot(root: &Path, dir: &str) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = std::fs::read_dir(root.join(dir))
        .unwrap()
        .map(|e| {
            let name = e.unwrap().file_name().into_string().unwrap();
            let text = read(root, &format!("{dir}/{name}"));
            (name, text)
        })
        .collect();
    out.sort();
    out
}

/// `designdoc list --format json` as (file name, status).
fn statuses(root: &Path) -> Vec<(String, String)> {
    let (out, err, code) = run(root, &["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let docs: serde_json::Value = serde_json::from_str(&out).unwrap();
    let mut v: Vec<(String, String)> = docs
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let path = d["path"].as_str().unwrap();
            (
                path.rsplit('/').next().unwrap().to_string(),
                d["status"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    v.sort();
    v
}

/// Imports `dir` (after a `--diff` that writes nothing), then checks that
/// every doc's text is the original byte for byte after the front matter,
/// that a second import changes nothing, and that `check` finds no
/// front-matter errors.
fn import_and_compare(root: &Path, from: &str, dir: &str) -> String {
    let before = snapshot(root, dir);
    let (diff, err, code) = run(root, &["import", from, dir, "--diff"]);
    assert_eq!(code, 1, "{err}");
    assert!(
        diff.contains("+++ b/") && diff.contains("+status: "),
        "{diff}"
    );
    assert_eq!(snapshot(root, dir), before, "--diff wrote something");
    let (_, summary, code) = run(root, &["import", from, dir]);
    assert_eq!(code, 0, "{summary}");
    let after = snapshot(root, dir);
    for ((name, old), (_, new)) in before.iter().zip(&after) {
        if name == "index.md" || name.contains("template") {
            assert_eq!(new, old, "{name} is not a record");
            continue;
        }
        assert!(new.starts_with("---\n"), "{name}: no front matter:\n{new}");
        if old.starts_with("---\n") {
            assert_eq!(body(new), body(old), "{name}");
        } else {
            assert_eq!(body(new), old, "{name}");
        }
    }
    let (_, again, code) = run(root, &["import", from, dir]);
    assert_eq!(code, 0, "{again}");
    assert!(again.contains(": 0 to change"), "{again}");
    assert_eq!(snapshot(root, dir), after);
    // The front matter is designdoc's: nothing invalid in it.
    let (out, err, code) = run(root, &["init"]);
    assert_eq!(code, 0, "{out}{err}");
    let (out, err, code) = run(root, &["check", "--format", "json"]);
    assert_ne!(code, 2, "{err}");
    let report: serde_json::Value = serde_json::from_str(&out).unwrap();
    for f in report["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            assert_ne!(d["rule"], "invalid-front-matter", "{d}");
        }
    }
    summary
}

#[test]
fn import_adr_tools_made_by_adr_tools() {
    if std::process::Command::new("adr")
        .arg("help")
        .output()
        .is_err()
    {
        eprintln!("skipped: adr-tools is not installed (apt-get install adr-tools)");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let adr = |args: &[&str]| {
        let out = std::process::Command::new("adr")
            .args(args)
            .current_dir(root)
            .env("VISUAL", "true")
            .env("EDITOR", "true")
            .output()
            .unwrap();
        assert!(out.status.success(), "adr {args:?}: {out:?}");
    };
    adr(&["init", "doc/adr"]);
    adr(&["new", "Use", "Kafka"]);
    adr(&["new", "-s", "2", "Use", "Pulsar"]);
    adr(&["new", "-l", "3:Amends:Amended by", "Tune", "retention"]);
    // No folder given: adr-tools' .adr-dir names it.
    let before = snapshot(root, "doc/adr");
    let (_, err, code) = run(root, &["import", "adr-tools", "--diff"]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("Read 4 docs from adr-tools"), "{err}");
    assert_eq!(snapshot(root, "doc/adr"), before);
    let summary = import_and_compare(root, "adr-tools", "doc/adr");
    assert!(
        summary.contains("not mapped: \"Amends [3. Use Pulsar](0003-use-pulsar.md)\""),
        "{summary}"
    );
    assert_eq!(
        statuses(root),
        [
            ("0001-record-architecture-decisions.md", "accepted"),
            ("0002-use-kafka.md", "superseded"),
            ("0003-use-pulsar.md", "accepted"),
            ("0004-tune-retention.md", "accepted"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let kafka = read(root, "doc/adr/0002-use-kafka.md");
    assert!(kafka.contains("\nsuperseded-by: [3]\n"), "{kafka}");
    assert!(kafka.contains("\ntitle: Use Kafka\n"), "{kafka}");
    let pulsar = read(root, "doc/adr/0003-use-pulsar.md");
    assert!(pulsar.contains("\nsupersedes: [2]\n"), "{pulsar}");
    // The supersede pair is consistent for designdoc's own rules.
    let (out, _, _) = run(root, &["check", "--format", "json"]);
    assert!(!out.contains("supersede-mismatch"), "{out}");
}

/// log4brains' template (v1.1.0, `.log4brains/...adr-template.md`), filled
/// in as a team would: date-named files, a field list under the title.
#[test]
fn import_log4brains() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let adr = |title: &str, fields: &str| {
        format!(
            "# {title}\n\n{fields}\nTechnical Story: [description | ticket/issue URL] <!-- optional -->\n\n## Context and Problem Statement\n\nWe want to record architectural decisions made in this project.\n\n## Decision Drivers <!-- optional -->\n\n- Easy to use\n\n## Considered Options\n\n- MADR 2.1.2 with Log4brains patch\n- Michael Nygard's template\n\n## Decision Outcome\n\nChosen option: \"MADR 2.1.2 with Log4brains patch\".\n"
        )
    };
    write(
        root,
        "docs/adr/20200925-use-log4brains-to-manage-the-adrs.md",
        adr(
            "Use Log4brains to manage the ADRs",
            "- Status: accepted\n- Date: 2020-09-25\n- Tags: dev-tools, doc\n",
        ),
    );
    write(
        root,
        "docs/adr/20200925-use-markdown-architectural-decision-records.md",
        adr(
            "Use Markdown Architectural Decision Records",
            "- Status: superseded by [Use Log4brains](20200925-use-log4brains-to-manage-the-adrs.md)\n- Deciders: Thomas Vaillant, Ann Lee <!-- optional -->\n- Date: 2020-09-24\n",
        ),
    );
    write(
        root,
        "docs/adr/20210301-adopt-kafka.md",
        adr(
            "Adopt Kafka",
            "- Status: proposed\n- Deciders: [list everyone involved in the decision] <!-- optional -->\n- Date: 2021-03-01\n",
        ),
    );
    write(
        root,
        "docs/adr/template.md",
        adr("[short title]", "- Status: [draft | proposed]\n"),
    );
    write(root, "docs/adr/index.md", "# Architecture knowledge base\n");
    let summary = import_and_compare(root, "log4brains", "docs/adr");
    assert!(
        summary.contains("Imported 3 docs from log4brains"),
        "{summary}"
    );
    assert!(summary.contains("number 3"), "{summary}");
    // The template and the index are not records.
    assert!(!read(root, "docs/adr/template.md").starts_with("---"));
    assert_eq!(
        statuses(root),
        [
            ("20200925-use-log4brains-to-manage-the-adrs.md", "accepted"),
            (
                "20200925-use-markdown-architectural-decision-records.md",
                "superseded"
            ),
            ("20210301-adopt-kafka.md", "in-review"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let md = read(
        root,
        "docs/adr/20200925-use-markdown-architectural-decision-records.md",
    );
    assert!(
        md.contains("\napprovers: [Thomas Vaillant, Ann Lee]\n")
            && md.contains("\nupdated: 2020-09-24\n")
            && md.contains("\nnumber: 2\n"),
        "{md}"
    );
    // Two docs of one day no longer share a number.
    let (out, _, _) = run(root, &["check", "--format", "json"]);
    assert!(!out.contains("duplicate-number"), "{out}");
}

/// MADR 4.0.0's template front matter, filled in.
#[test]
fn import_madr() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let madr = |front: &str, title: &str| {
        format!(
            "---\n# These are optional metadata elements. Feel free to remove any of them.\n{front}---\n\n# {title}\n\n## Context and Problem Statement\n\nWhich database?\n\n## Considered Options\n\n* Postgres\n* MySQL\n\n## Decision Outcome\n\nChosen option: \"Postgres\", because it fits.\n\n### Consequences\n\n* Good, because one database.\n"
        )
    };
    write(
        root,
        "docs/decisions/0001-use-postgres.md",
        madr(
            "status: accepted\ndate: 2024-05-01\ndecision-makers: Ann, Bo\nconsulted: Cy\ninformed: everyone\n",
            "Use Postgres",
        ),
    );
    write(
        root,
        "docs/decisions/0002-use-mysql.md",
        madr(
            "status: \"superseded by [ADR-0001](0001-use-postgres.md)\"\ndate: 2023-01-10\n",
            "Use MySQL",
        ),
    );
    write(
        root,
        "docs/decisions/0003-use-sqlite.md",
        madr("status: rejected\ndeciders: [Ann]\n", "Use SQLite"),
    );
    write(
        root,
        "docs/decisions/adr-template.md",
        madr(
            "status: \"{proposed | rejected | accepted | deprecated | … | superseded by ADR-0123}\"\n",
            "{short title}",
        ),
    );
    let summary = import_and_compare(root, "madr", "docs/decisions");
    assert!(
        summary.contains("not mapped: \"informed: everyone\""),
        "{summary}"
    );
    assert_eq!(
        statuses(root),
        [
            ("0001-use-postgres.md", "accepted"),
            ("0002-use-mysql.md", "superseded"),
            ("0003-use-sqlite.md", "rejected"),
        ]
        .map(|(a, b)| (a.to_string(), b.to_string()))
    );
    let pg = read(root, "docs/decisions/0001-use-postgres.md");
    assert!(
        pg.starts_with("---\n# These are optional metadata elements. Feel free to remove any of them.\nstatus: accepted\nupdated: 2024-05-01\napprovers: [Ann, Bo]\nreviewers: [Cy]\ninformed: everyone\n---\n"),
        "{pg}"
    );
    assert!(read(root, "docs/decisions/0002-use-mysql.md").contains("\nsuperseded-by: [1]\n"));
}

#[test]
fn import_names_a_missing_folder() {
    let dir = tempfile::tempdir().unwrap();
    let (_, err, code) = run(dir.path(), &["import", "madr"]);
    assert_eq!(code, 2);
    assert!(err.contains("docs/decisions: no such folder"), "{err}");
}
