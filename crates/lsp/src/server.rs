//! The LanguageServer implementation: one method per request kind, each a
//! conversion around a `dossier-ide` function.

use std::collections::HashMap;
use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use dossier_analysis::{Config, Severity};
use dossier_ide as ide;
use dossier_syntax::{Encoding, TextRange};
use ropey::Rope;
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::*;
use tower_lsp_server::{Client, LanguageServer};

use crate::convert;
use crate::session::{Document, Session, Settings, Snapshot};

pub struct Server {
    client: Client,
    session: Arc<Session>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreParams {
    pub text_document: TextDocumentIdentifier,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ScoreResult {
    pub composite: f64,
    pub band: String,
    pub profile: String,
}

fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::invalid_params(msg.into())
}

/// Run the analysis, catching a panic so one bad file cannot take the
/// server down (a last resort: the engine is tested not to panic).
fn analyze(
    text: &str,
    tree: Option<&tree_sitter::Tree>,
    config: &Config,
) -> dossier_analysis::Analysis {
    let run =
        || dossier_analysis::analyze_parsed(text, dossier_syntax::parse_with(text, tree), config);
    match std::panic::catch_unwind(AssertUnwindSafe(run)) {
        Ok(a) => a,
        Err(_) => {
            tracing::error!("analysis panicked; retrying without the incremental tree");
            std::panic::catch_unwind(AssertUnwindSafe(|| dossier_analysis::analyze(text, config)))
                .unwrap_or_else(|_| dossier_analysis::analyze_bytes(b"", config).1)
        }
    }
}

impl Server {
    pub fn new(client: Client) -> Server {
        Server {
            client,
            session: Arc::new(Session::default()),
        }
    }

    fn enc(&self) -> Encoding {
        self.session.encoding()
    }

    /// The analysis of the document's current text (computed now if the
    /// worker has not caught up).
    async fn snapshot(&self, uri: &Uri) -> Result<Arc<Snapshot>> {
        let (text, tree, generation, version, existing) = {
            let docs = self
                .session
                .documents
                .lock()
                .map_err(|_| Error::internal_error())?;
            let doc = docs
                .get(uri)
                .ok_or_else(|| invalid(format!("unknown document {}", uri.as_str())))?;
            match &doc.snapshot {
                Some(s) if s.generation == doc.generation => return Ok(s.clone()),
                _ => (
                    doc.rope.to_string(),
                    doc.tree.clone(),
                    doc.generation,
                    doc.version,
                    doc.snapshot.clone(),
                ),
            }
        };
        let _ = existing;
        let config = self.session.config_for(uri);
        let session = self.session.clone();
        let uri2 = uri.clone();
        let snap = tokio::task::spawn_blocking(move || {
            let analysis = analyze(&text, tree.as_ref(), &config);
            let snap = Arc::new(Snapshot {
                text,
                analysis,
                config,
                version,
                generation,
            });
            if let Ok(mut docs) = session.documents.lock() {
                if let Some(doc) = docs.get_mut(&uri2) {
                    if doc.generation == generation {
                        doc.tree = snap.analysis.parse.tree.clone();
                        doc.snapshot = Some(snap.clone());
                    }
                }
            }
            snap
        })
        .await
        .map_err(|_| Error::internal_error())?;
        Ok(snap)
    }

    fn lsp_diagnostics(&self, uri: &Uri, snap: &Snapshot) -> Vec<Diagnostic> {
        let enc = self.enc();
        let _ = uri;
        snap.analysis
            .diagnostics
            .iter()
            .map(|d| Diagnostic {
                range: convert::range(&snap.analysis.line_index, d.range, enc),
                severity: Some(severity(d.severity)),
                code: Some(NumberOrString::String(d.rule.code().to_string())),
                code_description: d
                    .rule
                    .doc_url()
                    .parse()
                    .ok()
                    .map(|href| CodeDescription { href }),
                source: Some("dossier".into()),
                message: d.message.clone(),
                ..Diagnostic::default()
            })
            .collect()
    }

