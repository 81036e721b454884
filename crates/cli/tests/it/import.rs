//! `dossier import caiq`: synthetic questionnaires (made-up question texts)
//! into copies of a dossier, through the real binary.

use crate::common::*;

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

    // The result passes `dossier check` with no errors; the answer kept in
    // `questionnaires` that disagrees with the cited fact is a warning.
    let c = dossier_in(
        dir.path(),
        &["check", "--today", "2026-07-02", "example.dossier.yaml"],
    );
    assert_eq!(c.status.code(), Some(0), "{}", stdout(&c));
    assert!(
        stdout(&c).contains("questionnaire-conflict"),
        "{}",
        stdout(&c)
    );
    // Every answer is kept, mapped or not, NA included.
    for kept in [
        "      A&A-01.1: {answer: yes, ownership: CSP-owned, note: We audit things.}",
        "      GRC-01.1: {answer: na}",
        "      DSP-14.1: {answer: yes, ownership: CSP-owned, note: Published on the trust page}",
    ] {
        assert!(after.contains(kept), "{kept} not in:\n{after}");
    }

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
    // The value and its citation are replaced; the analyst's detail stays,
    // and the report says so.
    assert!(
        after.contains("    public_subprocessor_list:\n      value: yes\n      cite: caiq-v4-0\n      detail: list shared under NDA only\n"),
        "{after}"
    );
    assert!(stdout(&o).contains("kept detail"), "{}", stdout(&o));
}

