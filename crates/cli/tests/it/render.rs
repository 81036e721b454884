//! `dossier render` through the real binary: where pages go, what the
//! summary says, and usage errors.

use crate::common::{dossier, repo_root, stderr, stdout};

const EXAMPLE: &str = "examples/alibaba-cloud.dossier.yaml";

#[test]
fn writes_one_page_per_dossier_into_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("pack");
    let o = dossier(&[
        "render",
        EXAMPLE,
        "examples/broken",
        "--today",
        "2026-11-24",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("alibaba-cloud.html")).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("<span id=\"composite\">41.1</span>"));
    // Every broken example renders too (a page that lists its problems).
    let broken = std::fs::read_dir(repo_root().join("examples/broken"))
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .ends_with(".dossier.yaml")
        })
        .count();
    // A folder among the paths: the portfolio page too.
    let pages = std::fs::read_dir(&out).unwrap().count();
    assert_eq!(pages, broken + 2, "{}", stderr(&o));
    let index = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert!(index.contains("href=\"./alibaba-cloud.html\""));
    assert!(stderr(&o).contains("wrote "), "{}", stderr(&o));
}

#[test]
fn markdown_goes_to_stdout_for_the_step_summary() {
    let o = dossier(&[
        "render",
        EXAMPLE,
        "--format",
        "markdown",
        "--today",
        "2026-11-24",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    assert!(
        md.starts_with("### Alibaba Cloud: 41.1 / 100, elevated\n"),
        "{md}"
    );
    assert!(md.contains("| Validator | 0 errors, 26 warnings |"), "{md}");
}

#[test]
fn baseline_shows_the_change_in_score() {
    let dir = tempfile::tempdir().unwrap();
    let before = std::fs::read_to_string(repo_root().join(EXAMPLE))
        .unwrap()
        .replace(
            "government_data_access_risk: critical",
            "government_data_access_risk: medium",
        );
    let base = dir.path().join("before.dossier.yaml");
    std::fs::write(&base, before).unwrap();
    let o = dossier(&[
        "render",
        EXAMPLE,
        "--format",
        "markdown",
        "--today",
        "2026-11-24",
        "--baseline",
        base.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let md = stdout(&o);
    let line = md.lines().find(|l| l.starts_with("| Composite |")).unwrap();
    assert!(line.contains("since the baseline"), "{line}");
    assert!(line.contains("**41.1** elevated · +"), "{line}");
}

#[test]
fn usage_and_io_errors_exit_2_with_a_message() {
    let o = dossier(&["render", "no/such.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("no/such.dossier.yaml"),
        "{}",
        stderr(&o)
    );

    let o = dossier(&["render", EXAMPLE, "examples/broken"]);
    assert_eq!(o.status.code(), Some(2), "several HTML pages need -o");
    assert!(stderr(&o).contains("-o DIR"), "{}", stderr(&o));

    let o = dossier(&[
        "render",
        EXAMPLE,
        "examples/broken",
        "--format",
        "markdown",
        "--baseline",
        EXAMPLE,
    ]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--baseline"), "{}", stderr(&o));

    let o = dossier(&["render", EXAMPLE, "--profile", "nope"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("unknown profile `nope`"),
        "{}",
        stderr(&o)
    );
}
