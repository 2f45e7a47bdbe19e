//! The editor set-ups under editors/, each run or parsed, and each quoted
//! verbatim in README.md:
//! - the VS Code extension, built with npm and activated under stand-ins
//!   for VS Code (editors/vscode/test/smoke.js);
//! - the Neovim snippet, run by Lua against a recording `vim` table;
//! - Helix's languages.toml and Zed's extension.toml and settings.json,
//!   parsed and read. (.ci/run also compiles the Zed extension for
//!   wasm32-wasip1.)

use std::path::{Path, PathBuf};
use std::process::Command;

fn editors() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("editors")
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(editors().join(rel)).unwrap()
}

fn readme() -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md")).unwrap()
}

fn found(program: &str) -> bool {
    let ok = Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: {program} is not installed");
    }
    ok
}

#[test]
fn every_snippet_is_quoted_in_the_readme() {
    let readme = readme();
    for rel in [
        "neovim/designdoc.lua",
        "helix/languages.toml",
        "zed/settings.json",
    ] {
        assert!(
            readme.contains(&read(rel)),
            "README.md does not quote editors/{rel}"
        );
    }
}

#[test]
fn the_vscode_extension_builds_and_starts_designdoc_lsp() {
    if !found("npm") {
        return;
    }
    let dir = editors().join("vscode");
    let npm = |args: &[&str]| {
        let out = Command::new("npm")
            .args(args)
            .current_dir(&dir)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "npm {args:?}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    if !dir.join("node_modules/typescript").is_dir() {
        npm(&["ci", "--no-audit", "--no-fund", "--prefer-offline"]);
    }
    npm(&["run", "compile"]);
    let out = npm(&["test"]);
    assert!(out.contains("vscode extension: ok"), "{out}");
}

#[test]
fn the_neovim_snippet_configures_and_enables_designdoc() {
    let lua = ["lua5.4", "lua"].into_iter().find(|l| {
        Command::new(l)
            .arg("-v")
            .output()
            .is_ok_and(|o| o.status.success())
    });
    let Some(lua) = lua else {
        eprintln!("skipped: no Lua interpreter (apt-get install lua5.4)");
        return;
    };
    // A `vim` that records the calls, then the snippet, then a report.
    let script = format!(
        r#"
local calls = {{}}
vim = {{ lsp = {{
  config = function(name, cfg) calls[#calls + 1] = {{ "config", name, cfg }} end,
  enable = function(name) calls[#calls + 1] = {{ "enable", name }} end,
}} }}
{}
local c = calls[1]
assert(#calls == 2, "two calls")
assert(c[1] == "config" and c[2] == "designdoc")
assert(c[3].cmd[1] == "designdoc" and c[3].cmd[2] == "lsp" and #c[3].cmd == 2)
assert(c[3].filetypes[1] == "markdown")
assert(c[3].root_markers[1] == "designdoc.toml")
assert(calls[2][1] == "enable" and calls[2][2] == "designdoc")
print("neovim snippet: ok")
"#,
        read("neovim/designdoc.lua")
    );
    let out = Command::new(lua).args(["-e", &script]).output().unwrap();
    assert!(
        out.status.success() && String::from_utf8_lossy(&out.stdout).contains("ok"),
        "{out:?}"
    );
}

#[test]
fn the_helix_snippet_adds_designdoc_to_markdown() {
    let t: toml::Table = toml::from_str(&read("helix/languages.toml")).unwrap();
    let server = &t["language-server"]["designdoc"];
    assert_eq!(server["command"].as_str(), Some("designdoc"));
    assert_eq!(server["args"].as_array().unwrap()[0].as_str(), Some("lsp"));
    let langs = t["language"].as_array().unwrap();
    let md = langs
        .iter()
        .find(|l| l["name"].as_str() == Some("markdown"))
        .unwrap();
    let servers: Vec<&str> = md["language-servers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert!(servers.contains(&"designdoc"), "{servers:?}");
}

#[test]
fn the_zed_extension_registers_designdoc_for_markdown() {
    let ext: toml::Table = toml::from_str(&read("zed/extension.toml")).unwrap();
    assert_eq!(ext["id"].as_str(), Some("designdoc"));
    assert_eq!(ext["schema_version"].as_integer(), Some(1));
    let server = &ext["language_servers"]["designdoc"];
    let langs: Vec<&str> = server["languages"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|s| s.as_str())
        .collect();
    assert_eq!(langs, ["Markdown"]);
    // The extension's default arguments, and the settings' override.
    assert!(read("zed/src/lib.rs").contains(r#"vec!["lsp".to_string()]"#));
    let settings: serde_json::Value = serde_json::from_str(&read("zed/settings.json")).unwrap();
    assert_eq!(
        settings["lsp"]["designdoc"]["binary"]["arguments"][0],
        "lsp"
    );
    assert_eq!(
        settings["languages"]["Markdown"]["language_servers"][0],
        "designdoc"
    );
}
