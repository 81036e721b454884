//! A lenient, typed view over a spanned tree.
//!
//! Rules and scoring read the document through this view, not through the
//! serde types, so they work on half-written files: whatever is present and
//! well-formed is seen, whatever is missing or malformed is skipped (the
//! schema diagnostics already report it).

use dossier_syntax::{Entry, Node, NodeKind, TextRange};

use crate::catalogue::{self, FactDef};
use crate::questionnaire::Edition;
use crate::types::{QuestionStatus, QuestionnaireKind, Scheme};

/// A string value with its range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Spanned<'a> {
    pub text: &'a str,
    pub range: TextRange,
}

/// The string field `key` of a mapping node.
pub fn field<'a>(node: &'a Node, key: &str) -> Option<Spanned<'a>> {
    let v = node.value(key)?;
    Some(Spanned {
        text: v.as_str()?,
        range: v.range,
    })
}

/// The ids in a `cite` value: a single id or a list of ids.
pub fn cite_ids(node: &Node) -> Vec<Spanned<'_>> {
    match &node.kind {
        NodeKind::Scalar(_) => node
            .as_str()
            .map(|t| {
                vec![Spanned {
                    text: t,
                    range: node.range,
                }]
            })
            .unwrap_or_default(),
        NodeKind::Sequence(items) => items
            .iter()
            .filter_map(|i| {
                Some(Spanned {
                    text: i.as_str()?,
                    range: i.range,
                })
            })
            .collect(),
        _ => Vec::new(),
    }
}

/// One fact of `facts`.
#[derive(Clone, Debug)]
pub struct FactView<'a> {
    pub section: &'a str,
    pub key: &'a str,
    /// The fact's entry (`key: ...`).
    pub entry: &'a Entry,
    /// The catalogue entry; `None` for `x_` extension keys and unknown keys.
    pub def: Option<&'static FactDef>,
    /// The value node (for the shorthand, the entry's value itself).
    pub value: &'a Node,
    /// Written as `key: value`, without the full form.
    pub shorthand: bool,
    /// The `cite` entry, if any.
    pub cite: Option<&'a Entry>,
    pub cites: Vec<Spanned<'a>>,
    pub as_of: Option<Spanned<'a>>,
}

impl<'a> FactView<'a> {
    /// The value as a word (`yes`, `not_disclosed`, `CN`, `30`), if it is a scalar.
    pub fn word(&self) -> Option<&'a str> {
        self.value.as_str()
    }
    pub fn is_not_disclosed(&self) -> bool {
        self.word() == Some(catalogue::NOT_DISCLOSED)
    }
    pub fn is_contradictory(&self) -> bool {
        self.word() == Some(catalogue::CONTRADICTORY)
    }
    /// `section.key`
    pub fn path(&self) -> String {
        format!("{}.{}", self.section, self.key)
    }
}

/// A source of `sources`.
#[derive(Clone, Debug)]
pub struct SourceView<'a> {
    pub id: &'a str,
    pub entry: &'a Entry,
    pub url: Option<Spanned<'a>>,
    /// A file in the repository (`file:`), relative to the dossier.
    pub file: Option<Spanned<'a>>,
    /// The pinned SHA-256 of `file`.
    pub sha256: Option<Spanned<'a>>,
    pub title: Option<Spanned<'a>>,
    pub kind: Option<Spanned<'a>>,
    pub retrieved: Option<Spanned<'a>>,
    pub verified_by: Option<Spanned<'a>>,
    pub quote: Option<Spanned<'a>>,
}

/// A list item with an `id` (attestations, findings, incidents, questions).
#[derive(Clone, Debug)]
pub struct ItemView<'a> {
    pub node: &'a Node,
    pub id: Option<Spanned<'a>>,
}

impl<'a> ItemView<'a> {
    pub fn field(&self, key: &str) -> Option<Spanned<'a>> {
        field(self.node, key)
    }
    pub fn entry(&self, key: &str) -> Option<&'a Entry> {
        self.node.get(key)
    }
    /// An attestation's `scheme`, if written and known.
    pub fn scheme(&self) -> Option<Scheme> {
        Scheme::from_word(self.field("scheme")?.text)
    }
    /// A question's `status`, if written and known.
    pub fn status(&self) -> Option<QuestionStatus> {
        QuestionStatus::from_word(self.field("status")?.text)
    }
    /// Whether a question is answered or waived (an unwritten or unknown
    /// status is not).
    pub fn is_closed(&self) -> bool {
        self.status().is_some_and(QuestionStatus::is_closed)
    }
    /// A questionnaire's `kind`, if written and known.
    pub fn questionnaire_kind(&self) -> Option<QuestionnaireKind> {
        QuestionnaireKind::from_word(self.field("kind")?.text)
    }
    /// A questionnaire's edition, from its `kind` and `version`.
    pub fn edition(&self) -> Option<Edition> {
        Edition::of(self.questionnaire_kind()?, self.field("version")?.text)
    }
}

