//! The hooks of `.pre-commit-hooks.yaml`, run by pre-commit itself (from
//! PyPI; .ci/run installs it) against a fixture repository, through
//! `pre-commit try-repo` on this repository.
//!
//! The `-system` hooks run the designdoc just built. The `language: rust`
//! hooks make pre-commit build designdoc from this repository with cargo;
//! that takes minutes, so their test is ignored by default and .ci/run
//! runs it.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::{COMPLETE, read, write};

fn pre_commit_installed() -> bool {
    let ok = Command::new("pre-commit")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: pre-commit is not installed (pip install pre-commit)");
    }
    ok
}

fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {out:?}");
}

/// A repository with designdoc.toml, a README (not a design doc) and
/// `doc`, all committed.
fn fixture(doc: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    git(root, &["init", "-q"]);
    git(root, &["config", "user.email", "t@example.com"]);
    git(root, &["config", "user.name", "T"]);
    write(
        root,
        "designdoc.toml",
        "paths = [\"docs/design/**/*.md\"]\n",
    );
    write(root, "README.md", "# A project\n\nNot a design doc.\n");
    write(root, "docs/design/0001-designdoc.md", doc);
    git(root, &["add", "-A"]);
    git(root, &["commit", "-qm", "fixture"]);
    dir
}

/// `pre-commit try-repo THIS_REPO HOOK --all-files` in `dir`, with the
/// built designdoc first on PATH.
fn try_repo(dir: &Path, hook: &str, env: &[(&str, &str)]) -> (String, i32) {
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin_dir: PathBuf = assert_cmd::cargo::cargo_bin("designdoc")
        .parent()
        .unwrap()
        .to_path_buf();
    let path = format!(
        "{}:{}",
        bin_dir.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let cache = dir.join(".pre-commit-cache");
    let mut cmd = Command::new("pre-commit");
    cmd.args([
        "try-repo",
        repo.to_str().unwrap(),
        hook,
        "--all-files",
        "--color",
        "never",
    ])
    .current_dir(dir)
    .env("PATH", path)
    .env("PRE_COMMIT_HOME", &cache)
    .env("NO_COLOR", "1")
    .env_remove("GIT_DIR");
    for (k, v) in env {
        cmd.env(k, v);
    }
    let Output {
        stdout,
        stderr,
        status,
    } = cmd.output().unwrap();
    (
        format!(
            "{}{}",
            String::from_utf8_lossy(&stdout),
            String::from_utf8_lossy(&stderr)
        ),
        status.code().unwrap_or(-1),
    )
}

/// COMPLETE without its Testing section: a finding, and a fix.
fn incomplete() -> String {
    let start = COMPLETE.find("## Testing").unwrap();
    let end = COMPLETE.find("## Monitoring").unwrap();
    format!("{}{}", &COMPLETE[..start], &COMPLETE[end..])
}

#[test]
fn the_check_hook_passes_a_complete_doc_and_fails_an_incomplete_one() {
    if !pre_commit_installed() {
        return;
    }
    let good = fixture(COMPLETE);
    let (out, code) = try_repo(good.path(), "designdoc-check-system", &[]);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("designdoc check") && out.contains("Passed"),
        "{out}"
    );

    let bad = fixture(&incomplete());
    let (out, code) = try_repo(bad.path(), "designdoc-check-system", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("Failed"), "{out}");
    assert!(
        out.contains("docs/design/0001-designdoc.md") && out.contains("missing-section"),
        "{out}"
    );
    // The README was passed to the hook too, and not judged.
    assert!(!out.contains("README.md:"), "{out}");
}

#[test]
fn the_fix_hook_fixes_the_doc_and_fails_as_pre_commit_fixers_do() {
    if !pre_commit_installed() {
        return;
    }
    // A misspelt heading: a safe fix (inserting a missing section is not).
    let bad = fixture(&COMPLETE.replace("## Testing", "## Testingg"));
    let (out, code) = try_repo(bad.path(), "designdoc-fix-system", &[]);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("files were modified by this hook"), "{out}");
    let fixed = read(bad.path(), "docs/design/0001-designdoc.md");
    assert!(fixed.contains("## Testing"), "{fixed}");
    assert_eq!(
        read(bad.path(), "README.md"),
        "# A project\n\nNot a design doc.\n"
    );
}

/// `language: rust`: pre-commit runs `cargo install --path .` on this
/// repository, then the hook. Built unoptimized into target/pre-commit so
/// that it takes minutes, not ten.
#[test]
#[ignore = "builds designdoc with cargo install; run by .ci/run"]
fn the_rust_hooks_build_designdoc_with_cargo_and_run_it() {
    if !pre_commit_installed() {
        return;
    }
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/pre-commit");
    let env = [
        ("CARGO_TARGET_DIR", target.to_str().unwrap()),
        ("CARGO_PROFILE_RELEASE_LTO", "false"),
        ("CARGO_PROFILE_RELEASE_OPT_LEVEL", "0"),
        ("CARGO_PROFILE_RELEASE_CODEGEN_UNITS", "256"),
        ("CARGO_PROFILE_RELEASE_DEBUG", "false"),
    ];
    // One run (each try-repo builds again): the build, then the finding.
    let bad = fixture(&incomplete());
    let (out, code) = try_repo(bad.path(), "designdoc-check", &env);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("missing-section"), "{out}");
    assert!(!out.contains("README.md:"), "{out}");
}
