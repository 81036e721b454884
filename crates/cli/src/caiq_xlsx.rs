//! Reading a filled questionnaire workbook (`.xlsx`) into rows of cells,
//! bounded: the archive is measured before calamine opens it, so that no
//! entry inflates past [`MAX_INFLATED`] (a zip bomb is refused, not
//! unpacked), and cells are streamed, so a sheet that claims a huge
//! dimension allocates nothing for its empty cells.

use std::collections::BTreeMap;
use std::io::{Cursor, Read};

use calamine::{DataType, Reader, Xlsx};

/// The most an archive may inflate to, all entries together. CSA's
/// workbooks inflate to a few MiB.
pub const MAX_INFLATED: u64 = 64 * 1024 * 1024;
/// The most entries an archive may hold.
pub const MAX_ENTRIES: usize = 10_000;
/// Cells beyond these are not read (a questionnaire has a few hundred rows
/// and a dozen columns).
pub const MAX_ROWS: u32 = 100_000;
pub const MAX_COLS: u32 = 256;

/// One sheet as rows of cell texts, by 1-based row number.
pub struct Sheet {
    pub name: String,
    pub rows: BTreeMap<u32, Vec<String>>,
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
fn measure(bytes: &[u8]) -> Result<(), String> {
    let mut zip = zip::ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| format!("not an .xlsx workbook (not a zip archive: {e})"))?;
    if zip.len() > MAX_ENTRIES {
        return Err(format!(
            "not a questionnaire workbook: {} archive entries, more than {MAX_ENTRIES}",
            zip.len()
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut entry = zip
            .by_index(i)
            .map_err(|e| format!("archive entry {}: cannot be read: {e}", i + 1))?;
        let name = entry.name().to_string();
        let room = MAX_INFLATED - total;
        let n = std::io::copy(&mut (&mut entry).take(room + 1), &mut std::io::sink())
            .map_err(|e| format!("archive entry {name}: cannot be inflated: {e}"))?;
        total += n;
        if total > MAX_INFLATED {
            return Err(format!(
                "archive entry {name}: the workbook inflates to more than {} MiB; refused (a zip bomb, or not a questionnaire)",
                MAX_INFLATED / (1024 * 1024)
            ));
        }
    }
    Ok(())
}

/// Every sheet of a workbook, in workbook order, as text cells.
pub fn read_sheets(bytes: &[u8]) -> Result<Vec<Sheet>, String> {
    measure(bytes)?;
    let mut wb: Xlsx<_> =
        Xlsx::new(Cursor::new(bytes)).map_err(|e| format!("not a readable .xlsx workbook: {e}"))?;
    let mut sheets = Vec::new();
    for name in wb.sheet_names() {
        let mut reader = wb
            .worksheet_cells_reader(&name)
            .map_err(|e| format!("sheet {name:?}: cannot be read: {e}"))?;
        let mut rows: BTreeMap<u32, Vec<String>> = BTreeMap::new();
        while let Some(cell) = reader
            .next_cell()
            .map_err(|e| format!("sheet {name:?}: cannot be read: {e}"))?
        {
            let (r, c) = cell.get_position();
            if r >= MAX_ROWS || c >= MAX_COLS {
                continue;
            }
            let Some(text) = cell.get_value().as_string() else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            let row = rows.entry(r + 1).or_default();
            if row.len() <= c as usize {
                row.resize(c as usize + 1, String::new());
            }
            row[c as usize] = text;
        }
        sheets.push(Sheet { name, rows });
    }
    Ok(sheets)
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
