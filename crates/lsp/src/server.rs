//! The `LanguageServer` implementation: each method hands its params to
//! the module of its request or notification kind (`requests::*`,
//! `notifications::*`). Requests read a snapshot of their document; only
//! notifications change the session.

use std::sync::Arc;

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::notifications;
use crate::requests::{self, guard, invalid_params, DocumentSnapshot};
use crate::session::Session;

pub use crate::requests::compare::{CompareParams, CompareResult};
pub use crate::requests::score::{ScoreParams, ScoreResult};

pub struct Server {
    pub(crate) client: Client,
    pub(crate) session: Arc<Session>,
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            session: Arc::new(Session::default()),
        }
    }

    /// The current analysis of an open document (an invalid-params error
    /// for one that is not open).
    async fn document(&self, uri: &Uri) -> Result<DocumentSnapshot> {
        let (snapshot, _) = self
            .session
            .snapshot(uri)
            .await
            .ok_or_else(|| invalid_params(format!("not an open dossier: {}", uri.as_str())))?;
        Ok(DocumentSnapshot {
            uri: uri.clone(),
            snapshot,
            caps: self.session.caps(),
        })
    }

    /// `dossier/score`.
    pub async fn score(&self, params: ScoreParams) -> Result<Option<ScoreResult>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("dossier/score", || requests::score::run(&doc, params))
    }

    /// `dossier/compareWithHead`: runs git, so on a blocking thread.
    pub async fn compare_with_head(&self, params: CompareParams) -> Result<CompareResult> {
        let doc = self.document(&params.text_document.uri).await?;
        tokio::task::spawn_blocking(move || {
            guard(requests::compare::METHOD, || {
                Ok(requests::compare::run(&doc))
            })
        })
        .await
        .unwrap_or_else(|_| Err(tower_lsp_server::jsonrpc::Error::internal_error()))
    }
}

impl Server {
    /// `dossier.scaffold`: the scaffold as of the settings' or the target
    /// folder's `today` (its dossier.toml read on a blocking thread).
    async fn new_dossier(&self, params: ExecuteCommandParams) -> Result<serde_json::Value> {
        use requests::execute_command::{argument, new_dossier, NewDossierArgs};
        let args: NewDossierArgs = argument(&params)?;
        let session = self.session.clone();
        let target = args.uri.clone();
        let today = tokio::task::spawn_blocking(move || match target {
            Some(uri) => session.config_for(&uri).today,
            None => session
                .settings()
                .today
                .unwrap_or_else(dossier_schema::dates::Day::today),
        })
        .await
        .unwrap_or_else(|_| dossier_schema::dates::Day::today());
        let result = guard(requests::execute_command::NEW_DOSSIER, || {
            new_dossier(args, today)
        })?;
        Ok(serde_json::to_value(result).unwrap_or_default())
    }

    /// `dossier.importCaiq`: reads the answer sheet on a blocking thread,
    /// then asks the client to apply the edit (unless `apply: false`).
    async fn import_caiq(&self, params: ExecuteCommandParams) -> Result<serde_json::Value> {
        use requests::execute_command::{argument, import, ImportArgs, IMPORT_CAIQ};
        let args: ImportArgs = argument(&params)?;
        let doc = self.document(&args.uri).await?;
        let apply = args.apply.unwrap_or(true) && doc.caps.apply_edit;
        let mut result =
            tokio::task::spawn_blocking(move || guard(IMPORT_CAIQ, || import(&doc, &args)))
                .await
                .unwrap_or_else(|_| Err(tower_lsp_server::jsonrpc::Error::internal_error()))?;
        if let (true, Some(edit)) = (apply, result.edit.clone()) {
            let applied = match self.client.apply_edit(edit).await {
                Ok(r) => r.applied,
                Err(e) => {
                    tracing::info!("the client did not apply the import: {e}");
                    false
                }
            };
            result.applied = Some(applied);
        }
        Ok(serde_json::to_value(result).unwrap_or_default())
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        // No disk access here: whatever the workspace holds (a dossier.toml
        // naming a FIFO as its schema...), `initialize` is answered at once.
        Ok(requests::initialize::run(&self.session, params))
    }

