//! Standard questionnaires as data: which question ids of the Cloud Security
//! Alliance's CAIQ (v4.0.x, v4.1) and AI-CAIQ (AICM 1.x) establish which
//! catalogue facts, and what a Yes or No answer sets them to.
//!
//! Only identifiers live here. CSA's question texts are under CSA's licence
//! (CC BY-NC-SA); users bring their own filled questionnaire. The mapping
//! ([`LINKS`]) is ours: which question bears on which fact is the project's
//! reading of the public control ids, not something CSA publishes.

use crate::types::QuestionnaireKind;

/// A questionnaire family and version, as detected from the ids it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Edition {
    /// CAIQ v3.1 (CCM v3.0.1), still sent by many vendors: read and kept,
    /// linked to facts only where one of its controls matches a v4 one.
    Caiq31,
    /// CAIQ v4.0.x (CCM v4.0): 261 questions.
    Caiq40,
    /// CAIQ v4.1 (CCM v4.1): 283 questions; several ids ask other things
    /// than in v4.0 (`TVM-06.1`), and the infrastructure domain is `I&S`.
    Caiq41,
    /// AI-CAIQ 1.0.x for the AI Controls Matrix 1.0: 311 questions.
    AiCaiq10,
    /// AI-CAIQ 1.1.0 for the AI Controls Matrix 1.1: 320 questions; 63 ids
    /// it shares with 1.0.x ask another question.
    AiCaiq11,
}

/// The question ids of each edition, as published by CSA (ids only).
const IDS_403: &str = include_str!("../data/caiq/caiq-4.0.3.txt");
const IDS_410: &str = include_str!("../data/caiq/caiq-4.1.0.txt");
const IDS_AI_102: &str = include_str!("../data/caiq/ai-caiq-1.0.2.txt");
const IDS_AI_110: &str = include_str!("../data/caiq/ai-caiq-1.1.0.txt");
/// CCM v3.0.1's control ids: CAIQ v3.x question ids are `CONTROL.N`.
const CONTROLS_V3: &str = include_str!("../data/caiq/ccm-3.0.1-controls.txt");

