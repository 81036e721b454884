//! Question templates: twelve vendor-agnostic baseline questions (`Q01`..`Q12`)
//! and the templates that facts trigger.

use dossier_schema::catalogue::Dimension;
use dossier_schema::dates::Day;
use dossier_schema::freshness::{soc2_covered_until, EvidenceClass, Freshness};
use dossier_schema::view::{DossierView, FactView};
use dossier_syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct QuestionTemplate {
    pub id: &'static str,
    pub ask: &'static str,
    /// One line: the risk it addresses.
    pub why: &'static str,
    pub dimension: Dimension,
    /// The facts whose values make this template required (the
    /// `missing-question` rule); the first template whose trigger fires on
    /// a fact is the one required for it.
    #[serde(skip)]
    pub triggers: &'static [Trigger],
    /// Further facts this template asks about, without requiring it: "Ask
    /// the vendor" on such a fact's `not_disclosed` offers this template.
    #[serde(skip)]
    pub about: &'static [&'static str],
}

/// When a fact requires a template.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Trigger {
    /// The fact's key (in any section).
    pub fact: &'static str,
    pub when: When,
}

/// Which values of a fact fire a trigger.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum When {
    /// The value is one of these words.
    Is(&'static [&'static str]),
    /// The value is none of these words (any other value, list or number).
    IsNot(&'static [&'static str]),
    /// The value is `yes`, but its SOC 2 evidence is stale: the fact's
    /// `as_of`, or a `soc2_type2` attestation's period without a current
    /// bridge letter, is older than the SOC 2 window.
    Soc2Stale,
}

impl When {
    /// Does a value (its word, if a scalar) fire the trigger, leaving
    /// staleness aside?
    pub fn fires_on(&self, word: Option<&str>) -> bool {
        match self {
            When::Is(words) => word.is_some_and(|w| words.contains(&w)),
            When::IsNot(words) => !word.is_some_and(|w| words.contains(&w)),
            When::Soc2Stale => false,
        }
    }
}

macro_rules! q {
    ($id:literal, $dim:ident, $ask:literal, $why:literal) => {
        q!($id, $dim, $ask, $why, [], [])
    };
    ($id:literal, $dim:ident, $ask:literal, $why:literal, [$($fact:literal: $when:expr),*], [$($about:literal),*]) => {
        QuestionTemplate {
            id: $id,
            ask: $ask,
            why: $why,
            dimension: Dimension::$dim,
            triggers: &[$(Trigger { fact: $fact, when: $when }),*],
            about: &[$($about),*],
        }
    };
}

use When::{Is, IsNot, Soc2Stale};

