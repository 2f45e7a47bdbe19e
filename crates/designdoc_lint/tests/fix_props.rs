//! Property tests: fixing settles and is idempotent on documents built from
//! template pieces, shuffled, dropped, renamed and ticked at random; any
//! input at all never panics.

use designdoc_lint::{Settings, check, fix};
use designdoc_syntax::parse;
use proptest::prelude::*;

const PIECES: &[&str] = &[
    "# Design Document: Sample\n",
    "## Overview\nWhat it is.\n",
    "## Background / Problem Statement\n<!-- guidance -->\n",
    "## Glossary\n- **Bucket**: a counter.\n",
    "## Requirements\n### Functional\n- [ ] Requirement 1\n",
    "### Non-Functional\n- [x] Fast enough.\n",
    "### Latency / Performance Targets\n- Target performance: fast\n",
    "## Non-Goals\nNo UI.\n",
    "## Architecture\nA bucket per client.\n",
    "## Alternatives\n",
    "## Security Considerations\nNone.\n",
    "## Test Plan\nUnit tests.\n",
    "## Observability\n",
    "## Rollout\n```\nunclosed\n",
    "## Team Lunch\nPizza.\n",
    "> - [x] Testing plan defined\n",
    "## Appendix / Checklist\n- [x] Security/privacy covered\n- [ ] Testing plan defined\n- [x] Rollout strategy documented\n- [x] Alternatives considered\n",
    "Setext heading\n--------------\ntext\n",
    "---\nstatus: draft\n---\n",
    "\u{feff}",
    "See [x](#overview) and [y](#nope).\n",
];

fn doc_from(picks: Vec<(usize, bool)>) -> String {
    let mut s = String::new();
    for (i, crlf) in picks {
        let piece = PIECES[i % PIECES.len()];
        if crlf {
            s.push_str(&piece.replace('\n', "\r\n"));
        } else {
            s.push_str(piece);
        }
        s.push('\n');
    }
    s
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn fixing_twice_changes_nothing(picks in prop::collection::vec((0usize..64, prop::bool::weighted(0.1)), 0..14)) {
        let schema = designdoc_schema::builtin("design-doc").unwrap();
        let settings = Settings::default();
        let src = doc_from(picks);
        let once = fix::fix(&src, &schema, &settings);
        prop_assert!(once.settled);
        let twice = fix::fix(&once.text, &schema, &settings);
        prop_assert_eq!(twice.applied, 0);
        prop_assert_eq!(&twice.text, &once.text);
        // Text outside the edits is kept: every line that is not a heading
        // (renamed) or a checklist item (ticked) is still there.
        for line in src.lines().filter(|l| !l.trim_start_matches('\u{feff}').starts_with('#') && !l.contains("- [")) {
            prop_assert!(once.text.contains(line), "lost line {line:?}");
        }
    }

    #[test]
    fn any_input_parses_and_checks(src in "(?s).{0,400}") {
        let schema = designdoc_schema::builtin("design-doc").unwrap();
        let doc = parse(&src);
        for d in check(&doc, &schema, &Settings::default()) {
            prop_assert!(src.is_char_boundary(d.range.start) && src.is_char_boundary(d.range.end));
        }
        let _ = fix::fix(&src, &schema, &Settings::default());
    }
}
