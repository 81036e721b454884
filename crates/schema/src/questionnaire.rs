//! Standard questionnaires as data: which question ids of the Cloud Security
//! Alliance's CAIQ (v4.0.x, v4.1) and AI-CAIQ (AICM 1.x) establish which
//! catalogue facts, and what a Yes or No answer sets them to.
//!
//! Only identifiers live here. CSA's question texts are under CSA's licence
//! (CC BY-NC-SA); users bring their own filled questionnaire. The mapping
//! ([`LINKS`]) is ours: which question bears on which fact is the project's
//! reading of the public control ids, not something CSA publishes.

/// A questionnaire family and version, as detected from the ids it holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Edition {
    /// CAIQ v4.0.x (CCM v4.0): 261 questions.
    Caiq40,
    /// CAIQ v4.1 (CCM v4.1): 283 questions.
    Caiq41,
    /// AI-CAIQ for the AI Controls Matrix 1.x: about 320 questions, with the
    /// AI-only domains (model security, `MDS`).
    AiCaiq1,
}

impl Edition {
    /// The questionnaire's name, as a detail prefix (`CAIQ CEK-03.1: …`).
    pub fn name(self) -> &'static str {
        match self {
            Edition::Caiq40 | Edition::Caiq41 => "CAIQ",
            Edition::AiCaiq1 => "AI-CAIQ",
        }
    }

    pub fn version(self) -> &'static str {
        match self {
            Edition::Caiq40 => "4.0.x",
            Edition::Caiq41 => "4.1",
            Edition::AiCaiq1 => "1.x",
        }
    }

    /// The title of the source an import adds.
    pub fn title(self) -> String {
        match self {
            Edition::AiCaiq1 => "AI-CAIQ (AICM 1.x) answers".to_string(),
            e => format!("CAIQ v{} answers", e.version()),
        }
    }

    /// The id of the source an import adds when `--source` names none.
    pub fn source_id(self) -> &'static str {
        match self {
            Edition::Caiq40 => "caiq-v4-0",
            Edition::Caiq41 => "caiq-v4-1",
            Edition::AiCaiq1 => "ai-caiq-v1",
        }
    }

    /// The `kind` of its entry in `questionnaires`.
    pub fn kind(self) -> &'static str {
        match self {
            Edition::Caiq40 | Edition::Caiq41 => "caiq",
            Edition::AiCaiq1 => "ai_caiq",
        }
    }

    /// The edition a `questionnaires` entry names by `kind` and `version`
    /// (`4.0.3` reads as 4.0.x; `None` for a version we have no mapping for).
    pub fn from_written(kind: &str, version: &str) -> Option<Edition> {
        let v = version.trim().trim_start_matches(['v', 'V']);
        match kind {
            "caiq" if v == "4.0" || v.starts_with("4.0.") => Some(Edition::Caiq40),
            "caiq" if v == "4.1" || v.starts_with("4.1.") => Some(Edition::Caiq41),
            "ai_caiq" if v == "1" || v.starts_with("1.") => Some(Edition::AiCaiq1),
            _ => None,
        }
    }

    /// The number of questions the published questionnaire has.
    pub fn question_count(self) -> usize {
        match self {
            Edition::Caiq40 => 261,
            Edition::Caiq41 => 283,
            Edition::AiCaiq1 => 320,
        }
    }
}

/// The control domains of CCM v4 (and so of CAIQ v4.x).
pub const CCM_DOMAINS: &[&str] = &[
    "A&A", "AIS", "BCR", "CCC", "CEK", "DCS", "DSP", "GRC", "HRS", "IAM", "IPY", "IVS", "LOG",
    "SEF", "STA", "TVM", "UEM",
];

/// The domains the AI Controls Matrix adds to CCM's.
pub const AICM_ONLY_DOMAINS: &[&str] = &["MDS"];

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

/// Whether `id` is a question id of a known domain.
pub fn is_known_id(id: &str) -> bool {
    parse_id(id).is_some_and(|(d, _, _)| CCM_DOMAINS.contains(&d) || AICM_ONLY_DOMAINS.contains(&d))
}

/// Detect the questionnaire from the ids present.
///
/// Heuristic: an id in a domain only the AI Controls Matrix has (`MDS`)
/// means the AI-CAIQ; otherwise more ids than CAIQ v4.0.x has (261) means
/// v4.1; otherwise v4.0.x. A partial v4.1 file without AI domains reads as
/// v4.0.x; the mapped ids are the same in both, so the facts do not change.
pub fn detect<'a>(ids: impl IntoIterator<Item = &'a str>) -> Edition {
    let mut count = 0;
    for id in ids {
        if parse_id(id).is_some_and(|(d, _, _)| AICM_ONLY_DOMAINS.contains(&d)) {
            return Edition::AiCaiq1;
        }
        count += 1;
    }
    if count > Edition::Caiq40.question_count() {
        Edition::Caiq41
    } else {
        Edition::Caiq40
    }
}

/// A vendor's answer to one question.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Yes,
    No,
    NotApplicable,
}

impl Answer {
    /// Read an answer cell: `Yes`, `No`, `NA` (also `N/A`, `Not applicable`),
    /// in any case. `None` for any other word.
    pub fn parse(s: &str) -> Option<Answer> {
        match s.trim().to_ascii_lowercase().as_str() {
            "yes" | "y" => Some(Answer::Yes),
            "no" | "n" => Some(Answer::No),
            "na" | "n/a" | "n.a." | "not applicable" => Some(Answer::NotApplicable),
            _ => None,
        }
    }

