//! Benchmark helpers for designdoc.
//!
//! - `designdoc-bench gen DIR [--docs N] [--seed S] [--repo]`: a deterministic corpus
//!   of design docs (15–25 KB each) written from the built-in template, some
//!   with injected defects (missing, renamed and reordered sections,
//!   placeholders, ticked-over-empty checklist items, broken anchors).
//! - `designdoc-bench bare DIR`: the baseline: read every `*.md` under DIR
//!   and run a bare pulldown-cmark pass over it (the same parser options
//!   designdoc uses), in parallel with rayon (same thread count as
//!   `designdoc check`), with the same allocator.
//! - `designdoc-bench md043 DIR`: prints a rumdl config that enables only
//!   MD043 (required headings) with the template's headings.
//! - `designdoc-bench site-update DIR [--runs N]`: builds DIR's site in
//!   process, then edits one doc N times and times each rebuild as
//!   `serve` makes it: the pages (what the reload waits for), then the
//!   search index (`--pages-only`: the pages alone, for profiling).
//! - `designdoc-bench lsp-edit [--lines N] [--runs N]`: the language
//!   server in process (an in-memory connection): opens an N-line doc
//!   (default 5,000), then types one character at a time in its middle and
//!   times each edit until its diagnostics are published.
//! - `designdoc-bench lsp-memory DIR`: the language server in process with
//!   DIR as its workspace: the resident memory once the workspace is
//!   indexed and one doc is open, and the peak.

use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// The same allocator as designdoc, so the baseline differs only in the work.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    match args.get(1).map(String::as_str) {
        Some("gen") => {
            let dir = PathBuf::from(args.get(2).expect("gen DIR"));
            let docs = flag(&args, "--docs").unwrap_or(10_000);
            let seed = flag(&args, "--seed").unwrap_or(1) as u64;
            let repo = args.iter().any(|a| a == "--repo");
            let heavy = args.iter().any(|a| a == "--heavy");
            generate(&dir, docs, seed, repo, heavy);
        }
        Some("bare") => {
            let dir = PathBuf::from(args.get(2).expect("bare DIR"));
            let files = md_files(&dir);
            let events: usize = files
                .par_iter()
                .map(|p| {
                    let text = std::fs::read_to_string(p).unwrap_or_default();
                    pulldown_cmark::Parser::new_ext(
                        &text,
                        pulldown_cmark::Options::ENABLE_TABLES
                            | pulldown_cmark::Options::ENABLE_TASKLISTS,
                    )
                    .into_offset_iter()
                    .count()
                })
                .sum();
            println!("{} files, {events} events", files.len());
        }
        Some("md043") => {
            let doc = designdoc_syntax::parse(designdoc_schema::DEFAULT_TEMPLATE);
            println!("[MD043]\nheadings = [");
            for h in &doc.headings {
                println!(
                    "  {:?},",
                    format!("{} {}", "#".repeat(h.level as usize), h.text)
                );
            }
            println!("]");
        }
        #[cfg(feature = "site-lsp")]
        Some("site-update") => {
            let dir = PathBuf::from(args.get(2).expect("site-update DIR"));
            let pages_only = args.iter().any(|a| a == "--pages-only");
            site_update(&dir, flag(&args, "--runs").unwrap_or(5), pages_only);
        }
        #[cfg(feature = "site-lsp")]
        Some("lsp-memory") => {
            lsp_memory(&PathBuf::from(args.get(2).expect("lsp-memory DIR")));
        }
        #[cfg(feature = "site-lsp")]
        Some("lsp-edit") => {
            lsp_edit(
                flag(&args, "--lines").unwrap_or(5000),
                flag(&args, "--runs").unwrap_or(200),
            );
        }
        _ => {
            eprintln!(
                "usage: designdoc-bench gen DIR [--docs N] [--seed S] | bare DIR | md043 | site-update DIR [--runs N] | lsp-edit [--lines N] [--runs N]"
            );
            std::process::exit(2);
        }
    }
}

