//! What every command shares: the configuration of each dossier (the
//! nearest dossier.toml, or `--config`, with `--today` and `--profile` on
//! top), bounded reads of dossier files, paths as the user writes them,
//! and usage errors. The disk itself is `dossier-workspace`'s.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Arc;

use dossier_analysis::Config;
use dossier_schema::dates::Day;
use dossier_workspace::{Clock, Configs, Contents, Overrides, UnknownProfile};

pub use crate::error::Error;

pub use dossier_workspace::{collect, display, io_reason, is_dossier, EXTENSIONS};

/// Print a usage or I/O error and return exit status 2.
pub fn fail(message: impl std::fmt::Display) -> ExitCode {
    crate::eprintln!("error: {message}");
    ExitCode::from(2)
}

/// A note on stderr for the symbolic links a walk did not follow.
pub fn note_skipped_links(collected: &dossier_workspace::Collected) {
    for (link, dir) in &collected.skipped_links {
        crate::eprintln!(
            "note: skipped {}: a symbolic link that leads out of {} (or into a hidden folder); pass --follow-symlinks to read it",
            dossier_syntax::display::clean_line(&display_path(link)),
            dossier_syntax::display::clean_line(&display_path(dir)),
        );
    }
}

/// A path as the user would write it (forward slashes, no leading `./`).
pub fn display_path(p: &Path) -> String {
    display(p)
}

/// A dossier file's bytes: whole, or (for a file over the size limit) its
/// first bytes and its size. `cannot read PATH: REASON` for anything that
/// is not a regular file or cannot be read.
pub fn read_dossier(p: &Path) -> Result<Contents, Error> {
    Ok(dossier_workspace::read_limited(
        p,
        dossier_syntax::MAX_SIZE,
    )?)
}

/// Analyse what [`read_dossier`] read, with its effective configuration.
pub fn analyze_contents(
    contents: &Contents,
    applied: &Applied,
) -> (String, dossier_analysis::Analysis) {
    let config = &applied.config;
    match contents {
        Contents::Full(bytes) => dossier_analysis::analyze_bytes(bytes, config, applied.today),
        Contents::TooLarge { head, size } => {
            dossier_analysis::analyze_too_large(head, *size, config, applied.today)
        }
    }
}

/// The configuration of each dossier: `--config FILE` for all of them, or
/// the nearest dossier.toml from the dossier's folder upwards; `--today`
/// and `--profile` apply on top of either. Built by `dossier-workspace`
/// as the server builds it; the CLI's policy is to stop on any error.
pub struct Resolver {
    inner: dossier_workspace::Resolver,
}

/// Which dossier.toml a dossier was checked with.
#[derive(Clone)]
pub struct Applied {
    pub config: Arc<Config>,
    /// The day the dossier is read as of (`--today`, dossier.toml's
    /// `today`, or the system date read once for the run).
    pub today: Day,
    /// The dossier.toml, as the user would write its path (`None`: defaults).
    pub path: Option<String>,
}

impl Applied {
    /// For a command that prints a score (`score`, `render`): refuse one
    /// made with a dossier.toml profile that cannot score (NaN, infinite,
    /// negative or over-100 weights, a sum other than 100), so no command
    /// prints a composite of NaN or 6.6e307. `check` reports the same
    /// problems as `profile` diagnostics instead.
    pub fn refuse_broken_profile(&self, profile: &str) -> Result<(), Error> {
        let Some(d) = self
            .config
            .profile_diagnostics_of(profile)
            .into_iter()
            .next()
        else {
            return Ok(());
        };
        let at = dossier_syntax::LineIndex::new(&self.config.text)
            .line_col(d.range.start, dossier_syntax::Encoding::Utf8);
        Err(Error::Usage(format!(
            "{}:{}:{}: {}",
            self.path.as_deref().unwrap_or("dossier.toml"),
            at.line + 1,
            at.col + 1,
            d.message
        )))
    }
}

impl Resolver {
    pub fn new(
        explicit: Option<&Path>,
        today: Option<&str>,
        profile: Option<&str>,
    ) -> Result<Resolver, Error> {
        let today = match today {
            Some(t) => Some(Day::parse(t).ok_or_else(|| {
                Error::Usage(format!("--today {t}: not a date, write YYYY-MM-DD"))
            })?),
            None => None,
        };
        let overrides = Overrides {
            today,
            profile: profile.map(str::to_string),
            ..Overrides::default()
        };
        let mut inner = dossier_workspace::Resolver::new(
            Arc::new(Configs::new()),
            overrides,
            UnknownProfile::Refuse,
            // One run, one day: the system date is read once.
            Clock::now(),
        );
        if let Some(p) = explicit {
            inner = inner.with_explicit(Arc::new(dossier_workspace::config::load(p)?));
        }
        Ok(Resolver { inner })
    }

