//! The rule registry: every rule is declared here once, with its stable
//! code, its default severity, its one-line summary, its documentation
//! (`rules/docs/<code>.md`), its example (`examples/broken/<code>.dossier.yaml`)
//! and its traits (whether it concludes from absence, whether a risk
//! acceptance can accept it, the editor tags of its diagnostics), as
//! ruff's registry declares its rules. Everything else reads this table:
//! the engine (severities, the unreadable-part filter, acceptances), the
//! server (diagnostic tags, documentation links), SARIF, `--help` and the
//! generated docs/rules.md (`UPDATE_DOCS=1 cargo test -p dossier-cli --test
//! it docs::` rewrites it).
//!
//! This module depends on no other module of the crate; the rules, the
//! diagnostics and the sink depend on it.

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

/// A property of a rule that some consumer acts on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trait {
    /// The rule concludes from something being absent (a source nobody
    /// cites, a cite to no source, a missing question, an acceptance of
    /// nothing): while part of the file is unreadable it says nothing,
    /// since what looks absent may be written there.
    FromAbsence,
    /// No risk acceptance changes its diagnostics: the file's form, and
    /// what is said about the acceptances themselves.
    NeverAccepted,
    /// Its diagnostics may carry a fix (a quick fix, SARIF `fixes`); each
    /// such rule has a `check_fix` fixture (a test holds this, and the
    /// engine's sink checks it of every diagnostic in debug builds).
    Fixable,
    /// Its diagnostics are about something unnecessary (editors fade it:
    /// LSP `DiagnosticTag::UNNECESSARY`).
    Unnecessary,
    /// Its diagnostics are about something deprecated (editors strike it
    /// through: LSP `DiagnosticTag::DEPRECATED`).
    Deprecated,
}

/// Everything declared about one rule.
#[derive(Debug)]
pub struct RuleMeta {
    /// The stable code users, suppressions and CI scripts rely on.
    pub code: &'static str,
    pub default_severity: Severity,
    /// One line: when the rule fires (tables, SARIF, `--help`).
    pub summary: &'static str,
    /// The Markdown of its section in docs/rules.md (`rules/docs/<code>.md`;
    /// placeholders such as `{example}` are filled by `rules_markdown`).
    pub body: &'static str,
    /// The file in the repository that triggers it, relative to the root.
    pub example: &'static str,
    pub traits: &'static [Trait],
}

macro_rules! rules {
    ($(
        $variant:ident {
            code: $code:literal,
            severity: $sev:ident,
            summary: $summary:literal,
            traits: [$($trait:ident),* $(,)?] $(,)?
        }
    )*) => {
        /// A rule: a stable code users and CI scripts rely on.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Rule { $($variant,)* }

        impl Rule {
            /// Every rule, in the order of docs/rules.md.
            pub const ALL: &'static [Rule] = &[$(Rule::$variant,)*];

            const META: &'static [RuleMeta] = &[$(RuleMeta {
                code: $code,
                default_severity: Severity::$sev,
                summary: $summary,
                body: include_str!(concat!("rules/docs/", $code, ".md")),
                example: concat!("examples/broken/", $code, ".dossier.yaml"),
                traits: &[$(Trait::$trait),*],
            },)*];
        }
    };
}

