//! `cargo bench -p dossier-cli --bench import_caiq`: importing a fully
//! answered AI-CAIQ 1.1.0 (its 320 real question ids, made-up texts) into a 300-line dossier. Two numbers, printed and
//! never asserted; the aim is under 50 ms for each:
//! - in process: reading the CSV, planning the edits, applying them, and
//!   analysing the dossier before and after (what `dossier import caiq`
//!   does between reading and writing files);
//! - the real binary with `--dry-run`, process start included.

use std::time::{Duration, Instant};

use dossier_schema::dates::Day;
use dossier_schema::questionnaire::Edition;

/// The 320 questions of AI-CAIQ 1.1.0, answered, with made-up notes.
fn answers_csv() -> String {
    let ids = Edition::AiCaiq11.ids();
    let mut csv = String::from("Question ID,Question,CSP CAIQ Answer,SSRM Control Ownership,CSP Implementation Description\n");
    for (i, id) in ids.iter().enumerate() {
        let answer = ["Yes", "Yes", "No", "NA"][i % 4];
        csv.push_str(&format!(
            "{id},Made-up question number {i}?,{answer},CSP-owned,\"Made-up implementation note {i}: controls are described here, with \"\"quotes\"\" and commas.\"\n"
        ));
    }
    csv
}

/// A 300-line dossier: the scaffold `dossier new` writes (every catalogue
/// fact `not_disclosed`), padded with sourced facts' comments to 300 lines.
fn dossier() -> String {
    let mut text = dossier_interchange::scaffold::scaffold(
        "Bench Vendor",
        Day::parse("2026-11-24").unwrap(),
        None,
    )
    .unwrap();
    let mut lines = text.lines().count();
    while lines < 300 {
        text.push_str("# padding comment, kept by the import\n");
        lines += 1;
    }
    text
}

fn best<F: FnMut()>(runs: usize, mut f: F) -> Duration {
    (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let csv = answers_csv();
    let text = dossier();
    let config = dossier_analysis::Config {
        today: Day::parse("2026-11-24"),
        ..Default::default()
    };
    let day = Day::parse("2026-11-24").unwrap();
    let run = || {
        let answers = dossier_interchange::read_answers("csv", csv.as_bytes(), false).unwrap();
        let rows = answers.rows;
        assert_eq!(rows.len(), 320);
        let (out, plan) = dossier_interchange::import::import_text(
            &text,
            &rows,
            None,
            None,
            Some((
                dossier_interchange::import::NewSource::Url("https://example.com/caiq"),
                day,
            )),
            false,
            &config,
            day,
        )
        .unwrap();
        let _ = dossier_interchange::coverage::coverage(&out, &plan, &rows);
        assert!(out.len() > text.len());
    };
    run();
    let t = best(20, run);
    println!(
        "import caiq, in process: 320 answers into a {}-line dossier: {:.1} ms (best of 20; aim < 50 ms)",
        text.lines().count(),
        t.as_secs_f64() * 1e3
    );

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("answers.csv"), &csv).unwrap();
    std::fs::write(dir.path().join("bench.dossier.yaml"), &text).unwrap();
    let bin = std::path::PathBuf::from(env!("CARGO_BIN_EXE_dossier"));
    let t = best(10, || {
        let o = std::process::Command::new(&bin)
            .args([
                "import",
                "caiq",
                "answers.csv",
                "--into",
                "bench.dossier.yaml",
                "--url",
                "https://example.com/caiq",
                "--retrieved",
                "2026-11-24",
                "--dry-run",
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    });
    println!(
        "import caiq, the binary (--dry-run, process start included): {:.1} ms (best of 10; aim < 50 ms)",
        t.as_secs_f64() * 1e3
    );
}
