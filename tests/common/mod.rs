//! Helpers the CLI test files share: the real binary in a directory, and
//! files written and read relative to it.
#![allow(dead_code)] // each test file uses its own subset

use std::path::Path;

use assert_cmd::Command;

/// A doc in the built-in template that passes every rule.
pub const COMPLETE: &str =
    include_str!("../../crates/designdoc_lint/tests/fixtures/complete/designdoc.md");

/// The binary, run in `dir`, without colour or an inherited `GIT_DIR`.
pub fn designdoc(dir: &Path) -> Command {
    let mut c = Command::cargo_bin("designdoc").unwrap();
    c.current_dir(dir)
        .env("NO_COLOR", "1")
        .env_remove("GIT_DIR");
    c
}

/// (stdout, stderr, exit code).
pub fn run(dir: &Path, args: &[&str]) -> (String, String, i32) {
    let out = designdoc(dir).args(args).output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap(),
    )
}

/// Writes `rel` under `dir`, creating its folders.
pub fn write(dir: &Path, rel: &str, text: impl AsRef<[u8]>) {
    let p = dir.join(rel);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, text).unwrap();
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap()
}

/// Runs the binary so that file permissions bind even for root (CI runs
/// as root): through `setpriv` without the capabilities that bypass them.
pub fn unprivileged(dir: &Path, args: &[&str]) -> Option<std::process::Output> {
    let bin = assert_cmd::cargo::cargo_bin("designdoc");
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.starts_with(b"0\n"));
    let mut cmd = if root {
        let mut c = std::process::Command::new("setpriv");
        c.arg("--bounding-set=-dac_override,-dac_read_search,-fowner")
            .arg(&bin);
        c
    } else {
        std::process::Command::new(&bin)
    };
    match cmd
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .args(args)
        .output()
    {
        Ok(o) => Some(o),
        Err(e) => {
            eprintln!("skipped: cannot drop root's file capabilities here (setpriv: {e})");
            None
        }
    }
}

/// Whether `program args` runs and succeeds; says so when a test skips
/// for want of it.
pub fn found(program: &str, args: &[&str]) -> bool {
    let ok = std::process::Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        eprintln!("skipped: {program} {args:?} is not available");
    }
    ok
}
