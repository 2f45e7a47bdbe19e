//! The repository of docs: what `list`, `index`, `status`, `graph` and the
//! repository rules know about each doc, read from its front matter, with
//! fallbacks for docs that have none (number from the file name, title
//! from the first `#` heading, authors and dates from git history).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use designdoc_syntax::{Meta, parse_meta, scan_front_matter};
use serde::Serialize;

/// One doc, as the repository sees it. Text taken from the doc (id,
/// title, status, names, tags, references) has its control characters made
/// visible ([`designdoc_syntax::text::visible`]): it is printed as is.
#[derive(Debug, Clone, Default, Serialize)]
pub struct DocInfo {
    /// The front matter's `number:`, else the key the file is named after
    /// (`eip: 1559` in `eip-1559.md`), else the file name's number
    /// (`0007-x.md`, `eip-1559.md`); `None` when none gives one.
    pub number: Option<u32>,
    /// The front matter's `id:`, trimmed; `None` when absent, blank or not a
    /// single value (a list, a mapping).
    pub id: Option<String>,
    /// The front matter's `title:`, else the first `# ` heading outside code
    /// fences and HTML comments, else the file name without its leading
    /// number, dashes as spaces. Never absent, possibly empty.
    pub title: String,
    /// The front matter's `status:`, trimmed, as written (not checked
    /// against the lifecycle); `None` when absent, blank or not a single
    /// value.
    pub status: Option<String>,
    /// The front matter's `authors:` (a list or one name), else `author:`
    /// split at commas; the first commit's author when the doc names none
    /// and git history was read ([`fill_from_history`]).
    pub authors: Vec<String>,
    /// The front matter's `reviewers:` (a list or one name).
    #[serde(skip)]
    pub reviewers: Vec<String>,
    /// The front matter's `approvers:` (a list or one name).
    #[serde(skip)]
    pub approvers: Vec<String>,
    /// The front matter's `created:` when it is a `YYYY-MM-DD` calendar
    /// date (anything else is dropped), else the first commit's date when
    /// git history was read.
    pub created: Option<String>,
    /// The front matter's `updated:` when it is a `YYYY-MM-DD` calendar
    /// date (anything else is dropped), else the last commit's date when
    /// git history was read.
    pub updated: Option<String>,
    /// The front matter's `tags:` (a list or one tag), in its order.
    pub tags: Vec<String>,
    /// The front matter's `supersedes:`: the docs this one replaces, as
    /// written (numbers, ids or paths), not resolved.
    #[serde(skip)]
    pub supersedes: Vec<String>,
    /// The front matter's `superseded-by:`: the docs that replace this one,
    /// as written, not resolved.
    #[serde(skip)]
    pub superseded_by: Vec<String>,
    /// The front matter's `depends-on:`: the docs this one builds on, as
    /// written, not resolved.
    #[serde(skip)]
    pub depends_on: Vec<String>,
    /// Relative to the repository root, with `/`.
    pub path: String,
    /// The file's path as the caller gave it (absolute when it was), with
    /// `.` and `..` removed lexically; not canonicalised.
    #[serde(skip)]
    pub abs_path: PathBuf,
    /// Whether any of `authors`, `created` and `updated` came from git
    /// history rather than the doc.
    #[serde(skip)]
    pub from_git: bool,
}

impl DocInfo {
    /// The order docs are listed in: by number, the unnumbered last, then
    /// by path.
    pub fn listing_order(&self, other: &DocInfo) -> std::cmp::Ordering {
        (self.number.is_none(), self.number, &self.path).cmp(&(
            other.number.is_none(),
            other.number,
            &other.path,
        ))
    }
}

impl DocInfo {
    /// `0007` (or the id, or the path when there is neither).
    pub fn label(&self) -> String {
        match (self.number, &self.id) {
            (Some(n), _) => format!("{n:04}"),
            (None, Some(id)) => id.clone(),
            _ => self.path.clone(),
        }
    }

    /// Whether `spec` names this doc: its number (`7`, `0007`), its id,
    /// or its path (as given, or relative to the root).
    pub fn is_named_by(&self, spec: &str) -> bool {
        let spec = spec.trim();
        if let Ok(n) = spec.parse::<u32>() {
            return self.number == Some(n);
        }
        self.id.as_deref() == Some(spec)
            || self.path == spec.trim_start_matches("./")
            || Path::new(spec) == self.abs_path
    }
}

