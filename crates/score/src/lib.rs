//! Scoring: a rubric kept as data, weight profiles, bands and explanations;
//! OWASP LLM Top 10 and NIST AI RMF data; question templates.
//!
//! Invariant: every point of the composite is traceable. The contributions
//! of a [`ScoreReport`] (one per catalogue fact, adjustment and clamp) add up
//! to the composite exactly, up to floating-point rounding.

pub mod frameworks;
pub mod questions;
mod rubric;

use std::borrow::Cow;
use std::collections::BTreeMap;

pub use dossier_schema::catalogue::Dimension;
use dossier_schema::catalogue::{self, FACTS};
pub use dossier_schema::freshness::{EvidenceClass, Freshness};
use dossier_schema::view::DossierView;
use dossier_syntax::TextRange;
pub use rubric::{rubric, rubric_table_markdown, Row};

/// A weight profile: percent per dimension, summing to 100.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Profile {
    pub name: String,
    pub weights: BTreeMap<Dimension, f64>,
}

impl Profile {
    pub fn weight(&self, d: Dimension) -> f64 {
        self.weights.get(&d).copied().unwrap_or(0.0)
    }
}

pub const DEFAULT_PROFILE: &str = "default-balanced";

/// The profiles that ship with the toolkit.
pub fn builtin_profiles() -> Vec<Profile> {
    use Dimension::*;
    vec![Profile {
        name: DEFAULT_PROFILE.into(),
        weights: [
            (DataHandling, 25.0),
            (IpExposure, 20.0),
            (Jurisdiction, 15.0),
            (Security, 15.0),
            (Regulatory, 10.0),
            (Transparency, 8.0),
            (BusinessStability, 5.0),
            (DependencyChain, 2.0),
        ]
        .into_iter()
        .collect(),
    }]
}

/// A profile by name: those of `dossier.toml` first, then the built-in ones.
pub fn find_profile<'p>(name: &str, extra: &'p [Profile]) -> Option<Cow<'p, Profile>> {
    extra
        .iter()
        .find(|p| p.name == name)
        .map(Cow::Borrowed)
        .or_else(|| {
            builtin_profiles()
                .into_iter()
                .find(|p| p.name == name)
                .map(Cow::Owned)
        })
}

/// A problem with a profile's weights.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileProblem {
    /// The dimension key concerned; `None` for the sum.
    pub dimension: Option<String>,
    pub message: String,
}

/// Check a profile's weights: known dimensions, non-negative, sum 100.
pub fn check_profile_weights(weights: &[(String, f64)]) -> Vec<ProfileProblem> {
    let mut out = Vec::new();
    let mut bad_weight = false;
    for (k, w) in weights {
        if Dimension::from_key(k).is_none() {
            let hint = dossier_schema::did_you_mean(k, Dimension::ALL.iter().map(|d| d.key()))
                .map(|s| format!(": did you mean `{s}`?"))
                .unwrap_or_else(|| {
                    format!(
                        ": use {}",
                        Dimension::ALL
                            .iter()
                            .map(|d| format!("`{}`", d.key()))
                            .collect::<Vec<_>>()
                            .join(", ")
                    )
                });
            out.push(ProfileProblem {
                dimension: Some(k.clone()),
                message: format!("`{k}` is not a dimension{hint}"),
            });
        } else if !(0.0..=100.0).contains(w) {
            bad_weight = true;
            out.push(ProfileProblem {
                dimension: Some(k.clone()),
                message: format!("weight of `{k}` is {w}: weights are percentages from 0 to 100"),
            });
        }
    }
    // The sum is only worth stating once every weight is a percentage
    // (a NaN or 1e308 weight is reported on its own line above).
    let sum: f64 = weights.iter().map(|(_, w)| w).sum();
    if !bad_weight && (sum - 100.0).abs() > 0.001 {
        out.push(ProfileProblem {
            dimension: None,
            message: format!(
                "weights sum to {}, not 100: adjust them so the composite stays on a 0-100 scale",
                trim(sum)
            ),
        });
    }
    out
}

