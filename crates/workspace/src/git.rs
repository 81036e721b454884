//! Old versions of dossiers from git, for `dossier diff --git` and the
//! server's "Compare with HEAD".
//!
//! The `git` binary is run without a shell, with arguments that cannot be
//! read as options (a revision starting with `-` is refused; paths come
//! after `--` or inside `REV:PATH`). Blobs are read from one `git cat-file
//! --batch` for all paths, streamed: each is held only up to the same limit
//! as a file on disk (`limit + 1` bytes), the rest is read past and dropped,
//! so a huge object in the history cannot take the memory of a run.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use crate::read::{display, read_limited, Contents};
use crate::walk::is_dossier;

/// One dossier to compare: its path (relative to the repository's top)
/// and each version (`None`: absent in that version). Each version is
/// `Blob::Full`, `Blob::TooLarge` or `Blob::Unreadable` (never `Missing`):
/// a version that cannot be read is reported on its file, and every other
/// file is still compared.
pub struct Pair {
    pub path: String,
    /// The path in the old version when the dossier was renamed.
    pub old_path: Option<String>,
    pub old: Option<Blob>,
    pub new: Option<Blob>,
}

/// Why git could not give what was asked, worded for the user.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GitError {
    /// git could not be run (not installed, a broken pipe).
    #[error("cannot run git: {0}")]
    Run(String),
    /// git refused; its own message (stderr, trimmed).
    #[error("{0}")]
    Failed(String),
    /// The folder is in no work tree (git's words, when it said any).
    #[error("not a git repository{}", if .0.is_empty() { String::new() } else { format!(": {}", .0) })]
    NotARepository(String),
    /// A revision that names no commit, with what may explain it.
    #[error("unknown revision {rev:?}{detail}")]
    UnknownRevision { rev: String, detail: String },
    /// `git cat-file --batch` answered what it should not.
    #[error("git cat-file: {0}")]
    Batch(String),
    /// A path that cannot be read or compared (it says which, and why).
    #[error("{0}")]
    Unreadable(String),
}

/// Run git (no shell) in `dir` (or the current directory) and return its
/// stdout, or its stderr as the message. For commands whose output is a
/// listing, not file contents.
fn git(dir: Option<&Path>, args: &[&str]) -> Result<Vec<u8>, GitError> {
    let mut cmd = Command::new("git");
    if let Some(d) = dir {
        cmd.arg("-C").arg(d);
    }
    let out = cmd
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| GitError::Run(e.to_string()))?;
    if out.status.success() {
        Ok(out.stdout)
    } else {
        Err(GitError::Failed(
            String::from_utf8_lossy(&out.stderr).trim().to_string(),
        ))
    }
}

fn line(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .trim_end_matches(['\n', '\r'])
        .to_string()
}

/// The top of the work tree that `dir` (or the current directory) is in.
pub fn toplevel(dir: Option<&Path>) -> Result<PathBuf, GitError> {
    let top = git(dir, &["rev-parse", "--show-toplevel"])
        .map_err(|e| GitError::NotARepository(e.to_string()))?;
    Ok(PathBuf::from(line(&top)))
}

/// The commit `rev` names, as a full hash.
fn commit(dir: Option<&Path>, rev: &str) -> Result<String, GitError> {
    if rev.starts_with('-') || rev.is_empty() {
        return Err(GitError::UnknownRevision {
            rev: rev.to_string(),
            detail: String::new(),
        });
    }
    let sha = git(
        dir,
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
    )
    .map_err(|_| GitError::UnknownRevision {
        rev: rev.to_string(),
        detail: format!(
            ": not a commit in this repository{}",
            unknown_revision_hint(dir, rev)
        ),
    })?;
    Ok(String::from_utf8_lossy(&sha).trim().to_string())
}

