//! `workspace/didChangeWatchedFiles`: a dossier.toml was created, changed
//! or deleted: reload the configuration and re-analyse.

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::server::Server;

pub async fn run(server: &Server, params: DidChangeWatchedFilesParams) {
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
