//! `cargo bench -p dossier-cli --bench diff`: `dossier diff --git HEAD` over
//! 1,000 changed dossiers against `dossier check` of the same working tree,
//! both as the commands run them (git through the `git` binary, files in
//! parallel). Numbers are printed, never asserted; the aim is diff < 2×
//! check.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use dossier_analysis::Config;
use rayon::prelude::*;

fn git(dir: &Path, args: &[&str]) {
    let ok = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "bench")
        .env("GIT_AUTHOR_EMAIL", "bench@example.invalid")
        .env("GIT_COMMITTER_NAME", "bench")
        .env("GIT_COMMITTER_EMAIL", "bench@example.invalid")
        .status()
        .expect("git runs")
        .success();
    assert!(ok, "git {args:?}");
}

fn time<F: FnMut()>(mut f: F) -> Duration {
    (0..3)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .min()
        .unwrap()
}

fn main() {
    let example = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/alibaba-cloud.dossier.yaml"
    ))
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    let n = 1000;
    let path = |i: usize| d.join(format!("vendor-{i:04}.dossier.yaml"));
    for i in 0..n {
        let text = example.replace("name: Alibaba Cloud", &format!("name: Vendor {i}"));
        std::fs::write(path(i), text).unwrap();
    }
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "corpus"]);
    // Every dossier changes: a riskier value, a lost citation, a lapsed attestation.
    for i in 0..n {
        let text = std::fs::read_to_string(path(i)).unwrap();
        let text = text
            .replace(
                "sanctions_risk:\n      value: low",
                "sanctions_risk:\n      value: high",
            )
            .replace(
                "trains_on_user_data: {value: opt_out_available, cite: data-usage}",
                "trains_on_user_data: yes",
            )
            .replace(
                "valid_until: 2027-06",
                &format!("valid_until: 2026-{:02}", 1 + i % 9),
            );
        std::fs::write(path(i), text).unwrap();
    }
    std::env::set_current_dir(d).unwrap();
    let config = Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    };
    let files: Vec<PathBuf> = (0..n)
        .map(|i| PathBuf::from(format!("vendor-{i:04}.dossier.yaml")))
        .collect();
    let resolver =
        dossier_cli::files::Resolver::new(None, Some("2026-11-24"), None).expect("resolver");
    let mut changed = 0;
    let diff = time(|| {
        let (pairs, label) = dossier_cli::diff_cmd::git_pairs("HEAD", &[]).unwrap();
        let diffs = dossier_cli::diff_cmd::diff_pairs(&pairs, &label, "working tree", &resolver)
            .expect("default profiles score");
        changed = diffs.iter().filter(|d| !d.is_empty()).count();
        std::hint::black_box(dossier_review::render_json(&diffs));
    });
    assert_eq!(changed, n, "every dossier changed");
    let check = time(|| {
        let reports: Vec<_> = files
            .par_iter()
            .map(|p| {
                let bytes = std::fs::read(p).unwrap();
                dossier_cli::check::check_bytes(
                    p.display().to_string(),
                    &bytes,
                    &config,
                    config.today.unwrap(),
                )
            })
            .collect();
        std::hint::black_box(reports);
    });
    let bytes: u64 = files
        .iter()
        .map(|p| std::fs::metadata(p).unwrap().len())
        .sum();
    println!(
        "corpus: {n} changed dossiers, {:.2} MB, {} threads",
        bytes as f64 / 1e6,
        rayon::current_num_threads()
    );
    println!(
        "dossier check (working tree)        {:>9.1} ms",
        check.as_secs_f64() * 1e3
    );
    println!(
        "dossier diff --git HEAD (json)      {:>9.1} ms",
        diff.as_secs_f64() * 1e3
    );
    println!(
        "diff takes {:.2}x the time of check (the aim: below 2)",
        diff.as_secs_f64() / check.as_secs_f64()
    );
}
