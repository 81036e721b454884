//! Reading a vendor's answer sheet (a filled CAIQ or AI-CAIQ as .xlsx,
//! .csv or .json) into typed answers: the header row is found by its
//! column names, every row is located (`row 7`, `sheet "X", cell C7`,
//! `item 3`) for messages, and a row that cannot be read is refused or,
//! with `keep_going`, left out and listed.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dossier_schema::questionnaire::{self, Answer};

use crate::xlsx::{self, XlsxError};

/// Why an answer file cannot be read: with the row, item or line at
/// fault when there is one.
#[derive(Debug, thiserror::Error)]
pub enum AnswersError {
    #[error("{}", NO_HEADER)]
    NoHeader,
    #[error("{}; tried comma, semicolon and tab as the delimiter", NO_HEADER)]
    NoHeaderAnyDelimiter,
    #[error("row {row}: {message}")]
    CsvRow { row: u64, message: String },
    #[error("{0}")]
    Csv(String),
    #[error("line {line}: not JSON: {message}")]
    Json { line: usize, message: String },
    #[error("expected a list of answers, or an object with an \"answers\" list")]
    NotAList,
    #[error("line {line}: not UTF-8 (save the file as UTF-8)")]
    NotUtf8 { line: usize },
    #[error("unsupported file type {extension:?}: give a .xlsx, .csv or .json file")]
    UnsupportedType { extension: String },
    #[error(transparent)]
    Workbook(#[from] XlsxError),
    #[error("every visible sheet of the workbook is empty (hidden sheets are not read)")]
    VisibleSheetsEmpty,
    #[error("every sheet of the workbook is empty")]
    SheetsEmpty,
    #[error("no visible sheet has a header row with a question id column and an answer column (sheets: {sheets})")]
    NoSheetWithHeader { sheets: String },
    /// A row that cannot be read, without `keep_going`: the first one, and
    /// how many more there are.
    #[error("{place}: {reason}{}; nothing imported (--keep-going imports the other rows and lists the ones left out)", more_rows(.more))]
    Row {
        place: String,
        reason: String,
        more: usize,
    },
    #[error("no answered questions")]
    NoAnswers,
}

fn more_rows(more: &usize) -> String {
    match more {
        0 => String::new(),
        n => format!(" (and {n} more rows)"),
    }
}

/// One question of the sheet, answered or not.
#[derive(Clone, Debug)]
pub struct Row {
    /// Where it is, for messages (`row 7`, `item 3`).
    pub place: String,
    /// The question id, normalised (`CEK-03.1`).
    pub id: String,
    /// `None`: the question is in the sheet but unanswered.
    pub answer: Option<Answer>,
    /// The answer as written, for an answer that is not Yes, No or NA.
    pub text: Option<String>,
    pub ownership: Option<String>,
    pub note: Option<String>,
}

/// What was read from an answer file.
#[derive(Debug, Default)]
pub struct Answers {
    /// Every question row, answered or not, in file order.
    pub rows: Vec<Row>,
    /// Rows left out, with their place and reason (`--keep-going`).
    pub skipped: Vec<(String, String)>,
    /// What was read: the sheet and its columns, the delimiter.
    pub read: Option<String>,
}

impl Answers {
    /// The answered questions.
    pub fn answered(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| r.answer.is_some())
    }
}

fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Col {
    Id,
    /// `Control ID`: the id column when the sheet has no `Question ID`.
    ControlId,
    Answer,
    Ownership,
    Note,
}

impl Col {
    fn label(self) -> &'static str {
        match self {
            Col::Id | Col::ControlId => "question id",
            Col::Answer => "answer",
            Col::Ownership => "ownership",
            Col::Note => "implementation description",
        }
    }
}

