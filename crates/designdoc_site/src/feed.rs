//! `feed.xml`: an Atom feed of status changes. A doc's entry is its
//! current status, dated by `updated` (which `designdoc status` stamps on
//! every move), so a feed reader sees each move once.

use crate::Options;
use crate::pages::{DocView, escape};

/// The newest moves the feed carries.
const ENTRIES: usize = 50;

pub fn atom(views: &[DocView], title: &str, options: &Options) -> Vec<u8> {
    let mut moved: Vec<&DocView> = views
        .iter()
        .filter(|v| v.status.is_some() && v.updated.is_some())
        .collect();
    moved.sort_by(|a, b| b.updated.cmp(&a.updated).then(a.url.cmp(&b.url)));
    moved.truncate(ENTRIES);
    let base = options
        .base_url
        .as_deref()
        .map(|b| {
            if b.ends_with('/') {
                b.to_string()
            } else {
                format!("{b}/")
            }
        })
        .unwrap_or_default();
    let newest = moved
        .first()
        .and_then(|v| v.updated.clone())
        .unwrap_or_else(|| options.today.to_string());
    let mut s = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    s.push_str("<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
    s.push_str(&format!(
        "  <title>{} — status changes</title>\n  <id>{}</id>\n  <updated>{}T00:00:00Z</updated>\n  <link rel=\"alternate\" href=\"{}index.html\"/>\n  <link rel=\"self\" href=\"{}feed.xml\"/>\n",
        escape(title),
        escape(&if base.is_empty() { format!("urn:designdoc:{}", escape(title)) } else { base.clone() }),
        newest,
        escape(&base),
        escape(&base),
    ));
    for v in moved {
        let status = v.status.as_deref().unwrap_or_default();
        let updated = v.updated.as_deref().unwrap_or_default();
        let authors: String = if v.authors.is_empty() {
            "    <author><name>unknown</name></author>\n".to_string()
        } else {
            v.authors
                .iter()
                .map(|a| format!("    <author><name>{}</name></author>\n", escape(a)))
                .collect()
        };
        s.push_str(&format!(
            "  <entry>\n    <title>{label} {title}: {status}</title>\n    <id>urn:designdoc:{path}:{status}:{updated}</id>\n    <updated>{updated}T00:00:00Z</updated>\n    <link href=\"{base}{url}\"/>\n{authors}    <summary>{label} {title} is now {status}.</summary>\n  </entry>\n",
            label = escape(&v.label),
            title = escape(&v.title),
            status = escape(status),
            path = escape(&v.path),
            updated = escape(updated),
            base = escape(&base),
            url = escape(&v.url),
        ));
    }
    s.push_str("</feed>\n");
    s.into_bytes()
}
