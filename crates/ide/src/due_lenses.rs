//! What falls due, where it is written: a lens above each attestation and
//! each dated fact ("expires in 43 days", "stale since 2026-03-01") and
//! the reassessment date above `assessment`. The dates are the engine's
//! (`dossier_analysis::due`, as `dossier due` lists them), counted from the
//! analysis's `today` (the server resolves it as it does for diagnostics).

use dossier_analysis::due::{events, when, DueEvent, DueKind, DueSubject};
use dossier_schema::dates::Day;
use dossier_syntax::TextRange;

use crate::{CodeLens, Ctx};

/// The lenses, in text order.
pub(crate) fn lenses(ctx: &Ctx) -> Vec<CodeLens> {
    let today = ctx.analysis.today;
    let mut out: Vec<(usize, Day, CodeLens)> = events(ctx.analysis, ctx.config)
        .into_iter()
        .filter_map(|e| {
            let shown = match e.kind {
                DueKind::Reassessment => true,
                // What a rule reports once past, on attestations and facts
                // (sources and questions have `dossier due` only).
                _ => {
                    e.reported_by.is_some()
                        && matches!(
                            e.subject,
                            DueSubject::Attestation(_) | DueSubject::Fact { .. }
                        )
                }
            };
            shown.then(|| {
                let range = first_line(ctx.text, e.anchor);
                (
                    range.start,
                    e.date,
                    CodeLens {
                        range,
                        title: title(&e, today),
                    },
                )
            })
        })
        .collect();
    out.sort_by_key(|(start, date, _)| (*start, *date));
    out.into_iter().map(|(_, _, l)| l).collect()
}

/// The part of `range` on its first line (a lens sits above one line).
fn first_line(text: &str, range: TextRange) -> TextRange {
    let end = text
        .get(range.start..range.end)
        .and_then(|s| s.find(['\n', '\r']))
        .map_or(range.end, |i| range.start + i);
    TextRange::new(range.start, end)
}

fn title(e: &DueEvent, today: Day) -> String {
    let n = e.days_from(today);
    let next_day = Day::from_days(e.date.to_days() + 1);
    match e.kind {
        // What is past says since when, what is ahead how far (in the
        // engine's one phrasing, `due::when`).
        DueKind::AttestationExpires if n >= 0 => format!("expires {}", when(n)),
        DueKind::AttestationExpires => format!("expired since {next_day}"),
        DueKind::IsoTransition if n >= 0 => {
            format!("ISO/IEC 27001:2013 lapses {}", when(n))
        }
        DueKind::IsoTransition => format!("ISO/IEC 27001:2013 lapsed since {next_day}"),
        DueKind::Reassessment if n >= 0 => {
            format!("reassessment due {} ({})", e.date, when(n))
        }
        DueKind::Reassessment => format!("reassessment overdue since {next_day}"),
        DueKind::BridgeLetterEnds if n >= 0 => {
            format!("bridge letter covers until {} ({})", e.date, when(n))
        }
        // Evidence and bridged reports going stale (the rules say
        // `stale-evidence` from the day after the date).
        _ if n >= 0 => format!("fresh until {} ({})", e.date, when(n)),
        _ => format!("stale since {next_day}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use dossier_analysis::{analyze, Config};

    #[test]
    fn titles_count_from_today() {
        let text = "dossier: 1\nvendor:\n  name: A\n  kind: other\nassessment:\n  as_of: 2026-11-01\nsources:\n  s: {url: https://a.example, title: t, kind: vendor_disclosure, retrieved: 2026-11-01}\nfacts:\n  security_compliance:\n    csa_star: {value: yes, cite: s, as_of: 2025-06}\nattestations:\n  - id: iso\n    scheme: iso_42001\n    issued: 2026-01-01\n    valid_until: 2027-01-06\n    cite: s\n";
        let config = Config::default();
        let a = analyze(text, &config, Day::parse("2026-11-24").unwrap());
        let ctx = Ctx {
            text,
            analysis: &a,
            config: &config,
        };
        let got: Vec<(String, String)> = lenses(&ctx)
            .into_iter()
            .map(|l| (text[l.range.start..l.range.end].to_string(), l.title))
            .collect();
        let reassess = &got[0];
        assert_eq!(reassess.0, "assessment");
        assert!(reassess.1.starts_with("reassessment due "), "{got:?}");
        assert_eq!(
            got[1..],
            [
                ("csa_star".to_string(), "stale since 2026-06-02".to_string()),
                ("id: iso".to_string(), "expires in 43 days".to_string()),
                (
                    "id: iso".to_string(),
                    "fresh until 2029-01-01 (in 769 days)".to_string()
                ),
            ]
        );
    }
}
