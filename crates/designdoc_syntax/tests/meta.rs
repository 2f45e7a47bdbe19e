use designdoc_syntax::{MetaValue, parse};

#[test]
fn reads_top_level_keys_with_spans() {
    let src = "---\ntitle: \"Rate limiter\"\nstatus: draft\nauthors:\n  - Ann\n  - Bo\ntemplate: adr\nempty:\n---\n# T\n";
    let doc = parse(src);
    let meta = doc.meta();
    assert_eq!(meta.error, None);
    let keys: Vec<&str> = meta.entries.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["title", "status", "authors", "template", "empty"]);
    let t = meta.get("template").unwrap();
    assert_eq!(&src[t.value_span.clone()], "adr");
    assert_eq!(&src[t.key_span.clone()], "template");
    assert_eq!(meta.str("title"), Some("Rate limiter"));
    assert_eq!(
        meta.get("authors").unwrap().value,
        MetaValue::List(vec!["Ann".into(), "Bo".into()])
    );
    assert!(meta.get("empty").unwrap().value.is_empty());
}

#[test]
fn non_ascii_spans_are_bytes() {
    let src = "---\ntitle: Überblick ✓\ntemplate: rfc\n---\n";
    let meta = parse(src).meta();
    let t = meta.get("template").unwrap();
    assert_eq!(&src[t.value_span.clone()], "rfc");
}

#[test]
fn malformed_yaml_is_an_error_not_a_panic() {
    for src in [
        "---\ntitle: [unclosed\n---\n",
        "---\n- a\n- b\n---\n",
        "---\n: : :\n\t- x\n---\n",
        "---\nkey: *nope\n---\n",
    ] {
        let meta = parse(src).meta();
        assert!(
            meta.error.is_some() || meta.entries.is_empty(),
            "{src:?}: {meta:?}"
        );
        if let Some(e) = &meta.error {
            assert!(e.offset <= src.len());
        }
    }
}

#[test]
fn no_front_matter_no_entries() {
    assert!(parse("# Title\n").meta().entries.is_empty());
    assert!(designdoc_syntax::scan_front_matter("---\na: 1\n---\n").is_some());
    assert!(designdoc_syntax::scan_front_matter("# x\n").is_none());
}

#[test]
fn lists_and_dates() {
    let meta = parse("---\nauthors: ann\ntags: [a, b]\nempty: []\n---\n").meta();
    assert_eq!(meta.list("authors"), ["ann"]);
    assert_eq!(meta.list("tags"), ["a", "b"]);
    assert!(meta.list("empty").is_empty() && meta.list("nope").is_empty());
    use designdoc_syntax::is_date;
    assert!(is_date("2024-02-29") && is_date("2026-11-25"));
    assert!(
        !is_date("2023-02-29")
            && !is_date("2026-13-01")
            && !is_date("2026-1-01")
            && !is_date("yesterday")
    );
}

/// YAML bombs in front matter: alias expansion (billion laughs) and deep
/// nesting end in a bounded error, not in memory or time blown.
#[test]
fn yaml_bombs_are_bounded_errors() {
    let mut laughs = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let mut prev = 'a';
    for c in "bcdefghi".chars() {
        laughs.push_str(&format!(
            "{c}: &{c} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
        prev = c;
    }
    laughs.push_str("---\n# T\n");
    let deep = format!(
        "---\nk: {}{}\n---\n# T\n",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    for src in [laughs, deep] {
        let meta = parse(&src).meta();
        let e = meta.error.expect("a bomb is an error");
        assert!(e.offset <= src.len());
        assert!(meta.entries.is_empty());
    }
}
