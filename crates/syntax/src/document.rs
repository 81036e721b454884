//! A document being edited, for incremental reparsing: the tree-sitter
//! tree of the last parse, moved along by each edit, and the spanned
//! sections of the last parse, keyed by their text. tree-sitter never
//! leaves this crate; callers describe edits with byte offsets and
//! line/byte-column points.

use std::sync::Arc;

use crate::build::Sections;
use crate::guard::{Checkpoints, Dirty};
use crate::Parse;

/// A position as tree-sitter counts it: a line and a byte column.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Point {
    pub line: usize,
    /// Bytes from the start of the line.
    pub column: usize,
}

/// One edit, in the coordinates of the text before it (`start`,
/// `old_end`) and after it (`new_end`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TextEdit {
    pub start: usize,
    pub old_end: usize,
    pub new_end: usize,
    pub start_point: Point,
    pub old_end_point: Point,
    pub new_end_point: Point,
}

/// The parser's memory of a document between versions. Cloning is cheap
/// (the tree and the sections are shared).
///
/// A reparse re-reads with tree-sitter only what the edits touched, and
/// rebuilds the spanned tree only for the top-level entries (`vendor:`,
/// `facts:` ...) whose text changed: the others are the last parse's,
/// moved to their new offsets. The result is always the same as
/// [`crate::parse`] of the same text.
#[derive(Clone, Debug, Default)]
pub struct Document {
    tree: Option<tree_sitter::Tree>,
    sections: Option<Arc<Sections>>,
    /// The nesting guard's states at line starts of the last text, and
    /// what the edits since changed: the guard rescans only from there.
    guard: Option<Arc<Checkpoints>>,
    dirty: Option<Dirty>,
    derived: Derived,
}

/// What a later layer derived from the last parse, for its next run.
#[derive(Clone, Default)]
struct Derived(Option<Arc<dyn std::any::Any + Send + Sync>>);

impl std::fmt::Debug for Derived {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(if self.0.is_some() {
            "Derived(..)"
        } else {
            "Derived(None)"
        })
    }
}

/// The region changed by `edit` after the region `dirty` (see [`Dirty`]),
/// in the coordinates after `edit`; `None` for an edit that does not add
/// up (then the guard checks everything).
fn cover(dirty: Option<Dirty>, edit: &TextEdit) -> Option<Dirty> {
    if edit.old_end < edit.start || edit.new_end < edit.start {
        return None;
    }
    let de = edit.new_end as isize - edit.old_end as isize;
    let Some(d) = dirty else {
        return Some(Dirty {
            start: edit.start,
            new_end: edit.new_end,
            delta: de,
        });
    };
    let moved_end = if d.new_end >= edit.old_end {
        d.new_end.checked_add_signed(de)?
    } else if d.new_end <= edit.start {
        d.new_end
    } else {
        edit.new_end
    };
    Some(Dirty {
        start: d.start.min(edit.start),
        new_end: moved_end.max(edit.new_end),
        delta: d.delta + de,
    })
}

fn point(p: Point) -> tree_sitter::Point {
    tree_sitter::Point {
        row: p.line,
        column: p.column,
    }
}

impl Document {
    pub fn new() -> Document {
        Document::default()
    }

    /// Move the kept tree along an edit; the next [`Document::reparse`]
    /// then re-reads only what changed. Without a tree, nothing to do.
    pub fn edit(&mut self, edit: &TextEdit) {
        self.dirty = self.guard.as_ref().and_then(|_| cover(self.dirty, edit));
        if self.dirty.is_none() {
            self.guard = None;
        }
        if let Some(tree) = self.tree.as_mut() {
            tree.edit(&tree_sitter::InputEdit {
                start_byte: edit.start,
                old_end_byte: edit.old_end,
                new_end_byte: edit.new_end,
                start_position: point(edit.start_point),
                old_end_position: point(edit.old_end_point),
                new_end_position: point(edit.new_end_point),
            });
        }
    }