    /// Start the document's analysis worker: it waits to be woken, analyses
    /// the newest text, and publishes unless a newer change arrived meanwhile
    /// (then it runs again). A burst of keystrokes costs one analysis per
    /// wake-up, never one per keystroke queued behind each other.
    fn spawn_worker(&self, uri: Uri, wake: Arc<Notify>) {
        let session = self.session.clone();
        let client = self.client.clone();
        tokio::spawn(async move {
            loop {
                wake.notified().await;
                let job = {
                    let Ok(docs) = session.documents.lock() else {
                        return;
                    };
                    let Some(doc) = docs.get(&uri) else { return };
                    if doc
                        .snapshot
                        .as_ref()
                        .is_some_and(|s| s.generation == doc.generation)
                    {
                        None
                    } else {
                        Some((
                            doc.rope.to_string(),
                            doc.tree.clone(),
                            doc.generation,
                            doc.version,
                        ))
                    }
                };
                let snap = match job {
                    Some((text, tree, generation, version)) => {
                        let config = session.config_for(&uri);
                        let s2 = session.clone();
                        let u2 = uri.clone();
                        let res = tokio::task::spawn_blocking(move || {
                            let analysis = analyze(&text, tree.as_ref(), &config);
                            let snap = Arc::new(Snapshot {
                                text,
                                analysis,
                                config,
                                version,
                                generation,
                            });
                            let mut current = false;
                            if let Ok(mut docs) = s2.documents.lock() {
                                if let Some(doc) = docs.get_mut(&u2) {
                                    if doc.generation == generation {
                                        doc.tree = snap.analysis.parse.tree.clone();
                                        doc.snapshot = Some(snap.clone());
                                        current = true;
                                    }
                                }
                            }
                            (snap, current)
                        })
                        .await;
                        match res {
                            Ok((snap, true)) => snap,
                            Ok((_, false)) => {
                                wake.notify_one();
                                continue;
                            }
                            Err(_) => continue,
                        }
                    }
                    None => {
                        let Ok(docs) = session.documents.lock() else {
                            return;
                        };
                        match docs.get(&uri).and_then(|d| d.snapshot.clone()) {
                            Some(s) => s,
                            None => continue,
                        }
                    }
                };
                let enc = session.encoding();
                let diags: Vec<Diagnostic> = snap
                    .analysis
                    .diagnostics
                    .iter()
                    .map(|d| Diagnostic {
                        range: convert::range(&snap.analysis.line_index, d.range, enc),
                        severity: Some(severity(d.severity)),
                        code: Some(NumberOrString::String(d.rule.code().to_string())),
                        code_description: d
                            .rule
                            .doc_url()
                            .parse()
                            .ok()
                            .map(|href| CodeDescription { href }),
                        source: Some("dossier".into()),
                        message: d.message.clone(),
                        ..Diagnostic::default()
                    })
                    .collect();
                client
                    .publish_diagnostics(uri.clone(), diags, Some(snap.version))
                    .await;
            }
        });
    }

    /// Re-analyse every open document (configuration changed).
    fn wake_all(&self) {
        if let Ok(mut docs) = self.session.documents.lock() {
            for doc in docs.values_mut() {
                doc.generation += 1;
                doc.wake.notify_one();
            }
        }
    }

    async fn reload_folders(&self) {
        let roots: Vec<std::path::PathBuf> = self
            .session
            .folders
            .read()
            .map(|f| f.iter().map(|f| f.root.clone()).collect())
            .unwrap_or_default();
        let mut problems = Vec::new();
        let mut folders = Vec::new();
        for r in roots {
            let (f, p) = self.session.load_folder(&r);
            folders.push(f);
            problems.extend(p);
        }
        if let Ok(mut w) = self.session.folders.write() {
            *w = folders;
        }
        self.session.rebuild_default();
        for p in problems {
            self.client
                .show_message(MessageType::WARNING, format!("dossier: {p}"))
                .await;
        }
        self.publish_config_diagnostics().await;
        self.wake_all();
    }

