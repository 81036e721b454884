//! What a new team meets on day one (issue 25), through the real binary:
//! a run that finds no dossier fails and says why, misnamed dossiers get a
//! hint, `--force-exclude`, "today" per file in `due` and the portfolio,
//! the GitHub step summary and the annotation cap, the shallow-clone hint
//! of `diff --git`.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use crate::common::*;

fn example() -> String {
    std::fs::read_to_string(repo_root().join("examples/alibaba-cloud.dossier.yaml")).unwrap()
}

fn write(path: &Path, text: &str) {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_folder_of_misnamed_dossiers_is_an_error_with_a_hint_for_each() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("vendors/x.dossier.YAML"), &example());
    write(&d.join("vendors/acme.yaml"), &example());
    write(&d.join("vendors/workflow.yaml"), "name: ci\non: push\n");
    let o = dossier_in(d, &["check", "vendors"]);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(!stdout(&o).contains("Checked"), "{}", stdout(&o));
    assert!(
        err.contains("hint: vendors/x.dossier.YAML is not checked")
            && err.contains("rename it x.dossier.yaml"),
        "{err}"
    );
    assert!(
        err.contains("hint: vendors/acme.yaml is not checked")
            && err.contains("rename it acme.dossier.yaml"),
        "{err}"
    );
    assert!(!err.contains("workflow.yaml"), "{err}");
    assert!(
        err.contains("error: no dossier files found in vendors"),
        "{err}"
    );
    // The default path (the current folder) too.
    let o = dossier_in(&d.join("vendors"), &["check"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // In GitHub Actions the hints are warning annotations as well.
    let o = dossier_in(d, &["check", "--format", "github", "vendors"]);
    assert!(
        stdout(&o).contains("::warning file=vendors/acme.yaml,title=dossier%3A not checked::"),
        "{}",
        stdout(&o)
    );
}

#[test]
fn a_misnamed_dossier_next_to_a_good_one_still_gets_its_hint() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("dossier.toml"), "today = \"2026-11-24\"\n");
    write(&d.join("good.dossier.yaml"), &example());
    write(&d.join("old.DOSSIER.yml"), &example());
    let o = dossier_in(d, &["check", "."]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("Checked 1 file"), "{}", stdout(&o));
    assert!(
        stderr(&o).contains("hint: old.DOSSIER.yml is not checked")
            && stderr(&o).contains("rename it old.dossier.yml"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn a_missing_path_is_an_error_without_a_checked_line() {
    let dir = tempfile::tempdir().unwrap();
    for format in ["human", "github"] {
        let o = dossier_in(dir.path(), &["check", "--format", format, "no-such-folder"]);
        assert_eq!(o.status.code(), Some(2));
        assert_eq!(stdout(&o), "", "{format}");
        assert!(
            stderr(&o).contains("cannot read no-such-folder"),
            "{}",
            stderr(&o)
        );
    }
}

#[test]
fn force_exclude_makes_named_files_obey_exclude() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(
        &d.join("dossier.toml"),
        "today = \"2026-11-24\"\nexclude = [\"drafts/\", \"*.wip.dossier.yaml\"]\n",
    );
    write(&d.join("good.dossier.yaml"), &example());
    let broken = "dossier: 1\nvendor: {name: X, kind: nope}\n";
    write(&d.join("drafts/half.dossier.yaml"), broken);
    write(&d.join("next.wip.dossier.yaml"), broken);
    // A folder walk skips them; named, they are checked (and fail)...
    assert_eq!(dossier_in(d, &["check"]).status.code(), Some(0));
    let named = ["drafts/half.dossier.yaml", "next.wip.dossier.yaml"];
    for f in named {
        assert_eq!(dossier_in(d, &["check", f]).status.code(), Some(1), "{f}");
    }
    // ...unless --force-exclude, as pre-commit runs it.
    let o = dossier_in(
        d,
        &[
            "check",
            "--force-exclude",
            "--format",
            "json",
            "good.dossier.yaml",
            named[0],
            named[1],
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(files, ["good.dossier.yaml"]);
    // Only excluded files named: nothing to check, and that is fine.
    let o = dossier_in(d, &["check", "--force-exclude", named[0]]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stderr(&o).contains("nothing to check"), "{}", stderr(&o));
    // A folder named explicitly is excluded too.
    let o = dossier_in(d, &["check", "--force-exclude", "drafts"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
}

/// A parent folder without dossier.toml, and below it two folders each
/// with its own `today`.
fn two_todays() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    write(&d.join("a/dossier.toml"), "today = \"2026-11-24\"\n");
    write(&d.join("a/acme.dossier.yaml"), &example());
    write(&d.join("b/dossier.toml"), "today = \"2026-12-07\"\n");
    write(&d.join("b/acme.dossier.yaml"), &example());
    dir
}

fn json_of(o: &Output) -> serde_json::Value {
    serde_json::from_str(&stdout(o)).unwrap_or_else(|e| panic!("{e}: {}", stderr(o)))
}

#[test]
fn due_and_the_portfolio_take_today_from_each_files_folder_not_the_current_one() {
    let dir = two_todays();
    let d = dir.path();
    // Run from the parent (no dossier.toml: the system date, which is not
    // 2026-11-24 on any machine that runs this after that day).
    let o = dossier_in(d, &["due", "--format", "json", "a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v = json_of(&o);
    assert_eq!(v["today"], "2026-11-24");
    assert_eq!(v["until"], "2027-02-22");
    let from_inside = json_of(&dossier_in(&d.join("a"), &["due", "--format", "json"]));
    assert_eq!(
        v["events"].as_array().unwrap().len(),
        from_inside["events"].as_array().unwrap().len()
    );
    for e in v["events"].as_array().unwrap() {
        let date = e["date"].as_str().unwrap();
        let days = e["days"].as_i64().unwrap();
        let inside = from_inside["events"]
            .as_array()
            .unwrap()
            .iter()
            .find(|x| x["subject"] == e["subject"] && x["kind"] == e["kind"])
            .unwrap();
        assert_eq!(inside["days"].as_i64().unwrap(), days, "{date}");
    }
    let o = dossier_in(d, &["render", "--format", "json", "a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let p = json_of(&o);
    assert_eq!(p["today"], "2026-11-24");
    assert_eq!(p["due_until"], "2027-02-22");
    let o = dossier_in(d, &["render", "--format", "markdown", "a"]);
    assert!(stdout(&o).contains("2026-11-24"), "{}", stdout(&o));
}

#[test]
fn dossiers_with_different_todays_count_each_from_its_own_and_say_so() {
    let dir = two_todays();
    let d = dir.path();
    let o = dossier_in(d, &["due", "--format", "json", "--within", "6m", "a", "b"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stderr(&o)
            .contains("different days: 2026-11-24 (a/dossier.toml), 2026-12-07 (b/dossier.toml)"),
        "{}",
        stderr(&o)
    );
    let v = json_of(&o);
    assert_eq!(v["today"], "2026-12-07");
    // The same event of the same file, 13 days apart in each folder.
    let events = v["events"].as_array().unwrap();
    let of = |file: &str| {
        events
            .iter()
            .find(|e| e["file"] == file && e["subject"] == "facts.security_compliance.soc2_type2")
            .unwrap_or_else(|| panic!("{file}: {events:#?}"))["days"]
            .as_i64()
            .unwrap()
    };
    assert_eq!(of("a/acme.dossier.yaml") - of("b/acme.dossier.yaml"), 13);
    // --today pins one day for all.
    let o = dossier_in(
        d,
        &["due", "--format", "json", "--today", "2026-11-30", "a", "b"],
    );
    assert!(!stderr(&o).contains("different days"), "{}", stderr(&o));
    assert_eq!(json_of(&o)["today"], "2026-11-30");
}

fn github_check(dir: &Path, summary: &Path, paths: &[&str]) -> Output {
    let mut args = vec!["check", "--format", "github", "--today", "2026-11-24"];
    args.extend_from_slice(paths);
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(&args)
        .current_dir(dir)
        .env("GITHUB_STEP_SUMMARY", summary)
        .stdin(Stdio::null())
        .output()
        .unwrap()
}

#[test]
fn github_format_writes_the_step_summary_and_says_when_annotations_are_capped() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let summary = d.join("summary.md");
    std::fs::write(&summary, "earlier step\n").unwrap();
    write(&d.join("one/acme.dossier.yaml"), &example());
    for i in 0..3 {
        write(&d.join(format!("three/v{i}.dossier.yaml")), &example());
    }
    write(
        &d.join("three/broken.dossier.yaml"),
        "dossier: 1\nvendor: {name: X, kind: nope}\n",
    );
    let o = github_check(d, &summary, &["three"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    let warnings = out.lines().filter(|l| l.starts_with("::warning ")).count();
    assert!(warnings > 10, "{out}");
    assert!(
        out.contains("::notice title=dossier%3A annotations capped::")
            && out.contains("GitHub shows at most 10 of each per step"),
        "{out}"
    );
    let md = std::fs::read_to_string(&summary).unwrap();
    assert!(
        md.starts_with("earlier step\n### dossier check\n"),
        "appended: {md}"
    );
    assert!(md.contains("4 files checked"), "{md}");
    assert!(md.contains("| `uncited-fact` | 0 | "), "{md}");
    assert!(
        md.contains("Files with errors:\n\n- `three/broken.dossier.yaml`: "),
        "{md}"
    );
    assert!(md.contains("GitHub shows at most 10 annotations"), "{md}");
    // Few enough to show: no notice, and the summary has no cap line.
    let small = d.join("small.md");
    let o = github_check(d, &small, &["three/broken.dossier.yaml"]);
    assert!(!stdout(&o).contains("annotations capped"), "{}", stdout(&o));
    let md = std::fs::read_to_string(&small).unwrap();
    assert!(!md.contains("at most 10"), "{md}");
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

#[test]
fn an_unknown_revision_in_a_shallow_clone_says_to_fetch_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let origin = d.join("origin");
    std::fs::create_dir_all(&origin).unwrap();
    git(&origin, &["init", "-q", "-b", "main"]);
    for msg in ["one", "two"] {
        write(
            &origin.join("acme.dossier.yaml"),
            &example().replace("Alibaba", msg),
        );
        git(&origin, &["add", "-A"]);
        git(
            &origin,
            &[
                "-c",
                "user.name=t",
                "-c",
                "user.email=t@example.invalid",
                "commit",
                "-qm",
                msg,
            ],
        );
    }
    let url = format!("file://{}", origin.display());
    git(d, &["clone", "-q", "--depth", "1", &url, "shallow"]);
    let o = dossier_in(&d.join("shallow"), &["diff", "--git", "HEAD~1"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("shallow clone") && stderr(&o).contains("fetch-depth: 0"),
        "{}",
        stderr(&o)
    );
    // A full clone without the remote branch: fetch it.
    git(d, &["clone", "-q", &url, "full"]);
    let o = dossier_in(&d.join("full"), &["diff", "--git", "upstream/main"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("`git fetch upstream main`") && !stderr(&o).contains("shallow"),
        "{}",
        stderr(&o)
    );
}
