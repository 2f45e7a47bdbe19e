//! `designdoc build`: the pages, what they show, and what a rebuild
//! touches.

mod common;

use common::*;

#[test]
fn builds_every_page() {
    let dir = repo();
    let (_, report, _) = build(dir.path(), |_| {});
    assert_eq!(report.docs, 4);
    let site = dir.path().join("site");
    for page in [
        "index.html",
        "all.html",
        "problems.html",
        "glossary.html",
        "graph.html",
        "graph.svg",
        "timeline.html",
        "rules.html",
        "docs.json",
        "feed.xml",
        "search-index.js",
        "status/accepted.html",
        "status/in-review.html",
        "status/draft.html",
        "tags/api.html",
        "tags/reliability.html",
        "docs/0001-rate-limiter.html",
        "docs/0002-quotas.html",
        "docs/0003-hostile.html",
        "docs/0004-broken.html",
        "pagefind/pagefind-entry.json",
        "pagefind/pagefind-ui.js",
        "assets/style.css",
        "assets/site.js",
        "assets/highlight.min.js",
        "assets/mermaid.min.js",
    ] {
        assert!(site.join(page).is_file(), "{page} missing");
    }
    // Listings hold exactly their docs.
    let accepted = read(&site, "status/accepted.html");
    assert!(accepted.contains("Rate limiter") && !accepted.contains("Quotas"));
    let api = read(&site, "tags/api.html");
    assert!(api.contains("Rate limiter") && api.contains("Quotas") && !api.contains("Hostile"));
}

#[test]
fn doc_page_snapshot() {
    let dir = repo();
    build(dir.path(), |_| {});
    let page = read(&dir.path().join("site"), "docs/0001-rate-limiter.html");
    insta::assert_snapshot!(page);
}

