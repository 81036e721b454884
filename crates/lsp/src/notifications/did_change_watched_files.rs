//! `workspace/didChangeWatchedFiles`: a dossier file or dossier.toml was
//! created, changed or deleted, so the walk `workspace/symbol` keeps is
//! stale. For a dossier.toml: reload the configuration and re-analyse. Any
//! other file that is not a dossier (an evidence file, if the client
//! watches more than we asked for): forget the evidence digests and
//! re-analyse.

use tower_lsp_server::ls_types::{DidChangeWatchedFilesParams, FileEvent};

use crate::server::Server;

pub async fn run(server: &Server, params: DidChangeWatchedFilesParams) {
    // Before any `.await`: a query after this notification walks again.
    if !params.changes.is_empty() {
        server.session.files_changed();
    }
    let path = |c: &FileEvent| std::path::PathBuf::from(c.uri.path().as_str());
    let is_config = |c: &FileEvent| {
        c.uri
            .path()
            .as_str()
            .ends_with(dossier_analysis::config::CONFIG_FILE)
    };
    if params.changes.iter().any(is_config) {
        // Re-analyses every open dossier: forget the digests first.
        server.session.evidence.clear();
        super::reload(server).await;
    } else if params
        .changes
        .iter()
        .any(|c| !dossier_workspace::is_dossier(&path(c)))
    {
        server.session.evidence_changed();
        super::refresh(server);
    }
}
