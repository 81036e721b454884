//! `workspace/executeCommand`: the commands the server offers, views of
//! `dossier-interchange` (the same code as `dossier new` and `dossier
//! import caiq`).
//!
//! - [`NEW_DOSSIER`] `{vendor, kind?, hq?, schema?, uri?}` → `{text, edit?}`:
//!   the scaffold `dossier new` prints; with `uri`, also a workspace edit
//!   that creates that file with the text (never over an existing file).
//! - [`IMPORT_CAIQ`] `{uri, answers, source?, url?, retrieved?, edition?,
//!   overwrite?, keepGoing?, pin?, apply?}` → `{report, edit, applied?}`:
//!   the import of an answer sheet (a path, or a `file:` URI) into the open
//!   dossier `uri`, as the workspace edit that makes it (on the text in the
//!   editor, at its version) and the report `dossier import caiq` prints.
//!   Unless `apply` is `false`, the server asks the client to apply the
//!   edit (`workspace/applyEdit`), marked as needing confirmation where the
//!   client supports change annotations, so the editor previews it; it is
//!   one edit, undone at once. What cannot be imported (an unreadable
//!   sheet, an import that would add errors) is `{message}`, not an error.
//!
//! The command names differ from the VS Code extension's own commands
//! (`dossier.newDossier`): vscode-languageclient registers the server's
//! commands under their names.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tower_lsp_server::jsonrpc::Result;
use tower_lsp_server::ls_types::*;

use dossier_interchange::scaffold;
use dossier_schema::dates::Day;
use dossier_schema::questionnaire::Edition;

use super::{invalid_params, DocumentSnapshot};
use crate::session::ClientCaps;

/// The scaffold of a new dossier.
pub const NEW_DOSSIER: &str = "dossier.scaffold";
/// A CAIQ or AI-CAIQ answer sheet imported into an open dossier.
pub const IMPORT_CAIQ: &str = "dossier.importCaiq";
/// Every command, as `initialize` lists them.
pub const COMMANDS: [&str; 2] = [NEW_DOSSIER, IMPORT_CAIQ];

