//! `workspace/didChangeConfiguration`: new client settings
//! (`{settings: {dossier: {profile?, today?, rules?}}}`), applied over
//! dossier.toml to every open dossier.

use serde_json::Value;
use tower_lsp_server::ls_types::{ConfigurationItem, DidChangeConfigurationParams};

use crate::server::Server;
use crate::session::Settings;

pub async fn run(server: &Server, params: DidChangeConfigurationParams) {
    let settings = match params.settings.get("dossier") {
        Some(v) => Settings::from_json(v),
        None if params.settings.as_object().is_some_and(|o| !o.is_empty()) => {
            Settings::from_json(&params.settings)
        }
        // Nothing in the notification (the pull model): ask for it.
        None => {
            let asked = server
                .client
                .configuration(vec![ConfigurationItem {
                    scope_uri: None,
                    section: Some("dossier".into()),
                }])
                .await;
            match asked {
                Ok(v) => Settings::from_json(v.first().unwrap_or(&Value::Null)),
                Err(e) => {
                    tracing::info!("no settings in didChangeConfiguration: {e}");
                    return;
                }
            }
        }
    };
    server.session.set_settings(settings);
    super::reload(server).await;
}
