//! `dossier export caiq`: an answer sheet with a row for every question id
//! of the edition, the ones the dossier settles prefilled and the rest
//! blank, so a vendor can fill it in and `dossier import caiq` reads it
//! back. Ids only: CSA's question texts are not ours to ship (users take
//! the official sheet from CSA). It reads the same table as the import
//! (`dossier_schema::questionnaire::LINKS`). The sheet is written to bytes
//! (CSV or .xlsx); the caller writes them where it likes.

use dossier_schema::catalogue::{CONTRADICTORY, NOT_DISCLOSED};
use dossier_schema::questionnaire::{self, Edition, Link};
use dossier_schema::view::{DossierView, FactView};

/// Why a sheet cannot be made.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("has YAML errors; run `dossier check` and fix them first")]
    YamlErrors,
    #[error("cannot write the CSV: {0}")]
    Csv(String),
    #[error("cannot write the workbook: {0}")]
    Xlsx(String),
}

/// The format of the sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

impl SheetFormat {
    /// The format a file name's extension asks for (`csv`, `xlsx`, in any
    /// case).
    pub fn from_extension(ext: &str) -> Option<SheetFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "csv" => Some(SheetFormat::Csv),
            "xlsx" => Some(SheetFormat::Xlsx),
            _ => None,
        }
    }
}

/// The header of the sheet; `dossier import caiq` reads it back.
pub const HEADER: [&str; 5] = [
    "Question ID",
    "CSP CAIQ Answer",
    "SSRM Control Ownership",
    "CSP Implementation Description",
    "Dossier facts",
];

/// The edition a `--version` names (v3.1 is read, not written: its
/// question ids are not in CSA's public data set).
pub fn edition_of(version: &str) -> Option<Edition> {
    Edition::from_cli(version).filter(|e| *e != Edition::Caiq31)
}

/// A cell as a spreadsheet will not run it: text that starts with `=`,
/// `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, as OWASP
/// recommends against formula injection.
pub fn neutralize(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

/// One row of the sheet.
#[derive(Debug, PartialEq)]
pub struct SheetRow {
    pub question: &'static str,
    /// `Yes`, `No`, or empty when the dossier does not settle it.
    pub answer: &'static str,
    pub description: String,
    /// The facts the question feeds, with their values.
    pub facts: String,
}

fn fact_text(view: &DossierView, f: &FactView) -> String {
    let word = f
        .word()
        .map_or_else(|| "(a list or mapping)".to_string(), |w| w.to_string());
    let mut s = format!("{} = {word}", f.path());
    if !f.cites.is_empty() {
        let cited: Vec<String> = f
            .cites
            .iter()
            .map(|c| match view.source(c.text) {
                Some(src) => {
                    let name = src.title.or(src.url).map_or("", |t| t.text);
                    format!("{} ({name})", c.text)
                }
                None => c.text.to_string(),
            })
            .collect();
        s.push_str(&format!(", cited to {}", cited.join(", ")));
    }
    s
}

/// The answer a link reads from a fact: Yes or No when the fact's value is
/// the one that answer implies.
fn answer_from(link: &Link, word: &str) -> Option<&'static str> {
    if link.on_yes == Some(word) {
        Some("Yes")
    } else if link.on_no == Some(word) {
        Some("No")
    } else {
        None
    }
}

