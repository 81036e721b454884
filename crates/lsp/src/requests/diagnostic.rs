//! `textDocument/diagnostic` (pull). The diagnostics are the analysis's,
//! unchanged (converted in `convert`, as for the push path): the same rule
//! codes, severities, ranges and messages `dossier check` prints.

use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;
use crate::convert;
use crate::session::Snapshot;

/// The report's id: the snapshot's generation (text and configuration).
fn result_id(snap: &Snapshot) -> String {
    format!("g{}", snap.generation)
}

pub fn run(
    doc: &DocumentSnapshot,
    params: DocumentDiagnosticParams,
) -> Result<DocumentDiagnosticReportResult> {
    let id = result_id(&doc.snapshot);
    let report = if params.previous_result_id.as_deref() == Some(id.as_str()) {
        DocumentDiagnosticReport::Unchanged(RelatedUnchangedDocumentDiagnosticReport {
            related_documents: None,
            unchanged_document_diagnostic_report: UnchangedDocumentDiagnosticReport {
                result_id: id,
            },
        })
    } else {
        DocumentDiagnosticReport::Full(RelatedFullDocumentDiagnosticReport {
            related_documents: None,
            full_document_diagnostic_report: FullDocumentDiagnosticReport {
                result_id: Some(id),
                items: convert::diagnostics(&doc.snapshot, doc.encoding(), &doc.uri),
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}
