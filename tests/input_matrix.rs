//! Hostile inputs, one test each (issue 5's input matrix): every one ends
//! in a clear message naming the file, or in a correct check; none hangs,
//! panics or stops the other files. docs/reliability.md lists them.

mod common;

use std::path::Path;
use std::time::Duration;

use common::{COMPLETE, designdoc, read, unprivileged, write};
use serde_json::Value;

fn repo() -> tempfile::TempDir {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(t.path().join("docs/design")).unwrap();
    t
}

/// `check --format json ARGS`, bounded in time: a hang fails the test.
fn json(dir: &Path, args: &[&str]) -> (Value, i32) {
    let out = designdoc(dir)
        .arg("check")
        .args(args)
        .args(["--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let v: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (v, out.status.code().expect("killed by the timeout"))
}

fn file<'a>(v: &'a Value, path: &str) -> &'a Value {
    v["files"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["path"] == path)
        .unwrap_or_else(|| panic!("{path} not in {v}"))
}

fn messages(v: &Value, path: &str) -> Vec<String> {
    file(v, path)["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            format!(
                "{}: {}",
                d["rule"].as_str().unwrap(),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

/// A copy of COMPLETE with two fixable problems: a renamed heading and an
/// unticked checklist item. `fixed` is what `--fix` must make of it.
fn broken_and_fixed() -> (String, String) {
    let fixed = COMPLETE.replace("## Test Plan", "## Testing");
    let broken = fixed.replace("## Testing", "## Test Plan").replace(
        "- [x] Design details explained",
        "- [ ] Design details explained",
    );
    (broken, fixed)
}

#[test]
fn invalid_utf8_and_utf16_and_nul_are_refused_by_name() {
    let t = repo();
    let d = "docs/design/";
    write(t.path(), &format!("{d}0001-ok.md"), COMPLETE);
    write(
        t.path(),
        &format!("{d}0002-latin1.md"),
        b"# Design\n\ncaf\xe9\n",
    );
    write(
        t.path(),
        &format!("{d}0003-utf16le.md"),
        b"\xff\xfe#\x00 \x00T\x00",
    );
    write(
        t.path(),
        &format!("{d}0004-utf16be.md"),
        b"\xfe\xff\x00#\x00 \x00T",
    );
    write(
        t.path(),
        &format!("{d}0005-nul.md"),
        b"# T\n\ntext\x00more\n",
    );
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 2, "{v}");
    assert!(messages(&v, "docs/design/0001-ok.md").is_empty());
    assert_eq!(
        messages(&v, "docs/design/0002-latin1.md"),
        ["unreadable-file: not valid UTF-8: invalid byte at line 3, column 4 (save it as UTF-8)"]
    );
    for p in ["0003-utf16le.md", "0004-utf16be.md"] {
        assert_eq!(
            messages(&v, &format!("{d}{p}")),
            ["unreadable-file: file is UTF-16; designdoc reads UTF-8 (save it as UTF-8)"]
        );
    }
    assert_eq!(
        messages(&v, "docs/design/0005-nul.md"),
        ["unreadable-file: binary file (a NUL byte on line 3), not Markdown"]
    );
}

#[test]
fn a_utf8_bom_hides_neither_the_title_nor_the_front_matter() {
    let t = repo();
    let with_fm = format!("\u{feff}---\nstatus: draft\n---\n{COMPLETE}");
    write(
        t.path(),
        "docs/design/0001-bom.md",
        format!("\u{feff}{COMPLETE}"),
    );
    write(t.path(), "docs/design/0002-bom-fm.md", &with_fm);
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert!(messages(&v, "docs/design/0001-bom.md").is_empty());
    assert!(messages(&v, "docs/design/0002-bom-fm.md").is_empty());
    let out = designdoc(t.path())
        .args(["list", "--format", "json"])
        .output()
        .unwrap();
    let list: Value = serde_json::from_slice(&out.stdout).unwrap();
    let bom_fm = list
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["path"] == "docs/design/0002-bom-fm.md")
        .unwrap();
    assert_eq!(bom_fm["status"], "draft", "{list}");
}

