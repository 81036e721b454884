//! The session owns everything the server knows: open documents (ropes,
//! trees, analysed snapshots), workspace folders with their dossier.toml,
//! client settings and capabilities. Notifications mutate it; requests read
//! a [`Snapshot`] of one document.

mod document;
mod settings;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard, RwLock};

use dossier_analysis::Config;
use dossier_syntax::Encoding;
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
        }
    }
}

/// A workspace folder and the dossier.toml that applies to it.
pub struct Folder {
    pub root: PathBuf,
    pub config: Arc<Config>,
    /// The dossier.toml found for the folder (in it or an ancestor), if any.
    pub config_path: Option<PathBuf>,
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
    folders: RwLock<Vec<Folder>>,
    settings: RwLock<Settings>,
    caps: RwLock<ClientCaps>,
    /// The configuration for files outside every workspace folder.
    default_config: RwLock<Arc<Config>>,
    /// A clock for "recently edited / used" (trees and snapshots kept).
    clock: AtomicU64,
    /// Permits for the analysis workers (see [`PUBLISHING_AT_ONCE`]).
    publishing: tokio::sync::Semaphore,
}

impl Default for Session {
    fn default() -> Session {
        Session {
            documents: Mutex::default(),
            folders: RwLock::default(),
            settings: RwLock::default(),
            caps: RwLock::default(),
            default_config: RwLock::default(),
            clock: AtomicU64::default(),
            publishing: tokio::sync::Semaphore::new(PUBLISHING_AT_ONCE),
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

    pub fn folder_roots(&self) -> Vec<PathBuf> {
        self.folders
            .read()
            .map(|f| f.iter().map(|f| f.root.clone()).collect())
            .unwrap_or_default()
    }

    /// dossier.toml files in use, with their configuration.
    pub fn config_files(&self) -> Vec<(PathBuf, Arc<Config>)> {
        self.folders
            .read()
            .map(|f| {
                f.iter()
                    .filter_map(|f| Some((f.config_path.clone()?, f.config.clone())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Load the configuration of every folder in `roots` (dossier.toml
    /// found in the folder or above it, as `dossier check` run there would)
    /// and apply the client settings on top. Returns the problems to show
    /// the user; a bad dossier.toml falls back to the defaults.
    pub fn load_folders(&self, roots: &[PathBuf]) -> Vec<String> {
        let settings = self.settings();
        let mut problems = Vec::new();
        let mut folders = Vec::new();
        for root in roots {
            let (folder, problem) = load_folder(root, &settings);
            problems.extend(problem);
            problems.extend(settings.profile_problem(&folder.config));
            folders.push(folder);
        }
        if let Ok(mut w) = self.folders.write() {
            *w = folders;
        }
        let mut c = Config::default();
        if roots.is_empty() {
            problems.extend(settings.profile_problem(&c));
        }
        settings.apply(&mut c);
        if let Ok(mut d) = self.default_config.write() {
            *d = Arc::new(c);
        }
        problems.sort();
        problems.dedup();
        problems
    }

    /// The configuration that applies to a document: that of the innermost
    /// workspace folder containing it, else the defaults (plus settings).
    pub fn config_for(&self, uri: &Uri) -> Arc<Config> {
        let path = uri.to_file_path().map(|p| p.into_owned());
        if let (Some(path), Ok(folders)) = (path, self.folders.read()) {
            if let Some(f) = folders
                .iter()
                .filter(|f| path.starts_with(&f.root))
                .max_by_key(|f| f.root.as_os_str().len())
            {
                return f.config.clone();
            }
        }
        self.default_config
            .read()
            .map(|c| c.clone())
            .unwrap_or_default()
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

fn load_folder(root: &Path, settings: &Settings) -> (Folder, Option<String>) {
    let path = Config::discover(root);
    let (mut config, problem) = match &path {
        None => (Config::default(), None),
        Some(path) => match Config::load(path) {
            Ok(c) => (c, None),
            Err(e) => {
                let at = e.range.map(|r| {
                    let text = std::fs::read_to_string(path).unwrap_or_default();
                    let p =
                        dossier_syntax::LineIndex::new(&text).line_col(r.start, Encoding::Utf32);
                    format!(":{}:{}", p.line + 1, p.col + 1)
                });
                let msg = format!(
                    "{}{}: {}; using the default configuration",
                    e.path.as_deref().unwrap_or(path).display(),
                    at.unwrap_or_default(),
                    e.message
                );
                tracing::warn!("{msg}");
                (Config::default(), Some(msg))
            }
        },
    };
    settings.apply(&mut config);
    (
        Folder {
            root: root.to_path_buf(),
            config: Arc::new(config),
            config_path: path,
        },
        problem,
    )
}
