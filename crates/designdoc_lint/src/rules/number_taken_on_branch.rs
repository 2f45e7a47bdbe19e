use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// With `check --branches`: a doc whose number another branch (local
    /// or remote-tracking) gives to a different file in the same folder.
    ///
    /// ## Why it matters
    /// Two branches that each took "the next number" merge into two docs
    /// with one number, the most common complaint about every ADR and RFC
    /// tool. Caught before merging, it is a rename instead of a mess.
    /// (`designdoc new` already skips numbers used on any branch.)
    ///
    /// ## Example
    /// ```text
    /// number 0012 is also taken on branch origin/queues by 0012-queues.md
    /// ```
    /// Renumber the doc that has not been merged yet.
    code: "DD606",
    name: "number-taken-on-branch",
    severity: Error,
    fix: None,
    kind: Branches,
}
