//! Shell completions and the man page, loaded by the real shells and
//! tools available on the machine (bash at least).

mod common;

use std::process::Command;

use common::designdoc;

fn script(shell: &str) -> String {
    let out = designdoc(std::path::Path::new("."))
        .args(["completions", shell])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

fn has(program: &str) -> bool {
    Command::new(program)
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success())
}

/// What bash's completion for `words` (the last one being completed)
/// offers, with the script loaded as a user's shell would.
fn bash_complete(words: &[&str]) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("designdoc.bash");
    std::fs::write(&path, script("bash")).unwrap();
    let words_q: Vec<String> = words.iter().map(|w| format!("'{w}'")).collect();
    let cmd = format!(
        "source '{}'; COMP_WORDS=({}); COMP_CWORD={}; COMP_LINE='{}'; COMP_POINT=${{#COMP_LINE}}; _designdoc designdoc '{}' '{}'; printf '%s\\n' \"${{COMPREPLY[@]}}\"",
        path.display(),
        words_q.join(" "),
        words.len() - 1,
        words.join(" "),
        words[words.len() - 1],
        words[words.len().saturating_sub(2)],
    );
    let out = Command::new("bash")
        .args(["--norc", "-c", &cmd])
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .unwrap()
        .lines()
        .map(str::to_string)
        .collect()
}

#[test]
fn bash_completes_subcommands_and_their_values() {
    let subcommands = bash_complete(&["designdoc", "ch"]);
    assert!(
        subcommands.contains(&"check".to_string()),
        "{subcommands:?}"
    );
    assert!(!subcommands.contains(&"new".to_string()), "{subcommands:?}");
    let all = bash_complete(&["designdoc", ""]);
    for c in [
        "check",
        "new",
        "build",
        "serve",
        "lsp",
        "completions",
        "man",
    ] {
        assert!(all.contains(&c.to_string()), "{c} in {all:?}");
    }
    let shells = bash_complete(&["designdoc", "completions", ""]);
    for s in ["bash", "zsh", "fish"] {
        assert!(shells.contains(&s.to_string()), "{s} in {shells:?}");
    }
}

#[test]
fn the_other_shells_load_their_scripts_when_installed() {
    let dir = tempfile::tempdir().unwrap();
    // (shell, file name, arguments with {} for the script's path, what
    // the run must show).
    let cases: [(&str, &str, [&str; 2], &str); 2] = [
        (
            "zsh",
            "_designdoc",
            ["-f", "autoload -Uz compinit; compinit -u; source '{}'"],
            "",
        ),
        (
            "fish",
            "designdoc.fish",
            ["--no-config", "source '{}'; complete -C 'designdoc ch'"],
            "check",
        ),
    ];
    for (shell, file, [flag, command], shows) in cases {
        if !has(shell) {
            continue;
        }
        let path = dir.path().join(file);
        std::fs::write(&path, script(shell)).unwrap();
        let out = Command::new(shell)
            .args([
                flag,
                "-c",
                &command.replace("{}", &path.display().to_string()),
            ])
            .output()
            .unwrap();
        assert!(
            out.status.success() && String::from_utf8_lossy(&out.stdout).contains(shows),
            "{shell}: {out:?}"
        );
    }
    // Every shell's script is made, and names the command.
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        assert!(script(shell).contains("designdoc"), "{shell}");
    }
}

#[test]
fn the_man_page_is_roff_naming_every_subcommand() {
    let out = designdoc(std::path::Path::new("."))
        .arg("man")
        .output()
        .unwrap();
    assert!(out.status.success());
    let page = String::from_utf8(out.stdout).unwrap();
    assert!(page.contains(".TH designdoc 1"), "{page}");
    for c in ["check", "build", "serve", "lsp", "completions"] {
        assert!(page.contains(c), "{c}");
    }
    // And `man` itself renders it, where man is installed.
    if has("man") {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("designdoc.1");
        std::fs::write(&path, &page).unwrap();
        let out = Command::new("man")
            .arg(&path)
            .env("MANPAGER", "cat")
            .env("PAGER", "cat")
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(String::from_utf8_lossy(&out.stdout).contains("designdoc"));
    }
}
