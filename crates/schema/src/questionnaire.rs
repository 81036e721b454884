//! Standard questionnaires as data: which question ids of the Cloud Security
//! Alliance's CAIQ (v4.0.x, v4.1) and AI-CAIQ (AICM 1.x) establish which
//! catalogue facts, and what a Yes or No answer sets them to.
//!
//! Only identifiers live here. CSA's question texts are under CSA's licence
//! (CC BY-NC-SA); users bring their own filled questionnaire.

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

const ALL: &[Edition] = &[Edition::Caiq40, Edition::Caiq41, Edition::AiCaiq1];

macro_rules! link {
    ($q:literal, $sec:literal . $key:literal, yes: $y:expr, no: $n:expr) => {
        Link {
            question: $q,
            editions: ALL,
            section: $sec,
            key: $key,
            on_yes: $y,
            on_no: $n,
        }
    };
}

/// The mapping. A question may feed several facts (CEK-03.1 covers data at
/// rest and in transit). Keep this table sorted by question id.
///
/// Each link names the CCM v4 control whose question asks the fact almost
/// word for word; a control that only touches a fact (a policy exists, a
/// process is documented) is not linked, since its Yes does not establish
/// the fact a buyer reads.
pub const LINKS: &[Link] = &[
    // Cryptography, encryption and key management: data at rest and in
    // transit is cryptographically protected.
    link!("CEK-03.1", "data_handling"."encryption_at_rest", yes: Some("yes"), no: Some("no")),
    link!("CEK-03.1", "data_handling"."encryption_in_transit", yes: Some("yes"), no: Some("no")),
    // Data security and privacy: personal data access, rectification and
    // deletion on the data subject's request.
    link!("DSP-11.1", "data_handling"."deletion_on_request", yes: Some("yes"), no: Some("no")),
    // Data security and privacy: sub-processors are disclosed.
    link!("DSP-14.1", "data_handling"."public_subprocessor_list", yes: Some("yes"), no: Some("no")),
];

/// The links of a question in an edition.
pub fn links(edition: Edition, question: &str) -> impl Iterator<Item = &'static Link> + '_ {
    LINKS
        .iter()
        .filter(move |l| l.question == question && l.editions.contains(&edition))
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
