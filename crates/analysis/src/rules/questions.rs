//! missing-question, unanswered-question.

use dossier_schema::types::QuestionStatus;
use dossier_schema::view::DossierView;

use super::Ctx;
use dossier_score::questions::{required_questions, Reason, RequiredQuestion};

use crate::diagnostic::{Applicability, Diagnostic, MissingQuestion, Payload, Rule};
use crate::edits::insert_questions;
use crate::sink::Sink;

pub(super) fn check(ctx: &Ctx, view: &DossierView, out: &mut Sink) {
    let items = view.items("questions");
    missing(ctx, view, &items, out);
    for q in &items {
        let (Some(status), Some(word)) = (q.field("status"), q.status()) else {
            continue;
        };
        let id = q.id.map_or("?", |i| i.text);
        let present = |k: &str| {
            q.node
                .value(k)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        };
        match word {
            QuestionStatus::Answered => {
                let missing: Vec<&str> = ["answer", "cite"]
                    .into_iter()
                    .filter(|k| !present(k))
                    .collect();
                if !missing.is_empty() {
                    out.push(Diagnostic::new(
                        Rule::UnansweredQuestion,
                        status.range,
                        format!(
                            "question {id} is marked answered but has no {}: record the answer and cite the vendor's response",
                            missing.iter().map(|m| format!("`{m}`")).collect::<Vec<_>>().join(" or ")
                        ),
                    ));
                }
            }
            QuestionStatus::Waived if !present("waiver_reason") => {
                out.push(Diagnostic::new(
                    Rule::UnansweredQuestion,
                    status.range,
                    format!("question {id} is waived without a `waiver_reason`: say why it no longer needs an answer"),
                ));
            }
            _ => {}
        }
    }
}

fn missing(
    ctx: &Ctx,
    view: &DossierView,
    items: &[dossier_schema::view::ItemView],
    out: &mut Sink,
) {
    let required = required_questions(view, ctx.today, &ctx.config.question_policy());
    let present: Vec<&str> = items.iter().filter_map(|q| q.id.map(|i| i.text)).collect();
    let root = view.root;
    let fallback = view
        .top("questions")
        .or_else(|| root.as_mapping().and_then(|m| m.entries.first()))
        .map_or(root.range, |e| e.key.range);
    let absent: Vec<&RequiredQuestion> = required
        .iter()
        .filter(|r| !present.contains(&r.template.id))
        .collect();
    // The missing baseline questions: one diagnostic that lists them all,
    // with one fix that inserts them all.
    let baseline: Vec<&RequiredQuestion> = absent
        .iter()
        .copied()
        .filter(|r| r.reason == Reason::Baseline)
        .collect();
    if !baseline.is_empty() {
        let ids: Vec<&str> = baseline.iter().map(|r| r.template.id).collect();
        let message = match ids.as_slice() {
            [one] => format!("baseline question {one} is missing from `questions`: add it"),
            many => format!(
                "baseline questions {} are missing from `questions`: add them",
                many.join(", ")
            ),
        };
        out.push(missing_diagnostic(
            ctx, root, fallback, message, None, &baseline,
        ));
    }
    for r in absent.iter().filter(|r| r.reason != Reason::Baseline) {
        let (range, fact) = match (r.trigger_range, &r.reason) {
            (Some(range), Reason::Fact { path, .. } | Reason::Soc2Stale { path, .. }) => {
                (range, Some(path.clone()))
            }
            (Some(range), _) => (range, None),
            (None, _) => (fallback, None),
        };
        let message = why(r);
        out.push(missing_diagnostic(ctx, root, range, message, fact, &[r]));
    }
}

/// The sentence that says why one question is required.
fn why(r: &RequiredQuestion) -> String {
    let id = r.template.id;
    match (&r.reason, r.trigger_range) {
        (Reason::Baseline, _) => {
            format!("baseline question {id} is missing from `questions`: add it")
        }
        (reason, Some(_)) => {
            format!("question {id} is required because {reason}: add it to `questions`")
        }
        (reason, None) => format!("question {id} is missing ({reason}): add it to `questions`"),
    }
}

