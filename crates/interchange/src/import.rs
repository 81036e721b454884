//! `dossier import caiq`: a vendor's answers become cited facts, as
//! minimal text edits on the dossier (comments, layout and the analyst's
//! own fields stay), and the answers are kept under `questionnaires`. The
//! plan is data (`Plan`: what happens to each fact, and the edits); the
//! CLI writes the edited text, the server offers it as a workspace edit.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use dossier_analysis::Severity;
use dossier_schema::catalogue::NOT_DISCLOSED;
use dossier_schema::dates::Day;
use dossier_schema::questionnaire::{self, Answer, Edition};
use dossier_syntax::emit::{self, column as col, line_end, line_start, newline};
use dossier_syntax::{Node, NodeKind, TextRange};

use crate::answers::{Answers, Row};

/// Why an import cannot be made: the place in the dossier at fault (a
/// fact, a section, a source id) is in the message.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("has YAML errors; run `dossier check` and fix them first")]
    YamlErrors,
    #[error("--source {id}: the dossier has no such source")]
    UnknownSource { id: String },
    #[error("the dossier has sources {base} and {dated} for other documents: give --source ID")]
    SourcesTaken { base: String, dated: String },
    #[error("`sources` is not a block mapping: add the source by hand and pass --source")]
    SourcesNotBlock,
    #[error("the dossier has no source {id}: give --url (where the answers are), or --source ID")]
    NoSource { id: String },
    #[error(
        "the dossier has no source {id}, and {answers} is not in the dossier's folder, so it cannot be cited as a file: give --url (where the answers are), or --source ID"
    )]
    NotCitable { id: String, answers: String },
    #[error("facts.{section}.{key}: {problem}")]
    Fact {
        section: &'static str,
        key: &'static str,
        problem: &'static str,
    },
    #[error("facts.{section} is not a block mapping: fill it by hand")]
    SectionNotBlock { section: &'static str },
    #[error("`facts` is empty or a flow mapping: write `facts:` with one section first")]
    FactsEmpty,
    #[error("`facts` is not a block mapping")]
    FactsNotBlock,
    #[error("`questionnaires` is not a block list: fix it by hand first")]
    QuestionnairesNotBlock,
    #[error("`questionnaires:` has no entries: remove the empty key or add one by hand")]
    QuestionnairesEmpty,
    #[error("`questionnaires` entry {id}: `answers` is missing, empty or a flow mapping: fix it by hand first")]
    EntryAnswers { id: String },
    /// The edits would add errors (`line N: [code] message` each); the
    /// text as the import would have left it.
    #[error(
        "the import would leave the dossier with {} new error{}; nothing written:{}",
        .errors.len(),
        if .errors.len() == 1 { "" } else { "s" },
        .errors.iter().map(|e| format!("\n  {e}")).collect::<String>()
    )]
    NewErrors {
        errors: Vec<String>,
        would_be: String,
    },
}

impl ImportError {
    /// The dossier as the import would have left it, when the import was
    /// refused for the errors it would add.
    pub fn would_be(&self) -> Option<&str> {
        match self {
            ImportError::NewErrors { would_be, .. } => Some(would_be),
            _ => None,
        }
    }
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
) -> Result<(), &'static str> {
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
        Some(_) => return Err("its `value` is not a single word"),
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
) -> Result<(String, bool, Option<String>), ImportError> {
    let nl = newline(text);
    let sources = root.value("sources");
    if let Some(id) = source {
        if sources.and_then(|s| s.get(id)).is_none() {
            return Err(ImportError::UnknownSource { id: id.to_string() });
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
            return Err(ImportError::SourcesTaken {
                base: base.to_string(),
                dated,
            });
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
                let _ = write!(b, "{pad}  url: {}{nl}", emit::scalar(u));
            }
            NewSource::File { path, sha256 } => {
                let _ = write!(b, "{pad}  file: {}{nl}", emit::scalar(path));
                if let Some(h) = sha256 {
                    let _ = write!(b, "{pad}  sha256: {h}{nl}");
                }
            }
        }
        let _ = write!(
            b,
            "{pad}  title: {}{nl}{pad}  kind: vendor_response{nl}{pad}  retrieved: {day}",
            emit::scalar(&edition.title())
        );
        b
    };
    match sources.map(|s| (s, after_last(text, s))) {
        Some((_, Some((at, c)))) => edits.push((
            TextRange::empty(at),
            format!("{nl}{}", body(&" ".repeat(c))),
        )),
        Some(_) => return Err(ImportError::SourcesNotBlock),
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
) -> Result<Plan, ImportError> {
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
            return Err(ImportError::NoSource {
                id: edition.source_id().to_string(),
            })
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
        // Written in a flow mapping and as a block value: quoted for both.
        let detail = emit::flow_scalar(&detail);
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
        // Write the answer into the fact `n` (the value, a citation of the
        // answer sheet, the description as `detail`).
        let set = |n: &Node, edits: &mut Vec<(TextRange, String)>| {
            set_fact(
                text,
                entry.expect("entry"),
                n,
                v,
                &source,
                &detail,
                &flow,
                nl,
                edits,
            )
            .map_err(|problem| ImportError::Fact {
                section: l.section,
                key: l.key,
                problem,
            })
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
                    set(n, &mut edits)?;
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
                    set(n, &mut edits)?;
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
            Some(None) => return Err(ImportError::SectionNotBlock { section }),
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
                return Err(ImportError::FactsEmpty);
            }
            Some(_) => return Err(ImportError::FactsNotBlock),
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
) -> Result<(), &'static str> {
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

