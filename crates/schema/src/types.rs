//! The Rust types of the format. `schemars` turns them (and their doc
//! comments) into the JSON Schema that `dossier schema` prints, that the
//! validator checks against, and whose descriptions hover shows.

use std::collections::BTreeMap;

use schemars::{json_schema, JsonSchema, Schema, SchemaGenerator};
use serde::{Deserialize, Serialize};

use crate::catalogue::{self, Dimension, Domain};

/// A vendor dossier: what is known about one AI or cloud vendor, where each
/// fact came from, and what to ask before signing.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[schemars(extend("patternProperties" = { "^x_": { "description": "An extension (`x_` key): your own data, kept as is and not validated." } }, "additionalProperties" = false))]
pub struct Dossier {
    /// Format version. Always `1`; a file without it is not read as a dossier.
    #[schemars(range(min = 1, max = 1))]
    pub dossier: u8,
    /// Who the vendor is: name, legal entities, kind, headquarters, stage.
    pub vendor: Vendor,
    /// Who assessed the vendor, when, under which weight profile and with
    /// what rating.
    pub assessment: Assessment,
    /// Where facts come from, by id (lower-case letters, digits, dashes). Every fact, finding and attestation
    /// cites ids from here; a cited id missing here is `unknown-source`, a
    /// source nobody cites is `unused-source`.
    #[schemars(with = "BTreeMap<SourceId, Source>")]
    pub sources: BTreeMap<String, Source>,
    /// The facts, by section and key. Each fact should cite a source
    /// (`uncited-fact`).
    pub facts: Facts,
    /// Certificates and audit reports, checked for expiry and freshness.
    #[serde(default)]
    pub attestations: Vec<Attestation>,
    /// The analyst's findings: concerns and strengths, each cited.
    #[serde(default)]
    pub findings: Vec<Finding>,
    /// Security or privacy incidents on record.
    #[serde(default)]
    pub incidents: Vec<Incident>,
    /// Questions for the vendor, from the question templates. The baseline
    /// `Q01`..`Q12` and the templates your facts trigger must be present
    /// (`missing-question`).
    #[serde(default)]
    pub questions: Vec<Question>,
    /// Manual score adjustments, each explained and cited.
    #[serde(default)]
    pub adjustments: Vec<Adjustment>,
    /// Standard questionnaires the vendor filled in (CSA CAIQ, AI-CAIQ),
    /// every answer kept as given, whether or not it feeds a fact.
    /// `dossier import caiq` writes them; an answer that contradicts a
    /// cited fact is `questionnaire-conflict`.
    #[serde(default)]
    pub questionnaires: Vec<Questionnaire>,
    /// The business relationship with the vendor: tier, criticality,
    /// owner, lifecycle status, the data it receives, the services bought
    /// and the contract's dates. Optional; the portfolio, `dossier due` and
    /// the calendar read it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub relationship: Option<Relationship>,
    /// Risk acceptances: a fact, finding, incident or rule accepted until a
    /// date, with who approved it and why. While an acceptance holds, the
    /// diagnostics about what it accepts are shown as info; once it has
    /// expired it is `expired-exception`.
    #[serde(default)]
    pub exceptions: Vec<RiskException>,
}

/// The business relationship with the vendor.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// How closely the vendor is watched, from 1 (most critical) to 4. It
    /// sets the reassessment cadence (`[cadence] tier_1`..`tier_4` in
    /// `dossier.toml`) next to the band's; when absent, `missing-tier`
    /// suggests one from `data_classes` and `criticality`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 4))]
    pub tier: Option<u8>,
    /// How much the business depends on the vendor's service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub criticality: Option<Criticality>,
    /// The business owner of the relationship: `name` and `email`. The
    /// calendar of `dossier due --format ics` names them as organizer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Owner>,
    /// Where the relationship stands in its lifecycle.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<RelationshipStatus>,
    /// The classes of your data the vendor receives or can reach.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub data_classes: Option<Vec<DataClass>>,
    /// The vendor's services you buy or use.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// The contract: `start`, `renewal` and `notice_days`. The renewal and
    /// the last day to give notice are `dossier due` events.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<Contract>,
}

/// How much the business depends on a vendor's service.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Criticality {
    /// Nothing important stops if the vendor does.
    Low,
    /// A process slows down or needs a workaround.
    Medium,
    /// An important process stops.
    High,
    /// A core business process or a regulated service stops.
    Critical,
}

/// Who owns a vendor relationship.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Owner {
    /// The owner's name.
    pub name: String,
    /// The owner's e-mail address.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Email>")]
    pub email: Option<String>,
}

/// An e-mail address.
struct Email;

impl JsonSchema for Email {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Email".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": EMAIL_PATTERN,
            "description": "An e-mail address (`name@example.com`).",
        })
    }
}

/// Where a vendor relationship stands.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum RelationshipStatus {
    /// Being evaluated; no contract yet.
    Prospect,
    /// Contracted and being set up.
    Onboarding,
    /// In use.
    Active,
    /// Being wound down: data return and deletion pending.
    Offboarding,
    /// Ended.
    Terminated,
}

/// A class of data a vendor receives.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum DataClass {
    /// Special categories of personal data (GDPR Art. 9: health, biometrics, beliefs ...).
    SpecialCategory,
    /// Personal data of children.
    Children,
    /// Personal data.
    Personal,
    /// Payment card or bank data, financial records.
    Financial,
    /// Confidential business information, trade secrets, source code.
    Confidential,
    /// Internal information, not meant for the public.
    Internal,
    /// Public information.
    Public,
}