rules! {
    Syntax {
        code: "syntax",
        severity: Error,
        summary: "Not YAML, or YAML the format forbids: tabs, anchors/aliases, tags, merge keys, several documents, `%YAML`/`%TAG` directives, duplicate keys, invalid UTF-8, characters YAML forbids (DEL, C1 controls, U+FFFE/U+FFFF), nesting deeper than 64, files larger than 4 MiB or longer than 32,768 lines.",
        traits: [NeverAccepted],
    }
    Schema {
        code: "schema",
        severity: Error,
        summary: "Wrong type, unknown key, missing required key, or value outside its domain.",
        traits: [Fixable, NeverAccepted],
    }
    UncitedFact {
        code: "uncited-fact",
        severity: Warning,
        summary: "A fact whose value is not `not_disclosed` cites no source.",
        traits: [],
    }
    UnknownSource {
        code: "unknown-source",
        severity: Error,
        summary: "A `cite` names an id that is not in `sources`.",
        traits: [Fixable, FromAbsence],
    }
    UnusedSource {
        code: "unused-source",
        severity: Hint,
        summary: "A source that nothing cites.",
        traits: [FromAbsence, Unnecessary],
    }
    ContradictoryNeedsTwo {
        code: "contradictory-needs-two",
        severity: Warning,
        summary: "A `contradictory` fact cites fewer than two sources.",
        traits: [],
    }
    StaleEvidence {
        code: "stale-evidence",
        severity: Warning,
        summary: "Evidence or a source older than its freshness window.",
        traits: [],
    }
    ExpiredAttestation {
        code: "expired-attestation",
        severity: Error,
        summary: "An attestation whose `valid_until` is in the past, or whose standard version is withdrawn.",
        traits: [],
    }
    ExpiresSoon {
        code: "expires-soon",
        severity: Warning,
        summary: "An attestation, dated evidence or a risk acceptance that expires or goes stale within `[freshness] warn_days` days.",
        traits: [],
    }
    FutureDate {
        code: "future-date",
        severity: Error,
        summary: "A date after today (validity ends excepted).",
        traits: [],
    }
    MissingQuestion {
        code: "missing-question",
        severity: Warning,
        summary: "A required question template is absent from `questions`.",
        traits: [Fixable, FromAbsence],
    }
    UnansweredQuestion {
        code: "unanswered-question",
        severity: Info,
        summary: "A question marked answered without answer and citation, or waived without a reason.",
        traits: [],
    }
    BadSuppression {
        code: "bad-suppression",
        severity: Warning,
        summary: "An `ignore` comment without a reason, with a placeholder reason, or with an unknown rule code.",
        traits: [Fixable, NeverAccepted],
    }
    QuestionnaireConflict {
        code: "questionnaire-conflict",
        severity: Warning,
        summary: "An answer in `questionnaires` implies another value than the cited fact it feeds.",
        traits: [],
    }
    EvidenceFile {
        code: "evidence-file",
        severity: Error,
        summary: "A `file:` source is missing, leaves the repository, or no longer matches its `sha256`.",
        traits: [],
    }
    Profile {
        code: "profile",
        severity: Error,
        summary: "Unknown weight profile, or profile weights that do not sum to 100.",
        traits: [Fixable, NeverAccepted],
    }
    RatingContradictsEvidence {
        code: "rating-contradicts-evidence",
        severity: Warning,
        summary: "`rating: proceed` on a vendor in band high or critical, or with an open critical incident or critical concern.",
        traits: [],
    }
    MissingTier {
        code: "missing-tier",
        severity: Info,
        summary: "A `relationship` without a `tier`: one is suggested from its data classes and criticality.",
        traits: [Fixable],
    }
    ExpiredException {
        code: "expired-exception",
        severity: Warning,
        summary: "A risk acceptance (`exceptions[]`) whose `expires` date has passed.",
        traits: [NeverAccepted],
    }
    ExceptionTarget {
        code: "exception-target",
        severity: Warning,
        summary: "A risk acceptance whose `accepts` names nothing in the file.",
        traits: [FromAbsence, NeverAccepted],
    }
}

impl Rule {
    /// What the registry declares about the rule.
    pub fn meta(self) -> &'static RuleMeta {
        &Rule::META[self as usize]
    }

    /// The stable code, e.g. `uncited-fact`.
    pub fn code(self) -> &'static str {
        self.meta().code
    }

    pub fn default_severity(self) -> Severity {
        self.meta().default_severity
    }

    /// One line: when the rule fires.
    pub fn summary(self) -> &'static str {
        self.meta().summary
    }

    pub fn has(self, t: Trait) -> bool {
        self.meta().traits.contains(&t)
    }

    pub fn from_code(code: &str) -> Option<Rule> {
        Rule::ALL.iter().copied().find(|r| r.code() == code)
    }

    /// Where the rule is documented on the web, once the project publishes
    /// its documentation (see [`DOCS_RULES_URL`]); `None` until then.
    pub fn doc_url(self) -> Option<String> {
        docs_rules_url().map(|base| format!("{}#{}", base, self.code()))
    }
}

/// The published rules reference (docs/rules.md on the web), the one place
/// every output takes rule links from: editors (`codeDescription`), SARIF
/// (`helpUri`, `informationUri`) and the procurement pack. `None` while the
/// project has no public address: outputs then carry no links rather than a
/// placeholder that leads nowhere. Set it to the page's address (ending in
/// `docs/rules.md`) when there is one.
pub const DOCS_RULES_URL: Option<&str> = None;

/// [`DOCS_RULES_URL`], the address every output reads. In debug builds
/// `DOSSIER_TEST_DOCS_URL` stands in for it, so the tests see the outputs
/// both with and without an address (release builds ignore it).
pub fn docs_rules_url() -> Option<String> {
    #[cfg(debug_assertions)]
    if let Some(url) = std::env::var_os("DOSSIER_TEST_DOCS_URL") {
        return Some(url.to_string_lossy().into_owned());
    }
    DOCS_RULES_URL.map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_declaration_order_and_codes_are_unique() {
        for (i, r) in Rule::ALL.iter().enumerate() {
            assert_eq!(*r as usize, i);
            assert_eq!(Rule::from_code(r.code()), Some(*r));
        }
        assert_eq!(Rule::META.len(), Rule::ALL.len());
    }
}
