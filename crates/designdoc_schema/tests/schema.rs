use designdoc_schema::{DEFAULT_TEMPLATE, MatchKind, SectionKind, builtin, derive};
use designdoc_syntax::parse;

#[test]
fn embedded_template_is_the_shared_seed() {
    let shared = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../../shared/seed/design-doc-template.md"
    );
    if let Ok(seed) = std::fs::read_to_string(shared) {
        assert_eq!(
            seed, DEFAULT_TEMPLATE,
            "templates/design-doc.md drifted from the shared seed"
        );
    }
}

#[test]
fn default_schema_sections_and_title() {
    let s = builtin("design-doc").unwrap();
    let t = s.title.as_ref().unwrap();
    assert_eq!(t.prefix, "Design Document:");
    assert_eq!(t.placeholder.as_deref(), Some("[Feature/Project Name]"));
    let titles: Vec<_> = s.sections.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles.len(), 19);
    assert_eq!(titles[0], "Overview");
    assert_eq!(titles[18], "Appendix / Checklist");
    let f = s.section_by_title("Functional").unwrap();
    assert_eq!(
        s.sections[s.sections[f].parent.unwrap()].title,
        "Requirements"
    );
    assert_eq!(s.sections[f].level, 3);
    let lat = s.section_by_title("Latency / Performance Targets").unwrap();
    assert_eq!(s.sections[lat].kind, SectionKind::Targets);
    let g = s.section_by_title("Glossary").unwrap();
    assert_eq!(s.sections[g].kind, SectionKind::Glossary);
    assert_eq!(s.sections[g].guidance.len(), 1);
}

#[test]
fn default_placeholders() {
    let s = builtin("design-doc").unwrap();
    for p in [
        "Requirement 1",
        "requirement 7",
        "Term: Definition",
        "Current performance: X",
        "Target performance: Y",
        "Improvement 2",
        "Description",
        "Benchmarks or metrics for success",
        "Performance, reliability, scalability, etc.",
    ] {
        assert!(s.is_placeholder(p), "{p} should be a placeholder");
    }
    assert!(!s.is_placeholder("Current performance: 40 ms p99"));
    assert!(!s.is_placeholder("Functional requirements addressed"));
}

#[test]
fn checklist_items_map_to_the_sections_they_vouch_for() {
    let s = builtin("design-doc").unwrap();
    let cl = s.checklist.as_ref().unwrap();
    assert_eq!(s.sections[cl.section].title, "Appendix / Checklist");
    let mapped: Vec<(&str, &str)> = cl
        .items
        .iter()
        .map(|i| {
            (
                i.text.as_str(),
                s.sections[i.section.unwrap()].title.as_str(),
            )
        })
        .collect();
    insta::assert_debug_snapshot!(mapped);
}

#[test]
fn checklist_mapping_can_be_overridden() {
    let mut s = builtin("design-doc").unwrap();
    s.override_checklist("Testing plan defined", "Implementation Plan")
        .unwrap();
    let item = s.checklist_section("Testing plan defined").unwrap();
    assert_eq!(s.sections[item].title, "Implementation Plan");
    let err = s
        .override_checklist("Testing plan defined", "Nope")
        .unwrap_err();
    assert!(err.contains("Nope"));
}

