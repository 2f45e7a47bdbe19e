//! Byte offsets to lines and columns: the one place where they are
//! computed. Used at the edges only (terminal, JSON, SARIF, the language
//! server).

/// A 1-based line and column. `column` counts characters (Unicode scalar
/// values); `utf16` counts UTF-16 code units, 0-based, as LSP wants.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    /// Line number, 1-based.
    pub line: usize,
    /// Column in characters (Unicode scalar values), 1-based.
    pub column: usize,
    /// Column in UTF-16 code units, 0-based (LSP's `character`).
    pub utf16: usize,
}

/// Start offsets of every line of a text.
#[derive(Debug, Clone)]
pub struct LineIndex {
    starts: Vec<usize>,
    len: usize,
}

impl LineIndex {
    /// Indexes the line starts of `text`. Lines end at `\n`, `\r\n` or a lone `\r`.
    pub fn new(text: &str) -> Self {
        // Lines end at `\n`, `\r\n` or a lone `\r` (as in CommonMark and
        // LSP); the `\r` of a `\r\n` is not a break of its own.
        let bytes = text.as_bytes();
        let mut starts = vec![0];
        starts.extend(
            memchr::memchr2_iter(b'\n', b'\r', bytes)
                .filter(|&i| bytes[i] == b'\n' || bytes.get(i + 1) != Some(&b'\n'))
                .map(|i| i + 1),
        );
        LineIndex {
            starts,
            len: text.len(),
        }
    }

    /// 0-based line holding `offset` (clamped to the text).
    pub fn line_of(&self, offset: usize) -> usize {
        let offset = offset.min(self.len);
        self.starts.partition_point(|&s| s <= offset) - 1
    }

    /// Byte offset where 0-based `line` starts; the text's length for a line past the last.
    pub fn line_start(&self, line: usize) -> usize {
        self.starts.get(line).copied().unwrap_or(self.len)
    }

    /// Number of lines, at least 1. A text that ends with a line ending has an empty last line
    /// after it, and that line is counted.
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// The position of `offset` in `text` (the text this index was built
    /// from). An offset inside a character is moved back to its start.
    pub fn position(&self, text: &str, offset: usize) -> Position {
        let mut offset = offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_of(offset);
        let prefix = &text[self.starts[line]..offset];
        Position {
            line: line + 1,
            column: prefix.chars().count() + 1,
            utf16: prefix.chars().map(char::len_utf16).sum(),
        }
    }

    /// [`LineIndex::position`] of many offsets at once, in their order:
    /// computed in ascending order, each from the one before it on its
    /// line, so a long line with many offsets on it is walked once
    /// (position by position, 2,000 findings on an 80 KB line walked it
    /// 2,000 times).
    pub fn positions(&self, text: &str, offsets: &[usize]) -> Vec<Position> {
        let mut order: Vec<usize> = (0..offsets.len()).collect();
        order.sort_by_key(|&i| offsets[i]);
        let mut out = vec![
            Position {
                line: 0,
                column: 0,
                utf16: 0
            };
            offsets.len()
        ];
        // The last offset placed: its line (0-based), offset and position.
        let mut last: Option<(usize, usize, Position)> = None;
        for i in order {
            let mut offset = offsets[i].min(text.len());
            while !text.is_char_boundary(offset) {
                offset -= 1;
            }
            let line = self.line_of(offset);
            let (from, mut p) = match last {
                Some((l, at, p)) if l == line && at <= offset => (at, p),
                _ => (
                    self.starts[line],
                    Position {
                        line: line + 1,
                        column: 1,
                        utf16: 0,
                    },
                ),
            };
            let between = &text[from..offset];
            if between.is_ascii() {
                // One character, one UTF-16 unit per byte (the common
                // case, tested a word at a time).
                p.column += between.len();
                p.utf16 += between.len();
            } else {
                for c in between.chars() {
                    p.column += 1;
                    p.utf16 += c.len_utf16();
                }
            }
            out[i] = p;
            last = Some((line, offset, p));
        }
        out
    }

    /// The byte offset of a 0-based line and UTF-16 column, clamped to the
    /// line's end (LSP's rule for positions past the end of a line).
    pub fn offset_utf16(&self, text: &str, line: usize, utf16: usize) -> usize {
        if line >= self.starts.len() {
            return text.len();
        }
        let start = self.starts[line];
        let end = self.starts.get(line + 1).copied().unwrap_or(text.len());
        let mut units = 0;
        for (i, c) in text[start..end].char_indices() {
            if units >= utf16 || c == '\n' || c == '\r' {
                return start + i;
            }
            units += c.len_utf16();
        }
        end
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_and_utf16_units() {
        let text = "ab\n😀é x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        let p = idx.position(text, x);
        assert_eq!((p.line, p.column, p.utf16), (2, 4, 4));
        assert_eq!(idx.offset_utf16(text, 1, 4), x);
    }

    #[test]
    fn lone_cr_and_crlf_end_lines() {
        let text = "a\rb\r\nc\nd";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        let lines: Vec<usize> = ['a', 'b', 'c', 'd']
            .iter()
            .map(|&c| idx.position(text, text.find(c).unwrap()).line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 4]);
    }

    #[test]
    fn offsets_past_the_end_clamp() {
        let text = "a\r\nb";
        let idx = LineIndex::new(text);
        assert_eq!(idx.position(text, 99).line, 2);
        assert_eq!(idx.offset_utf16(text, 0, 10), 1);
        assert_eq!(idx.offset_utf16(text, 7, 0), text.len());
    }

    #[test]
    fn many_positions_at_once_match_one_at_a_time() {
        let text = "é\r\nab😀cd\rx\n\ny😀😀z";
        let idx = LineIndex::new(text);
        let offsets: Vec<usize> = (0..=text.len() + 2).rev().collect();
        let all = idx.positions(text, &offsets);
        for (o, p) in offsets.iter().zip(all) {
            assert_eq!(p, idx.position(text, *o), "at {o}");
        }
    }
}