fn id_lines(text: &'static str) -> impl Iterator<Item = &'static str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

impl Edition {
    /// Every edition, oldest first.
    pub const ALL: [Edition; 5] = [
        Edition::Caiq31,
        Edition::Caiq40,
        Edition::Caiq41,
        Edition::AiCaiq10,
        Edition::AiCaiq11,
    ];

    /// The questionnaire's name, as a detail prefix (`CAIQ CEK-03.1: …`).
    pub fn name(self) -> &'static str {
        self.kind().label()
    }

    /// The version written in `questionnaires` and reports.
    pub fn version(self) -> &'static str {
        match self {
            Edition::Caiq31 => "3.1",
            Edition::Caiq40 => "4.0.x",
            Edition::Caiq41 => "4.1",
            Edition::AiCaiq10 => "1.0.x",
            Edition::AiCaiq11 => "1.1.0",
        }
    }

    /// The title of the source an import adds.
    pub fn title(self) -> String {
        match self {
            Edition::AiCaiq10 => "AI-CAIQ (AICM 1.0.x) answers".to_string(),
            Edition::AiCaiq11 => "AI-CAIQ (AICM 1.1.0) answers".to_string(),
            e => format!("CAIQ v{} answers", e.version()),
        }
    }

    /// The id of the source (and of the `questionnaires` entry) an import
    /// adds when `--source` names none.
    pub fn source_id(self) -> &'static str {
        match self {
            Edition::Caiq31 => "caiq-v3-1",
            Edition::Caiq40 => "caiq-v4-0",
            Edition::Caiq41 => "caiq-v4-1",
            Edition::AiCaiq10 => "ai-caiq-v1",
            Edition::AiCaiq11 => "ai-caiq-v1-1",
        }
    }

    /// The `kind` of its entry in `questionnaires`.
    pub fn kind(self) -> QuestionnaireKind {
        match self {
            Edition::Caiq31 | Edition::Caiq40 | Edition::Caiq41 => QuestionnaireKind::Caiq,
            Edition::AiCaiq10 | Edition::AiCaiq11 => QuestionnaireKind::AiCaiq,
        }
    }

    /// The edition a `questionnaires` entry names by `kind` and `version`
    /// (`4.0.3` reads as 4.0.x; `1.x`, written by earlier imports, as
    /// 1.0.x; `None` for a version we have no mapping for).
    pub fn from_written(kind: &str, version: &str) -> Option<Edition> {
        Edition::of(QuestionnaireKind::from_word(kind)?, version)
    }

    /// The edition of a questionnaire `kind` by its written `version`.
    pub fn of(kind: QuestionnaireKind, version: &str) -> Option<Edition> {
        let v = version.trim().trim_start_matches(['v', 'V']);
        let is = |base: &str| v == base || v.strip_prefix(base).is_some_and(|r| r.starts_with('.'));
        match kind {
            QuestionnaireKind::Caiq if is("3.1") || is("3") => Some(Edition::Caiq31),
            QuestionnaireKind::Caiq if is("4.0") => Some(Edition::Caiq40),
            QuestionnaireKind::Caiq if is("4.1") => Some(Edition::Caiq41),
            QuestionnaireKind::AiCaiq if is("1.1") => Some(Edition::AiCaiq11),
            QuestionnaireKind::AiCaiq if is("1.0") || v == "1" || v == "1.x" => {
                Some(Edition::AiCaiq10)
            }
            _ => None,
        }
    }

    /// The edition a command-line name gives: `4.0.3`, `4.1`, `3.1`,
    /// `ai-1.0`, `ai-1.1.0` (also `ai-caiq-1.1`, `aicm-1.0.2`). Only
    /// letters, digits, dots and dashes are read; anything else is refused.
    pub fn from_cli(name: &str) -> Option<Edition> {
        let v = name.trim().to_ascii_lowercase();
        if v.is_empty()
            || !v
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
        {
            return None;
        }
        for prefix in ["ai-caiq-", "ai_caiq-", "aicm-", "ai-"] {
            if let Some(rest) = v.strip_prefix(prefix) {
                return Edition::of(QuestionnaireKind::AiCaiq, rest).filter(|_| version_like(rest));
            }
        }
        let rest = v.strip_prefix("caiq-").unwrap_or(&v);
        Edition::of(QuestionnaireKind::Caiq, rest)
            .filter(|_| version_like(rest.trim_start_matches('v')))
    }

    /// The number of questions the published questionnaire has (for v3.1,
    /// the number of CCM v3.0.1 controls: its question ids are not in the
    /// public data set).
    pub fn question_count(self) -> usize {
        self.ids().len()
    }

    /// The question ids of the edition, in CSA's order. For v3.1, the
    /// control ids (`AIS-01`): a v3.1 question id is `CONTROL.N`.
    pub fn ids(self) -> &'static [&'static str] {
        use std::sync::OnceLock;
        static CACHE: [OnceLock<Vec<&'static str>>; 5] = [
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
            OnceLock::new(),
        ];
        let (i, text) = match self {
            Edition::Caiq31 => (0, CONTROLS_V3),
            Edition::Caiq40 => (1, IDS_403),
            Edition::Caiq41 => (2, IDS_410),
            Edition::AiCaiq10 => (3, IDS_AI_102),
            Edition::AiCaiq11 => (4, IDS_AI_110),
        };
        CACHE[i].get_or_init(|| id_lines(text).collect())
    }

    /// Whether `id` (normalised) is a question of this edition.
    pub fn has(self, id: &str) -> bool {
        match self {
            Edition::Caiq31 => id
                .rsplit_once('.')
                .is_some_and(|(control, _)| self.ids().contains(&control)),
            _ => self.ids().contains(&id),
        }
    }

    /// The domain a question id belongs to (`CEK` of `CEK-03.1`).
    pub fn domain_of(id: &str) -> &str {
        id.split_once('-').map_or(id, |(d, _)| d)
    }
}

