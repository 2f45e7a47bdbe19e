//! Suppression comments in a doc: the reviewer's "yes, on purpose".
//!
//! ```markdown
//! <!-- designdoc-disable-next-line placeholder-text -->
//! <!-- designdoc-disable missing-section, DD2 -->
//! <!-- designdoc-enable missing-section -->
//! ```
//!
//! `disable-next-line` covers the next non-blank line; `disable` covers
//! everything after it up to an `enable` of the same rule (or the end of
//! the doc). Rules are named as `--select` names them: a name, a code, a
//! code prefix or `ALL`; no rule at all means every rule. A comment inside
//! a code block or inline code is an example, not a directive.
//!
//! [`Suppressions::filter`] drops what the directives cover and remembers
//! which were used; [`Suppressions::unused`] reports the rest as
//! `unused-suppression` findings, but only for directives a doc's own pass
//! can judge: each rule named is a per-doc rule that is on. Findings of
//! the repository pass and of evidence are filtered with
//! [`Suppressions::suppresses`] and never make a directive unused (the
//! per-doc pass cannot see them).

use std::ops::Range;

use designdoc_syntax::{BlockKind, Document, SegmentKind};

use crate::rules::unused_suppression::RULE as UNUSED;
use crate::{Diagnostic, Edit, Fix, Rule, Settings, registry};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    NextLine,
    Disable,
    Enable,
}

/// One rule (or every rule) a directive names, and whether it was used.
#[derive(Debug, Clone)]
struct Named {
    /// As written (empty: every rule).
    selector: String,
    rules: Vec<&'static Rule>,
    used: bool,
    /// Where a `disable` of it ends: the `enable` naming it, or the end
    /// of the doc.
    end: usize,
}

#[derive(Debug, Clone)]
struct Directive {
    kind: Kind,
    /// The comment itself.
    range: Range<usize>,
    /// What it removes with it when unused: its line when it is alone
    /// on it, else the comment.
    removal: Range<usize>,
    named: Vec<Named>,
    /// It names no rule: it covers every rule.
    blanket: bool,
    /// Whether it suppressed anything (for a blanket directive); for an
    /// `enable`, whether it ended a `disable`.
    used: bool,
    /// Where it suppresses (byte offsets a finding may start at).
    scope: Range<usize>,
}

/// A doc's suppression directives.
#[derive(Debug, Clone, Default)]
pub struct Suppressions {
    directives: Vec<Directive>,
}

const PREFIX: &str = "designdoc-";

