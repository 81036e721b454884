//! The portfolio as CSV for spreadsheets (`dossier render DIR --format
//! csv`): one row per dossier, in the page's order, with the programme
//! fields, the scores, the evidence coverage, the next due date and one
//! column per `x_` extension field found in any dossier.
//!
//! A spreadsheet runs a cell that starts with `=`, `+`, `-` or `@` (or a
//! tab or carriage return) as a formula; every text that comes from a
//! dossier and starts so is prefixed with `'` (OWASP, "CSV Injection"),
//! so a hostile vendor name stays text. Numbers the toolkit computes are
//! written as numbers.

use super::{band_name, Entry, Portfolio};

/// Neutralise a cell that a spreadsheet would read as a formula.
pub fn neutralise(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

const HEADER: &[&str] = &[
    "vendor",
    "file",
    "tier",
    "criticality",
    "owner",
    "owner_email",
    "status",
    "data_classes",
    "services",
    "contract_start",
    "contract_renewal",
    "notice_days",
    "rating",
    "composite",
    "stated_composite",
    "band",
    "errors",
    "warnings",
    "facts_known_pct",
    "facts_cited_pct",
    "next_due_date",
    "next_due_kind",
    "next_due_subject",
    "open_exceptions",
    "as_of",
    "problem",
];

fn text(v: &Option<String>) -> String {
    v.as_deref().map(neutralise).unwrap_or_default()
}

fn num<T: ToString>(v: Option<T>) -> String {
    v.map(|x| x.to_string()).unwrap_or_default()
}

fn row(e: &Entry, extensions: &[String]) -> Vec<String> {
    let p = &e.programme;
    let mut r = vec![
        neutralise(&e.vendor),
        neutralise(&e.file),
        num(p.tier),
        text(&p.criticality),
        text(&p.owner),
        text(&p.owner_email),
        text(&p.status),
        neutralise(&p.data_classes.join("; ")),
        neutralise(&p.services.join("; ")),
        text(&p.contract_start),
        text(&p.contract_renewal),
        num(p.notice_days),
        e.rating
            .as_deref()
            .map(super::rating_words)
            .unwrap_or_default(),
        num(e.composite().map(|c| format!("{c:.1}"))),
        num(e.stated.map(|c| format!("{:.1}", dossier_score::round1(c)))),
        if e.score.is_some() {
            band_name(e.score.as_ref().map(|s| s.band)).to_string()
        } else {
            String::new()
        },
        e.errors.to_string(),
        e.warnings.to_string(),
        num(e.coverage.known_pct()),
        num(e.coverage.cited_pct()),
        num(e.next_due.as_ref().map(|d| d.date)),
        num(e.next_due.as_ref().map(|d| d.kind.code())),
        e.next_due
            .as_ref()
            .map(|d| neutralise(&d.subject.to_string()))
            .unwrap_or_default(),
        e.open_exceptions().count().to_string(),
        text(&e.as_of),
        text(&e.problem),
    ];
    for path in extensions {
        let v = e
            .extensions
            .iter()
            .find(|(k, _)| k == path)
            .map(|(_, v)| match v {
                serde_json::Value::String(s) => s.clone(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            })
            .unwrap_or_default();
        r.push(neutralise(&v));
    }
    r
}

pub fn render(p: &Portfolio) -> String {
    // One column per extension path, in the order first met.
    let mut extensions: Vec<String> = Vec::new();
    for e in &p.entries {
        for (k, _) in &e.extensions {
            if !extensions.contains(k) {
                extensions.push(k.clone());
            }
        }
    }
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = HEADER.iter().map(|h| h.to_string()).collect();
    header.extend(extensions.iter().map(|k| neutralise(k)));
    // Writing strings into memory cannot fail.
    let _ = w.write_record(&header);
    for e in &p.entries {
        let _ = w.write_record(row(e, &extensions));
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    #[test]
    fn formulas_become_text() {
        for cell in ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"] {
            assert!(super::neutralise(cell).starts_with('\''), "{cell:?}");
        }
        assert_eq!(super::neutralise("Acme"), "Acme");
        assert_eq!(super::neutralise("a=b"), "a=b");
    }
}
