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
/// Most lines accepted. tree-sitter-yaml's scanner keeps rows in 16 bits,
/// so structure on line 32,769 or later is misread.
pub const MAX_LINES: usize = 32_768;
/// Deepest accepted nesting of mappings, sequences and flow collections.
pub const MAX_DEPTH: usize = 64;

/// `Err` with a located syntax error if the text must not be parsed.
pub fn check_limits(text: &str) -> Result<(), SyntaxError> {
    check_limits_from(text, None).0
}

/// The nesting scanner's states at line starts of a text that passed,
/// for [`check_limits_from`] to rescan only from before an edit.
#[derive(Debug, Default)]
pub(crate) struct Checkpoints {
    /// Line start and the scanner's state there, in order; one every
    /// [`CHECKPOINT_LINES`] lines.
    at: Vec<(usize, Scanner)>,
}

const CHECKPOINT_LINES: usize = 32;

/// What changed since the text the checkpoints were taken of: bytes
/// `start..new_end` of the new text replace `start..new_end - delta` of
/// the old one (a cover of every edit since).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Dirty {
    pub start: usize,
    pub new_end: usize,
    pub delta: isize,
}

/// [`check_limits`], rescanning the nesting only from the last checkpoint
/// before the edit until the scanner's state is again the one it had at
/// the same (moved) line: from there on the text and the state are the
/// same, so the rest is as before (the old text passed). Returns the
/// checkpoints of this text when it passes.
pub(crate) fn check_limits_from(
    text: &str,
    old: Option<(&Checkpoints, Dirty)>,
) -> (Result<(), SyntaxError>, Option<Checkpoints>) {
    if let Err(e) = check_flat_limits(text) {
        return (Err(e), None);
    }
    let (found, checkpoints) = scan_from(text.as_bytes(), old);
    match found {
        Some((depth_at, depth)) => {
            let line_end = text[depth_at..]
                .find(['\n', '\r'])
                .map_or(text.len(), |i| depth_at + i);
            let err = SyntaxError {
                range: TextRange::new(depth_at, line_end.max(depth_at)),
                message: format!(
                    "nesting is {depth} levels deep here, deeper than the limit of {MAX_DEPTH}: flatten the structure"
                ),
            };
            (Err(err), None)
        }
        None => (Ok(()), Some(checkpoints)),
    }
}

/// The nesting scan of `bytes`, resumed from `old`'s checkpoints when
/// given: the first point deeper than [`MAX_DEPTH`], and the checkpoints.
fn scan_from(
    bytes: &[u8],
    old: Option<(&Checkpoints, Dirty)>,
) -> (Option<(usize, usize)>, Checkpoints) {
    let mut out = Checkpoints::default();
    let mut scan = Scanner::default();
    let mut pos = 0;
    // The old checkpoints after the edit, and how far they moved.
    let mut after: &[(usize, Scanner)] = &[];
    let mut delta = 0;
    if let Some((old, dirty)) = old {
        // Resume at the last checkpoint strictly before the edit (a `\r`
        // just before it may have joined a `\n`), kept as it was.
        let keep = old.at.partition_point(|(at, _)| *at < dirty.start);
        if keep > 0 {
            let (at, state) = &old.at[keep - 1];
            pos = *at;
            scan = state.clone();
            out.at.extend(old.at[..keep].iter().cloned());
        }
        let old_end = dirty.new_end as isize - dirty.delta;
        let first_after = old.at.partition_point(|(at, _)| (*at as isize) <= old_end);
        after = &old.at[first_after..];
        delta = dirty.delta;
    }
    let mut lines = 0usize;
    while pos < bytes.len() {
        // Past the edit, at an old checkpoint's (moved) line with the
        // state it had: the rest is the old scan's.
        let i = after.partition_point(|(at, _)| (*at as isize + delta) < pos as isize);
        after = &after[i..];
        if let Some((at, state)) = after.first() {
            if *at as isize + delta == pos as isize && state.same_as(&scan) {
                out.at.extend(
                    after
                        .iter()
                        .map(|(at, s)| (at.wrapping_add_signed(delta), s.clone())),
                );
                return (None, out);
            }
        }
        if lines.is_multiple_of(CHECKPOINT_LINES) && out.at.last().is_none_or(|(at, _)| *at < pos) {
            out.at.push((pos, scan.clone()));
        }
        lines += 1;
        let line_end = memchr_line_end(bytes, pos);
        if let Some(at) = scan.line(&bytes[pos..line_end], MAX_DEPTH) {
            return (Some((pos + at, scan.max_seen)), out);
        }
        pos = skip_terminator(bytes, line_end);
    }
    (None, out)
}

