//! Change review: what changed between two versions of a dossier, in risk
//! terms, keyed by identity rather than by line.
//!
//! Facts are matched by `section.key`; sources, attestations, findings,
//! incidents and questions by `id`. A source that keeps its URL under a new
//! id is a rename (and citations of the old id count as citations of the
//! new one). Values are compared after normalising: the shorthand
//! `key: yes` and the full form `{value: yes}` are the same value, a single
//! `cite: a` is the list `[a]`, `30` is `"30"`.
//!
//! Invariant (see ARCHITECTURE.md): **the explanation adds up to the
//! delta.** The changed contributions of a [`ScoreMovement`] sum to the
//! change in the composite (up to floating-point rounding), and the cents
//! shown by [`ScoreMovement::shown_cents`] sum to the cents of the delta
//! exactly. `dossier diff` and `dossier render --format markdown --baseline`
//! both render a [`FileDiff`] from [`diff`]; neither recomputes anything.

mod render;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use dossier_analysis::{Analysis, Config};
use dossier_schema::dates::{Day, Written};
use dossier_schema::types::{AnswerWord, QuestionStatus};
use dossier_schema::view::{DossierView, FactView};
use dossier_score::{Band, Contribution, ContributionKind, Dimension, ScoreReport};
use dossier_syntax::{Encoding, LineIndex, Node, NodeKind, Parse};
use serde::Serialize;
use serde_json::Value;

pub use render::{
    escape_markdown, markdown_body, render_human, render_json, render_markdown, JSON_VERSION,
};

/// One version of one dossier, read for comparison: parsed and scored, but
/// not validated (the diff needs the tree and the score, not the rules).
#[derive(Debug)]
pub struct Snapshot {
    /// Where this version comes from, as shown: a file name, `HEAD`, `working tree`.
    pub label: String,
    pub parse: Parse,
    /// Why the version cannot be compared (a syntax error, not a mapping).
    pub unparseable: Option<String>,
    pub score: Option<ScoreReport>,
    pub today: Day,
    /// The version's error-severity diagnostics (`rule: message`), for the
    /// gate's "a new error appears".
    pub errors: Vec<String>,
}

/// The error-severity diagnostics of an analysis, as compared across
/// versions: `rule: message`.
fn error_keys(analysis: &Analysis) -> Vec<String> {
    analysis
        .diagnostics
        .iter()
        .filter(|d| d.severity == dossier_analysis::Severity::Error)
        .map(|d| format!("{}: {}", d.rule.code(), d.message))
        .collect()
}

impl Snapshot {
    /// Read a version's bytes as `dossier check` would (same profile and
    /// freshness windows from `config`), as of `today`.
    pub fn read(label: impl Into<String>, bytes: &[u8], config: &Config, today: Day) -> Snapshot {
        let label = label.into();
        let text = match dossier_syntax::decode(bytes) {
            Ok(t) => t,
            Err((_, err)) => {
                return Snapshot {
                    label,
                    parse: Parse::default(),
                    unparseable: Some(err.message),
                    score: None,
                    today,
                    errors: Vec::new(),
                }
            }
        };
        // Read as `dossier check` reads it: the score for the movement, the
        // errors for the gate.
        let analysis = dossier_analysis::analyze(text, config, today);
        let errors = error_keys(&analysis);
        let unparseable = if analysis.parse.refused && analysis.parse.errors.is_empty() {
            analysis
                .diagnostics
                .iter()
                .find(|d| d.rule == dossier_analysis::Rule::Syntax)
                .map(|d| d.message.clone())
        } else {
            unparseable_reason(text, &analysis.parse)
        };
        let score = match unparseable {
            None => analysis.score,
            Some(_) => None,
        };
        Snapshot {
            label,
            parse: analysis.parse,
            unparseable,
            score,
            today,
            errors,
        }
    }

    /// Read a version for its score alone, as [`Snapshot::read`] scores it
    /// but without running the rules (`errors` stays empty): a portfolio's
    /// history reads every dossier of every commit shown.
    pub fn scored(label: impl Into<String>, bytes: &[u8], config: &Config, today: Day) -> Snapshot {
        let label = label.into();
        let text = match dossier_syntax::decode(bytes) {
            Ok(t) => t,
            Err((_, err)) => return Snapshot::unreadable(label, err.message, today),
        };
        let scored = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            dossier_analysis::score_text(text, config, today)
        }));
        let Ok((parse, score)) = scored else {
            return Snapshot::unreadable(label, "an internal error while reading it", today);
        };
        let unparseable = if parse.refused {
            Some(parse.errors.first().map_or_else(
                || "refused by the parser".to_string(),
                |e| e.message.clone(),
            ))
        } else {
            unparseable_reason(text, &parse)
        };
        Snapshot {
            label,
            score: score.filter(|_| unparseable.is_none()),
            parse,
            unparseable,
            today,
            errors: Vec::new(),
        }
    }

    /// This version's score as of another day (what [`Snapshot::scored`]
    /// gives for it then), without reading it again.
    pub fn score_on(&self, config: &Config, day: Day) -> Option<dossier_score::ScoreReport> {
        if self.unparseable.is_some() {
            return None;
        }
        std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            dossier_analysis::score_parsed(&self.parse, config, day)
        }))
        .ok()
        .flatten()
    }

    /// A version that could not be read at all (larger than the size
    /// limit, say): compared as unparseable for `reason`.
    pub fn unreadable(label: impl Into<String>, reason: impl Into<String>, today: Day) -> Snapshot {
        Snapshot {
            label: label.into(),
            parse: Parse::default(),
            unparseable: Some(reason.into()),
            score: None,
            today,
            errors: Vec::new(),
        }
    }

    pub fn side(&self) -> Side<'_> {
        Side {
            label: &self.label,
            root: self.parse.root.as_ref(),
            unparseable: self.unparseable.clone(),
            score: self.score.as_ref(),
            today: self.today,
            errors: self.errors.clone(),
        }
    }
}

