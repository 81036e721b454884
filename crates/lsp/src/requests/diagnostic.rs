//! `textDocument/diagnostic` (pull), and the conversion the push path
//! shares. The diagnostics are the analysis's, unchanged: the same rule
//! codes, severities, ranges and messages `dossier check` prints.

use dossier_analysis::{Diagnostic as Diag, Rule, Severity, Trait};
use dossier_syntax::{Encoding, LineIndex};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use super::DocumentSnapshot;
use crate::convert;
use crate::session::Snapshot;

pub fn severity(s: Severity) -> DiagnosticSeverity {
    match s {
        Severity::Error => DiagnosticSeverity::ERROR,
        Severity::Warning => DiagnosticSeverity::WARNING,
        Severity::Info => DiagnosticSeverity::INFORMATION,
        Severity::Hint => DiagnosticSeverity::HINT,
    }
}

/// One diagnostic of the document `uri` in LSP terms; its related places
/// (the other side of a contradiction) become related information.
pub fn to_lsp(d: &Diag, index: &LineIndex, enc: Encoding, uri: &Uri) -> Diagnostic {
    let related: Vec<DiagnosticRelatedInformation> = d
        .related
        .iter()
        .map(|r| DiagnosticRelatedInformation {
            location: Location {
                uri: uri.clone(),
                range: convert::range(index, r.range, enc),
            },
            message: r.message.clone(),
        })
        .collect();
    Diagnostic {
        range: convert::range(index, d.range, enc),
        severity: Some(severity(d.severity)),
        code: Some(NumberOrString::String(d.rule.code().to_string())),
        code_description: d
            .rule
            .doc_url()
            .and_then(|u| u.parse().ok())
            .map(|href| CodeDescription { href }),
        source: Some("dossier".into()),
        message: d.message.clone(),
        related_information: (!related.is_empty()).then_some(related),
        tags: tags(d.rule),
        data: None,
    }
}

/// The editor tags of a rule's diagnostics, as the registry declares them
/// (editors fade what is unnecessary, strike through what is deprecated).
fn tags(rule: Rule) -> Option<Vec<DiagnosticTag>> {
    let tags: Vec<DiagnosticTag> = rule
        .meta()
        .traits
        .iter()
        .filter_map(|t| match t {
            Trait::Unnecessary => Some(DiagnosticTag::UNNECESSARY),
            Trait::Deprecated => Some(DiagnosticTag::DEPRECATED),
            Trait::FromAbsence | Trait::NeverAccepted | Trait::Fixable => None,
        })
        .collect();
    (!tags.is_empty()).then_some(tags)
}

/// Every diagnostic of a snapshot, in the analysis's order.
pub fn all(snap: &Snapshot, enc: Encoding, uri: &Uri) -> Vec<Diagnostic> {
    let index = &snap.analysis.line_index;
    snap.analysis
        .diagnostics
        .iter()
        .map(|d| to_lsp(d, index, enc, uri))
        .collect()
}

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
                items: all(&doc.snapshot, doc.encoding(), &doc.uri),
            },
        })
    };
    Ok(DocumentDiagnosticReportResult::Report(report))
}
