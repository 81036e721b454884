//! What `workspace/symbol` knows of the disk: vendors, attestations and
//! sources of every dossier in the workspace folders, open or not.
//!
//! The folders are walked as `dossier check` walks them (`.gitignore`,
//! hidden entries, dossier.toml's `exclude`) through `dossier-workspace`,
//! on a blocking thread, never on the protocol's path. The walk stops at
//! [`MAX_FILES`] files and each read at the dossier size limit; what a
//! file gives is kept by path with its modification time and size, so a
//! query reads only files changed since the last one. While the client
//! watches dossier files for us, the walk itself is kept too, until a
//! watched file or dossier.toml is created, changed or deleted
//! ([`Inputs::walk`]); without a watcher every query walks. An open
//! document's live text replaces its file on disk. Queries match names by
//! prefix, substring or characters in order; the answer holds at most
//! [`MAX_RESULTS`] symbols, the best matches first.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use dossier_ide as ide;
use dossier_syntax::{Encoding, LineIndex};
use dossier_workspace::Configs;
use tower_lsp_server::ls_types::*;

use crate::convert;

/// The most dossier files a query looks at.
pub const MAX_FILES: usize = 20_000;
/// The most symbols an answer holds.
pub const MAX_RESULTS: usize = 256;

/// One symbol, positions already converted.
#[derive(Clone, Debug)]
struct Found {
    name: String,
    kind: ide::FileSymbolKind,
    container: Option<String>,
    range: Range,
}

/// What the files on disk gave at the last query.
#[derive(Default)]
pub struct Index {
    files: HashMap<PathBuf, (Stamp, Arc<Vec<Found>>)>,
    /// The last walk: the folders walked, the watch generation it was made
    /// at, and the dossier files it found.
    walk: Option<(Vec<PathBuf>, u64, Vec<PathBuf>)>,
}

impl Index {
    /// The dossier files of `roots`: the kept walk when it was made at
    /// generation `walk` of the same folders, else a new walk (kept when
    /// `walk` is given).
    fn files(&mut self, inputs: &Inputs) -> Vec<PathBuf> {
        if let (Some(g), Some((roots, at, files))) = (inputs.walk, &self.walk) {
            if *at == g && *roots == inputs.roots {
                return files.clone();
            }
        }
        let walked = dossier_workspace::collect_at_most(&inputs.roots, &inputs.configs, MAX_FILES);
        if walked.truncated {
            tracing::info!("workspace/symbol: the folders hold more than {MAX_FILES} dossiers; the rest are not searched");
        }
        self.walk = inputs
            .walk
            .map(|g| (inputs.roots.clone(), g, walked.files.clone()));
        walked.files
    }
}

type Stamp = (Option<SystemTime>, u64);

fn stamp(path: &Path) -> Option<Stamp> {
    let m = std::fs::metadata(path).ok()?;
    Some((m.modified().ok(), m.len()))
}

/// The symbols of one text. A panic in a file's parse (there should be
/// none) costs that file its symbols, not the answer.
fn symbols_of(text: &str, enc: Encoding) -> Vec<Found> {
    std::panic::catch_unwind(|| {
        let parse = dossier_syntax::parse(text);
        let index = LineIndex::new(text);
        ide::file_symbols(parse.root.as_ref())
            .into_iter()
            .map(|s| Found {
                name: s.name,
                kind: s.kind,
                container: s.container,
                range: convert::range(&index, s.range, enc),
            })
            .collect()
    })
    .unwrap_or_default()
}

/// What a query needs from the session, taken before leaving the
/// protocol's path.
pub struct Inputs {
    pub roots: Vec<PathBuf>,
    pub configs: Arc<Configs>,
    /// The open documents and their live text.
    pub open: Vec<(Uri, String)>,
    pub encoding: Encoding,
    /// The watch generation (see [`super::Session::walk_generation`]):
    /// `Some` while the client watches dossier files, so a walk may be
    /// kept until the generation moves; `None`: walk at every query.
    pub walk: Option<u64>,
}

/// Answer a query. Reads the disk: call it from a blocking thread.
pub fn run(index: &mut Index, inputs: Inputs, query: &str) -> Vec<SymbolInformation> {
    let open_paths: HashSet<PathBuf> = inputs
        .open
        .iter()
        .filter_map(|(u, _)| u.to_file_path().map(|p| p.into_owned()))
        .collect();
    let walked = index.files(&inputs);
    let mut files: Vec<(Uri, Arc<Vec<Found>>)> = Vec::new();
    let mut kept = HashMap::new();
    for path in walked {
        if open_paths.contains(&path) {
            continue;
        }
        let Some(uri) = Uri::from_file_path(&path) else {
            continue;
        };
        let Some(now) = stamp(&path) else {
            continue;
        };
        let symbols = match index.files.remove(&path) {
            Some((then, s)) if then == now => s,
            _ => {
                let text = dossier_workspace::read_text(&path, dossier_syntax::MAX_SIZE)
                    .unwrap_or_default();
                Arc::new(symbols_of(&text, inputs.encoding))
            }
        };
        files.push((uri, symbols.clone()));
        kept.insert(path, (now, symbols));
    }
    index.files = kept;
    for (uri, text) in &inputs.open {
        files.push((uri.clone(), Arc::new(symbols_of(text, inputs.encoding))));
    }

    let mut hits: Vec<(u8, &str, &Uri, &Found)> = files
        .iter()
        .flat_map(|(uri, syms)| syms.iter().map(move |s| (uri, s)))
        .filter_map(|(uri, s)| {
            let rank = ide::symbol_match(query, &s.name)?;
            Some((rank, s.name.as_str(), uri, s))
        })
        .collect();
    hits.sort_by(|a, b| {
        (a.0, a.1, a.2.as_str(), a.3.range.start.line).cmp(&(
            b.0,
            b.1,
            b.2.as_str(),
            b.3.range.start.line,
        ))
    });
    hits.truncate(MAX_RESULTS);
    hits.into_iter()
        .map(|(_, _, uri, s)| {
            #[allow(deprecated)] // `deprecated` is a required field of the type
            SymbolInformation {
                name: s.name.clone(),
                kind: match s.kind {
                    ide::FileSymbolKind::Vendor => SymbolKind::CLASS,
                    ide::FileSymbolKind::Attestation => SymbolKind::OBJECT,
                    ide::FileSymbolKind::Source => SymbolKind::CONSTANT,
                },
                tags: None,
                deprecated: None,
                location: Location {
                    uri: uri.clone(),
                    range: s.range,
                },
                container_name: s.container.clone(),
            }
        })
        .collect()
}
