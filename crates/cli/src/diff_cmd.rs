//! `dossier diff`: what changed between two versions of a dossier, in risk
//! terms (the engine is `dossier_review`; this module only finds and reads
//! the versions).
//!
//! `dossier diff OLD NEW` compares two files. `dossier diff --git REV
//! [PATH...]` compares every dossier changed between REV and the working
//! tree (added, deleted, renamed and untracked ones included). Old versions
//! are read from git objects through the `git` binary, run without a shell
//! (`git cat-file --batch`, one process for all files).

use std::io::{IsTerminal, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode, Stdio};

use dossier_review::{FileDiff, Snapshot, Status};
use rayon::prelude::*;

use crate::files::{display_path, fail, is_dossier, read_dossier, Resolver};

/// A version's bytes, read as every command reads a dossier (regular files
/// only, at most the size limit).
fn read_file(p: &Path) -> Result<Vec<u8>, String> {
    match read_dossier(p)? {
        dossier_workspace::Contents::Full(bytes) => Ok(bytes),
        dossier_workspace::Contents::TooLarge { size, .. } => Err(format!(
            "cannot read {}: {size} bytes, more than the limit of {} bytes",
            display_path(p),
            dossier_syntax::MAX_SIZE
        )),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum DiffFormat {
    /// Grouped by section, coloured on a terminal.
    Human,
    /// For a pull-request comment.
    Markdown,
    /// Stable, documented in docs/format.md.
    Json,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum FailOn {
    /// Exit 1 when a composite rises, a band worsens, or a new version
    /// cannot be read.
    Worse,
}

#[derive(clap::Args)]
pub struct DiffOptions {
    /// OLD and NEW dossier files; with --git, the paths to compare (all
    /// changed dossiers when none is given).
    pub paths: Vec<PathBuf>,
    /// Compare the working tree with this git revision.
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// For CI gates: exit 1 when the risk got worse.
    #[arg(long, value_enum, value_name = "WHAT")]
    pub fail_on: Option<FailOn>,
    /// Score both versions with this profile instead of `assessment.profile`.
    #[arg(long)]
    pub profile: Option<String>,
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Colour the human output: auto (when a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

/// One dossier to compare: its path and the bytes of each version (`None`:
/// absent in that version).
pub struct Pair {
    pub path: String,
    pub old_path: Option<String>,
    pub old: Option<Vec<u8>>,
    pub new: Option<Vec<u8>>,
}

/// Compare pairs of versions (in parallel, reported in the given order).
/// Refused, as by `score` and `render`, when a dossier.toml cannot be
/// loaded or a version would be scored with a profile that cannot score
/// (NaN or huge weights): a diff of two NaN composites says nothing.
pub fn diff_pairs(
    pairs: &[Pair],
    old_label: &str,
    new_label: &str,
    resolver: &Resolver,
) -> Result<Vec<FileDiff>, String> {
    pairs
        .par_iter()
        .map(|p| {
            // Each dossier with the dossier.toml nearest to it, as `check`.
            let applied = resolver.config_for(Path::new(&p.path))?;
            let config = &*applied.config;
            let today = crate::check::today(config);
            let old = p
                .old
                .as_ref()
                .map(|b| Snapshot::read(old_label, b, config, today));
            let new = p
                .new
                .as_ref()
                .map(|b| Snapshot::read(new_label, b, config, today));
            for score in old.iter().chain(&new).filter_map(|s| s.score.as_ref()) {
                applied.refuse_broken_profile(&score.profile)?;
            }
            let mut d = dossier_review::diff(
                &p.path,
                old.as_ref().map(Snapshot::side),
                new.as_ref().map(Snapshot::side),
            );
            if let Some(op) = &p.old_path {
                d.old_path = Some(op.clone());
                d.status = Status::Renamed;
            }
            Ok(d)
        })
        .collect()
}

pub fn run(opts: DiffOptions) -> ExitCode {
    let resolver = match Resolver::new(
        opts.config.as_deref(),
        opts.today.as_deref(),
        opts.profile.as_deref(),
    ) {
        Ok(r) => r,
        Err(m) => return fail(m),
    };
    let diffs = match &opts.git {
        Some(rev) => {
            let (pairs, label) = match git_pairs(rev, &opts.paths) {
                Ok(p) => p,
                Err(m) => return fail(m),
            };
            diff_pairs(&pairs, &label, "working tree", &resolver)
        }
        None => {
            let [old, new] = opts.paths.as_slice() else {
                return fail("give two files, OLD and NEW, or --git REV [PATH...]");
            };
            let (a, b) = match (read_file(old), read_file(new)) {
                (Ok(a), Ok(b)) => (a, b),
                (Err(m), _) | (_, Err(m)) => return fail(m),
            };
            let pair = Pair {
                path: display_path(new),
                old_path: None,
                old: Some(a),
                new: Some(b),
            };
            diff_pairs(&[pair], &display_path(old), &display_path(new), &resolver)
        }
    };
    let diffs = match diffs {
        Ok(d) => d,
        Err(m) => return fail(m),
    };
    let text = match opts.format {
        DiffFormat::Human => {
            let color = match opts.color.as_str() {
                "always" => true,
                "never" => false,
                _ => std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none(),
            };
            dossier_review::render_human(&diffs, color)
        }
        DiffFormat::Markdown => dossier_review::render_markdown(&diffs),
        DiffFormat::Json => dossier_review::render_json(&diffs),
    };
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
    if opts.fail_on == Some(FailOn::Worse) && diffs.iter().any(|d| d.worse) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Run git (no shell) and return its stdout, or a message naming what failed.
fn git(args: &[&str], stdin: Option<Vec<u8>>) -> Result<Vec<u8>, String> {
    let mut child = Command::new("git")
        .args(args)
        .stdin(if stdin.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run git: {e}"))?;
    // Feed stdin from a thread, so a full stdout pipe cannot deadlock us.
    let writer = stdin.and_then(|input| {
        let mut pipe = child.stdin.take()?;
        Some(std::thread::spawn(move || {
            let _ = pipe.write_all(&input);
        }))
    });
    let mut out = Vec::new();
    if let Some(mut o) = child.stdout.take() {
        let _ = o.read_to_end(&mut out);
    }
    let mut err = String::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_string(&mut err);
    }
    if let Some(w) = writer {
        let _ = w.join();
    }
    let status = child.wait().map_err(|e| format!("cannot run git: {e}"))?;
    if status.success() {
        Ok(out)
    } else {
        Err(err.trim().to_string())
    }
}

/// The dossiers changed between `rev` and the working tree, with both
/// versions' bytes, and the label of the old side.
pub fn git_pairs(rev: &str, paths: &[PathBuf]) -> Result<(Vec<Pair>, String), String> {
    let top = git(&["rev-parse", "--show-toplevel"], None).map_err(|e| {
        if e.is_empty() {
            "not a git repository".to_string()
        } else {
            format!("not a git repository: {e}")
        }
    })?;
    let top = PathBuf::from(String::from_utf8_lossy(&top).trim_end_matches(['\n', '\r']));
    if rev.starts_with('-') || rev.is_empty() {
        return Err(format!("unknown revision {rev:?}"));
    }
    let sha = git(
        &[
            "rev-parse",
            "--verify",
            "--quiet",
            &format!("{rev}^{{commit}}"),
        ],
        None,
    )
    .map_err(|_| format!("unknown revision {rev:?}: not a commit in this repository"))?;
    let sha = String::from_utf8_lossy(&sha).trim().to_string();
    let specs: Vec<String> = paths
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    for p in paths {
        if !p.exists() {
            // Deleted since REV is fine: git knows the path then.
            let spec = p.to_string_lossy();
            let known =
                git(&["ls-tree", "-r", "--name-only", &sha, "--", &spec], None).unwrap_or_default();
            if known.is_empty() {
                return Err(format!(
                    "cannot read {}: no such file or directory",
                    p.display()
                ));
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
    let listing = git(&args, None)?;
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
    for p in git(&args, None)?.split(|b| *b == 0) {
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
    let olds: Vec<&String> = pairs.iter().filter_map(|(o, _)| o.as_ref()).collect();
    let mut blobs = read_blobs(&top, &sha, &olds)?.into_iter();
    let mut out = Vec::with_capacity(pairs.len());
    for (old, new) in pairs {
        let old_bytes = old.as_ref().map(|_| blobs.next().unwrap_or_default());
        let new_bytes = match &new {
            Some(p) => Some(read_file(&top.join(p))?),
            None => None,
        };
        let renamed = matches!((&old, &new), (Some(a), Some(b)) if a != b);
        out.push(Pair {
            path: new.clone().or(old.clone()).unwrap_or_default(),
            old_path: if renamed { old } else { None },
            old: old_bytes,
            new: new_bytes,
        });
    }
    Ok((out, rev.to_string()))
}

/// The blobs `sha:path` for each path, in order.
fn read_blobs(top: &Path, sha: &str, paths: &[&String]) -> Result<Vec<Vec<u8>>, String> {
    if paths.is_empty() {
        return Ok(Vec::new());
    }
    let mut input = Vec::new();
    for p in paths {
        // The batch protocol is line-based; a path with a newline cannot
        // be named in it.
        if p.contains('\n') {
            return Err(format!(
                "cannot read {p:?} from git: the path contains a newline"
            ));
        }
        input.extend_from_slice(format!("{sha}:{p}\n").as_bytes());
    }
    let top = top.to_string_lossy();
    let out = git(&["-C", &top, "cat-file", "--batch"], Some(input))?;
    let mut blobs = Vec::with_capacity(paths.len());
    let mut rest = out.as_slice();
    for p in paths {
        let nl = rest
            .iter()
            .position(|b| *b == b'\n')
            .ok_or_else(|| format!("git cat-file: short output for {p}"))?;
        let header = String::from_utf8_lossy(&rest[..nl]).into_owned();
        rest = &rest[nl + 1..];
        if header.ends_with(" missing") {
            return Err(format!("cannot read {p} at {sha}: git has no such object"));
        }
        let size: usize = header
            .rsplit(' ')
            .next()
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| format!("git cat-file: unexpected header {header:?}"))?;
        if rest.len() < size {
            return Err(format!("git cat-file: short output for {p}"));
        }
        blobs.push(rest[..size].to_vec());
        rest = rest.get(size + 1..).unwrap_or_default();
    }
    Ok(blobs)
}
