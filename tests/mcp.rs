//! `designdoc mcp` end to end: a client speaking the Model Context
//! Protocol (JSON-RPC, one message per line) to the real binary over its
//! stdin and stdout, in a fixture repository.

mod common;

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

use common::{COMPLETE, read, write};
use serde_json::{Value, json};

struct Client {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    next: u64,
}

impl Client {
    fn start(dir: &Path) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("designdoc"))
            .arg("mcp")
            .current_dir(dir)
            .env_remove("GIT_DIR")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdin = child.stdin.take().unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let mut c = Client {
            child,
            stdin,
            stdout,
            next: 0,
        };
        let init = c.request(
            "initialize",
            json!({
                "protocolVersion": "2025-06-18",
                "capabilities": {},
                "clientInfo": { "name": "designdoc-test", "version": "1" }
            }),
        );
        assert_eq!(init["serverInfo"]["name"], "designdoc", "{init}");
        assert!(init["capabilities"]["tools"].is_object(), "{init}");
        assert!(init["capabilities"]["resources"].is_object(), "{init}");
        c.send(json!({ "jsonrpc": "2.0", "method": "notifications/initialized" }));
        c
    }

    fn send(&mut self, msg: Value) {
        writeln!(self.stdin, "{msg}").unwrap();
        self.stdin.flush().unwrap();
    }

    /// The response to a request: its `result`, or `{"error": …}`.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next += 1;
        let id = self.next;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let mut line = String::new();
            assert!(
                self.stdout.read_line(&mut line).unwrap() > 0,
                "server closed"
            );
            let msg: Value = serde_json::from_str(&line).unwrap();
            if msg["id"] == json!(id) {
                return match msg.get("error") {
                    Some(e) => json!({ "error": e }),
                    None => msg["result"].clone(),
                };
            }
        }
    }

    /// A tool's structured answer, and whether it is an error.
    fn call(&mut self, tool: &str, args: Value) -> (Value, bool) {
        let r = self.request("tools/call", json!({ "name": tool, "arguments": args }));
        let is_error = r["isError"] == json!(true);
        let value = if is_error {
            r["content"][0]["text"].clone()
        } else {
            // The text content is the same JSON as the structured content.
            let text: Value =
                serde_json::from_str(r["content"][0]["text"].as_str().unwrap()).unwrap();
            assert_eq!(text, r["structuredContent"]);
            r["structuredContent"].clone()
        };
        (value, is_error)
    }
}

impl Drop for Client {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn fixture() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    write(
        root,
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n",
    );
    write(
        root,
        "docs/design/0001-limits.md",
        format!("---\nstatus: draft\nauthors: [ann]\ntags: [storage]\n---\n{COMPLETE}"),
    );
    let start = COMPLETE.find("## Testing").unwrap();
    let end = COMPLETE.find("## Monitoring").unwrap();
    write(
        root,
        "docs/design/0002-quotas.md",
        format!(
            "---\nstatus: draft\nauthors: [bo]\n---\n{}{}",
            &COMPLETE[..start].replace("# Design Document: designdoc", "# Design Document: Quotas"),
            &COMPLETE[end..]
        ),
    );
    write(root, "README.md", "# Not a doc\n");
    dir
}

#[test]
fn tools_are_listed_with_their_input_schemas() {
    let dir = fixture();
    let mut c = Client::start(dir.path());
    let tools = c.request("tools/list", json!({}));
    let mut names: Vec<&str> = tools["tools"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["name"].as_str().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        ["check", "list_docs", "new_doc", "set_status", "show_doc"]
    );
    for t in tools["tools"].as_array().unwrap() {
        assert_eq!(t["inputSchema"]["type"], "object", "{t}");
        assert!(t["description"].as_str().unwrap().len() > 20);
    }
}

#[test]
fn list_and_show_read_the_docs() {
    let dir = fixture();
    let mut c = Client::start(dir.path());
    let (all, err) = c.call("list_docs", json!({}));
    assert!(!err);
    let paths: Vec<&str> = all["docs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths,
        ["docs/design/0001-limits.md", "docs/design/0002-quotas.md"]
    );
    let (some, _) = c.call("list_docs", json!({ "tag": ["storage"] }));
    assert_eq!(some["docs"].as_array().unwrap().len(), 1);
    assert_eq!(some["docs"][0]["authors"], json!(["ann"]));
    let (some, _) = c.call("list_docs", json!({ "text": "quotas" }));
    assert_eq!(some["docs"][0]["number"], 2);

    let (doc, err) = c.call("show_doc", json!({ "doc": "1" }));
    assert!(!err);
    assert_eq!(
        doc["text"].as_str().unwrap(),
        read(dir.path(), "docs/design/0001-limits.md")
    );
    let (sec, err) = c.call("show_doc", json!({ "doc": "0001", "section": "glossary" }));
    assert!(!err, "{sec}");
    let text = sec["text"].as_str().unwrap();
    assert!(
        text.starts_with("## Glossary\n") && !text.contains("## Requirements"),
        "{text}"
    );
    let (msg, err) = c.call("show_doc", json!({ "doc": "1", "section": "Nope" }));
    assert!(err);
    assert!(
        msg.as_str().unwrap().contains("no section \"Nope\""),
        "{msg}"
    );
    let (msg, err) = c.call("show_doc", json!({ "doc": "9" }));
    assert!(
        err && msg.as_str().unwrap().contains("no doc is named"),
        "{msg}"
    );
}

