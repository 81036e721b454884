//! Issue 24, the third round of hostile input: each test drives the real
//! binary with one of the attacks and fails on the code before the fix.

use std::path::Path;
use std::process::{Command, Stdio};

use crate::common::*;

const HEAD: &str = "dossier: 1\nvendor:\n  name: Acme\n  kind: model_host\nassessment:\n  analyst: a\n  as_of: 2026-10-01\n";

fn small(vendor: &str) -> String {
    format!(
        "dossier: 1\nvendor:\n  name: {vendor}\n  kind: model_host\nassessment:\n  analyst: a\n  as_of: 2026-10-01\nsources:\n  s: {{url: https://example.com, title: t, kind: vendor_disclosure, retrieved: 2026-09-01}}\nfacts:\n  security:\n    x_one: {{value: yes, cite: s}}\nattestations:\n  - id: soc\n    scheme: soc2_type2\n    valid_until: 2026-12-15\n    cite: s\n"
    )
}

fn write(dir: &Path, name: &str, text: &str) {
    if let Some(p) = dir.join(name).parent() {
        std::fs::create_dir_all(p).unwrap();
    }
    std::fs::write(dir.join(name), text).unwrap();
}

fn full() -> std::fs::File {
    std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .expect("/dev/full")
}

// Item 1: diagnostics are bounded per rule and file ("and N more").
#[test]
fn thousands_of_bad_citations_give_a_bounded_report() {
    let dir = tempfile::tempdir().unwrap();
    let mut text = String::from(HEAD);
    text.push_str("sources:\n  s: {url: https://example.com, title: t, kind: vendor_disclosure, retrieved: 2026-09-01}\nfacts:\n  security:\n    x_many: {value: yes, cite: [s");
    for _ in 0..5_000 {
        text.push_str(",x");
    }
    text.push_str("]}\n");
    write(dir.path(), "v.dossier.yaml", &text);
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--today",
            "2026-11-24",
            "--format",
            "json",
            "v.dossier.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let diags = v["files"][0]["diagnostics"].as_array().unwrap();
    let unknown: Vec<_> = diags
        .iter()
        .filter(|d| d["rule"] == "unknown-source")
        .collect();
    assert_eq!(unknown.len(), dossier_analysis::MAX_PER_RULE + 1);
    let last = unknown.last().unwrap()["message"].as_str().unwrap();
    assert!(
        last.contains("and 4800 more `unknown-source` diagnostics"),
        "{last}"
    );
    // The human output is bounded the same way.
    let o = dossier_in(
        dir.path(),
        &["check", "--today", "2026-11-24", "v.dossier.yaml"],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).matches("error[unknown-source]").count() <= 201);
}

// Item 6: write errors are exit status 2; a full stderr is no panic.
#[test]
fn output_that_cannot_be_written_is_exit_status_2() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a.dossier.yaml", &small("Acme"));
    write(dir.path(), "b.dossier.yaml", &small("Acme B"));
    for args in [
        &["check", "--today", "2026-11-24", "a.dossier.yaml"][..],
        &["check", "--format", "json", "a.dossier.yaml"],
        &["diff", "a.dossier.yaml", "b.dossier.yaml"],
        &["due", "--today", "2026-11-24", "."],
        &["new", "Acme"],
    ] {
        let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(dir.path())
            .stdout(full())
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
        assert!(
            stderr(&o).contains("cannot write the output"),
            "{args:?}: {}",
            stderr(&o)
        );
        // With stderr full as well: the same status, never a panic (101).
        let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .args(args)
            .current_dir(dir.path())
            .stdout(full())
            .stderr(full())
            .status()
            .unwrap();
        assert_eq!(o.code(), Some(2), "{args:?} with stderr full");
    }
    // A usage error with stderr full: 2, not a panic.
    let o = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "no-such.dossier.yaml"])
        .current_dir(dir.path())
        .stderr(full())
        .stdout(Stdio::null())
        .status()
        .unwrap();
    assert_eq!(o.code(), Some(2));
}

