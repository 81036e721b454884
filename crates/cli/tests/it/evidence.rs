//! Issue 23 through the real binary: the score rests on evidence (claims,
//! lapsed attestations, incidents, findings, applicability), says how much
//! does not, the rating is checked against it, and the review gate sees it.

use std::path::Path;

use serde_json::Value;

use crate::common::*;
use crate::diff::git;

const TODAY: &str = "2026-11-24";

fn score_json(dir: &Path, file: &str) -> Value {
    let o = dossier_in(
        dir,
        &[
            "score",
            "--today",
            TODAY,
            "--explain",
            "--format",
            "json",
            file,
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

fn contribution<'a>(v: &'a Value, subject_key: &str) -> &'a Value {
    v["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == subject_key)
        .unwrap_or_else(|| panic!("no contribution {subject_key}"))
}

const CLOUD: &str = "dossier: 1
vendor:
  name: Nimbus IaaS
  kind: cloud_provider
assessment:
  as_of: 2026-11-01
sources:
  trust:
    url: https://example.com/trust
    title: Trust center
    kind: vendor_disclosure
    retrieved: 2026-11-01
facts:
  security_compliance:
    iso_27001: {value: yes, cite: trust}
    soc2_type2: yes
  data_handling:
    encryption_at_rest: {value: yes, cite: trust}
attestations:
  - id: iso-cert
    scheme: iso_27001
    issued: 2024-06-01
    valid_until: 2026-05-31
    cite: trust
";

#[test]
fn score_json_reads_the_evidence_and_says_how_much_is_unverified() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("n.dossier.yaml"), CLOUD).unwrap();
    let v = score_json(dir.path(), "n.dossier.yaml");
    // The expired certificate: `yes` scores `expired` and names it.
    let iso = contribution(&v, "iso_27001");
    assert_eq!(iso["row"], "expired");
    assert_eq!(iso["lapsed_attestations"], serde_json::json!(["iso-cert"]));
    // The uncited claim: `claimed`, and the composite as stated beside it.
    assert_eq!(contribution(&v, "soc2_type2")["row"], "claimed");
    assert_eq!(v["uncited_claims"], 1);
    let (c, s) = (
        v["composite"].as_f64().unwrap(),
        v["stated_composite"].as_f64().unwrap(),
    );
    assert!(c > s, "{c} vs {s}");
    assert!((v["unverified_points"].as_f64().unwrap() - (c - s)).abs() < 1e-9);
    // AI-only facts are listed for a cloud provider, not scored.
    let prov = contribution(&v, "training_data_provenance");
    assert_eq!(
        (prov["kind"].as_str(), prov["points"].as_f64()),
        (Some("not_applicable"), Some(0.0))
    );
    // Renewing the certificate restores the `yes` row and lowers the score.
    std::fs::write(
        dir.path().join("n.dossier.yaml"),
        CLOUD.replace("valid_until: 2026-05-31", "valid_until: 2029-05-31"),
    )
    .unwrap();
    let renewed = score_json(dir.path(), "n.dossier.yaml");
    assert_eq!(contribution(&renewed, "iso_27001")["row"], "yes");
    assert!(renewed["composite"].as_f64().unwrap() < c);
    // The human output says it in one line under the composite.
    let o = dossier_in(dir.path(), &["score", "--today", TODAY, "n.dossier.yaml"]);
    let out = stdout(&o);
    let lines: Vec<&str> = out.lines().take(2).collect();
    assert!(
        lines[1].contains("points rest on 1 uncited claim:") && lines[1].contains("as stated"),
        "{lines:?}"
    );
}

#[test]
fn incidents_and_findings_move_the_score_and_the_rating_is_checked() {
    let dir = tempfile::tempdir().unwrap();
    let with = format!(
        "{CLOUD}  - {{id: dummy, scheme: other, cite: trust}}\nincidents:\n  - {{id: leak, date: 2026-10-01, title: Leak, severity: critical, cite: trust, resolved: no}}\nfindings:\n  - {{id: weak-keys, title: Weak keys, stance: concern, severity: high, dimension: data_handling, text: t, cite: trust}}\n"
    )
    .replace("as_of: 2026-11-01\n", "as_of: 2026-11-01\n  rating: proceed\n");
    std::fs::write(dir.path().join("n.dossier.yaml"), CLOUD).unwrap();
    std::fs::write(dir.path().join("m.dossier.yaml"), &with).unwrap();
    let a = score_json(dir.path(), "n.dossier.yaml");
    let b = score_json(dir.path(), "m.dossier.yaml");
    let leak = contribution(&b, "leak");
    assert_eq!(
        (leak["kind"].as_str(), leak["dimension"].as_str()),
        (Some("incident"), Some("security"))
    );
    let weak = contribution(&b, "weak-keys");
    assert_eq!(
        (weak["kind"].as_str(), weak["dimension"].as_str()),
        (Some("finding"), Some("data_handling"))
    );
    let moved = b["composite"].as_f64().unwrap() - a["composite"].as_f64().unwrap();
    // The lines that explain the move: the incident, the finding and the
    // clamp that keeps the security dimension within 0..100.
    let clamps = |v: &Value| -> f64 {
        v["contributions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["kind"] == "clamp")
            .map(|c| c["points"].as_f64().unwrap())
            .sum()
    };
    let explained =
        leak["points"].as_f64().unwrap() + weak["points"].as_f64().unwrap() + clamps(&b)
            - clamps(&a);
    assert!((moved - explained).abs() < 1e-9, "{moved} vs {explained}");
    // `rating: proceed` with an open critical incident is a warning on the rating.
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "m.dossier.yaml",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let d = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["rule"] == "rating-contradicts-evidence")
        .expect("rating-contradicts-evidence");
    assert_eq!(d["severity"], "warning");
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("incident `leak` is critical and not resolved"));
}

