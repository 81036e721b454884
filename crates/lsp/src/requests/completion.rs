//! `textDocument/completion`: keys, values, source ids, question
//! templates and framework ids from `dossier_ide::completions`, in the
//! order the IDE layer gives (rubric order for values, not alphabetical).

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let offset = doc.offset(params.text_document_position.position);
    let items = ide::completions(&doc.ctx(), offset)
        .into_iter()
        .enumerate()
        .map(|(i, c)| CompletionItem {
            kind: Some(match c.kind {
                ide::CompletionKind::Key => CompletionItemKind::PROPERTY,
                ide::CompletionKind::Value => CompletionItemKind::ENUM_MEMBER,
                ide::CompletionKind::Source => CompletionItemKind::REFERENCE,
                ide::CompletionKind::Question => CompletionItemKind::VALUE,
                ide::CompletionKind::Framework => CompletionItemKind::CONSTANT,
            }),
            detail: c.detail,
            documentation: c.documentation.map(|d| {
                Documentation::MarkupContent(MarkupContent {
                    kind: MarkupKind::Markdown,
                    value: d,
                })
            }),
            sort_text: Some(format!("{i:04}")),
            filter_text: Some(c.label.clone()),
            text_edit: Some(CompletionTextEdit::Edit(TextEdit {
                range: doc.range(c.replace),
                new_text: c.insert_text,
            })),
            label: c.label,
            ..CompletionItem::default()
        })
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    })))
}
