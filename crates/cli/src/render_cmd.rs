//! `dossier render`: the procurement pack (HTML) or the CI summary
//! (Markdown) of each dossier.
//!
//! Without `-o`, the result goes to stdout (one dossier for HTML; any number
//! for Markdown, one after the other), so `>> "$GITHUB_STEP_SUMMARY"` works.
//! With `-o DIR`, each dossier becomes `DIR/NAME.html` or `DIR/NAME.md`
//! (NAME is the file name without `.dossier.yaml`), and the paths written
//! are listed on stderr.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use rayon::prelude::*;

use crate::check::{collect, display_path, fail, io_reason, load_config, read_file};

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// The procurement pack: one self-contained page per dossier.
    Html,
    /// A summary for a pull-request comment or `$GITHUB_STEP_SUMMARY`.
    Markdown,
}

impl RenderFormat {
    fn extension(self) -> &'static str {
        match self {
            RenderFormat::Html => "html",
            RenderFormat::Markdown => "md",
        }
    }
}

#[derive(clap::Args)]
pub struct RenderOptions {
    /// Dossier files or directories.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The directory to write the pages to (created if needed).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    #[arg(long, value_enum, default_value_t = RenderFormat::Html)]
    pub format: RenderFormat,
    /// An earlier version of the dossier: the summary shows the change in score.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Score with this profile instead of `assessment.profile`.
    #[arg(long)]
    pub profile: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
}

/// Render one dossier's bytes.
pub fn render_bytes(
    path: &str,
    bytes: &[u8],
    config: &dossier_analysis::Config,
    format: RenderFormat,
    baseline: Option<&dossier_review::Snapshot>,
) -> String {
    let (text, analysis) =
        dossier_analysis::analyze_bytes(bytes, config, crate::check::today(config));
    match format {
        RenderFormat::Html => dossier_report::render_html(path, &text, &analysis),
        RenderFormat::Markdown => dossier_report::render_markdown(path, &text, &analysis, baseline),
    }
}

pub fn render(opts: RenderOptions) -> ExitCode {
    let mut config = match load_config(opts.config.as_deref(), opts.today.as_deref()) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    if let Err(m) = crate::score_cmd::apply_profile(&mut config, opts.profile.as_deref()) {
        return fail(m);
    }
    if opts.paths.is_empty() {
        return fail("give the dossier files (or directories) to render");
    }
    let files = match collect(&opts.paths) {
        Ok(f) if f.is_empty() => return fail("no *.dossier.yaml files to render"),
        Ok(f) => f,
        Err(m) => return fail(m),
    };
    let baseline = match &opts.baseline {
        None => None,
        Some(_) if files.len() > 1 => {
            return fail("--baseline compares one dossier with an earlier version: give one FILE")
        }
        Some(b) => match read_file(b) {
            Ok(bytes) => {
                let snapshot = dossier_review::Snapshot::read(
                    display_path(b),
                    &bytes,
                    &config,
                    crate::check::today(&config),
                );
                if snapshot.score.is_none() {
                    eprintln!(
                        "warning: the baseline {} cannot be scored; no change is shown",
                        display_path(b)
                    );
                }
                Some(snapshot)
            }
            Err(m) => return fail(m),
        },
    };
    if opts.out.is_none() && opts.format == RenderFormat::Html && files.len() > 1 {
        return fail("several dossiers render to several pages: give -o DIR");
    }
    // One output name per dossier, never two dossiers onto one file.
    let names: Vec<String> = files
        .iter()
        .map(|p| {
            format!(
                "{}.{}",
                dossier_report::fallback_name(&display_path(p)),
                opts.format.extension()
            )
        })
        .collect();
    if opts.out.is_some() {
        for (i, n) in names.iter().enumerate() {
            if let Some(j) = names[..i].iter().position(|m| m == n) {
                return fail(format!(
                    "{} and {} would both be written to {n}: render them in separate runs",
                    display_path(&files[j]),
                    display_path(&files[i])
                ));
            }
        }
    }
    let rendered: Vec<Result<String, String>> = files
        .par_iter()
        .map(|p| {
            let bytes = read_file(p)?;
            Ok(render_bytes(
                &display_path(p),
                &bytes,
                &config,
                opts.format,
                baseline.as_ref(),
            ))
        })
        .collect();
    let mut failed = false;
    match &opts.out {
        None => {
            let mut stdout = std::io::stdout().lock();
            for r in rendered {
                match r {
                    Ok(page) => {
                        let _ = stdout.write_all(page.as_bytes());
                    }
                    Err(m) => {
                        eprintln!("error: {m}");
                        failed = true;
                    }
                }
            }
            let _ = stdout.flush();
        }
        Some(dir) => {
            if let Err(e) = std::fs::create_dir_all(dir) {
                return fail(format!(
                    "cannot create {}: {}",
                    dir.display(),
                    io_reason(&e)
                ));
            }
            for (r, name) in rendered.into_iter().zip(&names) {
                let target = dir.join(name);
                match r.and_then(|page| {
                    std::fs::write(&target, page).map_err(|e| {
                        format!("cannot write {}: {}", target.display(), io_reason(&e))
                    })
                }) {
                    Ok(()) => eprintln!("wrote {}", display_path(&target)),
                    Err(m) => {
                        eprintln!("error: {m}");
                        failed = true;
                    }
                }
            }
        }
    }
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
