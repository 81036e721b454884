//! Every output format is a view of the same [`FileReport`]s.

pub mod github;
pub mod human;
pub mod json;
pub mod junit;
pub mod sarif;

use crate::report::FileReport;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Source lines with carets, like rustc and ruff.
    Human,
    /// One JSON document: `files` (path, diagnostics, the dossier.toml
    /// applied) and a `summary`.
    Json,
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers.
    Sarif,
    /// GitHub Actions workflow commands (annotations on the pull request).
    Github,
    /// JUnit XML: one test case per file, failed when it has errors.
    Junit,
}

pub fn render(format: Format, reports: &[FileReport], color: bool) -> String {
    match format {
        Format::Human => human::render(reports, color),
        Format::Json => json::render(reports),
        Format::Sarif => sarif::render(reports),
        Format::Github => github::render(reports),
        Format::Junit => junit::render(reports),
    }
}

/// `s` with the characters that can rewrite a terminal or a log (C0 and C1
/// controls such as ESC, BEL and U+009B) or reorder what is shown (bidi
/// controls, zero-width characters) written as visible `\u{..}` escapes.
/// Newlines and tabs stay.
pub fn clean(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        if unsafe_char(c) {
            out.push_str(&format!("\\u{{{:x}}}", c as u32));
        } else {
            out.push(c);
        }
    }
    std::borrow::Cow::Owned(out)
}

/// A control or invisible formatting character (see [`clean`]).
pub fn unsafe_char(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
}

/// `s` without the characters XML 1.0 forbids (most C0 controls, lone
/// surrogates cannot occur in Rust strings, U+FFFE and U+FFFF): each
/// becomes U+FFFD, so the JUnit report stays well-formed.
pub fn xml_safe(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\t' | '\n' | '\r' => c,
            '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}' => c,
            _ => '\u{FFFD}',
        })
        .collect()
}
