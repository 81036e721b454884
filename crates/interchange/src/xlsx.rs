//! Reading a filled questionnaire workbook (`.xlsx`) into rows of cells,
//! bounded: the archive is measured before calamine opens it, so that no
//! entry inflates past [`MAX_INFLATED`] (a zip bomb is refused, not
//! unpacked), and cells are streamed, so a sheet that claims a huge
//! dimension allocates nothing for its empty cells.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{DataRef, Reader, SheetVisible, Xlsx};

/// The most an archive may inflate to, all entries together. CSA's
/// workbooks inflate to a few MiB.
pub const MAX_INFLATED: u64 = 64 * 1024 * 1024;
/// The most entries an archive may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Cells beyond these are not read (a questionnaire has a few hundred rows
/// and a dozen columns).
pub const MAX_ROWS: u32 = 100_000;
pub const MAX_COLS: u32 = 256;
/// The most text all the cells read may hold together. Shared strings are
/// stored once in the archive but copied into every cell that uses them,
/// so a small workbook can expand to gigabytes: the bound is on what is
/// read, not on the archive. CSA's filled workbooks hold well under 2 MiB.
pub const MAX_TEXT: usize = 32 * 1024 * 1024;
/// Excel's own limit on the characters of one cell.
pub const MAX_CELL: usize = 32_767;

/// Why a workbook cannot be read. Each names the archive entry, sheet or
/// cell at fault when there is one.
#[derive(Debug, thiserror::Error)]
pub enum XlsxError {
    #[error("not an .xlsx workbook (not a zip archive: {0})")]
    NotZip(String),
    #[error(
        "not a questionnaire workbook: {entries} archive entries, more than {}",
        MAX_ENTRIES
    )]
    TooManyEntries { entries: usize },
    #[error("archive entry {index}: cannot be read: {message}")]
    EntryUnreadable { index: usize, message: String },
    #[error("archive entry {entry}: cannot be inflated: {message}")]
    EntryNotInflated { entry: String, message: String },
    #[error(
        "archive entry {entry}: the workbook inflates to more than {} MiB; refused (a zip bomb, or not a questionnaire)",
        MAX_INFLATED / (1024 * 1024)
    )]
    Bomb { entry: String },
    #[error("not a readable .xlsx workbook: {0}")]
    Unreadable(String),
    #[error("sheet {sheet:?}: cannot be read: {message}")]
    Sheet { sheet: String, message: String },
    #[error(
        "sheet {sheet:?}, cell {cell}: more than {} characters, more than Excel allows in a cell",
        MAX_CELL
    )]
    CellTooLong { sheet: String, cell: String },
    #[error(
        "the workbook's cells hold more than {} MiB of text; refused (shared strings repeated across cells, or not a questionnaire)",
        MAX_TEXT / (1024 * 1024)
    )]
    TooMuchText,
}

/// One sheet as rows of cell texts, by 1-based row number.
pub struct Sheet {
    pub name: String,
    pub rows: BTreeMap<u32, Vec<String>>,
    /// `Some("hidden")` or `Some("very hidden")`: the sheet is not shown in
    /// Excel, and is never read for answers.
    pub hidden: Option<&'static str>,
    /// Error cells (`#N/A`): 1-based row, 0-based column, the error.
    pub errors: Vec<(u32, u32, String)>,
    /// 0-based columns the sheet hides (their cells are not read).
    pub hidden_columns: Vec<u32>,
}