/// The lenient view of a whole dossier.
#[derive(Clone, Copy, Debug)]
pub struct DossierView<'a> {
    pub root: &'a Node,
}

impl<'a> DossierView<'a> {
    pub fn new(root: &'a Node) -> DossierView<'a> {
        DossierView { root }
    }

    pub fn top(&self, key: &str) -> Option<&'a Entry> {
        self.root.get(key)
    }

    pub fn facts(&self) -> Vec<FactView<'a>> {
        let mut out = Vec::new();
        let Some(facts) = self.root.value("facts").and_then(Node::as_mapping) else {
            return out;
        };
        for section in &facts.entries {
            let Some(m) = section.value.as_mapping() else {
                continue;
            };
            for entry in &m.entries {
                let section_name = section.key.value.as_str();
                let key = entry.key.value.as_str();
                let def = catalogue::fact(section_name, key);
                let full = entry
                    .value
                    .as_mapping()
                    .filter(|m| m.get("value").is_some() || !m.entries.is_empty());
                let (value, shorthand, cite) = match full {
                    Some(m) => (
                        m.get("value").map_or(&entry.value, |e| &e.value),
                        false,
                        m.get("cite"),
                    ),
                    None => (&entry.value, true, None),
                };
                out.push(FactView {
                    section: section_name,
                    key,
                    entry,
                    def,
                    value,
                    shorthand,
                    cite,
                    cites: cite.map(|c| cite_ids(&c.value)).unwrap_or_default(),
                    as_of: if shorthand {
                        None
                    } else {
                        field(&entry.value, "as_of")
                    },
                });
            }
        }
        out
    }

    pub fn sources(&self) -> Vec<SourceView<'a>> {
        let Some(m) = self.root.value("sources").and_then(Node::as_mapping) else {
            return Vec::new();
        };
        m.entries
            .iter()
            .map(|e| SourceView {
                id: &e.key.value,
                entry: e,
                url: field(&e.value, "url"),
                file: field(&e.value, "file"),
                sha256: field(&e.value, "sha256"),
                title: field(&e.value, "title"),
                kind: field(&e.value, "kind"),
                retrieved: field(&e.value, "retrieved"),
                verified_by: field(&e.value, "verified_by"),
                quote: field(&e.value, "quote"),
            })
            .collect()
    }

    pub fn source(&self, id: &str) -> Option<SourceView<'a>> {
        self.sources().into_iter().find(|s| s.id == id)
    }

    /// The items of a top-level list (`attestations`, `findings`, `incidents`,
    /// `questions`, `adjustments`).
    pub fn items(&self, list: &str) -> Vec<ItemView<'a>> {
        self.root
            .value(list)
            .and_then(Node::as_sequence)
            .map(|items| {
                items
                    .iter()
                    .filter(|n| n.as_mapping().is_some())
                    .map(|n| ItemView {
                        node: n,
                        id: field(n, "id"),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// `assessment.profile`, if written.
    pub fn profile(&self) -> Option<Spanned<'a>> {
        field(self.root.value("assessment")?, "profile")
    }

    /// Every `cite` in the document (facts, findings, attestations,
    /// incidents, questions, adjustments, exceptions) and every questionnaire's
    /// `source`, with its ids.
    pub fn all_citations(&self) -> Vec<Spanned<'a>> {
        let mut out = Vec::new();
        for f in self.facts() {
            out.extend(f.cites);
        }
        for list in [
            "attestations",
            "findings",
            "incidents",
            "questions",
            "adjustments",
            "exceptions",
        ] {
            for item in self.items(list) {
                if let Some(c) = item.node.value("cite") {
                    out.extend(cite_ids(c));
                }
            }
        }
        // A questionnaire names the source of its answers.
        for item in self.items("questionnaires") {
            out.extend(item.field("source"));
        }
        out
    }
}
