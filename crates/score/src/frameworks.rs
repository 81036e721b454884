//! OWASP Top 10 for LLM Applications and NIST AI RMF, as data keyed by
//! edition, with the crosswalk to our dimensions. A new edition is a new
//! table, not new code.
//!
//! Identifiers and names are those of the primary sources: the OWASP Top 10
//! for LLM Applications 2025 (<https://genai.owasp.org/llm-top-10/>) and the
//! NIST AI Risk Management Framework 1.0, NIST AI 100-1
//! (<https://doi.org/10.6028/NIST.AI.100-1>), whose category statements are
//! quoted as NIST publishes them. The one-line explanations are the
//! project's own summaries, written for analysts.

use dossier_schema::catalogue::Dimension;
use dossier_schema::did_you_mean;

use Dimension::*;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct OwaspRisk {
    /// `LLM01`
    pub code: &'static str,
    /// `2025`
    pub edition: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    /// Dimensions that materially address this risk.
    pub dimensions: &'static [Dimension],
}

impl OwaspRisk {
    /// `LLM01:2025`
    pub fn id(&self) -> String {
        format!("{}:{}", self.code, self.edition)
    }
}

/// The editions we ship, newest first.
pub const OWASP_EDITIONS: &[&str] = &["2025"];

pub const OWASP_2025: &[OwaspRisk] = &[
    OwaspRisk {
        code: "LLM01",
        edition: "2025",
        name: "Prompt Injection",
        description:
            "Crafted text, typed by a user or hidden in content the model reads, steers it past its instructions and safeguards.",
        dimensions: &[Security, Transparency, DependencyChain],
    },
    OwaspRisk {
        code: "LLM02",
        edition: "2025",
        name: "Sensitive Information Disclosure",
        description: "The model or the application around it reveals personal, confidential or secret data in what it returns.",
        dimensions: &[DataHandling, IpExposure, Jurisdiction],
    },
    OwaspRisk {
        code: "LLM03",
        edition: "2025",
        name: "Supply Chain",
        description: "A weak link among third-party models, training data, libraries or providers compromises the application built on them.",
        dimensions: &[DependencyChain, BusinessStability, Security],
    },
    OwaspRisk {
        code: "LLM04",
        edition: "2025",
        name: "Data and Model Poisoning",
        description: "Tampered pre-training, fine-tuning or embedding data plants backdoors, biases or errors in the model.",
        dimensions: &[DataHandling, Transparency, Security],
    },
    OwaspRisk {
        code: "LLM05",
        edition: "2025",
        name: "Improper Output Handling",
        description:
            "Model output reaches other components unchecked, so it can inject code, queries or markup there.",
        dimensions: &[IpExposure, Transparency],
    },
    OwaspRisk {
        code: "LLM06",
        edition: "2025",
        name: "Excessive Agency",
        description: "An LLM-driven agent holds more functions, permissions or autonomy than its task needs, so a bad output becomes a harmful action.",
        dimensions: &[DependencyChain, Transparency, Jurisdiction],
    },
    OwaspRisk {
        code: "LLM07",
        edition: "2025",
        name: "System Prompt Leakage",
        description: "Users coax out the system prompt, and with it any credentials or access rules wrongly placed there.",
        dimensions: &[DataHandling, Transparency],
    },
    OwaspRisk {
        code: "LLM08",
        edition: "2025",
        name: "Vector and Embedding Weaknesses",
        description: "Retrieval stores behind a model expose, mix up or are seeded with harmful content across users and tenants.",
        dimensions: &[DataHandling, Security],
    },
    OwaspRisk {
        code: "LLM09",
        edition: "2025",
        name: "Misinformation",
        description: "Confident but false or misleading output is relied on as if it were correct.",
        dimensions: &[Transparency, Regulatory, BusinessStability],
    },
    OwaspRisk {
        code: "LLM10",
        edition: "2025",
        name: "Unbounded Consumption",
        description:
            "Unchecked request volumes or oversized inputs run up cost, degrade the service or let someone copy the model.",
        dimensions: &[Security, BusinessStability],
    },
];

