//! Reviewer artefacts for a dossier: the procurement pack (one
//! self-contained HTML page: vendor, composite and band, a chart of the
//! eight dimensions, every fact with its citations, attestations, findings,
//! OWASP and NIST cross-walks, open questions, what the validator flags, and
//! the explanation behind every number) and a Markdown summary for CI; for
//! a folder, the portfolio ([`portfolio`]): every dossier on one page.
//!
//! All are rendered from the same [`Analysis`] `dossier check` and the
//! language server use, and the due dates from the engine's
//! [`dossier_analysis::due`] events, so they show exactly what `dossier
//! check`, `dossier due` and the server report.

mod escape;
mod html;
mod markdown;
mod model;
pub mod portfolio;
pub mod score_text;

use dossier_analysis::due::DueEvent;
use dossier_analysis::Analysis;
use dossier_review::{Side, Snapshot};

pub use escape::{html as escape_html, link_url, markdown as escape_markdown, page_href};
pub use model::{fallback_name, FileLinks};

/// The procurement pack of one dossier as a self-contained HTML page.
/// `path` is the file as the user named it; `text` the text `analysis` was
/// made from; `due` its events (`dossier_analysis::due::events`).
pub fn render_html(path: &str, text: &str, analysis: &Analysis, due: &[DueEvent]) -> String {
    html::render(&model::Pack::new(path, text, analysis, due))
}

/// [`render_html`] for a page written somewhere else than beside the
/// dossier: `links` says how the page reaches the dossier's folder, so its
/// links to evidence files (`file:` sources) resolve.
pub fn render_html_linked(
    path: &str,
    text: &str,
    analysis: &Analysis,
    due: &[DueEvent],
    links: &FileLinks,
) -> String {
    let mut pack = model::Pack::new(path, text, analysis, due);
    pack.file_links = links.clone();
    html::render(&pack)
}

/// The pack (HTML, with `links` as in [`render_html_linked`]) and the
/// portfolio entry of one dossier, read once.
pub fn render_html_with_entry(
    path: &str,
    text: &str,
    analysis: &Analysis,
    due: &[DueEvent],
    links: &FileLinks,
) -> (String, portfolio::Entry) {
    let mut pack = model::Pack::new(path, text, analysis, due);
    pack.file_links = links.clone();
    let entry = portfolio::Entry::new(&pack, text, analysis, due);
    (html::render(&pack), entry)
}

/// The portfolio entry of one dossier (what the portfolio keeps of it).
pub fn portfolio_entry(
    path: &str,
    text: &str,
    analysis: &Analysis,
    due: &[DueEvent],
) -> portfolio::Entry {
    portfolio::Entry::new(
        &model::Pack::new(path, text, analysis, due),
        text,
        analysis,
        due,
    )
}

/// The Markdown summary of one dossier; with `baseline` (an earlier
/// version), the change since then, computed by the review engine that
/// `dossier diff` uses (risk first, score movement explained, changes by
/// section).
pub fn render_markdown(
    path: &str,
    text: &str,
    analysis: &Analysis,
    due: &[DueEvent],
    baseline: Option<&Snapshot>,
) -> String {
    let diff = baseline.map(|b| {
        dossier_review::diff(
            path,
            Some(b.side()),
            Some(Side::of_analysis(path, text, analysis)),
        )
    });
    markdown::render(&model::Pack::new(path, text, analysis, due), diff.as_ref())
}
