//! When evidence stops counting: the dated deadlines of one attestation
//! (validity end, withdrawn edition, freshness window, SOC 2 bridge letter),
//! and the attestations that stand behind a catalogue fact.
//!
//! This is the one place these dates are derived. `dossier due` and the
//! server's lenses list them (`analysis::due`), the `expired-attestation`
//! and `stale-evidence` rules report the ones that have passed, and the
//! scorer scores a `yes` whose attestations have all lapsed as `expired`.

use dossier_syntax::TextRange;

use crate::dates::{Day, Written};
use crate::freshness::{
    fresh_until, soc2_bridge_limit, soc2_covered_until, EvidenceClass, Freshness,
    ISO_27001_2013_LAPSED,
};
use crate::types::Scheme;
use crate::view::{DossierView, ItemView, Spanned};

/// What kind of date an event is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum DueKind {
    /// An attestation's `valid_until`.
    AttestationExpires,
    /// Evidence (an attestation or a dated fact) stops being fresh.
    EvidenceStale,
    /// The last day a SOC 2 bridge letter can cover (or, with a bridge
    /// letter, the last day it does cover).
    BridgeLetterEnds,
    /// An ISO/IEC 27001:2013 certificate reaches the end of the transition.
    IsoTransition,
    /// A source's `retrieved` stops being fresh.
    SourceStale,
    /// `assessment.as_of` plus the cadence of the score's band.
    Reassessment,
    /// A question sent and not answered within `[questions] answer_days`.
    QuestionUnanswered,
    /// The last day to give notice before the contract renews
    /// (`relationship.contract.renewal` minus `notice_days`).
    ContractNotice,
    /// The contract's `renewal` date.
    ContractRenewal,
    /// A risk acceptance's `expires`.
    ExceptionExpires,
}

impl DueKind {
    /// The stable name used in the JSON, CSV and calendar outputs.
    pub fn code(self) -> &'static str {
        match self {
            DueKind::AttestationExpires => "attestation-expires",
            DueKind::EvidenceStale => "evidence-stale",
            DueKind::BridgeLetterEnds => "bridge-letter-ends",
            DueKind::IsoTransition => "iso-transition",
            DueKind::SourceStale => "source-stale",
            DueKind::Reassessment => "reassessment",
            DueKind::QuestionUnanswered => "question-unanswered",
            DueKind::ContractNotice => "contract-notice",
            DueKind::ContractRenewal => "contract-renewal",
            DueKind::ExceptionExpires => "exception-expires",
        }
    }

    /// A short phrase for people.
    pub fn describe(self) -> &'static str {
        match self {
            DueKind::AttestationExpires => "attestation expires",
            DueKind::EvidenceStale => "evidence goes stale",
            DueKind::BridgeLetterEnds => "bridge letter coverage ends",
            DueKind::IsoTransition => "ISO/IEC 27001:2013 certificate lapses",
            DueKind::SourceStale => "source goes stale",
            DueKind::Reassessment => "reassessment due",
            DueKind::QuestionUnanswered => "answer overdue",
            DueKind::ContractNotice => "last day to give contract notice",
            DueKind::ContractRenewal => "contract renews",
            DueKind::ExceptionExpires => "risk acceptance expires",
        }
    }

    /// What to do about it, one sentence for people (the calendar's
    /// description).
    pub fn action(self) -> &'static str {
        match self {
            DueKind::AttestationExpires => {
                "Ask the vendor for the renewed certificate or report and update the attestation."
            }
            DueKind::EvidenceStale => "Ask the vendor for current evidence and update the dossier.",
            DueKind::BridgeLetterEnds => {
                "Ask the vendor for a bridge letter or a current SOC 2 report."
            }
            DueKind::IsoTransition => "Ask the vendor for its ISO/IEC 27001:2022 certificate.",
            DueKind::SourceStale => "Read the source again and update its `retrieved` date.",
            DueKind::Reassessment => {
                "Reassess the vendor: review every fact and set `assessment.as_of`."
            }
            DueKind::QuestionUnanswered => "Chase the vendor for the answer.",
            DueKind::ContractNotice => {
                "Decide whether to renew: after this day the contract renews without notice."
            }
            DueKind::ContractRenewal => "The contract renews: check the new terms are recorded.",
            DueKind::ExceptionExpires => {
                "Renew the risk acceptance with its approver, or resolve what it accepts."
            }
        }
    }
}

/// How an attestation stops counting once a deadline has passed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lapse {
    /// Its validity ended or its edition was withdrawn
    /// (`expired-attestation`).
    Expired,
    /// Its evidence is older than its freshness window (`stale-evidence`).
    Stale,
}

/// One dated deadline of an attestation. `date` is the last day the
/// attestation is still valid, fresh or covered; from the day after, it
/// has lapsed in the way `lapse` says (`None` for dates that are only
/// worth knowing: the most a bridge letter could cover, a SOC 2 report's
/// own window while a bridge letter extends it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadline<'a> {
    pub kind: DueKind,
    pub date: Day,
    /// Where the date is written (or what it derives from).
    pub range: TextRange,
    /// The written date the deadline counts from (`valid_until`,
    /// `standard_version`, `period_end`, `issued`).
    pub since: Spanned<'a>,
    pub lapse: Option<Lapse>,
}

