//! Property: over random edits of the example dossier, the changed
//! contributions add up to the change in the composite, and the cents shown
//! add up to the delta shown.

use dossier_analysis::Config;
use dossier_review::{diff, Snapshot};
use dossier_schema::catalogue::{Domain, FACTS};
use proptest::prelude::*;

fn example() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/alibaba-cloud.dossier.yaml"
    ))
    .unwrap()
}

fn today() -> dossier_schema::dates::Day {
    dossier_schema::dates::Day::parse("2026-11-24").unwrap()
}

fn config() -> Config {
    Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    }
}

/// One edit: set a catalogue fact to a value of its domain (as shorthand
/// or full form, cited or not), drop a fact, add an adjustment, or switch
/// the profile's weights by scoring another day.
#[derive(Clone, Debug)]
enum Edit {
    Set {
        fact: usize,
        value: usize,
        full: bool,
    },
    Drop {
        fact: usize,
    },
    Adjust {
        dimension: usize,
        delta: i8,
    },
}

fn value_of(domain: Domain, i: usize) -> String {
    match domain {
        Domain::Country => ["DE", "US", "CN", "RU", "SG"][i % 5].into(),
        Domain::Countries => ["[DE, FR]", "[CN]", "[US, CN, RU]", "[]"][i % 4].into(),
        Domain::Url => "https://example.com/x".into(),
        Domain::Text => "some text".into(),
        Domain::Integer => format!("{}", [0, 30, 365, 3650][i % 4]),
        _ => {
            let words = domain.words().unwrap_or_default();
            words
                .get(i % words.len().max(1))
                .copied()
                .unwrap_or("not_disclosed")
                .to_string()
        }
    }
}

/// Apply an edit by appending to or rewriting the facts mapping; the
/// result is re-parsed, so broken edits are simply unparseable versions.
fn apply(text: &str, edit: &Edit) -> String {
    match edit {
        Edit::Set { fact, value, full } => {
            let def = &FACTS[fact % FACTS.len()];
            let v = value_of(def.domain, *value);
            let written = if *full {
                format!("{{value: {v}, cite: trust-center}}")
            } else {
                v
            };
            replace_fact(text, def.section, def.key, Some(&written))
        }
        Edit::Drop { fact } => {
            let def = &FACTS[fact % FACTS.len()];
            replace_fact(text, def.section, def.key, None)
        }
        Edit::Adjust { dimension, delta } => {
            let d = dossier_score::Dimension::ALL[dimension % 8];
            let block = format!(
                "adjustments:\n  - dimension: {}\n    delta: {}\n    reason: test\n    cite: trust-center\n",
                d.key(),
                delta
            );
            match text.find("\nadjustments:") {
                Some(_) => text.replacen("adjustments:\n", &block, 1),
                None => format!("{text}{block}"),
            }
        }
    }
}

/// Rewrite `section.key` inside `facts:` (one line for shorthand or flow;
/// the indented block of the full form), or add it, or drop it.
fn replace_fact(text: &str, section: &str, key: &str, value: Option<&str>) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let Some(facts) = lines.iter().position(|l| *l == "facts:") else {
        return text.to_string();
    };
    let sec = lines[facts..]
        .iter()
        .position(|l| *l == format!("  {section}:"))
        .map(|i| i + facts);
    let mut out: Vec<String> = lines.iter().map(|s| s.to_string()).collect();
    let Some(sec) = sec else {
        if let Some(v) = value {
            out.insert(facts + 1, format!("  {section}:\n    {key}: {v}"));
        }
        return out.join("\n") + "\n";
    };
    let prefix = format!("    {key}:");
    let mut i = sec + 1;
    while i < out.len() && (out[i].starts_with("    ") || out[i].is_empty()) {
        if out[i].starts_with(&prefix) {
            let mut end = i + 1;
            while end < out.len() && out[end].starts_with("      ") {
                end += 1;
            }
            out.drain(i..end);
            if let Some(v) = value {
                out.insert(i, format!("{prefix} {v}"));
            }
            return out.join("\n") + "\n";
        }
        i += 1;
    }
    if let Some(v) = value {
        out.insert(sec + 1, format!("{prefix} {v}"));
    }
    out.join("\n") + "\n"
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0..FACTS.len(), 0usize..8, any::<bool>()).prop_map(|(fact, value, full)| Edit::Set {
            fact,
            value,
            full
        }),
        (0..FACTS.len()).prop_map(|fact| Edit::Drop { fact }),
        (0usize..8, -20i8..=20).prop_map(|(dimension, delta)| Edit::Adjust { dimension, delta }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    #[test]
    fn the_explanation_adds_up_to_the_delta(
        old_edits in proptest::collection::vec(edit(), 0..4),
        new_edits in proptest::collection::vec(edit(), 1..8),
    ) {
        let base = example();
        let old = old_edits.iter().fold(base.clone(), |t, e| apply(&t, e));
        let new = new_edits.iter().fold(old.clone(), |t, e| apply(&t, e));
        let config = config();
        let (a, b) = (Snapshot::read("old", old.as_bytes(), &config, today()), Snapshot::read("new", new.as_bytes(), &config, today()));
        prop_assume!(a.score.is_some() && b.score.is_some());
        let d = diff("x.dossier.yaml", Some(a.side()), Some(b.side()));
        let m = d.score.expect("both versions are scored");
        let sum: f64 = m.contributions.iter().map(|c| c.delta).sum();
        prop_assert!((sum - m.delta).abs() < 1e-9, "sum {} != delta {}", sum, m.delta);
        prop_assert!(
            (m.delta - (b.score.as_ref().unwrap().composite - a.score.as_ref().unwrap().composite)).abs() < 1e-12
        );
        prop_assert_eq!(m.shown_cents().iter().sum::<i64>(), m.delta_cents());
        // A version compared with itself has no change at all.
        let same = diff("x.dossier.yaml", Some(b.side()), Some(b.side()));
        prop_assert!(same.is_empty(), "{:?}", same.changes);
    }
}

#[test]
fn the_edits_really_move_the_score() {
    // Guard against a property that holds vacuously: an edit changes the
    // composite, and the engine explains it with the fact that moved.
    let base = example();
    let new = replace_fact(&base, "jurisdiction", "sanctions_risk", Some("critical"));
    assert_ne!(base, new);
    let config = config();
    let (a, b) = (
        Snapshot::read("old", base.as_bytes(), &config, today()),
        Snapshot::read("new", new.as_bytes(), &config, today()),
    );
    let d = diff("x", Some(a.side()), Some(b.side()));
    let m = d.score.unwrap();
    assert!(m.delta > 0.0);
    assert_eq!(m.contributions.len(), 1, "{:?}", m.contributions);
    assert_eq!(m.contributions[0].subject, "jurisdiction.sanctions_risk");
    assert!(d.worse);
}
