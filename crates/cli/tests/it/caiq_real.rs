//! `dossier import caiq` and `dossier export caiq` on sheets generated from
//! CSA's real question id sets (crates/schema/data/caiq: ids only, no
//! question text), through the real binary: editions, real-world sheet
//! shapes, answers as evidence, round trips and hostile input (issues 24
//! and 27).

use crate::common::*;

use std::path::Path;

use dossier_schema::questionnaire::Edition;

const DOSSIER: &str = "\
dossier: 1
vendor:
  name: Example AI
  kind: other
assessment:
  as_of: 2026-07-01
sources:
  site:
    url: https://example.com
    kind: vendor_disclosure
    retrieved: 2026-07-01
facts:
  data_handling:
    encryption_at_rest: yes   # shorthand, uncited
    data_residency_options:
      value: [DE, FR]
      cite: site
";

/// A sheet with every id of `edition`: `answer(i, id)` gives each answer
/// (empty for unanswered), separated by `sep`.
fn sheet(ids: &[&str], sep: char, answer: impl Fn(usize, &str) -> String) -> String {
    let mut s = format!("Question ID{sep}CSP CAIQ Answer{sep}CSP Implementation Description\n");
    for (i, id) in ids.iter().enumerate() {
        s.push_str(&format!(
            "{id}{sep}{}{sep}Made-up note {i}\n",
            answer(i, id)
        ));
    }
    s
}

/// Mostly Yes: every tenth question No, every 37th blank.
fn mostly_yes(i: usize, _: &str) -> String {
    if i % 37 == 5 {
        String::new()
    } else if i % 10 == 3 {
        "No".into()
    } else {
        "Yes".into()
    }
}

fn setup(dossier: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("example.dossier.yaml"), dossier).unwrap();
    dir
}

fn import(dir: &Path, file: &str, extra: &[&str]) -> std::process::Output {
    let mut args = vec![
        "import",
        "caiq",
        file,
        "--into",
        "example.dossier.yaml",
        "--retrieved",
        "2026-07-01",
    ];
    args.extend_from_slice(extra);
    dossier_in(dir, &args)
}

fn read(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("example.dossier.yaml")).unwrap()
}

fn check_ok(dir: &Path) {
    let c = dossier_in(
        dir,
        &["check", "--today", "2026-07-02", "example.dossier.yaml"],
    );
    assert_eq!(c.status.code(), Some(0), "{}{}", stdout(&c), stderr(&c));
}

