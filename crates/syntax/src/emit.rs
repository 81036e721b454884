//! Writing YAML: one set of quoting rules for every tool that writes
//! dossier text (`dossier new`, `dossier import caiq`, the quick fixes that
//! add questions), and the line arithmetic their edits share.
//!
//! A string is written plain when it is safe, and double-quoted with
//! escapes otherwise. Safe means: no YAML reader would take it for anything
//! else (an indicator, a comment, a key, a YAML 1.1 boolean, a number, a
//! null), no character in it has to be escaped, and this crate's own
//! parser reads it back as the same plain string. In double quotes, the
//! characters that could change how the text is read or shown are written
//! as escapes, never raw: C0 controls, DEL, C1 controls (NEL too), the line
//! and paragraph separators, the BOM, the noncharacters U+FFFE and U+FFFF,
//! and the bidi and zero-width formatting characters. YAML 1.2 allows
//! `\uXXXX` for any of them, so every YAML 1.2 reader reads the same text.

use std::fmt::Write as _;

/// Where a scalar is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Context {
    /// A block value: `key: VALUE`, `- VALUE`.
    Block,
    /// Inside a flow collection: `{key: VALUE}`, `[VALUE]`, where `,`,
    /// `[`, `]`, `{` and `}` end a plain scalar.
    Flow,
    /// A block mapping's key: `KEY: value`.
    Key,
}

/// A character never written raw: C0 controls (tab and newline too), DEL,
/// C1 controls, U+2028 and U+2029, the BOM, U+FFFE and U+FFFF, and the
/// bidi and zero-width formatting characters (as
/// [`display::is_invisible_format`](crate::display::is_invisible_format)).
pub fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{fffe}' | '\u{ffff}')
        || crate::display::is_invisible_format(c)
}

/// Whether `s` must be quoted to be read back as the same string in
/// `context`.
pub fn needs_quotes(s: &str, context: Context) -> bool {
    let special = s.is_empty()
        || s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
            '%', '@', '`',
        ])
        || s.ends_with([' ', ':'])
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(must_escape)
        || (context == Context::Flow && s.contains([',', '[', ']', '{', '}']))
        || matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        || s.parse::<f64>().is_ok();
    special || !reads_back_plain(s, context)
}

/// Whether this crate's parser reads `s`, written plain in `context`, as
/// the same plain string. Parsing is the costly part, and the same few
/// strings (the question templates' asks) are asked about on every
/// analysis: the answers are remembered per thread, 256 at most.
fn reads_back_plain(s: &str, context: Context) -> bool {
    type Known = std::collections::HashMap<(String, Context), bool>;
    thread_local! {
        static KNOWN: std::cell::RefCell<Known> = Default::default();
    }
    let key = (s.to_string(), context);
    if let Some(known) = KNOWN.with(|k| k.borrow().get(&key).copied()) {
        return known;
    }
    let answer = parse_back_plain(s, context);
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= 256 {
            k.clear();
        }
        k.insert(key, answer);
    });
    answer
}

fn parse_back_plain(s: &str, context: Context) -> bool {
    let text = match context {
        Context::Block => format!("k: {s}\n"),
        Context::Flow => format!("k: {{f: {s}}}\n"),
        Context::Key => format!("{s}: v\n"),
    };
    let parse = crate::parse(&text);
    if !parse.errors.is_empty() {
        return false;
    }
    let Some(root) = parse.root.as_ref() else {
        return false;
    };
    let scalar = match context {
        Context::Block => root.value("k").and_then(|v| v.as_scalar()),
        Context::Flow => root
            .value("k")
            .and_then(|m| m.value("f"))
            .and_then(|v| v.as_scalar()),
        Context::Key => {
            let m = root.as_mapping();
            return m.is_some_and(|m| {
                m.entries.len() == 1
                    && m.entries[0].key.value == s
                    && m.entries[0].key.style == crate::ScalarStyle::Plain
            });
        }
    };
    scalar.is_some_and(|v| {
        v.kind == crate::ScalarKind::Str && v.style == crate::ScalarStyle::Plain && v.value == s
    })
}

