//! `cargo bench -p dossier-cli --bench check`: checks a generated corpus of
//! 1,000 dossiers and reports files/s and MB/s, next to tree-sitter parsing
//! alone and to our parse (tree-sitter + spanned tree + restrictions).
//! Numbers are printed, never asserted. `DOSSIER_BENCH_DOSSIERS=N` checks
//! N dossiers instead of 1,000 (a few for `valgrind --tool=callgrind`).

use std::time::{Duration, Instant};

use dossier_analysis::Config;
use rayon::prelude::*;

mod corpus;
use corpus::generate;

use dossier_cli::render_cmd::{render_bytes, RenderFormat};

fn time<F: FnMut()>(mut f: F) -> Duration {
    // Best of three runs.
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
    let n: usize = std::env::var("DOSSIER_BENCH_DOSSIERS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000);
    let corpus: Vec<String> = (0..n).map(generate).collect();
    let bytes: usize = corpus.iter().map(String::len).sum();
    let mb = bytes as f64 / 1e6;
    let config = Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    };
    // Sanity: the generated corpus is meaningful (few diagnostics, no syntax errors).
    let sample = dossier_analysis::analyze(&corpus[0], &config, config.today.unwrap());
    assert!(
        !sample
            .diagnostics
            .iter()
            .any(|d| d.rule == dossier_analysis::Rule::Syntax),
        "{:#?}",
        sample.diagnostics
    );

    let ts_only = time(|| {
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_yaml::LANGUAGE.into()).unwrap();
        for t in &corpus {
            std::hint::black_box(p.parse(t.as_bytes(), None));
        }
    });
    let our_parse = time(|| {
        for t in &corpus {
            std::hint::black_box(dossier_syntax::parse(t));
        }
    });
    let check_1 = time(|| {
        for t in &corpus {
            std::hint::black_box(dossier_analysis::analyze(t, &config, config.today.unwrap()));
        }
    });
    let check_n = time(|| {
        corpus.par_iter().for_each(|t| {
            std::hint::black_box(dossier_analysis::analyze(t, &config, config.today.unwrap()));
        });
    });
    // `dossier render`: analysis plus the page, as the command does it.
    let render = |format| {
        time(|| {
            for t in &corpus {
                std::hint::black_box(render_bytes(
                    "vendor.dossier.yaml",
                    t.as_bytes(),
                    &config,
                    config.today.unwrap(),
                    format,
                    None,
                ));
            }
        })
    };
    let render_html = render(RenderFormat::Html);
    let render_md = render(RenderFormat::Markdown);
    let row = |name: &str, d: Duration| {
        let s = d.as_secs_f64();
        println!(
            "{name:<38} {:>9.1} ms {:>9.0} files/s {:>7.1} MB/s {:>6.1}x tree-sitter",
            s * 1e3,
            corpus.len() as f64 / s,
            mb / s,
            s / ts_only.as_secs_f64()
        );
    };
    println!(
        "corpus: {} dossiers, {:.2} MB, {} lines each (generated), {} threads",
        corpus.len(),
        mb,
        corpus[0].lines().count(),
        rayon::current_num_threads()
    );
    row("tree-sitter parse alone (1 thread)", ts_only);
    row("dossier_syntax::parse (1 thread)", our_parse);
    row("dossier check pipeline (1 thread)", check_1);
    row("dossier check pipeline (rayon)", check_n);
    println!(
        "check throughput as a share of tree-sitter's: {:.0}% on 1 thread, {:.0}% with rayon ({} threads) against tree-sitter on 1",
        100.0 * ts_only.as_secs_f64() / check_1.as_secs_f64(),
        100.0 * ts_only.as_secs_f64() / check_n.as_secs_f64(),
        rayon::current_num_threads()
    );
    row("dossier render --format html (1 thread)", render_html);
    row("dossier render --format markdown (1 thread)", render_md);
    println!(
        "render html takes {:.2}x the time of checking twice (the aim: below 1)",
        render_html.as_secs_f64() / (2.0 * check_1.as_secs_f64())
    );
}
