use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With benchmark results configured (`[targets] results`): a
    /// performance target bound to a benchmark (`(bench: NAME)`) whose
    /// measured figure does not meet it. `designdoc targets` shows every
    /// target with its verdict.
    ///
    /// ## Why it matters
    /// A target nobody measures is a wish. Bound to a benchmark, it is
    /// checked on every run, and a regression fails CI where the promise
    /// is written.
    ///
    /// ## Example
    /// ```text
    /// - Target performance: p99 acquire ≤ 40 µs (bench: limiter/acquire)
    /// ```
    /// while criterion's samples of `limiter/acquire` give p99 52 µs.
    code: "DD707",
    name: "target-missed",
    severity: Error,
    fix: None,
    kind: Evidence,
}
