use std::ops::Range;

use crate::Context;

/// How serious a finding is. Ordered: `Info < Warning < Error`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; the least severe. Does not fail a run.
    Info,
    /// Should be looked at. Does not fail a run.
    Warning,
    /// The most severe: `designdoc check` exits with 1 (unless `--exit-zero`).
    Error,
}

impl Severity {
    /// The lower-case name used in configuration and output: `info`, `warning`, `error`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    /// One step less severe (an info stays an info).
    pub fn lowered(self) -> Severity {
        match self {
            Severity::Error => Severity::Warning,
            _ => Severity::Info,
        }
    }

    /// The severity a finding is reported at: the rule's configured
    /// severity, lowered as many steps as the rule lowered this finding
    /// below its default (an uncertain finding).
    pub fn configured(self, configured: Severity, default: Severity) -> Severity {
        let mut s = configured;
        for _ in 0..(default as u8).saturating_sub(self as u8) {
            s = s.lowered();
        }
        s
    }

    /// Reads a configured level: `error`, `warning` (or `warn`), `info`, or `off` (or `none`),
    /// which is `Some(None)`, the rule turned off. `None` for anything else; exact and
    /// case-sensitive, no trimming.
    pub fn parse(s: &str) -> Option<Option<Severity>> {
        match s {
            "error" => Some(Some(Severity::Error)),
            "warning" | "warn" => Some(Some(Severity::Warning)),
            "info" => Some(Some(Severity::Info)),
            "off" | "none" => Some(None),
            _ => None,
        }
    }
}

/// Whether a rule can fix what it finds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FixAvailability {
    /// No diagnostic carries a fix.
    None,
    /// Some diagnostics carry a fix.
    Sometimes,
    /// Every diagnostic carries a fix.
    Always,
}

impl FixAvailability {
    /// How the rule docs and `designdoc rule` say it: "no", "sometimes",
    /// "yes".
    pub fn as_str(self) -> &'static str {
        match self {
            FixAvailability::None => "no",
            FixAvailability::Sometimes => "sometimes",
            FixAvailability::Always => "yes",
        }
    }
}

/// A per-doc check: one doc and its template.
pub type DocCheck = fn(&Context<'_>, &mut Vec<Diagnostic>);

/// A repository check: every doc's summary, and whether a path that is not
/// one of the docs exists; findings by doc index.
pub type RepoCheck =
    fn(&crate::repo::RepoSet<'_>, &dyn Fn(&std::path::Path) -> bool, &mut Vec<(usize, Diagnostic)>);

/// Which pass raises a rule's findings (what it reads to judge them), and
/// so where the rule is tested. The registry drives the passes that are
/// pure (a doc, the repository); the passes that read files or git live in
/// designdoc_repo (branches) and designdoc_trace (evidence) and take their
/// rules from the registry by kind.
#[derive(Clone, Copy)]
pub enum Kind {
    /// One doc and its template: [`crate::check`] runs the check. Tested
    /// by `tests/fixtures/<name>/`.
    Doc(DocCheck),
    /// A doc's suppression comments, judged after its own rules ran
    /// (`suppress.rs`). Tested by a fixture, as `Doc`.
    Suppressions,
    /// Every doc's summary (`RepoDoc`): `repo::check_repo` runs the check
    /// (command line, site, language server). Tested in
    /// `tests/repo_rules.rs`.
    Repository(RepoCheck),
    /// The doc numbers other git branches use: `Workspace::check_branches`
    /// (`check --branches`). Tested in the root `tests/repo.rs`.
    Branches,
    /// Code, test reports, benchmark results and git blame:
    /// `designdoc_trace::evidence::check_evidence` (`[trace] check`,
    /// `[targets] results`).
    /// Tested in the root `tests/trace.rs` and `tests/targets.rs`.
    Evidence,
    /// A file designdoc could not judge (unreadable, its template
    /// unknown, a panic caught), raised where that happens. The check, if
    /// any, runs only on a doc the parser failed on.
    Failure(Option<DocCheck>),
}

/// A rule: its identity, its documentation and its kind (which pass raises
/// it, with its check function when a pure pass runs it).
pub struct Rule {
    /// Stable code, never reused (`DD101`).
    pub code: &'static str,
    /// Kebab-case name, used in config and output (`missing-section`).
    pub name: &'static str,
    /// The severity its findings have unless the settings configure another.
    pub default_severity: Severity,
    /// Whether its findings carry fixes.
    pub fix: FixAvailability,
    /// The rule file's doc comment: what it checks, why, an example.
    pub doc: &'static str,
    /// Which pass raises it, with its check when a pure pass runs it.
    pub kind: Kind,
}

impl std::fmt::Debug for Rule {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.code, self.name)
    }
}

