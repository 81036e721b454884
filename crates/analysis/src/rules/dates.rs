//! future-date, stale-evidence, expired-attestation, expires-soon.

use dossier_schema::catalogue::FactDef;
use dossier_schema::dates::{Day, Written};
use dossier_schema::freshness::{EvidenceClass, ISO_27001_2013_LAPSED};
use dossier_schema::view::DossierView;
use dossier_syntax::{Node, NodeKind};

use super::Ctx;
use crate::config::Freshness;
use crate::diagnostic::{Diagnostic, Payload, Rule};
use crate::due::{events_of, when, DueEvent, DueKind, DueSubject};
use crate::sink::Sink;

/// Keys whose values are dates that must not lie in the future.
const PAST_DATE_KEYS: &[&str] = &[
    "as_of",
    "retrieved",
    "issued",
    "period_end",
    "date",
    "resolved_on",
    "approved_on",
];

/// The freshness window of a fact's evidence, in months, with a one-line
/// explanation, if the fact has one (hover shows it). The catalogue says
/// which facts go stale (`FactDef::freshness`).
pub fn freshness_of_fact(def: &FactDef, f: &Freshness) -> Option<(u32, String)> {
    def.freshness
        .map(|class| (class.months(f), class.explain(f)))
}

/// The table of freshness windows in the `stale-evidence` documentation,
/// from the windows' defaults and the evidence classes.
pub(crate) fn freshness_table() -> String {
    let d = Freshness::default();
    let mut s = String::from("| evidence | stale after | key |\n|---|---|---|\n");
    s.push_str(&format!(
        "| a source's `retrieved` | {} months | `source_months` |\n",
        d.source_months
    ));
    for class in EvidenceClass::ALL {
        let (evidence, extra, keys) = match class {
            EvidenceClass::Soc2Report => (
                "SOC 2 report (`period_end`, or the `as_of` of a `soc2_type*` fact)",
                format!(
                    ", plus a bridge letter (`bridge_letter_until`) of at most {} more",
                    d.soc2_bridge_months
                ),
                "`soc2_months`, `soc2_bridge_months`".to_string(),
            ),
            EvidenceClass::IsoCertificate => (
                "ISO 27001 / 27701 / 42001 certificate (`issued`, or the fact's `as_of`)",
                String::new(),
                format!("`{}`", class.window_key()),
            ),
            EvidenceClass::CsaStarL1 => (
                "CSA STAR Level 1",
                String::new(),
                format!("`{}`", class.window_key()),
            ),
            EvidenceClass::EuCloudCoc => (
                "EU Cloud Code of Conduct verification",
                String::new(),
                format!("`{}`", class.window_key()),
            ),
        };
        s.push_str(&format!(
            "| {evidence} | {} months{extra} | {keys} |\n",
            class.months(&d)
        ));
    }
    s
}

pub(super) fn check(ctx: &Ctx, root: &Node, view: &DossierView, out: &mut Sink) {
    future_dates(root, ctx.today, out);
    // What lapses when is computed once (`due`, from `schema::evidence`
    // and the freshness windows): `dossier due`, the lenses, these rules
    // and the scorer read the same dates.
    let events = events_of(view, ctx.config, None);
    lapsed(ctx, &events, out);
    expires_soon(ctx, &events, out);
}