/// Why a revision may be missing: a shallow clone (GitHub's
/// actions/checkout fetches one commit unless told `fetch-depth: 0`), or a
/// remote branch never fetched.
fn unknown_revision_hint(dir: Option<&Path>, rev: &str) -> String {
    let shallow = git(dir, &["rev-parse", "--is-shallow-repository"])
        .map(|o| line(&o) == "true")
        .unwrap_or(false);
    let fetch = match rev.split_once('/') {
        Some((remote, branch)) if !remote.is_empty() && !branch.is_empty() => {
            format!("`git fetch {remote} {branch}`")
        }
        _ => "`git fetch`".to_string(),
    };
    if shallow {
        format!(
            " (this is a shallow clone: on GitHub Actions give actions/checkout `fetch-depth: 0`, or run {fetch} first)"
        )
    } else if rev.contains('/') {
        format!(" (if it is a remote branch, run {fetch} first)")
    } else {
        String::new()
    }
}

/// Why a version over the size limit is not read, in the words used for
/// files.
pub fn over_limit(size: u64, limit: usize) -> String {
    format!("{size} bytes, more than the limit of {limit} bytes")
}

fn too_large(what: &str, size: u64, limit: usize) -> String {
    format!("cannot read {what}: {}", over_limit(size, limit))
}

/// A file of the working tree, read as every command reads a dossier.
fn read_file(p: &Path, limit: usize) -> Result<Vec<u8>, String> {
    match read_limited(p, limit).map_err(|e| e.to_string())? {
        Contents::Full(bytes) => Ok(bytes),
        Contents::TooLarge { size, .. } => Err(too_large(&display(p), size, limit)),
    }
}

/// Whether `git cat-file --batch` (a line-based protocol) can name a path.
fn nameable(p: &str) -> bool {
    !p.contains(['\n', '\r'])
}

/// The dossiers changed between `rev` and the working tree of the current
/// directory's repository (added, deleted, renamed and untracked ones
/// included), limited to `paths` when some are given, with both versions
/// (each held up to `limit`; an old version over it is `Blob::TooLarge`, a
/// version that cannot be read `Blob::Unreadable`), and the label of the
/// old side.
pub fn changed(
    rev: &str,
    paths: &[PathBuf],
    limit: usize,
) -> Result<(Vec<Pair>, String), GitError> {
    let top = toplevel(None)?;
    let sha = commit(None, rev)?;
    let specs: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for p in paths {
        if !p.exists() {
            // Deleted since REV is fine: git knows the path then.
            let spec = p.to_string_lossy();
            let known =
                git(None, &["ls-tree", "-r", "--name-only", &sha, "--", &spec]).unwrap_or_default();
            if known.is_empty() {
                return Err(GitError::Unreadable(format!(
                    "cannot read {}: no such file or directory",
                    p.display()
                )));
            }
        }
    }
    let mut args: Vec<&str> = vec![
        "diff",
        "--name-status",
        "-z",
        "-M",
        "--no-ext-diff",
        &sha,
        "--",
    ];
    args.extend(specs.iter().map(String::as_str));
    let listing = git(None, &args)?;
    let mut fields = listing
        .split(|b| *b == 0)
        .map(|f| String::from_utf8_lossy(f).into_owned());
    let mut pairs = Vec::new();
    while let Some(status) = fields.next() {
        if status.is_empty() {
            continue;
        }
        let first = fields.next().unwrap_or_default();
        let (old, new) = match status.as_bytes()[0] {
            b'A' => (None, Some(first)),
            b'D' => (Some(first), None),
            b'R' | b'C' => {
                let second = fields.next().unwrap_or_default();
                (Some(first), Some(second))
            }
            _ => (Some(first.clone()), Some(first)),
        };
        let keep = |p: &Option<String>| p.as_deref().is_some_and(|p| is_dossier(Path::new(p)));
        if !keep(&old) && !keep(&new) {
            continue;
        }
        // A copy leaves the original in place: compare the copy as added.
        let old = if status.starts_with('C') { None } else { old };
        pairs.push((
            old.filter(|p| is_dossier(Path::new(p))),
            new.filter(|p| is_dossier(Path::new(p))),
        ));
    }
    let mut args: Vec<&str> = vec![
        "ls-files",
        "--others",
        "--exclude-standard",
        "--full-name",
        "-z",
        "--",
    ];
    args.extend(specs.iter().map(String::as_str));
    for p in git(None, &args)?.split(|b| *b == 0) {
        let p = String::from_utf8_lossy(p).into_owned();
        if !p.is_empty() && is_dossier(Path::new(&p)) {
            pairs.push((None, Some(p)));
        }
    }
    pairs.sort_by(|a, b| {
        a.1.as_ref()
            .or(a.0.as_ref())
            .cmp(&b.1.as_ref().or(b.0.as_ref()))
    });
    // Old versions: one `git cat-file --batch` for all of them.
    // A path the batch protocol cannot name (a newline in a file name)
    // makes that one version unreadable, never the whole review.
    let olds: Vec<&str> = pairs
        .iter()
        .filter_map(|(o, _)| o.as_deref())
        .filter(|p| nameable(p))
        .collect();
    let mut blobs = read_blobs(&top, &sha, &olds, limit)?.into_iter();
    let mut out = Vec::with_capacity(pairs.len());
    for (old, new) in pairs {
        let old_blob = match &old {
            None => None,
            Some(p) if !nameable(p) => Some(Blob::Unreadable(format!(
                "cannot read {p:?} at {rev}: git cat-file cannot name a path with a line break"
            ))),
            Some(p) => match blobs.next() {
                None | Some(Blob::Missing) => Some(Blob::Unreadable(format!(
                    "cannot read {p:?} at {rev}: git has no such object"
                ))),
                blob => blob,
            },
        };
        let new_bytes = new.as_ref().map(|p| match read_file(&top.join(p), limit) {
            Ok(bytes) => Blob::Full(bytes),
            Err(why) => Blob::Unreadable(why),
        });
        let renamed = matches!((&old, &new), (Some(a), Some(b)) if a != b);
        out.push(Pair {
            path: new.clone().or(old.clone()).unwrap_or_default(),
            old_path: if renamed { old } else { None },
            old: old_blob,
            new: new_bytes,
        });
    }
    Ok((out, rev.to_string()))
}

