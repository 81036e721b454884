//! `cargo bench -p dossier-cli --bench many_files`: a folder of many small
//! dossiers (20,000 by default; `DOSSIER_BENCH_FILES=100000` for more),
//! checked by the real binary in every output format. Prints wall time and
//! peak RSS (from `/usr/bin/time -v` when present). Numbers are printed,
//! never asserted: memory must stay flat as the file count grows.
//! `DOSSIER_BIN` runs another build of `dossier` than the bench's own.

use std::process::{Command, Stdio};
use std::time::Instant;

fn small_dossier(i: usize) -> String {
    format!(
        "dossier: 1\nvendor:\n  name: Vendor {i}\nassessment:\n  as_of: 2026-11-01\n  profile: default-balanced\nsources:\n  s1:\n    url: https://vendor{i}.example.com/trust\n    title: Trust center {i}\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    iso_27001: {{value: yes, cite: s1}}\n    soc2_type2: yes\n"
    )
}

fn main() {
    let n: usize = std::env::var("DOSSIER_BENCH_FILES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(20_000);
    let dir = tempfile::tempdir().expect("temp dir");
    for i in 0..n {
        let sub = dir.path().join(format!("d{:03}", i / 1000));
        if i % 1000 == 0 {
            std::fs::create_dir_all(&sub).unwrap();
        }
        std::fs::write(sub.join(format!("v{i}.dossier.yaml")), small_dossier(i)).unwrap();
    }
    let time = std::path::Path::new("/usr/bin/time").exists();
    println!("{n} dossiers");
    for format in ["human", "json", "sarif", "github", "junit"] {
        let bin = std::env::var("DOSSIER_BIN")
            .unwrap_or_else(|_| env!("CARGO_BIN_EXE_dossier").to_string());
        let args = ["check", "--format", format, "--today", "2026-11-24", "."];
        let mut cmd = if time {
            let mut c = Command::new("/usr/bin/time");
            c.arg("-v").arg(&bin);
            c
        } else {
            Command::new(&bin)
        };
        let start = Instant::now();
        let out = cmd
            .args(args)
            .current_dir(dir.path())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .output()
            .expect("run dossier");
        let secs = start.elapsed().as_secs_f64();
        let err = String::from_utf8_lossy(&out.stderr);
        let rss = err
            .lines()
            .find_map(|l| {
                l.trim()
                    .strip_prefix("Maximum resident set size (kbytes): ")
            })
            .map_or("?".to_string(), |kb| {
                format!("{:.0} MB", kb.trim().parse::<f64>().unwrap_or(0.0) / 1024.0)
            });
        println!("  --format {format:<6}  {secs:6.2} s  peak RSS {rss}");
    }
}