const TEMPLATES: &[QuestionTemplate] = &[
    q!("Q01", Security, "Send your latest SOC 2 Type II report and, if its audit period ended months ago, a bridge letter that covers the time since.", "Independent evidence that security controls operated over time.", [], ["soc2_type1"]),
    q!("Q02", IpExposure, "Explain in writing where your training data comes from and how a customer keeps its data out of training.", "Copyright and data-poisoning exposure; whether our data trains your models.", [], ["training_data_provenance"]),
    q!("Q03", DataHandling, "Give us your full list of sub-processors, and say how and how early you tell customers before adding a significant one.", "Who else touches our data, and whether we hear before that changes."),
    q!("Q04", DataHandling, "If we process health data (PHI) with you, will you sign a HIPAA Business Associate Agreement, and how does signing work?", "HIPAA obligations for protected health information."),
    q!("Q05", Security, "Explain what keeps our usage from running away in load or cost, such as rate limits, quotas and circuit breakers.", "Unbounded consumption (OWASP LLM10): cost and availability."),
    q!("Q06", Transparency, "Share a model card or similar document that states what the model is meant for, where it falls short and how it is known to fail.", "Misinformation and misuse (OWASP LLM09); NIST MAP.", [], ["publishes_model_cards"]),
    q!("Q07", Security, "Explain how you defend against prompt injection and how you red-team your models and services against the OWASP Top 10 for LLM Applications.", "Prompt injection (OWASP LLM01) and improper output handling (LLM05).", [], ["red_teaming_program", "safety_testing_disclosed"]),
    q!("Q08", DataHandling, "Tell us in which regions we can keep our data, and through which locations it may pass.", "Where our data lives and which laws reach it.", [], ["default_data_residency", "data_residency_options", "eu_data_residency_option"]),
    q!("Q09", Security, "State your incident-response service levels and how soon you tell customers about security events, and send a summary of your latest penetration test.", "How fast we learn of incidents, and independent testing evidence.", [], ["pen_test_summary_available"]),
    q!("Q10", IpExposure, "Tell us who owns the outputs under your terms, and whether you offer indemnification or a copyright-shield programme.", "Who owns outputs and who defends us against IP claims.", [], ["indemnification", "copyright_shield", "user_owns_outputs", "vendor_claims_output_rights"]),
    q!("Q11", BusinessStability, "Explain what protects us if your company is sold or changes control, and what then happens to our data.", "Continuity and data fate if the vendor is sold or fails.", [], ["recent_ownership_change", "going_concern_doubt"]),
    q!("Q12", DependencyChain, "Name the foundation models you build on, and explain how you limit the risks they bring.", "Supply-chain risk from upstream models (OWASP LLM03).", [], ["foundation_model_dependencies_disclosed", "upstream_model_risk_mitigation"]),
    q!("T-HIPAA-BAA", DataHandling, "Confirm whether you will sign a HIPAA Business Associate Agreement (BAA), and provide your standard BAA.", "Processing PHI without a BAA breaches HIPAA.",
        ["hipaa_baa_available": Is(&["not_disclosed", "no", "contradictory"])], ["hipaa_compliant"]),
    q!("T-TRAINING-OPT-OUT", DataHandling, "Confirm in writing that our inputs and outputs are excluded from model training, and describe how the opt-out is enforced and audited.", "Customer data used for training can resurface in other customers' outputs.",
        ["trains_on_user_data": IsNot(&["no"])], ["outputs_feed_model_improvement"]),
    q!("T-SUBPROCESSORS", DataHandling, "Publish or send your full subprocessor list with locations, and commit to advance notice of changes with a right to object.", "Unknown subprocessors are unknown data flows.",
        ["public_subprocessor_list": IsNot(&["yes"])], []),
    q!("T-GPAI-COP", Regulatory, "State whether you will sign the EU General-Purpose AI Code of Practice, and how you meet the AI Act's GPAI obligations (technical documentation, copyright policy, training-data summary) otherwise.", "GPAI obligations apply since August 2025; enforcement since August 2026.",
        ["gpai_code_of_practice_signatory": Is(&["no", "not_disclosed", "contradictory"])], []),
    q!("T-GDPR-REP", Regulatory, "Name your EU representative under GDPR Art. 27 (or your EU establishment) for the services in scope.", "Without one, EU data subjects and our DPO have no local point of contact or recourse.",
        ["gdpr_eu_representative": IsNot(&["yes"])], []),
    q!("T-SOC2-BRIDGE", Security, "Provide a current SOC 2 Type II report, or a bridge letter covering the period since the last report ended.", "Stale or missing audit evidence leaves control operation unverified.",
        ["soc2_type2": IsNot(&["yes"]), "soc2_type2": Soc2Stale], []),
    q!("T-JURISDICTION", Jurisdiction, "Describe which entities and jurisdictions can access our data, how you respond to government data requests, and whether you publish statistics on them.", "State-compelled access that contracts and residency cannot prevent.",
        ["incorporation_risk": Is(&["high", "critical"]), "government_data_access_risk": Is(&["high", "critical"]), "subject_to_cn": Is(&["yes"]), "subject_to_ru": Is(&["yes"])], ["subject_to_us"]),
    q!("T-KEY-PERSON", BusinessStability, "Describe the impact of recent key-person departures on the roadmap, maintenance and support of the products we would use.", "Continuity of the models and services we depend on.",
        ["key_person_departures": Is(&["yes"])], []),
];

pub fn templates() -> &'static [QuestionTemplate] {
    TEMPLATES
}

pub fn template(id: &str) -> Option<&'static QuestionTemplate> {
    TEMPLATES.iter().find(|t| t.id == id)
}

/// The baseline: every `Q..` template.
pub fn baseline() -> impl Iterator<Item = &'static QuestionTemplate> {
    TEMPLATES.iter().filter(|t| t.id.starts_with('Q'))
}

/// Which templates are required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionPolicy {
    pub baseline: bool,
    pub triggered: bool,
    pub extra: Vec<String>,
    pub exclude: Vec<String>,
    /// Freshness windows (the SOC 2 window decides [`When::Soc2Stale`]).
    pub windows: Freshness,
}

impl Default for QuestionPolicy {
    fn default() -> Self {
        QuestionPolicy {
            baseline: true,
            triggered: true,
            extra: Vec::new(),
            exclude: Vec::new(),
            windows: Freshness::default(),
        }
    }
}

