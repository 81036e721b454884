//! `textDocument/didClose`: forget the document and clear its diagnostics.

use tower_lsp_server::ls_types::DidCloseTextDocumentParams;

use crate::server::Server;

pub async fn run(server: &Server, params: DidCloseTextDocumentParams) {
    let uri = params.text_document.uri;
    let removed = server.session.documents().remove(&uri);
    let Some(doc) = removed else {
        return;
    };
    doc.wake.notify_one(); // the worker sees the document gone and ends
                           // After any publish the worker has under way.
    let _guard = doc.compute.lock().await;
    if !server.session.caps().pull_diagnostics {
        server
            .client
            .publish_diagnostics(uri, Vec::new(), None)
            .await;
    }
}
