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

#[test]
fn placeholders_both_ways() {
    let template = "# Title\n\n## Specification\n\nThe key words \"MUST\" and \"MAY\" in this document are to be interpreted as described in RFC 2119 and RFC 8174.\n\n## Copyright\n\nCopyright and related rights waived via [CC0](../LICENSE.md).\n";
    // Boilerplate kept verbatim, escaped brackets, citations, generics, a
    // usage line: no finding.
    let doc = "# Gas\n\n## Specification\n\nThe key words \"MUST\" and \"MAY\" in this document are to be interpreted as described in RFC 2119 and RFC 8174.\n\nSee the [\\[Pitch\\] Gas](https://example.org/p) thread and [Yuasa '90]. A `Range<Index>` is a Range<Index>. Run `x` with --exact <version>.\n\n## Copyright\n\nCopyright and related rights waived via [CC0](../LICENSE.md).\n";
    assert_eq!(findings(template, doc), Vec::<String>::new());
    // Stand-ins and variables: found.
    let doc = "# Gas\n\n## Specification\n\nComing soon.\n\nOwned by {{owner}} and ${team}, see [spec](XXX), TBA.\n\n## TODO\n\n## Copyright\n\ntodo\n";
    let f = findings(template, doc);
    for want in [
        "Coming soon.",
        "{{owner}}",
        "${team}",
        "'XXX'",
        "'TBA'",
        "'TODO'",
        "'todo'",
    ] {
        assert!(
            f.iter().any(|l| l.contains(want)),
            "{want} not found in {f:?}"
        );
    }
}

#[test]
fn old_names_merged_headings_and_likely_renames() {
    let template = "# T\n\n## Summary of changes\n\n<!-- What. -->\n\n## Motivation\n\n<!-- Why. -->\n\n## Proposed solution\n\n<!-- How. -->\n\n## Implementation\n\n<!-- When. -->\n\n## Testing\n\n<!-- Proof. -->\n\n## Alternatives considered\n\n<!-- Else. -->\n";
    // An old name, a merged heading and a heading standing alone in a
    // missing section's place.
    let doc = "# X\n\n## Introduction\n\nA.\n\n## Motivation\n\nB.\n\n## Proposed Plan of Record\n\nC.\n\n## Implementation & Testing\n\nD.\n\n## Alternatives considered\n\nE.\n";
    let f = findings(template, doc);
    assert!(!f.iter().any(|l| l.contains("missing-section")), "{f:?}");
    assert!(
        f.iter().any(|l| l.contains(
            "'Proposed Plan of Record' stands where the template has 'Proposed solution'"
        )),
        "{f:?}"
    );
}

#[test]
fn close_spelling_is_not_meaning() {
    let template = "# T\n\n## Motivation\n\n<!-- Why. -->\n\n## Reference Implementation\n\n<!-- Code. -->\n\n## Positive Consequences\n\n<!-- Good. -->\n\n## Negative Consequences\n\n<!-- Bad. -->\n";
    let doc = "# X\n\n## Activation\n\nAt block 5.\n\n## References\n\n[1] A paper.\n\n## Consequences\n\nSlower.\n\n## Motivaton\n\nBecause.\n";
    let f = findings(template, doc);
    assert!(!f.iter().any(|l| l.contains("'Activation' is a")), "{f:?}");
    assert!(!f.iter().any(|l| l.contains("'References' is a")), "{f:?}");
    assert!(
        !f.iter().any(|l| l.contains("'Consequences' is a")),
        "{f:?}"
    );
    assert!(
        f.iter()
            .any(|l| l.contains("'Motivaton' is a close spelling")),
        "{f:?}"
    );
}

#[test]
fn duplicates_need_the_same_title_and_parent() {
    let template = "# T\n\n## Abstract\n\n<!-- What. -->\n\n## Design\n\n<!-- How. -->\n";
    let doc = "# X\n\n## Abstract\n\nA.\n\n## Summary\n\nS.\n\n## Design\n\n### C\n\nc.\n\n### C++\n\ncpp.\n\n### Feature one\n\n#### Motivation\n\nm.\n\n### Feature two\n\n#### Motivation\n\nm.\n";
    assert!(!rules_of(template, doc).contains(&"duplicate-heading".to_string()));
    let doc = "# X\n\n## Abstract\n\nA.\n\n## Design\n\nD.\n\n## Design\n\nD.\n";
    assert!(rules_of(template, doc).contains(&"duplicate-heading".to_string()));
}

#[test]
fn inline_anchors_are_not_part_of_a_heading() {
    let template = "# T\n\n## Future directions\n\n<!-- Next. -->\n";
    let doc = "# X\n\n## <a name=\"directions\"></a>Future directions\n\nMore. See [above](#directions) and [fixes](#fixes).\n\n## Fixes {#fixes}\n\nF.\n";
    let f = findings(template, doc);
    assert!(
        !f.iter()
            .any(|l| l.contains("renamed-section") || l.contains("broken-anchor")),
        "{f:?}"
    );
}

#[test]
fn a_doc_that_follows_none_of_the_template_gets_one_finding() {
    let template = "# T\n\n## Abstract\n\n<!-- What. -->\n\n## Background\n\n<!-- Why. -->\n\n## Proposal\n\n<!-- How. -->\n";
    let doc = "# Notes on generics\n\n## Type functions\n\nA.\n\n## Examples\n\nB.\n";
    let f = findings(template, doc);
    assert_eq!(f.len(), 1, "{f:?}");
    assert!(
        f[0].contains("none of the template's sections found"),
        "{f:?}"
    );
}
