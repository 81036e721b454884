//! `dossier check`.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_analysis::Config;
use dossier_schema::dates::Day;
use dossier_syntax::LineIndex;
use rayon::prelude::*;

use crate::files::{analyze_contents, display_path, fail, read_dossier, Applied, Error, Resolver};
use crate::output::Format;
use crate::report::FileReport;
use crate::stdout::Out;
use crate::stream::Stream;

#[derive(clap::Args)]
pub struct Options {
    /// Files or directories; the current directory when none is given.
    /// Directory walks skip what .gitignore and dossier.toml's `exclude`
    /// name.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date to check against, instead of dossier.toml's `today` or the
    /// system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// The configuration file for every dossier; by default each dossier
    /// uses the nearest dossier.toml from its own folder upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colour the human output: auto (when a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
    /// Also read symbolic links that lead out of the folders walked (by
    /// default they are skipped, with a note).
    #[arg(long)]
    pub follow_symlinks: bool,
    /// Let dossier.toml's `exclude` skip files and folders named on the
    /// command line too (for pre-commit, which names every staged file).
    #[arg(long)]
    pub force_exclude: bool,
}

/// How many files are analysed (in parallel) before their results are
/// written and dropped: bounds memory whatever the number of files.
const BATCH: usize = 256;

/// Analyse one file's bytes as of `today`.
pub fn check_bytes(path: String, bytes: &[u8], config: &Config, today: Day) -> FileReport {
    let (text, analysis) = dossier_analysis::analyze_bytes(bytes, config, today);
    FileReport {
        path,
        text,
        line_index: analysis.line_index,
        diagnostics: analysis.diagnostics,
        config: None,
    }
}

fn check_file(p: &Path, applied: &Applied) -> Result<FileReport, Error> {
    let contents = read_dossier(p)?;
    let (text, mut analysis) = analyze_contents(&contents, applied);
    drop(contents);
    // Evidence files (`file:` sources): looked up and hashed here, through
    // workspace; the engine only compares.
    dossier_analysis::check_evidence(&mut analysis, &text, &applied.config, &mut |f| {
        dossier_workspace::evidence_file(p, f)
    });
    Ok(FileReport {
        path: display_path(p),
        text,
        line_index: analysis.line_index,
        diagnostics: analysis.diagnostics,
        config: applied.path.clone(),
    })
}

/// `a, b and 2 more`: the paths as the user would write them.
fn list_paths(paths: &[PathBuf]) -> String {
    let shown: Vec<String> = paths.iter().take(3).map(|p| display_path(p)).collect();
    match paths.len() {
        n if n > 3 => format!("{} and {} more", shown.join(", "), n - 3),
        _ => shown.join(", "),
    }
}

/// A hint on stderr for each file passed over that looks meant as a
/// dossier: a wrong-case ending, or a YAML/JSON file starting like one.
/// In GitHub Actions (`--format github`) each is also a warning annotation.
fn hint_near_misses(misses: &[dossier_workspace::NearMiss], format: Format) {
    use dossier_workspace::NearMissKind;
    for m in misses {
        let why = match m.why {
            NearMissKind::Case => "dossier names end in lower case",
            NearMissKind::Content => "it starts like a dossier (a `dossier` key)",
        };
        let text = format!(
            "{} is not checked: {why}; rename it {}",
            display_path(&m.path),
            m.suggested
        );
        eprintln!("hint: {text}");
        if format == Format::Github {
            use std::io::Write;
            // A closed stdout (`| head`) is not a crash.
            let _ = writeln!(
                std::io::stdout(),
                "{}",
                crate::output::github::annotation(
                    "warning",
                    &display_path(&m.path),
                    "dossier: not checked",
                    &text
                )
            );
        }
    }
    if misses.len() >= dossier_workspace::MAX_NEAR_MISSES {
        eprintln!(
            "hint: (only the first {} such files are listed)",
            misses.len()
        );
    }
}

