//! The built-in synonym table: other names teams give the same section.
//!
//! Keys and aliases are normalised titles (lowercase words, `&` as "and").
//! A template section whose title normalises to a key gets the aliases.

pub const BUILTIN: &[(&str, &[&str])] = &[
    (
        "overview",
        &[
            "summary",
            "introduction",
            "abstract",
            "tl dr",
            "tldr",
            "executive summary",
        ],
    ),
    (
        "background problem statement",
        &[
            "background",
            "problem statement",
            "motivation",
            "context",
            "problem",
            "current state",
            "context and problem statement",
        ],
    ),
    (
        "glossary",
        &["terminology", "definitions", "terms", "glossary of terms"],
    ),
    ("requirements", &["goals", "goals and requirements"]),
    ("functional", &["functional requirements"]),
    (
        "non functional",
        &[
            "non functional requirements",
            "nonfunctional",
            "nonfunctional requirements",
            "quality attributes",
        ],
    ),
    (
        "latency performance targets",
        &[
            "performance targets",
            "performance",
            "latency",
            "latency targets",
            "slos",
            "performance requirements",
            "latency and performance targets",
        ],
    ),
    (
        "out of scope",
        &["non goals", "nongoals", "scope", "not in scope"],
    ),
    (
        "design",
        &[
            "architecture",
            "proposed design",
            "detailed design",
            "technical design",
            "solution",
            "proposed solution",
            "proposal",
            "the design",
            "design details",
        ],
    ),
    (
        "alternatives considered",
        &[
            "alternatives",
            "alternative designs",
            "alternative approaches",
            "options considered",
            "considered alternatives",
            "rejected alternatives",
            "considered options",
        ],
    ),
    (
        "security privacy considerations",
        &[
            "security considerations",
            "security",
            "privacy",
            "privacy considerations",
            "security and privacy",
            "security and privacy considerations",
            "privacy and security",
        ],
    ),
    (
        "dependencies compatibility",
        &[
            "dependencies",
            "compatibility",
            "backward compatibility",
            "backwards compatibility",
            "dependencies and compatibility",
        ],
    ),
    (
        "implementation plan",
        &[
            "implementation",
            "milestones",
            "timeline",
            "plan",
            "phases",
            "work plan",
            "execution plan",
        ],
    ),
    (
        "testing",
        &[
            "test plan",
            "tests",
            "testing plan",
            "testing strategy",
            "test strategy",
            "validation",
            "verification",
        ],
    ),
    (
        "monitoring and observability",
        &[
            "observability",
            "monitoring",
            "metrics",
            "telemetry",
            "monitoring and alerting",
            "observability and monitoring",
        ],
    ),
    (
        "rollout",
        &[
            "rollout plan",
            "deployment",
            "deployment plan",
            "release plan",
            "launch plan",
            "rollout strategy",
            "release",
        ],
    ),
    (
        "community impact",
        &["impact", "user impact", "community", "ecosystem impact"],
    ),
    (
        "future enhancements",
        &[
            "future work",
            "future improvements",
            "future possibilities",
            "next steps",
            "future",
        ],
    ),
    (
        "appendix checklist",
        &["checklist", "appendix", "review checklist"],
    ),
    // The rfc template (Rust RFC sections).
    (
        "summary",
        &[
            "overview",
            "abstract",
            "introduction",
            "tl dr",
            "tldr",
            "executive summary",
        ],
    ),
    (
        "motivation",
        &[
            "background",
            "problem statement",
            "context",
            "problem",
            "why",
            "use cases",
        ],
    ),
    (
        "guide level explanation",
        &[
            "guide level design",
            "user guide",
            "user facing explanation",
            "usage",
            "explanation",
        ],
    ),
    (
        "reference level explanation",
        &[
            "reference level design",
            "detailed design",
            "technical design",
            "design details",
            "specification",
            "reference",
        ],
    ),
    (
        "drawbacks",
        &["downsides", "disadvantages", "cons", "risks", "costs"],
    ),
    (
        "rationale and alternatives",
        &[
            "alternatives",
            "alternatives considered",
            "rationale",
            "design rationale",
        ],
    ),
    (
        "prior art",
        &[
            "related work",
            "existing solutions",
            "state of the art",
            "previous work",
        ],
    ),
    (
        "unresolved questions",
        &[
            "open questions",
            "outstanding questions",
            "open issues",
            "questions",
        ],
    ),
    (
        "future possibilities",
        &[
            "future work",
            "future enhancements",
            "future improvements",
            "next steps",
            "future",
        ],
    ),
    // The adr template (MADR sections, and Nygard's).
    (
        "context and problem statement",
        &[
            "context",
            "problem statement",
            "background",
            "problem",
            "motivation",
        ],
    ),
    (
        "decision drivers",
        &[
            "drivers",
            "decision criteria",
            "criteria",
            "forces",
            "requirements",
        ],
    ),
    (
        "considered options",
        &[
            "options",
            "options considered",
            "alternatives",
            "alternatives considered",
        ],
    ),
    (
        "decision outcome",
        &["decision", "outcome", "chosen option", "resolution"],
    ),
    (
        "consequences",
        &[
            "implications",
            "positive consequences",
            "negative consequences",
        ],
    ),
    (
        "pros and cons of the options",
        &[
            "pros and cons",
            "options analysis",
            "trade offs",
            "tradeoffs",
            "evaluation",
        ],
    ),
    // The google template.
    (
        "context and scope",
        &["context", "scope", "background", "overview"],
    ),
    (
        "goals and non goals",
        &[
            "goals",
            "goals and nongoals",
            "objectives",
            "goals and non goals",
        ],
    ),
    (
        "the actual design",
        &[
            "design",
            "detailed design",
            "proposed design",
            "technical design",
            "architecture",
            "the design",
            "design details",
            "proposal",
            "solution",
        ],
    ),
    (
        "cross cutting concerns",
        &[
            "crosscutting concerns",
            "concerns",
            "other concerns",
            "considerations",
        ],
    ),
    // Swift Evolution's template, with the names its earlier versions used
    // (a collection spans template versions: "Introduction" became
    // "Summary of changes", "Effect on ABI stability" "ABI compatibility").
    (
        "summary of changes",
        &["introduction", "summary", "abstract", "overview", "tl dr"],
    ),
    (
        "source compatibility",
        &[
            "impact on existing code",
            "impact on existing packages",
            "compatibility",
            "backward compatibility",
            "backwards compatibility",
        ],
    ),
    (
        "abi compatibility",
        &[
            "effect on abi stability",
            "abi stability",
            "impact on abi",
            "abi impact",
        ],
    ),
    (
        "implications on adoption",
        &["effect on api resilience", "api resilience", "adoption"],
    ),
    (
        "proposed solution",
        &[
            "proposal",
            "solution",
            "proposed approach",
            "proposed design",
        ],
    ),
    (
        "detailed design",
        &[
            "detail design",
            "design",
            "design details",
            "specification",
            "detailed api changes",
            "api changes",
            "detailed changes",
        ],
    ),
    (
        "future directions",
        &[
            "future work",
            "future enhancements",
            "future",
            "future possibilities",
        ],
    ),
    (
        "acknowledgments",
        &["acknowledgements", "thanks", "credits"],
    ),
    // Nygard's ADR sections.
    (
        "decision",
        &[
            "decision outcome",
            "outcome",
            "resolution",
            "proposal",
            "proposed decision",
            "the decision",
        ],
    ),
    // Go's proposal template.
    (
        "proposal",
        &[
            "proposed changes",
            "proposed change",
            "design",
            "draft design",
            "detailed design",
            "proposed solution",
        ],
    ),
    (
        "compatibility",
        &[
            "go 1 backwards compatibility",
            "go 1 compatibility",
            "backwards compatibility",
            "backward compatibility",
        ],
    ),
    (
        "abstract",
        &[
            "summary",
            "simple summary",
            "introduction",
            "overview",
            "tl dr",
        ],
    ),
    (
        "implementation",
        &[
            "implementation plan",
            "implementation timetable",
            "timeline",
            "deployment",
            "transition",
        ],
    ),
    ("background", &["motivation", "context", "problem"]),
    (
        "rationale",
        &[
            "alternatives",
            "alternatives considered",
            "design rationale",
            "alternate designs",
            "alternative designs",
            "discussion",
        ],
    ),
    (
        "open issues",
        &[
            "open questions",
            "unresolved questions",
            "discussion and open questions",
        ],
    ),
];

/// The built-in aliases for a normalised section title.
pub fn builtin_aliases(key: &str) -> &'static [&'static str] {
    BUILTIN
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(&[], |(_, a)| a)
}