/// A commit in the history of a folder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    pub sha: String,
    /// The committer date, `YYYY-MM-DD`.
    pub date: String,
    /// The first line of the message.
    pub subject: String,
}

/// The last `n` commits that changed something under `dir` (newest
/// first), for `dossier render DIR --history N`. Nothing is checked out:
/// their dossiers are read with [`dossiers_at`] and [`read_blobs`].
pub fn log(dir: &Path, n: usize) -> Result<Vec<Commit>, GitError> {
    toplevel(Some(dir))?;
    let count = format!("-n{n}");
    let out = match git(
        Some(dir),
        &["log", &count, "--format=%H%x00%cs%x00%s%x00", "--", "."],
    ) {
        Ok(out) => out,
        // A repository without any commit has no history to show.
        Err(GitError::Failed(e)) if e.contains("does not have any commits") => {
            return Ok(Vec::new())
        }
        Err(e) => return Err(e),
    };
    let fields: Vec<String> = out
        .split(|b| *b == 0)
        .map(|f| {
            String::from_utf8_lossy(f)
                .trim_start_matches('\n')
                .to_string()
        })
        .collect();
    Ok(fields
        .chunks(3)
        .filter(|c| c.len() == 3 && !c[0].is_empty())
        .map(|c| Commit {
            sha: c[0].clone(),
            date: c[1].clone(),
            subject: c[2].clone(),
        })
        .collect())
}

/// The dossiers under `dir` at commit `sha`, as paths relative to the
/// repository's top (what [`read_blobs`] takes).
pub fn dossiers_at(dir: &Path, sha: &str) -> Result<Vec<String>, GitError> {
    Ok(dossier_blobs_at(dir, sha)?
        .into_iter()
        .map(|(path, _)| path)
        .collect())
}

