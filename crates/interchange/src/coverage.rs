//! What an import's answers cover, computed on the dossier as it is after
//! the import: the facts established, the ones still open that the
//! questionnaire asks about, heavy "No" answers by the rubric, and the
//! answers counted by word and domain.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dossier_schema::catalogue::NOT_DISCLOSED;
use dossier_schema::questionnaire::{self, Answer, Edition};

use crate::answers::Row;
use crate::import::{Outcome, Plan};

/// A "No" on a question whose fact the rubric weighs heavily: risk points
/// (the rubric row a No stands for, times the fact's importance) of at
/// least this are listed by the coverage report. 80 is a full control
/// (`no` = 80 points, importance 1); a minor scheme (40 × 0.5) is not.
pub const HEAVY: f64 = 80.0;

/// What the answers cover, computed on the dossier as it is after the
/// import.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Facts an answer established (filled, cited or already the same), as
    /// `section.key`.
    pub established: Vec<String>,
    /// Catalogue facts still `not_disclosed` (or absent) that a question of
    /// this questionnaire bears on: what to ask the vendor about.
    pub open: Vec<(String, String)>,
    /// Catalogue facts the dossier states as `not_disclosed`, all told.
    pub not_disclosed: usize,
    /// "No" answers on heavily weighted facts: question, fact, risk points.
    pub heavy_no: Vec<(String, String, f64)>,
    /// Answers by word (`yes`, `no`, `na`, `other`, `unanswered`).
    pub counts: BTreeMap<&'static str, usize>,
    /// By domain: every "No" (with the facts it feeds) and every question
    /// left unanswered in the sheet.
    pub by_domain: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Questions of the edition that are not in the sheet at all.
    pub absent: usize,
}

/// The risk points a No stands for on a link's fact: the rubric row of the
/// value a No implies (for a link that sets none, the fact's `no` row, or
/// its `not_disclosed` row), times the fact's importance.
fn no_weight(link: &questionnaire::Link) -> Option<f64> {
    let rubric = dossier_score::rubric();
    let rows = rubric.rows(link.key)?;
    let row = link
        .on_no
        .and_then(|v| rows.get(v))
        .or_else(|| rows.get("no"))
        .or_else(|| rows.get(NOT_DISCLOSED))?;
    Some(row.points * rubric.importance(link.key))
}

pub fn coverage(after: &str, plan: &Plan, rows: &[Row]) -> Coverage {
    let mut c = Coverage::default();
    for ch in &plan.changes {
        if matches!(
            ch.outcome,
            Outcome::Filled { .. } | Outcome::Unchanged | Outcome::Cited | Outcome::Replaced { .. }
        ) {
            c.established.push(format!("{}.{}", ch.section, ch.key));
        }
    }
    let parse = dossier_syntax::parse(after);
    // Whether each fact is settled: a word other than not_disclosed, or a
    // list or mapping value (`data_residency_options: [DE, FR]`).
    let mut settled: BTreeMap<(String, String), bool> = BTreeMap::new();
    if let Some(root) = parse.root.as_ref() {
        for f in dossier_schema::view::DossierView::new(root).facts() {
            if f.def.is_none() {
                continue;
            }
            let open = match f.word() {
                Some(w) => w == NOT_DISCLOSED,
                None => false,
            };
            if open {
                c.not_disclosed += 1;
            }
            settled.insert((f.section.to_string(), f.key.to_string()), !open);
        }
    }
    let answered: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    for l in questionnaire::LINKS
        .iter()
        .filter(|l| l.editions.contains(&plan.edition))
    {
        let path = format!("{}.{}", l.section, l.key);
        let open = !settled
            .get(&(l.section.to_string(), l.key.to_string()))
            .copied()
            .unwrap_or(false);
        if open && !c.open.iter().any(|(p, _)| *p == path) {
            c.open.push((path.clone(), l.question.to_string()));
        }
        for r in answered
            .values()
            .filter(|r| r.answer == Some(Answer::No) && l.matches(&r.id))
        {
            if let Some(w) = no_weight(l).filter(|w| *w >= HEAVY) {
                c.heavy_no.push((r.id.clone(), path.clone(), w));
            }
        }
    }
    for r in rows {
        let word = r.answer.map_or("unanswered", Answer::word);
        *c.counts.entry(word).or_default() += 1;
        let domain = Edition::domain_of(&r.id).to_string();
        match r.answer {
            Some(Answer::No) => {
                let feeds: Vec<String> = questionnaire::links(plan.edition, &r.id)
                    .map(|l| format!("{}.{}", l.section, l.key))
                    .collect();
                let item = if feeds.is_empty() {
                    r.id.clone()
                } else {
                    format!("{} ({})", r.id, feeds.join(", "))
                };
                c.by_domain.entry(domain).or_default().0.push(item);
            }
            None => c.by_domain.entry(domain).or_default().1.push(r.id.clone()),
            _ => {}
        }
    }
    if plan.edition != Edition::Caiq31 {
        c.absent = plan
            .edition
            .ids()
            .iter()
            .filter(|id| !answered.contains_key(*id))
            .count();
    }
    c
}

/// The coverage part of the report.
pub fn describe_coverage(c: &Coverage) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "coverage: {} fact{} established by the answers{}",
        c.established.len(),
        if c.established.len() == 1 { "" } else { "s" },
        if c.established.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.established.join(", "))
        }
    );
    let _ = writeln!(
        s,
        "coverage: {} catalogue fact{} still not_disclosed{}",
        c.not_disclosed,
        if c.not_disclosed == 1 { "" } else { "s" },
        if c.open.is_empty() {
            ""
        } else {
            "; facts this questionnaire asks about that the dossier still lacks:"
        }
    );
    for (path, q) in &c.open {
        let _ = writeln!(s, "  open     {path} ({q})");
    }
    for (q, path, w) in &c.heavy_no {
        let _ = writeln!(
            s,
            "  no       {q} on {path}: the rubric weighs a No at {w} risk points"
        );
    }
    let counts: Vec<String> = ["yes", "no", "na", "other", "unanswered"]
        .iter()
        .map(|w| format!("{} {w}", c.counts.get(w).copied().unwrap_or(0)))
        .collect();
    let _ = writeln!(
        s,
        "answers: {}{}",
        counts.join(", "),
        if c.absent > 0 {
            format!(
                "; {} questions of the edition are not in the sheet",
                c.absent
            )
        } else {
            String::new()
        }
    );
    for (domain, (no, blank)) in &c.by_domain {
        if !no.is_empty() {
            let _ = writeln!(s, "  {domain:<4} no: {}", no.join(", "));
        }
        if !blank.is_empty() {
            let _ = writeln!(s, "  {domain:<4} unanswered: {}", blank.join(", "));
        }
    }
    s
}
