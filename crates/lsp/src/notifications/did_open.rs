//! `textDocument/didOpen`: a new document and its analysis worker.

use tower_lsp_server::ls_types::DidOpenTextDocumentParams;

use crate::server::Server;
use crate::session::Document;
use crate::worker;

/// Whether a document is one we analyse: not dossier.toml (an editor may
/// send it when its TOML support shares our client).
fn is_dossier(uri: &tower_lsp_server::ls_types::Uri, language: &str) -> bool {
    language != "toml" && !uri.path().as_str().ends_with(".toml")
}

pub fn run(server: &Server, params: DidOpenTextDocumentParams) {
    let item = params.text_document;
    if !is_dossier(&item.uri, &item.language_id) {
        return;
    }
    let mut doc = Document::new(&item.text, item.version, 0);
    let wake = doc.wake.clone();
    {
        let mut docs = server.session.documents();
        if let Some(old) = docs.get(&item.uri) {
            // Opened twice: the new text wins; the old worker ends.
            doc.generation = old.generation + 1;
            old.wake.notify_one();
        }
        docs.insert(item.uri.clone(), doc);
    }
    worker::spawn(
        server.session.clone(),
        server.client.clone(),
        item.uri,
        wake.clone(),
    );
    wake.notify_one();
}
