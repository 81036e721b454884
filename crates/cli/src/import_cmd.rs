//! `dossier import caiq ANSWERS --into DOSSIER`: a vendor's filled CAIQ or
//! AI-CAIQ (.xlsx, .csv or .json) becomes cited facts, as minimal text edits
//! on the dossier (comments, layout and the analyst's own fields stay).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_analysis::Severity;
use dossier_schema::catalogue::NOT_DISCLOSED;
use dossier_schema::dates::Day;
use dossier_schema::questionnaire::{self, Answer, Edition};
use dossier_syntax::{Node, NodeKind, TextRange};

use crate::files::{display_path, fail, read_dossier, Resolver};

/// A whole file through the CLI's bounded read (the dossier size limit).
fn read_file(p: &Path) -> Result<Vec<u8>, String> {
    match read_dossier(p)? {
        dossier_workspace::Contents::Full(b) => Ok(b),
        dossier_workspace::Contents::TooLarge { size, .. } => Err(format!(
            "{}: {size} bytes or more, larger than the limit of {} bytes",
            display_path(p),
            dossier_syntax::MAX_SIZE
        )),
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
pub fn rows_from_table(table: &[(String, Vec<String>)]) -> Result<Answers, String> {
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
        .map(|(&i, c)| {
            format!(
                "{} ({})",
                crate::caiq_xlsx::column_letters(i as u32),
                c.label()
            )
        })
        .collect::<Vec<_>>()
        .join(", ")
}

fn rows_with_places(
    table: &[(String, Vec<String>)],
    cell: CellPlace,
    errors: &[(usize, usize, String)],
    problems: &mut Vec<(String, String)>,
) -> Result<Vec<Row>, String> {
    let Some(h) = header_row(table) else {
        return Err(NO_HEADER.into());
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
fn xlsx_rows(bytes: &[u8]) -> Result<Answers, String> {
    let sheets = crate::caiq_xlsx::read_sheets(bytes)?;
    let visible: Vec<_> = sheets.iter().filter(|s| s.hidden.is_none()).collect();
    if visible.iter().all(|s| s.rows.is_empty()) {
        return Err(if visible.len() < sheets.len() {
            "every visible sheet of the workbook is empty (hidden sheets are not read)".into()
        } else {
            "every sheet of the workbook is empty".into()
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
                crate::caiq_xlsx::column_letters(col as u32),
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
            .map(|&c| crate::caiq_xlsx::column_letters(c))
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
    Err(format!(
        "no visible sheet has a header row with a question id column and an answer column (sheets: {})",
        names.join(", ")
    ))
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
fn csv_table(text: &str, delimiter: u8) -> Result<Table, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut table = Vec::new();
    for rec in reader.records() {
        let rec = rec.map_err(|e| match e.position() {
            Some(p) => format!("row {}: {}", p.line(), e),
            None => e.to_string(),
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
fn csv_rows(text: &str) -> Result<Answers, String> {
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
        None => format!("{NO_HEADER}; tried comma, semicolon and tab as the delimiter"),
    })
}

fn json_rows(text: &str) -> Result<Answers, String> {
    let v: serde_json::Value =
        serde_json::from_str(text).map_err(|e| format!("line {}: not JSON: {e}", e.line()))?;
    let items = match &v {
        serde_json::Value::Array(a) => a,
        serde_json::Value::Object(o) => match o.get("answers") {
            Some(serde_json::Value::Array(a)) => a,
            _ => {
                return Err(
                    "expected a list of answers, or an object with an \"answers\" list".into(),
                )
            }
        },
        _ => {
            return Err("expected a list of answers, or an object with an \"answers\" list".into())
        }
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

/// Every question of a file, by its extension. Rows that cannot be read
/// are refused (the first one named), or with `keep_going` left out and
/// listed in [`Answers::skipped`].
pub fn read_answers(path: &Path, bytes: &[u8], keep_going: bool) -> Result<Answers, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    let answers = if ext == "xlsx" {
        xlsx_rows(bytes)?
    } else {
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()]
                .iter()
                .filter(|&&b| b == b'\n')
                .count()
                + 1;
            format!("line {line}: not UTF-8 (save the file as UTF-8)")
        })?;
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        match ext.as_str() {
            "csv" | "tsv" => csv_rows(text)?,
            "json" => json_rows(text)?,
            other => {
                return Err(format!(
                    "unsupported file type {other:?}: give a .xlsx, .csv or .json file"
                ))
            }
        }
    };
    check_rows(answers, keep_going)
}

/// No question twice (the first wins), at least one answer, and, unless
/// `keep_going`, no row left out.
fn check_rows(mut a: Answers, keep_going: bool) -> Result<Answers, String> {
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
        if let Some((place, why)) = a.skipped.first() {
            let more = match a.skipped.len() {
                1 => String::new(),
                n => format!(" (and {} more rows)", n - 1),
            };
            return Err(format!(
                "{place}: {why}{more}; nothing imported (--keep-going imports the other rows and lists the ones left out)"
            ));
        }
    }
    if a.answered().next().is_none() {
        return Err("no answered questions".into());
    }
    Ok(a)
}

/// A cell text for a message: at most 60 characters.
fn clip(s: &str) -> String {
    let mut out: String = s.chars().take(60).collect();
    if s.chars().count() > 60 {
        out.push('…');
    }
    out
}

/// What an import does to one fact.
#[derive(Debug)]
pub enum Outcome {
    Filled {
        was: Option<String>,
    },
    Unchanged,
    /// The fact already had the value, uncited: the answer now cites it.
    Cited,
    Conflict {
        has: String,
    },
    Replaced {
        was: String,
    },
}

#[derive(Debug)]
pub struct Change {
    pub section: &'static str,
    pub key: &'static str,
    pub value: &'static str,
    pub question: String,
    pub outcome: Outcome,
    /// The analyst's own fields kept on the fact (`note`, `as_of`, ...).
    pub kept: Vec<String>,
}

/// The source an import cites.
#[derive(Debug)]
pub enum NewSource<'a> {
    /// `--url`: where the answers are.
    Url(&'a str),
    /// No `--url`: the answer file itself, by its path relative to the
    /// dossier, with its SHA-256 when `--pin` is given.
    File {
        path: String,
        sha256: Option<String>,
    },
}

pub struct Plan {
    pub edition: Edition,
    /// The edition came from `--edition`, not from the ids.
    pub edition_given: bool,
    pub source: String,
    pub source_added: bool,
    /// Why an existing source of the same id was not reused.
    pub source_note: Option<String>,
    pub changes: Vec<Change>,
    /// The answers recorded under `questionnaires`.
    pub record: Record,
    /// Question ids that are not questions of the edition (kept).
    pub unknown: Vec<String>,
    pub edits: Vec<(TextRange, String)>,
}

/// What an import does to its entry in `questionnaires`.
#[derive(Debug, Default)]
pub struct Record {
    /// The entry's id.
    pub id: String,
    /// The entry is new.
    pub added: bool,
    /// Answers written for the first time.
    pub new: usize,
    /// Answers that differed from the entry's and were rewritten.
    pub changed: usize,
}

fn line_start(text: &str, at: usize) -> usize {
    text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1)
}

fn line_end(text: &str, at: usize) -> usize {
    text[at..].find(['\n', '\r']).map_or(text.len(), |i| at + i)
}

fn col(text: &str, at: usize) -> usize {
    at - line_start(text, at)
}

fn newline(text: &str) -> &'static str {
    if text.contains("\r\n") {
        "\r\n"
    } else {
        "\n"
    }
}

/// The end of a block mapping's last entry (where new entries go) and the
/// column of its keys. The end is the end of the last line that holds
/// text of the entry, not past the blank or comment lines after it.
fn after_last(text: &str, node: &Node) -> Option<(usize, usize)> {
    let m = node.as_mapping()?;
    if m.flow {
        return None;
    }
    let first = m.entries.first()?;
    let last = m.entries.last()?;
    let end = last.value.range.end.max(last.key.range.end);
    // A block value's range may end after its line break: step back onto
    // the last line with text.
    let trimmed = text[..end].trim_end_matches(['\n', '\r', ' ']).len();
    let end = trimmed.max(last.key.range.end);
    Some((line_end(text, end), col(text, first.key.range.start)))
}

fn shorten(s: &str, max: usize) -> String {
    let s = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if s.chars().count() <= max {
        return s;
    }
    let cut: String = s.chars().take(max).collect();
    let cut = cut
        .rfind(' ')
        .map_or(cut.as_str(), |i| &cut[..i])
        .to_string();
    format!("{cut}…")
}

/// The fields of a fact mapping an analyst writes, which an import keeps.
fn own_fields(node: &Node) -> Vec<String> {
    node.as_mapping()
        .map(|m| {
            m.entries
                .iter()
                .map(|e| e.key.value.clone())
                .filter(|k| !matches!(k.as_str(), "value" | "cite"))
                .collect()
        })
        .unwrap_or_default()
}

/// The edits that set a fact mapping's value and cite, keeping every
/// other field the analyst wrote; `detail` is added only when absent.
fn edit_mapping(
    text: &str,
    node: &Node,
    value: &str,
    source: &str,
    detail: &str,
    nl: &str,
    edits: &mut Vec<(TextRange, String)>,
) -> Result<(), String> {
    let m = node.as_mapping().ok_or("not a mapping")?;
    let has = |k: &str| m.entries.iter().find(|e| e.key.value == k);
    if m.flow {
        // Rewrite the flow mapping, keeping the other entries' text.
        let mut parts = vec![format!("value: {value}"), format!("cite: {source}")];
        if has("detail").is_none() {
            parts.push(format!("detail: {detail}"));
        }
        for e in &m.entries {
            if !matches!(e.key.value.as_str(), "value" | "cite") {
                let end = e.value.range.end.max(e.key.range.end);
                parts.push(text[e.key.range.start..end].to_string());
            }
        }
        edits.push((node.range, format!("{{{}}}", parts.join(", "))));
        return Ok(());
    }
    let (at, c) = after_last(text, node).ok_or("not a block mapping")?;
    let pad = " ".repeat(c);
    let mut added = String::new();
    match has("value") {
        Some(e) if e.value.as_scalar().is_some() => edits.push((e.value.range, value.to_string())),
        Some(_) => return Err("its `value` is not a single word".into()),
        None => {
            let _ = write!(added, "{nl}{pad}value: {value}");
        }
    }
    match has("cite") {
        Some(e) if !e.value.range.is_empty() => edits.push((e.value.range, source.to_string())),
        _ => {
            let _ = write!(added, "{nl}{pad}cite: {source}");
        }
    }
    if has("detail").is_none() {
        let _ = write!(added, "{nl}{pad}detail: {detail}");
    }
    if !added.is_empty() {
        edits.push((TextRange::empty(at), added));
    }
    Ok(())
}

/// The source an import cites, and the edits that add it: `--source`, the
/// edition's source when it already holds these answers, or a new one.
/// An existing source of the edition's id that points elsewhere (last
/// year's sheet, another kind of document) is not reused: the new one
/// gets the date in its id, so new facts cite the new evidence.
fn choose_source(
    text: &str,
    root: &Node,
    edition: Edition,
    source: Option<&str>,
    new_source: Option<(NewSource, Day)>,
    edits: &mut Vec<(TextRange, String)>,
) -> Result<(String, bool, Option<String>), String> {
    let nl = newline(text);
    let sources = root.value("sources");
    if let Some(id) = source {
        if sources.and_then(|s| s.get(id)).is_none() {
            return Err(format!("--source {id}: the dossier has no such source"));
        }
        return Ok((id.to_string(), false, None));
    }
    let base = edition.source_id();
    let field = |id: &str, k: &str| {
        sources
            .and_then(|s| s.value(id))
            .and_then(|n| n.value(k))
            .and_then(Node::as_str)
            .map(str::to_string)
    };
    let exists = |id: &str| sources.and_then(|s| s.get(id)).is_some();
    let Some((new, day)) = new_source else {
        if exists(base) {
            return Ok((base.to_string(), false, None));
        }
        unreachable!("a new source is always described");
    };
    let (locator, locator_value) = match &new {
        NewSource::Url(u) => ("url", u.to_string()),
        NewSource::File { path, .. } => ("file", path.clone()),
    };
    let same = |id: &str| {
        field(id, locator).as_deref() == Some(locator_value.as_str())
            && field(id, "kind").as_deref() == Some("vendor_response")
    };
    let mut note = None;
    let id = if !exists(base) {
        base.to_string()
    } else if same(base) {
        return Ok((base.to_string(), false, None));
    } else {
        let dated = format!("{base}-{day}");
        if exists(&dated) {
            if same(&dated) {
                return Ok((dated, false, None));
            }
            return Err(format!(
                "the dossier has sources {base} and {dated} for other documents: give --source ID"
            ));
        }
        let why = if field(base, "kind").as_deref() != Some("vendor_response") {
            "is another kind of document"
        } else {
            "points at another document"
        };
        note = Some(format!("source {base} {why}: kept, not reused"));
        dated
    };
    let body = |pad: &str| {
        let mut b = format!("{pad}{id}:{nl}");
        match &new {
            NewSource::Url(u) => {
                let _ = write!(b, "{pad}  url: {}{nl}", yaml_value(u));
            }
            NewSource::File { path, sha256 } => {
                let _ = write!(b, "{pad}  file: {}{nl}", yaml_value(path));
                if let Some(h) = sha256 {
                    let _ = write!(b, "{pad}  sha256: {h}{nl}");
                }
            }
        }
        let _ = write!(
            b,
            "{pad}  title: {}{nl}{pad}  kind: vendor_response{nl}{pad}  retrieved: {day}",
            yaml_value(&edition.title())
        );
        b
    };
    match sources.map(|s| (s, after_last(text, s))) {
        Some((_, Some((at, c)))) => edits.push((
            TextRange::empty(at),
            format!("{nl}{}", body(&" ".repeat(c))),
        )),
        Some(_) => {
            return Err(
                "`sources` is not a block mapping: add the source by hand and pass --source".into(),
            )
        }
        None => {
            let sep = if text.is_empty() || text.ends_with('\n') {
                ""
            } else {
                nl
            };
            edits.push((
                TextRange::empty(text.len()),
                format!("{sep}sources:{nl}{}{nl}", body("  ")),
            ));
        }
    }
    Ok((id, true, note))
}

/// The facts the answers establish and the text edits that record them.
pub fn plan(
    text: &str,
    root: &Node,
    rows: &[Row],
    edition: Option<Edition>,
    source: Option<&str>,
    new_source: Option<(NewSource, Day)>,
    overwrite: bool,
) -> Result<Plan, String> {
    let edition_given = edition.is_some();
    let edition =
        edition.unwrap_or_else(|| questionnaire::detect(rows.iter().map(|r| r.id.as_str())));
    let unknown: Vec<String> = rows
        .iter()
        .filter(|r| !edition.has(&r.id))
        .map(|r| r.id.clone())
        .collect();
    let nl = newline(text);
    let mut edits: Vec<(TextRange, String)> = Vec::new();
    let base_exists = root
        .value("sources")
        .and_then(|s| s.get(edition.source_id()))
        .is_some();
    let new_source = match new_source {
        Some(n) => Some(n),
        None if source.is_some() || base_exists => None,
        None => {
            return Err(format!(
                "the dossier has no source {}: give --url (where the answers are), or --source ID",
                edition.source_id()
            ))
        }
    };
    let (source, source_added, source_note) =
        choose_source(text, root, edition, source, new_source, &mut edits)?;

    // First answer wins for a fact fed by several questions.
    let mut wanted: Vec<(&'static questionnaire::Link, &Row, &'static str)> = Vec::new();
    for r in rows {
        let Some(answer) = r.answer else { continue };
        for l in questionnaire::links(edition, &r.id) {
            if let Some(v) = l.value_for(answer) {
                if !wanted
                    .iter()
                    .any(|(w, _, _)| w.section == l.section && w.key == l.key)
                {
                    wanted.push((l, r, v));
                }
            }
        }
    }

    let facts = root.value("facts");
    let mut changes = Vec::new();
    let mut new_in_section: BTreeMap<&'static str, Vec<String>> = BTreeMap::new();
    for (l, r, v) in wanted {
        let answer = r.answer.expect("answered");
        let mut detail = format!(
            "{} {} {}: {}",
            edition.name(),
            edition.version(),
            r.id,
            answer.label()
        );
        if let Some(n) = &r.note {
            let _ = write!(detail, " — {}", shorten(n, 120));
        }
        let detail = yaml_value(&detail);
        let flow = format!("{{value: {v}, cite: {source}, detail: {detail}}}");
        let entry = facts
            .and_then(|f| f.value(l.section))
            .and_then(|s| s.get(l.key));
        let node = entry.map(|e| &e.value);
        let current = node.and_then(|n| match &n.kind {
            NodeKind::Scalar(s) => Some(s.value.clone()),
            NodeKind::Mapping(_) => n
                .value("value")
                .and_then(|v| v.as_str())
                .map(str::to_string),
            _ => None,
        });
        let cited = node.is_some_and(|n| n.value("cite").is_some_and(|c| !c.is_null()));
        let mut change = Change {
            section: l.section,
            key: l.key,
            value: v,
            question: r.id.clone(),
            outcome: Outcome::Unchanged,
            kept: node.map(own_fields).unwrap_or_default(),
        };
        match (node, current) {
            (None, _) => {
                new_in_section
                    .entry(l.section)
                    .or_default()
                    .push(format!("{}: {flow}", l.key));
                change.outcome = Outcome::Filled { was: None };
            }
            (Some(n), Some(c)) if c == v => {
                if !cited {
                    // The answer confirms an uncited value: cite it.
                    set_fact(
                        text,
                        entry.expect("entry"),
                        n,
                        v,
                        &source,
                        &detail,
                        &flow,
                        nl,
                        &mut edits,
                    )
                    .map_err(|m| format!("facts.{}.{}: {m}", l.section, l.key))?;
                    change.outcome = Outcome::Cited;
                }
            }
            (Some(n), c) => {
                let blank = c.as_deref().is_none_or(|c| c == NOT_DISCLOSED);
                if !blank && !overwrite {
                    change.outcome = Outcome::Conflict {
                        has: c.unwrap_or_default(),
                    };
                } else {
                    set_fact(
                        text,
                        entry.expect("entry"),
                        n,
                        v,
                        &source,
                        &detail,
                        &flow,
                        nl,
                        &mut edits,
                    )
                    .map_err(|m| format!("facts.{}.{}: {m}", l.section, l.key))?;
                    change.outcome = if blank {
                        Outcome::Filled { was: c }
                    } else {
                        Outcome::Replaced {
                            was: c.unwrap_or_default(),
                        }
                    };
                }
            }
        }
        changes.push(change);
    }
    // New keys in existing sections, then new sections at the end of `facts`.
    let mut new_sections = String::new();
    let facts_place = facts.map(|f| (f, after_last(text, f)));
    for (section, lines) in new_in_section {
        let sec = facts.and_then(|f| f.value(section));
        match sec.map(|s| after_last(text, s)) {
            Some(Some((at, c))) => {
                let pad = " ".repeat(c);
                let body: String = lines.iter().map(|l| format!("{nl}{pad}{l}")).collect();
                edits.push((TextRange::empty(at), body));
            }
            Some(None) => {
                return Err(format!(
                    "facts.{section} is not a block mapping: fill it by hand"
                ))
            }
            None => {
                let c = facts_place.and_then(|(_, p)| p).map_or(2, |(_, c)| c);
                let pad = " ".repeat(c);
                let _ = write!(new_sections, "{nl}{pad}{section}:");
                for l in lines {
                    let _ = write!(new_sections, "{nl}{pad}  {l}");
                }
            }
        }
    }
    if !new_sections.is_empty() {
        match facts_place {
            Some((_, Some((at, _)))) => edits.push((TextRange::empty(at), new_sections)),
            Some((f, None))
                if f.is_null() || f.as_mapping().is_some_and(|m| m.entries.is_empty()) =>
            {
                return Err(
                    "`facts` is empty or a flow mapping: write `facts:` with one section first"
                        .into(),
                );
            }
            Some(_) => return Err("`facts` is not a block mapping".into()),
            None => {
                let sep = if text.is_empty() || text.ends_with('\n') {
                    ""
                } else {
                    nl
                };
                edits.push((
                    TextRange::empty(text.len()),
                    format!("{sep}facts:{new_sections}{nl}"),
                ));
            }
        }
    }
    let record = record_answers(text, root, edition, &source, rows, &mut edits)?;
    Ok(Plan {
        edition,
        edition_given,
        source,
        source_added,
        source_note,
        changes,
        record,
        unknown,
        edits,
    })
}

/// Set a fact that exists: a scalar becomes `{value, cite, detail}` (a
/// comment after it stays); a mapping keeps every field the analyst wrote.
#[allow(clippy::too_many_arguments)]
fn set_fact(
    text: &str,
    entry: &dossier_syntax::Entry,
    node: &Node,
    value: &str,
    source: &str,
    detail: &str,
    flow: &str,
    nl: &str,
    edits: &mut Vec<(TextRange, String)>,
) -> Result<(), String> {
    if node.as_mapping().is_some_and(|m| !m.entries.is_empty()) {
        return edit_mapping(text, node, value, source, detail, nl, edits);
    }
    // From the colon, so the value sits on the key's line.
    let key_end = entry.key.range.end;
    let colon = text[key_end..node.range.start.max(key_end)]
        .find(':')
        .map_or(node.range.start, |i| key_end + i + 1);
    edits.push((
        TextRange::new(colon, node.range.end.max(colon)),
        format!(" {flow}"),
    ));
    Ok(())
}

/// A string as YAML for a block value (a URL, a title, a detail): as
/// `dossier new` writes strings, unless it holds a character that must be
/// escaped, which [`yaml_text`] writes as an escape.
fn yaml_value(s: &str) -> String {
    if s.chars().any(must_escape) {
        yaml_text(s)
    } else {
        dossier_score::questions::yaml_string(s)
    }
}

/// Control characters (C0, DEL, C1), line and paragraph separators, the
/// BOM and the noncharacters U+FFFE and U+FFFF: never written raw.
fn must_escape(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
        )
}

/// A string as YAML: plain when it is a simple word or phrase, otherwise
/// double-quoted with escapes, so any text the vendor wrote reads back
/// exactly in every YAML 1.2 parser: control characters (C0, DEL, C1),
/// line and paragraph separators, the BOM and the noncharacters U+FFFE and
/// U+FFFF are written as escapes, never raw.
pub fn yaml_text(s: &str) -> String {
    let simple = s.chars().next().is_some_and(char::is_alphabetic)
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_' | '/' | '(' | ')' | '.'))
        && !s.ends_with(' ')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "na"
        )
        && s.parse::<f64>().is_err();
    if simple {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if must_escape(c) => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// One answer as a flow mapping (`{answer: yes, ownership: …, note: …}`).
fn answer_flow(r: &Row) -> String {
    let a = r.answer.expect("answered");
    let mut s = format!("{{answer: {}", a.word());
    if let Some(t) = &r.text {
        let _ = write!(s, ", text: {}", yaml_text(t));
    }
    if let Some(o) = &r.ownership {
        let _ = write!(s, ", ownership: {}", yaml_text(o));
    }
    if let Some(n) = &r.note {
        let _ = write!(s, ", note: {}", yaml_text(n));
    }
    s.push('}');
    s
}

/// Whether an answer entry already says what the row says.
fn same_answer(node: &Node, r: &Row) -> bool {
    let field = |k: &str| node.value(k).and_then(Node::as_str);
    field("answer").and_then(Answer::parse) == r.answer
        && field("text") == r.text.as_deref()
        && field("ownership") == r.ownership.as_deref()
        && field("note") == r.note.as_deref()
}

/// The column of a block sequence item's dash, if the item is written
/// `- ...` on its own line start.
fn dash_col(text: &str, item: &Node) -> Option<usize> {
    let before = &text[line_start(text, item.range.start)..item.range.start];
    let trimmed = before.trim_end_matches(' ');
    let pad = trimmed.strip_suffix('-')?;
    pad.bytes().all(|b| b == b' ').then_some(pad.len())
}

/// Edits that keep every answer under `questionnaires`, in the entry whose
/// id is the edition's: a new entry, or the answers it lacks or states
/// differently. An entry that already says the same changes nothing.
fn record_answers(
    text: &str,
    root: &Node,
    edition: Edition,
    source: &str,
    rows: &[Row],
    edits: &mut Vec<(TextRange, String)>,
) -> Result<Record, String> {
    let nl = newline(text);
    // The entry of this edition's answers; a dated source (new evidence
    // beside last year's) gets its own entry of the same id.
    let id = if source.starts_with(edition.source_id()) {
        source
    } else {
        edition.source_id()
    };
    let mut record = Record {
        id: id.to_string(),
        ..Record::default()
    };
    let list = root.value("questionnaires");
    let items = match list {
        None => None,
        Some(l) if l.is_null() => None,
        Some(l) => Some(
            l.as_sequence()
                .filter(|_| !l.range.is_empty())
                .ok_or("`questionnaires` is not a block list: fix it by hand first")?,
        ),
    };
    let existing = items.and_then(|it| {
        it.iter()
            .find(|n| n.value("id").and_then(Node::as_str) == Some(id))
    });
    let Some(item) = existing else {
        // A new entry with every answer.
        let (at, dash, lead) = match items {
            Some(items) if !items.is_empty() => {
                let last = items.last().expect("not empty");
                let dash = items
                    .first()
                    .and_then(|f| dash_col(text, f))
                    .ok_or("`questionnaires` is not a block list: fix it by hand first")?;
                (line_end(text, last.range.end), dash, nl.to_string())
            }
            _ => {
                if list.is_some() {
                    return Err(
                        "`questionnaires:` has no entries: remove the empty key or add one by hand"
                            .into(),
                    );
                }
                let sep = if text.is_empty() || text.ends_with('\n') {
                    ""
                } else {
                    nl
                };
                (text.len(), 2, format!("{sep}questionnaires:{nl}"))
            }
        };
        let pad = " ".repeat(dash);
        let mut body = lead;
        let _ = write!(
            body,
            "{pad}- id: {id}{nl}{pad}  kind: {}{nl}{pad}  version: {}{nl}{pad}  source: {source}{nl}{pad}  answers:",
            edition.kind(),
            yaml_value(edition.version()),
        );
        for r in rows.iter().filter(|r| r.answer.is_some()) {
            let _ = write!(body, "{nl}{pad}    {}: {}", r.id, answer_flow(r));
        }
        if at == text.len() {
            body.push_str(nl);
        }
        edits.push((TextRange::empty(at), body));
        record.added = true;
        record.new = rows.iter().filter(|r| r.answer.is_some()).count();
        return Ok(record);
    };
    let Some((at, c)) = item.value("answers").and_then(|a| after_last(text, a)) else {
        return Err(format!(
            "`questionnaires` entry {id}: `answers` is missing, empty or a flow mapping: fix it by hand first"
        ));
    };
    let answers = item.value("answers").expect("checked above");
    let pad = " ".repeat(c);
    let mut added = String::new();
    for r in rows.iter().filter(|r| r.answer.is_some()) {
        match answers.get(&r.id) {
            Some(e) if same_answer(&e.value, r) => {}
            Some(e) => {
                let colon = text[e.key.range.end..e.value.range.start.max(e.key.range.end)]
                    .find(':')
                    .map_or(e.value.range.start, |i| e.key.range.end + i + 1);
                edits.push((
                    TextRange::new(colon, e.value.range.end),
                    format!(" {}", answer_flow(r)),
                ));
                record.changed += 1;
            }
            None => {
                let _ = write!(added, "{nl}{pad}{}: {}", r.id, answer_flow(r));
                record.new += 1;
            }
        }
    }
    if !added.is_empty() {
        edits.push((TextRange::empty(at), added));
    }
    Ok(record)
}

/// Apply edits (non-overlapping; inserts at one offset keep their order).
pub fn apply(text: &str, edits: &[(TextRange, String)]) -> String {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].0.start, i));
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for i in order {
        let (r, t) = &edits[i];
        if r.start < at {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(t);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

/// A "No" on a question whose fact the rubric weighs heavily: risk points
/// (the rubric row a No stands for, times the fact's importance) of at
/// least this are listed by the coverage report. 80 is a full control
/// (`no` = 80 points, importance 1); a minor scheme (40 × 0.5) is not.
pub const HEAVY: f64 = 80.0;

/// What the answers cover, computed on the dossier as it is after the
/// import.
#[derive(Debug, Default)]
pub struct Coverage {
    /// Facts an answer established (filled, cited or already the same), as
    /// `section.key`.
    pub established: Vec<String>,
    /// Catalogue facts still `not_disclosed` (or absent) that a question of
    /// this questionnaire bears on: what to ask the vendor about.
    pub open: Vec<(String, String)>,
    /// Catalogue facts the dossier states as `not_disclosed`, all told.
    pub not_disclosed: usize,
    /// "No" answers on heavily weighted facts: question, fact, risk points.
    pub heavy_no: Vec<(String, String, f64)>,
    /// Answers by word (`yes`, `no`, `na`, `other`, `unanswered`).
    pub counts: BTreeMap<&'static str, usize>,
    /// By domain: every "No" (with the facts it feeds) and every question
    /// left unanswered in the sheet.
    pub by_domain: BTreeMap<String, (Vec<String>, Vec<String>)>,
    /// Questions of the edition that are not in the sheet at all.
    pub absent: usize,
}

/// The risk points a No stands for on a link's fact: the rubric row of the
/// value a No implies (for a link that sets none, the fact's `no` row, or
/// its `not_disclosed` row), times the fact's importance.
fn no_weight(link: &questionnaire::Link) -> Option<f64> {
    let rubric = dossier_score::rubric();
    let rows = rubric.rows(link.key)?;
    let row = link
        .on_no
        .and_then(|v| rows.get(v))
        .or_else(|| rows.get("no"))
        .or_else(|| rows.get(NOT_DISCLOSED))?;
    Some(row.points * rubric.importance(link.key))
}

pub fn coverage(after: &str, plan: &Plan, rows: &[Row]) -> Coverage {
    let mut c = Coverage::default();
    for ch in &plan.changes {
        if matches!(
            ch.outcome,
            Outcome::Filled { .. } | Outcome::Unchanged | Outcome::Cited | Outcome::Replaced { .. }
        ) {
            c.established.push(format!("{}.{}", ch.section, ch.key));
        }
    }
    let parse = dossier_syntax::parse(after);
    // Whether each fact is settled: a word other than not_disclosed, or a
    // list or mapping value (`data_residency_options: [DE, FR]`).
    let mut settled: BTreeMap<(String, String), bool> = BTreeMap::new();
    if let Some(root) = parse.root.as_ref() {
        for f in dossier_schema::view::DossierView::new(root).facts() {
            if f.def.is_none() {
                continue;
            }
            let open = match f.word() {
                Some(w) => w == NOT_DISCLOSED,
                None => false,
            };
            if open {
                c.not_disclosed += 1;
            }
            settled.insert((f.section.to_string(), f.key.to_string()), !open);
        }
    }
    let answered: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    for l in questionnaire::LINKS
        .iter()
        .filter(|l| l.editions.contains(&plan.edition))
    {
        let path = format!("{}.{}", l.section, l.key);
        let open = !settled
            .get(&(l.section.to_string(), l.key.to_string()))
            .copied()
            .unwrap_or(false);
        if open && !c.open.iter().any(|(p, _)| *p == path) {
            c.open.push((path.clone(), l.question.to_string()));
        }
        for r in answered
            .values()
            .filter(|r| r.answer == Some(Answer::No) && l.matches(&r.id))
        {
            if let Some(w) = no_weight(l).filter(|w| *w >= HEAVY) {
                c.heavy_no.push((r.id.clone(), path.clone(), w));
            }
        }
    }
    for r in rows {
        let word = r.answer.map_or("unanswered", Answer::word);
        *c.counts.entry(word).or_default() += 1;
        let domain = Edition::domain_of(&r.id).to_string();
        match r.answer {
            Some(Answer::No) => {
                let feeds: Vec<String> = questionnaire::links(plan.edition, &r.id)
                    .map(|l| format!("{}.{}", l.section, l.key))
                    .collect();
                let item = if feeds.is_empty() {
                    r.id.clone()
                } else {
                    format!("{} ({})", r.id, feeds.join(", "))
                };
                c.by_domain.entry(domain).or_default().0.push(item);
            }
            None => c.by_domain.entry(domain).or_default().1.push(r.id.clone()),
            _ => {}
        }
    }
    if plan.edition != Edition::Caiq31 {
        c.absent = plan
            .edition
            .ids()
            .iter()
            .filter(|id| !answered.contains_key(*id))
            .count();
    }
    c
}

/// The coverage part of the report.
pub fn describe_coverage(c: &Coverage) -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "coverage: {} fact{} established by the answers{}",
        c.established.len(),
        if c.established.len() == 1 { "" } else { "s" },
        if c.established.is_empty() {
            String::new()
        } else {
            format!(" ({})", c.established.join(", "))
        }
    );
    let _ = writeln!(
        s,
        "coverage: {} catalogue fact{} still not_disclosed{}",
        c.not_disclosed,
        if c.not_disclosed == 1 { "" } else { "s" },
        if c.open.is_empty() {
            ""
        } else {
            "; facts this questionnaire asks about that the dossier still lacks:"
        }
    );
    for (path, q) in &c.open {
        let _ = writeln!(s, "  open     {path} ({q})");
    }
    for (q, path, w) in &c.heavy_no {
        let _ = writeln!(
            s,
            "  no       {q} on {path}: the rubric weighs a No at {w} risk points"
        );
    }
    let counts: Vec<String> = ["yes", "no", "na", "other", "unanswered"]
        .iter()
        .map(|w| format!("{} {w}", c.counts.get(w).copied().unwrap_or(0)))
        .collect();
    let _ = writeln!(
        s,
        "answers: {}{}",
        counts.join(", "),
        if c.absent > 0 {
            format!(
                "; {} questions of the edition are not in the sheet",
                c.absent
            )
        } else {
            String::new()
        }
    );
    for (domain, (no, blank)) in &c.by_domain {
        if !no.is_empty() {
            let _ = writeln!(s, "  {domain:<4} no: {}", no.join(", "));
        }
        if !blank.is_empty() {
            let _ = writeln!(s, "  {domain:<4} unanswered: {}", blank.join(", "));
        }
    }
    s
}

/// The report of a plan, one line per fact.
pub fn describe(plan: &Plan, answers: &Answers, dry_run: bool) -> String {
    let mut s = String::new();
    let would = if dry_run { "would " } else { "" };
    if let Some(read) = &answers.read {
        let _ = writeln!(s, "{read}");
    }
    let answered = answers.answered().count();
    let _ = writeln!(
        s,
        "{} v{} {} ({answered} answers, {} questions in the sheet)",
        plan.edition.name(),
        plan.edition.version(),
        if plan.edition_given {
            "(--edition)"
        } else {
            "detected"
        },
        answers.rows.len()
    );
    if !plan.unknown.is_empty() {
        let shown: Vec<&str> = plan.unknown.iter().take(10).map(String::as_str).collect();
        let _ = writeln!(
            s,
            "warning: {} id{} not in {} v{} (kept, mapped to nothing): {}{}",
            plan.unknown.len(),
            if plan.unknown.len() == 1 {
                " is"
            } else {
                "s are"
            },
            plan.edition.name(),
            plan.edition.version(),
            shown.join(", "),
            if plan.unknown.len() > 10 { ", …" } else { "" }
        );
    }
    for (place, why) in &answers.skipped {
        let _ = writeln!(s, "skipped  {place}: {why}");
    }
    if let Some(n) = &plan.source_note {
        let _ = writeln!(s, "{n}");
    }
    if plan.source_added {
        let _ = writeln!(
            s,
            "source {}: {would}add (kind vendor_response)",
            plan.source
        );
    } else {
        let _ = writeln!(s, "source {}: cited", plan.source);
    }
    let r = &plan.record;
    let _ = if r.added {
        writeln!(
            s,
            "questionnaires {}: {would}add with {} answers",
            r.id, r.new
        )
    } else if r.new + r.changed > 0 {
        writeln!(
            s,
            "questionnaires {}: {would}add {} answers, {would}update {}",
            r.id, r.new, r.changed
        )
    } else {
        writeln!(s, "questionnaires {}: unchanged", r.id)
    };
    for c in &plan.changes {
        let fact = format!("facts.{}.{}", c.section, c.key);
        let kept = if c.kept.is_empty() {
            String::new()
        } else {
            format!("; kept {}", c.kept.join(", "))
        };
        let _ = match &c.outcome {
            Outcome::Filled { was } => writeln!(
                s,
                "{would}fill     {fact} = {} ({}; was {}{kept})",
                c.value,
                c.question,
                was.as_deref().unwrap_or("absent")
            ),
            Outcome::Unchanged => writeln!(s, "unchanged {fact} = {} ({})", c.value, c.question),
            Outcome::Cited => writeln!(
                s,
                "{would}cite     {fact} = {} ({} confirms the uncited value{kept})",
                c.value, c.question
            ),
            Outcome::Conflict { has } => writeln!(
                s,
                "conflict {fact}: the dossier says {has}, {} answers {} (kept; --overwrite replaces)",
                c.question, c.value
            ),
            Outcome::Replaced { was } => writeln!(
                s,
                "{would}replace  {fact} = {} ({}; was {was}{kept})",
                c.value, c.question
            ),
        };
    }
    s
}

/// The error diagnostics of a text, as `line N: [code] message`.
fn errors(text: &str, config: &dossier_analysis::Config) -> Vec<String> {
    let a = dossier_analysis::analyze(text, config, crate::check::today(config));
    let mut out: Vec<String> = a
        .parse
        .errors
        .iter()
        .map(|e| {
            let line = a
                .line_index
                .line_col(e.range.start, dossier_syntax::Encoding::Utf8)
                .line
                + 1;
            format!("line {line}: [syntax] {}", e.message)
        })
        .collect();
    out.extend(
        a.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .map(|d| {
                let line = a
                    .line_index
                    .line_col(d.range.start, dossier_syntax::Encoding::Utf8)
                    .line
                    + 1;
                format!("line {line}: [{}] {}", d.rule.code(), d.message)
            }),
    );
    out
}

/// The diagnostics `after` has that `before` has not (compared without
/// their lines, which the import moves).
fn new_errors(before: &[String], after: &[String]) -> Vec<String> {
    let strip = |s: &str| s.split_once(": ").map_or(s, |(_, m)| m).to_string();
    let mut old: Vec<String> = before.iter().map(|s| strip(s)).collect();
    let mut out = Vec::new();
    for a in after {
        let m = strip(a);
        if let Some(i) = old.iter().position(|o| *o == m) {
            old.swap_remove(i);
        } else {
            out.push(a.clone());
        }
    }
    out
}

/// Why an import was refused, with the diff it would have made.
#[derive(Debug)]
pub struct Refused {
    pub message: String,
    /// The dossier as the import would have left it.
    pub would_be: Option<String>,
}

impl From<String> for Refused {
    fn from(message: String) -> Refused {
        Refused {
            message,
            would_be: None,
        }
    }
}

/// The whole import on text: the plan, its edits applied, and the check
/// that the result has no new error. What `run` does between reading and
/// writing (the bench times it).
pub fn import_text(
    text: &str,
    rows: &[Row],
    edition: Option<Edition>,
    source: Option<&str>,
    new_source: Option<(NewSource, Day)>,
    overwrite: bool,
    config: &dossier_analysis::Config,
) -> Result<(String, Plan), Refused> {
    let parse = dossier_syntax::parse(text);
    let Some(root) = parse.root.as_ref().filter(|_| parse.errors.is_empty()) else {
        return Err("has YAML errors; run `dossier check` and fix them first"
            .to_string()
            .into());
    };
    let plan = plan(text, root, rows, edition, source, new_source, overwrite)?;
    let out = apply(text, &plan.edits);
    let added = new_errors(&errors(text, config), &errors(&out, config));
    if !added.is_empty() {
        let mut m = format!(
            "the import would leave the dossier with {} new error{}; nothing written:",
            added.len(),
            if added.len() == 1 { "" } else { "s" }
        );
        for a in &added {
            let _ = write!(m, "\n  {a}");
        }
        return Err(Refused {
            message: m,
            would_be: Some(out),
        });
    }
    Ok((out, plan))
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
    let file = abs(answers)?;
    let dir = abs(dossier)?.parent()?.to_path_buf();
    let rel = file.strip_prefix(&dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}

pub fn run(kind: ImportKind) -> ExitCode {
    let ImportKind::Caiq(o) = kind;
    let answers_name = display_path(&o.answers);
    let answer_bytes = match read_file(&o.answers) {
        Ok(b) => b,
        Err(m) => return fail(m),
    };
    let answers = match read_answers(&o.answers, &answer_bytes, o.keep_going) {
        Ok(r) => r,
        Err(m) => return fail(format!("{answers_name}: {m}")),
    };
    let edition = match o.edition.as_deref() {
        None => None,
        Some(e) => match Edition::from_cli(e) {
            Some(e) => Some(e),
            None => {
                return fail(format!(
                "--edition {:?}: not an edition we read (give 3.1, 4.0.3, 4.1, ai-1.0 or ai-1.1.0)",
                clip(e)
            ))
            }
        },
    };
    let config = match Resolver::new(None, None, None).and_then(|r| r.config_for(&o.into)) {
        Ok(a) => (*a.config).clone(),
        Err(m) => return fail(m),
    };
    let retrieved = match o.retrieved.as_deref().map(|d| Day::parse(d).ok_or(d)) {
        Some(Ok(d)) => d,
        Some(Err(d)) => return fail(format!("--retrieved {d}: not a date, write YYYY-MM-DD")),
        None => crate::check::today(&config),
    };
    let into_name = display_path(&o.into);
    let bytes = match read_file(&o.into) {
        Ok(b) => b,
        Err(m) => return fail(m),
    };
    let Ok(text) = std::str::from_utf8(&bytes) else {
        return fail(format!("{into_name}: not UTF-8"));
    };
    let new_source = match (&o.url, &o.source) {
        (_, Some(_)) => None,
        (Some(u), None) => Some((NewSource::Url(u), retrieved)),
        (None, None) => match relative_to_dossier(&o.answers, &o.into) {
            Some(path) => Some((
                NewSource::File {
                    path,
                    sha256: o.pin.then(|| dossier_workspace::sha256_hex(&answer_bytes)),
                },
                retrieved,
            )),
            None => {
                let base = edition
                    .unwrap_or_else(|| {
                        questionnaire::detect(answers.rows.iter().map(|r| r.id.as_str()))
                    })
                    .source_id();
                let has_base = text
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("{base}:")));
                if !has_base {
                    return fail(format!(
                        "{into_name}: the dossier has no source {base}, and {answers_name} is not in the dossier's folder, so it cannot be cited as a file: give --url (where the answers are), or --source ID"
                    ));
                }
                None
            }
        },
    };
    let (out, plan) = match import_text(
        text,
        &answers.rows,
        edition,
        o.source.as_deref(),
        new_source,
        o.overwrite,
        &config,
    ) {
        Ok(r) => r,
        Err(refused) => {
            if let (true, Some(would)) = (o.dry_run, refused.would_be.as_deref()) {
                let _ = crate::stdout::print(&dry_run_diff(&into_name, text, would));
            }
            return fail(format!("{into_name}: {}", refused.message));
        }
    };
    // The dossier is written before anything is printed: a reader that
    // goes away (`| head`) or a full stdout cannot cost the import.
    if !o.dry_run && out != text {
        if let Err(m) = crate::files::write_atomic(&o.into, out.as_bytes()) {
            return fail(m);
        }
    }
    let mut report = describe(&plan, &answers, o.dry_run);
    report.push_str(&describe_coverage(&coverage(&out, &plan, &answers.rows)));
    if o.dry_run {
        report.push_str(&dry_run_diff(&into_name, text, &out));
    }
    let mut stdout = crate::stdout::Out::stdout();
    let _ = stdout.write_all(report.as_bytes());
    let _ = stdout.flush();
    ExitCode::SUCCESS
}
