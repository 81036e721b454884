//! The session owns everything the server knows: open documents (ropes,
//! trees, analysed snapshots), workspace folders, the dossier.toml files
//! found for documents, client settings and capabilities. Notifications
//! mutate it; requests read a [`Snapshot`] of one document.
//!
//! Each document's configuration is the nearest dossier.toml from its own
//! folder upwards, as for `dossier check`; `dossier-workspace` finds and
//! reads it (regular files only, bounded), always from a blocking thread,
//! never on the protocol's path.

mod document;
mod settings;
pub mod symbols;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use dossier_analysis::Config;
use dossier_syntax::Encoding;
use dossier_workspace::{Clock, Configs, Effective, Found, Resolver, UnknownProfile};
use tower_lsp_server::ls_types::{ClientCapabilities, Uri};

pub use document::{apply_change, panic_message, Document, Snapshot};
pub use settings::Settings;

/// What the client told us it can do (read once, in `initialize`).
#[derive(Clone, Copy, Debug)]
pub struct ClientCaps {
    /// Negotiated position encoding.
    pub encoding: Encoding,
    /// The client pulls diagnostics (`textDocument/diagnostic`): then we do
    /// not also push them, or editors that merge both (VS Code) show every
    /// diagnostic twice.
    pub pull_diagnostics: bool,
    pub diagnostic_refresh: bool,
    pub inlay_hint_refresh: bool,
    pub code_lens_refresh: bool,
    /// The client shows code lenses; then the composite score is a lens on
    /// the first line rather than an inlay hint (not both).
    pub code_lens: bool,
    /// The client can watch files for us (dynamic registration).
    pub watch_files: bool,
    /// The client takes snippets in completion items (tab stops, choices).
    pub snippets: bool,
    /// The client resolves code actions' edits (`codeAction/resolve`) and
    /// keeps their `data`: then actions are listed without edits.
    pub code_action_resolve: bool,
    /// The client applies workspace edits the server sends
    /// (`workspace/applyEdit`: the import command).
    pub apply_edit: bool,
    /// Workspace edits may be `documentChanges` (versioned, and creating
    /// files); otherwise `changes`.
    pub document_changes: bool,
    /// Workspace edits may carry change annotations (the import is marked
    /// as needing confirmation, so the editor previews it).
    pub change_annotations: bool,
}

impl Default for ClientCaps {
    fn default() -> ClientCaps {
        ClientCaps {
            encoding: Encoding::Utf16,
            pull_diagnostics: false,
            diagnostic_refresh: false,
            inlay_hint_refresh: false,
            code_lens_refresh: false,
            code_lens: false,
            watch_files: false,
            snippets: false,
            code_action_resolve: false,
            apply_edit: false,
            document_changes: false,
            change_annotations: false,
        }
    }
}

