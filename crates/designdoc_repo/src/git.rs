//! What designdoc asks of git: the branches' doc numbers, and the files a
//! change touched. Through the git CLI: every repository that has these
//! questions has git, and a handful of processes per run costs less than a
//! library that reimplements git (gix) in the dependency tree.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

fn git(dir: &Path, args: &[&str]) -> Result<String, String> {
    let out = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .output()
        .map_err(|e| format!("cannot run git: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "git {}: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr).trim()
        ));
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// Local and remote-tracking branches (`main`, `origin/feature`).
pub fn branches(dir: &Path) -> Result<Vec<String>, String> {
    let out = git(
        dir,
        &[
            "for-each-ref",
            "--format=%(refname:short)",
            "refs/heads",
            "refs/remotes",
        ],
    )?;
    Ok(out
        .lines()
        .map(str::trim)
        .filter(|r| !r.is_empty() && !r.ends_with("/HEAD") && *r != "origin")
        .map(str::to_string)
        .collect())
}

/// Doc numbers in directory `dir` on every branch: number → (branch,
/// file name) pairs. Empty outside a git work tree.
pub fn branch_numbers(dir: &Path) -> BTreeMap<u32, Vec<(String, String)>> {
    let mut out: BTreeMap<u32, Vec<(String, String)>> = BTreeMap::new();
    let Ok(refs) = branches(dir) else {
        return out;
    };
    for r in refs {
        let Ok(files) = git(dir, &["ls-tree", "--name-only", &r, "--", "."]) else {
            continue;
        };
        for name in files.lines().map(str::trim) {
            let name = name.rsplit('/').next().unwrap_or(name);
            if let Some(n) = crate::catalog::number_from_file_name(name) {
                out.entry(n)
                    .or_default()
                    .push((r.clone(), name.to_string()));
            }
        }
    }
    out
}

/// Files changed since `base` (committed on this branch since it forked
/// from `base`) plus uncommitted and untracked ones; without `base`, only
/// the uncommitted and untracked ones. Absolute paths.
pub fn changed_files(root: &Path, base: Option<&str>) -> Result<Vec<PathBuf>, String> {
    let top = PathBuf::from(git(root, &["rev-parse", "--show-toplevel"])?.trim());
    let mut names: Vec<String> = Vec::new();
    if let Some(b) = base {
        names.extend(
            git(root, &["diff", "--name-only", &format!("{b}...HEAD")])?
                .lines()
                .map(str::to_string),
        );
    }
    names.extend(
        git(root, &["diff", "--name-only", "HEAD"])
            .unwrap_or_default()
            .lines()
            .map(str::to_string),
    );
    names.extend(
        git(root, &["diff", "--name-only", "--cached"])?
            .lines()
            .map(str::to_string),
    );
    names.extend(
        git(
            root,
            &["ls-files", "--others", "--exclude-standard", "--full-name"],
        )?
        .lines()
        .map(str::to_string),
    );
    let mut paths: Vec<PathBuf> = names
        .iter()
        .filter(|n| !n.trim().is_empty())
        .map(|n| top.join(n.trim()))
        .collect();
    paths.sort();
    paths.dedup();
    Ok(paths)
}

/// Files under `dir` at revision `rev`, relative to `dir`.
pub fn files_at(dir: &Path, rev: &str) -> Result<Vec<String>, String> {
    Ok(git(dir, &["ls-tree", "-r", "--name-only", rev, "--", "."])?
        .lines()
        .map(str::to_string)
        .collect())
}

/// A file's text at revision `rev` (path relative to `dir`); `None` when
/// it does not exist there.
pub fn show(dir: &Path, rev: &str, rel: &str) -> Option<String> {
    git(dir, &["show", &format!("{rev}:./{rel}")]).ok()
}

/// Fails with git's own message when `rev` names no commit.
pub fn verify(dir: &Path, rev: &str) -> Result<(), String> {
    git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map(|_| ())
    .map_err(|_| format!("'{rev}' is not a commit, branch or tag"))
}

/// `git config user.name` in `root`, when set.
pub fn user_name(root: &Path) -> Option<String> {
    let out = Command::new("git")
        .args(["config", "user.name"])
        .current_dir(root)
        .output()
        .ok()?;
    let name = String::from_utf8(out.stdout).ok()?.trim().to_string();
    (out.status.success() && !name.is_empty()).then_some(name)
}
