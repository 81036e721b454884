//! Every rule fires, on the right range, in its examples/broken/ file; and
//! does not fire on a clean dossier.

use crate::common::*;

const CONFIG: &str = "examples/broken/dossier.toml";

/// (rule, file, the exact source text the first such diagnostic covers, 1-based line, column, severity)
const CASES: &[(&str, &str, &str, u64, u64, &str)] = &[
    ("syntax", "syntax", "iso_27001", 17, 5, "error"),
    ("schema", "schema", "soc2_typ2", 17, 5, "error"),
    (
        "uncited-fact",
        "uncited-fact",
        "soc2_type2",
        17,
        5,
        "warning",
    ),
    (
        "unknown-source",
        "unknown-source",
        "trust-centre",
        16,
        35,
        "error",
    ),
    (
        "unused-source",
        "unused-source",
        "old-blog-post",
        14,
        3,
        "hint",
    ),
    (
        "contradictory-needs-two",
        "contradictory-needs-two",
        "contradictory",
        16,
        34,
        "warning",
    ),
    (
        "stale-evidence",
        "stale-evidence",
        "2025-06-30",
        13,
        16,
        "warning",
    ),
    (
        "expired-attestation",
        "expired-attestation",
        "2026-10",
        22,
        18,
        "error",
    ),
    ("expires-soon", "expires-soon", "2026-12", 23, 18, "warning"),
    ("future-date", "future-date", "2027-01-15", 13, 16, "error"),
    (
        "unanswered-question",
        "unanswered-question",
        "answered",
        20,
        13,
        "info",
    ),
    (
        "bad-suppression",
        "bad-suppression",
        "# dossier: ignore[uncited-fact]",
        17,
        5,
        "warning",
    ),
    (
        "questionnaire-conflict",
        "questionnaire-conflict",
        "no",
        22,
        33,
        "warning",
    ),
];

#[test]
fn each_rule_fires_on_its_range() {
    for (rule, file, text, line, col, severity) in CASES {
        let path = format!("examples/broken/{file}.dossier.yaml");
        let source = std::fs::read_to_string(repo_root().join(&path)).unwrap();
        let (_, diags) = json_diagnostics(&["--config", CONFIG, &path]);
        let d = diags
            .iter()
            .find(|d| d["rule"] == *rule)
            .unwrap_or_else(|| panic!("{rule} does not fire in {path}: {diags:#?}"));
        assert_eq!(covered(&source, d), *text, "{rule}: range");
        assert_eq!(d["start"]["line"], *line, "{rule}: line");
        assert_eq!(d["start"]["column"], *col, "{rule}: column");
        assert_eq!(d["severity"], *severity, "{rule}: severity");
        let message = d["message"].as_str().unwrap();
        assert!(
            !message.contains('\n') && message.contains(':'),
            "{rule}: one line that says what to do: {message}"
        );
    }
}

#[test]
fn each_broken_file_shows_only_its_rule() {
    for (rule, file, ..) in CASES {
        let path = format!("examples/broken/{file}.dossier.yaml");
        let (_, diags) = json_diagnostics(&["--config", CONFIG, &path]);
        let others: Vec<_> = diags
            .iter()
            .filter(|d| {
                d["rule"] != *rule && !(*rule == "unknown-source" && d["rule"] == "unused-source")
            })
            .collect();
        assert!(others.is_empty(), "{path} shows other rules: {others:#?}");
    }
}

/// A dossier with nothing wrong: no rule fires.
const CLEAN: &str = "\
dossier: 1
vendor:
  name: Clean AI
assessment:
  as_of: 2026-11-01
  profile: default-balanced
sources:
  trust-center:
    url: https://example.com/trust
    retrieved: 2026-11-01
facts:
  security_compliance:
    soc2_type2: {value: yes, cite: trust-center, as_of: 2026-06-30}
    iso_42001: not_disclosed
  data_handling:
    trains_on_user_data: {value: contradictory, cite: [trust-center, trust-center-2]}
attestations:
  - id: soc2
    scheme: soc2_type2
    period_end: 2026-06-30
    valid_until: 2027-06
    cite: trust-center
questions:
  - id: Q01
    ask: Provide your most recent SOC 2 Type II report (with bridge letter if applicable).
    status: answered
    answer: Sent on 2026-10-02.
    cite: trust-center