pub fn run(opts: Options) -> ExitCode {
    let resolver = match Resolver::new(opts.config.as_deref(), opts.today.as_deref(), None) {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths
    };
    let how = dossier_workspace::Walk {
        force_exclude: opts.force_exclude,
        near_misses: true,
        follow_symlinks: opts.follow_symlinks,
    };
    let collected = match resolver.collect_with(how, &paths) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    crate::files::note_skipped_links(&collected);
    hint_near_misses(&collected.near_misses, opts.format);
    if collected.files.is_empty() {
        // Nothing to check: say why instead of "Checked 0 files".
        if !collected.errors.is_empty() {
            for e in &collected.errors {
                eprintln!("error: {e}");
            }
            return ExitCode::from(2);
        }
        if !collected.force_excluded.is_empty() {
            // Every path named was excluded (pre-commit on a draft): fine.
            eprintln!(
                "note: nothing to check: dossier.toml's `exclude` skips {} (--force-exclude)",
                list_paths(&collected.force_excluded)
            );
            return ExitCode::SUCCESS;
        }
        return fail(format!(
            "no dossier files found in {}: dossiers are named *.dossier.yaml, *.dossier.yml or *.dossier.json",
            list_paths(&paths)
        ));
    }
    let mut io_errors: Vec<String> = collected.errors.iter().map(|e| e.to_string()).collect();
    // Every file's configuration first: a broken dossier.toml stops the run
    // before anything is written.
    let mut jobs = Vec::with_capacity(collected.files.len());
    let mut used: Vec<Applied> = Vec::new();
    for f in collected.files {
        match resolver.config_for(&f) {
            Ok(a) => {
                if a.path.is_some() && !used.iter().any(|u| u.path == a.path) {
                    used.push(a.clone());
                }
                jobs.push((f, a));
            }
            Err(m) => return fail(m),
        }
    }
    let color = match opts.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let mut stream = Stream::new(opts.format, color, Out::stdout());
    // Problems in each dossier.toml used (profiles), located in it.
    used.sort_by(|a, b| a.path.cmp(&b.path));
    for a in &used {
        let diagnostics = a.config.profile_diagnostics();
        if !diagnostics.is_empty() {
            stream.file(&FileReport {
                path: a.path.clone().unwrap_or_default(),
                line_index: LineIndex::new(&a.config.text),
                text: a.config.text.clone(),
                diagnostics,
                config: a.path.clone(),
            });
        }
    }
    for batch in jobs.chunks(BATCH) {
        let results: Vec<Result<FileReport, Error>> = batch
            .par_iter()
            .map(|(p, applied)| check_file(p, applied))
            .collect();
        for r in results {
            match r {
                Ok(rep) => stream.file(&rep),
                Err(m) => io_errors.push(m.to_string()),
            }
        }
    }
    // In GitHub Actions, the job summary gets the counts per rule and the
    // files with errors (annotations beyond 10 of a kind are not shown).
    if let (Some(md), Some(path)) = (
        stream.step_summary(),
        std::env::var_os("GITHUB_STEP_SUMMARY").filter(|p| !p.is_empty()),
    ) {
        use std::io::Write;
        let written = std::fs::OpenOptions::new()
            .append(true)
            .create(true)
            .open(&path)
            .and_then(|mut f| f.write_all(md.as_bytes()));
        if let Err(e) = written {
            eprintln!(
                "warning: cannot write the step summary to {}: {}",
                Path::new(&path).display(),
                crate::files::io_reason(&e)
            );
        }
    }
    let (summary, out) = stream.finish();
    if matches!(opts.format, Format::Human | Format::Github) {
        for a in &used {
            let n = jobs.iter().filter(|(_, j)| j.path == a.path).count();
            crate::eprintln!(
                "note: {} applied to {n} file{}",
                a.path.as_deref().unwrap_or_default(),
                if n == 1 { "" } else { "s" }
            );
        }
    }
    if !io_errors.is_empty() {
        for m in io_errors {
            crate::eprintln!("error: {m}");
        }
        return ExitCode::from(2);
    }
    if out.failed() {
        // The report is incomplete ("cannot write the output" is on stderr).
        return ExitCode::from(2);
    }
    if summary.errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
