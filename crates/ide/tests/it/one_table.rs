//! Every action that inserts a question for a fact inserts the template the
//! `missing-question` rule requires for it: the rule, its quick fix and
//! "Ask the vendor" all read the template table in `dossier_score::questions`.

use dossier_analysis::{Analysis, Config, Rule};
use dossier_ide::{assists, Ctx};
use dossier_schema::catalogue::FACTS;
use dossier_syntax::TextRange;

fn config() -> Config {
    Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    }
}

/// A dossier with one fact, written `value`, plus everything a baseline
/// needs (so only the fact's own question can be missing).
fn dossier(section: &str, key: &str, value: &str) -> String {
    let mut s = String::from(
        "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nsources:\n  s:\n    url: https://example.com\n    title: t\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\n",
    );
    s.push_str(&format!("facts:\n  {section}:\n    {key}: {value}\n"));
    s.push_str("questions:\n");
    for t in dossier_score::questions::baseline() {
        s.push_str(&format!("  - id: {}\n    ask: a\n    status: open\n", t.id));
    }
    s
}

/// The question ids an edit text inserts.
fn inserted_ids(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.trim_start().strip_prefix("- id: "))
        .map(|id| id.trim().to_string())
        .collect()
}

fn key_range(text: &str, key: &str) -> TextRange {
    let at = text.find(&format!("    {key}:")).unwrap() + 4;
    TextRange::new(at, at + key.len())
}

/// The ids the quick fixes of the `missing-question` diagnostics on the
/// fact's key insert.
fn rule_fix_ids(analysis: &Analysis, key: TextRange) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.rule == Rule::MissingQuestion && d.range == key)
        .flat_map(|d| d.fixes.iter().flat_map(|f| &f.edits))
        .flat_map(|e| inserted_ids(&e.text))
        .collect()
}

fn ask_ids(text: &str, analysis: &Analysis, config: &Config, key: TextRange) -> Vec<String> {
    let ctx = Ctx {
        text,
        analysis,
        config,
    };
    assists(&ctx, key)
        .into_iter()
        .filter(|a| a.title.starts_with("Ask the vendor about"))
        .flat_map(|a| a.edits)
        .flat_map(|e| inserted_ids(&e.text))
        .collect()
}

#[test]
fn ask_the_vendor_inserts_what_missing_question_requires() {
    let config = config();
    let mut checked = 0;
    for def in FACTS {
        let text = dossier(def.section, def.key, "not_disclosed");
        let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
        let key = key_range(&text, def.key);
        let required = rule_fix_ids(&analysis, key);
        let asked = ask_ids(&text, &analysis, &config, key);
        if required.is_empty() {
            continue;
        }
        checked += 1;
        assert_eq!(
            asked, required,
            "`{}.{}: not_disclosed`: \"Ask the vendor\" inserts {asked:?}, the rule requires {required:?}",
            def.section, def.key
        );
    }
    assert!(
        checked >= 5,
        "only {checked} facts require a question when undisclosed"
    );
}

#[test]
fn every_trigger_requires_its_template_and_the_fixes_insert_it() {
    use dossier_score::questions::{templates, When};
    let config = config();
    for t in templates() {
        for tr in t.triggers {
            let def = FACTS
                .iter()
                .find(|d| d.key == tr.fact)
                .unwrap_or_else(|| panic!("{}: trigger on unknown fact `{}`", t.id, tr.fact));
            let domain = def.domain.words().unwrap_or_default();
            let values: Vec<String> = match tr.when {
                When::Is(words) => {
                    for w in words {
                        assert!(
                            domain.contains(w),
                            "{}: `{w}` is not a value of `{}`",
                            t.id,
                            tr.fact
                        );
                    }
                    words.iter().map(|w| w.to_string()).collect()
                }
                When::IsNot(words) => domain
                    .iter()
                    .filter(|w| !words.contains(w))
                    .map(|w| w.to_string())
                    .collect(),
                When::Soc2Stale => vec!["{value: yes, cite: s, as_of: 2024-01-01}".to_string()],
            };
            assert!(!values.is_empty(), "{}: a trigger that never fires", t.id);
            for value in values {
                let text = dossier(def.section, def.key, &value);
                let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
                let key = key_range(&text, def.key);
                let required: Vec<&str> = analysis
                    .diagnostics
                    .iter()
                    .filter(|d| d.range == key)
                    .flat_map(|d| d.missing_templates())
                    .collect();
                let what = format!("`{}.{}: {value}`", def.section, def.key);
                assert_eq!(required, [t.id], "{what}: the rule requires");
                assert_eq!(
                    rule_fix_ids(&analysis, key),
                    [t.id],
                    "{what}: the quick fix inserts"
                );
                if value == "not_disclosed" {
                    assert_eq!(
                        ask_ids(&text, &analysis, &config, key),
                        [t.id],
                        "{what}: \"Ask the vendor\" inserts"
                    );
                }
            }
        }
    }
}

#[test]
fn ask_the_vendor_uses_a_template_for_every_fact_a_template_names() {
    use dossier_score::questions::templates;
    let config = config();
    for t in templates() {
        let facts = t
            .triggers
            .iter()
            .map(|tr| tr.fact)
            .chain(t.about.iter().copied());
        for key in facts {
            let def = FACTS
                .iter()
                .find(|d| d.key == key)
                .unwrap_or_else(|| panic!("{}: unknown fact `{key}`", t.id));
            // No questions yet, so no template is already there.
            let full = dossier(def.section, def.key, "not_disclosed");
            let text = format!(
                "{}questions: []\n",
                full.split("questions:\n").next().unwrap()
            );
            let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
            let asked = ask_ids(&text, &analysis, &config, key_range(&text, key));
            assert!(
                asked.len() == 1 && templates().iter().any(|x| x.id == asked[0]),
                "`{key}: not_disclosed` (named by {}): \"Ask the vendor\" inserts {asked:?}, not a template",
                t.id
            );
        }
    }
}
