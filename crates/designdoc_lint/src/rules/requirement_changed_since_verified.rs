use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With tracing on, in a git repository: a requirement whose line was
    /// last changed (git blame) in a commit newer than the last commit to
    /// every file that cites it. Uncommitted edits are not judged.
    ///
    /// ## Why it matters
    /// The tests were written for the old wording. When the requirement
    /// changes and its tests do not, the link is suspect: the tests may
    /// verify something the doc no longer asks for.
    ///
    /// ## Example
    /// `FR-3: … within 5 ms` became `… within 2 ms` on 2026-11-20, and
    /// tests/limiter.rs, which cites it, last changed on 2026-10-02.
    code: "DD706",
    name: "requirement-changed-since-verified",
    severity: Warning,
    fix: None,
    kind: Evidence,
}
