//! Editing a doc's front matter line by line, so that `status`,
//! `supersede` and friends change only the keys they set and leave the
//! rest (comments, order, quoting, the whole body) byte for byte.
//!
//! Hand-written rather than through a YAML serializer: parsing and
//! re-emitting YAML would reorder keys, drop comments and requote values.

/// `src` with top-level `key` set to `value` (already YAML: `accepted`,
/// `[3, 7]`, `"2026-11-25"`). An existing key's line (and the indented or
/// `- ` lines under it) is replaced; a missing key is appended at the end
/// of the front matter; a doc without front matter gets one.
pub fn set_key(src: &str, key: &str, value: &str) -> String {
    edit_key(src, key, Some((key, value)))
}

/// `src` with top-level `key` replaced, where it stands, by `new_key:
/// value` (appended when `key` is missing).
pub fn rename_key(src: &str, key: &str, new_key: &str, value: &str) -> String {
    edit_key(src, key, Some((new_key, value)))
}

/// `src` without top-level `key` (its line and the block lines under it);
/// unchanged when it has no such key.
pub fn remove_key(src: &str, key: &str) -> String {
    edit_key(src, key, None)
}

fn edit_key(src: &str, key: &str, value: Option<(&str, &str)>) -> String {
    let nl = designdoc_syntax::LineEnding::detect(src).as_str();
    let line = value.map_or(String::new(), |(k, v)| format!("{k}: {v}{nl}"));
    let Some(fm) = designdoc_syntax::scan_front_matter(src) else {
        if value.is_none() {
            return src.to_string();
        }
        let bom = if src.starts_with('\u{feff}') { 3 } else { 0 };
        return format!("{}---{nl}{line}---{nl}{}", &src[..bom], &src[bom..]);
    };
    let body = &src[fm.body.clone()];
    let mut out = String::with_capacity(src.len() + line.len());
    out.push_str(&src[..fm.body.start]);
    let mut replaced = false;
    let mut skipping = false;
    for l in designdoc_syntax::text::lines_inclusive(body) {
        // The lines of a block value: indented, or `- ` items.
        let continuation = l.starts_with([' ', '\t', '-']);
        let is_top = !continuation && !l.starts_with('#') && !l.trim().is_empty();
        if skipping {
            if continuation {
                continue;
            }
            skipping = false;
        }
        if is_top && top_key(l) == Some(key) {
            if !replaced {
                out.push_str(&line);
                replaced = true;
            }
            skipping = true;
            continue;
        }
        out.push_str(l);
    }
    if !replaced && value.is_some() {
        if !out.ends_with(['\n', '\r']) {
            out.push_str(nl);
        }
        out.push_str(&line);
    }
    out.push_str(&src[fm.body.end..]);
    out
}

/// The front matter's `status`, read from its line without parsing YAML
/// (this runs for every doc checked, to pick its strictness).
pub fn status_of(src: &str) -> Option<&str> {
    let fm = designdoc_syntax::scan_front_matter(src)?;
    designdoc_syntax::text::lines_inclusive(&src[fm.body]).find_map(|l| {
        let v = l.trim_end_matches(['\n', '\r']).strip_prefix("status:")?;
        let v = v
            .split(" #")
            .next()
            .unwrap_or(v)
            .trim()
            .trim_matches(['"', '\'']);
        (!v.is_empty()).then_some(v)
    })
}

/// `status: draft` → `status`.
fn top_key(line: &str) -> Option<&str> {
    let (k, _) = line.split_once(':')?;
    let k = k.trim().trim_matches(['"', '\'']);
    (!k.is_empty() && !k.contains(' ')).then_some(k)
}

/// A YAML flow list of plain scalars: `[3, ann, "a b"]`.
pub fn flow_list(items: &[String]) -> String {
    let quoted: Vec<String> = items.iter().map(|s| scalar(s)).collect();
    format!("[{}]", quoted.join(", "))
}

/// A YAML scalar, quoted when it would not read back as the same string.
pub fn scalar(s: &str) -> String {
    let plain = !s.is_empty()
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/' | ' '))
        && !s.starts_with([' ', '-'])
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "~"
        );
    if plain {
        s.to_string()
    } else {
        format!("{s:?}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_only_the_key() {
        let src = "---\n# owner comment\nstatus: draft\nauthors:\n  - ann\n  - bo\ntags: [x]\n---\n# T\n\nstatus: not this\n";
        let out = set_key(src, "status", "accepted");
        assert_eq!(
            out,
            "---\n# owner comment\nstatus: accepted\nauthors:\n  - ann\n  - bo\ntags: [x]\n---\n# T\n\nstatus: not this\n"
        );
        let out = set_key(&out, "authors", "[ann, bo, cy]");
        assert_eq!(
            out,
            "---\n# owner comment\nstatus: accepted\nauthors: [ann, bo, cy]\ntags: [x]\n---\n# T\n\nstatus: not this\n"
        );
        let out = set_key(&out, "updated", "2026-11-25");
        assert!(
            out.contains("tags: [x]\nupdated: 2026-11-25\n---\n"),
            "{out}"
        );
        // Setting again is a no-op.
        assert_eq!(set_key(&out, "updated", "2026-11-25"), out);
    }

    #[test]
    fn adds_front_matter_and_keeps_crlf() {
        assert_eq!(
            set_key("# T\n", "status", "draft"),
            "---\nstatus: draft\n---\n# T\n"
        );
        assert_eq!(
            set_key(
                "---\r\nstatus: draft\r\n---\r\n# T\r\n",
                "status",
                "accepted"
            ),
            "---\r\nstatus: accepted\r\n---\r\n# T\r\n"
        );
    }

    #[test]
    fn lone_cr_line_endings_are_kept() {
        let src = "---\rstatus: draft\rtitle: x\r---\r# T\r";
        assert_eq!(status_of(src), Some("draft"));
        assert_eq!(
            set_key(src, "status", "accepted"),
            "---\rstatus: accepted\rtitle: x\r---\r# T\r"
        );
        assert_eq!(
            set_key(src, "id", "A"),
            "---\rstatus: draft\rtitle: x\rid: A\r---\r# T\r"
        );
        assert_eq!(
            set_key("# T\r", "status", "draft"),
            "---\rstatus: draft\r---\r# T\r"
        );
    }

    #[test]
    fn status_without_yaml() {
        assert_eq!(
            status_of("---\ntitle: x\nstatus: \"in-review\" # moved\n---\n"),
            Some("in-review")
        );
        assert_eq!(status_of("---\nstatus:\n---\n"), None);
        assert_eq!(status_of("# no front matter\nstatus: draft\n"), None);
    }

    #[test]
    fn scalars_quote_what_yaml_would_misread() {
        assert_eq!(scalar("accepted"), "accepted");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(flow_list(&["3".into(), "Ann Lee".into()]), "[3, Ann Lee]");
    }
}
