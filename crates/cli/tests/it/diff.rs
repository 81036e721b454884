//! `dossier diff` through the real binary: fixture pairs covering each kind
//! of change in all three formats, `--fail-on worse`, bad input, and
//! `--git` on a repository built for the test.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::common::{dossier_in, stderr, stdout};

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

/// `dossier diff base.dossier.yaml NEW.dossier.yaml` in the fixtures directory.
fn diff(new: &str, format: &str) -> (i32, String) {
    let new = format!("{new}.dossier.yaml");
    let o = dossier_in(
        &fixtures(),
        &[
            "diff",
            "base.dossier.yaml",
            &new,
            "--today",
            "2026-11-24",
            "--format",
            format,
            "--fail-on",
            "worse",
        ],
    );
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
    (o.status.code().unwrap_or(-1), stdout(&o))
}

const PAIRS: &[&str] = &[
    "facts",
    "sources",
    "attestations-lapsed",
    "attestations-renewed",
    "questions",
    "broken",
    "same",
];

#[test]
fn every_kind_of_change_in_every_format() {
    for pair in PAIRS {
        for format in ["human", "markdown", "json"] {
            let (_, out) = diff(pair, format);
            insta::assert_snapshot!(format!("{pair}-{format}"), out);
        }
    }
}

#[test]
fn risk_comes_first() {
    let (_, out) = diff("facts", "human");
    let risk = out.find("Risk first").expect(&out);
    let score = out.find("Score").expect(&out);
    let facts = out.find("  Facts").expect(&out);
    assert!(risk < score && score < facts, "{out}");
    for line in [
        "! citation lost: data_handling.trains_on_user_data",
        "! higher risk: jurisdiction.government_data_access_risk (low → high)",
    ] {
        assert!(out.contains(line), "{line}\n{out}");
    }
    let (_, out) = diff("questions", "human");
    assert!(
        out.contains("! question reopened: Q01 (answered → open)"),
        "{out}"
    );
    let (_, out) = diff("attestations-lapsed", "human");
    assert!(out.contains("! attestation removed: iso-2024"), "{out}");
    assert!(out.contains("! attestation expired: soc2-2026"), "{out}");
}

#[test]
fn shorthand_quoting_and_renames_are_no_change() {
    let (code, out) = diff("same", "human");
    assert_eq!(code, 0);
    assert!(out.contains("no change in substance"), "{out}");
    let (_, out) = diff("sources", "json");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let changes = v["files"][0]["changes"].as_array().unwrap();
    assert!(changes
        .iter()
        .any(|c| c["kind"] == "renamed" && c["subject"] == "acme-dpa" && c["old"] == "dpa"));
    // Facts and findings citing `dpa` now cite `acme-dpa`: not a change.
    assert!(
        changes.iter().all(|c| c["section"] == "sources"),
        "{changes:#?}"
    );
}

