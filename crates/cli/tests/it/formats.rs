//! Snapshot of every output format over examples/broken/.

use crate::common::*;

fn check(format: &str) -> String {
    let o = dossier(&[
        "check",
        "--config",
        "examples/broken/dossier.toml",
        "--format",
        format,
        "examples/broken",
    ]);
    assert_eq!(o.status.code(), Some(1), "examples/broken has errors");
    stdout(&o)
}

#[test]
fn human() {
    insta::assert_snapshot!(check("human"));
}

#[test]
fn json() {
    insta::assert_snapshot!(check("json"));
}

#[test]
fn sarif() {
    let out = check("sarif");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(v["version"], "2.1.0");
    assert!(v["$schema"].as_str().unwrap().contains("sarif"));
    insta::assert_snapshot!(out.replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn github() {
    insta::assert_snapshot!(check("github"));
}

#[test]
fn junit() {
    let out = check("junit");
    assert!(out.starts_with("<?xml"));
    insta::assert_snapshot!(out);
}

#[test]
fn every_rule_is_documented_with_an_example() {
    let docs = std::fs::read_to_string(repo_root().join("docs/rules.md")).unwrap();
    for rule in dossier_analysis::Rule::ALL {
        let code = rule.code();
        assert!(
            docs.contains(&format!("\n## {code}\n")),
            "docs/rules.md has no section for {code}"
        );
        assert!(
            repo_root()
                .join(format!("examples/broken/{code}.dossier.yaml"))
                .is_file(),
            "examples/broken/{code}.dossier.yaml is missing"
        );
    }
}

/// A problem in dossier.toml is located like a dossier's: relative to where
/// `dossier check` runs (code scanning and GitHub drop absolute paths), and
/// on the `[profiles.NAME]` header, not a comment that mentions it.
#[test]
fn dossier_toml_locations_are_relative_in_sarif_and_github() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dossier.toml"),
        "today = \"2026-11-24\"\n# see [profiles.odd] below\n[profiles.odd]\nsecurity = 50\n",
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("vendors")).unwrap();
    std::fs::copy(
        repo_root().join("examples/alibaba-cloud.dossier.yaml"),
        dir.path().join("vendors/a.dossier.yaml"),
    )
    .unwrap();
    let o = dossier_in(dir.path(), &["check", "--format", "sarif", "."]);
    let sarif: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|r| r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"].as_str())
        .collect();
    assert!(uris.contains(&"dossier.toml"), "{uris:?}");
    assert!(uris.contains(&"vendors/a.dossier.yaml"), "{uris:?}");
    assert!(uris.iter().all(|u| !u.starts_with('/')), "{uris:?}");
    let o = dossier_in(dir.path(), &["check", "--format", "github", "."]);
    assert!(
        stdout(&o).contains("::error file=dossier.toml,line=3,"),
        "{}",
        stdout(&o)
    );
}