fn flag(args: &[String], name: &str) -> Option<usize> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
}

fn md_files(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|x| x == "md") {
                out.push(p);
            }
        }
    }
    out
}

/// xorshift64*: a tiny deterministic generator, so the corpus is the same
/// on every machine without pulling in a random-number crate for a script.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

const WORDS: &[&str] = &[
    "the",
    "service",
    "limiter",
    "request",
    "quota",
    "client",
    "bucket",
    "latency",
    "token",
    "cache",
    "shard",
    "replica",
    "leader",
    "queue",
    "retry",
    "budget",
    "window",
    "counter",
    "gateway",
    "policy",
    "tenant",
    "region",
    "failover",
    "metric",
    "alert",
    "rollout",
    "flag",
    "schema",
    "index",
    "storage",
    "write",
    "read",
    "path",
    "hot",
    "cold",
    "p99",
    "throughput",
    "and",
    "of",
    "to",
    "in",
    "with",
    "for",
    "when",
    "under",
    "load",
    "is",
    "we",
    "must",
    "should",
];

fn sentence(rng: &mut Rng) -> String {
    let n = 8 + rng.below(14);
    let mut s: Vec<&str> = (0..n).map(|_| WORDS[rng.below(WORDS.len())]).collect();
    let first = s[0].to_string();
    let cap = first[..1].to_uppercase() + &first[1..];
    s[0] = Box::leak(cap.into_boxed_str());
    format!("{}.", s.join(" "))
}

fn paragraph(rng: &mut Rng) -> String {
    (0..3 + rng.below(5))
        .map(|_| sentence(rng))
        .collect::<Vec<_>>()
        .join(" ")
}

/// With `repo`, docs also carry lifecycle metadata and refer to each
/// other: statuses across the lifecycle, authors, tags and dates, one doc
/// in ten superseding the one seven before it (both sides recorded), one in
/// five depending on an earlier doc, and links to other docs' headings.
/// Glossary terms for the heavy shape: the text rarely uses them.
const TERMS: &[&str] = &[
    "Throttle",
    "Shard",
    "Lease",
    "Epoch",
    "Fence token",
    "Backoff",
    "Watermark",
    "Tombstone",
    "Quorum",
    "Sidecar",
];

/// Placeholder lines the heavy shape leaves in sections.
const PLACEHOLDERS: &[&str] = &[
    "TBD",
    "[Describe the rollout plan here]",
    "- Requirement 1",
    "TODO: fill in the numbers.",
    "<owner>",
    "Coming soon.",
];