fn owasp_edition(edition: &str) -> Option<&'static [OwaspRisk]> {
    match edition {
        "2025" => Some(OWASP_2025),
        _ => None,
    }
}

/// Look up `LLM01:2025` (or `LLM01`, meaning the newest edition).
pub fn owasp(id: &str) -> Option<&'static OwaspRisk> {
    let (code, edition) = id.split_once(':').unwrap_or((id, OWASP_EDITIONS[0]));
    owasp_edition(edition)?.iter().find(|r| r.code == code)
}

/// The risks of the newest edition that a dimension addresses.
pub fn owasp_for_dimension(d: Dimension) -> Vec<&'static OwaspRisk> {
    OWASP_2025
        .iter()
        .filter(|r| r.dimensions.contains(&d))
        .collect()
}

/// Every id of every edition, for completion.
pub fn owasp_ids() -> Vec<String> {
    OWASP_EDITIONS
        .iter()
        .filter_map(|e| owasp_edition(e))
        .flat_map(|rs| rs.iter().map(OwaspRisk::id))
        .collect()
}

/// `Ok` for a known id; otherwise a one-line message with a suggestion.
pub fn validate_owasp_id(id: &str) -> Result<(), (String, Option<String>)> {
    if owasp(id).is_some() && id.contains(':') {
        return Ok(());
    }
    let ids = owasp_ids();
    // `llm1:2025` means `LLM01:2025`: normalise case and padding first.
    let upper = id.to_ascii_uppercase();
    let (code, edition) = upper.split_once(':').unwrap_or((&upper, OWASP_EDITIONS[0]));
    let padded = match code.strip_prefix("LLM").map(str::parse::<u8>) {
        Some(Ok(n)) => format!("LLM{n:02}:{edition}"),
        _ => upper.clone(),
    };
    let normalised = ids.iter().find(|i| **i == padded).cloned();
    let suggestion = normalised
        .or_else(|| did_you_mean(id, ids.iter().map(String::as_str)).map(str::to_string))
        .or_else(|| {
            // `LLM01` without an edition, or an edition we do not ship.
            let code = id.split(':').next().unwrap_or(id);
            ids.iter()
                .find(|i| i.starts_with(&format!("{code}:")))
                .cloned()
        });
    let editions = OWASP_EDITIONS.join(", ");
    let message = match &suggestion {
        Some(s) => format!("`{id}` is not an OWASP Top 10 for LLM Applications id (editions: {editions}): did you mean `{s}`?"),
        None => format!("`{id}` is not an OWASP Top 10 for LLM Applications id: use `LLM01:2025` .. `LLM10:2025`"),
    };
    Err((message, suggestion))
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct NistFunction {
    /// `GOVERN`
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub dimensions: &'static [Dimension],
}

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct NistCategory {
    /// `GOVERN 1`
    pub id: &'static str,
    pub function: &'static str,
    pub title: &'static str,
    /// How many subcategories it has (`GOVERN 1.1` .. `GOVERN 1.7`).
    pub subcategories: u8,
}

/// NIST AI RMF 1.0 (NIST AI 100-1, January 2023).
pub const NIST_EDITION: &str = "AI RMF 1.0";

pub const NIST_FUNCTIONS: &[NistFunction] = &[
    NistFunction {
        name: "GOVERN",
        title: "Govern",
        description: "Culture, policies, roles and accountability for AI risk across the organisation; the base the other three functions stand on.",
        dimensions: &[Regulatory, Jurisdiction, Transparency, BusinessStability],
    },
    NistFunction {
        name: "MAP",
        title: "Map",
        description: "Understand the setting: what the system is for, whom it affects, which parts (third-party ones too) it is made of, and the risks that follow.",
        dimensions: &[Transparency, DependencyChain, DataHandling, IpExposure],
    },
    NistFunction {
        name: "MEASURE",
        title: "Measure",
        description: "Assess, test and keep tracking the mapped risks, with numbers where possible and judgement where not, before release and in operation.",
        dimensions: &[Security, DataHandling, Transparency],
    },
    NistFunction {
        name: "MANAGE",
        title: "Manage",
        description: "Decide what to do about each risk (reduce, transfer, accept or stop), watch third-party parts, and plan response and recovery.",
        dimensions: &[Regulatory, Security, DependencyChain, BusinessStability],
    },
];

pub const NIST_CATEGORIES: &[NistCategory] = &[
    NistCategory { id: "GOVERN 1", function: "GOVERN", title: "Policies, processes, procedures, and practices across the organization related to the mapping, measuring, and managing of AI risks are in place, transparent, and implemented effectively.", subcategories: 7 },
    NistCategory { id: "GOVERN 2", function: "GOVERN", title: "Accountability structures are in place so that the appropriate teams and individuals are empowered, responsible, and trained for mapping, measuring, and managing AI risks.", subcategories: 3 },
    NistCategory { id: "GOVERN 3", function: "GOVERN", title: "Workforce diversity, equity, inclusion, and accessibility processes are prioritized in the mapping, measuring, and managing of AI risks throughout the lifecycle.", subcategories: 2 },
    NistCategory { id: "GOVERN 4", function: "GOVERN", title: "Organizational teams are committed to a culture that considers and communicates AI risk.", subcategories: 3 },
    NistCategory { id: "GOVERN 5", function: "GOVERN", title: "Processes are in place for robust engagement with relevant AI actors.", subcategories: 2 },
    NistCategory { id: "GOVERN 6", function: "GOVERN", title: "Policies and procedures are in place to address AI risks and benefits arising from third-party software and data and other supply chain issues.", subcategories: 2 },
    NistCategory { id: "MAP 1", function: "MAP", title: "Context is established and understood.", subcategories: 6 },
    NistCategory { id: "MAP 2", function: "MAP", title: "Categorization of the AI system is performed.", subcategories: 3 },
    NistCategory { id: "MAP 3", function: "MAP", title: "AI capabilities, targeted usage, goals, and expected benefits and costs compared with appropriate benchmarks are understood.", subcategories: 5 },
    NistCategory { id: "MAP 4", function: "MAP", title: "Risks and benefits are mapped for all components of the AI system including third-party software and data.", subcategories: 2 },
    NistCategory { id: "MAP 5", function: "MAP", title: "Impacts to individuals, groups, communities, organizations, and society are characterized.", subcategories: 2 },
    NistCategory { id: "MEASURE 1", function: "MEASURE", title: "Appropriate methods and metrics are identified and applied.", subcategories: 3 },
    NistCategory { id: "MEASURE 2", function: "MEASURE", title: "AI systems are evaluated for trustworthy characteristics.", subcategories: 13 },
    NistCategory { id: "MEASURE 3", function: "MEASURE", title: "Mechanisms for tracking identified AI risks over time are in place.", subcategories: 3 },
    NistCategory { id: "MEASURE 4", function: "MEASURE", title: "Feedback about efficacy of measurement is gathered and assessed.", subcategories: 3 },
    NistCategory { id: "MANAGE 1", function: "MANAGE", title: "AI risks based on assessments and other analytical output from the MAP and MEASURE functions are prioritized, responded to, and managed.", subcategories: 4 },
    NistCategory { id: "MANAGE 2", function: "MANAGE", title: "Strategies to maximize AI benefits and minimize negative impacts are planned, prepared, implemented, documented, and informed by input from relevant AI actors.", subcategories: 4 },
    NistCategory { id: "MANAGE 3", function: "MANAGE", title: "AI risks and benefits from third-party entities are managed.", subcategories: 2 },
    NistCategory { id: "MANAGE 4", function: "MANAGE", title: "Risk treatments, including response and recovery, and communication plans for the identified and measured AI risks are documented and monitored regularly.", subcategories: 3 },
];

pub fn nist_function(name: &str) -> Option<&'static NistFunction> {
    NIST_FUNCTIONS.iter().find(|f| f.name == name)
}

