//! What `dossier check` found in one file, ready for any output format.

use dossier_analysis::{Diagnostic, Severity};
use dossier_syntax::{Encoding, LineCol, LineIndex, TextRange};

pub struct FileReport {
    /// The path as the user would write it (forward slashes).
    pub path: String,
    pub text: String,
    pub line_index: LineIndex,
    pub diagnostics: Vec<Diagnostic>,
    /// The dossier.toml that applied, as the user would write its path.
    pub config: Option<String>,
}

/// A 1-based line and column.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Pos {
    pub line: u32,
    pub column: u32,
}

impl FileReport {
    /// 1-based start and end, columns counted in `enc` units.
    pub fn span(&self, range: TextRange, enc: Encoding) -> (Pos, Pos) {
        let one = |p: LineCol| Pos {
            line: p.line + 1,
            column: p.col + 1,
        };
        let (s, e) = self.line_index.range(range, enc);
        (one(s), one(e))
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == severity)
            .count()
    }
}

/// Totals over all files.
#[derive(Clone, Copy, Debug, Default, serde::Serialize)]
pub struct Summary {
    pub files: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub hints: usize,
}

impl Summary {
    pub fn of(reports: &[FileReport]) -> Summary {
        let mut s = Summary::default();
        for r in reports {
            s.add(r);
        }
        s
    }

    /// Count one more file.
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        self.errors += r.count(Severity::Error);
        self.warnings += r.count(Severity::Warning);
        self.infos += r.count(Severity::Info);
        self.hints += r.count(Severity::Hint);
    }
}
