//! Diagnostics: the one diagnostic type every output (terminal, JSON,
//! SARIF, GitHub, JUnit, LSP) is a view of. Rules and severities are
//! declared in [`crate::registry`].

use dossier_syntax::TextRange;
use serde::Serialize;

pub use crate::registry::{docs_rules_url, Rule, RuleMeta, Severity, Trait, DOCS_RULES_URL};

/// A text edit: replace `range` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub text: String,
}

/// Whether a tool may apply a fix without a person choosing it (the
/// distinction rustc draws, under the same names).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Applicability {
    /// What the rule asks for, exactly: a YAML boolean written as the
    /// format's word, a number written with digits, the missing question
    /// templates inserted. SARIF `fixes` carry these.
    MachineApplicable,
    /// A guess ("did you mean"): offered in the editor, where a person
    /// picks it, never applied by a tool.
    MaybeIncorrect,
}

/// A fix the user can apply (an LSP quick fix), as data: outputs turn its
/// edits into their own form (LSP workspace edits, JSON and SARIF `fixes`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
    pub applicability: Applicability,
}

/// A question template a dossier lacks, and why it is required.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct MissingQuestion {
    /// The template id (`Q01`, `T-SOC2-BRIDGE`).
    pub template: &'static str,
    /// Why it is required, as one sentence for readers of a report.
    pub why: String,
}

/// What a diagnostic is about, as typed data. Consumers (quick fixes, the
/// report, outputs) read this, never the message text, which is for people.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Payload {
    /// A key the schema requires is absent.
    MissingKey { key: String },
    /// Question templates absent from `questions` (one diagnostic may list
    /// several: the missing baseline questions are reported together).
    MissingQuestions {
        /// The fact that requires them (`section.key`), if any.
        fact: Option<String>,
        questions: Vec<MissingQuestion>,
    },
    /// Evidence older than its window: the fact (`section.key`) or item it
    /// belongs to, and the date as written.
    StaleEvidence { subject: String, date: String },
    /// An attestation whose validity ended (`YYYY-MM-DD`).
    Expired { subject: String, until: String },
    /// A fact (`section.key`) the diagnostic is about.
    Fact { path: String },
    /// A source id the diagnostic is about.
    Source { id: String },
}

/// Another place in the same file a diagnostic is about (the other side
/// of a contradiction), with a note for it. Editors show it as related
/// information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Related {
    pub range: TextRange,
    pub message: String,
}

/// A located problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    pub rule: Rule,
    pub severity: Severity,
    /// Byte range in the file's text.
    pub range: TextRange,
    /// One line that says what is wrong and what to do.
    pub message: String,
    pub fixes: Vec<Fix>,
    /// What it is about, as data.
    pub payload: Option<Payload>,
    /// Other places in the file it is about.
    pub related: Vec<Related>,
}

impl Diagnostic {
    pub fn new(rule: Rule, range: TextRange, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            rule,
            severity: rule.default_severity(),
            range,
            message: message.into(),
            fixes: Vec::new(),
            payload: None,
            related: Vec::new(),
        }
    }

    /// Add a fix that is a guess (see [`Applicability::MaybeIncorrect`]).
    pub fn with_fix(self, title: impl Into<String>, edits: Vec<Edit>) -> Diagnostic {
        self.with_fix_of(Applicability::MaybeIncorrect, title, edits)
    }

    pub fn with_fix_of(
        mut self,
        applicability: Applicability,
        title: impl Into<String>,
        edits: Vec<Edit>,
    ) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
            applicability,
        });
        self
    }

    pub fn with_related(mut self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        self.related.push(Related {
            range,
            message: message.into(),
        });
        self
    }

    pub fn with_payload(mut self, payload: Payload) -> Diagnostic {
        self.payload = Some(payload);
        self
    }

    /// The template ids of a `missing-question` diagnostic (empty otherwise).
    pub fn missing_templates(&self) -> impl Iterator<Item = &'static str> + '_ {
        match &self.payload {
            Some(Payload::MissingQuestions { questions, .. }) => questions.as_slice(),
            _ => &[],
        }
        .iter()
        .map(|q| q.template)
    }
}