/// Which column a header names, by its words (never by position).
fn column_of(header: &str) -> Option<Col> {
    let h = norm(header);
    if h == "id" || h == "questionid" || h.ends_with("questionid") {
        Some(Col::Id)
    } else if h == "controlid" || h.ends_with("controlid") {
        Some(Col::ControlId)
    } else if h.contains("answer") {
        Some(Col::Answer)
    } else if h.contains("ownership") {
        Some(Col::Ownership)
    } else if h.contains("implementationdescription") || h == "description" || h == "note" {
        Some(Col::Note)
    } else {
        None
    }
}

/// A table's rows: where each is (for messages) and its cells.
pub type Table = Vec<(String, Vec<String>)>;

/// Where a cell is, for messages: `row 7` in a CSV, `sheet "X", cell C7`
/// in a workbook. Given the row's index in the table and the column.
type CellPlace<'a> = &'a dyn Fn(usize, usize) -> String;

/// The columns a header row names: the question id column (`Question ID`,
/// or else `Control ID`), answer, ownership, description.
fn header_columns(cells: &[String]) -> BTreeMap<usize, Col> {
    let mut cols: BTreeMap<usize, Col> = BTreeMap::new();
    for (i, c) in cells.iter().enumerate() {
        if let Some(col) = column_of(c) {
            if !cols.values().any(|&v| v == col) {
                cols.insert(i, col);
            }
        }
    }
    if cols.values().any(|&c| c == Col::Id) {
        cols.retain(|_, c| *c != Col::ControlId);
    } else {
        for c in cols.values_mut() {
            if *c == Col::ControlId {
                *c = Col::Id;
            }
        }
    }
    cols
}

/// The header row of a table: the first (of the first 50) that names a
/// question id column and an answer column.
fn header_row(table: &[(String, Vec<String>)]) -> Option<usize> {
    table.iter().take(50).position(|(_, cells)| {
        let cols = header_columns(cells);
        cols.values().any(|&c| c == Col::Id) && cols.values().any(|&c| c == Col::Answer)
    })
}

const NO_HEADER: &str = "no header row with a question id column and an answer column (looked for \
     \"Question ID\" or \"Control ID\", and \"Answer\", in the first 50 rows)";

/// Rows from a table whose header row is found by its column names.
pub fn rows_from_table(table: &[(String, Vec<String>)]) -> Result<Answers, AnswersError> {
    let mut problems = Vec::new();
    let rows = rows_with_places(table, &|i, _| table[i].0.clone(), &[], &mut problems)?;
    Ok(Answers {
        rows,
        skipped: problems,
        read: None,
    })
}

