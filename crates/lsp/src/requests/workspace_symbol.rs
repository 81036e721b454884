//! `workspace/symbol`: vendors, attestations and sources of every dossier
//! in the workspace folders, open or not (the index of what the disk
//! holds is the session's, `session::symbols`).

use std::sync::Arc;

use tower_lsp_server::ls_types::*;

use crate::session::symbols::{self, Inputs};

/// The request: take what it needs from the session, then walk, read and
/// match on a blocking thread. Queries take turns (the index is shared);
/// a waiting query holds no thread.
pub async fn handle(
    session: &Arc<crate::session::Session>,
    params: WorkspaceSymbolParams,
) -> tower_lsp_server::jsonrpc::Result<Option<WorkspaceSymbolResponse>> {
    let inputs = Inputs {
        walk: session.walk_generation(),
        roots: session.folder_roots(),
        configs: session.configs(),
        open: session
            .documents()
            .iter()
            .map(|(uri, d)| (uri.clone(), d.rope.to_string()))
            .collect(),
        encoding: session.encoding(),
    };
    let mut index = session.workspace_symbols.clone().lock_owned().await;
    let query = params.query;
    match tokio::task::spawn_blocking(move || symbols::run(&mut index, inputs, &query)).await {
        Ok(found) => Ok(Some(WorkspaceSymbolResponse::Flat(found))),
        Err(e) => {
            tracing::error!("workspace/symbol failed: {e}");
            Err(tower_lsp_server::jsonrpc::Error::internal_error())
        }
    }
}