impl Rule {
    /// Raised by a doc's own pass: the rule has a fixture, and a
    /// suppression comment naming it that suppresses nothing is reported.
    pub fn per_doc(&self) -> bool {
        matches!(self.kind, Kind::Doc(_) | Kind::Suppressions)
    }

    /// Raised by a pass over all the docs (the repository's, or the
    /// branches'): such a finding stays when its doc is read again for
    /// output, and `--changed` keeps it for a doc it names.
    pub fn across_docs(&self) -> bool {
        matches!(self.kind, Kind::Repository(_) | Kind::Branches)
    }

    /// Where the rule's documentation is published (docs/rules/NAME.md,
    /// generated from the same doc comment).
    pub fn help_uri(&self) -> String {
        format!(
            "https://github.com/designdoc/designdoc/blob/main/docs/rules/{}.md",
            self.name
        )
    }

    /// The doc comment with the one leading space of each line removed.
    pub fn documentation(&self) -> String {
        self.doc
            .lines()
            .map(|l| l.strip_prefix(' ').unwrap_or(l))
            .collect::<Vec<_>>()
            .join("\n")
            .trim()
            .to_string()
    }

    /// The first line of the documentation, without the heading marks.
    pub fn summary(&self) -> String {
        self.documentation()
            .lines()
            .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .unwrap_or("")
            .to_string()
    }
}

/// Replace `range` of the source with `replacement`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the source, on `char` boundaries; empty for an insertion.
    pub range: Range<usize>,
    /// The text put in its place (empty for a deletion).
    pub replacement: String,
}

impl Edit {
    /// Replaces the bytes in `range` with `replacement`.
    pub fn replace(range: Range<usize>, replacement: impl Into<String>) -> Self {
        Edit {
            range,
            replacement: replacement.into(),
        }
    }

    /// Inserts `text` at byte offset `at` (an empty range): nothing is removed.
    pub fn insert(at: usize, text: impl Into<String>) -> Self {
        Edit::replace(at..at, text)
    }
}

/// Whether a fix is applied unasked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Applicability {
    /// Applied by `--fix`.
    Safe,
    /// It may change what the doc says or break a link elsewhere: shown
    /// as a suggestion, applied only with `--unsafe-fixes` (or by hand).
    Suggested,
}

/// A fix for one diagnostic: edits applied together, all or none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Fix {
    /// What the fix does, in one line (shown under the diagnostic, by `--show-fixes`, and as
    /// the editor's code action title).
    pub description: String,
    /// The edits, each relative to the source the diagnostic was raised on; they must not
    /// overlap one another.
    pub edits: Vec<Edit>,
    /// Whether `--fix` applies it, or only `--unsafe-fixes`.
    pub applicability: Applicability,
    /// The heading anchor the fix takes away (a rename's old `#slug`): a
    /// safe fix turns unsafe where another doc links to it, which only
    /// the workspace can tell ([`crate::fix::FixOptions::linked_anchors`]).
    pub anchor: Option<String>,
}

impl Fix {
    /// A fix `--fix` applies ([`Applicability::Safe`]), taking no anchor away.
    pub fn safe(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            edits,
            applicability: Applicability::Safe,
            anchor: None,
        }
    }

    /// A fix applied only with `--unsafe-fixes` ([`Applicability::Suggested`]), taking no anchor
    /// away.
    pub fn suggested(description: impl Into<String>, edits: Vec<Edit>) -> Self {
        Fix {
            description: description.into(),
            edits,
            applicability: Applicability::Suggested,
            anchor: None,
        }
    }
}

