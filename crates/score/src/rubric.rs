//! The rubric, read once from `data/rubric.toml` (shipped in the binary).

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::OnceLock;

use dossier_schema::catalogue::{self, Domain, FactDef};
use dossier_schema::types::Scheme;
use dossier_syntax::{Node, ScalarKind};

const RUBRIC_TOML: &str = include_str!("../data/rubric.toml");

/// One rubric row: what a value costs, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// The row's key: a value (`yes`), or a band (`eu`, `365`, `present`).
    pub key: String,
    pub points: f64,
    pub rationale: String,
}

#[derive(Debug)]
pub struct Rubric {
    /// fact key -> value row key -> row
    rows: BTreeMap<String, BTreeMap<String, Row>>,
    countries: BTreeMap<String, Vec<String>>,
    importance: BTreeMap<String, f64>,
    /// `[claims] share`: how far an uncited value moves towards `not_disclosed`.
    claims_share: f64,
    /// `[incidents]`: severity -> row of points added to the dimension.
    incidents: BTreeMap<String, Row>,
    incident_resolved_share: f64,
    incident_decay_months: u32,
    /// `[findings.concern]` / `[findings.strength]`: severity -> row.
    concerns: BTreeMap<String, Row>,
    strengths: BTreeMap<String, Row>,
    strength_floor: f64,
}

fn parse_rows(table: &toml::Table) -> BTreeMap<String, Row> {
    table
        .iter()
        .filter_map(|(k, v)| {
            let a = v.as_array()?;
            let points = a
                .first()?
                .as_integer()
                .map(|i| i as f64)
                .or_else(|| a.first()?.as_float())?;
            let rationale = a.get(1)?.as_str()?.to_string();
            Some((
                k.clone(),
                Row {
                    key: k.clone(),
                    points,
                    rationale,
                },
            ))
        })
        .collect()
}

impl Rubric {
    fn load() -> Rubric {
        let doc: toml::Table = RUBRIC_TOML
            .parse()
            .expect("data/rubric.toml is valid TOML (tested)");
        let classes = doc
            .get("class")
            .and_then(|c| c.as_table())
            .cloned()
            .unwrap_or_default();
        let own = doc
            .get("own")
            .and_then(|c| c.as_table())
            .cloned()
            .unwrap_or_default();
        let mut rows = BTreeMap::new();
        if let Some(facts) = doc.get("fact").and_then(|f| f.as_table()) {
            for (key, class) in facts {
                if let Some(t) = class
                    .as_str()
                    .and_then(|c| classes.get(c))
                    .and_then(|t| t.as_table())
                {
                    rows.insert(key.clone(), parse_rows(t));
                }
            }
        }
        for (key, t) in &own {
            if let Some(t) = t.as_table() {
                rows.insert(key.clone(), parse_rows(t));
            }
        }
        let countries = doc
            .get("countries")
            .and_then(|c| c.as_table())
            .map(|t| {
                t.iter()
                    .map(|(k, v)| {
                        let list = v
                            .as_array()
                            .map(|a| {
                                a.iter()
                                    .filter_map(|x| x.as_str().map(str::to_string))
                                    .collect()
                            })
                            .unwrap_or_default();
                        (k.clone(), list)
                    })
                    .collect()
            })
            .unwrap_or_default();
        let importance = doc
            .get("importance")
            .and_then(|c| c.as_table())
            .map(|t| {
                t.iter()
                    .filter_map(|(k, v)| {
                        Some((
                            k.clone(),
                            v.as_float().or_else(|| v.as_integer().map(|i| i as f64))?,
                        ))
                    })
                    .collect()
            })
            .unwrap_or_default();
        // The `stale` row only means something for facts whose evidence
        // goes stale (the catalogue says which), the `expired` row only for
        // facts an attestation scheme stands for.
        for (key, r) in rows.iter_mut() {
            if catalogue::FACTS
                .iter()
                .all(|d| d.key != key.as_str() || d.freshness.is_none())
            {
                r.remove("stale");
            }
            if !Scheme::ALL
                .iter()
                .any(|s| s.attests().is_some_and(|(_, k)| k == key.as_str()))
            {
                r.remove("expired");
            }
        }
        let table = |path: &[&str]| -> toml::Table {
            let mut t = Some(&doc);
            for p in path {
                t = t.and_then(|t| t.get(*p)).and_then(|v| v.as_table());
            }
            t.cloned().unwrap_or_default()
        };
        let number = |t: &toml::Table, key: &str| -> Option<f64> {
            let v = t.get(key)?;
            v.as_float().or_else(|| v.as_integer().map(|i| i as f64))
        };
        let claims = table(&["claims"]);
        let incidents = table(&["incidents"]);
        let strengths = table(&["findings", "strength"]);
        Rubric {
            rows,
            countries,
            importance,
            claims_share: number(&claims, "share").unwrap_or(0.5),
            incident_resolved_share: number(&incidents, "resolved_share").unwrap_or(0.5),
            incident_decay_months: number(&incidents, "decay_months").unwrap_or(24.0) as u32,
            incidents: parse_rows(&incidents),
            concerns: parse_rows(&table(&["findings", "concern"])),
            strength_floor: number(&strengths, "floor").unwrap_or(-10.0),
            strengths: parse_rows(&strengths),
        }
    }

