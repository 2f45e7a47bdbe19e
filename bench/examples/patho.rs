use designdoc_lint::{Settings, check, fix};
fn main() {
    let unit = std::env::args().nth(1).unwrap().replace("\\n", "\n");
    let n: usize = std::env::args().nth(2).unwrap().parse().unwrap();
    let src = match unit.as_str() {
        "LISTS" => format!("{}x{}", "- ".repeat(n / 3), "\n".repeat(n / 3)),
        "QLISTS" => format!("> {}x\n{}", "- ".repeat(n / 4), ">\n".repeat(n / 4)),
        "CHECKLIST" => format!(
            "# Design Document: X\n## Appendix / Checklist\n{}",
            "- [x] Testing plan defined\n".repeat(n / 27)
        ),
        _ => unit.repeat(n / unit.len()),
    };
    let schema = designdoc_schema::builtin("design-doc").unwrap();
    let settings = Settings::default();
    let t = std::time::Instant::now();
    let doc = designdoc_syntax::parse(&src);
    let p = t.elapsed();
    let d = check(&doc, &schema, &settings);
    let c = t.elapsed();
    let f = fix::fix(&src, &schema, &settings);
    let r0 = std::time::Instant::now();
    let r = designdoc_render::render(&designdoc_syntax::parse(&src));
    eprintln!("render {:?} ({} bytes)", r0.elapsed(), r.html.len());
    eprintln!(
        "parse {:?} check {:?} ({} diags) fix {:?} applied {} settled {}",
        p,
        c - p,
        d.len(),
        t.elapsed() - c,
        f.applied,
        f.settled
    );
}
