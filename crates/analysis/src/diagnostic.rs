//! Rules, severities and diagnostics: the one diagnostic type every output
//! (terminal, JSON, SARIF, GitHub, JUnit, LSP) is a view of.

use dossier_syntax::TextRange;
use serde::Serialize;

/// How serious a diagnostic is. Ordered from most to least serious.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
    Hint,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
            Severity::Hint => "hint",
        }
    }

    /// `error`, `warning`, `info` (or `information`), `hint`.
    pub fn parse(s: &str) -> Option<Severity> {
        match s {
            "error" => Some(Severity::Error),
            "warning" | "warn" => Some(Severity::Warning),
            "info" | "information" => Some(Severity::Info),
            "hint" => Some(Severity::Hint),
            _ => None,
        }
    }
}

macro_rules! rules {
    ($($variant:ident = $code:literal, $sev:ident;)*) => {
        /// A rule: a stable code users and CI scripts rely on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            /// The stable code, e.g. `uncited-fact`.
            pub fn code(self) -> &'static str {
                match self { $(Rule::$variant => $code,)* }
            }

            pub fn default_severity(self) -> Severity {
                match self { $(Rule::$variant => Severity::$sev,)* }
            }
        }
    };
}

rules! {
    Syntax = "syntax", Error;
    Schema = "schema", Error;
    UncitedFact = "uncited-fact", Warning;
    UnknownSource = "unknown-source", Error;
    UnusedSource = "unused-source", Hint;
    ContradictoryNeedsTwo = "contradictory-needs-two", Warning;
    StaleEvidence = "stale-evidence", Warning;
    ExpiredAttestation = "expired-attestation", Error;
    ExpiresSoon = "expires-soon", Warning;
    FutureDate = "future-date", Error;
    MissingQuestion = "missing-question", Warning;
    UnansweredQuestion = "unanswered-question", Info;
    BadSuppression = "bad-suppression", Warning;
    QuestionnaireConflict = "questionnaire-conflict", Warning;
    EvidenceFile = "evidence-file", Error;
    Profile = "profile", Error;
    RatingContradictsEvidence = "rating-contradicts-evidence", Warning;
    MissingTier = "missing-tier", Info;
    ExpiredException = "expired-exception", Warning;
    ExceptionTarget = "exception-target", Warning;
}

impl Rule {
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// One line: when the rule fires (from the rule's documentation).
    pub fn summary(self) -> &'static str {
        self.doc().summary
    }

    /// The rule's documentation, kept next to the code that reports it.
    pub fn doc(self) -> &'static RuleDoc {
        crate::rules::docs()
            .find(|d| d.rule == self)
            .expect("every rule is documented (tested)")
    }

    /// Where the rule is documented on the web, once the project publishes
    /// its documentation (see [`DOCS_RULES_URL`]); `None` until then.
    pub fn doc_url(self) -> Option<String> {
        DOCS_RULES_URL.map(|base| format!("{}#{}", base, self.code()))
    }
}

/// A rule's documentation: one line for tables and SARIF, and the
/// Markdown paragraph of docs/rules.md.
#[derive(Debug)]
pub struct RuleDoc {
    pub rule: Rule,
    pub summary: &'static str,
    pub body: &'static str,
}

/// The published rules reference (docs/rules.md on the web), the one place
/// every output takes rule links from: editors (`codeDescription`), SARIF
/// (`helpUri`, `informationUri`) and the procurement pack. `None` while the
/// project has no public address: outputs then carry no links rather than a
/// placeholder that leads nowhere. Set it to the page's address (ending in
/// `docs/rules.md`) when there is one.
pub const DOCS_RULES_URL: Option<&str> = None;

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