/// The first reason a parsed text cannot be compared, located as `line L:C`.
fn unparseable_reason(text: &str, parse: &Parse) -> Option<String> {
    if let Some(e) = parse.errors.first() {
        let pos = LineIndex::new(text).line_col(e.range.start, Encoding::Utf32);
        return Some(format!(
            "line {}:{}: {}",
            pos.line + 1,
            pos.col + 1,
            e.message
        ));
    }
    match &parse.root {
        None => Some("the file is empty".into()),
        Some(r) if r.as_mapping().is_none() => {
            Some(format!("the document is {}, not a mapping", r.type_name()))
        }
        Some(_) => None,
    }
}

/// A borrowed version: what [`diff`] compares.
#[derive(Clone, Debug)]
pub struct Side<'a> {
    pub label: &'a str,
    pub root: Option<&'a Node>,
    pub unparseable: Option<String>,
    pub score: Option<&'a ScoreReport>,
    pub today: Day,
    /// Error-severity diagnostics as `rule: message`.
    pub errors: Vec<String>,
}

impl<'a> Side<'a> {
    /// The side of an [`Analysis`] (what `dossier render` already holds).
    pub fn of_analysis(label: &'a str, text: &str, analysis: &'a Analysis) -> Side<'a> {
        let reason = if analysis.parse.refused && analysis.parse.errors.is_empty() {
            analysis
                .diagnostics
                .iter()
                .find(|d| d.rule == dossier_analysis::Rule::Syntax)
                .map(|d| d.message.clone())
        } else {
            unparseable_reason(text, &analysis.parse)
        };
        Side {
            label,
            root: analysis.parse.root.as_ref(),
            unparseable: reason,
            score: analysis.score.as_ref(),
            today: analysis.today,
            errors: error_keys(analysis),
        }
    }
}

/// Whether the file was added, deleted or modified between the versions.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    Added,
    Deleted,
    Modified,
    Renamed,
}

/// The part of the dossier a change is in; also the order of the sections
/// in every output.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    Facts,
    Sources,
    Attestations,
    Findings,
    Questions,
    Incidents,
    Adjustments,
    Questionnaires,
    Vendor,
    Assessment,
}

impl Section {
    pub fn title(self) -> &'static str {
        match self {
            Section::Facts => "Facts",
            Section::Sources => "Sources",
            Section::Attestations => "Attestations",
            Section::Findings => "Findings",
            Section::Questions => "Questions",
            Section::Incidents => "Incidents",
            Section::Adjustments => "Adjustments",
            Section::Questionnaires => "Questionnaires",
            Section::Vendor => "Vendor",
            Section::Assessment => "Assessment",
        }
    }
}

/// Changes a reviewer must see first, in this order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Risk {
    /// A fact that cited an existing source no longer does.
    CitationLost,
    /// An attestation is gone.
    AttestationRemoved,
    /// An attestation's `valid_until` is now in the past.
    AttestationExpired,
    /// A fact now scores more risk points in the rubric.
    HigherRisk,
    /// An answered or waived question is open again.
    QuestionReopened,
    /// A questionnaire answer changed that feeds a catalogue fact, or
    /// that is now No.
    AnswerChanged,
}

impl Risk {
    pub fn title(self) -> &'static str {
        match self {
            Risk::CitationLost => "citation lost",
            Risk::AttestationRemoved => "attestation removed",
            Risk::AttestationExpired => "attestation expired",
            Risk::HigherRisk => "higher risk",
            Risk::QuestionReopened => "question reopened",
            Risk::AnswerChanged => "answer changed",
        }
    }
}

/// What happened to the thing a change is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Added,
    Removed,
    /// The value (facts) or a field (everything else) changed.
    Changed,
    /// A source kept its URL under a new id.
    Renamed,
    /// A fact's `cite` changed.
    Cited,
    /// A fact no longer cites any existing source.
    Uncited,
    /// An attestation's `valid_until` moved later.
    Renewed,
    Expired,
    Answered,
    Waived,
    Reopened,
    /// A fact scores another rubric row without its text changing (for
    /// example its evidence went stale).
    Rescored,
}

/// One change, about one fact, source, attestation, finding, question…
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Change {
    pub section: Section,
    /// `section.key` for facts, the id otherwise (`field` names the part).
    pub subject: String,
    /// The field concerned (`value`, `cite`, `as_of`, `valid_until`, `url`…), if one.
    pub field: Option<String>,
    pub kind: Kind,
    /// Values before and after, normalised and written compactly.
    pub old: Option<String>,
    pub new: Option<String>,
    /// For a list value: the items that came and went.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub added: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub removed: Vec<String>,
    /// Set when the change belongs to the risk-first list.
    pub risk: Option<Risk>,
}

/// How one dimension moved.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DimensionMove {
    pub dimension: Dimension,
    pub old: f64,
    pub new: f64,
    /// Its share of the composite, before and after.
    pub old_points: f64,
    pub new_points: f64,
}

/// One side of a changed contribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Scored {
    pub value: String,
    pub row: String,
    pub rubric_points: f64,
    pub points: f64,
}

/// A line of the explanation whose points or value changed.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContributionMove {
    /// `section.key`, `adjustment N` or `clamp to 0..100`.
    pub subject: String,
    pub dimension: Dimension,
    pub old: Option<Scored>,
    pub new: Option<Scored>,
    /// new points − old points (an absent side counts 0).
    pub delta: f64,
}

/// The score of one version, in brief.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreSide {
    pub composite: f64,
    pub band: Band,
    pub profile: String,
}

/// How the score moved, and why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ScoreMovement {
    pub old: ScoreSide,
    pub new: ScoreSide,
    /// new composite − old composite.
    pub delta: f64,
    /// All eight dimensions, in catalogue order.
    pub dimensions: Vec<DimensionMove>,
    /// Every contribution that changed; their deltas sum to `delta`.
    pub contributions: Vec<ContributionMove>,
}