impl Suppressions {
    /// The directives in `doc` (none in code).
    pub fn parse(doc: &Document<'_>) -> Suppressions {
        let src = doc.src;
        let bytes = src.as_bytes();
        let mut directives: Vec<Directive> = Vec::new();
        let mut code: Option<Vec<Range<usize>>> = None;
        // Every `<!--`: a scan for `<` (rare in prose) is cheaper than a
        // substring search, and the four bytes cannot overlap.
        let opens =
            memchr::memchr_iter(b'<', bytes).filter(|&i| bytes[i + 1..].starts_with(b"!--"));
        for start in opens {
            let body_start = start + 4;
            let after = src[body_start..].trim_start();
            if !after.starts_with(PREFIX) {
                continue;
            }
            let Some(len) = src[body_start..].find("-->") else {
                continue;
            };
            let end = body_start + len + 3;
            let code = code.get_or_insert_with(|| code_ranges(doc));
            if code.iter().any(|r| r.start <= start && start < r.end) {
                continue;
            }
            let body = src[body_start..body_start + len].trim();
            // `<!--designdoc-->`: the prefix reached past the comment.
            let Some(rest) = body.strip_prefix(PREFIX) else {
                continue;
            };
            let (kind, rest) = if let Some(r) = rest.strip_prefix("disable-next-line") {
                (Kind::NextLine, r)
            } else if let Some(r) = rest.strip_prefix("disable") {
                (Kind::Disable, r)
            } else if let Some(r) = rest.strip_prefix("enable") {
                (Kind::Enable, r)
            } else {
                continue;
            };
            // `designdoc-disabled` is not a directive.
            if rest.starts_with(|c: char| !c.is_whitespace() && c != ',') {
                continue;
            }
            // `-- reason` after the rules, as ESLint writes it.
            let rest = rest.split("--").next().unwrap_or("");
            let named: Vec<Named> = rest
                .split(|c: char| c == ',' || c.is_whitespace())
                .filter(|s| !s.is_empty())
                .map(|s| Named {
                    selector: s.to_string(),
                    rules: registry::select(s),
                    used: false,
                    end: src.len(),
                })
                .collect();
            // The first line starts after a byte-order mark, which stays.
            let line_start = src[..start]
                .rfind(['\n', '\r'])
                .map_or(doc.bom_len, |i| i + 1);
            let line_end = src[end..].find(['\n', '\r']).map_or(src.len(), |i| end + i);
            let alone =
                src[line_start..start].trim().is_empty() && src[end..line_end].trim().is_empty();
            let removal = if alone {
                line_start..next_line_start(src, line_end)
            } else {
                start..end
            };
            let scope = match kind {
                Kind::NextLine => next_non_blank_line(src, line_end),
                _ => end..src.len(),
            };
            let blanket = named.is_empty();
            directives.push(Directive {
                kind,
                range: start..end,
                removal,
                named,
                blanket,
                used: false,
                scope,
            });
        }
        // Each rule of a `disable` ends at the next `enable` naming it (or
        // naming none); a `disable` of every rule, at the next `enable` of
        // every rule.
        for i in 0..directives.len() {
            if directives[i].kind != Kind::Disable {
                continue;
            }
            let (head, tail) = directives.split_at_mut(i + 1);
            let d = &mut head[i];
            if d.blanket {
                if let Some(e) = tail
                    .iter_mut()
                    .find(|e| e.kind == Kind::Enable && e.blanket)
                {
                    d.scope.end = e.range.start;
                    e.used = true;
                }
                continue;
            }
            for m in &mut d.named {
                let closes = |e: &Directive| {
                    e.kind == Kind::Enable
                        && (e.blanket
                            || e.named.iter().any(|n| {
                                n.rules
                                    .iter()
                                    .any(|x| m.rules.iter().any(|r| r.name == x.name))
                            }))
                };
                if let Some(e) = tail.iter_mut().find(|e| closes(e)) {
                    m.end = e.range.start;
                    e.used = true;
                }
            }
        }
        Suppressions { directives }
    }

    /// Whether the doc has no directive at all (`enable` comments included).
    pub fn is_empty(&self) -> bool {
        self.directives.is_empty()
    }

    /// Whether a directive covers `d`.
    pub fn suppresses(&self, d: &Diagnostic) -> bool {
        self.find(d).is_some()
    }

    fn find(&self, d: &Diagnostic) -> Option<(usize, Option<usize>)> {
        // A suppression comment cannot hide findings about itself.
        if d.rule.name == UNUSED.name {
            return None;
        }
        self.directives.iter().enumerate().find_map(|(i, s)| {
            if s.kind == Kind::Enable || !s.scope.contains(&d.range.start) {
                return None;
            }
            if s.blanket {
                return Some((i, None));
            }
            s.named
                .iter()
                .position(|n| {
                    (s.kind == Kind::NextLine || d.range.start < n.end)
                        && n.rules.iter().any(|r| r.name == d.rule.name)
                })
                .map(|k| (i, Some(k)))
        })
    }

    /// Drops the findings a directive covers, remembering which were used.
    pub fn filter(&mut self, diags: &mut Vec<Diagnostic>) {
        if self.directives.is_empty() {
            return;
        }
        diags.retain(|d| match self.find(d) {
            Some((i, k)) => {
                match k {
                    Some(k) => self.directives[i].named[k].used = true,
                    None => self.directives[i].used = true,
                }
                false
            }
            None => true,
        });
    }

