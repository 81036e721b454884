//! What a reviewer sees, read once from an analysis: both renderers use it.

use std::collections::BTreeMap;

use dossier_analysis::due::{DueEvent, DueKind, DueSubject};
use dossier_analysis::{Analysis, Payload, Rule, Severity};
use dossier_schema::catalogue;
use dossier_schema::dates::Day;
use dossier_schema::types::{AnswerWord, QuestionStatus};
use dossier_schema::view::DossierView;
use dossier_score::ScoreReport;
use dossier_syntax::{Encoding, Node, NodeKind, ScalarKind};

/// One dossier, ready to render.
pub struct Pack<'a> {
    /// The file as the user named it.
    pub path: &'a str,
    pub vendor: String,
    /// `kind · country, city · founded 2009 · ticker · subsidiary of X`
    pub vendor_line: Vec<String>,
    /// `Employees: …`, `Stage: …`
    pub vendor_facts: Vec<(String, String)>,
    pub products: Vec<String>,
    /// analyst, as_of, rating, summary
    pub assessment: BTreeMap<&'static str, String>,
    pub score: Option<&'a ScoreReport>,
    pub sections: Vec<Section>,
    pub attestations: Vec<Item>,
    pub findings: Vec<Item>,
    pub incidents: Vec<Item>,
    pub questions: Vec<Item>,
    /// Required questions the dossier does not ask yet (`missing-question`).
    pub missing_questions: Vec<MissingQuestion>,
    pub sources: Vec<Source>,
    pub diagnostics: Vec<Problem>,
    /// The standard questionnaires the vendor answered (`questionnaires`).
    pub questionnaires: Vec<Questionnaire>,
    pub today: Day,
    /// `relationship`'s fields as text (`tier`, `owner`, `status` ...), in
    /// file order.
    pub relationship: Vec<(String, String)>,
    /// Risk acceptances (`exceptions[]`).
    pub exceptions: Vec<Item>,
    /// `x_` extension fields of the top level, `vendor`, `assessment` and
    /// `relationship`, by path (`x_cost_centre`, `vendor.x_region`), as text.
    pub extensions: Vec<(String, String)>,
    /// How the page reaches the dossier's folder, for the links to
    /// evidence files (`file:` sources); beside the dossier by default.
    pub file_links: FileLinks,
    /// When each attestation (by id; `None` for one without) stops being
    /// valid: the engine's `attestation-expires` event, or the end of the
    /// ISO/IEC 27001:2013 transition when that comes first.
    expiries: BTreeMap<Option<String>, Day>,
}

/// Where a pack's links to evidence files (`file:` sources, relative to
/// the dossier) lead from: the page's folder.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FileLinks {
    /// The page sits in the dossier's folder: `./evidence/a.pdf`.
    #[default]
    Beside,
    /// The path from the page's folder to the dossier's folder, with `/`,
    /// empty or ending in `/` (`../vendors/`): `../vendors/evidence/a.pdf`.
    Via(String),
    /// No relative path leads from the page to the dossier (another drive,
    /// a name that is not UTF-8): the pack names each file relative to the
    /// dossier and links none.
    Unlinked,
}

/// One answered questionnaire, summarised for the pack.
pub struct Questionnaire {
    pub id: String,
    /// `CAIQ v4.0.x`, `AI-CAIQ v1.1.0`.
    pub name: String,
    pub source: Option<String>,
    /// By domain (`CEK`): how many answers of each word (yes, no, na, other).
    /// Answers by domain and word (`None`: an answer that is no word of
    /// the format).
    pub by_domain: BTreeMap<String, BTreeMap<Option<AnswerWord>, usize>>,
    /// Every No: the question id, the vendor's description, the facts it feeds.
    pub noes: Vec<(String, Option<String>, Vec<String>)>,
}

pub struct MissingQuestion {
    pub id: String,
    pub ask: String,
    /// The diagnostic's message: why it is required.
    pub why: String,
}

pub struct Section {
    pub name: String,
    pub title: String,
    pub facts: Vec<Fact>,
}