    async fn initialized(&self, _: InitializedParams) {
        // Each workspace folder's dossier.toml, read off the protocol's
        // path; a broken one becomes diagnostics on it.
        notifications::reload(self).await;
        if self.session.caps().watch_files {
            // dossier.toml (the configuration) and the dossier files (the
            // walk `workspace/symbol` keeps while we are told of changes).
            let watchers = std::iter::once("**/dossier.toml".to_string())
                .chain(
                    dossier_workspace::EXTENSIONS
                        .iter()
                        .map(|ext| format!("**/*{ext}")),
                )
                .map(|glob| FileSystemWatcher {
                    glob_pattern: GlobPattern::String(glob),
                    kind: None,
                })
                .collect();
            let registration = Registration {
                id: "dossier-toml-watcher".into(),
                method: "workspace/didChangeWatchedFiles".into(),
                register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                    watchers,
                })
                .ok(),
            };
            // Counted on from the moment we ask (a query meanwhile keeps
            // its walk until the first change we are told of).
            self.session.set_watching(true);
            if let Err(e) = self.client.register_capability(vec![registration]).await {
                self.session.set_watching(false);
                tracing::info!("the client would not watch dossier files for us: {e}");
            }
        }
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        notifications::did_open::run(self, params);
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous, before any await: see notifications::did_change.
        notifications::did_change::run(self, params);
    }

    async fn did_save(&self, params: DidSaveTextDocumentParams) {
        notifications::did_save::run(self, params);
        notifications::refresh(self);
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        notifications::did_close::run(self, params).await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        notifications::did_change_configuration::run(self, params).await;
    }

    async fn did_change_watched_files(&self, params: DidChangeWatchedFilesParams) {
        notifications::did_change_watched_files::run(self, params).await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        notifications::did_change_workspace_folders::run(self, params).await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("diagnostic", || requests::diagnostic::run(&doc, params))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let doc = self.document(uri).await?;
        guard("hover", || requests::hover::run(&doc, params))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let doc = self
            .document(&params.text_document_position.text_document.uri)
            .await?;
        guard("completion", || requests::completion::run(&doc, params))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("codeAction", || requests::code_action::run(&doc, params))
    }

    async fn code_action_resolve(&self, action: CodeAction) -> Result<CodeAction> {
        let data = requests::code_action::resolve_data(&action)?;
        // A document closed since the action was listed: nothing to edit.
        let Ok(doc) = self.document(&data.uri).await else {
            return Ok(CodeAction {
                edit: None,
                ..action
            });
        };
        guard("codeAction/resolve", || {
            requests::code_action::resolve(&doc, action, &data)
        })
    }

    async fn code_lens(&self, params: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("codeLens", || requests::code_lens::run(&doc, params))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("inlayHint", || requests::inlay_hint::run(&doc, params))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let uri = &params.text_document_position_params.text_document.uri;
        let doc = self.document(uri).await?;
        guard("definition", || {
            requests::goto_definition::run(&doc, params)
        })
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let doc = self
            .document(&params.text_document_position.text_document.uri)
            .await?;
        guard("references", || requests::references::run(&doc, params))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("prepareRename", || requests::rename::prepare(&doc, params))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let doc = self
            .document(&params.text_document_position.text_document.uri)
            .await?;
        guard("rename", || requests::rename::run(&doc, params))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("documentSymbol", || {
            requests::document_symbol::run(&doc, params)
        })
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("foldingRange", || {
            requests::folding_range::run(&doc, params)
        })
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("documentLink", || {
            requests::document_link::run(&doc, params)
        })
    }

    async fn symbol(
        &self,
        params: WorkspaceSymbolParams,
    ) -> Result<Option<WorkspaceSymbolResponse>> {
        requests::workspace_symbol::handle(&self.session, params).await
    }

    async fn execute_command(
        &self,
        params: ExecuteCommandParams,
    ) -> Result<Option<serde_json::Value>> {
        use requests::execute_command::{IMPORT_CAIQ, NEW_DOSSIER};
        match params.command.as_str() {
            NEW_DOSSIER => self.new_dossier(params).await.map(Some),
            IMPORT_CAIQ => self.import_caiq(params).await.map(Some),
            other => Err(invalid_params(format!("no such command: {other}"))),
        }
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let doc = self.document(&params.text_document.uri).await?;
        guard("selectionRange", || {
            requests::selection_range::run(&doc, params)
        })
    }
}
