//! Values the schema must read or refuse, each with one located message:
//! numbers the rules cannot read, bad values in the full form, impossible
//! dates, duplicate and empty ids (issues 18 and 19).

use crate::common::*;

const CONFIG: &str = "today = \"2026-11-24\"\n[questions]\nbaseline = false\ntriggered = false\n";

fn dossier_with(tail: &str) -> String {
    format!(
        "dossier: 1\nvendor:\n  name: Example AI\nassessment:\n  as_of: 2026-11-01\nsources:\n  s1:\n    url: https://example.com/trust\n    title: T\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\n{tail}"
    )
}

/// Every schema diagnostic of `text`: `line:col  covered text  message`.
fn schema_lines(text: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dossier.toml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("v.dossier.yaml"), text).unwrap();
    let o = dossier_in(dir.path(), &["check", "--format", "json", "v.dossier.yaml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "schema")
        .map(|d| {
            format!(
                "{}:{}  {}  {}",
                d["start"]["line"],
                d["start"]["column"],
                covered(text, d),
                d["message"].as_str().unwrap()
            )
        })
        .collect()
}

fn report(cases: &[(&str, &str)]) -> String {
    let mut out = String::new();
    for (section, fact) in cases {
        let text = dossier_with(&format!("facts:\n  {section}:\n    {fact}\n"));
        out.push_str(&format!("{fact}\n"));
        for l in schema_lines(&text) {
            out.push_str(&format!("  {l}\n"));
        }
    }
    out
}

#[test]
fn numbers_the_rules_cannot_read_are_diagnosed() {
    insta::assert_snapshot!(report(&[
        (
            "data_handling",
            "retention_period_days: {value: 99999999999999999999, cite: s1}"
        ),
        (
            "data_handling",
            "retention_period_days: -99999999999999999999"
        ),
        (
            "data_handling",
            "retention_period_days: {value: 365.0, cite: s1}"
        ),
        ("data_handling", "retention_period_days: 1e3"),
        (
            "data_handling",
            "retention_period_days: {value: 365.5, cite: s1}"
        ),
        ("data_handling", "x_days: {value: 365.0, cite: s1}"),
    ]));
}

#[test]
fn bad_values_in_the_full_form_get_the_shorthand_message_on_the_value() {
    insta::assert_snapshot!(report(&[
        ("data_handling", "retention_period_days: thirty"),
        (
            "data_handling",
            "retention_period_days: {value: thirty, cite: s1}"
        ),
        (
            "data_handling",
            "retention_period_days: {value: -1, cite: s1}"
        ),
        ("data_handling", "default_data_residency: XX"),
        (
            "data_handling",
            "default_data_residency: {value: XX, cite: s1}"
        ),
        (
            "data_handling",
            "default_data_residency: {value: \"de\", cite: s1}"
        ),
        ("data_handling", "retention_period_days: [1, 2]"),
        (
            "data_handling",
            "retention_period_days: {value: [1, 2], cite: s1}"
        ),
        ("security_compliance", "soc2_type2: true"),
        ("security_compliance", "soc2_type2: {value: true, cite: s1}"),
        (
            "security_compliance",
            "soc2_type2: {value: yes, cite: s1, as_of: 2026-02-30}"
        ),
        (
            "security_compliance",
            "soc2_type2: {value: yes, cite: s1, as_of: 2024-02-29}"
        ),
    ]));
}

#[test]
fn duplicate_and_empty_ids_are_flagged_at_each_occurrence() {
    let text = dossier_with(
        "facts:\n  security_compliance:\n    soc2_type2: {value: yes, cite: s1}\n\
findings:\n  - {id: f1, title: A, stance: concern, severity: low, dimension: security, text: t, cite: s1}\n  - {id: f1, title: B, stance: concern, severity: low, dimension: security, text: t, cite: s1}\n  - {id: \"\", title: C, stance: concern, severity: low, dimension: security, text: t, cite: s1}\n\
incidents:\n  - {id: i1, date: 2025-01-01, title: t, severity: low, resolved: yes, cite: s1}\n  - {id: i1, date: 2025-02-01, title: t, severity: low, resolved: yes, cite: s1}\n\
attestations:\n  - {id: a1, scheme: iso_27001, issued: 2025-01-01, cite: s1}\n  - {id: a1, scheme: iso_27701, issued: 2025-01-01, cite: s1}\n\
questions:\n  - {id: Q01, ask: a, status: open}\n  - {id: Q01, ask: a, status: answered, answer: b, cite: s1}\n",
    );
    insta::assert_snapshot!(schema_lines(&text).join("\n"));
}
