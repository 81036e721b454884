//! One module per notification. Only notifications change the session.

pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_change_workspace_folders;
pub mod did_close;
pub mod did_open;

use tower_lsp_server::ls_types::{MessageType, Uri};

use crate::requests::diagnostic;
use crate::server::Server;

/// Reload every folder's dossier.toml (and the client settings on top),
/// tell the user about a bad one, and re-analyse every open dossier.
pub async fn reload(server: &Server) {
    reload_folders(server, &server.session.folder_roots()).await;
}

/// [`reload`] with another set of workspace folders.
pub async fn reload_folders(server: &Server, roots: &[std::path::PathBuf]) {
    let problems = server.session.load_folders(roots);
    for p in problems {
        server
            .client
            .show_message(MessageType::WARNING, format!("dossier: {p}"))
            .await;
    }
    publish_config_diagnostics(server).await;
    {
        let mut docs = server.session.documents();
        for doc in docs.values_mut() {
            doc.generation += 1;
            doc.wake.notify_one();
        }
    }
    refresh(server);
}

/// Ask the client to pull again what depends on the configuration.
pub fn refresh(server: &Server) {
    let caps = server.session.caps();
    let client = server.client.clone();
    tokio::spawn(async move {
        if caps.pull_diagnostics && caps.diagnostic_refresh {
            let _ = client.workspace_diagnostic_refresh().await;
        }
        if caps.inlay_hint_refresh {
            let _ = client.inlay_hint_refresh().await;
        }
        if caps.code_lens_refresh {
            let _ = client.code_lens_refresh().await;
        }
    });
}

/// `profile` problems located in each dossier.toml (weights that do not
/// sum to 100, unknown dimensions), and an empty list for a dossier.toml
/// no longer in use.
pub async fn publish_config_diagnostics(server: &Server) {
    let enc = server.session.encoding();
    let mut now: Vec<(Uri, Vec<tower_lsp_server::ls_types::Diagnostic>)> = Vec::new();
    for (path, config) in server.session.config_files() {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        if now.iter().any(|(u, _)| *u == uri) {
            continue;
        }
        let index = dossier_syntax::LineIndex::new(&config.text);
        let diags = config
            .profile_diagnostics()
            .iter()
            .map(|d| diagnostic::to_lsp(d, &index, enc))
            .collect();
        now.push((uri, diags));
    }
    let before = {
        let mut published = server
            .config_published
            .lock()
            .unwrap_or_else(|e| e.into_inner());
        std::mem::replace(
            &mut *published,
            now.iter().map(|(u, _)| u.clone()).collect(),
        )
    };
    for uri in before {
        if !now.iter().any(|(u, _)| *u == uri) {
            server
                .client
                .publish_diagnostics(uri, Vec::new(), None)
                .await;
        }
    }
    for (uri, diags) in now {
        server.client.publish_diagnostics(uri, diags, None).await;
    }
}
