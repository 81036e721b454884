//! Writing a check's results file by file, in any output format.
//!
//! A run over 20,000 dossiers must not hold 20,000 reports (texts, line
//! indexes, diagnostics) until the end. Each [`FileReport`] is written as
//! soon as its turn comes and then dropped; what stays is the running
//! [`Summary`] and, for JUnit (whose suite header counts the cases before
//! listing them), one compact test case per file. The bytes written are
//! exactly those of `output::render` over all the reports at once.

use std::io::Write;

use crate::output::{github, human, json, junit, sarif, Format};
use crate::report::{FileReport, Summary};

pub struct Stream<W: Write> {
    format: Format,
    color: bool,
    out: W,
    summary: Summary,
    /// Files written so far (JSON and SARIF separate them with commas).
    written: usize,
    /// JSON and SARIF: the document's text before and after the array
    /// that lists the files (or results), and that array's indentation.
    frame: Option<Frame>,
    junit_cases: Vec<quick_junit::TestCase>,
    /// GitHub: counts for the cap notice and the step summary.
    tally: github::Tally,
}

struct Frame {
    indent: String,
}

/// Split a pretty-printed document at its empty array `"key": []`:
/// (text up to and including `[`, indentation of the key, text from `]`).
fn split_at_array(doc: &str, key: &str) -> Option<(String, String, String)> {
    let marker = format!("\"{key}\": []");
    let at = doc.find(&marker)?;
    let line_start = doc[..at].rfind('\n').map_or(0, |i| i + 1);
    let indent = doc[line_start..at].to_string();
    let open = at + marker.len() - 1;
    Some((doc[..open].to_string(), indent, doc[open..].to_string()))
}

fn json_doc(summary: &Summary) -> String {
    serde_json::to_string_pretty(&json::document(Vec::new(), summary)).unwrap_or_default()
}

fn sarif_doc() -> String {
    serde_json::to_string_pretty(&sarif::document(Vec::new())).unwrap_or_default()
}

impl<W: Write> Stream<W> {
    pub fn new(format: Format, color: bool, mut out: W) -> Stream<W> {
        let mut frame = None;
        let head = match format {
            Format::Json => split_at_array(&json_doc(&Summary::default()), "files"),
            Format::Sarif => split_at_array(&sarif_doc(), "results"),
            _ => None,
        };
        if let Some((head, indent, _)) = head {
            let _ = out.write_all(head.as_bytes());
            frame = Some(Frame { indent });
        }
        Stream {
            format,
            color,
            out,
            summary: Summary::default(),
            written: 0,
            frame,
            junit_cases: Vec::new(),
            tally: github::Tally::default(),
        }
    }

    /// Write one array element (pretty-printed value) at the array's depth.
    fn element(&mut self, value_pretty: &str) {
        let Some(frame) = &self.frame else {
            return;
        };
        let inner = format!("{}  ", frame.indent);
        let mut s = String::with_capacity(value_pretty.len() + 64);
        if self.written > 0 {
            s.push(',');
        }
        for line in value_pretty.lines() {
            s.push('\n');
            s.push_str(&inner);
            s.push_str(line);
        }
        let _ = self.out.write_all(s.as_bytes());
        self.written += 1;
    }

    /// Write one file's results.
    pub fn file(&mut self, r: &FileReport) {
        self.summary.add(r);
        match self.format {
            Format::Human => {
                let _ = self
                    .out
                    .write_all(human::render_file(r, self.color).as_bytes());
            }
            Format::Github => {
                self.tally.add(r);
                let _ = self.out.write_all(github::render_file(r).as_bytes());
            }
            Format::Json => {
                let v = serde_json::to_string_pretty(&json::file_value(r)).unwrap_or_default();
                self.element(&v);
            }
            Format::Sarif => {
                for result in sarif::results(r) {
                    let v = serde_json::to_string_pretty(&result).unwrap_or_default();
                    self.element(&v);
                }
            }
            Format::Junit => self.junit_cases.push(junit::test_case(r)),
        }
    }

    /// GitHub: the Markdown step summary of what was written so far.
    pub fn step_summary(&self) -> Option<String> {
        (self.format == Format::Github).then(|| self.tally.markdown())
    }

    /// Write what comes after the last file; the totals.
    pub fn finish(mut self) -> (Summary, W) {
        let tail = match self.format {
            Format::Human => format!("{}\n", human::summary_line(&self.summary)),
            Format::Github => format!(
                "{}{}\n",
                self.tally.cap_notice(),
                human::summary_line(&self.summary)
            ),
            Format::Json | Format::Sarif => {
                let doc = match self.format {
                    Format::Json => json_doc(&self.summary),
                    _ => sarif_doc(),
                };
                let key = if self.format == Format::Json {
                    "files"
                } else {
                    "results"
                };
                let (_, indent, rest) = split_at_array(&doc, key).unwrap_or_default();
                let close = if self.written > 0 {
                    format!("\n{indent}")
                } else {
                    String::new()
                };
                format!("{close}{rest}\n")
            }
            Format::Junit => junit::document(std::mem::take(&mut self.junit_cases)),
        };
        let _ = self.out.write_all(tail.as_bytes());
        let _ = self.out.flush();
        (self.summary, self.out)
    }
}
