//! Expanding the paths a user gives into the dossier files to check.
//!
//! Directories are walked with the `ignore` crate (as ripgrep does):
//! `.gitignore` files are honoured (in a git repository or not), hidden
//! entries and `node_modules`/`target` are skipped, and so is whatever the
//! governing dossier.toml's `exclude` names. Paths given explicitly are
//! always taken. The same file given several ways is listed once.
//!
//! A walk stays in its folder, as ripgrep does: a symbolic link found in
//! it whose target lies outside the folder walked, or in a hidden part of
//! it (`.git/config`), is not followed but listed in
//! [`Collected::skipped_links`], so a committed `vendor.dossier.yaml ->
//! ~/.aws/credentials` cannot print a secret into a CI log. Asked
//! explicitly (`--follow-symlinks`), every link is followed.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::config::{absolute, Configs};
use crate::read::{io_reason, ReadError};

/// File name endings that a directory walk picks up.
pub const EXTENSIONS: &[&str] = &[".dossier.yaml", ".dossier.yml", ".dossier.json"];

pub fn is_dossier(path: &Path) -> bool {
    path.file_name()
        .and_then(|n| n.to_str())
        .is_some_and(|n| EXTENSIONS.iter().any(|e| n.ends_with(e)))
}

/// The files to check, in path order, and the paths that could not be
/// walked (each still lets the others be checked).
#[derive(Debug, Default)]
pub struct Collected {
    pub files: Vec<PathBuf>,
    pub errors: Vec<ReadError>,
    /// The walk stopped at the limit of [`collect_at_most`].
    pub truncated: bool,
    /// Symbolic links found by a walk that lead out of the folder walked
    /// (or into a hidden part of it), not followed: each link and the
    /// folder it was found in.
    pub skipped_links: Vec<(PathBuf, PathBuf)>,
}

/// Expand files and directories into a sorted, de-duplicated list of
/// dossier files. Special files are listed like any other: reading them
/// is what reports them.
pub fn collect(paths: &[PathBuf], configs: &Arc<Configs>) -> Collected {
    collect_at_most(paths, configs, usize::MAX)
}

/// [`collect`], following every symbolic link a walk finds when
/// `follow_symlinks` (by default, links leaving the folder are skipped).
pub fn collect_following(
    paths: &[PathBuf],
    configs: &Arc<Configs>,
    follow_symlinks: bool,
) -> Collected {
    collect_walk(paths, configs, usize::MAX, follow_symlinks)
}

/// [`collect`], but directory walks stop once `max` files are listed (the
/// server's workspace symbols: a folder of a million files must not hold
/// up the answer). Which files make the cut follows the walk's order.
pub fn collect_at_most(paths: &[PathBuf], configs: &Arc<Configs>, max: usize) -> Collected {
    collect_walk(paths, configs, max, false)
}

fn collect_walk(
    paths: &[PathBuf],
    configs: &Arc<Configs>,
    max: usize,
    follow_symlinks: bool,
) -> Collected {
    let mut out = Collected::default();
    for p in paths {
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, configs, max, follow_symlinks, &mut out),
            Ok(_) => out.files.push(p.clone()),
            Err(e) => {
                // A dangling symlink given by name: reading it says so.
                if std::fs::symlink_metadata(p).is_ok() {
                    out.files.push(p.clone());
                } else {
                    out.errors.push(ReadError {
                        path: p.clone(),
                        reason: io_reason(&e),
                    });
                }
            }
        }
    }
    // The first spelling of each file wins; then path order.
    let mut seen = HashSet::new();
    out.files.retain(|p| seen.insert(identity(p)));
    out.files.sort();
    out
}

/// What makes two spellings of a path the same file: the canonical path
/// (symlinks resolved), or for a path that cannot be resolved its
/// canonical folder and its name.
fn identity(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let abs = absolute(p);
    match (
        abs.parent().and_then(|d| d.canonicalize().ok()),
        abs.file_name(),
    ) {
        (Some(d), Some(n)) => d.join(n),
        _ => abs,
    }
}

/// Whether a symbolic link found in `root` stays in it: its target is
/// inside `root` (canonical) and in no hidden folder or file of it. A
/// dangling link stays (reading it says it dangles).
fn stays_inside(link: &Path, root: &Path) -> bool {
    let Ok(target) = link.canonicalize() else {
        return std::fs::symlink_metadata(link).is_ok() && link.metadata().is_err();
    };
    match target.strip_prefix(root) {
        Ok(rel) => !rel
            .components()
            .any(|c| c.as_os_str().to_string_lossy().starts_with('.')),
        Err(_) => false,
    }
}

fn walk(
    dir: &Path,
    configs: &Arc<Configs>,
    max: usize,
    follow_symlinks: bool,
    out: &mut Collected,
) {
    let root = dir.canonicalize().unwrap_or_else(|_| absolute(dir));
    let filter = configs.clone();
    let walker = ignore::WalkBuilder::new(dir)
        .standard_filters(false)
        .hidden(true)
        .git_ignore(true)
        .git_exclude(true)
        .require_git(false)
        .parents(true)
        .follow_links(false)
        .sort_by_file_name(|a, b| a.cmp(b))
        .filter_entry(move |e| {
            let is_dir = e.file_type().is_some_and(|t| t.is_dir());
            if is_dir && e.depth() > 0 {
                let name = e.file_name();
                if name == "node_modules" || name == "target" {
                    return false;
                }
            }
            e.depth() == 0 || !filter.excluded(&absolute(e.path()), is_dir)
        })
        .build();
    for entry in walker {
        if out.files.len() >= max {
            out.truncated = true;
            break;
        }
        match entry {
            Ok(e) => {
                let is_dir = e.file_type().is_some_and(|t| t.is_dir());
                if !is_dir && e.depth() > 0 && is_dossier(e.path()) {
                    if e.path_is_symlink() && !follow_symlinks && !stays_inside(e.path(), &root) {
                        out.skipped_links.push((e.into_path(), dir.to_path_buf()));
                        continue;
                    }
                    out.files.push(e.into_path());
                }
            }
            Err(e) => {
                let path = match &e {
                    ignore::Error::WithPath { path, .. } => path.clone(),
                    _ => dir.to_path_buf(),
                };
                let reason = match e.io_error() {
                    Some(io) => io_reason(io),
                    None => e.to_string(),
                };
                out.errors.push(ReadError { path, reason });
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gitignore_exclude_and_duplicates() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for d in ["keep", "ignored", "broken", "node_modules"] {
            std::fs::create_dir_all(root.join(d)).unwrap();
            std::fs::write(root.join(d).join("x.dossier.yaml"), "dossier: 1\n").unwrap();
        }
        std::fs::write(root.join(".gitignore"), "ignored/\n").unwrap();
        std::fs::write(root.join("dossier.toml"), "exclude = [\"broken\"]\n").unwrap();
        let configs = Arc::new(Configs::new());
        let keep = root.join("keep/x.dossier.yaml");
        let c = collect(
            &[
                root.to_path_buf(),
                keep.clone(),
                root.join("keep/../keep/x.dossier.yaml"),
            ],
            &configs,
        );
        assert!(c.errors.is_empty(), "{:?}", c.errors);
        assert_eq!(c.files, [keep]);
        // Named explicitly, an excluded directory is still checked.
        let c = collect(&[root.join("broken")], &configs);
        assert_eq!(c.files.len(), 1);
        // A walk can stop early.
        let c = collect_at_most(&[root.join("keep"), root.join("broken")], &configs, 1);
        assert_eq!((c.files.len(), c.truncated), (1, true));
    }
}
