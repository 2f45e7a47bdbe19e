//! `designdoc lsp` through the real binary, spoken to as an editor would:
//! JSON-RPC over its stdin and stdout.

mod common;

use std::collections::VecDeque;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use serde_json::{Value, json};

use common::{designdoc, write};

const WAIT: Duration = Duration::from_secs(30);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    /// Messages read while waiting for something else.
    queued: VecDeque<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: &Path) -> Client {
        Client::start_with(root, json!({}))
    }

    fn start_with(root: &Path, capabilities: Value) -> Client {
        let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("designdoc"))
            .arg("lsp")
            .current_dir(root)
            .env_remove("GIT_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let mut stdout = BufReader::new(child.stdout.take().unwrap());
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            loop {
                let mut length = None;
                loop {
                    let mut line = String::new();
                    if stdout.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("Content-Length")];
                stdout.read_exact(&mut body).unwrap();
                if tx.send(serde_json::from_slice(&body).unwrap()).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            rx,
            queued: VecDeque::new(),
            next_id: 1,
        };
        let uri = uri(root);
        let init = client.request(
            "initialize",
            json!({ "processId": null, "rootUri": uri, "capabilities": capabilities,
                    "workspaceFolders": [{ "uri": uri, "name": "repo" }] }),
        );
        assert_eq!(init["result"]["serverInfo"]["name"], "designdoc", "{init}");
        client.notify("initialized", json!({}));
        client
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, msg: Value) {
        let body = msg.to_string();
        self.raw(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes());
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        self.wait(|m| m["id"] == json!(id))
    }

    /// The first message (queued or new) that `pred` accepts; the others
    /// stay queued.
    fn wait(&mut self, pred: impl Fn(&Value) -> bool) -> Value {
        if let Some(i) = self.queued.iter().position(&pred) {
            return self.queued.remove(i).unwrap();
        }
        loop {
            let m = self
                .rx
                .recv_timeout(WAIT)
                .expect("the server answered in time");
            if pred(&m) {
                return m;
            }
            self.queued.push_back(m);
        }
    }

    /// The diagnostics published for `uri` at `version`.
    fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        let m = self.wait(|m| {
            m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"] == json!(version)
        });
        m["params"]["diagnostics"].as_array().unwrap().clone()
    }

    /// The first diagnostics published for `uri` that `pred` accepts.
    fn diagnostics_until(&mut self, uri: &str, pred: impl Fn(&[Value]) -> bool) -> Vec<Value> {
        loop {
            let m = self.wait(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            });
            let d = m["params"]["diagnostics"].as_array().unwrap().clone();
            if pred(&d) {
                return d;
            }
        }
    }

    fn open(&mut self, uri: &str, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": "markdown", "version": 1, "text": text } }),
        );
    }

    fn change(&mut self, uri: &str, version: i64, changes: Value) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri, "version": version }, "contentChanges": changes }),
        );
    }

    fn stop(mut self) {
        let r = self.request("shutdown", Value::Null);
        assert_eq!(r["result"], Value::Null, "{r}");
        self.notify("exit", Value::Null);
        let status = self.child.wait().unwrap();
        assert!(status.success(), "{status}");
    }
}

fn uri(path: &Path) -> String {
    format!("file://{}", path.display()).replace(' ', "%20")
}

fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    write(
        dir.path(),
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n",
    );
    dir
}

/// `(code, 0-based line, UTF-16 column)` of what `check --format json`
/// (over the whole workspace) says of `rel` in `root`, its character columns turned into UTF-16 as
/// the protocol counts them.
fn check_json(root: &Path, rel: &str) -> Vec<(String, u64, u64)> {
    let out = designdoc(root)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let text = std::fs::read_to_string(root.join(rel)).unwrap();
    let lines: Vec<&str> = text.split('\n').collect();
    // The whole workspace is checked (so the repository rules see every
    // doc), and `rel`'s entry taken.
    let file = report["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == rel)
        .unwrap_or_else(|| panic!("{rel} in {report}"));
    let mut got: Vec<_> = file["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            let line = d["line"].as_u64().unwrap() - 1;
            let chars = d["column"].as_u64().unwrap() as usize - 1;
            let utf16: usize = lines[line as usize]
                .chars()
                .take(chars)
                .map(char::len_utf16)
                .sum();
            (d["code"].as_str().unwrap().to_string(), line, utf16 as u64)
        })
        .collect();
    got.sort();
    got
}

