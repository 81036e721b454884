//! `workspace/didChangeWatchedFiles`: a dossier file or dossier.toml was
//! created, changed or deleted. The walk `workspace/symbol` keeps is
//! stale; for a dossier.toml, reload the configuration and re-analyse.

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::server::Server;

pub async fn run(server: &Server, params: DidChangeWatchedFilesParams) {
    // Before any `.await`: a query after this notification walks again.
    if !params.changes.is_empty() {
        server.session.files_changed();
    }
    let relevant = params.changes.iter().any(|c| {
        c.uri
            .path()
            .as_str()
            .ends_with(dossier_analysis::config::CONFIG_FILE)
    });
    if relevant {
        super::reload(server).await;
    }
}