/// A vendor contract's dates.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Contract {
    /// The day the contract started (`YYYY-MM-DD`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<Date>,
    /// The day it renews or ends (`YYYY-MM-DD`): a `contract-renewal` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub renewal: Option<Date>,
    /// Days before `renewal` by which notice must be given: the day before
    /// that is a `contract-notice` event.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 0, max = 3660))]
    pub notice_days: Option<u32>,
}

/// A risk acceptance: something known to be wrong, accepted until a date.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RiskException {
    /// A unique id for this acceptance.
    pub id: String,
    /// What is accepted: a fact (`facts.SECTION.KEY`), a finding
    /// (`findings.ID`), an incident (`incidents.ID`) or a rule everywhere in
    /// the file (`rules.CODE`).
    #[schemars(with = "AcceptsTarget")]
    pub accepts: String,
    /// Why the risk is accepted.
    pub reason: String,
    /// Who approved the acceptance.
    pub approved_by: String,
    /// The day it was approved (`YYYY-MM-DD`); not in the future (`future-date`).
    pub approved_on: Date,
    /// The last day the acceptance holds. After it, `expired-exception`
    /// warns and the accepted item's diagnostics count again.
    pub expires: Date,
    /// The source id(s) recording the approval (a ticket, minutes).
    pub cite: Cite,
}

/// What a risk acceptance accepts.
struct AcceptsTarget;

impl JsonSchema for AcceptsTarget {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "AcceptsTarget".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": ACCEPTS_PATTERN,
            "description": "`facts.SECTION.KEY`, `findings.ID`, `incidents.ID` or `rules.CODE`.",
        })
    }
}

/// The vendor this dossier is about.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vendor {
    /// The vendor's usual name (required).
    pub name: String,
    /// The legal entities you would contract with or whose terms apply.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub legal_entities: Option<Vec<String>>,
    /// What kind of vendor this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<VendorKind>,
    /// Where the vendor is headquartered: `country` (ISO code) and `city`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headquarters: Option<Headquarters>,
    /// Year the vendor was founded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1800, max = 2100))]
    pub founded: Option<u16>,
    /// Parent company, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent: Option<String>,
    /// Stock ticker of the listed entity.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ticker: Option<String>,
    /// Head count, as the vendor states it (e.g. `"5000+"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<StringOrInteger>")]
    pub employees: Option<serde_json::Value>,
    /// The vendor's corporate stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<Stage>,
    /// Products or services in scope of this assessment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub products: Option<Vec<String>>,
}

/// A string or a whole number.
#[derive(JsonSchema)]
#[serde(untagged)]
#[allow(dead_code)]
enum StringOrInteger {
    S(String),
    I(i64),
}

/// What kind of vendor this is.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum VendorKind {
    /// Trains its own frontier models.
    FrontierBuilder,
    /// Hosts models built by others.
    ModelHost,
    /// Sells an application built on models.
    AppVendor,
    /// Sells cloud infrastructure.
    CloudProvider,
    /// Processes data on the customer's behalf.
    DataProcessor,
    /// None of the above.
    Other,
}

impl VendorKind {
    /// The kind a word names (`cloud_provider`), if any.
    pub fn from_word(word: &str) -> Option<VendorKind> {
        serde_json::from_value(serde_json::Value::String(word.to_string())).ok()
    }
}

/// The vendor's corporate stage.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Listed on a stock exchange.
    Public,
    /// Privately held, past the startup stage.
    Private,
    /// A young, venture-funded company.
    Startup,
    /// A non-profit organisation.
    Nonprofit,
    /// Owned or run by a government.
    Government,
}

/// Where the vendor is headquartered.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Headquarters {
    /// The country, as an upper-case ISO 3166-1 alpha-2 code (`DE`, `US`).
    pub country: CountryCode,
    /// The city, free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub city: Option<String>,
}

/// Who assessed the vendor, when, and with what result.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Assessment {
    /// Who maintains this dossier.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub analyst: Option<String>,
    /// The day the analyst last reviewed the whole file (`YYYY-MM-DD`). It
    /// may not lie in the future (`future-date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// The weight profile used for the composite score (`default-balanced`
    /// or one defined in `dossier.toml`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub profile: Option<String>,
    /// The analyst's recommendation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rating: Option<Rating>,
    /// The analyst's summary, free text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub summary: Option<String>,
}

/// The analyst's recommendation.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Rating {
    /// No blocking concern: go ahead.
    Proceed,
    /// Go ahead once the stated conditions (contract terms, answers) are met.
    ProceedWithConditions,
    /// Serious concerns: proceed only with a documented risk acceptance.
    Caution,
    /// Do not use this vendor.
    Avoid,
}

/// A date: `YYYY-MM-DD`, or `YYYY-MM` when the evidence gives only a month.
#[derive(Clone, Debug, Serialize, Deserialize, PartialEq, Eq, PartialOrd, Ord)]
pub struct Date(pub String);

pub const DATE_PATTERN: &str = r"^[0-9]{4}-(0[1-9]|1[0-2])(-(0[1-9]|[12][0-9]|3[01]))?$";
pub const SOURCE_ID_PATTERN: &str = "^[a-z0-9][a-z0-9-]*$";
pub const URL_PATTERN: &str = "^https?://[^\\s]+$";
pub const CONTROL_PATTERN: &str = r"^[56]\.\d{1,2}\.[A-Z]$";
pub const QUESTION_ID_PATTERN: &str = r"^[A-Z&]{2,4}-[0-9]{1,3}\.[0-9]{1,3}$";
pub const OWASP_PATTERN: &str = r"^LLM(0[1-9]|10):[0-9]{4}$";
pub const EMAIL_PATTERN: &str = r#"^[^\s@:;,<>"]+@[^\s@:;,<>"]+\.[^\s@:;,<>"]+$"#;
pub const ACCEPTS_PATTERN: &str =
    r"^(facts\.[^.\s]+\.[^.\s]+|(findings|incidents)\.\S+|rules\.[a-z-]+)$";

