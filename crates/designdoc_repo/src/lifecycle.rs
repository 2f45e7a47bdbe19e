//! A doc's lifecycle: its statuses, the moves between them, and the gates
//! on some moves. Defaults are shipped; `[lifecycle]` in designdoc.toml
//! replaces any part.

use std::collections::BTreeMap;

use serde::Deserialize;

/// The docs' lifecycle in effect: the shipped default ([`Default`]) with the
/// parts `[lifecycle]` sets replaced ([`Lifecycle::from_raw`]). Both
/// guarantee that every status `transitions`, `gated` and `needs_approver`
/// name is one of `statuses`. Statuses are compared exactly (case matters).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lifecycle {
    /// Every status, in order (the first is a new doc's).
    pub statuses: Vec<String>,
    /// Status → the statuses it may move to.
    pub transitions: BTreeMap<String, Vec<String>>,
    /// Moving to these needs a doc `check` finds no errors in.
    pub gated: Vec<String>,
    /// Moving to these needs at least one approver.
    pub needs_approver: Vec<String>,
}

/// `[lifecycle]` as written; each part optional.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RawLifecycle {
    /// Every status, in order; the first is a new doc's (default: draft,
    /// in-review, accepted, implemented, rejected, withdrawn, superseded).
    pub statuses: Option<Vec<String>>,
    /// Status → the statuses `designdoc status` may move it to.
    pub transitions: Option<BTreeMap<String, Vec<String>>>,
    /// Moving to these statuses needs a doc `check` finds no errors in.
    pub gated: Option<Vec<String>>,
    /// Moving to these statuses needs at least one approver.
    pub needs_approver: Option<Vec<String>>,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|s| s.to_string()).collect()
}

impl Default for Lifecycle {
    fn default() -> Self {
        let t = |from: &str, to: &[&str]| (from.to_string(), strings(to));
        Lifecycle {
            statuses: strings(designdoc_lint::metadata::DEFAULT_STATUSES),
            transitions: BTreeMap::from([
                t("draft", &["in-review", "withdrawn"]),
                t("in-review", &["draft", "accepted", "rejected", "withdrawn"]),
                t("accepted", &["implemented", "superseded", "withdrawn"]),
                t("implemented", &["superseded"]),
                t("rejected", &["draft"]),
                t("withdrawn", &["draft"]),
                t("superseded", &[]),
            ]),
            gated: strings(&["in-review", "accepted"]),
            needs_approver: strings(&["accepted"]),
        }
    }
}

impl Lifecycle {
    /// The defaults with the configured parts replaced; every status named
    /// anywhere must be one of `statuses`.
    pub fn from_raw(raw: RawLifecycle) -> Result<Lifecycle, String> {
        let mut l = Lifecycle::default();
        if let Some(s) = raw.statuses {
            if s.is_empty() {
                return Err("lifecycle.statuses: at least one status".into());
            }
            l.statuses = s;
            // Keep the default moves between statuses that still exist.
            let keep = |s: &String| l.statuses.contains(s);
            l.transitions = l
                .transitions
                .into_iter()
                .filter(|(k, _)| keep(k))
                .map(|(k, v)| (k, v.into_iter().filter(keep).collect()))
                .collect();
            l.gated.retain(keep);
            l.needs_approver.retain(keep);
        }
        if let Some(t) = raw.transitions {
            l.transitions = t;
        }
        if let Some(g) = raw.gated {
            l.gated = g;
        }
        if let Some(a) = raw.needs_approver {
            l.needs_approver = a;
        }
        let named = l
            .transitions
            .iter()
            .flat_map(|(k, v)| std::iter::once(k).chain(v))
            .chain(&l.gated)
            .chain(&l.needs_approver);
        for s in named {
            if !l.statuses.contains(s) {
                return Err(format!(
                    "lifecycle: '{s}' is not one of the statuses ({})",
                    l.statuses.join(", ")
                ));
            }
        }
        Ok(l)
    }

    /// Whether a doc may move from `from` to `to`; the error lists the
    /// moves there are.
    pub fn check_move(&self, from: &str, to: &str) -> Result<(), String> {
        if !self.statuses.iter().any(|s| s == to) {
            return Err(format!(
                "'{to}' is not a status (statuses: {})",
                self.statuses.join(", ")
            ));
        }
        let allowed = self.transitions.get(from).map(Vec::as_slice).unwrap_or(&[]);
        if allowed.iter().any(|s| s == to) {
            return Ok(());
        }
        Err(if allowed.is_empty() {
            format!("a doc that is '{from}' cannot move to any status")
        } else {
            format!(
                "a doc that is '{from}' can move to {}, not '{to}'",
                allowed.join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_moves() {
        let l = Lifecycle::default();
        assert!(l.check_move("draft", "in-review").is_ok());
        assert_eq!(
            l.check_move("draft", "accepted").unwrap_err(),
            "a doc that is 'draft' can move to in-review, withdrawn, not 'accepted'"
        );
        assert!(l.check_move("superseded", "draft").is_err());
        assert!(
            l.check_move("draft", "done")
                .unwrap_err()
                .contains("not a status")
        );
    }

    #[test]
    fn configured_parts_replace_defaults() {
        let l = Lifecycle::from_raw(RawLifecycle {
            statuses: Some(strings(&["proposed", "accepted", "rejected", "superseded"])),
            transitions: Some(BTreeMap::from([(
                "proposed".to_string(),
                strings(&["accepted", "rejected"]),
            )])),
            ..Default::default()
        })
        .unwrap();
        assert!(l.check_move("proposed", "accepted").is_ok());
        assert_eq!(l.gated, ["accepted"]);
        let bad = Lifecycle::from_raw(RawLifecycle {
            gated: Some(strings(&["approved"])),
            ..Default::default()
        });
        assert!(
            bad.unwrap_err()
                .contains("'approved' is not one of the statuses")
        );
    }
}