/// A category by `MAP 4`, or the category of a subcategory `MAP 4.1`.
pub fn nist_category(id: &str) -> Option<&'static NistCategory> {
    let (cat, sub) = match id.split_once('.') {
        Some((c, s)) => (c, Some(s)),
        None => (id, None),
    };
    let c = NIST_CATEGORIES.iter().find(|c| c.id == cat)?;
    match sub {
        None => Some(c),
        Some(s) => s
            .parse::<u8>()
            .ok()
            .filter(|n| (1..=c.subcategories).contains(n))
            .map(|_| c),
    }
}

pub fn nist_for_dimension(d: Dimension) -> Vec<&'static NistFunction> {
    NIST_FUNCTIONS
        .iter()
        .filter(|f| f.dimensions.contains(&d))
        .collect()
}

/// Functions and categories, for completion.
pub fn nist_ids() -> Vec<String> {
    NIST_FUNCTIONS
        .iter()
        .map(|f| f.name.to_string())
        .chain(NIST_CATEGORIES.iter().map(|c| c.id.to_string()))
        .collect()
}

/// `Ok` for a function, category or existing subcategory id.
pub fn validate_nist_id(id: &str) -> Result<(), (String, Option<String>)> {
    if nist_function(id).is_some() || nist_category(id).is_some() {
        return Ok(());
    }
    let ids = nist_ids();
    let base = id.split('.').next().unwrap_or(id);
    let suggestion = did_you_mean(id, ids.iter().map(String::as_str))
        .or_else(|| did_you_mean(base, ids.iter().map(String::as_str)))
        .map(str::to_string);
    let message = match (&suggestion, nist_category(base)) {
        (_, Some(c)) => format!("`{id}`: {} has subcategories {}.1 to {}.{}", c.id, c.id, c.id, c.subcategories),
        (Some(s), None) => format!("`{id}` is not a NIST {NIST_EDITION} function or category: did you mean `{s}`?"),
        (None, None) => format!("`{id}` is not a NIST {NIST_EDITION} function or category (GOVERN 1-6, MAP 1-5, MEASURE 1-4, MANAGE 1-4)"),
    };
    Err((message, suggestion))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_lookups() {
        assert_eq!(OWASP_2025.len(), 10);
        assert_eq!(NIST_FUNCTIONS.len(), 4);
        assert_eq!(NIST_CATEGORIES.len(), 19);
        assert_eq!(owasp("LLM01:2025").unwrap().name, "Prompt Injection");
        assert_eq!(owasp("LLM10").unwrap().name, "Unbounded Consumption");
        assert!(owasp("LLM01:2023").is_none());
        assert_eq!(nist_category("MAP 4.1").unwrap().id, "MAP 4");
        assert!(nist_category("MAP 4.3").is_none());
        assert!(nist_category("MEASURE 2.13").is_some());
        assert!(validate_nist_id("GOVERN").is_ok());
    }

    #[test]
    fn crosswalk_matches_seed_000() {
        let names: Vec<_> = owasp_for_dimension(Dimension::DataHandling)
            .iter()
            .map(|r| r.code)
            .collect();
        assert_eq!(names, ["LLM02", "LLM04", "LLM07", "LLM08"]);
        let f: Vec<_> = nist_for_dimension(Dimension::Security)
            .iter()
            .map(|f| f.name)
            .collect();
        assert_eq!(f, ["MEASURE", "MANAGE"]);
    }

    #[test]
    fn messages_suggest() {
        let (m, s) = validate_owasp_id("LLM01:2023").unwrap_err();
        assert_eq!(s.as_deref(), Some("LLM01:2025"), "{m}");
        let (m, s) = validate_owasp_id("LLM1:2025").unwrap_err();
        assert_eq!(s.as_deref(), Some("LLM01:2025"), "{m}");
        let (m, _) = validate_nist_id("MAP 4.7").unwrap_err();
        assert!(m.contains("MAP 4.1 to MAP 4.2"), "{m}");
        let (_, s) = validate_nist_id("GOVERNE 1").unwrap_err();
        assert_eq!(s.as_deref(), Some("GOVERN 1"));
    }
}
