//! A document being edited, for incremental reparsing: the tree-sitter
//! tree of the last parse, moved along by each edit. tree-sitter never
//! leaves this crate; callers describe edits with byte offsets and
//! line/byte-column points.

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
/// (the tree is shared).
#[derive(Clone, Debug, Default)]
pub struct Document {
    tree: Option<tree_sitter::Tree>,
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
        let (parse, tree) = crate::parse_tree(text, self.tree.as_ref());
        self.tree = tree;
        parse
    }

    /// Drop the kept tree (to save memory, or after the text was replaced
    /// wholesale); the next parse starts afresh.
    pub fn forget(&mut self) {
        self.tree = None;
    }

    /// Whether a tree is kept.
    pub fn has_tree(&self) -> bool {
        self.tree.is_some()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point_at(text: &str, offset: usize) -> Point {
        let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
        Point {
            line: text[..offset].matches('\n').count(),
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
}