/// Why a question is required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Reason {
    /// Every dossier asks the baseline questions.
    Baseline,
    /// A fact's value fires one of the template's triggers.
    Fact { path: String, value: String },
    /// A `yes` of `soc2_type2` rests on SOC 2 evidence older than the window.
    Soc2Stale { path: String, months: u32 },
    /// `[questions] require` in dossier.toml.
    Config,
}

impl std::fmt::Display for Reason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Reason::Baseline => f.write_str("baseline question"),
            Reason::Fact { path, value } => write!(f, "`{path}` is `{value}`"),
            Reason::Soc2Stale { path, months } => write!(
                f,
                "the SOC 2 evidence of `{path}` is older than {months} months"
            ),
            Reason::Config => f.write_str("required by dossier.toml"),
        }
    }
}

/// A question the dossier must contain, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RequiredQuestion {
    pub template: &'static QuestionTemplate,
    pub reason: Reason,
    /// The key of the fact that triggers it.
    pub trigger_range: Option<TextRange>,
}

fn soc2_stale(f: &FactView, view: &DossierView, today: Day, windows: &Freshness) -> bool {
    if f.word() != Some("yes") {
        return false;
    }
    if f.as_of
        .is_some_and(|a| EvidenceClass::Soc2Report.is_stale(a.text, windows, today))
    {
        return true;
    }
    view.items("attestations").iter().any(|a| {
        a.field("scheme").is_some_and(|s| s.text == "soc2_type2")
            && a.field("period_end")
                .or(a.field("issued"))
                .and_then(|end| {
                    soc2_covered_until(
                        end.text,
                        a.field("bridge_letter_until").map(|b| b.text),
                        windows,
                    )
                })
                .is_some_and(|until| until < today)
    })
}

/// The template a fact's value requires (first in table order whose trigger
/// fires), with the reason. `today` and `windows` decide staleness.
pub fn triggered_by(
    f: &FactView,
    view: &DossierView,
    today: Day,
    windows: &Freshness,
) -> Option<(&'static QuestionTemplate, Reason)> {
    TEMPLATES.iter().find_map(|t| {
        t.triggers.iter().find_map(|tr| {
            if tr.fact != f.key {
                return None;
            }
            match tr.when {
                When::Soc2Stale if soc2_stale(f, view, today, windows) => Some((
                    t,
                    Reason::Soc2Stale {
                        path: f.path(),
                        months: windows.soc2_months,
                    },
                )),
                w if w.fires_on(f.word()) => Some((
                    t,
                    Reason::Fact {
                        path: f.path(),
                        value: f.word().unwrap_or("…").to_string(),
                    },
                )),
                _ => None,
            }
        })
    })
}

/// The template to ask about a fact with value `word` (without looking at
/// dates): the one a trigger requires, else the first that asks about the
/// fact or has a trigger on it (`incorporation_risk: not_disclosed` asks the
/// jurisdiction question, though only `high` requires it).
/// "Ask the vendor" reads this, so it offers what `missing-question` asks.
pub fn template_for_fact(key: &str, word: Option<&str>) -> Option<&'static QuestionTemplate> {
    TEMPLATES
        .iter()
        .find(|t| {
            t.triggers
                .iter()
                .any(|tr| tr.fact == key && tr.when.fires_on(word))
        })
        .or_else(|| {
            TEMPLATES
                .iter()
                .find(|t| t.about.contains(&key) || t.triggers.iter().any(|tr| tr.fact == key))
        })
}

/// The questions a dossier must contain under a policy.
pub fn required_questions(
    view: &DossierView,
    today: Day,
    policy: &QuestionPolicy,
) -> Vec<RequiredQuestion> {
    let mut out: Vec<RequiredQuestion> = Vec::new();
    let push = |out: &mut Vec<RequiredQuestion>,
                t: &'static QuestionTemplate,
                reason: Reason,
                range: Option<TextRange>| {
        if policy.exclude.iter().any(|e| e == t.id) || out.iter().any(|r| r.template.id == t.id) {
            return;
        }
        out.push(RequiredQuestion {
            template: t,
            reason,
            trigger_range: range,
        });
    };
    if policy.baseline {
        for t in baseline() {
            push(&mut out, t, Reason::Baseline, None);
        }
    }
    if policy.triggered {
        for f in view.facts() {
            if f.def.is_none() || f.def.is_some_and(|d| !d.domain.accepts(f.value)) {
                continue;
            }
            if let Some((t, reason)) = triggered_by(&f, view, today, &policy.windows) {
                push(&mut out, t, reason, Some(f.entry.key.range));
            }
        }
    }
    for id in &policy.extra {
        if let Some(t) = template(id) {
            push(&mut out, t, Reason::Config, None);
        }
    }
    out
}

