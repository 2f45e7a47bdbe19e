//! Rendering any input to HTML never panics and never lets a script out:
//! no `<script>` tag, no event-handler attribute, and no `href` or `src`
//! whose scheme (as a browser reads it) is `javascript:`, `vbscript:` or
//! `data:`. A relative URL that merely contains "javascript:" further on
//! (`%EF%BF%BDjavascript:…`, found by this target in CI) is a path, not a
//! scheme.
//!
//! Also: when rendering skipped the sanitizer (a doc without raw HTML),
//! sanitizing its output gives exactly what the sanitizing path gives.
#![no_main]

use libfuzzer_sys::fuzz_target;

/// The scheme a browser would see in an attribute value as ammonia
/// writes it: entities it writes decoded, leading controls and spaces
/// dropped, tabs and newlines removed (the URL standard's rules).
fn scheme(value: &str) -> String {
    let v = value.replace("&amp;", "&").replace("&quot;", "\"");
    let v: String = v
        .trim_start_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    match v.find(':') {
        Some(i)
            if v[..i]
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c)) =>
        {
            v[..i].to_ascii_lowercase()
        }
        _ => String::new(),
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = designdoc_syntax::parse(&text);
    let out = designdoc_render::render(&doc).html;
    let careful = designdoc_render::render_with(
        &doc,
        designdoc_render::Options {
            always_sanitize: true,
            ..Default::default()
        },
    )
    .html;
    if out != careful {
        assert_eq!(
            designdoc_render::sanitize(&out),
            careful,
            "the fast path kept what the sanitizer removes"
        );
    }
    for tag in out.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        let lower = inside.to_ascii_lowercase();
        assert!(!lower.starts_with("script"), "a script tag: {out}");
        for attr in lower.split_whitespace().skip(1) {
            assert!(!attr.starts_with("on"), "an event handler {attr}: {out}");
        }
        for name in ["href=\"", "src=\""] {
            if let Some(i) = inside.find(name) {
                let value = inside[i + name.len()..].split('"').next().unwrap_or("");
                let s = scheme(value);
                assert!(
                    !matches!(s.as_str(), "javascript" | "vbscript" | "data"),
                    "a {s}: URL: {out}"
                );
            }
        }
    }
});
