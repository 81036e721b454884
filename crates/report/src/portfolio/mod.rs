//! The portfolio: every dossier of a folder on one page (`index.html`), in
//! a CI summary (Markdown) and as JSON for dashboards.
//!
//! A portfolio is a view over analyses, like the pack, but it never holds
//! one: each dossier is reduced to an [`Entry`] (a few strings and numbers,
//! its due events in the window) as soon as it is analysed, so a folder of
//! thousands of dossiers takes little memory. The due dates are the
//! engine's (`dossier_analysis::due`), the ones `dossier due` lists.

mod csv;
pub mod history;
mod html;
mod json;
mod markdown;

use std::collections::BTreeMap;

use dossier_analysis::due::{DueEvent, DueKind, DueSubject};
use dossier_analysis::{Analysis, Severity};
use dossier_schema::catalogue::Dimension;
use dossier_schema::dates::Day;
use dossier_score::{round1, Band};
use dossier_syntax::Encoding;

use crate::model::{display, Pack};

pub use csv::render as render_csv;
pub use history::{History, Point};
pub use html::render as render_html;
pub use json::render as render_json;
pub use markdown::render as render_markdown;

/// The portfolio lists what falls due from today to this many days on
/// (and everything overdue), as `dossier due --within 90d` does.
pub const DUE_WINDOW_DAYS: i64 = 90;

/// The jurisdiction facts whose `yes` exposes a vendor to a state's law,
/// with the name the concentration table gives it.
const EXPOSURE: [(&str, &str); 4] = [
    ("subject_to_us", "US"),
    ("subject_to_eu", "EU"),
    ("subject_to_cn", "CN"),
    ("subject_to_ru", "RU"),
];

/// One due event of a dossier, as the portfolio shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Due {
    pub kind: DueKind,
    /// What it is about (written `attestations.ID`, `facts.SECTION.KEY` ...).
    pub subject: DueSubject,
    pub date: Day,
    /// Days from today (negative when overdue).
    pub days: i64,
    /// 1-based line of the date in the dossier.
    pub line: usize,
}

/// The composite and the eight dimensions of a scored dossier.
#[derive(Clone, Debug)]
pub struct Score {
    pub composite: f64,
    pub band: Band,
    /// The composite as stated (uncited claims taken at their word) and
    /// how many uncited claims the difference rests on.
    pub stated_composite: f64,
    pub uncited_claims: usize,
    pub profile: String,
    pub dimensions: Vec<(Dimension, f64)>,
}

/// The programme fields of a dossier (`relationship`).
#[derive(Clone, Debug, Default)]
pub struct Programme {
    pub tier: Option<u8>,
    pub criticality: Option<String>,
    pub owner: Option<String>,
    pub owner_email: Option<String>,
    pub status: Option<String>,
    pub data_classes: Vec<String>,
    pub services: Vec<String>,
    pub contract_start: Option<String>,
    pub contract_renewal: Option<String>,
    pub notice_days: Option<u32>,
}

/// How much of the fact catalogue a dossier answers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Coverage {
    /// Facts in the catalogue.
    pub catalogue: usize,
    /// Catalogue facts with a value other than `not_disclosed`.
    pub known: usize,
    /// Of those, the ones that cite a source.
    pub cited: usize,
}

impl Coverage {
    fn pct(n: usize, of: usize) -> Option<u32> {
        (of > 0).then(|| ((100 * n + of / 2) / of) as u32)
    }
    /// Percent of the catalogue known, rounded.
    pub fn known_pct(&self) -> Option<u32> {
        Self::pct(self.known, self.catalogue)
    }
    /// Percent of the catalogue known and cited, rounded.
    pub fn cited_pct(&self) -> Option<u32> {
        Self::pct(self.cited, self.catalogue)
    }
}

/// A risk acceptance as the portfolio lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Exception {
    pub id: String,
    /// What it accepts (`facts.SECTION.KEY`, `findings.ID` ...).
    pub accepts: String,
    pub expires: Option<Day>,
    pub approved_by: Option<String>,
    /// Still holds today.
    pub open: bool,
}