    /// `profile` problems inside each dossier.toml.
    async fn publish_config_diagnostics(&self) {
        let items: Vec<(Uri, Vec<Diagnostic>)> = {
            let Ok(folders) = self.session.folders.read() else {
                return;
            };
            folders
                .iter()
                .filter_map(|f| {
                    let path = f.config_path.as_ref()?;
                    let uri = Uri::from_file_path(path)?;
                    let index = dossier_syntax::LineIndex::new(&f.config.text);
                    let diags = f
                        .config
                        .profile_diagnostics()
                        .iter()
                        .map(|d| Diagnostic {
                            range: convert::range(&index, d.range, self.enc()),
                            severity: Some(severity(d.severity)),
                            code: Some(NumberOrString::String(d.rule.code().into())),
                            source: Some("dossier".into()),
                            message: d.message.clone(),
                            ..Diagnostic::default()
                        })
                        .collect();
                    Some((uri, diags))
                })
                .collect()
        };
        for (uri, diags) in items {
            self.client.publish_diagnostics(uri, diags, None).await;
        }
    }

    /// `dossier/score`: the composite, band and profile of a document.
    pub async fn score(&self, params: ScoreParams) -> Result<Option<ScoreResult>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        Ok(snap.analysis.score.as_ref().map(|r| ScoreResult {
            composite: dossier_score::round1(r.composite),
            band: r.band.as_str().to_string(),
            profile: r.profile.clone(),
        }))
    }

    fn workspace_edit(
        &self,
        uri: &Uri,
        snap: &Snapshot,
        edits: &[dossier_analysis::Edit],
    ) -> WorkspaceEdit {
        let enc = self.enc();
        let text_edits = edits
            .iter()
            .map(|e| TextEdit {
                range: convert::range(&snap.analysis.line_index, e.range, enc),
                new_text: e.text.clone(),
            })
            .collect();
        WorkspaceEdit {
            changes: Some(HashMap::from([(uri.clone(), text_edits)])),
            ..WorkspaceEdit::default()
        }
    }
}

fn apply_change(doc: &mut Document, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    let Some(range) = change.range else {
        doc.rope = Rope::from_str(&change.text);
        doc.tree = None;
        return;
    };
    let rope = &doc.rope;
    let start = convert::rope_offset(rope, range.start, enc);
    let end = convert::rope_offset(rope, range.end, enc).max(start);
    let point = |rope: &Rope, byte: usize| {
        let line = rope.byte_to_line(byte);
        tree_sitter::Point {
            row: line,
            column: byte - rope.line_to_byte(line),
        }
    };
    let start_position = point(rope, start);
    let old_end_position = point(rope, end);
    let (sc, ec) = (doc.rope.byte_to_char(start), doc.rope.byte_to_char(end));
    doc.rope.remove(sc..ec);
    doc.rope.insert(sc, &change.text);
    let new_end = start + change.text.len();
    let new_end_position = point(&doc.rope, new_end);
    if let Some(tree) = doc.tree.as_mut() {
        // A `\r` before the edit may turn from lone to CRLF: widen by one byte.
        let widen = usize::from(start > 0);
        tree.edit(&tree_sitter::InputEdit {
            start_byte: start - widen,
            old_end_byte: end,
            new_end_byte: new_end,
            start_position: if widen == 1 {
                point(&doc.rope, start - 1)
            } else {
                start_position
            },
            old_end_position,
            new_end_position,
        });
    }
}