fn lsp_keys(diags: &[Value]) -> Vec<(String, u64, u64)> {
    let mut got: Vec<_> = diags
        .iter()
        .map(|d| {
            let code = d["code"].as_str().unwrap();
            (
                code.split(' ').next().unwrap().to_string(),
                d["range"]["start"]["line"].as_u64().unwrap(),
                d["range"]["start"]["character"].as_u64().unwrap(),
            )
        })
        .collect();
    got.sort();
    got
}

/// Applies LSP text edits (UTF-16 positions) to `text`.
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| -> usize {
        let (line, ch) = (
            p["line"].as_u64().unwrap() as usize,
            p["character"].as_u64().unwrap() as usize,
        );
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        for (i, c) in text[start..].char_indices() {
            if units >= ch || c == '\n' {
                return start + i;
            }
            units += c.len_utf16();
        }
        text.len()
    };
    let mut edits: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (a, b, t) in edits {
        out.replace_range(a..b, t);
    }
    out
}

const DRAFT: &str = "---\nstatus: draft\n---\n# Design Document: Quotas\n\n## Overview\nMonthly quotas per client.\n\n## Background / Problem Statement\nClients exceed their budgets.\n";

#[test]
fn diagnostics_are_checks_and_a_code_action_fixes_one() {
    let dir = repo();
    let rel = "docs/design/0001-quotas.md";
    write(dir.path(), rel, DRAFT);
    let mut c = Client::start(dir.path());
    let uri = uri(&dir.path().join(rel));
    c.open(&uri, DRAFT);
    let diags = c.diagnostics(&uri, 1);
    assert!(!diags.is_empty());
    assert_eq!(lsp_keys(&diags), check_json(dir.path(), rel));
    let missing = diags
        .iter()
        .find(|d| d["code"].as_str().unwrap().ends_with("missing-section"))
        .expect("a missing section")
        .clone();
    assert_eq!(missing["source"], "designdoc");
    assert!(
        missing["codeDescription"]["href"]
            .as_str()
            .unwrap()
            .ends_with("docs/rules/missing-section.md")
    );

    let actions = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri }, "range": missing["range"],
                "context": { "diagnostics": [missing], "only": ["quickfix"] } }),
    );
    let actions = actions["result"].as_array().unwrap().clone();
    let action = actions
        .iter()
        .find(|a| a["diagnostics"][0]["message"] == missing["message"])
        .expect("a fix for the missing section");
    let edits = action["edit"]["changes"][&uri].as_array().unwrap();
    let fixed = apply(DRAFT, edits);
    c.change(&uri, 2, json!([{ "text": fixed }]));
    let after = c.diagnostics(&uri, 2);
    assert!(
        !after.iter().any(|d| d["message"] == missing["message"]),
        "{after:#?}"
    );
    // The section is there now (empty: its own diagnostic says so).
    assert!(fixed.len() > DRAFT.len());

    // Fix all: what `check --fix` makes of the file (its safe fixes:
    // a misspelt heading is renamed; missing sections are not inserted).
    let fixed = fixed.replace("## Overview", "## Overvieww");
    c.change(&uri, 3, json!([{ "text": fixed }]));
    let all = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri },
                "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                "context": { "diagnostics": [], "only": ["source.fixAll"] } }),
    );
    let edits = all["result"][0]["edit"]["changes"][&uri]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(edits.len(), 1, "one edit over the part that changes");
    let fixed_all = apply(&fixed, &edits);
    assert!(fixed_all.contains("## Overview\n"), "{fixed_all}");
    write(dir.path(), rel, &fixed);
    let (_, err, _) = common::run(dir.path(), &["check", "--fix", rel]);
    assert_eq!(fixed_all, common::read(dir.path(), rel), "{err}");
    c.stop();
}