/// A number with at most three decimals and no trailing zeros (`25`, `0.5`).
pub fn trim(x: f64) -> String {
    let s = format!("{x:.3}");
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// Risk bands of the composite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    Low,
    Moderate,
    Elevated,
    High,
    Critical,
}

/// Where the bands start: moderate, elevated, high, critical.
pub const BAND_THRESHOLDS: [f64; 4] = [20.0, 40.0, 60.0, 80.0];

impl Band {
    /// The band of a composite: low < 20 <= moderate < 40 <= elevated < 60
    /// <= high < 80 <= critical. Display the composite with [`round1`], which
    /// never rounds up onto a threshold, so the number shown is always in
    /// the band shown.
    pub fn of(composite: f64) -> Band {
        let [moderate, elevated, high, critical] = BAND_THRESHOLDS;
        if composite < moderate {
            Band::Low
        } else if composite < elevated {
            Band::Moderate
        } else if composite < high {
            Band::Elevated
        } else if composite < critical {
            Band::High
        } else {
            Band::Critical
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Band::Low => "low",
            Band::Moderate => "moderate",
            Band::Elevated => "elevated",
            Band::High => "high",
            Band::Critical => "critical",
        }
    }
}

/// A score rounded to one decimal for display. It never rounds up onto a
/// band threshold: 19.96 shows as 19.9, not 20.0, because it is in band low
/// (the only values affected are within 0.05 below 20, 40, 60 and 80).
pub fn round1(x: f64) -> f64 {
    let r = (x * 10.0).round() / 10.0;
    for t in BAND_THRESHOLDS {
        if x < t && r >= t {
            return (t * 10.0 - 1.0) / 10.0;
        }
    }
    r
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ContributionKind {
    /// A fact present in the dossier.
    Fact,
    /// A catalogue fact absent from the dossier, counted as `not_disclosed`.
    Missing,
    /// A catalogue fact that does not apply to this vendor (its kind, or
    /// the analyst's `not_applicable`): listed, not scored.
    NotApplicable,
    /// An incident on record: points added to its dimension.
    Incident,
    /// A finding: a concern adds points to its dimension, a strength takes
    /// some away (within the rubric's bound).
    Finding,
    /// A manual adjustment.
    Adjustment,
    /// The correction that keeps a dimension score within 0..100.
    Clamp,
}

/// One line of the explanation.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Contribution {
    pub kind: ContributionKind,
    pub section: Option<String>,
    pub key: Option<String>,
    /// The fact's value as written (`yes`, `CN`), or the adjustment's delta.
    pub value: String,
    /// The rubric row key that applied (`yes`, `high_risk`, `365`).
    pub row: String,
    /// Risk points of the rubric row (0..100), or the adjustment's delta.
    pub rubric_points: f64,
    /// The fact's importance within its dimension (1 unless the rubric says otherwise).
    pub importance: f64,
    pub dimension: Dimension,
    /// The dimension's weight in percent.
    pub weight: f64,
    /// This line's points in the composite.
    pub points: f64,
    pub cited: bool,
    pub cites: Vec<String>,
    /// The attestations whose lapse made a `yes` score its `expired` row.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lapsed_attestations: Vec<String>,
    /// The rubric row's rationale, or the adjustment's reason.
    pub reason: Option<String>,
    /// The fact's key, or the adjustment item, in the dossier.
    #[serde(skip)]
    pub range: Option<TextRange>,
}

impl Contribution {
    /// `section.key` of the fact the line scores (`None` for incidents,
    /// findings, adjustments and clamps).
    pub fn fact_path(&self) -> Option<String> {
        Some(format!(
            "{}.{}",
            self.section.as_deref()?,
            self.key.as_deref()?
        ))
    }

