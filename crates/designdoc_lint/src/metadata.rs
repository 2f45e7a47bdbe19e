//! The front-matter schema every design doc shares (docs/metadata.md): its
//! keys, and the lifecycle statuses designdoc ships.

/// Keys designdoc reads. A template may require more
/// (`required-front-matter`), and those are known too.
pub const KNOWN_KEYS: &[&str] = &[
    "id",
    "number",
    "title",
    "status",
    "authors",
    "reviewers",
    "approvers",
    "created",
    "updated",
    "tags",
    "supersedes",
    "superseded-by",
    "depends-on",
    "discussion",
    "template",
];

/// Keys whose value is a list (a single scalar is a list of one).
pub const LIST_KEYS: &[&str] = &[
    "authors",
    "reviewers",
    "approvers",
    "tags",
    "supersedes",
    "superseded-by",
    "depends-on",
];

/// Keys whose value is a date, `YYYY-MM-DD`.
pub const DATE_KEYS: &[&str] = &["created", "updated"];

/// The statuses of the default lifecycle.
pub const DEFAULT_STATUSES: &[&str] = &[
    "draft",
    "in-review",
    "accepted",
    "implemented",
    "rejected",
    "withdrawn",
    "superseded",
];

/// The known key closest to `key`, when one is close enough to be a typo.
pub fn closest_key<'a>(key: &str, known: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    known
        .map(|k| (strsim::jaro_winkler(key, k), k))
        .filter(|(score, _)| *score >= 0.85)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, k)| k)
}