impl ClientCaps {
    pub fn from_capabilities(c: &ClientCapabilities, encoding: Encoding) -> ClientCaps {
        let ws = c.workspace.as_ref();
        let td = c.text_document.as_ref();
        ClientCaps {
            encoding,
            pull_diagnostics: td.is_some_and(|t| t.diagnostic.is_some()),
            diagnostic_refresh: ws
                .and_then(|w| w.diagnostics.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            inlay_hint_refresh: ws
                .and_then(|w| w.inlay_hint.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            code_lens_refresh: ws
                .and_then(|w| w.code_lens.as_ref())
                .and_then(|d| d.refresh_support)
                .unwrap_or(false),
            code_lens: td.is_some_and(|t| t.code_lens.is_some()),
            watch_files: ws
                .and_then(|w| w.did_change_watched_files.as_ref())
                .and_then(|d| d.dynamic_registration)
                .unwrap_or(false),
            snippets: td
                .and_then(|t| t.completion.as_ref())
                .and_then(|c| c.completion_item.as_ref())
                .and_then(|i| i.snippet_support)
                .unwrap_or(false),
            code_action_resolve: td.and_then(|t| t.code_action.as_ref()).is_some_and(|a| {
                a.code_action_literal_support.is_some()
                    && a.data_support == Some(true)
                    && a.resolve_support
                        .as_ref()
                        .is_some_and(|r| r.properties.iter().any(|p| p == "edit"))
            }),
            apply_edit: ws.and_then(|w| w.apply_edit).unwrap_or(false),
            document_changes: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            change_annotations: ws
                .and_then(|w| w.workspace_edit.as_ref())
                .is_some_and(|e| e.change_annotation_support.is_some()),
        }
    }
}

/// The server's resolver: the settings over every dossier.toml, an unknown
/// profile setting ignored (and warned about by `load_folders`), and the
/// system date read at each analysis (a server runs for days).
fn resolver(settings: &Settings) -> Resolver {
    Resolver::new(
        Arc::new(Configs::new()),
        settings.overrides(),
        UnknownProfile::Ignore,
        Clock::Live,
    )
}

/// How many documents keep their tree-sitter tree for incremental
/// reparsing: the ones being edited. A tree costs several times its text.
pub const TREES_KEPT: usize = 8;
/// How many documents keep their analysed snapshot between requests; the
/// others are re-analysed on demand (milliseconds), so 200 open dossiers
/// stay small.
pub const SNAPSHOTS_KEPT: usize = 8;
/// How many documents may be between "analysis wanted" and "diagnostics
/// published" at once. Opening 200 files at once must not hold 200
/// analyses in memory while their diagnostics queue for stdout: the peak
/// would stay in the process (the allocator keeps it) long after.
pub const PUBLISHING_AT_ONCE: usize = 4;

pub struct Session {
    documents: Mutex<HashMap<Uri, Document>>,
    folders: RwLock<Vec<PathBuf>>,
    /// Each document's effective configuration (`dossier-workspace`, as
    /// for the CLI): the dossier.toml look-ups and loads with the settings
    /// on top. Replaced when a dossier.toml or the settings change.
    resolver: RwLock<Arc<Resolver>>,
    /// A dossier.toml was loaded since its diagnostics were last published.
    configs_changed: AtomicBool,
    /// dossier.toml files we published diagnostics for.
    pub config_published: tokio::sync::Mutex<Vec<Uri>>,
    settings: RwLock<Settings>,
    caps: RwLock<ClientCaps>,
    /// A clock for "recently edited / used" (trees and snapshots kept).
    clock: AtomicU64,
    /// Permits for the analysis workers (see [`PUBLISHING_AT_ONCE`]).
    publishing: tokio::sync::Semaphore,
    /// What `workspace/symbol` found on disk (one query at a time).

    /// The digests of evidence files (`file:` sources), so a keystroke
    /// does not rehash a PDF; cleared on save and on a watched change.
    pub evidence: dossier_workspace::EvidenceCache,
    pub workspace_symbols: Arc<tokio::sync::Mutex<symbols::Index>>,
    /// The client watches dossier files and dossier.toml for us.
    watching: AtomicBool,
    /// Moves on every watched change: a kept walk of the folders is
    /// stale once it has.
    walk_generation: AtomicU64,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            documents: Mutex::default(),
            folders: RwLock::default(),
            resolver: RwLock::new(Arc::new(resolver(&Settings::default()))),
            configs_changed: AtomicBool::new(false),
            config_published: tokio::sync::Mutex::default(),
            settings: RwLock::default(),
            caps: RwLock::default(),
            clock: AtomicU64::default(),
            publishing: tokio::sync::Semaphore::new(PUBLISHING_AT_ONCE),
            workspace_symbols: Arc::default(),
            evidence: dossier_workspace::EvidenceCache::default(),
            watching: AtomicBool::new(false),
            walk_generation: AtomicU64::new(0),
        }
    }
}