#[test]
fn doc_page_shows_toc_badge_metadata_and_diagnostics_by_section() {
    let dir = repo();
    build(dir.path(), |_| {});
    let page = read(&dir.path().join("site"), "docs/0002-quotas.html");
    assert!(page.contains(r#"<span class="badge status-in-review">in-review</span>"#));
    assert!(page.contains(
        r##"<a href="#background--problem-statement">Background / Problem Statement</a>"##
    ));
    assert!(page.contains("<dt>Authors</dt><dd>Grace Hopper</dd>"));
    // The empty section's diagnostic sits right after its heading, before
    // the next section.
    let heading = page.find(r#"id="background--problem-statement""#).unwrap();
    let next = page.find(r#"id="design""#).unwrap();
    let diag = page[heading..]
        .find("empty-section")
        .map(|i| i + heading)
        .unwrap();
    assert!(diag < next, "the diagnostic is not in its section");
    // The leftover placeholder is reported next to "Design".
    let placeholder = page[next..].find("placeholder-text");
    assert!(placeholder.is_some());
    // Every diagnostic is listed at the end, with its line.
    assert!(page.contains(r#"<section class="checks" id="diagnostics""#));
    // 0001 supersedes nothing but links to 0002: 0002 says who links to it.
    assert!(page.contains("Linked from"));
    assert!(page.contains(r#"href="../docs/0001-rate-limiter.html""#));
}

#[test]
fn hostile_docs_render_inert() {
    let dir = repo();
    build(dir.path(), |_| {});
    let page = read(&dir.path().join("site"), "docs/0003-hostile.html");
    let body = article(&page).to_ascii_lowercase();
    // Every URL left is http(s), mailto or relative.
    for attr in ["href=\"", "src=\""] {
        for (i, _) in body.match_indices(attr) {
            let url = &body[i + attr.len()..];
            let url = &url[..url.find('"').unwrap()];
            let scheme = url.split_once(':').map(|(s, _)| s);
            assert!(
                scheme.is_none_or(
                    |s| ["http", "https", "mailto"].contains(&s) || s.contains(['/', '?', '#'])
                ),
                "{url} survived"
            );
        }
    }
    for bad in [
        "<script", "onerror", "onclick", "ontoggle", "<iframe", "<style", "<form", "<svg",
    ] {
        assert!(!body.contains(bad), "{bad} survived:\n{body}");
    }
    // What is harmless is kept.
    assert!(body.contains("<details"));
    assert!(body.contains("kept"));
    // The whole page: scripts only from the site's own assets.
    let lower = page.to_ascii_lowercase();
    for (i, _) in lower.match_indices("<script") {
        let tag = &lower[i..i + lower[i..].find('>').unwrap()];
        assert!(tag.contains("src=\"../assets/"), "unexpected script: {tag}");
    }
    assert!(page.contains("Content-Security-Policy"));
}

#[test]
fn an_unreadable_doc_shows_its_error_and_the_others_are_built() {
    let dir = repo();
    let (_, report, _) = build(dir.path(), |_| {});
    assert!(
        report.warnings.iter().any(|w| w.contains("0004-broken.md")),
        "{:?}",
        report.warnings
    );
    let page = read(&dir.path().join("site"), "docs/0004-broken.html");
    assert!(page.contains("This doc could not be rendered"));
    assert!(page.contains("UTF-8"), "the reason is shown");
    assert!(read(&dir.path().join("site"), "docs/0001-rate-limiter.html").contains("Token bucket"));
}

#[test]
fn links_between_docs_point_at_their_pages() {
    let dir = repo();
    build(dir.path(), |_| {});
    let page = read(&dir.path().join("site"), "docs/0001-rate-limiter.html");
    assert!(page.contains(r#"href="0002-quotas.html#overview""#));
}

#[test]
fn glossary_merges_terms_with_links_back() {
    let dir = repo();
    build(dir.path(), |_| {});
    let page = read(&dir.path().join("site"), "glossary.html");
    assert!(
        page.contains(r#"<dt id="token-bucket">Token bucket</dt>"#),
        "{page}"
    );
    assert!(page.contains("refills tokens at a fixed rate"));
    assert!(page.contains(r#"href="docs/0001-rate-limiter.html#glossary""#));
}

/// The same definition in several docs (case and spacing aside) is one
/// entry naming each doc; another wording of the term is its own entry.
#[test]
fn glossary_merges_identical_definitions_and_names_every_doc() {
    let dir = repo();
    let docs = dir.path().join("docs/design");
    let glossary = |def: &str| {
        format!("# Seed docs\n\n## Overview\n\nText.\n\n## Glossary\n- **Token bucket**: {def}\n")
    };
    let same = "an  algorithm that REFILLS tokens at a fixed rate and spends one per request.";
    std::fs::write(docs.join("0005-seed.md"), glossary(same)).unwrap();
    std::fs::write(
        docs.join("0006-other.md"),
        glossary("a leaky bucket, seen upside down."),
    )
    .unwrap();
    build(dir.path(), |_| {});
    let page = read(&dir.path().join("site"), "glossary.html");
    let start = page.find(r#"<dt id="token-bucket">"#).expect("the term");
    let entry = &page[start..];
    let entry = &entry[..entry[5..].find("<dt").map_or(entry.len(), |i| i + 5)];
    assert_eq!(entry.matches("<dd>").count(), 2, "{entry}");
    let first = &entry[entry.find("<dd>").unwrap()..];
    let first = &first[..first.find("</dd>").unwrap()];
    assert!(
        first.contains("0001-rate-limiter.html") && first.contains("0005-seed.html"),
        "{first}"
    );
    assert!(!first.contains("0006-other.html"), "{first}");
}

#[test]
fn dashboard_shows_status_review_wait_and_failing_docs() {
    let dir = repo();
    build(dir.path(), |_| {});
    let home = read(&dir.path().join("site"), "index.html");
    assert!(home.contains(r#"href="status/accepted.html""#));
    // In review since 2026-01-20; "today" is 2026-03-01.
    assert!(home.contains("40 days"), "{home}");
    let failing = &home[home.find(r#"id="failing""#).unwrap()..];
    assert!(failing.contains("Quotas"));
}

#[test]
fn docs_json_and_feed_describe_every_doc() {
    let dir = repo();
    build(dir.path(), |_| {});
    let site = dir.path().join("site");
    let json: serde_json::Value = serde_json::from_str(&read(&site, "docs.json")).unwrap();
    let docs = json["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 4);
    assert_eq!(docs[0]["title"], "Rate limiter");
    assert_eq!(docs[0]["status"], "accepted");
    assert_eq!(docs[0]["url"], "docs/0001-rate-limiter.html");
    assert_eq!(docs[0]["tags"], serde_json::json!(["api", "reliability"]));
    assert!(docs[1]["errors"].as_u64().unwrap() > 0);
    let feed = read(&site, "feed.xml");
    assert!(feed.starts_with("<?xml"));
    assert_eq!(
        feed.matches("<entry>").count(),
        2,
        "docs with a status and a date"
    );
    assert!(feed.contains("0001 Rate limiter: accepted"));
}

#[test]
fn a_rebuild_after_one_doc_changes_touches_only_what_depends_on_it() {
    let dir = repo();
    let (mut site, _, ws) = build(dir.path(), |_| {});
    let doc = dir.path().join("docs/design/0002-quotas.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("billing database", "ledger service")).unwrap();
    let report = site
        .update(&ws, dir.path(), std::slice::from_ref(&doc))
        .unwrap();
    assert_eq!(report.pages_rendered, 1);
    assert!(
        report.index_rendered.is_empty(),
        "nothing the index pages show changed"
    );
    assert!(
        report
            .written
            .contains(&"docs/0002-quotas.html".to_string())
    );
    for other in [
        "docs/0001-rate-limiter.html",
        "docs/0003-hostile.html",
        "assets/mermaid.min.js",
        "index.html",
        "all.html",
        "docs.json",
    ] {
        assert!(
            !report.written.iter().any(|w| w == other),
            "{other} rewritten"
        );
    }
    assert!(read(&dir.path().join("site"), "docs/0002-quotas.html").contains("ledger service"));
    // Pages not rendered again are still there.
    for page in [
        "docs/0001-rate-limiter.html",
        "docs/0003-hostile.html",
        "docs/0004-broken.html",
    ] {
        assert!(dir.path().join("site").join(page).is_file(), "{page} lost");
    }

    // A new title shows on the page that links to it: that page too.
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("title: Quotas", "title: Monthly quotas")).unwrap();
    let report = site.update(&ws, dir.path(), &[doc]).unwrap();
    assert_eq!(report.pages_rendered, 2, "{:?}", report.written);
    // And on the listings.
    assert!(!report.index_rendered.is_empty());
    assert!(report.written.contains(&"all.html".to_string()));
    assert!(read(&dir.path().join("site"), "all.html").contains("Monthly quotas"));
    assert!(
        report
            .written
            .contains(&"docs/0001-rate-limiter.html".to_string())
    );
}

#[test]
fn a_status_change_renders_only_the_index_pages_that_show_the_doc_and_equals_a_full_build() {
    let dir = repo();
    let (mut site, _, ws) = build(dir.path(), |o| o.search = false);
    let doc = dir.path().join("docs/design/0003-hostile.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replacen("status: draft", "status: accepted", 1)).unwrap();
    let report = site.update(&ws, dir.path(), &[doc]).unwrap();
    for shown in [
        "all.html",
        "status/accepted.html",
        "docs.json",
        "timeline.html",
    ] {
        assert!(
            report.written.iter().any(|w| w == shown),
            "{shown} not rewritten: {:?}",
            report.written
        );
    }
    // The doc carries no tags and the rules did not change: their pages
    // are not rendered again.
    for other in ["tags/reliability.html", "rules.html", "glossary.html"] {
        assert!(
            !report.index_rendered.iter().any(|w| w == other),
            "{other} rendered again"
        );
    }
    // A status gone from every doc takes its listing with it.
    assert!(
        report.removed.iter().any(|w| w == "status/draft.html"),
        "{:?}",
        report.removed
    );

    // Every file the rebuild left equals the one a full build makes.
    build(dir.path(), |o| {
        o.search = false;
        o.out_dir = dir.path().join("full");
    });
    assert_same_files(&dir.path().join("site"), &dir.path().join("full"));
}

fn walk(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.is_dir() {
            out.extend(walk(&p));
        } else {
            out.push(p);
        }
    }
    out
}

#[test]
fn a_later_build_indexes_again_only_the_search_shards_whose_docs_changed() {
    let dir = repo();
    let small = |o: &mut designdoc_site::Options| o.shard_pages = 1;
    let (_, first, _) = build(dir.path(), small);
    let t = first.search.unwrap();
    assert!(t.shards > 1, "{t:?}");
    assert_eq!((t.indexed, t.reused), (t.shards, 0));
    // Every bundle holds pages: Pagefind's search fails on an empty one
    // (a bucket no page hashed to made one, and the browser test caught
    // "No language indexes found").
    let site = dir.path().join("site");
    for k in 0..t.shards {
        let bundle = if k == 0 {
            "pagefind".to_string()
        } else {
            format!("pagefind-{k}")
        };
        let entry = read(&site, &format!("{bundle}/pagefind-entry.json"));
        assert!(entry.contains("\"en\""), "{bundle}: {entry}");
    }

    // Another build (another process), nothing changed: nothing indexed.
    let (_, again, _) = build(dir.path(), small);
    let t = again.search.unwrap();
    assert_eq!((t.indexed, t.reused), (0, t.shards));
    assert!(again.written.is_empty(), "{:?}", again.written);

    // One doc changed: only its shard.
    let doc = dir.path().join("docs/design/0002-quotas.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("billing database", "ledger service")).unwrap();
    let (_, after, _) = build(dir.path(), small);
    let t = after.search.unwrap();
    assert_eq!((t.indexed, t.reused), (1, t.shards - 1));

    // A shard file gone from the output: that shard is made again.
    let gone = walk(&site)
        .into_iter()
        .find(|p| p.to_string_lossy().contains("/fragment/"))
        .expect("a Pagefind fragment");
    std::fs::remove_file(&gone).unwrap();
    let (_, mended, _) = build(dir.path(), small);
    assert_eq!(mended.search.unwrap().indexed, 1);
    assert!(gone.is_file());

    // And the site is the one a build from scratch makes.
    build(dir.path(), |o| {
        small(o);
        o.out_dir = dir.path().join("full");
    });
    assert_same_files(&site, &dir.path().join("full"));
}

/// Every file under `a` equals the one under `b`, and no file is only in
/// one (the builder's dot-files aside).
fn assert_same_files(a: &std::path::Path, b: &std::path::Path) {
    let list = |root: &std::path::Path| {
        let mut v: Vec<_> = walk(root)
            .into_iter()
            .map(|p| p.strip_prefix(root).unwrap().to_path_buf())
            .filter(|p| !p.to_string_lossy().starts_with(".designdoc-"))
            .collect();
        v.sort();
        v
    };
    assert_eq!(list(a), list(b));
    for p in list(b) {
        assert!(
            std::fs::read(a.join(&p)).unwrap() == std::fs::read(b.join(&p)).unwrap(),
            "{} differs",
            p.display()
        );
    }
}

#[test]
fn a_removed_doc_loses_its_page() {
    let dir = repo();
    let (mut site, _, ws) = build(dir.path(), |_| {});
    let doc = dir.path().join("docs/design/0003-hostile.md");
    std::fs::remove_file(&doc).unwrap();
    let report = site.update(&ws, dir.path(), &[doc]).unwrap();
    assert!(
        report
            .removed
            .contains(&"docs/0003-hostile.html".to_string())
    );
    assert!(!dir.path().join("site/docs/0003-hostile.html").exists());
    assert_eq!(report.docs, 3);
}

#[test]
fn a_second_build_writes_nothing_new() {
    let dir = repo();
    build(dir.path(), |_| {});
    let (_, report, _) = build(dir.path(), |_| {});
    assert!(report.written.is_empty(), "{:?}", report.written);
    assert!(report.unchanged > 20, "{}", report.unchanged);
    // The search index is the earlier build's.
    let t = report.search.unwrap();
    assert_eq!((t.indexed, t.reused), (0, 1));
}

#[test]
fn a_theme_overrides_templates_and_assets_file_by_file() {
    let dir = repo();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::create_dir_all(theme.join("assets")).unwrap();
    std::fs::write(
        theme.join("templates/home.html"),
        "{% extends \"base.html\" %}{% block content %}<p id=\"custom-home\">{{ doc_count }} docs</p>{% endblock %}",
    )
    .unwrap();
    std::fs::write(
        theme.join("assets/style.css"),
        "body { color: rebeccapurple }",
    )
    .unwrap();
    std::fs::write(theme.join("assets/logo.svg"), "<svg/>").unwrap();
    build(dir.path(), |o| o.theme_dir = Some(theme.clone()));
    let site = dir.path().join("site");
    assert!(read(&site, "index.html").contains("<p id=\"custom-home\">4 docs</p>"));
    assert_eq!(
        read(&site, "assets/style.css"),
        "body { color: rebeccapurple }"
    );
    assert_eq!(read(&site, "assets/logo.svg"), "<svg/>");
    // Templates the theme does not have are the built-in ones.
    assert!(read(&site, "docs/0001-rate-limiter.html").contains("class=\"toc\""));
}

#[test]
fn a_broken_theme_template_is_a_clear_error() {
    let dir = repo();
    let theme = dir.path().join("theme");
    std::fs::create_dir_all(theme.join("templates")).unwrap();
    std::fs::write(theme.join("templates/home.html"), "{% if %}").unwrap();
    let ws = workspace(dir.path());
    let mut opts = options(&ws);
    opts.theme_dir = Some(theme);
    let err = designdoc_site::Site::new(&ws, opts)
        .err()
        .expect("an error");
    assert!(err.to_string().contains("home.html"), "{err}");
}

#[test]
fn refuses_an_output_directory_that_holds_the_docs_or_the_repository() {
    let dir = repo();
    let ws = workspace(dir.path());
    for out in [dir.path().to_path_buf(), dir.path().join("docs")] {
        let mut opts = options(&ws);
        opts.out_dir = out.clone();
        let result = designdoc_site::Site::new(&ws, opts)
            .and_then(|mut s| s.build(&ws, dir.path(), &designdoc_site::Quiet));
        assert!(result.is_err(), "{} accepted", out.display());
    }
    // Nothing was removed.
    assert!(
        dir.path()
            .join("docs/design/0001-rate-limiter.md")
            .is_file()
    );
    assert!(dir.path().join("designdoc.toml").is_file());
}

#[test]
fn a_rebuild_that_moves_a_broken_link_shows_it_where_a_full_build_would() {
    let dir = repo();
    let doc = dir.path().join("docs/design/0005-links.md");
    std::fs::write(
        &doc,
        "# Design Document: Links\n\n## Overview\nSee [missing](0009-missing.md).\n",
    )
    .unwrap();
    let (mut site, _, ws) = build(dir.path(), |o| o.search = false);
    let page = read(&dir.path().join("site"), "docs/0005-links.html");
    assert!(
        page.contains("broken-doc-link</a> <span class=\"dd-loc\">line 4:"),
        "{page}"
    );
    // The link moves two lines down; nothing the repository rules read
    // changes, so they are not run again, and the finding moves with it.
    std::fs::write(
        &doc,
        "# Design Document: Links\n\n## Overview\nFirst a line.\n\nSee [missing](0009-missing.md).\n",
    )
    .unwrap();
    site.update(&ws, dir.path(), std::slice::from_ref(&doc))
        .unwrap();
    let incremental = read(&dir.path().join("site"), "docs/0005-links.html");
    assert!(incremental.contains("line 6:"), "{incremental}");
    let (_, _, _) = build(dir.path(), |o| {
        o.search = false;
        o.out_dir = dir.path().join("full");
    });
    assert_eq!(
        incremental,
        read(&dir.path().join("full"), "docs/0005-links.html")
    );
    // A new link target is new to the rules: they run, and agree too.
    std::fs::write(
        &doc,
        "# Design Document: Links\n\n## Overview\nSee [there](0001-rate-limiter.md).\n",
    )
    .unwrap();
    site.update(&ws, dir.path(), std::slice::from_ref(&doc))
        .unwrap();
    let incremental = read(&dir.path().join("site"), "docs/0005-links.html");
    assert!(!incremental.contains("broken-doc-link"), "{incremental}");
    build(dir.path(), |o| {
        o.search = false;
        o.out_dir = dir.path().join("full");
    });
    assert_eq!(
        incremental,
        read(&dir.path().join("full"), "docs/0005-links.html")
    );
}
