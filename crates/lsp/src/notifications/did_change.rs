//! `textDocument/didChange`: apply every change, in order, synchronously:
//! this runs before the handler's first `.await`, and tower-lsp-server
//! starts notification handlers in arrival order, so edits can never be
//! reordered. The analysis is left to the document's worker.

use tower_lsp_server::ls_types::DidChangeTextDocumentParams;

use crate::server::Server;
use crate::session::apply_change;

pub fn run(server: &Server, params: DidChangeTextDocumentParams) {
    let enc = server.session.encoding();
    let tick = server.session.tick();
    let mut docs = server.session.documents();
    let Some(doc) = docs.get_mut(&params.text_document.uri) else {
        tracing::warn!(
            "didChange for a document that is not open: {}",
            params.text_document.uri.as_str()
        );
        return;
    };
    for change in &params.content_changes {
        apply_change(doc, change, enc);
    }
    doc.version = params.text_document.version;
    doc.generation += 1;
    doc.last_edit = tick;
    doc.wake.notify_one();
}
