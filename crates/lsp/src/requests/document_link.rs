//! `textDocument/documentLink`: every http(s) URL written as a value.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, _: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
    Ok(Some(
        ide::document_links(&doc.ctx())
            .into_iter()
            .filter_map(|l| {
                Some(DocumentLink {
                    range: doc.range(l.range),
                    target: Some(l.target.parse().ok()?),
                    tooltip: None,
                    data: None,
                })
            })
            .collect(),
    ))
}