#[test]
fn json_with_ai_domains_reads_as_ai_caiq_and_cites_an_existing_source() {
    let (dir, path) = setup();
    let o = import(dir.path(), &fixture("answers.json"), &["--source", "site"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("json_report", stdout(&o));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        !after.contains("ai-caiq-v1-1:"),
        "a source was added: {after}"
    );
    assert!(
        after.contains(
            "deletion_on_request: {value: no, cite: site, detail: \"AI-CAIQ 1.1.0 DSP-11.1: No\"}"
        ),
        "{after}"
    );
}

#[test]
fn bad_answers_are_located_and_leave_the_dossier_untouched() {
    let cases: &[(&str, &[u8], &str)] = &[
        (
            "unknown.csv",
            b"Question ID,Answer\nhello,Yes\n",
            "row 2: \"hello\" is not a CAIQ",
        ),
        (
            "dup.csv",
            b"Question ID,Answer\nCEK-03.1,Yes\nCEK-03.1,No\n",
            "row 3: CEK-03.1 is in the sheet twice (first at row 2)",
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

#[test]
fn a_changed_answer_file_updates_the_kept_answers_and_adds_new_ones() {
    let (dir, path) = setup();
    let o = import(dir.path(), &fixture("answers.csv"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let first = std::fs::read_to_string(&path).unwrap();
    let changed = std::fs::read_to_string(fixture("answers.csv"))
        .unwrap()
        .replace("A&A-01.1,Made-up question one?,Yes", "A&A-01.1,Made-up question one?,No")
        + "STA-01.1,Made-up question on suppliers?,Yes,Shared,\"Note with \"\"quotes\"\" and: a colon\"\n";
    std::fs::write(dir.path().join("changed.csv"), changed).unwrap();
    let o = import(dir.path(), "changed.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("questionnaires caiq-v4-0: add 1 answers, update 1"),
        "{}",
        stdout(&o)
    );
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after
            .contains("      A&A-01.1: {answer: no, ownership: CSP-owned, note: We audit things.}"),
        "{after}"
    );
    assert!(
        after.contains(r#"      STA-01.1: {answer: yes, ownership: Shared, note: "Note with \"quotes\" and: a colon"}"#),
        "{after}"
    );
    assert_eq!(after.lines().count(), first.lines().count() + 1);
    // And once more: nothing changes.
    let o = import(dir.path(), "changed.csv", &[]);
    assert!(stdout(&o).contains("questionnaires caiq-v4-0: unchanged"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);
}

#[test]
fn the_report_ends_with_coverage() {
    let (dir, _) = setup();
    let answers = "Question ID,Answer,Implementation description\n\
                   CEK-03.1,Yes,Made-up text\n\
                   TVM-06.1,No,Made-up text\n\
                   DSP-16.1,Yes,Kept 30 days\n";
    std::fs::write(dir.path().join("a.csv"), answers).unwrap();
    let o = import(dir.path(), "a.csv", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    insta::assert_snapshot!("coverage_report", stdout(&o));
}

/// A workbook shaped like CSA's: an instructions sheet first, then the
/// questions under a title block, with the columns in another order than
/// the CSV's. The question texts are made up.
fn workbook(rows: &[[&str; 4]]) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    let intro = wb.add_worksheet();
    intro.set_name("Introduction").unwrap();
    intro
        .write_string(0, 0, "Made-up instructions for a test")
        .unwrap();
    intro.write_string(3, 1, "Answer every question").unwrap();
    let sheet = wb.add_worksheet();
    sheet.set_name("CAIQv4.0.3").unwrap();
    sheet
        .write_string(0, 0, "Made-up questionnaire title")
        .unwrap();
    sheet.write_string(1, 0, "Version 4.0.3").unwrap();
    let header = [
        "Question Text",
        "CSP Implementation Description (Optional/Recommended)",
        "Question ID",
        "CSP CAIQ Answer",
        "SSRM Control Ownership",
    ];
    for (c, h) in header.iter().enumerate() {
        sheet.write_string(3, c as u16, *h).unwrap();
    }
    for (i, [id, answer, ownership, note]) in rows.iter().enumerate() {
        let r = 4 + i as u32;
        sheet.write_string(r, 0, "Made-up question?").unwrap();
        if !note.is_empty() {
            sheet.write_string(r, 1, *note).unwrap();
        }
        sheet.write_string(r, 2, *id).unwrap();
        if !answer.is_empty() {
            sheet.write_string(r, 3, *answer).unwrap();
        }
        if !ownership.is_empty() {
            sheet.write_string(r, 4, *ownership).unwrap();
        }
    }
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_is_read_by_column_names_like_the_csv() {
    let (dir, path) = setup();
    std::fs::write(
        dir.path().join("answers.xlsx"),
        workbook(&[
            ["A&A-01.1", "Yes", "CSP-owned", "We audit things."],
            [
                "CEK-03.1",
                "Yes",
                "CSP-owned",
                "AES-256 at rest, TLS 1.2+ in transit",
            ],
            [
                "DSP-11.1",
                "Yes",
                "Shared",
                "Deleted within 30 days of a request",
            ],
            [
                "DSP-14.1",
                "Yes",
                "CSP-owned",
                "Published on the trust page",
            ],
            ["GRC-01.1", "NA", "", ""],
            ["GRC-02.1", "", "", ""],
        ]),
    )
    .unwrap();
    let o = import(dir.path(), "answers.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let from_xlsx = std::fs::read_to_string(&path).unwrap();
    // The same answers as a CSV give the same dossier.
    let (dir2, path2) = setup();
    let o = import(dir2.path(), &fixture("answers.csv"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(from_xlsx, std::fs::read_to_string(&path2).unwrap());
    // Twice changes nothing.
    let o = import(dir.path(), "answers.xlsx", &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), from_xlsx);
}

/// A zip archive with one entry of `size` zero bytes (deflated to a few
/// KiB per MiB): a zip bomb when large.
fn zip_of_zeros(name: &str, size: usize) -> Vec<u8> {
    use std::io::Write;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .large_file(true);
    w.start_file(name, opts).unwrap();
    let chunk = vec![0u8; 1 << 20];
    for _ in 0..size / chunk.len() {
        w.write_all(&chunk).unwrap();
    }
    w.finish().unwrap().into_inner()
}

#[test]
fn bad_workbooks_are_located_and_leave_the_dossier_untouched() {
    // A sheet whose only cells are far apart claims a huge dimension.
    let mut far = rust_xlsxwriter::Workbook::new();
    let s = far.add_worksheet();
    s.write_string(0, 0, "Question ID").unwrap();
    s.write_string(1_048_575, 16_383, "Answer").unwrap();
    let far = far.save_to_buffer().unwrap();
    let mut empty = rust_xlsxwriter::Workbook::new();
    empty.add_worksheet();
    empty.add_worksheet();
    let empty = empty.save_to_buffer().unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "text.xlsx",
            b"Question ID,Answer\nCEK-03.1,Yes\n".to_vec(),
            "not an .xlsx workbook",
        ),
        ("empty.xlsx", empty, "every sheet of the workbook is empty"),
        ("far.xlsx", far, "no visible sheet has a header row"),
        (
            "bomb.xlsx",
            zip_of_zeros("xl/worksheets/sheet1.xml", 80 << 20),
            "inflates to more than 64 MiB",
        ),
        (
            "unknown.xlsx",
            workbook(&[["hello", "Yes", "", ""]]),
            "sheet \"CAIQv4.0.3\", cell C5: \"hello\" is not a CAIQ",
        ),
        (
            "dup.xlsx",
            workbook(&[["CEK-03.1", "Yes", "", ""], ["CEK-03.1", "No", "", ""]]),
            "sheet \"CAIQv4.0.3\", row 6: CEK-03.1 is in the sheet twice (first at sheet \"CAIQv4.0.3\", row 5)",
        ),
        (
            "unanswered.xlsx",
            workbook(&[["CEK-03.1", "", "", ""]]),
            "no answered questions",
        ),
    ];
    for (name, bytes, want) in cases {
        let (dir, path) = setup();
        std::fs::write(dir.path().join(name), bytes).unwrap();
        let o = import(dir.path(), name, &[]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stdout(&o));
        assert!(stderr(&o).contains(want), "{name}: {}", stderr(&o));
        assert!(stderr(&o).contains(name), "{name}: {}", stderr(&o));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), DOSSIER, "{name}");
    }
}

#[test]
fn export_prefills_the_mapped_questions_and_reads_back() {
    let (dir, path) = setup();
    let o = import(dir.path(), &fixture("answers.csv"), &[]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let o = dossier_in(
        dir.path(),
        &[
            "export",
            "caiq",
            "example.dossier.yaml",
            "--version",
            "4.0.3",
            "-o",
            "out.csv",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    insta::assert_snapshot!("export_csv", csv);

    // The workbook has the same rows, and the import reads it back into a
    // fresh dossier: the answers the dossier settles fill the same facts.
    let o = dossier_in(
        dir.path(),
        &[
            "export",
            "caiq",
            "example.dossier.yaml",
            "--version",
            "4.0.3",
            "-o",
            "out.xlsx",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::write(&path, DOSSIER).unwrap();
    let o = import(dir.path(), "out.xlsx", &["--dry-run"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("would fill     facts.data_handling.encryption_at_rest = yes (CEK-03.1; was not_disclosed)"),
        "{}",
        stdout(&o)
    );

    for (args, want) in [
        (vec!["--version", "9.9", "-o", "x.csv"], "--version \"9.9\""),
        (
            vec!["--version", "4.1", "-o", "x.txt"],
            "give a .csv or .xlsx file",
        ),
    ] {
        let mut all = vec!["export", "caiq", "example.dossier.yaml"];
        all.extend(args);
        let o = dossier_in(dir.path(), &all);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(want), "{}", stderr(&o));
    }
}

/// The import writes through the same atomic writer as render and export:
/// a dossier path that is a symlink is refused, and the file it points at
/// (outside the folder, say) is left as it was. The old writer renamed a
/// temporary file over the link and reported success.
#[cfg(unix)]
#[test]
fn a_dossier_that_is_a_symlink_is_refused_not_replaced() {
    let (dir, path) = setup();
    let real = dir.path().join("real.yaml");
    std::fs::rename(&path, &real).unwrap();
    std::os::unix::fs::symlink(&real, &path).unwrap();
    let o = import(dir.path(), &fixture("answers.csv"), &[]);
    assert_eq!(o.status.code(), Some(2), "{}", stdout(&o));
    assert!(stderr(&o).contains("symbolic link"), "{}", stderr(&o));
    assert!(std::fs::symlink_metadata(&path)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read_to_string(&real).unwrap(), DOSSIER);
}