// Item 12 (second half): what YAML 1.2 forbids is a located syntax error.
#[test]
fn characters_yaml_forbids_are_located_syntax_errors() {
    for (c, code) in [('\u{7f}', "007F"), ('\u{9b}', "009B"), ('\u{ffff}', "FFFF")] {
        let dir = tempfile::tempdir().unwrap();
        let text = small(&format!("\"Ac{c}me\""));
        write(dir.path(), "v.dossier.yaml", &text);
        let o = dossier_in(
            dir.path(),
            &[
                "check",
                "--today",
                "2026-11-24",
                "--format",
                "json",
                "v.dossier.yaml",
            ],
        );
        assert_eq!(o.status.code(), Some(1), "{}", stdout(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let d = v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["rule"] == "syntax")
            .unwrap_or_else(|| panic!("no syntax error for U+{code}: {v}"))
            .clone();
        assert!(d["message"].as_str().unwrap().contains(code), "{d}");
        assert_eq!(covered(&text, &d), c.to_string());
    }
}

// Items 14, 15, 16, 17, 18 (due): no formula, no control character, no
// shared UID, no raw escape in any output of `dossier due`.
#[test]
fn due_outputs_neutralise_names_and_keep_uids_apart() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    write(
        dir.path(),
        "eu/acme.dossier.yaml",
        &small("\"=HYPERLINK(\\\"http://x\\\")\\rATTACH:http://evil\\e[2J\\u202e\""),
    );
    write(dir.path(), "us/acme.dossier.yaml", &small("\"@SUM(1)\""));
    let due = |format: &str| {
        let o = dossier_in(
            dir.path(),
            &["due", "--today", "2026-11-24", "--format", format, "."],
        );
        assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
        stdout(&o)
    };
    let csv = due("csv");
    assert!(csv.contains("'=HYPERLINK"), "{csv}");
    assert!(csv.contains("'@SUM(1)"), "{csv}");
    assert!(!csv.contains(",=") && !csv.contains(",@"), "{csv}");
    let ics = due("ics");
    for line in ics.split("\r\n") {
        assert!(
            !line.contains(['\r', '\u{1b}', '\u{202e}']),
            "a control character in {line:?}"
        );
        assert!(!line.starts_with("ATTACH"), "{ics}");
    }
    let uids: Vec<&str> = ics
        .split("\r\n")
        .filter(|l| l.starts_with("UID:") && !l.starts_with("UID:alarm-"))
        .collect();
    let distinct: std::collections::BTreeSet<_> = uids.iter().collect();
    assert!(uids.len() >= 2, "{ics}");
    assert_eq!(distinct.len(), uids.len(), "{uids:?}");
    let human = due("human");
    for c in ['\r', '\u{1b}', '\u{202e}'] {
        assert!(!human.contains(c), "raw U+{:04X}: {human}", c as u32);
    }
    assert!(human.contains("\\u{1b}[2J"), "{human}");
}

// Items 17, 18: `diff` human and Markdown, `render` Markdown and HTML.
#[test]
fn diff_and_render_neutralise_terminal_and_bidi_controls() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "old.dossier.yaml", &small("Acme"));
    write(
        dir.path(),
        "new.dossier.yaml",
        &small("\"Ac\\e[1A\\e[2K\\x07me \\u202eevil\""),
    );
    for format in ["human", "markdown"] {
        let o = dossier_in(
            dir.path(),
            &[
                "diff",
                "--today",
                "2026-11-24",
                "--format",
                format,
                "old.dossier.yaml",
                "new.dossier.yaml",
            ],
        );
        let out = stdout(&o);
        for c in ['\u{1b}', '\u{7}', '\u{202e}'] {
            assert!(!out.contains(c), "{format}: raw U+{:04X}: {out}", c as u32);
        }
    }
    for format in ["markdown", "html"] {
        let o = dossier_in(
            dir.path(),
            &[
                "render",
                "--today",
                "2026-11-24",
                "--format",
                format,
                "new.dossier.yaml",
            ],
        );
        let out = stdout(&o);
        assert!(!out.contains('\u{202e}'), "{format}: {out}");
    }
}

