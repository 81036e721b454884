//! `cargo bench -p dossier-analysis --bench unknown_cites`: one dossier with
//! N sources and N facts citing ids that are not sources (every citation
//! gets an `unknown-source` diagnostic and a "did you mean" search), for
//! N = 1,000 and 10,000 (`-- N` runs one size). Times are printed, never
//! asserted: the rules must stay linear or n·log n in the file's size.

use std::time::Instant;

use dossier_analysis::{analyze, Config, Rule};

/// `n` sources `src-NNNNN` and `n` `x_` facts each citing an unknown id:
/// half are one-letter typos of a source id, half are unrelated words. One
/// line per source and per fact, so 10,000 of each stay under 32,767 lines.
fn generate(n: usize) -> String {
    let mut s = String::from(
        "dossier: 1\nvendor:\n  name: Bench\n  kind: model_host\nassessment:\n  analyst: bench\n  as_of: 2026-10-01\nsources:\n",
    );
    for i in 0..n {
        s.push_str(&format!(
            "  src-{i:05}: {{url: https://example.com/{i}, title: Source {i}, kind: vendor_disclosure, retrieved: 2026-09-01}}\n"
        ));
    }
    s.push_str("facts:\n  security:\n");
    for i in 0..n {
        let cite = if i % 2 == 0 {
            format!("scr-{i:05}")
        } else {
            format!("unrelated-{i}-citation")
        };
        s.push_str(&format!("    x_fact_{i}: {{value: yes, cite: {cite}}}\n"));
    }
    s
}

fn main() {
    let sizes: Vec<usize> = match std::env::args().skip(1).find_map(|a| a.parse().ok()) {
        Some(n) => vec![n],
        None => vec![1_000, 10_000],
    };
    let config = Config::default();
    for n in sizes {
        let text = generate(n);
        let start = Instant::now();
        let analysis = analyze(
            &text,
            &config,
            dossier_schema::dates::Day::parse("2026-11-24").unwrap(),
        );
        let took = start.elapsed();
        let unknown = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::UnknownSource)
            .count();
        let suggested = analysis
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::UnknownSource && !d.fixes.is_empty())
            .count();
        println!(
            "{n:>6} sources, {n:>6} unknown cites ({:.1} MB): {:>9.3} s, {unknown} unknown-source, {suggested} with a suggestion",
            text.len() as f64 / 1e6,
            took.as_secs_f64()
        );
    }
}
