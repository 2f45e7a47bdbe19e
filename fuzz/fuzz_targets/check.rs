//! Every rule, against every built-in template and against a schema
//! derived from the input itself (a template is a schema): no panic, and
//! every diagnostic and fix edit lies inside the text on character
//! boundaries. The repository rules run over the input split into docs.
#![no_main]

use std::path::PathBuf;

use designdoc_lint::repo::{RepoDoc, check_repo};
use designdoc_lint::{Settings, check};
use designdoc_syntax::parse;
use libfuzzer_sys::fuzz_target;

const TEMPLATES: &[&str] = &["design-doc", "rfc", "adr", "nygard", "google"];

fuzz_target!(|data: &[u8]| {
    // The input's length picks the template, so that seeds are plain
    // Markdown files.
    let pick = data.len();
    let text = String::from_utf8_lossy(data);
    let doc = parse(&text);
    let settings = Settings::default();
    let n = TEMPLATES.len() + 1;
    let schema = if pick % n == TEMPLATES.len() {
        designdoc_schema::derive("fuzz", &text)
    } else {
        designdoc_schema::builtin(TEMPLATES[pick % n]).unwrap()
    };
    for d in check(&doc, &schema, &settings) {
        let r = &d.range;
        assert!(r.start <= r.end && r.end <= text.len(), "{d:?}");
        assert!(
            text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
            "{d:?}"
        );
        for e in d.fix.iter().flat_map(|f| &f.edits) {
            let r = &e.range;
            assert!(r.start <= r.end && r.end <= text.len(), "{d:?}");
            assert!(
                text.is_char_boundary(r.start) && text.is_char_boundary(r.end),
                "{d:?}"
            );
        }
    }
    // Several docs in one input: the cross-doc rules.
    let parts: Vec<&str> = text.split("\n=====\n").take(8).collect();
    let docs: Vec<RepoDoc> = parts
        .iter()
        .enumerate()
        .map(|(i, p)| {
            RepoDoc::new(
                &PathBuf::from(format!("docs/{:04}-d{i}.md", i % 3)),
                &parse(p),
            )
        })
        .collect();
    for (i, d) in check_repo(&docs, &|_| true, &|_| Settings::default()) {
        let r = &d.range;
        assert!(
            r.end <= parts[i].len() && parts[i].is_char_boundary(r.start),
            "{d:?}"
        );
    }
});
