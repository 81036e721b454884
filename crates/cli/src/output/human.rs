use annotate_snippets::{AnnotationKind, Level, Renderer, Snippet};
use dossier_analysis::{Diagnostic, Severity};
use dossier_syntax::{Encoding, TextRange};

use crate::report::{FileReport, Summary};

/// Lines longer than this are shown as a window around the problem.
const MAX_SHOWN: usize = 120;

pub fn render(reports: &[FileReport], color: bool) -> String {
    let mut out = String::new();
    for r in reports {
        out.push_str(&render_file(r, color));
    }
    out.push_str(&summary_line(&Summary::of(reports)));
    out.push('\n');
    out
}

/// One file's diagnostics (the summary line comes after all files).
pub fn render_file(r: &FileReport, color: bool) -> String {
    let renderer = if color {
        Renderer::styled()
    } else {
        Renderer::plain()
    };
    let mut out = String::new();
    for d in &r.diagnostics {
        out.push_str(&render_one(&renderer, r, d));
        out.push_str("\n\n");
    }
    out
}

fn level(s: Severity) -> Level<'static> {
    match s {
        Severity::Error => Level::ERROR,
        Severity::Warning => Level::WARNING,
        Severity::Info => Level::INFO,
        Severity::Hint => Level::NOTE.with_name("hint"),
    }
}

fn render_one(renderer: &Renderer, r: &FileReport, d: &Diagnostic) -> String {
    let (line_text, line_no, span) = excerpt(r, d.range);
    let message = super::clean(&d.message);
    let path = super::clean(&r.path);
    let title = level(d.severity)
        .primary_title(message.as_ref())
        .id(d.rule.code());
    let snippet = Snippet::source(line_text.as_str())
        .line_start(line_no)
        .path(path.as_ref())
        .annotation(AnnotationKind::Primary.span(span));
    // The other places it is about (the other side of a contradiction).
    let related: Vec<_> = d
        .related
        .iter()
        .map(|rel| {
            (
                excerpt(r, rel.range),
                super::clean(&rel.message).to_string(),
            )
        })
        .collect();
    let mut report = vec![title.element(snippet)];
    for ((text, line, span), message) in &related {
        report.push(
            annotate_snippets::Group::with_title(Level::NOTE.secondary_title(message.as_str()))
                .element(
                    Snippet::source(text.as_str())
                        .line_start(*line)
                        .path(path.as_ref())
                        .annotation(AnnotationKind::Context.span(span.clone())),
                ),
        );
    }
    if let Some(fix) = d.fixes.first() {
        report.push(annotate_snippets::Group::with_title(
            Level::HELP.secondary_title(format!("fix available: {}", fix.title)),
        ));
    }
    renderer.render(&report).to_string()
}

/// The first line of `range`, cut to a window if it is very long, and the
/// range's span within it (at least one character wide, so the caret shows).
fn excerpt(r: &FileReport, range: TextRange) -> (String, usize, std::ops::Range<usize>) {
    let pos = r.line_index.line_col(range.start, Encoding::Utf8);
    let line = r.line_index.line_range(pos.line).unwrap_or_default();
    let text = &r.text[line.start..line.end];
    let mut start = range.start.clamp(line.start, line.end) - line.start;
    let mut end = range.end.clamp(line.start, line.end) - line.start;
    let (mut shown, mut offset) = (text, 0);
    if text.len() > MAX_SHOWN {
        let from = floor(text, start.saturating_sub(MAX_SHOWN / 3));
        let to = floor(text, (from + MAX_SHOWN).min(text.len()));
        shown = &text[from..to];
        offset = from;
    }
    start -= offset.min(start);
    end = end.saturating_sub(offset).min(shown.len());
    if end <= start {
        end = shown[start..]
            .chars()
            .next()
            .map_or(start, |c| start + c.len_utf8());
    }
    let (shown, span) = clean_span(shown, start..end);
    (shown, pos.line as usize + 1, span)
}

/// `text` made safe to print (see [`super::clean`]), with `span` moved to
/// the same characters in the result.
fn clean_span(text: &str, span: std::ops::Range<usize>) -> (String, std::ops::Range<usize>) {
    if !text.chars().any(super::unsafe_char) {
        return (text.to_string(), span);
    }
    let mut out = String::with_capacity(text.len() + 16);
    let (mut start, mut end) = (None, None);
    for (i, c) in text.char_indices() {
        if i == span.start {
            start = Some(out.len());
        }
        if i == span.end {
            end = Some(out.len());
        }
        out.push_str(&super::clean(c.encode_utf8(&mut [0; 4])));
    }
    let start = start.unwrap_or(out.len());
    let end = end.unwrap_or(out.len()).max(start);
    (out, start..end)
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

pub fn summary_line(s: &Summary) -> String {
    let files = plural(s.files, "file");
    if s.errors + s.warnings + s.infos + s.hints == 0 {
        return format!("Checked {files}: no problems found.");
    }
    let mut parts = Vec::new();
    for (n, w) in [
        (s.errors, "error"),
        (s.warnings, "warning"),
        (s.infos, "info"),
        (s.hints, "hint"),
    ] {
        if n > 0 {
            parts.push(if w == "info" {
                format!("{n} info")
            } else {
                plural(n, w)
            });
        }
    }
    format!("Checked {files}: {}.", parts.join(", "))
}