// Item 19: a CR in the vendor name stays in the header comment.
#[test]
fn new_keeps_line_breaks_of_the_name_in_its_comment() {
    let o = dossier(&["new", "--today", "2026-11-24", "Acme\rx: 1 #\u{2028}y: 2"]);
    assert_eq!(o.status.code(), Some(0));
    let out = stdout(&o);
    let comment = out.lines().next().unwrap();
    assert!(
        comment.starts_with("# Vendor dossier for Acme\\u{d}x: 1 #"),
        "{comment:?}"
    );
    assert!(!comment.contains(['\r', '\u{2028}']), "{comment:?}");
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "n.dossier.yaml", &out);
    let (_, diags) = json_diagnostics(&[
        "--today",
        "2026-11-24",
        dir.path().join("n.dossier.yaml").to_str().unwrap(),
    ]);
    assert!(
        !diags
            .iter()
            .any(|d| d["rule"] == "schema" || d["rule"] == "syntax"),
        "{diags:?}"
    );
}

// Item 20: SARIF URIs are percent-encoded.
#[test]
fn sarif_uris_are_percent_encoded() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "a b%20#?.dossier.yaml", "dossier: 1\n");
    let o = dossier_in(
        dir.path(),
        &["check", "--format", "sarif", "a b%20#?.dossier.yaml"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let uri =
        &v["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"];
    assert_eq!(uri, "a%20b%2520%23%3F.dossier.yaml", "{v}");
}

// Item 21: a walk does not follow links out of its folder.
#[cfg(unix)]
#[test]
fn symlinks_out_of_the_folder_are_not_followed() {
    let outside = tempfile::tempdir().unwrap();
    write(
        outside.path(),
        "credentials",
        "[default]\naws_secret_access_key = SECRET-VALUE-123\n",
    );
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    write(repo, "ok.dossier.yaml", &small("Acme"));
    std::os::unix::fs::symlink(
        outside.path().join("credentials"),
        repo.join("vendor.dossier.yaml"),
    )
    .unwrap();
    write(repo, ".git/config", "[core]\nsecret = GIT-SECRET-456\n");
    std::os::unix::fs::symlink(repo.join(".git/config"), repo.join("git.dossier.yaml")).unwrap();
    let o = dossier_in(repo, &["check", "--today", "2026-11-24", "."]);
    let (out, err) = (stdout(&o), stderr(&o));
    for secret in ["SECRET-VALUE-123", "GIT-SECRET-456"] {
        assert!(!out.contains(secret) && !err.contains(secret), "{out}{err}");
    }
    assert!(err.contains("note: skipped vendor.dossier.yaml"), "{err}");
    assert!(err.contains("note: skipped git.dossier.yaml"), "{err}");
    assert!(err.contains("--follow-symlinks"), "{err}");
    let o = dossier_in(
        repo,
        &["render", "--today", "2026-11-24", "--format", "json", "."],
    );
    assert!(!stdout(&o).contains("SECRET-VALUE-123"));
    // Asked for explicitly, the link is read.
    let o = dossier_in(
        repo,
        &["check", "--today", "2026-11-24", "--follow-symlinks", "."],
    );
    assert!(stdout(&o).contains("vendor.dossier.yaml"), "{}", stdout(&o));
}

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.invalid")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.invalid")
        .status()
        .unwrap()
        .success();
    assert!(ok, "git {args:?}");
}

