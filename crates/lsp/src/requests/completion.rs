//! `textDocument/completion`: keys, values, source ids, question
//! templates and framework ids from `dossier_ide::completions`, in the
//! order the IDE layer gives (rubric order for values, not alphabetical).

use dossier_ide as ide;
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;

pub fn run(doc: &DocumentSnapshot, params: CompletionParams) -> Result<Option<CompletionResponse>> {
    let offset = doc.offset(params.text_document_position.position);
    let snippets = doc.caps.snippets;
    let items = ide::completions(&doc.ctx(), offset)
        .into_iter()
        .enumerate()
        .map(|(i, c)| {
            let (text, format) = match c.snippet {
                Some(s) if snippets => (s, InsertTextFormat::SNIPPET),
                _ => (c.insert_text, InsertTextFormat::PLAIN_TEXT),
            };
            // The IDE layer indents continuation lines itself.
            let mode = text.contains('\n').then_some(InsertTextMode::AS_IS);
            CompletionItem {
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
                    new_text: text,
                })),
                insert_text_format: Some(format),
                insert_text_mode: mode,
                label: c.label,
                ..CompletionItem::default()
            }
        })
        .collect();
    Ok(Some(CompletionResponse::List(CompletionList {
        is_incomplete: false,
        items,
    })))
}
