//! missing-question, unanswered-question.

use dossier_schema::view::DossierView;

use super::Ctx;
use crate::diagnostic::{Diagnostic, Rule};
use crate::edits::insert_questions;

pub(super) fn check(ctx: &Ctx, view: &DossierView, out: &mut Vec<Diagnostic>) {
    let items = view.items("questions");
    missing(ctx, view, &items, out);
    for q in &items {
        let Some(status) = q.field("status") else {
            continue;
        };
        let id = q.id.map_or("?", |i| i.text);
        let present = |k: &str| {
            q.node
                .value(k)
                .is_some_and(|v| !v.is_null() && v.as_str() != Some(""))
        };
        match status.text {
            "answered" => {
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
            "waived" if !present("waiver_reason") => {
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
    out: &mut Vec<Diagnostic>,
) {
    let required = dossier_score::questions::required_questions(
        view,
        ctx.today,
        &ctx.config.question_policy(),
    );
    let present: Vec<&str> = items.iter().filter_map(|q| q.id.map(|i| i.text)).collect();
    let root = view.root;
    let fallback = view
        .top("questions")
        .or_else(|| root.as_mapping().and_then(|m| m.entries.first()))
        .map_or(root.range, |e| e.key.range);
    for r in required
        .iter()
        .filter(|r| !present.contains(&r.template.id))
    {
        let (range, message) = match r.trigger_range {
            Some(range) => (
                range,
                format!(
                    "question {} is required because {}: add it to `questions`",
                    r.template.id, r.reason
                ),
            ),
            None if r.reason == "baseline question" => (
                fallback,
                format!(
                    "baseline question {} is missing from `questions`: add it",
                    r.template.id
                ),
            ),
            None => (
                fallback,
                format!(
                    "question {} is missing ({}): add it to `questions`",
                    r.template.id, r.reason
                ),
            ),
        };
        let mut d = Diagnostic::new(Rule::MissingQuestion, range, message);
        if let Some(edit) = insert_questions(ctx.text, root, &[(r.template.id, r.template.ask)]) {
            d = d.with_fix(format!("Insert question {}", r.template.id), vec![edit]);
        }
        out.push(d);
    }
}
