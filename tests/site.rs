//! `designdoc build` and `designdoc serve` through the real binary.

mod common;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use common::{COMPLETE, run, write};

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n",
    );
    let done = format!(
        "---\nstatus: accepted\nupdated: 2026-02-01\n---\n{}",
        COMPLETE
    );
    write(dir.path(), "docs/design/0001-designdoc.md", &done);
    write(
        dir.path(),
        "docs/design/0002-draft.md",
        "---\nstatus: draft\n---\n# Design Document: A draft\n\n## Overview\nSee [the first](0001-designdoc.md).\n",
    );
    dir
}

#[test]
fn build_writes_the_site_and_says_what_it_did() {
    let dir = repo();
    let (out, err, code) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.is_empty(), "build prints to stderr only: {out}");
    assert!(err.contains("Built 2 docs into site"), "{err}");
    let site = dir.path().join("site");
    assert!(site.join("index.html").is_file());
    assert!(site.join("docs/0001-designdoc.html").is_file());
    assert!(site.join("pagefind/pagefind-entry.json").is_file());
    let draft = std::fs::read_to_string(site.join("docs/0002-draft.html")).unwrap();
    assert!(
        draft.contains(r#"href="0001-designdoc.html""#),
        "links point at pages"
    );

    // A second build writes nothing; --quiet prints nothing.
    let (_, err, code) = run(dir.path(), &["build", "-v"]);
    assert_eq!(code, 0);
    assert!(err.contains("0 files written"), "{err}");
    assert!(
        err.contains("check and render:"),
        "verbose shows the stages: {err}"
    );
    let (out, err, code) = run(dir.path(), &["build", "--quiet"]);
    assert_eq!((out.as_str(), err.as_str(), code), ("", "", 0));
}

