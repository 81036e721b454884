//! `dossier due` through the real binary: every format over fixtures with
//! dates on both sides of a fixed `--today`, the window, and exit codes.

use crate::common::*;

const DIR: &str = "crates/cli/tests/fixtures/due";

fn due(extra: &[&str]) -> std::process::Output {
    let config = format!("{DIR}/dossier.toml");
    let mut args = vec!["due", "--config", &config, "--today", "2026-11-24"];
    args.extend_from_slice(extra);
    args.push(DIR);
    dossier(&args)
}

fn out(extra: &[&str]) -> String {
    let o = due(extra);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    stdout(&o)
}

#[test]
fn human() {
    insta::assert_snapshot!(out(&[]));
}

#[test]
fn json() {
    let text = out(&["--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let days: Vec<i64> = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["days"].as_i64().unwrap())
        .collect();
    assert!(days.windows(2).all(|w| w[0] <= w[1]), "sorted by date");
    assert!(days.iter().any(|d| *d < 0) && days.iter().all(|d| *d <= 90));
    insta::assert_snapshot!(text);
}

#[test]
fn csv() {
    insta::assert_snapshot!(out(&["--format", "csv", "--within", "6m"]));
}

#[test]
fn ics() {
    let a = out(&["--format", "ics", "--within", "12w"]);
    assert_eq!(
        a,
        out(&["--format", "ics", "--within", "12w"]),
        "stable across runs"
    );
    insta::assert_snapshot!(a
        .replace("\r\n", "\n")
        .replace(env!("CARGO_PKG_VERSION"), "[version]"));
}

#[test]
fn window_grows_with_within() {
    let count = |w: &str| out(&["--format", "csv", "--within", w]).lines().count() - 1;
    assert!(count("0d") < count("90d"));
    assert!(count("90d") < count("12m"));
    // Overdue events are listed whatever the window.
    assert_eq!(count("0d"), 4);
}

#[test]
fn bad_within_is_a_usage_error() {
    for w in ["90", "9x", "d", "-3d", "1.5m"] {
        let arg = format!("--within={w}");
        let o = due(&[&arg]);
        assert_eq!(o.status.code(), Some(2), "{w}");
        assert!(stderr(&o).contains("--within"), "{}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn fail_on_overdue() {
    assert_eq!(due(&["--fail-on-overdue"]).status.code(), Some(1));
    let o = dossier(&[
        "due",
        "--today",
        "2020-01-01",
        "--fail-on-overdue",
        "--within",
        "1d",
        &format!("{DIR}/acme.dossier.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
}

#[test]
fn missing_file_is_an_io_error() {
    let o = dossier(&["due", "--today", "2026-11-24", "no/such.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no such file"), "{}", stderr(&o));
}
