//! Normalising titles and text for comparison.

/// Lowercase words of a title, with list numbering ("1.", "2.3)"),
/// punctuation and symbols (emoji included) removed. `&` becomes "and".
pub fn title_words(title: &str) -> Vec<String> {
    let owned = strip_optional_marker(title);
    let stripped = strip_numbering(owned.as_deref().unwrap_or(title).trim());
    let mut words = Vec::new();
    let mut cur = String::new();
    for c in stripped.chars() {
        if c.is_alphanumeric() {
            cur.extend(c.to_lowercase());
        } else {
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            if c == '&' {
                words.push("and".to_string());
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// The normalised form of a title: its words ([`title_words`]) joined by
/// single spaces, built in one pass.
pub fn normalize_title(title: &str) -> String {
    let owned = strip_optional_marker(title);
    let stripped = strip_numbering(owned.as_deref().unwrap_or(title).trim());
    if stripped.is_ascii() {
        // The common case, byte by byte.
        let mut out = String::with_capacity(stripped.len());
        let mut gap = false;
        for b in stripped.bytes() {
            if b.is_ascii_alphanumeric() {
                if gap && !out.is_empty() {
                    out.push(' ');
                }
                gap = false;
                out.push(b.to_ascii_lowercase() as char);
            } else {
                gap = true;
                if b == b'&' {
                    if !out.is_empty() {
                        out.push(' ');
                    }
                    out.push_str("and");
                }
            }
        }
        return out;
    }
    let mut out = String::with_capacity(stripped.len());
    let mut gap = false;
    for c in stripped.chars() {
        if c.is_alphanumeric() {
            if gap && !out.is_empty() {
                out.push(' ');
            }
            gap = false;
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                out.extend(c.to_lowercase());
            }
        } else {
            gap = true;
            if c == '&' {
                if !out.is_empty() {
                    out.push(' ');
                }
                out.push_str("and");
            }
        }
    }
    out
}

/// Bracketed words in a heading that make its section optional: "Open
/// issues (if applicable)" is "Open issues", and optional.
pub const OPTIONAL_MARKERS: &[&str] = &[
    "(optional)",
    "[optional]",
    "(if applicable)",
    "(when applicable)",
    "(if any)",
    "(if needed)",
    "(if relevant)",
];

/// "User Stories (Optional)" → "User Stories": templates mark optional
/// sections so, and documents copy the marker or drop it; either way it is
/// the same section. `None` when there is no marker (the common case).
fn strip_optional_marker(title: &str) -> Option<String> {
    if !title.contains(['(', '[']) {
        return None;
    }
    let lower = title.to_ascii_lowercase();
    for marker in OPTIONAL_MARKERS {
        if let Some(at) = lower.find(marker) {
            // ASCII markers: byte offsets agree in both strings.
            let mut s = String::with_capacity(title.len());
            s.push_str(&title[..at]);
            s.push(' ');
            s.push_str(&title[at + marker.len()..]);
            return Some(s);
        }
    }
    None
}

/// Drops a leading section number: "1.", "2.3", "4)".
pub fn strip_numbering(title: &str) -> &str {
    let t = title.trim_start();
    let num_len = t
        .char_indices()
        .take_while(|(_, c)| c.is_ascii_digit() || *c == '.')
        .last()
        .map_or(0, |(i, c)| i + c.len_utf8());
    let number = &t[..num_len];
    if number.chars().any(|c| c.is_ascii_digit()) {
        let paren = t[num_len..].starts_with(')');
        let rest = t[num_len..].trim_start_matches(')');
        // "2024 Roadmap" keeps its number; "1. Summary", "2.3 Design", "4) X" lose it.
        if (paren || number.contains('.')) && rest.starts_with(char::is_whitespace) {
            return rest.trim_start();
        }
    }
    t
}

/// Collapses whitespace, lowercases and trims: for comparing text lines.
pub fn normalize_line(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    if text.is_ascii() {
        for word in text.split_ascii_whitespace() {
            if !out.is_empty() {
                out.push(' ');
            }
            out.push_str(word);
        }
        out.make_ascii_lowercase();
        return out;
    }
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
        }
        if word.is_ascii() {
            out.extend(word.bytes().map(|b| b.to_ascii_lowercase() as char));
        } else {
            out.extend(word.chars().flat_map(char::to_lowercase));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalize_title_joins_title_words() {
        for t in [
            "1. Summary",
            "Monitoring & Observability",
            "A&B",
            "  Ünïcode 🚀 Rocks ",
            "Non-Functional",
            "&",
            "",
        ] {
            assert_eq!(normalize_title(t), title_words(t).join(" "), "{t:?}");
        }
    }

    #[test]
    fn numbering_and_symbols_do_not_matter() {
        assert_eq!(normalize_title("1. Summary"), "summary");
        assert_eq!(normalize_title("2.3 Design 🚀"), "design");
        assert_eq!(
            normalize_title("Monitoring & Observability"),
            "monitoring and observability"
        );
        assert_eq!(
            normalize_title("Security / Privacy Considerations:"),
            "security privacy considerations"
        );
        assert_eq!(normalize_title("2024 Roadmap"), "2024 roadmap");
        assert_eq!(normalize_title("User Stories (Optional)"), "user stories");
        assert_eq!(normalize_title("[optional] Prior art"), "prior art");
    }
}

/// The lines of `s`, each with its ending: `\n`, `\r\n` or a lone `\r`
/// (CommonMark's three). `str::lines` knows only the first two.
pub fn lines_inclusive(s: &str) -> impl Iterator<Item = &str> + '_ {
    let bytes = s.as_bytes();
    let mut pos = 0;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        let start = pos;
        pos = match memchr::memchr2(b'\n', b'\r', &bytes[pos..]) {
            Some(i) if bytes[start + i] == b'\r' && bytes.get(start + i + 1) == Some(&b'\n') => {
                start + i + 2
            }
            Some(i) => start + i + 1,
            None => bytes.len(),
        };
        Some(&s[start..pos])
    })
}