fn generate(dir: &Path, docs: usize, seed: u64, repo: bool, heavy: bool) {
    std::fs::create_dir_all(dir).unwrap();
    let schema = designdoc_schema::builtin("design-doc").unwrap();

    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    for i in 1..=docs {
        let target = 15_000 + rng.below(10_000);
        let defect = if rng.below(5) == 0 {
            rng.below(6)
        } else {
            usize::MAX
        };
        let mut out = if repo {
            const STATUSES: &[&str] =
                &["draft", "in-review", "accepted", "implemented", "rejected"];
            let superseded = i % 10 == 3 && i + 7 <= docs;
            let status = if superseded {
                "superseded"
            } else {
                STATUSES[i % STATUSES.len()]
            };
            let mut fm = format!(
                "---\ntitle: \"Design {i}\"\nstatus: {status}\nauthors: [author{}, author{}]\ncreated: 2026-01-{:02}\nupdated: 2026-02-{:02}\ntags: [team{}, area{}]\n",
                i % 37,
                i % 11,
                1 + i % 28,
                1 + i % 28,
                i % 13,
                i % 7
            );
            if superseded {
                fm.push_str(&format!("superseded-by: [{}]\n", i + 7));
            }
            if i % 10 == 0 && i > 7 {
                fm.push_str(&format!("supersedes: [{}]\n", i - 7));
            }
            if i % 5 == 1 && i > 1 {
                fm.push_str(&format!("depends-on: [{}]\n", 1 + rng.below(i - 1)));
            }
            fm.push_str(&format!("---\n# Design Document: Design {i}\n\n"));
            fm
        } else {
            format!(
                "---\ntitle: \"Design {i}\"\nstatus: draft\ncreated: 2026-01-01\n---\n# Design Document: Design {i}\n\n"
            )
        };
        if heavy {
            // Keys the template does not know (unknown-front-matter-key).
            let at = out.find("---\n#").expect("front matter");
            out.insert_str(
                at,
                &format!(
                    "owner: team{}\njira: DD-{i}\nslack-channel: \"#design-{}\"\n",
                    i % 17,
                    i % 23
                ),
            );
        }
        let per_section = target / schema.sections.len();
        for (s, sec) in schema.sections.iter().enumerate() {
            if defect == 0 && s == 8 {
                continue; // a missing section
            }
            let title = if defect == 1 && sec.title == "Testing" {
                "Test Plan"
            } else {
                &sec.title
            };
            out.push_str(&format!("{} {title}\n", "#".repeat(sec.level as usize)));
            for g in &sec.guidance {
                out.push_str(&format!("<!-- {g} -->\n"));
            }
            match sec.kind {
                designdoc_schema::SectionKind::Checklist => {
                    for item in schema.checklist.iter().flat_map(|c| &c.items) {
                        out.push_str(&format!("- [x] {}\n", item.text));
                    }
                }
                designdoc_schema::SectionKind::Glossary if heavy => {
                    // 5 to 10 terms, most of which the text never uses.
                    let n = 5 + rng.below(6);
                    let first = rng.below(TERMS.len());
                    for k in 0..n {
                        let term = TERMS[(first + k) % TERMS.len()];
                        out.push_str(&format!(
                            "- **{term}**: {}\n",
                            sentence(&mut rng).to_lowercase()
                        ));
                    }
                }
                designdoc_schema::SectionKind::Glossary => {
                    out.push_str("- **Quota**: the requests a client may make per window.\n- **Bucket**: the counter behind a quota.\n");
                }
                designdoc_schema::SectionKind::Targets => {
                    out.push_str("- Current performance: p99 12 ms at 800 req/s\n- Target performance: p99 8 ms at 2,000 req/s\n");
                }
                _ if defect == 2 && s == 10 => {} // empty, but ticked in the checklist
                _ if sec.parent.is_none()
                    && schema
                        .sections
                        .get(s + 1)
                        .is_some_and(|n| n.parent == Some(s)) => {}
                _ => {
                    let mut written = 0;
                    while written < per_section {
                        let p = if rng.below(4) == 0 {
                            (0..3)
                                .map(|_| format!("- {}", sentence(&mut rng)))
                                .collect::<Vec<_>>()
                                .join("\n")
                        } else {
                            paragraph(&mut rng)
                        };
                        written += p.len();
                        out.push_str(&p);
                        out.push_str("\n\n");
                    }
                    if heavy && rng.below(3) == 0 {
                        // A placeholder-dense section.
                        for _ in 0..2 + rng.below(4) {
                            out.push_str(PLACEHOLDERS[rng.below(PLACEHOLDERS.len())]);
                            out.push_str("\n\n");
                        }
                    }
                    if heavy && i % 500 == 7 && s == 1 {
                        // A very long line: 80 KB of nested inline HTML.
                        for k in 0..2_000 {
                            out.push_str(&format!("<span><b>item {k}</b> TBD</span> "));
                        }
                        out.push_str("\n\n");
                    }
                    if defect == 3 && s == 1 {
                        out.push_str("TODO: finish this, see [the plan](#implementaton-plan).\n\n");
                    }
                    if repo && sec.title == "Design" && i > 1 {
                        let j = 1 + rng.below(i - 1);
                        out.push_str(&format!(
                            "This builds on [design {j}]({j:05}-design-{j}.md#design) and its [rollout]({j:05}-design-{j}.md#rollout).\n\n"
                        ));
                    }
                    if defect == 4 && s == 9 {
                        out.push_str("```rust\nfn acquire(&self) -> bool { self.tokens.fetch_sub(1) > 0 }\n```\n\n");
                    }
                }
            }
            out.push('\n');
        }
        if defect == 5 {
            out = out.replace("## Rollout\n", "## Rollout\n- [ ] Requirement 1\n");
        }
        std::fs::write(dir.join(format!("{i:05}-design-{i}.md")), out).unwrap();
    }
    // Its own configuration, so that a check run in it reads no other
    // (designdoc's own, with `[trace] check`, would search this tree).
    // Written last: the scripts take a corpus with it as complete.
    std::fs::write(dir.join("designdoc.toml"), "paths = [\"*.md\"]\n").unwrap();
}

