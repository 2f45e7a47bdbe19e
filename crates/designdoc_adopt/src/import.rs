//! `designdoc import`: decision records written for another tool, moved
//! into designdoc's front matter and lifecycle without touching a byte of
//! their prose.
//!
//! - **adr-tools**: `# N. Title`, a `Date:` line, and a `## Status`
//!   section of a status word and "Supersedes" / "Superseded by" links.
//! - **log4brains** (and MADR 2.x): a list under the title, `- Status:`,
//!   `- Date:`, `- Deciders:`, `- Tags:`; file names start with a date, so
//!   docs get a `number` in date order.
//! - **MADR** 3.x/4.x: YAML front matter (`status`, `date`,
//!   `decision-makers` or `deciders`, `consulted`, `informed`); 2.x docs
//!   are read like log4brains'.
//!
//! Only the front matter is written: a doc without one gets one, and one
//! with keys of the other tool's has them renamed or translated. Keys
//! already in designdoc's form are never overwritten, so importing twice
//! changes nothing. Everything after the front matter stays as it was,
//! byte for byte (the old status section too: it is prose now, and the
//! front matter is what designdoc reads).
//!
//! Pure: the CLI reads the files and writes the results.

use std::fmt;

use designdoc_syntax::{MetaValue, is_date, parse_meta, scan_front_matter};

use designdoc_repo::frontmatter::{flow_list, rename_key, scalar, set_key};

/// The tool the docs were written for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// adr-tools (`adr new`): `# N. Title`, `Date:`, a `## Status` section.
    AdrTools,
    /// log4brains (and MADR 2.x): `- Status:`, `- Date:`… under the title.
    Log4brains,
    /// MADR 3.x/4.x YAML front matter; a doc without one is read as 2.x.
    Madr,
}

impl Source {
    /// Where the tool keeps its records by default, relative to the
    /// repository root.
    pub fn default_dir(self) -> &'static str {
        match self {
            Source::AdrTools => "doc/adr",
            Source::Log4brains => "docs/adr",
            Source::Madr => "docs/decisions",
        }
    }

    /// The built-in template these records fit.
    pub fn template(self) -> &'static str {
        "adr"
    }
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Source::AdrTools => "adr-tools",
            Source::Log4brains => "log4brains",
            Source::Madr => "madr",
        })
    }
}

/// One front-matter key written, and what it was made from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mapped {
    /// designdoc's key (`status`, `created`, `superseded-by`, …).
    pub key: &'static str,
    /// YAML, as written.
    pub value: String,
    /// The original text it was read from.
    pub from: String,
}

/// One doc's import.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The file name, as given.
    pub name: String,
    /// The doc's text as given, untouched.
    pub original: String,
    /// The doc with its new front matter (equal to `original` when there
    /// was nothing to do).
    pub text: String,
    /// The front-matter keys written, in the order they were written.
    pub mapped: Vec<Mapped>,
    /// What was found but has no designdoc key (it stays in the text).
    pub unmapped: Vec<String>,
}

impl Imported {
    /// Whether the import rewrote the doc (`text` differs from
    /// `original`); false for a doc already imported.
    pub fn changed(&self) -> bool {
        self.text != self.original
    }
}

/// Imports a folder's docs, given as (file name relative to the folder,
/// text), in file-name order.
pub fn import_all(source: Source, docs: &[(String, String)]) -> Vec<Imported> {
    let mut out: Vec<Imported> = docs
        .iter()
        .map(|(name, text)| import_one(source, name, text))
        .collect();
    // log4brains names files by date (20240131-use-kafka.md), which would
    // read as number 20240131 and collide for two docs of one day: number
    // them in date order instead, after any number already given.
    if source == Source::Log4brains {
        let has_number = |t: &str| meta_str(t, "number").is_some();
        let mut next = out
            .iter()
            .filter_map(|d| meta_str(&d.text, "number")?.parse::<u64>().ok())
            .max()
            .unwrap_or(0);
        for d in &mut out {
            if !has_number(&d.text) && !has_short_number_prefix(&d.name) {
                next += 1;
                let value = next.to_string();
                d.text = set_key(&d.text, "number", &value);
                d.mapped.push(Mapped {
                    key: "number",
                    value,
                    from: "date order of the file names".to_string(),
                });
            }
        }
    }
    link_both_sides(&mut out);
    out
}