/// `src` with each lone `\r` (not followed by `\n`) made `\n`, when it has
/// one: the same length, so offsets hold. For readers that know only `\n`
/// (pulldown-cmark in places, annotate-snippets).
pub fn lone_cr_as_lf(src: &str) -> Option<String> {
    let bytes = src.as_bytes();
    let lone = |i: usize| bytes.get(i + 1) != Some(&b'\n');
    memchr::memchr_iter(b'\r', bytes).find(|&i| lone(i))?;
    let mut out = bytes.to_vec();
    for i in memchr::memchr_iter(b'\r', bytes) {
        if lone(i) {
            out[i] = b'\n';
        }
    }
    // Only ASCII bytes were changed, for ASCII bytes.
    String::from_utf8(out).ok()
}

/// `s`, safe to print on a terminal: control characters, which could move
/// the cursor, retitle the window or write to the clipboard, become their
/// visible symbols (U+2400…), and bidirectional overrides, which could
/// reorder what is shown ("Trojan Source"), become U+FFFD. Tabs stay.
pub fn visible(s: &str) -> std::borrow::Cow<'_, str> {
    let bad = |c: char| {
        (c.is_control() && c != '\t')
            || matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
    };
    if !s.chars().any(bad) {
        return std::borrow::Cow::Borrowed(s);
    }
    s.chars()
        .map(|c| match c {
            c if !bad(c) => c,
            '\u{7f}' => '\u{2421}',
            c if (c as u32) < 0x20 => char::from_u32(0x2400 + c as u32).unwrap_or('\u{fffd}'),
            _ => '\u{fffd}',
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod line_tests {
    #[test]
    fn lines_end_at_lf_crlf_and_lone_cr() {
        let got: Vec<&str> = super::lines_inclusive("a\nb\r\nc\rd").collect();
        assert_eq!(got, ["a\n", "b\r\n", "c\r", "d"]);
        assert_eq!(super::lines_inclusive("").count(), 0);
        assert_eq!(
            super::lone_cr_as_lf("a\rb\r\nc").as_deref(),
            Some("a\nb\r\nc")
        );
        assert_eq!(super::lone_cr_as_lf("a\r\nb\n"), None);
    }

    #[test]
    fn terminal_escapes_are_made_visible() {
        assert_eq!(super::visible("a\tb"), "a\tb");
        assert_eq!(
            super::visible("x\u{1b}]0;t\u{7}y\u{9b}\u{202e}z"),
            "x\u{241b}]0;t\u{2407}y\u{fffd}\u{fffd}z"
        );
    }
}