impl Session {
    /// The open documents. The lock is never held across an `.await`.
    pub fn documents(&self) -> MutexGuard<'_, HashMap<Uri, Document>> {
        // A panic while holding the lock cannot leave a document half
        // edited in a way later code relies on; keep serving.
        self.documents.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Wait for a turn to analyse and publish one document.
    pub async fn publishing_turn(&self) -> Option<tokio::sync::SemaphorePermit<'_>> {
        self.publishing.acquire().await.ok()
    }

    /// Whether the client watches dossier files and dossier.toml for us.
    pub fn set_watching(&self, watching: bool) {
        self.watching.store(watching, Ordering::Relaxed);
        self.files_changed();
    }

    /// A dossier file or dossier.toml was created, changed or deleted.
    pub fn files_changed(&self) {
        self.walk_generation.fetch_add(1, Ordering::Relaxed);
    }

    /// The generation a walk of the folders may be kept under: `None`
    /// while nobody tells us of new files (then every query walks).
    pub fn walk_generation(&self) -> Option<u64> {
        self.watching
            .load(Ordering::Relaxed)
            .then(|| self.walk_generation.load(Ordering::Relaxed))
    }

    pub fn tick(&self) -> u64 {
        1 + self.clock.fetch_add(1, Ordering::Relaxed)
    }

    pub fn caps(&self) -> ClientCaps {
        self.caps.read().map(|c| *c).unwrap_or_default()
    }

    pub fn set_caps(&self, caps: ClientCaps) {
        if let Ok(mut c) = self.caps.write() {
            *c = caps;
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.caps().encoding
    }

    pub fn settings(&self) -> Settings {
        self.settings.read().map(|s| s.clone()).unwrap_or_default()
    }

    pub fn set_settings(&self, s: Settings) {
        if let Ok(mut w) = self.settings.write() {
            *w = s;
        }
    }

    /// Build the resolver anew with the client settings on top (no disk
    /// access), so `initialize` sets it at once: a document opened before
    /// `initialized` has read the folders' dossier.toml already has the
    /// settings' `today` and severities.
    pub fn apply_settings_to_default(&self) {
        let settings = self.settings();
        if let Ok(mut r) = self.resolver.write() {
            *r = Arc::new(resolver(&settings));
        }
    }

    pub fn folder_roots(&self) -> Vec<PathBuf> {
        self.folders.read().map(|f| f.clone()).unwrap_or_default()
    }

    /// Set the workspace folders without touching the disk (`initialize`
    /// must answer whatever the workspace holds).
    pub fn set_folders(&self, roots: &[PathBuf]) {
        if let Ok(mut w) = self.folders.write() {
            *w = roots.to_vec();
        }
    }

    fn resolver(&self) -> Arc<Resolver> {
        self.resolver
            .read()
            .map(|r| r.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    pub fn configs(&self) -> Arc<Configs> {
        self.resolver().configs().clone()
    }

    /// Every dossier.toml loaded so far, with what loading it gave.
    pub fn config_files(&self) -> Vec<(PathBuf, Found)> {
        self.configs().loaded()
    }

    /// Whether a dossier.toml was loaded since the last call.
    pub fn take_configs_changed(&self) -> bool {
        self.configs_changed.swap(false, Ordering::Relaxed)
    }

    /// Forget every dossier.toml and the settings applied to them, then
    /// load the one of each workspace folder (found in the folder or
    /// above, as `dossier check` run there would). Reads the disk: call it
    /// from a blocking thread. Returns the problems to show the user; a
    /// bad dossier.toml falls back to the defaults (plus settings).
    pub fn load_folders(&self, roots: &[PathBuf]) -> Vec<String> {
        self.set_folders(roots);
        self.apply_settings_to_default();
        let settings = self.settings();
        let configs = self.configs();
        let mut problems = Vec::new();
        let defaults = Config::default();
        if roots.is_empty() {
            problems.extend(settings.profile_problem(&defaults));
        }
        for root in roots {
            // The profile setting is checked against the profiles the
            // folder's dossier.toml defines (or the built-in ones).
            let mut known = &defaults;
            let found = configs.find(root).map(|path| configs.get(&path));
            match &found {
                Some(Err(e)) => {
                    let msg = format!("{}; using the default configuration", e.describe());
                    tracing::warn!("{msg}");
                    problems.push(msg);
                }
                Some(Ok(loaded)) => known = &loaded.config,
                None => {}
            }
            problems.extend(settings.profile_problem(known));
        }
        self.configs_changed.store(true, Ordering::Relaxed);
        problems.sort();
        problems.dedup();
        problems
    }

    /// The configuration that applies to a document, and its today: the
    /// nearest dossier.toml from its folder upwards, with the client
    /// settings on top. The server's error policy: a broken dossier.toml
    /// gives the defaults (plus settings) here, and is reported as a
    /// diagnostic on it (see `config_files`). May read the disk: call it
    /// from a blocking thread.
    pub fn config_for(&self, uri: &Uri) -> Effective {
        let resolver = self.resolver();
        let found = match uri.to_file_path() {
            Some(path) => {
                let configs = resolver.configs();
                let before = configs.len();
                let found = resolver.for_file(&path);
                if configs.len() != before {
                    self.configs_changed.store(true, Ordering::Relaxed);
                }
                found
            }
            None => resolver.defaults(),
        };
        found
            .or_else(|_| resolver.defaults())
            // The server ignores an unknown profile, so the defaults always
            // resolve; the engine's own defaults are the last resort.
            .unwrap_or_else(|_| Effective {
                config: Arc::new(Config::default()),
                today: dossier_schema::dates::Day::today(),
                file: None,
            })
    }

    /// Forget the evidence files' digests and re-analyse every open
    /// dossier (a file was saved or changed on disk).
    pub fn evidence_changed(&self) {
        self.evidence.clear();
        let mut docs = self.documents();
        for doc in docs.values_mut() {
            doc.generation += 1;
            doc.wake.notify_one();
        }
    }

    /// Keep trees for the most recently edited documents and snapshots for
    /// the most recently used ones; drop the rest (they are recomputed on
    /// demand).
    pub fn trim(docs: &mut HashMap<Uri, Document>) {
        fn keep_newest(
            docs: &mut HashMap<Uri, Document>,
            keep: usize,
            has: impl Fn(&Document) -> bool,
            age: impl Fn(&Document) -> u64,
            drop: impl Fn(&mut Document),
        ) {
            let mut held: Vec<(u64, Uri)> = docs
                .iter()
                .filter(|(_, d)| has(d))
                .map(|(u, d)| (age(d), u.clone()))
                .collect();
            if held.len() <= keep {
                return;
            }
            held.sort_by_key(|(age, _)| *age);
            for (_, uri) in &held[..held.len() - keep] {
                if let Some(d) = docs.get_mut(uri) {
                    drop(d);
                }
            }
        }
        keep_newest(
            docs,
            TREES_KEPT,
            |d| d.syntax.has_tree(),
            |d| d.last_edit,
            |d| d.syntax.forget(),
        );
        keep_newest(
            docs,
            SNAPSHOTS_KEPT,
            |d| d.snapshot.is_some(),
            |d| d.last_used.max(d.last_edit),
            |d| d.snapshot = None,
        );
    }
}