/// `stale-evidence` and `expired-attestation`: the events of `due` whose
/// date has passed, each reported where its date is written.
fn lapsed(ctx: &Ctx, events: &[DueEvent], out: &mut Sink) {
    let fr = &ctx.config.freshness;
    for e in events.iter().filter(|e| e.has_lapsed(ctx.today)) {
        let Some(rule @ (Rule::StaleEvidence | Rule::ExpiredAttestation)) = e.reported_by else {
            continue;
        };
        let since = &e.since.text;
        let message = if let DueSubject::Source(id) = &e.subject {
            format!(
                "source `{id}` was retrieved {since}, more than {} ago: re-read it and update `retrieved`",
                months(fr.source_months)
            )
        } else if let DueSubject::Fact { section, key } = &e.subject {
            let rule = e.class.map(|c| c.explain(fr)).unwrap_or_default();
            format!("`{section}.{key}` rests on evidence from {since}: {rule}; ask for current evidence")
        } else {
            let name = match &e.subject {
                DueSubject::Attestation(Some(id)) => format!("attestation `{id}`"),
                _ => "attestation".to_string(),
            };
            match (e.kind, e.class) {
                (DueKind::AttestationExpires, _) => format!(
                    "{name} expired on {}: ask for the renewed certificate or report",
                    e.date
                ),
                (DueKind::IsoTransition, _) => format!(
                    "{name} is to ISO/IEC 27001:2013, whose certificates lapsed on {ISO_27001_2013_LAPSED}: ask for the 27001:2022 certificate"
                ),
                (kind, Some(EvidenceClass::Soc2Report)) => format!(
                    "{name}: the audited period ended {since}, more than {} ago{}: ask for a current report or a bridge letter",
                    months(fr.soc2_months),
                    if kind == DueKind::BridgeLetterEnds { " and the bridge letter has run out" } else { "" }
                ),
                (_, class) => {
                    let what = match class {
                        Some(EvidenceClass::CsaStarL1) => "self-assessed",
                        Some(EvidenceClass::EuCloudCoc) => "verified",
                        _ => "issued",
                    };
                    format!(
                        "{name}: {what} {since}, more than {} ago: ask for current evidence",
                        months(class.map_or(0, |c| c.months(fr)))
                    )
                }
            }
        };
        // The payload names a fact by its path, other things by section.
        let subject = match &e.subject {
            DueSubject::Fact { section, key } => format!("{section}.{key}"),
            other => other.to_string(),
        };
        let payload = match (rule, e.kind) {
            (Rule::ExpiredAttestation, DueKind::IsoTransition) => Payload::Expired {
                subject,
                until: ISO_27001_2013_LAPSED.to_string(),
            },
            (Rule::ExpiredAttestation, _) => Payload::Expired {
                subject,
                until: e.date.to_string(),
            },
            _ => Payload::StaleEvidence {
                subject,
                date: since.clone(),
            },
        };
        out.push(Diagnostic::new(rule, e.since.range, message).with_payload(payload));
    }
}

/// `expires-soon`: the events of `due` that a rule reports once past,
/// while they are at most `warn_days` ahead (sources excepted). An
/// attestation or fact that a rule already reports as expired or stale
/// gets no warning about its other dates: it needs replacing anyway.
fn expires_soon(ctx: &Ctx, events: &[DueEvent], out: &mut Sink) {
    let warn = i64::from(ctx.config.freshness.warn_days);
    let events: Vec<&DueEvent> = events
        .iter()
        .filter(|e| e.reported_by.is_some() && e.kind != DueKind::SourceStale)
        .collect();
    let past: Vec<&DueSubject> = events
        .iter()
        .filter(|e| e.days_from(ctx.today) < 0)
        .map(|e| &e.subject)
        .collect();
    for e in &events {
        let days = e.days_from(ctx.today);
        if !(0..=warn).contains(&days) || past.contains(&&e.subject) {
            continue;
        }
        out.push(Diagnostic::new(
            Rule::ExpiresSoon,
            e.range,
            expires_soon_message(e, days),
        ));
    }
}

fn expires_soon_message(e: &DueEvent, days: i64) -> String {
    let when = when(days);
    let date = e.date;
    match &e.subject {
        DueSubject::Exception(Some(id)) => {
            return format!(
                "risk acceptance `{id}` holds until {date} ({when}): renew it with its approver or resolve what it accepts"
            );
        }
        DueSubject::Fact { section, key } => {
            return format!(
                "`{section}.{key}` rests on evidence that is fresh until {date} ({when}): ask for current evidence"
            );
        }
        _ => {}
    }
    let name = match &e.subject {
        DueSubject::Attestation(Some(id)) => format!("attestation `{id}`"),
        _ => "the attestation".to_string(),
    };
    match e.kind {
        DueKind::AttestationExpires => format!(
            "{name} is valid until {date} ({when}): ask for the renewed certificate or report"
        ),
        DueKind::IsoTransition => format!(
            "{name} is to ISO/IEC 27001:2013, whose certificates are valid until {date} ({when}): ask for the 27001:2022 certificate"
        ),
        DueKind::BridgeLetterEnds => format!(
            "{name}: the bridge letter covers it until {date} ({when}): ask for a current report"
        ),
        _ => format!("{name}: its evidence is fresh until {date} ({when}): ask for current evidence"),
    }
}

fn future_dates(node: &Node, today: Day, out: &mut Sink) {
    match &node.kind {
        NodeKind::Mapping(m) => {
            for e in &m.entries {
                if PAST_DATE_KEYS.contains(&e.key.value.as_str()) {
                    if let Some(text) = e.value.as_str() {
                        if let Some(w) = Written::parse(text) {
                            if w.first_day() > today {
                                out.push(Diagnostic::new(
                                    Rule::FutureDate,
                                    e.value.range,
                                    format!("`{}: {text}` is after today ({today}): only validity ends may lie in the future", e.key.value),
                                ));
                            }
                        }
                    }
                }
                future_dates(&e.value, today, out);
            }
        }
        NodeKind::Sequence(items) => {
            for i in items {
                future_dates(i, today, out);
            }
        }
        _ => {}
    }
}