/// A supersede is written on both docs: the superseded one names its
/// successor (`superseded-by`), the successor names it (`supersedes`),
/// whichever side the other tool wrote (log4brains writes only the
/// first). A side the doc already sets is left as it is.
fn link_both_sides(out: &mut [Imported]) {
    let refs = |d: &Imported, key: &str| -> Vec<String> {
        scan_front_matter(&d.text)
            .map(|fm| {
                parse_meta(&d.text, &fm)
                    .list(key)
                    .into_iter()
                    .map(str::to_string)
                    .collect()
            })
            .unwrap_or_default()
    };
    // What refers to doc `j`: its file name, or its number as
    // `file_reference` writes it.
    let names: Vec<(String, String)> = out
        .iter()
        .map(|d| (d.name.clone(), file_reference(&d.name)))
        .collect();
    let find = |r: &str| names.iter().position(|(n, short)| n == r || short == r);
    let mut adds: Vec<(usize, &'static str, String, String)> = Vec::new();
    for (i, d) in out.iter().enumerate() {
        for (key, other) in [
            ("superseded-by", "supersedes"),
            ("supersedes", "superseded-by"),
        ] {
            for r in refs(d, key) {
                let Some(j) = find(&r) else { continue };
                if j != i && refs(&out[j], other).is_empty() {
                    adds.push((
                        j,
                        other,
                        names[i].1.clone(),
                        format!("{}: {key} {r}", d.name),
                    ));
                }
            }
        }
    }
    for (j, key, r, from) in adds {
        out[j].set_refs(key, vec![r], &from);
    }
}

/// One doc's import (log4brains' numbering needs [`import_all`]).
pub fn import_one(source: Source, name: &str, text: &str) -> Imported {
    let mut doc = Imported {
        name: name.to_string(),
        original: text.to_string(),
        text: text.to_string(),
        mapped: Vec::new(),
        unmapped: Vec::new(),
    };
    match source {
        Source::AdrTools => adr_tools(&mut doc),
        Source::Log4brains => list_fields(&mut doc),
        Source::Madr => {
            if scan_front_matter(text).is_some() {
                madr_front_matter(&mut doc);
            } else {
                list_fields(&mut doc);
            }
        }
    }
    doc
}

impl Imported {
    /// Sets `key` unless the front matter has it already (a second import,
    /// or a key the team set by hand).
    fn set(&mut self, key: &'static str, value: String, from: &str) {
        if meta_has(&self.text, key) {
            return;
        }
        self.text = set_key(&self.text, key, &value);
        self.mapped.push(Mapped {
            key,
            value,
            from: from.trim().to_string(),
        });
    }

    /// Replaces the other tool's `old` key, where it stands, by designdoc's
    /// `key`.
    fn replace(&mut self, old: &str, key: &'static str, value: String, from: &str) {
        self.text = rename_key(&self.text, old, key, &value);
        self.mapped.push(Mapped {
            key,
            value,
            from: from.trim().to_string(),
        });
    }

    fn set_status(&mut self, word: &str, from: &str) {
        match status(word) {
            Some(s) => self.set("status", s.to_string(), from),
            None => self
                .unmapped
                .push(format!("status {:?}: not a designdoc status", word.trim())),
        }
    }

    fn set_refs(&mut self, key: &'static str, refs: Vec<String>, from: &str) {
        if !refs.is_empty() {
            self.set(key, flow_list(&refs), from);
        }
    }

    fn set_names(&mut self, key: &'static str, value: &str, from: &str) {
        let names = names(value);
        if !names.is_empty() {
            self.set(key, flow_list(&names), from);
        }
    }
}

/// adr-tools: `# 1. Title`, `Date: YYYY-MM-DD`, `## Status` with a status
/// word and link lines.
fn adr_tools(doc: &mut Imported) {
    let body = body_of(&doc.original).to_string();
    let mut in_status = false;
    let mut fence = false;
    let mut status_word: Option<String> = None;
    let (mut supersedes, mut superseded_by) = (Vec::new(), Vec::new());
    // The lines each was read from, for the summary.
    let (mut supersedes_from, mut superseded_from) = (Vec::new(), Vec::new());
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            fence = !fence;
        }
        if fence {
            continue;
        }
        if let Some(h) = t.strip_prefix('#') {
            let level = 1 + h.chars().take_while(|c| *c == '#').count();
            let title = h.trim_start_matches('#').trim();
            if level == 1 && !meta_has(&doc.text, "title") {
                let bare = strip_number(title);
                if bare != title {
                    doc.set("title", scalar(bare), t);
                }
            }
            in_status = level == 2 && title.eq_ignore_ascii_case("status");
            continue;
        }
        if let Some(date) = t.strip_prefix("Date:") {
            let date = date.trim();
            if is_date(date) {
                doc.set("created", date.to_string(), t);
            } else {
                doc.unmapped
                    .push(format!("{t:?}: not a YYYY-MM-DD date (kept in the text)"));
            }
            continue;
        }
        if !in_status || t.is_empty() {
            continue;
        }
        let lower = t.to_ascii_lowercase();
        if let Some(rest) = lower.strip_prefix("superseded by") {
            superseded_by.extend(references(&t[t.len() - rest.len()..]));
            superseded_from.push(t.to_string());
        } else if let Some(rest) = lower.strip_prefix("supersedes") {
            supersedes.extend(references(&t[t.len() - rest.len()..]));
            supersedes_from.push(t.to_string());
        } else if t.contains("](") {
            // adr-tools' other links (`adr link`): Amends, Clarifies, …
            doc.unmapped.push(format!(
                "{t:?}: no designdoc key for this link (kept in the text)"
            ));
        } else if status_word.is_none() {
            status_word = Some(t.split_whitespace().next().unwrap_or(t).to_string());
        }
    }
    // adr-tools leaves "Accepted" above "Superseded by" when it links.
    let superseded_from = superseded_from.join("; ");
    if !superseded_by.is_empty() {
        doc.set_status("superseded", &superseded_from);
    } else if let Some(word) = status_word {
        doc.set_status(&word, &word);
    }
    doc.set_refs("supersedes", supersedes, &supersedes_from.join("; "));
    doc.set_refs("superseded-by", superseded_by, &superseded_from);
}

