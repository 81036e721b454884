//! Byte offsets inside, line/column at the edge.
//!
//! A [`LineIndex`] is built once per text version. It knows where every line
//! starts and, for lines with non-ASCII characters, where those characters
//! are, so converting an offset on an ASCII line is O(log lines) and never
//! touches the text. Line terminators are `\n`, `\r\n` and a lone `\r`, the
//! same set the Language Server Protocol uses.

use crate::TextRange;

/// How a column is counted.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Encoding {
    /// Bytes of UTF-8 (LSP `utf-8`).
    Utf8,
    /// UTF-16 code units (LSP `utf-16`, the protocol default; VS Code, Neovim).
    Utf16,
    /// Unicode scalar values (LSP `utf-32`; also what humans call a column).
    Utf32,
}

/// A zero-based line and column; the column is counted in some [`Encoding`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct LineCol {
    pub line: u32,
    pub col: u32,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct WideChar {
    /// Byte column where the character starts, relative to the line start.
    start: u32,
    /// Its length in UTF-8 bytes (2..=4).
    len8: u8,
}

impl WideChar {
    fn len(self, enc: Encoding) -> u32 {
        match enc {
            Encoding::Utf8 => u32::from(self.len8),
            Encoding::Utf16 => {
                if self.len8 == 4 {
                    2
                } else {
                    1
                }
            }
            Encoding::Utf32 => 1,
        }
    }
}

