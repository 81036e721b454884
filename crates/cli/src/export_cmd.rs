//! `dossier export caiq DOSSIER --version V -o answers.csv|answers.xlsx`:
//! reads the dossier, has `dossier_interchange::export` make the sheet, and
//! writes it.

use std::path::PathBuf;
use std::process::ExitCode;

use dossier_interchange::export::{self, SheetFormat};

use crate::files::{display_path, fail, read_dossier, write_file};

#[derive(clap::Subcommand)]
pub enum ExportKind {
    /// A prefilled CSA CAIQ v4.0.x / v4.1 or AI-CAIQ answer sheet (.csv or .xlsx).
    Caiq(CaiqExport),
}

#[derive(clap::Args)]
pub struct CaiqExport {
    /// The dossier whose facts fill the sheet.
    pub dossier: PathBuf,
    /// The questionnaire version: `4.0.3` or `4.1` for the CAIQ, `ai-1.0`
    /// or `ai-1.1.0` for the AI-CAIQ.
    #[arg(long)]
    pub version: String,
    /// Where to write the sheet: a `.csv` or `.xlsx` file.
    #[arg(short, long, value_name = "FILE")]
    pub output: PathBuf,
}

pub fn run(kind: ExportKind) -> ExitCode {
    let ExportKind::Caiq(o) = kind;
    let Some(edition) = export::edition_of(&o.version) else {
        return fail(format!(
            "--version {:?}: not a questionnaire version we write (give 4.0.3, 4.1, ai-1.0 or ai-1.1.0)",
            o.version.chars().take(40).collect::<String>()
        ));
    };
    let ext = o
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let Some(format) = SheetFormat::from_extension(ext) else {
        return fail(format!(
            "{}: give a .csv or .xlsx file to write",
            display_path(&o.output)
        ));
    };
    let name = display_path(&o.dossier);
    let bytes = match read_dossier(&o.dossier) {
        Ok(dossier_workspace::Contents::Full(b)) => b,
        Ok(dossier_workspace::Contents::TooLarge { .. }) => {
            return fail(format!("{name}: larger than the dossier size limit"))
        }
        Err(m) => return fail(m),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return fail(format!("{name}: not UTF-8"));
    };
    let rows = match export::sheet(text, edition) {
        Ok(r) => r,
        Err(e) => return fail(format!("{name}: {e}")),
    };
    let written = match export::sheet_bytes(&rows, edition, format) {
        Ok(b) => write_file(&o.output, &b).map_err(|e| e.to_string()),
        Err(e) => Err(e.to_string()),
    };
    match written {
        Ok(()) => {
            match crate::stdout::print(&export::summary(edition, &rows, &display_path(&o.output))) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => e.into(),
            }
        }
        Err(m) => fail(m),
    }
}