#[test]
fn a_real_caiq_403_answered_mostly_yes_fills_at_least_25_facts_and_cites_what_it_confirms() {
    let dir = setup(DOSSIER);
    let ids = Edition::Caiq40.ids();
    assert_eq!(ids.len(), 261);
    std::fs::write(dir.path().join("caiq.csv"), sheet(ids, ',', mostly_yes)).unwrap();
    let o = import(
        dir.path(),
        "caiq.csv",
        &["--url", "https://example.com/caiq"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("CAIQ v4.0.x detected"), "{out}");
    let filled = out
        .lines()
        .filter(|l| l.starts_with("fill ") || l.starts_with("cite "))
        .count();
    assert!(filled >= 25, "only {filled} facts filled:\n{out}");
    // The uncited shorthand is now cited by the answer that confirms it.
    assert!(
        out.contains("cite     facts.data_handling.encryption_at_rest = yes (CEK-03.1"),
        "{out}"
    );
    let after = read(dir.path());
    assert!(
        after.contains("encryption_at_rest: {value: yes, cite: caiq-v4-0"),
        "{after}"
    );
    assert!(
        after.contains("# shorthand, uncited"),
        "the comment went:\n{after}"
    );
    // The cited list value is not reported as missing.
    assert!(
        !out.contains("open     data_handling.data_residency_options"),
        "{out}"
    );
    // Every No and every unanswered question, by domain.
    assert!(out.contains("  AIS  unanswered: AIS-05.1"), "{out}");
    assert!(out.contains("  AIS  no: AIS-03.1"), "{out}");
    assert!(out.contains(" no, "), "{out}");
    check_ok(dir.path());
}

#[test]
fn every_published_edition_is_detected_from_its_real_ids() {
    for (edition, name) in [
        (Edition::Caiq40, "CAIQ v4.0.x"),
        (Edition::Caiq41, "CAIQ v4.1"),
        (Edition::AiCaiq10, "AI-CAIQ v1.0.x"),
        (Edition::AiCaiq11, "AI-CAIQ v1.1.0"),
    ] {
        let dir = setup(DOSSIER);
        std::fs::write(
            dir.path().join("answers.csv"),
            sheet(edition.ids(), ',', mostly_yes),
        )
        .unwrap();
        let o = import(
            dir.path(),
            "answers.csv",
            &["--url", "https://example.com/caiq"],
        );
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(
            stdout(&o).contains(&format!("{name} detected")),
            "{name}: {}",
            stdout(&o)
        );
        assert!(!stdout(&o).contains("warning:"), "{name}: {}", stdout(&o));
        check_ok(dir.path());
    }
}

#[test]
fn an_ai_caiq_1_1_with_its_i_and_s_ids_and_blank_ai_answers_reads_as_ai_caiq() {
    let dir = setup(DOSSIER);
    let ids = Edition::AiCaiq11.ids();
    assert_eq!(ids.iter().filter(|i| i.starts_with("I&S-")).count(), 13);
    // Only the CCM questions answered: the AI domain (MDS) left blank.
    let text = sheet(ids, ',', |_, id| {
        if id.starts_with("MDS-") {
            String::new()
        } else {
            "Yes".into()
        }
    });
    std::fs::write(dir.path().join("ai.csv"), text).unwrap();
    let o = import(dir.path(), "ai.csv", &["--url", "https://example.com/ai"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("AI-CAIQ v1.1.0 detected"),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).contains("  MDS  unanswered: MDS-01.1"),
        "{}",
        stdout(&o)
    );
    let after = read(dir.path());
    assert!(after.contains("      I&S-06.1: {answer: yes"), "{after}");
    assert!(after.contains("tenant_isolation: {value: yes"), "{after}");
}

#[test]
fn caiq_v3_1_is_read_kept_and_linked_where_a_control_matches() {
    let dir = setup(DOSSIER);
    let ids: Vec<String> = Edition::Caiq31
        .ids()
        .iter()
        .map(|c| format!("{c}.1"))
        .collect();
    let refs: Vec<&str> = ids.iter().map(String::as_str).collect();
    std::fs::write(
        dir.path().join("v3.csv"),
        sheet(&refs, ',', |_, _| "Yes".into()),
    )
    .unwrap();
    let o = import(dir.path(), "v3.csv", &["--url", "https://example.com/v3"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("CAIQ v3.1 detected"), "{}", stdout(&o));
    let after = read(dir.path());
    assert!(after.contains("      AAC-01.1: {answer: yes"), "{after}");
    assert!(after.contains("version: \"3.1\""), "{after}");
    // v3 links bear on facts (coverage names them) but set no value.
    assert!(
        stdout(&o).contains("open     security_controls.mfa_enforced (IAM-12)"),
        "{}",
        stdout(&o)
    );
    check_ok(dir.path());
}

#[test]
fn edition_override_unknown_ids_kept_and_unpadded_ids_normalised() {
    let dir = setup(DOSSIER);
    let text = "Question ID,CSP CAIQ Answer\nCEK-3.1,Yes\nxyz-01.1,No\nI&S-06.1,Yes\n";
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let o = import(
        dir.path(),
        "a.csv",
        &["--url", "https://example.com/a", "--edition", "4.1"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("CAIQ v4.1 (--edition)"), "{out}");
    assert!(
        out.contains("warning: 1 id is not in CAIQ v4.1 (kept, mapped to nothing): XYZ-01.1"),
        "{out}"
    );
    let after = read(dir.path());
    assert!(after.contains("      CEK-03.1: {answer: yes}"), "{after}");
    assert!(after.contains("      XYZ-01.1: {answer: no}"), "{after}");
    assert!(after.contains("caiq-v4-1"), "{after}");
    let bad = import(dir.path(), "a.csv", &["--edition", "4.0.3;rm"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("--edition"), "{}", stderr(&bad));
}

#[test]
fn semicolon_tab_bom_and_control_id_headers_are_read() {
    for (name, text) in [
        (
            "semicolon",
            "Question ID;CSP CAIQ Answer;Notes\nCEK-03.1;Yes;AES-256, TLS 1.3\n",
        ),
        ("tab", "Question ID\tCSP CAIQ Answer\nCEK-03.1\tYes\n"),
        ("bom", "\u{feff}Question ID,CSP CAIQ Answer\nCEK-03.1,Yes\n"),
        ("control id", "Control ID;Answer\nCEK-03.1;Yes\n"),
    ] {
        let dir = setup(DOSSIER);
        std::fs::write(dir.path().join("a.csv"), text).unwrap();
        let o = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        assert!(
            read(dir.path()).contains("encryption_in_transit: {value: yes"),
            "{name}"
        );
    }
    // A sheet with neither header says what it tried.
    let dir = setup(DOSSIER);
    std::fs::write(dir.path().join("a.csv"), "Id|Answer\nCEK-03.1|Yes\n").unwrap();
    let o = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("tried comma, semicolon and tab"),
        "{}",
        stderr(&o)
    );
}

#[test]
fn free_text_answers_are_kept_as_other_and_never_fatal() {
    let dir = setup(DOSSIER);
    let text =
        "Question ID,CSP CAIQ Answer\nCEK-03.1,Partial\nDSP-14.1,Yes - see notes\nDSP-11.1,Yes\n";
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let o = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read(dir.path());
    assert!(
        after.contains("CEK-03.1: {answer: other, text: Partial}"),
        "{after}"
    );
    assert!(
        after.contains("DSP-14.1: {answer: other, text: Yes - see notes}"),
        "{after}"
    );
    // Free text sets no fact.
    assert!(!after.contains("encryption_in_transit"), "{after}");
    assert!(
        after.contains("deletion_on_request: {value: yes"),
        "{after}"
    );
    check_ok(dir.path());
}

#[test]
fn keep_going_imports_the_readable_rows_and_lists_the_others() {
    let dir = setup(DOSSIER);
    let text = "Question ID,CSP CAIQ Answer\nCEK-03.1,Yes\nhello,Yes\nCEK-03.1,No\nDSP-11.1,Yes\n";
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let strict = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
    assert_eq!(strict.status.code(), Some(2));
    assert!(stderr(&strict).contains("row 3"), "{}", stderr(&strict));
    assert!(
        stderr(&strict).contains("--keep-going"),
        "{}",
        stderr(&strict)
    );
    assert_eq!(read(dir.path()), DOSSIER);
    let o = import(
        dir.path(),
        "a.csv",
        &["--url", "https://example.com/a", "--keep-going"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.contains("skipped  row 3: \"hello\" is not a CAIQ or AI-CAIQ question id"),
        "{out}"
    );
    assert!(
        out.contains("skipped  row 4: CEK-03.1 is in the sheet twice (first at row 2)"),
        "{out}"
    );
    assert!(read(dir.path()).contains("deletion_on_request: {value: yes"));
}

#[test]
fn export_writes_every_id_of_the_edition_and_4_1_reads_back_as_4_1() {
    for (version, edition, name) in [
        ("4.1", Edition::Caiq41, "CAIQ v4.1"),
        ("4.0.3", Edition::Caiq40, "CAIQ v4.0.x"),
        ("ai-1.0", Edition::AiCaiq10, "AI-CAIQ v1.0.x"),
        ("ai-1.1.0", Edition::AiCaiq11, "AI-CAIQ v1.1.0"),
    ] {
        let dir = setup(DOSSIER);
        let e = dossier_in(
            dir.path(),
            &[
                "export",
                "caiq",
                "example.dossier.yaml",
                "--version",
                version,
                "-o",
                "out.csv",
            ],
        );
        assert_eq!(e.status.code(), Some(0), "{}", stderr(&e));
        let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
        let ids: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').next().unwrap())
            .collect();
        assert_eq!(ids, edition.ids(), "{version}");
        // The vendor fills it in; it reads back as the same edition, even
        // with only a few answers.
        let filled: String = csv
            .lines()
            .enumerate()
            .map(|(i, l)| {
                if i == 1 {
                    let mut cells: Vec<&str> = l.splitn(3, ',').collect();
                    cells[1] = "Yes";
                    format!("{}\n", cells.join(","))
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        std::fs::write(dir.path().join("out.csv"), filled).unwrap();
        let o = import(dir.path(), "out.csv", &["--url", "https://example.com/a"]);
        assert_eq!(o.status.code(), Some(0), "{version}: {}", stderr(&o));
        assert!(
            stdout(&o).contains(&format!("{name} detected")),
            "{version}: {}",
            stdout(&o)
        );
    }
}

#[test]
fn export_refuses_a_version_with_other_characters() {
    let dir = setup(DOSSIER);
    for bad in ["4.0.3;rm", "4.0.3 && x", "ai-1.0/../x", "3.1"] {
        let e = dossier_in(
            dir.path(),
            &[
                "export",
                "caiq",
                "example.dossier.yaml",
                "--version",
                bad,
                "-o",
                "out.csv",
            ],
        );
        assert_eq!(e.status.code(), Some(2), "{bad}");
        assert!(!dir.path().join("out.csv").exists(), "{bad}");
    }
}

#[test]
fn import_help_names_every_format() {
    let o = dossier(&["import", "caiq", "--help"]);
    let help = stdout(&o);
    assert!(help.contains(".xlsx"), "{help}");
    assert!(!help.contains(".csv or .json"), "{help}");
    assert!(
        help.contains("--keep-going") && help.contains("--edition"),
        "{help}"
    );
}

#[test]
fn export_neutralises_cells_a_spreadsheet_would_run() {
    let dossier = DOSSIER.replace(
        "    retrieved: 2026-07-01\nfacts:",
        "    retrieved: 2026-07-01\n    title: \"=HYPERLINK(1)\"\nfacts:",
    );
    let dossier = dossier.replace(
        "    encryption_at_rest: yes   # shorthand, uncited",
        "    encryption_at_rest: {value: yes, cite: site}",
    );
    let dir = setup(&dossier);
    let e = dossier_in(
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
    assert_eq!(e.status.code(), Some(0), "{}", stderr(&e));
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    assert!(csv.contains("site (=HYPERLINK(1))"), "{csv}");
    for line in csv.lines() {
        for cell in line.split(',') {
            let cell = cell.trim_start_matches('"');
            assert!(!cell.starts_with(['=', '+', '@']), "{line}");
        }
    }
}

#[test]
fn a_full_stdout_does_not_cost_the_import() {
    let dir = setup(DOSSIER);
    std::fs::write(
        dir.path().join("a.csv"),
        "Question ID,CSP CAIQ Answer\nDSP-11.1,Yes\n",
    )
    .unwrap();
    let full = std::fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .current_dir(dir.path())
        .args([
            "import",
            "caiq",
            "a.csv",
            "--into",
            "example.dossier.yaml",
            "--url",
            "https://example.com/a",
        ])
        .stdout(full)
        .output()
        .unwrap();
    assert_ne!(o.status.code(), Some(101), "{}", stderr(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", stderr(&o));
    assert!(read(dir.path()).contains("deletion_on_request: {value: yes"));
}

#[test]
fn importing_into_a_fact_keeps_the_analysts_fields_and_says_so() {
    let dossier = DOSSIER.replace(
        "    encryption_at_rest: yes   # shorthand, uncited\n",
        "    encryption_at_rest: yes   # shorthand, uncited\n    deletion_on_request:\n      value: not_disclosed   # ask again\n      note: asked on 2026-06-01\n      as_of: 2026-06-01\n      scope: EU region\n",
    );
    let dir = setup(&dossier);
    std::fs::write(
        dir.path().join("a.csv"),
        "Question ID,CSP CAIQ Answer\nDSP-11.1,Yes\n",
    )
    .unwrap();
    let o = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(
        stdout(&o).contains("kept note, as_of, scope"),
        "{}",
        stdout(&o)
    );
    let after = read(dir.path());
    for kept in [
        "      value: yes   # ask again\n",
        "      note: asked on 2026-06-01\n",
        "      as_of: 2026-06-01\n",
        "      scope: EU region\n",
        "      cite: caiq-v4-0\n",
    ] {
        assert!(after.contains(kept), "{kept:?} not in:\n{after}");
    }
}

#[test]
fn a_refused_import_names_the_diagnostics_it_would_cause() {
    let dir = setup(DOSSIER);
    std::fs::write(
        dir.path().join("a.csv"),
        "Question ID,CSP CAIQ Answer\nDSP-11.1,Yes\n",
    )
    .unwrap();
    let o = import(dir.path(), "a.csv", &["--url", "not a url"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("new error"), "{}", stderr(&o));
    assert!(stderr(&o).contains("[schema]"), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 1"), "{}", stderr(&o));
    assert_eq!(read(dir.path()), DOSSIER);
}

#[test]
fn a_dossier_ending_with_a_block_fact_gains_a_fact_in_that_section() {
    let dossier = format!(
        "{DOSSIER}  security_controls:\n    mfa_enforced:\n      value: not_disclosed\n      note: ask"
    );
    let dir = setup(&dossier);
    std::fs::write(
        dir.path().join("a.csv"),
        "Question ID,CSP CAIQ Answer\nIAM-14.1,Yes\nHRS-11.1,Yes\n",
    )
    .unwrap();
    let o = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read(dir.path());
    assert!(
        after.contains("security_awareness_training: {value: yes"),
        "{after}"
    );
    check_ok(dir.path());
}

#[test]
fn new_evidence_gets_its_own_source_when_last_years_exists() {
    let dossier = DOSSIER.replace(
        "facts:",
        "  caiq-v4-0:\n    url: https://example.com/caiq-2025\n    kind: vendor_response\n    retrieved: 2025-07-01\nfacts:",
    );
    let dir = setup(&dossier);
    std::fs::write(
        dir.path().join("a.csv"),
        "Question ID,CSP CAIQ Answer\nDSP-11.1,Yes\n",
    )
    .unwrap();
    let o = import(
        dir.path(),
        "a.csv",
        &["--url", "https://example.com/caiq-2026"],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read(dir.path());
    assert!(
        after.contains("  caiq-v4-0-2026-07-01:\n    url: https://example.com/caiq-2026"),
        "{after}"
    );
    assert!(after.contains("cite: caiq-v4-0-2026-07-01"), "{after}");
    assert!(
        after.contains("url: https://example.com/caiq-2025"),
        "{after}"
    );
    assert!(stdout(&o).contains("not reused"), "{}", stdout(&o));
}

#[test]
fn control_characters_in_descriptions_are_escaped() {
    let dir = setup(DOSSIER);
    let text = "Question ID,CSP CAIQ Answer,CSP Implementation Description\nDSP-11.1,Yes,\"a\u{7f}b\u{85}c\u{9b}d\u{fffe}e\u{ffff}\"\n";
    std::fs::write(dir.path().join("a.csv"), text).unwrap();
    let o = import(dir.path(), "a.csv", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read(dir.path());
    for raw in ['\u{7f}', '\u{85}', '\u{9b}', '\u{fffe}', '\u{ffff}'] {
        assert!(!after.contains(raw), "{raw:?} written raw");
    }
    assert!(after.contains("\\u007f"), "{after}");
    check_ok(dir.path());
}

#[test]
fn the_answer_sheet_itself_is_the_cited_file_pinned_by_hash() {
    let dir = setup(DOSSIER);
    let text = "Question ID,CSP CAIQ Answer\nDSP-11.1,Yes\n";
    std::fs::write(dir.path().join("answers.csv"), text).unwrap();
    let o = import(dir.path(), "answers.csv", &["--pin"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let after = read(dir.path());
    assert!(after.contains("    file: answers.csv\n"), "{after}");
    assert!(
        after.contains(&format!(
            "    sha256: {}\n",
            dossier_workspace::sha256_hex(text.as_bytes())
        )),
        "{after}"
    );
    check_ok(dir.path());
}

/// A workbook with one visible sheet of answers, plus what a hostile or
/// careless workbook hides.
fn workbook(build: impl FnOnce(&mut rust_xlsxwriter::Workbook)) -> Vec<u8> {
    let mut wb = rust_xlsxwriter::Workbook::new();
    build(&mut wb);
    wb.save_to_buffer().unwrap()
}

#[test]
fn xlsx_hidden_sheets_and_columns_are_not_read_and_the_report_says_what_was() {
    let bytes = workbook(|wb| {
        let hidden = wb.add_worksheet();
        hidden.set_name("Shadow").unwrap();
        hidden.write_string(0, 0, "Question ID").unwrap();
        hidden.write_string(0, 1, "CSP CAIQ Answer").unwrap();
        hidden.write_string(1, 0, "DSP-11.1").unwrap();
        hidden.write_string(1, 1, "Yes").unwrap();
        hidden.set_hidden(true);
        let s = wb.add_worksheet();
        s.set_name("CAIQ").unwrap();
        s.write_string(0, 0, "Question ID").unwrap();
        s.write_string(0, 1, "CSP CAIQ Answer").unwrap();
        s.write_string(0, 2, "CSP CAIQ Answer").unwrap();
        s.write_string(1, 0, "DSP-11.1").unwrap();
        s.write_string(1, 1, "Yes").unwrap();
        s.write_string(1, 2, "No").unwrap();
        s.set_column_hidden(1).unwrap();
        s.write_string(2, 0, "DSP-14.1").unwrap();
        s.write_boolean(2, 2, true).unwrap();
        s.set_active(true);
    });
    let dir = setup(DOSSIER);
    std::fs::write(dir.path().join("a.xlsx"), bytes).unwrap();
    let o = import(dir.path(), "a.xlsx", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("read sheet \"CAIQ\""), "{out}");
    assert!(out.contains("hidden columns B not read"), "{out}");
    assert!(
        out.contains("hidden sheets not read: \"Shadow\" (hidden)"),
        "{out}"
    );
    let after = read(dir.path());
    // The visible answer (No) is the one imported.
    assert!(after.contains("DSP-11.1: {answer: no}"), "{after}");
    assert!(after.contains("deletion_on_request: {value: no"), "{after}");
    // A boolean cell is kept as text, not dropped.
    assert!(
        after.contains("DSP-14.1: {answer: other, text: \"TRUE\"}"),
        "{after}"
    );
}

#[test]
fn xlsx_shared_strings_repeated_across_cells_are_bounded() {
    let big = "x".repeat(32_000);
    let bytes = workbook(|wb| {
        let s = wb.add_worksheet();
        s.write_string(0, 0, "Question ID").unwrap();
        s.write_string(0, 1, "CSP CAIQ Answer").unwrap();
        for r in 1..10u32 {
            for c in 2..200u16 {
                s.write_string(r, c, &big).unwrap();
            }
        }
    });
    assert!(bytes.len() < 1_000_000, "{}", bytes.len());
    let dir = setup(DOSSIER);
    std::fs::write(dir.path().join("a.xlsx"), bytes).unwrap();
    let o = import(dir.path(), "a.xlsx", &["--url", "https://example.com/a"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("MiB of text"), "{}", stderr(&o));
}

#[test]
fn diff_puts_a_changed_answer_that_feeds_a_fact_under_risk_first() {
    let dir = setup(DOSSIER);
    let v1 = format!(
        "{DOSSIER}questionnaires:\n  - id: caiq-v4-0\n    kind: caiq\n    version: \"4.0.x\"\n    source: site\n    answers:\n      CEK-03.1: {{answer: yes}}\n      GRC-01.1: {{answer: yes}}\n"
    );
    let v2 = v1
        .replace("CEK-03.1: {answer: yes}", "CEK-03.1: {answer: no}")
        .replace("GRC-01.1: {answer: yes}", "GRC-01.1: {answer: na}");
    std::fs::write(dir.path().join("v1.dossier.yaml"), v1).unwrap();
    std::fs::write(dir.path().join("v2.dossier.yaml"), v2).unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "diff",
            "--today",
            "2026-07-02",
            "v1.dossier.yaml",
            "v2.dossier.yaml",
        ],
    );
    let out = stdout(&o);
    assert!(out.contains("Risk first"), "{out}");
    assert!(out.contains("answer changed"), "{out}");
    assert!(out.contains("caiq-v4-0.CEK-03.1"), "{out}");
    assert!(!out.contains("no change in substance"), "{out}");
}

#[test]
fn the_pack_has_a_questionnaire_section_with_every_no_and_links_file_sources() {
    let dir = setup(DOSSIER);
    let text = "Question ID,CSP CAIQ Answer,CSP Implementation Description\nCEK-03.1,Yes,AES\nIAM-14.1,No,Passwords only for now\nGRC-01.1,NA,\n";
    std::fs::write(dir.path().join("answers.csv"), text).unwrap();
    let o = import(dir.path(), "answers.csv", &["--pin"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let r = dossier_in(
        dir.path(),
        &["render", "example.dossier.yaml", "--today", "2026-07-02"],
    );
    assert_eq!(r.status.code(), Some(0), "{}", stderr(&r));
    let html = stdout(&r);
    assert!(html.contains("<h2>Questionnaires</h2>"), "{html}");
    assert!(
        html.contains("<li><code>IAM-14.1</code>: Passwords only for now <span class=\"feeds\">(feeds <code>security_controls.mfa_enforced</code>)</span></li>"),
        "{html}"
    );
    assert!(
        html.contains("<tr><td><code>CEK</code></td><td>1</td><td>0</td>"),
        "{html}"
    );
    assert!(html.contains("href=\"./answers.csv\""), "{html}");
}

#[test]
fn check_verifies_evidence_files_pinned_by_hash_and_refuses_paths_that_leave_the_repository() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    std::fs::write(dir.path().join("evidence/report.pdf"), b"version 1").unwrap();
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret"), b"secret").unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(
        outside.path().join("secret"),
        dir.path().join("evidence/link.pdf"),
    )
    .unwrap();
    let pin = dossier_workspace::sha256_hex(b"version 1");
    let dossier = format!(
        "dossier: 1\nvendor:\n  name: Example AI\n  kind: other\nsources:\n  report:\n    file: evidence/report.pdf\n    sha256: {pin}\n    kind: third_party_audit\n    retrieved: 2026-07-01\n  gone:\n    file: evidence/missing.pdf\n    kind: third_party_audit\n    retrieved: 2026-07-01\n  up:\n    file: ../outside.pdf\n    kind: third_party_audit\n    retrieved: 2026-07-01\n  link:\n    file: evidence/link.pdf\n    kind: third_party_audit\n    retrieved: 2026-07-01\nfacts:\n  security_compliance:\n    soc2_type2: {{value: yes, cite: [report, gone, up, link]}}\n"
    );
    std::fs::write(dir.path().join("example.dossier.yaml"), &dossier).unwrap();
    let check = || {
        let o = dossier_in(
            dir.path(),
            &["check", "--today", "2026-07-02", "example.dossier.yaml"],
        );
        (o.status.code(), stdout(&o))
    };
    let (code, out) = check();
    assert_eq!(code, Some(1), "{out}");
    assert!(out.contains("evidence/missing.pdf"), "{out}");
    assert!(
        out.contains("`sources.up.file` the path leaves the repository"),
        "{out}"
    );
    #[cfg(unix)]
    assert!(
        out.contains(
            "`sources.link.file` the path leaves the repository (through `..` or a symbolic link)"
        ),
        "{out}"
    );
    assert!(!out.contains("secret"), "{out}");
    assert!(!out.contains("changed since it was pinned"), "{out}");
    // The pinned file changes: check says so.
    std::fs::write(dir.path().join("evidence/report.pdf"), b"version 2").unwrap();
    let (_, out) = check();
    assert!(
        out.contains(&format!(
            "evidence/report.pdf changed since it was pinned: its SHA-256 is now {}",
            dossier_workspace::sha256_hex(b"version 2")
        )),
        "{out}"
    );
}

/// The href of each `file:` source's link in a pack, percent-decoded.
fn source_file_hrefs(html: &str) -> Vec<String> {
    let doc = scraper::Html::parse_document(html);
    let sel = scraper::Selector::parse("a.source-file").unwrap();
    doc.select(&sel)
        .map(|a| {
            let href = a.value().attr("href").unwrap();
            let bytes = href.as_bytes();
            let mut out = Vec::new();
            let mut i = 0;
            while i < bytes.len() {
                if bytes[i] == b'%' {
                    out.push(u8::from_str_radix(&href[i + 1..i + 3], 16).unwrap());
                    i += 3;
                } else {
                    out.push(bytes[i]);
                    i += 1;
                }
            }
            String::from_utf8(out).unwrap()
        })
        .collect()
}

#[test]
fn the_packs_link_to_an_evidence_file_resolves_from_wherever_the_pack_is_written() {
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path().canonicalize().unwrap();
    std::fs::create_dir(root.join(".git")).unwrap();
    let acme = root.join("vendors/acme cloud");
    std::fs::create_dir_all(acme.join("evidence")).unwrap();
    let report = acme.join("evidence/SOC 2 – 2026.pdf");
    std::fs::write(&report, b"the report").unwrap();
    let dossier = format!(
        "dossier: 1\nvendor:\n  name: Example AI\n  kind: other\nassessment:\n  as_of: 2026-07-01\nsources:\n  report:\n    file: evidence/SOC 2 – 2026.pdf\n    sha256: {}\n    kind: third_party_audit\n    retrieved: 2026-07-01\nfacts:\n  security_compliance:\n    soc2_type2: {{value: yes, cite: report}}\n",
        dossier_workspace::sha256_hex(b"the report")
    );
    std::fs::write(acme.join("example.dossier.yaml"), dossier).unwrap();
    let real = report.canonicalize().unwrap();

    // -o into a folder elsewhere in the repository.
    let o = dossier_in(
        &root,
        &[
            "render",
            "vendors/acme cloud/example.dossier.yaml",
            "--today",
            "2026-07-02",
            "-o",
            "site/packs",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page_dir = root.join("site/packs");
    let html = std::fs::read_to_string(page_dir.join("example.html")).unwrap();
    let hrefs = source_file_hrefs(&html);
    assert_eq!(hrefs.len(), 1, "{html}");
    assert_eq!(
        hrefs[0],
        "../../vendors/acme cloud/evidence/SOC 2 – 2026.pdf"
    );
    assert_eq!(page_dir.join(&hrefs[0]).canonicalize().unwrap(), real);

    // -o outside the repository, by an absolute path.
    let elsewhere = tempfile::tempdir().unwrap();
    let o = dossier_in(
        &root,
        &[
            "render",
            "vendors/acme cloud/example.dossier.yaml",
            "--today",
            "2026-07-02",
            "-o",
            elsewhere.path().to_str().unwrap(),
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(elsewhere.path().join("example.html")).unwrap();
    let hrefs = source_file_hrefs(&html);
    assert_eq!(
        elsewhere.path().join(&hrefs[0]).canonicalize().unwrap(),
        real,
        "{hrefs:?}"
    );

    // On stdout, relative to the current folder (where `> pack.html` puts
    // the page).
    let o = dossier_in(
        &root.join("vendors"),
        &[
            "render",
            "acme cloud/example.dossier.yaml",
            "--today",
            "2026-07-02",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let hrefs = source_file_hrefs(&stdout(&o));
    assert_eq!(hrefs, ["acme cloud/evidence/SOC 2 – 2026.pdf"]);
    assert_eq!(
        root.join("vendors").join(&hrefs[0]).canonicalize().unwrap(),
        real
    );
}

/// When no relative path leads from the page to the dossier (here: a
/// folder name that is not UTF-8), the pack names the file relative to
/// the dossier instead of linking it.
#[cfg(unix)]
#[test]
fn a_pack_that_cannot_link_an_evidence_file_says_where_it_is() {
    use std::os::unix::ffi::OsStrExt;
    let repo = tempfile::tempdir().unwrap();
    let root = repo.path();
    std::fs::create_dir(root.join(".git")).unwrap();
    let odd = root.join(std::ffi::OsStr::from_bytes(b"caf\xe9"));
    std::fs::create_dir_all(odd.join("evidence")).unwrap();
    std::fs::write(odd.join("evidence/report.pdf"), b"x").unwrap();
    std::fs::write(
        odd.join("example.dossier.yaml"),
        "dossier: 1\nvendor:\n  name: Example AI\n  kind: other\nassessment:\n  as_of: 2026-07-01\nsources:\n  report:\n    file: evidence/report.pdf\n    kind: third_party_audit\n    retrieved: 2026-07-01\nfacts:\n  security_compliance:\n    soc2_type2: {value: yes, cite: report}\n",
    )
    .unwrap();
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("render")
        .arg(odd.join("example.dossier.yaml"))
        .args(["--today", "2026-07-02", "-o"])
        .arg(root.join("out"))
        .env("NO_COLOR", "1")
        .output()
        .unwrap();
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(root.join("out/example.html")).unwrap();
    assert!(source_file_hrefs(&html).is_empty(), "{html}");
    assert!(
        html.contains("file: evidence/report.pdf, relative to the dossier "),
        "{html}"
    );
}

/// How many catalogue facts a sheet answered Yes throughout establishes,
/// per edition, on a dossier without facts (docs/format.md states the
/// numbers). Each is a catalogue fact, written to the dossier, cited.
#[test]
fn an_all_yes_sheet_of_each_edition_establishes_the_facts_the_docs_promise() {
    const EMPTY: &str = "dossier: 1\nvendor:\n  name: Example AI\n  kind: model_provider\nassessment:\n  as_of: 2026-07-01\nsources:\n  site:\n    url: https://example.com\n    kind: vendor_disclosure\n    retrieved: 2026-07-01\n";
    let mut counts = Vec::new();
    for (edition, name) in [
        (Edition::Caiq40, "CAIQ v4.0.3"),
        (Edition::Caiq41, "CAIQ v4.1"),
        (Edition::AiCaiq10, "AI-CAIQ v1.0.x"),
        (Edition::AiCaiq11, "AI-CAIQ v1.1.0"),
    ] {
        let dir = setup(EMPTY);
        std::fs::write(
            dir.path().join("answers.csv"),
            sheet(edition.ids(), ',', |_, _| "Yes".into()),
        )
        .unwrap();
        let o = import(dir.path(), "answers.csv", &[]);
        assert_eq!(o.status.code(), Some(0), "{name}: {}", stderr(&o));
        let out = stdout(&o);
        let after = read(dir.path());
        let mut facts: Vec<&str> = out
            .lines()
            .filter_map(|l| l.strip_prefix("fill     facts."))
            .map(|l| l.split(" = ").next().unwrap())
            .collect();
        facts.sort();
        facts.dedup();
        for f in &facts {
            let (_, key) = f.split_once('.').unwrap();
            assert!(
                dossier_schema::catalogue::FACTS
                    .iter()
                    .any(|d| d.key == key),
                "{name}: {f} is not a catalogue fact"
            );
            assert!(
                after.contains(&format!("    {key}: {{value: ")),
                "{name}: {f} not written:\n{after}"
            );
        }
        println!("{name}: {} catalogue facts", facts.len());
        counts.push((name, facts.len()));
    }
    assert_eq!(
        counts,
        [
            ("CAIQ v4.0.3", 29),
            ("CAIQ v4.1", 29),
            ("AI-CAIQ v1.0.x", 29),
            ("AI-CAIQ v1.1.0", 29)
        ]
    );
}

/// `diff` puts an answer under "Risk first" when it flips to No, even one
/// that feeds no fact; another change of such an answer (Yes to NA) is
/// reported, not as a risk.
#[test]
fn diff_puts_an_answer_that_flips_to_no_under_risk_first_even_when_it_feeds_no_fact() {
    use dossier_schema::questionnaire::LINKS;
    for id in ["GRC-01.1", "A&A-02.1"] {
        assert!(LINKS.iter().all(|l| l.question != id), "{id} feeds a fact");
    }
    let dir = setup(DOSSIER);
    let v1 = format!(
        "{DOSSIER}questionnaires:\n  - id: caiq-v4-0\n    kind: caiq\n    version: \"4.0.x\"\n    source: site\n    answers:\n      GRC-01.1: {{answer: yes}}\n      A&A-02.1: {{answer: yes}}\n"
    );
    let v2 = v1
        .replace("GRC-01.1: {answer: yes}", "GRC-01.1: {answer: no}")
        .replace("A&A-02.1: {answer: yes}", "A&A-02.1: {answer: na}");
    std::fs::write(dir.path().join("v1.dossier.yaml"), v1).unwrap();
    std::fs::write(dir.path().join("v2.dossier.yaml"), v2).unwrap();
    let diff = |format: &str| {
        let o = dossier_in(
            dir.path(),
            &[
                "diff",
                "--today",
                "2026-07-02",
                "--format",
                format,
                "v1.dossier.yaml",
                "v2.dossier.yaml",
            ],
        );
        stdout(&o)
    };
    let v: serde_json::Value = serde_json::from_str(&diff("json")).unwrap();
    let risk_of = |subject: &str| {
        let c = v["files"][0]["changes"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["subject"] == subject)
            .unwrap_or_else(|| panic!("no change of {subject}: {v}"));
        c["risk"].clone()
    };
    assert_eq!(risk_of("caiq-v4-0.GRC-01.1"), "answer_changed");
    assert_eq!(risk_of("caiq-v4-0.A&A-02.1"), serde_json::Value::Null);
    let text = diff("human");
    let risk = text
        .split("Risk first")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    let risk = risk.split("Score").next().unwrap();
    assert!(
        risk.contains("caiq-v4-0.GRC-01.1 answer (yes → no)"),
        "{text}"
    );
    assert!(!risk.contains("A&A-02.1"), "{text}");
    assert!(
        text.contains("caiq-v4-0.A&A-02.1 answer: yes → na"),
        "{text}"
    );
}

/// AI-CAIQ model-security (`MDS`) answers feed AI facts where the link is
/// honest: signed checkpoints establish `model_integrity_checks`; model
/// documentation only bears on `publishes_model_cards` (documenting is not
/// publishing), and a No on adversarial analysis is named in the coverage
/// with the fact it bears on.
#[test]
fn ai_caiq_model_security_answers_feed_ai_facts_where_the_link_is_honest() {
    let dir = setup(DOSSIER);
    std::fs::write(
        dir.path().join("ai.csv"),
        "Question ID,CSP CAIQ Answer,CSP Implementation Description\nMDS-08.1,Yes,Checkpoints are signed\nMDS-03.1,Yes,Model docs internal\nMDS-06.1,No,Not yet\nI&S-06.1,Yes,\n",
    )
    .unwrap();
    let o = import(dir.path(), "ai.csv", &["--url", "https://example.com/ai"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("AI-CAIQ v1.1.0 detected"), "{out}");
    let after = read(dir.path());
    assert!(
        after.contains("model_integrity_checks: {value: yes, cite: ai-caiq-v1-1, detail: \"AI-CAIQ 1.1.0 MDS-08.1: Yes — Checkpoints are signed\"}"),
        "{after}"
    );
    assert!(!after.contains("publishes_model_cards"), "{after}");
    assert!(
        out.contains("open     governance.publishes_model_cards (MDS-03.1)"),
        "{out}"
    );
    assert!(
        out.contains("  MDS  no: MDS-06.1 (governance.red_teaming_program)"),
        "{out}"
    );
    check_ok(dir.path());
}

/// The export is ids only: no column, and no cell, holds CSA's question
/// text (CC BY-NC-SA); the columns are the answer sheet's own.
#[test]
fn the_export_holds_question_ids_only() {
    let dir = setup(DOSSIER);
    let e = dossier_in(
        dir.path(),
        &[
            "export",
            "caiq",
            "example.dossier.yaml",
            "--version",
            "4.1",
            "-o",
            "out.csv",
        ],
    );
    assert_eq!(e.status.code(), Some(0), "{}", stderr(&e));
    let csv = std::fs::read_to_string(dir.path().join("out.csv")).unwrap();
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("Question ID,CSP CAIQ Answer,SSRM Control Ownership,CSP Implementation Description,Dossier facts")
    );
    for l in lines {
        let cells: Vec<&str> = l.split(',').collect();
        assert!(Edition::Caiq41.has(cells[0]), "{l}");
        // Answers are words, descriptions ours; nothing reads like a
        // question.
        assert!(!l.contains('?'), "{l}");
    }
}

/// Hover on a fact in the editor (`dossier lsp`, over stdio) shows the
/// questionnaire answers that bear on it, and completion offers the
/// security-control facts a CAIQ establishes.
#[test]
fn hover_on_a_fact_shows_the_answers_that_bear_on_it_and_completion_offers_control_facts() {
    use serde_json::json;
    let text = format!(
        "{DOSSIER}  security_controls:\n    mfa_enforced: {{value: no, cite: site}}\n    \nquestionnaires:\n  - id: caiq-v4-0\n    kind: caiq\n    version: \"4.0.x\"\n    source: site\n    answers:\n      IAM-14.1: {{answer: no, note: Passwords only for now}}\n"
    );
    let uri = "file:///tmp/hover-answers.dossier.yaml";
    let (mut child, mut s, _reader) = crate::lsp_stdio::start();
    s.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"today": "2026-07-02"}}}));
    s.answer(1);
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": text}}}));
    let line = |needle: &str| text[..text.find(needle).unwrap()].matches('\n').count();
    s.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/hover", "params": {"textDocument": {"uri": uri}, "position": {"line": line("mfa_enforced"), "character": 6}}}));
    let hover = s.answer(2);
    let md = hover["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(md.contains("**Questionnaire answers:**"), "{hover}");
    assert!(md.contains("IAM-14.1"), "{hover}");
    // Completion of a new key in `security_controls`.
    s.send(json!({"jsonrpc": "2.0", "id": 3, "method": "textDocument/completion", "params": {"textDocument": {"uri": uri}, "position": {"line": line("mfa_enforced") + 1, "character": 4}}}));
    let items = s.answer(3);
    let labels: Vec<&str> = items["result"]
        .as_array()
        .or_else(|| items["result"]["items"].as_array())
        .unwrap_or_else(|| panic!("{items}"))
        .iter()
        .filter_map(|i| i["label"].as_str())
        .collect();
    for key in [
        "key_management",
        "breach_notification_hours",
        "vulnerability_remediation_sla_days",
        "penetration_testing",
        "personnel_screening",
    ] {
        assert!(labels.contains(&key), "{key} not offered: {labels:?}");
    }
    assert!(
        !labels.contains(&"mfa_enforced"),
        "already there: {labels:?}"
    );
    s.send(json!({"jsonrpc": "2.0", "id": 4, "method": "shutdown", "params": null}));
    s.answer(4);
    s.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    drop(s);
    assert!(child.wait().unwrap().success());
}

/// `evidence-file` is a rule like the others: a suppression comment
/// silences it, and a holding risk acceptance shows it as info.
#[test]
fn evidence_file_diagnostics_obey_suppressions_and_risk_acceptances() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    let base = "dossier: 1\nvendor:\n  name: Example AI\n  kind: other\nsources:\n  gone:\n    file: evidence/missing.pdf\n    kind: third_party_audit\n    retrieved: 2026-07-01\n  register:\n    url: https://example.com/register\n    kind: vendor_statement\n    retrieved: 2026-07-01\nfacts:\n  security_compliance:\n    soc2_type2: {value: yes, cite: [gone]}\n";
    let check = |text: &str| {
        std::fs::write(dir.path().join("example.dossier.yaml"), text).unwrap();
        let o = dossier_in(
            dir.path(),
            &[
                "check",
                "--today",
                "2026-07-02",
                "--format",
                "json",
                "example.dossier.yaml",
            ],
        );
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        let found: Vec<String> = v["files"][0]["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|d| d["rule"] == "evidence-file")
            .map(|d| d["severity"].as_str().unwrap().to_string())
            .collect();
        found
    };
    assert_eq!(check(base), ["error"]);
    let suppressed = base.replace(
        "    file: evidence/missing.pdf\n",
        "    file: evidence/missing.pdf  # dossier: ignore[evidence-file]\n",
    );
    assert_eq!(check(&suppressed), Vec::<String>::new());
    let accepted = format!("{base}exceptions:\n  - id: EX-1\n    accepts: rules.evidence-file\n    reason: The report is kept by legal.\n    approved_by: CISO\n    approved_on: 2026-07-01\n    expires: 2026-12-31\n    cite: register\n");
    assert_eq!(check(&accepted), ["info"]);
}