/// The rows for every question of `edition`, in CSA's order: the ones the
/// mapping links to facts prefilled from the dossier, the rest blank.
pub fn sheet(text: &str, edition: Edition) -> Result<Vec<SheetRow>, ExportError> {
    let parse = dossier_syntax::parse(text);
    let root = parse
        .root
        .as_ref()
        .filter(|_| parse.errors.is_empty())
        .ok_or(ExportError::YamlErrors)?;
    let view = DossierView::new(root);
    let facts = view.facts();
    let mut out = Vec::new();
    for &q in edition.ids() {
        if questionnaire::links(edition, q).next().is_none() {
            out.push(SheetRow {
                question: q,
                answer: "",
                description: String::new(),
                facts: String::new(),
            });
            continue;
        }
        let mut answers: Vec<Option<&'static str>> = Vec::new();
        let mut known = Vec::new();
        let mut paths = Vec::new();
        for l in questionnaire::links(edition, q) {
            paths.push(format!("{}.{}", l.section, l.key));
            let fact = facts
                .iter()
                .find(|f| f.section == l.section && f.key == l.key);
            let Some(f) = fact else {
                if l.establishes() {
                    answers.push(None);
                }
                continue;
            };
            let w = f.word().unwrap_or_default();
            if w != NOT_DISCLOSED && w != CONTRADICTORY {
                known.push(fact_text(&view, f));
            }
            if l.establishes() {
                answers.push(answer_from(l, w).filter(|_| !f.cites.is_empty()));
            }
        }
        // An answer only when every fact the question establishes agrees.
        let answer = match answers.first() {
            Some(Some(a)) if answers.iter().all(|x| *x == Some(*a)) => *a,
            _ => "",
        };
        let description = if known.is_empty() {
            "Not known to us yet: please answer and describe.".to_string()
        } else {
            format!(
                "From our records: {}. Please confirm or correct.",
                known.join("; ")
            )
        };
        out.push(SheetRow {
            question: q,
            answer,
            description,
            facts: paths.join(", "),
        });
    }
    Ok(out)
}

fn csv_bytes(rows: &[SheetRow]) -> Result<Vec<u8>, ExportError> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let io = |e: csv::Error| ExportError::Csv(e.to_string());
    w.write_record(HEADER).map_err(io)?;
    for r in rows {
        w.write_record([
            r.question,
            r.answer,
            "",
            &neutralize(&r.description),
            &neutralize(&r.facts),
        ])
        .map_err(io)?;
    }
    w.into_inner()
        .map_err(|e| ExportError::Csv(e.error().to_string()))
}

fn xlsx_bytes(rows: &[SheetRow], edition: Edition) -> Result<Vec<u8>, ExportError> {
    use rust_xlsxwriter::{Format, Workbook};
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx(e.to_string());
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let name = match edition {
        Edition::AiCaiq10 | Edition::AiCaiq11 => format!("AI-CAIQ v{}", edition.version()),
        e => format!("CAIQ v{}", e.version()),
    };
    sheet.set_name(&name).map_err(err)?;
    let bold = Format::new().set_bold();
    for (c, h) in HEADER.iter().enumerate() {
        sheet
            .write_string_with_format(0, c as u16, *h, &bold)
            .map_err(err)?;
    }
    for (i, r) in rows.iter().enumerate() {
        let row = i as u32 + 1;
        sheet.write_string(row, 0, r.question).map_err(err)?;
        if !r.answer.is_empty() {
            sheet.write_string(row, 1, r.answer).map_err(err)?;
        }
        if !r.description.is_empty() {
            sheet
                .write_string(row, 3, neutralize(&r.description))
                .map_err(err)?;
            sheet
                .write_string(row, 4, neutralize(&r.facts))
                .map_err(err)?;
        }
    }
    sheet.set_column_width(3, 80).map_err(err)?;
    sheet.set_column_width(4, 40).map_err(err)?;
    wb.save_to_buffer().map_err(err)
}

/// The sheet's bytes in `format`.
pub fn sheet_bytes(
    rows: &[SheetRow],
    edition: Edition,
    format: SheetFormat,
) -> Result<Vec<u8>, ExportError> {
    match format {
        SheetFormat::Csv => csv_bytes(rows),
        SheetFormat::Xlsx => xlsx_bytes(rows, edition),
    }
}

/// The line the CLI prints after writing the sheet.
pub fn summary(edition: Edition, rows: &[SheetRow], written_to: &str) -> String {
    let answered = rows.iter().filter(|r| !r.answer.is_empty()).count();
    format!(
        "{} v{}: {} questions written to {written_to} ({answered} answered from the dossier)\n",
        edition.name(),
        edition.version(),
        rows.len(),
    )
}
