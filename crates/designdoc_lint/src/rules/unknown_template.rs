use crate::diagnostic::declare_rule;

declare_rule! {
    /// ## What it checks
    /// A document whose front matter names a template (`template: kep`)
    /// that is neither built in, nor in the `[templates]` table of
    /// `designdoc.toml`, nor a readable schema or Markdown file next to
    /// the document; or front matter that mentions a template but is not
    /// valid YAML, so that the template cannot be read.
    ///
    /// ## Why it matters
    /// Checking the doc against some other template would bury the real
    /// problem under wrong diagnostics; the doc is not checked further
    /// until its template resolves.
    ///
    /// ## Example
    /// ```markdown
    /// ---
    /// template: kep
    /// ---
    /// ```
    /// Name a built-in template (`designdoc template list`), add `kep` to
    /// `[templates]` in designdoc.toml, or give a path such as
    /// `templates/kep.schema.toml`.
    code: "DD004",
    name: "unknown-template",
    severity: Error,
    fix: None,
    kind: Failure(None),
}