// Item 22: a file name with a newline is reported, the others compared.
#[test]
fn a_newline_in_a_tracked_name_does_not_stop_the_review() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    write(d, "a\nb.dossier.yaml", &small("Odd"));
    write(d, "plain.dossier.yaml", &small("Plain"));
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "one"]);
    write(d, "a\nb.dossier.yaml", &small("Odd Two"));
    write(d, "plain.dossier.yaml", &small("Plain Two"));
    let o = dossier_in(
        d,
        &[
            "diff",
            "--today",
            "2026-11-24",
            "--git",
            "HEAD",
            "--format",
            "json",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let text = v.to_string();
    assert!(
        text.contains("Plain Two"),
        "the other file is compared: {text}"
    );
    assert!(
        text.contains("line break"),
        "the odd file is reported: {text}"
    );
    let o = dossier_in(d, &["diff", "--today", "2026-11-24", "--git", "HEAD"]);
    assert!(!stdout(&o).contains("a\nb"), "{}", stdout(&o));
}

// Item 23: a rename that leaves facts citing the old id is a risk.
#[test]
fn a_rename_with_stale_cites_is_listed_under_risk_first() {
    let dir = tempfile::tempdir().unwrap();
    let old = small("Acme");
    let new = old.replace("  s: {url", "  s2: {url");
    assert_ne!(old, new);
    write(dir.path(), "old.dossier.yaml", &old);
    write(dir.path(), "new.dossier.yaml", &new);
    let check = dossier_in(
        dir.path(),
        &["check", "--today", "2026-11-24", "new.dossier.yaml"],
    );
    assert!(
        stdout(&check).contains("unknown-source"),
        "{}",
        stdout(&check)
    );
    let o = dossier_in(
        dir.path(),
        &[
            "diff",
            "--today",
            "2026-11-24",
            "old.dossier.yaml",
            "new.dossier.yaml",
        ],
    );
    let out = stdout(&o);
    let risk = out.find("Risk first").unwrap_or_else(|| panic!("{out}"));
    assert!(out[risk..].contains("security.x_one"), "{out}");
}

// Item 24: written files keep the mode of the file replaced, and new
// files follow the umask.
#[cfg(unix)]
#[test]
fn written_files_follow_the_umask_and_keep_modes() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "v.dossier.yaml", &small("Acme"));
    let run = |umask: &str| {
        let cmd =
            format!("umask {umask} && exec \"$0\" render --today 2026-11-24 -o out v.dossier.yaml");
        let o = Command::new("sh")
            .args(["-c", &cmd, env!("CARGO_BIN_EXE_dossier")])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", stderr(&o));
    };
    let page = dir.path().join("out/v.html");
    let mode = || std::fs::metadata(&page).unwrap().permissions().mode() & 0o777;
    run("022");
    assert_eq!(mode(), 0o644);
    std::fs::set_permissions(&page, std::fs::Permissions::from_mode(0o640)).unwrap();
    run("077");
    assert_eq!(mode(), 0o640, "the replaced page keeps its mode");
}

// Item 26: one limit for `--within`, no year 10000 in a calendar, and the
// version written as `1` only.
#[test]
fn small_ones_within_ics_year_and_hex_version() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "v.dossier.yaml", &small("Acme"));
    for within in ["5219w", "1201m", "36600d"] {
        let o = dossier_in(dir.path(), &["due", "--within", within, "."]);
        assert_eq!(o.status.code(), Some(2), "{within}");
        assert!(stderr(&o).contains("100 years"), "{}", stderr(&o));
    }
    let o = dossier_in(
        dir.path(),
        &["due", "--today", "9999-12-31", "--format", "ics", "."],
    );
    let ics = stdout(&o);
    for line in ics.split("\r\n").filter(|l| l.starts_with("DT")) {
        let value = line.rsplit(':').next().unwrap();
        assert!(
            value.len() <= 8 || value.as_bytes()[8] == b'T',
            "a year past 9999: {line}"
        );
    }
    write(
        dir.path(),
        "hex.dossier.yaml",
        &small("Acme").replacen("dossier: 1", "dossier: 0x1", 1),
    );
    let (code, diags) = json_diagnostics(&[
        "--today",
        "2026-11-24",
        dir.path().join("hex.dossier.yaml").to_str().unwrap(),
    ]);
    assert_eq!(code, 1);
    assert!(
        diags
            .iter()
            .any(|d| d["rule"] == "schema" && d["message"].as_str().unwrap().contains("0x1")),
        "{diags:?}"
    );
}
