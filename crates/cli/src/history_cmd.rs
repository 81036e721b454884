//! `dossier render DIR --history N`: each dossier's composite at the last
//! N commits that changed the folder, read through `workspace::git` (`git
//! log`, `git ls-tree`, one `git cat-file --batch` per commit; nothing is
//! checked out) and scored as `dossier score` scores them
//! (`dossier_review::Snapshot::scored`: the score without the rules), as
//! of each commit's date. A version unchanged over several commits (the
//! same path and blob id) is read and parsed once and scored on each of
//! their dates. One commit's new blobs are held at a time; what is kept is
//! the blob ids and one point per dossier and commit.

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

/// One version's points (by commit index), with its path and vendor.
type Scored<'a> = (&'a str, Vec<(usize, Point)>, Option<String>);

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
    let days: Vec<Day> = commits
        .iter()
        .map(|c| Day::parse(&c.date).unwrap_or(today))
        .collect();
    // Which commits hold each version (a path and its blob id): a dossier
    // unchanged over several commits is read and parsed once, and scored
    // as of each of their dates.
    let trees: Vec<Vec<(String, String)>> = commits
        .iter()
        .map(|c| git::dossier_blobs_at(dir, &c.sha))
        .collect::<Result<_, _>>()?;
    let mut holding: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    for (ci, tree) in trees.iter().enumerate() {
        for (path, oid) in tree {
            holding.entry((path, oid)).or_default().push(ci);
        }
    }
    let mut gone: BTreeMap<String, Gone> = BTreeMap::new();
    for (ci, c) in commits.iter().enumerate() {
        // The versions this commit is the first to hold.
        let first: Vec<(&str, &[usize])> = trees[ci]
            .iter()
            .filter_map(|(path, oid)| {
                let at = &holding[&(path.as_str(), oid.as_str())];
                (at[0] == ci).then_some((path.as_str(), at.as_slice()))
            })
            .collect();
        let refs: Vec<&str> = first.iter().map(|(p, _)| *p).collect();
        let blobs = git::read_blobs(dir, &c.sha, &refs, dossier_syntax::MAX_SIZE)?;
        let scored: Vec<Scored> = first
            .into_par_iter()
            .zip(blobs.into_par_iter())
            .map(|((p, at), blob)| {
                let config = resolver
                    .config_for(&top.join(p))
                    .map(|a| a.config)
                    .unwrap_or_else(|_| folder.clone());
                match blob {
                    Blob::Full(bytes) => {
                        let snapshot =
                            dossier_review::Snapshot::scored(p, &bytes, &config, days[at[0]]);
                        let points = at
                            .iter()
                            .map(|&ci| {
                                let score = if ci == at[0] {
                                    snapshot.score.clone()
                                } else {
                                    snapshot.score_on(&config, days[ci])
                                };
                                let point = Point {
                                    composite: score.as_ref().map(|s| s.composite),
                                    band: score.as_ref().map(|s| s.band),
                                    present: true,
                                };
                                (ci, point)
                            })
                            .collect();
                        (p, points, vendor_of(&snapshot))
                    }
                    _ => {
                        let unread = Point {
                            composite: None,
                            band: None,
                            present: true,
                        };
                        (p, at.iter().map(|&ci| (ci, unread)).collect(), None)
                    }
                }
            })
            .collect();
        for (p, points, vendor) in scored {
            match index.get(p) {
                Some(&i) => {
                    for (ci, point) in points {
                        entries[i].history[ci] = point;
                    }
                }
                None => {
                    let g = gone.entry(p.to_string()).or_insert_with(|| Gone {
                        vendor: vendor
                            .clone()
                            .unwrap_or_else(|| dossier_report::fallback_name(p)),
                        file: p.to_string(),
                        history: vec![absent; commits.len()],
                    });
                    if let Some(v) = vendor {
                        g.vendor = v;
                    }
                    for (ci, point) in points {
                        g.history[ci] = point;
                    }
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
