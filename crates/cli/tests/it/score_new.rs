//! `dossier score` and `dossier new` through the real binary.

use crate::common::*;

#[test]
fn score_of_the_example_is_elevated() {
    let o = dossier(&[
        "score",
        "--today",
        "2026-11-24",
        "examples/alibaba-cloud.dossier.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    assert!(
        out.starts_with("Composite risk 52.1 / 100: elevated (profile default-balanced)"),
        "{out}"
    );
}

#[test]
fn score_json_explains_and_adds_up() {
    let o = dossier(&[
        "score",
        "--today",
        "2026-11-24",
        "--explain",
        "--format",
        "json",
        "examples/alibaba-cloud.dossier.yaml",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let sum: f64 = v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["points"].as_f64().unwrap())
        .sum();
    assert!((sum - v["composite"].as_f64().unwrap()).abs() < 1e-9);
    assert_eq!(v["band"], "elevated");
    assert_eq!(v["dimensions"].as_array().unwrap().len(), 8);
}

#[test]
fn unknown_profile_is_a_usage_error() {
    let o = dossier(&[
        "score",
        "--profile",
        "nope",
        "examples/alibaba-cloud.dossier.yaml",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("unknown profile `nope`"));
}

#[test]
fn profiles_from_dossier_toml_score_and_bad_weights_are_located() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        repo_root().join("examples/alibaba-cloud.dossier.yaml"),
        dir.path().join("a.dossier.yaml"),
    )
    .unwrap();
    std::fs::write(
        dir.path().join("dossier.toml"),
        "today = \"2026-11-24\"\n[profiles.security-only]\nsecurity = 100\n[profiles.broken]\nsecurity = 60\nregulatry = 30\n",
    )
    .unwrap();
    let o = dossier_in(
        dir.path(),
        &["score", "--profile", "security-only", "a.dossier.yaml"],
    );
    assert!(
        stdout(&o).starts_with("Composite risk 35.5 / 100: moderate (profile security-only)"),
        "{}",
        stdout(&o)
    );
    let o = dossier_in(dir.path(), &["check", "--format", "json", "a.dossier.yaml"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let toml = &v["files"][0];
    assert_eq!(
        toml["path"].as_str().unwrap().rsplit('/').next(),
        Some("dossier.toml")
    );
    let messages: Vec<(&str, u64)> = toml["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["message"].as_str().unwrap(),
                d["start"]["line"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        messages,
        vec![
            ("profile `broken`: weights sum to 90, not 100: adjust them so the composite stays on a 0-100 scale", 4),
            ("profile `broken`: `regulatry` is not a dimension: did you mean `regulatory`?", 6),
        ]
    );
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn new_scaffold_passes_check_and_has_the_required_questions() {
    let o = dossier(&["new", "Acme AI", "--today", "2026-11-24"]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    // No modeline by default: it would name a schema file that is not
    // there.
    assert!(
        text.starts_with("# Vendor dossier for Acme AI."),
        "{}",
        &text[..80]
    );
    assert!(!text.contains("yaml-language-server"));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("acme.dossier.yaml"), &text).unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "acme.dossier.yaml",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rules: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["rule"].as_str().unwrap())
        .collect();
    assert!(
        rules
            .iter()
            .all(|r| *r == "uncited-fact" || *r == "unused-source"),
        "{rules:?}"
    );
    assert_eq!(o.status.code(), Some(0));
    for id in ["Q01", "Q12", "T-HIPAA-BAA", "T-GPAI-COP", "T-SOC2-BRIDGE"] {
        assert!(text.contains(&format!("- id: {id}\n")), "{id}");
    }
}

#[test]
fn missing_questions_are_reported_on_the_triggering_fact() {
    // examples/broken/dossier.toml switches the questions off; this file
    // is checked with them on.
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("dossier.toml");
    std::fs::write(&config, "").unwrap();
    let (_, diags) = json_diagnostics(&[
        "--today",
        "2026-11-24",
        "--config",
        config.to_str().unwrap(),
        "examples/broken/missing-question.dossier.yaml",
    ]);
    let source =
        std::fs::read_to_string(repo_root().join("examples/broken/missing-question.dossier.yaml"))
            .unwrap();
    let baa = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("T-HIPAA-BAA"))
        .unwrap();
    assert_eq!(covered(&source, baa), "hipaa_baa_available");
    let q05 = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("Q05"))
        .unwrap();
    assert_eq!(
        covered(&source, q05),
        "dossier",
        "no questions list: reported on the first key"
    );
    // One diagnostic lists every missing baseline question, with one fix
    // that inserts them all.
    let message = q05["message"].as_str().unwrap();
    for t in dossier_score::questions::baseline() {
        assert!(message.contains(t.id), "{} not listed in {message}", t.id);
    }
    // ...and as data, one entry per template id.
    let listed: Vec<&str> = q05["data"]["questions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["template"].as_str().unwrap())
        .collect();
    let baseline: Vec<&str> = dossier_score::questions::baseline().map(|t| t.id).collect();
    assert_eq!(listed, baseline);
    assert_eq!(q05["data"]["kind"], "missing_questions");
    let fixes = q05["fixes"].as_array().unwrap();
    assert_eq!(fixes.len(), 1);
    let inserted = fixes[0]["edits"][0]["text"].as_str().unwrap();
    assert_eq!(inserted.matches("- id: Q").count(), 12, "{inserted}");
    assert_eq!(
        diags
            .iter()
            .filter(|d| d["rule"] == "missing-question")
            .count(),
        2,
        "the baseline questions together, and the BAA question; absent facts trigger nothing"
    );
}

#[test]
fn new_writes_a_schema_modeline_only_when_asked() {
    let o = dossier(&[
        "new",
        "Acme AI",
        "--today",
        "2026-11-24",
        "--schema",
        "../schemas/dossier.schema.json",
    ]);
    assert_eq!(o.status.code(), Some(0));
    let text = stdout(&o);
    let mut lines = text.lines();
    assert_eq!(
        lines.next(),
        Some("# yaml-language-server: $schema=../schemas/dossier.schema.json")
    );
    assert_eq!(
        lines.next(),
        Some("# Vendor dossier for Acme AI. Replace each `not_disclosed` with what the")
    );
    // The rest is the same scaffold as without the modeline.
    let plain = stdout(&dossier(&["new", "Acme AI", "--today", "2026-11-24"]));
    assert_eq!(text.split_once('\n').unwrap().1, plain);
}
