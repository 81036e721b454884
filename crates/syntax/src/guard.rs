//! Checks that run before tree-sitter sees the text.
//!
//! tree-sitter-yaml's external scanner serialises its indentation stack into
//! a 1 KiB buffer and `assert`s (aborting the whole process) when a document
//! nests a few hundred levels deep; it also gives up on files of a few MiB
//! and returns an ERROR root. Neither is acceptable for a server that must
//! survive any file, so we measure first, in one linear pass, and refuse.

use crate::{SyntaxError, TextRange};

/// Largest accepted file, in bytes (4 MiB).
pub const MAX_SIZE: usize = 4 * 1024 * 1024;
/// Deepest accepted nesting of mappings, sequences and flow collections.
pub const MAX_DEPTH: usize = 64;

/// `Err` with a located syntax error if the text must not be parsed.
pub fn check_limits(text: &str) -> Result<(), SyntaxError> {
    if text.len() > MAX_SIZE {
        return Err(SyntaxError {
            range: TextRange::new(0, first_line_end(text)),
            message: format!(
                "file is {} bytes, larger than the 4 MiB limit: split the dossier",
                text.len()
            ),
        });
    }
    if let Some(at) = text.find('\0') {
        return Err(SyntaxError {
            range: TextRange::new(at, at + 1),
            message: format!(
                "NUL byte at byte {at}: a dossier is text; remove it (is this a binary file?)"
            ),
        });
    }
    if let Some((depth_at, depth)) = deepest_point(text) {
        let line_end = text[depth_at..]
            .find(['\n', '\r'])
            .map_or(text.len(), |i| depth_at + i);
        return Err(SyntaxError {
            range: TextRange::new(depth_at, line_end.max(depth_at)),
            message: format!(
                "nesting is {depth} levels deep here, deeper than the limit of {MAX_DEPTH}: flatten the structure"
            ),
        });
    }
    Ok(())
}

fn first_line_end(text: &str) -> usize {
    let limit = text.len().min(200);
    let mut end = text[..floor_char_boundary(text, limit)]
        .find(['\n', '\r'])
        .unwrap_or(limit);
    end = floor_char_boundary(text, end);
    end
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Conservative nesting measure. Returns the offset and depth of the first
/// point deeper than [`MAX_DEPTH`], if any.
///
/// Block structure: a stack of indentation columns (what the scanner keeps),
/// plus one level per `- ` or `? ` indicator that opens a line, plus the
/// depth of flow brackets. Block scalar bodies are skipped. It over-counts
/// slightly (a more-indented continuation line of a plain scalar counts as a
/// level), which is harmless at a limit of 64.
fn deepest_point(text: &str) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut indents: Vec<usize> = Vec::new();
    let mut flow_depth: usize = 0;
    let mut block_scalar_parent: Option<usize> = None;
    let mut pos = 0usize;
    while pos < bytes.len() {
        let line_end = memchr_line_end(bytes, pos);
        let line = &bytes[pos..line_end];
        let next = skip_terminator(bytes, line_end);
        let indent = line.iter().take_while(|&&b| b == b' ').count();
        let rest = &line[indent..];
        let blank = rest.is_empty() || rest.iter().all(|b| b.is_ascii_whitespace());
        if let Some(parent) = block_scalar_parent {
            if blank || indent > parent {
                pos = next;
                continue;
            }
            block_scalar_parent = None;
        }
        if blank || rest[0] == b'#' {
            pos = next;
            continue;
        }
        if flow_depth == 0 {
            while indents.last().is_some_and(|&top| top > indent) {
                indents.pop();
            }
            if indents.last().is_none_or(|&top| top < indent) {
                indents.push(indent);
            }
        }
        // Leading block indicators on the line: "- - - x", "? - x".
        let mut i = 0;
        let mut indicators = 0;
        while i + 1 < rest.len() + 1 {
            match rest.get(i) {
                Some(b'-') | Some(b'?') if matches!(rest.get(i + 1), None | Some(b' ')) => {
                    indicators += 1;
                    i += 1;
                    while rest.get(i) == Some(&b' ') {
                        i += 1;
                    }
                }
                _ => break,
            }
        }
        let block_depth = indents.len() + indicators;
        if block_depth > MAX_DEPTH {
            return Some((pos + indent, block_depth));
        }
        // Flow brackets, outside quotes and comments.
        let mut quote: Option<u8> = None;
        let mut prev = b' ';
        let mut j = i;
        let mut ends_with_block_indicator = false;
        while j < rest.len() {
            let b = rest[j];
            match quote {
                Some(q) => {
                    if b == q {
                        if q == b'\'' && rest.get(j + 1) == Some(&b'\'') {
                            j += 1;
                        } else {
                            quote = None;
                        }
                    } else if b == b'\\' && q == b'"' {
                        j += 1;
                    }
                }
                None => match b {
                    b'#' if prev == b' ' || prev == b'\t' => break,
                    b'"' | b'\'' if is_value_start(prev) => quote = Some(b),
                    b'[' | b'{' if flow_depth > 0 || is_value_start(prev) => {
                        flow_depth += 1;
                        if block_depth + flow_depth > MAX_DEPTH {
                            return Some((pos + indent + j, block_depth + flow_depth));
                        }
                    }
                    b']' | b'}' if flow_depth > 0 => flow_depth -= 1,
                    _ => {}
                },
            }
            if !b.is_ascii_whitespace() {
                ends_with_block_indicator =
                    flow_depth == 0 && quote.is_none() && is_block_header(&rest[..=j]);
            }
            prev = b;
            j += 1;
        }
        if quote.is_some() && flow_depth == 0 {
            // A quoted scalar spanning lines: its lines are not structure.
            block_scalar_parent = Some(indent);
        }
        if ends_with_block_indicator {
            block_scalar_parent = Some(indent);
        }
        pos = next;
    }
    None
}

