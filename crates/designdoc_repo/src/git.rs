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

/// The texts `path` had in its last `max` commits (renames followed),
/// newest first; none outside a git repository. Two processes whatever
/// the number of versions: `git log` for the commits, one `git cat-file
/// --batch` for their texts.
pub fn file_versions(path: &Path, max: usize) -> Vec<String> {
    use std::io::Write;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name().and_then(|n| n.to_str())) else {
        return Vec::new();
    };
    let Ok(log) = git(
        dir,
        &[
            "log",
            "--follow",
            &format!("-n{max}"),
            "--format=%x00%H",
            "--name-only",
            "--",
            name,
        ],
    ) else {
        return Vec::new();
    };
    // "\0HASH\n\npath/from/root\n" per commit.
    let wanted: Vec<String> = log
        .split('\0')
        .filter_map(|rec| {
            let mut lines = rec.lines().filter(|l| !l.trim().is_empty());
            let hash = lines.next()?.trim();
            let file = lines.next()?.trim();
            Some(format!("{hash}:{file}\n"))
        })
        .collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let Ok(mut child) = Command::new("git")
        .args(["cat-file", "--batch"])
        .current_dir(dir)
        .env_remove("GIT_DIR")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        return Vec::new();
    };
    if let Some(mut stdin) = child.stdin.take() {
        let _ = stdin.write_all(wanted.concat().as_bytes());
    }
    let Ok(out) = child.wait_with_output() else {
        return Vec::new();
    };
    parse_batch(&out.stdout)
}

/// `git cat-file --batch` output: "<oid> blob <size>\n<bytes>\n" per
/// object found, "<name> missing\n" per object not.
fn parse_batch(out: &[u8]) -> Vec<String> {
    let mut texts = Vec::new();
    let mut rest = out;
    while let Some(nl) = rest.iter().position(|&b| b == b'\n') {
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        let mut parts = header.split(' ');
        let (_, kind, size) = (parts.next(), parts.next(), parts.next());
        let Some(size) = size.and_then(|s| s.parse::<usize>().ok()) else {
            continue; // "missing"
        };
        if rest.len() < size {
            break;
        }
        if kind == Some("blob") {
            texts.push(String::from_utf8_lossy(&rest[..size]).into_owned());
        }
        rest = rest.get(size + 1..).unwrap_or(&[]);
    }
    texts
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

/// A commit as tracing shows it: its short hash and committer time
/// (seconds since the epoch).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stamp {
    /// The abbreviated commit hash: the first 10 hex digits from [`blame`],
    /// git's own `%h` abbreviation from [`last_change`].
    pub commit: String,
    /// The committer time, in seconds since the Unix epoch (UTC); 0 when
    /// git's blame output gave none for the commit.
    pub time: i64,
}

/// The commit that last changed each line of `rel` (index 0 is line 1);
/// `None` for an uncommitted line. Err when git cannot blame the file
/// (not a repository, untracked).
pub fn blame(root: &Path, rel: &str) -> Result<Vec<Option<Stamp>>, String> {
    let out = git(root, &["blame", "--porcelain", "--", rel])?;
    parse_blame(&out)
}

fn parse_blame(out: &str) -> Result<Vec<Option<Stamp>>, String> {
    let mut times: BTreeMap<String, i64> = BTreeMap::new();
    let mut lines: Vec<Option<Stamp>> = Vec::new();
    let mut current: Option<(String, usize)> = None;
    for l in out.lines() {
        if let Some(rest) = l.strip_prefix("committer-time ") {
            if let Some((sha, _)) = &current {
                times.insert(sha.clone(), rest.trim().parse().unwrap_or(0));
            }
        } else if l.starts_with('\t') {
            let Some((sha, line)) = current.take() else {
                continue;
            };
            if lines.len() < line {
                lines.resize(line, None);
            }
            let uncommitted = sha.bytes().all(|b| b == b'0');
            lines[line - 1] = (!uncommitted).then(|| Stamp {
                commit: sha[..sha.len().min(10)].to_string(),
                time: times.get(&sha).copied().unwrap_or(0),
            });
        } else {
            // `<sha> <orig-line> <final-line> [<count>]`
            let mut f = l.split(' ');
            if let (Some(sha), Some(_), Some(fin)) = (f.next(), f.next(), f.next())
                && sha.len() >= 40
                && sha.bytes().all(|b| b.is_ascii_hexdigit())
                && let Ok(n) = fin.parse::<usize>()
            {
                current = Some((sha.to_string(), n));
            }
        }
    }
    Ok(lines)
}

/// The last commit that changed `rel`, if git knows the file.
pub fn last_change(root: &Path, rel: &str) -> Option<Stamp> {
    let out = git(root, &["log", "-1", "--format=%h %ct", "--", rel]).ok()?;
    let (commit, time) = out.trim().split_once(' ')?;
    Some(Stamp {
        commit: commit.to_string(),
        time: time.parse().ok()?,
    })
}

#[cfg(test)]
mod blame_tests {
    #[test]
    fn porcelain_blame_gives_each_line_its_commit_time() {
        let out = "1111111111111111111111111111111111111111 1 1 2\nauthor A\ncommitter-time 100\nfilename d.md\n\tfirst\n1111111111111111111111111111111111111111 2 2\n\tsecond\n0000000000000000000000000000000000000000 3 3 1\ncommitter-time 999\n\tedited\n";
        let b = super::parse_blame(out).unwrap();
        assert_eq!(b.len(), 3);
        assert_eq!(b[1].as_ref().map(|s| s.time), Some(100));
        assert_eq!(b[0].as_ref().unwrap().commit, "1111111111");
        assert_eq!(b[2], None);
    }
}