#[test]
fn check_gives_the_cli_diagnostics_and_the_fixed_text() {
    let dir = fixture();
    let mut c = Client::start(dir.path());
    let (r, err) = c.call("check", json!({ "doc": "2" }));
    assert!(!err, "{r}");
    // The same diagnostics as `check --format json` on that file.
    let (out, _, _) = common::run(
        dir.path(),
        &["check", "--format", "json", "docs/design/0002-quotas.md"],
    );
    let cli: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["diagnostics"], cli["files"][0]["diagnostics"]);
    assert!(
        r["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["rule"] == "missing-section")
    );
    // Inserting a missing section is an unsafe fix: asked for by name.
    assert!(
        r.get("fixed")
            .is_none_or(|f| !f.as_str().unwrap().contains("## Testing"))
    );
    let (r, _) = c.call("check", json!({ "doc": "2", "unsafe_fixes": true }));
    let fixed = r["fixed"].as_str().unwrap();
    assert!(fixed.contains("## Testing"), "{fixed}");
    // Nothing was written: check only reads.
    assert!(!read(dir.path(), "docs/design/0002-quotas.md").contains("## Testing"));

    // A text not yet on disk, judged where it will be.
    let (r, err) = c.call(
        "check",
        json!({ "path": "docs/design/0003-draft.md", "text": "# Design Document: X\n" }),
    );
    assert!(!err);
    assert_eq!(r["path"], "docs/design/0003-draft.md");
    assert!(r["diagnostics"].as_array().unwrap().len() > 5, "{r}");
    let (complete, _) = c.call("check", json!({ "text": COMPLETE }));
    assert!(
        complete["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .all(|d| d["severity"] != "error"),
        "{complete}"
    );
}

#[test]
fn new_doc_and_set_status_change_the_repository_like_the_cli() {
    let dir = fixture();
    let mut c = Client::start(dir.path());
    let (r, err) = c.call("new_doc", json!({ "title": "Rate limiter" }));
    assert!(!err, "{r}");
    assert_eq!(r["path"], "docs/design/0003-rate-limiter.md");
    assert_eq!(
        r["text"].as_str().unwrap(),
        read(dir.path(), "docs/design/0003-rate-limiter.md")
    );
    let (r, err) = c.call(
        "new_doc",
        json!({ "title": "Use Kafka", "template": "adr" }),
    );
    assert!(!err, "{r}");
    assert!(
        r["text"].as_str().unwrap().contains("template: \"adr\""),
        "{r}"
    );
    let (msg, err) = c.call("new_doc", json!({ "title": "X", "template": "nope" }));
    assert!(err, "{msg}");

    // The gates: a doc with errors cannot go to review.
    let (msg, err) = c.call("set_status", json!({ "doc": "2", "status": "in-review" }));
    assert!(err, "{msg}");
    assert!(read(dir.path(), "docs/design/0002-quotas.md").contains("status: draft"));
    // A complete one can; accepted needs an approver.
    let (r, err) = c.call("set_status", json!({ "doc": "1", "status": "in-review" }));
    assert!(!err, "{r}");
    assert_eq!(
        (r["from"].as_str(), r["to"].as_str()),
        (Some("draft"), Some("in-review"))
    );
    let (msg, err) = c.call("set_status", json!({ "doc": "1", "status": "accepted" }));
    assert!(err && msg.as_str().unwrap().contains("approver"), "{msg}");
    let (_, err) = c.call(
        "set_status",
        json!({ "doc": "1", "status": "accepted", "approver": ["dmitri"] }),
    );
    assert!(!err);
    let doc = read(dir.path(), "docs/design/0001-limits.md");
    assert!(
        doc.contains("status: accepted") && doc.contains("dmitri"),
        "{doc}"
    );
    // The listing follows the files.
    let (all, _) = c.call("list_docs", json!({ "status": ["accepted"] }));
    assert_eq!(all["docs"].as_array().unwrap().len(), 1);
}

#[test]
fn every_doc_is_a_resource_and_nothing_else_is_served() {
    let dir = fixture();
    let mut c = Client::start(dir.path());
    let list = c.request("resources/list", json!({}));
    let resources = list["resources"].as_array().unwrap();
    assert_eq!(resources.len(), 2, "{list}");
    assert_eq!(resources[0]["mimeType"], "text/markdown");
    let uri = resources[0]["uri"].as_str().unwrap().to_string();
    assert!(
        uri.starts_with("file://") && uri.ends_with("0001-limits.md"),
        "{uri}"
    );
    let r = c.request("resources/read", json!({ "uri": uri }));
    assert_eq!(
        r["contents"][0]["text"].as_str().unwrap(),
        read(dir.path(), "docs/design/0001-limits.md")
    );
    let readme = format!("file://{}/README.md", dir.path().display());
    let r = c.request("resources/read", json!({ "uri": readme }));
    assert!(r["error"].is_object(), "{r}");
    let r = c.request("resources/read", json!({ "uri": "file:///etc/passwd" }));
    assert!(r["error"].is_object(), "{r}");
}
