//! The session: open documents, workspace configurations and client
//! settings. Handlers read snapshots; only notifications mutate.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};

use dossier_analysis::{Analysis, Config, Severity};
use dossier_schema::dates::Day;
use dossier_syntax::Encoding;
use ropey::Rope;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::Uri;

/// Settings from the client (`initializationOptions` and
/// `workspace/didChangeConfiguration` `settings.dossier`). They override
/// dossier.toml.
#[derive(Clone, Debug, Default, PartialEq, serde::Deserialize)]
#[serde(default)]
pub struct Settings {
    pub profile: Option<String>,
    pub today: Option<String>,
    pub rules: HashMap<String, String>,
}

impl Settings {
    /// Parse leniently: a bad value is ignored (and logged), never fatal.
    pub fn from_json(v: &serde_json::Value) -> Settings {
        let v = v.get("dossier").unwrap_or(v);
        let mut s: Settings = serde_json::from_value(v.clone()).unwrap_or_default();
        if s.profile.as_deref() == Some("") {
            s.profile = None;
        }
        if s.today.as_deref() == Some("") {
            s.today = None;
        }
        s
    }

    pub fn apply(&self, config: &mut Config) {
        if let Some(t) = self.today.as_deref().and_then(Day::parse) {
            config.today = Some(t);
        }
        if let Some(p) = &self.profile {
            config.profile_override = Some(p.clone());
        }
        for (code, level) in &self.rules {
            if let Some(rule) = dossier_analysis::Rule::from_code(code) {
                match level.as_str() {
                    "off" => {
                        config.rules.insert(rule, None);
                    }
                    l => {
                        if let Some(s) = Severity::parse(l) {
                            config.rules.insert(rule, Some(s));
                        }
                    }
                }
            }
        }
    }
}

/// What a request reads: one analysed version of one document.
pub struct Snapshot {
    pub text: String,
    pub analysis: Analysis,
    pub config: Arc<Config>,
    pub version: i32,
    pub generation: u64,
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// Bumped on every change; analyses of older generations are stale.
    pub generation: u64,
    /// The tree-sitter tree of the last analysis, edited to follow changes.
    pub tree: Option<tree_sitter::Tree>,
    pub snapshot: Option<Arc<Snapshot>>,
    /// Wakes the document's analysis worker.
    pub wake: Arc<Notify>,
}

/// A workspace folder and its dossier.toml.
pub struct Folder {
    pub root: PathBuf,
    pub config: Arc<Config>,
    /// dossier.toml's path, when it exists.
    pub config_path: Option<PathBuf>,
}

#[derive(Default)]
pub struct Session {
    pub documents: Mutex<HashMap<Uri, Document>>,
    pub folders: RwLock<Vec<Folder>>,
    pub settings: RwLock<Settings>,
    pub encoding: RwLock<Option<Encoding>>,
    /// The configuration for files outside every folder.
    pub default_config: RwLock<Arc<Config>>,
}

impl Session {
    pub fn encoding(&self) -> Encoding {
        self.encoding
            .read()
            .ok()
            .and_then(|e| *e)
            .unwrap_or(Encoding::Utf16)
    }

    /// Load (or reload) a folder's configuration; returns a problem to show.
    pub fn load_folder(&self, root: &Path) -> (Folder, Option<String>) {
        let settings = self.settings.read().map(|s| s.clone()).unwrap_or_default();
        let path = root.join(dossier_analysis::config::CONFIG_FILE);
        let (mut config, problem, config_path) = if path.is_file() {
            match Config::load(&path) {
                Ok(c) => (c, None, Some(path)),
                Err(e) => {
                    let at = e.range.map(|r| {
                        let text = std::fs::read_to_string(&path).unwrap_or_default();
                        let p = dossier_syntax::LineIndex::new(&text)
                            .line_col(r.start, Encoding::Utf32);
                        format!(":{}:{}", p.line + 1, p.col + 1)
                    });
                    let msg = format!(
                        "{}{}: {} (using defaults)",
                        path.display(),
                        at.unwrap_or_default(),
                        e.message
                    );
                    (Config::default(), Some(msg), Some(path))
                }
            }
        } else {
            (Config::default(), None, None)
        };
        settings.apply(&mut config);
        (
            Folder {
                root: root.to_path_buf(),
                config: Arc::new(config),
                config_path,
            },
            problem,
        )
    }

    /// The configuration that applies to a document.
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

    pub fn rebuild_default(&self) {
        let mut c = Config::default();
        if let Ok(s) = self.settings.read() {
            s.apply(&mut c);
        }
        if let Ok(mut d) = self.default_config.write() {
            *d = Arc::new(c);
        }
    }
}
