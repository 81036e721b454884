//! Calibration, the sum invariant, rubric rows and the explanation.

use dossier_schema::catalogue::{Domain, FACTS};
use dossier_schema::dates::Day;
use dossier_schema::view::DossierView;
use dossier_score::{builtin_profiles, score, score_with, Band, ContributionKind, Staleness};
use proptest::prelude::*;

fn root(manifest_rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(manifest_rel)
}

fn staleness(today: &str) -> Staleness {
    Staleness::new(Day::parse(today).unwrap())
}

fn score_text(text: &str, today: &str) -> dossier_score::ScoreReport {
    let parse = dossier_syntax::parse(text);
    let root = parse.root.expect("parses");
    score_with(
        &DossierView::new(&root),
        &builtin_profiles()[0],
        Some(&staleness(today)),
    )
}

fn sum(r: &dossier_score::ScoreReport) -> f64 {
    r.contributions.iter().map(|c| c.points).sum()
}

fn view_score(text: &str) -> dossier_score::ScoreReport {
    let parse = dossier_syntax::parse(text);
    let root = parse.root.expect("parses");
    score(&DossierView::new(&root), &builtin_profiles()[0])
}

#[test]
fn seed_000_lands_in_its_band_near_its_score() {
    let text = std::fs::read_to_string(root("tests/fixtures/seed000.dossier.yaml")).unwrap();
    // As of the pack's own date (its assessment.as_of), with `score`...
    let r = view_score(&text);
    assert_eq!(r.band, Band::Elevated, "{:.1}", r.composite);
    assert!(
        (r.composite - 42.2).abs() <= 3.0,
        "seed 000 says 42.2; we say {:.1}",
        r.composite
    );
    assert!((sum(&r) - r.composite).abs() < 1e-9);
    // ...and with an explicit today, as `dossier score --today` does.
    let explicit = score_text(&text, "2026-04-19");
    assert_eq!(explicit.composite, r.composite);
}

#[test]
fn score_judges_freshness_as_of_the_assessment() {
    let fresh = "dossier: 1\nassessment: {as_of: 2025-06-01}\nfacts:\n  security_compliance:\n    soc2_type2: {value: yes, cite: s, as_of: 2025-01-01}\n";
    let c = |r: &dossier_score::ScoreReport| {
        let c = r.fact("security_compliance", "soc2_type2").unwrap();
        (c.row.clone(), c.rubric_points)
    };
    assert_eq!(c(&view_score(fresh)), ("yes".to_string(), 0.0));
    let later = fresh.replace("as_of: 2025-06-01", "as_of: 2026-06");
    assert_eq!(c(&view_score(&later)), ("stale".to_string(), 45.0));
    let undated = fresh.replace("assessment: {as_of: 2025-06-01}\n", "");
    assert_eq!(c(&view_score(&undated)), ("yes".to_string(), 0.0));
}

#[test]
fn the_example_lands_in_the_same_band_and_explains_every_point() {
    let text = std::fs::read_to_string(root("../../examples/alibaba-cloud.dossier.yaml")).unwrap();
    let r = score_text(&text, "2026-11-24");
    assert_eq!(r.band, Band::Elevated);
    assert!((sum(&r) - r.composite).abs() < 1e-9);
    // crates/cli/tests/score_text.rs renders its explanation.
}

#[test]
fn changing_one_cited_fact_moves_the_composite_by_its_contribution_exactly() {
    let text = std::fs::read_to_string(root("../../examples/alibaba-cloud.dossier.yaml")).unwrap();
    let before = score_text(&text, "2026-11-24");
    let changed = text.replace(
        "trains_on_user_data: {value: opt_out_available, cite: data-usage}",
        "trains_on_user_data: {value: no, cite: data-usage}",
    );
    assert_ne!(changed, text);
    let after = score_text(&changed, "2026-11-24");
    let b = before.fact("data_handling", "trains_on_user_data").unwrap();
    let a = after.fact("data_handling", "trains_on_user_data").unwrap();
    assert_eq!((b.rubric_points, a.rubric_points), (60.0, 0.0));
    let delta = after.composite - before.composite;
    assert!(
        (delta - (a.points - b.points)).abs() < 1e-9,
        "{delta} vs {}",
        a.points - b.points
    );
    // 25% weight, importance 2 of 12.6 in data handling: 60 points × 2/12.6 × 0.25.
    assert!((delta + 60.0 * 2.0 / 12.6 * 0.25).abs() < 1e-9, "{delta}");
    // Every other contribution is unchanged.
    for (x, y) in before.contributions.iter().zip(&after.contributions) {
        if x.key.as_deref() != Some("trains_on_user_data") {
            assert_eq!(x.points, y.points, "{:?}", x.key);
        }
    }
}