    /// What the line scores, as explanations name it: the fact's
    /// `section.key`, `adjustment`, or `clamp to 0..100`.
    pub fn subject(&self) -> String {
        match self.kind {
            ContributionKind::Fact
            | ContributionKind::Missing
            | ContributionKind::NotApplicable => self.fact_path().unwrap_or_default(),
            ContributionKind::Incident => {
                format!("incidents.{}", self.key.as_deref().unwrap_or(""))
            }
            ContributionKind::Finding => format!("findings.{}", self.key.as_deref().unwrap_or("")),
            ContributionKind::Adjustment => "adjustment".into(),
            ContributionKind::Clamp => "clamp to 0..100".into(),
        }
    }
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct DimensionScore {
    pub dimension: Dimension,
    /// 0 (no risk) to 100.
    pub score: f64,
    pub weight: f64,
    /// weight / 100 × score: its share of the composite.
    pub points: f64,
    /// Facts scored in it (present and absent).
    pub facts: usize,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct ScoreReport {
    pub profile: String,
    /// The composite on the evidence: uncited claims score their `claimed`
    /// rows, lapsed attestations their `expired` rows.
    pub composite: f64,
    pub band: Band,
    /// The composite as stated: the same dossier with every uncited claim
    /// taken at its word. `composite - stated_composite` is how much of the
    /// score rests on claims nobody cited.
    pub stated_composite: f64,
    pub stated_band: Band,
    /// The uncited claims that score better than silence would (the ones
    /// the difference rests on).
    pub uncited_claims: usize,
    pub dimensions: Vec<DimensionScore>,
    pub contributions: Vec<Contribution>,
}

impl ScoreReport {
    /// The points of the composite that rest on uncited claims (never
    /// negative: citing a claim never raises the score).
    pub fn unverified_points(&self) -> f64 {
        (self.composite - self.stated_composite).max(0.0)
    }

    pub fn dimension(&self, d: Dimension) -> Option<&DimensionScore> {
        self.dimensions.iter().find(|x| x.dimension == d)
    }

    /// The contribution of `section.key`.
    pub fn fact(&self, section: &str, key: &str) -> Option<&Contribution> {
        self.contributions
            .iter()
            .find(|c| c.section.as_deref() == Some(section) && c.key.as_deref() == Some(key))
    }
}

/// When evidence goes stale: a `yes` whose `as_of` is older than the window
/// of its fact's evidence class (`FactDef::freshness`) scores the rubric's
/// `stale` row (the `stale-evidence` rule flags it too).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Staleness {
    pub today: dossier_schema::dates::Day,
    pub windows: Freshness,
}

impl Staleness {
    /// The default windows as of `today`.
    pub fn new(today: dossier_schema::dates::Day) -> Staleness {
        Staleness {
            today,
            windows: Freshness::default(),
        }
    }

    /// Does the `yes` of `def` dated `as_of` score as stale?
    pub fn is_stale(&self, def: &catalogue::FactDef, as_of: &str) -> bool {
        def.freshness
            .is_some_and(|class| class.is_stale(as_of, &self.windows, self.today))
    }
}

/// The day a dossier was assessed (`assessment.as_of`; a month means its
/// last day), if written and valid.
pub fn assessed_on(view: &DossierView) -> Option<dossier_schema::dates::Day> {
    let as_of = dossier_schema::view::field(&view.top("assessment")?.value, "as_of")?;
    dossier_schema::dates::Written::parse(as_of.text).map(|w| w.last_day())
}

/// Score a dossier under a profile, as of its assessment: evidence older
/// than its default freshness window on `assessment.as_of` scores its
/// `stale` row (no system clock, so the result depends on the file only).
/// Without `assessment.as_of`, dates are not looked at. Use [`score_with`]
/// to score as of another day or with other windows.
pub fn score(view: &DossierView, profile: &Profile) -> ScoreReport {
    let staleness = assessed_on(view).map(Staleness::new);
    score_with(view, profile, staleness.as_ref())
}

/// Score a dossier under a profile; with `staleness`, a `yes` resting on
/// stale evidence scores as stale and one whose attestations have all
/// lapsed as expired, and resolved incidents fade as of its `today`.
pub fn score_with(
    view: &DossierView,
    profile: &Profile,
    staleness: Option<&Staleness>,
) -> ScoreReport {
    let mut report = score_mode(view, profile, staleness, Mode::Evidenced);
    let stated = score_mode(view, profile, staleness, Mode::Stated);
    report.stated_composite = stated.composite;
    report.stated_band = stated.band;
    report
}

/// Whether uncited claims score their `claimed` rows or are taken at
/// their word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Evidenced,
    Stated,
}

