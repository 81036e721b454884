//! `cargo bench -p dossier-cli --bench portfolio`: a folder of 1,000
//! generated dossiers (`DOSSIER_BENCH_FILES` for another count) through
//! the real binary: `check`, `render DIR -o OUT` (every pack and the
//! portfolio page), `due`, and `render DIR --history 12` over the folder
//! committed 12 times (each commit changing a twelfth of the dossiers). Prints the best of three wall times, peak
//! RSS (from `/usr/bin/time -v` when present) and the ratios issue 12 aims
//! at: render at most 3× check, due at most 1.2× check. Numbers are
//! printed, never asserted.

use std::process::{Command, Stdio};
use std::time::Instant;

mod corpus;

fn run(dir: &std::path::Path, args: &[&str]) -> (f64, String) {
    let bin = env!("CARGO_BIN_EXE_dossier");
    let time = std::path::Path::new("/usr/bin/time").exists();
    let mut best = f64::INFINITY;
    let mut rss = "?".to_string();
    for _ in 0..3 {
        let mut cmd = if time {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-v").arg(bin);
            c
        } else {
            Command::new(bin)
        };
        let start = Instant::now();
        let out = cmd
            .args(args)
            .current_dir(dir)
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run dossier");
        let secs = start.elapsed().as_secs_f64();
        // check exits 1 when a dossier has an error; 2 would be a failure.
        assert!(
            out.status.code().is_some_and(|c| c < 2),
            "dossier {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        if secs < best {
            best = secs;
            let err = String::from_utf8_lossy(&out.stderr);
            rss = err
                .lines()
                .find_map(|l| {
                    l.trim()
                        .strip_prefix("Maximum resident set size (kbytes): ")
                })
                .map_or("?".to_string(), |kb| {
                    format!("{:.0} MB", kb.trim().parse::<f64>().unwrap_or(0.0) / 1024.0)
                });
        }
    }
    (best, rss)
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let dir = tempfile::tempdir().expect("temp dir");
    let vendors = dir.path().join("vendors");
    std::fs::create_dir(&vendors).unwrap();
    let mut bytes = 0;
    for i in 0..n {
        let text = corpus::generate(i);
        bytes += text.len();
        std::fs::write(vendors.join(format!("vendor-{i:05}.dossier.yaml")), text).unwrap();
    }
    println!(
        "{n} generated dossiers, {:.1} MB, {} threads available",
        bytes as f64 / 1e6,
        std::thread::available_parallelism().map_or(1, |p| p.get())
    );
    let today = ["--today", "2026-11-24"];
    let check = run(
        dir.path(),
        &[&["check", "vendors", "--format", "json"][..], &today].concat(),
    );
    let render = run(
        dir.path(),
        &[&["render", "vendors", "-o", "out"][..], &today].concat(),
    );
    let index = dir.path().join("out/index.html");
    let index_size = std::fs::metadata(&index).map(|m| m.len()).unwrap_or(0);
    assert!(index_size > 0, "no index.html written");
    let due = run(
        dir.path(),
        &[&["due", "vendors", "--format", "json"][..], &today].concat(),
    );
    let md = run(
        dir.path(),
        &[&["render", "vendors", "--format", "markdown"][..], &today].concat(),
    );
    // History: the folder in git with 12 commits, each changing a twelfth
    // of the dossiers, then `render --history 12` (issue 28).
    let git = |args: &[&str]| {
        let ok = Command::new("git")
            .args(args)
            .current_dir(dir.path())
            .env("GIT_AUTHOR_NAME", "bench")
            .env("GIT_AUTHOR_EMAIL", "bench@example.org")
            .env("GIT_COMMITTER_NAME", "bench")
            .env("GIT_COMMITTER_EMAIL", "bench@example.org")
            .stdout(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        assert!(ok, "git {args:?}");
    };
    git(&["init", "-q", "-b", "main"]);
    git(&["add", "vendors"]);
    git(&["commit", "-q", "-m", "corpus"]);
    for k in 1..12 {
        for i in (0..n).filter(|i| i % 11 == k - 1) {
            let path = vendors.join(format!("vendor-{i:05}.dossier.yaml"));
            let text = std::fs::read_to_string(&path).unwrap();
            let changed = if k % 2 == 1 {
                text.replacen("value: yes", "value: no", 1)
            } else {
                text.replacen("value: no", "value: yes", 1)
            };
            std::fs::write(&path, changed).unwrap();
        }
        git(&["commit", "-q", "-a", "-m", &format!("change {k}")]);
    }
    let history = run(
        dir.path(),
        &[
            &["render", "vendors", "-o", "out-h", "--history", "12"][..],
            &today,
        ]
        .concat(),
    );
    let history_size = std::fs::metadata(dir.path().join("out-h/index.html"))
        .map(|m| m.len())
        .unwrap_or(0);
    let row = |name: &str, (secs, rss): &(f64, String)| {
        println!(
            "  {name:<44} {:8.2} s {:8.0} files/s  peak RSS {rss}",
            secs,
            n as f64 / secs
        );
    };
    row("dossier check DIR --format json", &check);
    row("dossier render DIR -o OUT (packs + index.html)", &render);
    row("dossier render DIR --format markdown (portfolio)", &md);
    row("dossier due DIR --format json", &due);
    row("dossier render DIR -o OUT --history 12", &history);
    println!("  index.html: {:.1} KB", index_size as f64 / 1024.0);
    println!(
        "  index.html with --history 12: {:.1} KB ({:.2} KB per vendor)",
        history_size as f64 / 1024.0,
        history_size as f64 / 1024.0 / n as f64
    );
    println!(
        "  render / check = {:.2} (aim: at most 3), due / check = {:.2} (aim: at most 1.2)",
        render.0 / check.0,
        due.0 / check.0
    );
}
