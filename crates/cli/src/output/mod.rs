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
    /// One JSON document (see docs/cli.md for its shape).
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
