//! Questionnaires in and out of dossiers, and new dossiers: the domain
//! logic of `dossier import caiq`, `dossier export caiq` and `dossier new`,
//! shared by the CLI and the server's commands.
//!
//! Invariants (see ARCHITECTURE.md):
//! - **Reads nothing from disk.** Answer files come in as bytes, dossiers
//!   as text; the caller (the CLI, or the server on a blocking thread)
//!   reads them through `dossier_workspace` and writes the results.
//! - **Prints nothing.** Reports are returned as text, edits as data
//!   (`import::Plan::edits`: byte ranges and their new text).
//! - **Errors say where.** Each operation has its `thiserror` enum whose
//!   variants carry the place at fault (the row, sheet and cell of an
//!   answer file; the fact or section of the dossier).
//! - **YAML is written by one emitter**, `dossier_syntax::emit`.

pub mod answers;
pub mod coverage;
pub mod export;
pub mod import;
pub mod scaffold;
pub mod xlsx;

pub use answers::{read_answers, Answers, AnswersError, Row};
pub use import::{import, ImportError, Imported, Request};