/// `1 month`, `12 months`.
fn months(n: u32) -> String {
    if n == 1 {
        "1 month".into()
    } else {
        format!("{n} months")
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_diagnostics, check_diagnostics_with, config};
    use crate::Rule;

    const SOON: &[Rule] = &[
        Rule::ExpiresSoon,
        Rule::StaleEvidence,
        Rule::ExpiredAttestation,
    ];

    #[test]
    fn expires_soon_within_the_window_and_not_past() {
        // Today is 2026-11-24; the window (60 days) reaches 2027-01-23.
        check_diagnostics(
            SOON,
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-01-10
facts:
  security_compliance:
    csa_star: {value: yes, cite: s, as_of: 2026-01}
                                           ^^^^^^^ warning[expires-soon]: `security_compliance.csa_star` rests on evidence that is fresh until 2027-01-01 (in 38 days): ask for current evidence
    eu_cloud_coc: {value: yes, cite: s, as_of: 2025-11-24}
                                               ^^^^^^^^^^ warning[expires-soon]: `security_compliance.eu_cloud_coc` rests on evidence that is fresh until 2026-11-24 (today): ask for current evidence
attestations:
  - id: iso
    scheme: iso_27001
    issued: 2024-06-01
    valid_until: 2026-12
                 ^^^^^^^ warning[expires-soon]: attestation `iso` is valid until 2026-12-31 (in 37 days): ask for the renewed certificate or report
    cite: s
  - id: bridged
    scheme: soc2_type2
    period_end: 2025-12-31
    bridge_letter_until: 2027-02-28
    cite: s
  - id: unbridged
    scheme: soc2_type1
    period_end: 2025-12
                ^^^^^^^ warning[expires-soon]: attestation `unbridged`: its evidence is fresh until 2026-12-31 (in 37 days): ask for current evidence
    cite: s
  - id: letter
    scheme: soc2_type2
    period_end: 2025-09-30
    bridge_letter_until: 2026-11-25
                         ^^^^^^^^^^ warning[expires-soon]: attestation `letter`: the bridge letter covers it until 2026-11-25 (in 1 day): ask for a current report
    cite: s
  - id: edge
    scheme: iso_42001
    valid_until: 2027-01-23
                 ^^^^^^^^^^ warning[expires-soon]: attestation `edge` is valid until 2027-01-23 (in 60 days): ask for the renewed certificate or report
    cite: s
  - id: later
    scheme: iso_42001
    valid_until: 2027-01-24
    cite: s
  - id: gone
    scheme: iso_27701
    issued: 2024-01
    valid_until: 2026-11-23
                 ^^^^^^^^^^ error[expired-attestation]: attestation `gone` expired on 2026-11-23: ask for the renewed certificate or report
    cite: s
"#,
        );
    }

    #[test]
    fn expires_soon_follows_warn_days() {
        let mut c = config();
        c.freshness.warn_days = 7;
        check_diagnostics_with(
            &c,
            SOON,
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
attestations:
  - id: week
    scheme: iso_42001
    valid_until: 2026-12-01
                 ^^^^^^^^^^ warning[expires-soon]: attestation `week` is valid until 2026-12-01 (in 7 days): ask for the renewed certificate or report
    cite: s
  - id: month
    scheme: iso_42001
    valid_until: 2026-12-02
    cite: s
"#,
        );
    }

    #[test]
    fn dates() {
        check_diagnostics(
            &[
                Rule::StaleEvidence,
                Rule::ExpiredAttestation,
                Rule::FutureDate,
            ],
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
facts:
  security_compliance:
    csa_star: {value: yes, cite: s, as_of: 2024-01}
                                           ^^^^^^^ warning[stale-evidence]: `security_compliance.csa_star` rests on evidence from 2024-01: a CSA STAR Level 1 entry is stale 12 months after issue; ask for current evidence
    eu_cloud_coc: {value: yes, cite: s, as_of: 2027-01-01}
                                               ^^^^^^^^^^ error[future-date]: `as_of: 2027-01-01` is after today (2026-11-24): only validity ends may lie in the future
attestations:
  - id: iso
    scheme: iso_27001
    issued: 2022-01-10
            ^^^^^^^^^^ warning[stale-evidence]: attestation `iso`: issued 2022-01-10, more than 36 months ago: ask for current evidence
    valid_until: 2025-01-09
                 ^^^^^^^^^^ error[expired-attestation]: attestation `iso` expired on 2025-01-09: ask for the renewed certificate or report
    cite: s
"#,
        );
    }
}
