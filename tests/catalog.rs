//! `designdoc export` and `designdoc catalog build` through the real
//! binary: repositories as checkouts and as bundles, references between
//! them, hostile bundles, and a source that went away.

mod common;

use std::path::Path;

use common::{COMPLETE, read, run, write};
use serde_json::Value;

/// A repository with docs `(file name, front matter)` under docs/design.
fn repository(dir: &Path, docs: &[(&str, &str, &str)]) {
    write(dir, "designdoc.toml", "paths = [\"docs/design/**/*.md\"]\n");
    for (file, title, front) in docs {
        let text = format!(
            "---\ntitle: {title}\n{front}---\n{}",
            COMPLETE.replacen(
                "# Design Document: designdoc",
                &format!("# Design Document: {title}"),
                1
            )
        );
        write(dir, &format!("docs/design/{file}"), text);
    }
}

fn catalog_json(dir: &Path) -> Value {
    serde_json::from_str(&read(dir, "catalog/catalog.json")).unwrap()
}

// design: 0010#FR-1, 0010#FR-2, 0010#FR-4
#[test]
fn a_catalog_of_a_checkout_and_a_bundle_resolves_references_between_them() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("payments"),
        &[
            (
                "0001-ledger.md",
                "Ledger",
                "status: accepted\nupdated: 2026-11-02\n",
            ),
            (
                "0002-refunds.md",
                "Refunds",
                "status: in-review\ndepends-on: [\"search:0001\", \"search:0042\", \"nowhere:0001\", 1]\n",
            ),
        ],
    );
    repository(
        &org.join("search-repo"),
        &[("0001-index.md", "Index", "status: accepted\n")],
    );
    // The payments repository's own check leaves `search:0001` to the
    // catalog: no "names no doc" there.
    let (out, err, _) = run(
        &org.join("payments"),
        &["check", "--output-format", "concise"],
    );
    assert!(!out.contains("names no doc"), "{out}{err}");
    let (_, err, code) = run(
        &org.join("search-repo"),
        &["export", "--out", "../bundles/search", "--name", "search"],
    );
    assert_eq!(code, 0, "{err}");
    let bundle: Value = serde_json::from_str(&read(org, "bundles/search/docs.json")).unwrap();
    assert_eq!(bundle["format"], 1);
    assert_eq!(bundle["name"], "search");
    assert_eq!(bundle["docs"][0]["title"], "Index");
    write(
        org,
        "catalog.toml",
        "title = \"Acme\"\n[[source]]\nname = \"payments\"\npath = \"payments\"\n[[source]]\nname = \"search\"\nbundle = \"bundles/search\"\n",
    );
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 0, "{err}");
    let json = catalog_json(org);
    assert_eq!(json["version"], 1);
    let states: Vec<(String, String, u64)> = json["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["name"].as_str().unwrap().to_string(),
                s["state"].as_str().unwrap().to_string(),
                s["docs"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        states,
        [
            ("payments".to_string(), "ok".to_string(), 2),
            ("search".to_string(), "ok".to_string(), 1)
        ]
    );
    let docs = json["docs"].as_array().unwrap();
    assert_eq!(docs.len(), 3);
    assert!(
        docs.iter()
            .any(|d| d["repo"] == "search" && d["url"] == "search/docs/design/0001-index.html")
    );
    // Two references resolve to no doc, each named with its place.
    let problems = json["problems"].as_array().unwrap();
    let said: Vec<&str> = problems
        .iter()
        .map(|p| p["message"].as_str().unwrap())
        .collect();
    assert_eq!(problems.len(), 2, "{said:?}");
    assert!(
        said.iter().any(|m| m.contains("search has no doc 0042")),
        "{said:?}"
    );
    assert!(
        said.iter()
            .any(|m| m.contains("no source of the catalog is named \"nowhere\"")),
        "{said:?}"
    );
    assert_eq!(problems[0]["repo"], "payments");
    assert_eq!(problems[0]["path"], "docs/design/0002-refunds.md");
    assert_eq!(problems[0]["line"], 4);
    // The doc page links the resolved reference to the other repository's page.
    // (minijinja writes `/` in attributes as `&#x2f;`, which browsers read as `/`.)
    let page = read(org, "catalog/payments/docs/design/0002-refunds.html").replace("&#x2f;", "/");
    assert!(
        page.contains("href=\"../../../search/docs/design/0001-index.html\""),
        "{page}"
    );
    assert!(read(org, "catalog/index.html").contains("Refunds"));
    // Decided docs by month, across repositories.
    let timeline = read(org, "catalog/timeline.html");
    assert!(
        timeline.contains("<h2 id=\"m-2026-11\">2026-11</h2>") && timeline.contains("Ledger"),
        "{timeline}"
    );
    // A term every repository defines word for word is one entry naming
    // the docs of both.
    let glossary = read(org, "catalog/glossary.html");
    let at = glossary
        .find("<dt id=\"schema\">")
        .expect("the term Schema");
    let entry = &glossary[at..glossary[at..].find("</dd>").unwrap() + at];
    assert!(
        entry.contains("payments:0001") && entry.contains("search:0001"),
        "{entry}"
    );
    assert!(read(org, "catalog/problems.html").contains("search has no doc 0042"));
}

