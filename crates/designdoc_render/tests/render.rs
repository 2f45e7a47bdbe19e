//! Rendering: GitHub-flavoured Markdown with designdoc's anchors, and
//! hostile docs rendered inert.

use designdoc_render::{MAX_DEPTH, render};
use designdoc_syntax::parse;

fn html(src: &str) -> String {
    render(&parse(src)).html
}

#[test]
fn a_doc_renders_with_designdocs_anchors_and_a_toc() {
    let src = "---\nstatus: draft\n---\n# Design Document: X\n\n## Background / Problem Statement\n\nSee [design](#design).\n\n## Design\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n- [x] done\n- [ ] open\n\nA note.[^1]\n\n```rust\nfn main() {}\n```\n\n~~gone~~\n\n[^1]: The note.\n\n## Design\n";
    let r = render(&parse(src));
    insta::assert_snapshot!(r.html);
    let anchors: Vec<&str> = r.toc.iter().map(|e| e.anchor.as_str()).collect();
    assert_eq!(
        anchors,
        [
            "design-document-x",
            "background--problem-statement",
            "design",
            "design-1"
        ]
    );
    assert!(
        !r.html.contains("status: draft"),
        "front matter is not rendered"
    );
    assert!(r.notices.is_empty());
}

/// Everything a script could hide in, taken from the XSS filter evasion
/// cheat sheets; none may come out active.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//x.test/x.js></SCRIPT>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](java\tscript:alert(1))",
    "<a href=\"javascript:alert(1)\">x</a>",
    "<a href=\"&#x6A;avascript:alert(1)\">x</a>",
    "![x](javascript:alert(1))",
    "<img src=x onerror=alert(1)>",
    "<p onclick=\"alert(1)\">x</p>",
    "<iframe src=\"https://x.test\"></iframe>",
    "<style>body{display:none}</style>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=\"https://x.test\"><input type=text name=q></form>",
    "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>",
    "<!-- a --!> <script>alert(1)</script> -->",
    "<!--> <img src=x onerror=alert(1)> -->",
    "<object data=\"x.swf\"></object><embed src=\"x.swf\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=https://x.test\">",
    "<base href=\"https://x.test/\">",
    "<td style=\"background:url(javascript:alert(1))\">x</td>",
    "<details open ontoggle=alert(1)>x</details>",
    "<code class=\"language-x\" onmouseover=alert(1)>x</code>",
];

#[test]
fn hostile_docs_render_inert() {
    for (i, h) in HOSTILE.iter().enumerate() {
        let out = html(&format!("# T\n\n{h}\n\nText {h} inline.\n")).to_ascii_lowercase();
        for bad in [
            "<script",
            "javascript:",
            "<iframe",
            "<style",
            "<svg",
            "<math",
            "<form",
            "<object",
            "<embed",
            "<meta",
            "<base",
            "data:text",
            " on",
        ] {
            // " on" catches event-handler attributes; text outside tags is
            // escaped, so look inside tags only.
            let in_tags = out
                .split('<')
                .skip(1)
                .map(|t| t.split('>').next().unwrap_or(""))
                .any(|t| format!("<{t}").contains(bad));
            assert!(!in_tags, "case {i} {h:?}: {bad:?} survived in {out}");
        }
    }
}

#[test]
fn links_out_get_noopener_and_text_input_fields_do_not_survive() {
    let out = html("[a](https://example.com) <input type=\"text\" value=\"x\">\n\n- [x] done\n");
    assert!(out.contains("rel=\"noopener noreferrer\""), "{out}");
    assert!(out.contains("type=\"checkbox\""), "{out}");
    assert!(!out.contains("type=\"text\""), "{out}");
}

#[test]
fn nesting_is_capped_before_the_sanitizer_sees_it() {
    // 30,000 nested lists: html5ever would take seconds; capped, the page
    // holds at most MAX_DEPTH levels and says so.
    let src = format!("{}x\n", "- ".repeat(30_000));
    let r = render(&parse(&src));
    let deepest = r
        .html
        .split("<ul>")
        .count()
        .min(r.html.matches("<li>").count() + 1);
    assert!(deepest <= MAX_DEPTH + 1, "{deepest} levels");
    assert!(r.html.contains('x'), "the text is kept");
    assert_eq!(
        r.notices,
        ["Nesting deeper than 512 levels is shown flattened."]
    );
}

#[test]
fn deeply_nested_raw_html_is_shown_as_text() {
    // html5ever issue 788: nested <b i> and <i i> tags take it 20 s.
    let src = format!("{}x\n", "<b i><i i>".repeat(8_200));
    let r = render(&parse(&src));
    assert!(!r.html.contains("<b>"), "raw HTML was parsed");
    assert!(r.html.contains("&lt;b i&gt;"), "shown as text");
    assert_eq!(r.notices.len(), 1, "{:?}", r.notices);
}

#[test]
fn javascript_after_a_non_ascii_byte_is_a_relative_path_not_a_scheme() {
    // Found by the render fuzz target in CI: `[x](\u{FFFD}javascript:…)`
    // renders as href="%EF%BF%BDjavascript:…". That is a relative URL (a
    // scheme must start with an ASCII letter), so a click navigates to a
    // path; it runs nothing. The target's check was too naive; this pins
    // down the rendering.
    let out = html("# T\n\n[x](\u{FFFD}javascript:alert(1))\n");
    assert!(
        out.contains("href=\"%EF%BF%BDjavascript:alert(1)\""),
        "{out}"
    );
    let out = html("# T\n\n[x](\u{1}javascript:alert(1)) [y]( javascript:alert(1))\n");
    assert!(
        !out.to_ascii_lowercase().contains("href=\"javascript"),
        "{out}"
    );
    assert!(!out.contains("href=\"\u{1}"), "{out}");
}

/// Every Markdown file the project keeps as a test input: fuzz seeds, rule
/// fixtures, the built-in templates' docs, our own design docs.
fn corpus() -> Vec<(String, String)> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut out = Vec::new();
    let mut stack = vec![
        root.join("fuzz/seeds"),
        root.join("crates/designdoc_lint/tests/fixtures"),
        root.join("crates/designdoc_site/tests/fixtures"),
        root.join("docs"),
    ];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md")
                && let Ok(text) = std::fs::read_to_string(&p)
            {
                out.push((p.display().to_string(), text));
            }
        }
    }
    out.sort();
    assert!(out.len() > 100, "the corpus was not found: {}", out.len());
    out
}

#[test]
fn skipping_the_sanitizer_changes_nothing_it_would_have_changed() {
    use designdoc_render::{Options, render_with};
    let mut fast = 0;
    for (name, text) in corpus().into_iter().chain(
        HOSTILE
            .iter()
            .enumerate()
            .map(|(i, h)| (format!("hostile {i}"), format!("# T\n\n{h}\n"))),
    ) {
        let doc = parse(&text);
        let quick = render_with(&doc, Options::default());
        let careful = render_with(
            &doc,
            Options {
                always_sanitize: true,
                ..Options::default()
            },
        );
        // Sanitizing what the fast path made gives what the careful path
        // made: the sanitizer had nothing to remove.
        if quick.html != careful.html {
            fast += 1;
            let again = ammonia_like(&quick.html);
            assert_eq!(again, careful.html, "{name}: the fast path kept something");
        }
    }
    assert!(fast > 50, "the fast path was taken for only {fast} docs");
}

/// The sanitizer run over HTML alone, as `render_with` runs it.
fn ammonia_like(html: &str) -> String {
    designdoc_render::sanitize(html)
}
