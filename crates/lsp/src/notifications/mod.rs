//! One module per notification. Only notifications change the session.

pub mod did_change;
pub mod did_change_configuration;
pub mod did_change_watched_files;
pub mod did_change_workspace_folders;
pub mod did_close;
pub mod did_open;
pub mod did_save;

use tower_lsp_server::ls_types::{
    Diagnostic as LspDiagnostic, DiagnosticSeverity, MessageType, Uri,
};
use tower_lsp_server::Client;

use crate::convert;
use crate::server::Server;
use crate::session::Session;

/// Reload every folder's dossier.toml (and the client settings on top),
/// tell the user about a bad one, and re-analyse every open dossier.
pub async fn reload(server: &Server) {
    reload_folders(server, &server.session.folder_roots()).await;
}

/// [`reload`] with another set of workspace folders.
pub async fn reload_folders(server: &Server, roots: &[std::path::PathBuf]) {
    let session = server.session.clone();
    let owned = roots.to_vec();
    // Reading dossier.toml (and its schema) happens on a blocking thread.
    let problems = tokio::task::spawn_blocking(move || session.load_folders(&owned))
        .await
        .unwrap_or_default();
    for p in problems {
        server
            .client
            .show_message(MessageType::WARNING, format!("dossier: {p}"))
            .await;
    }
    publish_config_diagnostics(&server.session, &server.client).await;
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

/// The diagnostics of each dossier.toml in use: `profile` problems
/// (weights that do not sum to 100, unknown dimensions), or why it cannot
/// be used (unreadable, not TOML, a schema that is a FIFO...), located in
/// it; and an empty list for a dossier.toml no longer in use.
pub async fn publish_config_diagnostics(session: &Session, client: &Client) {
    // One publisher at a time, so lists go out in order.
    let mut published = session.config_published.lock().await;
    session.take_configs_changed();
    let enc = session.encoding();
    let mut now: Vec<(Uri, Vec<LspDiagnostic>)> = Vec::new();
    for (path, found) in session.config_files() {
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        if now.iter().any(|(u, _)| *u == uri) {
            continue;
        }
        let diags = match found {
            Ok(loaded) => {
                let index = dossier_syntax::LineIndex::new(&loaded.config.text);
                loaded
                    .config
                    .profile_diagnostics()
                    .iter()
                    .map(|d| convert::diagnostic(d, &index, enc, &uri))
                    .collect()
            }
            Err(e) => {
                let text = e.text.as_deref().unwrap_or("");
                let index = dossier_syntax::LineIndex::new(text);
                let range = e.error.range.unwrap_or(dossier_syntax::TextRange::empty(0));
                vec![LspDiagnostic {
                    range: crate::convert::range(&index, range, enc),
                    severity: Some(DiagnosticSeverity::ERROR),
                    source: Some("dossier".into()),
                    message: format!("{}; the default configuration applies", e.error.message),
                    ..LspDiagnostic::default()
                }]
            }
        };
        now.push((uri, diags));
    }
    let before = std::mem::replace(
        &mut *published,
        now.iter().map(|(u, _)| u.clone()).collect(),
    );
    for uri in before {
        if !now.iter().any(|(u, _)| *u == uri) {
            client.publish_diagnostics(uri, Vec::new(), None).await;
        }
    }
    for (uri, diags) in now {
        client.publish_diagnostics(uri, diags, None).await;
    }
}