#[test]
fn headings_match_exactly_by_alias_and_by_spelling() {
    let s = builtin("design-doc").unwrap();
    let src = "# Design Document: X\n## 1. Overview\n## Security Considerations\n## Observability\n## Architecture\n## Test Plan\n## Implementaion Plan\n## Roll-out\n## Team Lunch\n## Overview\n";
    let doc = parse(src);
    let m = s.match_headings(&doc);
    assert_eq!(m.title, Some(0));
    let got: Vec<_> = doc
        .headings
        .iter()
        .zip(&m.headings)
        .map(|(h, hm)| {
            (
                h.text.as_str(),
                hm.map(|x| {
                    (
                        s.sections[x.section].title.as_str(),
                        x.kind,
                        x.duplicate_of.is_some(),
                    )
                }),
            )
        })
        .collect();
    assert_eq!(got[1].1, Some(("Overview", MatchKind::Exact, false)));
    assert_eq!(
        got[2].1,
        Some(("Security / Privacy Considerations", MatchKind::Alias, false))
    );
    assert_eq!(
        got[3].1,
        Some(("Monitoring & Observability", MatchKind::Alias, false))
    );
    assert_eq!(got[4].1, Some(("Design", MatchKind::Alias, false)));
    assert_eq!(got[5].1, Some(("Testing", MatchKind::Alias, false)));
    assert_eq!(
        got[6].1,
        Some(("Implementation Plan", MatchKind::Fuzzy, false))
    );
    assert_eq!(got[7].1, Some(("Rollout", MatchKind::Fuzzy, false)));
    assert_eq!(got[8].1, None);
    assert_eq!(got[9].1, Some(("Overview", MatchKind::Exact, true)));
}

#[test]
fn unseen_template_shapes_derive() {
    let md = "# RFC: <title>\n\n## 1. Summary\n\n_One paragraph._\n\n## 2. Motivation 🚀\n\nTODO\n\n### 2.1 Use cases\n\n- [ ] Summary written\n- [ ] Motivation explained\n\n## 3. Checklist\n\n- [ ] Summary complete\n- [ ] Motivation stated\n";
    let s = derive("rfc", md);
    assert_eq!(s.title.as_ref().unwrap().prefix, "RFC:");
    let titles: Vec<_> = s
        .sections
        .iter()
        .map(|x| (x.title.as_str(), x.level, x.parent))
        .collect();
    assert_eq!(titles[0], ("1. Summary", 2, None));
    assert_eq!(titles[2], ("2.1 Use cases", 3, Some(1)));
    let cl = s.checklist.as_ref().unwrap();
    assert_eq!(s.sections[cl.section].title, "3. Checklist");
    assert_eq!(cl.items[1].section, Some(1));
}

/// Regression: an "optional" comment directly under a heading whose
/// section is otherwise empty belongs to that heading, not the next one;
/// one after the section's content, right above a heading, belongs to the
/// next heading (MADR's layout).
#[test]
fn optional_comments_go_to_the_right_section() {
    let ours = "# [T]\n\n## A\n<!-- Optional: why. -->\n\n## B\n<!-- What. -->\n";
    let s = designdoc_schema::derive("t", ours);
    let req: Vec<(&str, bool)> = s
        .sections
        .iter()
        .map(|x| (x.title.as_str(), x.required))
        .collect();
    assert_eq!(req, [("A", false), ("B", true)]);
    let madr = "# {t}\n\n## A\n\n{Describe A.}\n\n<!-- This is an optional element. Feel free to remove. -->\n## B\n\n* {b}\n\n## C\n\n{c}\n";
    let s = designdoc_schema::derive("t", madr);
    let req: Vec<(&str, bool)> = s
        .sections
        .iter()
        .map(|x| (x.title.as_str(), x.required))
        .collect();
    assert_eq!(req, [("A", true), ("B", false), ("C", true)]);
    // The marker is not guidance, and tool directives are not either.
    assert!(
        s.sections[0]
            .guidance
            .iter()
            .all(|g| !g.contains("optional"))
    );
    let s = designdoc_schema::derive(
        "t",
        "# T\n\n## A\n<!-- markdownlint-disable MD013 -->\n<!-- Say why. -->\n\n## B\n\nx\n",
    );
    assert_eq!(s.sections[0].guidance, ["Say why."]);
}

/// Slot headings and numbered examples are not sections; their text
/// belongs to the enclosing section.
#[test]
fn slot_headings_are_not_sections() {
    let md = "# [T]\n\n## Options\n\n### [Option 1]\n\nPros: [list]\n\n### Story 2\n\n## Decision\n\nx\n";
    let s = designdoc_schema::derive("t", md);
    let titles: Vec<&str> = s.sections.iter().map(|x| x.title.as_str()).collect();
    assert_eq!(titles, ["Options", "Decision"]);
    assert_eq!(s.sections[0].placeholders, ["Pros: [list]"]);
}
