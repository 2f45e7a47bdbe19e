//! docs/rules/ is generated from the rule files' doc comments (the same text
//! `designdoc rule NAME` prints). Regenerate with
//! `UPDATE_DOCS=1 cargo test -p designdoc_lint --test rule_docs`.

use std::path::Path;

use designdoc_lint::RULES;

#[test]
fn rule_docs_are_generated_from_the_rule_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules");
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut expected = vec![("README.md".to_string(), {
        let mut s = String::from(
            "# Rules\n\nGenerated from the rule files by `UPDATE_DOCS=1 cargo test -p designdoc_lint --test rule_docs`; `designdoc rule NAME` prints the same text. Codes are never reused.\n\n| code | name | default severity | fix | summary |\n|---|---|---|---|---|\n",
        );
        for r in RULES {
            s.push_str(&format!(
                "| {} | [{}]({}.md) | {} | {} | {} |\n",
                r.code,
                r.name,
                r.name,
                r.default_severity.as_str(),
                r.fix.as_str(),
                r.summary()
            ));
        }
        s
    })];
    for r in RULES {
        expected.push((
            format!("{}.md", r.name),
            format!(
                "# {} ({})\n\nDefault severity: {}. Fix: {}.\n\n{}\n",
                r.name,
                r.code,
                r.default_severity.as_str(),
                r.fix.as_str(),
                r.documentation()
                    .replace("\n## ", "\n### ")
                    .replacen("## ", "### ", 1)
            ),
        ));
    }
    if update {
        std::fs::create_dir_all(&dir).unwrap();
    }
    for (name, text) in expected {
        let path = dir.join(&name);
        if update {
            std::fs::write(&path, &text).unwrap();
        } else {
            let have = std::fs::read_to_string(&path).unwrap_or_default();
            assert_eq!(
                have, text,
                "docs/rules/{name} is stale: run UPDATE_DOCS=1 cargo test -p designdoc_lint --test rule_docs"
            );
        }
    }
}