/// The traceability matrix and the targets dashboard: each requirement
/// with its citing code and test outcome, each target against the
/// results; a test report or result changed on disk shows at the next
/// build.
// design: 0008#FR-5
#[test]
fn build_writes_the_traceability_matrix_and_the_targets_dashboard() {
    let dir = repo();
    write(
        dir.path(),
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n\n[trace]\njunit = [\"junit.xml\"]\n\n[targets]\nresults = [\"bench.json\"]\n",
    );
    write(
        dir.path(),
        "docs/design/0003-limiter.md",
        "# Design Document: Limiter\n\n## Requirements\n### Functional\n- [x] FR-1: over quota gets 429\n- [ ] FR-2: <b>limits</b> reload\n\n### Latency / Performance Targets\n- Current performance: p99 acquire = 55 µs\n- Target performance: p99 acquire ≤ 40 µs (bench: acquire)\n- Target performance: mean reload ≤ 1 ms (bench: reload)\n",
    );
    write(
        dir.path(),
        "src/lib.rs",
        // The marker spelled out at run time: tracing designdoc itself
        // must not read this fixture's citations.
        "// @@ 0003#FR-1\n#[test]\nfn over_quota() {}\n// @@ 0003#FR-9\n"
            .replace("@@", concat!("design", ":")),
    );
    write(
        dir.path(),
        "junit.xml",
        "<testsuite><testcase name=\"over_quota\"/></testsuite>",
    );
    write(
        dir.path(),
        "bench.json",
        r#"{"benchmarks": [{"name": "acquire", "unit": "µs", "samples": [30, 31, 32, 35, 52]}]}"#,
    );
    let (_, err, code) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    let page = |name: &str| std::fs::read_to_string(dir.path().join("site").join(name)).unwrap();
    let trace = page("trace.html");
    assert!(
        trace.contains(
            "2 requirements with ids: 1 passing, 0 failing, 1 untested; 1 dangling reference."
        ),
        "{trace}"
    );
    let row = |html: &str, id: &str| {
        let i = html.find(id).unwrap_or_else(|| panic!("{id} in {html}"));
        html[i..i + html[i..].find("</tr>").unwrap()].to_string()
    };
    let fr1 = row(&trace, "id=\"0003-FR-1\"");
    assert!(
        fr1.contains("verdict-passing")
            && fr1.contains("src/lib.rs:1")
            && fr1.contains("over_quota"),
        "{fr1}"
    );
    let fr2 = row(&trace, "id=\"0003-FR-2\"");
    // The requirement's inline HTML never reaches the page as HTML.
    assert!(
        fr2.contains("verdict-untested") && fr2.contains("reload"),
        "{fr2}"
    );
    assert!(!fr2.contains("<b>"), "{fr2}");
    assert!(
        trace.contains("0003#FR-9: 0003 has no requirement FR-9"),
        "{trace}"
    );
    assert!(page("index.html").contains("href=\"trace.html\""));

    // The two of the complete doc in repo(), unbound, and two of 0003.
    let targets = page("targets.html");
    assert!(
        targets.contains("4 targets: 0 met, 1 missed, 3 unmeasured (1 benchmark result read"),
        "{targets}"
    );
    let acquire = row(&targets, "p99 acquire");
    // p99 of the samples, interpolated: 35 + 0.96 × (52 − 35).
    assert!(
        acquire.contains("55 µs")
            && acquire.contains("51.3 µs")
            && acquire.contains("≤ 40 µs")
            && acquire.contains("verdict-missed"),
        "{acquire}"
    );
    assert!(
        row(&targets, "mean reload")
            .contains("<span class=\"small\">no result is named reload</span>"),
        "{targets}"
    );

    // A faster run: the next build shows it met.
    write(
        dir.path(),
        "bench.json",
        r#"{"benchmarks": [{"name": "acquire", "unit": "µs", "p99": 38}]}"#,
    );
    let (_, err, code) = run(dir.path(), &["build"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        page("targets.html").contains("1 met, 0 missed"),
        "{}",
        page("targets.html")
    );
}

#[test]
fn build_options_choose_the_folder_and_leave_out_search() {
    let dir = repo();
    let (_, err, code) = run(dir.path(), &["build", "--out", "public", "--no-search"]);
    assert_eq!(code, 0, "{err}");
    assert!(dir.path().join("public/index.html").is_file());
    assert!(!dir.path().join("public/pagefind").exists());
    assert!(!dir.path().join("site").exists());
}

// design: 0009#FR-2
#[test]
fn a_page_shows_the_findings_the_baseline_accepts_as_such() {
    let dir = repo();
    let (_, err, code) = run(dir.path(), &["baseline"]);
    assert_eq!(code, 0, "{err}");
    // A new finding after the baseline: it alone is not marked.
    let draft = "---\nstatus: draft\n---\n# Design Document: A draft\n\n## Overview\nSee [the first](0001-designdoc.md).\n\nTBD\n";
    write(dir.path(), "docs/design/0002-draft.md", draft);
    let (_, err, code) = run(dir.path(), &["build", "--no-search"]);
    assert_eq!(code, 0, "{err}");
    let page = std::fs::read_to_string(dir.path().join("site/docs/0002-draft.html")).unwrap();
    let items: Vec<&str> = page.split("<li class=\"dd-").skip(1).collect();
    assert!(items.len() > 1, "{page}");
    let new: Vec<&&str> = items
        .iter()
        .filter(|i| !i.contains("dd-baselined"))
        .collect();
    assert_eq!(new.len(), 1, "{new:?}");
    assert!(new[0].contains("placeholder-text"), "{new:?}");
    assert!(page.contains(">baselined</span>"));
}

#[test]
fn build_refuses_an_output_folder_holding_the_docs() {
    let dir = repo();
    let (_, err, code) = run(dir.path(), &["build", "--out", "docs"]);
    assert_eq!(code, 2);
    assert!(err.contains("holds a doc"), "{err}");
    assert!(dir.path().join("docs/design/0001-designdoc.md").is_file());
}

#[test]
fn build_reports_a_broken_configuration() {
    let dir = repo();
    write(dir.path(), "designdoc.toml", "[site]\nout-dir = 3\n");
    let (_, err, code) = run(dir.path(), &["build"]);
    assert_eq!(code, 2);
    assert!(err.contains("designdoc.toml:2"), "{err}");
}

/// `designdoc serve --port 0`, and the address it printed.
fn serve(dir: &Path) -> (Child, String) {
    let mut child = Command::new(assert_cmd::cargo::cargo_bin("designdoc"))
        .args(["serve", "--port", "0"])
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stderr(Stdio::piped())
        .stdout(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let started = Instant::now();
    let url = loop {
        let line = lines.next().expect("serve exited").unwrap();
        if let Some(at) = line.find("http://127.0.0.1:") {
            break line[at..].split_whitespace().next().unwrap().to_string();
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no address");
    };
    // Keep reading stderr so that the server never blocks on it.
    std::thread::spawn(move || for _ in lines {});
    (child, url)
}

fn get(url: &str, path: &str) -> String {
    let addr = url.trim_start_matches("http://").trim_end_matches('/');
    let mut s = TcpStream::connect(addr).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut out = String::new();
    s.read_to_string(&mut out).unwrap();
    out
}

#[test]
fn serve_answers_and_rebuilds_a_doc_when_it_is_saved() {
    let dir = repo();
    let (mut child, url) = serve(dir.path());
    let page = get(&url, "/docs/0002-draft.html");
    assert!(page.starts_with("HTTP/1.1 200"), "{page}");
    assert!(page.contains("/__designdoc/events") || page.contains("reload.js"));
    let doc = dir.path().join("docs/design/0002-draft.md");
    let text = std::fs::read_to_string(&doc).unwrap();
    std::fs::write(&doc, text.replace("See [the first]", "Now see [the first]")).unwrap();
    let started = Instant::now();
    loop {
        if get(&url, "/docs/0002-draft.html").contains("Now see") {
            break;
        }
        assert!(
            started.elapsed() < Duration::from_secs(20),
            "the page was not rebuilt"
        );
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().unwrap();
    let _ = child.wait();
}

#[test]
fn serve_says_when_the_port_is_taken() {
    let dir = repo();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let (_, err, code) = run(dir.path(), &["serve", "--port", &port, "--no-search"]);
    assert_eq!(code, 2);
    assert!(
        err.contains(&format!("cannot listen on 127.0.0.1:{port}")),
        "{err}"
    );
}
