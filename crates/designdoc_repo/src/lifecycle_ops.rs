//! `status` and `supersede`: lifecycle moves that rewrite only front
//! matter, atomically.

use std::path::Path;

use crate::catalog::DocInfo;
use crate::frontmatter::{flow_list, scalar, set_key};
use crate::{Workspace, read_doc, write_atomic, write_pair};

/// What a lifecycle command did.
#[derive(Debug)]
pub struct Moved {
    /// The status before: the doc's `status:`, or the lifecycle's first
    /// status when it had none. Equals `to` when `supersede` found the old
    /// doc already superseded.
    pub from: String,
    /// The status written: the one asked for, or `superseded`.
    pub to: String,
}

impl Workspace {
    /// The doc `spec` names among `docs`: its number (`7`, `0007`), its
    /// id, or its path (relative to the working directory or the root).
    pub fn find_doc<'d>(
        &self,
        docs: &'d [DocInfo],
        spec: &str,
        cwd: &Path,
    ) -> Result<&'d DocInfo, String> {
        let abs = crate::templates_path(cwd, spec);
        let found: Vec<&DocInfo> = docs
            .iter()
            .filter(|d| d.is_named_by(spec) || abs.as_deref() == Some(d.abs_path.as_path()))
            .collect();
        match found.as_slice() {
            [one] => Ok(one),
            [] => Err(format!("no doc is named {spec:?} (by number, id or path)")),
            several => Err(format!(
                "{spec:?} names {} docs: {}; give a path",
                several.len(),
                several
                    .iter()
                    .map(|d| d.path.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )),
        }
    }

    /// Moves `doc` to status `to`: the move must be allowed by the
    /// lifecycle, a gated status needs a doc without errors, and a status
    /// that needs approval needs an approver (recorded or given). Stamps
    /// `updated`.
    pub fn set_status(
        &self,
        doc: &DocInfo,
        to: &str,
        approvers: &[String],
        today: &str,
    ) -> Result<Moved, String> {
        let lc = &self.config.lifecycle;
        let source =
            read_doc(&doc.abs_path, self.config.max_file_size).map_err(|e| e.to_string())?;
        let from = doc
            .status
            .clone()
            .unwrap_or_else(|| lc.statuses.first().cloned().unwrap_or_default());
        if from == to {
            return Err(format!("{} is already '{to}'", doc.path));
        }
        lc.check_move(&from, to)?;
        if lc.gated.iter().any(|g| g == to) {
            // Judged as the doc will be: at the strictness of its new status.
            let errors = self.error_count(&doc.abs_path, &source, to)?;
            if errors > 0 {
                return Err(format!(
                    "{} has {errors} error(s); a doc moves to '{to}' only when `designdoc check {}` finds none",
                    doc.path, doc.path
                ));
            }
        }
        let mut all: Vec<String> = designdoc_syntax::scan_front_matter(&source)
            .map(|fm| designdoc_syntax::parse_meta(&source, &fm))
            .map(|m| {
                m.list("approvers")
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default();
        for a in approvers {
            if !all.contains(a) {
                all.push(a.clone());
            }
        }
        if lc.needs_approver.iter().any(|s| s == to) && all.is_empty() {
            return Err(format!(
                "moving to '{to}' needs an approver: add --approver NAME"
            ));
        }
        let mut text = set_key(&source, "status", &scalar(to));
        if !approvers.is_empty() {
            text = set_key(&text, "approvers", &flow_list(&all));
        }
        text = set_key(&text, "updated", today);
        write_atomic(&doc.abs_path, &text, &source).map_err(|e| format!("{}: {e}", doc.path))?;
        Ok(Moved {
            from,
            to: to.to_string(),
        })
    }

    /// `old` is superseded by `new`: `old` gets `status: superseded` and
    /// `superseded-by`, `new` gets `supersedes`, both `updated`; both
    /// files are written, or neither.
    pub fn supersede(&self, old: &DocInfo, new: &DocInfo, today: &str) -> Result<Moved, String> {
        if old.abs_path == new.abs_path {
            return Err("a doc cannot supersede itself".into());
        }
        let lc = &self.config.lifecycle;
        let from = old
            .status
            .clone()
            .unwrap_or_else(|| lc.statuses.first().cloned().unwrap_or_default());
        if from != "superseded" {
            lc.check_move(&from, "superseded")?;
        }
        let read = |d: &DocInfo| {
            read_doc(&d.abs_path, self.config.max_file_size).map_err(|e| format!("{}: {e}", d.path))
        };
        let (src_old, src_new) = (read(old)?, read(new)?);
        let add = |list: &[String], item: String| {
            let mut l = list.to_vec();
            if !l.contains(&item) {
                l.push(item);
            }
            flow_list(&l)
        };
        let mut text_old = set_key(&src_old, "status", "superseded");
        text_old = set_key(
            &text_old,
            "superseded-by",
            &add(&old.superseded_by, reference(old, new)),
        );
        text_old = set_key(&text_old, "updated", today);
        let mut text_new = set_key(
            &src_new,
            "supersedes",
            &add(&new.supersedes, reference(new, old)),
        );
        text_new = set_key(&text_new, "updated", today);
        write_pair(
            (&old.abs_path, &text_old, &src_old),
            (&new.abs_path, &text_new, &src_new),
        )
        .map_err(|e| e.to_string())?;
        Ok(Moved {
            from,
            to: "superseded".into(),
        })
    }

    /// Errors `check` finds in one doc (its own rules).
    fn error_count(&self, path: &Path, source: &str, status: &str) -> Result<usize, String> {
        let schema = self.schema_for(path, source).map_err(|d| d.message)?;
        let doc = designdoc_syntax::parse(source);
        let settings = self.settings_for(path, Some(status));
        Ok(designdoc_lint::check(&doc, &schema, &settings)
            .iter()
            .filter(|d| d.severity == designdoc_lint::Severity::Error)
            .count())
    }
}

/// How `from`'s front matter names `to`: its number when both are in one
/// directory, else its id, else a relative path.
fn reference(from: &DocInfo, to: &DocInfo) -> String {
    let same_dir = Path::new(&from.path).parent() == Path::new(&to.path).parent();
    match (to.number, &to.id) {
        (Some(n), _) if same_dir => n.to_string(),
        (_, Some(id)) => id.clone(),
        _ => {
            let from_dir = from.abs_path.parent().unwrap_or(Path::new("."));
            crate::relative_path(&to.abs_path, from_dir)
        }
    }
}
