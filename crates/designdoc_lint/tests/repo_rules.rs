//! Repository rules over small sets of docs held in memory.

use std::path::{Path, PathBuf};

use designdoc_lint::Settings;
use designdoc_lint::repo::{RepoDoc, check_repo};
use designdoc_syntax::parse;

/// (file name, text) → "file rule: message" lines.
fn run(docs: &[(&str, &str)], other_files: &[&str]) -> Vec<String> {
    let root = PathBuf::from("/repo/docs");
    let summaries: Vec<RepoDoc> = docs
        .iter()
        .map(|(name, text)| RepoDoc::new(&root.join(name), &parse(text)))
        .collect();
    let others: Vec<PathBuf> = other_files.iter().map(|f| root.join(f)).collect();
    let exists = |p: &Path| others.iter().any(|o| o == p);
    check_repo(&summaries, &exists, &|_| Settings::default())
        .into_iter()
        .map(|(i, d)| {
            let (name, text) = docs[i];
            format!(
                "{name} {} {:?}: {}",
                d.rule.name,
                &text[d.range.clone()],
                d.message
            )
        })
        .collect()
}

#[test]
fn duplicate_numbers_and_ids() {
    let out = run(
        &[
            ("0012-cache.md", "# Cache\n"),
            ("0012-queues.md", "# Queues\n"),
            ("0013-a.md", "---\nid: ADR-A\n---\n# A\n"),
            ("0014-b.md", "---\nid: ADR-A\n---\n# B\n"),
        ],
        &[],
    );
    assert_eq!(
        out,
        [
            "0012-cache.md duplicate-number \"\": number 0012 is also taken by 0012-queues.md",
            "0012-queues.md duplicate-number \"\": number 0012 is also taken by 0012-cache.md",
            "0013-a.md duplicate-number \"ADR-A\": id 'ADR-A' is also taken by 0014-b.md",
            "0014-b.md duplicate-number \"ADR-A\": id 'ADR-A' is also taken by 0013-a.md",
        ]
    );
}

#[test]
fn links_between_docs() {
    let out = run(
        &[
            (
                "0001-a.md",
                "# A\n\nSee [b](0002-b.md#eviction), [b2](0002-b.md#evictions), [gone](0009-gone.md), [img](diagram.png), [web](https://x.org/y.md), [self](#a).\n",
            ),
            ("0002-b.md", "# B\n\n## Eviction\n"),
        ],
        &["diagram.png"],
    );
    assert_eq!(
        out,
        [
            "0001-a.md broken-doc-link \"[b2](0002-b.md#evictions)\": '0002-b.md' has no heading '#evictions'",
            "0001-a.md broken-doc-link \"[gone](0009-gone.md)\": link to '0009-gone.md': no such file",
        ]
    );
}

#[test]
fn supersedes_both_sides_and_status() {
    let out = run(
        &[
            ("0003-old.md", "---\nstatus: accepted\n---\n# Old\n"),
            (
                "0007-new.md",
                "---\nstatus: accepted\nsupersedes: 3\ndepends-on: [42]\n---\n# New\n",
            ),
            (
                "0008-x.md",
                "---\nstatus: superseded\nsuperseded-by: 0007-new.md\n---\n# X\n",
            ),
        ],
        &[],
    );
    assert_eq!(
        out,
        [
            "0007-new.md supersede-mismatch \"3\": supersedes: 0003-old.md does not say superseded-by 0007-new.md",
            "0007-new.md supersede-mismatch \"[42]\": depends-on: '42' names no doc (by number, id or path)",
            "0008-x.md supersede-mismatch \"0007-new.md\": superseded-by: 0007-new.md does not say supersedes 0008-x.md",
        ]
    );
    // Both sides recorded and the status right: nothing to say.
    let ok = run(
        &[
            (
                "0003-old.md",
                "---\nstatus: superseded\nsuperseded-by: 7\n---\n# Old\n",
            ),
            (
                "0007-new.md",
                "---\nstatus: accepted\nsupersedes: [3]\n---\n# New\n",
            ),
        ],
        &[],
    );
    assert!(ok.is_empty(), "{ok:?}");
    let wrong_status = run(
        &[
            (
                "0003-old.md",
                "---\nstatus: accepted\nsuperseded-by: 7\n---\n# Old\n",
            ),
            ("0007-new.md", "---\nsupersedes: 3\n---\n# New\n"),
        ],
        &[],
    );
    assert_eq!(
        wrong_status,
        [
            "0003-old.md supersede-mismatch \"accepted\": superseded by 0007-new.md but its status is 'accepted'"
        ]
    );
}