/// The dossiers under `dir` at commit `sha`, as [`dossiers_at`] lists
/// them, each with the id of its blob: a file unchanged between two
/// commits has the same id in both.
pub fn dossier_blobs_at(dir: &Path, sha: &str) -> Result<Vec<(String, String)>, GitError> {
    if sha.starts_with('-') {
        return Err(GitError::UnknownRevision {
            rev: sha.to_string(),
            detail: String::new(),
        });
    }
    let out = git(
        Some(dir),
        &["ls-tree", "-r", "-z", "--full-name", sha, "--", "."],
    )?;
    // Each entry: `MODE TYPE OID<TAB>PATH`.
    Ok(out
        .split(|b| *b == 0)
        .filter_map(|entry| {
            let tab = entry.iter().position(|b| *b == b'\t')?;
            let (meta, path) = (&entry[..tab], &entry[tab + 1..]);
            let meta = String::from_utf8_lossy(meta);
            let mut fields = meta.split(' ');
            let (_, kind, oid) = (fields.next()?, fields.next()?, fields.next()?);
            let path = String::from_utf8_lossy(path).into_owned();
            (kind == "blob" && is_dossier(Path::new(&path))).then(|| (path, oid.to_string()))
        })
        .collect())
}

/// One object read from `git cat-file --batch`.
#[derive(Debug, PartialEq, Eq)]
pub enum Blob {
    /// The whole blob (at most the limit).
    Full(Vec<u8>),
    /// Larger than the limit: its size (its bytes were read past, not kept).
    TooLarge(u64),
    /// No such path in that commit.
    Missing,
    /// Not read, and why (a path git cannot name, a file that cannot be
    /// read): the version is reported as unreadable.
    Unreadable(String),
}

/// The blobs `sha:path` for each path (relative to the repository's top),
/// in order, each held only up to `limit` bytes. `dir` is any directory of
/// the work tree.
pub fn read_blobs(
    dir: &Path,
    sha: &str,
    paths: &[&str],
    limit: usize,
) -> Result<Vec<Blob>, GitError> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut input = Vec::new();
    for p in paths {
        // The batch protocol is line-based; a path with a newline cannot
        // be named in it.
        if p.contains('\n') {
            return Err(GitError::Unreadable(format!(
                "cannot read {p:?} from git: the path contains a newline"
            )));
        }
        input.extend_from_slice(format!("{sha}:{p}\n").as_bytes());
    }
    let mut child = Command::new("git")
        .arg("-C")
        .arg(dir)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| GitError::Run(e.to_string()))?;
    // Feed stdin and drain stderr from threads, so that no full pipe can
    // deadlock us while we read stdout.
    let writer = child.stdin.take().map(|mut pipe| {
        std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        })
    });
    let errors = child.stderr.take().map(|pipe| {
        std::thread::spawn(move || {
            let mut s = String::new();
            let _ = pipe.take(64 * 1024).read_to_string(&mut s);
            s
        })
    });
    let result = match child.stdout.take() {
        Some(out) => read_batch(&mut BufReader::new(out), paths, limit),
        None => Err(GitError::Run("no output".to_string())),
    };
    if result.is_err() {
        let _ = child.kill();
    }
    if let Some(w) = writer {
        let _ = w.join();
    }
    let err = errors.and_then(|e| e.join().ok()).unwrap_or_default();
    let status = child.wait().map_err(|e| GitError::Run(e.to_string()))?;
    match result {
        Ok(blobs) if status.success() => Ok(blobs),
        Ok(_) => Err(GitError::Failed(format!(
            "git cat-file failed: {}",
            err.trim()
        ))),
        Err(e) => Err(e),
    }
}

