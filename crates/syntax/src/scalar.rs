//! Decoding YAML scalars from their source text: line folding, quoting,
//! escapes and block scalars. tree-sitter gives us the token; YAML's rules
//! for what the token *means* are small enough to implement here, and no
//! maintained crate exposes them on a span without parsing the whole file.

/// Fold a multi-line flow scalar (plain or quoted) as YAML 1.2 §6.5 does:
/// a single line break between non-empty lines becomes a space; each empty
/// line becomes a `\n`; leading and trailing white space of lines is dropped.
pub(crate) fn fold_lines(raw: &str) -> String {
    if !raw.contains(['\n', '\r']) {
        return raw.to_string();
    }
    let lines: Vec<&str> = raw.split('\n').map(|l| l.trim_end_matches('\r')).collect();
    let mut out = String::with_capacity(raw.len());
    let last = lines.len() - 1;
    let mut pending_empty = 0usize;
    for (i, line) in lines.iter().enumerate() {
        let mut l: &str = line;
        if i > 0 {
            l = l.trim_start_matches([' ', '\t']);
        }
        if i < last {
            l = l.trim_end_matches([' ', '\t']);
        }
        if i > 0 && l.is_empty() && i < last {
            pending_empty += 1;
            continue;
        }
        if i > 0 {
            if pending_empty > 0 {
                out.extend(std::iter::repeat_n('\n', pending_empty));
            } else {
                out.push(' ');
            }
            pending_empty = 0;
        }
        out.push_str(l);
    }
    out
}

pub(crate) fn single_quoted(raw: &str) -> String {
    let inner = strip_quotes(raw, '\'');
    fold_lines(&inner.replace("''", "'"))
}

/// Decode a double-quoted scalar's source, quotes included.
pub(crate) fn double_quoted(raw: &str) -> Result<String, String> {
    let inner = strip_quotes(raw, '"');
    // Fold first on a version where escaped line breaks are protected.
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars().peekable();
    let mut pending_ws = String::new();
    let mut at_line_start = false;
    let mut empty_lines = 0usize;
    let mut seen_break = false;
    while let Some(c) = chars.next() {
        match c {
            '\r' => {}
            '\n' => {
                pending_ws.clear();
                if seen_break {
                    empty_lines += 1;
                }
                seen_break = true;
                at_line_start = true;
            }
            ' ' | '\t' if at_line_start => {}
            ' ' | '\t' => pending_ws.push(c),
            _ => {
                if seen_break {
                    if empty_lines > 0 {
                        out.extend(std::iter::repeat_n('\n', empty_lines));
                    } else {
                        out.push(' ');
                    }
                    empty_lines = 0;
                    seen_break = false;
                }
                at_line_start = false;
                out.push_str(&pending_ws);
                pending_ws.clear();
                if c != '\\' {
                    out.push(c);
                    continue;
                }
                let Some(e) = chars.next() else {
                    return Err("a double-quoted string ends with a lone `\\`".into());
                };
                match e {
                    '0' => out.push('\0'),
                    'a' => out.push('\x07'),
                    'b' => out.push('\x08'),
                    't' | '\t' => out.push('\t'),
                    'n' => out.push('\n'),
                    'v' => out.push('\x0b'),
                    'f' => out.push('\x0c'),
                    'r' => out.push('\r'),
                    'e' => out.push('\x1b'),
                    ' ' => out.push(' '),
                    '"' => out.push('"'),
                    '/' => out.push('/'),
                    '\\' => out.push('\\'),
                    'N' => out.push('\u{85}'),
                    '_' => out.push('\u{a0}'),
                    'L' => out.push('\u{2028}'),
                    'P' => out.push('\u{2029}'),
                    'x' | 'u' | 'U' => {
                        let n = match e {
                            'x' => 2,
                            'u' => 4,
                            _ => 8,
                        };
                        let hex: String = (0..n).filter_map(|_| chars.next()).collect();
                        let ch = u32::from_str_radix(&hex, 16)
                            .ok()
                            .filter(|_| hex.len() == n)
                            .and_then(char::from_u32)
                            .ok_or_else(|| format!("`\\{e}{hex}` is not a valid escape"))?;
                        out.push(ch);
                    }
                    '\r' | '\n' => {
                        // Escaped line break: join without a space.
                        if e == '\r' && chars.peek() == Some(&'\n') {
                            chars.next();
                        }
                        while matches!(chars.peek(), Some(' ' | '\t')) {
                            chars.next();
                        }
                    }
                    other => return Err(format!("`\\{other}` is not a valid escape")),
                }
            }
        }
    }
    if seen_break {
        if empty_lines > 0 {
            out.extend(std::iter::repeat_n('\n', empty_lines));
        } else {
            out.push(' ');
        }
    }
    out.push_str(&pending_ws);
    Ok(out)
}

