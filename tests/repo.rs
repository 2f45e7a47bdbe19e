//! The repository of docs through the real binary, in a git repository
//! made by the test: list, status, supersede and the repository rules.

mod common;

use std::path::Path;
use std::process::Command as Std;

use common::{COMPLETE, read, run, write};
use serde_json::Value;

fn git(dir: &Path, args: &[&str]) {
    let ok = Std::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .env("GIT_AUTHOR_DATE", "2026-03-04T10:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-03-04T10:00:00Z")
        .output()
        .unwrap();
    assert!(
        ok.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&ok.stderr)
    );
}

fn doc(front: &str, title: &str) -> String {
    format!(
        "---\n{front}---\n{}",
        COMPLETE.replacen(
            "# Design Document: designdoc",
            &format!("# Design Document: {title}"),
            1
        )
    )
}

/// A repository with history: 0001 (no front-matter authors or dates),
/// 0002 accepted, 0003 a draft with errors.
fn repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    git(d, &["init", "-q", "-b", "main"]);
    git(d, &["config", "user.name", "Carol Example"]);
    git(d, &["config", "user.email", "carol@example.com"]);
    write(
        d,
        "docs/design/0001-cache.md",
        &doc("status: draft\ntags: [storage]\n", "Cache"),
    );
    write(
        d,
        "docs/design/0002-queues.md",
        &doc(
            "status: accepted\nauthors: [dmitri]\napprovers: [erin]\ncreated: 2026-01-02\nupdated: 2026-02-03\ntags: [storage, infra]\n",
            "Queues",
        ),
    );
    write(
        d,
        "docs/design/0003-broken.md",
        "---\nstatus: draft\nauthors: [ann]\n---\n# Design Document: Broken\n\n## Overview\n\nTODO\n",
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "docs"]);
    t
}

