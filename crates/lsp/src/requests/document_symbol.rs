//! `textDocument/documentSymbol`: top-level keys, facts sections and
//! facts, sources, findings, questions (hierarchical).

use dossier_ide as ide;
use dossier_syntax::TextRange;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

fn convert(doc: &DocumentSnapshot, s: ide::Symbol) -> DocumentSymbol {
    // The selection must lie inside the range.
    let range = s.range.cover(s.selection);
    #[allow(deprecated)] // `deprecated` is a required field
    DocumentSymbol {
        name: if s.name.trim().is_empty() {
            "(empty)".into()
        } else {
            s.name
        },
        detail: s.detail,
        kind: match s.kind {
            ide::SymbolKind::Key => SymbolKind::MODULE,
            ide::SymbolKind::Section => SymbolKind::NAMESPACE,
            ide::SymbolKind::Fact => SymbolKind::PROPERTY,
            ide::SymbolKind::Source => SymbolKind::CONSTANT,
            ide::SymbolKind::Item => SymbolKind::OBJECT,
        },
        tags: None,
        deprecated: None,
        range: doc.range(range),
        selection_range: doc.range(s.selection.cover(TextRange::empty(s.selection.start))),
        children: Some(s.children.into_iter().map(|c| convert(doc, c)).collect()),
    }
}

pub fn run(
    doc: &DocumentSnapshot,
    _: DocumentSymbolParams,
) -> Result<Option<DocumentSymbolResponse>> {
    Ok(Some(DocumentSymbolResponse::Nested(
        ide::symbols(&doc.ctx())
            .into_iter()
            .map(|s| convert(doc, s))
            .collect(),
    )))
}