/// A bundle is untrusted: its HTML is sanitised again, a doc whose path
/// leaves its folder is set aside, and a bundle of another format or
/// naming another repository is refused; the other sources still build.
// design: 0010#FR-3, 0010#NFR-1
#[test]
fn hostile_bundles_are_sanitised_confined_or_refused() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    let doc = |path: &str, html: &str| {
        serde_json::json!({
            "path": path, "number": 1, "id": null, "title": "T", "status": "accepted",
            "created": null, "updated": null, "errors": 0, "warnings": 0,
            "html": html, "failure": null
        })
    };
    let bundle = |name: &str, format: u32, docs: Vec<Value>| {
        serde_json::json!({ "format": format, "designdoc": "9.9.9", "name": name, "docs": docs })
            .to_string()
    };
    write(
        org,
        "bundles/evil/docs.json",
        bundle(
            "evil",
            1,
            vec![
                doc(
                    "docs/0001-x.md",
                    "<h1>Hi</h1><script>alert(1)</script><img src=x onerror=alert(2)><a href=\"javascript:alert(3)\">x</a>",
                ),
                doc("../../escape.md", "<p>out</p>"),
                // Would replace the source's own page, and 0001-x's.
                doc("index.md", "<p>index</p>"),
                doc("docs/0001-X.markdown", "<p>again</p>"),
                doc("docs/0002-deep.md", &"<b>".repeat(600)),
            ],
        ),
    );
    write(org, "bundles/liar/docs.json", bundle("payments", 1, vec![]));
    write(org, "bundles/future/docs.json", bundle("future", 2, vec![]));
    // A site's own docs.json, not what export writes.
    write(
        org,
        "site/docs.json",
        r#"{"version": 1, "docs": [{"number": 1, "title": "T"}]}"#,
    );
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"evil\"\nbundle = \"bundles/evil\"\n[[source]]\nname = \"liar\"\nbundle = \"bundles/liar\"\n[[source]]\nname = \"future\"\nbundle = \"bundles/future\"\n[[source]]\nname = \"site\"\nbundle = \"site\"\n",
    );
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 1, "a refused source fails the exit code: {err}");
    let page = read(org, "catalog/evil/docs/0001-x.html");
    let article = &page[page.find("<article").unwrap()..page.find("</article>").unwrap()];
    for bad in ["<script", "onerror", "javascript:"] {
        assert!(!article.contains(bad), "{bad} survived: {article}");
    }
    assert!(article.contains("<h1>Hi</h1>"), "{article}");
    assert!(!org.join("escape.html").exists() && !org.join("catalog/escape.html").exists());
    let json = catalog_json(org);
    let source = |name: &str| {
        json["sources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["name"] == name)
            .unwrap()
            .clone()
    };
    assert_eq!(source("evil")["state"], "ok");
    let said = source("evil")["message"].as_str().unwrap().to_string();
    for aside in [
        "../../escape.md",
        "\"index.md\"",
        "0001-X.markdown",
        "0002-deep.md",
    ] {
        assert!(said.contains(aside), "{aside} not set aside: {said}");
    }
    assert!(read(org, "catalog/evil/index.html").contains("<h1>evil</h1>"));
    assert_eq!(source("liar")["state"], "refused");
    assert!(
        source("liar")["message"]
            .as_str()
            .unwrap()
            .contains("names the repository \"payments\"")
    );
    assert_eq!(source("future")["state"], "refused");
    assert!(
        source("future")["message"]
            .as_str()
            .unwrap()
            .contains("format 2")
    );
    assert_eq!(source("site")["state"], "refused");
    let said = source("site")["message"].as_str().unwrap().to_string();
    assert!(said.contains("a site's docs.json"), "{said}");
}

