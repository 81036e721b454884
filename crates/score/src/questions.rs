//! Question templates: the twelve baseline questions of seed 000 and the
//! templates that facts trigger.

use dossier_schema::catalogue::Dimension;
use dossier_schema::dates::{Day, Written};
use dossier_schema::view::{DossierView, FactView};
use dossier_syntax::TextRange;

#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct QuestionTemplate {
    pub id: &'static str,
    pub ask: &'static str,
    /// One line: the risk it addresses.
    pub why: &'static str,
    pub dimension: Dimension,
}

macro_rules! q {
    ($id:literal, $dim:ident, $ask:literal, $why:literal) => {
        QuestionTemplate {
            id: $id,
            ask: $ask,
            why: $why,
            dimension: Dimension::$dim,
        }
    };
}

const TEMPLATES: &[QuestionTemplate] = &[
    q!("Q01", Security, "Provide your most recent SOC 2 Type II report (with bridge letter if applicable).", "Independent evidence that security controls operated over time."),
    q!("Q02", IpExposure, "Describe your training-data provenance and customer opt-out mechanics in writing.", "Copyright and data-poisoning exposure; whether our data trains your models."),
    q!("Q03", DataHandling, "List all sub-processors and confirm notification policy for material additions.", "Who else touches our data, and whether we hear before that changes."),
    q!("Q04", DataHandling, "Confirm BAA availability and signed-BAA process if we process PHI.", "HIPAA obligations for protected health information."),
    q!("Q05", Security, "Describe rate-limiting, quota, and circuit-breaker controls protecting our usage.", "Unbounded consumption (OWASP LLM10): cost and availability."),
    q!("Q06", Transparency, "Provide your model card or equivalent disclosure documenting intended use, limitations, and known failure modes.", "Misinformation and misuse (OWASP LLM09); NIST MAP."),
    q!("Q07", Security, "Describe your prompt-injection defences and red-team posture against OWASP LLM Top 10 risks.", "Prompt injection (OWASP LLM01) and improper output handling (LLM05)."),
    q!("Q08", DataHandling, "Confirm data residency options and which sub-regions our data may touch.", "Where our data lives and which laws reach it."),
    q!("Q09", Security, "Provide incident-response SLAs, security-event notification timelines, and the most recent pen-test report summary.", "How fast we learn of incidents, and independent testing evidence."),
    q!("Q10", IpExposure, "Confirm output ownership terms and any indemnification or copyright-shield programs available.", "Who owns outputs and who defends us against IP claims."),
    q!("Q11", BusinessStability, "Describe acquisition-risk safeguards and what happens to our data on a change of control.", "Continuity and data fate if the vendor is sold or fails."),
    q!("Q12", DependencyChain, "List foundation-model dependencies and how upstream-model risk is mitigated.", "Supply-chain risk from upstream models (OWASP LLM03)."),
    q!("T-HIPAA-BAA", DataHandling, "Confirm whether you will sign a HIPAA Business Associate Agreement (BAA), and provide your standard BAA.", "Processing PHI without a BAA breaches HIPAA."),
    q!("T-TRAINING-OPT-OUT", DataHandling, "Confirm in writing that our inputs and outputs are excluded from model training, and describe how the opt-out is enforced and audited.", "Customer data used for training can resurface in other customers' outputs."),
    q!("T-SUBPROCESSORS", DataHandling, "Publish or send your full subprocessor list with locations, and commit to advance notice of changes with a right to object.", "Unknown subprocessors are unknown data flows."),
    q!("T-GPAI-COP", Regulatory, "State whether you will sign the EU General-Purpose AI Code of Practice, and how you meet the AI Act's GPAI obligations (technical documentation, copyright policy, training-data summary) otherwise.", "GPAI obligations apply since August 2025; enforcement since August 2026."),
    q!("T-GDPR-REP", Regulatory, "Name your EU representative under GDPR Art. 27 (or your EU establishment) for the services in scope.", "Without one, EU data subjects and our DPO have no local point of contact or recourse."),
    q!("T-SOC2-BRIDGE", Security, "Provide a current SOC 2 Type II report, or a bridge letter covering the period since the last report ended.", "Stale or missing audit evidence leaves control operation unverified."),
    q!("T-JURISDICTION", Jurisdiction, "Describe which entities and jurisdictions can access our data, how you respond to government data requests, and whether you publish statistics on them.", "State-compelled access that contracts and residency cannot prevent."),
    q!("T-KEY-PERSON", BusinessStability, "Describe the impact of recent key-person departures on the roadmap, maintenance and support of the products we would use.", "Continuity of the models and services we depend on."),
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
    /// SOC 2 freshness window in months (for T-SOC2-BRIDGE).
    pub soc2_months: u32,
}