/// `4`, `4.0.3`, `1.1.0`: digits separated by single dots.
fn version_like(v: &str) -> bool {
    !v.is_empty()
        && v.split('.')
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) || p == "x")
}

/// The control domains of CCM v4 (and so of CAIQ v4.x), with `I&S`, the
/// name CCM v4.1 and the AI Controls Matrix give `IVS`.
pub const CCM_DOMAINS: &[&str] = &[
    "A&A", "AIS", "BCR", "CCC", "CEK", "DCS", "DSP", "GRC", "HRS", "IAM", "I&S", "IPY", "IVS",
    "LOG", "SEF", "STA", "TVM", "UEM",
];

/// The domains the AI Controls Matrix adds to CCM's.
pub const AICM_ONLY_DOMAINS: &[&str] = &["MDS"];

/// The domains only CAIQ v3.x has.
pub const V3_ONLY_DOMAINS: &[&str] = &["AAC", "DSI", "EKM", "MOS"];

/// A question id split into domain, control number and question number
/// (`CEK-03.1` → `("CEK", 3, 1)`), if it has the shape `DOM-NN.N`.
pub fn parse_id(id: &str) -> Option<(&str, u32, u32)> {
    let (domain, rest) = id.split_once('-')?;
    let (control, question) = rest.split_once('.')?;
    let ok_domain = (2..=4).contains(&domain.len())
        && domain.bytes().all(|b| b.is_ascii_uppercase() || b == b'&');
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    if !ok_domain || !digits(control) || !digits(question) {
        return None;
    }
    Some((domain, control.parse().ok()?, question.parse().ok()?))
}

/// A question id as CSA writes it: upper case, the control number padded
/// to two digits, no spaces (`cek-3.1` → `CEK-03.1`). `None` when the text
/// does not have the shape of a question id at all.
pub fn normalize_id(raw: &str) -> Option<String> {
    let t: String = raw
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_uppercase();
    let (domain, control, question) = parse_id(&t)?;
    Some(format!("{domain}-{control:02}.{question}"))
}

/// Whether `id` is a question id of a known domain.
pub fn is_known_id(id: &str) -> bool {
    parse_id(id).is_some_and(|(d, _, _)| {
        CCM_DOMAINS.contains(&d) || AICM_ONLY_DOMAINS.contains(&d) || V3_ONLY_DOMAINS.contains(&d)
    })
}

/// Detect the questionnaire from every id present, answered or not.
///
/// The edition whose published id set holds the most of the ids wins, so
/// a full sheet of any edition is recognised exactly, and an AI-CAIQ whose
/// AI questions are blank still reads as an AI-CAIQ. Ties go to the
/// edition most in use: CAIQ v4.0.x, then v4.1, AI-CAIQ 1.1.0, 1.0.x, and
/// v3.1 last (its ids are recognised by control, so it matches loosely).
pub fn detect<'a>(ids: impl IntoIterator<Item = &'a str>) -> Edition {
    let ids: Vec<&str> = ids.into_iter().collect();
    const PREFERENCE: [Edition; 5] = [
        Edition::Caiq40,
        Edition::Caiq41,
        Edition::AiCaiq11,
        Edition::AiCaiq10,
        Edition::Caiq31,
    ];
    let mut best = (Edition::Caiq40, 0usize);
    for e in PREFERENCE {
        let n = ids.iter().filter(|id| e.has(id)).count();
        if n > best.1 {
            best = (e, n);
        }
    }
    best.0
}

/// A vendor's answer to one question: the format's [`AnswerWord`], one
/// type for the file, the sheets and the rules (this name is the one the
/// import reads).
pub use crate::types::AnswerWord as Answer;