#[test]
fn fixes_keep_crlf_mixed_and_lone_cr_line_endings_byte_for_byte() {
    let (broken, fixed) = broken_and_fixed();
    // Each line's ending, by the line's number: the same pattern before
    // and after the fix (the fixes edit inside lines).
    let endings: [(&str, fn(usize) -> &'static str); 3] = [
        ("crlf", |_| "\r\n"),
        ("mixed", |i| if i % 3 == 0 { "\r\n" } else { "\n" }),
        ("lone-cr", |_| "\r"),
    ];
    for (name, ending) in endings {
        let with = |s: &str| -> String {
            s.split_inclusive('\n')
                .enumerate()
                .map(|(i, l)| format!("{}{}", l.trim_end_matches('\n'), ending(i)))
                .collect()
        };
        let t = repo();
        let rel = "docs/design/0001-a.md";
        write(t.path(), rel, with(&broken));
        designdoc(t.path())
            .args(["check", "--fix"])
            .timeout(Duration::from_secs(60))
            .assert()
            .code(0)
            .stdout(predicates::str::contains("Fixed 2 issue(s) in 1 file(s)."));
        assert_eq!(read(t.path(), rel), with(&fixed), "{name}");
    }
}

#[test]
fn inserted_sections_use_the_docs_own_line_ending() {
    let start = COMPLETE.find("## Out of Scope\n").unwrap();
    let end = start + COMPLETE[start..].find("\n## ").unwrap() + 1;
    let without = format!("{}{}", &COMPLETE[..start], &COMPLETE[end..]);
    for nl in ["\r\n", "\r"] {
        let t = repo();
        let rel = "docs/design/0001-a.md";
        write(t.path(), rel, without.replace('\n', nl));
        // Inserting a section is an unsafe fix.
        designdoc(t.path())
            .args(["check", "--fix", "--unsafe-fixes"])
            .timeout(Duration::from_secs(60))
            .assert()
            .stdout(predicates::str::contains("in 1 file(s)."));
        let got = read(t.path(), rel);
        assert!(got.contains(&format!("{nl}## Out of Scope{nl}")), "{got:?}");
        assert_eq!(
            got.replace("\r\n", "").matches(['\r', '\n']).count(),
            if nl == "\r" {
                got.matches('\r').count()
            } else {
                0
            },
            "a fix mixed line endings into a {nl:?} doc: {got:?}"
        );
    }
}

#[test]
fn lone_cr_docs_get_real_line_numbers() {
    let t = repo();
    let doc = COMPLETE.replace("## Glossary\n", "## Team Lunch\n\nPizza.\n\n## Glossary\n");
    write(t.path(), "docs/design/0001-a.md", doc.replace('\n', "\r"));
    let (v, _) = json(t.path(), &[]);
    let d = &file(&v, "docs/design/0001-a.md")["diagnostics"][0];
    let line = doc.lines().position(|l| l == "## Team Lunch").unwrap() + 1;
    assert_eq!(d["line"], line, "{v}");
    assert_eq!(d["column"], 1);
}

#[test]
fn a_file_over_the_size_cap_is_refused_unread() {
    let t = repo();
    let rel = "docs/design/0001-huge.md";
    write(t.path(), "docs/design/0002-ok.md", COMPLETE);
    // 50 MB, sparse: the cap is checked before a byte is read.
    let f = std::fs::File::create(t.path().join(rel)).unwrap();
    f.set_len(50 * 1000 * 1000).unwrap();
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 2);
    assert_eq!(
        messages(&v, rel),
        [
            "unreadable-file: file is 47.7 MiB, over the 10.0 MiB limit (raise max-file-size in designdoc.toml to check it)"
        ]
    );
    assert!(messages(&v, "docs/design/0002-ok.md").is_empty());
    // The cap is configurable.
    write(t.path(), "designdoc.toml", "max-file-size = 60_000_000\n");
    let (v, _) = json(t.path(), &[rel]);
    assert!(messages(&v, rel)[0].contains("binary file"), "{v}");
}

#[test]
fn an_unreadable_file_is_named_and_the_others_checked() {
    use std::os::unix::fs::PermissionsExt;
    let t = repo();
    write(t.path(), "docs/design/0001-ok.md", COMPLETE);
    write(t.path(), "docs/design/0002-secret.md", COMPLETE);
    let secret = t.path().join("docs/design/0002-secret.md");
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(out) = unprivileged(t.path(), &["check", "--format", "json"]) else {
        return;
    };
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(out.status.code(), Some(2), "{v}");
    assert_eq!(
        messages(&v, "docs/design/0002-secret.md"),
        ["unreadable-file: cannot read: permission denied"]
    );
    assert!(messages(&v, "docs/design/0001-ok.md").is_empty());
}

#[test]
fn a_fifo_is_refused_without_blocking() {
    let t = repo();
    write(t.path(), "docs/design/0001-ok.md", COMPLETE);
    let fifo = t.path().join("docs/design/0002-pipe.md");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("skipped: mkfifo is not available");
        return;
    }
    // Walked: skipped (not a regular file); named: refused, unopened.
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    let (v, code) = json(
        t.path(),
        &["docs/design/0002-pipe.md", "docs/design/0001-ok.md"],
    );
    assert_eq!(code, 2);
    assert_eq!(
        messages(&v, "docs/design/0002-pipe.md"),
        ["unreadable-file: is a FIFO (named pipe), not a regular file; not read"]
    );
}

#[test]
fn symlink_loops_end_in_a_message() {
    use std::os::unix::fs::symlink;
    let t = repo();
    let d = t.path().join("docs/design");
    write(t.path(), "docs/design/0001-ok.md", COMPLETE);
    symlink("0002-loop.md", d.join("0002-loop.md")).unwrap();
    std::fs::create_dir_all(d.join("sub")).unwrap();
    symlink("..", d.join("sub/up")).unwrap();
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["files"].as_array().unwrap().len(), 1);
    let (v, code) = json(t.path(), &["docs/design/0002-loop.md"]);
    assert_eq!(code, 2);
    assert_eq!(
        messages(&v, "docs/design/0002-loop.md"),
        ["unreadable-file: cannot read: a symbolic link loop"]
    );
}