impl ScoreMovement {
    /// The delta in hundredths of a point, as shown: the difference of
    /// the two composites rounded to two decimals, so that old + delta =
    /// new holds for the numbers shown.
    pub fn delta_cents(&self) -> i64 {
        (self.new.composite * 100.0).round() as i64 - (self.old.composite * 100.0).round() as i64
    }

    /// Each contribution's delta in hundredths of a point, rounded so that
    /// they sum exactly to [`Self::delta_cents`] (largest remainders take
    /// the leftover cents), so the explanation shown adds up.
    pub fn shown_cents(&self) -> Vec<i64> {
        let exact: Vec<f64> = self.contributions.iter().map(|c| c.delta * 100.0).collect();
        let mut cents: Vec<i64> = exact.iter().map(|x| x.round() as i64).collect();
        let mut missing = self.delta_cents() - cents.iter().sum::<i64>();
        if exact.is_empty() {
            return cents;
        }
        // Lines whose rounding lost the most in the needed direction first.
        let mut order: Vec<usize> = (0..exact.len()).collect();
        let step = missing.signum();
        order.sort_by(|&a, &b| {
            let ra = (exact[a] - cents[a] as f64) * step as f64;
            let rb = (exact[b] - cents[b] as f64) * step as f64;
            rb.total_cmp(&ra).then(a.cmp(&b))
        });
        let mut i = 0;
        while missing != 0 {
            cents[order[i % order.len()]] += step;
            missing -= step;
            i += 1;
        }
        cents
    }

    /// Did the composite rise or the band worsen?
    pub fn is_worse(&self) -> bool {
        self.delta > 1e-9 || self.new.band > self.old.band
    }
}

/// A version's label and, if it could not be read, why.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct VersionInfo {
    pub label: String,
    /// `null` when the version parsed.
    pub unparseable: Option<String>,
}

/// Everything that changed in one dossier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FileDiff {
    pub path: String,
    /// The old path, when the file was renamed.
    pub old_path: Option<String>,
    pub status: Status,
    /// `null` for an added file.
    pub old: Option<VersionInfo>,
    /// `null` for a deleted file.
    pub new: Option<VersionInfo>,
    /// Risk changes first (in [`Risk`] order), then by section.
    pub changes: Vec<Change>,
    /// Absent when either version has no score (added, deleted, unparseable).
    pub score: Option<ScoreMovement>,
    /// The composite of an added or deleted dossier.
    pub only_score: Option<ScoreSide>,
    /// `--fail-on worse` fails on this file: `worse_because` is not empty.
    pub worse: bool,
    /// Why the change is worse, one line per condition that holds.
    pub worse_because: Vec<WorseReason>,
}

/// A condition of `--fail-on worse`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Worse {
    /// The new version cannot be read.
    Unreadable,
    /// The composite rose.
    CompositeRose,
    /// The band rose.
    BandRose,
    /// A fact lost its citation.
    CitationLost,
    /// An attestation expired or was withdrawn, or a fact now scores
    /// `expired` because its attestations lapsed.
    AttestationLapsed,
    /// An error-severity diagnostic appeared.
    NewError,
}

impl Worse {
    pub fn title(self) -> &'static str {
        match self {
            Worse::Unreadable => "unreadable",
            Worse::CompositeRose => "composite rose",
            Worse::BandRose => "band rose",
            Worse::CitationLost => "citation lost",
            Worse::AttestationLapsed => "attestation lapsed",
            Worse::NewError => "new error",
        }
    }
}

/// One condition that makes a change worse, with what it is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct WorseReason {
    pub condition: Worse,
    pub detail: String,
}

impl FileDiff {
    pub fn risks(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.risk.is_some())
    }
    /// No change in substance (whatever the text diff says).
    pub fn is_empty(&self) -> bool {
        let readable = |v: &Option<VersionInfo>| v.as_ref().is_none_or(|v| v.unparseable.is_none());
        readable(&self.old)
            && readable(&self.new)
            && self.changes.is_empty()
            && self
                .score
                .as_ref()
                .is_none_or(|s| s.contributions.is_empty() && s.delta.abs() < 1e-9)
            && self.status == Status::Modified
    }
}

fn brief(s: &ScoreReport) -> ScoreSide {
    ScoreSide {
        composite: s.composite,
        band: s.band,
        profile: s.profile.clone(),
    }
}

/// Compare two versions of a dossier (`None`: the file did not exist).
pub fn diff(path: &str, old: Option<Side>, new: Option<Side>) -> FileDiff {
    let info = |s: &Side| VersionInfo {
        label: s.label.to_string(),
        unparseable: s.unparseable.clone(),
    };
    let status = match (&old, &new) {
        (None, _) => Status::Added,
        (_, None) => Status::Deleted,
        _ => Status::Modified,
    };
    let mut out = FileDiff {
        path: path.to_string(),
        old_path: None,
        status,
        old: old.as_ref().map(info),
        new: new.as_ref().map(info),
        changes: Vec::new(),
        score: None,
        only_score: None,
        worse: false,
        worse_because: Vec::new(),
    };
    if let Some(reason) = new.as_ref().and_then(|n| n.unparseable.clone()) {
        out.worse_because.push(WorseReason {
            condition: Worse::Unreadable,
            detail: reason,
        });
    }
    let new_errors: Vec<String> = match &new {
        Some(n) => n
            .errors
            .iter()
            .filter(|e| old.as_ref().is_none_or(|o| !o.errors.contains(e)))
            .cloned()
            .collect(),
        None => Vec::new(),
    };
    let (Some(o), Some(n)) = (&old, &new) else {
        out.only_score = old.or(new).and_then(|s| s.score).map(brief);
        gate(&mut out, &new_errors);
        return out;
    };
    if o.unparseable.is_some() || n.unparseable.is_some() {
        gate(&mut out, &new_errors);
        return out;
    }
    let (Some(or), Some(nr)) = (o.root, n.root) else {
        return out;
    };
    let (ov, nv) = (DossierView::new(or), DossierView::new(nr));
    let mut changes = Vec::new();
    let renames = sources(&ov, &nv, &mut changes);
    facts(&ov, &nv, o.score, n.score, &renames, &mut changes);
    attestations(&ov, &nv, (o.today, n.today), &renames, &mut changes);
    for (list, section) in [
        ("findings", Section::Findings),
        ("incidents", Section::Incidents),
    ] {
        items_by_id(&ov, &nv, (list, section), &renames, &mut changes);
    }
    questions(&ov, &nv, &renames, &mut changes);
    adjustments(&ov, &nv, &renames, &mut changes);
    questionnaires(&ov, &nv, &mut changes);
    for (key, section) in [
        ("vendor", Section::Vendor),
        ("assessment", Section::Assessment),
    ] {
        let a = or.value(key).map(normal).unwrap_or(Value::Null);
        let b = nr.value(key).map(normal).unwrap_or(Value::Null);
        fields(section, key, &a, &b, &[], &mut changes);
    }
    // Risk first, then by section; the order within a section is the
    // documents' (stable sort).
    changes.sort_by_key(|c| (c.risk.is_none(), c.risk, c.section));
    out.changes = changes;
    if let (Some(a), Some(b)) = (o.score, n.score) {
        out.score = Some(movement(a, b));
    }
    gate(&mut out, &new_errors);
    out
}

