//! The syntax layer: YAML text in, a spanned tree plus errors out.
//!
//! Invariants (see ARCHITECTURE.md):
//! - [`parse`] never fails and never panics: it returns a [`Parse`] holding
//!   whatever tree could be recovered and a list of [`SyntaxError`]s.
//! - Every node carries the byte range it came from, in the caller's text.
//! - Input tree-sitter cannot take (nesting deeper than [`MAX_DEPTH`], more
//!   than [`MAX_SIZE`] bytes) is refused *before* it reaches tree-sitter.
//! - The format's restrictions on YAML (no tabs, anchors, aliases, tags,
//!   merge keys, several documents or duplicate keys) are syntax errors here.

mod build;
pub mod display;
mod document;
pub mod emit;
mod guard;
mod line_index;
mod restrictions;
mod scalar;
mod tree;

pub use document::{Document, Point, TextEdit};
pub use guard::{check_limits, too_large, MAX_DEPTH, MAX_LINES, MAX_SIZE};
pub use line_index::{Encoding, LineCol, LineIndex};
pub use tree::{Entry, Mapping, Node, NodeKind, Scalar, ScalarKind, ScalarStyle};

/// A half-open byte range `start..end` in the source text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TextRange {
    pub start: usize,
    pub end: usize,
}

impl TextRange {
    pub const fn new(start: usize, end: usize) -> TextRange {
        TextRange { start, end }
    }
    pub const fn empty(at: usize) -> TextRange {
        TextRange { start: at, end: at }
    }
    pub const fn len(self) -> usize {
        self.end - self.start
    }
    pub const fn is_empty(self) -> bool {
        self.start == self.end
    }
    /// Whether `offset` lies inside the range, its end included (a cursor
    /// right after a word still "touches" the word).
    pub const fn touches(self, offset: usize) -> bool {
        self.start <= offset && offset <= self.end
    }
    pub fn cover(self, other: TextRange) -> TextRange {
        TextRange::new(self.start.min(other.start), self.end.max(other.end))
    }
}

impl std::fmt::Display for TextRange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}..{}", self.start, self.end)
    }
}

/// What went wrong, and where. Messages are one line and say what to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxError {
    pub range: TextRange,
    pub message: String,
}

/// A comment, `#` included.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Comment {
    pub range: TextRange,
    pub text: String,
}

/// The result of parsing: never a failure, always a (possibly empty) tree.
#[derive(Clone, Debug, Default)]
pub struct Parse {
    /// The document's root node; `None` for an empty or refused file.
    pub root: Option<Node>,
    pub errors: Vec<SyntaxError>,
    pub comments: Vec<Comment>,
    /// Set when the input was refused before parsing (too large, too deep,
    /// not UTF-8): later layers should not report "missing key" noise.
    pub refused: bool,
    /// tree-sitter could not parse part of the file (ERROR or MISSING
    /// nodes): the tree is partial, so "missing key" errors are noise.
    pub partial: bool,
    /// Byte ranges tree-sitter could not read into structure (its ERROR
    /// nodes, and the rest of the file when it gave up early). What the
    /// tree holds there is salvaged and may sit at the wrong level, and
    /// what is missing may be written there: later layers report nothing
    /// there but the syntax errors, and conclude nothing from absence.
    pub unreadable: Vec<TextRange>,
}

impl Parse {
    /// Whether `range` overlaps a part of the file the parser could not
    /// read.
    pub fn in_unreadable(&self, range: TextRange) -> bool {
        self.unreadable.iter().any(|u| {
            range.start < u.end.max(u.start + 1) && u.start < range.end.max(range.start + 1)
        })
    }
}

/// Parse YAML text. Never fails, never panics. To reparse a document as
/// it is edited, use a [`Document`].
pub fn parse(text: &str) -> Parse {
    parse_tree(text, None, None, None).0
}

/// Parse, reusing `old_tree` (already edited to match `text`) and the
/// top-level sections of the last parse; also returns the new tree and
/// sections, for a [`Document`] to keep.
fn parse_tree(
    text: &str,
    old_tree: Option<&tree_sitter::Tree>,
    old_sections: Option<&build::Sections>,
    old_guard: Option<(&guard::Checkpoints, guard::Dirty)>,
) -> (
    Parse,
    Option<tree_sitter::Tree>,
    Option<build::Sections>,
    Option<guard::Checkpoints>,
) {
    let (checked, checkpoints) = guard::check_limits_from(text, old_guard);
    if let Err(err) = checked {
        let parse = Parse {
            errors: vec![err],
            refused: true,
            ..Parse::default()
        };
        return (parse, None, None, None);
    }
    let (parse, tree, sections) = build::build(text, old_tree, old_sections);
    (parse, tree, sections, checkpoints)
}

/// Decode bytes as UTF-8. On failure, returns the lossy text (for display)
/// and a syntax error at the first invalid byte.
pub fn decode(bytes: &[u8]) -> Result<&str, (String, SyntaxError)> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.valid_up_to();
            let lossy = String::from_utf8_lossy(bytes).into_owned();
            let end = (at + 3).min(lossy.len());
            Err((
                lossy,
                SyntaxError {
                    range: TextRange::new(at, end),
                    message: format!("invalid UTF-8 at byte {at}: save the file as UTF-8"),
                },
            ))
        }
    }
}
