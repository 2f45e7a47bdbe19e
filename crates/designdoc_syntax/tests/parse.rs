use designdoc_syntax::{BlockKind, LineEnding, ProblemKind, parse};

const TEMPLATE: &str = include_str!("../../designdoc_schema/templates/design-doc.md");

#[test]
fn template_headings_form_a_tree() {
    let doc = parse(TEMPLATE);
    let titles: Vec<_> = doc
        .headings
        .iter()
        .map(|h| (h.level, h.text.as_str()))
        .collect();
    assert_eq!(titles[0], (1, "Design Document: [Feature/Project Name]"));
    assert_eq!(titles[1], (2, "Overview"));
    let functional = doc
        .headings
        .iter()
        .position(|h| h.text == "Functional")
        .unwrap();
    let parent = doc.headings[functional].parent.unwrap();
    assert_eq!(doc.headings[parent].text, "Requirements");
    let last = doc.headings.last().unwrap();
    assert_eq!(last.text, "Appendix / Checklist");
    assert_eq!(last.section_end, TEMPLATE.len());
    for h in &doc.headings {
        assert_eq!(&TEMPLATE[h.text_span.clone()], h.text);
    }
}

#[test]
fn template_tasks_and_comments() {
    let doc = parse(TEMPLATE);
    assert_eq!(doc.tasks.len(), 15);
    assert!(doc.tasks.iter().all(|t| !t.checked));
    assert_eq!(doc.tasks[0].text, "Requirement 1");
    assert_eq!(&TEMPLATE[doc.tasks[0].marker_span.clone()], "[ ]");
    let last = doc.tasks.last().unwrap();
    assert_eq!(last.text, "Community impact assessed");
    let comments = doc
        .blocks
        .iter()
        .filter(|b| b.kind == BlockKind::HtmlComment)
        .count();
    assert_eq!(comments, 13);
    let improvement = doc
        .blocks
        .iter()
        .find(|b| b.text.trim() == "Improvement 1")
        .unwrap();
    assert_eq!(improvement.kind, BlockKind::ListItem);
    let desc = doc
        .blocks
        .iter()
        .filter(|b| b.text.trim() == "Description")
        .count();
    assert_eq!(desc, 2);
}

#[test]
fn atx_heading_text_span_excludes_markers_and_closing_sequence() {
    let src = "##   Design   ##  \n### Trailing space \n#### C# ####\n";
    let doc = parse(src);
    let spans: Vec<_> = doc
        .headings
        .iter()
        .map(|h| &src[h.text_span.clone()])
        .collect();
    assert_eq!(spans, ["Design", "Trailing space", "C#"]);
}

#[test]
fn setext_headings_are_headings() {
    let src = "Title\n=====\n\nSection\n-------\ntext\n";
    let doc = parse(src);
    assert_eq!(doc.headings.len(), 2);
    assert!(doc.headings[0].setext);
    assert_eq!(&src[doc.headings[1].text_span.clone()], "Section");
    assert_eq!(doc.blocks[0].heading, Some(1));
}

#[test]
fn bom_and_front_matter_are_skipped() {
    let src = "\u{feff}---\ntitle: x\nstatus: draft\n---\n# Design Document: X\n";
    let doc = parse(src);
    assert_eq!(doc.bom_len, 3);
    let fm = doc.front_matter.clone().unwrap();
    assert_eq!(&src[fm.body], "title: x\nstatus: draft\n");
    assert_eq!(doc.headings.len(), 1);
    assert_eq!(doc.headings[0].level, 1);
}

#[test]
fn unclosed_front_matter_is_a_problem_not_a_failure() {
    let doc = parse("---\ntitle: x\n# Heading\n");
    assert!(
        doc.problems
            .iter()
            .any(|p| p.kind == ProblemKind::UnclosedFrontMatter)
    );
    assert!(doc.front_matter.is_none());
}

#[test]
fn unclosed_code_fence_is_reported() {
    let src = "## A\n```rust\nfn x() {}\n## B\n";
    let doc = parse(src);
    assert_eq!(doc.headings.len(), 1);
    let p = doc
        .problems
        .iter()
        .find(|p| p.kind == ProblemKind::UnclosedCodeFence)
        .unwrap();
    assert_eq!(&src[p.span.clone()], "```rust");
    let closed = parse("```\nx\n```\n");
    assert!(closed.problems.is_empty());
}

#[test]
fn crlf_is_detected_and_spans_exclude_line_endings() {
    let src = "# T\r\n\r\n- [x] done\r\n";
    let doc = parse(src);
    assert_eq!(doc.line_ending, LineEnding::CrLf);
    assert_eq!(&src[doc.headings[0].span.clone()], "# T");
    assert!(doc.tasks[0].checked);
    assert_eq!(doc.tasks[0].text, "done");
}

#[test]
fn tasks_in_quotes_and_code_are_marked_or_absent() {
    let src = "> - [x] quoted\n\n```\n- [x] code\n```\n\n1. [ ] real\n";
    let doc = parse(src);
    assert_eq!(doc.tasks.len(), 2);
    assert!(doc.tasks[0].in_quote);
    assert!(!doc.tasks[1].in_quote);
    assert_eq!(doc.tasks[1].text, "real");
}

#[test]
fn loose_task_items_carry_their_text() {
    let src = "- [ ] first\n\n- [x] second\n  more\n";
    let doc = parse(src);
    let texts: Vec<_> = doc.tasks.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["first", "second more"]);
}