/// log4brains and MADR 2.x: `- Status: …` (or `* Status: …`) lines near
/// the top of the doc.
fn list_fields(doc: &mut Imported) {
    let body = body_of(&doc.original).to_string();
    let mut seen_title = false;
    for line in body.lines() {
        let t = line.trim();
        if t.starts_with("## ") {
            break; // the fields are above the first section
        }
        if t.starts_with("# ") {
            seen_title = true;
            continue;
        }
        let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) else {
            continue;
        };
        let Some((field, value)) = item.split_once(':') else {
            continue;
        };
        let value = strip_comments(value).trim().to_string();
        let field = field.trim().to_ascii_lowercase();
        if !seen_title && field != "status" {
            continue;
        }
        if value.is_empty() || is_placeholder(&value) {
            if !value.is_empty() {
                doc.unmapped
                    .push(format!("{field}: {value:?} is the template's placeholder"));
            }
            continue;
        }
        let from = format!("{}: {value}", field);
        match field.as_str() {
            "status" => status_value(doc, &value, &from),
            "date" if is_date(&value) => doc.set("updated", value, &from),
            "deciders" | "decision-makers" => doc.set_names("approvers", &value, &from),
            "consulted" => doc.set_names("reviewers", &value, &from),
            "tags" => doc.set_names("tags", &value, &from),
            _ => doc
                .unmapped
                .push(format!("{from:?}: no designdoc key (kept in the text)")),
        }
    }
}