/// One finding: which rule raised it, how severe it is, what it says and where.
#[derive(Debug, Clone)]
pub struct Diagnostic {
    /// The rule that raised it.
    pub rule: &'static Rule,
    /// The severity it is reported at: the rule's default when raised, one step lower if
    /// [`uncertain`](Diagnostic::uncertain); the pass that ran the rule then applies the
    /// configured one ([`Severity::configured`]).
    pub severity: Severity,
    /// What is wrong, in one line.
    pub message: String,
    /// Byte range in the source.
    pub range: Range<usize>,
    /// The template section concerned, exactly as the template titles it.
    pub section: Option<String>,
    /// A note shown under the diagnostic (the template's guidance, say).
    pub help: Option<String>,
    /// Boxed: most findings have none, and a doc can hold thousands of
    /// findings until the repository rules ran.
    pub fix: Option<Box<Fix>>,
}

impl Diagnostic {
    /// A finding of `rule` over byte range `range` of the source, at the rule's default
    /// severity, with no section, help or fix (the builder methods below add them).
    pub fn new(rule: &'static Rule, range: Range<usize>, message: impl Into<String>) -> Self {
        Diagnostic {
            rule,
            severity: rule.default_severity,
            message: message.into(),
            range,
            section: None,
            help: None,
            fix: None,
        }
    }

    /// Sets the template section concerned (its title exactly as the template writes it).
    pub fn section(mut self, title: impl Into<String>) -> Self {
        self.section = Some(title.into());
        self
    }

    /// Sets the template section concerned, or clears it when `title` is `None`.
    pub fn section_opt(mut self, title: Option<&str>) -> Self {
        self.section = title.map(str::to_string);
        self
    }

    /// Marks a finding the rule is less sure of than usual: it is reported
    /// one step below the rule's configured severity.
    pub fn uncertain(mut self) -> Self {
        self.severity = self.rule.default_severity.lowered();
        self
    }

    /// Sets the note shown under the diagnostic, replacing any set before.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Attaches `fix`, replacing any fix set before.
    pub fn fix(mut self, fix: Fix) -> Self {
        self.fix = Some(Box::new(fix));
        self
    }

    /// Whether `--fix` applies its fix (see also [`Diagnostic::unsafe_fixable`]).
    pub fn fixable(&self) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Safe)
    }

    /// Whether only `--unsafe-fixes` applies its fix.
    pub fn unsafe_fixable(&self) -> bool {
        self.fix
            .as_ref()
            .is_some_and(|f| f.applicability == Applicability::Suggested)
    }
}

/// Declares a rule file's `RULE` constant from its doc comment and metadata.
/// The doc comment becomes `designdoc rule NAME`'s text.
macro_rules! declare_rule {
    (
        $(#[doc = $doc:literal])*
        code: $code:literal,
        name: $name:literal,
        severity: $sev:ident,
        fix: $fix:ident,
        kind: $kind:ident $(($check:expr))? $(,)?
    ) => {
        $(#[doc = $doc])*
        pub const RULE: $crate::Rule = $crate::Rule {
            code: $code,
            name: $name,
            default_severity: $crate::Severity::$sev,
            fix: $crate::FixAvailability::$fix,
            doc: concat!($($doc, "\n"),*),
            kind: $crate::Kind::$kind $(($check))?,
        };
    };
    // A rule of one doc, its check the file's `check`: most rules.
    (
        $(#[doc = $doc:literal])*
        code: $code:literal,
        name: $name:literal,
        severity: $sev:ident,
        fix: $fix:ident $(,)?
    ) => {
        $crate::diagnostic::declare_rule! {
            $(#[doc = $doc])*
            code: $code,
            name: $name,
            severity: $sev,
            fix: $fix,
            kind: Doc(check),
        }
    };
}
pub(crate) use declare_rule;
