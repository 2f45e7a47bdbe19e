use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A file designdoc was asked to check but could not read as a text
    /// document: missing, unreadable, a directory, binary (a NUL byte),
    /// not UTF-8 (UTF-16 included), or over the size limit.
    ///
    /// ## Why it matters
    /// A doc that cannot be read cannot be checked; saying so beats passing
    /// it silently. The other files are still checked, and the run exits
    /// with code 2.
    ///
    /// ## Example
    /// ```text
    /// error[DD000 unreadable-file]: not UTF-8: invalid byte at line 3, column 7
    /// ```
    /// Save the file as UTF-8 (with or without BOM) and check again.
    code: "DD000",
    name: "unreadable-file",
    severity: Error,
    fix: None,
    kind: Failure(None),
}
