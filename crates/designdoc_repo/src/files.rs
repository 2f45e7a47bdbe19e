//! Reading docs defensively and writing them atomically.

use std::fmt;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Why a file could not be read as a document.
#[derive(Debug)]
pub enum ReadError {
    /// Looking at, opening or reading the file failed (missing, no
    /// permission, a symbolic link loop, …).
    Io(io::Error),
    /// The path is a directory.
    Directory,
    /// A FIFO, socket or device: reading it could block or never end.
    NotAFile(&'static str),
    /// The file is over the size cap (`max-file-size`).
    TooLarge {
        /// The file's size in bytes, or, when it grew while being read, the
        /// bytes read before stopping (`limit` + 1).
        size: u64,
        /// The cap in bytes; a file of exactly this size is read.
        limit: u64,
    },
    /// The text starts with a UTF-16 byte order mark (either byte order).
    Utf16,
    /// The text holds a NUL byte.
    Binary {
        /// The 1-based line of the first NUL byte.
        line: usize,
    },
    /// The text is not valid UTF-8.
    NotUtf8 {
        /// The 1-based line of the first invalid byte.
        line: usize,
        /// The 1-based column of the first invalid byte, in characters
        /// from the start of its line.
        column: usize,
    },
}

impl std::error::Error for ReadError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            ReadError::Io(e) => Some(e),
            _ => None,
        }
    }
}

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ReadError::Io(e) if e.kind() == io::ErrorKind::NotFound => write!(f, "no such file"),
            ReadError::Io(e) if e.kind() == io::ErrorKind::PermissionDenied => {
                write!(f, "cannot read: permission denied")
            }
            // ELOOP: Linux 40, the BSDs and macOS 62.
            ReadError::Io(e) if matches!(e.raw_os_error(), Some(40 | 62)) => {
                write!(f, "cannot read: a symbolic link loop")
            }
            ReadError::Io(e) => write!(f, "cannot read: {e}"),
            ReadError::Directory => write!(f, "is a directory, not a Markdown file"),
            ReadError::NotAFile(kind) => write!(f, "is a {kind}, not a regular file; not read"),
            ReadError::TooLarge { size, limit } => write!(
                f,
                "file is {}, over the {} limit (raise max-file-size in designdoc.toml to check it)",
                human_size(*size),
                human_size(*limit)
            ),
            ReadError::Utf16 => write!(
                f,
                "file is UTF-16; designdoc reads UTF-8 (save it as UTF-8)"
            ),
            ReadError::Binary { line } => {
                write!(f, "binary file (a NUL byte on line {line}), not Markdown")
            }
            ReadError::NotUtf8 { line, column } => {
                write!(
                    f,
                    "not valid UTF-8: invalid byte at line {line}, column {column} (save it as UTF-8)"
                )
            }
        }
    }
}

fn human_size(n: u64) -> String {
    const MIB: f64 = 1024.0 * 1024.0;
    if n as f64 >= MIB {
        format!("{:.1} MiB", n as f64 / MIB)
    } else {
        format!("{n} bytes")
    }
}

/// Reads a document: refuses directories, FIFOs, sockets and devices,
/// files over `limit` bytes, UTF-16, binary files and invalid UTF-8, each
/// with a precise reason. Never reads more than `limit` + 1 bytes, even
/// from a file that grows while it is read.
pub fn read_doc(path: &Path, limit: u64) -> Result<String, ReadError> {
    use std::io::Read;
    // Looked at before opening: opening a FIFO blocks until a writer comes.
    let meta = std::fs::metadata(path).map_err(ReadError::Io)?;
    not_a_file(&meta.file_type())?;
    if meta.len() > limit {
        return Err(ReadError::TooLarge {
            size: meta.len(),
            limit,
        });
    }
    let file = std::fs::File::open(path).map_err(|e| {
        if e.raw_os_error() == Some(21) {
            ReadError::Directory
        } else {
            ReadError::Io(e)
        }
    })?;
    // The file opened may not be the one looked at (replaced in between).
    not_a_file(&file.metadata().map_err(ReadError::Io)?.file_type())?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(limit.saturating_add(1))
        .read_to_end(&mut bytes)
        .map_err(ReadError::Io)?;
    if bytes.len() as u64 > limit {
        return Err(ReadError::TooLarge {
            size: bytes.len() as u64,
            limit,
        });
    }
    decode(bytes)
}

