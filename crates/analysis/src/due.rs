//! What falls due when: the date-driven events of one dossier (attestations
//! expiring, evidence and sources going stale, reassessments, unanswered
//! questions). `dossier due`, the server's code lenses and the portfolio
//! page read these; the windows come from `dossier_schema::freshness` and
//! the configuration, never restated here.

use dossier_schema::dates::{Day, Written};
use dossier_schema::freshness::fresh_until;
use dossier_schema::view::{field, DossierView, Spanned};
use dossier_syntax::TextRange;

use crate::config::Config;
use crate::{Analysis, Rule};

pub use dossier_schema::evidence::DueKind;
use dossier_schema::evidence::{attestation_deadlines, Lapse};
use dossier_schema::freshness::EvidenceClass;

/// What an event is about. Written as a path (`attestations.ID`,
/// `facts.SECTION.KEY`, ...) by [`std::fmt::Display`], which is also the
/// order events of the same date, place and kind sort in; consumers match
/// on the variant, never on the text.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum DueSubject {
    /// `sources.ID`
    Source(String),
    /// `facts.SECTION.KEY`
    Fact { section: String, key: String },
    /// `attestations.ID`, or `attestations` for an item without an id.
    Attestation(Option<String>),
    /// `assessment` (the reassessment).
    Assessment,
    /// `relationship.contract` (notice and renewal).
    Contract,
    /// `exceptions.ID`, or `exceptions`.
    Exception(Option<String>),
    /// `questions.ID`, or `questions`.
    Question(Option<String>),
}

impl DueSubject {
    /// The item's id, for subjects that are list items or sources.
    pub fn id(&self) -> Option<&str> {
        match self {
            DueSubject::Source(id) => Some(id),
            DueSubject::Attestation(id) | DueSubject::Exception(id) | DueSubject::Question(id) => {
                id.as_deref()
            }
            DueSubject::Fact { .. } | DueSubject::Assessment | DueSubject::Contract => None,
        }
    }
}

impl std::fmt::Display for DueSubject {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let item = |f: &mut std::fmt::Formatter<'_>, list: &str, id: &Option<String>| match id {
            Some(id) => write!(f, "{list}.{id}"),
            None => f.write_str(list),
        };
        match self {
            DueSubject::Source(id) => write!(f, "sources.{id}"),
            DueSubject::Fact { section, key } => write!(f, "facts.{section}.{key}"),
            DueSubject::Attestation(id) => item(f, "attestations", id),
            DueSubject::Assessment => f.write_str("assessment"),
            DueSubject::Contract => f.write_str("relationship.contract"),
            DueSubject::Exception(id) => item(f, "exceptions", id),
            DueSubject::Question(id) => item(f, "questions", id),
        }
    }
}

impl PartialOrd for DueSubject {
    fn partial_cmp(&self, other: &DueSubject) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DueSubject {
    /// By the path written (the order lists and calendars have always had).
    fn cmp(&self, other: &DueSubject) -> std::cmp::Ordering {
        self.to_string().cmp(&other.to_string())
    }
}

/// One date-driven event. `date` is the last day the thing is still
/// valid, fresh or on time: from the day after, the rule in `reported_by`
/// (if any) reports it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueEvent {
    pub kind: DueKind,
    /// What the event is about.
    pub subject: DueSubject,
    pub date: Day,
    /// Where the date is written (or what it derives from).
    pub range: TextRange,
    /// What the event is about: the attestation or question item, the
    /// fact's or source's key, the `assessment` key (editors show the
    /// event there).
    pub anchor: TextRange,
    /// The written date the event counts from (`retrieved`, `as_of`,
    /// `valid_until`, `standard_version`, `period_end`, `issued`, ...):
    /// where the rule in `reported_by` reports it, and the date it names.
    pub since: Since,
    /// The evidence class whose freshness window the event ends, if any.
    pub class: Option<EvidenceClass>,
    /// The rule that reports the thing from the day after `date`
    /// (`expired-attestation`, `stale-evidence`); `None` for dates no rule
    /// reports (reassessments, unanswered questions, the most a bridge
    /// letter could cover, a SOC 2 report's own window while a bridge
    /// letter extends it). `expires-soon` warns before exactly these.
    pub reported_by: Option<Rule>,
}