/// Line starts and the non-ASCII characters of each line.
#[derive(Clone, Debug, Default)]
pub struct LineIndex {
    /// Byte offset where each line starts; always begins with 0.
    starts: Vec<u32>,
    /// Byte offset where each line's content ends (before its terminator).
    ends: Vec<u32>,
    /// Non-ASCII characters per line, only for lines that have some.
    wide: Vec<(u32, Vec<WideChar>)>,
    len: u32,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        let bytes = text.as_bytes();
        let mut starts = vec![0u32];
        let mut ends = Vec::new();
        let mut wide: Vec<(u32, Vec<WideChar>)> = Vec::new();
        let mut line_wide: Vec<WideChar> = Vec::new();
        let mut line_start = 0usize;
        let mut i = 0usize;
        while i < bytes.len() {
            // Whole lines at a time: memchr finds the line end, and only a
            // line that is not all ASCII is read character by character.
            let end = memchr::memchr2(b'\n', b'\r', &bytes[i..]).map_or(bytes.len(), |n| i + n);
            if !bytes[i..end].is_ascii() {
                let mut j = i;
                while j < end {
                    let b = bytes[j];
                    if b < 0x80 {
                        j += 1;
                    } else {
                        let len = utf8_len(b);
                        line_wide.push(WideChar {
                            start: (j - line_start) as u32,
                            len8: len as u8,
                        });
                        j += len;
                    }
                }
            }
            if end == bytes.len() {
                break;
            }
            ends.push(end as u32);
            let next = if bytes[end] == b'\r' && bytes.get(end + 1) == Some(&b'\n') {
                end + 2
            } else {
                end + 1
            };
            if !line_wide.is_empty() {
                wide.push((starts.len() as u32 - 1, std::mem::take(&mut line_wide)));
            }
            starts.push(next as u32);
            line_start = next;
            i = next;
        }
        ends.push(bytes.len() as u32);
        if !line_wide.is_empty() {
            wide.push((starts.len() as u32 - 1, line_wide));
        }
        LineIndex {
            starts,
            ends,
            wide,
            len: bytes.len() as u32,
        }
    }

    /// Number of lines (a text ending in a newline has an empty last line).
    pub fn line_count(&self) -> usize {
        self.starts.len()
    }

    /// Length of the indexed text in bytes.
    pub fn len(&self) -> usize {
        self.len as usize
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Byte range of a line's content, without its terminator.
    pub fn line_range(&self, line: u32) -> Option<TextRange> {
        let l = line as usize;
        Some(TextRange::new(
            *self.starts.get(l)? as usize,
            *self.ends.get(l)? as usize,
        ))
    }

    fn wide_chars(&self, line: u32) -> &[WideChar] {
        match self.wide.binary_search_by_key(&line, |(l, _)| *l) {
            Ok(i) => &self.wide[i].1,
            Err(_) => &[],
        }
    }

    /// The line and column of a byte offset. Offsets past the end clamp to
    /// the end; offsets inside a character or a `\r\n` pair round down.
    pub fn line_col(&self, offset: usize, enc: Encoding) -> LineCol {
        let offset = (offset as u32).min(self.len);
        let line = match self.starts.binary_search(&offset) {
            Ok(l) => l,
            Err(l) => l - 1,
        } as u32;
        let start = self.starts[line as usize];
        let end = self.ends[line as usize];
        let col8 = offset.min(end) - start;
        let mut col = col8;
        for w in self.wide_chars(line) {
            if w.start >= col8 {
                break;
            }
            if w.start + u32::from(w.len8) > col8 {
                // Inside a character: round down to its start.
                col -= col8 - w.start;
                break;
            }
            col = col - u32::from(w.len8) + w.len(enc);
        }
        LineCol { line, col }
    }

    /// The byte offset of a line and column. Never fails: a line past the
    /// end is the end of the text, a column past the end of its line is the
    /// end of that line (as the LSP specification asks), and a column inside
    /// a character (the middle of a surrogate pair) rounds down to its start.
    pub fn offset(&self, pos: LineCol, enc: Encoding) -> usize {
        let Some(&start) = self.starts.get(pos.line as usize) else {
            return self.len as usize;
        };
        let end = self.ends[pos.line as usize];
        let mut remaining = pos.col;
        let mut col8 = 0u32;
        for w in self.wide_chars(pos.line) {
            let ascii_run = w.start - col8;
            if remaining <= ascii_run {
                break;
            }
            remaining -= ascii_run;
            col8 = w.start;
            let wl = w.len(enc);
            if remaining < wl {
                remaining = 0;
                break;
            }
            remaining -= wl;
            col8 += u32::from(w.len8);
        }
        (start + col8).saturating_add(remaining).min(end) as usize
    }

    /// Convert a byte range to a pair of line/columns.
    pub fn range(&self, range: TextRange, enc: Encoding) -> (LineCol, LineCol) {
        (
            self.line_col(range.start, enc),
            self.line_col(range.end, enc),
        )
    }
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lc(line: u32, col: u32) -> LineCol {
        LineCol { line, col }
    }

    #[test]
    fn ascii_lines() {
        let text = "ab\ncd\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 3);
        assert_eq!(idx.line_col(4, Encoding::Utf16), lc(1, 1));
        assert_eq!(idx.offset(lc(1, 1), Encoding::Utf16), 4);
        assert_eq!(
            idx.offset(lc(1, 99), Encoding::Utf16),
            5,
            "clamped to line end"
        );
        assert_eq!(
            idx.offset(lc(99, 0), Encoding::Utf16),
            6,
            "clamped to text end"
        );
    }

    #[test]
    fn cjk_and_emoji_in_utf16_utf8_utf32() {
        // 通 is 3 bytes / 1 unit; 😀 is 4 bytes / 2 UTF-16 units.
        let text = "k: 通😀x\n";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(x, Encoding::Utf16), lc(0, 6));
        assert_eq!(idx.line_col(x, Encoding::Utf8), lc(0, 10));
        assert_eq!(idx.line_col(x, Encoding::Utf32), lc(0, 5));
        assert_eq!(idx.offset(lc(0, 6), Encoding::Utf16), x);
        assert_eq!(idx.offset(lc(0, 10), Encoding::Utf8), x);
        // Column 5 is inside the surrogate pair of 😀: round down to its start.
        let emoji = text.find('😀').unwrap();
        assert_eq!(idx.offset(lc(0, 5), Encoding::Utf16), emoji);
        // A byte offset inside 通 rounds down too.
        assert_eq!(idx.line_col(4, Encoding::Utf16), lc(0, 3));
    }

    #[test]
    fn crlf_lone_cr_and_bom() {
        let text = "\u{feff}a\r\nb\rc\n";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_count(), 4);
        assert_eq!(
            idx.line_col(text.find('b').unwrap(), Encoding::Utf16),
            lc(1, 0)
        );
        assert_eq!(
            idx.line_col(text.find('c').unwrap(), Encoding::Utf16),
            lc(2, 0)
        );
        // The BOM is one UTF-16 unit on line 0.
        assert_eq!(idx.line_col(3, Encoding::Utf16), lc(0, 1));
        // The end of line 0 is before the \r, not between \r and \n.
        assert_eq!(idx.offset(lc(0, 99), Encoding::Utf16), 4);
        assert_eq!(
            idx.line_col(5, Encoding::Utf16),
            lc(0, 2),
            "between \\r and \\n"
        );
    }

    #[test]
    fn roundtrip_every_char_boundary() {
        let text = "a: 通\r\n  b: \"😀é\"\n\u{10348}z";
        let idx = LineIndex::new(text);
        for (off, _) in text.char_indices() {
            for enc in [Encoding::Utf8, Encoding::Utf16, Encoding::Utf32] {
                let pos = idx.line_col(off, enc);
                let back = idx.offset(pos, enc);
                let at_terminator = matches!(text.as_bytes()[off], b'\r' | b'\n');
                if !at_terminator || text.as_bytes().get(off.wrapping_sub(1)) != Some(&b'\r') {
                    assert_eq!(back, off, "offset {off} via {enc:?} {pos:?}");
                }
            }
        }
    }
}
