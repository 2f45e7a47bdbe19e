//! Nothing is ever lost or half-written: `--fix` killed at random points,
//! a read-only directory, a full disk. docs/reliability.md lists these.

mod common;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use common::{COMPLETE, designdoc, unprivileged};

const DOCS: usize = 24;

/// A doc with fixes to make: a renamed heading, an unticked item and a
/// missing section (an insertion), padded so that writing takes a while.
fn broken(i: usize) -> String {
    let start = COMPLETE.find("## Out of Scope\n").unwrap();
    let end = start + COMPLETE[start..].find("\n## ").unwrap() + 1;
    let pad = format!("\nFiller line {i} for a larger file.\n").repeat(400 + 37 * i);
    format!("{}{}{pad}", &COMPLETE[..start], &COMPLETE[end..])
        .replace("## Testing", "## Test Plan")
        .replace(
            "- [x] Design details explained",
            "- [ ] Design details explained",
        )
}

fn doc_path(dir: &Path, i: usize) -> PathBuf {
    dir.join(format!("docs/design/{:04}-doc.md", i + 1))
}

fn setup(dir: &Path) {
    std::fs::create_dir_all(dir.join("docs/design")).unwrap();
    for i in 0..DOCS {
        std::fs::write(doc_path(dir, i), broken(i)).unwrap();
    }
}

/// A tiny deterministic generator (no dependency for one test).
struct Lcg(u64);
impl Lcg {
    fn next(&mut self, bound: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (self.0 >> 33) % bound.max(1)
    }
}

#[test]
fn fix_killed_at_random_points_leaves_each_file_original_or_fixed() {
    // What a run that is not interrupted makes of each doc.
    let reference = tempfile::tempdir().unwrap();
    setup(reference.path());
    let started = Instant::now();
    designdoc(reference.path())
        .args(["check", "--fix"])
        .assert()
        .stdout(predicates::str::contains(format!("in {DOCS} file(s).")));
    let full = started.elapsed();
    let fixed: Vec<String> = (0..DOCS)
        .map(|i| std::fs::read_to_string(doc_path(reference.path(), i)).unwrap())
        .collect();
    let bin = assert_cmd::cargo::cargo_bin("designdoc");
    let mut rng = Lcg(0x5eed);
    let (mut untouched, mut partial_runs, mut complete) = (0, 0, 0);
    let runs = 40;
    for run in 0..runs {
        let t = tempfile::tempdir().unwrap();
        setup(t.path());
        let mut child = std::process::Command::new(&bin)
            .args(["check", "--fix"])
            .current_dir(t.path())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        let wait = rng.next(full.as_micros() as u64 * 11 / 10);
        std::thread::sleep(Duration::from_micros(wait));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let mut n_fixed = 0;
        for (i, want) in fixed.iter().enumerate() {
            let got = std::fs::read_to_string(doc_path(t.path(), i)).unwrap();
            if got == *want {
                n_fixed += 1;
            } else {
                assert_eq!(
                    got,
                    broken(i),
                    "run {run}: doc {i} is neither the original nor the fixed version"
                );
            }
        }
        // Only a temporary file of designdoc's own may be left beside them.
        for e in std::fs::read_dir(t.path().join("docs/design")).unwrap() {
            let name = e.unwrap().file_name().to_string_lossy().into_owned();
            assert!(
                name.ends_with("-doc.md")
                    || name.starts_with(".designdoc-") && name.ends_with(".tmp"),
                "run {run}: unexpected file {name}"
            );
        }
        match n_fixed {
            0 => untouched += 1,
            n if n == DOCS => complete += 1,
            _ => partial_runs += 1,
        }
    }
    eprintln!(
        "{runs} runs killed within {full:?}: {untouched} before any write, {partial_runs} midway, {complete} after all"
    );
}

#[test]
fn a_read_only_directory_fails_clearly_and_keeps_the_docs() {
    use std::os::unix::fs::PermissionsExt;
    let t = tempfile::tempdir().unwrap();
    setup(t.path());
    let dir = t.path().join("docs/design");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o555)).unwrap();
    let Some(out) = unprivileged(t.path(), &["check", "--fix"]) else {
        return;
    };
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("could not write the fixes: Permission denied"),
        "{stdout}"
    );
    for i in 0..DOCS {
        assert_eq!(
            std::fs::read_to_string(doc_path(t.path(), i)).unwrap(),
            broken(i)
        );
    }
}

/// A small tmpfs, unmounted when dropped.
struct Tmpfs(PathBuf);
impl Tmpfs {
    fn mount(at: &Path, size: &str) -> Option<Tmpfs> {
        std::fs::create_dir_all(at).unwrap();
        let ok = std::process::Command::new("mount")
            .args(["-t", "tmpfs", "-o", &format!("size={size}"), "tmpfs"])
            .arg(at)
            .stderr(std::process::Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        ok.then(|| Tmpfs(at.to_path_buf()))
    }
}
impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = std::process::Command::new("umount").arg(&self.0).status();
    }
}

#[test]
fn a_full_disk_fails_clearly_and_keeps_the_docs() {
    let t = tempfile::tempdir().unwrap();
    let Some(fs) = Tmpfs::mount(&t.path().join("disk"), "256k") else {
        eprintln!("skipped: cannot mount a small tmpfs here (needs root or CAP_SYS_ADMIN)");
        return;
    };
    let root = fs.0.clone();
    std::fs::create_dir_all(root.join("docs/design")).unwrap();
    let doc = root.join("docs/design/0001-doc.md");
    std::fs::write(&doc, broken(0)).unwrap();
    // Fill the rest of the disk.
    let filler = root.join("filler");
    let mut f = std::fs::File::create(&filler).unwrap();
    let chunk = vec![b'x'; 4096];
    while std::io::Write::write_all(&mut f, &chunk).is_ok() {}
    drop(f);
    let out = designdoc(&root)
        .args(["check", "--fix"])
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(2), "{stdout}");
    assert!(
        stdout.contains("could not write the fixes: No space left on device"),
        "{stdout}"
    );
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), broken(0));
    let left: Vec<_> = std::fs::read_dir(root.join("docs/design"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(left, ["0001-doc.md"], "a temporary file was left");
    // With room again, the same command fixes the doc.
    std::fs::remove_file(&filler).unwrap();
    designdoc(&root)
        .args(["check", "--fix"])
        .assert()
        .stdout(predicates::str::contains("in 1 file(s)."));
    assert_ne!(std::fs::read_to_string(&doc).unwrap(), broken(0));
    drop(fs);
}