/// A string format the schema checks with a pattern, defined once: the
/// JSON Schema publishes `pattern`, validation says `message` when a value
/// does not match, and rules that look further (framework ids must also
/// exist) check only values that match.
#[derive(Debug)]
pub struct IdFormat {
    pub pattern: &'static str,
    /// What a matching value is, after "is not" (`a date`).
    pub what: &'static str,
    /// How to write one, if worth saying.
    pub hint: Option<&'static str>,
}

pub const DATE_FORMAT: IdFormat = IdFormat {
    pattern: DATE_PATTERN,
    what: "a date",
    hint: Some("write `YYYY-MM-DD`, or `YYYY-MM` for a month"),
};
pub const SOURCE_ID_FORMAT: IdFormat = IdFormat {
    pattern: SOURCE_ID_PATTERN,
    what: "a source id",
    hint: Some("use lower-case letters, digits and dashes"),
};
pub const URL_FORMAT: IdFormat = IdFormat {
    pattern: URL_PATTERN,
    what: "an http(s) URL",
    hint: None,
};
pub const CONTROL_FORMAT: IdFormat = IdFormat {
    pattern: CONTROL_PATTERN,
    what: "an EU Cloud CoC control id",
    hint: Some("write it like `5.1.A`"),
};
pub const QUESTION_ID_FORMAT: IdFormat = IdFormat {
    pattern: QUESTION_ID_PATTERN,
    what: "a CAIQ question id",
    hint: Some("write it like `CEK-03.1`"),
};
pub const OWASP_FORMAT: IdFormat = IdFormat {
    pattern: OWASP_PATTERN,
    what: "an OWASP LLM Top 10 id",
    hint: Some("write it like `LLM01:2025`"),
};
pub const NIST_FORMAT: IdFormat = IdFormat {
    pattern: NIST_PATTERN,
    what: "a NIST AI RMF id",
    hint: Some("write it like `GOVERN 1`, `MAP 4.1`"),
};

pub const EMAIL_FORMAT: IdFormat = IdFormat {
    pattern: EMAIL_PATTERN,
    what: "an e-mail address",
    hint: Some("write it like `name@example.com`"),
};
pub const ACCEPTS_FORMAT: IdFormat = IdFormat {
    pattern: ACCEPTS_PATTERN,
    what: "what a risk acceptance can accept",
    hint: Some("write `facts.SECTION.KEY`, `findings.ID`, `incidents.ID` or `rules.CODE`"),
};

/// Every pattern-checked format.
pub const ID_FORMATS: &[&IdFormat] = &[
    &DATE_FORMAT,
    &SOURCE_ID_FORMAT,
    &URL_FORMAT,
    &CONTROL_FORMAT,
    &QUESTION_ID_FORMAT,
    &OWASP_FORMAT,
    &NIST_FORMAT,
    &EMAIL_FORMAT,
    &ACCEPTS_FORMAT,
];

impl IdFormat {
    /// The format whose pattern this is.
    pub fn of_pattern(pattern: &str) -> Option<&'static IdFormat> {
        ID_FORMATS.iter().copied().find(|f| f.pattern == pattern)
    }

    /// Does `value` match the pattern (as the JSON Schema checks it)?
    pub fn matches(&self, value: &str) -> bool {
        static COMPILED: std::sync::OnceLock<Vec<regex::Regex>> = std::sync::OnceLock::new();
        let compiled = COMPILED.get_or_init(|| {
            ID_FORMATS
                .iter()
                .map(|f| {
                    regex::Regex::new(f.pattern).expect("the format patterns compile (tested)")
                })
                .collect()
        });
        ID_FORMATS
            .iter()
            .position(|f| f.pattern == self.pattern)
            .is_some_and(|i| compiled[i].is_match(value))
    }

    /// The message for a value (as described, e.g. `` `x` ``) that does not match.
    pub fn message(&self, described: &str) -> String {
        match self.hint {
            Some(h) => format!("{described} is not {}: {h}", self.what),
            None => format!("{described} is not {}", self.what),
        }
    }
}

impl JsonSchema for Date {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Date".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": DATE_PATTERN,
            "description": "A date: `YYYY-MM-DD`, or `YYYY-MM` when the evidence gives only a month.",
        })
    }
}

/// A source id: lower-case letters, digits and dashes.
#[derive(Clone, Debug)]
pub struct SourceId;

impl JsonSchema for SourceId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "SourceId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": SOURCE_ID_PATTERN,
            "description": "The id of a source in `sources`.",
        })
    }
}

/// An http(s) URL.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Url(pub String);

impl JsonSchema for Url {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Url".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({ "type": "string", "pattern": URL_PATTERN, "description": "An http(s) URL." })
    }
}

/// An ISO 3166-1 alpha-2 country code.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct CountryCode(pub String);

impl JsonSchema for CountryCode {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "CountryCode".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        let codes: Vec<&str> = crate::countries::COUNTRIES
            .iter()
            .map(|(c, _)| *c)
            .collect();
        json_schema!({
            "type": "string",
            "enum": codes,
            "description": "An ISO 3166-1 alpha-2 country code, upper case (e.g. `DE`, `CN`, `US`).",
        })
    }
}

