//! `dossier diff`: what changed between two versions of a dossier, in risk
//! terms (the engine is `dossier_review`; this module only finds and reads
//! the versions).
//!
//! `dossier diff OLD NEW` compares two files. `dossier diff --git REV
//! [PATH...]` compares every dossier changed between REV and the working
//! tree (added, deleted, renamed and untracked ones included). Old versions
//! are read from git objects through the `git` binary, run without a shell
//! (`git cat-file --batch`, one process for all files), by
//! `dossier_workspace::git`, which the server's "Compare with HEAD" shares.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_review::{FileDiff, Snapshot, Status};
use rayon::prelude::*;

use crate::files::{display_path, fail, read_dossier, Error, Resolver};

/// A version's bytes, read as every command reads a dossier (regular files
/// only, at most the size limit).
fn read_file(p: &Path) -> Result<Vec<u8>, Error> {
    match read_dossier(p)? {
        dossier_workspace::Contents::Full(bytes) => Ok(bytes),
        dossier_workspace::Contents::TooLarge { size, .. } => Err(Error::Usage(format!(
            "cannot read {}: {size} bytes, more than the limit of {} bytes",
            display_path(p),
            dossier_syntax::MAX_SIZE
        ))),
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

/// A condition of the CI gate (`--fail-on`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FailOn {
    /// `worse`: exit 1 when a composite or band rises, a citation is lost,
    /// an attestation lapses, a new error appears, or a new version cannot
    /// be read.
    Worse,
    /// `band:BAND`: exit 1 when a new or changed dossier is in BAND or
    /// above, so a vendor nobody knows much about cannot slip in.
    Band(dossier_score::Band),
}

/// `worse` or `band:low|moderate|elevated|high|critical`.
pub fn parse_fail_on(s: &str) -> Result<FailOn, Error> {
    use dossier_score::Band;
    if s == "worse" {
        return Ok(FailOn::Worse);
    }
    let bands = [
        Band::Low,
        Band::Moderate,
        Band::Elevated,
        Band::High,
        Band::Critical,
    ];
    if let Some(b) = s.strip_prefix("band:") {
        if let Some(band) = bands.into_iter().find(|x| x.as_str() == b) {
            return Ok(FailOn::Band(band));
        }
    }
    Err(Error::Usage(format!(
        "`{s}`: use `worse` or `band:BAND` with BAND one of {}",
        bands.map(|b| b.as_str()).join(", ")
    )))
}

#[derive(clap::Args)]
pub struct DiffOptions {
    /// OLD and NEW dossier files; with --git, the paths to compare (all
    /// changed dossiers when none is given).
    pub paths: Vec<PathBuf>,
    /// Compare the working tree with this git revision.
    #[arg(long, value_name = "REV")]
    pub git: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Human)]
    pub format: DiffFormat,
    /// For CI gates (repeatable): `worse` exits 1 when a composite or band
    /// rose, a citation was lost, an attestation lapsed or a new error
    /// appeared; `band:BAND` (e.g. `band:high`) exits 1 when a new or
    /// changed dossier is in BAND or above.
    #[arg(long, value_name = "WHAT", value_parser = parse_fail_on)]
    pub fail_on: Vec<FailOn>,
    /// Score both versions with this profile instead of `assessment.profile`.
    #[arg(long)]
    pub profile: Option<String>,
    /// The configuration file; by default each dossier uses the nearest
    /// dossier.toml from its own folder upwards.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// The date to compare as of, instead of dossier.toml's `today` or the
    /// system date (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub today: Option<String>,
    /// Colour the human output: auto (when a terminal), always, never.
    #[arg(long, default_value = "auto", value_parser = ["auto", "always", "never"])]
    pub color: String,
}

pub use dossier_workspace::git::{Blob, Pair};

/// The dossiers changed between `rev` and the working tree, with both
/// versions' bytes (each at most the size limit), and the label of the old
/// side (see `dossier_workspace::git`).
pub fn git_pairs(rev: &str, paths: &[PathBuf]) -> Result<(Vec<Pair>, String), Error> {
    Ok(dossier_workspace::git::changed(
        rev,
        paths,
        dossier_syntax::MAX_SIZE,
    )?)
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
) -> Result<Vec<FileDiff>, Error> {
    pairs
        .par_iter()
        .map(|p| {
            // Each dossier with the dossier.toml nearest to it, as `check`.
            let applied = resolver.config_for(Path::new(&p.path))?;
            let config = &*applied.config;
            let today = applied.today;
            let read = |label: &str, b: &Blob| match b {
                Blob::Full(bytes) => Snapshot::read(label, bytes, config, today),
                // Never held whole (see dossier_workspace::git).
                Blob::TooLarge(size) => Snapshot::unreadable(
                    label,
                    dossier_workspace::git::over_limit(*size, dossier_syntax::MAX_SIZE),
                    today,
                ),
                Blob::Missing => Snapshot::unreadable(label, "git has no such object", today),
                // Reported on this file; every other file is compared.
                Blob::Unreadable(why) => Snapshot::unreadable(label, why.as_str(), today),
            };
            let old = p.old.as_ref().map(|b| read(old_label, b));
            let new = p.new.as_ref().map(|b| read(new_label, b));
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
                old: Some(Blob::Full(a)),
                new: Some(Blob::Full(b)),
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
    if let Err(e) = crate::stdout::print(&text) {
        return e.into();
    }
    // A band gate says which file failed on stderr (the outputs do not
    // carry it); `worse` is named in every output format.
    let mut failed = false;
    for fail_on in &opts.fail_on {
        match fail_on {
            // Each format names the conditions (`Worse:` line, `worse_because`).
            FailOn::Worse => failed |= diffs.iter().any(|d| d.worse),
            FailOn::Band(at) => {
                for d in &diffs {
                    let band = match (&d.score, &d.only_score, d.status) {
                        (_, _, dossier_review::Status::Deleted) => None,
                        (Some(m), _, _) => Some(m.new.band),
                        (None, Some(o), _) => Some(o.band),
                        _ => None,
                    };
                    if let Some(band) = band.filter(|b| b >= at) {
                        failed = true;
                        eprintln!(
                            "dossier diff: {} is in band {}, at or above {}: --fail-on band:{}",
                            d.path,
                            band.as_str(),
                            at.as_str(),
                            at.as_str()
                        );
                    }
                }
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