#[test]
fn a_symlink_out_of_the_repository_is_not_followed() {
    use std::os::unix::fs::symlink;
    let outside = tempfile::tempdir().unwrap();
    write(outside.path(), "secret.md", "# Not a design doc\n");
    let t = repo();
    write(t.path(), "docs/design/0001-ok.md", COMPLETE);
    symlink(
        outside.path().join("secret.md"),
        t.path().join("docs/design/0002-out.md"),
    )
    .unwrap();
    symlink(outside.path(), t.path().join("docs/design/elsewhere")).unwrap();
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 0, "{v}");
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["docs/design/0001-ok.md"]);
    // --fix never writes through it either.
    designdoc(t.path())
        .args(["check", "--fix"])
        .assert()
        .code(0);
    assert_eq!(read(outside.path(), "secret.md"), "# Not a design doc\n");
}

#[test]
fn non_utf8_file_names_are_checked_and_shown_lossily() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let t = repo();
    let (broken, fixed) = broken_and_fixed();
    let name = OsStr::from_bytes(b"0001-caf\xe9.md");
    let path = t.path().join("docs/design").join(name);
    if std::fs::write(&path, &broken).is_err() {
        eprintln!("skipped: this file system refuses non-UTF-8 names");
        return;
    }
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 0, "{v}");
    assert_eq!(v["files"][0]["path"], "docs/design/0001-caf\u{fffd}.md");
    assert_eq!(v["files"][0]["diagnostics"].as_array().unwrap().len(), 2);
    designdoc(t.path())
        .args(["check", "--fix"])
        .assert()
        .code(0);
    assert_eq!(std::fs::read_to_string(&path).unwrap(), fixed);
}

#[test]
fn yaml_bombs_in_front_matter_end_quickly_in_an_error() {
    let t = repo();
    let mut laughs = String::from(
        "---\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    for i in 1..10 {
        let prev = (b'a' + i - 1) as char;
        let this = (b'a' + i) as char;
        laughs.push_str(&format!(
            "{this}: &{this} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    laughs.push_str("status: *j\n---\n");
    write(
        t.path(),
        "docs/design/0001-laughs.md",
        format!("{laughs}{COMPLETE}"),
    );
    let deep = format!(
        "---\nstatus: {}{}\n---\n{COMPLETE}",
        "[".repeat(20_000),
        "]".repeat(20_000)
    );
    write(t.path(), "docs/design/0002-deep.md", deep);
    let (v, code) = json(t.path(), &[]);
    assert_eq!(code, 1, "{v}");
    for p in ["docs/design/0001-laughs.md", "docs/design/0002-deep.md"] {
        let m = messages(&v, p);
        assert!(
            m.iter().any(|m| m.starts_with("invalid-front-matter:")),
            "{p}: {m:?}"
        );
    }
}

#[test]
fn the_pulldown_cmark_1110_input_is_checked_without_a_panic() {
    // Upstream issue 1110: this input panics pulldown-cmark 0.13 when
    // heading attributes and definition lists are both on. designdoc keeps
    // them off and guards every parse; the file is checked like any other.
    let t = repo();
    write(t.path(), "docs/design/0001-a.md", "ab  2\n:<\n  {}\n -\n");
    let out = designdoc(t.path())
        .args(["check", "--fix", "--format", "json"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !messages(&v, "docs/design/0001-a.md")
            .iter()
            .any(|m| m.starts_with("parse-failure"))
    );
}

#[test]
fn terminal_escapes_in_docs_and_file_names_are_never_printed_raw() {
    // A doc (or its name) could carry escape sequences that retitle the
    // terminal, move the cursor or write to the clipboard (OSC 52).
    let t = repo();
    write(
        t.path(),
        "docs/design/0001-a.md",
        "# Design \u{1b}[31mDocument\u{1b}[0m: X\n\n## Team \u{1b}]0;pwned\u{7}Lunch\n\nText \u{1b}]52;c;ZXZpbA==\u{7} TODO.\n",
    );
    write(t.path(), "docs/design/0002-b\u{1b}[2J.md", "# X\n");
    for args in [&["check"][..], &["list"], &["graph"], &["index", "--check"]] {
        let out = designdoc(t.path())
            .args(args)
            .timeout(Duration::from_secs(60))
            .output()
            .unwrap();
        for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&0x1b) && !bytes.contains(&0x07),
                "{args:?} printed a raw escape on {what}: {}",
                String::from_utf8_lossy(bytes)
            );
        }
    }
    let list = designdoc(t.path()).arg("list").output().unwrap().stdout;
    assert!(
        String::from_utf8(list)
            .unwrap()
            .contains("Design \u{241b}[31mDocument"),
        "the escape is shown as its symbol"
    );
}
