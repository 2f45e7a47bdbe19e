//! Between designdoc's byte offsets and the protocol's positions (0-based
//! lines, UTF-16 code units), and between file URIs and paths. The
//! arithmetic itself is `designdoc_syntax::LineIndex`'s, the one place it
//! is done.

use std::ops::Range;
use std::path::{Path, PathBuf};

use designdoc_syntax::LineIndex;
use lsp_types::{Position, Uri};
use percent_encoding::{AsciiSet, CONTROLS, percent_decode_str, utf8_percent_encode};

/// A text with its line index, as the protocol sees it.
pub struct Text<'a> {
    /// The document's text, which byte offsets index.
    pub text: &'a str,
    /// Line starts of `text`; must be built from this same text.
    pub lines: &'a LineIndex,
}

impl Text<'_> {
    /// The protocol position of byte `offset`: 0-based line, and UTF-16
    /// code units from the line's start. An offset past the end is taken
    /// as the end; one inside a character as that character's start.
    pub fn position(&self, offset: usize) -> Position {
        let p = self.lines.position(self.text, offset);
        Position {
            line: (p.line - 1) as u32,
            character: p.utf16 as u32,
        }
    }

    /// The protocol range of byte range `r`, each end converted as
    /// [`Text::position`] does.
    pub fn range(&self, r: &Range<usize>) -> lsp_types::Range {
        lsp_types::Range {
            start: self.position(r.start),
            end: self.position(r.end),
        }
    }

    /// The byte offset of a position; past the end of its line it is the
    /// line's end, past the last line the text's end (the protocol's rule).
    pub fn offset(&self, p: Position) -> usize {
        self.lines
            .offset_utf16(self.text, p.line as usize, p.character as usize)
    }

    /// The byte range of a range, its ends put in order.
    pub fn byte_range(&self, r: lsp_types::Range) -> Range<usize> {
        let (a, b) = (self.offset(r.start), self.offset(r.end));
        a.min(b)..a.max(b)
    }
}

/// The path of a `file:` URI; none for other schemes.
pub fn uri_to_path(uri: &Uri) -> Option<PathBuf> {
    let s = uri.as_str();
    let rest = s.strip_prefix("file://")?;
    // `file://host/path`: only the empty host and localhost are this machine.
    let rest = rest.strip_prefix("localhost").unwrap_or(rest);
    let path = rest.split(['?', '#']).next().unwrap_or(rest);
    let decoded = percent_decode_str(path).decode_utf8().ok()?;
    // `/C:/x` on Windows is `C:/x`.
    let decoded = match decoded.as_bytes() {
        [b'/', d, b':', ..] if d.is_ascii_alphabetic() && cfg!(windows) => decoded[1..].to_string(),
        _ => decoded.into_owned(),
    };
    Some(PathBuf::from(decoded))
}

/// What a path segment may not hold unescaped in a URI.
const PATH: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'[')
    .add(b']')
    .add(b'^')
    .add(b'`')
    .add(b'{')
    .add(b'|')
    .add(b'}');

/// The `file:` URI of an absolute path.
pub fn path_to_uri(path: &Path) -> Option<Uri> {
    let s = path.to_str()?.replace('\\', "/");
    let s = if s.starts_with('/') {
        s
    } else {
        format!("/{s}")
    };
    format!("file://{}", utf8_percent_encode(&s, PATH))
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(s: &str) -> (String, LineIndex) {
        (s.to_string(), LineIndex::new(s))
    }

    #[test]
    fn positions_count_utf16_units() {
        // é is 2 bytes and 1 unit; 😀 is 4 bytes and 2 units; e + U+0301
        // (combining acute) is 3 bytes and 2 units; 中 is 3 bytes, 1 unit.
        let (s, lines) = text("é😀x\ne\u{301}中y\r\nz");
        let t = Text {
            text: &s,
            lines: &lines,
        };
        let x = s.find('x').unwrap();
        assert_eq!(
            t.position(x),
            Position {
                line: 0,
                character: 3
            }
        );
        let y = s.find('y').unwrap();
        assert_eq!(
            t.position(y),
            Position {
                line: 1,
                character: 3
            }
        );
        let z = s.find('z').unwrap();
        assert_eq!(
            t.position(z),
            Position {
                line: 2,
                character: 0
            }
        );
        for offset in [x, y, z, 0, s.len()] {
            assert_eq!(t.offset(t.position(offset)), offset);
        }
    }

    #[test]
    fn positions_past_a_line_or_the_text_are_clamped() {
        let (s, lines) = text("ab\ncd");
        let t = Text {
            text: &s,
            lines: &lines,
        };
        assert_eq!(
            t.offset(Position {
                line: 0,
                character: 99
            }),
            2
        );
        assert_eq!(
            t.offset(Position {
                line: 9,
                character: 0
            }),
            s.len()
        );
        let r = lsp_types::Range {
            start: Position {
                line: 1,
                character: 1,
            },
            end: Position {
                line: 0,
                character: 0,
            },
        };
        assert_eq!(t.byte_range(r), 0..4);
    }

    #[test]
    fn file_uris_and_paths_round_trip() {
        let p = Path::new("/tmp/a dir/0001-été #1.md");
        let uri = path_to_uri(p).unwrap();
        assert_eq!(
            uri.as_str(),
            "file:///tmp/a%20dir/0001-%C3%A9t%C3%A9%20%231.md"
        );
        assert_eq!(uri_to_path(&uri).unwrap(), p);
        let other: Uri = "untitled:Untitled-1".parse().unwrap();
        assert_eq!(uri_to_path(&other), None);
    }
}