#[test]
fn list_reads_front_matter_and_git_history() {
    let t = repo();
    let (out, err, code) = run(t.path(), &["list", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let v: Value = serde_json::from_str(&out).unwrap();
    let docs = v.as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert_eq!(docs[0]["number"], 1);
    assert_eq!(docs[0]["title"], "Design Document: Cache");
    // Not in the front matter: from git.
    assert_eq!(docs[0]["authors"][0], "Carol Example");
    assert_eq!(docs[0]["created"], "2026-03-04");
    assert_eq!(docs[1]["authors"][0], "dmitri");
    assert_eq!(docs[1]["updated"], "2026-02-03");
    for key in [
        "number", "id", "title", "status", "authors", "created", "updated", "tags", "path",
    ] {
        assert!(docs[0].get(key).is_some(), "{key}");
    }
    let (out, _, _) = run(
        t.path(),
        &["list", "--status", "accepted", "--format", "csv"],
    );
    assert_eq!(out.lines().count(), 2, "{out}");
    assert!(out.starts_with("number,id,title,status,authors,created,updated,tags,path\n2,,Design Document: Queues,accepted,dmitri,"), "{out}");
    let (out, _, _) = run(t.path(), &["list", "--tag", "storage", "--author", "carol"]);
    assert!(
        out.contains("0001") && !out.contains("0002") && !out.contains("0003"),
        "{out}"
    );
    let (out, _, _) = run(t.path(), &["list", "--sort", "title", "--reverse"]);
    let rows: Vec<&str> = out.lines().skip(1).map(|l| &l[..4]).collect();
    assert_eq!(rows, ["0002", "0001", "0003"]);
}

#[test]
fn status_moves_are_allowed_gated_and_approved() {
    let t = repo();
    let d = t.path();
    // Not an allowed move.
    let (_, err, code) = run(d, &["status", "1", "accepted"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("can move to in-review, withdrawn, not 'accepted'"),
        "{err}"
    );
    // Gated: a doc with errors does not go to review.
    let (_, err, code) = run(d, &["status", "0003", "in-review"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("error(s)") && err.contains("designdoc check docs/design/0003-broken.md"),
        "{err}"
    );
    assert!(read(d, "docs/design/0003-broken.md").contains("status: draft"));
    // Allowed and clean: only the front matter changes.
    let before = read(d, "docs/design/0001-cache.md");
    let (out, err, code) = run(d, &["status", "docs/design/0001-cache.md", "in-review"]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.trim(), "docs/design/0001-cache.md: draft -> in-review");
    let after = read(d, "docs/design/0001-cache.md");
    assert!(
        after.starts_with("---\nstatus: in-review\ntags: [storage]\nupdated: 20"),
        "{after}"
    );
    let body = |s: &str| s.split_once("\n---\n").unwrap().1.to_string();
    assert_eq!(body(&before), body(&after));
    // Accepted needs an approver.
    let (_, err, code) = run(d, &["status", "0001", "accepted"]);
    assert_eq!(code, 1);
    assert!(err.contains("needs an approver"), "{err}");
    let (_, err, code) = run(d, &["status", "0001", "accepted", "--approver", "dmitri"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        read(d, "docs/design/0001-cache.md")
            .contains("status: accepted\ntags: [storage]\nupdated: ")
    );
    assert!(read(d, "docs/design/0001-cache.md").contains("approvers: [dmitri]"));
    // Unknown doc, unknown status.
    let (_, err, _) = run(d, &["status", "42", "accepted"]);
    assert!(err.contains("no doc is named \"42\""), "{err}");
    let (_, err, _) = run(d, &["status", "1", "done"]);
    assert!(err.contains("'done' is not a status"), "{err}");
}

#[test]
fn supersede_writes_both_sides_and_check_agrees() {
    let t = repo();
    let d = t.path();
    // One-sided first: check reports it on the doc that claims it.
    let text = read(d, "docs/design/0001-cache.md").replacen(
        "status: draft\n",
        "status: draft\nsupersedes: 2\n",
        1,
    );
    write(d, "docs/design/0001-cache.md", &text);
    let (out, _, code) = run(d, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("supersede-mismatch")
            && out.contains("0002-queues.md does not say superseded-by 0001-cache.md"),
        "{out}"
    );
    let (out, err, code) = run(d, &["supersede", "2", "--by", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("accepted -> superseded"), "{out}");
    let old = read(d, "docs/design/0002-queues.md");
    assert!(
        old.contains("status: superseded\n") && old.contains("superseded-by: [1]\n"),
        "{old}"
    );
    let new = read(d, "docs/design/0001-cache.md");
    assert!(new.contains("supersedes: [2]\n"), "{new}");
    let (out, _, _) = run(d, &["check", "--format", "json"]);
    assert!(!out.contains("supersede-mismatch"), "{out}");
    // Again: nothing is added twice.
    let (_, _, code) = run(d, &["supersede", "2", "--by", "1"]);
    assert_eq!(code, 0);
    assert_eq!(
        read(d, "docs/design/0002-queues.md")
            .matches("superseded-by")
            .count(),
        1
    );
}

#[test]
fn check_reports_repository_rules_with_the_files() {
    let t = repo();
    let d = t.path();
    write(d, "docs/design/0002-dup.md", &doc("status: draft\n", "Dup"));
    write(
        d,
        "docs/design/0004-links.md",
        &doc("status: draft\ndepends-on: [4]\n", "Links").replacen(
            "## Overview\n",
            "## Overview\nSee [queues](0002-queues.md#nope) and [gone](0099-gone.md).\n",
            1,
        ),
    );
    let (out, _, code) = run(d, &["check"]);
    assert_eq!(code, 1);
    for needle in [
        "error[DD601 duplicate-number]: number 0002 is also taken by 0002-queues.md",
        "error[DD602 broken-doc-link]: '0002-queues.md' has no heading '#nope'",
        "error[DD602 broken-doc-link]: link to '0099-gone.md': no such file",
        "error[DD604 dependency-cycle]: depends-on cycle: 0004-links.md -> 0004-links.md",
    ] {
        assert!(out.contains(needle), "{needle}\n{out}");
    }
}

#[test]
fn index_rewrites_only_its_region_and_is_idempotent() {
    let t = repo();
    let d = t.path();
    let (out, err, code) = run(d, &["index"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains("Wrote the index of 3 docs to docs/design/README.md"),
        "{out}"
    );
    let first = read(d, "docs/design/README.md");
    assert!(
        first.contains(
            "| 0002 | [Design Document: Queues](0002-queues.md) | accepted | dmitri | 2026-02-03 |"
        ),
        "{first}"
    );
    // The README is not a doc.
    let (out, _, _) = run(d, &["list"]);
    assert!(!out.contains("README"), "{out}");
    // Text around the markers is kept; a second run changes nothing.
    let edited = format!(
        "# Our decisions\n\nRead these first.\n\n{}\nFooter.\n",
        &first[first.find("<!--").unwrap()..]
    );
    write(d, "docs/design/README.md", &edited);
    let (out, _, code) = run(d, &["index"]);
    assert_eq!(code, 0);
    assert!(out.contains("up to date"), "{out}");
    assert_eq!(read(d, "docs/design/README.md"), edited);
    let (_, _, code) = run(d, &["index", "--check"]);
    assert_eq!(code, 0);
    // A status change makes it stale: --check says so, index fixes it.
    run(d, &["status", "0001", "in-review"]);
    let (_, _, code) = run(d, &["index", "--check"]);
    assert_eq!(code, 1);
    run(d, &["index"]);
    let after = read(d, "docs/design/README.md");
    assert!(
        after.starts_with("# Our decisions\n\nRead these first.\n") && after.ends_with("Footer.\n")
    );
    assert!(after.contains("| in-review |"), "{after}");
}

#[test]
fn graph_has_nodes_by_status_and_typed_edges() {
    let t = repo();
    let d = t.path();
    run(d, &["supersede", "2", "--by", "1"]);
    let text = read(d, "docs/design/0003-broken.md")
        .replacen("TODO\n", "See [the cache](0001-cache.md).\n", 1)
        .replacen("authors: [ann]\n", "authors: [ann]\ndepends-on: [2]\n", 1);
    write(d, "docs/design/0003-broken.md", &text);
    let (out, _, code) = run(d, &["graph"]);
    assert_eq!(code, 0);
    assert!(out.starts_with("flowchart LR\n"), "{out}");
    assert!(
        out.contains("d1[\"0002 Design Document: Queues (superseded)\"]"),
        "{out}"
    );
    assert!(out.contains("d0 -->|supersedes| d1"), "{out}");
    assert!(out.contains("d2 -->|depends on| d1"), "{out}");
    assert!(out.contains("d2 -.->|links| d0"), "{out}");
    assert!(out.contains("style d1 fill:#d1d5db"), "{out}");
    let (svg, _, code) = run(d, &["graph", "--format", "svg"]);
    assert_eq!(code, 0);
    assert!(
        svg.contains("<svg") && svg.trim_end().ends_with("</svg>"),
        "{svg}"
    );
    assert!(
        svg.contains("Queues (superseded)") && svg.contains("#d1d5db"),
        "{svg}"
    );
    let (out, _, _) = run(d, &["graph", "--format", "dot", "--no-links"]);
    assert!(out.starts_with("digraph designdocs {"), "{out}");
    assert!(
        out.contains("d0 -> d1 [label=\"supersedes\"];") && !out.contains("links"),
        "{out}"
    );
}

#[test]
fn numbers_taken_on_other_branches() {
    let t = repo();
    let d = t.path();
    git(d, &["checkout", "-q", "-b", "queues"]);
    write(
        d,
        "docs/design/0004-queues-v2.md",
        &doc("status: draft\n", "Queues v2"),
    );
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "queues v2"]);
    git(d, &["checkout", "-q", "main"]);
    // `new` skips the number the other branch took.
    let (out, err, code) = run(d, &["new", "Search"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("0005-search.md"), "{out}");
    // A doc made by hand with that number: check --branches says so.
    write(
        d,
        "docs/design/0004-mine.md",
        &doc("status: draft\n", "Mine"),
    );
    let (out, _, code) = run(d, &["check", "--branches", "docs/design/0004-mine.md"]);
    assert_eq!(code, 1);
    assert!(
        out.contains("number-taken-on-branch]: number 0004 is also taken on branch queues by 0004-queues-v2.md"),
        "{out}"
    );
    let (out, _, _) = run(d, &["check", "docs/design/0004-mine.md"]);
    assert!(!out.contains("number-taken-on-branch"), "{out}");
}

#[test]
fn check_changed_reports_only_changed_docs() {
    let t = repo();
    let d = t.path();
    let text = read(d, "docs/design/0001-cache.md").replacen(
        "## Overview\n",
        "## Overview\nTODO: more.\n",
        1,
    );
    write(d, "docs/design/0001-cache.md", &text);
    let (out, _, _) = run(d, &["check", "--changed", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/design/0001-cache.md"]);
    // An unchanged doc that the change breaks is shown with that
    // diagnostic only: 0003 links to a heading the change removes.
    let text3 = read(d, "docs/design/0003-broken.md").replacen(
        "TODO\n",
        "TODO\n\nSee [rollout](0001-cache.md#rollout).\n",
        1,
    );
    write(d, "docs/design/0003-broken.md", &text3);
    git(d, &["commit", "-q", "-am", "link"]);
    write(
        d,
        "docs/design/0001-cache.md",
        &text.replacen("## Rollout\n", "## Launch\n", 1),
    );
    let (out, _, _) = run(d, &["check", "--changed", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    let files = v["files"].as_array().unwrap();
    assert_eq!(files.len(), 2, "{v}");
    assert_eq!(files[1]["path"], "docs/design/0003-broken.md");
    let rules: Vec<&str> = files[1]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert_eq!(rules, ["broken-doc-link"], "{v}");
    write(d, "docs/design/0001-cache.md", &format!("{text}\nMore.\n"));
    // Committed on a branch: --base finds it too.
    git(d, &["checkout", "-q", "-b", "topic"]);
    git(d, &["commit", "-q", "-am", "todo"]);
    let (out, _, _) = run(d, &["check", "--changed", "--format", "json"]);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert!(v["files"].as_array().unwrap().is_empty(), "{v}");
    let (out, _, _) = run(
        d,
        &["check", "--changed", "--base", "main", "--format", "json"],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{v}");
}

#[test]
fn semantic_diff_between_revisions() {
    let t = repo();
    let d = t.path();
    let text = read(d, "docs/design/0001-cache.md")
        .replacen("status: draft", "status: in-review", 1)
        .replacen("## Rollout\n", "## Rollout Plan\n", 1);
    write(d, "docs/design/0001-cache.md", &text);
    write(d, "docs/design/0005-new.md", &doc("status: draft\n", "New"));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "review"]);
    let (out, err, code) = run(d, &["diff", "HEAD~1", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("docs/design/0001-cache.md\n  status: draft -> in-review\n  ~ section 'Rollout' -> 'Rollout Plan'\n"), "{out}");
    assert!(out.contains("docs/design/0005-new.md (added)"), "{out}");
    assert!(!out.contains("0002"), "{out}");
    let (out, _, _) = run(
        d,
        &[
            "diff",
            "HEAD~1",
            "HEAD",
            "docs/design/0001-cache.md",
            "--format",
            "json",
        ],
    );
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v[0]["status"], serde_json::json!(["draft", "in-review"]));
    assert_eq!(v.as_array().unwrap().len(), 1);
    let (_, err, code) = run(d, &["diff", "nope", "HEAD"]);
    assert_eq!(code, 2);
    assert!(err.contains("'nope' is not a commit"), "{err}");
}

/// Issue 17, class 6: a template's earlier section names, read from its
/// git history, are aliases, so a doc written from an older version is not
/// reported missing the sections it has under their old names.
#[test]
fn a_templates_former_section_names_come_from_its_history() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.email", "a@example.com"]);
    git(root, &["config", "user.name", "A"]);
    let v1 = "# T\n\n## Preamble\n\n<!-- What. -->\n\n## Motivation\n\n<!-- Why. -->\n\n## Protocol\n\n<!-- How. -->\n";
    let v2 = v1
        .replace("## Preamble", "## Gist")
        .replace("## Protocol", "## Wire format");
    write(root, "templates/proposal.md", v1);
    git(root, &["add", "."]);
    git(root, &["commit", "-q", "-m", "v1"]);
    write(root, "templates/proposal.md", &v2);
    git(root, &["commit", "-q", "-am", "v2"]);
    write(
        root,
        "designdoc.toml",
        "paths = [\"proposals/*.md\"]\ntemplate = \"templates/proposal.md\"\n",
    );
    write(
        root,
        "proposals/0001-old.md",
        "# Old\n\n## Preamble\n\nA thing.\n\n## Motivation\n\nA reason.\n\n## Protocol\n\nBytes.\n",
    );
    let (out, err, _) = run(root, &["check", "--format", "json"]);
    assert!(!out.contains("missing-section"), "{out}{err}");
    assert!(
        out.contains("'Preamble' is a known alias of the template section 'Gist'"),
        "{out}{err}"
    );
}

/// `designdoc check` given one doc (as a pre-commit hook gives the
/// changed ones) reads the other configured docs as context: its
/// `depends-on: [1]` and its link to 0001 resolve, while a reference to a
/// doc no one has is still reported. It reported "'1' names no doc".
#[test]
fn check_of_one_doc_resolves_references_to_docs_not_passed() {
    let t = tempfile::tempdir().unwrap();
    let d = t.path();
    write(
        d,
        "docs/design/0001-cache.md",
        &doc("status: accepted\n", "Cache"),
    );
    let second = doc("status: draft\ndepends-on: [1, 9]\n", "Queues").replacen(
        "## Overview\n",
        "## Overview\nSee [the cache](0001-cache.md#overview).\n",
        1,
    );
    write(d, "docs/design/0002-queues.md", &second);
    let (out, err, _) = run(
        d,
        &[
            "check",
            "docs/design/0002-queues.md",
            "--output-format",
            "concise",
        ],
    );
    assert!(!out.contains("'1' names no doc"), "{out}{err}");
    assert!(!out.contains("broken-doc-link"), "{out}{err}");
    assert!(out.contains("'9' names no doc"), "{out}{err}");
    // Only the doc passed is reported on.
    assert!(!out.contains("0001-cache.md:"), "{out}");
}
