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
];

/// The built-in aliases for a normalised section title.
pub fn builtin_aliases(key: &str) -> &'static [&'static str] {
    BUILTIN
        .iter()
        .find(|(k, _)| *k == key)
        .map_or(&[], |(_, a)| a)
}