/// One source id or a list of them.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Cite {
    One(String),
    Many(Vec<String>),
}

impl Cite {
    pub fn ids(&self) -> Vec<&str> {
        match self {
            Cite::One(s) => vec![s.as_str()],
            Cite::Many(v) => v.iter().map(String::as_str).collect(),
        }
    }
}

impl JsonSchema for Cite {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Cite".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let id = generator.subschema_for::<SourceId>();
        json_schema!({
            "description": "The source that supports this: one source id, or a list of them.",
            "anyOf": [id, { "type": "array", "items": id, "minItems": 1 }],
        })
    }
}

/// Where a fact came from: a document on the web (`url`), or a file kept
/// in the repository (`file`, pinned by `sha256`). One of the two is
/// required.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = source_rules)]
pub struct Source {
    /// Where the source can be read: an `http://` or `https://` URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<Url>,
    /// A file in the repository holding the source (an NDA report, the
    /// vendor's answer sheet), relative to the dossier, with `/`
    /// (`evidence/acme/soc2-2026.pdf`). A path that leaves the repository,
    /// or a symbolic link that does, is refused (`evidence-file`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<EvidencePath>")]
    pub file: Option<String>,
    /// The SHA-256 of `file` (64 hex digits): `dossier check` reports the
    /// file changed when its content no longer has this digest.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Sha256>")]
    pub sha256: Option<String>,
    /// The document's title, as the procurement pack lists it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// What kind of document this is.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<SourceKind>,
    /// The day someone read it (`YYYY-MM-DD`, required). Sources older than
    /// the freshness window (12 months by default) are `stale-evidence`;
    /// a day in the future is `future-date`.
    pub retrieved: Date,
    /// Who checked that the source says what the dossier claims.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<String>,
    /// The passage that supports the facts citing it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub quote: Option<String>,
}

/// What kind of document a source is.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum SourceKind {
    /// The vendor's own public statement (trust centre, docs, policy).
    VendorDisclosure,
    /// A filing with a regulator or exchange.
    RegulatoryFiling,
    /// An independent auditor's report.
    ThirdPartyAudit,
    /// A public register of certificates or adherence.
    CertificateRegister,
    /// A lawyer's or scholar's analysis.
    LegalAnalysis,
    /// Press or research reporting about the vendor.
    SecondaryReporting,
    /// The vendor's answer to our questions.
    VendorResponse,
}

/// The facts, by section and key (see the catalogue).
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
pub struct Facts(pub BTreeMap<String, BTreeMap<String, Fact>>);

/// A fact: the full form, or the shorthand `key: value` (which has no
/// citation and is flagged `uncited-fact`).
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Fact {
    Full(FullFact),
    Short(serde_json::Value),
}

/// The full form of a fact.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct FullFact {
    /// The value; its domain depends on the fact (see the fact's hover).
    pub value: serde_json::Value,
    /// The source id(s) that support the value. Without it the fact is
    /// `uncited-fact` (unless the value is `not_disclosed`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<Cite>,
    /// The date of the evidence itself (e.g. a report's period end).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub as_of: Option<Date>,
    /// Free text detail, as a procurement pack would print it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// What the fact is true of, when not the whole vendor: `entities`,
    /// `services`, `regions`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
    /// The analyst's note, not printed as evidence.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a fact is true of.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Scope {
    /// The legal entities the fact holds for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub entities: Option<Vec<String>>,
    /// The products or services the fact holds for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// The countries the fact holds for, as ISO 3166-1 alpha-2 codes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub regions: Option<Vec<CountryCode>>,
}

fn value_schema(generator: &mut SchemaGenerator, domain: Domain) -> Schema {
    let markers = ["not_disclosed", "contradictory", "not_applicable"];
    match domain {
        Domain::State | Domain::Level | Domain::Enum(_) => {
            let words = domain.words().unwrap_or_default();
            json_schema!({ "type": "string", "enum": words })
        }
        Domain::Country => {
            let c = generator.subschema_for::<CountryCode>();
            json_schema!({ "anyOf": [c, { "enum": markers }] })
        }
        Domain::Countries => {
            let c = generator.subschema_for::<CountryCode>();
            json_schema!({ "anyOf": [{ "type": "array", "items": c }, { "enum": markers }] })
        }
        Domain::Url => {
            let u = generator.subschema_for::<Url>();
            json_schema!({ "anyOf": [u, { "enum": markers }] })
        }
        Domain::Text => json_schema!({ "type": "string" }),
        Domain::Integer => {
            json_schema!({ "anyOf": [{ "type": "integer", "minimum": 0 }, { "enum": markers }] })
        }
    }
}

/// The description of a property of the full form of a fact, as written
/// once on [`FullFact`]'s fields.
fn full_fact_doc(key: &str) -> String {
    static DOCS: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    DOCS.get_or_init(|| schemars::schema_for!(FullFact).to_value())
        .pointer(&format!("/properties/{key}/description"))
        .and_then(serde_json::Value::as_str)
        .unwrap_or_default()
        .to_string()
}