/// The column letters of a 0-based column index (`0` → `A`, `27` → `AB`).
pub fn column_letters(mut col: u32) -> String {
    let mut s = Vec::new();
    loop {
        s.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    s.reverse();
    String::from_utf8(s).expect("ASCII letters")
}

/// Refuse an archive that is not a zip, holds too many entries, is
/// encrypted or inflates past the bound. Every entry is inflated into a
/// sink, at most up to the bound, so the sizes are the real ones and not
/// the ones the archive declares.
fn measure(bytes: &[u8]) -> Result<(), XlsxError> {
    let mut zip =
        zip::ZipArchive::new(Cursor::new(bytes)).map_err(|e| XlsxError::NotZip(e.to_string()))?;
    if zip.len() > MAX_ENTRIES {
        return Err(XlsxError::TooManyEntries { entries: zip.len() });
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip.by_index(i).map_err(|e| XlsxError::EntryUnreadable {
            index: i + 1,
            message: e.to_string(),
        })?;
        // zip 9 reports a name it cannot decode: say which entry by number.
        let name = entry
            .name()
            .map_or_else(|_| format!("#{}", i + 1), |n| n.into_owned());
        let room = MAX_INFLATED - total;
        let n =
            std::io::copy(&mut (&mut entry).take(room + 1), &mut std::io::sink()).map_err(|e| {
                XlsxError::EntryNotInflated {
                    entry: name.clone(),
                    message: e.to_string(),
                }
            })?;
        total += n;
        if total > MAX_INFLATED {
            return Err(XlsxError::Bomb { entry: name });
        }
    }
    Ok(())
}

/// Every sheet of a workbook, in workbook order, as text cells. Hidden
/// sheets are listed without their cells; hidden columns are not read.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, XlsxError> {
    measure(bytes)?;
    let hidden_cols = hidden_columns(bytes);
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| XlsxError::Unreadable(e.to_string()))?;
    let metadata: Vec<(String, Option<&'static str>)> = wb
        .sheets_metadata()
        .iter()
        .map(|m| {
            let hidden = match m.visible {
                SheetVisible::Visible => None,
                SheetVisible::Hidden => Some("hidden"),
                SheetVisible::VeryHidden => Some("very hidden"),
            };
            (m.name.clone(), hidden)
        })
        .collect();
    let mut total = 0usize;
    let mut sheets = Vec::new();
    for (index, (name, hidden)) in metadata.into_iter().enumerate() {
        let mut sheet = Sheet {
            name: name.clone(),
            rows: BTreeMap::new(),
            hidden,
            errors: Vec::new(),
            hidden_columns: hidden_cols.get(&name).cloned().unwrap_or_default(),
        };
        if hidden.is_some() {
            sheets.push(sheet);
            continue;
        }
        let _ = index;
        let unreadable = |e: calamine::XlsxError| XlsxError::Sheet {
            sheet: name.clone(),
            message: e.to_string(),
        };
        let mut reader = wb.worksheet_cells_reader(&name).map_err(unreadable)?;
        while let Some(cell) = reader.next_cell().map_err(unreadable)? {
            let (r, c) = cell.get_position();
            if r >= MAX_ROWS || c >= MAX_COLS || sheet.hidden_columns.contains(&c) {
                continue;
            }
            let too_long = || XlsxError::CellTooLong {
                sheet: name.clone(),
                cell: format!("{}{}", column_letters(c), r + 1),
            };
            // Measure before copying: a shared string is borrowed here.
            let text = match cell.get_value() {
                DataRef::SharedString(s) => {
                    if s.chars().count() > MAX_CELL {
                        return Err(too_long());
                    }
                    if total + s.len() > MAX_TEXT {
                        return Err(XlsxError::TooMuchText);
                    }
                    s.to_string()
                }
                DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
                DataRef::Int(i) => i.to_string(),
                DataRef::Float(f) => f.to_string(),
                // Booleans read as the words Excel shows; they are kept as
                // free-text answers, never guessed into Yes or No.
                DataRef::Bool(b) => if *b { "TRUE" } else { "FALSE" }.to_string(),
                DataRef::DateTime(d) => d.to_string(),
                DataRef::Error(e) => {
                    sheet.errors.push((r + 1, c, e.to_string()));
                    e.to_string()
                }
                DataRef::Empty => continue,
            };
            if text.trim().is_empty() {
                continue;
            }
            if text.chars().count() > MAX_CELL {
                return Err(too_long());
            }
            total += text.len();
            if total > MAX_TEXT {
                return Err(XlsxError::TooMuchText);
            }
            let row = sheet.rows.entry(r + 1).or_default();
            if row.len() <= c as usize {
                row.resize(c as usize + 1, String::new());
            }
            row[c as usize] = text;
        }
        sheets.push(sheet);
    }
    Ok(sheets)
}

