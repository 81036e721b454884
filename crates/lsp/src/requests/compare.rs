//! `dossier/compareWithHead` (custom): `{textDocument: {uri}}` → the
//! Markdown diff (`dossier diff --format markdown`, the same engine) of the
//! text in the editor (saved or not) against the file's version at HEAD,
//! as `{markdown}`; or `{message}` when there is nothing to compare with
//! (a file not saved on disk, not in a git repository, a repository with
//! no commit, no `git` binary). A file HEAD does not have is shown as
//! added; a version that cannot be parsed as "unparseable at HEAD".
//!
//! Reading HEAD runs `git` (`dossier_workspace::git`): the server calls
//! this from a blocking thread, never on the protocol's path.

use serde::{Deserialize, Serialize};
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use dossier_review::{Side, Snapshot};
use dossier_workspace::git::Blob;

use super::DocumentSnapshot;

pub const METHOD: &str = "dossier/compareWithHead";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct CompareParams {
    pub text_document: TextDocumentIdentifier,
}

/// Exactly one of the two is set.
#[derive(Debug, Default, Serialize, PartialEq)]
pub struct CompareResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub markdown: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl CompareResult {
    fn message(m: impl Into<String>) -> CompareResult {
        CompareResult {
            message: Some(m.into()),
            ..CompareResult::default()
        }
    }
}

/// What the editor's buffer is called in the diff.
const EDITOR: &str = "editor";

pub fn run(doc: &DocumentSnapshot) -> CompareResult {
    let path = (doc.uri.scheme().as_str() == "file")
        .then(|| doc.uri.to_file_path())
        .flatten();
    let Some(path) = path else {
        return CompareResult::message(
            "only a file saved in a git repository can be compared with HEAD",
        );
    };
    let limit = dossier_syntax::MAX_SIZE;
    let (rel, blob) = match dossier_workspace::git::at_head(&path, limit) {
        Ok(found) => found,
        Err(e) => return CompareResult::message(e.to_string()),
    };
    let snap = &doc.snapshot;
    let today = snap.analysis.today;
    let old = match blob {
        Blob::Full(bytes) => Some(Snapshot::read("HEAD", &bytes, &snap.config, today)),
        Blob::TooLarge(size) => Some(Snapshot::unreadable(
            "HEAD",
            dossier_workspace::git::over_limit(size, limit),
            today,
        )),
        Blob::Missing => None,
        Blob::Unreadable(why) => Some(Snapshot::unreadable("HEAD", why, today)),
    };
    let new = Side::of_analysis(EDITOR, &snap.text, &snap.analysis);
    let diff = dossier_review::diff(&rel, old.as_ref().map(Snapshot::side), Some(new));
    CompareResult {
        markdown: Some(dossier_review::render_markdown(&[diff])),
        message: None,
    }
}
