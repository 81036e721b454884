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
//! taken too, unless [`Walk::force_exclude`] asks `exclude` to hold for
//! them (`--force-exclude`, for pre-commit, which names every file). The
//! same file given several ways is listed once. A walk also notes the files
//! it passed over that were probably meant as dossiers (a name that
//! differs only in case, a YAML or JSON file that starts like one), so
//! the CLI can say why they were not checked.

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
    /// Paths given by name that `exclude` skipped ([`Walk::force_exclude`]).
    pub force_excluded: Vec<PathBuf>,
    /// Files a walk passed over that look meant as dossiers (in walk
    /// order, at most [`MAX_NEAR_MISSES`]); only with [`Walk::near_misses`].
    pub near_misses: Vec<NearMiss>,
}

/// At most this many near misses are listed, and at most this many YAML
/// and JSON files are opened to see whether they start like a dossier.
pub const MAX_NEAR_MISSES: usize = 20;
const MAX_SNIFFED: usize = 200;
/// How much of a YAML or JSON file is read to see whether it is a dossier.
const SNIFF_BYTES: usize = 4096;

/// A file not checked although it was probably meant to be.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NearMiss {
    pub path: PathBuf,
    /// The name it would be checked under (`acme.dossier.yaml`).
    pub suggested: String,
    pub why: NearMissKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NearMissKind {
    /// `x.dossier.YAML`: a dossier ending in the wrong case.
    Case,
    /// `acme.yaml` whose first lines hold a top-level `dossier:` key.
    Content,
}

/// How to expand paths (see [`Walk::collect`]).
#[derive(Clone, Copy, Debug, Default)]
pub struct Walk {
    /// `exclude` also holds for paths given by name.
    pub force_exclude: bool,
    /// Note files passed over that look meant as dossiers.
    pub near_misses: bool,
    /// Follow symbolic links that lead out of the folder walked
    /// (`--follow-symlinks`); by default they are listed in
    /// [`Collected::skipped_links`] instead.
    pub follow_symlinks: bool,
}

impl Walk {
    /// Expand files and directories into a sorted, de-duplicated list of
    /// dossier files.
    pub fn collect(self, paths: &[PathBuf], configs: &Arc<Configs>) -> Collected {
        collect_with(self, paths, configs, usize::MAX)
    }
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
    let how = Walk {
        follow_symlinks,
        ..Walk::default()
    };
    collect_with(how, paths, configs, usize::MAX)
}

/// [`collect`], but directory walks stop once `max` files are listed (the
/// server's workspace symbols: a folder of a million files must not hold
/// up the answer). Which files make the cut follows the walk's order.
pub fn collect_at_most(paths: &[PathBuf], configs: &Arc<Configs>, max: usize) -> Collected {
    collect_with(Walk::default(), paths, configs, max)
}

