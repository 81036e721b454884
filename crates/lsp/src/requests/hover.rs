//! `textDocument/hover`: markdown from `dossier_ide::hover`.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, params: HoverParams) -> Result<Option<Hover>> {
    let offset = doc.offset(params.text_document_position_params.position);
    Ok(ide::hover(&doc.ctx(), offset).map(|h| Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: h.markdown,
        }),
        range: Some(doc.range(h.range)),
    }))
}