/// `s` double-quoted, with `"` and `\` escaped, `\n`, `\t` and `\r` as
/// such, and every other [`must_escape`] character as `\uXXXX`.
pub fn quoted(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if must_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A string as a YAML scalar in `context`: plain when safe, else
/// [`quoted`].
pub fn scalar_in(s: &str, context: Context) -> String {
    if needs_quotes(s, context) {
        quoted(s)
    } else {
        s.to_string()
    }
}

/// A string as a block value (`key: VALUE`).
pub fn scalar(s: &str) -> String {
    scalar_in(s, Context::Block)
}

/// A string as a value inside a flow collection (`{key: VALUE}`).
pub fn flow_scalar(s: &str) -> String {
    scalar_in(s, Context::Flow)
}

/// A string as a block mapping's key (`KEY: value`).
pub fn key(s: &str) -> String {
    scalar_in(s, Context::Key)
}

/// A flow mapping of string values: `{k: v, k: v}`, keys and values
/// quoted as needed.
pub fn flow_mapping(entries: &[(&str, &str)]) -> String {
    let parts: Vec<String> = entries
        .iter()
        .map(|(k, v)| format!("{}: {}", scalar_in(k, Context::Flow), flow_scalar(v)))
        .collect();
    format!("{{{}}}", parts.join(", "))
}

/// One block list item of a mapping of string values, every line indented
/// by `indent` spaces and ended by `\n`:
/// `{pad}- k: v\n{pad}  k: v\n`.
pub fn block_item(entries: &[(&str, &str)], indent: usize) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::new();
    for (i, (k, v)) in entries.iter().enumerate() {
        let lead = if i == 0 { "- " } else { "  " };
        let _ = writeln!(out, "{pad}{lead}{}: {}", key(k), scalar(v));
    }
    out
}

/// The offset where the line holding `at` starts (after `\n`, `\r\n` or a
/// lone `\r`).
pub fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

/// The offset where the line holding `at` ends (at its line break, or the
/// end of the text).
pub fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

