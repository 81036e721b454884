//! `dossier import caiq ANSWERS --into DOSSIER`: a vendor's filled CAIQ or
//! AI-CAIQ (CSV or JSON) becomes cited facts, as minimal text edits on the
//! dossier (comments and layout stay).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use dossier_analysis::Severity;
use dossier_schema::catalogue::NOT_DISCLOSED;
use dossier_schema::dates::Day;
use dossier_schema::questionnaire::{self, Answer, Edition};
use dossier_score::questions::yaml_string;
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
    /// A filled CSA CAIQ v4.0.x / v4.1 or AI-CAIQ (.xlsx, .csv or .json).
    Caiq(CaiqOptions),
}

#[derive(clap::Args)]
pub struct CaiqOptions {
    /// The vendor's answers: CSA's .xlsx workbook as the vendor filled it,
    /// .csv (CSA's columns: question id, answer, ownership, implementation
    /// description) or .json (a list of objects with those keys).
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
    /// Where the answers can be found (required when a source is added).
    #[arg(long)]
    pub url: Option<String>,
    /// Print the report and the change as a unified diff; write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Replace facts whose value disagrees with an answer.
    #[arg(long)]
    pub overwrite: bool,
}

/// One answered question.
#[derive(Clone, Debug)]
pub struct Row {
    /// Where it is, for messages (`row 7`, `item 3`).
    pub place: String,
    pub id: String,
    pub answer: Answer,
    pub ownership: Option<String>,
    pub note: Option<String>,
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
    Answer,
    Ownership,
    Note,
}

