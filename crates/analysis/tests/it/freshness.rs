//! One freshness table: for every catalogue fact, if the date rules call
//! its `yes` stale, the score uses the rubric's `stale` row for it.

use dossier_analysis::{Config, Rule};
use dossier_schema::catalogue::FACTS;

#[test]
fn evidence_the_date_rules_call_stale_scores_as_stale() {
    let config = Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    };
    let mut stale_facts = 0;
    for def in FACTS {
        if !def.domain.words().is_some_and(|w| w.contains(&"yes")) {
            continue;
        }
        let text = format!(
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nsources:\n  s:\n    url: https://example.com\n    title: t\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  {}:\n    {}: {{value: yes, cite: s, as_of: 2001-01-01}}\n",
            def.section, def.key
        );
        let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
        let as_of = text.find("2001-01-01").unwrap();
        let flagged = analysis
            .diagnostics
            .iter()
            .any(|d| d.rule == Rule::StaleEvidence && d.range.start == as_of);
        let row = &analysis
            .score
            .as_ref()
            .unwrap()
            .fact(def.section, def.key)
            .unwrap()
            .row;
        if flagged {
            stale_facts += 1;
        }
        assert_eq!(
            flagged,
            row == "stale",
            "`{}.{}`: the date rules {} it stale, the score uses row `{row}`",
            def.section,
            def.key,
            if flagged { "call" } else { "do not call" }
        );
    }
    assert!(stale_facts >= 4, "only {stale_facts} facts can go stale");
}