/// The conditions of `--fail-on worse` that hold for a diff: the
/// composite or the band rose, a citation was lost, an attestation lapsed,
/// a new error appeared (or the new version cannot be read).
fn gate(out: &mut FileDiff, new_errors: &[String]) {
    let mut because = std::mem::take(&mut out.worse_because);
    if let Some(m) = &out.score {
        if m.delta > 1e-9 {
            because.push(WorseReason {
                condition: Worse::CompositeRose,
                detail: format!(
                    "{:.1} → {:.1}",
                    dossier_score::round1(m.old.composite),
                    dossier_score::round1(m.new.composite)
                ),
            });
        }
        if m.new.band > m.old.band {
            because.push(WorseReason {
                condition: Worse::BandRose,
                detail: format!("{} → {}", m.old.band.as_str(), m.new.band.as_str()),
            });
        }
    }
    let count = |risk: Risk| out.changes.iter().filter(|c| c.risk == Some(risk)).count();
    let lost = count(Risk::CitationLost);
    if lost > 0 {
        because.push(WorseReason {
            condition: Worse::CitationLost,
            detail: format!(
                "{lost} fact{} lost {}",
                plural(lost),
                if lost == 1 {
                    "its citation"
                } else {
                    "their citations"
                }
            ),
        });
    }
    let mut lapsed: Vec<String> = out
        .changes
        .iter()
        .filter(|c| c.risk == Some(Risk::AttestationExpired))
        .map(|c| format!("attestation `{}` expired", c.subject))
        .collect();
    if let Some(m) = &out.score {
        for c in &m.contributions {
            let now = c.new.as_ref().is_some_and(|n| n.row == "expired");
            let was = c.old.as_ref().is_some_and(|o| o.row == "expired");
            if now && !was {
                lapsed.push(format!("`{}` now scores `expired`", c.subject));
            }
        }
    }
    if !lapsed.is_empty() {
        because.push(WorseReason {
            condition: Worse::AttestationLapsed,
            detail: lapsed.join(", "),
        });
    }
    if let Some(first) = new_errors.first() {
        let n = new_errors.len();
        because.push(WorseReason {
            condition: Worse::NewError,
            detail: if n == 1 {
                first.clone()
            } else {
                format!("{n} new errors, the first: {first}")
            },
        });
    }
    out.worse = !because.is_empty();
    out.worse_because = because;
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// A value as plain JSON with every scalar as its text (so `30` and `"30"`
/// agree, and quoting style never matters); `null` for empty values.
pub fn normal(node: &Node) -> Value {
    match &node.kind {
        NodeKind::Mapping(m) => Value::Object(
            m.entries
                .iter()
                .map(|e| (e.key.value.clone(), normal(&e.value)))
                .collect(),
        ),
        NodeKind::Sequence(items) => Value::Array(items.iter().map(normal).collect()),
        NodeKind::Scalar(_) => node
            .as_str()
            .map_or(Value::Null, |s| Value::String(s.into())),
        NodeKind::Null | NodeKind::Invalid => Value::Null,
    }
}

/// A normalised value written compactly: `yes`, `[CN, SG]`, `{a: b}`.
pub fn show(v: &Value) -> String {
    let s = match v {
        Value::Null => "(empty)".to_string(),
        Value::String(s) => s.clone(),
        Value::Array(a) => format!("[{}]", a.iter().map(show).collect::<Vec<_>>().join(", ")),
        Value::Object(m) => format!(
            "{{{}}}",
            m.iter()
                .map(|(k, v)| format!("{k}: {}", show(v)))
                .collect::<Vec<_>>()
                .join(", ")
        ),
        other => other.to_string(),
    };
    shorten(&s, 120)
}

fn shorten(s: &str, n: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= n {
        one_line
    } else {
        format!("{}…", one_line.chars().take(n - 1).collect::<String>())
    }
}

fn change(
    section: Section,
    subject: &str,
    field: Option<&str>,
    kind: Kind,
    old: Option<String>,
    new: Option<String>,
) -> Change {
    Change {
        section,
        subject: subject.to_string(),
        field: field.map(str::to_string),
        kind,
        old,
        new,
        added: Vec::new(),
        removed: Vec::new(),
        risk: None,
    }
}

/// Field-by-field changes of two mappings (keys in `skip` left out).
fn fields(
    section: Section,
    subject: &str,
    a: &Value,
    b: &Value,
    skip: &[&str],
    out: &mut Vec<Change>,
) {
    let empty = serde_json::Map::new();
    let (am, bm) = (
        a.as_object().unwrap_or(&empty),
        b.as_object().unwrap_or(&empty),
    );
    let mut keys: Vec<&String> = am.keys().collect();
    keys.extend(bm.keys().filter(|k| !am.contains_key(*k)));
    for k in keys {
        if skip.contains(&k.as_str()) {
            continue;
        }
        let (x, y) = (am.get(k), bm.get(k));
        if x == y {
            continue;
        }
        let kind = match (x, y) {
            (None | Some(Value::Null), _) => Kind::Added,
            (_, None | Some(Value::Null)) => Kind::Removed,
            _ => Kind::Changed,
        };
        out.push(change(
            section,
            subject,
            Some(k),
            kind,
            x.filter(|v| !v.is_null()).map(show),
            y.filter(|v| !v.is_null()).map(show),
        ));
    }
}

/// Sources by id; returns the renames (old id → new id).
fn sources(ov: &DossierView, nv: &DossierView, out: &mut Vec<Change>) -> BTreeMap<String, String> {
    let old: BTreeMap<&str, Value> = ov
        .sources()
        .iter()
        .map(|s| (s.id, normal(&s.entry.value)))
        .collect();
    let new_list = nv.sources();
    let new: BTreeMap<&str, Value> = new_list
        .iter()
        .map(|s| (s.id, normal(&s.entry.value)))
        .collect();
    let url = |v: &Value| {
        v.get("url")
            .and_then(Value::as_str)
            .map(|u| u.trim().trim_end_matches('/').to_ascii_lowercase())
    };
    let mut renames = BTreeMap::new();
    let mut taken = BTreeSet::new();
    // The new ids that could be a renamed source, by URL, in document
    // order: a removed source takes the first one left with its URL (one
    // lookup per source, not a search of every new source).
    let mut candidates: HashMap<String, VecDeque<&str>> = HashMap::new();
    let mut seen = HashSet::new();
    for n in &new_list {
        if old.contains_key(n.id) || !seen.insert(n.id) {
            continue;
        }
        if let Some(u) = url(&new[n.id]) {
            candidates.entry(u).or_default().push_back(n.id);
        }
    }
    for s in ov.sources() {
        if new.contains_key(s.id) {
            continue;
        }
        let Some(u) = url(&old[s.id]) else { continue };
        if let Some(n) = candidates.get_mut(&u).and_then(VecDeque::pop_front) {
            taken.insert(n);
            renames.insert(s.id.to_string(), n.to_string());
        }
    }
    for s in ov.sources() {
        let a = &old[s.id];
        match new.get(s.id) {
            Some(b) => fields(Section::Sources, s.id, a, b, &[], out),
            None => match renames.get(s.id) {
                Some(to) => {
                    out.push(change(
                        Section::Sources,
                        to,
                        None,
                        Kind::Renamed,
                        Some(s.id.to_string()),
                        Some(to.clone()),
                    ));
                    fields(Section::Sources, to, a, &new[to.as_str()], &[], out);
                }
                None => out.push(change(
                    Section::Sources,
                    s.id,
                    None,
                    Kind::Removed,
                    url(a).and(a.get("url")).map(show),
                    None,
                )),
            },
        }
    }
    for s in &new_list {
        if !old.contains_key(s.id) && !taken.contains(s.id) {
            out.push(change(
                Section::Sources,
                s.id,
                None,
                Kind::Added,
                None,
                new[s.id].get("url").map(show),
            ));
        }
    }
    renames
}

struct FactInfo<'a> {
    view: FactView<'a>,
    value: Value,
    cites: BTreeSet<String>,
    /// Cites that name an existing source (of the same version).
    resolved: usize,
    /// Cites that name no source of the same version (`unknown-source`
    /// errors), renamed like `cites`.
    unresolved: BTreeSet<String>,
    rest: Value,
}

