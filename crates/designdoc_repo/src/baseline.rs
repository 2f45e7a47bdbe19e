//! `.designdoc-baseline.json`: reading and writing it, and matching a
//! run's findings against it (the matching itself is
//! [`designdoc_lint::baseline`], pure).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use designdoc_lint::baseline::{Applied, Baseline, Checked, Entry, FILE_NAME, Key, fingerprint};
use rayon::prelude::*;

use crate::{FileOutcome, Workspace, read_doc, write_new_or_replace};

/// What the baseline did to a run.
#[derive(Debug, Default)]
pub struct BaselineReport {
    /// Findings the baseline accepts (not reported as new).
    pub hidden: usize,
    /// Accepted findings no longer found: fixed.
    pub gone: Vec<Entry>,
    /// Every entry still matched, with its doc's current path.
    pub kept: Vec<Entry>,
    /// The entries neither matched nor gone: of docs not checked (or not
    /// checkable) this run, or of rules that did not run.
    pub rest: Vec<Entry>,
    /// Docs the baseline followed to a new path: (old, new).
    pub moved: Vec<(String, String)>,
}

impl Workspace {
    /// Where the baseline lives: beside `designdoc.toml`.
    pub fn baseline_path(&self) -> PathBuf {
        self.root.join(FILE_NAME)
    }

    /// The baseline, if the repository has one. An unreadable or invalid
    /// file is an error naming it, its line and column.
    pub fn load_baseline(&self) -> Result<Option<Baseline>, String> {
        let path = self.baseline_path();
        if !path.exists() {
            return Ok(None);
        }
        let shown = FILE_NAME;
        let text = read_doc(&path, u64::MAX).map_err(|e| format!("{shown}: {e}"))?;
        let b: Baseline = serde_json::from_str(&text).map_err(|e| {
            format!(
                "{shown}:{}:{}: {e} (write it again with `designdoc baseline`)",
                e.line(),
                e.column()
            )
        })?;
        if b.version != 1 {
            return Err(format!(
                "{shown}: version {} is not one this designdoc reads (1)",
                b.version
            ));
        }
        Ok(Some(b))
    }

    /// Writes the baseline atomically (sorted, one entry per line group,
    /// ending with a newline).
    pub fn save_baseline(&self, b: &Baseline) -> std::io::Result<()> {
        let mut text = serde_json::to_string_pretty(b).expect("plain data serializes");
        text.push('\n');
        write_new_or_replace(&self.baseline_path(), &text)
    }

    /// Each outcome's findings as the baseline knows them: (rule,
    /// fingerprint, message), reading a doc again when its text was
    /// dropped (and dropping it again after).
    fn fingerprints(&self, outcomes: &mut [FileOutcome], cwd: &Path) -> Vec<Vec<Key>> {
        outcomes
            .par_iter_mut()
            .map(|o| {
                o.restore();
                if o.diagnostics.is_empty() {
                    return Vec::new();
                }
                let had = !o.source.is_empty();
                self.reload(o, cwd);
                let fps = o
                    .diagnostics
                    .iter()
                    .map(|d| fingerprint(&o.source, d))
                    .collect();
                if !had && o.fix.is_none() {
                    o.source = String::new();
                }
                fps
            })
            .collect()
    }

    /// The baseline of these outcomes' findings, merged into `old` (its
    /// entries for docs not checked now, or that could not be checked,
    /// are kept).
    pub fn baseline_of(
        &self,
        outcomes: &mut [FileOutcome],
        cwd: &Path,
        old: Option<&Baseline>,
    ) -> Baseline {
        let fps = self.fingerprints(outcomes, cwd);
        let paths: Vec<String> = outcomes.iter().map(|o| self.rel_path(&o.path)).collect();
        let (_, checked) = checked(outcomes, &paths, &fps);
        let done: HashSet<&str> = checked.iter().map(|c| c.path).collect();
        let mut entries = Baseline::of(&checked).findings;
        if let Some(old) = old {
            let applied = old.apply(&checked, &|p| self.root.join(p).exists());
            let moved: Vec<&str> = applied.moved.iter().map(|(o, _)| o.as_str()).collect();
            entries.extend(
                old.findings
                    .iter()
                    .filter(|e| {
                        !done.contains(e.path.as_str())
                            && !moved.contains(&e.path.as_str())
                            && self.root.join(&e.path).exists()
                    })
                    .cloned(),
            );
        }
        Baseline::new(entries)
    }

