use serde_json::json;

use dossier_syntax::Encoding;

use crate::report::{FileReport, Summary};

/// Positions are 1-based; columns count Unicode scalar values (characters).
/// `bytes` gives the 0-based byte range for tools that want it.
pub fn render(reports: &[FileReport]) -> String {
    let files = reports.iter().map(file_value).collect();
    let mut s =
        serde_json::to_string_pretty(&document(files, &Summary::of(reports))).unwrap_or_default();
    s.push('\n');
    s
}

/// The whole document around its `files`.
pub fn document(files: Vec<serde_json::Value>, summary: &Summary) -> serde_json::Value {
    json!({
        "version": 1,
        "files": files,
        "summary": summary,
    })
}

/// One entry of `files`.
pub fn file_value(r: &FileReport) -> serde_json::Value {
    let diagnostics: Vec<_> = r
        .diagnostics
        .iter()
        .map(|d| {
            let (s, e) = r.span(d.range, Encoding::Utf32);
            let mut entry = json!({
                "rule": d.rule.code(),
                "severity": d.severity.as_str(),
                "message": d.message,
                "start": s,
                "end": e,
                "bytes": [d.range.start, d.range.end],
                "fixes": d.fixes.iter().map(|f| json!({
                    "title": f.title,
                    "applicability": f.applicability,
                    "edits": f.edits.iter().map(|ed| json!({
                        "bytes": [ed.range.start, ed.range.end],
                        "text": ed.text,
                    })).collect::<Vec<_>>(),
                })).collect::<Vec<_>>(),
            });
            // What the diagnostic is about, as data (e.g. every missing
            // question's template id), when the rule says.
            if let Some(p) = &d.payload {
                entry["data"] = json!(p);
            }
            entry
        })
        .collect();
    let mut v = json!({ "path": r.path, "diagnostics": diagnostics });
    if let Some(c) = &r.config {
        v["config"] = json!(c);
    }
    v
}