/// The columns a header names, for the report (`A (question id), C (answer)`).
fn describe_columns(cols: &BTreeMap<usize, Col>) -> String {
    cols.iter()
        .map(|(&i, c)| format!("{} ({})", xlsx::column_letters(i as u32), c.label()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn rows_with_places(
    table: &[(String, Vec<String>)],
    cell: CellPlace,
    errors: &[(usize, usize, String)],
    problems: &mut Vec<(String, String)>,
) -> Result<Vec<Row>, AnswersError> {
    let Some(h) = header_row(table) else {
        return Err(AnswersError::NoHeader);
    };
    let cols = header_columns(&table[h].1);
    let index = |want: Col| cols.iter().find(|(_, &c)| c == want).map(|(&i, _)| i);
    let mut rows = Vec::new();
    for (i, (place, cells)) in table.iter().enumerate().skip(h + 1) {
        let get = |want: Col| {
            index(want)
                .and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let id_col = index(Col::Id).unwrap_or(0);
        let answer_col = index(Col::Answer).unwrap_or(0);
        if let Some((_, c, e)) = errors
            .iter()
            .find(|(r, c, _)| *r == i && (*c == id_col || *c == answer_col))
        {
            problems.push((
                cell(i, *c),
                format!("an error value ({e}) where a question id or an answer belongs"),
            ));
            continue;
        }
        match make_row(place, &cell(i, id_col), get(Col::Id), get(Col::Answer)) {
            Ok(Some(mut row)) => {
                row.ownership = get(Col::Ownership);
                row.note = get(Col::Note);
                rows.push(row);
            }
            Ok(None) => {}
            Err(p) => problems.push(p),
        }
    }
    Ok(rows)
}

/// The answered questions of a workbook: the first visible sheet with a
/// header row naming a question id column and an answer column; hidden
/// sheets are never read.
fn xlsx_rows(bytes: &[u8]) -> Result<Answers, AnswersError> {
    let sheets = xlsx::read_sheets(bytes)?;
    let visible: Vec<_> = sheets.iter().filter(|s| s.hidden.is_none()).collect();
    if visible.iter().all(|s| s.rows.is_empty()) {
        return Err(if visible.len() < sheets.len() {
            AnswersError::VisibleSheetsEmpty
        } else {
            AnswersError::SheetsEmpty
        });
    }
    for sheet in visible {
        let numbers: Vec<u32> = sheet.rows.keys().copied().collect();
        let table: Table = sheet
            .rows
            .iter()
            .map(|(r, cells)| (format!("sheet {:?}, row {r}", sheet.name), cells.clone()))
            .collect();
        let Some(h) = header_row(&table) else {
            continue;
        };
        let errors: Vec<(usize, usize, String)> = sheet
            .errors
            .iter()
            .filter_map(|(r, c, e)| {
                numbers
                    .binary_search(r)
                    .ok()
                    .map(|i| (i, *c as usize, e.clone()))
            })
            .collect();
        let place = |i: usize, col: usize| {
            format!(
                "sheet {:?}, cell {}{}",
                sheet.name,
                xlsx::column_letters(col as u32),
                numbers[i]
            )
        };
        let mut problems = Vec::new();
        let rows = rows_with_places(&table, &place, &errors, &mut problems)?;
        let cols = header_columns(&table[h].1);
        let mut read = format!(
            "read sheet {:?}, header row {}: columns {}",
            sheet.name,
            numbers[h],
            describe_columns(&cols)
        );
        let hidden: Vec<String> = sheet
            .hidden_columns
            .iter()
            .map(|&c| xlsx::column_letters(c))
            .collect();
        if !hidden.is_empty() {
            let _ = write!(read, "; hidden columns {} not read", hidden.join(", "));
        }
        let skipped_sheets: Vec<String> = sheets
            .iter()
            .filter_map(|s| s.hidden.map(|h| format!("{:?} ({h})", s.name)))
            .collect();
        if !skipped_sheets.is_empty() {
            let _ = write!(
                read,
                "; hidden sheets not read: {}",
                skipped_sheets.join(", ")
            );
        }
        return Ok(Answers {
            rows,
            skipped: problems,
            read: Some(read),
        });
    }
    let names: Vec<String> = sheets
        .iter()
        .map(|s| match s.hidden {
            Some(h) => format!("{:?} ({h}, not read)", s.name),
            None => format!("{:?}", s.name),
        })
        .collect();
    Err(AnswersError::NoSheetWithHeader {
        sheets: names.join(", "),
    })
}

/// A row from its id and answer cells; `Ok(None)` for a row without an id
/// (headings and blank lines in CSA's sheet), `Err((place, reason))` for a
/// row that cannot be read.
fn make_row(
    place: &str,
    id_place: &str,
    id: Option<String>,
    answer: Option<String>,
) -> Result<Option<Row>, (String, String)> {
    let Some(raw) = id else { return Ok(None) };
    let Some(id) = questionnaire::normalize_id(&raw) else {
        return Err((
            id_place.to_string(),
            format!(
                "{:?} is not a CAIQ or AI-CAIQ question id (like CEK-03.1)",
                clip(&raw)
            ),
        ));
    };
    let (answer, text) = match answer {
        None => (None, None),
        Some(word) => match Answer::parse(&word) {
            Some(Answer::Other) | None => (Some(Answer::Other), Some(word)),
            Some(a) => (Some(a), None),
        },
    };
    Ok(Some(Row {
        place: place.to_string(),
        id,
        answer,
        text,
        ownership: None,
        note: None,
    }))
}

/// A CSV table read with one delimiter.
fn csv_table(text: &str, delimiter: u8) -> Result<Table, AnswersError> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| match e.position() {
            Some(p) => AnswersError::CsvRow {
                row: p.line(),
                message: e.to_string(),
            },
            None => AnswersError::Csv(e.to_string()),
        })?;
        let line = rec.position().map_or(0, |p| p.line());
        table.push((
            format!("row {line}"),
            rec.iter().map(str::to_string).collect(),
        ));
    }
    Ok(table)
}

/// A CSV as Excel writes it: comma, semicolon (the European default) or
/// tab, whichever gives a header row.
fn csv_rows(text: &str) -> Result<Answers, AnswersError> {
    let mut first_error = None;
    for (d, name) in [(b',', "comma"), (b';', "semicolon"), (b'\t', "tab")] {
        match csv_table(text, d) {
            Ok(table) if header_row(&table).is_some() => {
                let mut a = rows_from_table(&table)?;
                let h = header_row(&table).expect("checked");
                a.read = Some(format!(
                    "read {name}-separated values, header {}: columns {}",
                    table[h].0,
                    describe_columns(&header_columns(&table[h].1))
                ));
                return Ok(a);
            }
            Ok(_) => {}
            Err(e) => {
                first_error.get_or_insert(e);
            }
        }
    }
    Err(match first_error {
        Some(e) => e,
        None => AnswersError::NoHeaderAnyDelimiter,
    })
}

fn json_rows(text: &str) -> Result<Answers, AnswersError> {
    let v: serde_json::Value = serde_json::from_str(text).map_err(|e| AnswersError::Json {
        line: e.line(),
        message: e.to_string(),
    })?;
    let items = match &v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("answers") {
            Some(serde_json::Value::Array(a)) => a,
            _ => return Err(AnswersError::NotAList),
        },
        _ => return Err(AnswersError::NotAList),
    };
    let mut out = Answers::default();
    for (i, item) in items.iter().enumerate() {
        let place = format!("item {}", i + 1);
        let serde_json::Value::Object(o) = item else {
            out.skipped.push((
                place,
                "expected an object with \"id\" and \"answer\"".into(),
            ));
            continue;
        };
        let mut found: BTreeMap<&'static str, String> = BTreeMap::new();
        let mut bad = None;
        for (k, val) in o {
            let name = match column_of(k) {
                Some(Col::Id | Col::ControlId) => "id",
                Some(Col::Answer) => "answer",
                Some(Col::Ownership) => "ownership",
                Some(Col::Note) => "note",
                None => {
                    bad = Some(format!(
                        "unknown key {:?} (expected id, answer, ownership, implementation_description)",
                        clip(k)
                    ));
                    break;
                }
            };
            let s = match val {
                serde_json::Value::String(s) => s.trim().to_string(),
                serde_json::Value::Null => String::new(),
                other => other.to_string(),
            };
            if !s.is_empty() {
                found.insert(name, s);
            }
        }
        if let Some(b) = bad {
            out.skipped.push((place, b));
            continue;
        }
        if !found.contains_key("id") {
            out.skipped.push((place, "no question id".into()));
            continue;
        }
        match make_row(&place, &place, found.remove("id"), found.remove("answer")) {
            Ok(Some(mut row)) => {
                row.ownership = found.remove("ownership");
                row.note = found.remove("note");
                out.rows.push(row);
            }
            Ok(None) => {}
            Err(p) => out.skipped.push(p),
        }
    }
    Ok(out)
}