    /// `unused-suppression` findings for the directives that suppressed
    /// nothing, where this doc's own pass can tell (see the module doc).
    pub fn unused(&self, settings: &Settings) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for s in &self.directives {
            if s.kind == Kind::Enable {
                if !s.used {
                    let d = Diagnostic::new(
                        &UNUSED,
                        s.range.clone(),
                        "this `designdoc-enable` ends no `designdoc-disable` before it",
                    )
                    .fix(Fix::safe(
                        "remove the comment",
                        vec![Edit::replace(s.removal.clone(), "")],
                    ));
                    out.push(d);
                }
                continue;
            }
            // A blanket directive may be there for a finding of the
            // repository pass, which this pass cannot see.
            if s.blanket {
                continue;
            }
            let mut unknown = Vec::new();
            let mut idle = Vec::new();
            for n in &s.named {
                if n.used {
                    continue;
                }
                if n.rules.is_empty() {
                    unknown.push(n.selector.as_str());
                } else if n
                    .rules
                    .iter()
                    .all(|r| r.per_doc() && settings.severity(r).is_some())
                {
                    idle.push(n.selector.as_str());
                }
            }
            if unknown.is_empty() && idle.is_empty() {
                continue;
            }
            let all_idle = unknown.len() + idle.len() == s.named.len();
            let mut parts = Vec::new();
            if !unknown.is_empty() {
                parts.push(format!("`{}` names no rule", unknown.join("`, `")));
            }
            if !idle.is_empty() {
                let place = if s.kind == Kind::NextLine {
                    "on the next line"
                } else {
                    "after it"
                };
                parts.push(format!(
                    "`{}` finds nothing {place} to suppress",
                    idle.join("`, `")
                ));
            }
            let mut d = Diagnostic::new(
                &UNUSED,
                s.range.clone(),
                format!("suppression comment: {}", parts.join("; ")),
            );
            // A misspelt name was meant to suppress something: removing
            // the comment is left to the writer's choice.
            if all_idle {
                let edits = vec![Edit::replace(s.removal.clone(), "")];
                d = d.fix(if unknown.is_empty() {
                    Fix::safe("remove the comment", edits)
                } else {
                    Fix::suggested("remove the comment", edits)
                });
            }
            out.push(d);
        }
        out
    }
}

/// Code blocks and inline code, where a directive is an example.
fn code_ranges(doc: &Document<'_>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    for b in &doc.blocks {
        if b.kind == BlockKind::CodeBlock {
            out.push(b.span.clone());
        }
        for s in &b.segments {
            if s.kind == SegmentKind::Code {
                // The backticks around the content are code too.
                let start = (s.src_start as usize).saturating_sub(1);
                out.push(start..s.src_start as usize + s.src_len as usize + 1);
            }
        }
    }
    out
}

fn next_line_start(src: &str, line_end: usize) -> usize {
    let b = src.as_bytes();
    match b.get(line_end) {
        Some(b'\r') if b.get(line_end + 1) == Some(&b'\n') => line_end + 2,
        Some(b'\r' | b'\n') => line_end + 1,
        _ => line_end,
    }
}

