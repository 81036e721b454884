//! `dossier render`: the procurement pack (HTML) or the CI summary
//! (Markdown) of each dossier.
//!
//! Without `-o`, the result goes to stdout (one dossier for HTML; any number
//! for Markdown, one after the other), so `>> "$GITHUB_STEP_SUMMARY"` works.
//! With `-o DIR`, each dossier becomes `DIR/NAME.html` or `DIR/NAME.md`
//! (NAME is the file name without `.dossier.yaml`), and the paths written
//! are listed on stderr.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use crate::files::{analyze_contents, display_path, fail, io_reason, read_dossier, Resolver};
use crate::stdout::Out;

/// How many dossiers are rendered (in parallel) before they are written
/// and dropped.
const BATCH: usize = 64;

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
    render_analysis(path, &text, &analysis, format, baseline)
}

fn render_analysis(
    path: &str,
    text: &str,
    analysis: &dossier_analysis::Analysis,
    format: RenderFormat,
    baseline: Option<&dossier_review::Snapshot>,
) -> String {
    match format {
        RenderFormat::Html => dossier_report::render_html(path, text, analysis),
        RenderFormat::Markdown => dossier_report::render_markdown(path, text, analysis, baseline),
    }
}

/// Write `page` to `dir/name` without ever writing through a symlink: the
/// page goes to a new temporary file in `dir`, which is then renamed over
/// the target (a rename replaces a link, it does not follow it). A target
/// that is a symlink or a directory is refused.
pub fn write_page(dir: &Path, name: &str, page: &[u8]) -> Result<PathBuf, String> {
    let target = dir.join(name);
    let cannot = |reason: String| format!("cannot write {}: {reason}", display_path(&target));
    if let Ok(meta) = std::fs::symlink_metadata(&target) {
        let ft = meta.file_type();
        if ft.is_symlink() {
            return Err(cannot(
                "it is a symbolic link; remove it first (pages are never written through links)"
                    .into(),
            ));
        }
        if ft.is_dir() {
            return Err(cannot("it is a directory".into()));
        }
    }
    let mut tmp = tempfile::Builder::new()
        .prefix(".dossier-render-")
        .tempfile_in(dir)
        .map_err(|e| cannot(io_reason(&e)))?;
    tmp.write_all(page).map_err(|e| cannot(io_reason(&e)))?;
    tmp.persist(&target)
        .map_err(|e| cannot(io_reason(&e.error)))?;
    Ok(target)
}

pub fn render(opts: RenderOptions) -> ExitCode {
    let resolver = match Resolver::new(
        opts.config.as_deref(),
        opts.today.as_deref(),
        opts.profile.as_deref(),
    ) {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    if opts.paths.is_empty() {
        return fail("give the dossier files (or directories) to render");
    }
    let collected = match resolver.collect(&opts.paths) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    if let Some(e) = collected.errors.first() {
        return fail(e);
    }
    let files = collected.files;
    if files.is_empty() {
        return fail("no *.dossier.yaml files to render");
    }
    let mut jobs = Vec::with_capacity(files.len());
    for f in &files {
        match resolver.config_for(f) {
            Ok(a) => jobs.push((f.clone(), a)),
            Err(m) => return fail(m),
        }
    }
    let baseline = match &opts.baseline {
        None => None,
        Some(_) if files.len() > 1 => {
            return fail("--baseline compares one dossier with an earlier version: give one FILE")
        }
        Some(b) => match resolver
            .config_for(b)
            .and_then(|a| Ok((a, read_dossier(b)?)))
        {
            Ok((applied, contents)) => {
                // A baseline over the size limit reads as unparseable.
                let bytes: &[u8] = match &contents {
                    dossier_workspace::Contents::Full(bytes) => bytes,
                    dossier_workspace::Contents::TooLarge { .. } => b"",
                };
                let snapshot = dossier_review::Snapshot::read(
                    display_path(b),
                    bytes,
                    &applied.config,
                    crate::check::today(&applied.config),
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
        let mut seen = std::collections::HashMap::new();
        for (i, n) in names.iter().enumerate() {
            if let Some(j) = seen.insert(n, i) {
                return fail(format!(
                    "{} and {} would both be written to {n}: render them in separate runs",
                    display_path(&files[j]),
                    display_path(&files[i])
                ));
            }
        }
    }
    if let Some(dir) = &opts.out {
        if let Err(e) = std::fs::create_dir_all(dir) {
            return fail(format!(
                "cannot create {}: {}",
                dir.display(),
                io_reason(&e)
            ));
        }
    }
    let mut failed = false;
    let mut stdout = Out::stdout();
    for (batch, batch_names) in jobs.chunks(BATCH).zip(names.chunks(BATCH)) {
        let rendered: Vec<Result<String, String>> = batch
            .par_iter()
            .map(|(p, applied)| {
                let contents = read_dossier(p)?;
                let (text, analysis) = analyze_contents(&contents, &applied.config);
                if let Some(score) = &analysis.score {
                    applied.refuse_broken_profile(&score.profile)?;
                }
                Ok(render_analysis(
                    &display_path(p),
                    &text,
                    &analysis,
                    opts.format,
                    baseline.as_ref(),
                ))
            })
            .collect();
        for (r, name) in rendered.into_iter().zip(batch_names) {
            let written = r.and_then(|page| match &opts.out {
                None => {
                    let _ = stdout.write_all(page.as_bytes());
                    Ok(None)
                }
                Some(dir) => write_page(dir, name, page.as_bytes()).map(Some),
            });
            match written {
                Ok(Some(target)) => eprintln!("wrote {}", display_path(&target)),
                Ok(None) => {}
                Err(m) => {
                    eprintln!("error: {m}");
                    failed = true;
                }
            }
        }
    }
    let _ = stdout.flush();
    if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