fn is_value_start(prev: u8) -> bool {
    matches!(prev, b' ' | b'[' | b'{' | b',' | b':' | b'-' | b'\t')
}

/// Does the (comment-free) line end in a block scalar header (`|`, `>-`,
/// `|2+`, ...) that follows `: ` or `- ` or starts the line?
fn is_block_header(upto: &[u8]) -> bool {
    let mut k = upto.len();
    while k > 0 && matches!(upto[k - 1], b'+' | b'-' | b'0'..=b'9') {
        k -= 1;
    }
    if k == 0 || !matches!(upto[k - 1], b'|' | b'>') {
        return false;
    }
    k -= 1;
    k == 0 || upto[k - 1] == b' '
}

fn memchr_line_end(bytes: &[u8], from: usize) -> usize {
    bytes[from..]
        .iter()
        .position(|&b| b == b'\n' || b == b'\r')
        .map_or(bytes.len(), |i| from + i)
}

fn skip_terminator(bytes: &[u8], at: usize) -> usize {
    match bytes.get(at) {
        Some(b'\r') if bytes.get(at + 1) == Some(&b'\n') => at + 2,
        Some(_) => at + 1,
        None => at,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested_block(levels: usize) -> String {
        let mut s = String::new();
        for i in 0..levels {
            s.push_str(&" ".repeat(i * 2));
            s.push_str("k:\n");
        }
        s
    }

    #[test]
    fn accepts_reasonable_nesting() {
        assert!(check_limits(&nested_block(60)).is_ok());
        assert!(check_limits(&format!("a: {}{}", "[".repeat(30), "]".repeat(30))).is_ok());
    }

    #[test]
    fn refuses_deep_block_nesting_on_the_deep_line() {
        let text = nested_block(300);
        let err = check_limits(&text).unwrap_err();
        assert!(
            err.message.contains("deeper than the limit of 64"),
            "{}",
            err.message
        );
        let line = text[..err.range.start].matches('\n').count();
        assert_eq!(line, 64);
    }

    #[test]
    fn refuses_deep_flow_and_dash_nesting() {
        assert!(check_limits(&format!("a: {}", "[".repeat(100))).is_err());
        assert!(check_limits(&format!("a: {}", "{x: ".repeat(100))).is_err());
        assert!(check_limits(&"- ".repeat(100)).is_err());
    }

    #[test]
    fn brackets_inside_scalars_and_block_bodies_do_not_count() {
        let text = format!(
            "title: \"{}\"\nnote: |\n{}\nplain: a [b] {{c}}\n# {}\n",
            "[".repeat(100),
            (0..100)
                .map(|i| format!("{}x", " ".repeat(2 + i)))
                .collect::<Vec<_>>()
                .join("\n"),
            "[".repeat(100)
        );
        assert!(check_limits(&text).is_ok(), "{:?}", check_limits(&text));
    }

    #[test]
    fn refuses_oversized_files() {
        let text = "a".repeat(MAX_SIZE + 1);
        let err = check_limits(&text).unwrap_err();
        assert!(err.message.contains("4 MiB"));
        assert!(err.range.end <= 200);
    }
}