#[test]
fn positions_are_exact_in_utf16_around_multibyte_text() {
    let dir = repo();
    let rel = "docs/design/0002-unicode.md";
    // Emoji (2 UTF-16 units), CJK (1), combining marks (1 each), before
    // links to missing anchors on the same lines.
    let text = "# Design Document: Ünïcödé 😀\n\n## Overview\n中文 e\u{301}😀 see [a](#nowhere) and 🎉🎉 [b](#nope).\n\n## Background / Problem Statement\n👩‍👩‍👧 [c](#gone)\n";
    write(dir.path(), rel, text);
    let mut c = Client::start(dir.path());
    let uri = uri(&dir.path().join(rel));
    c.open(&uri, text);
    let diags = c.diagnostics(&uri, 1);
    let expected = check_json(dir.path(), rel);
    assert!(
        expected.iter().filter(|(_, line, _)| *line == 3).count() == 2,
        "both links on the multibyte line are found: {expected:?}"
    );
    assert_eq!(lsp_keys(&diags), expected);
    // And the end of a link diagnostic, against the line's own UTF-16 count.
    let line3: Vec<u16> = text.split('\n').nth(3).unwrap().encode_utf16().collect();
    for d in diags.iter().filter(|d| d["range"]["start"]["line"] == 3) {
        let end = d["range"]["end"]["character"].as_u64().unwrap() as usize;
        assert!(end <= line3.len(), "{d}");
        let s = d["range"]["start"]["character"].as_u64().unwrap() as usize;
        let covered = String::from_utf16(&line3[s..end]).unwrap();
        assert!(
            covered.contains('#') || covered.is_empty(),
            "{covered:?} in {d}"
        );
    }
    c.stop();
}

#[test]
fn malformed_input_is_answered_and_the_server_keeps_serving() {
    let dir = repo();
    let mut c = Client::start(dir.path());
    // Not JSON.
    c.raw(b"Content-Length: 9\r\n\r\n{not json");
    let e = c.wait(|m| m["error"]["code"] == json!(-32700));
    assert_eq!(e["id"], Value::Null);
    // JSON, not a message.
    c.raw(b"Content-Length: 7\r\n\r\n[1,2,3]");
    c.wait(|m| m["error"]["code"] == json!(-32600));
    // A length given too short: that message is lost, the next is read.
    c.raw(b"Content-Length: 5\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"shutdown\"}");
    c.wait(|m| m["error"]["code"] == json!(-32700) && m["id"] == Value::Null);
    let r = c.request("designdoc/still-there", json!({}));
    assert_eq!(r["error"]["code"], json!(-32601), "{r}");
    // A length that is not a number.
    c.raw(b"Content-Length: lots\r\n\r\n");
    c.wait(|m| {
        m["error"]["code"] == json!(-32700)
            && m["error"]["message"]
                .as_str()
                .unwrap()
                .contains("Content-Length")
    });
    // A method nobody knows.
    let r = c.request("designdoc/nothing", json!({}));
    assert_eq!(r["error"]["code"], json!(-32601), "{r}");
    // Params of the wrong shape.
    let r = c.request("textDocument/documentSymbol", json!({ "textDocument": 5 }));
    assert_eq!(r["error"]["code"], json!(-32602), "{r}");

    // A change beyond the end of the document is clamped to it.
    let uri = uri(&dir.path().join("docs/design/0003-x.md"));
    c.open(&uri, "# Design Document: X\n");
    c.diagnostics(&uri, 1);
    c.change(
        &uri,
        2,
        json!([{ "range": { "start": { "line": 40, "character": 3 }, "end": { "line": 99, "character": 0 } },
                 "text": "\n## Overview\nAppended.\n" }]),
    );
    c.diagnostics(&uri, 2);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri } }),
    );
    let names: Vec<&str> = symbols["result"][0]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Overview"], "{symbols}");

    // A 20 MB document: refused by size, one diagnostic, still serving.
    let big_uri = uri.replace("0003-x", "0004-big");
    let big = format!(
        "# Design Document: Big\n\n{}",
        "word ".repeat(4 * 1024 * 1024)
    );
    c.open(&big_uri, &big);
    let d = c.diagnostics(&big_uri, 1);
    assert_eq!(d.len(), 1, "{d:?}");
    assert!(
        d[0]["message"].as_str().unwrap().contains("over the limit"),
        "{d:?}"
    );
    let r = c.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": uri } }),
    );
    assert!(r["result"].is_array(), "{r}");
    c.stop();
}