/// Every question of a file, by its extension (`xlsx`, `csv`, `tsv`,
/// `json`, in any case). Rows that cannot be read are refused (the first
/// one named), or with `keep_going` left out and listed in
/// [`Answers::skipped`].
pub fn read_answers(
    extension: &str,
    bytes: &[u8],
    keep_going: bool,
) -> Result<Answers, AnswersError> {
    let ext = extension.to_ascii_lowercase();
    let answers = if ext == "xlsx" {
        xlsx_rows(bytes)?
    } else {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            AnswersError::NotUtf8 { line }
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match ext.as_str() {
            "csv" | "tsv" => csv_rows(text)?,
            "json" => json_rows(text)?,
            other => {
                return Err(AnswersError::UnsupportedType {
                    extension: other.to_string(),
                })
            }
        }
    };
    check_rows(answers, keep_going)
}

/// No question twice (the first wins), at least one answer, and, unless
/// `keep_going`, no row left out.
fn check_rows(mut a: Answers, keep_going: bool) -> Result<Answers, AnswersError> {
    let mut seen: BTreeMap<String, String> = BTreeMap::new();
    let mut rows = Vec::with_capacity(a.rows.len());
    for r in std::mem::take(&mut a.rows) {
        if let Some(first) = seen.get(&r.id) {
            a.skipped.push((
                r.place.clone(),
                format!("{} is in the sheet twice (first at {first})", r.id),
            ));
            continue;
        }
        seen.insert(r.id.clone(), r.place.clone());
        rows.push(r);
    }
    a.rows = rows;
    if !keep_going {
        if let Some((place, reason)) = a.skipped.first() {
            return Err(AnswersError::Row {
                place: place.clone(),
                reason: reason.clone(),
                more: a.skipped.len() - 1,
            });
        }
    }
    if a.answered().next().is_none() {
        return Err(AnswersError::NoAnswers);
    }
    Ok(a)
}