pub struct Fact {
    pub section: String,
    pub key: String,
    pub title: String,
    pub description: String,
    /// As written (`yes`, `CN, SG, DE`); `None` when absent from the dossier.
    pub value: Option<String>,
    pub cites: Vec<String>,
    pub as_of: Option<String>,
    /// Whether the value needs a citation and has none.
    pub uncited: bool,
}

/// A list item (attestation, finding, incident, question): its fields as
/// text, in file order, and its citations.
pub struct Item {
    pub id: String,
    pub fields: Vec<(String, String)>,
    pub cites: Vec<String>,
    /// `owasp:` and `nist:` ids (findings).
    pub owasp: Vec<String>,
    pub nist: Vec<String>,
}

impl Item {
    pub fn get(&self, key: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
    }
}

pub struct Source {
    pub id: String,
    pub url: Option<String>,
    /// A file in the repository, relative to the dossier (`file:`).
    pub file: Option<String>,
    pub sha256: Option<String>,
    pub title: Option<String>,
    pub kind: Option<String>,
    pub retrieved: Option<String>,
    pub verified_by: Option<String>,
    pub quote: Option<String>,
    /// Where it is cited, in pack order.
    pub cited_by: Vec<Citer>,
}

/// A fact or list item that cites a source.
pub struct Citer {
    pub kind: CiterKind,
    /// `section.key` for a fact, the item's id otherwise.
    pub id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CiterKind {
    Fact,
    Attestation,
    Finding,
    Incident,
    Question,
}

pub struct Problem {
    pub line: u32,
    pub column: u32,
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
}

impl Pack<'_> {
    pub fn count(&self, s: Severity) -> usize {
        self.diagnostics.iter().filter(|d| d.severity == s).count()
    }

    /// Questions still waiting for the vendor (`open` or `sent`, or no status).
    pub fn open_questions(&self) -> impl Iterator<Item = &Item> {
        self.questions.iter().filter(|q| {
            !q.get("status")
                .and_then(QuestionStatus::from_word)
                .is_some_and(QuestionStatus::is_closed)
        })
    }

    /// When an attestation stops being valid, and whether it already has.
    /// Read from the engine's due events (`dossier_analysis::due`), the
    /// same dates `dossier due` lists and `expired-attestation` reports.
    pub fn expiry(&self, item: &Item) -> Option<(Day, bool)> {
        let id = (!item.id.is_empty()).then(|| item.id.clone());
        let until = *self.expiries.get(&id)?;
        Some((until, until < self.today))
    }
}

/// A value as a reviewer reads it: scalars decoded, lists joined with `, `,
/// anything else as written (whitespace collapsed).
pub fn display(node: &Node, text: &str) -> String {
    match &node.kind {
        NodeKind::Scalar(s) => match s.kind {
            ScalarKind::Null => String::new(),
            _ => s.value.clone(),
        },
        NodeKind::Sequence(items) => items
            .iter()
            .map(|n| display(n, text))
            .collect::<Vec<_>>()
            .join(", "),
        NodeKind::Null => String::new(),
        _ => text
            .get(node.range.start..node.range.end)
            .unwrap_or_default()
            .split_whitespace()
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn strings(node: Option<&Node>) -> Vec<String> {
    match node.map(|n| &n.kind) {
        Some(NodeKind::Sequence(items)) => items
            .iter()
            .filter_map(|n| n.as_str().map(str::to_string))
            .collect(),
        Some(NodeKind::Scalar(_)) => node
            .and_then(Node::as_str)
            .map(|s| vec![s.to_string()])
            .unwrap_or_default(),
        _ => Vec::new(),
    }
}

fn items(view: &DossierView, list: &str, text: &str) -> Vec<Item> {
    view.items(list)
        .into_iter()
        .map(|it| {
            let map = it.node.as_mapping();
            let fields = map
                .map(|m| {
                    m.entries
                        .iter()
                        .filter(|e| {
                            !matches!(e.key.value.as_str(), "id" | "cite" | "owasp" | "nist")
                        })
                        .map(|e| (e.key.value.clone(), display(&e.value, text)))
                        .filter(|(_, v)| !v.is_empty())
                        .collect()
                })
                .unwrap_or_default();
            Item {
                id: it.id.map(|s| s.text.to_string()).unwrap_or_default(),
                fields,
                cites: it
                    .node
                    .value("cite")
                    .map(|c| {
                        dossier_schema::view::cite_ids(c)
                            .iter()
                            .map(|s| s.text.to_string())
                            .collect()
                    })
                    .unwrap_or_default(),
                owasp: strings(it.node.value("owasp")),
                nist: strings(it.node.value("nist")),
            }
        })
        .collect()
}

/// The `x_` extension fields of the top level and of `vendor`,
/// `assessment` and `relationship` (and its `owner` and `contract`), by
/// path, in file order.
pub fn extensions<'n>(root: &'n Node, _text: &str) -> Vec<(String, &'n Node)> {
    let mut out = Vec::new();
    let mut walk = |prefix: &str, node: Option<&'n Node>| {
        let Some(m) = node.and_then(Node::as_mapping) else {
            return;
        };
        for e in &m.entries {
            if e.key.value.starts_with("x_") {
                out.push((format!("{prefix}{}", e.key.value), &e.value));
            }
        }
    };
    walk("", Some(root));
    walk("vendor.", root.value("vendor"));
    walk("assessment.", root.value("assessment"));
    let rel = root.value("relationship");
    walk("relationship.", rel);
    walk("relationship.owner.", rel.and_then(|r| r.value("owner")));
    walk(
        "relationship.contract.",
        rel.and_then(|r| r.value("contract")),
    );
    out
}