#[test]
fn links_anchors_and_inline_code_segments() {
    let src = "See [x](#design) and <a id=\"custom\"></a> `TODO` here.\n";
    let doc = parse(src);
    assert_eq!(doc.links[0].dest, "#design");
    assert_eq!(doc.html_anchors, ["custom"]);
    let b = &doc.blocks[0];
    let todo = b.text.find("TODO").unwrap();
    assert_eq!(&src[b.source_range(todo..todo + 4)], "TODO");
}

// design: 0001#NFR-2
#[test]
fn text_ranges_map_back_to_source() {
    let src = "- **Term**: Definition  \n";
    let doc = parse(src);
    let b = &doc.blocks[0];
    assert_eq!(b.text, "Term: Definition");
    let d = b.text.find("Definition").unwrap();
    assert_eq!(&src[b.source_range(d..d + 10)], "Definition");
}

// design: 0001#NFR-1
#[test]
fn parse_never_panics_on_known_hazard() {
    // Upstream pulldown-cmark issue 1110 input: must parse (options avoid the path).
    let doc = parse("ab  2\n:<\n  {}\n -\n");
    assert!(
        doc.problems
            .iter()
            .all(|p| !matches!(p.kind, ProblemKind::ParserPanic(_)))
    );
}

mod props {
    use designdoc_syntax::parse;
    use proptest::prelude::*;

    proptest! {
        /// `section_blocks` relies on blocks being ordered by heading.
        #[test]
        fn blocks_never_go_back_to_an_earlier_heading(src in "(?s)(#{1,3} [a-z]{1,5}\n|- [a-z ]{0,8}\n|  - x\n|> q\n|```\n|text\n|\n){0,30}") {
            let doc = parse(&src);
            prop_assert!(doc.blocks.windows(2).all(|w| w[0].heading <= w[1].heading));
            for i in 0..doc.headings.len() {
                let span = doc.headings[i].span.end..doc.headings[i].section_end;
                for b in doc.section_blocks(i) {
                    prop_assert!(span.contains(&b.span.start) || b.span.start < span.start);
                }
            }
        }
    }
}

#[test]
fn lone_cr_does_not_let_an_html_comment_swallow_the_doc() {
    // Regression: pulldown-cmark 0.13 reads a comment closed on a lone-CR
    // line as running on to the end of the file.
    let doc = parse("# T\r\r## A\r<!-- c\rd -->\rtext\r\r## B\rmore\r");
    let titles: Vec<&str> = doc.headings.iter().map(|h| h.text.as_str()).collect();
    assert_eq!(titles, ["T", "A", "B"]);
    assert_eq!(doc.line_ending, LineEnding::Cr);
    let text = doc
        .blocks
        .iter()
        .find(|b| b.kind == BlockKind::Paragraph)
        .unwrap();
    assert_eq!(text.text, "text");
    assert_eq!(&doc.src[text.span.clone()], "text");
}

#[test]
fn section_tree_matches_its_definition_on_any_level_sequence() {
    // Regression for the one-pass section tree (it was a scan back and
    // forth per heading, quadratic on thousands of same-level headings):
    // compare with the definition on a long pseudo-random sequence.
    let mut seed = 7u32;
    let mut src = String::new();
    for _ in 0..500 {
        seed = seed.wrapping_mul(1_103_515_245).wrapping_add(12345);
        let level = 1 + (seed >> 16) % 6;
        src.push_str(&format!("{} h\n\ntext\n\n", "#".repeat(level as usize)));
    }
    let doc = parse(&src);
    let h = &doc.headings;
    for i in 0..h.len() {
        let parent = (0..i).rev().find(|&j| h[j].level < h[i].level);
        let end = h[i + 1..]
            .iter()
            .find(|x| x.level <= h[i].level)
            .map_or(src.len(), |x| x.span.start);
        assert_eq!(h[i].parent, parent, "heading {i}");
        assert_eq!(h[i].section_end, end, "heading {i}");
        let children: Vec<usize> = (i + 1..h.len())
            .filter(|&j| h[j].parent == Some(i))
            .collect();
        assert_eq!(doc.children(i).collect::<Vec<_>>(), children, "heading {i}");
    }
}

/// Swift Evolution quotes code in blockquotes (`> ```swift` … `> ````) and
/// in list items; CommonMark closes those fences, so they are not unclosed.
#[test]
fn fence_in_blockquote_or_list_item_is_not_reported_unclosed() {
    let unclosed = |src: &str| {
        parse(src)
            .problems
            .iter()
            .filter(|p| p.kind == ProblemKind::UnclosedCodeFence)
            .count()
    };
    assert_eq!(
        unclosed("## A\n> ```swift\n> let x = 1\n> ```\n\n## B\ntext\n"),
        0
    );
    assert_eq!(unclosed("## A\n> ```swift\n> let x = 1\n> ```\n"), 0);
    assert_eq!(unclosed("> > ```\n> > x\n> > ```"), 0);
    assert_eq!(
        unclosed("## A\n- item\n  ```swift\n  let x = 1\n  ```\n- next\n\n## B\n"),
        0
    );
    // Closed by the end of its blockquote: what follows is not hidden.
    assert_eq!(unclosed("> ```swift\n> let x = 1\n\n## B\ntext\n"), 0);
    // Still unclosed: it runs to the end of the document.
    assert_eq!(unclosed("## A\n> ```swift\n> let x = 1\n"), 1);
    assert_eq!(unclosed("## A\n```\nx\n## B\n"), 1);
}