/// One answer as a flow mapping (`{answer: yes, ownership: …, note: …}`).
fn answer_flow(r: &Row) -> String {
    let a = r.answer.expect("answered");
    let mut s = format!("{{answer: {}", a.word());
    if let Some(t) = &r.text {
        let _ = write!(s, ", text: {}", emit::flow_scalar(t));
    }
    if let Some(o) = &r.ownership {
        let _ = write!(s, ", ownership: {}", emit::flow_scalar(o));
    }
    if let Some(n) = &r.note {
        let _ = write!(s, ", note: {}", emit::flow_scalar(n));
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
) -> Result<Record, ImportError> {
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
                .ok_or(ImportError::QuestionnairesNotBlock)?,
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
                    .ok_or(ImportError::QuestionnairesNotBlock)?;
                (line_end(text, last.range.end), dash, nl.to_string())
            }
            _ => {
                if list.is_some() {
                    return Err(ImportError::QuestionnairesEmpty);
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
            emit::scalar(edition.version()),
        );
        for r in rows.iter().filter(|r| r.answer.is_some()) {
            let _ = write!(
                body,
                "{nl}{pad}    {}: {}",
                emit::key(&r.id),
                answer_flow(r)
            );
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
        return Err(ImportError::EntryAnswers { id: id.to_string() });
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
                let _ = write!(added, "{nl}{pad}{}: {}", emit::key(&r.id), answer_flow(r));
                record.new += 1;
            }
        }
    }
    if !added.is_empty() {
        edits.push((TextRange::empty(at), added));
    }
    Ok(record)
}

/// The edits [`apply`] applies, in the order it applies them: by offset
/// (inserts at one offset keep their order), each one that overlaps an
/// earlier one left out. What the server sends as a workspace edit.
pub fn ordered_edits(edits: &[(TextRange, String)]) -> Vec<(TextRange, &str)> {
    let mut order: Vec<usize> = (0..edits.len()).collect();
    order.sort_by_key(|&i| (edits[i].0.start, i));
    let mut out = Vec::with_capacity(edits.len());
    let mut at = 0;
    for i in order {
        let (r, t) = &edits[i];
        if r.start < at {
            continue;
        }
        out.push((*r, t.as_str()));
        at = r.end;
    }
    out
}

