use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With tracing on: a reference in code or tests (`design: 0007#FR-9`,
    /// `[0007#FR-9]`) to a requirement that does not exist: the doc has no
    /// such id, or no doc has that name. Reported in the code file, naming
    /// the doc.
    ///
    /// ## Why it matters
    /// The requirement was renumbered, merged or dropped, and the test
    /// still claims to verify it: drift that makes the trace lie.
    ///
    /// ## Example
    /// ```text
    /// // design: 0007#FR-9
    /// fn burst_is_refilled() { … }
    /// ```
    /// where docs/design/0007-rate-limiter.md stops at FR-4.
    code: "DD705",
    name: "dangling-requirement-ref",
    severity: Error,
    fix: None,
    kind: Evidence,
}
