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
    /// The rubric row's rationale, or the adjustment's reason.
    pub reason: Option<String>,
    /// The fact's key, or the adjustment item, in the dossier.
    #[serde(skip)]
    pub range: Option<TextRange>,
}

impl Contribution {
    /// `section.key` of the fact the line scores (`None` for adjustments
    /// and clamps).
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
            ContributionKind::Fact | ContributionKind::Missing => {
                self.fact_path().unwrap_or_default()
            }
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
    pub composite: f64,
    pub band: Band,
    pub dimensions: Vec<DimensionScore>,
    pub contributions: Vec<Contribution>,
}

impl ScoreReport {
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
/// stale evidence scores as stale.
pub fn score_with(
    view: &DossierView,
    profile: &Profile,
    staleness: Option<&Staleness>,
) -> ScoreReport {
    let r = rubric();
    let facts = view.facts();
    let mut contributions = Vec::new();
    let mut per_dim: BTreeMap<Dimension, Vec<usize>> = BTreeMap::new();
    for def in FACTS {
        let present = facts
            .iter()
            .find(|f| f.section == def.section && f.key == def.key && def.domain.accepts(f.value));
        let weight = profile.weight(def.dimension);
        let (kind, value, row, cites, range) = match present {
            Some(f) => {
                let value = match f.value.as_sequence() {
                    Some(items) => format!(
                        "[{}]",
                        items
                            .iter()
                            .filter_map(|i| i.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                    None => f.word().unwrap_or_default().to_string(),
                };
                let Some(mut row) = r.row(def, f.value) else {
                    continue;
                };
                if let (Some(st), Some(as_of)) = (staleness, f.as_of) {
                    if f.word() == Some("yes") && st.is_stale(def, as_of.text) {
                        if let Some(stale) = r.rows(def.key).and_then(|rows| rows.get("stale")) {
                            row = stale;
                        }
                    }
                }
                let cites = f
                    .cites
                    .iter()
                    .map(|c| c.text.to_string())
                    .collect::<Vec<_>>();
                (
                    ContributionKind::Fact,
                    value,
                    row,
                    cites,
                    Some(f.entry.key.range),
                )
            }
            None => {
                let Some(row) = r.absent(def) else { continue };
                (
                    ContributionKind::Missing,
                    "(absent)".to_string(),
                    row,
                    Vec::new(),
                    None,
                )
            }
        };
        let cited = !cites.is_empty() || value == catalogue::NOT_DISCLOSED;
        per_dim
            .entry(def.dimension)
            .or_default()
            .push(contributions.len());
        contributions.push(Contribution {
            kind,
            section: Some(def.section.into()),
            key: Some(def.key.into()),
            value,
            row: row.key.clone(),
            rubric_points: row.points,
            importance: r.importance(def.key),
            dimension: def.dimension,
            weight,
            points: 0.0,
            cited,
            cites,
            reason: Some(row.rationale.clone()),
            range,
        });
    }
    // Each fact is its importance's share of its dimension.
    for idx in per_dim.values() {
        let total: f64 = idx.iter().map(|&i| contributions[i].importance).sum();
        for &i in idx {
            let c = &mut contributions[i];
            c.points = c.weight / 100.0 * c.rubric_points * c.importance / total;
        }
    }
    // Adjustments, then clamps.
    let mut raw: BTreeMap<Dimension, f64> = BTreeMap::new();
    for d in Dimension::ALL {
        let idx = per_dim.get(&d).cloned().unwrap_or_default();
        let total: f64 = idx.iter().map(|&i| contributions[i].importance).sum();
        let mean = if total > 0.0 {
            idx.iter()
                .map(|&i| contributions[i].rubric_points * contributions[i].importance)
                .sum::<f64>()
                / total
        } else {
            0.0
        };
        raw.insert(d, mean);
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
        *raw.entry(d).or_default() += delta;
        let weight = profile.weight(d);
        let cites = item
            .node
            .value("cite")
            .map(dossier_schema::view::cite_ids)
            .unwrap_or_default();
        contributions.push(Contribution {
            kind: ContributionKind::Adjustment,
            section: None,
            key: None,
            value: format!("{delta:+}"),
            row: "adjustment".into(),
            rubric_points: delta,
            importance: 1.0,
            dimension: d,
            weight,
            points: weight / 100.0 * delta,
            cited: !cites.is_empty(),
            cites: cites.iter().map(|c| c.text.to_string()).collect(),
            reason: item.field("reason").map(|r| r.text.to_string()),
            range: Some(item.node.range),
        });
    }
    let mut dimensions = Vec::new();
    for d in Dimension::ALL {
        let unclamped = raw[&d];
        let score = unclamped.clamp(0.0, 100.0);
        let weight = profile.weight(d);
        if score != unclamped {
            contributions.push(Contribution {
                kind: ContributionKind::Clamp,
                section: None,
                key: None,
                value: format!("{:+}", score - unclamped),
                row: "clamp".into(),
                rubric_points: score - unclamped,
                importance: 1.0,
                dimension: d,
                weight,
                points: weight / 100.0 * (score - unclamped),
                cited: true,
                cites: Vec::new(),
                reason: Some("dimension scores stay within 0..100".into()),
                range: None,
            });
        }
        dimensions.push(DimensionScore {
            dimension: d,
            score,
            weight,
            points: weight / 100.0 * score,
            facts: per_dim.get(&d).map_or(0, Vec::len),
        });
    }
    let composite: f64 = dimensions.iter().map(|d| d.points).sum();
    ScoreReport {
        profile: profile.name.clone(),
        composite,
        band: Band::of(composite),
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
