//! `workspace/didChangeWatchedFiles`: a dossier.toml was created, changed
//! or deleted: reload the configuration and re-analyse. Any other file
//! (an evidence file, if the client watches more than we asked for):
//! forget the evidence digests and re-analyse.

use tower_lsp_server::ls_types::DidChangeWatchedFilesParams;

use crate::server::Server;

pub async fn run(server: &Server, params: DidChangeWatchedFilesParams) {
    let is_config = |c: &tower_lsp_server::ls_types::FileEvent| {
        c.uri
            .path()
            .as_str()
            .ends_with(dossier_analysis::config::CONFIG_FILE)
    };
    if params.changes.iter().any(is_config) {
        // Re-analyses every open dossier: forget the digests first.
        server.session.evidence.clear();
        super::reload(server).await;
    } else if !params.changes.is_empty() {
        server.session.evidence_changed();
        super::refresh(server);
    }
}