#[test]
fn rubric_rows_are_pinned() {
    let cases = [
        // security
        ("security_compliance", "soc2_type2", "yes", 0.0),
        ("security_compliance", "soc2_type2", "no", 80.0),
        ("security_compliance", "soc2_type2", "not_disclosed", 55.0),
        ("security_compliance", "soc2_type2", "contradictory", 80.0),
        ("security_compliance", "c5", "not_disclosed", 30.0),
        ("security_compliance", "c5", "contradictory", 40.0),
        // regulatory
        ("security_compliance", "iso_42001", "not_disclosed", 55.0),
        ("security_compliance", "fedramp", "no", 40.0),
        ("regulatory", "eu_ai_act_role", "gpai_provider", 40.0),
        ("regulatory", "eu_ai_act_role", "not_disclosed", 50.0),
        ("regulatory", "eu_ai_act_role", "contradictory", 60.0),
        ("regulatory", "gpai_code_of_practice_signatory", "no", 80.0),
        // data handling
        ("data_handling", "trains_on_user_data", "opt_in", 15.0),
        (
            "data_handling",
            "trains_on_user_data",
            "opt_out_available",
            60.0,
        ),
        (
            "data_handling",
            "trains_on_user_data",
            "not_disclosed",
            75.0,
        ),
        (
            "data_handling",
            "trains_on_user_data",
            "contradictory",
            100.0,
        ),
        ("data_handling", "default_data_residency", "DE", 0.0),
        ("data_handling", "default_data_residency", "JP", 20.0),
        ("data_handling", "default_data_residency", "US", 35.0),
        ("data_handling", "default_data_residency", "BR", 50.0),
        ("data_handling", "default_data_residency", "CN", 90.0),
        (
            "data_handling",
            "data_residency_options",
            "[CN, SG, DE]",
            0.0,
        ),
        ("data_handling", "data_residency_options", "[CN, SG]", 45.0),
        ("data_handling", "retention_period_days", "30", 0.0),
        ("data_handling", "retention_period_days", "31", 20.0),
        ("data_handling", "retention_period_days", "365", 50.0),
        ("data_handling", "retention_period_days", "400", 80.0),
        (
            "data_handling",
            "retention_period_days",
            "not_disclosed",
            60.0,
        ),
        (
            "data_handling",
            "hipaa_baa_available",
            "not_disclosed",
            30.0,
        ),
        // ip exposure
        ("ip_profile", "user_owns_outputs", "conditional", 45.0),
        ("ip_profile", "user_owns_outputs", "contradictory", 100.0),
        ("ip_profile", "input_ip_protection", "weak", 80.0),
        (
            "ip_profile",
            "training_data_provenance",
            "not_disclosed",
            90.0,
        ),
        ("ip_profile", "known_ip_lawsuits", "yes", 90.0),
        // jurisdiction
        (
            "jurisdiction",
            "government_data_access_risk",
            "critical",
            100.0,
        ),
        (
            "jurisdiction",
            "government_data_access_risk",
            "not_disclosed",
            60.0,
        ),
        ("jurisdiction", "incorporation_risk", "contradictory", 100.0),
        ("jurisdiction", "incorporation_country", "CN", 90.0),
        ("jurisdiction", "subject_to_cn", "yes", 70.0),
        ("jurisdiction", "subject_to_eu", "no", 50.0),
        // transparency
        ("governance", "privacy_policy", "https://example.com/p", 0.0),
        ("governance", "privacy_policy", "not_disclosed", 50.0),
        ("governance", "red_teaming_program", "not_disclosed", 55.0),
        ("governance", "government_contracts", "yes", 30.0),
        // business stability
        ("business", "key_person_departures", "yes", 90.0),
        ("business", "key_person_departures", "contradictory", 90.0),
        ("business", "funding_stage", "early", 60.0),
        ("business", "going_concern_doubt", "not_disclosed", 40.0),
        // dependency chain
        ("dependencies", "open_weights_available", "no", 40.0),
        (
            "dependencies",
            "upstream_model_risk_mitigation",
            "not_disclosed",
            55.0,
        ),
        (
            "dependencies",
            "foundation_model_dependencies_disclosed",
            "contradictory",
            80.0,
        ),
    ];
    for (section, key, value, points) in cases {
        let text = format!("dossier: 1\nfacts:\n  {section}:\n    {key}: {value}\n");
        let r = score_text(&text, "2026-11-24");
        let c = r.fact(section, key).unwrap();
        assert_eq!(c.kind, ContributionKind::Fact, "{section}.{key}: {value}");
        assert_eq!(c.rubric_points, points, "{section}.{key}: {value}");
    }
}

