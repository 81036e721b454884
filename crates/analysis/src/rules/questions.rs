//! unanswered-question (missing-question comes with the question templates).

use dossier_schema::view::DossierView;

use super::Ctx;
use crate::diagnostic::{Diagnostic, Rule};

pub(super) fn check(_ctx: &Ctx, view: &DossierView, out: &mut Vec<Diagnostic>) {
    for q in view.items("questions") {
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