/// Read one answer of `git cat-file --batch` per path.
fn read_batch(out: &mut impl BufRead, paths: &[&str], limit: usize) -> Result<Vec<Blob>, GitError> {
    let short = |p: &str| GitError::Batch(format!("short output for {p}"));
    let io = |e: std::io::Error| GitError::Batch(e.to_string());
    let mut blobs = Vec::with_capacity(paths.len());
    for p in paths {
        let mut header = Vec::new();
        // A header is `<oid> <type> <size>` or `<name> missing`: short
        // lines (the name is at most a path), never the whole stream.
        out.by_ref()
            .take(64 * 1024)
            .read_until(b'\n', &mut header)
            .map_err(io)?;
        if header.last() != Some(&b'\n') {
            return Err(short(p));
        }
        let header = line(&header);
        let words: Vec<&str> = header.rsplitn(3, ' ').collect();
        match words.as_slice() {
            ["missing", ..] => {
                blobs.push(Blob::Missing);
                continue;
            }
            [size, "blob", _] => {
                let size: u64 = size
                    .parse()
                    .map_err(|_| GitError::Batch(format!("unexpected header {header:?}")))?;
                let kept = size.min(limit as u64 + 1);
                let mut bytes = Vec::with_capacity(kept as usize);
                out.by_ref()
                    .take(kept)
                    .read_to_end(&mut bytes)
                    .map_err(io)?;
                if (bytes.len() as u64) < kept {
                    return Err(short(p));
                }
                // The rest of a blob over the limit, and the newline that
                // ends every object.
                let rest = size - kept + 1;
                let skipped = std::io::copy(&mut out.by_ref().take(rest), &mut std::io::sink())
                    .map_err(io)?;
                if skipped < rest {
                    return Err(short(p));
                }
                blobs.push(if size > limit as u64 {
                    Blob::TooLarge(size)
                } else {
                    Blob::Full(bytes)
                });
            }
            [_, kind, _] => {
                return Err(GitError::Unreadable(format!(
                    "cannot read {p} from git: it is a {kind}, not a file"
                )))
            }
            _ => return Err(GitError::Batch(format!("unexpected header {header:?}"))),
        }
    }
    Ok(blobs)
}

/// The version at HEAD of the file at `path` (absolute), read from the
/// repository its folder is in: its path relative to the repository's top,
/// and the blob (`Blob::Missing` when the file was added since). Errors are
/// sentences for the user: not in a git repository, no commit yet, git not
/// installed.
pub fn at_head(path: &Path, limit: usize) -> Result<(String, Blob), GitError> {
    let unreadable = GitError::Unreadable;
    let (Some(dir), Some(name)) = (path.parent(), path.file_name()) else {
        return Err(unreadable(format!(
            "{} is not a file in a folder",
            display(path)
        )));
    };
    let name = name.to_string_lossy();
    if !dir.is_dir() {
        return Err(unreadable(format!(
            "cannot compare {}: its folder does not exist",
            display(path)
        )));
    }
    let prefix = git(Some(dir), &["rev-parse", "--show-prefix"]).map_err(|e| match e {
        GitError::Failed(m) if m.is_empty() || m.contains("not a git repository") => {
            unreadable(format!("{} is not in a git repository", display(path)))
        }
        e => e,
    })?;
    let rel = format!("{}{name}", line(&prefix));
    let sha = commit(Some(dir), "HEAD").map_err(|_| {
        unreadable("the repository has no commit yet: nothing to compare with".to_string())
    })?;
    let blob = read_blobs(dir, &sha, &[&rel], limit)?
        .pop()
        .unwrap_or(Blob::Missing);
    Ok((rel, blob))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn batch_output_is_held_only_up_to_the_limit() {
        let mut stream = Vec::new();
        stream.extend_from_slice(b"aaaa blob 3\nabc\n");
        stream.extend_from_slice(b"bbbb blob 10\n0123456789\n");
        stream.extend_from_slice(b"HEAD:gone.dossier.yaml missing\n");
        stream.extend_from_slice(b"cccc blob 4\nwxyz\n");
        let blobs = read_batch(&mut stream.as_slice(), &["a", "b", "gone", "c"], 4).unwrap();
        assert_eq!(
            blobs,
            vec![
                Blob::Full(b"abc".to_vec()),
                Blob::TooLarge(10),
                Blob::Missing,
                Blob::Full(b"wxyz".to_vec()),
            ]
        );
        let e = read_batch(&mut &b"aaaa blob 30\nabc\n"[..], &["a"], 100).unwrap_err();
        assert_eq!(e.to_string(), "git cat-file: short output for a");
        let e = read_batch(&mut &b"aaaa tree 30\n"[..], &["dir"], 100).unwrap_err();
        assert!(e.to_string().contains("it is a tree"), "{e}");
    }
}
