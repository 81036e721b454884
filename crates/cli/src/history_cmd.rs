//! `dossier render DIR --history N`: each dossier's composite at the last
//! N commits that changed the folder, read through `workspace::git` (`git
//! log`, `git ls-tree`, one `git cat-file --batch` per commit; nothing is
//! checked out) and scored as `dossier diff` scores old versions
//! (`dossier_review::Snapshot`), as of each commit's date. One commit's
//! blobs are held at a time; what is kept is one point per dossier and
//! commit.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

use dossier_report::portfolio::history::{Commit, Gone};
use dossier_report::portfolio::{Entry, History, Point};
use dossier_schema::dates::Day;
use dossier_workspace::git::{self, Blob};

use crate::files::Resolver;

/// The path of `file` relative to the repository's top `top` (both
/// canonicalised), with `/` separators: git's name for it.
fn repo_path(file: &Path, top: &Path) -> Option<String> {
    let abs = std::fs::canonicalize(file).ok()?;
    let rel = abs.strip_prefix(top).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// The vendor's name in a version, if it has one.
fn vendor_of(snapshot: &dossier_review::Snapshot) -> Option<String> {
    let root = snapshot.parse.root.as_ref()?;
    Some(
        dossier_schema::view::field(root.value("vendor")?, "name")?
            .text
            .to_string(),
    )
}

/// Fill `entries[..].history` with the last `n` commits of `dir`, oldest
/// first, and return the commits and the dossiers gone since.
pub fn read(
    dir: &Path,
    n: usize,
    resolver: &Resolver,
    today: Day,
    entries: &mut [Entry],
    files: &[PathBuf],
) -> Result<History, crate::files::Error> {
    let mut commits = git::log(dir, n)?;
    commits.reverse();
    let top = git::toplevel(Some(dir))?;
    let top = std::fs::canonicalize(&top).unwrap_or(top);
    // Entries by their path in the repository.
    let mut index: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        let file = files
            .iter()
            .find(|f| crate::files::display_path(f) == e.file)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(&e.file));
        if let Some(p) = repo_path(&file, &top) {
            index.insert(p, i);
        }
    }
    let absent = Point {
        composite: None,
        band: None,
        present: false,
    };
    for e in entries.iter_mut() {
        e.history = vec![absent; commits.len()];
    }
    let folder = resolver.config_for(&dir.join("-"))?.config;
    let mut gone: BTreeMap<String, Gone> = BTreeMap::new();
    for (ci, c) in commits.iter().enumerate() {
        let paths = git::dossiers_at(dir, &c.sha)?;
        let refs: Vec<&str> = paths.iter().map(String::as_str).collect();
        let blobs = git::read_blobs(dir, &c.sha, &refs, dossier_syntax::MAX_SIZE)?;
        let day = Day::parse(&c.date).unwrap_or(today);
        let scored: Vec<(String, Point, Option<String>)> = paths
            .into_par_iter()
            .zip(blobs.into_par_iter())
            .map(|(p, blob)| {
                let config = resolver
                    .config_for(&top.join(&p))
                    .map(|a| a.config)
                    .unwrap_or_else(|_| folder.clone());
                match blob {
                    Blob::Full(bytes) => {
                        let snapshot = dossier_review::Snapshot::read(&p, &bytes, &config, day);
                        let point = Point {
                            composite: snapshot.score.as_ref().map(|s| s.composite),
                            band: snapshot.score.as_ref().map(|s| s.band),
                            present: true,
                        };
                        let vendor = vendor_of(&snapshot);
                        (p, point, vendor)
                    }
                    _ => (
                        p,
                        Point {
                            composite: None,
                            band: None,
                            present: true,
                        },
                        None,
                    ),
                }
            })
            .collect();
        for (p, point, vendor) in scored {
            match index.get(&p) {
                Some(&i) => entries[i].history[ci] = point,
                None => {
                    let g = gone.entry(p.clone()).or_insert_with(|| Gone {
                        vendor: vendor
                            .clone()
                            .unwrap_or_else(|| dossier_report::fallback_name(&p)),
                        file: p.clone(),
                        history: vec![absent; commits.len()],
                    });
                    if let Some(v) = vendor {
                        g.vendor = v;
                    }
                    g.history[ci] = point;
                }
            }
        }
    }
    Ok(History {
        commits: commits
            .into_iter()
            .map(|c| Commit {
                short: c.sha.chars().take(8).collect(),
                date: Day::parse(&c.date).unwrap_or(today),
                subject: c.subject,
            })
            .collect(),
        gone: gone.into_values().collect(),
    })
}