fn not_a_file(t: &std::fs::FileType) -> Result<(), ReadError> {
    if t.is_file() {
        return Ok(());
    }
    if t.is_dir() {
        return Err(ReadError::Directory);
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if t.is_fifo() {
            return Err(ReadError::NotAFile("FIFO (named pipe)"));
        }
        if t.is_socket() {
            return Err(ReadError::NotAFile("socket"));
        }
        if t.is_block_device() || t.is_char_device() {
            return Err(ReadError::NotAFile("device"));
        }
    }
    Err(ReadError::NotAFile("special file"))
}

/// Bytes to text, with the reasons of [`read_doc`].
pub fn decode(bytes: Vec<u8>) -> Result<String, ReadError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(ReadError::Utf16);
    }
    if let Some(i) = memchr::memchr(0, &bytes) {
        let line = bytes[..i].iter().filter(|&&b| b == b'\n').count() + 1;
        return Err(ReadError::Binary { line });
    }
    String::from_utf8(bytes).map_err(|e| {
        let bad = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        let line_start = bytes[..bad]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(0, |p| p + 1);
        let line = bytes[..bad].iter().filter(|&&b| b == b'\n').count() + 1;
        let column = String::from_utf8_lossy(&bytes[line_start..bad])
            .chars()
            .count()
            + 1;
        ReadError::NotUtf8 { line, column }
    })
}

/// Replaces `path`'s content with `contents`, atomically: a temporary file
/// in the same directory, flushed to disk, given the original's permissions,
/// then renamed over the original (a symlink's target is written, the link
/// kept). Refuses when the file no longer holds `expected` (changed on disk
/// since it was read). On any failure the original is left as it was.
pub fn write_atomic(path: &Path, contents: &str, expected: &str) -> io::Result<()> {
    let (target, tmp) = stage(path, contents, expected)?;
    tmp.persist(&target).map_err(|e| e.error)?;
    sync_dir(&target);
    Ok(())
}

/// The first half of an atomic write: checks that `path` still holds
/// `expected`, and writes `contents` to a flushed temporary file beside
/// its target, with the original's permissions. Persisting the temporary
/// file over the target is the second half.
fn stage(
    path: &Path,
    contents: &str,
    expected: &str,
) -> io::Result<(PathBuf, tempfile::NamedTempFile)> {
    let target = std::fs::canonicalize(path)?;
    if std::fs::read(&target)? != expected.as_bytes() {
        return Err(io::Error::other(
            "the file changed on disk since it was read; not overwritten",
        ));
    }
    let dir = target.parent().unwrap_or(Path::new("."));
    let perms = std::fs::metadata(&target)?.permissions();
    // A rename would replace a read-only file all the same: refuse, as an
    // editor does.
    if perms.readonly() {
        return Err(io::Error::new(
            io::ErrorKind::PermissionDenied,
            "the file is read-only; not overwritten",
        ));
    }
    let tmp = temp_beside(dir, contents.as_bytes(), Some(perms))?;
    Ok((target, tmp))
}

