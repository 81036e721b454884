//! `dossier render DIR`: the portfolio through the real binary. The
//! Markdown and JSON views are snapshot-tested over fixtures dated around a
//! fixed `--today`; bad input (unreadable, invalid, not UTF-8) gets a row
//! and the others still render; nothing is written outside `-o DIR`.

use crate::common::{dossier, dossier_in, repo_root, stderr, stdout};

const DIR: &str = "crates/cli/tests/fixtures/portfolio";
const TODAY: &str = "2026-11-24";

fn render(extra: &[&str]) -> std::process::Output {
    let mut args = vec!["render", DIR, "--today", TODAY];
    args.extend_from_slice(extra);
    dossier(&args)
}

#[test]
fn markdown_summary() {
    let o = render(&["--format", "markdown"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let md = stdout(&o);
    // One summary for the folder, not one per dossier.
    assert_eq!(
        md.lines().filter(|l| l.starts_with("### ")).count(),
        1,
        "{md}"
    );
    insta::assert_snapshot!(md);
}

#[test]
fn json_for_dashboards() {
    let o = render(&["--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let v: serde_json::Value = serde_json::from_str(&text).unwrap();
    let dossiers = v["dossiers"].as_array().unwrap();
    assert_eq!(dossiers.len(), 5);
    // Highest risk first, the one without a score last.
    let scores: Vec<Option<f64>> = dossiers.iter().map(|d| d["composite"].as_f64()).collect();
    assert!(scores[..4].iter().all(Option::is_some), "{scores:?}");
    assert!(scores[..4].windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    assert_eq!(scores[4], None);
    assert_eq!(dossiers[4]["file"], format!("{DIR}/notes.dossier.yaml"));
    // A dossier that does not parse, or is not a dossier, says why.
    for d in dossiers {
        if d["file"]
            .as_str()
            .unwrap()
            .ends_with("/broken.dossier.yaml")
        {
            assert!(
                d["problem"].as_str().unwrap().contains("invalid YAML"),
                "{d}"
            );
        }
    }
    assert!(dossiers[4]["problem"]
        .as_str()
        .unwrap()
        .starts_with("line 1:1: "));
    insta::assert_snapshot!(text);
}

/// The due list is `dossier due --within 90d`'s, event for event.
#[test]
fn the_due_list_is_dossier_due() {
    let o = render(&["--format", "json"]);
    let portfolio: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let o = dossier(&[
        "due", DIR, "--today", TODAY, "--within", "90d", "--format", "json",
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let due: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let key = |e: &serde_json::Value| {
        (
            e["file"].as_str().unwrap().to_string(),
            e["line"].as_u64().unwrap(),
            e["kind"].as_str().unwrap().to_string(),
            e["subject"].as_str().unwrap().to_string(),
            e["date"].as_str().unwrap().to_string(),
            e["days"].as_i64().unwrap(),
        )
    };
    let a: Vec<_> = portfolio["due"]
        .as_array()
        .unwrap()
        .iter()
        .map(key)
        .collect();
    let b: Vec<_> = due["events"].as_array().unwrap().iter().map(key).collect();
    assert!(a.len() >= 4, "{a:?}");
    assert_eq!(a, b);
    assert_eq!(portfolio["due_until"], due["until"]);
}

#[test]
fn html_index_next_to_the_packs() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = render(&["-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(
        index.contains("default-src 'none'"),
        "same CSP as the packs"
    );
    assert!(!index.contains("<script"));
    // The name with markup is text.
    assert!(index.contains("Initech &quot;R&amp;D&quot; &lt;GmbH&gt;"));
    for name in ["acme", "globex", "initech", "broken", "notes"] {
        assert!(out.join(format!("{name}.html")).is_file());
        assert!(
            index.contains(&format!("href=\"./{name}.html\"")),
            "{name} is not linked"
        );
    }
    assert!(stderr(&o).contains("index.html"), "{}", stderr(&o));
}

#[test]
fn single_files_render_no_portfolio() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let acme = format!("{DIR}/acme.dossier.yaml");
    let o = dossier(&[
        "render",
        &acme,
        "--today",
        TODAY,
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(out.join("acme.html").is_file());
    assert!(!out.join("index.html").exists());
}

/// A folder with a file that cannot be read, one that is not UTF-8 and
/// one that does not parse: each gets a row saying why, the others render,
/// and the exit status says something could not be read.
#[cfg(unix)]
#[test]
fn bad_dossiers_get_a_row_and_the_others_render() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("vendors");
    std::fs::create_dir(&dir).unwrap();
    for f in ["acme", "broken"] {
        std::fs::copy(
            repo_root().join(format!("{DIR}/{f}.dossier.yaml")),
            dir.join(format!("{f}.dossier.yaml")),
        )
        .unwrap();
    }
    std::fs::write(
        dir.join("latin1.dossier.yaml"),
        b"vendor:\n  name: Caf\xe9\n",
    )
    .unwrap();
    std::os::unix::fs::symlink("nowhere.yaml", dir.join("gone.dossier.yaml")).unwrap();
    let o = dossier_in(
        tmp.path(),
        &["render", "vendors", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("gone.dossier.yaml"), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v["dossiers"].as_array().unwrap();
    let row = |file: &str| {
        rows.iter()
            .find(|r| r["file"] == format!("vendors/{file}"))
            .unwrap_or_else(|| panic!("no row for {file}: {rows:#?}"))
    };
    assert_eq!(rows.len(), 4);
    assert!(row("acme.dossier.yaml")["composite"].is_number());
    let gone = row("gone.dossier.yaml");
    assert_eq!(gone["unreadable"], true);
    assert!(gone["problem"]
        .as_str()
        .unwrap()
        .contains("gone.dossier.yaml"));
    let latin1 = row("latin1.dossier.yaml");
    assert!(
        latin1["problem"].as_str().unwrap().contains("UTF-8"),
        "{latin1}"
    );
    assert!(row("broken.dossier.yaml")["problem"].is_string());

    // The HTML: every row there, the unreadable one without a link.
    let out = tmp.path().join("out");
    let o = dossier_in(
        tmp.path(),
        &["render", "vendors", "--today", TODAY, "-o", "out"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(index.matches("<tr id=\"row-").count(), 4);
    assert!(index.contains("Acme Cloud"));
    assert!(!index.contains("href=\"./gone.html\""));
    assert!(index.contains("href=\"./latin1.html\""));
}

/// `index.html` goes through the same writer as the packs: a symlink in
/// its place is refused, and what it points to is untouched.
#[cfg(unix)]
#[test]
fn nothing_is_written_through_a_link_in_out() {
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    std::fs::create_dir(&out).unwrap();
    let outside = tmp.path().join("outside.html");
    std::fs::write(&outside, "keep me").unwrap();
    std::os::unix::fs::symlink(&outside, out.join("index.html")).unwrap();
    let o = render(&["-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("index.html"), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "keep me");
    // The packs were still written.
    assert!(out.join("acme.html").is_file());
}

#[test]
fn a_dossier_named_index_cannot_take_the_portfolio_page() {
    let tmp = tempfile::tempdir().unwrap();
    let dir = tmp.path().join("v");
    std::fs::create_dir(&dir).unwrap();
    std::fs::copy(
        repo_root().join(format!("{DIR}/acme.dossier.yaml")),
        dir.join("index.dossier.yaml"),
    )
    .unwrap();
    let o = dossier_in(tmp.path(), &["render", "v", "--today", TODAY, "-o", "out"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("portfolio page"), "{}", stderr(&o));
    assert!(!tmp.path().join("out/index.html").exists());
}

#[test]
fn baseline_needs_one_file_not_a_folder() {
    let o = render(&[
        "--format",
        "markdown",
        "--baseline",
        &format!("{DIR}/acme.dossier.yaml"),
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--baseline"), "{}", stderr(&o));
}
