//! Rendering any input to HTML never panics and never lets a script out:
//! no `<script`, no `javascript:` URL and no event-handler attribute
//! inside a tag of the sanitized output.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = designdoc_syntax::parse(&text);
    let out = designdoc_render::render(&doc).html.to_ascii_lowercase();
    for tag in out.split('<').skip(1) {
        let inside = tag.split('>').next().unwrap_or("");
        assert!(!inside.starts_with("script"), "a script tag: {out}");
        assert!(!inside.contains("javascript:"), "a javascript: URL: {out}");
        let attrs = inside.split_whitespace().skip(1);
        for a in attrs {
            assert!(!a.starts_with("on"), "an event handler {a}: {out}");
        }
    }
});