/// The schema of one fact of the given domain: shorthand or full form.
fn fact_schema(generator: &mut SchemaGenerator, def: &catalogue::FactDef) -> Schema {
    let value = value_schema(generator, def.domain);
    let cite = generator.subschema_for::<Cite>();
    let date = generator.subschema_for::<Date>();
    let scope = generator.subschema_for::<Scope>();
    let description = format!(
        "{}. {} Values: {}. Dimension: {}.",
        def.title,
        def.description,
        def.domain.describe(),
        def.dimension.key()
    );
    let doc = |key: &str| full_fact_doc(key);
    let mut value_prop = value.clone();
    value_prop.insert(
        "description".into(),
        format!("{} Here: {}.", doc("value"), def.domain.describe()).into(),
    );
    json_schema!({
        "title": def.title,
        "description": description,
        "anyOf": [
            value,
            {
                "type": "object",
                "description": "The full form of the fact: its value with citation, evidence date, detail, scope and note.",
                "properties": {
                    "value": value_prop,
                    "cite": { "$ref": cite.get("$ref"), "description": doc("cite") },
                    "as_of": { "$ref": date.get("$ref"), "description": doc("as_of") },
                    "detail": { "type": "string", "description": doc("detail") },
                    "scope": { "$ref": scope.get("$ref"), "description": doc("scope") },
                    "note": { "type": "string", "description": doc("note") },
                },
                "required": ["value"],
                "additionalProperties": false,
            }
        ]
    })
}

impl JsonSchema for Facts {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Facts".into()
    }
    fn json_schema(generator: &mut SchemaGenerator) -> Schema {
        let cite = generator.subschema_for::<Cite>();
        let date = generator.subschema_for::<Date>();
        let any_fact = json_schema!({
            "description": "An extension fact (`x_` key): validated for citations, not scored.",
            "anyOf": [
                { "type": ["string", "number", "boolean", "array"] },
                {
                    "type": "object",
                    "properties": {
                        "value": { "description": "The value, any shape: extension facts are not scored." },
                        "cite": { "$ref": cite.get("$ref"), "description": full_fact_doc("cite") },
                        "as_of": { "$ref": date.get("$ref"), "description": full_fact_doc("as_of") },
                        "detail": { "type": "string", "description": full_fact_doc("detail") },
                        "note": { "type": "string", "description": full_fact_doc("note") },
                    },
                    "required": ["value"],
                }
            ]
        });
        let mut sections = serde_json::Map::new();
        for s in catalogue::SECTIONS {
            let mut props = serde_json::Map::new();
            for f in catalogue::section_facts(s.name) {
                props.insert(f.key.to_string(), fact_schema(generator, f).to_value());
            }
            sections.insert(
                s.name.to_string(),
                json_schema!({
                    "title": s.title,
                    "description": s.description,
                    "type": "object",
                    "properties": props,
                    "patternProperties": { "^x_": any_fact },
                    "additionalProperties": false,
                })
                .to_value(),
            );
        }
        json_schema!({
            "description": "The facts, grouped by section. Each fact is `key: value` (shorthand, uncited) or `{value, cite, as_of, detail, scope, note}`.",
            "type": "object",
            "properties": sections,
            "patternProperties": { "^x_": { "type": "object", "description": "An extension section (`x_` key): your own facts, validated for citations, not scored." } },
            "additionalProperties": false,
        })
    }
}

/// A certificate or audit report.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(transform = eu_cloud_coc_rules)]
pub struct Attestation {
    /// A unique id for this attestation.
    pub id: String,
    /// The certification or audit scheme.
    pub scheme: Scheme,
    /// The entity the attestation was issued to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub subject: Option<String>,
    /// Who issued it (auditor, certification or monitoring body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issuer: Option<String>,
    /// Certificate number or verification id.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub identifier: Option<String>,
    /// Level of compliance (EU Cloud CoC: 1 to 3; CSA STAR: 1 or 2).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(range(min = 1, max = 3))]
    pub level: Option<u8>,
    /// Version of the standard (e.g. `"2.11"`, `"2022"`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub standard_version: Option<String>,
    /// The day the certificate or report was issued (`YYYY-MM-DD`); not in
    /// the future (`future-date`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub issued: Option<Date>,
    /// End of validity. The only date that may lie in the future; a past
    /// one is `expired-attestation`, one within `[freshness] warn_days`
    /// of today `expires-soon`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub valid_until: Option<Date>,
    /// SOC 2: the end of the audited period.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period_end: Option<Date>,
    /// SOC 2: the end of the period covered by a bridge letter.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bridge_letter_until: Option<Date>,
    /// Controls the auditor examined in depth (EU Cloud CoC: `5.1.A` style).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub controls_examined: Option<Vec<String>>,
    /// Services in scope.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub services: Option<Vec<String>>,
    /// The source id(s) where the attestation can be checked (required).
    pub cite: Cite,
}

/// The certification or audit scheme.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Scheme {
    /// SOC 2 Type II: controls tested over a period (`period_end`).
    Soc2Type2,
    /// SOC 2 Type I: control design at a point in time.
    Soc2Type1,
    /// ISO/IEC 27001 information security management certificate.
    #[serde(rename = "iso_27001")]
    Iso27001,
    /// ISO/IEC 27701 privacy information management certificate.
    #[serde(rename = "iso_27701")]
    Iso27701,
    /// ISO/IEC 42001 AI management system certificate.
    #[serde(rename = "iso_42001")]
    Iso42001,
    /// CSA STAR level 1: self-assessment.
    CsaStarL1,
    /// CSA STAR level 2: third-party audit or certification.
    CsaStarL2,
    /// BSI C5 (German cloud controls catalogue) attestation.
    C5,
    /// FedRAMP authorisation (US federal cloud).
    Fedramp,
    /// EU Cloud Code of Conduct adherence (`level` 1 to 3).
    EuCloudCoc,
    /// Another scheme; say which in `standard_version` or `identifier`.
    Other,
}

