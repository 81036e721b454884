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
/// Newlines and tabs stay. The one definition every human output uses
/// (`check`, `diff`, `due`): [`dossier_syntax::display`].
pub use dossier_syntax::display::clean;

/// A control or invisible formatting character (see [`clean`]).
pub use dossier_syntax::display::is_unsafe_char as unsafe_char;

/// A CSV cell that no spreadsheet reads as a formula: text starting with
/// `=`, `+`, `-`, `@`, a tab or a CR gets a leading `'` (what OWASP
/// recommends against CSV injection); anything else is left as it is.
pub fn csv_cell(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
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