impl Deadline<'_> {
    /// Has the attestation lapsed by `today` through this deadline?
    pub fn has_lapsed(&self, today: Day) -> bool {
        self.lapse.is_some() && self.date < today
    }
}

/// Every deadline of one attestation, in a fixed order: validity end,
/// withdrawn edition, freshness (and bridge letter).
pub fn attestation_deadlines<'a>(a: &ItemView<'a>, fr: &Freshness) -> Vec<Deadline<'a>> {
    let mut out = Vec::new();
    let mut push = |kind, date: Option<Day>, range, since: Spanned<'a>, lapse| {
        if let Some(date) = date {
            out.push(Deadline {
                kind,
                date,
                range,
                since,
                lapse,
            });
        }
    };
    if let Some(v) = a.field("valid_until") {
        push(
            DueKind::AttestationExpires,
            Written::parse(v.text).map(Written::last_day),
            v.range,
            v,
            Some(Lapse::Expired),
        );
    }
    let scheme = a.scheme();
    if scheme == Some(Scheme::Iso27001) {
        if let Some(v) = a
            .field("standard_version")
            .filter(|v| v.text.contains("2013"))
        {
            push(
                DueKind::IsoTransition,
                Day::parse(ISO_27001_2013_LAPSED),
                v.range,
                v,
                Some(Lapse::Expired),
            );
        }
    }
    let issued = a.field("issued");
    match scheme.and_then(Scheme::evidence_class) {
        Some(EvidenceClass::Soc2Report) => {
            let Some(end) = a.field("period_end").or(issued) else {
                return out;
            };
            let bridge = a
                .field("bridge_letter_until")
                .filter(|b| Written::parse(b.text).is_some());
            // With a bridge letter, the report lapses once the letter's
            // coverage ends, not at its own window's end.
            push(
                DueKind::EvidenceStale,
                soc2_covered_until(end.text, None, fr),
                end.range,
                end,
                if bridge.is_some() {
                    None
                } else {
                    Some(Lapse::Stale)
                },
            );
            match bridge {
                Some(b) => push(
                    DueKind::BridgeLetterEnds,
                    soc2_covered_until(end.text, Some(b.text), fr),
                    b.range,
                    end,
                    Some(Lapse::Stale),
                ),
                None => push(
                    DueKind::BridgeLetterEnds,
                    soc2_bridge_limit(end.text, fr),
                    end.range,
                    end,
                    None,
                ),
            }
        }
        Some(class) => {
            if let Some(i) = issued {
                push(
                    DueKind::EvidenceStale,
                    fresh_until(i.text, class.months(fr)),
                    i.range,
                    i,
                    Some(Lapse::Stale),
                );
            }
        }
        None => {}
    }
    out
}

/// The first deadline through which the attestation has lapsed by
/// `today`, if any.
pub fn lapsed<'a>(a: &ItemView<'a>, fr: &Freshness, today: Day) -> Option<Deadline<'a>> {
    attestation_deadlines(a, fr)
        .into_iter()
        .filter(|d| d.has_lapsed(today))
        .min_by_key(|d| d.date)
}

/// The attestations whose scheme evidences the catalogue fact
/// `section.key` ([`Scheme::attests`]).
pub fn attesting<'a>(view: &DossierView<'a>, section: &str, key: &str) -> Vec<ItemView<'a>> {
    view.items("attestations")
        .into_iter()
        .filter(|a| a.scheme().and_then(Scheme::attests) == Some((section, key)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_fact_a_scheme_attests_is_in_the_catalogue() {
        for s in Scheme::ALL {
            assert_eq!(Scheme::from_word(s.word()), Some(s));
            if let Some((section, key)) = s.attests() {
                assert!(
                    crate::catalogue::fact(section, key).is_some(),
                    "{}",
                    s.word()
                );
            }
        }
        let json = serde_json::to_value(Scheme::ALL).unwrap();
        let words: Vec<&str> = Scheme::ALL.iter().map(|s| s.word()).collect();
        assert_eq!(json, serde_json::json!(words), "word() is the serde name");
    }

    #[test]
    fn an_attestation_lapses_on_the_day_after_its_deadline() {
        let p = dossier_syntax::parse(
            "attestations:\n  - id: iso\n    scheme: iso_27001\n    issued: 2024-01-10\n    valid_until: 2026-05\n",
        );
        let root = p.root.unwrap();
        let view = DossierView::new(&root);
        let a = &view.items("attestations")[0];
        let fr = Freshness::default();
        assert!(lapsed(a, &fr, Day::parse("2026-05-31").unwrap()).is_none());
        let d = lapsed(a, &fr, Day::parse("2026-06-01").unwrap()).unwrap();
        assert_eq!(
            (d.kind, d.lapse),
            (DueKind::AttestationExpires, Some(Lapse::Expired))
        );
        assert_eq!(
            attesting(&view, "security_compliance", "iso_27001").len(),
            1
        );
        assert!(attesting(&view, "security_compliance", "c5").is_empty());
    }
}