/// The column of a byte offset, in bytes (indentation is ASCII spaces).
pub fn column(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

/// The line break a text uses: `\r\n` if it has one, else `\n`.
pub fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn plain_when_safe_quoted_otherwise() {
        assert_eq!(scalar("Acme AI"), "Acme AI");
        assert_eq!(scalar("O'Reilly AI"), "O'Reilly AI");
        assert_eq!(scalar("a: b"), "\"a: b\"");
        assert_eq!(scalar("yes"), "\"yes\"");
        assert_eq!(scalar("Acme: AI"), "\"Acme: AI\"");
        assert_eq!(scalar("Acme #1"), "\"Acme #1\"");
        assert_eq!(scalar("Acme:"), "\"Acme:\"");
        assert_eq!(scalar("1e3"), "\"1e3\"");
        assert_eq!(scalar("0x1F"), "\"0x1F\"");
        assert_eq!(scalar("null"), "\"null\"");
        assert_eq!(scalar("~"), "\"~\"");
        assert_eq!(scalar(""), "\"\"");
        assert_eq!(scalar("a\tb"), "\"a\\tb\"");
        assert_eq!(scalar("a, b"), "a, b");
        assert_eq!(flow_scalar("a, b"), "\"a, b\"");
        assert_eq!(
            flow_scalar("Shared (CSP & customer)"),
            "Shared (CSP & customer)"
        );
        assert_eq!(key("A&A-01.1"), "A&A-01.1");
        assert_eq!(key("a: b"), "\"a: b\"");
    }

    #[test]
    fn escapes_what_must_never_be_raw() {
        assert_eq!(scalar("a\u{7f}b"), "\"a\\u007fb\"");
        assert_eq!(scalar("a\u{85}b"), "\"a\\u0085b\"");
        assert_eq!(scalar("\u{feff}x"), "\"\\ufeffx\"");
        assert_eq!(scalar("x\u{202e}y"), "\"x\\u202ey\"");
        assert_eq!(scalar("x\u{fffe}\u{ffff}"), "\"x\\ufffe\\uffff\"");
        assert_eq!(scalar("a\r\nb"), "\"a\\r\\nb\"");
        assert_eq!(scalar("say \"hi\" \\o/"), "say \"hi\" \\o/");
        assert_eq!(scalar("\"hi\""), "\"\\\"hi\\\"\"");
    }

    #[test]
    fn items_and_mappings() {
        assert_eq!(
            block_item(&[("id", "Q01"), ("ask", "Why?"), ("status", "open")], 2),
            "  - id: Q01\n    ask: Why?\n    status: open\n"
        );
        assert_eq!(
            flow_mapping(&[("id", "Q05"), ("ask", "a, b"), ("status", "open")]),
            "{id: Q05, ask: \"a, b\", status: open}"
        );
    }

    #[test]
    fn lines() {
        let t = "a\r\nbc\rd\n";
        assert_eq!(line_start(t, 4), 3);
        assert_eq!(line_end(t, 3), 5);
        assert_eq!(column(t, 6), 0);
        assert_eq!(column(t, 7), 1);
        assert_eq!(newline(t), "\r\n");
        assert_eq!(newline("a\nb"), "\n");
    }

    /// The value of `k` in a parse of `text`, which must have no error.
    fn read_back(text: &str, path: &[&str]) -> Result<String, String> {
        let parse = crate::parse(text);
        if !parse.errors.is_empty() {
            return Err(format!("{text:?}: {:?}", parse.errors));
        }
        let mut node = parse.root.as_ref().ok_or("no root")?;
        for k in path {
            node = node.value(k).ok_or_else(|| format!("{text:?}: no {k}"))?;
        }
        let s = node
            .as_scalar()
            .ok_or_else(|| format!("{text:?}: not a scalar"))?;
        if s.kind != crate::ScalarKind::Str {
            return Err(format!("{text:?}: read as {:?}", s.kind));
        }
        Ok(s.value.clone())
    }

    /// Strings a YAML writer gets wrong: indicators first, `: ` and ` #`
    /// inside, YAML 1.1 words, numbers, controls, BOM, CR, bidi.
    fn hostile() -> impl Strategy<Value = String> {
        let piece = prop_oneof![
            Just("-".to_string()),
            Just("? ".to_string()),
            Just(": ".to_string()),
            Just(":".to_string()),
            Just(" #".to_string()),
            Just("#".to_string()),
            Just(", ".to_string()),
            Just("{".to_string()),
            Just("}".to_string()),
            Just("[".to_string()),
            Just("]".to_string()),
            "[-?&*!|>'\"%@`]".prop_map(|s| s.to_string()),
            Just("yes".to_string()),
            Just("no".to_string()),
            Just("null".to_string()),
            Just("~".to_string()),
            Just("1e3".to_string()),
            Just("0x1F".to_string()),
            Just("\u{feff}".to_string()),
            Just("\r".to_string()),
            Just("\r\n".to_string()),
            Just("\n".to_string()),
            Just("\t".to_string()),
            Just(" ".to_string()),
            Just("\\".to_string()),
            Just("\u{202e}".to_string()),
            Just("\u{200b}".to_string()),
            Just("\u{2028}".to_string()),
            Just("\u{85}".to_string()),
            Just("\u{fffe}".to_string()),
            Just("\u{ffff}".to_string()),
            Just("é".to_string()),
            Just("😀".to_string()),
            "[\\x00-\\x1f\\x7f-\\u{9f}]".prop_map(|s| s.to_string()),
            "[a-zA-Z0-9 ]{1,6}".prop_map(|s| s.to_string()),
            any::<char>().prop_map(|c| c.to_string()),
        ];
        proptest::collection::vec(piece, 0..8).prop_map(|v| v.concat())
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2000, ..ProptestConfig::default() })]

        /// Whatever the string, the emitted scalar reads back as that
        /// string: as a block value, in a flow mapping, as a key, and in a
        /// list item.
        #[test]
        fn emitted_scalars_read_back(s in hostile()) {
            // NUL is refused by the parser's guard before anything else;
            // it can only travel escaped, which is what the emitter writes.
            prop_assert_eq!(read_back(&format!("k: {}\n", scalar(&s)), &["k"]), Ok(s.clone()));
            prop_assert_eq!(
                read_back(&format!("k: {}\n", flow_mapping(&[("f", &s)])), &["k", "f"]),
                Ok(s.clone())
            );
            let item = block_item(&[("id", "Q01"), ("ask", &s)], 2);
            let text = format!("questions:\n{item}");
            let parse = crate::parse(&text);
            prop_assert!(parse.errors.is_empty(), "{:?}: {:?}", text, parse.errors);
            let first = parse
                .root
                .as_ref()
                .and_then(|r| r.value("questions"))
                .and_then(|q| q.as_sequence())
                .and_then(|items| items.first())
                .and_then(|i| i.value("ask"))
                .and_then(|a| a.as_scalar())
                .map(|a| a.value.clone());
            prop_assert_eq!(first, Some(s.clone()));
            if !s.is_empty() {
                let text = format!("{}: v\n", key(&s));
                let parse = crate::parse(&text);
                prop_assert!(parse.errors.is_empty(), "{:?}: {:?}", text, parse.errors);
                let keys: Vec<String> = parse
                    .root
                    .as_ref()
                    .and_then(|r| r.as_mapping())
                    .map(|m| m.entries.iter().map(|e| e.key.value.clone()).collect())
                    .unwrap_or_default();
                prop_assert_eq!(keys, vec![s.clone()]);
            }
        }
    }
}
