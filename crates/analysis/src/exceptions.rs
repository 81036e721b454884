//! Risk acceptances (`exceptions[]`): what each accepts, until when, and
//! the one place that turns an accepted item's diagnostics into info while
//! the acceptance holds. The score is not changed here: an accepted item
//! keeps its contribution; the report marks it as accepted by the
//! subjects listed in [`Acceptance::subject`].

use dossier_schema::dates::{Day, Written};
use dossier_schema::view::DossierView;
use dossier_syntax::TextRange;

use crate::diagnostic::{Diagnostic, Payload, Rule, Severity, Trait};

/// What an acceptance accepts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Target {
    /// `facts.SECTION.KEY`
    Fact { section: String, key: String },
    /// `findings.ID`
    Finding(String),
    /// `incidents.ID`
    Incident(String),
    /// `rules.CODE`: every diagnostic of the rule in the file.
    Rule(Rule),
}

impl Target {
    /// Read `accepts` as written; `None` when it names no kind of target
    /// (the schema reports the pattern) or an unknown rule.
    pub fn parse(accepts: &str) -> Option<Target> {
        let (kind, rest) = accepts.split_once('.')?;
        match kind {
            "facts" => {
                let (section, key) = rest.split_once('.')?;
                (!section.is_empty() && !key.is_empty()).then(|| Target::Fact {
                    section: section.to_string(),
                    key: key.to_string(),
                })
            }
            "findings" if !rest.is_empty() => Some(Target::Finding(rest.to_string())),
            "incidents" if !rest.is_empty() => Some(Target::Incident(rest.to_string())),
            "rules" => Rule::from_code(rest).map(Target::Rule),
            _ => None,
        }
    }
}

/// One risk acceptance of a dossier.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acceptance {
    /// The acceptance's `id` (empty when it has none).
    pub id: String,
    /// `accepts` as written: `facts.SECTION.KEY`, `findings.ID`,
    /// `incidents.ID` or `rules.CODE` (the subject the report marks).
    pub subject: String,
    pub target: Option<Target>,
    /// The last day it holds (a month lasts to its end).
    pub expires: Option<Day>,
    pub approved_by: Option<String>,
    /// The acceptance's item.
    pub range: TextRange,
    /// The `accepts` value.
    pub accepts_range: TextRange,
    /// The range of what it accepts in the file (the fact's entry, the
    /// finding's or incident's item); `None` for a rule, or when nothing
    /// in the file is what it names.
    pub covers: Option<TextRange>,
}

impl Acceptance {
    /// Whether it still holds on `today`.
    pub fn holds(&self, today: Day) -> bool {
        self.expires.is_some_and(|d| d >= today)
    }

    /// Whether what it accepts is in the file (a rule always is).
    pub fn found(&self) -> bool {
        matches!(self.target, Some(Target::Rule(_))) || self.covers.is_some()
    }
}

/// Every acceptance of the dossier, in the file's order.
pub fn acceptances(view: &DossierView) -> Vec<Acceptance> {
    let items = view.items("exceptions");
    if items.is_empty() {
        return Vec::new();
    }
    let facts = view.facts();
    let item_range = |list: &str, id: &str| {
        view.items(list)
            .into_iter()
            .find(|i| i.id.is_some_and(|x| x.text == id))
            .map(|i| i.node.range)
    };
    items
        .into_iter()
        .filter_map(|x| {
            let accepts = x.field("accepts")?;
            let target = Target::parse(accepts.text);
            let covers = match &target {
                Some(Target::Fact { section, key }) => facts
                    .iter()
                    .find(|f| f.section == section && f.key == key)
                    .map(|f| TextRange::new(f.entry.key.range.start, f.entry.value.range.end)),
                Some(Target::Finding(id)) => item_range("findings", id),
                Some(Target::Incident(id)) => item_range("incidents", id),
                Some(Target::Rule(_)) | None => None,
            };
            Some(Acceptance {
                id: x.id.map(|i| i.text.to_string()).unwrap_or_default(),
                subject: accepts.text.to_string(),
                target,
                expires: x
                    .field("expires")
                    .and_then(|e| Written::parse(e.text))
                    .map(Written::last_day),
                approved_by: x.field("approved_by").map(|a| a.text.to_string()),
                range: x.node.range,
                accepts_range: accepts.range,
                covers,
            })
        })
        .collect()
}

/// The acceptances that hold on `today`.
pub fn holding(view: &DossierView, today: Day) -> Vec<Acceptance> {
    acceptances(view)
        .into_iter()
        .filter(|a| a.holds(today))
        .collect()
}

/// Does `a` accept what `d` is about?
fn accepts(a: &Acceptance, d: &Diagnostic) -> bool {
    match &a.target {
        Some(Target::Rule(r)) => d.rule == *r,
        Some(Target::Fact { section, key }) => {
            let path = format!("{section}.{key}");
            let by_payload = match &d.payload {
                Some(Payload::Fact { path: p }) => *p == path,
                Some(Payload::StaleEvidence { subject, .. }) => *subject == path,
                _ => false,
            };
            by_payload || a.covers.is_some_and(|c| contains(c, d.range))
        }
        Some(Target::Finding(_) | Target::Incident(_)) => {
            a.covers.is_some_and(|c| contains(c, d.range))
        }
        None => false,
    }
}

fn contains(outer: TextRange, inner: TextRange) -> bool {
    outer.start <= inner.start && inner.end <= outer.end
}

/// Show the diagnostics of what a holding acceptance accepts as info, and
/// say so in the message, with the acceptance as related information.
pub(crate) fn apply(view: &DossierView, today: Day, diagnostics: &mut [Diagnostic]) {
    let holding = holding(view, today);
    if holding.is_empty() {
        return;
    }
    for d in diagnostics.iter_mut() {
        if d.rule.has(Trait::NeverAccepted) || d.severity >= Severity::Info {
            continue;
        }
        let Some(a) = holding.iter().find(|a| accepts(a, d)) else {
            continue;
        };
        let until = a.expires.map(|e| e.to_string()).unwrap_or_default();
        d.severity = Severity::Info;
        let name = if a.id.is_empty() {
            "a risk acceptance".to_string()
        } else {
            format!("risk acceptance `{}`", a.id)
        };
        d.message = format!("{} (accepted by {name} until {until})", d.message);
        d.related.push(crate::diagnostic::Related {
            range: a.accepts_range,
            message: format!("accepted here until {until}"),
        });
    }
}
