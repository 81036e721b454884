//! `dossier/score` (custom): `{textDocument: {uri}}` → the composite
//! (rounded to one decimal), its band and the profile, or null when the
//! file cannot be scored. The VS Code status bar shows it.

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use super::DocumentSnapshot;

pub const METHOD: &str = "dossier/score";

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

pub fn run(doc: &DocumentSnapshot, _: ScoreParams) -> Result<Option<ScoreResult>> {
    Ok(doc.snapshot.analysis.score.as_ref().map(|r| ScoreResult {
        composite: dossier_score::round1(r.composite),
        band: r.band.as_str().to_string(),
        profile: r.profile.clone(),
    }))
}
