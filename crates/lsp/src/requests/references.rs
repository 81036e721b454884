//! `textDocument/references`: every citation of a source id.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
    let offset = doc.offset(params.text_document_position.position);
    let refs = ide::references(&doc.ctx(), offset, params.context.include_declaration);
    Ok(Some(
        refs.into_iter()
            .map(|r| Location {
                uri: doc.uri.clone(),
                range: doc.range(r),
            })
            .collect(),
    ))
}
