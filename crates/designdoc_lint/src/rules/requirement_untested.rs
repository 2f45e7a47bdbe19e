use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With tracing on (`[trace] check = true`): a requirement of a doc
    /// meant to be built (any status but draft, in review, rejected,
    /// withdrawn or superseded) that no test cites, or whose citing tests
    /// did not run in the JUnit reports read.
    ///
    /// ## Why it matters
    /// A requirement nobody tests is a promise nobody checks; the doc says
    /// it holds and nothing would notice when it stops holding.
    ///
    /// ## Example
    /// ```text
    /// - [ ] FR-3: a client over quota gets 429 within 5 ms
    /// ```
    /// and no `// design: 0007#FR-3` (or `[0007#FR-3]` in a test name)
    /// anywhere in the code.
    code: "DD703",
    name: "requirement-untested",
    severity: Warning,
    fix: None,
    kind: Evidence,
}