/// The one argument of a command, as its type (an invalid-params error
/// naming the command otherwise).
pub fn argument<T: serde::de::DeserializeOwned>(params: &ExecuteCommandParams) -> Result<T> {
    let arg = params
        .arguments
        .first()
        .cloned()
        .unwrap_or(serde_json::Value::Null);
    serde_json::from_value(arg)
        .map_err(|e| invalid_params(format!("{}: bad argument: {e}", params.command)))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct NewDossierArgs {
    pub vendor: String,
    pub kind: Option<String>,
    pub hq: Option<String>,
    /// A `yaml-language-server` modeline pointing at this schema.
    pub schema: Option<String>,
    /// Where the new file goes: the answer then has an edit creating it.
    pub uri: Option<Uri>,
}

#[derive(Debug, Serialize)]
pub struct NewDossierResult {
    pub text: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit: Option<WorkspaceEdit>,
}

/// The scaffold for `args`, as of `today`.
pub fn new_dossier(args: NewDossierArgs, today: Day) -> Result<NewDossierResult> {
    let mut vendor = scaffold::Vendor::default();
    if let Some(k) = &args.kind {
        vendor.kind =
            Some(scaffold::vendor_kind(k).map_err(|e| invalid_params(format!("kind {k}: {e}")))?);
    }
    if let Some(cc) = &args.hq {
        vendor.hq =
            Some(scaffold::country(cc).map_err(|e| invalid_params(format!("hq {cc}: {e}")))?);
    }
    let text = scaffold::scaffold_with(&args.vendor, today, args.schema.as_deref(), &vendor)
        .map_err(|e| invalid_params(e.to_string()))?;
    let edit = args.uri.map(|uri| WorkspaceEdit {
        document_changes: Some(DocumentChanges::Operations(vec![
            DocumentChangeOperation::Op(ResourceOp::Create(CreateFile {
                uri: uri.clone(),
                options: Some(CreateFileOptions {
                    overwrite: Some(false),
                    ignore_if_exists: Some(false),
                }),
                annotation_id: None,
            })),
            DocumentChangeOperation::Edit(TextDocumentEdit {
                text_document: OptionalVersionedTextDocumentIdentifier { uri, version: None },
                edits: vec![OneOf::Left(TextEdit {
                    range: Range::default(),
                    new_text: text.clone(),
                })],
            }),
        ])),
        ..WorkspaceEdit::default()
    });
    Ok(NewDossierResult { text, edit })
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportArgs {
    /// The open dossier to fill.
    pub uri: Uri,
    /// The answer sheet: a path (absolute, or relative to the dossier's
    /// folder) or a `file:` URI.
    pub answers: String,
    pub source: Option<String>,
    pub url: Option<String>,
    pub retrieved: Option<String>,
    pub edition: Option<String>,
    #[serde(default)]
    pub overwrite: bool,
    #[serde(default)]
    pub keep_going: bool,
    #[serde(default)]
    pub pin: bool,
    /// Ask the client to apply the edit (default `true`).
    pub apply: Option<bool>,
}

#[derive(Debug, Default, Serialize)]
pub struct ImportResult {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub edit: Option<WorkspaceEdit>,
    /// Whether the client applied the edit, when the server asked it to.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub applied: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

impl ImportResult {
    fn message(m: impl Into<String>) -> ImportResult {
        ImportResult {
            message: Some(m.into()),
            ..ImportResult::default()
        }
    }
}

/// The label of the import's change annotation.
const ANNOTATION: &str = "dossier-import";

/// The answer sheet's path: a `file:` URI, an absolute path, or a path
/// relative to the dossier's folder.
fn answers_path(answers: &str, dossier: Option<&Path>) -> Option<PathBuf> {
    if answers.starts_with("file:") {
        let uri: Uri = answers.parse().ok()?;
        return uri.to_file_path().map(|p| p.into_owned());
    }
    let p = PathBuf::from(answers);
    if p.is_absolute() {
        return Some(p);
    }
    Some(dossier?.parent()?.join(p))
}

/// The import of `args.answers` into the open dossier `doc`: reads the
/// answer sheet (bounded, through `dossier_workspace`), so call it from a
/// blocking thread.
pub fn import(doc: &DocumentSnapshot, args: &ImportArgs) -> Result<ImportResult> {
    let edition = match args.edition.as_deref() {
        None => None,
        Some(e) => Some(Edition::from_cli(e).ok_or_else(|| {
            invalid_params(format!(
                "edition {:?}: not an edition we read (give 3.1, 4.0.3, 4.1, ai-1.0 or ai-1.1.0)",
                dossier_interchange::answers::clip(e)
            ))
        })?),
    };
    let retrieved = match args.retrieved.as_deref() {
        None => None,
        Some(d) => Some(Day::parse(d).ok_or_else(|| {
            invalid_params(format!("retrieved {d}: not a date, write YYYY-MM-DD"))
        })?),
    };
    let dossier_path = (doc.uri.scheme().as_str() == "file")
        .then(|| doc.uri.to_file_path().map(|p| p.into_owned()))
        .flatten();
    let Some(path) = answers_path(&args.answers, dossier_path.as_deref()) else {
        return Ok(ImportResult::message(format!(
            "{}: not a path to an answer sheet (give an absolute path or a file: URI)",
            args.answers
        )));
    };
    let name = dossier_workspace::display(&path);
    let bytes = match dossier_workspace::read_limited(&path, dossier_syntax::MAX_SIZE) {
        Ok(dossier_workspace::Contents::Full(b)) => b,
        Ok(dossier_workspace::Contents::TooLarge { size, .. }) => {
            return Ok(ImportResult::message(format!(
                "{name}: {size} bytes or more, larger than the limit of {} bytes",
                dossier_syntax::MAX_SIZE
            )))
        }
        Err(e) => return Ok(ImportResult::message(e.to_string())),
    };
    let extension = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default();
    let answers = match dossier_interchange::read_answers(extension, &bytes, args.keep_going) {
        Ok(a) => a,
        Err(e) => return Ok(ImportResult::message(format!("{name}: {e}"))),
    };
    let canonical = |p: &Path| std::fs::canonicalize(p).ok();
    let relative_path = dossier_path.as_deref().and_then(|d| {
        dossier_interchange::import::relative_source_path(&canonical(&path)?, &canonical(d)?)
    });
    let snap = &doc.snapshot;
    let request = dossier_interchange::Request {
        answers_name: &name,
        relative_path,
        sha256: args.pin.then(|| dossier_workspace::sha256_hex(&bytes)),
        source: args.source.as_deref(),
        url: args.url.as_deref(),
        retrieved,
        edition,
        overwrite: args.overwrite,
    };
    let imported = match dossier_interchange::import(
        &snap.text,
        &answers,
        &request,
        &snap.config,
        snap.analysis.today,
        false,
    ) {
        Ok(i) => i,
        Err(e) => return Ok(ImportResult::message(e.to_string())),
    };
    let edits: Vec<TextEdit> = dossier_interchange::import::ordered_edits(&imported.plan.edits)
        .into_iter()
        .map(|(r, t)| TextEdit {
            range: doc.range(r),
            new_text: t.to_string(),
        })
        .collect();
    Ok(ImportResult {
        report: Some(imported.report),
        edit: Some(workspace_edit(doc, edits, doc.caps)),
        ..ImportResult::default()
    })
}

/// Edits of one document as a workspace edit: versioned and annotated as
/// needing confirmation where the client supports it, else plain changes.
fn workspace_edit(doc: &DocumentSnapshot, edits: Vec<TextEdit>, caps: ClientCaps) -> WorkspaceEdit {
    if !caps.document_changes {
        return WorkspaceEdit {
            changes: Some(HashMap::from([(doc.uri.clone(), edits)])),
            ..WorkspaceEdit::default()
        };
    }
    let annotate = caps.change_annotations;
    let edits = edits
        .into_iter()
        .map(|e| {
            if annotate {
                OneOf::Right(AnnotatedTextEdit {
                    text_edit: e,
                    annotation_id: ANNOTATION.into(),
                })
            } else {
                OneOf::Left(e)
            }
        })
        .collect();
    WorkspaceEdit {
        document_changes: Some(DocumentChanges::Edits(vec![TextDocumentEdit {
            text_document: OptionalVersionedTextDocumentIdentifier {
                uri: doc.uri.clone(),
                version: Some(doc.snapshot.version),
            },
            edits,
        }])),
        change_annotations: annotate.then(|| {
            HashMap::from([(
                ANNOTATION.to_string(),
                ChangeAnnotation {
                    label: "Import CAIQ answers".into(),
                    needs_confirmation: Some(true),
                    description: Some("dossier import caiq".into()),
                },
            )])
        }),
        ..WorkspaceEdit::default()
    }
}