/// The hidden columns of each sheet, by sheet name: `<col min max
/// hidden="1">` in each worksheet, found through the workbook's
/// relationships. A workbook whose parts cannot be read gives none (its
/// cells are then refused or read by calamine as usual).
fn hidden_columns(bytes: &[u8]) -> BTreeMap<String, Vec<u32>> {
    let mut out = BTreeMap::new();
    let Ok(mut zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return out;
    };
    let mut read = |name: &str| -> Option<String> {
        let mut e = zip.by_name(name).ok()?;
        let mut s = String::new();
        (&mut e).take(MAX_INFLATED).read_to_string(&mut s).ok()?;
        Some(s)
    };
    let (Some(workbook), Some(rels)) =
        (read("xl/workbook.xml"), read("xl/_rels/workbook.xml.rels"))
    else {
        return out;
    };
    let targets: BTreeMap<String, String> = tags(&rels, "Relationship")
        .filter_map(|t| Some((attr(t, "Id")?, attr(t, "Target")?)))
        .collect();
    for sheet in tags(&workbook, "sheet") {
        let (Some(name), Some(rid)) = (attr(sheet, "name"), attr(sheet, "r:id")) else {
            continue;
        };
        let Some(target) = targets.get(&rid) else {
            continue;
        };
        let path = match target.strip_prefix('/') {
            Some(abs) => abs.to_string(),
            None => format!("xl/{target}"),
        };
        let Some(xml) = read(&path) else { continue };
        let mut hidden = Vec::new();
        for col in tags(&xml, "col") {
            let on = attr(col, "hidden").is_some_and(|h| h == "1" || h == "true");
            let min = attr(col, "min").and_then(|v| v.parse::<u32>().ok());
            let max = attr(col, "max").and_then(|v| v.parse::<u32>().ok());
            if let (true, Some(min), Some(max)) = (on, min, max) {
                for c in min.max(1)..=max.min(MAX_COLS) {
                    hidden.push(c - 1);
                }
            }
        }
        if !hidden.is_empty() {
            out.insert(unescape(&name), hidden);
        }
    }
    out
}

/// The start tags `<name ...>` of an XML text, as their attribute text.
fn tags<'a>(xml: &'a str, name: &'a str) -> impl Iterator<Item = &'a str> + 'a {
    let open = format!("<{name}");
    let mut rest = xml;
    std::iter::from_fn(move || loop {
        let i = rest.find(&open)?;
        let after = &rest[i + open.len()..];
        let end = after.find('>')?;
        rest = &after[end..];
        if after.starts_with([' ', '\t', '\n', '\r', '/']) {
            return Some(&after[..end]);
        }
    })
}

/// An attribute's value in a start tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let mut rest = tag;
    loop {
        let i = rest.find(name)?;
        let before_ok = i == 0 || rest.as_bytes()[i - 1].is_ascii_whitespace();
        let after = rest[i + name.len()..].trim_start();
        if before_ok {
            if let Some(v) = after.strip_prefix('=') {
                let v = v.trim_start();
                let q = v.chars().next()?;
                if q == '"' || q == '\'' {
                    let body = &v[1..];
                    return Some(body[..body.find(q)?].to_string());
                }
            }
        }
        rest = &rest[i + name.len()..];
    }
}

fn unescape(s: &str) -> String {
    s.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_like_a_spreadsheet() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(27), "AB");
        assert_eq!(column_letters(701), "ZZ");
        assert_eq!(column_letters(702), "AAA");
    }
}