#[test]
fn cycles_and_rejected_dependencies() {
    let out = run(
        &[
            (
                "0004-a.md",
                "---\nstatus: accepted\ndepends-on: [9, 5]\n---\n# A\n",
            ),
            ("0005-r.md", "---\nstatus: rejected\n---\n# R\n"),
            ("0009-b.md", "---\ndepends-on: 4\n---\n# B\n"),
        ],
        &[],
    );
    assert_eq!(
        out,
        [
            "0004-a.md dependency-cycle \"[9, 5]\": depends-on cycle: 0004-a.md -> 0009-b.md -> 0004-a.md",
            "0004-a.md depends-on-rejected \"[9, 5]\": 0004-a.md is accepted, but depends on 0005-r.md, which is rejected",
        ]
    );
}

/// Numbers are per directory: docs/adr/0001 and docs/design/0001 do not
/// collide, and `supersedes: 1` means the one beside the doc.
#[test]
fn numbers_are_per_directory() {
    let root = PathBuf::from("/repo");
    let docs = [
        RepoDoc::new(
            &root.join("adr/0001-a.md"),
            &parse("---\nsuperseded-by: 2\nstatus: superseded\n---\n# A\n"),
        ),
        RepoDoc::new(&root.join("design/0001-b.md"), &parse("# B\n")),
        RepoDoc::new(
            &root.join("adr/0002-c.md"),
            &parse("---\nsupersedes: 1\n---\n# C\n"),
        ),
    ];
    let out = check_repo(&docs, &|_| false, &|_| Settings::default());
    assert!(out.is_empty(), "{out:?}");
}

/// Issue 17, class 9: dates are not numbers, a companion doc and a moved
/// notice share a number on purpose, an e-mail autolink is not a file, a
/// link without `.md` to a doc that has it is only an info.
#[test]
fn numbers_and_links_as_real_collections_write_them() {
    let out = run(
        &[
            ("20200925-a.md", "# A\n"),
            ("20200925-b.md", "# B\n"),
            ("2013-10-gen.md", "# Gen\n"),
            ("2013-12-params.md", "# Params\n"),
            ("55022-pgo.md", "# PGO\n"),
            ("55022-pgo-implementation.md", "# PGO, how\n"),
            (
                "0519-old-name.md",
                "This document was renamed. Please see [the new one](0519-new-name.md).\n",
            ),
            (
                "0519-new-name.md",
                "# New\n\nMail <jane@example.com>, see [x](./0519-old-name) and [y](missing.md).\n",
            ),
            ("0007-cache.md", "# Cache\n"),
            ("0007-cache-warmup.md", "# Warm-up\n"),
        ],
        &[],
    );
    assert_eq!(
        out,
        [
            "0519-new-name.md broken-doc-link \"[x](./0519-old-name)\": link to './0519-old-name': no such file, but './0519-old-name.md' exists (a site generator may serve it without '.md'; GitHub does not)",
            "0519-new-name.md broken-doc-link \"[y](missing.md)\": link to 'missing.md': no such file",
            "0007-cache.md duplicate-number \"\": number 0007 is also taken by 0007-cache-warmup.md",
            "0007-cache-warmup.md duplicate-number \"\": number 0007 is also taken by 0007-cache.md",
        ],
        "{out:#?}"
    );
}