/// A source that cannot be read any more shows its last good bundle, as
/// stale, with the reason.
#[test]
fn a_source_that_went_away_is_stale_with_its_last_good_bundle() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("repo"),
        &[("0001-a.md", "Alpha", "status: accepted\n")],
    );
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"alpha\"\npath = \"repo\"\n",
    );
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 0, "{err}");
    std::fs::rename(org.join("repo"), org.join("moved")).unwrap();
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 0, "{err}");
    let json = catalog_json(org);
    assert_eq!(json["sources"][0]["state"], "stale");
    assert!(
        json["sources"][0]["message"]
            .as_str()
            .unwrap()
            .contains("not a folder")
    );
    assert_eq!(json["docs"][0]["title"], "Alpha");
}

#[test]
fn a_mistake_in_catalog_toml_is_named_with_its_line() {
    let t = tempfile::tempdir().unwrap();
    write(
        t.path(),
        "catalog.toml",
        "title = \"x\"\n\n[[source]]\nname = \"a\"\n",
    );
    let (_, err, code) = run(t.path(), &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 2);
    assert!(
        err.contains("catalog.toml:3:1: source \"a\" needs one of path, bundle or git"),
        "{err}"
    );
}

/// A checkout without a designdoc.toml of its own is refused, never built
/// with one found above it (a clone in the cache would take the
/// catalog's).
#[test]
fn a_source_without_its_own_configuration_is_refused() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    write(org, "designdoc.toml", "paths = [\"**/*.md\"]\n");
    write(org, "bare/docs/design/0001-a.md", "# A\n");
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"bare\"\npath = \"bare\"\n",
    );
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 1, "{err}");
    let json = catalog_json(org);
    assert_eq!(json["sources"][0]["state"], "refused");
    assert!(
        json["sources"][0]["message"]
            .as_str()
            .unwrap()
            .contains("has no designdoc.toml")
    );
}

