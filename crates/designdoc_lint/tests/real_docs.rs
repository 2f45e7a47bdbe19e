//! One minimal document per class of false finding seen on real
//! collections (issue 17: Swift Evolution, EIPs, Go proposals, ADRs). Each
//! test is named after the class; the ecosystem test (tests/ecosystem.rs)
//! holds the real documents.

use designdoc_lint::output::FileReport;
use designdoc_lint::{Settings, check};
use designdoc_schema::derive;
use designdoc_syntax::parse;

/// `line rule message` for every finding on `doc` under `template`.
fn findings(template: &str, doc: &str) -> Vec<String> {
    let schema = derive("t", template);
    let parsed = parse(doc);
    let diags = check(&parsed, &schema, &Settings::default());
    let report = FileReport {
        path: "doc.md",
        source: doc,
        diagnostics: &diags,
    };
    report
        .located()
        .into_iter()
        .map(|l| {
            format!(
                "{} {} {}",
                l.start.line, l.diagnostic.rule.name, l.diagnostic.message
            )
        })
        .collect()
}

fn rules_of(template: &str, doc: &str) -> Vec<String> {
    findings(template, doc)
        .into_iter()
        .map(|f| f.split(' ').nth(1).unwrap().to_string())
        .collect()
}

const EIP_LIKE: &str = "---
title: <The title>
status: Draft
category: <Core or ERC> # Only required for Standards Track. Otherwise, remove this field.
---

## Abstract

<!-- A short summary. -->

## Specification

<!-- The technical details. -->
";

#[test]
fn front_matter_follows_the_template() {
    // `status: Final` is not in designdoc's default lifecycle, nor in the
    // template: still an error, with the way out in the message.
    let doc = "---\ntitle: Gas\nstatus: Final\n---\n\n## Abstract\n\nLower fees.\n\n## Specification\n\nA base fee.\n";
    let f = findings(EIP_LIKE, doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(f[0].contains("invalid-front-matter"), "{f:?}");
    assert!(f[0].contains("[lifecycle] statuses"), "{f:?}");
    // The template's own status, any case; a conditional key left out; a
    // key only the template's front matter has: no finding.
    let doc = doc.replace("status: Final", "status: draft");
    assert_eq!(findings(EIP_LIKE, &doc), Vec::<String>::new());
}

#[test]
fn statuses_listed_in_the_template_extend_the_lifecycle() {
    let madr = "---\nstatus: \"{proposed | rejected | accepted | deprecated}\"\n---\n\n# Title\n\n## Context\n\n<!-- Why. -->\n";
    let doc = "---\nstatus: Deprecated\n---\n\n# Use X\n\n## Context\n\nBecause.\n";
    assert_eq!(findings(madr, doc), Vec::<String>::new());
}

#[test]
fn optional_sections_are_not_missing() {
    let template = "# Title\n\n## Goals\n\n<!-- What. -->\n\n## Decision Drivers <!-- optional -->\n\n* driver\n\n## Open issues (if applicable)\n\nList them.\n\n## Rollout\n\nThis section may be omitted for small changes.\n\n## Acknowledgments\n\nIf significant changes came from others, thank them.\n";
    let doc = "# Use X\n\n## Goals\n\nShip X in May.\n";
    assert_eq!(findings(template, doc), Vec::<String>::new());
    // A required section is still missing.
    let doc = "# Use X\n\n## Rollout\n\nIn May.\n";
    assert_eq!(rules_of(template, doc), ["missing-section"]);
}

#[test]
fn a_redirect_stub_is_not_judged_against_the_template() {
    let doc =
        "# Moved\n\nThis proposal has moved to [the new location](https://example.com/new.md).\n";
    assert_eq!(rules_of(EIP_LIKE, doc), Vec::<String>::new());
}
