//! Finding and loading `dossier.toml`.
//!
//! Each dossier is governed by the nearest `dossier.toml` in its own folder
//! or above it (as ruff, taplo and editorconfig find theirs), never by the
//! current directory. [`Configs`] caches both the look-ups (one per folder)
//! and the loaded files, so a walk of thousands of dossiers reads each
//! `dossier.toml` once.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dossier_analysis::config::CONFIG_FILE;
use dossier_analysis::{Config, ConfigError};
use dossier_syntax::{Encoding, LineIndex};
use ignore::gitignore::{Gitignore, GitignoreBuilder};

use crate::read::{display, read_text};

/// Largest dossier.toml read.
pub const CONFIG_LIMIT: usize = 1024 * 1024;
/// Largest extra JSON Schema read.
pub const SCHEMA_LIMIT: usize = dossier_syntax::MAX_SIZE;

/// A dossier.toml, parsed, with its `exclude` patterns compiled.
#[derive(Debug)]
pub struct Loaded {
    pub path: PathBuf,
    pub config: Arc<Config>,
    exclude: Gitignore,
}

impl Loaded {
    /// Whether a directory walk skips the entry `path` (absolute, under
    /// this file's folder) according to `exclude`.
    pub fn excludes(&self, path: &Path, is_dir: bool) -> bool {
        let Ok(rel) = path.strip_prefix(self.exclude.path()) else {
            return false;
        };
        // Only the entry itself: a walk has already skipped excluded
        // parents, and a folder named on the command line is walked even
        // when a pattern names it.
        !rel.as_os_str().is_empty() && self.exclude.matched(rel, is_dir).is_ignore()
    }
}

/// A dossier.toml that cannot be used.
#[derive(Clone, Debug, thiserror::Error)]
#[error("{}", self.describe())]
pub struct LoadError {
    pub path: PathBuf,
    /// The file's text, when it could be read (to locate the problem).
    pub text: Option<String>,
    pub error: ConfigError,
}

impl LoadError {
    /// `PATH:LINE:COL: message` (or `PATH: message` when not located).
    pub fn describe(&self) -> String {
        let path = display(&relative(&self.path));
        match (self.error.range, &self.text) {
            (Some(r), Some(text)) => {
                let pos = LineIndex::new(text).line_col(r.start, Encoding::Utf32);
                format!(
                    "{path}:{}:{}: {}",
                    pos.line + 1,
                    pos.col + 1,
                    self.error.message
                )
            }
            // Not read at all: the message names the file.
            (_, None) => self.error.message.clone(),
            _ => format!("{path}: {}", self.error.message),
        }
    }
}

/// `path` relative to the current directory when it lies below it.
pub fn relative(path: &Path) -> PathBuf {
    match std::env::current_dir() {
        Ok(cwd) => path
            .strip_prefix(&cwd)
            .map(Path::to_path_buf)
            .unwrap_or_else(|_| path.to_path_buf()),
        Err(_) => path.to_path_buf(),
    }
}

/// `path` made absolute (against the current directory), without
/// resolving symlinks.
pub fn absolute(path: &Path) -> PathBuf {
    let p = if path.as_os_str().is_empty() {
        Path::new(".")
    } else {
        path
    };
    std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf())
}

/// Read and parse one dossier.toml (and the extra schema it names, relative
/// to it), both with bounded reads of regular files only.
pub fn load(path: &Path) -> Result<Loaded, LoadError> {
    let fail = |text: Option<String>, error: ConfigError| LoadError {
        path: path.to_path_buf(),
        text,
        error,
    };
    let text = read_text(path, CONFIG_LIMIT).map_err(|e| {
        fail(
            None,
            ConfigError {
                path: Some(path.to_path_buf()),
                range: None,
                message: format!("cannot read {}: {}", display(&relative(path)), e.reason),
            },
        )
    })?;
    let base = absolute(path.parent().unwrap_or(Path::new(".")));
    let mut config = Config::parse(&text, |rel| {
        let p = base.join(rel);
        read_text(&p, SCHEMA_LIMIT).map_err(|e| {
            format!(
                "cannot read the extra schema {}: {}",
                display(&relative(&p)),
                e.reason
            )
        })
    })
    .map_err(|mut e| {
        e.path = Some(path.to_path_buf());
        fail(Some(text.clone()), e)
    })?;
    let mut gi = GitignoreBuilder::new(&base);
    for (pattern, range) in &config.exclude {
        if let Err(e) = gi.add_line(None, pattern) {
            return Err(fail(
                Some(text.clone()),
                ConfigError {
                    path: Some(path.to_path_buf()),
                    range: Some(*range),
                    message: format!("`exclude` pattern `{pattern}`: {e}"),
                },
            ));
        }
    }
    let exclude = gi.build().map_err(|e| {
        fail(
            Some(text.clone()),
            ConfigError {
                path: Some(path.to_path_buf()),
                range: None,
                message: format!("`exclude`: {e}"),
            },
        )
    })?;
    config.path = Some(path.to_path_buf());
    Ok(Loaded {
        path: path.to_path_buf(),
        config: Arc::new(config),
        exclude,
    })
}

/// The result of loading one dossier.toml, shared.
pub type Found = Result<Arc<Loaded>, Arc<LoadError>>;