    /// The rows of a fact, in file order of the value domain.
    pub fn rows(&self, key: &str) -> Option<&BTreeMap<String, Row>> {
        self.rows.get(key)
    }

    /// How far an uncited value moves from its row towards `not_disclosed`
    /// (0 to 1).
    pub fn claims_share(&self) -> f64 {
        self.claims_share
    }

    /// The points an open incident of `severity` adds to its dimension.
    pub fn incident(&self, severity: &str) -> Option<&Row> {
        self.incidents.get(severity)
    }

    /// A resolved incident starts at this share of its points...
    pub fn incident_resolved_share(&self) -> f64 {
        self.incident_resolved_share
    }

    /// ...and fades to nothing over this many months.
    pub fn incident_decay_months(&self) -> u32 {
        self.incident_decay_months
    }

    /// The points a finding adds to (concern) or takes from (strength) its
    /// dimension.
    pub fn finding(&self, strength: bool, severity: &str) -> Option<&Row> {
        if strength {
            self.strengths.get(severity)
        } else {
            self.concerns.get(severity)
        }
    }

    /// The most strengths may take from one dimension (a negative number).
    pub fn strength_floor(&self) -> f64 {
        self.strength_floor
    }

    /// A fact's importance within its dimension (default 1).
    pub fn importance(&self, key: &str) -> f64 {
        self.importance.get(key).copied().unwrap_or(1.0)
    }

    /// The country lists (`eu`, `adequate`, `us`, `high_risk`), in file order of bands.
    pub fn country_lists(&self) -> impl Iterator<Item = (&str, &[String])> {
        ["eu", "adequate", "us", "high_risk"]
            .into_iter()
            .filter_map(|b| Some((b, self.countries.get(b)?.as_slice())))
    }

    /// The country band (`eu`, `adequate`, `us`, `high_risk`, `other`).
    pub fn country_band(&self, code: &str) -> &str {
        for band in ["eu", "adequate", "us", "high_risk"] {
            if self
                .countries
                .get(band)
                .is_some_and(|l| l.iter().any(|c| c == code))
            {
                return band;
            }
        }
        "other"
    }

