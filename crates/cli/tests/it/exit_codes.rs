//! Exit codes are a contract with CI scripts: 0 clean, 1 errors, 2 usage or I/O.

use crate::common::*;

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
    assert_eq!(paths.len(), 20);
    assert!(paths
        .iter()
        .all(|p| p.starts_with("examples/broken/") && p.ends_with(".dossier.yaml")));
}

/// A profile with NaN or astronomically large weights used to give
/// "Composite risk NaN / 100" (exit 0) in `score` and `render`; both now
/// refuse it with exit 2 and its location, while
/// `check` reports it as a `profile` diagnostic.
#[test]
fn a_profile_that_cannot_score_is_refused_by_score_and_render() {
    for weights in ["security = nan", "security = 1e308"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dossier.toml"),
            format!("today = \"2026-11-24\"\n\n[profiles.odd]\n{weights}\ndata_handling = 100\n\n[profiles.fine]\nsecurity = 100\n"),
        )
        .unwrap();
        let example =
            std::fs::read_to_string(repo_root().join("examples/alibaba-cloud.dossier.yaml"))
                .unwrap()
                .replace("profile: default-balanced", "profile: odd");
        assert!(example.contains("profile: odd"));
        std::fs::write(dir.path().join("v.dossier.yaml"), &example).unwrap();
        for args in [
            &["score", "v.dossier.yaml"][..],
            &["score", "--format", "json", "v.dossier.yaml"],
            &["render", "--format", "markdown", "v.dossier.yaml"],
        ] {
            let o = dossier_in(dir.path(), args);
            assert_eq!(
                o.status.code(),
                Some(2),
                "{args:?} with {weights}: {}",
                stdout(&o)
            );
            assert!(
                stderr(&o).contains("dossier.toml:4:12: profile `odd`: weight of `security` is"),
                "{args:?} with {weights}: {}",
                stderr(&o)
            );
            assert!(!stdout(&o).contains("NaN"), "{}", stdout(&o));
        }
        // A good profile of the same dossier.toml still scores.
        let o = dossier_in(
            dir.path(),
            &["score", "--profile", "fine", "v.dossier.yaml"],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        let o = dossier_in(dir.path(), &["check", "--format", "json", "v.dossier.yaml"]);
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        assert!(stdout(&o).contains("\"profile\""), "{}", stdout(&o));
    }
}