#[test]
fn a_thousand_rapid_edits_end_with_the_diagnostics_of_check() {
    let dir = repo();
    let rel = "docs/design/0005-typing.md";
    let mut c = Client::start(dir.path());
    let uri = uri(&dir.path().join(rel));
    let mut text = String::from("# Design Document: Typing\n\n## Overview\n");
    c.open(&uri, &text);
    c.diagnostics(&uri, 1);
    // Typing at the end, one character a change, with a newline now and
    // then and a heading halfway.
    let typed: String = "Some words typed é😀 quickly.\n".repeat(40)
        + "\n## Background / Problem Statement\nMore.\n";
    let mut version = 1;
    for ch in typed.chars().take(1000) {
        let lines = text.split('\n').count() as u64 - 1;
        let last = text.rsplit('\n').next().unwrap();
        let at = json!({ "line": lines, "character": last.encode_utf16().count() });
        version += 1;
        c.change(
            &uri,
            version,
            json!([{ "range": { "start": at, "end": at }, "text": ch.to_string() }]),
        );
        text.push(ch);
    }
    let diags = c.diagnostics(&uri, version);
    write(dir.path(), rel, &text);
    assert_eq!(lsp_keys(&diags), check_json(dir.path(), rel));
    c.stop();
}

fn has(diags: &[Value], rule: &str) -> bool {
    diags
        .iter()
        .any(|d| d["code"].as_str().unwrap().ends_with(rule))
}

#[test]
fn workspace_rules_come_once_indexed_and_follow_other_docs() {
    let dir = repo();
    let first = "docs/design/0001-a.md";
    let text = "# Design Document: A\n\n## Overview\nSee [the missing one](0009-missing.md).\n";
    write(dir.path(), first, text);
    let second = "---\nnumber: 1\n---\n# Design Document: B\n\n## Overview\nB.\n";
    write(dir.path(), "docs/design/0002-b.md", second);
    // Not a doc by the configuration: nothing to say about it.
    write(dir.path(), "README.md", "# Readme\n");

    let mut c = Client::start(dir.path());
    let a = uri(&dir.path().join(first));
    c.open(&a, text);
    let diags = c.diagnostics_until(&a, |d| {
        has(d, "duplicate-number") && has(d, "broken-doc-link")
    });
    assert_eq!(lsp_keys(&diags), check_json(dir.path(), first));

    // The other doc takes another number in its (unsaved) buffer: the
    // first doc's diagnostics follow.
    let b = uri(&dir.path().join("docs/design/0002-b.md"));
    c.open(&b, second);
    c.change(
        &b,
        2,
        json!([{ "text": second.replace("number: 1", "number: 2") }]),
    );
    let after = c.diagnostics_until(&a, |d| !has(d, "duplicate-number"));
    assert!(has(&after, "broken-doc-link"), "{after:#?}");

    // An edit that moves the link keeps its finding, moved with it.
    let moved = text.replace("## Overview\n", "## Overview\nA line first.\n\n");
    c.change(&a, 2, json!([{ "text": moved }]));
    let d = c.diagnostics(&a, 2);
    let link = d
        .iter()
        .find(|d| d["code"].as_str().unwrap().ends_with("broken-doc-link"))
        .expect("still broken");
    assert_eq!(link["range"]["start"]["line"], json!(5), "{link}");

    let readme = uri(&dir.path().join("README.md"));
    c.open(&readme, "# Readme\n");
    assert!(c.diagnostics(&readme, 1).is_empty());
    c.stop();
}