/// What the portfolio keeps of one dossier.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The file as the user named it.
    pub file: String,
    /// The pack's file name next to the index (set by the caller once the
    /// pack is written; `None`: no pack to link to).
    pub page: Option<String>,
    pub vendor: String,
    pub kind: Option<String>,
    pub hq_country: Option<String>,
    pub parent: Option<String>,
    /// The states whose law reaches the vendor's data (`US`, `EU`, `CN`,
    /// `RU`: the `jurisdiction.subject_to_*` facts that are `yes`).
    pub exposure: Vec<&'static str>,
    pub rating: Option<String>,
    pub score: Option<Score>,
    pub errors: usize,
    pub warnings: usize,
    pub open_questions: usize,
    /// Required questions not yet asked (`missing-question`).
    pub missing_questions: usize,
    /// The earliest event (overdue ones first).
    pub next_due: Option<Due>,
    /// Every event up to [`DUE_WINDOW_DAYS`] from today, overdue included.
    pub due: Vec<Due>,
    pub as_of: Option<String>,
    /// Days from `assessment.as_of` to today.
    pub days_since_assessment: Option<i64>,
    /// Why the dossier could not be read, or its first error as
    /// `line L:C: message`.
    pub problem: Option<String>,
    /// The file could not be read at all.
    pub unreadable: bool,
    /// `relationship`: tier, owner, status, contract.
    pub programme: Programme,
    pub coverage: Coverage,
    /// Risk acceptances, open and expired.
    pub exceptions: Vec<Exception>,
    /// The composite computed from the facts as stated (cited or not),
    /// beside the evidenced one; filled in by the scoring model when it
    /// has one (`None` until then).
    pub stated: Option<f64>,
    /// `x_` fields of the top level, `vendor`, `assessment` and
    /// `relationship`, by path, with their values as JSON.
    pub extensions: Vec<(String, serde_json::Value)>,
    /// The score at earlier commits (`render DIR --history N`), oldest
    /// first; empty without history.
    pub history: Vec<Point>,
}

impl Entry {
    /// The entry of a dossier that was analysed (`text` is what `analysis`
    /// was made from). `due` is `dossier_analysis::due::events` of the same
    /// analysis.
    pub fn new(pack: &Pack, text: &str, analysis: &Analysis, due: &[DueEvent]) -> Entry {
        let today = analysis.today;
        let item = |e: &DueEvent| Due {
            kind: e.kind,
            subject: e.subject.clone(),
            date: e.date,
            days: e.days_from(today),
            line: analysis
                .line_index
                .line_col(e.range.start, Encoding::Utf32)
                .line as usize
                + 1,
        };
        // The engine sorts by date: the first is the next (or most overdue).
        let next_due = due.iter().min_by_key(|e| e.date).map(item);
        let due: Vec<Due> = due
            .iter()
            .filter(|e| e.days_from(today) <= DUE_WINDOW_DAYS)
            .map(item)
            .collect();
        let mut entry = Entry {
            file: pack.path.to_string(),
            page: None,
            vendor: pack.vendor.clone(),
            kind: None,
            hq_country: None,
            parent: None,
            exposure: Vec::new(),
            rating: pack.assessment.get("rating").cloned(),
            score: analysis.score.as_ref().map(|r| Score {
                composite: r.composite,
                band: r.band,
                stated_composite: r.stated_composite,
                uncited_claims: r.uncited_claims,
                profile: r.profile.clone(),
                dimensions: r
                    .dimensions
                    .iter()
                    .map(|d| (d.dimension, d.score))
                    .collect(),
            }),
            errors: pack.count(Severity::Error),
            warnings: pack.count(Severity::Warning),
            open_questions: pack.open_questions().count(),
            missing_questions: pack.missing_questions.len(),
            next_due,
            due,
            as_of: pack.assessment.get("as_of").cloned(),
            days_since_assessment: None,
            problem: None,
            unreadable: false,
            programme: Programme::default(),
            coverage: Coverage::default(),
            exceptions: Vec::new(),
            stated: analysis.score.as_ref().map(|r| r.stated_composite),
            extensions: Vec::new(),
            history: Vec::new(),
        };
        entry.days_since_assessment = entry
            .as_of
            .as_deref()
            .and_then(Day::parse)
            .map(|d| today.to_days() - d.to_days());
        entry.problem = pack
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| format!("line {}:{}: {}", d.line, d.column, d.message));
        if let Some(view) = analysis.view() {
            let vendor = view.root.value("vendor");
            let field = |node: Option<&dossier_syntax::Node>| {
                node.map(|n| display(n, text)).filter(|s| !s.is_empty())
            };
            entry.kind = field(vendor.and_then(|v| v.value("kind")));
            entry.parent = field(vendor.and_then(|v| v.value("parent")));
            entry.hq_country = field(
                vendor
                    .and_then(|v| v.value("headquarters"))
                    .and_then(|h| h.value("country")),
            );
            for f in view.facts() {
                if f.section != "jurisdiction" || f.word() != Some("yes") {
                    continue;
                }
                if let Some((_, name)) = EXPOSURE.iter().find(|(k, _)| *k == f.key) {
                    if !entry.exposure.contains(name) {
                        entry.exposure.push(name);
                    }
                }
            }
            entry
                .exposure
                .sort_by_key(|n| EXPOSURE.iter().position(|(_, x)| x == n));
            entry.programme = programme(view.root.value("relationship"), text);
            entry.coverage = coverage(&view);
            entry.exceptions = dossier_analysis::exceptions::acceptances(&view)
                .into_iter()
                .map(|a| Exception {
                    open: a.holds(today),
                    id: a.id,
                    accepts: a.subject,
                    expires: a.expires,
                    approved_by: a.approved_by,
                })
                .collect();
            if let Some(json) = &analysis.json {
                entry.extensions = crate::model::extensions(view.root, text)
                    .into_iter()
                    .map(|(path, _)| {
                        let pointer = format!(
                            "/{}",
                            path.split('.')
                                .map(dossier_schema::pointer_escape)
                                .collect::<Vec<_>>()
                                .join("/")
                        );
                        let value = json
                            .value
                            .pointer(&pointer)
                            .cloned()
                            .unwrap_or(serde_json::Value::Null);
                        (path, value)
                    })
                    .collect();
            }
        }
        entry
    }

    /// Risk acceptances that hold today.
    pub fn open_exceptions(&self) -> impl Iterator<Item = &Exception> {
        self.exceptions.iter().filter(|x| x.open)
    }

    /// The subjects accepted today (`facts.SECTION.KEY`, `findings.ID`,
    /// `incidents.ID`, `rules.CODE`): a score contribution of one of these
    /// is shown as accepted.
    pub fn accepted(&self) -> Vec<&str> {
        self.open_exceptions().map(|x| x.accepts.as_str()).collect()
    }

    /// The entry of a file that could not be read: its row says why.
    pub fn unreadable(file: &str, reason: &str) -> Entry {
        Entry {
            file: file.to_string(),
            page: None,
            vendor: crate::model::fallback_name(file),
            kind: None,
            hq_country: None,
            parent: None,
            exposure: Vec::new(),
            rating: None,
            score: None,
            errors: 0,
            warnings: 0,
            open_questions: 0,
            missing_questions: 0,
            next_due: None,
            due: Vec::new(),
            as_of: None,
            days_since_assessment: None,
            problem: Some(reason.to_string()),
            unreadable: true,
            programme: Programme::default(),
            coverage: Coverage::default(),
            exceptions: Vec::new(),
            stated: None,
            extensions: Vec::new(),
            history: Vec::new(),
        }
    }

    /// The composite as shown (one decimal, never rounded into the next band).
    pub fn composite(&self) -> Option<f64> {
        self.score.as_ref().map(|s| round1(s.composite))
    }
}