    /// The word a `questionnaires` answer is written with.
    pub fn word(self) -> &'static str {
        match self {
            Answer::Yes => "yes",
            Answer::No => "no",
            Answer::NotApplicable => "na",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Answer::Yes => "Yes",
            Answer::No => "No",
            Answer::NotApplicable => "NA",
        }
    }
}

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
            Answer::NotApplicable => None,
        }
    }
}

/// Every edition: CCM v4 controls keep their ids in CAIQ v4.0.x, v4.1 and
/// the AI-CAIQ (the AI Controls Matrix builds on CCM v4).
const ALL: &[Edition] = &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq1];
/// Controls only the AI Controls Matrix has (the AI-specific `DSP-2x`
/// controls, the model security domain `MDS`).
const AI: &[Edition] = &[Edition::AiCaiq1];

macro_rules! link {
    ($q:literal, $sec:literal . $key:literal, yes: $y:expr, no: $n:expr) => {
        link!($q, $sec.$key, yes: $y, no: $n, in: ALL)
    };
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
/// the control names in the comments are short labels of ours so that a
/// reviewer can check a link against their own copy of the questionnaire.
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
    // Cryptography, encryption and key management, data encryption: data
    // at rest and in transit is cryptographically protected.
    link!("CEK-03.1", "data_handling"."encryption_at_rest", yes: Some("yes"), no: Some("no")),
    link!("CEK-03.1", "data_handling"."encryption_in_transit", yes: Some("yes"), no: Some("no")),
    // Data security and privacy, personal data access, rectification and
    // deletion on the data subject's request.
    link!("DSP-11.1", "data_handling"."deletion_on_request", yes: Some("yes"), no: Some("no")),
    // Data security and privacy, disclosure of sub-processors.
    link!("DSP-14.1", "data_handling"."public_subprocessor_list", yes: Some("yes"), no: Some("no")),
    // Data security and privacy, data retention and deletion: the period
    // is in the implementation description, not in the Yes.
    link!("DSP-16.1", "data_handling"."retention_period_days", yes: None, no: None),
    // Data security and privacy, data location: where data is processed
    // and backed up is documented; the countries are in the description.
    link!("DSP-19.1", "data_handling"."default_data_residency", yes: None, no: None),
    link!("DSP-19.1", "data_handling"."data_residency_options", yes: None, no: None),
    // AI Controls Matrix, data integrity of training data (versioning and
    // traceability of training data sets): bears on provenance.
    link!("DSP-23.1", "ip_profile"."training_data_provenance", yes: None, no: None, in: AI),
    // AI Controls Matrix, model documentation: documenting models bears on
    // model cards, but is not publishing them.
    link!("MDS-03.1", "governance"."publishes_model_cards", yes: None, no: None, in: AI),
    // AI Controls Matrix, adversarial attack analysis per model: bears on a
    // red-teaming program (analysis of threats is not yet testing).
    link!("MDS-06.1", "governance"."red_teaming_program", yes: None, no: None, in: AI),
    // Security incident management, incident response testing and breach
    // notification have no catalogue fact (incidents are a list, not a
    // fact); their answers are kept in `questionnaires` only.
    // Threat and vulnerability management, penetration testing by
    // independent parties: bears on whether a summary is shared.
    link!("TVM-06.1", "security_compliance"."pen_test_summary_available", yes: None, no: None),
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
        .filter(move |l| l.question == question && l.editions.contains(&edition))
}

/// Every link of a question, in any edition (what hover shows).
pub fn feeds(question: &str) -> impl Iterator<Item = &'static Link> + '_ {
    LINKS.iter().filter(move |l| l.question == question)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_link_names_a_catalogue_fact_and_a_value_of_its_domain() {
        for l in LINKS {
            let def = crate::catalogue::fact(l.section, l.key)
                .unwrap_or_else(|| panic!("{}: no fact {}.{}", l.question, l.section, l.key));
            assert!(is_known_id(l.question), "{}", l.question);
            for v in [l.on_yes, l.on_no].into_iter().flatten() {
                let words = def.domain.words().expect("closed domain");
                assert!(words.contains(&v), "{}: {v} not in {}", l.question, l.key);
            }
        }
        assert!(LINKS.windows(2).all(|w| w[0].question <= w[1].question));
    }

    #[test]
    fn detects_the_edition_from_ids() {
        let many: Vec<String> = (1..=270)
            .map(|i| format!("GRC-{:02}.{}", i / 10 + 1, i % 10))
            .collect();
        assert_eq!(detect(["CEK-03.1", "DSP-14.1"]), Edition::Caiq40);
        assert_eq!(detect(many.iter().map(String::as_str)), Edition::Caiq41);
        assert_eq!(detect(["CEK-03.1", "MDS-01.1"]), Edition::AiCaiq1);
    }

    #[test]
    fn reads_ids_and_answers() {
        assert_eq!(parse_id("A&A-01.1"), Some(("A&A", 1, 1)));
        assert_eq!(parse_id("CEK-3"), None);
        assert!(!is_known_id("XYZ-01.1"));
        assert_eq!(Answer::parse(" n/a "), Some(Answer::NotApplicable));
        assert_eq!(Answer::parse("maybe"), None);
    }
}