fn strip_quotes(raw: &str, q: char) -> &str {
    let s = raw.strip_prefix(q).unwrap_or(raw);
    s.strip_suffix(q).unwrap_or(s)
}

/// Decode a block scalar (`|` or `>` with its header) from its source text.
/// `parent_indent` is the column of the line that holds the header.
pub(crate) fn block(raw: &str, parent_indent: usize) -> String {
    let raw = raw.replace("\r\n", "\n").replace('\r', "\n");
    let (header, body) = raw.split_once('\n').unwrap_or((&raw, ""));
    let header = header.split(" #").next().unwrap_or("").trim();
    let literal = header.starts_with('|');
    let mut chomp = ' ';
    let mut explicit: Option<usize> = None;
    for c in header.chars().skip(1) {
        match c {
            '+' | '-' => chomp = c,
            '1'..='9' => explicit = c.to_digit(10).map(|d| d as usize),
            _ => {}
        }
    }
    let lines: Vec<&str> = body.split('\n').collect();
    // Only spaces indent, and a line of spaces and tabs is empty: other
    // Unicode white space (U+00A0, U+3000, ...) is content in YAML.
    let is_empty = |l: &str| l.bytes().all(|b| b == b' ' || b == b'\t');
    let spaces = |l: &str| l.bytes().take_while(|&b| b == b' ').count();
    // tree-sitter's node ends after the last content line; a final empty
    // piece is the terminator of that line, not an extra empty line.
    let lines: &[&str] = match lines.split_last() {
        Some((last, rest)) if is_empty(last) => rest,
        _ => &lines,
    };
    let indent = explicit
        .map(|d| parent_indent + d)
        .unwrap_or_else(|| lines.iter().find(|l| !is_empty(l)).map_or(0, |l| spaces(l)));
    // Strip at most the line's own leading spaces: an ASCII prefix, so the
    // cut is always on a character boundary.
    let content: Vec<&str> = lines
        .iter()
        .map(|l| {
            if is_empty(l) && l.len() < indent {
                ""
            } else {
                &l[indent.min(spaces(l))..]
            }
        })
        .collect();
    let mut out = String::new();
    if literal {
        for l in &content {
            out.push_str(l);
            out.push('\n');
        }
    } else {
        let mut prev_more_indented = true;
        let mut prev_empty = true;
        for (i, l) in content.iter().enumerate() {
            let more = l.starts_with([' ', '\t']);
            if l.is_empty() {
                out.push('\n');
                prev_empty = true;
                continue;
            }
            if i > 0 && !prev_empty && !more && !prev_more_indented {
                // Replace the previous line break with a space.
                if out.ends_with('\n') {
                    out.pop();
                }
                out.push(' ');
            } else if i > 0 && prev_empty && !more && !prev_more_indented && out.ends_with('\n') {
                // An empty line between folded lines: keep one "\n" for it,
                // drop the break of the line before it.
                out.pop();
            }
            out.push_str(l);
            out.push('\n');
            prev_more_indented = more;
            prev_empty = false;
        }
    }
    match chomp {
        '-' => {
            while out.ends_with('\n') {
                out.pop();
            }
        }
        '+' => {}
        _ => {
            while out.ends_with("\n\n") {
                out.pop();
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn folding() {
        assert_eq!(fold_lines("multi\n    line"), "multi line");
        assert_eq!(fold_lines("a\n\n  b"), "a\nb");
        assert_eq!(fold_lines("a  \r\n  b"), "a b");
    }

    #[test]
    fn quoted() {
        assert_eq!(single_quoted("'it''s'"), "it's");
        assert_eq!(
            double_quoted(r#""caf\u00e9 \"x\"\n""#).unwrap(),
            "café \"x\"\n"
        );
        assert_eq!(double_quoted("\"a\n  b\"").unwrap(), "a b");
        assert_eq!(double_quoted("\"a\\\n  b\"").unwrap(), "ab");
        assert_eq!(double_quoted("\"a \r\n  b\"").unwrap(), "a b");
        assert!(double_quoted(r#""\q""#).is_err());
        assert!(double_quoted(r#""\ud800""#).is_err());
    }

    #[test]
    fn unicode_white_space_in_block_scalars_is_content() {
        for ws in ['\u{a0}', '\u{3000}', '\u{2028}', '\u{85}', '\u{feff}'] {
            assert_eq!(block(&format!("|\n  {ws}\n  a\n"), 0), format!("{ws}\na\n"));
            assert_eq!(
                block(&format!("|\n {ws}\n    a\n"), 0),
                format!("{ws}\n   a\n")
            );
            // Once a byte slice inside the character (indentation taken
            // from the next line, as if this one were empty).
            assert_eq!(
                block(&format!("|\n   {ws}\n    a\n"), 0),
                format!("{ws}\n a\n")
            );
            assert_eq!(
                block(&format!("|\n  a\n {ws}b\n"), 0),
                format!("a\n{ws}b\n")
            );
            assert_eq!(block(&format!(">\n  {ws}\n"), 0), format!("{ws}\n"));
        }
    }

    proptest! {
        /// No text makes the decoders panic (a byte slice inside a
        /// character, an overflow), whatever its Unicode.
        #[test]
        fn decoders_never_panic(raw in "\\PC*|[ \t\n\r|>+\\-0-9'\"\\\\\u{a0}\u{3000}\u{2028}\u{85}\u{feff}a]{0,40}", parent in 0usize..12) {
            let _ = block(&raw, parent);
            let _ = fold_lines(&raw);
            let _ = single_quoted(&raw);
            let _ = double_quoted(&raw);
        }

        /// Through the parser: a block scalar with any Unicode in its body.
        #[test]
        fn block_scalars_with_any_unicode_parse(body in proptest::collection::vec("[ \u{a0}\u{3000}\u{2028}\u{85}\u{feff}\t]{0,3}\\PC{0,4}", 1..5), folded in any::<bool>()) {
            let text = format!("x: {}\n{}\ny: 1\n", if folded { ">" } else { "|" },
                body.iter().map(|l| format!("  {l}")).collect::<Vec<_>>().join("\n"));
            let _ = crate::parse(&text);
        }
    }

    #[test]
    fn block_scalars() {
        assert_eq!(block("|\n    hello\n    world\n", 2), "hello\nworld\n");
        assert_eq!(block("|-\n  a\n  b\n", 0), "a\nb");
        assert_eq!(block("|+\n  a\n\n", 0), "a\n\n");
        assert_eq!(block(">\n  a\n  b\n\n  c\n", 0), "a b\nc\n");
        assert_eq!(block("> # note\n  a\n    code\n  b\n", 0), "a\n  code\nb\n");
        assert_eq!(block("|\r\n  a\r\n  b\r\n", 0), "a\nb\n");
        assert_eq!(block("|2\n    a\n", 0), "  a\n");
    }
}
