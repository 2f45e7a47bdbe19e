//! Performance targets and requirements read from any doc, and any text
//! read as a benchmark report: no panic; every target's and requirement's
//! span lies inside the text on character boundaries; a target judged
//! against results read from the input itself gets a verdict.
#![no_main]

use designdoc_lint::Context;
use designdoc_lint::targets::{judge, read_go, read_report, targets};
use designdoc_syntax::parse;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let doc = parse(&text);
    let schema = designdoc_schema::builtin("design-doc").unwrap();
    let cx = Context::new(&doc, &schema);
    let inside = |r: &std::ops::Range<usize>| {
        r.start <= r.end
            && r.end <= text.len()
            && text.is_char_boundary(r.start)
            && text.is_char_boundary(r.end)
    };
    for r in cx.requirements() {
        assert!(inside(&r.line) && inside(&(r.insert_at..r.insert_at)), "{r:?}");
    }
    let mut results = read_report("fuzz", &text).unwrap_or_default();
    results.extend(read_go("fuzz", &text));
    for t in targets(&cx) {
        assert!(inside(&t.span), "{t:?}");
        let _ = judge(&t, &results);
    }
});