/// A date as written in the dossier, and where.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Since {
    pub range: TextRange,
    pub text: String,
}

impl Since {
    fn of(s: Spanned) -> Since {
        Since {
            range: s.range,
            text: s.text.to_string(),
        }
    }
}

impl DueEvent {
    /// Days from `today` to the event (negative when overdue).
    pub fn days_from(&self, today: Day) -> i64 {
        self.date.to_days() - today.to_days()
    }

    /// Has the thing lapsed by `today`, so that `reported_by` reports it?
    pub fn has_lapsed(&self, today: Day) -> bool {
        self.reported_by.is_some() && self.date < today
    }
}

/// How far an event is from today, in the one phrasing every view uses
/// (`expires-soon`, code lenses, `dossier due`, the portfolio): `today`,
/// `in 1 day`, `in 43 days`, `overdue by 1 day`, `overdue by 3 days`.
pub fn when(days: i64) -> String {
    match days {
        ..-1 => format!("overdue by {} days", -days),
        -1 => "overdue by 1 day".to_string(),
        0 => "today".to_string(),
        1 => "in 1 day".to_string(),
        _ => format!("in {days} days"),
    }
}

/// The vendor's name, if written.
pub fn vendor_name(analysis: &Analysis) -> Option<String> {
    let root = analysis.parse.root.as_ref()?;
    Some(field(root.value("vendor")?, "name")?.text.to_string())
}

/// Every event of a dossier, sorted by date, then position.
pub fn events(analysis: &Analysis, config: &Config) -> Vec<DueEvent> {
    let Some(view) = analysis.view() else {
        return Vec::new();
    };
    let band = analysis.score.as_ref().map(|s| s.band);
    let mut out = events_of(&view, config, band);
    out.sort_by(|a, b| {
        (a.date, a.range.start, a.kind, &a.subject).cmp(&(
            b.date,
            b.range.start,
            b.kind,
            &b.subject,
        ))
    });
    out
}