    /// Moves the findings the baseline accepts from `diagnostics` to
    /// `baselined`, and says what it did. An entry counts as gone (fixed)
    /// only when its doc was checked (or no longer exists) and its rule
    /// ran on it: `ran(rule)` says whether a rule outside the doc's own
    /// settings ran at all (evidence, other branches).
    pub fn apply_baseline(
        &self,
        b: &Baseline,
        outcomes: &mut [FileOutcome],
        cwd: &Path,
        ran: &dyn Fn(&str) -> bool,
    ) -> BaselineReport {
        let fps = self.fingerprints(outcomes, cwd);
        let paths: Vec<String> = outcomes.iter().map(|o| self.rel_path(&o.path)).collect();
        let (
            index,
            Applied {
                accepted,
                gone,
                kept,
                moved,
                mut rest,
            },
        ) = {
            let (index, checked) = checked(outcomes, &paths, &fps);
            (index, b.apply(&checked, &|p| self.root.join(p).exists()))
        };
        let status: HashMap<&str, Option<String>> = paths
            .iter()
            .zip(outcomes.iter())
            .map(|(p, o)| {
                let s = o.repo.as_ref().and_then(|r| r.status()).map(str::to_string);
                (p.as_str(), s)
            })
            .collect();
        let (gone, not_run): (Vec<Entry>, Vec<Entry>) = gone.into_iter().partition(|e| {
            let path = self.root.join(&e.path);
            if !path.exists() {
                return true;
            }
            let Some(rule) = designdoc_lint::find_rule(&e.rule) else {
                return true;
            };
            let status = status.get(e.path.as_str()).cloned().flatten();
            ran(rule.name)
                && self
                    .settings_for(&path, status.as_deref())
                    .severity(rule)
                    .is_some()
        });
        rest.extend(not_run);
        let mut hidden = 0;
        for (k, accepted) in index.into_iter().zip(accepted) {
            if !accepted.contains(&true) {
                continue;
            }
            let o = &mut outcomes[k];
            let all = std::mem::take(&mut o.diagnostics);
            for (d, yes) in all.into_iter().zip(accepted) {
                if yes {
                    hidden += 1;
                    o.baselined.push(d);
                } else {
                    o.diagnostics.push(d);
                }
            }
        }
        BaselineReport {
            hidden,
            gone,
            kept,
            moved,
            rest,
        }
    }
}

/// The outcomes the baseline can judge, as it sees them, with their
/// indices: a doc that could not be read, or whose template could not be
/// loaded, is left out (its entries are neither matched nor gone, and a
/// file that cannot be read is never accepted).
fn checked<'a>(
    outcomes: &'a [FileOutcome],
    paths: &'a [String],
    fps: &'a [Vec<Key>],
) -> (Vec<usize>, Vec<Checked<'a>>) {
    outcomes
        .iter()
        .zip(paths)
        .zip(fps)
        .enumerate()
        .filter(|(_, ((o, _), _))| !failed(o))
        .map(|(k, ((o, path), fps))| {
            let c = Checked {
                path,
                findings: o
                    .diagnostics
                    .iter()
                    .zip(fps)
                    .map(|(d, fp)| (d.rule.name, fp.clone(), d.message.as_str()))
                    .collect(),
            };
            (k, c)
        })
        .unzip()
}

/// A doc designdoc could not judge: unreadable, its template not loaded,
/// or a bug caught on it (a finding of a failure rule; an unreadable
/// file's is one too, and it is marked unreadable besides).
fn failed(o: &FileOutcome) -> bool {
    o.unreadable
        || o.diagnostics
            .iter()
            .any(|d| matches!(d.rule.kind, designdoc_lint::Kind::Failure(_)))
}
