//! future-date, stale-evidence, expired-attestation.

use dossier_schema::catalogue::FactDef;
use dossier_schema::dates::{Day, Written};
use dossier_schema::freshness::{soc2_covered_until, EvidenceClass, ISO_27001_2013_LAPSED};
use dossier_schema::view::{DossierView, Spanned};
use dossier_syntax::{Node, NodeKind};

use super::Ctx;
use crate::config::Freshness;
use crate::diagnostic::{Diagnostic, Payload, Rule, RuleDoc};

/// Keys whose values are dates that must not lie in the future.
const PAST_DATE_KEYS: &[&str] = &["as_of", "retrieved", "issued", "period_end", "date"];

/// The freshness window of a fact's evidence, in months, with a one-line
/// explanation, if the fact has one (hover shows it). The catalogue says
/// which facts go stale (`FactDef::freshness`).
pub fn freshness_of_fact(def: &FactDef, f: &Freshness) -> Option<(u32, String)> {
    def.freshness
        .map(|class| (class.months(f), class.explain(f)))
}

/// The documentation of the rules this module reports (docs/rules.md is
/// generated from it).
pub(crate) const DOCS: &[RuleDoc] = &[
    RuleDoc {
        rule: Rule::StaleEvidence,
        summary: "Evidence or a source older than its freshness window.",
        body: r#"Evidence older than its freshness window (defaults, all overridable in
`[freshness]` of `dossier.toml`):

{freshness-table}

A month date (`2026-06`) counts from its first day when checking freshness.
Example: `examples/broken/stale-evidence.dossier.yaml`."#,
    },
    RuleDoc {
        rule: Rule::ExpiredAttestation,
        summary: "An attestation whose `valid_until` is in the past, or whose standard version is withdrawn.",
        body: r#"An attestation's `valid_until` is in the past (a month date lasts to its
last day), or an ISO/IEC 27001 attestation is to the 2013 version, whose
certificates lapsed on 2025-10-31. Example: `examples/broken/expired-attestation.dossier.yaml`."#,
    },
    RuleDoc {
        rule: Rule::FutureDate,
        summary: "A date after today (validity ends excepted).",
        body: r#"A date after today: `as_of`, `retrieved`, `issued`, `period_end`, incident
`date`. Validity ends (`valid_until`, `bridge_letter_until`) may lie in the
future. "Today" is the system date (UTC), or `--today` on the command line,
or `today` in `dossier.toml`. Example: `examples/broken/future-date.dossier.yaml`."#,
    },
];

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