/// The limits measured without the nesting scan: size, NUL bytes, lines.
fn check_flat_limits(text: &str) -> Result<(), SyntaxError> {
    if text.len() > MAX_SIZE {
        return Err(too_large(text, text.len() as u64));
    }
    if let Some(at) = text.find('\0') {
        return Err(SyntaxError {
            range: TextRange::new(at, at + 1),
            message: format!(
                "NUL byte at byte {at}: a dossier is text; remove it (is this a binary file?)"
            ),
        });
    }
    if let Some(at) = line_start(text, MAX_LINES) {
        if text[at..].bytes().any(|b| !b.is_ascii_whitespace()) {
            let line_end = text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i);
            return Err(SyntaxError {
                range: TextRange::new(at, line_end),
                message: format!(
                    "file has more than {MAX_LINES} lines, the most the YAML parser reads correctly: split the dossier"
                ),
            });
        }
    }
    Ok(())
}

/// The offset where the 0-based line `line` starts (a line ends at `\n`,
/// `\r\n` or a lone `\r`, as the parser counts), if the text has it.
fn line_start(text: &str, line: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut row = 0;
    let mut i = 0;
    while row < line {
        let end = i + memchr::memchr2(b'\n', b'\r', &bytes[i..])?;
        i = skip_terminator(bytes, end);
        row += 1;
    }
    Some(i)
}

