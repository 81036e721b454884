//! Text from a dossier shown to a person: in a terminal, a CI log, a
//! calendar, a pull-request comment or a page title. One definition of the
//! characters that must never reach them raw, for every output.

use std::borrow::Cow;

/// A character that can rewrite a terminal or a log (C0 and C1 controls
/// such as ESC, BEL, CR and U+009B) or reorder or hide what is shown (bidi
/// controls, zero-width characters, the BOM). Newlines and tabs are not.
pub fn is_unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t') || is_invisible_format(c)
}

/// A bidi control or zero-width formatting character (U+200B..U+200F,
/// U+202A..U+202E, U+2060..U+2069, U+061C, U+FEFF).
pub fn is_invisible_format(c: char) -> bool {
    matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// `s` with every [unsafe character](is_unsafe_char) written as a visible
/// `\u{..}` escape. Newlines and tabs stay.
pub fn clean(s: &str) -> Cow<'_, str> {
    if !s.chars().any(is_unsafe_char) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if is_unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// [`clean`] for one line: newlines and tabs escaped too.
pub fn clean_line(s: &str) -> Cow<'_, str> {
    if !s.chars().any(|c| c.is_control() || is_invisible_format(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if c.is_control() || is_invisible_format(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_controls_and_bidi_but_keeps_newlines() {
        assert_eq!(clean("a\u{1b}[2Jb\u{7}"), "a\\u{1b}[2Jb\\u{7}");
        assert_eq!(clean("x\u{202e}y\u{9b}z"), "x\\u{202e}y\\u{9b}z");
        assert_eq!(clean("line\n\ttab"), "line\n\ttab");
        assert_eq!(clean_line("a\rb\nc"), "a\\u{d}b\\u{a}c");
        assert!(matches!(clean("plain"), Cow::Borrowed(_)));
    }
}