/// The 0-based line and UTF-16 column of the first `needle` in `text`,
/// `skip` characters into it.
fn at(text: &str, needle: &str, skip: usize) -> Value {
    let i = text.find(needle).unwrap_or_else(|| panic!("{needle}"));
    let line = text[..i].matches('\n').count();
    let start = text[..i].rfind('\n').map_or(0, |n| n + 1);
    let col: usize = text[start..i].chars().map(char::len_utf16).sum::<usize>() + skip;
    json!({ "line": line, "character": col })
}

#[test]
fn hover_and_definition_explain_headings_links_and_terms() {
    let dir = repo();
    let a_rel = "docs/design/0001-limiter.md";
    let a = "---\nstatus: draft\n---\n# Design Document: Limiter\n\n## Overview\nEach 😀 client gets a token bucket; see [quotas](0002-quotas.md#background--problem-statement).\n\n## Glossary\n- **Token bucket**: a counter refilled at a fixed rate.\n";
    write(dir.path(), a_rel, a);
    let b = "---\nstatus: accepted\n---\n# Design Document: Quotas\n\n## Overview\nMonthly quotas per client.\n\n## Background / Problem Statement\nBudgets.\n";
    write(dir.path(), "docs/design/0002-quotas.md", b);
    let mut c = Client::start(dir.path());
    let uri_a = uri(&dir.path().join(a_rel));
    c.open(&uri_a, a);
    c.diagnostics(&uri_a, 1);
    let hover = |c: &mut Client, pos: Value| {
        let r = c.request(
            "textDocument/hover",
            json!({ "textDocument": { "uri": uri_a }, "position": pos }),
        );
        r["result"]["contents"]["value"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };

    // A heading: its section's guidance from the template.
    let h = hover(&mut c, at(a, "## Overview", 4));
    assert!(
        h.contains("Overview") && h.contains("High-level summary"),
        "{h}"
    );
    // A term where it is used (after an emoji on the line): its definition.
    let h = hover(&mut c, at(a, "token bucket;", 3));
    assert!(h.contains("a counter refilled at a fixed rate"), "{h}");
    // A link: the doc it leads to, its status and first paragraph.
    let h = hover(&mut c, at(a, "[quotas]", 2));
    assert!(
        h.contains("Quotas") && h.contains("accepted") && h.contains("Monthly quotas"),
        "{h}"
    );

    let def = |c: &mut Client, pos: Value| {
        c.request(
            "textDocument/definition",
            json!({ "textDocument": { "uri": uri_a }, "position": pos }),
        )["result"]
            .clone()
    };
    let d = def(&mut c, at(a, "[quotas]", 2));
    assert!(
        d["uri"].as_str().unwrap().ends_with("0002-quotas.md"),
        "{d}"
    );
    assert_eq!(d["range"]["start"], at(b, "## Background", 0), "{d}");
    let d = def(&mut c, at(a, "token bucket;", 3));
    assert_eq!(d["uri"], json!(uri_a));
    assert_eq!(d["range"]["start"], at(a, "Token bucket**", 0), "{d}");
    c.stop();
}

/// A requirement's id: its verdict, the code citing it and how the
/// cited tests went (from the JUnit report `[trace] junit` names); go to
/// definition opens the citing test.
// design: 0008#FR-5
#[test]
fn hover_on_a_requirement_shows_its_references_and_test_status() {
    let dir = repo();
    write(
        dir.path(),
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n\n[trace]\njunit = [\"junit.xml\"]\n",
    );
    let rel = "docs/design/0007-limiter.md";
    let a = "# Design Document: Limiter\n\n## Requirements\n### Functional\n- [x] FR-1: over quota gets 429\n- [ ] FR-2: limits reload\n- [ ] FR-3: nobody tests this\n";
    write(dir.path(), rel, a);
    write(
        dir.path(),
        "src/lib.rs",
        // The marker spelled out at run time: tracing designdoc itself
        // must not read this fixture's citations.
        "// @@ 0007#FR-1\n#[test]\nfn over_quota() {}\n\n// @@ 0007#FR-2\n#[test]\nfn reloads() {}\n"
            .replace("@@", concat!("design", ":")),
    );
    write(
        dir.path(),
        "junit.xml",
        "<testsuites><testsuite name=\"l\"><testcase name=\"tests::over_quota\"/><testcase name=\"tests::reloads\"><failure message=\"no\"/></testcase></testsuite></testsuites>",
    );
    let mut c = Client::start(dir.path());
    let u = uri(&dir.path().join(rel));
    c.open(&u, a);
    c.diagnostics(&u, 1);
    let ask = |c: &mut Client, method: &str, needle: &str| {
        c.request(
            method,
            json!({ "textDocument": { "uri": u }, "position": at(a, needle, 1) }),
        )["result"]
            .clone()
    };
    let h = ask(&mut c, "textDocument/hover", "FR-1:");
    let text = h["contents"]["value"].as_str().unwrap();
    assert!(text.starts_with("**0007#FR-1** · passing"), "{text}");
    assert!(
        text.contains("- src/lib.rs:1 `over_quota` (passed)"),
        "{text}"
    );
    assert_eq!(h["range"]["start"], at(a, "FR-1:", 0));
    let text = ask(&mut c, "textDocument/hover", "FR-2:")["contents"]["value"].clone();
    assert!(
        text.as_str().unwrap().contains("· failing") && text.as_str().unwrap().contains("(failed)"),
        "{text}"
    );
    let text = ask(&mut c, "textDocument/hover", "FR-3:")["contents"]["value"].clone();
    assert!(
        text.as_str().unwrap().contains("· untested")
            && text
                .as_str()
                .unwrap()
                .contains("No test cites it: add `design: 0007#FR-3`"),
        "{text}"
    );
    let d = ask(&mut c, "textDocument/definition", "FR-2:");
    assert!(d["uri"].as_str().unwrap().ends_with("/src/lib.rs"), "{d}");
    assert_eq!(d["range"]["start"]["line"], 4, "{d}");
    c.stop();
}

#[test]
fn completion_offers_missing_sections_in_place_keys_statuses_docs_and_terms() {
    let dir = repo();
    let rel = "docs/design/0001-limiter.md";
    let text = "---\nstatus: draft\n\n---\n# Design Document: Limiter\n\n## Overview\nA token bucket, and [x]().\n\n## Background / Problem Statement\nWhy.\n\n##\n\n## Glossary\n- **Token bucket**: a counter refilled at a fixed rate.\n";
    write(dir.path(), rel, text);
    write(
        dir.path(),
        "docs/design/0002-quotas.md",
        "# Design Document: Quotas\n",
    );
    let mut c = Client::start(dir.path());
    let u = uri(&dir.path().join(rel));
    c.open(&u, text);
    // The workspace is indexed (the server says so in the editor's log).
    let log = c.wait(|m| m["method"] == "window/logMessage");
    assert!(
        log["params"]["message"]
            .as_str()
            .unwrap()
            .contains("indexed 2 docs"),
        "{log}"
    );
    let complete = |c: &mut Client, pos: Value| -> Vec<Value> {
        let r = c.request(
            "textDocument/completion",
            json!({ "textDocument": { "uri": u }, "position": pos }),
        );
        r["result"].as_array().cloned().unwrap_or_default()
    };
    let labels = |items: &[Value]| -> Vec<String> {
        items
            .iter()
            .map(|i| i["label"].as_str().unwrap().to_string())
            .collect()
    };

    // A heading after Background: Glossary is there, so the first offer
    // is the section the template puts next that the doc lacks.
    let heading_line = text[..text.find("##\n").unwrap()].matches('\n').count();
    let mut items = complete(&mut c, json!({ "line": heading_line, "character": 2 }));
    items.sort_by_key(|i| i["sortText"].as_str().unwrap().to_string());
    let offered = labels(&items);
    assert!(!offered.contains(&"Overview".to_string()), "{offered:?}");
    assert!(!offered.contains(&"Glossary".to_string()), "{offered:?}");
    assert_eq!(offered[0], "Requirements", "{offered:?}");
    assert_eq!(items[0]["textEdit"]["newText"], "## Requirements");

    // Front matter: keys not yet written; after `status:`, the lifecycle.
    let keys = labels(&complete(&mut c, json!({ "line": 2, "character": 0 })));
    assert!(
        keys.contains(&"title".to_string()) && !keys.contains(&"status".to_string()),
        "{keys:?}"
    );
    let statuses = labels(&complete(&mut c, json!({ "line": 1, "character": 8 })));
    assert!(
        statuses.contains(&"accepted".to_string()) && statuses.contains(&"draft".to_string()),
        "{statuses:?}"
    );

    // A link's destination: the other docs; after `#`, their headings.
    let docs = labels(&complete(&mut c, at(text, "]()", 2)));
    assert_eq!(docs, ["0002-quotas.md"]);
    let with_anchor = text.replace("[x]()", "[x](0002-quotas.md#)");
    c.change(&u, 2, json!([{ "text": with_anchor }]));
    let anchors = labels(&complete(&mut c, at(&with_anchor, "#)", 1)));
    assert_eq!(anchors, ["design-document-quotas"]);
    c.change(&u, 3, json!([{ "text": text }]));

    // Prose: the glossary's terms.
    let terms = labels(&complete(&mut c, at(text, "Why.", 4)));
    assert_eq!(terms, ["Token bucket"]);
    c.stop();
}

#[test]
fn one_action_inserts_every_missing_section_and_one_ticks_the_checklist() {
    let dir = repo();
    let rel = "docs/design/0001-quotas.md";
    let text = format!(
        "{DRAFT}\n## Testing\nUnit tests per module; a load test at twice the peak before rollout.\n\n## Appendix / Checklist\n- [ ] Testing plan defined\n"
    );
    write(dir.path(), rel, &text);
    let mut c = Client::start(dir.path());
    let u = uri(&dir.path().join(rel));
    c.open(&u, &text);
    let before = c.diagnostics(&u, 1);
    assert!(has(&before, "missing-section") && has(&before, "checklist-unticked"));
    let action = |c: &mut Client, kind: &str, text: &str| -> String {
        let r = c.request(
            "textDocument/codeAction",
            json!({ "textDocument": { "uri": u },
                    "range": { "start": { "line": 0, "character": 0 }, "end": { "line": 0, "character": 0 } },
                    "context": { "diagnostics": [], "only": [kind] } }),
        );
        let actions = r["result"].as_array().unwrap();
        assert_eq!(actions.len(), 1, "{r}");
        apply(text, actions[0]["edit"]["changes"][&u].as_array().unwrap())
    };
    let ticked = action(&mut c, "source.designdoc.tickChecklist", &text);
    assert!(ticked.contains("- [x] Testing plan defined"), "{ticked}");
    let filled = action(&mut c, "source.designdoc.insertMissingSections", &ticked);
    c.change(&u, 2, json!([{ "text": filled }]));
    let after = c.diagnostics(&u, 2);
    assert!(!has(&after, "missing-section"), "{after:#?}");
    assert!(!has(&after, "checklist-unticked"), "{after:#?}");
    c.stop();
}

#[test]
fn renaming_a_heading_renames_the_links_to_its_anchor_across_docs() {
    let dir = repo();
    let a_rel = "docs/design/0001-a.md";
    let a = "# Design Document: A\n\n## Overview\nSee [why](#background--problem-statement).\n\n## Background / Problem Statement\nBecause.\n";
    let b_rel = "docs/design/0002-b.md";
    let b = "# Design Document: B\n\n## Overview\nAs [A says](0001-a.md#background--problem-statement), and [not this](0001-a.md#overview).\n";
    write(dir.path(), a_rel, a);
    write(dir.path(), b_rel, b);
    let mut c = Client::start(dir.path());
    c.wait(|m| m["method"] == "window/logMessage");
    let ua = uri(&dir.path().join(a_rel));
    let ub = uri(&dir.path().join(b_rel));
    c.open(&ua, a);
    let pos = at(a, "## Background", 5);
    let prep = c.request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": ua }, "position": pos }),
    );
    assert_eq!(
        prep["result"]["placeholder"], "Background / Problem Statement",
        "{prep}"
    );
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": ua }, "position": pos, "newName": "Context" }),
    );
    let changes = &r["result"]["changes"];
    let a2 = apply(a, changes[&ua].as_array().unwrap());
    let b2 = apply(b, changes[&ub].as_array().unwrap());
    assert_eq!(
        a2,
        a.replace("Background / Problem Statement", "Context")
            .replace("#background--problem-statement", "#context")
    );
    assert_eq!(b2, b.replace("#background--problem-statement", "#context"));
    // Not a heading: refused.
    let r = c.request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": ua }, "position": at(a, "Because", 1), "newName": "X" }),
    );
    assert!(
        r["error"]["message"].as_str().unwrap().contains("heading"),
        "{r}"
    );
    c.stop();
}

