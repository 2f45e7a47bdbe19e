use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A suppression comment (`<!-- designdoc-disable-next-line RULE -->`,
    /// `<!-- designdoc-disable RULE -->`) that suppresses nothing: the rule
    /// it names finds nothing where it applies, or the name is no rule's.
    /// Also an `<!-- designdoc-enable RULE -->` that ends no `disable`.
    ///
    /// Judged only where the doc alone can tell: a comment naming a rule
    /// that is off, a rule of the repository pass (`broken-doc-link`,
    /// `duplicate-number`, …) or of evidence, or no rule at all, is never
    /// reported, since what it suppresses may be found elsewhere.
    ///
    /// ## Why it matters
    /// A suppression outlives the finding it was written for: once the
    /// text is fixed it silently hides the next real finding on that line.
    /// A misspelt rule name suppresses nothing at all.
    ///
    /// ## Example
    /// ```markdown
    /// <!-- designdoc-disable-next-line placeholder-text -->
    /// The limit is 100 requests a second.
    /// ```
    /// The line holds no placeholder any more: remove the comment.
    ///
    /// ## Fix safety
    /// Safe: the fix removes the comment (its line when it is alone on
    /// it), which renders as nothing. A comment that still suppresses one
    /// of its rules is not removed; one naming no rule (a misspelt name,
    /// meant to suppress something) is removed only with `--unsafe-fixes`.
    code: "DD005",
    name: "unused-suppression",
    severity: Warning,
    fix: Sometimes,
    kind: Suppressions,
}