fn fact_infos<'a>(
    v: &DossierView<'a>,
    rename: &dyn Fn(&str) -> String,
) -> Vec<(String, FactInfo<'a>)> {
    let ids: BTreeSet<String> = v.sources().iter().map(|s| s.id.to_string()).collect();
    v.facts()
        .into_iter()
        .map(|f| {
            let cites: BTreeSet<String> = f.cites.iter().map(|c| rename(c.text)).collect();
            // Resolved against the version's own sources, before renaming:
            // an old cite of `a` resolves when the old version has `a`.
            let own: BTreeSet<&str> = f.cites.iter().map(|c| c.text).collect();
            let resolved = own.iter().filter(|c| ids.contains(**c)).count();
            let unresolved = own
                .iter()
                .filter(|c| !ids.contains(**c))
                .map(|c| rename(c))
                .collect();
            let rest = if f.shorthand {
                Value::Null
            } else {
                normal(&f.entry.value)
            };
            (
                f.path(),
                FactInfo {
                    value: normal(f.value),
                    cites,
                    resolved,
                    unresolved,
                    rest,
                    view: f,
                },
            )
        })
        .collect()
}

/// The items that went and came, if both values are lists.
fn list_change(a: &Value, b: &Value) -> Option<(Vec<String>, Vec<String>)> {
    let (Value::Array(x), Value::Array(y)) = (a, b) else {
        return None;
    };
    let key = |v: &Value| v.to_string();
    let (xs, ys): (HashSet<String>, HashSet<String>) =
        (x.iter().map(key).collect(), y.iter().map(key).collect());
    let gone = x
        .iter()
        .filter(|i| !ys.contains(&key(i)))
        .map(show)
        .collect();
    let came = y
        .iter()
        .filter(|i| !xs.contains(&key(i)))
        .map(show)
        .collect();
    Some((gone, came))
}

