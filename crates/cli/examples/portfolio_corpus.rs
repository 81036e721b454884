//! Writes the benches' generated corpus (`benches/corpus`) to a folder, to
//! measure the binary by hand (a release build, `--history`, another
//! machine): `cargo run -p dossier-cli --example portfolio_corpus -- DIR
//! [N]` writes `DIR/vendor-00000.dossier.yaml` … (N = 1000 by default).

#[allow(dead_code)]
#[path = "../benches/corpus/mod.rs"]
mod corpus;

fn main() {
    let mut args = std::env::args().skip(1);
    let Some(dir) = args.next() else {
        eprintln!("usage: portfolio_corpus DIR [N]");
        std::process::exit(2);
    };
    let n: usize = args.next().and_then(|v| v.parse().ok()).unwrap_or(1000);
    let dir = std::path::Path::new(&dir);
    std::fs::create_dir_all(dir).expect("create the folder");
    for i in 0..n {
        std::fs::write(
            dir.join(format!("vendor-{i:05}.dossier.yaml")),
            corpus::generate(i),
        )
        .expect("write a dossier");
    }
    println!("{n} dossiers written to {}", dir.display());
}
