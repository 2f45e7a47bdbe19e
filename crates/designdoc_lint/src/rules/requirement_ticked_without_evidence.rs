use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With tracing on: a requirement ticked done in the doc (`- [x] FR-3:
    /// …`) that no test cites, or whose tests failed or did not run in the
    /// JUnit reports read.
    ///
    /// ## Why it matters
    /// A ticked box reads as "done and verified"; without a passing test it
    /// is only someone's word, and it stays ticked after the code breaks.
    ///
    /// ## Example
    /// ```text
    /// - [x] FR-3: a client over quota gets 429 within 5 ms
    /// ```
    /// while the one test citing `0007#FR-3` failed.
    code: "DD704",
    name: "requirement-ticked-without-evidence",
    severity: Warning,
    fix: None,
    kind: Evidence,
}