/// Cached dossier.toml look-ups and loads.
#[derive(Default)]
pub struct Configs {
    /// Folder (absolute) -> the dossier.toml that governs it.
    dirs: Mutex<HashMap<PathBuf, Option<PathBuf>>>,
    /// dossier.toml path -> what loading it gave.
    files: Mutex<HashMap<PathBuf, Found>>,
}

impl Configs {
    pub fn new() -> Configs {
        Configs::default()
    }

    /// The dossier.toml in `dir` or the nearest folder above it. Anything
    /// named dossier.toml counts (a FIFO too: loading it then says what it
    /// is, rather than silently using another file).
    pub fn find(&self, dir: &Path) -> Option<PathBuf> {
        let dir = absolute(dir);
        let mut chain = Vec::new();
        let mut found = None;
        let mut cur = Some(dir.as_path());
        while let Some(d) = cur {
            if let Some(hit) = self.dirs.lock().ok().and_then(|m| m.get(d).cloned()) {
                found = hit;
                break;
            }
            chain.push(d.to_path_buf());
            let candidate = d.join(CONFIG_FILE);
            if std::fs::symlink_metadata(&candidate).is_ok() {
                found = Some(candidate);
                break;
            }
            cur = d.parent();
        }
        if let Ok(mut m) = self.dirs.lock() {
            for d in chain {
                m.insert(d, found.clone());
            }
        }
        found
    }

    /// Load (once) the dossier.toml at `path`.
    pub fn get(&self, path: &Path) -> Found {
        if let Some(hit) = self.files.lock().ok().and_then(|m| m.get(path).cloned()) {
            return hit;
        }
        let loaded = load(path).map(Arc::new).map_err(Arc::new);
        if let Ok(mut m) = self.files.lock() {
            m.entry(path.to_path_buf())
                .or_insert_with(|| loaded.clone());
        }
        loaded
    }

    /// The dossier.toml governing `file` (a dossier), loaded; `None` when
    /// there is none.
    pub fn for_file(&self, file: &Path) -> Option<Found> {
        let file = absolute(file);
        let dir = file.parent().unwrap_or(Path::new("/"));
        self.find(dir).map(|p| self.get(&p))
    }

    /// Whether a directory walk skips `path` (absolute): the `exclude` of
    /// the dossier.toml governing its folder says so.
    pub fn excluded(&self, path: &Path, is_dir: bool) -> bool {
        let Some(dir) = path.parent() else {
            return false;
        };
        match self.find(dir).map(|p| self.get(&p)) {
            Some(Ok(loaded)) => loaded.excludes(path, is_dir),
            _ => false,
        }
    }

    /// How many dossier.toml files were loaded so far.
    pub fn len(&self) -> usize {
        self.files.lock().map(|m| m.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Every dossier.toml loaded so far, in path order.
    pub fn loaded(&self) -> Vec<(PathBuf, Found)> {
        let mut all: Vec<_> = self
            .files
            .lock()
            .map(|m| m.iter().map(|(p, f)| (p.clone(), f.clone())).collect())
            .unwrap_or_default();
        all.sort_by(|a, b| a.0.cmp(&b.0));
        all
    }

    /// Forget everything (a dossier.toml changed).
    pub fn clear(&self) {
        if let Ok(mut m) = self.dirs.lock() {
            m.clear();
        }
        if let Ok(mut m) = self.files.lock() {
            m.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_dossier_toml_from_the_file_upwards() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/deep")).unwrap();
        std::fs::create_dir_all(root.join("b")).unwrap();
        std::fs::write(root.join("dossier.toml"), "today = \"2026-01-01\"\n").unwrap();
        std::fs::write(root.join("a/dossier.toml"), "today = 2026-02-02\n").unwrap();
        let configs = Configs::new();
        let a = configs
            .for_file(&root.join("a/deep/x.dossier.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(a.path, absolute(&root.join("a/dossier.toml")));
        assert_eq!(a.config.today.unwrap().to_string(), "2026-02-02");
        let b = configs
            .for_file(&root.join("b/y.dossier.yaml"))
            .unwrap()
            .unwrap();
        assert_eq!(b.config.today.unwrap().to_string(), "2026-01-01");
    }

    #[test]
    fn exclude_is_relative_to_the_dossier_toml() {
        let dir = tempfile::tempdir().unwrap();
        let root = absolute(dir.path());
        std::fs::write(
            root.join("dossier.toml"),
            "exclude = [\"broken/\", \"*.draft.dossier.yaml\"]\n",
        )
        .unwrap();
        let configs = Configs::new();
        assert!(configs.excluded(&root.join("broken"), true));
        assert!(!configs.excluded(&root.join("broken"), false));
        assert!(configs.excluded(&root.join("x/y.draft.dossier.yaml"), false));
        assert!(!configs.excluded(&root.join("x/y.dossier.yaml"), false));
    }

    #[cfg(unix)]
    #[test]
    fn a_schema_that_is_a_device_is_refused_with_its_range() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("zero.json")).unwrap();
        let p = dir.path().join("dossier.toml");
        std::fs::write(&p, "schema = \"zero.json\"\n").unwrap();
        let e = load(&p).unwrap_err();
        assert!(
            e.error.message.contains("a character device"),
            "{}",
            e.error.message
        );
        assert!(e.describe().contains(":1:10:"), "{}", e.describe());
    }
}