fn collect_with(how: Walk, paths: &[PathBuf], configs: &Arc<Configs>, max: usize) -> Collected {
    let mut out = Collected::default();
    let mut sniffed = 0;
    for p in paths {
        if how.force_exclude && named_excluded(p, configs) {
            out.force_excluded.push(p.clone());
            continue;
        }
        match std::fs::metadata(p) {
            Ok(m) if m.is_dir() => walk(p, configs, max, how, &mut sniffed, &mut out),
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

/// Whether `exclude` skips a path given by name: the path itself or any
/// folder above it that a walk would have skipped.
fn named_excluded(p: &Path, configs: &Configs) -> bool {
    let abs = absolute(p);
    let is_dir = std::fs::metadata(&abs).is_ok_and(|m| m.is_dir());
    if configs.excluded(&abs, is_dir) {
        return true;
    }
    abs.ancestors()
        .skip(1)
        .any(|a| a.parent().is_some() && configs.excluded(a, true))
}

/// A name that differs from a dossier's only in case: the name it should
/// have.
fn case_mismatch(name: &str) -> Option<String> {
    let lower = name.to_ascii_lowercase();
    EXTENSIONS.iter().find_map(|e| {
        (lower.ends_with(e) && !name.ends_with(e))
            .then(|| format!("{}{e}", &name[..name.len() - e.len()]))
    })
}

/// `acme.yaml` or `acme.json` whose first bytes hold a top-level `dossier`
/// key: the name it should have.
fn content_match(path: &Path, name: &str) -> Option<String> {
    use std::io::Read;
    let lower = name.to_ascii_lowercase();
    let ext = [".yaml", ".yml", ".json"]
        .into_iter()
        .find(|e| lower.ends_with(e))?;
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    // Never opens a FIFO or a device (that could block or never end).
    let file = crate::read::open_regular(path).ok()?;
    file.take(SNIFF_BYTES as u64).read_to_end(&mut head).ok()?;
    let text = String::from_utf8_lossy(&head);
    let dossier = text
        .lines()
        .any(|l| l.starts_with("dossier:") || l.trim_start().starts_with("\"dossier\""));
    dossier.then(|| {
        format!(
            "{}.dossier{}",
            &name[..name.len() - ext.len()],
            &name[name.len() - ext.len()..]
        )
    })
}

fn near_miss(path: &Path, sniffed: &mut usize, out: &mut Collected) {
    if out.near_misses.len() >= MAX_NEAR_MISSES {
        return;
    }
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return;
    };
    let found = match case_mismatch(name) {
        Some(s) => Some((s, NearMissKind::Case)),
        None if *sniffed < MAX_SNIFFED => {
            let lower = name.to_ascii_lowercase();
            if [".yaml", ".yml", ".json"]
                .iter()
                .any(|e| lower.ends_with(e))
            {
                *sniffed += 1;
                content_match(path, name).map(|s| (s, NearMissKind::Content))
            } else {
                None
            }
        }
        None => None,
    };
    if let Some((suggested, why)) = found {
        out.near_misses.push(NearMiss {
            path: path.to_path_buf(),
            suggested,
            why,
        });
    }
}

fn walk(
    dir: &Path,
    configs: &Arc<Configs>,
    max: usize,
    how: Walk,
    sniffed: &mut usize,
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
                if !is_dir && e.depth() > 0 {
                    if is_dossier(e.path()) {
                        if e.path_is_symlink()
                            && !how.follow_symlinks
                            && !stays_inside(e.path(), &root)
                        {
                            out.skipped_links.push((e.into_path(), dir.to_path_buf()));
                            continue;
                        }
                        out.files.push(e.into_path());
                    } else if how.near_misses {
                        near_miss(e.path(), sniffed, out);
                    }
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
        assert_eq!(c.files, std::slice::from_ref(&keep));
        // Named explicitly, an excluded directory is still checked.
        let c = collect(&[root.join("broken")], &configs);
        assert_eq!(c.files.len(), 1);
        // --force-exclude: a file in an excluded folder, or the folder,
        // named explicitly, is skipped and reported as such.
        let forced = Walk {
            force_exclude: true,
            ..Walk::default()
        };
        let named = root.join("broken/x.dossier.yaml");
        let c = forced.collect(
            &[named.clone(), root.join("broken"), keep.clone()],
            &configs,
        );
        assert_eq!(c.files, std::slice::from_ref(&keep));
        assert_eq!(c.force_excluded, [named, root.join("broken")]);
        // A walk can stop early.
        let c = collect_at_most(&[root.join("keep"), root.join("broken")], &configs, 1);
        assert_eq!((c.files.len(), c.truncated), (1, true));
    }

    #[test]
    fn near_misses_by_case_and_by_content() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::write(root.join("x.dossier.YAML"), "dossier: 1\n").unwrap();
        std::fs::write(root.join("acme.yaml"), "# vendor\ndossier: 1\n").unwrap();
        std::fs::write(root.join("acme.json"), "{\n  \"dossier\": 1\n}\n").unwrap();
        std::fs::write(root.join("other.yaml"), "name: ci\n").unwrap();
        std::fs::write(root.join("ok.dossier.yaml"), "dossier: 1\n").unwrap();
        let configs = Arc::new(Configs::new());
        let how = Walk {
            near_misses: true,
            ..Walk::default()
        };
        let c = how.collect(&[root.to_path_buf()], &configs);
        assert_eq!(c.files, [root.join("ok.dossier.yaml")]);
        let found: Vec<_> = c
            .near_misses
            .iter()
            .map(|m| {
                (
                    m.path.file_name().unwrap().to_str().unwrap(),
                    m.suggested.as_str(),
                    m.why,
                )
            })
            .collect();
        assert_eq!(
            found,
            [
                ("acme.json", "acme.dossier.json", NearMissKind::Content),
                ("acme.yaml", "acme.dossier.yaml", NearMissKind::Content),
                ("x.dossier.YAML", "x.dossier.yaml", NearMissKind::Case),
            ]
        );
        // Not asked for: nothing is opened or listed.
        assert!(collect(&[root.to_path_buf()], &configs)
            .near_misses
            .is_empty());
    }
}