/// Every rule whose kind is `Repository` is run by `check_repo` and has a
/// case here: one set of docs breaks each of them (a new repository rule
/// fails this test until it has a case of its own).
#[test]
fn every_repository_rule_is_run_and_has_a_case() {
    let out = run(
        &[
            ("0012-cache.md", "# Cache\n\nSee [gone](0099-gone.md).\n"),
            ("0012-queues.md", "# Queues\n"),
            ("0003-old.md", "---\nstatus: accepted\n---\n# Old\n"),
            (
                "0007-new.md",
                "---\nstatus: accepted\nsupersedes: 3\n---\n# New\n",
            ),
            (
                "0004-a.md",
                "---\nstatus: accepted\ndepends-on: [9, 5]\n---\n# A\n",
            ),
            ("0005-r.md", "---\nstatus: rejected\n---\n# R\n"),
            ("0009-b.md", "---\ndepends-on: 4\n---\n# B\n"),
        ],
        &[],
    );
    let mut raised: Vec<&str> = out
        .iter()
        .map(|l| l.split(' ').nth(1).expect("a rule name"))
        .collect();
    raised.sort_unstable();
    raised.dedup();
    let mut repository: Vec<&str> = designdoc_lint::RULES
        .iter()
        .filter(|r| matches!(r.kind, designdoc_lint::Kind::Repository(_)))
        .map(|r| r.name)
        .collect();
    repository.sort_unstable();
    assert_eq!(raised, repository, "{out:#?}");
}

/// `payments:0012` names a doc of another repository, for the
/// organisation's catalog to resolve: not "names no doc" here. A value
/// that only looks like one (`ADR-2`, `docs/x.md`) is still resolved here.
#[test]
fn references_to_another_repository_are_left_to_the_catalog() {
    let out = run(
        &[
            (
                "0001-a.md",
                "---\ndepends-on: [\"payments:0012\", \"billing.v2:7\"]\n---\n# A\n",
            ),
            ("0002-b.md", "---\ndepends-on: [ADR-2]\n---\n# B\n"),
        ],
        &[],
    );
    assert!(!out.iter().any(|l| l.starts_with("0001-a.md")), "{out:#?}");
    assert!(
        out.iter()
            .any(|l| l.starts_with("0002-b.md") && l.contains("'ADR-2' names no doc")),
        "{out:#?}"
    );
    assert_eq!(
        designdoc_lint::repo::cross_repository("payments:0012"),
        Some(("payments", 12))
    );
    for not in [
        "ADR-2",
        ":12",
        "payments:",
        "../x:1",
        "https://x:1",
        "a:1b",
        ".hidden:3",
    ] {
        assert_eq!(designdoc_lint::repo::cross_repository(not), None, "{not}");
    }
}

/// `name:NNNN` in prose is a mention the catalog may resolve; code, URLs,
/// addresses, times and longer tokens are not.
#[test]
fn mentions_are_found_in_prose_only() {
    let src = "---\ntitle: x\ndepends-on: [\"front:0001\"]\n---\n# T\n\nSee payments:0012, and **search:0007**, not step:2.\n\n- builds on infra.core:0003\n\n| a | b |\n|---|---|\n| ledger:0002 | x |\n\nNot `code:0001`, https://host:8080/x, user@host:22, at 10:30, a:1234b, a:1234:5, x:1234/3, deploy payments:1234.4.2 on payments:2026-03-01.\n\n```\nfenced:0009\n```\n";
    let doc = designdoc_syntax::parse(src);
    let found: Vec<(String, usize)> = designdoc_lint::repo::mentions(&doc)
        .into_iter()
        .map(|(v, span)| {
            assert_eq!(&src[span.clone()], v, "the span is where it is written");
            (v, src[..span.start].matches('\n').count() + 1)
        })
        .collect();
    assert_eq!(
        found,
        [
            ("payments:0012".to_string(), 7),
            ("search:0007".to_string(), 7),
            ("infra.core:0003".to_string(), 9),
            ("ledger:0002".to_string(), 13),
        ]
    );
}