impl LanguageServer for Server {
    async fn initialize(&self, params: InitializeParams) -> Result<InitializeResult> {
        let utf8 = params
            .capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref())
            .is_some_and(|e| e.contains(&PositionEncodingKind::UTF8));
        let (enc, kind) = if utf8 {
            (Encoding::Utf8, PositionEncodingKind::UTF8)
        } else {
            (Encoding::Utf16, PositionEncodingKind::UTF16)
        };
        if let Ok(mut e) = self.session.encoding.write() {
            *e = Some(enc);
        }
        if let Some(opts) = &params.initialization_options {
            if let Ok(mut s) = self.session.settings.write() {
                *s = Settings::from_json(opts);
            }
        }
        let mut roots: Vec<std::path::PathBuf> = params
            .workspace_folders
            .iter()
            .flatten()
            .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
            .collect();
        #[allow(deprecated)]
        if roots.is_empty() {
            roots.extend(
                params
                    .root_uri
                    .as_ref()
                    .and_then(|u| u.to_file_path().map(|p| p.into_owned())),
            );
        }
        let mut folders = Vec::new();
        for r in roots {
            let (f, problem) = self.session.load_folder(&r);
            if let Some(p) = problem {
                tracing::warn!("{p}");
            }
            folders.push(f);
        }
        if let Ok(mut w) = self.session.folders.write() {
            *w = folders;
        }
        self.session.rebuild_default();
        Ok(InitializeResult {
            server_info: Some(ServerInfo {
                name: "dossier".into(),
                version: Some(env!("CARGO_PKG_VERSION").into()),
            }),
            capabilities: ServerCapabilities {
                position_encoding: Some(kind),
                text_document_sync: Some(TextDocumentSyncCapability::Options(
                    TextDocumentSyncOptions {
                        open_close: Some(true),
                        change: Some(TextDocumentSyncKind::INCREMENTAL),
                        ..TextDocumentSyncOptions::default()
                    },
                )),
                hover_provider: Some(HoverProviderCapability::Simple(true)),
                completion_provider: Some(CompletionOptions {
                    trigger_characters: Some(vec![":".into(), " ".into(), "[".into(), ",".into()]),
                    ..CompletionOptions::default()
                }),
                code_action_provider: Some(CodeActionProviderCapability::Options(
                    CodeActionOptions {
                        code_action_kinds: Some(vec![
                            CodeActionKind::QUICKFIX,
                            CodeActionKind::REFACTOR,
                            CodeActionKind::SOURCE,
                        ]),
                        ..CodeActionOptions::default()
                    },
                )),
                definition_provider: Some(OneOf::Left(true)),
                references_provider: Some(OneOf::Left(true)),
                rename_provider: Some(OneOf::Right(RenameOptions {
                    prepare_provider: Some(true),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                })),
                document_symbol_provider: Some(OneOf::Left(true)),
                folding_range_provider: Some(FoldingRangeProviderCapability::Simple(true)),
                selection_range_provider: Some(SelectionRangeProviderCapability::Simple(true)),
                document_link_provider: Some(DocumentLinkOptions {
                    resolve_provider: Some(false),
                    work_done_progress_options: WorkDoneProgressOptions::default(),
                }),
                inlay_hint_provider: Some(OneOf::Left(true)),
                diagnostic_provider: Some(DiagnosticServerCapabilities::Options(
                    DiagnosticOptions {
                        identifier: Some("dossier".into()),
                        inter_file_dependencies: false,
                        workspace_diagnostics: false,
                        work_done_progress_options: WorkDoneProgressOptions::default(),
                    },
                )),
                workspace: Some(WorkspaceServerCapabilities {
                    workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                        supported: Some(true),
                        change_notifications: Some(OneOf::Left(true)),
                    }),
                    file_operations: None,
                }),
                ..ServerCapabilities::default()
            },
            ..InitializeResult::default()
        })
    }

    async fn initialized(&self, _: InitializedParams) {
        let watcher = FileSystemWatcher {
            glob_pattern: GlobPattern::String("**/dossier.toml".into()),
            kind: None,
        };
        let registration = Registration {
            id: "dossier-toml".into(),
            method: "workspace/didChangeWatchedFiles".into(),
            register_options: serde_json::to_value(DidChangeWatchedFilesRegistrationOptions {
                watchers: vec![watcher],
            })
            .ok(),
        };
        if let Err(e) = self.client.register_capability(vec![registration]).await {
            tracing::info!("client does not watch files for us: {e}");
        }
        self.publish_config_diagnostics().await;
    }

    async fn shutdown(&self) -> Result<()> {
        Ok(())
    }

    async fn did_open(&self, params: DidOpenTextDocumentParams) {
        let doc = params.text_document;
        let wake = Arc::new(Notify::new());
        if let Ok(mut docs) = self.session.documents.lock() {
            let generation = docs.get(&doc.uri).map_or(0, |d| d.generation + 1);
            docs.insert(
                doc.uri.clone(),
                Document {
                    rope: Rope::from_str(&doc.text),
                    version: doc.version,
                    generation,
                    tree: None,
                    snapshot: None,
                    wake: wake.clone(),
                },
            );
        }
        self.spawn_worker(doc.uri, wake.clone());
        wake.notify_one();
    }

    async fn did_change(&self, params: DidChangeTextDocumentParams) {
        // Synchronous: every edit is applied before this handler yields.
        let enc = self.enc();
        let Ok(mut docs) = self.session.documents.lock() else {
            return;
        };
        let Some(doc) = docs.get_mut(&params.text_document.uri) else {
            tracing::warn!(
                "didChange for a document that is not open: {}",
                params.text_document.uri.as_str()
            );
            return;
        };
        for change in &params.content_changes {
            apply_change(doc, change, enc);
        }
        doc.version = params.text_document.version;
        doc.generation += 1;
        doc.wake.notify_one();
    }

    async fn did_close(&self, params: DidCloseTextDocumentParams) {
        let removed = self
            .session
            .documents
            .lock()
            .ok()
            .and_then(|mut d| d.remove(&params.text_document.uri));
        if let Some(doc) = removed {
            doc.wake.notify_one(); // the worker sees the document gone and ends
        }
        self.client
            .publish_diagnostics(params.text_document.uri, Vec::new(), None)
            .await;
    }

    async fn did_change_configuration(&self, params: DidChangeConfigurationParams) {
        let s = Settings::from_json(&params.settings);
        if let Ok(mut w) = self.session.settings.write() {
            *w = s;
        }
        self.reload_folders().await;
    }

    async fn did_change_watched_files(&self, _: DidChangeWatchedFilesParams) {
        self.reload_folders().await;
    }

    async fn did_change_workspace_folders(&self, params: DidChangeWorkspaceFoldersParams) {
        if let Ok(mut w) = self.session.folders.write() {
            let removed: Vec<_> = params
                .event
                .removed
                .iter()
                .filter_map(|f| f.uri.to_file_path().map(|p| p.into_owned()))
                .collect();
            w.retain(|f| !removed.contains(&f.root));
            for f in &params.event.added {
                if let Some(p) = f.uri.to_file_path() {
                    w.push(crate::session::Folder {
                        root: p.into_owned(),
                        config: Arc::new(Config::default()),
                        config_path: None,
                    });
                }
            }
        }
        self.reload_folders().await;
    }

    async fn diagnostic(
        &self,
        params: DocumentDiagnosticParams,
    ) -> Result<DocumentDiagnosticReportResult> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        Ok(DocumentDiagnosticReportResult::Report(
            DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
                related_documents: None,
                full_document_diagnostic_report: FullDocumentDiagnosticReport {
                    result_id: None,
                    items: self.lsp_diagnostics(&params.text_document.uri, &snap),
                },
            }),
        ))
    }

    async fn hover(&self, params: HoverParams) -> Result<Option<Hover>> {
        let p = params.text_document_position_params;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let offset = convert::offset(index, p.position, self.enc());
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        Ok(ide::hover(&ctx, offset).map(|h| Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: h.markdown,
            }),
            range: Some(convert::range(index, h.range, self.enc())),
        }))
    }

    async fn completion(&self, params: CompletionParams) -> Result<Option<CompletionResponse>> {
        let p = params.text_document_position;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let offset = convert::offset(index, p.position, self.enc());
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let items = ide::completions(&ctx, offset)
            .into_iter()
            .map(|c| CompletionItem {
                label: c.label.clone(),
                kind: Some(match c.kind {
                    ide::CompletionKind::Key => CompletionItemKind::PROPERTY,
                    ide::CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                    ide::CompletionKind::Source => CompletionItemKind::REFERENCE,
                    ide::CompletionKind::Question => CompletionItemKind::SNIPPET,
                    ide::CompletionKind::Framework => CompletionItemKind::CONSTANT,
                }),
                detail: c.detail.clone(),
                documentation: c.documentation.clone().map(|d| {
                    Documentation::MarkupContent(MarkupContent {
                        kind: MarkupKind::Markdown,
                        value: d,
                    })
                }),
                text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                    range: convert::range(index, c.replace, self.enc()),
                    new_text: c.insert_text.clone(),
                })),
                ..CompletionItem::default()
            })
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    async fn code_action(&self, params: CodeActionParams) -> Result<Option<CodeActionResponse>> {
        let uri = params.text_document.uri;
        let snap = self.snapshot(&uri).await?;
        let index = &snap.analysis.line_index;
        let range = convert::text_range(index, params.range, self.enc());
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let all = self.lsp_diagnostics(&uri, &snap);
        let only = params.context.only.clone();
        let actions = ide::assists(&ctx, range)
            .into_iter()
            .filter_map(|a| {
                let kind = match a.kind {
                    ide::AssistKind::QuickFix => CodeActionKind::QUICKFIX,
                    ide::AssistKind::Refactor => CodeActionKind::REFACTOR_REWRITE,
                    ide::AssistKind::Source => CodeActionKind::SOURCE,
                };
                if let Some(only) = &only {
                    if !only.iter().any(|o| kind.as_str().starts_with(o.as_str())) {
                        return None;
                    }
                }
                Some(CodeActionOrCommand::CodeAction(CodeAction {
                    title: a.title.clone(),
                    kind: Some(kind),
                    diagnostics: Some(
                        a.fixes
                            .iter()
                            .filter_map(|&i| all.get(i).cloned())
                            .collect(),
                    ),
                    edit: Some(self.workspace_edit(&uri, &snap, &a.edits)),
                    is_preferred: a.preferred.then_some(true),
                    ..CodeAction::default()
                }))
            })
            .collect();
        Ok(Some(actions))
    }

    async fn inlay_hint(&self, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let hints = ide::inlay_hints(&ctx)
            .into_iter()
            .map(|h| InlayHint {
                position: convert::position(index, h.offset, self.enc()),
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::String(h.tooltip)),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect();
        Ok(Some(hints))
    }

    async fn goto_definition(
        &self,
        params: GotoDefinitionParams,
    ) -> Result<Option<GotoDefinitionResponse>> {
        let p = params.text_document_position_params;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let offset = convert::offset(index, p.position, self.enc());
        Ok(ide::definition(&ctx, offset).map(|r| {
            GotoDefinitionResponse::Scalar(Location {
                uri: p.text_document.uri.clone(),
                range: convert::range(index, r, self.enc()),
            })
        }))
    }

    async fn references(&self, params: ReferenceParams) -> Result<Option<Vec<Location>>> {
        let p = params.text_document_position;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let offset = convert::offset(index, p.position, self.enc());
        let refs = ide::references(&ctx, offset, params.context.include_declaration);
        Ok(Some(
            refs.into_iter()
                .map(|r| Location {
                    uri: p.text_document.uri.clone(),
                    range: convert::range(index, r, self.enc()),
                })
                .collect(),
        ))
    }

    async fn prepare_rename(
        &self,
        params: TextDocumentPositionParams,
    ) -> Result<Option<PrepareRenameResponse>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let offset = convert::offset(index, params.position, self.enc());
        let refs = ide::references(&ctx, offset, true);
        Ok(refs
            .into_iter()
            .find(|r| r.touches(offset))
            .map(|r| PrepareRenameResponse::Range(convert::range(index, r, self.enc()))))
    }

    async fn rename(&self, params: RenameParams) -> Result<Option<WorkspaceEdit>> {
        let p = params.text_document_position;
        let snap = self.snapshot(&p.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let offset = convert::offset(index, p.position, self.enc());
        let edits = ide::rename(&ctx, offset, &params.new_name).map_err(invalid)?;
        Ok(Some(self.workspace_edit(
            &p.text_document.uri,
            &snap,
            &edits,
        )))
    }

    async fn document_symbol(
        &self,
        params: DocumentSymbolParams,
    ) -> Result<Option<DocumentSymbolResponse>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        let enc = self.enc();
        fn convert_symbol(
            s: ide::Symbol,
            index: &dossier_syntax::LineIndex,
            enc: Encoding,
        ) -> DocumentSymbol {
            #[allow(deprecated)]
            DocumentSymbol {
                name: if s.name.is_empty() {
                    "(empty)".into()
                } else {
                    s.name
                },
                detail: s.detail,
                kind: match s.kind {
                    ide::SymbolKind::Section => SymbolKind::NAMESPACE,
                    ide::SymbolKind::Fact => SymbolKind::PROPERTY,
                    ide::SymbolKind::Source => SymbolKind::CONSTANT,
                    ide::SymbolKind::Item => SymbolKind::OBJECT,
                    ide::SymbolKind::Key => SymbolKind::MODULE,
                },
                tags: None,
                deprecated: None,
                range: convert::range(index, s.range, enc),
                selection_range: convert::range(
                    index,
                    s.selection.cover(TextRange::empty(s.selection.start)),
                    enc,
                ),
                children: Some(
                    s.children
                        .into_iter()
                        .map(|c| convert_symbol(c, index, enc))
                        .collect(),
                ),
            }
        }
        Ok(Some(DocumentSymbolResponse::Nested(
            ide::symbols(&ctx)
                .into_iter()
                .map(|s| convert_symbol(s, index, enc))
                .collect(),
        )))
    }

    async fn folding_range(&self, params: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        Ok(Some(
            ide::folding_ranges(&ctx)
                .into_iter()
                .map(|r| convert::range(index, r, self.enc()))
                .filter(|r| r.end.line > r.start.line)
                .map(|r| FoldingRange {
                    start_line: r.start.line,
                    end_line: r.end.line,
                    ..FoldingRange::default()
                })
                .collect(),
        ))
    }

    async fn document_link(&self, params: DocumentLinkParams) -> Result<Option<Vec<DocumentLink>>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let ctx = ide::Ctx {
            text: &snap.text,
            analysis: &snap.analysis,
            config: &snap.config,
        };
        Ok(Some(
            ide::document_links(&ctx)
                .into_iter()
                .map(|l| DocumentLink {
                    range: convert::range(index, l.range, self.enc()),
                    target: l.target.parse().ok(),
                    tooltip: None,
                    data: None,
                })
                .collect(),
        ))
    }

    async fn selection_range(
        &self,
        params: SelectionRangeParams,
    ) -> Result<Option<Vec<SelectionRange>>> {
        let snap = self.snapshot(&params.text_document.uri).await?;
        let index = &snap.analysis.line_index;
        let enc = self.enc();
        let Some(root) = snap.analysis.parse.root.as_ref() else {
            return Ok(Some(Vec::new()));
        };
        let out = params
            .positions
            .iter()
            .map(|p| {
                let offset = convert::offset(index, *p, enc);
                // Ancestors, outermost first.
                let mut ranges = vec![root.range];
                let mut node = root;
                loop {
                    let next = match &node.kind {
                        dossier_syntax::NodeKind::Mapping(m) => {
                            m.entries.iter().find(|e| e.range.touches(offset)).map(|e| {
                                ranges.push(e.range);
                                if e.key.range.touches(offset) {
                                    ranges.push(e.key.range);
                                }
                                &e.value
                            })
                        }
                        dossier_syntax::NodeKind::Sequence(items) => {
                            items.iter().find(|n| n.range.touches(offset))
                        }
                        _ => None,
                    };
                    match next {
                        Some(n) if n.range.touches(offset) => {
                            ranges.push(n.range);
                            node = n;
                        }
                        _ => break,
                    }
                }
                let mut sel: Option<SelectionRange> = None;
                for r in ranges {
                    sel = Some(SelectionRange {
                        range: convert::range(index, r, enc),
                        parent: sel.map(Box::new),
                    });
                }
                sel.unwrap_or(SelectionRange {
                    range: Range { start: *p, end: *p },
                    parent: None,
                })
            })
            .collect();
        Ok(Some(out))
    }
}
