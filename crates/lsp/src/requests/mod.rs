//! One module per request kind. Each `run` is a plain function from a
//! [`DocumentSnapshot`] and the request's params to its answer: it converts
//! positions at the edge and calls `dossier-ide`. None of them touches the
//! session.

pub mod code_action;
pub mod code_lens;
pub mod compare;
pub mod completion;
pub mod diagnostic;
pub mod document_link;
pub mod document_symbol;
pub mod execute_command;
pub mod folding_range;
pub mod goto_definition;
pub mod hover;
pub mod initialize;
pub mod inlay_hint;
pub mod references;
pub mod rename;
pub mod score;
pub mod selection_range;
pub mod workspace_symbol;

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use dossier_ide as ide;
use dossier_syntax::{Encoding, TextRange};
use tower_lsp_server::jsonrpc::{Error, Result};
use tower_lsp_server::ls_types::{Position, Range, Uri};

use crate::convert;
use crate::session::{ClientCaps, Snapshot};

/// What a request handler reads: one analysed version of one document and
/// how to convert positions.
pub struct DocumentSnapshot {
    pub uri: Uri,
    pub snapshot: Arc<Snapshot>,
    pub caps: ClientCaps,
}

impl DocumentSnapshot {
    pub fn ctx(&self) -> ide::Ctx<'_> {
        ide::Ctx {
            text: &self.snapshot.text,
            analysis: &self.snapshot.analysis,
            config: &self.snapshot.config,
        }
    }

    pub fn encoding(&self) -> Encoding {
        self.caps.encoding
    }

    /// The byte offset of a client position (clamped, never failing).
    pub fn offset(&self, p: Position) -> usize {
        convert::offset(&self.snapshot.analysis.line_index, p, self.encoding())
    }

    pub fn text_range(&self, r: Range) -> TextRange {
        convert::text_range(&self.snapshot.analysis.line_index, r, self.encoding())
    }

    pub fn position(&self, offset: usize) -> Position {
        convert::position(&self.snapshot.analysis.line_index, offset, self.encoding())
    }

    pub fn range(&self, r: TextRange) -> Range {
        convert::range(&self.snapshot.analysis.line_index, r, self.encoding())
    }
}

/// Run a handler, turning a panic into an internal error (logged) instead
/// of taking the server down. A last resort: the handlers are tested.
pub fn guard<T>(what: &str, f: impl FnOnce() -> Result<T>) -> Result<T> {
    match std::panic::catch_unwind(AssertUnwindSafe(f)) {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("{what} panicked: {}", crate::session::panic_message(&*e));
            Err(Error::internal_error())
        }
    }
}

pub fn invalid_params(msg: impl Into<String>) -> Error {
    Error::invalid_params(msg.into())
}
