//! `cargo bench -p dossier-cli --bench hostile`: the hostile inputs of
//! issue 24, items 1, 3 and 4, each at three sizes, run through the real
//! `dossier` binary, with the wall time and the peak resident memory of
//! the process (from `/usr/bin/time`, GNU time). Numbers are printed, never
//! asserted.
//!
//! - `cites`: one fact citing N unknown ids (`cite: [x, x, ...]`), `dossier
//!   check --format json`: one `unknown-source` error per id, before the
//!   bound on diagnostics per file.
//! - `comments`: N comment lines after a small dossier, `dossier check`.
//! - `ignores`: N `# dossier: ignore[...]` lines, each on its own line
//!   before the next, `dossier check`.
//! - `diff-replaced`: N sources, all replaced by N others (new ids, new
//!   URLs), `dossier diff OLD NEW --format json`.
//! - `diff-renamed`: N sources, all renamed (new ids, same URLs).
//!
//! `DOSSIER_BIN=path` runs another build of `dossier` (e.g. the commit
//! before a fix); `-- NAME` runs one workload; `DOSSIER_BENCH_SCALE=k`
//! multiplies every size by k (or divides, for k < 1).

use std::path::Path;
use std::process::Command;

const HEAD: &str = "dossier: 1\nvendor:\n  name: Bench\n  kind: model_host\nassessment:\n  analyst: bench\n  as_of: 2026-10-01\n";

fn cites(n: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str("sources:\n  s: {url: https://example.com, title: t, kind: vendor_disclosure, retrieved: 2026-09-01}\nfacts:\n  security:\n    x_many: {value: yes, cite: [s");
    for _ in 0..n {
        s.push_str(",x");
    }
    s.push_str("]}\n");
    s
}

fn small() -> String {
    let mut s = String::from(HEAD);
    s.push_str("sources:\n  s: {url: https://example.com, title: t, kind: vendor_disclosure, retrieved: 2026-09-01}\nfacts:\n  security:\n    x_one: {value: yes, cite: s}\n");
    s
}

fn comments(n: usize) -> String {
    let mut s = small();
    for i in 0..n {
        s.push_str(&format!("# comment line {i}\n"));
    }
    s
}

fn ignores(n: usize) -> String {
    let mut s = String::from(HEAD);
    s.push_str("sources:\n  s: {url: https://example.com, title: t, kind: vendor_disclosure, retrieved: 2026-09-01}\nfacts:\n  security:\n");
    for _ in 0..n {
        s.push_str("    # dossier: ignore[uncited-fact] shared under NDA\n");
    }
    s.push_str("    x_one: {value: yes, cite: s}\n");
    s
}

fn sources(n: usize, id: &str, url: &str) -> String {
    let mut s = String::from(HEAD);
    s.push_str("sources:\n");
    for i in 0..n {
        s.push_str(&format!(
            "  {id}-{i}: {{url: https://{url}.example.com/{i}, title: t, kind: vendor_disclosure, retrieved: 2026-09-01}}\n"
        ));
    }
    s.push_str("facts:\n  security:\n    x_one: {value: yes, cite: ");
    s.push_str(&format!("{id}-0}}\n"));
    s
}

/// Wall seconds and peak RSS (MB) of `dossier ARGS` in `dir`.
fn run(bin: &str, dir: &Path, args: &[&str]) -> (f64, f64, i32) {
    let out = Command::new("/usr/bin/time")
        .arg("-f")
        .arg("@@ %e %M")
        .arg(bin)
        .args(args)
        .current_dir(dir)
        .stdout(std::process::Stdio::null())
        .output()
        .expect("/usr/bin/time (GNU time) runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    let line = stderr
        .lines()
        .rev()
        .find(|l| l.starts_with("@@ "))
        .unwrap_or("@@ 0 0");
    let mut w = line[3..].split_whitespace();
    let secs: f64 = w.next().and_then(|x| x.parse().ok()).unwrap_or(0.0);
    let kb: f64 = w.next().and_then(|x| x.parse().ok()).unwrap_or(0.0);
    let code = stderr
        .lines()
        .find_map(|l| l.strip_prefix("Command exited with non-zero status "))
        .and_then(|c| c.trim().parse().ok())
        .unwrap_or(0);
    (secs, kb / 1024.0, code)
}

fn main() {
    let bin = std::env::var("DOSSIER_BIN").unwrap_or_else(|_| env!("CARGO_BIN_EXE_dossier").into());
    let scale: f64 = std::env::var("DOSSIER_BENCH_SCALE")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1.0);
    let only: Option<String> = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let sized = |sizes: [usize; 3]| sizes.map(|n| ((n as f64) * scale).max(1.0) as usize);
    type Make = fn(usize, &Path) -> Vec<String>;
    let workloads: [(&str, [usize; 3], Make); 5] = [
        ("cites", sized([25_000, 50_000, 100_000]), |n, d| {
            std::fs::write(d.join("v.dossier.yaml"), cites(n)).unwrap();
            [
                "check",
                "--today",
                "2026-11-24",
                "--format",
                "json",
                "v.dossier.yaml",
            ]
            .map(String::from)
            .to_vec()
        }),
        ("comments", sized([8_000, 16_000, 32_000]), |n, d| {
            std::fs::write(d.join("v.dossier.yaml"), comments(n)).unwrap();
            ["check", "--today", "2026-11-24", "v.dossier.yaml"]
                .map(String::from)
                .to_vec()
        }),
        ("ignores", sized([8_000, 16_000, 32_000]), |n, d| {
            std::fs::write(d.join("v.dossier.yaml"), ignores(n)).unwrap();
            ["check", "--today", "2026-11-24", "v.dossier.yaml"]
                .map(String::from)
                .to_vec()
        }),
        ("diff-replaced", sized([2_000, 4_000, 8_000]), |n, d| {
            std::fs::write(d.join("old.dossier.yaml"), sources(n, "old", "a")).unwrap();
            std::fs::write(d.join("new.dossier.yaml"), sources(n, "new", "b")).unwrap();
            diff_args()
        }),
        ("diff-renamed", sized([2_000, 4_000, 8_000]), |n, d| {
            std::fs::write(d.join("old.dossier.yaml"), sources(n, "old", "a")).unwrap();
            std::fs::write(d.join("new.dossier.yaml"), sources(n, "new", "a")).unwrap();
            diff_args()
        }),
    ];
    println!("binary: {bin}");
    println!(
        "{:<14} {:>8} {:>9} {:>9} {:>11} {:>5}",
        "workload", "n", "input MB", "wall s", "peak RSS MB", "exit"
    );
    for (name, sizes, make) in workloads {
        if only.as_deref().is_some_and(|o| o != name) {
            continue;
        }
        for n in sizes {
            let args = make(n, d);
            let bytes: u64 = std::fs::read_dir(d)
                .unwrap()
                .filter_map(|e| e.ok()?.metadata().ok())
                .map(|m| m.len())
                .sum();
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            let (secs, mb, code) = run(&bin, d, &args);
            println!(
                "{name:<14} {n:>8} {:>9.2} {secs:>9.2} {mb:>11.1} {code:>5}",
                bytes as f64 / 1e6
            );
            for e in std::fs::read_dir(d).unwrap().flatten() {
                let _ = std::fs::remove_file(e.path());
            }
        }
    }
}

fn diff_args() -> Vec<String> {
    [
        "diff",
        "--today",
        "2026-11-24",
        "--format",
        "json",
        "old.dossier.yaml",
        "new.dossier.yaml",
    ]
    .map(String::from)
    .to_vec()
}