/// What a doc says about itself. Pure: `rel` is the path relative to the
/// repository root, `source` the file's text.
pub fn doc_info(abs_path: &Path, rel: &str, source: &str) -> DocInfo {
    let meta = scan_front_matter(source)
        .map(|fm| parse_meta(source, &fm))
        .unwrap_or_default();
    let file_name = rel.rsplit('/').next().unwrap_or(rel);
    // `number: 7`, else the key the file is named after (`eip: 1559` in
    // `eip-1559.md`), else the file name (`0007-x.md`, `eip-1559.md`).
    let prefix = file_name
        .split(['-', '_'])
        .next()
        .unwrap_or("")
        .to_ascii_lowercase();
    let number = meta
        .str("number")
        .or_else(|| meta.str(&prefix))
        .and_then(|n| n.trim().parse().ok())
        .or_else(|| number_from_file_name(file_name))
        .or_else(|| number_after_prefix(file_name));
    let title = meta
        .str("title")
        .map(|t| t.trim().to_string())
        .or_else(|| first_h1(source))
        .unwrap_or_else(|| {
            file_name
                .trim_end_matches(".md")
                .trim_start_matches(|c: char| c.is_ascii_digit() || c == '-')
                .replace('-', " ")
        });
    // What a doc says is printed in tables and graphs: no terminal escapes.
    let shown = |s: &str| designdoc_syntax::text::visible(s).into_owned();
    let owned = |v: Vec<&str>| v.into_iter().map(shown).collect::<Vec<_>>();
    DocInfo {
        number,
        id: meta.str("id").map(|s| shown(s.trim())),
        title: shown(&title),
        status: meta.str("status").map(|s| shown(s.trim())),
        authors: owned(authors(&meta)),
        reviewers: owned(meta.list("reviewers")),
        approvers: owned(meta.list("approvers")),
        created: date(&meta, "created"),
        updated: date(&meta, "updated"),
        tags: owned(meta.list("tags")),
        supersedes: owned(meta.list("supersedes")),
        superseded_by: owned(meta.list("superseded-by")),
        depends_on: owned(meta.list("depends-on")),
        path: rel.to_string(),
        abs_path: designdoc_lint::repo::normalize(abs_path),
        from_git: false,
    }
}

/// `eip-1559.md`, `pep_8.md` → the number after a word.
fn number_after_prefix(file_name: &str) -> Option<u32> {
    let (word, rest) = file_name.split_once(['-', '_'])?;
    if word.is_empty() || !word.chars().all(|c| c.is_ascii_alphabetic()) {
        return None;
    }
    number_from_file_name(rest)
}

/// `authors:` (a list or one name), else `author:` as EIPs write it: one
/// line, names separated by commas ("Ann (@ann), Bo <bo@example.com>").
fn authors(meta: &Meta) -> Vec<&str> {
    let listed = meta.list("authors");
    if !listed.is_empty() {
        return listed;
    }
    let one = meta.list("author");
    match one[..] {
        [line] => line
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .collect(),
        _ => one,
    }
}

fn date(meta: &Meta, key: &str) -> Option<String> {
    meta.str(key)
        .map(str::trim)
        .filter(|d| designdoc_syntax::is_date(d))
        .map(str::to_string)
}

pub use designdoc_lint::repo::number_from_file_name;

/// The text of the first `# ` heading outside code fences, without
/// parsing the whole doc (`list` reads thousands).
fn first_h1(source: &str) -> Option<String> {
    let body = scan_front_matter(source).map_or(source, |fm| &source[fm.span.end..]);
    let mut fence: Option<&str> = None;
    let mut in_comment = false;
    for line in body.lines() {
        let t = line.trim_start();
        // A heading inside an HTML comment (a template's guidance) is not
        // the doc's title.
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if fence.is_none()
            && let Some(at) = line.find("<!--")
            && !line[at..].contains("-->")
        {
            in_comment = true;
            continue;
        }
        if let Some(f) = fence {
            if t.starts_with(f) {
                fence = None;
            }
            continue;
        }
        if t.starts_with("```") {
            fence = Some("```");
        } else if t.starts_with("~~~") {
            fence = Some("~~~");
        } else if let Some(rest) = t.strip_prefix("# ") {
            let text = rest.trim().trim_end_matches('#').trim();
            if !text.is_empty() {
                return Some(text.to_string());
            }
        }
    }
    None
}

