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

/// A file-level annotation (no line): `::KIND file=PATH,title=TITLE::TEXT`.
pub fn annotation(kind: &str, path: &str, title: &str, text: &str) -> String {
    format!(
        "::{kind} file={},title={}::{}",
        escape_property(&super::clean(path)),
        escape_property(title),
        escape_data(&super::clean(text))
    )
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

/// GitHub shows at most this many annotations of each kind (error, warning,
/// notice) per step; the rest are in the log only.
pub const ANNOTATION_CAP: usize = 10;

/// Files listed in the step summary (the count of the others follows).
const SUMMARY_FILES: usize = 50;

/// What the step summary and the cap notice need, gathered file by file
/// (a few numbers per rule and per file with errors, never a report).
#[derive(Default)]
pub struct Tally {
    /// Rule code -> [errors, warnings, notices].
    rules: std::collections::BTreeMap<&'static str, [usize; 3]>,
    /// [errors, warnings, notices] over every file.
    totals: [usize; 3],
    files: usize,
    /// Files with at least one error: (path, errors, warnings).
    with_errors: Vec<(String, usize, usize)>,
    more_with_errors: usize,
}

impl Tally {
    pub fn add(&mut self, r: &FileReport) {
        self.files += 1;
        let mut own = [0usize; 3];
        for d in &r.diagnostics {
            let i = match d.severity {
                Severity::Error => 0,
                Severity::Warning => 1,
                Severity::Info | Severity::Hint => 2,
            };
            own[i] += 1;
            self.rules.entry(d.rule.code()).or_default()[i] += 1;
        }
        for (total, n) in self.totals.iter_mut().zip(own) {
            *total += n;
        }
        if own[0] > 0 {
            if self.with_errors.len() < SUMMARY_FILES {
                self.with_errors.push((r.path.clone(), own[0], own[1]));
            } else {
                self.more_with_errors += 1;
            }
        }
    }

    /// A notice saying that GitHub will not show every annotation, when
    /// it will not (empty otherwise).
    pub fn cap_notice(&self) -> String {
        let [e, w, n] = self.totals;
        if e.max(w).max(n) <= ANNOTATION_CAP {
            return String::new();
        }
        format!(
            "::notice title=dossier%3A annotations capped::{e} errors, {w} warnings and {n} notices, but GitHub shows at most {ANNOTATION_CAP} of each per step on the pull request; every one is in this log, and the job summary counts them per rule\n"
        )
    }

    /// The Markdown step summary: totals, counts per rule, the files with
    /// errors.
    pub fn markdown(&self) -> String {
        let [e, w, n] = self.totals;
        let mut s = format!(
            "### dossier check\n\n{} file{} checked: **{e} error{}**, {w} warning{}, {n} notice{}.\n",
            self.files,
            if self.files == 1 { "" } else { "s" },
            if e == 1 { "" } else { "s" },
            if w == 1 { "" } else { "s" },
            if n == 1 { "" } else { "s" },
        );
        if e.max(w).max(n) > ANNOTATION_CAP {
            s.push_str(&format!(
                "\nGitHub shows at most {ANNOTATION_CAP} annotations of each kind per step: the step's log lists them all.\n"
            ));
        }
        if !self.rules.is_empty() {
            s.push_str("\n| rule | errors | warnings | notices |\n|---|---:|---:|---:|\n");
            let mut rules: Vec<_> = self.rules.iter().collect();
            rules.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
            for (code, [e, w, n]) in rules {
                s.push_str(&format!("| `{code}` | {e} | {w} | {n} |\n"));
            }
        }
        if !self.with_errors.is_empty() {
            s.push_str("\nFiles with errors:\n\n");
            for (path, e, w) in &self.with_errors {
                s.push_str(&format!(
                    "- `{}`: {e} error{}, {w} warning{}\n",
                    super::clean(path).replace('`', "'"),
                    if *e == 1 { "" } else { "s" },
                    if *w == 1 { "" } else { "s" },
                ));
            }
            if self.more_with_errors > 0 {
                s.push_str(&format!("- and {} more\n", self.more_with_errors));
            }
        }
        s.push('\n');
        s
    }
}
