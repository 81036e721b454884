//! The portfolio as JSON for dashboards (`dossier render DIR --format
//! json`). Field names are part of the format (docs/format.md): within a
//! `version`, fields are only added, never renamed or removed.

use serde_json::{json, Map, Value};

use super::{band_name, Due, Entry, Portfolio};

/// The version of the document's shape.
pub const VERSION: u32 = 1;

fn due(d: &Due) -> Value {
    json!({
        "kind": d.kind.code(),
        "subject": d.subject,
        "date": d.date.to_string(),
        "days": d.days,
        "line": d.line,
    })
}

fn entry(e: &Entry) -> Value {
    let dimensions: Map<String, Value> = e
        .score
        .iter()
        .flat_map(|s| s.dimensions.iter())
        .map(|(d, v)| (d.key().to_string(), json!(dossier_score::round1(*v))))
        .collect();
    json!({
        "file": e.file,
        "vendor": e.vendor,
        "kind": e.kind,
        "hq_country": e.hq_country,
        "parent": e.parent,
        "jurisdictions": e.exposure,
        "rating": e.rating,
        "composite": e.composite(),
        "stated_composite": e.score.as_ref().map(|s| dossier_score::round1(s.stated_composite)),
        "uncited_claims": e.score.as_ref().map(|s| s.uncited_claims),
        "band": e.score.as_ref().map(|s| s.band.as_str()),
        "profile": e.score.as_ref().map(|s| s.profile.clone()),
        "dimensions": if e.score.is_some() { Value::Object(dimensions) } else { Value::Null },
        "errors": e.errors,
        "warnings": e.warnings,
        "open_questions": e.open_questions,
        "missing_questions": e.missing_questions,
        "next_due": e.next_due.as_ref().map(due),
        "as_of": e.as_of,
        "days_since_assessment": e.days_since_assessment,
        "unreadable": e.unreadable,
        "problem": e.problem,
    })
}

fn counts(rows: Vec<(String, usize)>) -> Value {
    Value::Array(
        rows.into_iter()
            .map(|(name, n)| json!({"name": name, "dossiers": n}))
            .collect(),
    )
}

pub fn render(p: &Portfolio) -> String {
    let bands: Map<String, Value> = p
        .bands()
        .into_iter()
        .map(|(b, n)| {
            let name = if b.is_some() {
                band_name(b)
            } else {
                "unscored"
            };
            (name.to_string(), json!(n))
        })
        .collect();
    let due: Vec<Value> = p
        .due()
        .into_iter()
        .map(|r| {
            json!({
                "file": r.entry.file,
                "line": r.due.line,
                "vendor": r.entry.vendor,
                "kind": r.due.kind.code(),
                "subject": r.due.subject,
                "date": r.due.date.to_string(),
                "days": r.due.days,
            })
        })
        .collect();
    let doc = json!({
        "version": VERSION,
        "today": p.today.to_string(),
        "due_until": p.due_until().to_string(),
        "bands": bands,
        "dossiers": p.entries.iter().map(entry).collect::<Vec<_>>(),
        "due": due,
        "concentration": {
            "hq_country": counts(p.by_country()),
            "jurisdiction": counts(p.by_exposure()),
            "parent": counts(p.by_parent()),
        },
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
