//! questionnaire-conflict: an answer kept in `questionnaires` implies a
//! fact value other than the one the dossier cites.

use dossier_schema::catalogue;
use dossier_schema::questionnaire::{self, Edition};
use dossier_schema::types::AnswerWord;
use dossier_schema::view::{DossierView, FactView};
use dossier_syntax::Node;

use crate::diagnostic::{Diagnostic, Payload, Rule};
use crate::sink::Sink;

pub(super) fn check(view: &DossierView, out: &mut Sink) {
    let items = view.items("questionnaires");
    if items.is_empty() {
        return;
    }
    let facts = view.facts();
    for item in items {
        let Some(edition) = item.edition() else {
            continue;
        };
        let Some(answers) = item.node.value("answers").and_then(Node::as_mapping) else {
            continue;
        };
        let qid = item.id.map_or("?", |i| i.text);
        for entry in &answers.entries {
            let question = entry.key.value.as_str();
            let Some(answer) = entry
                .value
                .value("answer")
                .and_then(Node::as_str)
                .and_then(AnswerWord::parse)
            else {
                continue;
            };
            for link in questionnaire::links(edition, question) {
                let Some(implied) = link.value_for(answer) else {
                    continue;
                };
                let Some(fact) = facts
                    .iter()
                    .find(|f| f.section == link.section && f.key == link.key)
                else {
                    continue;
                };
                if let Some(d) = conflict(fact, implied, edition, question, answer, qid, entry) {
                    out.push(d);
                }
            }
        }
    }
}

fn conflict(
    fact: &FactView,
    implied: &str,
    edition: Edition,
    question: &str,
    answer: AnswerWord,
    questionnaire: &str,
    entry: &dossier_syntax::Entry,
) -> Option<Diagnostic> {
    let word = fact.word()?;
    if fact.cites.is_empty()
        || word == implied
        || word == catalogue::NOT_DISCLOSED
        || word == catalogue::CONTRADICTORY
    {
        return None;
    }
    let name = edition.name();
    Some(
        Diagnostic::new(
            Rule::QuestionnaireConflict,
            fact.value.range,
            format!(
                "`{}` is `{word}`, but the {name} answer {} to {question} (questionnaire `{questionnaire}`) implies `{implied}`: correct one of them, or make the fact `contradictory` citing both sources",
                fact.path(),
                answer.label(),
            ),
        )
        .with_related(
            entry.key.range,
            format!("{name} {question}: {}, implies `{implied}`", answer.label()),
        )
        .with_payload(Payload::Fact { path: fact.path() }),
    )
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_diagnostics;
    use crate::Rule;

    #[test]
    fn an_answer_that_contradicts_a_cited_fact() {
        check_diagnostics(
            &[Rule::QuestionnaireConflict],
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    kind: vendor_disclosure
    retrieved: 2026-11-01
  caiq:
    url: https://example.com/caiq
    kind: vendor_response
    retrieved: 2026-11-01
assessment:
  as_of: 2026-11-01
facts:
  data_handling:
    encryption_at_rest: {value: no, cite: s}
                                ^^ warning[questionnaire-conflict]: `data_handling.encryption_at_rest` is `no`, but the CAIQ answer Yes to CEK-03.1 (questionnaire `caiq-v4-0`) implies `yes`: correct one of them, or make the fact `contradictory` citing both sources
    encryption_in_transit: {value: yes, cite: s}
    deletion_on_request: no
    public_subprocessor_list: {value: not_disclosed, cite: s}
questionnaires:
  - id: caiq-v4-0
    kind: caiq
    version: 4.0.x
    source: caiq
    answers:
      A&A-01.1: {answer: no, note: not mapped, kept as given}
      CEK-03.1: {answer: yes, ownership: CSP-owned}
      DSP-11.1: {answer: yes}
      DSP-14.1: {answer: yes}
  - id: later
    kind: caiq
    version: "9.9"
    source: caiq
    answers:
      CEK-03.1: {answer: yes}
"#,
        );
    }
}