    /// Parse `text`, the document's text after every edit given so far,
    /// reusing the kept tree, and keep the new tree for next time. Like
    /// [`crate::parse`], never fails and never panics.
    pub fn reparse(&mut self, text: &str) -> Parse {
        let old = self.sections.take();
        let empty = Sections::default();
        // Without an edit since the last check, nothing says the text is
        // the same: check it all.
        let guard = self.guard.take();
        let dirty = self.dirty.take().filter(|d| d.new_end <= text.len());
        let old_guard = guard.as_deref().zip(dirty);
        let (parse, tree, sections, checkpoints) = crate::parse_tree(
            text,
            self.tree.as_ref(),
            Some(old.as_deref().unwrap_or(&empty)),
            old_guard,
        );
        self.tree = tree;
        self.sections = sections.map(Arc::new);
        self.guard = checkpoints.map(Arc::new);
        parse
    }

    /// Drop the kept tree and sections (to save memory, or after the text
    /// was replaced wholesale); the next parse starts afresh.
    pub fn forget(&mut self) {
        self.tree = None;
        self.sections = None;
        self.guard = None;
        self.dirty = None;
        self.derived = Derived::default();
    }

    /// What a later layer kept from its last run on this document (the
    /// analysis keeps its per-section validation here), if of type `T`.
    /// The syntax layer never looks inside; [`Document::forget`] drops it.
    pub fn derived<T: std::any::Any + Send + Sync>(&self) -> Option<Arc<T>> {
        self.derived.0.clone()?.downcast().ok()
    }

    /// Keep `value` for the next run (see [`Document::derived`]).
    pub fn set_derived<T: std::any::Any + Send + Sync>(&mut self, value: Arc<T>) {
        self.derived = Derived(Some(value));
    }

    /// How many bytes of text the last reparse took from the previous
    /// parse's sections rather than building them again.
    pub fn reused_bytes(&self) -> usize {
        self.sections.as_ref().map_or(0, |s| s.reused)
    }

    /// Whether a tree is kept.
    pub fn has_tree(&self) -> bool {
        self.tree.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Lines end at `\n`, `\r\n` and a lone `\r`, as the server's rope
    /// counts them.
    fn point_at(text: &str, offset: usize) -> Point {
        let bytes = text.as_bytes();
        let (mut line, mut line_start) = (0, 0);
        for (i, &b) in bytes[..offset].iter().enumerate() {
            if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
                line += 1;
                line_start = i + 1;
            }
        }
        Point {
            line,
            column: offset - line_start,
        }
    }

    /// Replace `old_range` with `new`, tell the document, reparse.
    fn edit(doc: &mut Document, text: &mut String, start: usize, old_end: usize, new: &str) {
        let before = text.clone();
        text.replace_range(start..old_end, new);
        let new_end = start + new.len();
        doc.edit(&TextEdit {
            start,
            old_end,
            new_end,
            start_point: point_at(&before, start),
            old_end_point: point_at(&before, old_end),
            new_end_point: point_at(text, new_end),
        });
    }

    #[test]
    fn an_edited_document_reparses_like_a_fresh_parse() {
        let mut text = "a: 1\nb:\n  c: [x, y]\n".to_string();
        let mut doc = Document::new();
        assert!(!doc.has_tree());
        doc.reparse(&text);
        assert!(doc.has_tree());
        for (start, end, new) in [
            (3, 4, "22"),
            (14, 14, "z, "),
            (0, 0, "# c\n"),
            (9, 9, "  d: {"),
        ] {
            edit(&mut doc, &mut text, start, end, new);
            let incremental = doc.reparse(&text);
            let fresh = crate::parse(&text);
            assert_eq!(
                format!("{:?}{:?}", incremental.root, incremental.errors),
                format!("{:?}{:?}", fresh.root, fresh.errors),
                "{text:?}"
            );
        }
        doc.forget();
        assert!(!doc.has_tree());
    }

    /// Everything a parse says, for comparing two parses.
    fn summary(p: &Parse) -> String {
        format!(
            "{:?}\n{:?}\n{:?}\n{:?} {} {}",
            p.root, p.errors, p.comments, p.unreadable, p.partial, p.refused
        )
    }

