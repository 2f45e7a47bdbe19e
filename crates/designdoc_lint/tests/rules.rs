//! Per-rule fixtures (tests/fixtures/<rule>/*.md) with snapshots of the
//! rule's diagnostics and of its fixes, and a harness checking invariants
//! over every fixture.

use std::path::{Path, PathBuf};

use designdoc_lint::output::FileReport;
use designdoc_lint::{Applicability, FixAvailability, RULES, Settings, check, find_rule, fix};
use designdoc_syntax::parse;

fn fixtures() -> Vec<(String, PathBuf)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures");
    let mut out = Vec::new();
    for dir in std::fs::read_dir(&root).unwrap() {
        let dir = dir.unwrap().path();
        let rule = dir.file_name().unwrap().to_string_lossy().into_owned();
        for f in std::fs::read_dir(&dir).unwrap() {
            let f = f.unwrap().path();
            if f.extension().is_some_and(|e| e == "md") {
                out.push((rule.clone(), f));
            }
        }
    }
    out.sort();
    out
}

/// The fixture's schema: `<name>.schema.toml` beside it, else the
/// default template's.
fn schema_for(fixture: &Path) -> designdoc_schema::Schema {
    let sidecar = fixture.with_extension("schema.toml");
    match std::fs::read_to_string(&sidecar) {
        Ok(text) => designdoc_schema::Schema::from_toml(&text, |_| Err("no template".into()))
            .unwrap_or_else(|e| panic!("{}: {e:?}", sidecar.display())),
        Err(_) => designdoc_schema::builtin("design-doc").unwrap(),
    }
}

fn only(rule: &str) -> Settings {
    let mut s = Settings::default();
    for r in RULES {
        s.severities.insert(
            r.name,
            if r.name == rule {
                Some(r.default_severity)
            } else {
                None
            },
        );
    }
    s
}

/// The safe fixes and the unsafe ones: a fixture shows every fix.
fn every_fix() -> fix::FixOptions {
    fix::FixOptions {
        unsafe_fixes: true,
        ..Default::default()
    }
}

// design: 0001#FR-2, 0008#FR-1
#[test]
fn rule_fixtures() {
    for (rule, path) in fixtures() {
        let schema = schema_for(&path);
        let src = std::fs::read_to_string(&path).unwrap();
        let name = format!("{rule}__{}", path.file_stem().unwrap().to_string_lossy());
        let doc = parse(&src);
        if rule == "complete" {
            let diags = check(&doc, &schema, &Settings::default());
            assert!(diags.is_empty(), "{name}: {diags:#?}");
            continue;
        }
        let r = find_rule(&rule).unwrap_or_else(|| panic!("fixture folder {rule} names no rule"));
        let settings = only(&rule);
        let diags = check(&doc, &schema, &settings);
        assert!(
            !diags.is_empty(),
            "{name}: the fixture raises no {rule} diagnostic"
        );
        let report = FileReport {
            path: "fixture.md",
            source: &src,
            diagnostics: &diags,
        };
        let mut snap = String::new();
        for l in report.located() {
            let d = l.diagnostic;
            snap.push_str(&format!(
                "{}:{}-{}:{} {} {} [{}] {}{}{}\n",
                l.start.line,
                l.start.column,
                l.end.line,
                l.end.column,
                d.rule.code,
                d.rule.name,
                d.severity.as_str(),
                d.message,
                d.section
                    .as_ref()
                    .map(|s| format!(" (section: {s})"))
                    .unwrap_or_default(),
                d.fix
                    .as_ref()
                    .map(|f| {
                        let kind = match f.applicability {
                            Applicability::Safe => "fix",
                            Applicability::Suggested => "unsafe fix",
                        };
                        format!(" {kind}: {}", f.description)
                    })
                    .unwrap_or_default(),
            ));
        }
        if r.fix != FixAvailability::None {
            let out = fix::fix_with(&src, &schema, &settings, &every_fix());
            if out.applied > 0 {
                let diff = similar::TextDiff::from_lines(&src, &out.text);
                snap.push_str("\n--- fixed ---\n");
                snap.push_str(&diff.unified_diff().context_radius(1).to_string());
            }
        }
        insta::assert_snapshot!(name, snap);
    }
}