/// MADR 3.x/4.x front matter: its keys renamed or translated in place.
fn madr_front_matter(doc: &mut Imported) {
    let fm = scan_front_matter(&doc.original).expect("checked by the caller");
    let meta = parse_meta(&doc.original, &fm);
    if let Some(e) = &meta.error {
        doc.unmapped.push(format!(
            "front matter: YAML that does not parse ({}); nothing imported",
            e.message
        ));
        return;
    }
    for e in &meta.entries {
        let text = |v: &MetaValue| match v {
            MetaValue::Scalar(s) => s.clone(),
            MetaValue::List(l) => l.join(", "),
            _ => String::new(),
        };
        let value = text(&e.value);
        let from = format!("{}: {value}", e.key);
        match e.key.as_str() {
            "status" => {
                // Translated in place: MADR's statuses are not designdoc's.
                match parse_status(&value) {
                    Some((s, _)) if s == value => {}
                    Some((s, refs)) => {
                        doc.replace("status", "status", s.to_string(), &from);
                        if s == "superseded" && refs.is_empty() {
                            doc.unmapped
                                .push(format!("{from:?}: the superseding doc is not named"));
                        }
                        doc.set_refs("superseded-by", refs, &from);
                    }
                    None => doc
                        .unmapped
                        .push(format!("{from:?}: not a designdoc status (left as it was)")),
                }
            }
            "date" | "deciders" | "decision-makers" | "consulted" => {
                let (key, names) = match e.key.as_str() {
                    "date" => ("updated", false),
                    "consulted" => ("reviewers", true),
                    _ => ("approvers", true),
                };
                if meta_has(&doc.text, key) {
                    doc.unmapped.push(format!(
                        "{from:?}: the doc has `{key}` already (left as it was)"
                    ));
                    continue;
                }
                if value.is_empty() || is_placeholder(&value) || (!names && !is_date(&value)) {
                    doc.unmapped.push(format!(
                        "{from:?}: not a value designdoc reads (left as it was)"
                    ));
                    continue;
                }
                let value = if names {
                    flow_list(&self::names(&value))
                } else {
                    value.clone()
                };
                doc.replace(&e.key, key, value, &from);
            }
            "informed" => doc.unmapped.push(format!(
                "{from:?}: no designdoc key (left in the front matter)"
            )),
            _ => {}
        }
    }
}

/// A status value such as `accepted`, `Proposed`, or `superseded by
/// [ADR-0005](0005-example.md)`: the status, and the superseding doc.
fn status_value(doc: &mut Imported, value: &str, from: &str) {
    match parse_status(value) {
        Some((s, refs)) => {
            doc.set("status", s.to_string(), from);
            if s == "superseded" && refs.is_empty() && value.len() > "superseded".len() {
                doc.unmapped
                    .push(format!("{from:?}: the superseding doc is not named"));
            }
            doc.set_refs("superseded-by", refs, from);
        }
        None => doc
            .unmapped
            .push(format!("status {:?}: not a designdoc status", value.trim())),
    }
}

/// `superseded by [X](0005-x.md)` → (superseded, [5]); `Proposed` →
/// (in-review, []).
fn parse_status(value: &str) -> Option<(&'static str, Vec<String>)> {
    let lower = value.to_ascii_lowercase();
    if let Some(rest) = lower.trim().strip_prefix("superseded by") {
        let v = value.trim();
        return Some(("superseded", references(&v[v.len() - rest.len()..])));
    }
    Some((status(value)?, Vec::new()))
}

