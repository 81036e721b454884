//! `dossier render`: the procurement pack (HTML) or the CI summary
//! (Markdown) of each dossier, and for a folder the portfolio (HTML,
//! Markdown or JSON) of all of them.
//!
//! Without `-o`, the result goes to stdout (one dossier for HTML; any number
//! for Markdown, one after the other), so `>> "$GITHUB_STEP_SUMMARY"` works.
//! With `-o DIR`, each dossier becomes `DIR/NAME.html` or `DIR/NAME.md`
//! (NAME is the file name without `.dossier.yaml`), and the paths written
//! are listed on stderr.
//!
//! When a PATH is a folder (or with `--format json`), the portfolio is
//! rendered too: `DIR/index.html` (`index.md`, `index.json`) with `-o`, the
//! Markdown or JSON on stdout without. The report crate builds it from one
//! small entry per dossier, kept while the pages are written and dropped
//! batch by batch, so memory does not grow with the dossiers' size.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use dossier_report::portfolio::{Entry, Portfolio};

use crate::files::{
    analyze_contents, display_path, fail, io_reason, read_dossier, Error, Resolver,
};
use crate::stdout::Out;
use dossier_schema::dates::Day;

/// How many dossiers are rendered (in parallel) before they are written
/// and dropped.
const BATCH: usize = 64;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum RenderFormat {
    /// The procurement pack: one self-contained page per dossier (and, for
    /// a folder, the portfolio page `index.html`).
    Html,
    /// A summary for a pull-request comment or `$GITHUB_STEP_SUMMARY` (for
    /// a folder, the portfolio summary).
    Markdown,
    /// The portfolio as JSON, for dashboards.
    Json,
    /// The portfolio as CSV, one row per dossier, for spreadsheets.
    Csv,
}

impl RenderFormat {
    fn extension(self) -> &'static str {
        match self {
            RenderFormat::Html => "html",
            RenderFormat::Markdown => "md",
            RenderFormat::Json => "json",
            RenderFormat::Csv => "csv",
        }
    }
}

#[derive(clap::Args)]
pub struct RenderOptions {
    /// Dossier files or directories. A directory renders as a portfolio
    /// too: `index.html` (or `index.md`, `index.json`) lists every dossier.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// The directory to write the pages to (created if needed).
    #[arg(short = 'o', long = "out", value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format: the HTML pack, a Markdown summary, or (for the
    /// portfolio) JSON.
    #[arg(long, value_enum, default_value_t = RenderFormat::Html)]
    pub format: RenderFormat,
    /// An earlier version of the dossier: the summary shows the change in score.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,
    /// Score with this profile instead of `assessment.profile`.
    #[arg(long)]
    pub profile: Option<String>,
    /// The configuration file; by default each dossier uses the nearest
    /// dossier.toml from its own folder upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to render as of, instead of dossier.toml's `today` or the
    /// system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Also read symbolic links that lead out of the folders walked (by
    /// default they are skipped, with a note).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// For a folder: read its last N commits from git (nothing is checked
    /// out) and show each vendor's score over time, the bands over time
    /// and what changed since the oldest commit shown.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=500))]
    pub history: Option<u16>,
}

/// Render one dossier's bytes (`--format json`: a portfolio of one).
pub fn render_bytes(
    path: &str,
    bytes: &[u8],
    config: &dossier_analysis::Config,
    today: Day,
    format: RenderFormat,
    baseline: Option<&dossier_review::Snapshot>,
) -> String {
    let (text, analysis) = dossier_analysis::analyze_bytes(bytes, config, today);
    let due = dossier_analysis::due::events(&analysis, config);
    match format {
        RenderFormat::Json | RenderFormat::Csv => {
            let entry = dossier_report::portfolio_entry(path, &text, &analysis, &due);
            let portfolio = dossier_report::portfolio::Portfolio::new(today, vec![entry]);
            if format == RenderFormat::Csv {
                dossier_report::portfolio::render_csv(&portfolio)
            } else {
                dossier_report::portfolio::render_json(&portfolio)
            }
        }
        _ => {
            render_analysis(
                path,
                &text,
                &analysis,
                &due,
                format,
                baseline,
                false,
                &dossier_report::FileLinks::Beside,
            )
            .0
        }
    }
}