    /// The row that applies to a fact's value node, if the value is in its domain.
    pub fn row(&self, def: &FactDef, value: &Node) -> Option<&Row> {
        let rows = self.rows.get(def.key)?;
        if !def.domain.accepts(value) {
            return None;
        }
        let word = value.as_str();
        if let Some(
            w @ (catalogue::NOT_DISCLOSED | catalogue::CONTRADICTORY | catalogue::NOT_APPLICABLE),
        ) = word
        {
            // `not_applicable` has a row only where it is a value of the
            // fact's own domain (`eu_ai_act_role`); elsewhere it is not scored.
            return rows.get(w);
        }
        let key: String = match def.domain {
            Domain::State | Domain::Level | Domain::Enum(_) => word?.to_string(),
            Domain::Url | Domain::Text => "present".into(),
            Domain::Integer => {
                // Bands `up_to_N` (the smallest that fits), else `over_N`.
                let ScalarKind::Int(n) = value.as_scalar()?.kind else {
                    return None;
                };
                let band = rows
                    .keys()
                    .filter_map(|k| Some((k.strip_prefix("up_to_")?.parse::<i64>().ok()?, k)))
                    .filter(|(limit, _)| n <= *limit)
                    .min_by_key(|(limit, _)| *limit)
                    .map(|(_, k)| k.clone());
                band.or_else(|| rows.keys().find(|k| k.starts_with("over_")).cloned())?
            }
            Domain::Country => self.country_band(word?).to_string(),
            Domain::Countries => {
                let items = value.as_sequence()?;
                let has_eu = items
                    .iter()
                    .filter_map(Node::as_str)
                    .any(|c| self.country_band(c) == "eu");
                if has_eu { "eu" } else { "no_eu" }.into()
            }
        };
        rows.get(&key)
    }

    /// What an absent fact costs: its `not_disclosed` row.
    pub fn absent(&self, def: &FactDef) -> Option<&Row> {
        self.rows.get(def.key)?.get(catalogue::NOT_DISCLOSED)
    }
}

pub fn rubric() -> &'static Rubric {
    static R: OnceLock<Rubric> = OnceLock::new();
    R.get_or_init(Rubric::load)
}