#[cfg(feature = "site-lsp")]
fn site_update(dir: &Path, runs: usize, pages_only: bool) {
    use std::time::{Duration, Instant};
    let dir = std::fs::canonicalize(dir).unwrap();
    let ws = designdoc_repo::Workspace::discover(&dir).expect("a designdoc.toml");
    let opts = designdoc_site::Options::from_workspace(&ws, jiff::civil::date(2026, 3, 1));
    let mut site = designdoc_site::Site::new(&ws, opts).unwrap();
    let t = Instant::now();
    let full = site.build(&ws, &dir, &designdoc_site::Quiet).unwrap();
    let reused = full.search.as_ref().map_or(0, |s| s.reused);
    println!(
        "full build in process: {:.2} s ({} docs; {reused} search shards reused from an earlier build)",
        t.elapsed().as_secs_f64(),
        full.docs
    );
    let doc = site.docs()[site.docs().len() / 2].path.clone();
    let original = std::fs::read_to_string(&doc).unwrap();
    let (mut pages, mut search) = (Vec::new(), Vec::new());
    let mut last = None;
    for i in 0..runs.max(1) {
        std::fs::write(&doc, format!("{original}\nEdited in run {i}.\n")).unwrap();
        let t = Instant::now();
        let r = site.update(&ws, &dir, std::slice::from_ref(&doc)).unwrap();
        pages.push(t.elapsed());
        let t = Instant::now();
        let s = if pages_only {
            designdoc_site::Report::default()
        } else {
            site.update_search().unwrap()
        };
        search.push(t.elapsed());
        last = Some((r, s));
    }
    std::fs::write(&doc, &original).unwrap();
    let stats = |v: &mut Vec<Duration>| {
        v.sort();
        format!(
            "median {:.0} ms, min {:.0} ms, max {:.0} ms",
            v[v.len() / 2].as_secs_f64() * 1000.0,
            v[0].as_secs_f64() * 1000.0,
            v[v.len() - 1].as_secs_f64() * 1000.0
        )
    };
    let (r, s) = last.unwrap();
    println!(
        "one doc edited, pages: {} ({} page rendered, {} files written)",
        stats(&mut pages),
        r.pages_rendered,
        r.written.len()
    );
    for (stage, t) in &r.timings {
        println!("  {stage}: {:.1} ms", t.as_secs_f64() * 1000.0);
    }
    let shards = s.search.map_or(String::new(), |t| {
        format!(" ({} of {} shards indexed again)", t.indexed, t.shards)
    });
    println!("then the search index: {}{shards}", stats(&mut search));

    // Metadata edits: a new title (the pages that link to the doc show
    // it, and the index pages that list it), a new status (also the
    // counts on the dashboard).
    let status = original
        .lines()
        .find(|l| l.starts_with("status:"))
        .unwrap_or("status: draft")
        .to_string();
    let edits: [(&str, &dyn Fn(usize) -> String); 2] = [
        ("retitled", &|i| {
            original.replacen("title: \"", &format!("title: \"Retitled {i} "), 1)
        }),
        ("moved to another status", &|i| {
            let to = ["status: accepted", "status: rejected"][i % 2];
            original.replacen(&status, to, 1)
        }),
    ];
    for (what, edit) in edits {
        let mut meta = Vec::new();
        let mut last = None;
        for i in 0..runs.max(1) {
            std::fs::write(&doc, edit(i)).unwrap();
            let t = Instant::now();
            last = Some(site.update(&ws, &dir, std::slice::from_ref(&doc)).unwrap());
            meta.push(t.elapsed());
        }
        std::fs::write(&doc, &original).unwrap();
        site.update(&ws, &dir, std::slice::from_ref(&doc)).unwrap();
        let r = last.unwrap();
        println!(
            "one doc {what}, pages: {} ({} doc pages and {} index files rendered, {} files written)",
            stats(&mut meta),
            r.pages_rendered,
            r.index_rendered.len(),
            r.written.len()
        );
        for (stage, t) in &r.timings {
            println!("  {stage}: {:.1} ms", t.as_secs_f64() * 1000.0);
        }
    }
}