/// `contents` in a flushed temporary file in `dir` (so that a rename puts
/// it in place), with `perms` when given.
fn temp_beside(
    dir: &Path,
    contents: &[u8],
    perms: Option<std::fs::Permissions>,
) -> io::Result<tempfile::NamedTempFile> {
    remove_stale_temps(dir);
    let mut builder = tempfile::Builder::new();
    builder.prefix(".designdoc-").suffix(".tmp");
    // A temporary file is made owner-only (0600); a new file of ours is
    // not temporary once renamed, so it gets the mode any program's new
    // file gets: 0666 less the umask (a site served by another user must
    // be readable).
    #[cfg(unix)]
    if perms.is_none() {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder.tempfile_in(dir)?;
    tmp.write_all(contents)?;
    tmp.as_file().sync_all()?;
    if let Some(p) = perms {
        std::fs::set_permissions(tmp.path(), p)?;
    }
    Ok(tmp)
}

/// A temporary file of ours older than this was left by a run that was
/// killed between writing and renaming it (a write takes milliseconds).
const STALE_TEMP: std::time::Duration = std::time::Duration::from_secs(600);

/// Removes the `.designdoc-*.tmp` files a killed run left in `dir`, once
/// per directory per process (best effort: what cannot be removed stays).
fn remove_stale_temps(dir: &Path) {
    use std::collections::HashSet;
    use std::sync::{Mutex, OnceLock};
    static SWEPT: OnceLock<Mutex<HashSet<PathBuf>>> = OnceLock::new();
    let swept = SWEPT.get_or_init(Default::default);
    if !swept
        .lock()
        .map(|mut s| s.insert(dir.to_path_buf()))
        .unwrap_or(false)
    {
        return;
    }
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let name = e.file_name();
        let name = name.to_string_lossy();
        if !(name.starts_with(".designdoc-") && name.ends_with(".tmp")) {
            continue;
        }
        let stale = e
            .metadata()
            .ok()
            .filter(|m| m.is_file())
            .and_then(|m| m.modified().ok())
            .and_then(|t| t.elapsed().ok())
            .is_some_and(|age| age > STALE_TEMP);
        if stale {
            let _ = std::fs::remove_file(e.path());
        }
    }
}

/// Makes a rename in `file`'s directory durable (best effort).
fn sync_dir(file: &Path) {
    let dir = file
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Writes `contents` to `path` through a temporary file in the same
/// directory and a rename: readers see the old file or the new one, never
/// half of either. Creates the file if it does not exist. Text or bytes.
pub fn write_new_or_replace(path: &Path, contents: impl AsRef<[u8]>) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let perms = std::fs::metadata(path).ok().map(|m| m.permissions());
    let tmp = temp_beside(dir, contents.as_ref(), perms)?;
    tmp.persist(path).map_err(|e| e.error)?;
    sync_dir(path);
    Ok(())
}

/// Creates `path` with `contents`, never replacing a file that exists
/// (the error is then `AlreadyExists`): the text is written and flushed to
/// a temporary file first, then moved into place, so that an interrupted
/// run leaves no half-written doc.
pub fn create_new(path: &Path, contents: &str) -> io::Result<()> {
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let tmp = temp_beside(dir, contents.as_bytes(), None)?;
    tmp.persist_noclobber(path).map_err(|e| e.error)?;
    sync_dir(path);
    Ok(())
}

/// Writes two files so that either both change or neither does: both new
/// texts go to temporary files first, both originals are checked
/// unchanged, then both are renamed into place; if the second rename
/// fails, the first file is put back.
pub fn write_pair(a: (&Path, &str, &str), b: (&Path, &str, &str)) -> io::Result<()> {
    fn named(p: &Path) -> impl Fn(io::Error) -> io::Error + '_ {
        move |e| io::Error::new(e.kind(), format!("{}: {e}", p.display()))
    }
    let (ta, tmp_a) = stage(a.0, a.1, a.2).map_err(named(a.0))?;
    let (tb, tmp_b) = stage(b.0, b.1, b.2).map_err(named(b.0))?;
    tmp_a.persist(&ta).map_err(|e| e.error)?;
    if let Err(e) = tmp_b.persist(&tb) {
        // Put the first file back as it was.
        let _ = write_new_or_replace(&ta, a.2);
        return Err(e.error);
    }
    sync_dir(&ta);
    sync_dir(&tb);
    Ok(())
}
