//! Cursor-marker fixtures: `$0` marks the cursor.

use dossier_analysis::Config;
use dossier_ide::{assists, completions, hover, Ctx};
use dossier_syntax::TextRange;

fn with_cursor(fixture: &str) -> (String, usize) {
    let offset = fixture.find("$0").expect("fixture has a $0 cursor");
    (fixture.replacen("$0", "", 1), offset)
}

fn config() -> Config {
    Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    }
}

fn check_hover(fixture: &str) -> String {
    let (text, offset) = with_cursor(fixture);
    let config = config();
    let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
    let ctx = Ctx {
        text: &text,
        analysis: &analysis,
        config: &config,
    };
    hover(&ctx, offset)
        .map(|h| format!("{}\n---\n{}", &text[h.range.start..h.range.end], h.markdown))
        .unwrap_or_else(|| "(no hover)".into())
}

fn check_completion(fixture: &str) -> Vec<String> {
    let (text, offset) = with_cursor(fixture);
    let config = config();
    let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
    let ctx = Ctx {
        text: &text,
        analysis: &analysis,
        config: &config,
    };
    completions(&ctx, offset)
        .into_iter()
        .map(|c| c.label)
        .collect()
}

fn apply_assist(fixture: &str, title: &str) -> String {
    let (text, offset) = with_cursor(fixture);
    let config = config();
    let analysis = dossier_analysis::analyze(&text, &config, config.today.unwrap());
    let ctx = Ctx {
        text: &text,
        analysis: &analysis,
        config: &config,
    };
    let all = assists(&ctx, TextRange::empty(offset));
    let a = all.iter().find(|a| a.title == title).unwrap_or_else(|| {
        panic!(
            "no `{title}` in {:?}",
            all.iter().map(|a| &a.title).collect::<Vec<_>>()
        )
    });
    let mut out = text.clone();
    let mut edits = a.edits.clone();
    edits.sort_by_key(|e| std::cmp::Reverse(e.range.start));
    for e in edits {
        out.replace_range(e.range.start..e.range.end, &e.text);
    }
    out
}

const BASE: &str = "dossier: 1\nvendor: {name: Acme}\nassessment: {profile: default-balanced}\nsources:\n  dpa:\n    url: https://acme.example/dpa\n    title: Acme DPA\n    retrieved: 2026-10-01\n    verified_by: j.doe\n";

#[test]
fn hover_on_a_fact_key() {
    insta::assert_snapshot!(check_hover(&format!(
        "{BASE}facts:\n  data_handling:\n    dpa_av$0ailable: {{value: yes, cite: dpa}}\n"
    )));
}

#[test]
fn hover_on_a_cite_resolves_the_source() {
    insta::assert_snapshot!(check_hover(&format!(
        "{BASE}facts:\n  data_handling:\n    dpa_available: {{value: yes, cite: d$0pa}}\n"
    )));
}

#[test]
fn hover_on_an_uncited_fact_warns() {
    let h = check_hover(&format!(
        "{BASE}facts:\n  data_handling:\n    encryption_at_re$0st: yes\n"
    ));
    assert!(h.contains("**Uncited**"), "{h}");
}

#[test]
fn hover_on_nist_and_schema_keys() {
    let h = check_hover(&format!("{BASE}facts: {{}}\nfindings:\n  - {{id: f, title: t, stance: concern, severity: low, dimension: security, text: x, cite: dpa, nist: [MAP 4$0.1]}}\n"));
    assert!(
        h.starts_with("MAP 4.1\n---\n**NIST AI RMF MAP 4.1**"),
        "{h}"
    );
    let h = check_hover(&format!(
        "{BASE}facts: {{}}\nattestations:\n  - id: a\n    valid_un$0til: 2027-01\n"
    ));
    assert!(h.contains("End of validity"), "{h}");
}

