use serde_json::json;

use dossier_syntax::Encoding;

use crate::report::{FileReport, Summary};

/// Positions are 1-based; columns count Unicode scalar values (characters).
/// `bytes` gives the 0-based byte range for tools that want it.
pub fn render(reports: &[FileReport]) -> String {
    let files: Vec<_> = reports
        .iter()
        .map(|r| {
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
                            "edits": f.edits.iter().map(|ed| json!({
                                "bytes": [ed.range.start, ed.range.end],
                                "text": ed.text,
                            })).collect::<Vec<_>>(),
                        })).collect::<Vec<_>>(),
                    });
                    // What the diagnostic is about, as data (e.g. every
                    // missing question's template id), when the rule says.
                    if let Some(p) = &d.payload {
                        entry["data"] = json!(p);
                    }
                    entry
                })
                .collect();
            json!({ "path": r.path, "diagnostics": diagnostics })
        })
        .collect();
    let doc = json!({
        "version": 1,
        "files": files,
        "summary": Summary::of(reports),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