#[test]
fn absent_facts_cost_their_not_disclosed_row_and_are_listed() {
    let r = score_text(
        "dossier: 1\nfacts:\n  data_handling:\n    dpa_available: {value: yes, cite: s}\n",
        "2026-11-24",
    );
    let missing = r
        .contributions
        .iter()
        .filter(|c| c.kind == ContributionKind::Missing)
        .count();
    assert_eq!(
        missing,
        FACTS.len() - 1,
        "every other catalogue fact is listed"
    );
    let c = r.fact("data_handling", "retention_period_days").unwrap();
    assert_eq!(c.kind, ContributionKind::Missing);
    assert_eq!((c.row.as_str(), c.rubric_points), ("not_disclosed", 60.0));
    assert!(c.range.is_none());
    let x = score_text(
        "dossier: 1\nfacts:\n  data_handling:\n    x_custom: {value: yes, cite: s}\n",
        "2026-11-24",
    );
    assert!(
        x.contributions
            .iter()
            .all(|c| c.key.as_deref() != Some("x_custom")),
        "x_ facts are not scored"
    );
}

#[test]
fn adjustments_and_clamps_are_contributions() {
    let text = "dossier: 1\nfacts:\n  business:\n    key_person_departures: {value: no, cite: s}\n    recent_ownership_change: {value: no, cite: s}\n    going_concern_doubt: {value: no, cite: s}\n    funding_stage: {value: public, cite: s}\nadjustments:\n  - {dimension: business_stability, delta: -20, reason: long track record, cite: s}\n  - {dimension: jurisdiction, delta: 15, reason: new export rules, cite: s}\n";
    let r = score_text(text, "2026-11-24");
    let biz = r
        .dimension(dossier_score::Dimension::BusinessStability)
        .unwrap();
    assert_eq!(biz.score, 0.0, "2 - 20 clamps to 0");
    let kinds: Vec<_> = r
        .contributions
        .iter()
        .filter(|c| c.dimension == dossier_score::Dimension::BusinessStability)
        .map(|c| c.kind)
        .collect();
    assert!(
        kinds.contains(&ContributionKind::Adjustment) && kinds.contains(&ContributionKind::Clamp)
    );
    let adj = r
        .contributions
        .iter()
        .find(|c| c.reason.as_deref() == Some("new export rules"))
        .unwrap();
    assert_eq!(adj.points, 15.0 * 0.15);
    assert!(adj.range.is_some());
    assert!((sum(&r) - r.composite).abs() < 1e-9);
}