/// What git history says of each file: (first author, first commit date,
/// last commit date), by path relative to the repository root.
pub type History = HashMap<String, (String, String, String)>;

/// Reads git history for the files under `root` with one `git log` (the
/// git CLI: every repository designdoc runs in has it, and one process for
/// the whole history beats a library walk per file). Empty when `root` is
/// not in a git work tree or git is missing.
pub fn git_history(root: &Path) -> History {
    let out = std::process::Command::new("git")
        .args([
            "log",
            "--format=%x1e%an%x1f%ad",
            "--date=short",
            "--name-only",
            "--no-renames",
            "--relative",
            "--",
            ".",
        ])
        .current_dir(root)
        .env_remove("GIT_DIR")
        .output();
    let Ok(out) = out else {
        return History::new();
    };
    if !out.status.success() {
        return History::new();
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut history = History::new();
    // Newest commit first: the first time a file is seen gives `updated`,
    // the last gives the first author and `created`.
    for commit in text.split('\u{1e}').filter(|c| !c.trim().is_empty()) {
        let mut lines = commit.lines();
        let Some((author, date)) = lines.next().and_then(|l| l.split_once('\u{1f}')) else {
            continue;
        };
        for file in lines.map(str::trim).filter(|l| !l.is_empty()) {
            history
                .entry(file.to_string())
                .and_modify(|e| {
                    e.0 = author.to_string();
                    e.1 = date.to_string();
                })
                .or_insert_with(|| (author.to_string(), date.to_string(), date.to_string()));
        }
    }
    history
}

/// Fills what a doc does not say from git history.
pub fn fill_from_history(doc: &mut DocInfo, history: &History) {
    let Some((author, created, updated)) = history.get(&doc.path) else {
        return;
    };
    if doc.authors.is_empty() {
        doc.authors.push(author.clone());
        doc.from_git = true;
    }
    if doc.created.is_none() {
        doc.created = Some(created.clone());
        doc.from_git = true;
    }
    if doc.updated.is_none() {
        doc.updated = Some(updated.clone());
        doc.from_git = true;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_from_file_names() {
        assert_eq!(number_from_file_name("0007-rate-limiter.md"), Some(7));
        assert_eq!(number_from_file_name("12_x.md"), Some(12));
        assert_eq!(number_from_file_name("2024roadmap.md"), None);
        assert_eq!(number_from_file_name("adr-12.md"), None);
        assert_eq!(number_after_prefix("eip-1559.md"), Some(1559));
        assert_eq!(number_after_prefix("0007-x.md"), None);
    }

    #[test]
    fn number_from_the_key_the_file_is_named_after_and_authors_from_one_line() {
        let d = doc_info(
            Path::new("/r/EIPS/eip-1559.md"),
            "EIPS/eip-1559.md",
            "---\neip: 1559\nauthor: Vitalik Buterin (@vbuterin), Eric Conner (@econoar)\n---\n<!--\n# Not the title\n-->\n\n## Abstract\n",
        );
        assert_eq!(d.number, Some(1559));
        assert_eq!(
            d.authors,
            ["Vitalik Buterin (@vbuterin)", "Eric Conner (@econoar)"]
        );
        assert_ne!(d.title, "Not the title");
        let d = doc_info(Path::new("/r/x/eip-7.md"), "x/eip-7.md", "# T\n");
        assert_eq!(d.number, Some(7));
    }

    #[test]
    fn front_matter_first_then_fallbacks() {
        let d = doc_info(
            Path::new("/r/docs/0003-x.md"),
            "docs/0003-x.md",
            "---\ntitle: From FM\nstatus: accepted\nauthors: ann\ntags: [a, b]\n---\n# From H1\n",
        );
        assert_eq!((d.number, d.title.as_str()), (Some(3), "From FM"));
        assert_eq!(d.authors, ["ann"]);
        assert_eq!(d.tags, ["a", "b"]);
        let d = doc_info(
            Path::new("/r/0004-y.md"),
            "0004-y.md",
            "```\n# not this\n```\n# Design Document: Y\n",
        );
        assert_eq!(d.title, "Design Document: Y");
        assert!(d.is_named_by("4") && d.is_named_by("0004") && d.is_named_by("0004-y.md"));
    }
}