/// The next line after the one ending at `line_end` that holds more than
/// white space (empty at the end of the text).
fn next_non_blank_line(src: &str, line_end: usize) -> Range<usize> {
    let mut start = next_line_start(src, line_end);
    while start < src.len() {
        let end = src[start..]
            .find(['\n', '\r'])
            .map_or(src.len(), |i| start + i);
        let line = src[start..end].trim();
        // Another directive alone on its line: stacked comments cover the
        // same next line.
        let directive = line.starts_with("<!--")
            && line.ends_with("-->")
            && line[4..].trim_start().starts_with(PREFIX);
        if !line.is_empty() && !directive {
            return start..end + 1;
        }
        let next = next_line_start(src, end);
        if next == start {
            break;
        }
        start = next;
    }
    src.len()..src.len()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::placeholder_text::RULE as PLACEHOLDER;

    fn d(rule: &'static Rule, at: usize) -> Diagnostic {
        Diagnostic::new(rule, at..at + 1, "x")
    }

    #[test]
    fn next_line_covers_only_the_next_non_blank_line() {
        let src =
            "# T\n\n<!-- designdoc-disable-next-line placeholder-text -->\n\nTBD here\nTBD there\n";
        let doc = designdoc_syntax::parse(src);
        let mut s = Suppressions::parse(&doc);
        let first = src.find("TBD here").unwrap();
        let second = src.find("TBD there").unwrap();
        let mut diags = vec![d(&PLACEHOLDER, first), d(&PLACEHOLDER, second)];
        s.filter(&mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].range.start, second);
        assert!(s.unused(&Settings::default()).is_empty());
    }

    #[test]
    fn disable_runs_to_the_matching_enable_and_codes_and_prefixes_name_rules() {
        let src =
            "# T\n<!-- designdoc-disable DD2 -->\nTBD\n<!-- designdoc-enable DD202 -->\nTBD\n";
        let doc = designdoc_syntax::parse(src);
        let mut s = Suppressions::parse(&doc);
        let a = src.find("TBD").unwrap();
        let b = src.rfind("TBD").unwrap();
        let mut diags = vec![d(&PLACEHOLDER, a), d(&PLACEHOLDER, b)];
        s.filter(&mut diags);
        assert_eq!(diags.len(), 1);
        assert_eq!(diags[0].range.start, b);
    }

    #[test]
    fn a_directive_in_code_is_an_example() {
        let src = "# T\n\nWrite `<!-- designdoc-disable placeholder-text -->` to\n\n```\n<!-- designdoc-disable -->\n```\nTBD\n";
        let doc = designdoc_syntax::parse(src);
        let s = Suppressions::parse(&doc);
        assert!(s.is_empty(), "{s:?}");
    }

    #[test]
    fn an_idle_or_unknown_suppression_is_reported_with_a_fix_that_removes_its_line() {
        let src =
            "# T\n\n<!-- designdoc-disable-next-line placeholder-text, no-such-rule -->\nDone.\n";
        let doc = designdoc_syntax::parse(src);
        let s = Suppressions::parse(&doc);
        let found = s.unused(&Settings::default());
        assert_eq!(found.len(), 1);
        assert!(found[0].message.contains("`no-such-rule` names no rule"));
        assert!(
            found[0]
                .message
                .contains("`placeholder-text` finds nothing")
        );
        let fix = found[0].fix.as_ref().unwrap();
        assert_eq!(
            crate::fix::apply(src, &fix.edits.iter().collect::<Vec<_>>()),
            "# T\n\nDone.\n"
        );
        // A rule that is off, or that only the repository pass raises,
        // is not judged here.
        let mut off = Settings::default();
        off.severities.insert("placeholder-text", None);
        let src = "<!-- designdoc-disable-next-line placeholder-text broken-doc-link -->\nx\n";
        let doc = designdoc_syntax::parse(src);
        assert!(Suppressions::parse(&doc).unused(&off).is_empty());
    }

    #[test]
    fn a_comment_that_is_only_the_prefix_is_no_directive() {
        for src in [
            "<!--designdoc-->\n",
            "x <!-- designdoc-->",
            "<!-- designdoc- -->",
        ] {
            let doc = designdoc_syntax::parse(src);
            assert!(Suppressions::parse(&doc).is_empty(), "{src:?}");
        }
    }

    #[test]
    fn an_enable_ends_only_the_rules_it_names() {
        use crate::rules::empty_section::RULE as EMPTY;
        let src = "<!-- designdoc-disable placeholder-text, empty-section -->\nA\n<!-- designdoc-enable placeholder-text -->\nB\n<!-- designdoc-disable -->\nC\n<!-- designdoc-enable empty-section -->\nD\n";
        let doc = designdoc_syntax::parse(src);
        let s = Suppressions::parse(&doc);
        let at = |t: &str| src.find(t).unwrap();
        assert!(s.suppresses(&d(&PLACEHOLDER, at("A"))));
        assert!(!s.suppresses(&d(&PLACEHOLDER, at("B"))));
        assert!(s.suppresses(&d(&EMPTY, at("B"))));
        // A blanket disable is not ended by an enable of one rule.
        assert!(s.suppresses(&d(&PLACEHOLDER, at("D"))));
        // That enable ended the empty-section disable: it is used.
        assert!(
            s.unused(&Settings::default())
                .iter()
                .all(|u| !u.message.contains("ends no"))
        );
    }

    #[test]
    fn stacked_next_line_comments_cover_the_same_line_and_a_reason_is_no_rule() {
        use crate::rules::empty_section::RULE as EMPTY;
        let src = "\u{feff}<!-- designdoc-disable-next-line placeholder-text -- quoted on purpose -->\n<!-- designdoc-disable-next-line empty-section -->\nTBD\n";
        let doc = designdoc_syntax::parse(src);
        let mut s = Suppressions::parse(&doc);
        let at = src.find("TBD").unwrap();
        let mut diags = vec![d(&PLACEHOLDER, at), d(&EMPTY, at)];
        s.filter(&mut diags);
        assert!(diags.is_empty(), "{diags:?}");
        assert!(s.unused(&Settings::default()).is_empty());
        // Alone on its line after a BOM: removing it takes the line.
        let r = s.directives[0].removal.clone();
        assert_eq!(r.start, 3);
        assert!(src[r.end..].starts_with("<!-- designdoc-disable-next-line empty"));
    }
}
