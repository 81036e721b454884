//! `textDocument/codeAction`: every assist `dossier_ide::assists` offers
//! for the range, with the diagnostics it fixes and its edit.

use std::collections::HashMap;

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{diagnostic, DocumentSnapshot};

pub fn kind(k: ide::AssistKind) -> CodeActionKind {
    match k {
        ide::AssistKind::QuickFix => CodeActionKind::QUICKFIX,
        ide::AssistKind::Refactor => CodeActionKind::REFACTOR_REWRITE,
        ide::AssistKind::Source => CodeActionKind::SOURCE,
    }
}

pub fn workspace_edit(doc: &DocumentSnapshot, edits: &[dossier_analysis::Edit]) -> WorkspaceEdit {
    let text_edits = edits
        .iter()
        .map(|e| TextEdit {
            range: doc.range(e.range),
            new_text: e.text.clone(),
        })
        .collect();
    WorkspaceEdit {
        changes: Some(HashMap::from([(doc.uri.clone(), text_edits)])),
        ..WorkspaceEdit::default()
    }
}

pub fn run(doc: &DocumentSnapshot, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let range = doc.text_range(params.range);
    let analysis = &doc.snapshot.analysis;
    let only = params.context.only;
    let actions = ide::assists(&doc.ctx(), range)
        .into_iter()
        .filter_map(|a| {
            let kind = kind(a.kind);
            if let Some(only) = &only {
                // `only: ["refactor"]` admits `refactor.rewrite`.
                let admitted = only.iter().any(|o| {
                    kind.as_str() == o.as_str()
                        || kind.as_str().starts_with(&format!("{}.", o.as_str()))
                });
                if !admitted {
                    return None;
                }
            }
            let fixed: Vec<Diagnostic> = a
                .fixes
                .iter()
                .filter_map(|&i| analysis.diagnostics.get(i))
                .map(|d| diagnostic::to_lsp(d, &analysis.line_index, doc.encoding()))
                .collect();
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(kind),
                diagnostics: (!fixed.is_empty()).then_some(fixed),
                edit: Some(workspace_edit(doc, &a.edits)),
                is_preferred: a.preferred.then_some(true),
                ..CodeAction::default()
            }))
        })
        .collect();
    Ok(Some(actions))
}
