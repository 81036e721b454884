//! Exit codes are a contract with CI scripts: 0 clean, 1 errors, 2 usage or I/O.

mod common;
use common::*;

#[test]
fn zero_when_only_warnings() {
    let o = dossier(&[
        "check",
        "--config",
        "examples/broken/dossier.toml",
        "examples/broken/uncited-fact.dossier.yaml",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    assert!(
        stdout(&o).ends_with("Checked 1 file: 1 warning.\n"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn one_when_an_error() {
    let o = dossier(&[
        "check",
        "--config",
        "examples/broken/dossier.toml",
        "examples/broken/unknown-source.dossier.yaml",
    ]);
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn two_for_a_missing_file_with_its_name() {
    let o = dossier(&["check", "examples/nope.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read examples/nope.dossier.yaml: no such file or directory"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn two_for_an_unreadable_or_invalid_config_with_its_location() {
    let o = dossier(&[
        "check",
        "--config",
        "does/not/exist.toml",
        "examples/broken",
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read does/not/exist.toml"),
        "{}",
        stderr(&o)
    );
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("dossier.toml"),
        "today = \"2026-11-24\"\n[rules]\nuncited-facts = \"off\"\n",
    )
    .unwrap();
    let o = dossier_in(dir.path(), &["check", "."]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("dossier.toml:3:17: unknown rule `uncited-facts` in [rules]: did you mean `uncited-fact`?"), "{}", stderr(&o));
}

#[test]
fn two_for_a_bad_today_and_for_usage_errors() {
    let o = dossier(&["check", "--today", "tomorrow", "examples/broken"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--today tomorrow: not a date"));
    let o = dossier(&["check", "--format", "xml", "examples/broken"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn directories_are_walked_in_a_stable_order() {
    let o = dossier(&[
        "check",
        "--config",
        "examples/broken/dossier.toml",
        "--format",
        "json",
        "examples/broken",
    ]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    assert_eq!(paths.len(), 13);
    assert!(paths
        .iter()
        .all(|p| p.starts_with("examples/broken/") && p.ends_with(".dossier.yaml")));
}
