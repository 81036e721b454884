//! The edge between the engine and LSP: positions (LSP line/character in
//! UTF-16 or UTF-8 to byte offsets and back; incoming edits convert
//! through the rope, everything else through the analysed text's
//! `LineIndex`) and diagnostics (the push and pull paths and code actions
//! convert them here).

use dossier_analysis::{Diagnostic as Diag, Rule, Severity, Trait};
use dossier_syntax::{Encoding, LineCol, LineIndex, TextRange};
use ropey::Rope;
use tower_lsp_server::ls_types::{
    CodeDescription, Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity, DiagnosticTag,
    Location, NumberOrString, Position, Range, Uri,
};

use crate::session::Snapshot;

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

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// One diagnostic of the document `uri` in LSP terms; its related places
/// (the other side of a contradiction) become related information.
pub fn diagnostic(d: &Diag, index: &LineIndex, enc: Encoding, uri: &Uri) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: range(index, r.range, enc),
            },
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: range(index, d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code().to_string())),
        code_description: d
            .rule
            .doc_url()
            .and_then(|u| u.parse().ok())
            .map(|href| CodeDescription { href }),
        source: Some("dossier".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        // Editors fade unused code; an unused source is that.
        tags: tags(d.rule),
        data: None,
    }
}

/// Every diagnostic of a snapshot, in the analysis's order.
pub fn diagnostics(snap: &Snapshot, enc: Encoding, uri: &Uri) -> Vec<Diagnostic> {
    let index = &snap.analysis.line_index;
    snap.analysis
        .diagnostics
        .iter()
        .map(|d| diagnostic(d, index, enc, uri))
        .collect()
}

/// The editor tags of a rule's diagnostics, as the registry declares them
/// (editors fade what is unnecessary, strike through what is deprecated).
fn tags(rule: Rule) -> Option<Vec<DiagnosticTag>> {
    let tags: Vec<DiagnosticTag> = rule
        .meta()
        .traits
        .iter()
        .filter_map(|t| match t {
            Trait::Unnecessary => Some(DiagnosticTag::UNNECESSARY),
            Trait::Deprecated => Some(DiagnosticTag::DEPRECATED),
            Trait::FromAbsence | Trait::NeverAccepted | Trait::Fixable => None,
        })
        .collect();
    (!tags.is_empty()).then_some(tags)
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
