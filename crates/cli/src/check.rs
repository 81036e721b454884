//! `dossier check`.

use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_analysis::{Config, ConfigError};
use dossier_schema::dates::Day;
use dossier_syntax::{Encoding, LineIndex};
use rayon::prelude::*;

use crate::output::{self, Format};
use crate::report::FileReport;

#[derive(clap::Args)]
pub struct Options {
    /// Files or directories; the current directory when none is given.
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// The date to check against, instead of the system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// The configuration file; by default dossier.toml is looked up from
    /// the current directory upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Colour the human output: auto (when a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

/// File name endings that `dossier check DIR` picks up.
pub const EXTENSIONS: &[&str] = &[".dossier.yaml", ".dossier.yml", ".dossier.json"];

pub fn is_dossier(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| EXTENSIONS.iter().any(|e| n.ends_with(e)))
}

/// Print a usage or I/O error and return exit status 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(2)
}

/// Load the configuration (explicit, or discovered from the current
/// directory) and apply `--today`.
pub fn load_config(explicit: Option<&Path>, today: Option<&str>) -> Result<Config, String> {
    let path = match explicit {
        Some(p) => Some(p.to_path_buf()),
        None => std::env::current_dir()
            .ok()
            .and_then(|d| Config::discover(&d)),
    };
    let mut config = match &path {
        Some(p) => Config::load(p).map_err(|e| describe_config_error(&e))?,
        None => Config::default(),
    };
    if let Some(t) = today {
        config.today = Some(
            Day::parse(t).ok_or_else(|| format!("--today {t}: not a date, write YYYY-MM-DD"))?,
        );
    }
    // The engine takes "today" as an input: resolve it here, once.
    config.today.get_or_insert_with(Day::today);
    Ok(config)
}

fn describe_config_error(e: &ConfigError) -> String {
    let path = e
        .path
        .as_ref()
        .map_or("dossier.toml".to_string(), |p| p.display().to_string());
    match (
        e.range,
        e.path
            .as_ref()
            .and_then(|p| std::fs::read_to_string(p).ok()),
    ) {
        (Some(r), Some(text)) => {
            let pos = LineIndex::new(&text).line_col(r.start, Encoding::Utf32);
            format!("{path}:{}:{}: {}", pos.line + 1, pos.col + 1, e.message)
        }
        _ => format!("{path}: {}", e.message),
    }
}

/// Expand files and directories into a sorted list of dossier files.
pub fn collect(paths: &[PathBuf]) -> Result<Vec<PathBuf>, String> {
    let mut files = Vec::new();
    for p in paths {
        let meta = std::fs::metadata(p)
            .map_err(|e| format!("cannot read {}: {}", p.display(), io_reason(&e)))?;
        if meta.is_dir() {
            walk(p, &mut files)
                .map_err(|e| format!("cannot read {}: {}", p.display(), io_reason(&e)))?;
        } else {
            files.push(p.clone());
        }
    }
    files.sort();
    files.dedup();
    Ok(files)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> std::io::Result<()> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)?.collect::<Result<_, _>>()?;
    entries.sort_by_key(|e| e.file_name());
    for e in entries {
        let path = e.path();
        let name = e.file_name();
        let name = name.to_string_lossy();
        let ft = e.file_type()?;
        if ft.is_dir() {
            if name.starts_with('.') || name == "node_modules" || name == "target" {
                continue;
            }
            walk(&path, out)?;
        } else if is_dossier(&path) {
            out.push(path);
        }
    }
    Ok(())
}

/// A file's bytes, or the message `cannot read PATH: REASON`.
pub fn read_file(p: &Path) -> Result<Vec<u8>, String> {
    std::fs::read(p).map_err(|e| format!("cannot read {}: {}", p.display(), io_reason(&e)))
}

pub fn io_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::NotFound => "no such file or directory".into(),
        std::io::ErrorKind::PermissionDenied => "permission denied".into(),
        _ => e.to_string(),
    }
}

pub fn display_path(p: &Path) -> String {
    let s = p.to_string_lossy().replace('\\', "/");
    s.strip_prefix("./").map(str::to_string).unwrap_or(s)
}

/// The day the CLI analyses as of: resolved when the configuration is
/// loaded, the system date if a caller built its own configuration.
pub fn today(config: &Config) -> Day {
    config.today.unwrap_or_else(Day::today)
}

/// Analyse one file's bytes.
pub fn check_bytes(path: String, bytes: &[u8], config: &Config) -> FileReport {
    let (text, analysis) = dossier_analysis::analyze_bytes(bytes, config, today(config));
    FileReport {
        path,
        text,
        line_index: analysis.line_index,
        diagnostics: analysis.diagnostics,
    }
}

pub fn run(opts: Options) -> ExitCode {
    let config = match load_config(opts.config.as_deref(), opts.today.as_deref()) {
        Ok(c) => c,
        Err(m) => return fail(m),
    };
    let paths = if opts.paths.is_empty() {
        vec![PathBuf::from(".")]
    } else {
        opts.paths
    };
    let files = match collect(&paths) {
        Ok(f) => f,
        Err(m) => return fail(m),
    };
    let results: Vec<Result<FileReport, String>> = files
        .par_iter()
        .map(|p| {
            let bytes = read_file(p)?;
            Ok(check_bytes(display_path(p), &bytes, &config))
        })
        .collect();
    let mut reports = Vec::with_capacity(results.len() + 1);
    let config_diags = config.profile_diagnostics();
    if !config_diags.is_empty() {
        let path = config
            .path
            .as_deref()
            .map_or("dossier.toml".into(), display_path);
        reports.push(FileReport {
            path,
            line_index: LineIndex::new(&config.text),
            text: config.text.clone(),
            diagnostics: config_diags,
        });
    }
    let mut io_errors = Vec::new();
    for r in results {
        match r {
            Ok(rep) => reports.push(rep),
            Err(m) => io_errors.push(m),
        }
    }
    let color = match opts.color.as_str() {
        "always" => true,
        "never" => false,
        _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
    };
    let text = output::render(opts.format, &reports, color);
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if !io_errors.is_empty() {
        for m in io_errors {
            eprintln!("error: {m}");
        }
        return ExitCode::from(2);
    }
    if reports
        .iter()
        .any(|r| r.count(dossier_analysis::Severity::Error) > 0)
    {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