impl Scheme {
    /// Every scheme, in the order of the format reference.
    pub const ALL: [Scheme; 11] = [
        Scheme::Soc2Type2,
        Scheme::Soc2Type1,
        Scheme::Iso27001,
        Scheme::Iso27701,
        Scheme::Iso42001,
        Scheme::CsaStarL1,
        Scheme::CsaStarL2,
        Scheme::C5,
        Scheme::Fedramp,
        Scheme::EuCloudCoc,
        Scheme::Other,
    ];

    /// The word written in files (`soc2_type2`).
    pub fn word(self) -> &'static str {
        match self {
            Scheme::Soc2Type2 => "soc2_type2",
            Scheme::Soc2Type1 => "soc2_type1",
            Scheme::Iso27001 => "iso_27001",
            Scheme::Iso27701 => "iso_27701",
            Scheme::Iso42001 => "iso_42001",
            Scheme::CsaStarL1 => "csa_star_l1",
            Scheme::CsaStarL2 => "csa_star_l2",
            Scheme::C5 => "c5",
            Scheme::Fedramp => "fedramp",
            Scheme::EuCloudCoc => "eu_cloud_coc",
            Scheme::Other => "other",
        }
    }

    /// The scheme a word names, if any.
    pub fn from_word(word: &str) -> Option<Scheme> {
        Scheme::ALL.into_iter().find(|s| s.word() == word)
    }

    /// The evidence class whose freshness window applies to attestations of
    /// this scheme, if their evidence goes stale.
    pub fn evidence_class(self) -> Option<crate::freshness::EvidenceClass> {
        use crate::freshness::EvidenceClass as E;
        match self {
            Scheme::Soc2Type2 | Scheme::Soc2Type1 => Some(E::Soc2Report),
            Scheme::Iso27001 | Scheme::Iso27701 | Scheme::Iso42001 => Some(E::IsoCertificate),
            Scheme::CsaStarL1 => Some(E::CsaStarL1),
            Scheme::EuCloudCoc => Some(E::EuCloudCoc),
            Scheme::CsaStarL2 | Scheme::C5 | Scheme::Fedramp | Scheme::Other => None,
        }
    }

    /// The catalogue fact (`section`, `key`) an attestation of this scheme
    /// evidences: a `yes` of that fact rests on the attestation, and scores
    /// `expired` once every such attestation has lapsed. `None` for schemes
    /// no catalogue fact stands for (ISO/IEC 27701, `other`).
    pub fn attests(self) -> Option<(&'static str, &'static str)> {
        let key = match self {
            Scheme::Soc2Type2 => "soc2_type2",
            Scheme::Soc2Type1 => "soc2_type1",
            Scheme::Iso27001 => "iso_27001",
            Scheme::Iso42001 => "iso_42001",
            Scheme::CsaStarL1 | Scheme::CsaStarL2 => "csa_star",
            Scheme::C5 => "c5",
            Scheme::Fedramp => "fedramp",
            Scheme::EuCloudCoc => "eu_cloud_coc",
            Scheme::Iso27701 | Scheme::Other => return None,
        };
        Some(("security_compliance", key))
    }
}

/// A finding: a concern or a strength, with its evidence.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    /// A unique id for this finding.
    pub id: String,
    /// A one-line title, as the procurement pack lists it.
    pub title: String,
    /// Whether the finding counts against the vendor or for it.
    pub stance: Stance,
    /// How much it matters.
    pub severity: Severity,
    /// The risk dimension the finding is about.
    pub dimension: Dimension,
    /// The finding itself, free text.
    pub text: String,
    /// The source id(s) that support the finding (required).
    pub cite: Cite,
    /// OWASP Top 10 for LLM Applications risks, as `LLM01:2025`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<OwaspId>>")]
    pub owasp: Option<Vec<String>>,
    /// NIST AI RMF functions, categories or subcategories (`GOVERN 6`, `MAP 4.1`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(with = "Option<Vec<NistId>>")]
    pub nist: Option<Vec<String>>,
}

/// An OWASP Top 10 for LLM Applications id with its edition, e.g. `LLM01:2025`.
struct OwaspId;

impl JsonSchema for OwaspId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "OwaspId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": OWASP_PATTERN,
            "description": "An OWASP Top 10 for LLM Applications id with its edition, e.g. `LLM01:2025`.",
        })
    }
}

/// A NIST AI RMF function (`GOVERN`), category (`MAP 4`) or subcategory (`MEASURE 2.7`).
struct NistId;

pub const NIST_PATTERN: &str = r"^(GOVERN|MAP|MEASURE|MANAGE)( [0-9]{1,2}(\.[0-9]{1,2})?)?$";

impl JsonSchema for NistId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "NistId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": NIST_PATTERN,
            "description": "A NIST AI RMF 1.0 function (`GOVERN`), category (`MAP 4`) or subcategory (`MEASURE 2.7`).",
        })
    }
}

/// Whether a finding counts against the vendor or for it.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum Stance {
    /// Counts against the vendor.
    Concern,
    /// Counts for the vendor.
    Strength,
}

/// How much a finding or incident matters.
#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord,
)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; no action needed.
    Info,
    /// Minor; handle in the normal course.
    Low,
    /// Needs a mitigation or a contract term.
    Medium,
    /// Needs a mitigation before use.
    High,
    /// Blocks use until resolved.
    Critical,
}

