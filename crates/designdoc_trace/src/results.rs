//! Benchmark results on disk, read for `designdoc targets` and the
//! target-missed rule: a criterion folder (every `*/new/benchmark.json`
//! with its `estimates.json` and `sample.json`) or a report file
//! (hyperfine, pytest-benchmark, Go `-bench`, the generic JSON; see
//! `designdoc_lint::targets`).

use std::path::Path;

use designdoc_repo::Workspace;

use designdoc_lint::targets::{Measurement, read_criterion, read_report};

/// Reads every result under `paths`; `shown(path)` names a file in
/// messages. Each unreadable file is one error, and the others are
/// still read.
pub fn load(
    paths: &[std::path::PathBuf],
    shown: impl Fn(&Path) -> String,
) -> (Vec<Measurement>, Vec<String>) {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    for p in paths {
        if p.is_dir() {
            let before = found.len();
            for e in ignore::WalkBuilder::new(p)
                .standard_filters(false)
                .build()
                .flatten()
            {
                let path = e.path();
                let in_new = path
                    .parent()
                    .and_then(|d| d.file_name())
                    .is_some_and(|n| n == "new");
                if !(in_new && path.file_name().is_some_and(|n| n == "benchmark.json")) {
                    continue;
                }
                let dir = path.parent().unwrap_or(p);
                let read = |name: &str| crate::read_report_file(&dir.join(name));
                let shown_dir = shown(dir);
                let m = (|| {
                    let b = read("benchmark.json").map_err(|e| format!("benchmark.json: {e}"))?;
                    let est = read("estimates.json").map_err(|e| format!("estimates.json: {e}"))?;
                    let sample = read("sample.json").ok();
                    read_criterion(&shown_dir, &b, &est, sample.as_deref())
                })();
                match m {
                    Ok(m) => found.push(m),
                    Err(e) => errors.push(format!("{shown_dir}: {e}")),
                }
            }
            if found.len() == before && errors.is_empty() {
                errors.push(format!(
                    "{}: no criterion results in it (no */new/benchmark.json)",
                    shown(p)
                ));
            }
            continue;
        }
        let name = shown(p);
        match crate::read_report_file(p) {
            Ok(text) => match read_report(&name, &text) {
                Ok(m) => found.extend(m),
                Err(e) => errors.push(format!("{name}: {e}")),
            },
            Err(e) => errors.push(format!("{name}: {e}")),
        }
    }
    (found, errors)
}

/// A performance target of a doc in the workspace.
#[derive(Debug, Clone)]
pub struct DocTarget {
    /// The doc's label: its number as four digits (`0007`), else its
    /// id, else its path.
    pub doc: String,
    /// The doc's path, relative to the repository root, with `/`.
    pub path: String,
    /// 1-based line in the doc where the target's span starts.
    pub line: usize,
    /// The target as read from the doc; its `span` is a byte range in the
    /// doc's text.
    pub target: designdoc_lint::targets::Target,
}

/// The benchmark results of `given` paths (from `cwd`), or else of
/// `[targets] results`' (relative to the configuration, missing ones
/// skipped); with an error for each that could not be read.
pub fn benchmark_results(
    ws: &Workspace,
    given: &[std::path::PathBuf],
    cwd: &Path,
) -> (Vec<Measurement>, Vec<String>) {
    let paths: Vec<std::path::PathBuf> = if given.is_empty() {
        ws.config
            .targets
            .results
            .iter()
            .map(|r| ws.root.join(r))
            .filter(|p| p.exists())
            .collect()
    } else {
        given.iter().map(|p| cwd.join(p)).collect()
    };
    load(&paths, |p| designdoc_repo::display_path(p, cwd))
}