fn facts(
    ov: &DossierView,
    nv: &DossierView,
    os: Option<&ScoreReport>,
    ns: Option<&ScoreReport>,
    renames: &BTreeMap<String, String>,
    out: &mut Vec<Change>,
) {
    let rename = |id: &str| renames.get(id).cloned().unwrap_or_else(|| id.to_string());
    let keep = |id: &str| id.to_string();
    let old = fact_infos(ov, &rename);
    let new = fact_infos(nv, &keep);
    // Every lookup below goes through a map built once: a dossier may hold
    // tens of thousands of facts, and a search per fact is quadratic.
    let by_path = |s: Option<&ScoreReport>| {
        let mut m: HashMap<String, (f64, String)> = HashMap::new();
        for c in s.map_or(&[][..], |s| &s.contributions[..]) {
            if let Some(p) = c.fact_path() {
                m.entry(p)
                    .or_insert_with(|| (c.rubric_points, c.row.clone()));
            }
        }
        m
    };
    let (old_points, new_points) = (by_path(os), by_path(ns));
    let (old_at, new_at) = (first_index(&old), first_index(&new));
    let mut paths: Vec<&String> = Vec::new();
    let mut listed = HashSet::new();
    for (p, _) in new.iter().chain(old.iter()) {
        if listed.insert(p.as_str()) {
            paths.push(p);
        }
    }
    for path in paths {
        let a = old_at.get(path.as_str()).map(|&i| &old[i].1);
        let b = new_at.get(path.as_str()).map(|&i| &new[i].1);
        let (pa, pb) = (
            old_points.get(path.as_str()).cloned(),
            new_points.get(path.as_str()).cloned(),
        );
        let riskier = matches!((&pa, &pb), (Some((x, _)), Some((y, _))) if y > x);
        let start = out.len();
        match (a, b) {
            (None, None) => continue,
            (None, Some(b)) => out.push(change(
                Section::Facts,
                path,
                None,
                Kind::Added,
                None,
                Some(show(&b.value)),
            )),
            (Some(a), None) => out.push(change(
                Section::Facts,
                path,
                None,
                Kind::Removed,
                Some(show(&a.value)),
                None,
            )),
            (Some(a), Some(b)) => {
                if a.value != b.value {
                    let mut c = change(
                        Section::Facts,
                        path,
                        Some("value"),
                        Kind::Changed,
                        Some(show(&a.value)),
                        Some(show(&b.value)),
                    );
                    match list_change(&a.value, &b.value) {
                        // Only the order changed: no change.
                        Some((gone, came)) if gone.is_empty() && came.is_empty() => {}
                        Some((gone, came)) => {
                            c.removed = gone;
                            c.added = came;
                            out.push(c);
                        }
                        None => out.push(c),
                    }
                }
                let disclosed = !b.view.is_not_disclosed();
                // Cites that name no source now and did before (a source
                // renamed while facts still cite its old id): new
                // `unknown-source` errors, so a risk like a lost citation.
                let dangling: BTreeSet<String> =
                    b.unresolved.difference(&a.unresolved).cloned().collect();
                if a.resolved > 0 && b.resolved == 0 && disclosed {
                    let mut c = change(
                        Section::Facts,
                        path,
                        Some("cite"),
                        Kind::Uncited,
                        Some(join(&a.cites)),
                        (!b.cites.is_empty()).then(|| join(&b.cites)),
                    );
                    c.risk = Some(Risk::CitationLost);
                    out.push(c);
                } else if !dangling.is_empty() && disclosed {
                    let mut c = change(
                        Section::Facts,
                        path,
                        Some("cite"),
                        Kind::Uncited,
                        Some(join(&a.cites)),
                        Some(join(&dangling)),
                    );
                    c.risk = Some(Risk::CitationLost);
                    out.push(c);
                } else if a.cites != b.cites {
                    out.push(change(
                        Section::Facts,
                        path,
                        Some("cite"),
                        Kind::Cited,
                        (!a.cites.is_empty()).then(|| join(&a.cites)),
                        (!b.cites.is_empty()).then(|| join(&b.cites)),
                    ));
                }
                fields(
                    Section::Facts,
                    path,
                    &a.rest,
                    &b.rest,
                    &["value", "cite"],
                    out,
                );
            }
        }
        // The rubric row moved without the text saying so (stale evidence).
        if out.len() == start {
            if let (Some((x, rx)), Some((y, ry))) = (&pa, &pb) {
                if rx != ry || x != y {
                    out.push(change(
                        Section::Facts,
                        path,
                        Some("row"),
                        Kind::Rescored,
                        Some(rx.clone()),
                        Some(ry.clone()),
                    ));
                }
            }
        }
        if riskier {
            // Flag the value change if there is one, else the first change.
            let mine = &mut out[start..];
            let at = mine
                .iter()
                .position(|c| c.field.as_deref() == Some("value") || c.field.is_none())
                .or_else(|| mine.iter().position(|c| c.risk.is_none()));
            match at {
                Some(i) if mine[i].risk.is_none() => mine[i].risk = Some(Risk::HigherRisk),
                Some(_) => {}
                None => {
                    let (x, y) = (pa.unwrap(), pb.unwrap());
                    let mut c = change(
                        Section::Facts,
                        path,
                        Some("row"),
                        Kind::Rescored,
                        Some(x.1),
                        Some(y.1),
                    );
                    c.risk = Some(Risk::HigherRisk);
                    out.push(c);
                }
            }
        }
    }
}

fn join(s: &BTreeSet<String>) -> String {
    s.iter().cloned().collect::<Vec<_>>().join(", ")
}

/// Cites of renamed sources in an old item, rewritten to the new ids, so
/// that a rename alone is not a change.
fn renamed_cites(v: &mut Value, renames: &Renames) {
    let fix = |x: &mut Value| {
        if let Some(to) = x.as_str().and_then(|s| renames.get(s)) {
            *x = Value::String(to.clone());
        }
    };
    match v.get_mut("cite") {
        Some(Value::Array(items)) => items.iter_mut().for_each(fix),
        Some(x) => fix(x),
        None => {}
    }
}

type Renames = BTreeMap<String, String>;

fn by_id<'a>(v: &DossierView<'a>, list: &str) -> Vec<(String, Value)> {
    v.items(list)
        .into_iter()
        .filter_map(|i| Some((i.id?.text.to_string(), normal(i.node))))
        .collect()
}

/// [`by_id`] for the old version: cites of renamed sources use the new id.
fn old_by_id<'a>(v: &DossierView<'a>, list: &str, renames: &Renames) -> Vec<(String, Value)> {
    let mut items = by_id(v, list);
    items
        .iter_mut()
        .for_each(|(_, v)| renamed_cites(v, renames));
    items
}

