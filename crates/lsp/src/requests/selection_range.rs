//! `textDocument/selectionRange`: the ancestry of the node at each position.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(
    doc: &DocumentSnapshot,
    params: SelectionRangeParams,
) -> Result<Option<Vec<SelectionRange>>> {
    let out = params
        .positions
        .iter()
        .map(|p| {
            let offset = doc.offset(*p);
            // Outermost first, so each becomes the parent of the next.
            let mut sel: Option<SelectionRange> = None;
            for r in ide::selection_ranges(&doc.ctx(), offset).into_iter().rev() {
                sel = Some(SelectionRange {
                    range: doc.range(r),
                    parent: sel.map(Box::new),
                });
            }
            sel.unwrap_or(SelectionRange {
                range: Range { start: *p, end: *p },
                parent: None,
            })
        })
        .collect();
    Ok(Some(out))
}
