//! The parse floor of a batch `check` (issue 29): read every
//! `*.dossier.yaml` under a folder and parse it with tree-sitter-yaml
//! alone, on as many threads as `dossier check` uses, and print the wall
//! time. `dossier check` of the same folder cannot be faster than this;
//! its share of this speed is the figure the issue tracks.
//!
//!     cargo run --release -p dossier-syntax --example parse_floor -- DIR [ROUNDS]

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

fn files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let p = e.path();
        if p.is_dir() {
            files(&p, out);
        } else if p.to_string_lossy().ends_with(".dossier.yaml") {
            out.push(p);
        }
    }
}

fn main() {
    let mut args = std::env::args().skip(1);
    let dir = PathBuf::from(args.next().expect("usage: parse_floor DIR [ROUNDS]"));
    let rounds: usize = args.next().and_then(|r| r.parse().ok()).unwrap_or(5);
    let mut paths = Vec::new();
    files(&dir, &mut paths);
    paths.sort();
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
    let mut best = f64::MAX;
    for _ in 0..rounds {
        let next = AtomicUsize::new(0);
        let nodes = AtomicUsize::new(0);
        let start = Instant::now();
        std::thread::scope(|s| {
            for _ in 0..threads {
                s.spawn(|| {
                    let mut parser = tree_sitter::Parser::new();
                    parser
                        .set_language(&tree_sitter_yaml::LANGUAGE.into())
                        .expect("the YAML grammar loads");
                    loop {
                        let i = next.fetch_add(1, Ordering::Relaxed);
                        let Some(p) = paths.get(i) else { break };
                        let text = std::fs::read_to_string(p).unwrap_or_default();
                        if let Some(tree) = parser.parse(&text, None) {
                            nodes.fetch_add(tree.root_node().descendant_count(), Ordering::Relaxed);
                        }
                    }
                });
            }
        });
        let secs = start.elapsed().as_secs_f64();
        best = best.min(secs);
        eprintln!(
            "{} files, {} nodes: {:.1} ms",
            paths.len(),
            nodes.load(Ordering::Relaxed),
            secs * 1e3
        );
    }
    println!(
        "parse floor: {} files in {:.1} ms (best of {rounds}, {threads} threads)",
        paths.len(),
        best * 1e3
    );
}