#[test]
fn stale_evidence_scores_the_stale_row() {
    let text = "dossier: 1\nfacts:\n  security_compliance:\n    soc2_type2: {value: yes, cite: s, as_of: 2025-01-01}\n";
    assert_eq!(
        score_text(text, "2025-06-01")
            .fact("security_compliance", "soc2_type2")
            .unwrap()
            .rubric_points,
        0.0
    );
    assert_eq!(
        score_text(text, "2026-06-01")
            .fact("security_compliance", "soc2_type2")
            .unwrap()
            .rubric_points,
        45.0
    );
}

#[test]
fn an_empty_dossier_is_not_low_risk() {
    let r = score_text("dossier: 1\n", "2026-11-24");
    assert!(r
        .contributions
        .iter()
        .all(|c| c.kind == ContributionKind::Missing));
    assert!(
        r.band >= Band::Elevated,
        "unknown vendors are not safe: {:.1}",
        r.composite
    );
}

fn value_strategy(domain: Domain) -> BoxedStrategy<String> {
    match domain {
        Domain::Country => {
            prop::sample::select(vec!["DE", "US", "CN", "GB", "BR", "not_disclosed"])
                .prop_map(str::to_string)
                .boxed()
        }
        Domain::Countries => {
            prop::sample::select(vec!["[DE, FR]", "[US]", "[CN, SG]", "not_disclosed"])
                .prop_map(str::to_string)
                .boxed()
        }
        Domain::Url => Just("https://example.com/x".to_string()).boxed(),
        Domain::Text => Just("text".to_string()).boxed(),
        Domain::Integer => (0u32..2000).prop_map(|n| n.to_string()).boxed(),
        _ => prop::sample::select(domain.words().unwrap())
            .prop_map(str::to_string)
            .boxed(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn contributions_sum_to_the_composite(
        picks in proptest::collection::vec((0..FACTS.len(), any::<prop::sample::Index>()), 0..40),
        adjustments in proptest::collection::vec((0usize..8, -20i32..=20), 0..6),
        stale in any::<bool>(),
    ) {
        let mut by_section: std::collections::BTreeMap<&str, Vec<String>> = Default::default();
        let mut seen = std::collections::HashSet::new();
        for (i, idx) in picks {
            let def = &FACTS[i];
            if !seen.insert(def.key) { continue; }
            let values: Vec<String> = (0..8).map(|k| {
                let mut runner = proptest::test_runner::TestRunner::deterministic();
                for _ in 0..k { let _ = value_strategy(def.domain).new_tree(&mut runner); }
                value_strategy(def.domain).new_tree(&mut runner).unwrap().current()
            }).collect();
            let v = idx.get(&values).clone();
            let as_of = if stale { ", as_of: 2020-01-01" } else { "" };
            by_section.entry(def.section).or_default().push(format!("    {}: {{value: {v}, cite: s{as_of}}}", def.key));
        }
        let mut text = String::from("dossier: 1\nfacts:\n");
        for (s, lines) in &by_section {
            text.push_str(&format!("  {s}:\n{}\n", lines.join("\n")));
        }
        text.push_str("adjustments:\n");
        for (d, delta) in &adjustments {
            text.push_str(&format!("  - {{dimension: {}, delta: {delta}, reason: r, cite: s}}\n", dossier_schema::catalogue::Dimension::ALL[*d].key()));
        }
        let r = score_text(&text, "2026-11-24");
        prop_assert!((sum(&r) - r.composite).abs() < 0.05, "{} vs {}", sum(&r), r.composite);
        prop_assert!((0.0..=100.0).contains(&r.composite));
        for d in &r.dimensions { prop_assert!((0.0..=100.0).contains(&d.score)); }
    }
}

#[test]
fn docs_rubric_md_is_generated_from_the_data() {
    let doc = std::fs::read_to_string(root("../../docs/rubric.md")).unwrap_or_default();
    let table = dossier_score::rubric_table_markdown();
    assert!(doc.contains(&table), "docs/rubric.md is out of date: regenerate the table with `cargo run -p dossier-score --example rubric_table`");
    let start = doc.find("| fact | dimension |").unwrap();
    assert_eq!(
        &doc[start..start + table.len()],
        table,
        "the generated part of docs/rubric.md is exactly rubric_table_markdown()"
    );
}