/// One question → fact link: the fact value a Yes and a No answer imply
/// (`None`: that answer does not establish the fact). NA never does.
#[derive(Clone, Copy, Debug)]
pub struct Link {
    pub question: &'static str,
    /// The editions whose questionnaire has this question.
    pub editions: &'static [Edition],
    pub section: &'static str,
    pub key: &'static str,
    pub on_yes: Option<&'static str>,
    pub on_no: Option<&'static str>,
}

impl Link {
    pub fn value_for(&self, answer: Answer) -> Option<&'static str> {
        match answer {
            Answer::Yes => self.on_yes,
            Answer::No => self.on_no,
            Answer::NotApplicable | Answer::Other => None,
        }
    }
}

macro_rules! link {
    ($q:literal, $sec:literal . $key:literal, yes: $y:expr, no: $n:expr, in: $ed:expr) => {
        Link {
            question: $q,
            editions: $ed,
            section: $sec,
            key: $key,
            on_yes: $y,
            on_no: $n,
        }
    };
}

/// The mapping: our own reading of which CAIQ / AI-CAIQ question bears on
/// which catalogue fact. It is not CSA's, and it holds question ids only;
/// the comments are short labels of ours so that a reviewer can check a
/// link against their own copy of the questionnaire.
///
/// Ids move between editions (CAIQ v4.0.3's `TVM-06.1`, penetration
/// testing, is `TVM-07.1` in v4.1 and in AI-CAIQ 1.1.0, and `TVM-06.1`
/// there asks about third-party libraries), so every link names the
/// editions in which its id asks that question. The AI-CAIQ 1.1.0 ids were
/// matched to CAIQ v4.1's by control, the 1.0.x ids through CSA's published
/// 1.0.2 → 1.1.0 question crosswalk. CAIQ v3.1 links name a control
/// (`EKM-03`) and hold for each of its questions, and only bear on a fact:
/// our reading of the v3 controls is at control level, too coarse to set a
/// value.
///
/// A question may feed several facts (CEK-03.1 covers data at rest and in
/// transit), and a fact may be fed by several questions (the first answer
/// in the file wins). Keep this table sorted by question id.
///
/// Two kinds of link:
/// - **establishing** (`yes`/`no` set): the question asks the fact almost
///   word for word, so a Yes or a No sets the fact's value on import;
/// - **bearing** (both `None`): the question is about the fact but its
///   Yes/No cannot give a value (a retention question does not give a
///   number of days; documenting model cards is not publishing them). The
///   answer is kept, hover and the coverage report name the fact, and
///   `dossier export caiq` prefills the question from the fact, but the
///   import never sets the fact from it.
///
/// A control that only touches a fact (a policy exists, a process is
/// documented) is not linked at all.
pub const LINKS: &[Link] = &[
    // no AI backups_tested BCR-08.3 None Backup
    // Secure application development (SDLC).
    link!("AIS-04.1", "security_controls"."secure_sdlc", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Application security testing.
    link!("AIS-05.1", "security_controls"."application_security_testing", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Business continuity planning.
    link!("BCR-01", "security_controls"."business_continuity_plan", yes: None, no: None, in: &[Edition::Caiq31]),
    // Disaster response plan exercised.
    link!("BCR-02", "security_controls"."disaster_recovery_tested", yes: None, no: None, in: &[Edition::Caiq31]),
    // Business continuity planning.
    link!("BCR-04.1", "security_controls"."business_continuity_plan", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Backups can be restored.
    link!("BCR-08.3", "security_controls"."backups_tested", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41]),
    // Disaster response plan exercised.
    link!("BCR-10.1", "security_controls"."disaster_recovery_tested", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Quality change control, approval and testing.
    link!("CCC-02.1", "security_controls"."change_management", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Quality change control, approval and testing.
    link!("CCC-05", "security_controls"."change_management", yes: None, no: None, in: &[Edition::Caiq31]),
    // Data encryption at rest and in transit.
    link!("CEK-03.1", "data_handling"."encryption_at_rest", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Data encryption at rest and in transit.
    link!("CEK-03.1", "data_handling"."encryption_in_transit", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Customer key management capability.
    link!("CEK-08.1", "security_controls"."customer_managed_keys", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Key rotation per cryptoperiod.
    link!("CEK-12.1", "security_controls"."key_management", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Secure disposal of data from storage media.
    link!("DSI-07", "security_controls"."secure_data_disposal", yes: None, no: None, in: &[Edition::Caiq31]),
    // Secure disposal of data from storage media.
    link!("DSP-02.1", "security_controls"."secure_data_disposal", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Data subject access and deletion requests.
    link!("DSP-11.1", "data_handling"."deletion_on_request", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Disclosure of sub-processors.
    link!("DSP-14.1", "data_handling"."public_subprocessor_list", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Data retention and deletion (the period is in the description).
    link!("DSP-16.1", "data_handling"."retention_period_days", yes: None, no: None, in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Data location (the countries are in the description).
    link!("DSP-19.1", "data_handling"."data_residency_options", yes: None, no: None, in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Data location (the countries are in the description).
    link!("DSP-19.1", "data_handling"."default_data_residency", yes: None, no: None, in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Training data integrity and traceability.
    link!("DSP-23.1", "ip_profile"."training_data_provenance", yes: None, no: None, in: &[Edition::AiCaiq11, Edition::AiCaiq10]),
    // Key rotation per cryptoperiod.
    link!("EKM-02", "security_controls"."key_management", yes: None, no: None, in: &[Edition::Caiq31]),
    // Data encryption at rest and in transit.
    link!("EKM-03", "data_handling"."encryption_at_rest", yes: None, no: None, in: &[Edition::Caiq31]),
    // Data encryption at rest and in transit.
    link!("EKM-03", "data_handling"."encryption_in_transit", yes: None, no: None, in: &[Edition::Caiq31]),
    // Background screening of personnel.
    link!("HRS-01.1", "security_controls"."personnel_screening", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Background screening of personnel.
    link!("HRS-02", "security_controls"."personnel_screening", yes: None, no: None, in: &[Edition::Caiq31]),
    // Security awareness training.
    link!("HRS-09", "security_controls"."security_awareness_training", yes: None, no: None, in: &[Edition::Caiq31]),
    // Security awareness training.
    link!("HRS-11.1", "security_controls"."security_awareness_training", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Tenant segmentation and segregation.
    link!("I&S-06.1", "security_controls"."tenant_isolation", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Least privilege.
    link!("IAM-05.1", "security_controls"."least_privilege", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Access review and revalidation.
    link!("IAM-08.1", "security_controls"."access_reviews", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Access review and revalidation.
    link!("IAM-10", "security_controls"."access_reviews", yes: None, no: None, in: &[Edition::Caiq31]),
    // Strong (multi-factor) authentication.
    link!("IAM-12", "security_controls"."mfa_enforced", yes: None, no: None, in: &[Edition::Caiq31]),
    // Strong (multi-factor) authentication.
    link!("IAM-13.1", "security_controls"."mfa_enforced", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq41, Edition::AiCaiq11]),
    // Strong (multi-factor) authentication.
    link!("IAM-14.1", "security_controls"."mfa_enforced", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::AiCaiq10]),
    // Programmatic retrieval of customer data.
    link!("IPY-02", "security_controls"."data_portability", yes: None, no: None, in: &[Edition::Caiq31]),
    // Programmatic retrieval of customer data.
    link!("IPY-02.1", "security_controls"."data_portability", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Customer data access and deletion at contract termination.
    link!("IPY-04.1", "security_controls"."deletion_at_contract_end", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Security monitoring and alerting.
    link!("IVS-01", "security_controls"."security_monitoring", yes: None, no: None, in: &[Edition::Caiq31]),
    // Tenant segmentation and segregation.
    link!("IVS-06.1", "security_controls"."tenant_isolation", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40]),
    // Tenant segmentation and segregation.
    link!("IVS-09", "security_controls"."tenant_isolation", yes: None, no: None, in: &[Edition::Caiq31]),
    // Audit log protection and retention.
    link!("LOG-02.1", "security_controls"."audit_log_protection", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Security monitoring and alerting.
    link!("LOG-03.1", "security_controls"."security_monitoring", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Model documentation (documenting is not publishing).
    link!("MDS-03.1", "governance"."publishes_model_cards", yes: None, no: None, in: &[Edition::AiCaiq11, Edition::AiCaiq10]),
    // Adversarial threat analysis per model (analysis is not yet testing).
    link!("MDS-06.1", "governance"."red_teaming_program", yes: None, no: None, in: &[Edition::AiCaiq11, Edition::AiCaiq10]),
    // Integrity checks of model checkpoints.
    link!("MDS-08.1", "security_controls"."model_integrity_checks", yes: Some("yes"), no: Some("no"), in: &[Edition::AiCaiq11, Edition::AiCaiq10]),
    // Incident response plan.
    link!("SEF-02", "security_controls"."incident_response_plan", yes: None, no: None, in: &[Edition::Caiq31]),
    // Breach notification per SLAs, laws and regulations.
    link!("SEF-03", "security_controls"."breach_notification", yes: None, no: None, in: &[Edition::Caiq31]),
    // Incident response plan.
    link!("SEF-03.1", "security_controls"."incident_response_plan", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Incident response testing.
    link!("SEF-04.1", "security_controls"."incident_response_tested", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Breach notification process (the hours are in the description).
    link!("SEF-07.1", "security_controls"."breach_notification_hours", yes: None, no: None, in: &[Edition::Caiq40, Edition::AiCaiq10]),
    // Breach notification per SLAs, laws and regulations.
    link!("SEF-07.2", "security_controls"."breach_notification", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::AiCaiq10]),
    // Breach notification process (the hours are in the description).
    link!("SEF-08.1", "security_controls"."breach_notification_hours", yes: None, no: None, in: &[Edition::Caiq41, Edition::AiCaiq11]),
    // Breach notification per SLAs, laws and regulations.
    link!("SEF-08.2", "security_controls"."breach_notification", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq41, Edition::AiCaiq11]),
    // Supply chain risk review.
    link!("STA-08", "security_controls"."supplier_risk_management", yes: None, no: None, in: &[Edition::Caiq31]),
    // Supply chain risk review.
    link!("STA-08.1", "security_controls"."supplier_risk_management", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40]),
    // Supply chain risk review.
    link!("STA-09.1", "security_controls"."supplier_risk_management", yes: Some("yes"), no: Some("no"), in: &[Edition::AiCaiq10]),
    // Supply chain risk review.
    link!("STA-10.1", "security_controls"."supplier_risk_management", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq41, Edition::AiCaiq11]),
    // Vulnerability detection on managed assets.
    link!("TVM-02", "security_controls"."vulnerability_management", yes: None, no: None, in: &[Edition::Caiq31]),
    // Vulnerability detection on managed assets.
    link!("TVM-03.1", "security_controls"."vulnerability_management", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq41, Edition::AiCaiq11, Edition::AiCaiq10]),
    // Vulnerability remediation schedule (the days are in the description).
    link!("TVM-03.1", "security_controls"."vulnerability_remediation_sla_days", yes: None, no: None, in: &[Edition::Caiq40]),
    // Independent penetration testing: bears on a shared summary.
    link!("TVM-06.1", "security_compliance"."pen_test_summary_available", yes: None, no: None, in: &[Edition::Caiq40, Edition::AiCaiq10]),
    // Independent third-party penetration testing.
    link!("TVM-06.1", "security_controls"."penetration_testing", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40, Edition::AiCaiq10]),
    // Independent penetration testing: bears on a shared summary.
    link!("TVM-07.1", "security_compliance"."pen_test_summary_available", yes: None, no: None, in: &[Edition::Caiq41, Edition::AiCaiq11]),
    // Independent third-party penetration testing.
    link!("TVM-07.1", "security_controls"."penetration_testing", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq41, Edition::AiCaiq11]),
    // Vulnerability detection on managed assets.
    link!("TVM-07.1", "security_controls"."vulnerability_management", yes: Some("yes"), no: Some("no"), in: &[Edition::Caiq40]),
    // Vulnerability remediation schedule (the days are in the description).
    link!("TVM-07.1", "security_controls"."vulnerability_remediation_sla_days", yes: None, no: None, in: &[Edition::AiCaiq10]),
    // Vulnerability remediation schedule (the days are in the description).
    link!("TVM-08.1", "security_controls"."vulnerability_remediation_sla_days", yes: None, no: None, in: &[Edition::Caiq41, Edition::AiCaiq11]),
];

/// Whether a link sets its fact on import (a Yes or a No implies a value).
impl Link {
    pub fn establishes(&self) -> bool {
        self.on_yes.is_some() || self.on_no.is_some()
    }
}

/// The links of a question in an edition.
pub fn links(edition: Edition, question: &str) -> impl Iterator<Item = &'static Link> + '_ {
    LINKS
        .iter()
        .filter(move |l| l.editions.contains(&edition) && l.matches(question))
}

impl Link {
    /// Whether the link is about this question: the same id, or for a
    /// control-level link (CAIQ v3.1, `EKM-03`) any question of the control.
    pub fn matches(&self, question: &str) -> bool {
        self.question == question
            || question
                .strip_prefix(self.question)
                .is_some_and(|rest| rest.starts_with('.') && !self.question.contains('.'))
    }
}

/// Every link of a question, in any edition (what hover shows).
pub fn feeds(question: &str) -> impl Iterator<Item = &'static Link> + '_ {
    LINKS.iter().filter(move |l| l.matches(question))
}

/// The links that feed a fact, in every edition (what hover on a fact and
/// `diff` read).
pub fn feeding<'a>(section: &'a str, key: &'a str) -> impl Iterator<Item = &'static Link> + 'a {
    LINKS
        .iter()
        .filter(move |l| l.section == section && l.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_names_a_catalogue_fact_a_value_of_its_domain_and_a_real_id() {
        for l in LINKS {
            let def = crate::catalogue::fact(l.section, l.key)
                .unwrap_or_else(|| panic!("{}: no fact {}.{}", l.question, l.section, l.key));
            for e in l.editions {
                let real = match e {
                    Edition::Caiq31 => e.ids().contains(&l.question),
                    _ => e.has(l.question),
                };
                assert!(real, "{} is not a question of {e:?}", l.question);
            }
            for v in [l.on_yes, l.on_no].into_iter().flatten() {
                let words = def.domain.words().expect("closed domain");
                assert!(words.contains(&v), "{}: {v} not in {}", l.question, l.key);
            }
        }
        assert!(LINKS.windows(2).all(|w| w[0].question <= w[1].question));
    }

    #[test]
    fn the_published_id_sets_have_their_sizes_and_no_duplicates() {
        for (e, n) in [
            (Edition::Caiq31, 133),
            (Edition::Caiq40, 261),
            (Edition::Caiq41, 283),
            (Edition::AiCaiq10, 311),
            (Edition::AiCaiq11, 320),
        ] {
            let ids = e.ids();
            assert_eq!(ids.len(), n, "{e:?}");
            let set: std::collections::BTreeSet<_> = ids.iter().collect();
            assert_eq!(set.len(), n, "{e:?} has duplicates");
            if e != Edition::Caiq31 {
                assert!(
                    ids.iter().all(|i| normalize_id(i).as_deref() == Some(*i)),
                    "{e:?}"
                );
            }
        }
        assert_eq!(
            Edition::AiCaiq11
                .ids()
                .iter()
                .filter(|i| i.starts_with("I&S-"))
                .count(),
            13
        );
    }

    #[test]
    fn detects_every_edition_from_its_full_id_set() {
        for e in [
            Edition::Caiq40,
            Edition::Caiq41,
            Edition::AiCaiq10,
            Edition::AiCaiq11,
        ] {
            assert_eq!(detect(e.ids().iter().copied()), e);
        }
        let v3: Vec<String> = Edition::Caiq31
            .ids()
            .iter()
            .map(|c| format!("{c}.1"))
            .collect();
        assert_eq!(detect(v3.iter().map(String::as_str)), Edition::Caiq31);
        assert_eq!(detect(["CEK-03.1", "DSP-14.1"]), Edition::Caiq40);
        assert_eq!(detect(["CEK-03.1", "MDS-01.1"]), Edition::AiCaiq11);
        assert_eq!(detect(["I&S-01.1", "CEK-03.1"]), Edition::Caiq41);
    }

    #[test]
    fn reads_ids_answers_and_versions() {
        assert_eq!(parse_id("A&A-01.1"), Some(("A&A", 1, 1)));
        assert_eq!(parse_id("CEK-3"), None);
        assert_eq!(normalize_id(" cek-3.1 ").as_deref(), Some("CEK-03.1"));
        assert_eq!(normalize_id("I&S-1.2").as_deref(), Some("I&S-01.2"));
        assert_eq!(normalize_id("hello"), None);
        assert!(!is_known_id("XYZ-01.1"));
        assert!(is_known_id("AAC-01.1"));
        assert_eq!(Answer::parse(" n/a "), Some(Answer::NotApplicable));
        assert_eq!(Answer::parse("maybe"), None);
        assert_eq!(Edition::from_cli("4.0.3"), Some(Edition::Caiq40));
        assert_eq!(Edition::from_cli("4.1"), Some(Edition::Caiq41));
        assert_eq!(Edition::from_cli("ai-1.1.0"), Some(Edition::AiCaiq11));
        assert_eq!(Edition::from_cli("ai-1.0"), Some(Edition::AiCaiq10));
        assert_eq!(Edition::from_cli("3.1"), Some(Edition::Caiq31));
        assert_eq!(Edition::from_cli("4.0.3;rm"), None);
        assert_eq!(Edition::from_cli("4.0.3x"), None);
        assert_eq!(
            Edition::from_written("ai_caiq", "1.x"),
            Some(Edition::AiCaiq10)
        );
    }

    #[test]
    fn a_questionnaire_answered_yes_throughout_establishes_29_facts_in_each_v4_edition() {
        for e in Edition::ALL {
            let facts: std::collections::BTreeSet<_> = LINKS
                .iter()
                .filter(|l| l.editions.contains(&e) && l.establishes())
                .map(|l| (l.section, l.key))
                .collect();
            let want = if e == Edition::Caiq31 { 0 } else { 29 };
            assert_eq!(facts.len(), want, "{e:?}");
        }
    }

    #[test]
    fn v3_links_hold_for_every_question_of_their_control() {
        assert!(links(Edition::Caiq31, "EKM-03.2").any(|l| l.key == "encryption_at_rest"));
        assert_eq!(
            links(Edition::Caiq31, "EKM-03.2")
                .filter(|l| l.establishes())
                .count(),
            0
        );
        assert!(links(Edition::Caiq40, "TVM-06.1").any(|l| l.key == "penetration_testing"));
        assert!(links(Edition::Caiq41, "TVM-06.1").next().is_none());
        assert!(links(Edition::Caiq41, "TVM-07.1").any(|l| l.key == "penetration_testing"));
    }
}