impl Default for QuestionPolicy {
    fn default() -> Self {
        QuestionPolicy {
            baseline: true,
            triggered: true,
            extra: Vec::new(),
            exclude: Vec::new(),
            soc2_months: 12,
        }
    }
}

/// A question the dossier must contain, and why.
#[derive(Clone, Debug, PartialEq)]
pub struct RequiredQuestion {
    pub template: &'static QuestionTemplate,
    /// "baseline question" or "data_handling.hipaa_baa_available is not_disclosed".
    pub reason: String,
    /// The key of the fact that triggers it.
    pub trigger_range: Option<TextRange>,
}

fn is(f: &FactView, words: &[&str]) -> bool {
    f.word().is_some_and(|w| words.contains(&w))
}

fn soc2_stale(f: &FactView, view: &DossierView, today: Day, months: u32) -> bool {
    let old =
        |s: &str| Written::parse(s).is_some_and(|w| w.last_day().add_months(months as i32) < today);
    if f.as_of.is_some_and(|a| old(a.text)) {
        return true;
    }
    view.items("attestations").iter().any(|a| {
        a.field("scheme").is_some_and(|s| s.text == "soc2_type2")
            && a.field("period_end").is_some_and(|p| old(p.text))
            && a.field("bridge_letter_until")
                .is_none_or(|b| Written::parse(b.text).is_some_and(|w| w.last_day() < today))
    })
}

/// The questions a dossier must contain under a policy.
pub fn required_questions(
    view: &DossierView,
    today: Day,
    policy: &QuestionPolicy,
) -> Vec<RequiredQuestion> {
    let mut out: Vec<RequiredQuestion> = Vec::new();
    let push =
        |out: &mut Vec<RequiredQuestion>, id: &str, reason: String, range: Option<TextRange>| {
            if policy.exclude.iter().any(|e| e == id) || out.iter().any(|r| r.template.id == id) {
                return;
            }
            if let Some(t) = template(id) {
                out.push(RequiredQuestion {
                    template: t,
                    reason,
                    trigger_range: range,
                });
            }
        };
    if policy.baseline {
        for t in baseline() {
            push(&mut out, t.id, "baseline question".into(), None);
        }
    }
    if policy.triggered {
        for f in view.facts() {
            if f.def.is_none() || f.def.is_some_and(|d| !d.domain.accepts(f.value)) {
                continue;
            }
            let because = |f: &FactView| format!("`{}` is `{}`", f.path(), f.word().unwrap_or("…"));
            let id = match f.key {
                "hipaa_baa_available" if is(&f, &["not_disclosed", "no", "contradictory"]) => {
                    "T-HIPAA-BAA"
                }
                "trains_on_user_data" if !is(&f, &["no"]) => "T-TRAINING-OPT-OUT",
                "public_subprocessor_list" if !is(&f, &["yes"]) => "T-SUBPROCESSORS",
                "gpai_code_of_practice_signatory"
                    if is(&f, &["no", "not_disclosed", "contradictory"]) =>
                {
                    "T-GPAI-COP"
                }
                "gdpr_eu_representative" if !is(&f, &["yes"]) => "T-GDPR-REP",
                "soc2_type2" if !is(&f, &["yes"]) => "T-SOC2-BRIDGE",
                "soc2_type2" if soc2_stale(&f, view, today, policy.soc2_months) => {
                    let reason = format!(
                        "the SOC 2 evidence of `{}` is older than {} months",
                        f.path(),
                        policy.soc2_months
                    );
                    push(&mut out, "T-SOC2-BRIDGE", reason, Some(f.entry.key.range));
                    continue;
                }
                "incorporation_risk" | "government_data_access_risk"
                    if is(&f, &["high", "critical"]) =>
                {
                    "T-JURISDICTION"
                }
                "subject_to_cn" | "subject_to_ru" if is(&f, &["yes"]) => "T-JURISDICTION",
                "key_person_departures" if is(&f, &["yes"]) => "T-KEY-PERSON",
                _ => continue,
            };
            push(&mut out, id, because(&f), Some(f.entry.key.range));
        }
    }
    for id in &policy.extra {
        push(&mut out, id, "required by dossier.toml".into(), None);
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
            .starts_with("Confirm BAA availability"));
    }

    #[test]
    fn yaml_items() {
        let t = template("Q01").unwrap();
        assert_eq!(
            question_yaml(t, 2),
            "  - id: Q01\n    ask: Provide your most recent SOC 2 Type II report (with bridge letter if applicable).\n    status: open\n"
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
        // Every baseline question is written plain, as in seed 000.
        for t in baseline() {
            assert!(!needs_quotes(t.ask), "{}", t.id);
        }
    }
}
