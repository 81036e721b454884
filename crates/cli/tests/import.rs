//! `dossier import caiq`: synthetic questionnaires (made-up question texts)
//! into copies of a dossier, through the real binary.

mod common;
use common::*;

use std::path::{Path, PathBuf};

const DOSSIER: &str = "\
# A test dossier: this comment must survive the import.
dossier: 1
vendor:
  name: Example AI
  kind: other
assessment:
  as_of: 2026-07-01
sources:
  site:   # the vendor's site
    url: https://example.com
    kind: vendor_disclosure
    retrieved: 2026-07-01
facts:
  data_handling:
    encryption_at_rest: not_disclosed   # to be filled
    public_subprocessor_list:
      value: no
      cite: site
      detail: list shared under NDA only
  governance:
    publishes_model_cards: not_disclosed
";

fn fixture(name: &str) -> String {
    repo_root()
        .join("crates/cli/tests/fixtures/caiq")
        .join(name)
        .display()
        .to_string()
}

fn setup() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("example.dossier.yaml");
    std::fs::write(&path, DOSSIER).unwrap();
    (dir, path)
}

fn import(dir: &Path, answers: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        "caiq",
        answers,
        "--into",
        "example.dossier.yaml",
        "--url",
        "https://example.com/caiq",
        "--retrieved",
        "2026-07-01",
    ];
    args.extend_from_slice(extra);
    dossier_in(dir, &args)
}

#[test]
fn csv_fills_absent_and_not_disclosed_facts_keeps_comments_and_reports_conflicts() {
    let (dir, path) = setup();
    let dry = import(dir.path(), &fixture("answers.csv"), &["--dry-run"]);
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    insta::assert_snapshot!("csv_dry_run", stdout(&dry));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        DOSSIER,
        "--dry-run wrote"
    );

    let o = import(dir.path(), &fixture("answers.csv"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(after.contains("# A test dossier: this comment must survive"));
    assert!(after.contains("# the vendor's site"));
    assert!(stdout(&o).contains("conflict facts.data_handling.public_subprocessor_list"));
    insta::assert_snapshot!("csv_imported", after);

    // The result passes `dossier check` with no errors.
    let c = dossier_in(
        dir.path(),
        &["check", "--today", "2026-07-02", "example.dossier.yaml"],
    );
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));

    // A second import changes nothing.
    let again = import(dir.path(), &fixture("answers.csv"), &[]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
    assert!(
        stdout(&again).contains("source caiq-v4-0: cited"),
        "{}",
        stdout(&again)
    );
}

#[test]
fn overwrite_replaces_a_disagreeing_fact() {
    let (dir, path) = setup();
    let o = import(dir.path(), &fixture("answers.csv"), &["--overwrite"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.contains("public_subprocessor_list: {value: yes, cite: caiq-v4-0, detail: \"CAIQ DSP-14.1: Yes — Published on the trust page\"}"),
        "{after}"
    );
    assert!(!after.contains("list shared under NDA only"));
}

#[test]
fn json_with_ai_domains_reads_as_ai_caiq_and_cites_an_existing_source() {
    let (dir, path) = setup();
    let o = import(dir.path(), &fixture("answers.json"), &["--source", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("json_report", stdout(&o));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        !after.contains("ai-caiq-v1:"),
        "a source was added: {after}"
    );
    assert!(
        after.contains(
            "deletion_on_request: {value: no, cite: site, detail: \"AI-CAIQ DSP-11.1: No\"}"
        ),
        "{after}"
    );
}

#[test]
fn bad_answers_are_located_and_leave_the_dossier_untouched() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "unknown.csv",
            b"Question ID,Answer\nXYZ-01.1,Yes\n",
            "row 2: \"XYZ-01.1\" is not a CAIQ",
        ),
        (
            "word.csv",
            b"Question ID,Answer\nCEK-03.1,Maybe\n",
            "row 2: answer \"Maybe\" to CEK-03.1",
        ),
        (
            "dup.csv",
            b"Question ID,Answer\nCEK-03.1,Yes\nCEK-03.1,No\n",
            "row 3: CEK-03.1 is answered twice (first at row 2)",
        ),
        (
            "nohead.csv",
            b"a,b\n1,2\n",
            "no header row with a question id column",
        ),
        (
            "empty.csv",
            b"Question ID,Answer\n",
            "no answered questions",
        ),
        (
            "latin1.csv",
            b"Question ID,Answer\nCEK-03.1,Yes\n\xe9\n",
            "line 3: not UTF-8",
        ),
        (
            "bad.json",
            b"[{\"id\": \"CEK-03.1\", \"answer\": \"Yes\", \"colour\": 1}]",
            "item 1: unknown key \"colour\"",
        ),
        ("answers.txt", b"CEK-03.1 Yes", "unsupported file type"),
    ];
    for (name, bytes, want) in cases {
        let (dir, path) = setup();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = import(dir.path(), name, &[]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stdout(&o));
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
        assert!(
            stderr(&o).contains(name),
            "{name}: message does not name the file: {}",
            stderr(&o)
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), DOSSIER, "{name}");
    }
}

#[test]
fn a_new_source_needs_a_url() {
    let (dir, path) = setup();
    let o = dossier_in(
        dir.path(),
        &[
            "import",
            "caiq",
            &fixture("answers.csv"),
            "--into",
            "example.dossier.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("give --url"), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), DOSSIER);
}
