//! Reviewer artefacts for a dossier: the procurement pack (one
//! self-contained HTML page: vendor, composite and band, a chart of the
//! eight dimensions, every fact with its citations, attestations, findings,
//! OWASP and NIST cross-walks, open questions, what the validator flags, and
//! the explanation behind every number) and a Markdown summary for CI.
//!
//! Both are rendered from the same [`Analysis`] `dossier check` and the
//! language server use, so the pack shows exactly what they report.

mod escape;
mod html;
mod markdown;
mod model;
pub mod score_text;

use dossier_analysis::Analysis;
use dossier_review::{Side, Snapshot};

pub use escape::{html as escape_html, link_url, markdown as escape_markdown};
pub use model::fallback_name;

/// The procurement pack of one dossier as a self-contained HTML page.
/// `path` is the file as the user named it; `text` the text `analysis` was made from.
pub fn render_html(path: &str, text: &str, analysis: &Analysis) -> String {
    html::render(&model::Pack::new(path, text, analysis))
}

/// The Markdown summary of one dossier; with `baseline` (an earlier
/// version), the change since then, computed by the review engine that
/// `dossier diff` uses (risk first, score movement explained, changes by
/// section).
pub fn render_markdown(
    path: &str,
    text: &str,
    analysis: &Analysis,
    baseline: Option<&Snapshot>,
) -> String {
    let diff = baseline.map(|b| {
        dossier_review::diff(
            path,
            Some(b.side()),
            Some(Side::of_analysis(path, text, analysis)),
        )
    });
    markdown::render(&model::Pack::new(path, text, analysis), diff.as_ref())
}