/// Every dossier of a folder, highest risk first.
pub struct Portfolio {
    pub today: Day,
    /// Sorted by composite, highest first; unscored dossiers last; ties
    /// by vendor, then file.
    pub entries: Vec<Entry>,
    /// The commits of `--history` (empty without it).
    pub history: History,
}

/// One line of the due list: the event and the dossier it belongs to.
pub struct DueRow<'a> {
    pub entry: &'a Entry,
    pub due: &'a Due,
}

impl Portfolio {
    pub fn new(today: Day, mut entries: Vec<Entry>) -> Portfolio {
        entries.sort_by(|a, b| {
            let score = |e: &Entry| e.score.as_ref().map(|s| s.composite);
            match (score(a), score(b)) {
                (Some(x), Some(y)) => y.total_cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            }
            .then_with(|| a.vendor.cmp(&b.vendor))
            .then_with(|| a.file.cmp(&b.file))
        });
        Portfolio {
            today,
            entries,
            history: History::default(),
        }
    }

    /// The last day of the due window.
    pub fn due_until(&self) -> Day {
        Day::from_days(self.today.to_days() + DUE_WINDOW_DAYS)
    }

    /// How many dossiers fall in each band, highest first, then those
    /// without a score (`None`).
    pub fn bands(&self) -> Vec<(Option<Band>, usize)> {
        let mut out: Vec<(Option<Band>, usize)> = [
            Band::Critical,
            Band::High,
            Band::Elevated,
            Band::Moderate,
            Band::Low,
        ]
        .into_iter()
        .map(|b| (Some(b), 0))
        .collect();
        out.push((None, 0));
        for e in &self.entries {
            let band = e.score.as_ref().map(|s| s.band);
            if let Some(slot) = out.iter_mut().find(|(b, _)| *b == band) {
                slot.1 += 1;
            }
        }
        out
    }

