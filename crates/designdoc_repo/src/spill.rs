//! A doc's own findings kept on disk until output, once a run holds more
//! than it should in memory.
//!
//! `check` cannot print a doc's findings when the doc is checked: the
//! repository rules (a number two docs share, a link to a heading another
//! doc removed) add to them only once every doc is read, and output is in
//! file order. So a run holds every finding until then: 314,000 of them,
//! 76 MB, on ten thousand placeholder-dense docs. Past a limit, each doc's
//! own findings go to one unnamed temporary file (the system removes it
//! when the run ends, however it ends) and come back when the doc is
//! printed ([`crate::FileOutcome::restore`]); the repository rules' findings
//! stay in memory and are merged in then, in the order the run would
//! have given them. A run under the limit never touches the disk, and one
//! whose temporary file cannot be written keeps its findings in memory.

use std::io::{Read, Seek, SeekFrom, Write};
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use designdoc_lint::Diagnostic;

/// Findings a run keeps in memory before the next doc's go to disk:
/// about 200 bytes each, so 4 MB.
pub const SPILL_OVER: usize = 20_000;

/// The temporary file of one run, shared by its threads.
#[derive(Debug)]
pub(crate) struct Spill {
    /// Findings held in memory so far.
    held: AtomicUsize,
    /// The file could not be created or written to (a full disk): what it
    /// holds stays readable, and the rest of the run keeps its findings in
    /// memory.
    failed: AtomicBool,
    limit: usize,
    file: Mutex<SpillFile>,
}

#[derive(Debug, Default)]
struct SpillFile {
    /// Created on the first doc that goes to disk.
    file: Option<std::fs::File>,
    /// Where the next doc's findings go.
    end: u64,
}

/// Where a doc's own findings went.
#[derive(Debug)]
pub struct Spilled {
    spill: std::sync::Arc<Spill>,
    at: u64,
    len: usize,
    /// Some finding has a safe fix that renames a heading: the repository
    /// pass must see it, to demote the fix when other docs link there.
    pub(crate) anchored: bool,
}

impl Spill {
    pub(crate) fn new(limit: usize) -> Self {
        Spill {
            held: AtomicUsize::new(0),
            failed: AtomicBool::new(false),
            limit,
            file: Mutex::new(SpillFile::default()),
        }
    }

    /// Keeps `diagnostics` in memory while the run holds fewer than the
    /// limit; else writes them to the temporary file, empties them, and
    /// says where they are.
    pub(crate) fn keep_or_spill(
        self: &std::sync::Arc<Self>,
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Option<Spilled> {
        let n = diagnostics.len();
        if n == 0
            || self.held.fetch_add(n, Ordering::Relaxed) + n <= self.limit
            || self.failed.load(Ordering::Relaxed)
        {
            return None;
        }
        let mut bytes = Vec::new();
        designdoc_lint::pack::pack(diagnostics, &mut bytes);
        let mut state = self.file.lock().unwrap_or_else(|e| e.into_inner());
        let state = &mut *state;
        if self.failed.load(Ordering::Relaxed) {
            return None;
        }
        if state.file.is_none() {
            match tempfile::tempfile() {
                Ok(f) => state.file = Some(f),
                Err(_) => {
                    self.failed.store(true, Ordering::Relaxed);
                    return None;
                }
            }
        }
        let f = state.file.as_mut().expect("just made");
        if f.seek(SeekFrom::Start(state.end))
            .and_then(|_| f.write_all(&bytes))
            .is_err()
        {
            self.failed.store(true, Ordering::Relaxed);
            return None;
        }
        let at = state.end;
        state.end += bytes.len() as u64;
        self.held.fetch_sub(n, Ordering::Relaxed);
        let anchored = diagnostics.iter().any(|d| {
            d.fix.as_ref().is_some_and(|f| {
                f.applicability == designdoc_lint::Applicability::Safe && f.anchor.is_some()
            })
        });
        *diagnostics = Vec::new();
        Some(Spilled {
            spill: self.clone(),
            at,
            len: bytes.len(),
            anchored,
        })
    }
}

impl Spilled {
    /// The findings written, read back.
    pub(crate) fn read(&self) -> std::io::Result<Vec<Diagnostic>> {
        let mut bytes = vec![0; self.len];
        {
            let mut state = self.spill.file.lock().unwrap_or_else(|e| e.into_inner());
            let Some(f) = state.file.as_mut() else {
                return Err(std::io::Error::other("the temporary file is gone"));
            };
            f.seek(SeekFrom::Start(self.at))?;
            f.read_exact(&mut bytes)?;
        }
        designdoc_lint::pack::unpack(&bytes)
            .ok_or_else(|| std::io::Error::other("the temporary file holds other bytes"))
    }
}
