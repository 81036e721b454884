//! What the commands read and write on disk: only regular files, bounded;
//! the nearest dossier.toml per file; directory walks honouring .gitignore
//! and `exclude`; each file once; pages never written through a symlink;
//! a closed stdout ends every command quietly.

use crate::common::*;

use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const GOOD: &str = "dossier: 1\nvendor:\n  name: Example AI\nassessment:\n  as_of: 2026-11-01\n  profile: default-balanced\nsources:\n  trust-center:\n    url: https://example.com/trust\n    title: Example AI trust center\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    iso_27001: {value: yes, cite: trust-center}\n    soc2_type2: yes\n";

/// Run the binary in `dir` under a 1 GiB address-space limit, killed after
/// 30 s: (exit code, stdout, stderr).
fn run_bounded(dir: &Path, args: &[&str]) -> (Option<i32>, String, String) {
    let mut cmd = Command::new("sh");
    cmd.arg("-c")
        .arg("ulimit -v 1048576; exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let start = Instant::now();
    let status = loop {
        if let Some(s) = child.try_wait().unwrap() {
            break s;
        }
        if start.elapsed() > Duration::from_secs(30) {
            let _ = child.kill();
            let _ = child.wait();
            panic!("dossier {args:?} still running after 30 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let mut out = String::new();
    let mut err = String::new();
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut out)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (status.code(), out, err)
}

fn mkfifo(p: &Path) {
    let ok = Command::new("mkfifo").arg(p).status().unwrap().success();
    assert!(ok, "mkfifo {}", p.display());
}

#[cfg(unix)]
#[test]
fn special_files_are_named_and_the_good_file_still_checked() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.dossier.yaml"), GOOD).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("zero.dossier.yaml")).unwrap();
    mkfifo(&d.join("fifo.dossier.yaml"));
    std::os::unix::fs::symlink(d.join("nowhere"), d.join("dangling.dossier.yaml")).unwrap();
    for args in [
        vec!["check", "--format", "json", "--today", "2026-11-24", "."],
        vec!["render", "--format", "markdown", "."],
    ] {
        let (code, out, err) = run_bounded(d, &args);
        assert_eq!(code, Some(2), "{args:?}: {err}");
        // A link out of the folder walked is not followed (issue 24 item
        // 21): a note names it.
        assert!(err.contains("note: skipped zero.dossier.yaml"), "{err}");
        assert!(err.contains("fifo.dossier.yaml: a named pipe"), "{err}");
        assert!(
            err.contains("dangling.dossier.yaml: a symbolic link to a file that does not exist"),
            "{err}"
        );
        assert!(
            out.contains("good.dossier.yaml") || out.contains("Example AI"),
            "{args:?}: the good file is reported: {out}"
        );
    }
    // Named one by one, and through `score`, each is read and refused.
    let (code, _, err) = run_bounded(d, &["check", "zero.dossier.yaml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("a character device"), "{err}");
    let (code, _, err) = run_bounded(d, &["score", "zero.dossier.yaml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("a character device"), "{err}");
    let (code, _, err) = run_bounded(d, &["check", "fifo.dossier.yaml"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("a named pipe"), "{err}");
}

#[cfg(unix)]
#[test]
fn a_dossier_toml_or_schema_that_is_a_device_or_fifo_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("good.dossier.yaml"), GOOD).unwrap();
    std::os::unix::fs::symlink("/dev/zero", d.join("dossier.toml")).unwrap();
    let (code, _, err) = run_bounded(d, &["check", "."]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("dossier.toml") && err.contains("a character device"),
        "{err}"
    );
    std::fs::remove_file(d.join("dossier.toml")).unwrap();
    mkfifo(&d.join("schema.json"));
    std::fs::write(d.join("dossier.toml"), "schema = \"schema.json\"\n").unwrap();
    let (code, _, err) = run_bounded(d, &["check", "."]);
    assert_eq!(code, Some(2));
    assert!(
        err.contains("dossier.toml:1:10:") && err.contains("a named pipe"),
        "{err}"
    );
}

#[test]
fn the_same_file_given_three_ways_is_checked_once() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("a.dossier.yaml"), GOOD).unwrap();
    let abs = d.join("a.dossier.yaml");
    let o = dossier_in(
        d,
        &[
            "check",
            "--format",
            "json",
            "a.dossier.yaml",
            "./a.dossier.yaml",
            abs.to_str().unwrap(),
            ".",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["files"].as_array().unwrap().len(), 1, "{v:#}");
    assert_eq!(v["files"][0]["path"], "a.dossier.yaml");
}

#[test]
fn each_file_uses_the_nearest_dossier_toml_and_says_which() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for (sub, toml) in [
        (
            "strict",
            "today = 2026-11-24\n[rules]\nuncited-fact = \"error\"\n",
        ),
        (
            "lax",
            "today = \"2026-11-24\"\n[rules]\nuncited-fact = \"off\"\n",
        ),
    ] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("dossier.toml"), toml).unwrap();
        std::fs::write(d.join(sub).join("x.dossier.yaml"), GOOD).unwrap();
    }
    // Run from the parent, which has no dossier.toml: each file still gets
    // its own folder's.
    let o = dossier_in(
        d,
        &["check", "--format", "json", "strict", "lax/x.dossier.yaml"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let files = v["files"].as_array().unwrap();
    let file = |p: &str| files.iter().find(|f| f["path"] == p).unwrap().clone();
    let rules = |f: &serde_json::Value| -> Vec<(String, String)> {
        f["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                (
                    d["rule"].as_str().unwrap().into(),
                    d["severity"].as_str().unwrap().into(),
                )
            })
            .collect()
    };
    let strict = file("strict/x.dossier.yaml");
    assert!(
        rules(&strict).contains(&("uncited-fact".into(), "error".into())),
        "{strict:#}"
    );
    assert_eq!(strict["config"], "strict/dossier.toml");
    let lax = file("lax/x.dossier.yaml");
    assert!(
        !rules(&lax).iter().any(|(r, _)| r == "uncited-fact"),
        "{lax:#}"
    );
    assert_eq!(lax["config"], "lax/dossier.toml");
    assert_eq!(o.status.code(), Some(1));
    // The human output says which dossier.toml applied.
    let o = dossier_in(d, &["check", "strict", "lax"]);
    assert!(
        stderr(&o).contains("note: lax/dossier.toml applied to 1 file"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn walks_skip_gitignored_and_excluded_paths() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    for sub in ["kept", "ignored", "excluded"] {
        std::fs::create_dir_all(d.join(sub)).unwrap();
        std::fs::write(d.join(sub).join("x.dossier.yaml"), "not: [valid\n").unwrap();
    }
    std::fs::write(d.join(".gitignore"), "ignored/\n").unwrap();
    std::fs::write(d.join("dossier.toml"), "exclude = [\"excluded/\"]\n").unwrap();
    let o = dossier_in(d, &["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let paths: Vec<&str> = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["path"].as_str().unwrap())
        .collect();
    assert_eq!(paths, ["kept/x.dossier.yaml"]);
    // Named explicitly, an excluded folder is checked.
    let o = dossier_in(d, &["check", "--format", "json", "excluded"]);
    assert!(stdout(&o).contains("excluded/x.dossier.yaml"));
}

#[test]
fn check_at_the_toolkit_root_passes() {
    let o = dossier(&["check", "--today", "2026-11-24"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(!stdout(&o).contains("examples/broken"));
}

#[test]
fn unquoted_toml_date_for_today() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("dossier.toml"), "today = 2026-11-24\n").unwrap();
    std::fs::write(d.join("a.dossier.yaml"), GOOD).unwrap();
    let o = dossier_in(d, &["check", "a.dossier.yaml"]);
    assert_ne!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(!stderr(&o).contains("invalid type"), "{}", stderr(&o));
}

#[cfg(unix)]
#[test]
fn render_never_writes_through_a_symlink() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("acme.dossier.yaml"), GOOD).unwrap();
    std::fs::create_dir_all(d.join("out")).unwrap();
    std::fs::write(d.join("victim.txt"), "precious").unwrap();
    std::os::unix::fs::symlink(d.join("victim.txt"), d.join("out/acme.html")).unwrap();
    let o = dossier_in(d, &["render", "-o", "out", "acme.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(!stderr(&o).contains("wrote"), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(d.join("victim.txt")).unwrap(),
        "precious"
    );
    // A directory in the way is refused too.
    std::fs::remove_file(d.join("out/acme.html")).unwrap();
    std::fs::create_dir_all(d.join("out/acme.html")).unwrap();
    let o = dossier_in(d, &["render", "-o", "out", "acme.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("is a directory"), "{}", stderr(&o));
    // A regular file is replaced, and no temporary file is left behind.
    std::fs::remove_dir(d.join("out/acme.html")).unwrap();
    std::fs::write(d.join("out/acme.html"), "old").unwrap();
    let o = dossier_in(d, &["render", "-o", "out", "acme.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(std::fs::read_to_string(d.join("out/acme.html"))
        .unwrap()
        .contains("<html"));
    assert_eq!(std::fs::read_dir(d.join("out")).unwrap().count(), 1);
}

/// Start `dossier ARGS`, close its stdout at once (a reader that stops
/// early), and return its exit code and stderr.
fn with_closed_stdout(args: &[&str]) -> (Option<i32>, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(repo_root())
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    (child.wait().unwrap().code(), err)
}

#[test]
fn a_closed_stdout_ends_every_command_quietly() {
    let file = "examples/alibaba-cloud.dossier.yaml";
    let mut runs: Vec<Vec<&str>> = Vec::new();
    for format in ["human", "json", "sarif", "github", "junit"] {
        runs.push(vec![
            "check",
            "--format",
            format,
            "--today",
            "2026-11-24",
            "examples",
        ]);
    }
    for format in ["human", "json"] {
        runs.push(vec!["score", "--format", format, "--explain", file]);
    }
    runs.push(vec!["render", file]);
    runs.push(vec!["render", "--format", "markdown", file]);
    runs.push(vec!["new", "Example AI", "--today", "2026-11-24"]);
    runs.push(vec!["schema"]);
    for args in runs {
        let (code, err) = with_closed_stdout(&args);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(!err.contains("Broken pipe"), "{args:?}: {err}");
        assert!(
            matches!(code, Some(0..=1)),
            "{args:?}: exit {code:?}: {err}"
        );
    }
}