";

#[test]
fn no_rule_fires_on_a_clean_dossier() {
    let dir = tempfile::tempdir().unwrap();
    let text = CLEAN.replace(
        "    retrieved: 2026-11-01\nfacts:",
        "    retrieved: 2026-11-01\n  trust-center-2:\n    url: https://example.com/dpa\n    retrieved: 2026-11-01\nfacts:",
    );
    std::fs::write(dir.path().join("clean.dossier.yaml"), text).unwrap();
    std::fs::copy(repo_root().join(CONFIG), dir.path().join("dossier.toml")).unwrap();
    let o = dossier_in(
        dir.path(),
        &["check", "--format", "json", "clean.dossier.yaml"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        v["files"][0]["diagnostics"],
        serde_json::json!([]),
        "{}",
        stdout(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn suppression_with_reason_silences_only_its_rule_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::fs::read_to_string(repo_root().join("examples/broken/uncited-fact.dossier.yaml"))
            .unwrap();
    let text = base.replace(
        "    soc2_type2: yes\n",
        "    # dossier: ignore[uncited-fact] the report is under NDA; see ticket 42\n    soc2_type2: yes\n    c5: yes # dossier: ignore[schema] wrong rule on purpose\n",
    );
    std::fs::write(dir.path().join("s.dossier.yaml"), text).unwrap();
    std::fs::copy(repo_root().join(CONFIG), dir.path().join("dossier.toml")).unwrap();
    let o = dossier_in(dir.path(), &["check", "--format", "json", "s.dossier.yaml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let rules: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["rule"].as_str().unwrap(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        rules,
        vec![("uncited-fact", 19)],
        "only c5 (suppressed for the wrong rule) remains"
    );
}

#[test]
fn severities_come_from_dossier_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_root().join("examples/broken/uncited-fact.dossier.yaml"),
        dir.path().join("u.dossier.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("dossier.toml"), "today = \"2026-11-24\"\n[rules]\nuncited-fact = \"error\"\n[questions]\nbaseline = false\ntriggered = false\n").unwrap();
    let o = dossier_in(dir.path(), &["check", "--format", "json", "u.dossier.yaml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files"][0]["diagnostics"][0]["severity"], "error");
    assert_eq!(
        o.status.code(),
        Some(1),
        "an error-severity diagnostic fails the check"
    );
    std::fs::write(
        dir.path().join("dossier.toml"),
        "[rules]\nuncited-fact = \"off\"\n[questions]\nbaseline = false\ntriggered = false\n",
    )
    .unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "u.dossier.yaml",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files"][0]["diagnostics"], serde_json::json!([]));
}

#[test]
fn unknown_owasp_and_nist_ids_are_schema_errors_with_fixes() {
    let dir = tempfile::tempdir().unwrap();
    let base =
        std::fs::read_to_string(repo_root().join("examples/broken/uncited-fact.dossier.yaml"))
            .unwrap();
    let text = format!(
        "{base}findings:\n  - id: f\n    title: t\n    stance: concern\n    severity: low\n    dimension: security\n    text: x\n    cite: trust-center\n    owasp: [LLM01:2023]\n    nist: [MAP 4.7, GOVERN 7]\n"
    );
    std::fs::write(dir.path().join("f.dossier.yaml"), &text).unwrap();
    std::fs::copy(repo_root().join(CONFIG), dir.path().join("dossier.toml")).unwrap();
    let o = dossier_in(dir.path(), &["check", "--format", "json", "f.dossier.yaml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let found: Vec<(String, String, serde_json::Value)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "schema")
        .map(|d| {
            (
                covered(&text, d),
                d["message"].as_str().unwrap().to_string(),
                d["fixes"][0]["edits"][0]["text"].clone(),
            )
        })
        .collect();
    assert_eq!(found.len(), 3, "{found:#?}");
    assert_eq!(found[0].0, "LLM01:2023");
    assert_eq!(found[0].2, "LLM01:2025");
    assert!(
        found[1]
            .1
            .contains("MAP 4 has subcategories MAP 4.1 to MAP 4.2"),
        "{}",
        found[1].1
    );
    assert_eq!(found[2].0, "GOVERN 7");
}
