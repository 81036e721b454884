//! Positions at the edge: LSP line/character (UTF-16 or UTF-8) to byte
//! offsets and back. Incoming edits convert through the rope; everything
//! else through the analysed text's `LineIndex`.

use dossier_syntax::{Encoding, LineCol, LineIndex, TextRange};
use ropey::Rope;
use tower_lsp_server::ls_types::{Position, Range};

/// A byte offset in the rope for an LSP position; clamped to the line's end
/// (as the LSP specification asks) and to the document's end, and rounded
/// down when it falls inside a character (the middle of a surrogate pair).
pub fn rope_offset(rope: &Rope, pos: Position, enc: Encoding) -> usize {
    let line = pos.line as usize;
    if line >= rope.len_lines() {
        return rope.len_bytes();
    }
    let line_char = rope.line_to_char(line);
    let line_slice = rope.line(line);
    // Characters of the line without its terminator.
    let mut len_chars = line_slice.len_chars();
    while len_chars > 0 && matches!(line_slice.char(len_chars - 1), '\n' | '\r') {
        len_chars -= 1;
    }
    let col = pos.character as usize;
    let char_in_line = match enc {
        Encoding::Utf16 => {
            let start16 = rope.char_to_utf16_cu(line_char);
            let end16 = rope.char_to_utf16_cu(line_char + len_chars);
            let target = (start16 + col).min(end16);
            // utf16_cu_to_char rounds down inside a surrogate pair.
            rope.utf16_cu_to_char(target) - line_char
        }
        Encoding::Utf8 => {
            let start = rope.char_to_byte(line_char);
            let end = rope.char_to_byte(line_char + len_chars);
            let target = (start + col).min(end);
            rope.byte_to_char(target) - line_char
        }
        Encoding::Utf32 => col.min(len_chars),
    };
    rope.char_to_byte(line_char + char_in_line.min(len_chars))
}

pub fn position(index: &LineIndex, offset: usize, enc: Encoding) -> Position {
    let LineCol { line, col } = index.line_col(offset, enc);
    Position {
        line,
        character: col,
    }
}

pub fn range(index: &LineIndex, r: TextRange, enc: Encoding) -> Range {
    Range {
        start: position(index, r.start, enc),
        end: position(index, r.end, enc),
    }
}

pub fn offset(index: &LineIndex, pos: Position, enc: Encoding) -> usize {
    index.offset(
        LineCol {
            line: pos.line,
            col: pos.character,
        },
        enc,
    )
}

pub fn text_range(index: &LineIndex, r: Range, enc: Encoding) -> TextRange {
    let (a, b) = (offset(index, r.start, enc), offset(index, r.end, enc));
    TextRange::new(a.min(b), a.max(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rope_positions_match_the_line_index() {
        let text = "a: 通😀x\r\nb: é\rc\n";
        let rope = Rope::from_str(text);
        let index = LineIndex::new(text);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            for (off, _) in text.char_indices() {
                let p = position(&index, off, enc);
                let back = rope_offset(&rope, p, enc);
                let expected = offset(&index, p, enc);
                assert_eq!(back, expected, "{off} {p:?} {enc:?}");
            }
        }
        // Inside the surrogate pair of 😀 (UTF-16 column 5): round down.
        let emoji = text.find('😀').unwrap();
        assert_eq!(
            rope_offset(
                &rope,
                Position {
                    line: 0,
                    character: 5
                },
                Encoding::Utf16
            ),
            emoji
        );
        // Past the end of a line and of the document: clamp.
        assert_eq!(
            rope_offset(
                &rope,
                Position {
                    line: 0,
                    character: 99
                },
                Encoding::Utf16
            ),
            text.find('\r').unwrap()
        );
        assert_eq!(
            rope_offset(
                &rope,
                Position {
                    line: 99,
                    character: 0
                },
                Encoding::Utf16
            ),
            text.len()
        );
    }
}
