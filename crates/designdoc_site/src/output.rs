//! Writing the site: only files whose content changed, each through a
//! temporary file and a rename (the preview server never serves half a
//! page), and removing only files an earlier build wrote and this one no
//! longer makes. What was written is remembered in a manifest in the
//! output directory, so that a later build (another process) knows it too.

use std::collections::BTreeMap;
use std::io::{self, Write as _};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use rayon::prelude::*;

/// The manifest's file name, in the output directory.
pub const MANIFEST: &str = ".designdoc-site.json";

/// One output file: a path relative to the output directory, with `/`.
#[derive(Clone)]
pub struct OutFile {
    /// Where it goes in the site (`docs/design/0001-x.html`); the key of
    /// the manifest.
    pub path: String,
    /// The whole file; its hash decides whether it is written again.
    pub contents: Vec<u8>,
}

impl OutFile {
    /// The file at `path` (relative to the output directory, with `/`)
    /// holding `contents`.
    pub fn new(path: impl Into<String>, contents: impl Into<Vec<u8>>) -> Self {
        OutFile {
            path: path.into(),
            contents: contents.into(),
        }
    }
}

/// What a write did.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Written {
    /// Files written because they are new, changed, or missing on disk:
    /// paths relative to the output directory, sorted.
    pub written: Vec<String>,
    /// How many of the files given were left alone: their content hash
    /// matches the manifest's and they are still on disk.
    pub unchanged: usize,
    /// Files an earlier build wrote that neither the files given nor
    /// `keep` name, deleted (only with `keep`): paths relative to the
    /// output directory.
    pub removed: Vec<String>,
}

/// The output directory and what is in it (path → content hash).
pub struct Output {
    /// The output directory, as given to [`Output::open`] (not made
    /// absolute).
    pub dir: PathBuf,
    files: BTreeMap<String, u64>,
}

impl Output {
    /// Opens `dir` (created when missing), reading the manifest of an
    /// earlier build when there is one.
    pub fn open(dir: &Path) -> io::Result<Output> {
        std::fs::create_dir_all(dir)?;
        let files = std::fs::read(dir.join(MANIFEST))
            .ok()
            .and_then(|b| serde_json::from_slice::<BTreeMap<String, u64>>(&b).ok())
            .unwrap_or_default()
            .into_iter()
            .filter(|(p, _)| safe_relative(p))
            .collect();
        Ok(Output {
            dir: dir.to_path_buf(),
            files,
        })
    }

    /// Writes the files that changed. With `keep`, the site is `files` and
    /// the files `keep` names (unchanged, so not given again): files an
    /// earlier build wrote that are in neither are removed. Writes in
    /// parallel; the first error stops nothing else and is returned after
    /// the manifest is saved.
    pub fn write(
        &mut self,
        files: &[OutFile],
        keep: Option<&std::collections::HashSet<String>>,
    ) -> io::Result<Written> {
        let mut report = Written::default();
        let hashed: Vec<(usize, u64)> = files
            .par_iter()
            .enumerate()
            .map(|(i, f)| (i, hash(&f.contents)))
            .collect();
        let todo: Vec<(usize, u64)> = hashed
            .into_iter()
            .filter(|&(i, h)| {
                let f = &files[i];
                self.files.get(&f.path) != Some(&h) || !self.dir.join(&f.path).is_file()
            })
            .collect();
        report.unchanged = files.len() - todo.len();
        let results: Vec<(usize, u64, io::Result<()>)> = todo
            .par_iter()
            .map(|&(i, h)| (i, h, write_file(&self.dir, &files[i])))
            .collect();
        let mut first_error = None;
        for (i, h, r) in results {
            match r {
                Ok(()) => {
                    self.files.insert(files[i].path.clone(), h);
                    report.written.push(files[i].path.clone());
                }
                Err(e) => {
                    self.files.remove(&files[i].path);
                    first_error.get_or_insert(io::Error::new(
                        e.kind(),
                        format!("{}: {e}", self.dir.join(&files[i].path).display()),
                    ));
                }
            }
        }
        report.written.sort();
        if let Some(keep) = keep {
            let made: std::collections::HashSet<&str> =
                files.iter().map(|f| f.path.as_str()).collect();
            let stale: Vec<String> = self
                .files
                .keys()
                .filter(|p| !made.contains(p.as_str()) && !keep.contains(p.as_str()))
                .cloned()
                .collect();
            for p in stale {
                let full = self.dir.join(&p);
                match std::fs::remove_file(&full) {
                    Ok(()) => report.removed.push(p.clone()),
                    Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                    Err(e) => {
                        first_error.get_or_insert(io::Error::new(
                            e.kind(),
                            format!("{}: {e}", full.display()),
                        ));
                    }
                }
                self.files.remove(&p);
                remove_empty_parents(&self.dir, &full);
            }
        }
        self.save_manifest()?;
        match first_error {
            Some(e) => Err(e),
            None => Ok(report),
        }
    }