impl<'a> Pack<'a> {
    /// `due` is the dossier's events from [`dossier_analysis::due::events`].
    pub fn new(path: &'a str, text: &str, analysis: &'a Analysis, due: &[DueEvent]) -> Pack<'a> {
        let mut pack = Pack {
            path,
            vendor: String::new(),
            vendor_line: Vec::new(),
            vendor_facts: Vec::new(),
            products: Vec::new(),
            assessment: BTreeMap::new(),
            score: analysis.score.as_ref(),
            sections: Vec::new(),
            attestations: Vec::new(),
            findings: Vec::new(),
            incidents: Vec::new(),
            questions: Vec::new(),
            missing_questions: Vec::new(),
            sources: Vec::new(),
            diagnostics: Vec::new(),
            questionnaires: Vec::new(),
            today: analysis.today,
            relationship: Vec::new(),
            exceptions: Vec::new(),
            extensions: Vec::new(),
            file_links: FileLinks::default(),
            expiries: BTreeMap::new(),
        };
        for e in due {
            let DueSubject::Attestation(id) = &e.subject else {
                continue;
            };
            if matches!(e.kind, DueKind::AttestationExpires | DueKind::IsoTransition) {
                pack.expiries
                    .entry(id.clone())
                    .and_modify(|d| *d = (*d).min(e.date))
                    .or_insert(e.date);
            }
        }
        for d in &analysis.diagnostics {
            let lc = analysis.line_index.line_col(d.range.start, Encoding::Utf32);
            pack.diagnostics.push(Problem {
                line: lc.line + 1,
                column: lc.col + 1,
                severity: d.severity,
                rule: d.rule,
                message: d.message.clone(),
            });
            if let Some(Payload::MissingQuestions { questions, .. }) = &d.payload {
                for q in questions {
                    if let Some(t) = dossier_score::questions::template(q.template) {
                        pack.missing_questions.push(MissingQuestion {
                            id: t.id.to_string(),
                            ask: t.ask.to_string(),
                            why: q.why.clone(),
                        });
                    }
                }
            }
        }
        let Some(view) = analysis.view() else {
            pack.vendor = fallback_name(path);
            return pack;
        };
        pack.read_vendor(&view, text);
        pack.read_facts(&view, text);
        pack.attestations = items(&view, "attestations", text);
        pack.findings = items(&view, "findings", text);
        pack.incidents = items(&view, "incidents", text);
        pack.questions = items(&view, "questions", text);
        pack.exceptions = items(&view, "exceptions", text);
        if let Some(rel) = view.root.value("relationship").and_then(Node::as_mapping) {
            pack.relationship = rel
                .entries
                .iter()
                .filter(|e| !e.key.value.starts_with("x_"))
                .map(|e| (e.key.value.clone(), display(&e.value, text)))
                .filter(|(_, v)| !v.is_empty())
                .collect();
        }
        pack.extensions = extensions(view.root, text)
            .into_iter()
            .map(|(k, v)| (k, display(v, text)))
            .collect();
        pack.read_sources(&view);
        pack.read_questionnaires(&view);
        pack
    }

    fn read_questionnaires(&mut self, view: &DossierView) {
        use dossier_schema::questionnaire::{self, Edition};
        for item in view.items("questionnaires") {
            let field = |k: &str| item.field(k).map(|f| f.text.to_string());
            let edition = item.edition();
            let name = match (edition, field("kind"), field("version")) {
                (Some(e), _, _) => format!("{} v{}", e.name(), e.version()),
                (None, Some(k), Some(v)) => format!("{k} {v}"),
                _ => "questionnaire".to_string(),
            };
            let mut q = Questionnaire {
                id: field("id").unwrap_or_default(),
                name,
                source: field("source"),
                by_domain: BTreeMap::new(),
                noes: Vec::new(),
            };
            let Some(answers) = item.node.value("answers").and_then(Node::as_mapping) else {
                self.questionnaires.push(q);
                continue;
            };
            for e in &answers.entries {
                let id = e.key.value.as_str();
                let word = e
                    .value
                    .value("answer")
                    .and_then(Node::as_str)
                    .and_then(|w| AnswerWord::from_word(&w.to_ascii_lowercase()));
                let domain = Edition::domain_of(id).to_string();
                *q.by_domain
                    .entry(domain)
                    .or_default()
                    .entry(word)
                    .or_default() += 1;
                if word == Some(AnswerWord::No) {
                    let note = e
                        .value
                        .value("note")
                        .and_then(Node::as_str)
                        .map(str::to_string);
                    let feeds: Vec<String> = match edition {
                        Some(ed) => questionnaire::links(ed, id)
                            .map(|l| format!("{}.{}", l.section, l.key))
                            .collect(),
                        None => Vec::new(),
                    };
                    q.noes.push((id.to_string(), note, feeds));
                }
            }
            self.questionnaires.push(q);
        }
    }

    fn read_vendor(&mut self, view: &DossierView, text: &str) {
        let vendor = view.root.value("vendor");
        let field = |k: &str| {
            vendor
                .and_then(|v| v.value(k))
                .map(|n| display(n, text))
                .filter(|s| !s.is_empty())
        };
        self.vendor = field("name").unwrap_or_else(|| fallback_name(self.path));
        if let Some(k) = field("kind") {
            self.vendor_line.push(k);
        }
        let hq = vendor.and_then(|v| v.value("headquarters"));
        let hq_field = |k: &str| hq.and_then(|h| h.value(k)).map(|n| display(n, text));
        let place: Vec<String> = [hq_field("country"), hq_field("city")]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect();
        if !place.is_empty() {
            self.vendor_line.push(place.join(", "));
        }
        if let Some(f) = field("founded") {
            self.vendor_line.push(format!("founded {f}"));
        }
        if let Some(t) = field("ticker") {
            self.vendor_line.push(t);
        }
        if let Some(p) = field("parent") {
            self.vendor_line.push(format!("subsidiary of {p}"));
        }
        for (key, label) in [
            ("employees", "Employees"),
            ("stage", "Stage"),
            ("legal_entities", "Legal entities"),
        ] {
            if let Some(v) = field(key) {
                self.vendor_facts.push((label.to_string(), v));
            }
        }
        self.products = strings(vendor.and_then(|v| v.value("products")));
        if let Some(a) = view.root.value("assessment") {
            for key in ["analyst", "as_of", "rating", "summary", "profile"] {
                if let Some(v) = a.value(key) {
                    let s = match v.as_str() {
                        Some(s) => s.to_string(),
                        None => display(v, text),
                    };
                    if !s.trim().is_empty() {
                        self.assessment.insert(key, s);
                    }
                }
            }
        }
    }

    fn read_facts(&mut self, view: &DossierView, text: &str) {
        let facts = view.facts();
        let mut names: Vec<String> = catalogue::SECTIONS
            .iter()
            .map(|s| s.name.to_string())
            .collect();
        for f in &facts {
            if !names.iter().any(|n| n == f.section) {
                names.push(f.section.to_string());
            }
        }
        for name in names {
            let title =
                catalogue::section(&name).map_or_else(|| name.clone(), |s| s.title.to_string());
            let mut rows: Vec<Fact> = facts
                .iter()
                .filter(|f| f.section == name)
                .map(|f| {
                    let value = display(f.value, text);
                    let needs_cite = !f.is_not_disclosed();
                    Fact {
                        section: name.clone(),
                        key: f.key.to_string(),
                        title: f
                            .def
                            .map_or_else(|| f.key.to_string(), |d| d.title.to_string()),
                        description: f.def.map(|d| d.description.to_string()).unwrap_or_default(),
                        value: Some(value),
                        cites: f.cites.iter().map(|c| c.text.to_string()).collect(),
                        as_of: f.as_of.map(|a| a.text.to_string()),
                        uncited: needs_cite && f.cites.is_empty(),
                    }
                })
                .collect();
            // Catalogue facts the dossier does not state: scored as
            // not_disclosed, so the reviewer sees them too.
            for def in catalogue::section_facts(&name) {
                if !rows.iter().any(|r| r.key == def.key) {
                    rows.push(Fact {
                        section: name.clone(),
                        key: def.key.to_string(),
                        title: def.title.to_string(),
                        description: def.description.to_string(),
                        value: None,
                        cites: Vec::new(),
                        as_of: None,
                        uncited: false,
                    });
                }
            }
            if !rows.is_empty() {
                self.sections.push(Section {
                    name: name.clone(),
                    title,
                    facts: rows,
                });
            }
        }
    }

    fn read_sources(&mut self, view: &DossierView) {
        let mut cited_by: BTreeMap<String, Vec<Citer>> = BTreeMap::new();
        let mut cite = |source: &String, kind: CiterKind, id: String| {
            cited_by
                .entry(source.clone())
                .or_default()
                .push(Citer { kind, id });
        };
        for s in &self.sections {
            for f in &s.facts {
                for c in &f.cites {
                    cite(c, CiterKind::Fact, format!("{}.{}", f.section, f.key));
                }
            }
        }
        for (kind, list) in [
            (CiterKind::Attestation, &self.attestations),
            (CiterKind::Finding, &self.findings),
            (CiterKind::Incident, &self.incidents),
            (CiterKind::Question, &self.questions),
        ] {
            for item in list {
                for c in &item.cites {
                    cite(c, kind, item.id.clone());
                }
            }
        }
        let s = |x: Option<dossier_schema::view::Spanned>| x.map(|s| s.text.to_string());
        self.sources = view
            .sources()
            .into_iter()
            .map(|src| Source {
                id: src.id.to_string(),
                url: s(src.url),
                file: s(src.file),
                sha256: s(src.sha256),
                title: s(src.title),
                kind: s(src.kind),
                retrieved: s(src.retrieved),
                verified_by: s(src.verified_by),
                quote: s(src.quote),
                cited_by: cited_by.remove(src.id).unwrap_or_default(),
            })
            .collect();
    }

    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }
}

/// `s` after a count of `n` things.
pub fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}

/// The file name without `.dossier.yaml`, for dossiers without a vendor name.
pub fn fallback_name(path: &str) -> String {
    let name = path.rsplit(['/', '\\']).next().unwrap_or(path);
    for ext in [
        ".dossier.yaml",
        ".dossier.yml",
        ".dossier.json",
        ".yaml",
        ".yml",
        ".json",
    ] {
        if let Some(stem) = name.strip_suffix(ext) {
            return stem.to_string();
        }
    }
    name.to_string()
}