/// The events of a view; the reassessment only when the band is known.
pub fn events_of(
    view: &DossierView,
    config: &Config,
    band: Option<dossier_score::Band>,
) -> Vec<DueEvent> {
    let fr = &config.freshness;
    let mut out = Vec::new();
    let mut push = |kind,
                    subject: DueSubject,
                    date: Option<Day>,
                    (range, since): (TextRange, Spanned),
                    class: Option<EvidenceClass>,
                    anchor,
                    reported_by: Option<Rule>| {
        if let Some(date) = date {
            out.push(DueEvent {
                kind,
                subject,
                date,
                range,
                anchor,
                since: Since::of(since),
                class,
                reported_by,
            });
        }
    };
    let stale = Some(Rule::StaleEvidence);

    for s in view.sources() {
        if let Some(r) = s.retrieved {
            push(
                DueKind::SourceStale,
                DueSubject::Source(s.id.to_string()),
                fresh_until(r.text, fr.source_months),
                (r.range, r),
                None,
                s.entry.key.range,
                stale,
            );
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
            push(
                DueKind::EvidenceStale,
                DueSubject::Fact {
                    section: f.section.to_string(),
                    key: f.key.to_string(),
                },
                fresh_until(as_of.text, class.months(fr)),
                (as_of.range, as_of),
                Some(class),
                f.entry.key.range,
                stale,
            );
        }
    }

    for a in view.items("attestations") {
        let anchor = a.node.range;
        let subject = DueSubject::Attestation(a.id.map(|i| i.text.to_string()));
        let class = a.scheme().and_then(|s| s.evidence_class());
        for d in attestation_deadlines(&a, fr) {
            push(
                d.kind,
                subject.clone(),
                Some(d.date),
                (d.range, d.since),
                class.filter(|_| {
                    matches!(d.kind, DueKind::EvidenceStale | DueKind::BridgeLetterEnds)
                }),
                anchor,
                d.lapse.map(|l| match l {
                    Lapse::Expired => Rule::ExpiredAttestation,
                    Lapse::Stale => Rule::StaleEvidence,
                }),
            );
        }
    }

    let relationship = view.top("relationship");
    let tier = relationship
        .and_then(|r| r.value.value("tier"))
        .and_then(|t| t.as_str())
        .and_then(|t| t.parse::<u8>().ok());
    if let (Some(interval), Some(assessment)) = (
        band.and_then(|b| config.cadence.interval(Some(b), tier)),
        view.top("assessment"),
    ) {
        if let Some(as_of) = field(&assessment.value, "as_of") {
            push(
                DueKind::Reassessment,
                DueSubject::Assessment,
                fresh_until(as_of.text, interval),
                (as_of.range, as_of),
                None,
                assessment.key.range,
                None,
            );
        }
    }

    if let Some(contract) = relationship.and_then(|r| r.value.get("contract")) {
        if let Some(renewal) = field(&contract.value, "renewal") {
            let day = Written::parse(renewal.text).map(Written::last_day);
            push(
                DueKind::ContractRenewal,
                DueSubject::Contract,
                day,
                (renewal.range, renewal),
                None,
                contract.key.range,
                None,
            );
            let notice = contract
                .value
                .value("notice_days")
                .and_then(|n| n.as_str())
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| (0..=3660).contains(n));
            if let (Some(day), Some(n)) = (day, notice) {
                // Notice is given at least `n` days before the renewal:
                // the last day to give it is `n` days before.
                push(
                    DueKind::ContractNotice,
                    DueSubject::Contract,
                    Some(Day::from_days(day.to_days() - n)),
                    (renewal.range, renewal),
                    None,
                    contract.key.range,
                    None,
                );
            }
        }
    }

    for x in view.items("exceptions") {
        let Some(expires) = x.field("expires") else {
            continue;
        };
        let subject = DueSubject::Exception(x.id.map(|i| i.text.to_string()));
        push(
            DueKind::ExceptionExpires,
            subject,
            Written::parse(expires.text).map(Written::last_day),
            (expires.range, expires),
            None,
            x.node.range,
            Some(Rule::ExpiredException),
        );
    }

    for q in view.items("questions") {
        if q.is_closed() {
            continue;
        }
        let Some(sent) = q.field("sent") else {
            continue;
        };
        let subject = DueSubject::Question(q.id.map(|i| i.text.to_string()));
        push(
            DueKind::QuestionUnanswered,
            subject,
            Day::parse(sent.text)
                .map(|d| Day::from_days(d.to_days() + i64::from(config.questions.answer_days))),
            (sent.range, sent),
            None,
            q.node.range,
            None,
        );
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn due(text: &str, config: &Config) -> Vec<(String, String, String)> {
        let today = Day::parse("2026-11-24").unwrap();
        let a = crate::analyze(text, config, today);
        events(&a, config)
            .into_iter()
            .map(|e| {
                (
                    e.kind.code().to_string(),
                    e.subject.to_string(),
                    e.date.to_string(),
                )
            })
            .collect()
    }

    const DOSSIER: &str = r#"dossier: 1
vendor:
  name: Acme
  kind: other
assessment:
  as_of: 2026-10-01
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-02
facts:
  security_compliance:
    csa_star: {value: yes, cite: s, as_of: 2026-01-15}
attestations:
  - id: soc
    scheme: soc2_type2
    period_end: 2026-03
    bridge_letter_until: 2027-04-30
    cite: s
  - id: iso
    scheme: iso_27001
    standard_version: "2013"
    issued: 2024-05-02
    valid_until: 2027-05
    cite: s
questions:
  - id: Q01
    ask: a?
    status: sent
    sent: 2026-11-01
  - id: Q02
    ask: b?
    status: answered
    sent: 2026-01-01
"#;

    #[test]
    fn every_kind_with_its_date() {
        let got = due(DOSSIER, &Config::default());
        let band = crate::analyze(
            DOSSIER,
            &Config::default(),
            Day::parse("2026-11-24").unwrap(),
        )
        .score
        .unwrap()
        .band;
        let reassess = Day::parse("2026-10-01")
            .unwrap()
            .add_months(Config::default().cadence.months(band) as i32)
            .to_string();
        let mut want = vec![
            (
                "iso-transition",
                "attestations.iso",
                "2025-10-31".to_string(),
            ),
            (
                "question-unanswered",
                "questions.Q01",
                "2026-12-01".to_string(),
            ),
            (
                "evidence-stale",
                "facts.security_compliance.csa_star",
                "2027-01-15".to_string(),
            ),
            ("source-stale", "sources.s", "2027-02-01".to_string()),
            (
                "evidence-stale",
                "attestations.soc",
                "2027-03-31".to_string(),
            ),
            (
                "bridge-letter-ends",
                "attestations.soc",
                "2027-04-30".to_string(),
            ),
            (
                "evidence-stale",
                "attestations.iso",
                "2027-05-02".to_string(),
            ),
            (
                "attestation-expires",
                "attestations.iso",
                "2027-05-31".to_string(),
            ),
            ("reassessment", "assessment", reassess),
        ];
        want.sort_by(|a, b| a.2.cmp(&b.2));
        let mut got_sorted = got.clone();
        got_sorted.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(&b.0)));
        want.sort_by(|a, b| a.2.cmp(&b.2).then(a.0.cmp(b.0)));
        let want: Vec<_> = want
            .into_iter()
            .map(|(k, s, d)| (k.to_string(), s.to_string(), d))
            .collect();
        assert_eq!(got_sorted, want);
    }

    #[test]
    fn configured_windows_move_the_dates() {
        let mut c = Config::default();
        c.questions.answer_days = 10;
        c.cadence = crate::config::Cadence {
            critical: 1,
            high: 1,
            elevated: 1,
            moderate: 1,
            low: 1,
            ..Default::default()
        };
        c.freshness.soc2_bridge_months = 0;
        let got = due(DOSSIER, &c);
        let find = |k: &str, s: &str| {
            got.iter()
                .find(|e| e.0 == k && e.1 == s)
                .map(|e| e.2.clone())
                .unwrap()
        };
        assert_eq!(find("question-unanswered", "questions.Q01"), "2026-11-11");
        assert_eq!(find("reassessment", "assessment"), "2026-11-01");
        // A bridge letter cannot reach past the (now zero) bridge window.
        assert_eq!(find("bridge-letter-ends", "attestations.soc"), "2027-03-31");
    }

    /// `reported_by` is the engine's word on when a rule reports an event:
    /// not on its date, from the day after. `expires-soon` relies on it.
    #[test]
    fn reported_by_names_the_rule_that_fires_the_day_after() {
        let config = Config::default();
        let today = Day::parse("2026-11-24").unwrap();
        let a = crate::analyze(DOSSIER, &config, today);
        let events = events(&a, &config);
        assert!(events.iter().any(|e| e.reported_by.is_none()));
        let count = |rule: Rule, day: Day| {
            crate::analyze(DOSSIER, &config, day)
                .diagnostics
                .iter()
                .filter(|d| d.rule == rule)
                .count()
        };
        for e in events {
            let Some(rule) = e.reported_by else { continue };
            let after = Day::from_days(e.date.to_days() + 1);
            assert!(
                count(rule, after) > count(rule, e.date),
                "{} {}: {} does not start on {after}",
                e.kind.code(),
                e.subject,
                rule.code()
            );
        }
    }

    #[test]
    fn broken_text_has_no_events_and_no_panic() {
        assert!(due("[: {", &Config::default()).is_empty());
        assert!(due(
            "attestations: 3\nquestions: [1, {sent: x}]\n",
            &Config::default()
        )
        .is_empty());
    }
}