#[test]
fn every_rule_is_documented_and_has_a_fixture() {
    let dirs: Vec<String> = fixtures().into_iter().map(|(r, _)| r).collect();
    for r in RULES {
        let doc = r.documentation();
        for heading in ["## What it checks", "## Why it matters", "## Example"] {
            assert!(doc.contains(heading), "{} lacks {heading}", r.name);
        }
        if r.fix != FixAvailability::None {
            assert!(
                doc.contains("## Fix safety"),
                "{} fixes but says nothing of fix safety",
                r.name
            );
        }
        assert!(r.code.starts_with("DD") && r.code.len() == 5, "{}", r.code);
        assert!(
            r.name.chars().all(|c| c.is_ascii_lowercase() || c == '-'),
            "{}",
            r.name
        );
        // A rule's kind says where it is tested: a rule of one doc by a
        // fixture folder (and only such a rule has one); the others with
        // the pass that raises them (see `Kind`).
        assert_eq!(
            dirs.contains(&r.name.to_string()),
            r.per_doc(),
            "{}: a per-doc rule has a fixture folder, and only a per-doc rule has one",
            r.name
        );
    }
    let mut codes: Vec<_> = RULES.iter().map(|r| r.code).collect();
    codes.sort();
    codes.dedup();
    assert_eq!(codes.len(), RULES.len(), "rule codes must be unique");
}

/// Invariants over every fixture: ranges lie on character boundaries
/// inside the text; a rule that always fixes gave every diagnostic a fix;
/// fixing settles, fixing twice changes nothing, and what was fixed is
/// not reported again.
#[test]
fn fixture_invariants() {
    let settings = Settings::default();
    for (_, path) in fixtures() {
        let schema = schema_for(&path);
        let src = std::fs::read_to_string(&path).unwrap();
        let doc = parse(&src);
        let diags = check(&doc, &schema, &settings);
        for d in &diags {
            assert!(
                d.range.start <= d.range.end && d.range.end <= src.len(),
                "{path:?} {d:?}"
            );
            assert!(
                src.is_char_boundary(d.range.start) && src.is_char_boundary(d.range.end),
                "{path:?} {d:?}"
            );
            if d.rule.fix == FixAvailability::Always {
                assert!(d.fix.is_some(), "{path:?}: {} gave no fix", d.rule.name);
            }
            for e in d.fix.iter().flat_map(|f| &f.edits) {
                assert!(src.is_char_boundary(e.range.start) && src.is_char_boundary(e.range.end));
            }
        }
        let once = fix::fix_with(&src, &schema, &settings, &every_fix());
        assert!(once.settled, "{path:?}: fixes did not settle");
        assert!(once.refused.is_empty(), "{path:?}: {:?}", once.refused);
        let twice = fix::fix_with(&once.text, &schema, &settings, &every_fix());
        assert_eq!(
            twice.applied, 0,
            "{path:?}: a second fix pass changed the text"
        );
        assert_eq!(twice.text, once.text);
        let after = check(&parse(&once.text), &schema, &settings);
        assert!(
            after.iter().all(|d| d
                .fix
                .as_ref()
                .is_none_or(|f| f.applicability != Applicability::Safe)),
            "{path:?}: safe fixes left behind"
        );
        // Line endings survive: a CRLF file gets no bare LF.
        if src.contains("\r\n") {
            let lf = once.text.matches('\n').count();
            let crlf = once.text.matches("\r\n").count();
            assert_eq!(lf, crlf, "{path:?}: fix mixed line endings");
        }
    }
}