/// One dossier's page in `format` (empty for JSON, which has none) and,
/// when `entry` is asked for, what the portfolio keeps of it. `links`:
/// how the page reaches the dossier's folder (its evidence-file links).
#[allow(clippy::too_many_arguments)]
fn render_analysis(
    path: &str,
    text: &str,
    analysis: &dossier_analysis::Analysis,
    due: &[dossier_analysis::due::DueEvent],
    format: RenderFormat,
    baseline: Option<&dossier_review::Snapshot>,
    entry: bool,
    links: &dossier_report::FileLinks,
) -> (String, Option<Entry>) {
    match format {
        RenderFormat::Html if entry => {
            let (page, entry) =
                dossier_report::render_html_with_entry(path, text, analysis, due, links);
            (page, Some(entry))
        }
        RenderFormat::Html => (
            dossier_report::render_html_linked(path, text, analysis, due, links),
            None,
        ),
        RenderFormat::Markdown => (
            dossier_report::render_markdown(path, text, analysis, due, baseline),
            entry.then(|| dossier_report::portfolio_entry(path, text, analysis, due)),
        ),
        RenderFormat::Json | RenderFormat::Csv => (
            String::new(),
            Some(dossier_report::portfolio_entry(path, text, analysis, due)),
        ),
    }
}

/// How a page written into `page_dir` (the `-o` folder; the current
/// folder for stdout, where `> pack.html` puts it) reaches the folder of
/// the dossier at `dossier`, for its links to evidence files.
fn file_links(page_dir: Option<&Path>, dossier: &Path) -> dossier_report::FileLinks {
    use dossier_report::FileLinks;
    let folder = match dossier.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    match (page_dir, std::fs::canonicalize(folder)) {
        (Some(from), Ok(to)) => match dossier_workspace::evidence::relative_dir(from, &to) {
            Some(via) => FileLinks::Via(via),
            None => FileLinks::Unlinked,
        },
        _ => FileLinks::Unlinked,
    }
}

