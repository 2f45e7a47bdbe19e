//! Parsing never fails and never panics, whatever the bytes: every span it
//! returns lies inside the text, on character boundaries; front matter and
//! line/column conversion cope too.
#![no_main]

use designdoc_syntax::{LineIndex, parse};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = parse(&text);
    let ok = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    if let Some(fm) = &doc.front_matter {
        assert!(ok(&fm.span) && ok(&fm.body));
    }
    for h in &doc.headings {
        assert!(ok(&h.span) && ok(&h.text_span), "heading {h:?}");
        assert!(h.own_end <= h.section_end && h.section_end <= text.len());
    }
    for w in doc.headings.windows(2) {
        assert!(w[0].span.start < w[1].span.start, "headings out of order");
    }
    for b in &doc.blocks {
        assert!(ok(&b.span), "block {:?}", b.span);
        for i in 0..=b.text.len() {
            if b.text.is_char_boundary(i) {
                let r = b.source_range(i..i);
                assert!(r.end <= text.len());
            }
        }
    }
    for t in &doc.tasks {
        assert!(ok(&t.span) && ok(&t.marker_span));
    }
    for l in &doc.links {
        assert!(ok(&l.span));
    }
    let meta = doc.meta();
    for e in &meta.entries {
        assert!(ok(&e.key_span) && ok(&e.value_span));
    }
    let index = LineIndex::new(&text);
    for off in [0, text.len() / 2, text.len()] {
        let p = index.position(&text, off);
        assert!(p.line >= 1 && p.line <= index.line_count());
    }
});
