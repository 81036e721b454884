//! Text edits shared by quick fixes (CLI JSON output, LSP code actions):
//! they produce block-style YAML indented like the surrounding file.

use dossier_score::questions::{question_flow, question_item};
use dossier_syntax::emit::{column, line_end, line_start};
use dossier_syntax::{Node, NodeKind, TextRange};

use crate::diagnostic::Edit;

/// An edit that adds question templates to `questions`: after its last
/// item, into an empty `questions: []` or `questions:`, or as a new
/// `questions:` list at the end of the file.
pub fn insert_questions(text: &str, root: &Node, questions: &[(&str, &str)]) -> Option<Edit> {
    if questions.is_empty() {
        return None;
    }
    let render = |indent: usize| -> String {
        questions
            .iter()
            .map(|(id, ask)| question_item(id, ask, indent))
            .collect::<String>()
    };
    let Some(entry) = root.get("questions") else {
        // A new list at the end of the file.
        let mut insert = String::new();
        if !text.is_empty() && !text.ends_with('\n') {
            insert.push('\n');
        }
        insert.push_str("questions:\n");
        insert.push_str(&render(2));
        return Some(Edit {
            range: TextRange::empty(text.len()),
            text: insert,
        });
    };
    let key_col = column(text, entry.key.range.start);
    match &entry.value.kind {
        NodeKind::Sequence(items)
            if !items.is_empty() && !text[entry.value.range.start..].starts_with('[') =>
        {
            let first = items[0].range.start;
            let dash = text[line_start(text, first)..first]
                .rfind('-')
                .map(|i| line_start(text, first) + i);
            let indent = dash.map_or(key_col + 2, |d| column(text, d));
            let mut last_end = items.last().map_or(entry.value.range.end, |n| n.range.end);
            // A list that ends the file may end past its last line break:
            // insert on the item's own line, not after the break.
            while last_end > first && matches!(text.as_bytes()[last_end - 1], b'\n' | b'\r') {
                last_end -= 1;
            }
            let at = line_end(text, last_end);
            let body = render(indent);
            Some(Edit {
                range: TextRange::empty(at),
                text: format!("\n{}", body.trim_end_matches('\n')),
            })
        }
        NodeKind::Sequence(items) if !items.is_empty() => {
            // A flow list: add flow items before the closing bracket.
            let close = entry.value.range.end.saturating_sub(1);
            let flow: Vec<String> = questions
                .iter()
                .map(|(id, ask)| question_flow(id, ask))
                .collect();
            Some(Edit {
                range: TextRange::empty(close),
                text: format!(", {}", flow.join(", ")),
            })
        }
        _ => {
            // `questions: []`, `questions:` or a scalar: replace from the colon.
            let colon = entry.key.range.end + text[entry.key.range.end..].find(':')?;
            let end = if entry.value.range.is_empty() {
                colon + 1
            } else {
                entry.value.range.end
            };
            let body = render(key_col + 2);
            Some(Edit {
                range: TextRange::new(colon, end),
                text: format!(":\n{}", body.trim_end_matches('\n')),
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apply(text: &str, e: &Edit) -> String {
        format!(
            "{}{}{}",
            &text[..e.range.start],
            e.text,
            &text[e.range.end..]
        )
    }

    fn check(text: &str) -> String {
        let root = dossier_syntax::parse(text).root.unwrap();
        let t = dossier_score::questions::template("Q05").unwrap();
        let e = insert_questions(text, &root, &[(t.id, t.ask)]).unwrap();
        let out = apply(text, &e);
        let parsed = dossier_syntax::parse(&out);
        assert!(parsed.errors.is_empty(), "{out}\n{:?}", parsed.errors);
        let ids: Vec<_> = parsed
            .root
            .unwrap()
            .value("questions")
            .unwrap()
            .as_sequence()
            .unwrap()
            .iter()
            .filter_map(|q| q.value("id").and_then(|i| i.as_str()).map(str::to_string))
            .collect();
        assert_eq!(ids.last().map(String::as_str), Some("Q05"), "{out}");
        out
    }

    #[test]
    fn appends_to_a_block_list_with_its_indentation() {
        let out = check("dossier: 1\nquestions:\n    - id: Q01\n      ask: x\n      status: open # note\nadjustments: []\n");
        assert!(
            out.contains("status: open # note\n    - id: Q05\n      ask: "),
            "{out}"
        );
        assert!(out.ends_with("status: open\nadjustments: []\n"), "{out}");
    }

    #[test]
    fn fills_empty_and_missing_lists() {
        check("dossier: 1\nquestions: []\nadjustments: []\n");
        check("dossier: 1\nquestions:\nadjustments: []\n");
        check("dossier: 1\n");
        check("dossier: 1");
        check("dossier: 1\r\nquestions:\r\n  - id: Q01\r\n    ask: x\r\n    status: open\r\n");
    }

    #[test]
    fn appends_to_a_flow_list() {
        check("dossier: 1\nquestions: [{id: Q01, ask: x, status: open}]\n");
    }
}