/// Which column a header names, by its words (never by position).
fn column_of(header: &str) -> Option<Col> {
    let h = norm(header);
    if h == "id" || h == "questionid" || h.ends_with("questionid") {
        Some(Col::Id)
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

/// The header row of a table: the first (of the first 50) that names a
/// question id column and an answer column.
fn header_row(table: &[(String, Vec<String>)]) -> Option<usize> {
    table.iter().take(50).position(|(_, cells)| {
        let cols: Vec<_> = cells.iter().filter_map(|c| column_of(c)).collect();
        cols.contains(&Col::Id) && cols.contains(&Col::Answer)
    })
}

const NO_HEADER: &str = "no header row with a question id column and an answer column (looked for \
     \"Question ID\" and \"Answer\" in the first 50 rows)";

/// Rows from a table whose header row is found by its column names.
pub fn rows_from_table(table: &[(String, Vec<String>)]) -> Result<Vec<Row>, String> {
    rows_with_places(table, &|i, _| table[i].0.clone())
}

fn rows_with_places(table: &[(String, Vec<String>)], cell: CellPlace) -> Result<Vec<Row>, String> {
    let Some(h) = header_row(table) else {
        return Err(NO_HEADER.into());
    };
    let mut cols: BTreeMap<usize, Col> = BTreeMap::new();
    for (i, c) in table[h].1.iter().enumerate() {
        if let Some(col) = column_of(c) {
            if !cols.values().any(|&v| v == col) {
                cols.insert(i, col);
            }
        }
    }
    let index = |want: Col| cols.iter().find(|(_, &c)| c == want).map(|(&i, _)| i);
    let mut rows = Vec::new();
    for (i, (place, cells)) in table.iter().enumerate().skip(h + 1) {
        let get = |want: Col| {
            index(want)
                .and_then(|i| cells.get(i))
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
        };
        let id_place = cell(i, index(Col::Id).unwrap_or(0));
        let answer_place = cell(i, index(Col::Answer).unwrap_or(0));
        rows.extend(make_row(
            place,
            [&id_place, &answer_place],
            get(Col::Id),
            get(Col::Answer),
            get(Col::Ownership),
            get(Col::Note),
        )?);
    }
    Ok(rows)
}

/// The answered questions of a workbook: the first sheet with a header
/// row naming a question id column and an answer column.
fn xlsx_rows(bytes: &[u8]) -> Result<Vec<Row>, String> {
    let sheets = crate::caiq_xlsx::read_sheets(bytes)?;
    if sheets.iter().all(|s| s.rows.is_empty()) {
        return Err("every sheet of the workbook is empty".into());
    }
    for sheet in &sheets {
        let numbers: Vec<u32> = sheet.rows.keys().copied().collect();
        let table: Table = sheet
            .rows
            .iter()
            .map(|(r, cells)| (format!("sheet {:?}, row {r}", sheet.name), cells.clone()))
            .collect();
        if header_row(&table).is_none() {
            continue;
        }
        let rows = rows_with_places(&table, &|i, col| {
            format!(
                "sheet {:?}, cell {}{}",
                sheet.name,
                crate::caiq_xlsx::column_letters(col as u32),
                numbers[i]
            )
        })?;
        if rows.is_empty() {
            return Err(format!("sheet {:?}: no answered questions", sheet.name));
        }
        return Ok(rows);
    }
    let names: Vec<String> = sheets.iter().map(|s| format!("{:?}", s.name)).collect();
    Err(format!(
        "no sheet has a header row with a question id column and an answer column (sheets: {})",
        names.join(", ")
    ))
}

fn make_row(
    place: &str,
    [id_place, answer_place]: [&str; 2],
    id: Option<String>,
    answer: Option<String>,
    ownership: Option<String>,
    note: Option<String>,
) -> Result<Option<Row>, String> {
    // Rows without an id are headings or blank lines in CSA's sheet.
    let Some(id) = id else { return Ok(None) };
    if !questionnaire::is_known_id(&id) {
        return Err(format!(
            "{id_place}: {id:?} is not a CAIQ or AI-CAIQ question id (like CEK-03.1)"
        ));
    }
    // An unanswered question says nothing.
    let Some(word) = answer else { return Ok(None) };
    let answer = Answer::parse(&word)
        .ok_or_else(|| format!("{answer_place}: answer {word:?} to {id}: write Yes, No or NA"))?;
    Ok(Some(Row {
        place: place.to_string(),
        id,
        answer,
        ownership,
        note,
    }))
}

fn csv_table(text: &str) -> Result<Vec<(String, Vec<String>)>, String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
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

fn json_rows(text: &str) -> Result<Vec<Row>, String> {
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
    let mut rows = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let place = format!("item {}", i + 1);
        let serde_json::Value::Object(o) = item else {
            return Err(format!(
                "{place}: expected an object with \"id\" and \"answer\""
            ));
        };
        let mut found: BTreeMap<&'static str, String> = BTreeMap::new();
        for (k, val) in o {
            let name = match column_of(k) {
                Some(Col::Id) => "id",
                Some(Col::Answer) => "answer",
                Some(Col::Ownership) => "ownership",
                Some(Col::Note) => "note",
                None => return Err(format!("{place}: unknown key {k:?} (expected id, answer, ownership, implementation_description)")),
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
        if !found.contains_key("id") {
            return Err(format!("{place}: no question id"));
        }
        rows.extend(make_row(
            &place,
            [&place, &place],
            found.remove("id"),
            found.remove("answer"),
            found.remove("ownership"),
            found.remove("note"),
        )?);
    }
    Ok(rows)
}

/// The answered questions of a file, by its extension.
pub fn read_answers(path: &Path, bytes: &[u8]) -> Result<Vec<Row>, String> {
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .unwrap_or_default();
    if ext == "xlsx" {
        return check_rows(xlsx_rows(bytes)?);
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1;
        format!("line {line}: not UTF-8 (save the file as UTF-8)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let rows = match ext.as_str() {
        "csv" => rows_from_table(&csv_table(text)?)?,
        "json" => json_rows(text)?,
        other => {
            return Err(format!(
                "unsupported file type {other:?}: give a .xlsx, .csv or .json file"
            ))
        }
    };
    check_rows(rows)
}

/// At least one answer, and no question answered twice.
fn check_rows(rows: Vec<Row>) -> Result<Vec<Row>, String> {
    if rows.is_empty() {
        return Err("no answered questions".into());
    }
    let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
    for r in &rows {
        if let Some(first) = seen.insert(&r.id, &r.place) {
            return Err(format!(
                "{}: {} is answered twice (first at {first})",
                r.place, r.id
            ));
        }
    }
    Ok(rows)
}

/// What an import does to one fact.
#[derive(Debug)]
pub enum Outcome {
    Filled { was: Option<String> },
    Unchanged,
    Conflict { has: String },
    Replaced { was: String },
}

#[derive(Debug)]
pub struct Change {
    pub section: &'static str,
    pub key: &'static str,
    pub value: &'static str,
    pub question: String,
    pub outcome: Outcome,
}

pub struct Plan {
    pub edition: Edition,
    pub source: String,
    pub source_added: bool,
    pub changes: Vec<Change>,
    /// The answers recorded under `questionnaires`.
    pub record: Record,
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

/// The end of a block mapping's last entry line (where new entries go).
fn after_last(text: &str, node: &Node) -> Option<(usize, usize)> {
    let m = node.as_mapping()?;
    if m.flow {
        return None;
    }
    let first = m.entries.first()?;
    let last = m.entries.last()?;
    Some((
        line_end(text, last.value.range.end.max(last.key.range.end)),
        col(text, first.key.range.start),
    ))
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

/// The facts the answers establish and the text edits that record them.
pub fn plan(
    text: &str,
    root: &Node,
    rows: &[Row],
    source: Option<&str>,
    new_source: Option<(&str, Day)>,
    overwrite: bool,
) -> Result<Plan, String> {
    let edition = questionnaire::detect(rows.iter().map(|r| r.id.as_str()));
    let nl = newline(text);
    let mut edits: Vec<(TextRange, String)> = Vec::new();
    let sources = root.value("sources");
    let (source, source_added) = match source {
        Some(id) => {
            if sources.and_then(|s| s.get(id)).is_none() {
                return Err(format!("--source {id}: the dossier has no such source"));
            }
            (id.to_string(), false)
        }
        None => {
            let id = edition.source_id();
            if sources.and_then(|s| s.get(id)).is_some() {
                (id.to_string(), false)
            } else {
                let (url, day) = new_source.ok_or_else(|| {
                    format!("the dossier has no source {id}: give --url (where the answers are) or --source ID")
                })?;
                let body = |pad: &str| {
                    format!(
                        "{pad}{id}:{nl}{pad}  url: {}{nl}{pad}  title: {}{nl}{pad}  kind: vendor_response{nl}{pad}  retrieved: {day}",
                        yaml_string(url),
                        yaml_string(&edition.title())
                    )
                };
                match sources.map(|s| (s, after_last(text, s))) {
                    Some((_, Some((at, c)))) => {
                        edits.push((TextRange::empty(at), format!("{nl}{}", body(&" ".repeat(c)))))
                    }
                    Some(_) => return Err("`sources` is not a block mapping: add the source by hand and pass --source".into()),
                    None => {
                        let sep = if text.is_empty() || text.ends_with('\n') { "" } else { nl };
                        edits.push((TextRange::empty(text.len()), format!("{sep}sources:{nl}{}{nl}", body("  "))));
                    }
                }
                (id.to_string(), true)
            }
        }
    };

    // First answer wins for a fact fed by several questions.
    let mut wanted: Vec<(&'static questionnaire::Link, &Row, &'static str)> = Vec::new();
    for r in rows {
        for l in questionnaire::links(edition, &r.id) {
            if let Some(v) = l.value_for(r.answer) {
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
        let mut detail = format!("{} {}: {}", edition.name(), r.id, r.answer.label());
        if let Some(n) = &r.note {
            let _ = write!(detail, " — {}", shorten(n, 120));
        }
        let flow = format!(
            "{{value: {v}, cite: {source}, detail: {}}}",
            yaml_string(&detail)
        );
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
        let mut change = Change {
            section: l.section,
            key: l.key,
            value: v,
            question: r.id.clone(),
            outcome: Outcome::Unchanged,
        };
        match (node, current) {
            (None, _) => {
                new_in_section
                    .entry(l.section)
                    .or_default()
                    .push(format!("{}: {flow}", l.key));
                change.outcome = Outcome::Filled { was: None };
            }
            (Some(_), Some(c)) if c == v => {}
            (Some(n), c) => {
                let blank = c.as_deref().is_none_or(|c| c == NOT_DISCLOSED);
                if !blank && !overwrite {
                    change.outcome = Outcome::Conflict {
                        has: c.unwrap_or_default(),
                    };
                } else {
                    // From the colon, so a block mapping becomes one line.
                    let key_end = entry.map_or(n.range.start, |e| e.key.range.end);
                    let colon = text[key_end..n.range.start]
                        .find(':')
                        .map_or(n.range.start, |i| key_end + i + 1);
                    edits.push((TextRange::new(colon, n.range.end), format!(" {flow}")));
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
        source,
        source_added,
        changes,
        record,
        edits,
    })
}

/// A string as YAML: plain when it is a simple word or phrase, otherwise
/// double-quoted with escapes (so any text the vendor wrote reads back
/// exactly, and no parse is needed to decide).
fn yaml_text(s: &str) -> String {
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
            c if c.is_control() || matches!(c, '\u{85}' | '\u{2028}' | '\u{2029}' | '\u{feff}') => {
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
    let mut s = format!("{{answer: {}", r.answer.word());
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
    field("answer").and_then(Answer::parse) == Some(r.answer)
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
    let id = edition.source_id();
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
            yaml_string(edition.version()),
        );
        for r in rows {
            let _ = write!(body, "{nl}{pad}    {}: {}", r.id, answer_flow(r));
        }
        if at == text.len() {
            body.push_str(nl);
        }
        edits.push((TextRange::empty(at), body));
        record.added = true;
        record.new = rows.len();
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
    for r in rows {
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
    /// Facts an answer established (filled, or already the same), as
    /// `section.key`.
    pub established: Vec<String>,
    /// Catalogue facts still `not_disclosed` (or absent) that a question of
    /// this questionnaire bears on: what to ask the vendor about.
    pub open: Vec<(String, String)>,
    /// Catalogue facts the dossier states as `not_disclosed`, all told.
    pub not_disclosed: usize,
    /// "No" answers on heavily weighted facts: question, fact, risk points.
    pub heavy_no: Vec<(String, String, f64)>,
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
            Outcome::Filled { .. } | Outcome::Unchanged | Outcome::Replaced { .. }
        ) {
            c.established.push(format!("{}.{}", ch.section, ch.key));
        }
    }
    let parse = dossier_syntax::parse(after);
    let mut words: BTreeMap<(String, String), String> = BTreeMap::new();
    if let Some(root) = parse.root.as_ref() {
        for f in dossier_schema::view::DossierView::new(root).facts() {
            if f.def.is_none() {
                continue;
            }
            if let Some(w) = f.word() {
                words.insert((f.section.to_string(), f.key.to_string()), w.to_string());
            }
        }
    }
    c.not_disclosed = words.values().filter(|w| *w == NOT_DISCLOSED).count();
    let answered: BTreeMap<&str, &Row> = rows.iter().map(|r| (r.id.as_str(), r)).collect();
    for l in questionnaire::LINKS
        .iter()
        .filter(|l| l.editions.contains(&plan.edition))
    {
        let path = format!("{}.{}", l.section, l.key);
        let open = words
            .get(&(l.section.to_string(), l.key.to_string()))
            .is_none_or(|w| w == NOT_DISCLOSED);
        if open && !c.open.iter().any(|(p, _)| *p == path) {
            c.open.push((path.clone(), l.question.to_string()));
        }
        if let Some(r) = answered.get(l.question).filter(|r| r.answer == Answer::No) {
            if let Some(w) = no_weight(l).filter(|w| *w >= HEAVY) {
                c.heavy_no.push((r.id.clone(), path, w));
            }
        }
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
    s
}

/// The report of a plan, one line per fact.
pub fn describe(plan: &Plan, rows: usize, dry_run: bool) -> String {
    let mut s = String::new();
    let would = if dry_run { "would " } else { "" };
    let _ = writeln!(
        s,
        "{} v{} detected ({rows} answers)",
        plan.edition.name(),
        plan.edition.version()
    );
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
        let _ = match &c.outcome {
            Outcome::Filled { was } => writeln!(
                s,
                "{would}fill     {fact} = {} ({}; was {})",
                c.value,
                c.question,
                was.as_deref().unwrap_or("absent")
            ),
            Outcome::Unchanged => writeln!(s, "unchanged {fact} = {} ({})", c.value, c.question),
            Outcome::Conflict { has } => writeln!(
                s,
                "conflict {fact}: the dossier says {has}, {} answers {} (kept; --overwrite replaces)",
                c.question, c.value
            ),
            Outcome::Replaced { was } => writeln!(
                s,
                "{would}replace  {fact} = {} ({}; was {was})",
                c.value, c.question
            ),
        };
    }
    s
}

fn errors(text: &str, config: &dossier_analysis::Config) -> (usize, usize) {
    let a = dossier_analysis::analyze(text, config, crate::check::today(config));
    let errs = a
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (a.parse.errors.len(), errs)
}

/// The whole import on text: the plan, its edits applied, and the check
/// that the result has no new error. What `run` does between reading and
/// writing (the bench times it).
pub fn import_text(
    text: &str,
    rows: &[Row],
    source: Option<&str>,
    new_source: Option<(&str, Day)>,
    overwrite: bool,
    config: &dossier_analysis::Config,
) -> Result<(String, Plan), String> {
    let parse = dossier_syntax::parse(text);
    let Some(root) = parse.root.as_ref().filter(|_| parse.errors.is_empty()) else {
        return Err("has YAML errors; run `dossier check` and fix them first".into());
    };
    let plan = plan(text, root, rows, source, new_source, overwrite)?;
    let out = apply(text, &plan.edits);
    let before = errors(text, config);
    let after = errors(&out, config);
    if after.0 > before.0 || after.1 > before.1 {
        return Err("the import would leave the dossier with new errors; nothing written".into());
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

pub fn run(kind: ImportKind) -> ExitCode {
    let ImportKind::Caiq(o) = kind;
    let answers_name = display_path(&o.answers);
    let rows = match read_file(&o.answers)
        .and_then(|b| read_answers(&o.answers, &b).map_err(|m| format!("{answers_name}: {m}")))
    {
        Ok(r) => r,
        Err(m) => return fail(m),
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
    let (out, plan) = match import_text(
        text,
        &rows,
        o.source.as_deref(),
        o.url.as_deref().map(|u| (u, retrieved)),
        o.overwrite,
        &config,
    ) {
        Ok(r) => r,
        Err(m) => return fail(format!("{into_name}: {m}")),
    };
    print!("{}", describe(&plan, rows.len(), o.dry_run));
    print!("{}", describe_coverage(&coverage(&out, &plan, &rows)));
    if o.dry_run {
        print!("{}", dry_run_diff(&into_name, text, &out));
        return ExitCode::SUCCESS;
    }
    if out == text {
        return ExitCode::SUCCESS;
    }
    match crate::files::write_atomic(&o.into, out.as_bytes()) {
        Ok(()) => ExitCode::SUCCESS,
        Err(m) => fail(m),
    }
}