/// A build after one bundle changed writes that bundle's pages and the
/// pages whose references it changed, and no other; a build with nothing
/// changed writes no doc page.
// design: 0010#NFR-2
#[test]
fn a_rebuild_writes_only_the_pages_a_changed_bundle_touches() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("a"),
        &[
            (
                "0001-one.md",
                "One",
                "status: accepted\ndepends-on: [\"b:0002\"]\n",
            ),
            ("0002-two.md", "Two", "status: accepted\n"),
        ],
    );
    repository(
        &org.join("b"),
        &[("0001-first.md", "First", "status: accepted\n")],
    );
    let export = |repo: &str| {
        let (_, err, code) = run(
            &org.join(repo),
            &[
                "export",
                "--out",
                &format!("../bundles/{repo}"),
                "--name",
                repo,
            ],
        );
        assert_eq!(code, 0, "{err}");
    };
    export("a");
    export("b");
    // Not into the site's own folder: its docs.json is the site's.
    let (_, err, code) = run(&org.join("a"), &["export", "--out", "site"]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("the site's folder"), "{err}");
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"a\"\nbundle = \"bundles/a\"\n[[source]]\nname = \"b\"\nbundle = \"bundles/b\"\n",
    );
    let build = || {
        let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
        assert_eq!(code, 0, "{err}");
        err
    };
    assert!(build().contains("(3 doc pages written"));
    assert_eq!(catalog_json(org)["problems"].as_array().unwrap().len(), 1);
    assert!(build().contains("(0 doc pages written"));
    // Pages another designdoc made (other templates) are made again.
    let manifest = read(org, "catalog/.designdoc-catalog.json");
    let v: Value = serde_json::from_str(&manifest).unwrap();
    let old = v["version"].as_str().unwrap().to_string();
    assert!(!old.is_empty());
    write(
        org,
        "catalog/.designdoc-catalog.json",
        manifest.replace(&old, "0.0.1 0 0"),
    );
    let said = build();
    assert!(said.contains("(3 doc pages written"), "{said}");
    assert!(build().contains("(0 doc pages written"));
    // b gains its doc 0002: b's two pages, and a's 0001 whose reference
    // now resolves; a's 0002 is untouched.
    write(
        &org.join("b"),
        "docs/design/0002-second.md",
        format!("---\ntitle: Second\nstatus: draft\n---\n{COMPLETE}"),
    );
    export("b");
    let said = build();
    assert!(said.contains("(3 doc pages written"), "{said}");
    assert!(catalog_json(org)["problems"].as_array().unwrap().is_empty());
    let page = read(org, "catalog/a/docs/design/0001-one.html").replace("&#x2f;", "/");
    assert!(page.contains("b/docs/design/0002-second.html"), "{page}");
    // An unchanged bundle is known by its hash, and its docs by the
    // metadata the cache keeps of it: the bundle itself is not parsed
    // again (what the metadata says shows, here a title changed in it).
    let meta = ".designdoc-catalog-cache/metadata/a.json";
    let kept = read(org, meta);
    assert!(kept.contains("\"title\":\"Two\""), "{kept}");
    // The metadata `text` with a doc's title changed, kept in the cache.
    let tamper = |text: &str| {
        write(
            org,
            meta,
            text.replace("\"title\":\"Two\"", "\"title\":\"Zwei\""),
        )
    };
    tamper(&kept);
    assert!(build().contains("(0 doc pages written"));
    assert!(read(org, "catalog/a/index.html").contains("Zwei"));
    // Without it, the bundle is read and parsed, and the metadata kept again.
    std::fs::remove_file(org.join(meta)).unwrap();
    assert!(build().contains("(0 doc pages written"));
    assert!(read(org, "catalog/a/index.html").contains("Two"));
    assert_eq!(read(org, meta), kept);
    // Metadata of another accepted copy, or a copy not the length it was,
    // is not used.
    let v: Value = serde_json::from_str(&kept).unwrap();
    let other = kept.replace(&format!("\"accepted\":{}", v["accepted"]), "\"accepted\":1");
    assert_ne!(other, kept);
    tamper(&other);
    assert!(build().contains("(0 doc pages written"));
    assert!(read(org, "catalog/a/index.html").contains("Two"));
    assert_eq!(read(org, meta), kept);
    let copy = ".designdoc-catalog-cache/bundles/a.json";
    tamper(&kept);
    write(org, copy, format!("{} ", read(org, copy)));
    build();
    assert!(read(org, "catalog/a/index.html").contains("Two"));
}

