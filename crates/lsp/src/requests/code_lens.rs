//! `textDocument/codeLens`: the composite risk score above the first line
//! (display only: the lens has no command to run).

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, _: CodeLensParams) -> Result<Option<Vec<CodeLens>>> {
    Ok(Some(
        ide::code_lenses(&doc.ctx())
            .into_iter()
            .map(|l| CodeLens {
                range: doc.range(l.range),
                command: Some(Command {
                    title: l.title,
                    command: String::new(),
                    arguments: None,
                }),
                data: None,
            })
            .collect(),
    ))
}