#[test]
fn completion_of_fact_keys_values_and_ids() {
    let keys = check_completion(&format!(
        "{BASE}facts:\n  data_handling:\n    dpa_available: yes\n    $0\n"
    ));
    assert!(
        keys.contains(&"trains_on_user_data".to_string())
            && !keys.contains(&"dpa_available".to_string()),
        "{keys:?}"
    );
    let values = check_completion(&format!(
        "{BASE}facts:\n  data_handling:\n    trains_on_user_data: $0\n"
    ));
    assert_eq!(
        values,
        [
            "no",
            "opt_in",
            "opt_out_available",
            "yes",
            "not_disclosed",
            "contradictory",
            "not_applicable"
        ]
    );
    let ids = check_completion(&format!("{BASE}facts: {{}}\nquestions:\n  - id: $0\n"));
    assert_eq!(ids.len(), dossier_score::questions::templates().len());
    let owasp = check_completion(&format!(
        "{BASE}facts: {{}}\nfindings:\n  - id: f\n    owasp: [$0]\n"
    ));
    assert_eq!(owasp.len(), 10);
    let top = check_completion(&format!("{BASE}facts: {{}}\n$0\n"));
    assert!(
        top.contains(&"attestations".to_string()) && !top.contains(&"vendor".to_string()),
        "{top:?}"
    );
}

#[test]
fn assist_cite_a_shorthand_fact() {
    insta::assert_snapshot!(apply_assist(
        &format!("{BASE}facts:\n  data_handling:\n    encryption_at_re$0st: yes\n"),
        "Cite source `dpa`"
    ));
}

#[test]
fn assist_create_a_source_stub() {
    insta::assert_snapshot!(apply_assist(
        &format!("{BASE}facts:\n  data_handling:\n    encryption_at_re$0st: yes\n"),
        "Create source `new-source` and cite it"
    ));
}

#[test]
fn assist_ask_the_vendor() {
    let out = apply_assist(&format!("{BASE}facts:\n  data_handling:\n    hipaa_baa_avail$0able: not_disclosed\nquestions: []\n"), "Ask the vendor about HIPAA BAA available");
    assert!(
        out.contains("questions:\n  - id: T-HIPAA-BAA\n    ask: Confirm whether you will sign"),
        "{out}"
    );
}

#[test]
fn assist_suppress_leaves_the_reason_to_the_analyst() {
    let out = apply_assist(
        &format!("{BASE}facts:\n  data_handling:\n    encryption_at_re$0st: yes\n"),
        "Suppress `uncited-fact` on this line (then say why)",
    );
    assert!(
        out.contains("\n    # dossier: ignore[uncited-fact] \n    encryption_at_rest: yes\n"),
        "{out}"
    );
}

#[test]
fn urls_with_bidi_or_zero_width_characters_are_not_links() {
    let text = "dossier: 1\nsources:\n  a:\n    url: https://example.com/ok\n  b:\n    url: \"https://evil\\u202emoc.elgoog\"\n  c:\n    url: \"https://exa\\u200bmple.com\"\n";
    let config = config();
    let analysis = dossier_analysis::analyze(text, &config, config.today.unwrap());
    let ctx = Ctx {
        text,
        analysis: &analysis,
        config: &config,
    };
    let targets: Vec<String> = dossier_ide::document_links(&ctx)
        .into_iter()
        .map(|l| l.target)
        .collect();
    assert_eq!(targets, ["https://example.com/ok"]);
}

#[test]
fn hover_on_a_fact_shows_the_questionnaire_answers_that_bear_on_it() {
    let h = check_hover(
        "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nsources:\n  caiq:\n    url: https://example.com/caiq\n    kind: vendor_response\n    retrieved: 2026-11-01\nfacts:\n  security_controls:\n    mfa_en$0forced: {value: yes, cite: caiq}\nquestionnaires:\n  - id: caiq-v4-1\n    kind: caiq\n    version: \"4.1\"\n    source: caiq\n    answers:\n      IAM-13.1: {answer: yes}\n      IAM-14.1: {answer: no}\n",
    );
    assert!(h.contains("**Questionnaire answers:**"), "{h}");
    // In CAIQ v4.1, strong authentication is IAM-13.1 (IAM-14.1 in v4.0.x).
    assert!(
        h.contains("- CAIQ v4.1 `IAM-13.1`: answered `yes` → `yes`"),
        "{h}"
    );
    assert!(!h.contains("IAM-14.1"), "{h}");
}
