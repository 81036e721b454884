//! The portfolio summary for CI (`dossier render DIR --format markdown`):
//! bands, every dossier in one table, what falls due, concentration.
//! Everything from a dossier goes through `escape::markdown`.

use std::fmt::Write;

use super::{band_name, when, Portfolio, DUE_WINDOW_DAYS};
use crate::escape::markdown as md;
use crate::model::plural;

pub fn render(p: &Portfolio) -> String {
    let mut s = String::new();
    let n = p.entries.len();
    let _ = writeln!(
        s,
        "### Vendor portfolio: {n} dossier{}, as of {}\n",
        plural(n),
        p.today
    );
    let bands: Vec<String> = p
        .bands()
        .into_iter()
        .filter(|(_, c)| *c > 0)
        .map(|(b, c)| format!("{c} {}", band_name(b)))
        .collect();
    let _ = writeln!(s, "Bands: {}\n", bands.join(" · "));

    s.push_str("| # | Vendor | Composite | Band | Rating | Validator | Questions | Next due | Assessed |\n");
    s.push_str("|---:|---|---:|---|---|---|---|---|---|\n");
    for (i, e) in p.entries.iter().enumerate() {
        let validator = if e.unreadable {
            "unreadable".to_string()
        } else {
            format!(
                "{} error{}, {} warning{}",
                e.errors,
                plural(e.errors),
                e.warnings,
                plural(e.warnings)
            )
        };
        let validator = match &e.problem {
            Some(m) => format!("{validator}: {}", md(m)),
            None => validator,
        };
        let questions = if e.unreadable {
            String::new()
        } else {
            format!(
                "{} open, {} not yet asked",
                e.open_questions, e.missing_questions
            )
        };
        let next = e
            .next_due
            .as_ref()
            .map(|d| {
                format!(
                    "{} {} ({}, {})",
                    d.date,
                    d.kind.describe(),
                    md(&d.subject.to_string()),
                    when(d.days)
                )
            })
            .unwrap_or_default();
        let assessed = match (&e.as_of, e.days_since_assessment) {
            (Some(a), Some(d)) => format!("{} ({d} days ago)", md(a)),
            (Some(a), None) => md(a),
            _ => String::new(),
        };
        let _ = writeln!(
            s,
            "| {} | {} ({}) | {} | {} | {} | {validator} | {questions} | {next} | {assessed} |",
            i + 1,
            md(&e.vendor),
            md(&e.file),
            e.score
                .as_ref()
                .map(|sc| if sc.uncited_claims > 0 {
                    format!(
                        "{:.1} (as stated {:.1})",
                        dossier_score::round1(sc.composite),
                        dossier_score::round1(sc.stated_composite)
                    )
                } else {
                    format!("{:.1}", dossier_score::round1(sc.composite))
                })
                .unwrap_or_default(),
            band_name(e.score.as_ref().map(|x| x.band)),
            e.rating
                .as_deref()
                .map(|r| md(&super::rating_words(r)))
                .unwrap_or_default(),
        );
    }
    s.push('\n');

    let rows = p.due();
    let overdue = rows.iter().filter(|r| r.due.days < 0).count();
    let _ = writeln!(
        s,
        "#### Falls due in the next {DUE_WINDOW_DAYS} days: {} event{}, {overdue} overdue\n",
        rows.len(),
        plural(rows.len())
    );
    if !rows.is_empty() {
        s.push_str("| Date | When | Vendor | What | File |\n|---|---|---|---|---|\n");
        for r in &rows {
            let _ = writeln!(
                s,
                "| {} | {} | {} | {} ({}) | {}:{} |",
                r.due.date,
                when(r.due.days),
                md(&r.entry.vendor),
                r.due.kind.describe(),
                md(&r.due.subject.to_string()),
                md(&r.entry.file),
                r.due.line
            );
        }
        s.push('\n');
    }

    s.push_str("#### Concentration\n\n");
    for (title, rows) in [
        ("HQ country", p.by_country()),
        ("Subject to the law of", p.by_exposure()),
        ("Parent company", p.by_parent()),
    ] {
        let list: Vec<String> = rows
            .iter()
            .map(|(name, c)| format!("{} {c}", md(name)))
            .collect();
        let _ = writeln!(
            s,
            "- {title}: {}",
            if list.is_empty() {
                "—".to_string()
            } else {
                list.join(", ")
            }
        );
    }
    s
}