/// A security or privacy incident on record.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Incident {
    /// A unique id for this incident.
    pub id: String,
    /// The day the incident happened or was disclosed (`YYYY-MM-DD`).
    pub date: Date,
    /// A one-line title.
    pub title: String,
    /// How much it matters.
    pub severity: Severity,
    /// The source id(s) that report the incident (required).
    pub cite: Cite,
    /// Whether the incident is resolved: `yes`, `no`, `not_disclosed`. An
    /// incident not known to be resolved scores its full points.
    #[schemars(with = "StateValue")]
    pub resolved: String,
    /// The day it was resolved (`YYYY-MM-DD`): a resolved incident's points
    /// fade from this day (or from `date`) over the rubric's decay window.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolved_on: Option<Date>,
    /// The risk dimension the incident scores in (`security` unless said).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dimension: Option<Dimension>,
}

/// `yes | no | not_disclosed | contradictory`
#[derive(JsonSchema)]
#[serde(rename_all = "snake_case")]
#[allow(dead_code)]
enum StateValue {
    /// Yes, per the cited source.
    Yes,
    /// No, per the cited source.
    No,
    /// The vendor does not say (scored as a risk; ask them).
    NotDisclosed,
    /// Sources disagree; cite at least two (`contradictory-needs-two`).
    Contradictory,
}

/// A question for the vendor.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Question {
    /// The template id (`Q01`..`Q12` for the baseline, `T-...` for triggered templates).
    pub id: String,
    /// The question as sent to the vendor.
    pub ask: String,
    /// Where the question stands. Open and sent questions are
    /// `unanswered-question`.
    pub status: QuestionStatus,
    /// The day the question went to the vendor; `dossier due` lists it as
    /// overdue when still unanswered `[questions] answer_days` later.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sent: Option<Date>,
    /// The vendor's answer; required when `status: answered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// The source holding the answer; required when `status: answered`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cite: Option<Cite>,
    /// Why the question was dropped; required when `status: waived`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub waiver_reason: Option<String>,
}

/// Where a question to the vendor stands.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum QuestionStatus {
    /// Not sent yet.
    Open,
    /// Sent; waiting for the vendor.
    Sent,
    /// Answered: give `answer` and `cite`.
    Answered,
    /// Dropped on purpose: give `waiver_reason`.
    Waived,
}

impl QuestionStatus {
    /// Every status, in the order of the format reference.
    pub const ALL: [QuestionStatus; 4] = [
        QuestionStatus::Open,
        QuestionStatus::Sent,
        QuestionStatus::Answered,
        QuestionStatus::Waived,
    ];

    /// The word written in files (`answered`).
    pub fn word(self) -> &'static str {
        match self {
            QuestionStatus::Open => "open",
            QuestionStatus::Sent => "sent",
            QuestionStatus::Answered => "answered",
            QuestionStatus::Waived => "waived",
        }
    }

    /// The status a word names, if any.
    pub fn from_word(word: &str) -> Option<QuestionStatus> {
        QuestionStatus::ALL.into_iter().find(|s| s.word() == word)
    }

    /// Answered or waived: nothing is awaited from the vendor.
    pub fn is_closed(self) -> bool {
        matches!(self, QuestionStatus::Answered | QuestionStatus::Waived)
    }
}

/// A standard questionnaire the vendor answered.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Questionnaire {
    /// A unique id for this questionnaire (the import uses `caiq-v3-1`,
    /// `caiq-v4-0`, `caiq-v4-1`, `ai-caiq-v1` or `ai-caiq-v1-1`, with the
    /// date appended for a newer sheet beside an older one).
    pub id: String,
    /// Which questionnaire this is.
    pub kind: QuestionnaireKind,
    /// Its version, as detected from the question ids: `3.1`, `4.0.x` or
    /// `4.1` for the CAIQ, `1.0.x` or `1.1.0` for the AI-CAIQ.
    pub version: String,
    /// The source id of the filled questionnaire (required).
    #[schemars(with = "SourceId")]
    pub source: String,
    /// The answers, by question id (`CEK-03.1`). Hover on an id shows the
    /// facts it feeds.
    #[schemars(with = "BTreeMap<QuestionId, QuestionnaireAnswer>")]
    pub answers: BTreeMap<String, QuestionnaireAnswer>,
}

/// The questionnaire families `dossier import caiq` reads.
#[derive(Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum QuestionnaireKind {
    /// CSA's Consensus Assessments Initiative Questionnaire (CCM v4).
    Caiq,
    /// CSA's AI-CAIQ, for the AI Controls Matrix.
    AiCaiq,
}

impl QuestionnaireKind {
    pub const ALL: [QuestionnaireKind; 2] = [QuestionnaireKind::Caiq, QuestionnaireKind::AiCaiq];

    /// The word written in files (`ai_caiq`).
    pub fn word(self) -> &'static str {
        match self {
            QuestionnaireKind::Caiq => "caiq",
            QuestionnaireKind::AiCaiq => "ai_caiq",
        }
    }

    /// The kind a word names, if any.
    pub fn from_word(word: &str) -> Option<QuestionnaireKind> {
        QuestionnaireKind::ALL
            .into_iter()
            .find(|k| k.word() == word)
    }

    /// The questionnaire's name, as a detail prefix (`CAIQ CEK-03.1: …`).
    pub fn label(self) -> &'static str {
        match self {
            QuestionnaireKind::Caiq => "CAIQ",
            QuestionnaireKind::AiCaiq => "AI-CAIQ",
        }
    }
}

impl std::fmt::Display for QuestionnaireKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.word())
    }
}

/// A question id of the CAIQ or AI-CAIQ: domain, control, question.
#[derive(Clone, Debug)]
pub struct QuestionId;

impl JsonSchema for QuestionId {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "QuestionId".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": QUESTION_ID_PATTERN,
            "description": "A CAIQ or AI-CAIQ question id, like `CEK-03.1`.",
        })
    }
}

