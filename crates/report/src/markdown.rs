//! The CI summary: a short Markdown page for a pull-request comment or
//! `$GITHUB_STEP_SUMMARY`. Everything from the dossier is escaped
//! ([`crate::escape::markdown`]): it shows as text, never as markup.

use std::fmt::Write;

use dossier_analysis::Severity;
use dossier_review::FileDiff;
use dossier_score::round1;

use crate::escape::markdown as md;
use crate::model::{plural, Pack};

pub fn render(pack: &Pack, baseline: Option<&FileDiff>) -> String {
    let moved = baseline.and_then(|d| d.score.as_ref());
    let mut s = String::new();
    match pack.score {
        Some(r) => {
            let _ = writeln!(
                s,
                "### {}: {:.1} / 100, {}\n",
                md(&pack.vendor),
                round1(r.composite),
                r.band.as_str()
            );
        }
        None => {
            let _ = writeln!(s, "### {}: no score\n", md(&pack.vendor));
        }
    }
    let mut line = vec![md(pack.path)];
    if let Some(r) = pack.score {
        line.push(format!("profile {}", md(&r.profile)));
    }
    line.push(format!("checked as of {}", pack.today));
    let _ = writeln!(s, "{}\n", line.join(" · "));

    s.push_str("| | |\n|---|---|\n");
    if let Some(r) = pack.score {
        let change = match moved {
            Some(m) => {
                let delta = round1(m.new.composite) - round1(m.old.composite);
                let band = if m.old.band == m.new.band {
                    String::new()
                } else {
                    format!(", band {} → {}", m.old.band.as_str(), m.new.band.as_str())
                };
                format!(
                    " · {} since the baseline ({:.1}{band})",
                    signed(delta),
                    round1(m.old.composite)
                )
            }
            None => String::new(),
        };
        let _ = writeln!(
            s,
            "| Composite | **{:.1}** {}{change} |",
            round1(r.composite),
            r.band.as_str()
        );
        if let Some(line) = crate::score_text::stated_line(r) {
            let _ = writeln!(s, "| Evidence | {} |", md(&line));
        }
    }
    let errors = pack.count(Severity::Error);
    let warnings = pack.count(Severity::Warning);
    let _ = writeln!(
        s,
        "| Validator | {errors} error{}, {warnings} warning{} |",
        plural(errors),
        plural(warnings)
    );
    let open: Vec<_> = pack.open_questions().collect();
    let _ = writeln!(
        s,
        "| Questions | {} open, {} required not yet asked |",
        open.len(),
        pack.missing_questions.len()
    );
    s.push('\n');

    if let Some(r) = pack.score {
        s.push_str("| Dimension | Score | Weight | Points |");
        if moved.is_some() {
            s.push_str(" Change |");
        }
        s.push_str("\n|---|---:|---:|---:|");
        if moved.is_some() {
            s.push_str("---:|");
        }
        s.push('\n');
        for d in &r.dimensions {
            let _ = write!(
                s,
                "| {} | {:.1} | {}% | {:.2} |",
                d.dimension.title(),
                round1(d.score),
                d.weight,
                d.points
            );
            if let Some(m) = moved {
                let x = m.dimensions.iter().find(|x| x.dimension == d.dimension);
                let _ = write!(
                    s,
                    " {} |",
                    signed(x.map_or(0.0, |x| round1(x.new) - round1(x.old)))
                );
            }
            s.push('\n');
        }
        s.push('\n');
    }

    if let Some(d) = baseline {
        let _ = writeln!(s, "#### Changes since the baseline\n");
        s.push_str(&dossier_review::markdown_body(d, false));
    }
    if !open.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>Open questions ({})</summary>\n",
            open.len()
        );
        for q in &open {
            let _ = writeln!(
                s,
                "- **{}** {}",
                md(&q.id),
                md(q.get("ask").unwrap_or_default())
            );
        }
        s.push_str("\n</details>\n\n");
    }
    if !pack.missing_questions.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>Required questions not yet asked ({})</summary>\n",
            pack.missing_questions.len()
        );
        for m in &pack.missing_questions {
            let _ = writeln!(s, "- **{}** {}", md(&m.id), md(&m.ask));
        }
        s.push_str("\n</details>\n\n");
    }
    let problems: Vec<_> = pack
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    if !problems.is_empty() {
        let _ = writeln!(
            s,
            "<details><summary>Errors ({})</summary>\n",
            problems.len()
        );
        for d in problems {
            let _ = writeln!(
                s,
                "- line {}:{} {}: {}",
                d.line,
                d.column,
                d.rule.code(),
                md(&d.message)
            );
        }
        s.push_str("\n</details>\n\n");
    }
    s
}

fn signed(x: f64) -> String {
    if x.abs() < 0.05 {
        "±0.0".into()
    } else {
        format!("{x:+.1}")
    }
}