/// The rubric as Markdown: one table row per rubric row (fact, dimension,
/// importance, value, points, rationale), then the country lists. docs/rubric.md
/// contains it verbatim (a test keeps them in sync).
pub fn rubric_table_markdown() -> String {
    let r = rubric();
    let mut s = String::from(
        "| fact | dimension | importance | value | points | rationale |\n|---|---|---:|---|---:|---|\n",
    );
    for def in catalogue::FACTS {
        let Some(rows) = r.rows(def.key) else {
            continue;
        };
        // Domain values in catalogue order, then bands from cheap to costly,
        // then `stale`, `not_disclosed`, `contradictory`.
        let markers = [
            "stale",
            "expired",
            catalogue::NOT_DISCLOSED,
            catalogue::CONTRADICTORY,
        ];
        let words: Vec<&str> = def
            .domain
            .words()
            .unwrap_or_default()
            .into_iter()
            .filter(|w| !markers.contains(w))
            .collect();
        let mut ordered: Vec<&Row> = words.iter().filter_map(|w| rows.get(*w)).collect();
        let mut bands: Vec<&Row> = rows
            .values()
            .filter(|row| {
                !words.contains(&row.key.as_str()) && !markers.contains(&row.key.as_str())
            })
            .collect();
        bands.sort_by(|a, b| a.points.total_cmp(&b.points));
        ordered.extend(bands);
        ordered.extend(markers.iter().filter_map(|m| rows.get(*m)));
        for (i, row) in ordered.iter().enumerate() {
            let (fact, dim, imp) = if i == 0 {
                (
                    format!(
                        "`{}.{}`{}",
                        def.section,
                        def.key,
                        if def.applies.excluded().is_empty() {
                            ""
                        } else {
                            " (AI vendors)"
                        }
                    ),
                    def.dimension.key().to_string(),
                    crate::trim(r.importance(def.key)),
                )
            } else {
                (String::new(), String::new(), String::new())
            };
            let _ = writeln!(
                s,
                "| {fact} | {dim} | {imp} | `{}` | {} | {} |",
                row.key,
                crate::trim(row.points),
                row.rationale
            );
        }
    }
    let _ = writeln!(
        s,
        "\nAn uncited value scores its `claimed` row: {}% of the way from its own row to the fact's `not_disclosed` row (never below its own row).",
        crate::trim(r.claims_share() * 100.0)
    );
    s.push_str("\nPoints added to a dimension (incidents: `security` unless they name another; findings: their `dimension`):\n\n| item | severity | points | rationale |\n|---|---|---:|---|\n");
    for sev in ["critical", "high", "medium", "low", "info"] {
        for (item, row) in [
            ("open incident", r.incident(sev)),
            ("concern finding", r.finding(false, sev)),
            ("strength finding", r.finding(true, sev)),
        ] {
            if let Some(row) = row {
                let _ = writeln!(
                    s,
                    "| {item} | `{sev}` | {} | {} |",
                    crate::trim(row.points),
                    row.rationale
                );
            }
        }
    }
    let _ = writeln!(
        s,
        "\nA resolved incident starts at {}% of its points and fades to 0 over {} months from `resolved_on` (or its `date`). Strengths lower one dimension by at most {} points in total.",
        crate::trim(r.incident_resolved_share() * 100.0),
        r.incident_decay_months(),
        crate::trim(-r.strength_floor())
    );
    s.push_str("\nCountry bands (`country` and `countries` facts; any other code is `other`):\n\n");
    for (band, codes) in r.country_lists() {
        let _ = writeln!(s, "- `{band}`: {}", codes.join(", "));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_catalogue_fact_has_rows_for_every_word_and_the_markers() {
        let r = rubric();
        for def in catalogue::FACTS {
            let rows = r
                .rows(def.key)
                .unwrap_or_else(|| panic!("no rubric rows for {}", def.key));
            for m in [catalogue::NOT_DISCLOSED, catalogue::CONTRADICTORY] {
                assert!(rows.contains_key(m), "{}: no {m} row", def.key);
            }
            if let Some(words) = def.domain.words() {
                for w in words
                    .into_iter()
                    .filter(|w| *w != catalogue::NOT_APPLICABLE)
                {
                    assert!(rows.contains_key(w), "{}: no row for {w}", def.key);
                }
            }
            for row in rows.values() {
                assert!(
                    (0.0..=100.0).contains(&row.points),
                    "{}: {} out of range",
                    def.key,
                    row.key
                );
                assert!(!row.rationale.is_empty());
            }
        }
    }

    #[test]
    fn contradictory_costs_at_least_the_worse_side() {
        let r = rubric();
        for def in catalogue::FACTS {
            let rows = r.rows(def.key).unwrap();
            let worst = rows
                .values()
                .filter(|row| {
                    ![
                        catalogue::NOT_DISCLOSED,
                        catalogue::CONTRADICTORY,
                        "stale",
                        "expired",
                    ]
                    .contains(&row.key.as_str())
                })
                .map(|row| row.points)
                .fold(0.0, f64::max);
            let c = rows[catalogue::CONTRADICTORY].points;
            assert!(
                c >= worst,
                "{}: contradictory {c} < worst value {worst}",
                def.key
            );
        }
    }

    #[test]
    fn stale_rows_only_where_evidence_can_go_stale() {
        let r = rubric();
        for def in catalogue::FACTS {
            let has = r.rows(def.key).unwrap().contains_key("stale");
            assert_eq!(has, def.freshness.is_some(), "{}", def.key);
        }
    }

    #[test]
    fn expired_rows_exactly_where_a_scheme_attests_and_never_cheaper_than_stale() {
        let r = rubric();
        for def in catalogue::FACTS {
            let rows = r.rows(def.key).unwrap();
            let attested = Scheme::ALL
                .iter()
                .any(|s| s.attests() == Some((def.section, def.key)));
            assert_eq!(rows.contains_key("expired"), attested, "{}", def.key);
            if let (Some(e), Some(st)) = (rows.get("expired"), rows.get("stale")) {
                assert!(e.points >= st.points, "{}", def.key);
            }
        }
    }

    #[test]
    fn incidents_and_findings_have_a_row_per_severity() {
        let r = rubric();
        for sev in ["info", "low", "medium", "high", "critical"] {
            assert!(r.incident(sev).is_some(), "{sev}");
            assert!(r.finding(false, sev).is_some_and(|row| row.points >= 0.0));
            assert!(r.finding(true, sev).is_some_and(|row| row.points <= 0.0));
        }
        assert!((0.0..=1.0).contains(&r.claims_share()));
        assert!(r.strength_floor() <= 0.0);
    }

    #[test]
    fn every_rationale_is_one_line() {
        for def in catalogue::FACTS {
            for row in rubric().rows(def.key).unwrap().values() {
                assert!(!row.rationale.contains('\n') && !row.rationale.contains('|'));
            }
        }
    }
}