#[cfg(feature = "site-lsp")]
/// A doc of about `lines` lines: the built-in template's sections, each
/// filled with prose but one (left empty, so the doc has a finding).
fn long_doc(lines: usize) -> String {
    let template = designdoc_syntax::parse(designdoc_schema::DEFAULT_TEMPLATE);
    let headings: Vec<String> = template
        .headings
        .iter()
        .map(|h| format!("{} {}", "#".repeat(h.level as usize), h.text))
        .collect();
    // One section is left empty: the others make up the lines.
    let per = lines / headings.len().saturating_sub(1).max(1) + 1;
    let mut out = String::from("---\ntitle: A long design\nstatus: draft\n---\n");
    for (k, h) in headings.iter().enumerate() {
        out.push_str(h);
        out.push_str("\n\n");
        if k == 1 {
            continue;
        }
        for i in 0..per.saturating_sub(2) {
            if i % 10 == 9 {
                out.push('\n');
            } else {
                out.push_str(&format!(
                    "Line {i} of section {k}: the limiter refills its buckets per tenant, and the quota service reads them.\n"
                ));
            }
        }
        out.push('\n');
    }
    out
}

#[cfg(feature = "site-lsp")]
fn lsp_edit(lines: usize, runs: usize) {
    use lsp_server::{Connection, Message, Notification, Request, RequestId};
    use serde_json::json;
    use std::time::{Duration, Instant};

    let dir = std::env::temp_dir().join(format!("designdoc-lsp-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    // The doc must be one of the configured docs, or it is not checked.
    std::fs::write(dir.join("designdoc.toml"), "paths = [\"*.md\"]\n").unwrap();
    let (server, client) = Connection::memory();
    let cwd = dir.clone();
    let thread = std::thread::spawn(move || designdoc_lsp::run(server, &cwd));
    let send = |m: Message| client.sender.send(m).unwrap();
    send(
        Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({ "capabilities": {} }),
        )
        .into(),
    );
    loop {
        if let Message::Response(_) = client.receiver.recv().unwrap() {
            break;
        }
    }
    send(Notification::new("initialized".into(), json!({})).into());
    let uri = format!("file://{}/0001-long.md", dir.display());
    let text = long_doc(lines);
    let wait = |version: i64| -> usize {
        loop {
            if let Message::Notification(n) = client.receiver.recv().unwrap()
                && n.method == "textDocument/publishDiagnostics"
                && n.params["version"] == json!(version)
            {
                return n.params["diagnostics"].as_array().map_or(0, Vec::len);
            }
        }
    };
    let t = Instant::now();
    send(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    ).into());
    let found = wait(1);
    println!(
        "opened a {}-line doc ({} KB): diagnostics in {:.1} ms ({found} of them)",
        text.lines().count(),
        text.len() / 1024,
        t.elapsed().as_secs_f64() * 1000.0
    );
    let line = text.lines().count() / 2;
    let mut times: Vec<Duration> = Vec::new();
    for i in 0..runs {
        let version = i as i64 + 2;
        let at = json!({ "line": line, "character": 5 });
        let t = Instant::now();
        send(
            Notification::new(
                "textDocument/didChange".into(),
                json!({ "textDocument": { "uri": uri, "version": version },
                    "contentChanges": [{ "range": { "start": at, "end": at }, "text": "x" }] }),
            )
            .into(),
        );
        let found = wait(version);
        times.push(t.elapsed());
        assert!(found > 0, "the doc was not checked");
    }
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "one character typed, until its diagnostics: median {:.2} ms, p90 {:.2} ms, max {:.2} ms ({runs} edits)",
        ms(times[times.len() / 2]),
        ms(times[times.len() * 9 / 10]),
        ms(times[times.len() - 1])
    );
    send(Request::new(RequestId::from(2), "shutdown".into(), json!(null)).into());
    send(Notification::new("exit".into(), json!(null)).into());
    let _ = thread.join();
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "site-lsp")]
/// VmRSS and VmHWM of this process, in MB (Linux).
fn memory_mb() -> (f64, f64) {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    let kb = |key: &str| {
        status
            .lines()
            .find(|l| l.starts_with(key))
            .and_then(|l| l.split_whitespace().nth(1))
            .and_then(|v| v.parse::<f64>().ok())
            .unwrap_or(0.0)
    };
    (kb("VmRSS:") / 1024.0, kb("VmHWM:") / 1024.0)
}