/// The index of the first entry of each key, for lookups (not a search
/// per entry: lists of tens of thousands make that quadratic).
fn first_index<T>(list: &[(String, T)]) -> HashMap<&str, usize> {
    let mut m = HashMap::new();
    for (i, (key, _)) in list.iter().enumerate() {
        m.entry(key.as_str()).or_insert(i);
    }
    m
}

/// The first item of each id, for lookups (not a search per item).
fn first_by_id(items: &[(String, Value)]) -> HashMap<&str, &Value> {
    let mut m = HashMap::new();
    for (id, v) in items {
        m.entry(id.as_str()).or_insert(v);
    }
    m
}

fn get_str<'v>(v: &'v Value, key: &str) -> Option<&'v str> {
    v.get(key).and_then(Value::as_str)
}

fn attestations(
    ov: &DossierView,
    nv: &DossierView,
    (ot, nt): (Day, Day),
    renames: &Renames,
    out: &mut Vec<Change>,
) {
    let old = old_by_id(ov, "attestations", renames);
    let new = by_id(nv, "attestations");
    let (old_of, new_of) = (first_by_id(&old), first_by_id(&new));
    let until = |v: &Value| {
        get_str(v, "valid_until")
            .and_then(Written::parse)
            .map(|w| w.last_day())
    };
    let s = Section::Attestations;
    for (id, b) in &new {
        match old_of.get(id.as_str()).copied() {
            None => {
                let mut c = change(
                    s,
                    id,
                    None,
                    Kind::Added,
                    None,
                    get_str(b, "scheme").map(str::to_string),
                );
                if until(b).is_some_and(|d| d < nt) {
                    c.kind = Kind::Expired;
                    c.field = Some("valid_until".into());
                    c.new = get_str(b, "valid_until").map(str::to_string);
                    c.risk = Some(Risk::AttestationExpired);
                }
                out.push(c);
            }
            Some(a) => {
                let (ua, ub) = (until(a), until(b));
                let was = ua.is_some_and(|d| d < ot);
                let is = ub.is_some_and(|d| d < nt);
                let (x, y) = (
                    get_str(a, "valid_until").map(str::to_string),
                    get_str(b, "valid_until").map(str::to_string),
                );
                if is && !was {
                    let mut c = change(s, id, Some("valid_until"), Kind::Expired, x, y);
                    c.risk = Some(Risk::AttestationExpired);
                    out.push(c);
                } else if let (Some(p), Some(q)) = (ua, ub) {
                    if q > p {
                        out.push(change(s, id, Some("valid_until"), Kind::Renewed, x, y));
                    } else if q < p {
                        out.push(change(s, id, Some("valid_until"), Kind::Changed, x, y));
                    }
                } else if x != y {
                    out.push(change(s, id, Some("valid_until"), Kind::Changed, x, y));
                }
                fields(s, id, a, b, &["valid_until"], out);
            }
        }
    }
    for (id, a) in &old {
        if !new_of.contains_key(id.as_str()) {
            let mut c = change(
                s,
                id,
                None,
                Kind::Removed,
                get_str(a, "scheme").map(str::to_string),
                None,
            );
            c.risk = Some(Risk::AttestationRemoved);
            out.push(c);
        }
    }
}

fn items_by_id(
    ov: &DossierView,
    nv: &DossierView,
    (list, s): (&str, Section),
    renames: &Renames,
    out: &mut Vec<Change>,
) {
    let old = old_by_id(ov, list, renames);
    let new = by_id(nv, list);
    let (old_of, new_of) = (first_by_id(&old), first_by_id(&new));
    for (id, b) in &new {
        match old_of.get(id.as_str()).copied() {
            None => out.push(change(
                s,
                id,
                None,
                Kind::Added,
                None,
                get_str(b, "title").map(str::to_string),
            )),
            Some(a) => fields(s, id, a, b, &[], out),
        }
    }
    for (id, a) in &old {
        if !new_of.contains_key(id.as_str()) {
            out.push(change(
                s,
                id,
                None,
                Kind::Removed,
                get_str(a, "title").map(str::to_string),
                None,
            ));
        }
    }
}

fn questions(ov: &DossierView, nv: &DossierView, renames: &Renames, out: &mut Vec<Change>) {
    let old = old_by_id(ov, "questions", renames);
    let new = by_id(nv, "questions");
    let (old_of, new_of) = (first_by_id(&old), first_by_id(&new));
    let s = Section::Questions;
    let status = |v: &Value| {
        get_str(v, "status")
            .unwrap_or(QuestionStatus::Open.word())
            .to_string()
    };
    for (id, b) in &new {
        match old_of.get(id.as_str()).copied() {
            None => out.push(change(s, id, None, Kind::Added, None, Some(status(b)))),
            Some(a) => {
                let (x, y) = (status(a), status(b));
                if x != y {
                    let closed = |st: &str| {
                        QuestionStatus::from_word(st).is_some_and(QuestionStatus::is_closed)
                    };
                    let kind = match QuestionStatus::from_word(&y) {
                        Some(QuestionStatus::Answered) => Kind::Answered,
                        Some(QuestionStatus::Waived) => Kind::Waived,
                        _ if closed(&x) => Kind::Reopened,
                        _ => Kind::Changed,
                    };
                    let mut c = change(s, id, Some("status"), kind, Some(x), Some(y));
                    if kind == Kind::Reopened {
                        c.risk = Some(Risk::QuestionReopened);
                    }
                    out.push(c);
                }
                fields(s, id, a, b, &["status"], out);
            }
        }
    }
    for (id, a) in &old {
        if !new_of.contains_key(id.as_str()) {
            out.push(change(s, id, None, Kind::Removed, Some(status(a)), None));
        }
    }
}