/// A cell text for a message: at most 60 characters.
pub fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_row_is_refused_with_its_place() {
        let csv = b"Question ID,CSP CAIQ Answer\nCEK-03.1,Yes\nhello,Yes\nworld,No\n";
        match read_answers("csv", csv, false) {
            Err(AnswersError::Row {
                place,
                reason,
                more,
            }) => {
                assert_eq!(place, "row 3");
                assert!(reason.contains("\"hello\" is not a CAIQ"), "{reason}");
                assert_eq!(more, 1);
            }
            other => panic!("{other:?}"),
        }
        // With keep_going, the rows are left out and listed by place.
        let a = read_answers("CSV", csv, true).unwrap();
        assert_eq!(a.rows.len(), 1);
        let places: Vec<&str> = a.skipped.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(places, ["row 3", "row 4"]);
    }

    #[test]
    fn errors_name_the_line_or_item() {
        let e = read_answers("json", b"[\n{\"id\": \"CEK-03.1\",\n", false).unwrap_err();
        assert!(matches!(e, AnswersError::Json { line: 3, .. }), "{e:?}");
        let e = read_answers("csv", b"Question ID,Answer\n\xff\n", false).unwrap_err();
        assert!(matches!(e, AnswersError::NotUtf8 { line: 2 }), "{e:?}");
        assert_eq!(e.to_string(), "line 2: not UTF-8 (save the file as UTF-8)");
        let e =
            read_answers("json", br#"[{"id": "CEK-03.1", "colour": "red"}]"#, false).unwrap_err();
        assert!(
            matches!(&e, AnswersError::Row { place, .. } if place == "item 1"),
            "{e:?}"
        );
        let e = read_answers("xlsx", b"not a zip", false).unwrap_err();
        assert!(
            matches!(e, AnswersError::Workbook(XlsxError::NotZip(_))),
            "{e:?}"
        );
        let e = read_answers("txt", b"", false).unwrap_err();
        assert_eq!(
            e.to_string(),
            "unsupported file type \"txt\": give a .xlsx, .csv or .json file"
        );
    }
}