#[cfg(feature = "site-lsp")]
fn lsp_memory(dir: &Path) {
    use lsp_server::{Connection, Message, Notification, Request, RequestId};
    use serde_json::json;
    let dir = std::fs::canonicalize(dir).unwrap();
    let (before, _) = memory_mb();
    let (server, client) = Connection::memory();
    let cwd = dir.clone();
    let thread = std::thread::spawn(move || designdoc_lsp::run(server, &cwd));
    let send = |m: Message| client.sender.send(m).unwrap();
    let root = format!("file://{}", dir.display());
    send(
        Request::new(
            RequestId::from(1),
            "initialize".into(),
            json!({ "capabilities": {}, "rootUri": root }),
        )
        .into(),
    );
    send(Notification::new("initialized".into(), json!({})).into());
    let doc = md_files(&dir).into_iter().min().expect("a doc");
    let uri = format!("file://{}", doc.display());
    let text = std::fs::read_to_string(&doc).unwrap();
    send(Notification::new(
        "textDocument/didOpen".into(),
        json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
    ).into());
    let t = std::time::Instant::now();
    let mut indexed = String::new();
    // The index is in once the server says so; the doc's diagnostics
    // with the workspace rules follow it.
    loop {
        match client.receiver.recv().unwrap() {
            Message::Notification(n) if n.method == "window/logMessage" => {
                indexed = n.params["message"].as_str().unwrap_or("").to_string();
            }
            Message::Notification(n)
                if n.method == "textDocument/publishDiagnostics" && !indexed.is_empty() =>
            {
                break;
            }
            _ => {}
        }
    }
    let took = t.elapsed();
    let (rss, peak) = memory_mb();
    println!(
        "{indexed}; diagnostics with the workspace rules after {:.0} ms",
        took.as_secs_f64() * 1000.0
    );
    println!(
        "resident memory: {rss:.0} MB ({before:.0} MB before the server started), peak {peak:.0} MB"
    );
    send(Request::new(RequestId::from(2), "shutdown".into(), json!(null)).into());
    send(Notification::new("exit".into(), json!(null)).into());
    let _ = thread.join();
}