    /// The dossier.toml cache, for directory walks (`exclude`).
    pub fn configs(&self) -> &Arc<Configs> {
        self.inner.configs()
    }

    /// Expand the paths given into dossier files (see
    /// [`dossier_workspace::collect`]).
    /// A broken dossier.toml governing a folder to walk is an error even
    /// when the folder holds no dossier.
    pub fn collect(&self, paths: &[PathBuf]) -> Result<dossier_workspace::Collected, Error> {
        self.collect_with(dossier_workspace::Walk::default(), paths)
    }

    /// [`Resolver::collect`] with `--force-exclude` or near-miss hints.
    pub fn collect_with(
        &self,
        how: dossier_workspace::Walk,
        paths: &[PathBuf],
    ) -> Result<dossier_workspace::Collected, Error> {
        for p in paths {
            if p.is_dir() {
                self.config_for(&p.join("-"))?;
            }
        }
        Ok(how.collect(paths, self.configs()))
    }

    /// The configuration for `file`; `Err` for a dossier.toml that cannot
    /// be used or a `--profile` it does not define.
    pub fn config_for(&self, file: &Path) -> Result<Applied, Error> {
        let e = self.inner.for_file(file)?;
        Ok(Applied {
            config: e.config,
            today: e.today,
            path: e
                .file
                .map(|f| display(&dossier_workspace::config::relative(&f))),
        })
    }
}

/// The "today" of a page or list that spans dossiers, each of which is
/// analysed as of its own today (its nearest dossier.toml's `today`, or
/// `--today`, or the system date): the one they share. When they differ,
/// the latest, with a warning naming the dossier.toml files that differ.
/// `None` when there are no dossiers.
pub fn shared_today<'a>(applied: impl IntoIterator<Item = &'a Applied>) -> Option<Day> {
    let mut seen: Vec<(Day, Option<String>)> = Vec::new();
    for a in applied {
        if !seen.iter().any(|(d, _)| *d == a.today) {
            seen.push((a.today, a.path.clone()));
        }
    }
    let latest = seen.iter().map(|(d, _)| *d).max()?;
    if seen.len() > 1 {
        seen.sort_by_key(|(d, _)| *d);
        let list: Vec<String> = seen
            .iter()
            .map(|(d, p)| format!("{d} ({})", p.as_deref().unwrap_or("the system date")))
            .collect();
        eprintln!(
            "warning: the dossiers are read as of different days: {}; each counts from its own, the total from {latest}",
            list.join(", ")
        );
    }
    Some(latest)
}

/// The today of the first path given (a folder's own, or a file's folder),
/// for a command that found no dossier to take it from.
pub fn today_of_paths(resolver: &Resolver, paths: &[PathBuf]) -> Result<Day, Error> {
    let first = paths
        .first()
        .map(PathBuf::as_path)
        .unwrap_or(Path::new("."));
    let probe = if first.is_dir() {
        first.join("-")
    } else {
        first.to_path_buf()
    };
    Ok(resolver.config_for(&probe)?.today)
}

/// Write `bytes` to `target` atomically and never through a symlink: they
/// go to a new temporary file in the target's folder, which is then renamed
/// over the target (a rename replaces a link, it does not follow it). A
/// target that is a symlink or a directory is refused. A replaced file
/// keeps its mode; a new one gets what the umask leaves of 0666. Every
/// command that writes a file (render, import, export) writes through here.
pub fn write_file(target: &Path, bytes: &[u8]) -> Result<(), Error> {
    use std::io::Write;
    let cannot = |reason: String| Error::Write {
        path: display_path(target),
        reason,
    };
    let existing = std::fs::symlink_metadata(target).ok();
    if let Some(meta) = &existing {
        let ft = meta.file_type();
        if ft.is_symlink() {
            return Err(cannot(
                "it is a symbolic link; remove it first (files are never written through links)"
                    .into(),
            ));
        }
        if ft.is_dir() {
            return Err(cannot("it is a directory".into()));
        }
    }
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut builder = tempfile::Builder::new();
    builder.prefix(".dossier-write-");
    // The mode a new file gets from `open(…, 0o666)`, i.e. what the umask
    // leaves (a temporary file is otherwise 0600, whatever the umask).
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(std::fs::Permissions::from_mode(0o666));
    }
    let mut tmp = builder
        .tempfile_in(dir)
        .map_err(|e| cannot(io_reason(&e)))?;
    // A file that is replaced keeps its mode (an imported 0644 dossier
    // stays 0644).
    if let Some(meta) = &existing {
        std::fs::set_permissions(tmp.path(), meta.permissions())
            .map_err(|e| cannot(io_reason(&e)))?;
    }
    tmp.write_all(bytes).map_err(|e| cannot(io_reason(&e)))?;
    tmp.persist(target)
        .map_err(|e| cannot(io_reason(&e.error)))?;
    Ok(())
}
