use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With tracing on: a doc whose status no longer matches its
    /// requirements. An `accepted` doc whose requirements all pass their
    /// tests is probably `implemented`; an `implemented` doc with a failing
    /// or untested requirement is not.
    ///
    /// ## Why it matters
    /// Status drift is the most common complaint about every spec tool:
    /// nobody moves the status after the work, so the index lies about
    /// what is built.
    ///
    /// ## Example
    /// ```text
    /// status: accepted
    /// ```
    /// with FR-1 to FR-4 each cited by a passing test.
    code: "DD708",
    name: "status-drift",
    severity: Warning,
    fix: None,
    kind: Evidence,
}
