//! Every built-in template, round trip: `new` gives a doc whose only
//! diagnostics say it is unfinished; filling every section gives none.

use designdoc_lint::{Settings, check};
use designdoc_schema::{BUILTINS, SectionKind, builtin};
use designdoc_syntax::parse;

fn rules_raised(schema: &designdoc_schema::Schema, text: &str) -> Vec<String> {
    let doc = parse(text);
    check(&doc, schema, &Settings::default())
        .into_iter()
        .map(|d| format!("{} {}", d.rule.name, d.message))
        .collect()
}

/// The scaffold with every section's body replaced by real content (and
/// the lines before the first section dropped), as an author would.
fn fill(schema: &designdoc_schema::Schema, scaffold: &str) -> String {
    let doc = parse(scaffold);
    let m = schema.match_headings(&doc);
    let mut out = String::new();
    out.push_str(&scaffold[..doc.body_start()]);
    if let Some(t) = m.title {
        out.push_str(&scaffold[doc.headings[t].span.clone()]);
        out.push_str("\n\n");
    }
    for (h, heading) in doc.headings.iter().enumerate() {
        if Some(h) == m.title {
            continue;
        }
        out.push_str(&scaffold[heading.span.clone()]);
        out.push_str("\n\n");
        let Some(s) = m.headings[h].map(|x| x.section) else {
            continue;
        };
        let sec = &schema.sections[s];
        let has_child = schema.sections.iter().any(|c| c.parent == Some(s));
        match sec.kind {
            SectionKind::Checklist => {
                for it in &schema.checklist.as_ref().unwrap().items {
                    out.push_str(&format!("- [x] {}\n", it.text));
                }
            }
            SectionKind::Glossary => {
                out.push_str("- **Quota**: the requests a client may send per minute.\n");
            }
            SectionKind::Targets => {
                out.push_str("- Current p99 latency: 180 ms\n- Target p99 latency: 40 ms\n");
            }
            SectionKind::Normal if has_child => {
                out.push_str("What follows covers this in parts.\n");
            }
            SectionKind::Normal => out.push_str(&format!(
                "The quota service answers this for {}: each quota check takes under 2 ms.\n",
                sec.title.to_lowercase()
            )),
        }
        out.push('\n');
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

#[test]
fn every_builtin_round_trips() {
    for (name, _, _) in BUILTINS {
        let schema = builtin(name).unwrap();
        let blank = designdoc_repo::scaffold(
            &schema,
            "Quota service",
            Some("Ann"),
            "2026-01-02",
            Some(name),
        );
        for d in rules_raised(&schema, &blank) {
            assert!(
                d.starts_with("placeholder-text ") || d.starts_with("empty-section "),
                "{name}, blank: {d}\n{blank}"
            );
        }
        assert!(
            !rules_raised(&schema, &blank).is_empty(),
            "{name}: blank doc passes"
        );
        let filled = fill(&schema, &blank);
        let left = rules_raised(&schema, &filled);
        assert!(left.is_empty(), "{name}, filled: {left:#?}\n{filled}");
    }
}

/// A schema file shown by `template show` reads back to a schema that
/// judges documents the same way.
#[test]
fn builtin_schema_files_read_back() {
    for (name, md, _) in BUILTINS {
        let schema = builtin(name).unwrap();
        let toml = schema.to_toml(None, "test");
        let back = designdoc_schema::Schema::from_toml(&toml, |_| Ok(md.to_string())).unwrap();
        assert_eq!(back.to_toml(None, "test"), toml, "{name}");
        let blank = designdoc_repo::scaffold(&back, "Quota service", None, "2026-01-02", None);
        assert_eq!(
            rules_raised(&schema, &blank),
            rules_raised(&back, &blank),
            "{name}"
        );
    }
}