/// Apply edits (non-overlapping; inserts at one offset keep their order).
pub fn apply(text: &str, edits: &[(TextRange, String)]) -> String {
    let mut out = String::with_capacity(text.len() + 256);
    let mut at = 0;
    for (r, t) in ordered_edits(edits) {
        out.push_str(&text[at..r.start]);
        out.push_str(t);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
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
fn errors(text: &str, config: &dossier_analysis::Config, today: Day) -> Vec<String> {
    let a = dossier_analysis::analyze(text, config, today);
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

/// The whole import on text: the plan, its edits applied, and the check
/// that the result has no new error (analysed as of `today`). What the
/// CLI and the server do between reading and writing (the bench times it).
#[allow(clippy::too_many_arguments)]
pub fn import_text(
    text: &str,
    rows: &[Row],
    edition: Option<Edition>,
    source: Option<&str>,
    new_source: Option<(NewSource, Day)>,
    overwrite: bool,
    config: &dossier_analysis::Config,
    today: Day,
) -> Result<(String, Plan), ImportError> {
    let parse = dossier_syntax::parse(text);
    let Some(root) = parse.root.as_ref().filter(|_| parse.errors.is_empty()) else {
        return Err(ImportError::YamlErrors);
    };
    let plan = plan(text, root, rows, edition, source, new_source, overwrite)?;
    let out = apply(text, &plan.edits);
    let errors = new_errors(&errors(text, config, today), &errors(&out, config, today));
    if !errors.is_empty() {
        return Err(ImportError::NewErrors {
            errors,
            would_be: out,
        });
    }
    Ok((out, plan))
}

/// The answer file's path as a dossier's `file:` source gives it:
/// relative to the dossier's folder, with forward slashes; `None` when the
/// file is not under that folder. Both paths as the caller resolved them
/// (canonical: this reads nothing).
pub fn relative_source_path(
    answers: &std::path::Path,
    dossier: &std::path::Path,
) -> Option<String> {
    let dir = dossier.parent()?;
    let rel = answers.strip_prefix(dir).ok()?;
    let parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_str().map(str::to_string))
        .collect::<Option<_>>()?;
    Some(parts.join("/"))
}

/// What to import and how, as the CLI's options and the server's command
/// arguments give it.
#[derive(Clone, Debug, Default)]
pub struct Request<'a> {
    /// The answer file as the user named it (for messages).
    pub answers_name: &'a str,
    /// The answer file's path relative to the dossier's folder, with
    /// forward slashes, when it lies under that folder (the new source
    /// then cites it as `file:`).
    pub relative_path: Option<String>,
    /// The answer file's SHA-256, to pin it in the added source.
    pub sha256: Option<String>,
    /// Cite this existing source instead of adding one.
    pub source: Option<&'a str>,
    /// Where the answers can be found (the added source's `url`).
    pub url: Option<&'a str>,
    /// When the answers were received.
    pub retrieved: Option<Day>,
    /// The edition, instead of detecting it from the ids.
    pub edition: Option<Edition>,
    /// Replace facts whose value disagrees with an answer.
    pub overwrite: bool,
}

/// What an import made: the new text, the plan (whose `edits` turn the old
/// text into the new one), and the report an analyst reads.
pub struct Imported {
    pub text: String,
    pub plan: Plan,
    /// [`describe`] and the coverage, one line per fact.
    pub report: String,
}

/// The import of `answers` into the dossier `text`, as of `today`: which
/// source to cite (a new one for the answer file, by URL or by path), the
/// plan, its edits applied and checked, and the report. `dry_run` only
/// changes the report's wording (`would fill`).
pub fn import(
    text: &str,
    answers: &Answers,
    request: &Request,
    config: &dossier_analysis::Config,
    today: Day,
    dry_run: bool,
) -> Result<Imported, ImportError> {
    let retrieved = request.retrieved.unwrap_or(today);
    let new_source = match (request.url, request.source) {
        (_, Some(_)) => None,
        (Some(u), None) => Some((NewSource::Url(u), retrieved)),
        (None, None) => match &request.relative_path {
            Some(path) => Some((
                NewSource::File {
                    path: path.clone(),
                    sha256: request.sha256.clone(),
                },
                retrieved,
            )),
            None => {
                let base = request
                    .edition
                    .unwrap_or_else(|| {
                        questionnaire::detect(answers.rows.iter().map(|r| r.id.as_str()))
                    })
                    .source_id();
                let has_base = text
                    .lines()
                    .any(|l| l.trim_start().starts_with(&format!("{base}:")));
                if !has_base {
                    return Err(ImportError::NotCitable {
                        id: base.to_string(),
                        answers: request.answers_name.to_string(),
                    });
                }
                None
            }
        },
    };
    let (out, plan) = import_text(
        text,
        &answers.rows,
        request.edition,
        request.source,
        new_source,
        request.overwrite,
        config,
        today,
    )?;
    let mut report = describe(&plan, answers, dry_run);
    report.push_str(&crate::coverage::describe_coverage(
        &crate::coverage::coverage(&out, &plan, &answers.rows),
    ));
    Ok(Imported {
        text: out,
        plan,
        report,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fact_that_cannot_be_edited_is_named() {
        let text = "dossier: 1\nsources:\n  s:\n    url: https://example.com\nfacts:\n  data_handling:\n    encryption_at_rest:\n      value: [a, b]\n";
        let answers =
            crate::read_answers("csv", b"Question ID,Answer\nCEK-03.1,Yes\n", false).unwrap();
        let day = Day::parse("2026-11-24").unwrap();
        let e = import_text(
            text,
            &answers.rows,
            Some(Edition::Caiq40),
            Some("s"),
            None,
            false,
            &dossier_analysis::Config::default(),
            day,
        )
        .err()
        .expect("refused");
        assert!(
            matches!(
                e,
                ImportError::Fact {
                    section: "data_handling",
                    key: "encryption_at_rest",
                    ..
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            e.to_string(),
            "facts.data_handling.encryption_at_rest: its `value` is not a single word"
        );
        let e = import_text(
            text,
            &answers.rows,
            Some(Edition::Caiq40),
            Some("nope"),
            None,
            false,
            &dossier_analysis::Config::default(),
            day,
        )
        .err()
        .expect("refused");
        assert!(
            matches!(&e, ImportError::UnknownSource { id } if id == "nope"),
            "{e:?}"
        );
    }

    #[test]
    fn ordered_edits_are_what_apply_applies() {
        let edits = vec![
            (TextRange::empty(4), "b".to_string()),
            (TextRange::new(0, 2), "X".to_string()),
            (TextRange::empty(4), "c".to_string()),
            (TextRange::new(1, 3), "overlaps".to_string()),
        ];
        let order: Vec<&str> = ordered_edits(&edits).iter().map(|(_, t)| *t).collect();
        assert_eq!(order, ["X", "b", "c"]);
        assert_eq!(apply("abcdef", &edits), "Xcdbcef");
    }
}