/// The other tools' status words, as designdoc's lifecycle statuses.
fn status(word: &str) -> Option<&'static str> {
    let w = word
        .trim()
        .trim_matches(|c: char| !c.is_alphanumeric() && c != '-')
        .to_ascii_lowercase();
    Some(match w.as_str() {
        "draft" => "draft",
        // Proposed: written and under discussion, not yet decided.
        "proposed" | "in-review" | "review" => "in-review",
        "accepted" | "approved" => "accepted",
        "implemented" | "done" => "implemented",
        "rejected" | "declined" => "rejected",
        // Deprecated: no longer applies, replaced by nothing.
        "deprecated" | "withdrawn" => "withdrawn",
        "superseded" => "superseded",
        _ => return None,
    })
}

/// The docs a phrase links to: `[2. Use Kafka](0002-use-kafka.md)` → `2`;
/// `ADR-0012` → `12`; a link to a file without a number → its path.
fn references(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = s;
    while let Some(i) = rest.find("](") {
        let after = &rest[i + 2..];
        let end = after.find(')').unwrap_or(after.len());
        let target = after[..end].split('#').next().unwrap_or("").trim();
        if !target.is_empty() {
            out.push(file_reference(target));
        }
        rest = &after[end..];
    }
    if out.is_empty() {
        // A bare name: `superseded by ADR-0123`.
        for word in s.split(|c: char| c.is_whitespace() || c == ',') {
            let digits: String = word
                .rsplit(|c: char| !c.is_ascii_digit())
                .next()
                .unwrap_or("")
                .to_string();
            if !digits.is_empty() && digits.len() <= 6 {
                out.push(digits.trim_start_matches('0').to_string());
            }
        }
        out.retain(|r| !r.is_empty());
    }
    out
}

/// `0002-use-kafka.md` → `2`; `20240131-use-kafka.md` → the path.
fn file_reference(target: &str) -> String {
    let file = target.rsplit('/').next().unwrap_or(target);
    if has_short_number_prefix(file) && !target.contains('/') {
        let digits: String = file.chars().take_while(char::is_ascii_digit).collect();
        let n = digits.trim_start_matches('0');
        return if n.is_empty() { "0".into() } else { n.into() };
    }
    target.to_string()
}

/// `0007-x.md`: a number designdoc reads from the file name (not a date).
fn has_short_number_prefix(name: &str) -> bool {
    let digits = name.chars().take_while(char::is_ascii_digit).count();
    (1..=6).contains(&digits) && name[digits..].starts_with(['-', '_'])
}

/// `1. Record architecture decisions` → `Record architecture decisions`.
fn strip_number(title: &str) -> &str {
    let digits = title.chars().take_while(char::is_ascii_digit).count();
    match title[digits..].strip_prefix(". ") {
        Some(rest) if digits > 0 => rest.trim(),
        _ => title,
    }
}

