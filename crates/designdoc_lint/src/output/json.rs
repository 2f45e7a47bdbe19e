//! `--format json`: the stable machine contract (docs/json-output.md).
//!
//! `{"version":1,"files":[{"path","diagnostics":[{"code","rule","severity",
//! "message","line","column","end_line","end_column","section","fixable"}]}],
//! "summary":{"files","errors","warnings","infos"}}`. Lines and columns are
//! 1-based; columns count characters; the end is exclusive.

use super::{FileReport, Summary, summarize};

/// One file's JSON object.
///
/// Written by hand rather than derived with serde: this is the hot end of
/// `check --format json` (one object per file, every finding), and
/// serde_json escapes a string byte by byte. Here a string that needs no
/// escaping (nearly all of them) is copied whole, eight bytes tested at a
/// time; one that does is escaped by serde_json itself, so the output is
/// byte for byte what serde would write (a test compares the two).
pub fn json_file(r: &FileReport<'_>) -> String {
    let located = r.located();
    let mut out = String::with_capacity(64 + located.len() * 256);
    out.push_str("{\"path\":");
    push_str_value(&mut out, r.path);
    out.push_str(",\"diagnostics\":[");
    for (i, l) in located.iter().enumerate() {
        let d = l.diagnostic;
        if i > 0 {
            out.push(',');
        }
        out.push_str("{\"code\":");
        push_str_value(&mut out, d.rule.code);
        out.push_str(",\"rule\":");
        push_str_value(&mut out, d.rule.name);
        out.push_str(",\"severity\":");
        push_str_value(&mut out, d.severity.as_str());
        out.push_str(",\"message\":");
        push_str_value(&mut out, &d.message);
        for (key, n) in [
            (",\"line\":", l.start.line),
            (",\"column\":", l.start.column),
            (",\"end_line\":", l.end.line),
            (",\"end_column\":", l.end.column),
        ] {
            out.push_str(key);
            out.push_str(itoa::Buffer::new().format(n));
        }
        out.push_str(",\"section\":");
        match d.section.as_deref() {
            Some(s) => push_str_value(&mut out, s),
            None => out.push_str("null"),
        }
        out.push_str(if d.fixable() {
            ",\"fixable\":true}"
        } else {
            ",\"fixable\":false}"
        });
    }
    out.push_str("]}");
    out
}

/// `s` as a JSON string, quoted and escaped as serde_json escapes it.
fn push_str_value(out: &mut String, s: &str) {
    if needs_escape(s.as_bytes()) {
        out.push_str(&serde_json::to_string(s).expect("a string serializes"));
    } else {
        out.push('"');
        out.push_str(s);
        out.push('"');
    }
}

/// Whether `b` holds a byte JSON escapes: a control character (below
/// 0x20), `"` or `\`. Eight bytes at a time: a lane's high bit is set when
/// it is below 0x20 or equal to either (the classic has-zero-byte and
/// has-less-than tests, on bytes whose own high bit is cleared first; a
/// byte of 0x80 or more never needs escaping).
fn needs_escape(b: &[u8]) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = ONES * 0x80;
    let lanes = |x: u64| -> bool {
        let ascii = !x & HIGH;
        let y = x & !HIGH;
        let below_space = (y.wrapping_sub(ONES * 0x20)) & !y;
        let zero = |v: u64| v.wrapping_sub(ONES) & !v;
        let quote = zero(y ^ (ONES * u64::from(b'"')));
        let backslash = zero(y ^ (ONES * u64::from(b'\\')));
        (below_space | quote | backslash) & ascii & HIGH != 0
    };
    let mut chunks = b.chunks_exact(8);
    for c in chunks.by_ref() {
        if lanes(u64::from_le_bytes(c.try_into().expect("eight bytes"))) {
            return true;
        }
    }
    chunks
        .remainder()
        .iter()
        .any(|&c| c < 0x20 || c == b'"' || c == b'\\')
}

/// Writes the report piece by piece, so that files can be checked and
/// printed in batches: [`JsonStream::begin`], one [`JsonStream::file`] per
/// file (its [`json_file`] object and counts), [`JsonStream::end`]. The
/// result is one JSON document.
#[derive(Default)]
pub struct JsonStream {
    files: usize,
    summary: Summary,
}

impl JsonStream {
    /// The document's opening, up to the start of the `files` array.
    pub fn begin(&self) -> &'static str {
        "{\"version\":1,\"files\":["
    }

    /// `object` (one file's [`json_file`]) as the array's next element, with a comma before it
    /// unless it is the first; `counts` is added to the closing summary.
    pub fn file(&mut self, object: &str, counts: &Summary) -> String {
        self.summary.add(counts);
        let sep = if self.files == 0 { "" } else { "," };
        self.files += 1;
        format!("{sep}{object}")
    }

    /// Closes the `files` array and writes the `summary` of every count given to
    /// [`JsonStream::file`].
    pub fn end(&self) -> String {
        format!(
            "],\"summary\":{}}}",
            serde_json::to_string(&self.summary).expect("plain data serializes")
        )
    }
}

/// The whole report for these files at once.
pub fn json(reports: &[FileReport<'_>]) -> String {
    let mut stream = JsonStream::default();
    let mut out = stream.begin().to_string();
    for r in reports {
        out.push_str(&stream.file(&json_file(r), &summarize(std::slice::from_ref(r))));
    }
    out.push_str(&stream.end());
    out
}

#[cfg(test)]
mod tests {
    use super::{needs_escape, push_str_value};

    /// Every byte in every lane: the eight-lane test agrees with the plain
    /// one, and the written string is serde_json's.
    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for b in 0..=255u8 {
            for lane in 0..11 {
                let mut v = vec![b'a'; 11];
                v[lane] = b;
                let want = b < 0x20 || b == b'"' || b == b'\\';
                assert_eq!(needs_escape(&v), want, "byte {b:#x} lane {lane}");
            }
        }
        for s in [
            "",
            "plain",
            "quote \" and \\ back",
            "tab\there\n",
            "\u{7f}\u{1f}\u{0}x",
            "héllo — “quoted” ✓ 𝄞",
            "a\u{2028}b",
            "12345678\"",
            "1234567\u{1}",
        ] {
            let mut out = String::new();
            push_str_value(&mut out, s);
            assert_eq!(out, serde_json::to_string(s).unwrap(), "{s:?}");
        }
    }
}
