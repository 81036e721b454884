//! `workspace/didChangeWorkspaceFolders`: folders added or removed; each
//! has its own dossier.toml.

use std::path::PathBuf;

use tower_lsp_server::ls_types::{DidChangeWorkspaceFoldersParams, WorkspaceFolder};

use crate::server::Server;

fn paths(folders: &[WorkspaceFolder]) -> Vec<PathBuf> {
    folders
        .iter()
        .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
        .collect()
}

pub async fn run(server: &Server, params: DidChangeWorkspaceFoldersParams) {
    let removed = paths(&params.event.removed);
    let mut roots = server.session.folder_roots();
    roots.retain(|r| !removed.contains(r));
    for p in paths(&params.event.added) {
        if !roots.contains(&p) {
            roots.push(p);
        }
    }
    super::reload_folders(server, &roots).await;
}