/// The error for a file of `size` bytes, over [`MAX_SIZE`], of which
/// `head` is the beginning (readers stop after `MAX_SIZE + 1` bytes).
pub fn too_large(head: &str, size: u64) -> SyntaxError {
    SyntaxError {
        range: TextRange::new(0, first_line_end(head)),
        message: format!("file is {size} bytes, larger than the 4 MiB limit: split the dossier"),
    }
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

/// The deepest nesting the guard measures anywhere in `text` (for tests).
#[cfg(test)]
pub(crate) fn max_depth(text: &str) -> usize {
    let mut scan = Scanner::default();
    scan.run(text.as_bytes(), usize::MAX);
    scan.max_seen
}

/// A YAML lexer reduced to what nesting depends on.
///
/// Block nesting is a stack of `(column, is_sequence)`, the shape of what
/// tree-sitter-yaml's scanner keeps (a sequence may sit at its parent
/// key's column, so the flag tells the two apart). It is kept on *every*
/// line, inside flow collections and quoted scalars too: tree-sitter
/// recovers from an unclosed `[` or quote by reading the lines after it as
/// block structure, so a guard that trusted the bracket or the quote could
/// be bypassed. Only a block scalar's body is skipped, and only when the
/// header stands where YAML reads one (where a node starts, outside quotes
/// and flow collections).
///
/// Quoting follows YAML: a `'` or `"` opens a quoted scalar only where a
/// node starts (line start, after `- `, `? `, `: `, `[`, `{`, `,`); inside
/// a plain scalar it is an ordinary character (`x 'y:` is the key `x 'y`).
/// Flow brackets count the same way, so brackets inside scalars and
/// comments do not. The measure over-counts (`- x` is two levels), which
/// is harmless at a limit of 64.
#[derive(Clone, Debug, Default)]
pub(crate) struct Scanner {
    stack: Vec<(usize, bool)>,
    flow: usize,
    /// Inside a quoted scalar that continues on the next line.
    quote: Option<u8>,
    /// Inside a block scalar's body: the column its lines must exceed,
    /// and the body's own indentation once its first line is seen.
    body: Option<(usize, Option<usize>)>,
    /// The previous line ended inside a plain scalar whose continuation
    /// lines are indented more than this column (block context only).
    plain_parent: Option<usize>,
    /// Inside flow collections: whether the next token starts a node.
    flow_at_start: bool,
    max_seen: usize,
}

impl Scanner {
    /// The same state, whatever the deepest point seen so far.
    fn same_as(&self, other: &Scanner) -> bool {
        self.stack == other.stack
            && self.flow == other.flow
            && self.quote == other.quote
            && self.body == other.body
            && self.plain_parent == other.plain_parent
            && self.flow_at_start == other.flow_at_start
    }

    #[cfg(test)]
    fn run(&mut self, bytes: &[u8], limit: usize) -> Option<(usize, usize)> {
        let mut pos = 0usize;
        while pos < bytes.len() {
            let line_end = memchr_line_end(bytes, pos);
            let line = &bytes[pos..line_end];
            let next = skip_terminator(bytes, line_end);
            if let Some(at) = self.line(line, limit) {
                return Some((pos + at, self.max_seen));
            }
            pos = next;
        }
        None
    }

    fn depth(&self) -> usize {
        // One more inside a flow collection: it may turn out to be a block
        // key (`{a: b}: c`), whose mapping is only seen at its `:`.
        self.stack.len() + self.flow + usize::from(self.flow > 0)
    }

    /// Record the current depth; `true` when it passes `limit`.
    fn note(&mut self, limit: usize) -> bool {
        let d = self.depth();
        self.max_seen = self.max_seen.max(d);
        d > limit
    }

    /// Scan one line; `Some(offset in line)` where the depth passed `limit`.
    fn line(&mut self, line: &[u8], limit: usize) -> Option<usize> {
        let indent = line
            .iter()
            .take_while(|&&b| b == b' ' || b == b'\t')
            .count();
        let rest = &line[indent..];
        let blank = rest.iter().all(|b| b.is_ascii_whitespace());
        if let Some((parent, body_indent)) = self.body {
            if blank {
                return None;
            }
            let needed = body_indent.unwrap_or(parent + 1);
            if indent >= needed {
                self.body = Some((parent, Some(indent)));
                return None;
            }
            self.body = None;
        }
        if blank || (self.quote.is_none() && rest[0] == b'#') {
            return None;
        }
        // Is this line's start a node start, or the continuation of a plain
        // scalar (where a quote or bracket is just a character)?
        let continuation = match self.plain_parent.take() {
            Some(parent) => self.flow == 0 && indent > parent,
            None => false,
        };
        let structural = self.quote.is_none() && self.flow == 0 && !continuation;
        // Indentation, on every line whatever the context.
        let dash = rest[0] == b'-' && is_blank_or_end(rest.get(1));
        while self.stack.last().is_some_and(|&(col, _)| col > indent) {
            self.stack.pop();
        }
        if structural && !dash && self.stack.last() == Some(&(indent, true)) {
            // A key after the items of a sequence at its column: the
            // sequence is over.
            self.stack.pop();
        }
        match self.stack.last() {
            Some(&(col, seq)) if col == indent => {
                if dash && !seq {
                    self.stack.push((indent, true));
                }
            }
            _ => self.stack.push((indent, dash)),
        }
        if self.note(limit) {
            return Some(indent);
        }
        // Leading block indicators ("- - x", "? - x", ": x"), counted even
        // inside quotes and brackets, which can only over-count.
        let mut i = 0;
        let mut last_node_col = indent;
        while let Some(&b) = rest.get(i) {
            if !(matches!(b, b'-' | b'?' | b':') && is_blank_or_end(rest.get(i + 1))) {
                break;
            }
            let col = indent + i;
            self.push_column(col, b == b'-');
            last_node_col = col;
            if self.note(limit) {
                return Some(col);
            }
            i += 1;
            while matches!(rest.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
        }
        if !structural && has_value_indicator(&rest[i..]) {
            // tree-sitter may recover from an unclosed quote or bracket by
            // reading this line as a key: count the mapping it would open.
            self.push_column(indent + i, false);
            if self.note(limit) {
                return Some(indent + i);
            }
        }
        if self.quote.is_some() {
            // Likewise brackets on a line that continues a quote.
            let mut open = 0usize;
            let mut deepest = 0usize;
            for &b in &rest[i..] {
                match b {
                    b'[' | b'{' => open += 1,
                    b']' | b'}' => open = open.saturating_sub(1),
                    _ => {}
                }
                deepest = deepest.max(open);
            }
            if deepest > 0 {
                let d = self.depth() + deepest + 1;
                self.max_seen = self.max_seen.max(d);
                if d > limit {
                    return Some(indent + i);
                }
            }
        }
        let mut at_start = if self.quote.is_some() {
            false
        } else if self.flow > 0 {
            self.flow_at_start || i > 0
        } else {
            !continuation
        };
        let mut in_plain = continuation;
        // Column of the node a block scalar header would belong to.
        let mut node_col = last_node_col;
        let mut token_col = indent + i;
        let mut in_key_candidate = in_plain;
        let mut props_col: Option<usize> = None;
        let mut flow_key_col = indent;
        let mut j = i;
        while j < rest.len() {
            let b = rest[j];
            if let Some(q) = self.quote {
                if b == q {
                    if q == b'\'' && rest.get(j + 1) == Some(&b'\'') {
                        j += 1;
                    } else {
                        self.quote = None;
                    }
                } else if b == b'\\' && q == b'"' {
                    j += 1;
                }
                j += 1;
                continue;
            }
            let prev_blank = j == 0 || matches!(rest[j - 1], b' ' | b'\t');
            match b {
                b' ' | b'\t' => {}
                b'#' if prev_blank => break,
                _ if at_start => {
                    at_start = false;
                    in_plain = false;
                    in_key_candidate = false;
                    // An anchor or tag before a node moves its start.
                    let start_col = props_col.take().unwrap_or(indent + j);
                    match b {
                        b'\'' | b'"' => {
                            self.quote = Some(b);
                            token_col = start_col;
                            in_key_candidate = true;
                        }
                        b'[' | b'{' => {
                            if self.flow == 0 {
                                flow_key_col = start_col;
                            }
                            self.flow += 1;
                            at_start = true;
                            if self.note(limit) {
                                return Some(indent + j);
                            }
                        }
                        b']' | b'}' => {
                            self.flow = self.flow.saturating_sub(1);
                            if self.flow == 0 {
                                // A flow collection may be a block key.
                                token_col = flow_key_col;
                                in_key_candidate = true;
                            }
                        }
                        b',' if self.flow > 0 => at_start = true,
                        b'-' | b'?' | b':' if is_blank_or_end(rest.get(j + 1)) => {
                            at_start = true;
                            if self.flow == 0 {
                                self.push_column(start_col, b == b'-');
                                if self.note(limit) {
                                    return Some(indent + j);
                                }
                            }
                        }
                        b'&' | b'!' => {
                            // An anchor or a tag comes before the node.
                            while j + 1 < rest.len() && !matches!(rest[j + 1], b' ' | b'\t') {
                                j += 1;
                            }
                            at_start = true;
                            props_col = Some(start_col);
                        }
                        b'|' | b'>' if self.flow == 0 && is_block_header(&rest[j + 1..]) => {
                            self.body = Some((node_col, None));
                            return None;
                        }
                        _ => {
                            in_plain = true;
                            in_key_candidate = true;
                            token_col = start_col;
                        }
                    }
                }
                b':' if is_blank_or_end(rest.get(j + 1))
                    || (self.flow > 0
                        && (!in_plain
                            || matches!(
                                rest.get(j + 1),
                                Some(b',' | b'[' | b']' | b'{' | b'}')
                            ))) =>
                {
                    // A value indicator: what follows starts a node, whose
                    // block scalar belongs to this key's column.
                    if in_key_candidate {
                        node_col = token_col;
                        if self.flow == 0 {
                            // A block key opens a mapping at its column.
                            self.push_column(token_col, false);
                            if self.note(limit) {
                                return Some(token_col);
                            }
                        }
                    }
                    in_key_candidate = false;
                    in_plain = false;
                    at_start = true;
                }
                b'-' | b'?'
                    if self.flow == 0
                        && is_blank_or_end(rest.get(j + 1))
                        && (prev_blank || matches!(rest[j - 1], b'"' | b'\'')) =>
                {
                    // Inside a plain scalar (or after a quoted one, an
                    // error) YAML reads no indicator, but tree-sitter may on
                    // recovery: count the level, keep the scalar's state.
                    self.push_column(indent + j, b == b'-');
                    if self.note(limit) {
                        return Some(indent + j);
                    }
                    token_col = indent + j + 2;
                    in_key_candidate = true;
                }
                b',' if self.flow > 0 => {
                    in_plain = false;
                    at_start = true;
                }
                b']' | b'}' if self.flow > 0 => {
                    in_plain = false;
                    self.flow -= 1;
                    if self.flow == 0 {
                        token_col = flow_key_col;
                        in_key_candidate = true;
                    }
                }
                b'[' | b'{' if self.flow > 0 => {
                    // Not valid inside a flow plain scalar; count it.
                    self.flow += 1;
                    at_start = true;
                    if self.note(limit) {
                        return Some(indent + j);
                    }
                }
                _ => {}
            }
            j += 1;
        }
        if self.flow > 0 {
            self.flow_at_start = at_start;
        } else if in_plain && self.quote.is_none() {
            self.plain_parent = Some(node_col.min(token_col.saturating_sub(1)));
        }
        None
    }
}

impl Scanner {
    /// A node opened at `col` on the current line (an indicator or a key).
    fn push_column(&mut self, col: usize, seq: bool) {
        match self.stack.last() {
            Some(&(c, s)) if c > col || (c == col && (s == seq || !seq)) => {}
            _ => self.stack.push((col, seq)),
        }
    }
}

/// Does the line hold a `:` followed by a blank or the line's end?
fn has_value_indicator(line: &[u8]) -> bool {
    (0..line.len()).any(|k| line[k] == b':' && is_blank_or_end(line.get(k + 1)))
}

fn is_blank_or_end(b: Option<&u8>) -> bool {
    matches!(b, None | Some(b' ' | b'\t'))
}

/// Is `after` (what follows a `|` or `>` where a node starts) the rest of a
/// block scalar header: indicators, then blanks, then maybe a comment?
fn is_block_header(after: &[u8]) -> bool {
    let mut k = 0;
    while matches!(after.get(k), Some(b'+' | b'-' | b'0'..=b'9')) {
        k += 1;
    }
    if k == after.len() {
        return true;
    }
    if !matches!(after[k], b' ' | b'\t') {
        return false;
    }
    let tail = &after[k..];
    let first = tail.iter().position(|b| !matches!(b, b' ' | b'\t'));
    match first {
        None => true,
        Some(p) => tail[p] == b'#',
    }
}

fn memchr_line_end(bytes: &[u8], from: usize) -> usize {
    memchr::memchr2(b'\n', b'\r', &bytes[from..]).map_or(bytes.len(), |i| from + i)
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
    use proptest::prelude::*;

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

    /// The nesting tree-sitter really builds: collections inside
    /// collections, on the raw text (no guard in front).
    fn tree_sitter_depth(text: &str) -> usize {
        let mut parser = tree_sitter::Parser::new();
        parser
            .set_language(&tree_sitter_yaml::LANGUAGE.into())
            .unwrap();
        let tree = parser.parse(text, None).unwrap();
        let mut best = 0;
        let mut stack = vec![(tree.root_node(), 0usize)];
        let mut cursor = tree.walk();
        while let Some((n, d)) = stack.pop() {
            let d = d + usize::from(matches!(
                n.kind(),
                "block_mapping" | "block_sequence" | "flow_mapping" | "flow_sequence"
            ));
            best = best.max(d);
            stack.extend(n.children(&mut cursor).map(|c| (c, d)));
        }
        best
    }

    #[test]
    fn a_quote_inside_a_plain_key_does_not_hide_what_follows() {
        // `x 'y` is a plain key: the quote opens nothing.
        let text: String = std::iter::once("x 'y:\n".to_string())
            .chain((1..300).map(|i| format!("{}k:\n", " ".repeat(i))))
            .collect();
        let err = check_limits(&text).unwrap_err();
        assert!(err.message.contains("limit of 64"), "{}", err.message);
        // Nor does an unclosed bracket or quote: tree-sitter reads the
        // lines after it as block structure.
        for opener in ["a: [\n", "a: \"x\n", "a: {b: 'c\n", "a: b |\n"] {
            let text: String = std::iter::once(opener.to_string())
                .chain((1..300).map(|i| format!("{}k:\n", " ".repeat(i))))
                .collect();
            assert!(check_limits(&text).is_err(), "{opener:?}");
        }
    }

    #[test]
    fn sequences_at_their_key_column_count_as_levels() {
        // `- k:` then `- ` at the key's column: two levels per line.
        let text: String = (0..40)
            .map(|i| format!("{}- k:\n", " ".repeat(2 * i)))
            .collect();
        assert_eq!(tree_sitter_depth(&text), 80);
        assert!(max_depth(&text) >= 80);
        assert!(check_limits(&text).is_err());
    }

    /// One line of a generated document: indentation, block indicators,
    /// then tokens that move quoting, comments and flow state.
    fn line() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            Just("k:"),
            Just("k: "),
            Just("x 'y:"),
            Just("'q'"),
            Just("'"),
            Just("\""),
            Just("\"a\\\"b\""),
            Just("''"),
            Just("["),
            Just("]"),
            Just("{"),
            Just("}"),
            Just(", "),
            Just(","),
            Just(" # c"),
            Just("#"),
            Just("|"),
            Just(">-"),
            Just(" "),
            Just("w"),
            Just(":"),
            Just("- "),
            Just("&a "),
            Just("!t "),
            Just("\t"),
        ];
        (
            0usize..10,
            proptest::collection::vec(prop_oneof![Just("- "), Just("? ")], 0..3),
            proptest::collection::vec(token, 0..6),
        )
            .prop_map(|(indent, indicators, tokens)| {
                format!(
                    "{}{}{}",
                    " ".repeat(indent),
                    indicators.concat(),
                    tokens.concat()
                )
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]
        /// The guard never measures less nesting than tree-sitter builds.
        #[test]
        fn guard_depth_is_never_below_tree_sitter_depth(
            lines in proptest::collection::vec(line(), 1..24),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            prop_assert!(max_depth(&text) >= tree_sitter_depth(&text),
                "guard {} < tree-sitter {} on {:?}", max_depth(&text), tree_sitter_depth(&text), text);
        }
    }

    #[test]
    fn refuses_structure_past_the_parsers_last_line() {
        let body = |lines: usize, nl: &str| -> String {
            let mut s = format!("notes:{nl}");
            for i in 0..lines - 2 {
                s.push_str(&format!("  k{i}: v{nl}"));
            }
            s.push_str("vendor: x");
            s.push_str(nl);
            s
        };
        // 32,768 lines parse right, and are accepted...
        let text = body(MAX_LINES, "\n");
        assert!(check_limits(&text).is_ok());
        let parse = crate::parse(&text);
        assert!(parse.errors.is_empty(), "{:?}", &parse.errors[..1]);
        assert_eq!(
            parse.root.unwrap().value("vendor").unwrap().as_str(),
            Some("x")
        );
        // ... one more is refused at its first line, whatever the line ends.
        for nl in ["\n", "\r\n", "\r"] {
            let text = body(MAX_LINES + 1, nl);
            let err = check_limits(&text).unwrap_err();
            assert!(
                err.message.contains("more than 32768 lines"),
                "{}",
                err.message
            );
            assert_eq!(&text[err.range.start..err.range.end], "vendor: x");
        }
        // Trailing blank lines are no structure.
        let text = format!("{}{}", body(MAX_LINES, "\n"), "\n".repeat(10));
        assert!(check_limits(&text).is_ok());
    }

    #[test]
    fn refuses_oversized_files() {
        let text = "a".repeat(MAX_SIZE + 1);
        let err = check_limits(&text).unwrap_err();
        assert!(err.message.contains("4 MiB"));
        assert!(err.range.end <= 200);
    }
}
