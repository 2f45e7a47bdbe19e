//! `designdoc index`: the table of docs between two markers in a README,
//! rewritten in place and nowhere else.

use std::path::Path;

use crate::catalog::DocInfo;

/// The HTML comment that opens the generated region, matched exactly (its
/// first occurrence in the file); [`rewrite`] replaces it too.
pub const START: &str = "<!-- designdoc:index:start -->";
/// The HTML comment that closes the generated region, matched exactly (its
/// first occurrence, which must come after [`START`]).
pub const END: &str = "<!-- designdoc:index:end -->";

/// The index table for `docs`, with links relative to `dir` (the index
/// file's directory). `nl` is the line ending to write.
pub fn table(docs: &[DocInfo], dir: &Path, nl: &str) -> String {
    let mut t =
        format!("| Number | Title | Status | Authors | Updated |{nl}|---|---|---|---|---|{nl}");
    for d in docs {
        let link = crate::relative_path(&d.abs_path, dir);
        let cell = |s: &str| s.replace('|', "\\|").replace(['\n', '\r'], " ");
        t.push_str(&format!(
            "| {} | [{}]({}) | {} | {} | {} |{nl}",
            d.number
                .map_or_else(|| "-".to_string(), |n| format!("{n:04}")),
            cell(&d.title),
            link.replace(' ', "%20"),
            cell(d.status.as_deref().unwrap_or("-")),
            cell(&d.authors.join(", ")),
            d.updated.as_deref().or(d.created.as_deref()).unwrap_or("-"),
        ));
    }
    t
}

/// `existing` (the index file's text, if any) with the region between the
/// markers replaced by `table`. A file without markers gets them (and the
/// table) at its end; no file gets a heading and the region.
pub fn rewrite(existing: Option<&str>, table: &str) -> Result<String, String> {
    let nl = match existing {
        Some(s) if s.contains("\r\n") => "\r\n",
        _ => "\n",
    };
    let region = format!("{START}{nl}{table}{END}");
    let Some(text) = existing else {
        return Ok(format!("# Design documents{nl}{nl}{region}{nl}"));
    };
    match (text.find(START), text.find(END)) {
        (Some(s), Some(e)) if s < e => {
            Ok(format!("{}{region}{}", &text[..s], &text[e + END.len()..]))
        }
        (None, None) => {
            let sep = if text.is_empty() || text.ends_with(&format!("{nl}{nl}")) {
                ""
            } else if text.ends_with(nl) {
                nl
            } else {
                &format!("{nl}{nl}")[..]
            };
            Ok(format!("{text}{sep}{region}{nl}"))
        }
        _ => Err(format!(
            "the index markers are out of order or one is missing: expected {START} before {END}"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_the_region_and_settles() {
        let t1 = "| a |\n";
        let a = rewrite(Some("# Docs\n\nIntro.\n\n<!-- designdoc:index:start -->\nold\n<!-- designdoc:index:end -->\n\nOutro.\n"), t1).unwrap();
        assert_eq!(
            a,
            "# Docs\n\nIntro.\n\n<!-- designdoc:index:start -->\n| a |\n<!-- designdoc:index:end -->\n\nOutro.\n"
        );
        assert_eq!(rewrite(Some(&a), t1).unwrap(), a);
        let new = rewrite(None, t1).unwrap();
        assert_eq!(rewrite(Some(&new), t1).unwrap(), new);
        let appended = rewrite(Some("# Mine\n"), t1).unwrap();
        assert!(
            appended.starts_with("# Mine\n\n<!-- designdoc:index:start -->"),
            "{appended}"
        );
        assert!(
            rewrite(
                Some("<!-- designdoc:index:end --> <!-- designdoc:index:start -->"),
                t1
            )
            .is_err()
        );
    }
}