    /// What falls due in the window, overdue first, in the order `dossier
    /// due` prints: days, file, line, kind, subject.
    pub fn due(&self) -> Vec<DueRow<'_>> {
        let mut rows: Vec<DueRow> = self
            .entries
            .iter()
            .flat_map(|entry| entry.due.iter().map(move |due| DueRow { entry, due }))
            .collect();
        rows.sort_by(|a, b| {
            (
                a.due.days,
                &a.entry.file,
                a.due.line,
                a.due.kind.code(),
                &a.due.subject,
            )
                .cmp(&(
                    b.due.days,
                    &b.entry.file,
                    b.due.line,
                    b.due.kind.code(),
                    &b.due.subject,
                ))
        });
        rows
    }

    /// Dossiers per HQ country, most first.
    pub fn by_country(&self) -> Vec<(String, usize)> {
        count(self.entries.iter().filter_map(|e| e.hq_country.clone()))
    }

    /// Dossiers per jurisdiction whose law reaches the vendor's data.
    pub fn by_exposure(&self) -> Vec<(String, usize)> {
        count(
            self.entries
                .iter()
                .flat_map(|e| e.exposure.iter().map(|x| x.to_string())),
        )
    }

    /// Dossiers per parent company (vendors that name one).
    pub fn by_parent(&self) -> Vec<(String, usize)> {
        count(self.entries.iter().filter_map(|e| e.parent.clone()))
    }
}

/// The programme fields of a `relationship` node.
fn programme(rel: Option<&dossier_syntax::Node>, text: &str) -> Programme {
    let Some(rel) = rel else {
        return Programme::default();
    };
    let get = |path: &[&str]| {
        let mut n = Some(rel);
        for k in path {
            n = n.and_then(|x| x.value(k));
        }
        n.map(|x| display(x, text)).filter(|s| !s.is_empty())
    };
    let list = |k: &str| {
        rel.value(k)
            .and_then(dossier_syntax::Node::as_sequence)
            .map(|items| {
                items
                    .iter()
                    .filter_map(|i| i.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    };
    Programme {
        tier: get(&["tier"])
            .and_then(|t| t.parse().ok())
            .filter(|t| (1..=4).contains(t)),
        criticality: get(&["criticality"]),
        owner: get(&["owner", "name"]),
        owner_email: get(&["owner", "email"]),
        status: get(&["status"]),
        data_classes: list("data_classes"),
        services: list("services"),
        contract_start: get(&["contract", "start"]),
        contract_renewal: get(&["contract", "renewal"]),
        notice_days: get(&["contract", "notice_days"]).and_then(|n| n.parse().ok()),
    }
}

/// How much of the catalogue a dossier states, and cites.
fn coverage(view: &dossier_schema::view::DossierView) -> Coverage {
    let mut c = Coverage {
        catalogue: dossier_schema::catalogue::FACTS.len(),
        ..Coverage::default()
    };
    for f in view.facts() {
        if f.def.is_none() || f.is_not_disclosed() || f.value.as_mapping().is_some() {
            continue;
        }
        if matches!(f.value.kind, dossier_syntax::NodeKind::Null) {
            continue;
        }
        c.known += 1;
        if !f.cites.is_empty() {
            c.cited += 1;
        }
    }
    c
}

/// A rating as words (`proceed_with_conditions` → "Proceed with conditions").
pub fn rating_words(rating: &str) -> String {
    match rating {
        "proceed" => "Proceed".into(),
        "proceed_with_conditions" => "Proceed with conditions".into(),
        "caution" => "Caution".into(),
        "avoid" => "Avoid".into(),
        other => other.replace('_', " "),
    }
}

/// Occurrences of each name, most first, then by name.
fn count(names: impl Iterator<Item = String>) -> Vec<(String, usize)> {
    let mut m: BTreeMap<String, usize> = BTreeMap::new();
    for n in names {
        *m.entry(n).or_default() += 1;
    }
    let mut v: Vec<(String, usize)> = m.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

/// `in 3 days`, `today`, `overdue by 1 day`: the engine's one phrasing.
pub use dossier_analysis::due::when;

/// The name of a band, or `no score`.
pub fn band_name(b: Option<Band>) -> &'static str {
    b.map_or("no score", Band::as_str)
}
