//! Safe writes, on real files: what `write_atomic`, `write_pair` and
//! `create_new` promise (docs/reliability.md).

use std::os::unix::fs::{PermissionsExt, symlink};
use std::path::Path;

use designdoc_repo::{create_new, read_doc, write_atomic, write_new_or_replace, write_pair};

fn mode(p: &Path) -> u32 {
    std::fs::metadata(p).unwrap().permissions().mode() & 0o7777
}

/// The names in `dir`, sorted: to see that no temporary file is left.
fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn write_atomic_keeps_permissions_and_leaves_no_temporary_file() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("a.md");
    std::fs::write(&p, "old\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&p, "new\n", "old\n").unwrap();
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "new\n");
    assert_eq!(mode(&p), 0o640);
    assert_eq!(names(t.path()), ["a.md"]);
}

#[test]
fn write_atomic_through_a_symlink_writes_the_target_and_keeps_the_link() {
    let t = tempfile::tempdir().unwrap();
    std::fs::create_dir(t.path().join("real")).unwrap();
    let target = t.path().join("real/a.md");
    std::fs::write(&target, "old\n").unwrap();
    let link = t.path().join("link.md");
    symlink("real/a.md", &link).unwrap();
    write_atomic(&link, "new\n", "old\n").unwrap();
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_to_string(&target).unwrap(), "new\n");
    assert_eq!(names(&t.path().join("real")), ["a.md"]);
}

#[test]
fn a_file_changed_on_disk_since_it_was_read_is_not_overwritten() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("a.md");
    std::fs::write(&p, "edited in the editor meanwhile\n").unwrap();
    let e = write_atomic(&p, "fixed\n", "as read\n").unwrap_err();
    assert!(e.to_string().contains("changed on disk"), "{e}");
    assert_eq!(
        std::fs::read_to_string(&p).unwrap(),
        "edited in the editor meanwhile\n"
    );
    assert_eq!(names(t.path()), ["a.md"]);
}

#[test]
fn a_read_only_file_is_not_replaced() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("a.md");
    std::fs::write(&p, "old\n").unwrap();
    std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o444)).unwrap();
    let e = write_atomic(&p, "new\n", "old\n").unwrap_err();
    assert!(e.to_string().contains("read-only"), "{e}");
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "old\n");
    assert_eq!(names(t.path()), ["a.md"]);
}

#[test]
fn write_pair_changes_both_files_or_neither() {
    let t = tempfile::tempdir().unwrap();
    let a = t.path().join("a.md");
    let b = t.path().join("b.md");
    std::fs::write(&a, "a0").unwrap();
    std::fs::write(&b, "b0").unwrap();
    // b changed on disk: neither is written.
    let e = write_pair((&a, "a1", "a0"), (&b, "b1", "b-was-read-as-this")).unwrap_err();
    assert!(e.to_string().contains("b.md"), "{e}");
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "a0");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "b0");
    assert_eq!(names(t.path()), ["a.md", "b.md"]);
    write_pair((&a, "a1", "a0"), (&b, "b1", "b0")).unwrap();
    assert_eq!(std::fs::read_to_string(&a).unwrap(), "a1");
    assert_eq!(std::fs::read_to_string(&b).unwrap(), "b1");
}

#[test]
fn create_new_never_replaces_an_existing_file() {
    let t = tempfile::tempdir().unwrap();
    let p = t.path().join("0001-a.md");
    create_new(&p, "first\n").unwrap();
    let e = create_new(&p, "second\n").unwrap_err();
    assert_eq!(e.kind(), std::io::ErrorKind::AlreadyExists);
    assert_eq!(std::fs::read_to_string(&p).unwrap(), "first\n");
    assert_eq!(names(t.path()), ["0001-a.md"]);
}

/// Regression: new files (a doc from `new`, every page of a catalog) were
/// created owner-only (0600), the temporary file's mode, so a web server
/// running as another user could not read the catalog.
#[test]
fn a_new_file_gets_the_mode_any_new_file_gets_not_a_temporary_files() {
    let t = tempfile::tempdir().unwrap();
    let plain = t.path().join("plain.txt");
    std::fs::write(&plain, "x").unwrap();
    let expected = mode(&plain); // 0666 less this process's umask
    let a = t.path().join("a.md");
    create_new(&a, "new\n").unwrap();
    assert_eq!(mode(&a), expected);
    let b = t.path().join("b.html");
    write_new_or_replace(&b, "page").unwrap();
    assert_eq!(mode(&b), expected);
    // An existing file keeps its own mode.
    std::fs::set_permissions(&b, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_new_or_replace(&b, "page 2").unwrap();
    assert_eq!(mode(&b), 0o640);
}

#[test]
fn a_device_is_refused_unopened() {
    // /dev/zero reports a size of 0 and never ends: a device, refused.
    let e = read_doc(Path::new("/dev/zero"), 1024).unwrap_err();
    assert_eq!(e.to_string(), "is a device, not a regular file; not read");
}

/// A run killed between writing its temporary file and renaming it leaves
/// `.designdoc-*.tmp` behind; the next write in that folder removes it,
/// but not a fresh one another run may be using.
#[test]
fn temporary_files_a_killed_run_left_are_removed_by_the_next_write() {
    let dir = tempfile::tempdir().unwrap();
    let doc = dir.path().join("a.md");
    std::fs::write(&doc, "old").unwrap();
    let stale = dir.path().join(".designdoc-AbC123.tmp");
    let fresh = dir.path().join(".designdoc-XyZ789.tmp");
    let other = dir.path().join(".other-AbC123.tmp");
    for p in [&stale, &fresh, &other] {
        std::fs::write(p, "half").unwrap();
    }
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for p in [&stale, &other] {
        std::fs::File::options()
            .write(true)
            .open(p)
            .unwrap()
            .set_modified(hour_ago)
            .unwrap();
    }
    write_atomic(&doc, "new", "old").unwrap();
    assert_eq!(std::fs::read_to_string(&doc).unwrap(), "new");
    assert_eq!(
        names(dir.path()),
        [".designdoc-XyZ789.tmp", ".other-AbC123.tmp", "a.md"]
    );
}