#[test]
fn not_applicable_needs_a_reason() {
    let dir = tempfile::tempdir().unwrap();
    let text = CLOUD.replace(
        "    encryption_at_rest: {value: yes, cite: trust}\n",
        "    encryption_at_rest: {value: yes, cite: trust}\n    hipaa_baa_available: not_applicable\n    dpa_available: {value: not_applicable, note: we send it no personal data}\n",
    );
    std::fs::write(dir.path().join("n.dossier.yaml"), text).unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "n.dossier.yaml",
        ],
    );
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let uncited: Vec<&str> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "uncited-fact")
        .map(|d| d["message"].as_str().unwrap())
        .collect();
    assert!(
        uncited.iter().any(|m| m
            .contains("hipaa_baa_available` is `not_applicable` but says neither why nor where")),
        "{uncited:?}"
    );
    assert!(
        !uncited.iter().any(|m| m.contains("dpa_available")),
        "{uncited:?}"
    );
    let s = score_json(dir.path(), "n.dossier.yaml");
    assert_eq!(contribution(&s, "dpa_available")["kind"], "not_applicable");
}

fn repo_with(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::write(d.join("acme.dossier.yaml"), text).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    dir
}

fn gate(dir: &Path, extra: &[&str]) -> (i32, Value, String) {
    let mut args = vec![
        "diff", "--git", "HEAD", "--today", TODAY, "--format", "json",
    ];
    args.extend_from_slice(extra);
    let o = dossier_in(dir, &args);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    (o.status.code().unwrap_or(-1), v, stderr(&o))
}

fn conditions(v: &Value) -> Vec<String> {
    v["files"][0]["worse_because"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|w| w["condition"].as_str().unwrap().to_string())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn the_gate_fails_a_change_that_strips_every_citation() {
    let example =
        std::fs::read_to_string(repo_root().join("examples/alibaba-cloud.dossier.yaml")).unwrap();
    let dir = repo_with(&example);
    // Every `cite:` of a fact removed, nothing else.
    let stripped: String = example
        .lines()
        .map(
            |l| match (l.find(", cite: "), l.trim_start().starts_with("cite:")) {
                (Some(i), _) if l.trim_end().ends_with('}') => format!("{}}}", &l[..i]),
                _ => l.to_string(),
            },
        )
        .collect::<Vec<_>>()
        .join("\n");
    assert_ne!(stripped, example);
    std::fs::write(
        dir.path().join("acme.dossier.yaml"),
        format!("{stripped}\n"),
    )
    .unwrap();
    let (code, v, _) = gate(dir.path(), &["--fail-on", "worse"]);
    assert_eq!(code, 1, "{v}");
    let why = conditions(&v);
    assert!(why.contains(&"citation_lost".to_string()), "{why:?}");
    assert!(why.contains(&"composite_rose".to_string()), "{why:?}");
    // Human output names the conditions too.
    let o = dossier_in(
        dir.path(),
        &[
            "diff",
            "--git",
            "HEAD",
            "--today",
            TODAY,
            "--fail-on",
            "worse",
        ],
    );
    assert!(
        stdout(&o).contains("Worse: composite rose"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn the_gate_fails_a_lapsed_attestation_and_a_new_error() {
    let dir = repo_with(CLOUD);
    // A renamed source whose citations were not updated: new errors.
    let renamed = CLOUD.replace("  trust:\n", "  trust-center:\n");
    std::fs::write(dir.path().join("acme.dossier.yaml"), &renamed).unwrap();
    let (code, v, _) = gate(dir.path(), &["--fail-on", "worse"]);
    assert_eq!(code, 1, "{v}");
    assert!(conditions(&v).contains(&"new_error".to_string()), "{v}");
    // An attestation that lapses between the versions.
    let valid = CLOUD.replace("valid_until: 2026-05-31", "valid_until: 2027-05-31");
    let dir = repo_with(&valid);
    std::fs::write(dir.path().join("acme.dossier.yaml"), CLOUD).unwrap();
    let (code, v, _) = gate(dir.path(), &["--fail-on", "worse"]);
    assert_eq!(code, 1);
    assert!(
        conditions(&v).contains(&"attestation_lapsed".to_string()),
        "{v}"
    );
    // A change that only adds a citation is not worse.
    let dir = repo_with(CLOUD);
    std::fs::write(
        dir.path().join("acme.dossier.yaml"),
        CLOUD.replace("soc2_type2: yes", "soc2_type2: {value: yes, cite: trust}"),
    )
    .unwrap();
    let (code, v, _) = gate(dir.path(), &["--fail-on", "worse"]);
    assert_eq!(code, 0, "{v}");
    assert!(conditions(&v).is_empty());
}

#[test]
fn fail_on_band_stops_a_new_vendor_nobody_has_evidence_for() {
    let dir = repo_with(CLOUD);
    std::fs::write(
        dir.path().join("unknown.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Unknown AI\n  kind: frontier_builder\n",
    )
    .unwrap();
    let (code, _, err) = gate(dir.path(), &["--fail-on", "band:elevated"]);
    assert_eq!(code, 1);
    assert!(
        err.contains("unknown.dossier.yaml is in band") && err.contains("--fail-on band:elevated"),
        "{err}"
    );
    let (code, _, err) = gate(dir.path(), &["--fail-on", "band:critical"]);
    assert_eq!(code, 0, "{err}");
    let o = dossier_in(
        dir.path(),
        &["diff", "--git", "HEAD", "--fail-on", "band:severe"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("use `worse` or `band:BAND`"),
        "{}",
        stderr(&o)
    );
}