/// Does YAML need quotes around this plain string? Yes if it looks special
/// to any YAML reader (indicators, `: `, ` #`, YAML 1.1 booleans, numbers),
/// or if our own parser would not read it back as the same plain string.
pub fn needs_quotes(s: &str) -> bool {
    let special = s.is_empty()
        || s.starts_with([
            ' ', '-', '?', ':', ',', '[', ']', '{', '}', '#', '&', '*', '!', '|', '>', '\'', '"',
            '%', '@', '`',
        ])
        || s.ends_with([' ', ':'])
        || s.contains(": ")
        || s.contains(" #")
        || s.chars().any(char::is_control)
        || matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "~" | "yes" | "no" | "on" | "off" | "y" | "n"
        )
        || s.parse::<f64>().is_ok();
    special || !reads_back_plain(s)
}

fn reads_back_plain(s: &str) -> bool {
    // Parsing is the costly part, and the same few strings (the question
    // templates' asks) are asked about on every analysis: remember the
    // answers, a bounded number of them, per thread.
    thread_local! {
        static KNOWN: std::cell::RefCell<std::collections::HashMap<String, bool>> =
            Default::default();
    }
    if let Some(known) = KNOWN.with(|k| k.borrow().get(s).copied()) {
        return known;
    }
    let answer = parse_back_plain(s);
    KNOWN.with(|k| {
        let mut k = k.borrow_mut();
        if k.len() >= 256 {
            k.clear();
        }
        k.insert(s.to_string(), answer);
    });
    answer
}

fn parse_back_plain(s: &str) -> bool {
    let parse = dossier_syntax::parse(&format!("k: {s}\n"));
    parse.errors.is_empty()
        && parse
            .root
            .as_ref()
            .and_then(|r| r.value("k"))
            .and_then(|v| v.as_scalar())
            .is_some_and(|v| {
                v.kind == dossier_syntax::ScalarKind::Str
                    && v.style == dossier_syntax::ScalarStyle::Plain
                    && v.value == s
            })
}

/// A YAML scalar for a string: plain when safe, double-quoted otherwise.
pub fn yaml_string(s: &str) -> String {
    if needs_quotes(s) {
        serde_json::to_string(s).unwrap_or_else(|_| format!("{s:?}"))
    } else {
        s.to_string()
    }
}

/// One `questions` list item, each line indented by `indent` spaces.
pub fn question_yaml(t: &QuestionTemplate, indent: usize) -> String {
    let pad = " ".repeat(indent);
    format!(
        "{pad}- id: {}\n{pad}  ask: {}\n{pad}  status: open\n",
        t.id,
        yaml_string(t.ask)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn twelve_baseline_questions_in_seed_order() {
        let ids: Vec<_> = baseline().map(|t| t.id).collect();
        assert_eq!(ids.len(), 12);
        assert_eq!(ids.first(), Some(&"Q01"));
        assert_eq!(ids.last(), Some(&"Q12"));
        assert!(template("Q04")
            .unwrap()
            .ask
            .starts_with("If we process health data (PHI)"));
    }

    #[test]
    fn yaml_items() {
        let t = template("Q01").unwrap();
        assert_eq!(
            question_yaml(t, 2),
            "  - id: Q01\n    ask: Send your latest SOC 2 Type II report and, if its audit period ended months ago, a bridge letter that covers the time since.\n    status: open\n"
        );
        assert_eq!(yaml_string("a: b"), "\"a: b\"");
        assert_eq!(yaml_string("yes"), "\"yes\"");
        assert_eq!(yaml_string("Acme AI"), "Acme AI");
        assert_eq!(yaml_string("Acme: AI"), "\"Acme: AI\"");
        assert_eq!(yaml_string("Acme #1"), "\"Acme #1\"");
        assert_eq!(yaml_string("Acme:"), "\"Acme:\"");
        assert_eq!(yaml_string("1e3"), "\"1e3\"");
        assert_eq!(yaml_string("0x1F"), "\"0x1F\"");
        assert_eq!(yaml_string("null"), "\"null\"");
        assert_eq!(yaml_string("a\tb"), "\"a\\tb\"");
        assert_eq!(yaml_string("O'Reilly AI"), "O'Reilly AI");
        // Every baseline question is written plain (no quoting needed).
        for t in baseline() {
            assert!(!needs_quotes(t.ask), "{}", t.id);
        }
    }
}
