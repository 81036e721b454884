//! `dossier/score` (custom): `{textDocument: {uri}, explain?: bool}` → the
//! composite (rounded to one decimal), its band and the profile, or null
//! when the file cannot be scored. `text` is the composite as the code lens
//! and hovers write it (`53`, `42.2`): the VS Code status bar shows that, so
//! the score reads the same everywhere. With `explain: true` the answer also
//! has `explanation`: the text `dossier score --explain` prints, for the text
//! in the editor (saved or not).

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::TextDocumentIdentifier;

use super::DocumentSnapshot;

pub const METHOD: &str = "dossier/score";

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreParams {
    pub text_document: TextDocumentIdentifier,
    #[serde(default)]
    pub explain: bool,
}

#[derive(Debug, Serialize, PartialEq)]
pub struct ScoreResult {
    pub composite: f64,
    pub text: String,
    pub band: String,
    pub profile: String,
    /// The composite as stated (uncited claims taken at their word).
    pub stated_composite: f64,
    /// How many uncited claims the difference rests on.
    pub uncited_claims: usize,
    /// `6.3 on 17 uncited claims`, when any claim is uncited.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unverified: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
}

pub fn run(doc: &DocumentSnapshot, params: ScoreParams) -> Result<Option<ScoreResult>> {
    Ok(doc.snapshot.analysis.score.as_ref().map(|r| ScoreResult {
        composite: dossier_score::round1(r.composite),
        text: dossier_ide::num(r.composite),
        band: r.band.as_str().to_string(),
        profile: r.profile.clone(),
        stated_composite: dossier_score::round1(r.stated_composite),
        uncited_claims: r.uncited_claims,
        unverified: dossier_ide::unverified_short(r),
        explanation: params
            .explain
            .then(|| dossier_report::score_text::render_human(r, true)),
    }))
}