/// Search comes in shards of sources, indexed again only when one of
/// their bundles changed; the index's files are written byte for byte
/// (they are compressed). The pages of a doc or a source that is gone are
/// removed, and nothing else is. A rebuild after one bundle changed
/// indexes that bundle's shard alone (its cost follows the bundle).
// design: 0010#FR-5
// design: 0010#NFR-2
#[test]
fn search_shards_follow_their_bundles_and_pages_of_gone_docs_are_removed() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("a"),
        &[
            ("0001-one.md", "One", "status: accepted\n"),
            ("0002-two.md", "Two", "status: draft\n"),
        ],
    );
    repository(
        &org.join("b"),
        &[("0001-first.md", "First", "status: accepted\n")],
    );
    repository(
        &org.join("c"),
        &[("0001-only.md", "Only", "status: accepted\n")],
    );
    let export = |repo: &str| {
        let (_, err, code) = run(
            &org.join(repo),
            &[
                "export",
                "--out",
                &format!("../bundles/{repo}"),
                "--name",
                repo,
            ],
        );
        assert_eq!(code, 0, "{err}");
    };
    for repo in ["a", "b", "c"] {
        export(repo);
    }
    let sources = |names: &[&str]| {
        let mut toml = String::from("search-shard-size = 1\n");
        for n in names {
            toml.push_str(&format!(
                "[[source]]\nname = \"{n}\"\nbundle = \"bundles/{n}\"\n"
            ));
        }
        write(org, "catalog.toml", toml);
    };
    sources(&["a", "b", "c"]);
    let build = || {
        let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
        assert_eq!(code, 0, "{err}");
        err
    };
    let said = build();
    let out = org.join("catalog");
    // Every shard the search UI merges has its index, and the index's
    // compressed files are gzip, byte for byte.
    let list = read(org, "catalog/search-shards.js");
    let mut shards = vec!["pagefind/".to_string()];
    shards.extend(
        list.split('"')
            .filter(|s| s.starts_with("pagefind-"))
            .map(str::to_string),
    );
    assert!(
        said.contains(&format!("{} search shards indexed", shards.len())),
        "{said}\n{list}"
    );
    assert!(shards.len() > 1, "{list}");
    for shard in &shards {
        let entry: Value =
            serde_json::from_str(&read(&out, &format!("{shard}pagefind-entry.json"))).unwrap();
        assert!(entry["languages"].is_object(), "{entry}");
    }
    let meta = std::fs::read_dir(out.join("pagefind"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".pf_meta"))
        .expect("a meta index");
    assert_eq!(std::fs::read(&meta).unwrap()[..2], [0x1f, 0x8b]);
    assert!(build().contains("0 search shards indexed"));

    // b's doc renamed: b's shard alone is indexed again.
    write(
        &org.join("b"),
        "docs/design/0001-first.md",
        format!(
            "---\ntitle: First, renamed\nstatus: accepted\n---\n{}",
            COMPLETE.replacen(
                "# Design Document: designdoc",
                "# Design Document: First",
                1
            )
        ),
    );
    export("b");
    let said = build();
    assert!(said.contains("1 search shard indexed"), "{said}");

    // a's 0002 deleted and c dropped from the catalog: their pages go.
    std::fs::remove_file(org.join("a/docs/design/0002-two.md")).unwrap();
    export("a");
    sources(&["a", "b"]);
    write(org, "catalog/c/notes.txt", "not the catalog's");
    let said = build();
    assert!(said.contains("stale files removed"), "{said}");
    assert!(!out.join("a/docs/design/0002-two.html").exists());
    assert!(out.join("a/docs/design/0001-one.html").exists());
    assert!(!out.join("c/index.html").exists());
    assert!(!out.join("c/docs").exists());
    // A file the catalog did not write stays, and so does its folder.
    assert!(out.join("c/notes.txt").exists());
    let json = catalog_json(org);
    assert_eq!(json["docs"].as_array().unwrap().len(), 2, "{json}");
}

/// `payments:0001` in a doc's text is a reference when a repository of
/// the catalog is so named: linked on the page, drawn on the graph, and a
/// problem with its line when no doc has that number. `localhost:8080` is
/// not a repository, and is left alone.
// design: 0010#FR-4
#[test]
fn mentions_in_text_link_across_repositories_and_the_graph_draws_them() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("payments"),
        &[("0001-ledger.md", "Ledger", "status: accepted\n")],
    );
    repository(
        &org.join("search"),
        &[("0001-ranking.md", "Ranking", "status: accepted\n")],
    );
    // The mentions go in the doc's Overview, after its first paragraph.
    let doc = org.join("search/docs/design/0001-ranking.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    let at = text.find("\n## ").unwrap();
    let at = text[at + 1..].find("\n\n").map(|k| at + 1 + k).unwrap();
    let text = format!(
        "{}\n\nRanking reads payments:0001 for prices; payments:0009 is gone; the server listens on localhost:8080; `payments:0001` in code stays.{}",
        &text[..at],
        &text[at..]
    );
    std::fs::write(&doc, &text).unwrap();
    let line = text[..text.find("payments:0001").unwrap()]
        .matches('\n')
        .count()
        + 1;
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"payments\"\npath = \"payments\"\n[[source]]\nname = \"search\"\npath = \"search\"\n",
    );
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 0, "{err}");
    let page = read(org, "catalog/search/docs/design/0001-ranking.html").replace("&#x2f;", "/");
    assert!(
        page.contains("reads <a class=\"xref\" href=\"../../../payments/docs/design/0001-ledger.html\">payments:0001</a> for prices"),
        "{page}"
    );
    assert!(page.contains("<code>payments:0001</code>"), "{page}");
    assert!(!page.contains(">localhost:8080<"), "{page}");
    assert!(page.contains("mentions <a href"), "{page}");
    let json = catalog_json(org);
    let problems = json["problems"].as_array().unwrap();
    assert_eq!(problems.len(), 1, "{json}");
    assert_eq!(problems[0]["line"], line, "{json}");
    assert!(
        problems[0]["message"]
            .as_str()
            .unwrap()
            .contains("payments:0009: payments has no doc 0009"),
        "{json}"
    );
    let graph = read(org, "catalog/graph.html").replace("&#x2f;", "/");
    assert!(graph.contains("<svg"), "{graph}");
    assert!(
        graph.contains("href=\"payments/docs/design/0001-ledger.html\""),
        "{graph}"
    );
    assert!(graph.contains("<td>mentions</td>"), "{graph}");
}

