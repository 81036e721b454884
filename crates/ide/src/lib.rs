//! Editor features on byte offsets: hover, completion, code actions, inlay
//! hints, symbols, folding, links, go to definition, references and rename
//! of source ids.
//!
//! Invariant: knows nothing about LSP. Everything here takes the text, its
//! [`Analysis`] and byte offsets, and returns byte ranges; the server
//! converts at the edge.

mod assists;
mod completion;
mod due_lenses;
mod hover;
mod locate;
mod navigation;
mod score_hints;
mod workspace_symbols;

pub use assists::{assists, Assist, AssistKind};
pub use completion::{completions, CompletionItem, CompletionKind};
pub use hover::{hover, Hover};
pub use locate::{locate, Located};
pub use navigation::{
    definition, document_links, folding_ranges, references, rename, selection_ranges, symbols,
    Link, RenameError, Symbol, SymbolKind,
};
pub use score_hints::{
    code_lenses, inlay_hints, num, unverified_short, CodeLens, InlayHint, InlayKind,
};
pub use workspace_symbols::{file_symbols, symbol_match, FileSymbol, FileSymbolKind};

use dossier_analysis::{Analysis, Config};

/// What every feature reads.
pub struct Ctx<'a> {
    pub text: &'a str,
    pub analysis: &'a Analysis,
    pub config: &'a Config,
}
