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
    ($($variant:ident = $code:literal, $sev:ident, $summary:literal;)*) => {
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

            /// One line: when the rule fires.
            pub fn summary(self) -> &'static str {
                match self { $(Rule::$variant => $summary,)* }
            }
        }
    };
}

rules! {
    Syntax = "syntax", Error, "Not YAML, or YAML the format forbids: tabs, anchors/aliases, tags, merge keys, several documents, duplicate keys, invalid UTF-8, nesting deeper than 64, files larger than 4 MiB.";
    Schema = "schema", Error, "Wrong type, unknown key, missing required key, or value outside its domain.";
    UncitedFact = "uncited-fact", Warning, "A fact whose value is not `not_disclosed` cites no source.";
    UnknownSource = "unknown-source", Error, "A `cite` names an id that is not in `sources`.";
    UnusedSource = "unused-source", Hint, "A source that nothing cites.";
    ContradictoryNeedsTwo = "contradictory-needs-two", Warning, "A `contradictory` fact cites fewer than two sources.";
    StaleEvidence = "stale-evidence", Warning, "Evidence or a source older than its freshness window.";
    ExpiredAttestation = "expired-attestation", Error, "An attestation whose `valid_until` is in the past, or whose standard version is withdrawn.";
    FutureDate = "future-date", Error, "A date after today (validity ends excepted).";
    MissingQuestion = "missing-question", Warning, "A required question template is absent from `questions`.";
    UnansweredQuestion = "unanswered-question", Info, "A question marked answered without answer and citation, or waived without a reason.";
    BadSuppression = "bad-suppression", Warning, "An `ignore` comment without a reason or with an unknown rule code.";
    Profile = "profile", Error, "Unknown weight profile, or profile weights that do not sum to 100.";
}

impl Rule {
    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// Where the rule is documented.
    pub fn doc_url(self) -> String {
        format!("{}#{}", DOCS_RULES_URL, self.code())
    }
}

/// The rules reference (shipped in the repository as docs/rules.md).
pub const DOCS_RULES_URL: &str = "https://example.invalid/dossier-toolkit/docs/rules.md";

/// A text edit: replace `range` with `text`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Edit {
    pub range: TextRange,
    pub text: String,
}

/// A fix the user can apply (an LSP quick fix), as data: outputs turn its
/// edits into their own form (LSP workspace edits, JSON `fixes`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Fix {
    pub title: String,
    pub edits: Vec<Edit>,
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
        }
    }

    pub fn with_fix(mut self, title: impl Into<String>, edits: Vec<Edit>) -> Diagnostic {
        self.fixes.push(Fix {
            title: title.into(),
            edits,
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