/// Changed questionnaire answers, by entry id and question id. A change
/// is a risk when the answer feeds a catalogue fact (the import would set
/// or contradict it) or when it is now No.
fn questionnaires(ov: &DossierView, nv: &DossierView, out: &mut Vec<Change>) {
    use dossier_schema::questionnaire::{self, Edition};
    /// An entry's id, edition and (question, answer word) pairs.
    type Entry = (String, Option<Edition>, Vec<(String, String)>);
    let answers = |v: &DossierView| -> Vec<Entry> {
        v.items("questionnaires")
            .iter()
            .filter_map(|item| {
                let id = item.id?.text.to_string();
                let edition = item.edition();
                let list = item
                    .node
                    .value("answers")
                    .and_then(Node::as_mapping)
                    .map(|m| {
                        m.entries
                            .iter()
                            .map(|e| {
                                let word = e
                                    .value
                                    .value("answer")
                                    .and_then(Node::as_str)
                                    .unwrap_or("")
                                    .to_ascii_lowercase();
                                (e.key.value.clone(), word)
                            })
                            .collect()
                    })
                    .unwrap_or_default();
                Some((id, edition, list))
            })
            .collect()
    };
    let (old, new) = (answers(ov), answers(nv));
    for (id, edition, list) in &new {
        let Some((_, _, before)) = old.iter().find(|(i, _, _)| i == id) else {
            continue;
        };
        for (q, word) in list {
            let was = before
                .iter()
                .find(|(bq, _)| bq == q)
                .map(|(_, w)| w.clone());
            if was.as_deref() == Some(word.as_str()) {
                continue;
            }
            let feeds = match edition {
                Some(e) => questionnaire::links(*e, q).next().is_some(),
                None => questionnaire::feeds(q).next().is_some(),
            };
            let kind = if was.is_none() {
                Kind::Added
            } else {
                Kind::Changed
            };
            let mut c = change(
                Section::Questionnaires,
                &format!("{id}.{q}"),
                Some("answer"),
                kind,
                was.clone(),
                Some(word.clone()),
            );
            if (was.is_some() && feeds) || AnswerWord::from_word(word) == Some(AnswerWord::No) {
                c.risk = Some(Risk::AnswerChanged);
            }
            out.push(c);
        }
    }
}

fn adjustments(ov: &DossierView, nv: &DossierView, renames: &Renames, out: &mut Vec<Change>) {
    let old: Vec<Value> = ov
        .items("adjustments")
        .iter()
        .map(|i| {
            let mut v = normal(i.node);
            renamed_cites(&mut v, renames);
            v
        })
        .collect();
    let new: Vec<Value> = nv
        .items("adjustments")
        .iter()
        .map(|i| normal(i.node))
        .collect();
    for i in 0..old.len().max(new.len()) {
        let subject = format!("adjustment {}", i + 1);
        match (old.get(i), new.get(i)) {
            (Some(a), Some(b)) => fields(Section::Adjustments, &subject, a, b, &[], out),
            (None, Some(b)) => out.push(change(
                Section::Adjustments,
                &subject,
                None,
                Kind::Added,
                None,
                Some(show(b)),
            )),
            (Some(a), None) => out.push(change(
                Section::Adjustments,
                &subject,
                None,
                Kind::Removed,
                Some(show(a)),
                None,
            )),
            (None, None) => {}
        }
    }
}

/// The identity of an explanation line across versions.
fn line_key(c: &Contribution, nth_adjustment: usize) -> String {
    match c.kind {
        ContributionKind::Fact
        | ContributionKind::Missing
        | ContributionKind::NotApplicable
        | ContributionKind::Incident
        | ContributionKind::Finding => c.subject(),
        ContributionKind::Adjustment => format!("adjustment {nth_adjustment}"),
        ContributionKind::Clamp => format!("clamp to 0..100 ({})", c.dimension.key()),
    }
}

fn keyed(r: &ScoreReport) -> Vec<(String, &Contribution)> {
    let mut n = 0;
    r.contributions
        .iter()
        .map(|c| {
            if c.kind == ContributionKind::Adjustment {
                n += 1;
            }
            (line_key(c, n), c)
        })
        .collect()
}

fn scored(c: &Contribution) -> Scored {
    Scored {
        value: c.value.clone(),
        row: c.row.clone(),
        rubric_points: c.rubric_points,
        points: c.points,
    }
}

/// The score movement between two reports.
pub fn movement(a: &ScoreReport, b: &ScoreReport) -> ScoreMovement {
    let dimensions = Dimension::ALL
        .iter()
        .map(|&d| {
            let (x, y) = (a.dimension(d), b.dimension(d));
            DimensionMove {
                dimension: d,
                old: x.map_or(0.0, |x| x.score),
                new: y.map_or(0.0, |y| y.score),
                old_points: x.map_or(0.0, |x| x.points),
                new_points: y.map_or(0.0, |y| y.points),
            }
        })
        .collect();
    let (ka, kb) = (keyed(a), keyed(b));
    let (ma, mb) = (first_index(&ka), first_index(&kb));
    let mut contributions = Vec::new();
    let mut seen = BTreeSet::new();
    for (key, c) in kb.iter().chain(ka.iter()) {
        if !seen.insert(key.clone()) {
            continue;
        }
        let x = ma.get(key.as_str()).map(|&i| ka[i].1);
        let y = mb.get(key.as_str()).map(|&i| kb[i].1);
        let delta = y.map_or(0.0, |c| c.points) - x.map_or(0.0, |c| c.points);
        let same = match (x, y) {
            (Some(x), Some(y)) => x.points == y.points && x.value == y.value && x.row == y.row,
            _ => false,
        };
        if same {
            continue;
        }
        contributions.push(ContributionMove {
            subject: match c.kind {
                ContributionKind::Clamp => c.subject(),
                _ => key.clone(),
            },
            dimension: c.dimension,
            old: x.map(scored),
            new: y.map(scored),
            delta,
        });
    }
    // The order of the explanation: by dimension as the report lists them,
    // then as the catalogue lists the facts.
    let dim_index = |d: Dimension| Dimension::ALL.iter().position(|x| *x == d);
    contributions.sort_by_key(|c| dim_index(c.dimension));
    ScoreMovement {
        old: brief(a),
        new: brief(b),
        delta: b.composite - a.composite,
        dimensions,
        contributions,
    }
}