pub(super) fn check(ctx: &Ctx, root: &Node, view: &DossierView, out: &mut Vec<Diagnostic>) {
    let today = ctx.today;
    let fr = &ctx.config.freshness;
    future_dates(root, today, out);

    for s in view.sources() {
        if let Some(r) = s.retrieved {
            if let Some(w) = Written::parse(r.text) {
                if w.first_day().add_months(fr.source_months) < today {
                    out.push(Diagnostic::new(
                        Rule::StaleEvidence,
                        r.range,
                        format!(
                            "source `{}` was retrieved {}, more than {} ago: re-read it and update `retrieved`",
                            s.id, r.text, months(fr.source_months)
                        ),
                    ).with_payload(Payload::StaleEvidence {
                        subject: format!("sources.{}", s.id),
                        date: r.text.to_string(),
                    }));
                }
            }
        }
    }

    for f in view.facts() {
        let (Some(def), Some(as_of)) = (f.def, f.as_of) else {
            continue;
        };
        if f.is_not_disclosed() || f.word() == Some("no") {
            continue;
        }
        if let Some(class) = def.freshness {
            if class.is_stale(as_of.text, fr, today) {
                let rule = class.explain(fr);
                out.push(
                    Diagnostic::new(
                        Rule::StaleEvidence,
                        as_of.range,
                        format!(
                            "`{}` rests on evidence from {}: {rule}; ask for current evidence",
                            f.path(),
                            as_of.text
                        ),
                    )
                    .with_payload(Payload::StaleEvidence {
                        subject: f.path(),
                        date: as_of.text.to_string(),
                    }),
                );
            }
        }
    }

    for a in view.items("attestations") {
        let name = a.id.map_or_else(
            || "attestation".to_string(),
            |i| format!("attestation `{}`", i.text),
        );
        let subject = a.id.map_or_else(
            || "attestations".to_string(),
            |i| format!("attestations.{}", i.text),
        );
        let scheme = a.field("scheme").map(|s| s.text).unwrap_or("");
        if let Some(v) = a.field("valid_until") {
            if let Some(w) = Written::parse(v.text) {
                if w.last_day() < today {
                    out.push(
                        Diagnostic::new(
                            Rule::ExpiredAttestation,
                            v.range,
                            format!(
                                "{name} expired on {}: ask for the renewed certificate or report",
                                w.last_day()
                            ),
                        )
                        .with_payload(Payload::Expired {
                            subject: subject.clone(),
                            until: w.last_day().to_string(),
                        }),
                    );
                }
            }
        }
        if scheme == "iso_27001" {
            if let Some(v) = a.field("standard_version") {
                if v.text.contains("2013")
                    && Day::parse(ISO_27001_2013_LAPSED).is_some_and(|end| today > end)
                {
                    out.push(Diagnostic::new(
                        Rule::ExpiredAttestation,
                        v.range,
                        format!("{name} is to ISO/IEC 27001:2013, whose certificates lapsed on {ISO_27001_2013_LAPSED}: ask for the 27001:2022 certificate"),
                    ).with_payload(Payload::Expired {
                        subject: subject.clone(),
                        until: ISO_27001_2013_LAPSED.to_string(),
                    }));
                }
            }
        }
        let issued = a.field("issued");
        let stale = |start: Spanned, months: u32, what: &str, out: &mut Vec<Diagnostic>| {
            if let Some(w) = Written::parse(start.text) {
                if w.first_day().add_months(months) < today {
                    out.push(
                        Diagnostic::new(
                            Rule::StaleEvidence,
                            start.range,
                            format!(
                                "{name}: {what} {}, more than {} ago: ask for current evidence",
                                start.text,
                                self::months(months)
                            ),
                        )
                        .with_payload(Payload::StaleEvidence {
                            subject: subject.clone(),
                            date: start.text.to_string(),
                        }),
                    );
                }
            }
        };
        let Some(class) = EvidenceClass::of_scheme(scheme) else {
            continue;
        };
        match class {
            EvidenceClass::Soc2Report => {
                let Some(end) = a.field("period_end").or(issued) else {
                    continue;
                };
                let bridge = a.field("bridge_letter_until");
                let Some(covered_until) = soc2_covered_until(end.text, bridge.map(|b| b.text), fr)
                else {
                    continue;
                };
                let bridged = bridge.is_some_and(|b| Written::parse(b.text).is_some());
                if covered_until < today {
                    out.push(Diagnostic::new(
                        Rule::StaleEvidence,
                        end.range,
                        format!(
                            "{name}: the audited period ended {}, more than {} ago{}: ask for a current report or a bridge letter",
                            end.text,
                            months(fr.soc2_months),
                            if bridged { " and the bridge letter has run out" } else { "" }
                        ),
                    ).with_payload(Payload::StaleEvidence {
                        subject: subject.clone(),
                        date: end.text.to_string(),
                    }));
                }
            }
            EvidenceClass::IsoCertificate
            | EvidenceClass::CsaStarL1
            | EvidenceClass::EuCloudCoc => {
                let what = match class {
                    EvidenceClass::CsaStarL1 => "self-assessed",
                    EvidenceClass::EuCloudCoc => "verified",
                    _ => "issued",
                };
                if let Some(i) = issued {
                    stale(i, class.months(fr), what, out);
                }
            }
        }
    }
}

fn future_dates(node: &Node, today: Day, out: &mut Vec<Diagnostic>) {
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
    use crate::fixture::check_diagnostics;
    use crate::Rule;

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