    /// Whether `path` was written, as the manifest says, and is still
    /// there.
    pub fn has(&self, path: &str) -> bool {
        self.files.contains_key(path) && self.dir.join(path).is_file()
    }

    /// Writes a file of the builder's own (a dot-file, like the manifest),
    /// which the manifest does not list.
    pub fn write_extra(&self, name: &str, contents: &[u8]) -> io::Result<()> {
        write_file(&self.dir, &OutFile::new(name, contents))
    }

    /// The files an earlier build wrote, as far as the manifest knows.
    pub fn paths(&self) -> impl Iterator<Item = &str> {
        self.files.keys().map(String::as_str)
    }

    fn save_manifest(&self) -> io::Result<()> {
        let json = serde_json::to_vec(&self.files).map_err(io::Error::other)?;
        write_file(&self.dir, &OutFile::new(MANIFEST, json))
    }
}

/// A relative path that stays inside its directory: no root, no `..`.
pub fn safe_relative(p: &str) -> bool {
    !p.is_empty()
        && Path::new(p)
            .components()
            .all(|c| matches!(c, Component::Normal(_)))
}

/// Writes one file through a temporary file beside it and a rename. No
/// fsync: a site can be built again, while a reader must never see half a
/// page.
fn write_file(dir: &Path, f: &OutFile) -> io::Result<()> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    if !safe_relative(&f.path) {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("refusing to write outside the output directory: {}", f.path),
        ));
    }
    let path = dir.join(&f.path);
    let parent = path.parent().unwrap_or(dir);
    std::fs::create_dir_all(parent)?;
    let tmp = parent.join(format!(
        ".designdoc-{}-{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(&f.contents)?;
        drop(file);
        std::fs::rename(&tmp, &path)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn remove_empty_parents(root: &Path, file: &Path) {
    let mut dir = file.parent();
    while let Some(d) = dir {
        if d == root || !d.starts_with(root) || std::fs::remove_dir(d).is_err() {
            break;
        }
        dir = d.parent();
    }
}

/// Whether a file changed: the workspace's text hash, over bytes.
pub use designdoc_repo::bytes_hash as hash;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_what_changed_and_removes_only_its_own_stale_files() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("mine.txt"), "not the site's").unwrap();
        let mut out = Output::open(dir.path()).unwrap();
        let first = out
            .write(
                &[OutFile::new("a.html", "A"), OutFile::new("d/b.html", "B")],
                Some(&Default::default()),
            )
            .unwrap();
        assert_eq!(first.written, ["a.html", "d/b.html"]);
        // A new process: the manifest says what is there.
        let mut out = Output::open(dir.path()).unwrap();
        let second = out
            .write(&[OutFile::new("a.html", "A2")], Some(&Default::default()))
            .unwrap();
        assert_eq!(second.written, ["a.html"]);
        assert_eq!(second.removed, ["d/b.html"]);
        assert!(!dir.path().join("d").exists(), "empty folder left");
        assert_eq!(
            std::fs::read_to_string(dir.path().join("mine.txt")).unwrap(),
            "not the site's"
        );
        let third = out
            .write(&[OutFile::new("a.html", "A2")], Some(&Default::default()))
            .unwrap();
        assert!(third.written.is_empty());
        assert_eq!(third.unchanged, 1);
        // Files kept but not given again stay.
        out.write(&[OutFile::new("b.html", "B")], None).unwrap();
        let keep = ["b.html".to_string()].into_iter().collect();
        let fourth = out
            .write(&[OutFile::new("a.html", "A2")], Some(&keep))
            .unwrap();
        assert!(fourth.removed.is_empty(), "{:?}", fourth.removed);
        assert!(dir.path().join("b.html").is_file());
    }

    #[test]
    fn refuses_paths_outside_the_directory() {
        let dir = tempfile::tempdir().unwrap();
        let mut out = Output::open(&dir.path().join("site")).unwrap();
        for bad in ["../escape.html", "/etc/x", "a/../../b"] {
            assert!(out.write(&[OutFile::new(bad, "x")], None).is_err(), "{bad}");
        }
        assert!(!dir.path().join("escape.html").exists());
    }
}
