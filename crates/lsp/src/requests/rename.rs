//! `textDocument/prepareRename` and `textDocument/rename` of source ids:
//! the key under `sources` and every `cite` that names it.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::{code_action::workspace_edit, invalid_params, DocumentSnapshot};

pub fn prepare(
    doc: &DocumentSnapshot,
    params: TextDocumentPositionParams,
) -> Result<Option<PrepareRenameResponse>> {
    let offset = doc.offset(params.position);
    Ok(ide::references(&doc.ctx(), offset, true)
        .into_iter()
        .find(|r| r.touches(offset))
        .map(|r| PrepareRenameResponse::Range(doc.range(r))))
}

pub fn run(doc: &DocumentSnapshot, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
    let offset = doc.offset(params.text_document_position.position);
    let edits = ide::rename(&doc.ctx(), offset, &params.new_name)
        .map_err(|e| invalid_params(e.to_string()))?;
    Ok(Some(workspace_edit(doc, &edits)))
}