/// A line before weights are known.
struct Line {
    c: Contribution,
    /// Scored as part of its dimension's importance-weighted mean (facts),
    /// or added to the dimension score as is (incidents, findings,
    /// adjustments).
    mean: bool,
}

fn fact_value_text(f: &dossier_schema::view::FactView) -> String {
    match f.value.as_sequence() {
        Some(items) => format!(
            "[{}]",
            items
                .iter()
                .filter_map(|i| i.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        ),
        None => f.word().unwrap_or_default().to_string(),
    }
}

/// The source ids an incident, finding or adjustment cites.
fn item_cites(item: &dossier_schema::view::ItemView) -> Vec<String> {
    item.node
        .value("cite")
        .map(dossier_schema::view::cite_ids)
        .unwrap_or_default()
        .iter()
        .map(|c| c.text.to_string())
        .collect()
}

/// Why a lapsed attestation no longer counts, for the explanation.
fn lapse_phrase(id: &str, d: &dossier_schema::evidence::Deadline) -> String {
    use dossier_schema::evidence::DueKind;
    match d.kind {
        DueKind::AttestationExpires => format!("attestation `{id}` expired after {}", d.date),
        DueKind::IsoTransition => format!(
            "attestation `{id}` is to ISO/IEC 27001:2013, withdrawn after {}",
            d.date
        ),
        _ => format!(
            "attestation `{id}` is stale since {}",
            dossier_schema::dates::Day::from_days(d.date.to_days() + 1)
        ),
    }
}

fn score_mode(
    view: &DossierView,
    profile: &Profile,
    staleness: Option<&Staleness>,
    mode: Mode,
) -> ScoreReport {
    let r = rubric();
    let facts = view.facts();
    let kind_word = view
        .top("vendor")
        .and_then(|v| dossier_schema::view::field(&v.value, "kind"));
    let kind = kind_word.and_then(|k| dossier_schema::types::VendorKind::from_word(k.text));
    let mut lines: Vec<Line> = Vec::new();
    let mut uncited_claims = 0;
    let blank = |kind, dimension, value: String, row: &str, points: f64| Contribution {
        kind,
        section: None,
        key: None,
        value,
        row: row.to_string(),
        rubric_points: points,
        importance: 1.0,
        dimension,
        weight: 0.0,
        points: 0.0,
        cited: false,
        cites: Vec::new(),
        lapsed_attestations: Vec::new(),
        reason: None,
        range: None,
    };
    for def in FACTS {
        let present = facts
            .iter()
            .find(|f| f.section == def.section && f.key == def.key && def.domain.accepts(f.value));
        let mut c = blank(
            ContributionKind::Fact,
            def.dimension,
            String::new(),
            "",
            0.0,
        );
        c.section = Some(def.section.into());
        c.key = Some(def.key.into());
        c.importance = r.importance(def.key);
        let Some(rows) = r.rows(def.key) else {
            continue;
        };
        // A fact that does not apply to this kind of vendor is not scored,
        // unless the dossier gives it a value.
        let applies = def.applies.to(kind)
            || present.is_some_and(|f| f.word() != Some(catalogue::NOT_APPLICABLE));
        let marked_na = present.is_some_and(|f| {
            f.word() == Some(catalogue::NOT_APPLICABLE)
                && !rows.contains_key(catalogue::NOT_APPLICABLE)
        });
        if !applies || marked_na {
            c.kind = ContributionKind::NotApplicable;
            c.row = catalogue::NOT_APPLICABLE.into();
            c.importance = 0.0;
            c.cited = true;
            match present {
                Some(f) if marked_na => {
                    c.value = catalogue::NOT_APPLICABLE.into();
                    c.cites = f.cites.iter().map(|c| c.text.to_string()).collect();
                    c.range = Some(f.entry.key.range);
                    c.reason = Some(
                        "the analyst marked it not applicable to this vendor: not scored".into(),
                    );
                }
                _ => {
                    c.value = present.map_or_else(|| "(absent)".to_string(), fact_value_text);
                    c.range = present.map(|f| f.entry.key.range);
                    c.reason = Some(format!(
                        "does not apply to a `{}` vendor: not scored (give it a value to score it)",
                        kind_word.map_or("", |k| k.text)
                    ));
                }
            }
            lines.push(Line { c, mean: true });
            continue;
        }
        let Some(f) = present else {
            let Some(row) = r.absent(def) else { continue };
            c.kind = ContributionKind::Missing;
            c.value = "(absent)".into();
            c.row = row.key.clone();
            c.rubric_points = row.points;
            c.reason = Some(row.rationale.clone());
            lines.push(Line { c, mean: true });
            continue;
        };
        let Some(value_row) = r.row(def, f.value) else {
            continue;
        };
        let mut row = value_row.clone();
        let is_yes = f.word() == Some("yes");
        if let (Some(st), Some(as_of)) = (staleness, f.as_of) {
            if is_yes && st.is_stale(def, as_of.text) {
                if let Some(stale) = rows.get("stale") {
                    row = stale.clone();
                }
            }
        }
        if let (Some(st), true) = (staleness, is_yes) {
            let attestations = dossier_schema::evidence::attesting(view, def.section, def.key);
            let lapses: Vec<(String, dossier_schema::evidence::Deadline)> = attestations
                .iter()
                .filter_map(|a| {
                    let d = dossier_schema::evidence::lapsed(a, &st.windows, st.today)?;
                    Some((a.id.map_or("", |i| i.text).to_string(), d))
                })
                .collect();
            if !attestations.is_empty() && lapses.len() == attestations.len() {
                if let Some(expired) = rows.get("expired").filter(|e| e.points >= row.points) {
                    let why: Vec<String> =
                        lapses.iter().map(|(id, d)| lapse_phrase(id, d)).collect();
                    row = Row {
                        key: expired.key.clone(),
                        points: expired.points,
                        rationale: format!("{} ({})", expired.rationale, why.join("; ")),
                    };
                    c.lapsed_attestations = lapses.into_iter().map(|(id, _)| id).collect();
                }
            }
        }
        let value = fact_value_text(f);
        let marker = matches!(
            f.word(),
            Some(catalogue::NOT_DISCLOSED | catalogue::CONTRADICTORY | catalogue::NOT_APPLICABLE)
        );
        if f.cites.is_empty() && !marker {
            let nd = rows
                .get(catalogue::NOT_DISCLOSED)
                .map_or(row.points, |n| n.points);
            if nd > row.points {
                uncited_claims += 1;
                if mode == Mode::Evidenced {
                    let share = r.claims_share();
                    let points = row.points + share * (nd - row.points);
                    row = Row {
                        key: "claimed".into(),
                        points,
                        rationale: format!(
                            "claimed, not cited: unverified, so it scores {}% of the way from `{}` ({}) to `not_disclosed` ({}); cite a source to score `{}`",
                            trim(share * 100.0),
                            row.key,
                            trim(row.points),
                            trim(nd),
                            row.key
                        ),
                    };
                }
            }
        }
        c.value = value;
        c.row = row.key;
        c.rubric_points = row.points;
        c.cites = f.cites.iter().map(|c| c.text.to_string()).collect();
        c.cited = !c.cites.is_empty() || f.is_not_disclosed();
        c.reason = Some(row.rationale);
        c.range = Some(f.entry.key.range);
        lines.push(Line { c, mean: true });
    }

    let today = staleness.map(|s| s.today);
    for item in view.items("incidents") {
        let Some(sev) = item.field("severity") else {
            continue;
        };
        let Some(row) = r.incident(sev.text) else {
            continue;
        };
        let dimension = item
            .field("dimension")
            .and_then(|d| Dimension::from_key(d.text))
            .unwrap_or(Dimension::Security);
        let resolved = item.field("resolved").is_some_and(|r| r.text == "yes");
        let (row_key, delta, reason) = if resolved {
            let from = item
                .field("resolved_on")
                .or_else(|| item.field("date"))
                .and_then(|d| dossier_schema::dates::Written::parse(d.text))
                .map(|w| w.last_day());
            let share = r.incident_resolved_share();
            let fade = match (from, today) {
                (Some(from), Some(today)) => {
                    let end = from.add_months(r.incident_decay_months() as i32);
                    let total = (end.to_days() - from.to_days()).max(1) as f64;
                    ((end.to_days() - today.to_days()) as f64 / total).clamp(0.0, 1.0)
                }
                _ => 1.0,
            };
            let kept = share * fade;
            (
                format!("resolved_{}", sev.text),
                row.points * kept,
                format!(
                    "resolved{}: {}% of the open incident's {} points, fading to nothing {} months after resolution ({})",
                    from.map(|d| format!(" {d}")).unwrap_or_default(),
                    trim(kept * 100.0),
                    trim(row.points),
                    r.incident_decay_months(),
                    row.rationale
                ),
            )
        } else {
            (sev.text.to_string(), row.points, row.rationale.clone())
        };
        let mut c = blank(
            ContributionKind::Incident,
            dimension,
            sev.text.to_string(),
            &row_key,
            delta,
        );
        c.key = item.id.map(|i| i.text.to_string());
        c.cites = item_cites(&item);
        c.cited = !c.cites.is_empty();
        c.reason = Some(reason);
        c.range = Some(item.node.range);
        lines.push(Line { c, mean: false });
    }

    let mut strengths: BTreeMap<Dimension, f64> = BTreeMap::new();
    for item in view.items("findings") {
        let (Some(stance), Some(sev), Some(dimension)) = (
            item.field("stance"),
            item.field("severity"),
            item.field("dimension")
                .and_then(|d| Dimension::from_key(d.text)),
        ) else {
            continue;
        };
        let strength = match stance.text {
            "strength" => true,
            "concern" => false,
            _ => continue,
        };
        let Some(row) = r.finding(strength, sev.text) else {
            continue;
        };
        let mut delta = row.points;
        let mut reason = row.rationale.clone();
        if strength {
            let used = strengths.entry(dimension).or_default();
            let allowed = (r.strength_floor() - *used).min(0.0);
            if delta < allowed {
                delta = allowed;
                reason = format!(
                    "{reason} (capped: strengths lower a dimension by at most {} points)",
                    trim(-r.strength_floor())
                );
            }
            *used += delta;
        }
        let mut c = blank(
            ContributionKind::Finding,
            dimension,
            format!("{} {}", sev.text, stance.text),
            &format!("{}_{}", stance.text, sev.text),
            delta,
        );
        c.key = item.id.map(|i| i.text.to_string());
        c.cites = item_cites(&item);
        c.cited = !c.cites.is_empty();
        c.reason = Some(reason);
        c.range = Some(item.node.range);
        lines.push(Line { c, mean: false });
    }

    for item in view.items("adjustments") {
        let Some(d) = item
            .field("dimension")
            .and_then(|d| Dimension::from_key(d.text))
        else {
            continue;
        };
        let Some(delta) = item
            .node
            .value("delta")
            .and_then(|v| match v.as_scalar()?.kind {
                dossier_syntax::ScalarKind::Int(i) => Some(i as f64),
                dossier_syntax::ScalarKind::Float(f) => Some(f),
                _ => None,
            })
        else {
            continue;
        };
        if !(-20.0..=20.0).contains(&delta) {
            continue; // a schema error
        }
        let mut c = blank(
            ContributionKind::Adjustment,
            d,
            format!("{delta:+}"),
            "adjustment",
            delta,
        );
        c.cites = item_cites(&item);
        c.cited = !c.cites.is_empty();
        c.reason = item.field("reason").map(|r| r.text.to_string());
        c.range = Some(item.node.range);
        lines.push(Line { c, mean: false });
    }

    // A dimension's score: the importance-weighted mean of its facts, plus
    // incidents, findings and adjustments, clamped to 0..100.
    let mut importance: BTreeMap<Dimension, f64> = BTreeMap::new();
    let mut raw: BTreeMap<Dimension, f64> = Dimension::ALL.iter().map(|d| (*d, 0.0)).collect();
    for l in lines.iter().filter(|l| l.mean) {
        *importance.entry(l.c.dimension).or_default() += l.c.importance;
    }
    for l in &mut lines {
        let total = importance.get(&l.c.dimension).copied().unwrap_or(0.0);
        // The line's share of its dimension score.
        let share = if !l.mean {
            l.c.rubric_points
        } else if total > 0.0 {
            l.c.rubric_points * l.c.importance / total
        } else {
            0.0
        };
        *raw.entry(l.c.dimension).or_default() += share;
        l.c.points = share; // the weight is applied below
    }
    let mut contributions: Vec<Contribution> = lines.into_iter().map(|l| l.c).collect();
    let mut dimensions = Vec::new();
    for d in Dimension::ALL {
        let unclamped = raw[&d];
        let score = unclamped.clamp(0.0, 100.0);
        let weight = profile.weight(d);
        if score != unclamped {
            let by = score - unclamped;
            let shown = format!("{}{}", if by < 0.0 { "-" } else { "+" }, trim(by.abs()));
            let mut c = blank(ContributionKind::Clamp, d, shown, "clamp", by);
            c.cited = true;
            c.reason = Some("dimension scores stay within 0..100".into());
            c.points = score - unclamped;
            contributions.push(c);
        }
        dimensions.push(DimensionScore {
            dimension: d,
            score,
            weight,
            points: weight / 100.0 * score,
            facts: contributions
                .iter()
                .filter(|c| {
                    c.dimension == d
                        && matches!(c.kind, ContributionKind::Fact | ContributionKind::Missing)
                })
                .count(),
        });
    }
    for c in &mut contributions {
        c.weight = profile.weight(c.dimension);
        c.points *= c.weight / 100.0;
    }
    let composite: f64 = dimensions.iter().map(|d| d.points).sum();
    ScoreReport {
        profile: profile.name.clone(),
        composite,
        band: Band::of(composite),
        stated_composite: composite,
        stated_band: Band::of(composite),
        uncited_claims,
        dimensions,
        contributions,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands() {
        assert_eq!(Band::of(0.0), Band::Low);
        assert_eq!(Band::of(19.99), Band::Low);
        assert_eq!(Band::of(20.0), Band::Moderate);
        assert_eq!(Band::of(39.99), Band::Moderate);
        assert_eq!(Band::of(40.0), Band::Elevated);
        assert_eq!(Band::of(59.99), Band::Elevated);
        assert_eq!(Band::of(60.0), Band::High);
        assert_eq!(Band::of(79.99), Band::High);
        assert_eq!(Band::of(80.0), Band::Critical);
        assert_eq!(Band::of(100.0), Band::Critical);
        assert_eq!(Band::Elevated.as_str(), "elevated");
    }

    #[test]
    fn the_number_shown_is_in_the_band_shown() {
        assert_eq!(round1(42.25), 42.3);
        assert_eq!(round1(42.24), 42.2);
        assert_eq!(round1(19.99), 19.9, "not 20.0: 19.99 is low");
        assert_eq!(round1(39.95), 39.9);
        assert_eq!(round1(20.04), 20.0);
        for i in 0..=100_000 {
            let x = i as f64 / 1000.0;
            assert_eq!(Band::of(round1(x)), Band::of(x), "{x}");
        }
    }

    #[test]
    fn default_profile_sums_to_100() {
        let p = &builtin_profiles()[0];
        let w: Vec<(String, f64)> = p
            .weights
            .iter()
            .map(|(d, w)| (d.key().to_string(), *w))
            .collect();
        assert!(check_profile_weights(&w).is_empty());
        let bad = vec![
            ("security".to_string(), 60.0),
            ("regulatry".to_string(), 30.0),
        ];
        let problems = check_profile_weights(&bad);
        assert_eq!(problems.len(), 2);
        assert!(problems[0].message.contains("did you mean `regulatory`"));
        assert!(problems[1].message.contains("sum to 90"));
    }
}