    #[test]
    fn an_edit_inside_one_section_rebuilds_only_that_section() {
        let mut text = String::from(include_str!("../../../examples/alibaba-cloud.dossier.yaml"));
        let mut doc = Document::new();
        doc.reparse(&text);
        assert_eq!(doc.reused_bytes(), 0);
        // One character typed into the first source's title.
        let at = text.find("title: ").unwrap() + "title: ".len();
        edit(&mut doc, &mut text, at, at, "x");
        let parse = doc.reparse(&text);
        assert_eq!(summary(&parse), summary(&crate::parse(&text)));
        // Everything but the edited source came from the last parse: what
        // was read afresh is that source, the top-level keys, comments and
        // blank lines.
        let piece_start = text[..at].rfind("\n  trust-center:").unwrap() + 1;
        let source_len = text[piece_start..].find("\n  data-residency:").unwrap() + 1;
        let between: usize = text
            .split_inclusive('\n')
            .filter(|l| {
                !l.starts_with(' ') || l.trim().is_empty() || l.trim_start().starts_with('#')
            })
            .map(str::len)
            .sum();
        let fresh = text.len() - doc.reused_bytes();
        assert!(
            fresh <= source_len + between + 2 && fresh >= source_len,
            "read {fresh} of {} bytes afresh; the source is {source_len}, the rest {between}",
            text.len()
        );
    }

    use proptest::prelude::*;

    /// Pieces an edit inserts: structure, quotes, line ends of every kind,
    /// a BOM, characters outside ASCII (emoji, CJK), tabs.
    const PIECES: &[&str] = &[
        "x",
        "1",
        " ",
        ":",
        ": ",
        "\n",
        "\r\n",
        "\r",
        "- ",
        "  ",
        "[",
        "]",
        "{",
        "}",
        "\"",
        "'",
        "#",
        "# c\n",
        "\u{feff}",
        "😀",
        "阿里",
        "é",
        "\t",
        "|\n  a\n",
        "&a ",
        "*a",
        "---\n",
        "  extra: yes\n",
        "zz: 1\n",
        "- id: s9\n",
        // Deep nesting, near and past the guard's limit of 64.
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
        "]]]]]]]]",
        "- - - - - - - - - - - - - - - - ",
        "{a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: {m: {n: {o: {p: {q: ",
    ];

    fn arb_edit() -> impl Strategy<Value = (usize, usize, String)> {
        (
            any::<usize>(),
            0usize..12,
            proptest::collection::vec(proptest::sample::select(PIECES), 0..3),
        )
            .prop_map(|(at, del, pieces)| (at, del, pieces.concat()))
    }

    fn floor_boundary(text: &str, mut i: usize) -> usize {
        i = i.min(text.len());
        while !text.is_char_boundary(i) {
            i -= 1;
        }
        i
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(std::env::var("SYNTAX_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(48)))]
        /// After any sequence of edits, reparsing the document gives what a
        /// fresh parse of its text gives.
        #[test]
        fn random_edits_reparse_like_a_fresh_parse(
            crlf in any::<bool>(),
            edits in proptest::collection::vec(arb_edit(), 1..12),
        ) {
            let mut text = String::from(include_str!("../../../examples/alibaba-cloud.dossier.yaml"));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            let mut doc = Document::new();
            doc.reparse(&text);
            for (at, del, insert) in edits {
                let start = floor_boundary(&text, at % (text.len() + 1));
                let end = floor_boundary(&text, start + del);
                // The edit starts a byte early, as the server does (a `\r`
                // before it may join or leave a CRLF).
                let early = floor_boundary(&text, start.saturating_sub(1));
                let before = text.clone();
                text.replace_range(start..end, &insert);
                doc.edit(&TextEdit {
                    start: early,
                    old_end: end,
                    new_end: start + insert.len(),
                    start_point: point_at(&before, early),
                    old_end_point: point_at(&before, end),
                    new_end_point: point_at(&text, start + insert.len()),
                });
                let incremental = doc.reparse(&text);
                prop_assert_eq!(summary(&incremental), summary(&crate::parse(&text)), "{:?}", text);
            }
        }
    }
}
