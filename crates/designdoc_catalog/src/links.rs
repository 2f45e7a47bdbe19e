//! `payments:0012` in the text of a doc's page made a link to that doc's
//! page, once the catalog has resolved it.
//!
//! The page's HTML was sanitised when its bundle was accepted (ammonia:
//! well-formed, attributes quoted, no comments or scripts), so a scan of
//! tags and text is enough; a full HTML parse per page would double the
//! cost of rendering it. Text inside links, code and preformatted blocks
//! is left as it is.

use std::collections::HashMap;

/// Elements whose text is never made a link.
const KEEP: &[&str] = &[
    "a", "code", "pre", "kbd", "samp", "textarea", "script", "style",
];

/// `html` with each `name:NNNN` of its text that `targets` maps (value →
/// the page's URL, as the page links it) made a link.
pub(crate) fn link_mentions(html: &str, targets: &HashMap<&str, &str>) -> String {
    if targets.is_empty() {
        return html.to_string();
    }
    let bytes = html.as_bytes();
    let mut out = String::with_capacity(html.len() + 256);
    let mut keep_depth = 0usize;
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'<' {
            // The tag, to its `>` outside quotes.
            let mut j = i + 1;
            let mut quote = None;
            while j < bytes.len() {
                match (quote, bytes[j]) {
                    (None, b'"' | b'\'') => quote = Some(bytes[j]),
                    (Some(q), c) if c == q => quote = None,
                    (None, b'>') => break,
                    _ => {}
                }
                j += 1;
            }
            let end = (j + 1).min(bytes.len());
            let tag = &html[i..end];
            let closing = tag.starts_with("</");
            let name: String = tag
                .trim_start_matches(['<', '/'])
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .map(|c| c.to_ascii_lowercase())
                .collect();
            if KEEP.contains(&name.as_str()) && !tag.ends_with("/>") {
                if closing {
                    keep_depth = keep_depth.saturating_sub(1);
                } else {
                    keep_depth += 1;
                }
            }
            out.push_str(tag);
            i = end;
            continue;
        }
        let next = html[i..].find('<').map_or(html.len(), |k| i + k);
        let text = &html[i..next];
        if keep_depth > 0 {
            out.push_str(text);
        } else {
            let mut from = 0;
            for r in designdoc_lint::repo::mention_spans(text) {
                let token = &text[r.clone()];
                let Some(url) = targets.get(token) else {
                    continue;
                };
                out.push_str(&text[from..r.start]);
                out.push_str("<a class=\"xref\" href=\"");
                out.push_str(&designdoc_site::escape(url));
                out.push_str("\">");
                out.push_str(token);
                out.push_str("</a>");
                from = r.end;
            }
            out.push_str(&text[from..]);
        }
        i = next;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mentions_in_text_become_links_and_nothing_else_changes() {
        let targets: HashMap<&str, &str> = [("payments:0012", "../payments/docs/0012-x.html")]
            .into_iter()
            .collect();
        let html = "<p>See payments:0012 and search:0001.</p>\n<p><a href=\"x\">payments:0012</a> <code>payments:0012</code></p><pre><code>payments:0012\n</code></pre><p title=\"a>payments:0012\">end payments:0012</p>";
        let linked = link_mentions(html, &targets);
        assert_eq!(
            linked,
            "<p>See <a class=\"xref\" href=\"../payments/docs/0012-x.html\">payments:0012</a> and search:0001.</p>\n<p><a href=\"x\">payments:0012</a> <code>payments:0012</code></p><pre><code>payments:0012\n</code></pre><p title=\"a>payments:0012\">end <a class=\"xref\" href=\"../payments/docs/0012-x.html\">payments:0012</a></p>"
        );
        assert_eq!(link_mentions(html, &HashMap::new()), html);
    }
}