#[test]
fn files_changed_outside_the_editor_and_the_configuration_are_followed() {
    let dir = repo();
    let a_rel = "docs/design/0001-a.md";
    let a = "# Design Document: A\n\n## Overview\n\n## Background / Problem Statement\nWhy.\n";
    write(dir.path(), a_rel, a);
    write(
        dir.path(),
        "docs/design/0002-b.md",
        "# Design Document: B\n",
    );
    let mut c = Client::start_with(
        dir.path(),
        json!({ "workspace": { "didChangeWatchedFiles": { "dynamicRegistration": true } } }),
    );
    // The server asks to be told of changes to docs and configuration.
    let reg = c.wait(|m| m["method"] == "client/registerCapability");
    let globs = reg["params"]["registrations"][0]["registerOptions"]["watchers"].to_string();
    assert!(
        globs.contains("**/*.md") && globs.contains("designdoc.toml"),
        "{reg}"
    );
    c.send(json!({ "jsonrpc": "2.0", "id": reg["id"], "result": null }));
    c.wait(|m| m["method"] == "window/logMessage");
    let ua = uri(&dir.path().join(a_rel));
    c.open(&ua, a);
    let d = c.diagnostics_until(&ua, |d| has(d, "empty-section"));
    assert!(!has(&d, "duplicate-number"));

    // Another doc takes this one's number on disk (a pull, say).
    write(
        dir.path(),
        "docs/design/0002-b.md",
        "---\nnumber: 1\n---\n# Design Document: B\n",
    );
    let ub = uri(&dir.path().join("docs/design/0002-b.md"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": ub, "type": 2 }] }),
    );
    c.diagnostics_until(&ua, |d| has(d, "duplicate-number"));

    // The configuration turns a rule off.
    write(
        dir.path(),
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n[rules]\nempty-section = \"off\"\n",
    );
    let uc = uri(&dir.path().join("designdoc.toml"));
    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({ "changes": [{ "uri": uc, "type": 2 }] }),
    );
    c.diagnostics_until(&ua, |d| {
        !has(d, "empty-section") && has(d, "duplicate-number")
    });
    c.stop();
}

// design: 0009#FR-2
#[test]
fn findings_the_baseline_accepts_are_hints_and_new_ones_are_not() {
    let dir = repo();
    let rel = "docs/design/0001-quotas.md";
    write(dir.path(), rel, DRAFT);
    let (out, err, code) = common::run(dir.path(), &["baseline"]);
    assert_eq!(code, 0, "{out}{err}");
    // A new placeholder after the baseline was written.
    let text = format!("{DRAFT}\nTBD\n");
    let mut c = Client::start(dir.path());
    let uri = uri(&dir.path().join(rel));
    c.open(&uri, &text);
    let diags = c.diagnostics(&uri, 1);
    let (accepted, new): (Vec<&Value>, Vec<&Value>) = diags
        .iter()
        .partition(|d| d["message"].as_str().unwrap().starts_with("(baselined) "));
    assert!(!accepted.is_empty(), "{diags:#?}");
    assert!(accepted.iter().all(|d| d["severity"] == 4), "{accepted:#?}");
    assert_eq!(new.len(), 1, "{new:#?}");
    assert!(
        new[0]["code"]
            .as_str()
            .unwrap()
            .ends_with("placeholder-text")
    );
    c.stop();
}