/// `Ann, Bo and Cy` / `[ann, bo]` / `ops platform` (log4brains tags are
/// space or comma separated) → the names.
fn names(value: &str) -> Vec<String> {
    let v = value.trim().trim_start_matches('[').trim_end_matches(']');
    let by_comma = v.contains(',') || v.contains(" and ");
    let parts: Vec<&str> = if by_comma {
        v.split(',').flat_map(|p| p.split(" and ")).collect()
    } else if v.split_whitespace().all(|w| {
        w.chars()
            .all(|c| c.is_lowercase() || c == '-' || c.is_ascii_digit())
    }) {
        v.split_whitespace().collect() // tags: `storage api`
    } else {
        vec![v] // one name: `Ann Lee`
    };
    parts
        .into_iter()
        .map(|p| p.trim().trim_matches(['"', '\'']).to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// A template's unfilled placeholder: `[list everyone involved]` or
/// `{YYYY-MM-DD when the decision was last updated}`.
fn is_placeholder(value: &str) -> bool {
    let v = value.trim();
    ((v.starts_with('[') && v.ends_with(']')) || (v.starts_with('{') && v.ends_with('}')))
        && !v.contains("](")
        && v.contains(' ')
}

fn strip_comments(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find("<!--") {
        out.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    out.push_str(rest);
    out
}

/// The text after the front matter (and a byte order mark).
fn body_of(text: &str) -> &str {
    scan_front_matter(text)
        .map_or(text, |fm| &text[fm.span.end..])
        .trim_start_matches('\u{feff}')
}

fn meta_has(text: &str, key: &str) -> bool {
    scan_front_matter(text).is_some_and(|fm| parse_meta(text, &fm).get(key).is_some())
}

fn meta_str(text: &str, key: &str) -> Option<String> {
    let fm = scan_front_matter(text)?;
    let meta = parse_meta(text, &fm);
    meta.str(key).map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn body(text: &str) -> &str {
        body_of(text)
    }

    const ADR_TOOLS: &str = "# 3. Use Kafka for events\n\nDate: 2018-02-19\n\n## Status\n\nAccepted\n\nSupersedes [2. Use RabbitMQ](0002-use-rabbitmq.md)\n\nAmends [1. Record decisions](0001-record-decisions.md)\n\n## Context\n\nWe need events.\n\n## Decision\n\nKafka.\n\n## Consequences\n\nOps.\n";

    #[test]
    fn adr_tools_status_date_and_links_become_front_matter() {
        let d = import_one(Source::AdrTools, "0003-use-kafka.md", ADR_TOOLS);
        assert_eq!(
            d.text,
            format!(
                "---\ntitle: Use Kafka for events\ncreated: 2018-02-19\nstatus: accepted\nsupersedes: [2]\n---\n{ADR_TOOLS}"
            )
        );
        assert_eq!(body(&d.text), ADR_TOOLS);
        assert_eq!(d.unmapped.len(), 1, "{:?}", d.unmapped);
        assert!(d.unmapped[0].contains("Amends"));
        // Twice: nothing more.
        let again = import_one(Source::AdrTools, "0003-use-kafka.md", &d.text);
        assert!(!again.changed(), "{}", again.text);
    }

    #[test]
    fn adr_tools_superseded_by_wins_over_the_old_status() {
        let src = "# 2. Use RabbitMQ\n\nDate: 2017-01-02\n\n## Status\n\nAccepted\n\nSuperseded by [3. Use Kafka](0003-use-kafka.md)\n\n## Context\n\nx\n";
        let d = import_one(Source::AdrTools, "0002-use-rabbitmq.md", src);
        assert!(d.text.contains("status: superseded\n"), "{}", d.text);
        assert!(d.text.contains("superseded-by: [3]\n"), "{}", d.text);
        let src = "# 4. X\n\nDate: 2017-01-02\n\n## Status\n\nDeprecated\n\n## Context\n\nx\n";
        let d = import_one(Source::AdrTools, "0004-x.md", src);
        assert!(d.text.contains("status: withdrawn\n"), "{}", d.text);
    }

    #[test]
    fn a_supersede_is_written_on_both_docs() {
        let old = "# Use Kafka\n\n- Status: superseded by [Use Pulsar](20210102-use-pulsar.md)\n\n## Context and Problem Statement\n\nx\n";
        let new = "# Use Pulsar\n\n- Status: accepted\n\n## Context and Problem Statement\n\ny\n";
        let docs = vec![
            ("20201001-use-kafka.md".to_string(), old.to_string()),
            ("20210102-use-pulsar.md".to_string(), new.to_string()),
        ];
        let out = import_all(Source::Log4brains, &docs);
        assert!(
            out[1]
                .text
                .contains("supersedes: [20201001-use-kafka.md]\n"),
            "{}",
            out[1].text
        );
        // Twice: nothing more.
        let again: Vec<(String, String)> = out
            .iter()
            .map(|d| (d.name.clone(), d.text.clone()))
            .collect();
        assert!(
            import_all(Source::Log4brains, &again)
                .iter()
                .all(|d| !d.changed())
        );
    }

    #[test]
    fn log4brains_fields_become_front_matter_and_numbers_follow_dates() {
        let a = "# Use Markdown ADRs\n\n- Status: accepted\n- Deciders: Ann Lee, Bo Chen\n- Date: 2020-09-25\n- Tags: doc process\n\nTechnical Story: none <!-- optional -->\n\n## Context and Problem Statement\n\n- Status: not this one\n";
        let b = "# Use Kafka\n\n- Status: superseded by [Use Pulsar](20210102-use-pulsar.md)\n- Deciders: [list everyone involved in the decision] <!-- optional -->\n\n## Context and Problem Statement\n\nx\n";
        let docs = vec![
            ("20200925-use-markdown-adrs.md".to_string(), a.to_string()),
            ("20201001-use-kafka.md".to_string(), b.to_string()),
        ];
        let out = import_all(Source::Log4brains, &docs);
        assert_eq!(
            out[0].text,
            format!(
                "---\nstatus: accepted\napprovers: [Ann Lee, Bo Chen]\nupdated: 2020-09-25\ntags: [doc, process]\nnumber: 1\n---\n{a}"
            )
        );
        assert!(out[1].text.contains("status: superseded\n"));
        assert!(
            out[1]
                .text
                .contains("superseded-by: [20210102-use-pulsar.md]\n"),
            "{}",
            out[1].text
        );
        assert!(out[1].text.contains("number: 2\n"));
        assert!(out[1].unmapped.iter().any(|u| u.contains("placeholder")));
        assert_eq!(body(&out[1].text), b);
        // Twice: nothing more, numbers kept.
        let again: Vec<(String, String)> = out
            .iter()
            .map(|d| (d.name.clone(), d.text.clone()))
            .collect();
        assert!(
            import_all(Source::Log4brains, &again)
                .iter()
                .all(|d| !d.changed())
        );
    }

    #[test]
    fn madr_front_matter_is_translated_in_place() {
        let src = "---\n# MADR metadata\nstatus: \"superseded by ADR-0012\"\ndate: 2024-03-01\ndecision-makers: [Ann, Bo]\nconsulted: Cy\ninformed: everyone\n---\n# Use Postgres\n\n## Context and Problem Statement\n\nx\n";
        let d = import_one(Source::Madr, "0005-use-postgres.md", src);
        assert!(d.text.starts_with("---\n# MADR metadata\n"), "{}", d.text);
        for line in [
            "status: superseded\n",
            "superseded-by: [12]\n",
            "updated: 2024-03-01\n",
            "approvers: [Ann, Bo]\n",
            "reviewers: [Cy]\n",
            "informed: everyone\n",
        ] {
            assert!(d.text.contains(line), "{line}: {}", d.text);
        }
        assert!(!d.text.contains("date:") && !d.text.contains("decision-makers"));
        assert_eq!(body(&d.text), body(src));
        assert!(d.unmapped.iter().any(|u| u.contains("informed")));
        assert!(!import_one(Source::Madr, "x.md", &d.text).changed());
        let proposed = "---\nstatus: proposed\n---\n# X\n";
        let d = import_one(Source::Madr, "0001-x.md", proposed);
        assert_eq!(d.text, "---\nstatus: in-review\n---\n# X\n");
    }

    #[test]
    fn madr_2_list_is_read_like_log4brains() {
        let src = "# Use X\n\n* Status: rejected\n* Deciders: Ann\n* Date: 2019-05-05\n\n## Context\n\nx\n";
        let d = import_one(Source::Madr, "0002-use-x.md", src);
        assert!(
            d.text.starts_with(
                "---\nstatus: rejected\napprovers: [Ann]\nupdated: 2019-05-05\n---\n# Use X"
            ),
            "{}",
            d.text
        );
    }

    #[test]
    fn crlf_and_bom_are_kept() {
        let src =
            "\u{feff}# 1. Record\r\n\r\nDate: 2018-02-19\r\n\r\n## Status\r\n\r\nAccepted\r\n";
        let d = import_one(Source::AdrTools, "0001-record.md", src);
        assert!(
            d.text.starts_with("\u{feff}---\r\ntitle: Record\r\n"),
            "{:?}",
            d.text
        );
        assert!(d.text.ends_with(&src[3..]));
    }
}
