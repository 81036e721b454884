//! `dossier score` as text (the rendering moved here from the score crate,
//! with its snapshots).

use dossier_cli::score_text::render_human;
use dossier_schema::dates::Day;
use dossier_schema::view::DossierView;
use dossier_score::{builtin_profiles, score, score_with, Staleness};

fn root(rel: &str) -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(rel)
}

fn score_text(text: &str, today: &str) -> dossier_score::ScoreReport {
    let parse = dossier_syntax::parse(text);
    let root = parse.root.expect("parses");
    let st = Staleness::new(Day::parse(today).unwrap());
    score_with(&DossierView::new(&root), &builtin_profiles()[0], Some(&st))
}

#[test]
fn seed_000_lands_in_its_band_near_its_score() {
    let text =
        std::fs::read_to_string(root("../score/tests/fixtures/seed000.dossier.yaml")).unwrap();
    let parse = dossier_syntax::parse(&text);
    let r = score(
        &DossierView::new(parse.root.as_ref().unwrap()),
        &builtin_profiles()[0],
    );
    insta::assert_snapshot!(render_human(&r, true));
}

#[test]
fn the_example_lands_in_the_same_band_and_explains_every_point() {
    let text = std::fs::read_to_string(root("../../examples/alibaba-cloud.dossier.yaml")).unwrap();
    let r = score_text(&text, "2026-11-24");
    let explain = render_human(&r, true);
    assert!(explain.contains("UNCITED"), "uncited facts are marked");
    assert!(explain.starts_with("Composite risk 52.1 / 100: elevated"));
    assert!(explain.trim_end().ends_with("shown as 52.1"));
    insta::assert_snapshot!(explain);
}

#[test]
fn adjustments_and_clamps_are_explained() {
    let text = "dossier: 1\nfacts:\n  business:\n    key_person_departures: {value: no, cite: s}\n    recent_ownership_change: {value: no, cite: s}\n    going_concern_doubt: {value: no, cite: s}\n    funding_stage: {value: public, cite: s}\nadjustments:\n  - {dimension: business_stability, delta: -20, reason: long track record, cite: s}\n  - {dimension: jurisdiction, delta: 15, reason: new export rules, cite: s}\n";
    let text = render_human(&score_text(text, "2026-11-24"), true);
    assert!(text.contains("reason: long track record"), "{text}");
    assert!(text.contains("clamp to 0..100"), "{text}");
}
