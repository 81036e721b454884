//! `dossier import caiq ANSWERS --into DOSSIER`: a vendor's filled CAIQ or
//! AI-CAIQ (.xlsx, .csv or .json) becomes cited facts, as minimal text edits
//! on the dossier (comments, layout and the analyst's own fields stay).
//! The CLI reads the files, has `dossier_interchange` read the answers and
//! plan the edits, writes the dossier and prints the report.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_interchange::Request;
use dossier_schema::dates::Day;
use dossier_schema::questionnaire::Edition;

use crate::error::Error;
use crate::files::{display_path, fail, read_dossier, Resolver};

/// A whole file through the CLI's bounded read (the dossier size limit).
fn read_file(p: &Path) -> Result<Vec<u8>, Error> {
    match read_dossier(p)? {
        dossier_workspace::Contents::Full(b) => Ok(b),
        dossier_workspace::Contents::TooLarge { size, .. } => Err(Error::Usage(format!(
            "{}: {size} bytes or more, larger than the limit of {} bytes",
            display_path(p),
            dossier_syntax::MAX_SIZE
        ))),
    }
}

#[derive(clap::Subcommand)]
pub enum ImportKind {
    /// A filled CSA CAIQ (v3.1, v4.0.x, v4.1) or AI-CAIQ (1.0.x, 1.1.0):
    /// .xlsx, .csv (comma, semicolon or tab) or .json.
    Caiq(CaiqOptions),
}

#[derive(clap::Args)]
pub struct CaiqOptions {
    /// The vendor's answers: .xlsx or .csv with a header row naming the
    /// question id column (`Question ID`, or `Control ID`) and the answer
    /// column (`CSP CAIQ Answer`), optionally ownership and implementation
    /// description; or .json (a list of objects with those keys).
    pub answers: PathBuf,
    /// The dossier to fill.
    #[arg(long, value_name = "DOSSIER")]
    pub into: PathBuf,
    /// Cite this existing source instead of adding one.
    #[arg(long, value_name = "ID")]
    pub source: Option<String>,
    /// When the answers were received (YYYY-MM-DD; default today).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub retrieved: Option<String>,
    /// Where the answers can be found. Optional: without it the added
    /// source is the answer file itself, cited by path (`file:`).
    #[arg(long)]
    pub url: Option<String>,
    /// Record the answer file's SHA-256 in the added source, so `dossier
    /// check` notices when the file changes.
    #[arg(long)]
    pub pin: bool,
    /// The questionnaire edition, instead of detecting it from the ids:
    /// 3.1, 4.0.3, 4.1, ai-1.0, ai-1.1.0.
    #[arg(long, value_name = "EDITION")]
    pub edition: Option<String>,
    /// Import what can be read, and list every row left out with its
    /// reason, instead of refusing the whole file at its first bad row.
    #[arg(long)]
    pub keep_going: bool,
    /// Print the report and the change as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace facts whose value disagrees with an answer.
    #[arg(long)]
    pub overwrite: bool,
}

/// What `--dry-run` would change, as a unified diff of the dossier (the
/// `similar` crate, which insta already brings in), or a line saying that
/// nothing would.
fn dry_run_diff(name: &str, before: &str, after: &str) -> String {
    if before == after {
        return format!("\n{name}: no change\n");
    }
    let diff = similar::TextDiff::from_lines(before, after);
    let body = diff
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{name}"), &format!("b/{name}"))
        .to_string();
    format!("\n{body}")
}

/// The answer file's path as a dossier's `file:` source gives it: relative
/// to the dossier's folder, with forward slashes. `None` when the file is
/// not under that folder.
fn relative_to_dossier(answers: &Path, dossier: &Path) -> Option<String> {
    let abs = |p: &Path| std::fs::canonicalize(p).ok();
    dossier_interchange::import::relative_source_path(&abs(answers)?, &abs(dossier)?)
}

pub fn run(kind: ImportKind) -> ExitCode {
    let ImportKind::Caiq(o) = kind;
    let answers_name = display_path(&o.answers);
    let answer_bytes = match read_file(&o.answers) {
        Ok(b) => b,
        Err(m) => return fail(m),
    };
    let extension = o
        .answers
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let answers = match dossier_interchange::read_answers(extension, &answer_bytes, o.keep_going) {
        Ok(r) => r,
        Err(e) => return fail(format!("{answers_name}: {e}")),
    };
    let edition = match o.edition.as_deref() {
        None => None,
        Some(e) => match Edition::from_cli(e) {
            Some(e) => Some(e),
            None => {
                return fail(format!(
                "--edition {:?}: not an edition we read (give 3.1, 4.0.3, 4.1, ai-1.0 or ai-1.1.0)",
                dossier_interchange::answers::clip(e)
            ))
            }
        },
    };
    let (config, today) = match Resolver::new(None, None, None).and_then(|r| r.config_for(&o.into))
    {
        Ok(a) => ((*a.config).clone(), a.today),
        Err(m) => return fail(m),
    };
    let retrieved = match o.retrieved.as_deref().map(|d| Day::parse(d).ok_or(d)) {
        Some(Ok(d)) => Some(d),
        Some(Err(d)) => return fail(format!("--retrieved {d}: not a date, write YYYY-MM-DD")),
        None => None,
    };
    let into_name = display_path(&o.into);
    let bytes = match read_file(&o.into) {
        Ok(b) => b,
        Err(m) => return fail(m),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return fail(format!("{into_name}: not UTF-8"));
    };
    let request = Request {
        answers_name: &answers_name,
        relative_path: relative_to_dossier(&o.answers, &o.into),
        sha256: o.pin.then(|| dossier_workspace::sha256_hex(&answer_bytes)),
        source: o.source.as_deref(),
        url: o.url.as_deref(),
        retrieved,
        edition,
        overwrite: o.overwrite,
    };
    let imported =
        match dossier_interchange::import(text, &answers, &request, &config, today, o.dry_run) {
            Ok(r) => r,
            Err(e) => {
                if let (true, Some(would)) = (o.dry_run, e.would_be()) {
                    let _ = crate::stdout::print(&dry_run_diff(&into_name, text, would));
                }
                return fail(format!("{into_name}: {e}"));
            }
        };
    // The dossier is written before anything is printed: a reader that
    // goes away (`| head`) or a full stdout cannot cost the import.
    if !o.dry_run && imported.text != text {
        if let Err(m) = crate::files::write_file(&o.into, imported.text.as_bytes()) {
            return fail(m);
        }
    }
    let mut report = imported.report;
    if o.dry_run {
        report.push_str(&dry_run_diff(&into_name, text, &imported.text));
    }
    match crate::stdout::print(&report) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => e.into(),
    }
}
