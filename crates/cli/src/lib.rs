//! The `dossier` command as a library, so tests and benchmarks drive the
//! same code as the binary.

// First, so that every module's `eprintln!` is the one that never panics
// on a full stderr.
#[macro_use]
pub mod stdout;
pub mod check;
pub mod diff_cmd;
pub mod due_cmd;
pub mod error;
pub mod export_cmd;
pub mod files;
pub mod history_cmd;
pub mod import_cmd;
pub mod output;
pub mod render_cmd;
pub mod report;
pub mod score_cmd;
pub mod stream;
pub use dossier_report::score_text;
