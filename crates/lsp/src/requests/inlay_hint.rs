//! `textDocument/inlayHint`: dimension scores and weights after each facts
//! section's key, and the composite after `dossier: 1` when the client
//! does not show code lenses (it is a lens there).

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, params: InlayHintParams) -> Result<Option<Vec<InlayHint>>> {
    let range = doc.text_range(params.range);
    Ok(Some(
        ide::inlay_hints(&doc.ctx())
            .into_iter()
            .filter(|h| !(doc.caps.code_lens && h.kind == ide::InlayKind::Composite))
            .filter(|h| range.start <= h.offset && h.offset <= range.end)
            .map(|h| InlayHint {
                position: doc.position(h.offset),
                label: InlayHintLabel::String(h.label),
                kind: None,
                text_edits: None,
                tooltip: Some(InlayHintTooltip::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: h.tooltip,
                })),
                padding_left: Some(true),
                padding_right: None,
                data: None,
            })
            .collect(),
    ))
}
