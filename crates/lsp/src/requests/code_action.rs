//! `textDocument/codeAction` and `codeAction/resolve`: every assist
//! `dossier_ide::assists` offers for the range, with the diagnostics it
//! fixes.
//!
//! A client that can resolve edits (`resolveSupport` naming `edit`, with
//! `dataSupport`) gets the actions without edits and a `data` that says
//! how to compute one again: the document and its version, the range the
//! actions were listed for, which assist, and the diagnostics it fixes (rule
//! code and payload). Resolving recomputes the assist from the same
//! engine; when the document has moved on since (another version), or the
//! assist found is not the one listed, the action resolves to no edit
//! rather than to an edit of other text. Other clients get every edit at
//! once, as before.

use std::collections::HashMap;

use dossier_ide as ide;
use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{invalid_params, DocumentSnapshot};
use crate::convert;

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

/// What a lazily listed action carries to be resolved.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ResolveData {
    pub uri: Uri,
    /// The document version the action was listed for.
    pub version: i32,
    /// The range the actions were listed for.
    pub range: Range,
    /// Which of the assists listed for that range (before any `only`).
    pub index: usize,
    /// The diagnostics the action fixes.
    pub fixes: Vec<Fixed>,
}

/// A diagnostic an action fixes: its rule code and typed payload.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Fixed {
    pub code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payload: Option<serde_json::Value>,
}

fn fixed(doc: &DocumentSnapshot, a: &ide::Assist) -> Vec<Fixed> {
    a.fixes
        .iter()
        .filter_map(|&i| doc.snapshot.analysis.diagnostics.get(i))
        .map(|d| Fixed {
            code: d.rule.code().to_string(),
            payload: d
                .payload
                .as_ref()
                .and_then(|p| serde_json::to_value(p).ok()),
        })
        .collect()
}

pub fn run(doc: &DocumentSnapshot, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
    let range = doc.text_range(params.range);
    let analysis = &doc.snapshot.analysis;
    let only = params.context.only;
    let lazy = doc.caps.code_action_resolve;
    let actions = ide::assists(&doc.ctx(), range)
        .into_iter()
        .enumerate()
        .filter_map(|(index, a)| {
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
            let diagnostics: Vec<Diagnostic> = a
                .fixes
                .iter()
                .filter_map(|&i| analysis.diagnostics.get(i))
                .map(|d| convert::diagnostic(d, &analysis.line_index, doc.encoding(), &doc.uri))
                .collect();
            let (edit, data) = if lazy {
                let data = ResolveData {
                    uri: doc.uri.clone(),
                    version: doc.snapshot.version,
                    range: params.range,
                    index,
                    fixes: fixed(doc, &a),
                };
                (None, serde_json::to_value(data).ok())
            } else {
                (Some(workspace_edit(doc, &a.edits)), None)
            };
            Some(CodeActionOrCommand::CodeAction(CodeAction {
                title: a.title,
                kind: Some(kind),
                diagnostics: (!diagnostics.is_empty()).then_some(diagnostics),
                edit,
                data,
                is_preferred: a.preferred.then_some(true),
                ..CodeAction::default()
            }))
        })
        .collect();
    Ok(Some(actions))
}

/// The `data` of an action to resolve: an invalid-params error when it is
/// not one of ours.
pub fn resolve_data(action: &CodeAction) -> Result<ResolveData> {
    let data = action
        .data
        .clone()
        .ok_or_else(|| invalid_params("a code action to resolve needs its `data`"))?;
    serde_json::from_value(data)
        .map_err(|e| invalid_params(format!("not a dossier code action's `data`: {e}")))
}

/// Compute the edit of a lazily listed action again, on `doc` (the
/// document's current version): none when the version or the assist
/// differs from what was listed.
pub fn resolve(
    doc: &DocumentSnapshot,
    mut action: CodeAction,
    data: &ResolveData,
) -> Result<CodeAction> {
    action.edit = None;
    if doc.snapshot.version != data.version {
        tracing::info!(
            "codeAction/resolve for version {} of {}, which is now at version {}: no edit",
            data.version,
            data.uri.as_str(),
            doc.snapshot.version
        );
        return Ok(action);
    }
    let assists = ide::assists(&doc.ctx(), doc.text_range(data.range));
    match assists.get(data.index) {
        Some(a) if a.title == action.title && fixed(doc, a) == data.fixes => {
            action.edit = Some(workspace_edit(doc, &a.edits));
        }
        _ => tracing::info!(
            "codeAction/resolve: `{}` is no longer offered there: no edit",
            action.title
        ),
    }
    Ok(action)
}