/// One answer of a questionnaire, as the vendor gave it.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct QuestionnaireAnswer {
    /// The vendor's answer.
    pub answer: AnswerWord,
    /// The answer as the vendor wrote it, when it is not Yes, No or NA
    /// (`answer: other`, `text: Partial`). Never mapped to a fact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Who owns the control, in the vendor's words (`CSP-owned`, `Shared CSP and CSC` ...).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ownership: Option<String>,
    /// The vendor's implementation description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// A questionnaire answer.
#[derive(
    Clone, Copy, Debug, Serialize, Deserialize, JsonSchema, PartialEq, Eq, PartialOrd, Ord, Hash,
)]
#[serde(rename_all = "snake_case")]
pub enum AnswerWord {
    /// Yes: the control is in place.
    Yes,
    /// No: it is not.
    No,
    /// Not applicable to this service.
    #[serde(rename = "na")]
    NotApplicable,
    /// Anything else (`Partial`, `Yes - see notes`), kept in `text`.
    Other,
}

impl AnswerWord {
    /// Every answer, in the order of the format reference.
    pub const ALL: [AnswerWord; 4] = [
        AnswerWord::Yes,
        AnswerWord::No,
        AnswerWord::NotApplicable,
        AnswerWord::Other,
    ];

    /// Read an answer cell: `Yes`, `No`, `NA` (also `N/A`, `Not applicable`),
    /// `Other`, in any case. `None` for any other word.
    pub fn parse(s: &str) -> Option<AnswerWord> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" => Some(AnswerWord::Yes),
            "no" | "n" => Some(AnswerWord::No),
            "na" | "n/a" | "n.a." | "not applicable" => Some(AnswerWord::NotApplicable),
            "other" => Some(AnswerWord::Other),
            _ => None,
        }
    }

    /// The word a `questionnaires` answer is written with (`na`).
    pub fn word(self) -> &'static str {
        match self {
            AnswerWord::Yes => "yes",
            AnswerWord::No => "no",
            AnswerWord::NotApplicable => "na",
            AnswerWord::Other => "other",
        }
    }

    /// The answer a written word names exactly, if any.
    pub fn from_word(word: &str) -> Option<AnswerWord> {
        AnswerWord::ALL.into_iter().find(|a| a.word() == word)
    }

    /// The answer as a questionnaire prints it (`NA`).
    pub fn label(self) -> &'static str {
        match self {
            AnswerWord::Yes => "Yes",
            AnswerWord::No => "No",
            AnswerWord::NotApplicable => "NA",
            AnswerWord::Other => "Other",
        }
    }
}

/// A manual score adjustment, explained and cited.
#[derive(Clone, Debug, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// The risk dimension whose score is adjusted.
    pub dimension: Dimension,
    /// Points added to (or taken from) the dimension score, -20 to 20.
    #[schemars(range(min = -20, max = 20))]
    pub delta: f64,
    /// Why the rubric's score is not the whole story.
    pub reason: String,
    /// The source id(s) that support the adjustment (required).
    pub cite: Cite,
}

/// A path to an evidence file, relative to the dossier.
#[derive(Clone, Debug)]
pub struct EvidencePath;

impl JsonSchema for EvidencePath {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "EvidencePath".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "minLength": 1,
            "pattern": "^[^/\\\\]",
            "description": "A file in the repository, relative to the dossier, with `/` (`evidence/acme/soc2-2026.pdf`).",
        })
    }
}

/// A SHA-256 digest as 64 hex digits.
#[derive(Clone, Debug)]
pub struct Sha256;

impl JsonSchema for Sha256 {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Sha256".into()
    }
    fn json_schema(_: &mut SchemaGenerator) -> Schema {
        json_schema!({
            "type": "string",
            "pattern": "^[0-9a-fA-F]{64}$",
            "description": "A SHA-256 digest: 64 hex digits (`sha256sum FILE`).",
        })
    }
}

/// A source needs a `url` or a `file`.
fn source_rules(schema: &mut Schema) {
    schema.insert(
        "anyOf".into(),
        serde_json::json!([
            { "required": ["url"] },
            { "required": ["file"] }
        ]),
    );
}

/// EU Cloud CoC attestations name their examined controls `5.1.A` style.
fn eu_cloud_coc_rules(schema: &mut Schema) {
    schema.insert(
        "allOf".into(),
        serde_json::json!([{
            "if": { "properties": { "scheme": { "const": "eu_cloud_coc", "description": "An EU Cloud CoC attestation..." } }, "required": ["scheme"] },
            "then": { "properties": { "controls_examined": { "type": "array", "items": { "type": "string", "pattern": CONTROL_PATTERN }, "description": "...names its examined controls `5.1.A` style (section, subsection, letter)." } } }
        }]),
    );
}

#[cfg(test)]
mod id_format_tests {
    use super::*;

    #[test]
    fn every_format_compiles_and_matches_its_examples() {
        for f in ID_FORMATS {
            assert!(regex::Regex::new(f.pattern).is_ok(), "{}", f.pattern);
        }
        assert!(OWASP_FORMAT.matches("LLM10:2025"));
        assert!(!OWASP_FORMAT.matches("LLM11:2025"));
        assert!(NIST_FORMAT.matches("MEASURE 2.7"));
        assert!(!NIST_FORMAT.matches("GOVERN 1.2.3"));
        assert!(CONTROL_FORMAT.matches("5.1.A"));
        assert_eq!(
            OWASP_FORMAT.message("`x`"),
            "`x` is not an OWASP LLM Top 10 id: write it like `LLM01:2025`"
        );
    }
}