/// A bundle may come as a `.tar.gz` of its folder (a CI artifact): its
/// `docs.json` is read as the archive streams by, nothing unpacked.
#[test]
fn a_bundle_as_a_tar_gz_is_read_without_unpacking() {
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("repo"),
        &[("0001-a.md", "Alpha", "status: accepted\n")],
    );
    let (_, err, code) = run(
        &org.join("repo"),
        &["export", "--out", "../out/alpha", "--name", "alpha"],
    );
    assert_eq!(code, 0, "{err}");
    write(org, "out/other/notes.txt", "no bundle here");
    for (archive, folder) in [("alpha.tar.gz", "alpha"), ("other.tgz", "other")] {
        let ok = std::process::Command::new("tar")
            .args(["czf", archive, folder])
            .current_dir(org.join("out"))
            .status()
            .unwrap();
        assert!(ok.success());
    }
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"alpha\"\nbundle = \"out/alpha.tar.gz\"\n[[source]]\nname = \"other\"\nbundle = \"out/other.tgz\"\n",
    );
    let (_, err, code) = run(org, &["catalog", "build", "catalog.toml"]);
    assert_eq!(code, 1, "{err}");
    let json = catalog_json(org);
    assert_eq!(json["sources"][0]["state"], "ok", "{json}");
    assert_eq!(json["docs"][0]["title"], "Alpha");
    assert_eq!(json["sources"][1]["state"], "refused");
    assert!(
        json["sources"][1]["message"]
            .as_str()
            .unwrap()
            .contains("holds no docs.json")
    );
}

/// `designdoc catalog serve`: the catalog on 127.0.0.1, built again when a
/// checkout it is built from changes.
#[test]
fn catalog_serve_answers_and_rebuilds_when_a_source_changes() {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::time::{Duration, Instant};
    let t = tempfile::tempdir().unwrap();
    let org = t.path();
    repository(
        &org.join("repo"),
        &[("0001-a.md", "Alpha", "status: accepted\n")],
    );
    write(
        org,
        "catalog.toml",
        "[[source]]\nname = \"alpha\"\npath = \"repo\"\n",
    );
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("designdoc"))
        .args(["catalog", "serve", "catalog.toml", "--port", "0"])
        .current_dir(org)
        .env("NO_COLOR", "1")
        .stderr(std::process::Stdio::piped())
        .stdout(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let started = Instant::now();
    let addr = loop {
        let line = lines.next().expect("serve exited").unwrap();
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at + 7..].split('/').next().unwrap().to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no address");
    };
    std::thread::spawn(move || for _ in lines {});
    let get = |path: &str| {
        let mut s = std::net::TcpStream::connect(&addr).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut out = String::new();
        s.read_to_string(&mut out).unwrap();
        out
    };
    let page = get("/alpha/docs/design/0001-a.html");
    assert!(
        page.starts_with("HTTP/1.1 200") && page.contains("Alpha"),
        "{page}"
    );
    let doc = org.join("repo/docs/design/0001-a.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("title: Alpha", "title: Alpha revised")).unwrap();
    let started = Instant::now();
    while !get("/alpha/docs/design/0001-a.html").contains("Alpha revised") {
        assert!(started.elapsed() < Duration::from_secs(30), "not rebuilt");
        std::thread::sleep(Duration::from_millis(200));
    }
    let _ = child.kill();
    let _ = child.wait();
}
