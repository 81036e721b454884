//! `textDocument/didSave`: the file on disk is the editor's text again.
//! Evidence files (`file:` sources) are hashed afresh: an analyst who
//! replaced a report and saves the dossier sees at once whether its pin
//! still holds, even when the new file has the old size and time stamp.
//! Other open dossiers hash theirs afresh at their next analysis.

use tower_lsp_server::ls_types::DidSaveTextDocumentParams;

use crate::server::Server;

pub fn run(server: &Server, params: DidSaveTextDocumentParams) {
    server.session.evidence.clear();
    let mut docs = server.session.documents();
    if let Some(doc) = docs.get_mut(&params.text_document.uri) {
        doc.generation += 1;
        doc.wake.notify_one();
    }
}