fn missing_diagnostic(
    ctx: &Ctx,
    root: &dossier_syntax::Node,
    range: dossier_syntax::TextRange,
    message: String,
    fact: Option<String>,
    questions: &[&RequiredQuestion],
) -> Diagnostic {
    let mut d = Diagnostic::new(Rule::MissingQuestion, range, message).with_payload(
        Payload::MissingQuestions {
            fact,
            questions: questions
                .iter()
                .map(|r| MissingQuestion {
                    template: r.template.id,
                    why: why(r),
                })
                .collect(),
        },
    );
    let asks: Vec<(&str, &str)> = questions
        .iter()
        .map(|r| (r.template.id, r.template.ask))
        .collect();
    if let Some(edit) = insert_questions(ctx.text, root, &asks) {
        let title = match asks.as_slice() {
            [(id, _)] => format!("Insert question {id}"),
            many => format!("Insert questions {}", ids_span(many)),
        };
        // The templates the rule requires, nothing to choose: a tool may apply it.
        d = d.with_fix_of(Applicability::MachineApplicable, title, vec![edit]);
    }
    d
}

/// `Q01–Q12` for a run, else the ids listed.
fn ids_span(asks: &[(&str, &str)]) -> String {
    let ids: Vec<&str> = asks.iter().map(|(id, _)| *id).collect();
    let all: Vec<&str> = dossier_score::questions::baseline().map(|t| t.id).collect();
    if ids == all {
        format!("{}–{}", ids[0], ids[ids.len() - 1])
    } else {
        ids.join(", ")
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_diagnostics;
    use crate::Rule;

    #[test]
    fn questions() {
        check_diagnostics(
            &[Rule::MissingQuestion, Rule::UnansweredQuestion],
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
facts:
  security_compliance:
    soc2_type2: not_disclosed
    ^^^^^^^^^^ warning[missing-question]: question T-SOC2-BRIDGE is required because `security_compliance.soc2_type2` is `not_disclosed`: add it to `questions`
questions:
^^^^^^^^^ warning[missing-question]: baseline questions Q02, Q03, Q04, Q05, Q06, Q07, Q08, Q09, Q10, Q11, Q12 are missing from `questions`: add them
  - id: Q01
    ask: a
    status: answered
            ^^^^^^^^ info[unanswered-question]: question Q01 is marked answered but has no `answer` or `cite`: record the answer and cite the vendor's response
"#,
        );
    }

    #[test]
    fn the_missing_questions_are_inserted() {
        let mut config = crate::fixture::config();
        config.questions.exclude = (1..=12)
            .filter(|n| *n != 5)
            .map(|n| format!("Q{n:02}"))
            .collect();
        crate::fixture::check_fix_with(
            &config,
            Rule::MissingQuestion,
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nquest$0ions:\n  - id: Q01\n    ask: a\n    status: open\n",
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nquestions:\n  - id: Q01\n    ask: a\n    status: open\n  - id: Q05\n    ask: Explain what keeps our usage from running away in load or cost, such as rate limits, quotas and circuit breakers.\n    status: open\n",
        );
    }

    #[test]
    fn each_baseline_question_can_be_left_out() {
        let mut config = crate::fixture::config();
        config.questions.exclude = vec!["Q03".into(), "Q07".into()];
        crate::fixture::check_diagnostics_with(
            &config,
            &[Rule::MissingQuestion],
            r#"dossier: 1
^^^^^^^ warning[missing-question]: baseline questions Q01, Q02, Q04, Q05, Q06, Q08, Q09, Q10, Q11, Q12 are missing from `questions`: add them
vendor:
  name: Acme
  kind: other
"#,
        );
        config.questions.exclude = (1..=12)
            .filter(|n| *n != 5)
            .map(|n| format!("Q{n:02}"))
            .collect();
        crate::fixture::check_diagnostics_with(
            &config,
            &[Rule::MissingQuestion],
            r#"dossier: 1
^^^^^^^ warning[missing-question]: baseline question Q05 is missing from `questions`: add it
vendor:
  name: Acme
  kind: other
"#,
        );
    }

    #[test]
    fn a_bridge_letter_past_its_cap_neither_freshens_the_report_nor_waives_the_question() {
        // The stale-evidence rule and the T-SOC2-BRIDGE trigger read one
        // definition of how long a SOC 2 report covers the vendor.
        let mut config = crate::fixture::config();
        config.questions.baseline = false;
        crate::fixture::check_diagnostics_with(
            &config,
            &[Rule::MissingQuestion, Rule::StaleEvidence],
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
facts:
  security_compliance:
    soc2_type2: {value: yes, cite: s}
    ^^^^^^^^^^ warning[missing-question]: question T-SOC2-BRIDGE is required because the SOC 2 evidence of `security_compliance.soc2_type2` is older than 12 months: add it to `questions`
attestations:
  - id: soc2
    scheme: soc2_type2
    period_end: 2025-06-30
                ^^^^^^^^^^ warning[stale-evidence]: attestation `soc2`: the audited period ended 2025-06-30, more than 12 months ago and the bridge letter has run out: ask for a current report or a bridge letter
    bridge_letter_until: 2026-12-31
"#,
        );
    }
}
