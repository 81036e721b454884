//! GitHub Actions workflow commands: each diagnostic becomes an annotation
//! on the pull request's diff.

use dossier_analysis::Severity;
use dossier_syntax::Encoding;

use crate::report::{FileReport, Summary};

fn escape_data(s: &str) -> String {
    s.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(s: &str) -> String {
    escape_data(s).replace(':', "%3A").replace(',', "%2C")
}

pub fn render(reports: &[FileReport]) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&render_file(r));
    }
    out.push_str(&crate::output::human::summary_line(&Summary::of(reports)));
    out.push('\n');
    out
}

/// One file's annotations (the summary line comes after all files).
pub fn render_file(r: &FileReport) -> String {
    let mut out = String::new();
    {
        for d in &r.diagnostics {
            let command = match d.severity {
                Severity::Error => "error",
                Severity::Warning => "warning",
                Severity::Info | Severity::Hint => "notice",
            };
            let (s, e) = r.span(d.range, Encoding::Utf32);
            // GitHub drops an annotation whose columns span several lines:
            // give columns only for a range on one line.
            let position = if s.line == e.line {
                format!(
                    "line={},col={},endLine={},endColumn={}",
                    s.line, s.column, e.line, e.column
                )
            } else {
                format!("line={},endLine={}", s.line, e.line)
            };
            out.push_str(&format!(
                "::{command} file={},{position},title={}::{}\n",
                escape_property(&super::clean(&r.path)),
                escape_property(&format!("dossier {}", d.rule.code())),
                escape_data(&super::clean(&d.message)),
            ));
        }
    }
    out
}
