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
        "subject": d.subject.to_string(),
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
        "tier": e.programme.tier,
        "criticality": e.programme.criticality,
        "owner": e.programme.owner.as_ref().map(|n| json!({"name": n, "email": e.programme.owner_email})),
        "status": e.programme.status,
        "data_classes": e.programme.data_classes,
        "services": e.programme.services,
        "contract": if e.programme.contract_start.is_some() || e.programme.contract_renewal.is_some() || e.programme.notice_days.is_some() {
            json!({"start": e.programme.contract_start, "renewal": e.programme.contract_renewal, "notice_days": e.programme.notice_days})
        } else { Value::Null },
        "coverage": {
            "catalogue": e.coverage.catalogue,
            "known": e.coverage.known,
            "cited": e.coverage.cited,
            "known_pct": e.coverage.known_pct(),
            "cited_pct": e.coverage.cited_pct(),
        },
        "exceptions": e.exceptions.iter().map(|x| json!({
            "id": x.id,
            "accepts": x.accepts,
            "expires": x.expires.map(|d| d.to_string()),
            "approved_by": x.approved_by,
            "open": x.open,
        })).collect::<Vec<_>>(),
        "open_exceptions": e.open_exceptions().count(),
        "accepted": e.accepted(),
        "extensions": e.extensions.iter().cloned().collect::<Map<String, Value>>(),
        "history": e.history.iter().map(|p| json!({
            "composite": p.composite.map(dossier_score::round1),
            "band": p.band.map(|b| b.as_str()),
            "present": p.present,
        })).collect::<Vec<_>>(),
    })
}

fn counts(rows: Vec<(String, usize)>) -> Value {
    Value::Array(
        rows.into_iter()
            .map(|(name, n)| json!({"name": name, "dossiers": n}))
            .collect(),
    )
}

/// The commits of `--history` and what changed since the oldest; `null`
/// without history.
fn history(p: &Portfolio) -> Value {
    if p.history.commits.is_empty() {
        return Value::Null;
    }
    json!({
        "commits": p.history.commits.iter().map(|c| json!({
            "commit": c.short, "date": c.date.to_string(), "subject": c.subject,
        })).collect::<Vec<_>>(),
        "changes": p.changes().iter().map(|c| json!({
            "file": c.entry.file,
            "vendor": c.entry.vendor,
            "new": c.is_new(),
            "then": c.then,
            "then_band": c.then_band.map(|b| b.as_str()),
            "now": c.entry.composite(),
            "band": c.entry.score.as_ref().map(|s| s.band.as_str()),
            "delta": c.delta,
        })).collect::<Vec<_>>(),
        "gone": p.history.gone.iter().map(|g| json!({
            "file": g.file, "vendor": g.vendor,
            "composite": g.history.first().and_then(|p| p.composite).map(dossier_score::round1),
        })).collect::<Vec<_>>(),
    })
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
                "subject": r.due.subject.to_string(),
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
        "history": history(p),
    });
    let mut s = serde_json::to_string_pretty(&doc).unwrap_or_default();
    s.push('\n');
    s
}