#[test]
fn the_explanation_adds_up_to_the_delta() {
    let (_, out) = diff("facts", "json");
    let v: serde_json::Value = serde_json::from_str(&out).unwrap();
    let score = &v["files"][0]["score"];
    let delta = score["delta"].as_f64().unwrap();
    assert!(delta > 0.0);
    let sum: f64 = score["contributions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["delta"].as_f64().unwrap())
        .sum();
    assert!((sum - delta).abs() < 1e-9, "{sum} vs {delta}");
}

#[test]
fn fail_on_worse_is_for_a_rising_composite_or_an_unreadable_version() {
    assert_eq!(diff("facts", "human").0, 1, "the composite rose");
    assert_eq!(diff("sources", "human").0, 0, "the score did not move");
    assert_eq!(
        diff("broken", "human").0,
        1,
        "the new version cannot be read"
    );
    // Without --fail-on, a worse score is still exit 0.
    let o = dossier_in(
        &fixtures(),
        &["diff", "base.dossier.yaml", "facts.dossier.yaml"],
    );
    assert_eq!(o.status.code(), Some(0));
    // Better is not worse: the reverse diff passes the gate.
    let o = dossier_in(
        &fixtures(),
        &[
            "diff",
            "facts.dossier.yaml",
            "base.dossier.yaml",
            "--today",
            "2026-11-24",
            "--fail-on",
            "worse",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn bad_input_is_a_message_and_exit_2() {
    let o = dossier_in(
        &fixtures(),
        &["diff", "base.dossier.yaml", "nope.dossier.yaml"],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("cannot read nope.dossier.yaml: no such file or directory"),
        "{}",
        stderr(&o)
    );
    let o = dossier_in(&fixtures(), &["diff", "base.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    let dir = tempfile::tempdir().unwrap();
    let o = dossier_in(dir.path(), &["diff", "--git", "HEAD"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("not a git repository"),
        "{}",
        stderr(&o)
    );
}

/// A dossier.toml profile with NaN or astronomically large weights used to
/// give a diff between two "NaN" composites (exit 0); `diff` now refuses
/// it with exit 2 and its location, as `score` and `render` do, whether
/// the profile comes from `assessment.profile` or `--profile`.
#[test]
fn a_profile_that_cannot_score_is_refused() {
    for weights in ["security = nan", "security = 1e308"] {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(
            dir.path().join("dossier.toml"),
            format!("[profiles.odd]\n{weights}\ndata_handling = 100\n"),
        )
        .unwrap();
        for name in ["base", "facts"] {
            let text =
                std::fs::read_to_string(fixtures().join(format!("{name}.dossier.yaml"))).unwrap();
            std::fs::write(
                dir.path().join(format!("{name}.dossier.yaml")),
                text.replace("profile: default-balanced", "profile: odd"),
            )
            .unwrap();
        }
        for args in [
            &["diff", "base.dossier.yaml", "facts.dossier.yaml"][..],
            &[
                "diff",
                "--format",
                "json",
                "base.dossier.yaml",
                "facts.dossier.yaml",
            ],
            &[
                "diff",
                "--profile",
                "odd",
                "--format",
                "markdown",
                "base.dossier.yaml",
                "facts.dossier.yaml",
            ],
        ] {
            let o = dossier_in(dir.path(), args);
            assert_eq!(
                o.status.code(),
                Some(2),
                "{args:?} with {weights}: {}",
                stdout(&o)
            );
            assert!(
                stderr(&o).contains("dossier.toml:2:12: profile `odd`: weight of `security` is"),
                "{args:?} with {weights}: {}",
                stderr(&o)
            );
            assert!(stdout(&o).is_empty(), "{}", stdout(&o));
        }
        // The built-in profile still diffs with the same dossier.toml.
        let o = dossier_in(
            dir.path(),
            &[
                "diff",
                "--profile",
                "default-balanced",
                "base.dossier.yaml",
                "facts.dossier.yaml",
            ],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    }
}

/// A dossier.toml that cannot be loaded stops `diff` (exit 2, its
/// reason), as it stops `check` and `score`: it used to be skipped, and
/// both versions were scored with the defaults.
#[test]
fn a_broken_dossier_toml_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dossier.toml"), "today = [\n").unwrap();
    for name in ["base", "facts"] {
        std::fs::copy(
            fixtures().join(format!("{name}.dossier.yaml")),
            dir.path().join(format!("{name}.dossier.yaml")),
        )
        .unwrap();
    }
    let o = dossier_in(
        dir.path(),
        &["diff", "base.dossier.yaml", "facts.dossier.yaml"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("dossier.toml"), "{}", stderr(&o));
    assert!(stdout(&o).is_empty(), "{}", stdout(&o));
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

#[test]
fn diff_git_compares_every_changed_dossier_with_the_working_tree() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = std::fs::read_to_string(fixtures().join("base.dossier.yaml")).unwrap();
    let facts = std::fs::read_to_string(fixtures().join("facts.dossier.yaml")).unwrap();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(d.join("vendors")).unwrap();
    std::fs::write(d.join("vendors/acme.dossier.yaml"), &base).unwrap();
    std::fs::write(
        d.join("vendors/gone.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Goneco\n  kind: other\n",
    )
    .unwrap();
    std::fs::write(d.join("vendors/same.dossier.yaml"), &base).unwrap();
    std::fs::write(d.join("vendors/broken.dossier.yaml"), &base).unwrap();
    std::fs::write(d.join("notes.txt"), "not a dossier").unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    // Changes: one modified, one deleted, one committed addition, one
    // untracked addition, one broken, a non-dossier file, one untouched.
    std::fs::write(d.join("vendors/acme.dossier.yaml"), &facts).unwrap();
    std::fs::remove_file(d.join("vendors/gone.dossier.yaml")).unwrap();
    std::fs::write(
        d.join("vendors/new.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Newco\n  kind: model_host\nfacts:\n  business:\n    funding_stage: early\n",
    )
    .unwrap();
    git(d, &["add", "vendors/new.dossier.yaml"]);
    git(
        d,
        &[
            "mv",
            "vendors/same.dossier.yaml",
            "vendors/moved.dossier.yaml",
        ],
    );
    git(d, &["commit", "-q", "-m", "second"]);
    std::fs::write(d.join("vendors/untracked.dossier.yaml"), &base).unwrap();
    std::fs::write(
        d.join("vendors/broken.dossier.yaml"),
        base.replace("  name: Acme AI\n", "  name: [Acme AI\n"),
    )
    .unwrap();
    std::fs::write(d.join("notes.txt"), "changed").unwrap();

    let args = [
        "diff",
        "--git",
        "HEAD~1",
        "--today",
        "2026-11-24",
        "--format",
        "json",
    ];
    let o = dossier_in(d, &args);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files: Vec<(String, String)> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["path"].as_str().unwrap().to_string(),
                f["status"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let expect = [
        ("vendors/acme.dossier.yaml", "modified"),
        ("vendors/broken.dossier.yaml", "modified"),
        ("vendors/gone.dossier.yaml", "deleted"),
        ("vendors/moved.dossier.yaml", "renamed"),
        ("vendors/new.dossier.yaml", "added"),
        ("vendors/untracked.dossier.yaml", "added"),
    ];
    assert_eq!(
        files,
        expect
            .iter()
            .map(|(p, s)| (p.to_string(), s.to_string()))
            .collect::<Vec<_>>()
    );
    assert_eq!(v["files"][3]["old_path"], "vendors/same.dossier.yaml");
    assert_eq!(v["files"][3]["changes"], serde_json::json!([]));
    assert_eq!(v["files"][0]["old"]["label"], "HEAD~1");
    assert_eq!(v["files"][0]["new"]["label"], "working tree");
    assert!(v["files"][1]["new"]["unparseable"]
        .as_str()
        .unwrap()
        .contains("unclosed flow collection"));
    // The same, for humans, from a subdirectory and limited to one path.
    let o = dossier_in(
        &d.join("vendors"),
        &[
            "diff",
            "--git",
            "HEAD~1",
            "acme.dossier.yaml",
            "--today",
            "2026-11-24",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("vendors/acme.dossier.yaml (modified, HEAD~1 → working tree)"),
        "{out}"
    );
    assert!(!out.contains("gone.dossier.yaml"), "{out}");
    // The broken version is named, and the rest is still diffed.
    let o = dossier_in(d, &["diff", "--git", "HEAD~1", "--today", "2026-11-24"]);
    let out = stdout(&o);
    assert!(
        out.contains("unparseable at working tree: line 3:9:"),
        "{out}"
    );
    assert!(out.contains("! citation lost"), "{out}");
    // --fail-on worse: the modified dossier got worse, the broken one is unreadable.
    let o = dossier_in(d, &["diff", "--git", "HEAD~1", "--fail-on", "worse"]);
    assert_eq!(o.status.code(), Some(1));
    // An unknown revision is a message and exit 2.
    let o = dossier_in(d, &["diff", "--git", "no-such-rev"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown revision \"no-such-rev\""),
        "{}",
        stderr(&o)
    );
    let o = dossier_in(d, &["diff", "--git", "--upload-pack=x"]);
    assert_eq!(o.status.code(), Some(2));
    // A path neither in the working tree nor in REV.
    let o = dossier_in(d, &["diff", "--git", "HEAD", "missing.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
}

#[test]
fn diff_git_reads_old_versions_with_the_size_limit_of_files() {
    // A version in the history larger than any file `check` would read is
    // not read whole into memory (git's output is streamed past it): it is
    // unparseable for its size, in the words used for files, and the rest
    // is still diffed.
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    let huge = format!(
        "dossier: 1\nvendor:\n  name: Bigco\n  kind: other\n# {}\n",
        "x".repeat(dossier_syntax::MAX_SIZE)
    );
    std::fs::write(d.join("big.dossier.yaml"), &huge).unwrap();
    std::fs::write(
        d.join("small.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Smallco\n  kind: other\n",
    )
    .unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "huge"]);
    std::fs::write(
        d.join("big.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Bigco\n  kind: other\n",
    )
    .unwrap();
    std::fs::write(
        d.join("small.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Smallco Ltd\n  kind: other\n",
    )
    .unwrap();
    let o = dossier_in(d, &["diff", "--git", "HEAD"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("Smallco Ltd"), "{out}");
    assert!(
        out.contains(&format!(
            "unparseable at HEAD: {} bytes, more than the limit of {} bytes",
            huge.len(),
            dossier_syntax::MAX_SIZE
        )),
        "{out}"
    );
}
