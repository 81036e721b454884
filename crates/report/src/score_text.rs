//! `dossier score` as text: the composite, the dimensions and, with
//! `--explain`, every contribution. Read by its two users: the CLI prints
//! it, the server answers `dossier/score` with `explain` with it (VS Code's
//! "Show Score Explanation" of the live buffer).

use std::fmt::Write;

use dossier_score::{round1, trim, ContributionKind, ScoreReport};

/// `dossier score` as text. Without `explain`: the composite, its band and
/// profile, and the eight dimensions (score, weight, points). With
/// `explain`, also every contribution grouped by dimension (fact, value and
/// the rubric row it scored, rubric points, importance, points in the
/// composite, citation; uncited facts marked `UNCITED`), ending with the
/// line that proves the sum.
pub fn render_human(report: &ScoreReport, explain: bool) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "Composite risk {:.1} / 100: {} (profile {})",
        round1(report.composite),
        report.band.as_str(),
        report.profile
    );
    if let Some(line) = stated_line(report) {
        let _ = writeln!(s, "{line}");
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "{:<22} {:>6} {:>7} {:>8} {:>6}",
        "dimension", "score", "weight", "points", "facts"
    );
    for d in &report.dimensions {
        let _ = writeln!(
            s,
            "{:<22} {:>6.1} {:>6}% {:>8.2} {:>6}",
            d.dimension.key(),
            d.score,
            trim(d.weight),
            d.points,
            d.facts
        );
    }
    if !explain {
        return s;
    }
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Each line: rubric points × importance ÷ the dimension's total importance × weight = points in the composite."
    );
    let _ = writeln!(
        s,
        "Absent facts count as not_disclosed; uncited claims score their `claimed` row, between the value and not_disclosed (marked UNCITED);"
    );
    let _ = writeln!(
        s,
        "a yes whose attestations have all lapsed scores `expired`; incidents, findings and adjustments add to their dimension."
    );
    for d in &report.dimensions {
        let _ = writeln!(s);
        let _ = writeln!(
            s,
            "{} ({}): score {:.1} × {}% = {:.2} points",
            d.dimension.title(),
            d.dimension.key(),
            d.score,
            trim(d.weight),
            d.points
        );
        for c in report
            .contributions
            .iter()
            .filter(|c| c.dimension == d.dimension)
        {
            let what = c.subject();
            // The value as written, and the rubric row it scored when that
            // is not the value itself (`CN → high_risk`, `yes → stale`).
            const VALUE: usize = 30;
            let value = match c.kind {
                ContributionKind::Missing => format!("(absent) → {}", c.row),
                ContributionKind::Fact if c.row != c.value => {
                    let tail = format!(" → {}", c.row);
                    let room = VALUE.saturating_sub(tail.chars().count()).max(6);
                    format!("{}{tail}", truncate(&c.value, room))
                }
                _ => truncate(&c.value, VALUE),
            };
            let evidence = match c.kind {
                ContributionKind::Missing => "absent".to_string(),
                ContributionKind::NotApplicable => "not scored".to_string(),
                ContributionKind::Clamp => "keeps the dimension within 0..100".to_string(),
                _ if !c.cites.is_empty() => format!("cite {}", c.cites.join(", ")),
                _ if c.cited => "no citation needed".to_string(),
                _ => "UNCITED".to_string(),
            };
            let _ = writeln!(
                s,
                "  {:<54} {:<VALUE$} {:>4} pts ×{:<3} {:>+7.3}  {}",
                what,
                value,
                trim(c.rubric_points),
                trim(c.importance),
                c.points,
                evidence
            );
            let explained = matches!(
                c.kind,
                ContributionKind::Adjustment
                    | ContributionKind::Incident
                    | ContributionKind::Finding
                    | ContributionKind::NotApplicable
            ) || c.row == "expired";
            if explained {
                if let Some(reason) = &c.reason {
                    let _ = writeln!(s, "    reason: {reason}");
                }
            }
        }
    }
    let sum: f64 = report.contributions.iter().map(|c| c.points).sum();
    let _ = writeln!(s);
    let _ = writeln!(
        s,
        "Sum of {} contributions {:.3} = composite {:.3}, shown as {:.1}",
        report.contributions.len(),
        sum,
        report.composite,
        round1(report.composite)
    );
    s
}

/// "6.3 points rest on 17 uncited claims: 41.1 / 100 as stated (elevated)",
/// when any claim is uncited. Every view of the score shows it next to the
/// composite (the pack, the portfolio, the PR summary, the editor).
pub fn stated_line(report: &ScoreReport) -> Option<String> {
    let n = report.uncited_claims;
    if n == 0 {
        return None;
    }
    Some(format!(
        "{:.1} points rest on {n} uncited claim{}: {:.1} / 100 as stated ({})",
        report.unverified_points(),
        if n == 1 { "" } else { "s" },
        round1(report.stated_composite),
        report.stated_band.as_str()
    ))
}

fn truncate(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        format!("{}…", s.chars().take(n - 1).collect::<String>())
    }
}