/// Write `page` to `dir/name` with the one atomic writer every command
/// uses (never through a symlink; see `files::write_atomic`).
pub fn write_page(dir: &Path, name: &str, page: &[u8]) -> Result<PathBuf, Error> {
    let target = dir.join(name);
    crate::files::write_file(&target, page)?;
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
    // A folder renders as a portfolio too (JSON is only a portfolio).
    let portfolio = matches!(opts.format, RenderFormat::Json | RenderFormat::Csv)
        || opts.paths.iter().any(|p| p.is_dir());
    let history_dir = match opts.history {
        None => None,
        Some(_) => match opts.paths.iter().filter(|p| p.is_dir()).collect::<Vec<_>>()[..] {
            [dir] => Some(dir.clone()),
            _ => {
                return fail(
                    "--history reads the commits of one folder: give exactly one directory",
                )
            }
        },
    };
    let collected = match resolver.collect_with(
        dossier_workspace::Walk {
            follow_symlinks: opts.follow_symlinks,
            ..Default::default()
        },
        &opts.paths,
    ) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    crate::files::note_skipped_links(&collected);
    // A path that cannot be walked is reported; the others still render.
    let mut failed = false;
    for e in &collected.errors {
        crate::eprintln!("error: {e}");
        failed = true;
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
        Some(_) if files.len() > 1 || portfolio => {
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
                    applied.today,
                );
                if snapshot.score.is_none() {
                    crate::eprintln!(
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
    // Each dossier is analysed as of its own today (its nearest
    // dossier.toml, or --today); the portfolio's header shows the today
    // they share, as `dossier due` does.
    let today = match crate::files::shared_today(jobs.iter().map(|(_, a)| a)) {
        Some(t) => t,
        None => match crate::files::today_of_paths(&resolver, &opts.paths) {
            Ok(t) => t,
            Err(m) => return fail(m),
        },
    };
    // Where each dossier's own page goes: stdout without -o (one HTML page,
    // or Markdown summaries one after the other, unless the Markdown is the
    // portfolio's), a file in DIR with -o; JSON has no per-dossier page.
    let pages = match opts.format {
        RenderFormat::Json | RenderFormat::Csv => false,
        RenderFormat::Markdown => opts.out.is_some() || !portfolio,
        RenderFormat::Html => true,
    };
    // The portfolio's own page: DIR/index.EXT with -o; on stdout for
    // Markdown and JSON without it.
    let index_name = format!("index.{}", opts.format.extension());
    let index = portfolio && (opts.out.is_some() || opts.format != RenderFormat::Html);
    // One output name per dossier, never two dossiers onto one file, and
    // none onto the portfolio page.
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
    if opts.out.is_some() && pages {
        let mut seen = std::collections::HashMap::new();
        for (i, n) in names.iter().enumerate() {
            if index && *n == index_name {
                return fail(format!(
                    "{} would be written to {n}, the portfolio page: rename it or render it on its own",
                    display_path(&files[i])
                ));
            }
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
    // Where the pages go, as a real path: their links to evidence files
    // are relative to it.
    let page_dir = match &opts.out {
        Some(dir) => std::fs::canonicalize(dir).ok(),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| std::fs::canonicalize(d).ok()),
    };
    let mut stdout = Out::stdout();
    // What the portfolio keeps: one small entry per dossier, never its
    // analysis or page.
    let mut entries: Vec<Entry> = Vec::new();
    for (batch, batch_names) in jobs.chunks(BATCH).zip(names.chunks(BATCH)) {
        let rendered: Vec<Result<(String, Option<Entry>), Error>> = batch
            .par_iter()
            .map(|(p, applied)| {
                let contents = read_dossier(p)?;
                let (text, analysis) = analyze_contents(&contents, applied);
                drop(contents);
                if let Some(score) = &analysis.score {
                    applied.refuse_broken_profile(&score.profile)?;
                }
                let due = dossier_analysis::due::events(&analysis, &applied.config);
                // Without a page to write, only the portfolio entry is made.
                let format = if pages {
                    opts.format
                } else {
                    RenderFormat::Json
                };
                Ok(render_analysis(
                    &display_path(p),
                    &text,
                    &analysis,
                    &due,
                    format,
                    baseline.as_ref(),
                    index,
                    &file_links(page_dir.as_deref(), p),
                ))
            })
            .collect();
        for ((r, name), (p, _)) in rendered.into_iter().zip(batch_names).zip(batch) {
            let (page, entry) = match r {
                Ok(x) => x,
                Err(m) => {
                    crate::eprintln!("error: {m}");
                    failed = true;
                    if index {
                        entries.push(Entry::unreadable(&display_path(p), &m.to_string()));
                    }
                    continue;
                }
            };
            let written = if !pages {
                Ok(None)
            } else {
                match &opts.out {
                    None => {
                        let _ = stdout.write_all(page.as_bytes());
                        Ok(None)
                    }
                    Some(dir) => write_page(dir, name, page.as_bytes()).map(Some),
                }
            };
            let linked = match written {
                Ok(Some(target)) => {
                    crate::eprintln!("wrote {}", display_path(&target));
                    true
                }
                Ok(None) => false,
                Err(m) => {
                    crate::eprintln!("error: {m}");
                    failed = true;
                    false
                }
            };
            if let Some(mut entry) = entry {
                if linked {
                    entry.page = Some(name.clone());
                }
                entries.push(entry);
            }
        }
    }
    if index {
        let history = match (&history_dir, opts.history) {
            (Some(dir), Some(n)) => match crate::history_cmd::read(
                dir,
                usize::from(n),
                &resolver,
                today,
                &mut entries,
                &files,
            ) {
                Ok(h) => Some(h),
                Err(m) => {
                    eprintln!("error: --history: {m}");
                    failed = true;
                    None
                }
            },
            _ => None,
        };
        let mut portfolio = Portfolio::new(today, entries);
        if let Some(h) = history {
            portfolio.history = h;
        }
        let page = match opts.format {
            RenderFormat::Html => dossier_report::portfolio::render_html(&portfolio),
            RenderFormat::Markdown => dossier_report::portfolio::render_markdown(&portfolio),
            RenderFormat::Json => dossier_report::portfolio::render_json(&portfolio),
            RenderFormat::Csv => dossier_report::portfolio::render_csv(&portfolio),
        };
        match &opts.out {
            None => {
                let _ = stdout.write_all(page.as_bytes());
            }
            Some(dir) => match write_page(dir, &index_name, page.as_bytes()) {
                Ok(target) => crate::eprintln!("wrote {}", display_path(&target)),
                Err(m) => {
                    crate::eprintln!("error: {m}");
                    failed = true;
                }
            },
        }
    }
    let _ = stdout.flush();
    if failed || stdout.failed() {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    }
}
