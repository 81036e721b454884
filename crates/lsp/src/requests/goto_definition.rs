//! `textDocument/definition`: from a `cite` value to its source's key.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(
    doc: &DocumentSnapshot,
    params: GotoDefinitionParams,
) -> Result<Option<GotoDefinitionResponse>> {
    let offset = doc.offset(params.text_document_position_params.position);
    Ok(ide::definition(&doc.ctx(), offset).map(|r| {
        GotoDefinitionResponse::Scalar(Location {
            uri: doc.uri.clone(),
            range: doc.range(r),
        })
    }))
}
