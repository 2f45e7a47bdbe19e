//! Parse and check one generated ~20 KB design doc, and the default
//! template itself: `cargo bench -p designdoc_bench`.

use designdoc_lint::{Settings, check};
use designdoc_syntax::parse;

fn main() {
    divan::main();
}

fn sample() -> String {
    let dir = std::env::temp_dir().join("designdoc-bench-sample");
    let path = dir.join("00001-design-1.md");
    if !path.exists() {
        let status = std::process::Command::new(env!("CARGO_BIN_EXE_designdoc-bench"))
            .args(["gen", dir.to_str().unwrap(), "--docs", "1", "--seed", "7"])
            .status()
            .unwrap();
        assert!(status.success());
    }
    std::fs::read_to_string(path).unwrap()
}

#[divan::bench]
fn parse_doc(b: divan::Bencher) {
    let text = sample();
    b.counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| parse(divan::black_box(&text)).blocks.len());
}

#[divan::bench]
fn parse_and_check_doc(b: divan::Bencher) {
    let text = sample();
    let schema = designdoc_schema::builtin("design-doc").unwrap();
    let settings = Settings::default();
    b.counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            let doc = parse(divan::black_box(&text));
            check(&doc, &schema, &settings).len()
        });
}

#[divan::bench]
fn bare_pulldown_cmark(b: divan::Bencher) {
    let text = sample();
    let opts = designdoc_syntax::options();
    b.counter(divan::counter::BytesCount::of_str(&text))
        .bench(|| {
            pulldown_cmark::Parser::new_ext(divan::black_box(&text), opts)
                .into_offset_iter()
                .count()
        });
}

#[divan::bench]
fn derive_default_schema() -> usize {
    designdoc_schema::builtin("design-doc")
        .unwrap()
        .sections
        .len()
}
