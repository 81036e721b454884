//! `textDocument/foldingRange`: every multi-line mapping entry and list item.

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, _: FoldingRangeParams) -> Result<Option<Vec<FoldingRange>>> {
    let mut out: Vec<FoldingRange> = ide::folding_ranges(&doc.ctx())
        .into_iter()
        .map(|r| doc.range(r))
        .filter(|r| r.end.line > r.start.line)
        .map(|r| FoldingRange {
            start_line: r.start.line,
            // A range ending at column 0 ends on the line before.
            end_line: if r.end.character == 0 {
                r.end.line - 1
            } else {
                r.end.line
            },
            kind: Some(FoldingRangeKind::Region),
            ..FoldingRange::default()
        })
        .filter(|f| f.end_line > f.start_line)
        .collect();
    out.dedup_by_key(|f| (f.start_line, f.end_line));
    Ok(Some(out))
}
