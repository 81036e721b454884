//! Building the spanned tree from tree-sitter's concrete tree: conversion,
//! scalar decoding, comments and parse errors. What the format forbids in
//! YAML is checked in [`crate::restrictions`].

/// A hash map with a fast, randomly seeded hasher (keys are the file's).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;
use std::cell::RefCell;
use std::sync::Arc;

use crate::scalar;
use crate::tree::{Entry, Mapping, Node, NodeKind, Scalar, ScalarKind, ScalarStyle};
use crate::{Comment, Parse, SyntaxError, TextRange};

thread_local! {
    static PARSER: RefCell<tree_sitter::Parser> = RefCell::new({
        let mut p = tree_sitter::Parser::new();
        p.set_language(&tree_sitter_yaml::LANGUAGE.into())
            .expect("the bundled tree-sitter-yaml grammar matches the tree-sitter ABI");
        p
    });
}

/// The grammar's node names, indexed by kind id. `Node::kind` converts a C
/// string (with a UTF-8 check) on every call, and the builder asks for
/// kinds tens of thousands of times per parse.
static KINDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    static LANGUAGE: std::sync::LazyLock<tree_sitter::Language> =
        std::sync::LazyLock::new(|| tree_sitter_yaml::LANGUAGE.into());
    let language: &'static tree_sitter::Language = &LANGUAGE;
    (0..language.node_kind_count() as u16)
        .map(|id| language.node_kind_for_id(id).unwrap_or(""))
        .collect()
});

/// The field ids of a mapping pair's key and value.
static FIELDS: std::sync::LazyLock<(Option<std::num::NonZeroU16>, Option<std::num::NonZeroU16>)> =
    std::sync::LazyLock::new(|| {
        let language: tree_sitter::Language = tree_sitter_yaml::LANGUAGE.into();
        (
            language.field_id_for_name("key"),
            language.field_id_for_name("value"),
        )
    });

fn field(n: tree_sitter::Node, id: Option<std::num::NonZeroU16>) -> Option<tree_sitter::Node> {
    n.child_by_field_id(id?.get())
}

/// The kind of a node (the same string as `Node::kind`, from a table).
pub(crate) fn kind(n: tree_sitter::Node) -> &'static str {
    // ERROR is the builtin symbol `u16::MAX`, outside the table.
    KINDS.get(n.kind_id() as usize).copied().unwrap_or("ERROR")
}

/// Deepest recursion while converting; the guard keeps real input far below.
const MAX_CONVERT_DEPTH: usize = 256;

/// The spanned pieces of each top-level section from the last parse (the
/// entries of `facts:` or `sources:`, the items of `findings:`), keyed by
/// their text: what lets a reparse after an edit rebuild only the piece
/// edited (see [`crate::Document`]). A piece is kept only when building it
/// reported nothing (so no message in it names a line) and tree-sitter
/// read it without error; its ranges are those of the parse it came from,
/// shifted when it is reused elsewhere.
#[derive(Debug, Default)]
pub(crate) struct Sections {
    /// Key: the text of the piece's tree-sitter node, from the start of its
    /// line (a block scalar's indentation is read from there) to one byte
    /// past its end (whether a `\r` there ends a CRLF). Value: where that
    /// text started, and what was built from it.
    map: HashMap<Box<str>, (usize, Piece)>,
    /// How many bytes of text the parse that made these reused.
    pub(crate) reused: usize,
}

/// A built entry of a mapping, or item of a sequence.
#[derive(Clone, Debug)]
enum Piece {
    Entry(Arc<Entry>),
    Item(Arc<Node>),
}

/// Sections of the last parse to reuse, and those of this one.
struct SectionCache<'a> {
    old: &'a Sections,
    new: Sections,
}

/// Move every range of an entry by `delta` bytes.
fn shift_entry(e: &mut Entry, delta: isize) {
    shift_range(&mut e.range, delta);
    shift_range(&mut e.key.range, delta);
    shift_node(&mut e.value, delta);
}

fn shift_range(r: &mut TextRange, delta: isize) {
    r.start = r.start.wrapping_add_signed(delta);
    r.end = r.end.wrapping_add_signed(delta);
}

fn shift_node(n: &mut Node, delta: isize) {
    shift_range(&mut n.range, delta);
    match &mut n.kind {
        NodeKind::Mapping(m) => m.entries.iter_mut().for_each(|e| shift_entry(e, delta)),
        NodeKind::Sequence(items) => items.iter_mut().for_each(|i| shift_node(i, delta)),
        NodeKind::Scalar(s) => shift_range(&mut s.range, delta),
        NodeKind::Null | NodeKind::Invalid => {}
    }
}

pub(crate) fn build(
    text: &str,
    old_tree: Option<&tree_sitter::Tree>,
    old_sections: Option<&Sections>,
) -> (Parse, Option<tree_sitter::Tree>, Option<Sections>) {
    // tree-sitter-yaml mis-parses multi-line quoted scalars with CRLF line
    // ends. Replacing `\r` by a byte of the same length keeps every offset.
    let source: std::borrow::Cow<str> = if text.contains('\r') {
        let mut bytes = text.as_bytes().to_vec();
        for i in 0..bytes.len() {
            if bytes[i] == b'\r' {
                bytes[i] = if bytes.get(i + 1) == Some(&b'\n') {
                    b' '
                } else {
                    b'\n'
                };
            }
        }
        std::borrow::Cow::Owned(String::from_utf8(bytes).unwrap_or_else(|_| text.to_string()))
    } else {
        std::borrow::Cow::Borrowed(text)
    };
    let tree = PARSER.with(|p| p.borrow_mut().parse(source.as_bytes(), old_tree));
    let Some(tree) = tree else {
        let parse = Parse {
            errors: vec![SyntaxError {
                range: TextRange::empty(0),
                message: "the YAML parser gave up on this file".into(),
            }],
            refused: true,
            ..Parse::default()
        };
        return (parse, None, None);
    };
    // Tabs are checked against the ranges of every scalar, which a reused
    // section does not record: a text with a tab is built in full.
    let cache = old_sections
        .filter(|_| !text.contains('\t'))
        .map(|old| SectionCache {
            old,
            new: Sections::default(),
        });
    let mut b = Builder {
        text,
        errors: Vec::new(),
        comments: Vec::new(),
        scalar_ranges: Vec::new(),
        unreadable: Vec::new(),
        cache,
        root_mapping: None,
        sections: Vec::new(),
    };
    let root = b.stream(tree.root_node());
    b.report_parse_errors(tree.root_node());
    b.forbid_tabs();
    b.forbid_non_printable();
    let Builder {
        mut errors,
        comments,
        mut unreadable,
        cache,
        ..
    } = b;
    unreadable.sort_by_key(|r| (r.start, r.end));
    errors.sort_by_key(|e| (e.range.start, e.range.end));
    errors.dedup();
    let parse = Parse {
        root,
        errors,
        comments,
        refused: false,
        partial: tree.root_node().has_error(),
        unreadable,
    };
    (parse, Some(tree), cache.map(|c| c.new))
}

pub(crate) struct Builder<'a> {
    pub(crate) text: &'a str,
    pub(crate) errors: Vec<SyntaxError>,
    pub(crate) comments: Vec<Comment>,
    /// Ranges where a tab is content, not indentation.
    pub(crate) scalar_ranges: Vec<TextRange>,
    /// Outermost ERROR nodes, and the text after the last one tree-sitter
    /// read: see [`Parse::unreadable`].
    pub(crate) unreadable: Vec<TextRange>,
    /// Set when reparsing a [`crate::Document`]: the sections to reuse.
    cache: Option<SectionCache<'a>>,
    /// The tree-sitter id of the document's top-level block mapping.
    root_mapping: Option<usize>,
    /// The tree-sitter ids of the block mappings and sequences that are
    /// the values of top-level entries: their pieces are cached.
    sections: Vec<usize>,
}

/// The first token inside an ERROR node that tree-sitter could not place:
/// a nested ERROR or MISSING node, or a bare bracket or quote directly
/// under it. `None` when every child is a well-formed piece.
fn offending_token(n: tree_sitter::Node) -> Option<usize> {
    let mut cursor = n.walk();
    let children: Vec<_> = n.children(&mut cursor).collect();
    children.into_iter().find_map(|c| {
        if c.is_error() {
            offending_token(c).or(Some(c.start_byte()))
        } else if c.is_missing() || matches!(kind(c), "[" | "]" | "{" | "}" | "\"" | "'") {
            Some(c.start_byte())
        } else {
            None
        }
    })
}

/// The start of a quoted scalar spanning lines that ends where the ERROR
/// node `n` ends.
fn open_quote_before(n: tree_sitter::Node, end: usize) -> Option<usize> {
    let mut d = n.descendant_for_byte_range(end.checked_sub(1)?, end)?;
    loop {
        if matches!(kind(d), "double_quote_scalar" | "single_quote_scalar") {
            return (d.end_byte() == end && d.start_position().row != d.end_position().row)
                .then(|| d.start_byte());
        }
        if d.id() == n.id() {
            return None;
        }
        d = d.parent()?;
    }
}

pub(crate) fn range_of(n: tree_sitter::Node) -> TextRange {
    TextRange::new(n.start_byte(), n.end_byte())
}

impl<'a> Builder<'a> {
    pub(crate) fn src(&self, n: tree_sitter::Node) -> &'a str {
        self.text.get(n.start_byte()..n.end_byte()).unwrap_or("")
    }

    pub(crate) fn error(&mut self, range: TextRange, message: impl Into<String>) {
        self.errors.push(SyntaxError {
            range,
            message: message.into(),
        });
    }

    fn stream(&mut self, root: tree_sitter::Node) -> Option<Node> {
        self.collect_comments(root);
        let mut cursor = root.walk();
        let mut documents = root
            .children(&mut cursor)
            .filter(|c| kind(*c) == "document" || kind(*c) == "ERROR")
            .collect::<Vec<_>>();
        if kind(root) == "ERROR" {
            documents = vec![root];
        }
        self.forbid_extra_documents(&documents);
        for doc in &documents {
            self.report_directives(*doc);
        }
        let doc = *documents.first()?;
        if kind(doc) == "ERROR" {
            return self.salvage(doc, 0);
        }
        let mut cursor = doc.walk();
        let content = doc
            .children(&mut cursor)
            .find(|c| matches!(kind(*c), "block_node" | "flow_node" | "ERROR"));
        if let Some(c) = content.filter(|c| kind(*c) == "block_node") {
            let mut cursor = c.walk();
            let mapping = c
                .children(&mut cursor)
                .find(|x| kind(*x) == "block_mapping");
            self.root_mapping = mapping.map(|m| m.id());
        }
        content.and_then(|c| self.node(c, 0))
    }

    /// Comments, in order. Rather than walking every node of the tree
    /// (most of the cost of a parse, for a few comments), look up the node
    /// at each `#`: a comment node starts there, or the `#` is inside a
    /// token (a URL's fragment, a quoted string) whose end we skip to.
    ///
    /// The `#`s come in order, so one cursor moves forward through the tree
    /// for all of them: it never goes back over a sibling it has passed,
    /// and the whole search is linear in the tree (a lookup from the root
    /// per `#` scans the siblings before it, quadratic in a file of
    /// comment lines).
    fn collect_comments(&mut self, root: tree_sitter::Node) {
        let bytes = self.text.as_bytes();
        let mut finder = NodeFinder::new(root);
        let mut at = 0;
        while let Some(i) = bytes
            .get(at..)
            .and_then(|b| b.iter().position(|&b| b == b'#'))
        {
            let pos = at + i;
            at = pos + 1;
            let Some(n) = finder.smallest_containing(pos) else {
                continue;
            };
            if kind(n) == "comment" && n.start_byte() == pos {
                // The parser sees CRLF's `\r` as a space (see `build`): it
                // is not part of the comment.
                let text = self.src(n).trim_end();
                self.comments.push(Comment {
                    range: TextRange::new(pos, pos + text.len()),
                    text: text.to_string(),
                });
                at = at.max(n.end_byte());
            } else if n.child_count() == 0 {
                at = at.max(n.end_byte());
            }
        }
    }

    /// Report tree-sitter ERROR and MISSING nodes, outermost only.
    fn report_parse_errors(&mut self, root: tree_sitter::Node) {
        if !root.has_error() {
            return;
        }
        let mut cursor = root.walk();
        let mut stack = vec![root];
        while let Some(n) = stack.pop() {
            if n.is_missing() {
                let at = n.start_byte();
                self.error(TextRange::empty(at), format!("missing `{}` here", kind(n)));
                continue;
            }
            if n.is_error() {
                let r = range_of(n);
                self.unreadable.push(r);
                // Where the parse broke: when tree-sitter gave up before the
                // end of the file, at the first byte it did not read; else
                // at the first token it could not place in the ERROR node.
                let tail = self.text.len() - self.text[r.end..].trim_start().len();
                let at = if r.end == root.end_byte() && tail < self.text.len() {
                    self.unreadable.push(TextRange::new(r.end, self.text.len()));
                    // A quote left open reads on over many lines before the
                    // parse breaks: the fault is the opening quote.
                    open_quote_before(n, r.end).unwrap_or(tail)
                } else {
                    offending_token(n).unwrap_or(r.start)
                };
                let line_end = self.text[at..]
                    .find(['\n', '\r'])
                    .map_or(self.text.len(), |i| at + i);
                let snippet = self.text[at..line_end].trim();
                let message = if snippet.starts_with(['"', '\'']) {
                    "unterminated or malformed quoted string: close the quote on this value"
                        .to_string()
                } else if snippet.starts_with(['[', '{']) {
                    "unclosed flow collection: add the closing bracket".to_string()
                } else if snippet.starts_with([']', '}']) {
                    "unexpected closing bracket: remove it, or open the collection it closes"
                        .to_string()
                } else if snippet.is_empty() {
                    "invalid YAML here: check the indentation of this line".to_string()
                } else {
                    "invalid YAML here: check the indentation, and that each key is followed by `: `".to_string()
                };
                self.error(TextRange::new(at, line_end.max(at)), message);
                continue;
            }
            if n.has_error() {
                for c in n.children(&mut cursor) {
                    stack.push(c);
                }
            }
        }
    }

    /// Convert a `block_node`/`flow_node` (or a bare content node).
    fn node(&mut self, n: tree_sitter::Node, depth: usize) -> Option<Node> {
        if depth > MAX_CONVERT_DEPTH {
            return Some(Node {
                kind: NodeKind::Invalid,
                range: range_of(n),
            });
        }
        match kind(n) {
            "block_node" | "flow_node" => {
                let mut cursor = n.walk();
                let mut content = None;
                for c in n.children(&mut cursor) {
                    match kind(c) {
                        "anchor" | "tag" => self.forbid_node_property(c),
                        "comment" => {}
                        _ => content = Some(c),
                    }
                }
                match content {
                    Some(c) => self.node(c, depth + 1),
                    None => Some(Node {
                        kind: NodeKind::Null,
                        range: TextRange::empty(n.end_byte()),
                    }),
                }
            }
            "block_mapping" | "flow_mapping" => Some(self.mapping(n, depth)),
            "block_sequence" | "flow_sequence" => Some(self.sequence(n, depth)),
            "plain_scalar" | "single_quote_scalar" | "double_quote_scalar" | "block_scalar" => {
                self.scalar(n).map(|s| Node {
                    range: s.range,
                    kind: NodeKind::Scalar(s),
                })
            }
            "alias" => {
                self.forbid_alias(n);
                Some(Node {
                    kind: NodeKind::Invalid,
                    range: range_of(n),
                })
            }
            "ERROR" => self.salvage(n, depth),
            "flow_pair" => {
                // `[a: b]`: a single-pair mapping inside a flow sequence.
                let mut m = Mapping {
                    entries: Vec::new(),
                    flow: true,
                };
                let mut seen = HashMap::default();
                self.pair(n, &mut m, &mut seen, depth);
                Some(Node {
                    kind: NodeKind::Mapping(m),
                    range: range_of(n),
                })
            }
            _ => Some(Node {
                kind: NodeKind::Invalid,
                range: range_of(n),
            }),
        }
    }

    /// Recover what we can from an ERROR node: its key/value pairs become a
    /// mapping, so analysis of a half-typed file still sees the rest.
    fn salvage(&mut self, n: tree_sitter::Node, depth: usize) -> Option<Node> {
        let mut m = Mapping::default();
        let mut seen = HashMap::default();
        let mut cursor = n.walk();
        let children: Vec<_> = n.children(&mut cursor).collect();
        for c in children {
            match kind(c) {
                "block_mapping_pair" | "flow_pair" => self.pair(c, &mut m, &mut seen, depth),
                "block_node" | "flow_node" => {
                    if let Some(Node {
                        kind: NodeKind::Mapping(inner),
                        ..
                    }) = self.node(c, depth + 1)
                    {
                        for e in inner.entries {
                            if seen.insert(e.key.value.clone(), e.key.range).is_none() {
                                m.entries.push(e);
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Some(Node {
            kind: if m.entries.is_empty() {
                NodeKind::Invalid
            } else {
                NodeKind::Mapping(m)
            },
            range: range_of(n),
        })
    }

    fn mapping(&mut self, n: tree_sitter::Node, depth: usize) -> Node {
        let mut m = Mapping {
            entries: Vec::new(),
            flow: kind(n) == "flow_mapping",
        };
        let mut seen: HashMap<String, TextRange> = HashMap::default();
        let mut cursor = n.walk();
        let children: Vec<_> = n.children(&mut cursor).collect();
        if self.cache.is_some() && self.root_mapping == Some(n.id()) {
            for c in &children {
                if let Some(v) = field(*c, FIELDS.1).filter(|v| kind(*v) == "block_node") {
                    let mut vc = v.walk();
                    self.sections.extend(
                        v.children(&mut vc)
                            .filter(|x| matches!(kind(*x), "block_mapping" | "block_sequence"))
                            .map(|x| x.id()),
                    );
                }
            }
        }
        let cached = self.cache.is_some() && self.sections.contains(&n.id());
        for c in children {
            match kind(c) {
                "block_mapping_pair" if cached => self.cached_pair(c, &mut m, &mut seen, depth),
                "block_mapping_pair" | "flow_pair" => self.pair(c, &mut m, &mut seen, depth),
                "flow_node" => {
                    // `{a}`: a key without a value.
                    if let Some(key) = self.key(c) {
                        let at = c.end_byte();
                        self.push_entry(
                            &mut m,
                            &mut seen,
                            key,
                            Node {
                                kind: NodeKind::Null,
                                range: TextRange::empty(at),
                            },
                            range_of(c),
                        );
                    }
                }
                "ERROR" => {
                    if let Some(Node {
                        kind: NodeKind::Mapping(inner),
                        ..
                    }) = self.salvage(c, depth + 1)
                    {
                        for e in inner.entries {
                            let r = e.range;
                            self.push_entry(&mut m, &mut seen, e.key, e.value, r);
                        }
                    }
                }
                _ => {}
            }
        }
        Node {
            kind: NodeKind::Mapping(m),
            range: range_of(n),
        }
    }

    /// The text that keys a piece built from node `p`, and where it
    /// starts; `None` when the piece must be built afresh.
    fn piece_key(&self, p: tree_sitter::Node) -> Option<(&'a str, usize)> {
        let start = p.start_byte();
        let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |i| i + 1);
        let end = (p.end_byte() + 1).min(self.text.len());
        if p.has_error() || end <= start {
            return None;
        }
        let text: &'a str = self.text;
        Some((text.get(line_start..end)?, line_start))
    }

    /// The piece cached under `key`, moved to `at`.
    fn reuse(&mut self, key: &str, at: usize) -> Option<Piece> {
        let cache = self.cache.as_mut()?;
        let (old_start, piece) = cache.old.map.get(key)?;
        cache.new.reused += key.len();
        cache
            .new
            .map
            .insert(key.into(), (*old_start, piece.clone()));
        let delta = at as isize - *old_start as isize;
        Some(match piece {
            Piece::Entry(e) => {
                let mut e = Entry::clone(e);
                shift_entry(&mut e, delta);
                Piece::Entry(Arc::new(e))
            }
            Piece::Item(n) => {
                let mut n = Node::clone(n);
                shift_node(&mut n, delta);
                Piece::Item(Arc::new(n))
            }
        })
    }

    fn keep(&mut self, key: &str, at: usize, piece: Piece) {
        if let Some(cache) = self.cache.as_mut() {
            cache.new.map.insert(key.into(), (at, piece));
        }
    }

    /// An entry of a top-level section: reused from the last parse when
    /// its text is the same, else built (and kept for the next parse).
    fn cached_pair(
        &mut self,
        p: tree_sitter::Node,
        m: &mut Mapping,
        seen: &mut HashMap<String, TextRange>,
        depth: usize,
    ) {
        let Some((key, at)) = self.piece_key(p) else {
            return self.pair(p, m, seen, depth);
        };
        if let Some(Piece::Entry(e)) = self.reuse(key, at) {
            let e = Arc::unwrap_or_clone(e);
            self.push_entry(m, seen, e.key, e.value, e.range);
            return;
        }
        let errors = self.errors.len();
        let Some((k, value, range)) = self.pair_entry(p, depth) else {
            return;
        };
        if self.errors.len() == errors {
            let entry = Entry {
                key: k.clone(),
                value: value.clone(),
                range,
            };
            self.keep(key, at, Piece::Entry(Arc::new(entry)));
        }
        self.push_entry(m, seen, k, value, range);
    }

    /// An item of a top-level section, cached like [`Self::cached_pair`].
    fn cached_item(&mut self, c: tree_sitter::Node, depth: usize) -> Option<Node> {
        let Some((key, at)) = self.piece_key(c) else {
            return self.item(c, depth);
        };
        if let Some(Piece::Item(n)) = self.reuse(key, at) {
            return Some(Arc::unwrap_or_clone(n));
        }
        let errors = self.errors.len();
        let item = self.item(c, depth)?;
        if self.errors.len() == errors {
            self.keep(key, at, Piece::Item(Arc::new(item.clone())));
        }
        Some(item)
    }

    fn pair(
        &mut self,
        p: tree_sitter::Node,
        m: &mut Mapping,
        seen: &mut HashMap<String, TextRange>,
        depth: usize,
    ) {
        if let Some((key, value, range)) = self.pair_entry(p, depth) {
            self.push_entry(m, seen, key, value, range);
        }
    }

    /// The key, value and range of a pair (errors reported on the way).
    fn pair_entry(
        &mut self,
        p: tree_sitter::Node,
        depth: usize,
    ) -> Option<(Scalar, Node, TextRange)> {
        let Some(key_node) = field(p, FIELDS.0) else {
            // `: value` or `? ` with nothing: no usable key.
            self.error(range_of(p), "this entry has no key: write `key: value`");
            return None;
        };
        let key = self.key(key_node)?;
        let value = match field(p, FIELDS.1) {
            Some(v) => self.node(v, depth + 1).unwrap_or(Node {
                kind: NodeKind::Null,
                range: TextRange::empty(v.start_byte()),
            }),
            None => {
                // After the colon, if there is one.
                let mut cursor = p.walk();
                let colon_end = p
                    .children(&mut cursor)
                    .find(|c| kind(*c) == ":")
                    .map_or(key.range.end, |c| c.end_byte());
                Node {
                    kind: NodeKind::Null,
                    range: TextRange::empty(colon_end),
                }
            }
        };
        let range = TextRange::new(key.range.start, value.range.end.max(key.range.end));
        Some((key, value, range))
    }

    fn push_entry(
        &mut self,
        m: &mut Mapping,
        seen: &mut HashMap<String, TextRange>,
        key: Scalar,
        value: Node,
        range: TextRange,
    ) {
        if !self.key_allowed(&key, seen) {
            return;
        }
        seen.insert(key.value.clone(), key.range);
        m.entries.push(Entry { key, value, range });
    }

    /// A mapping key: must be a scalar.
    fn key(&mut self, n: tree_sitter::Node) -> Option<Scalar> {
        let node = self.node(n, MAX_CONVERT_DEPTH - 1)?;
        match node.kind {
            NodeKind::Scalar(s) => Some(s),
            NodeKind::Invalid => None,
            _ => {
                self.error(node.range, "keys must be plain text, not lists or mappings");
                None
            }
        }
    }

    fn scalar(&mut self, n: tree_sitter::Node) -> Option<Scalar> {
        let raw = self.src(n);
        let range = range_of(n);
        self.scalar_ranges.push(range);
        let (value, kind, style) = match kind(n) {
            "plain_scalar" => {
                let typed = n.child(0).map(|c| kind(c)).unwrap_or("string_scalar");
                let value = scalar::fold_lines(raw);
                let kind = match typed {
                    "integer_scalar" => {
                        parse_int(&value).map(ScalarKind::Int).unwrap_or_else(|| {
                            value
                                .parse::<f64>()
                                .map_or(ScalarKind::Str, ScalarKind::Float)
                        })
                    }
                    "float_scalar" => {
                        parse_float(&value).map_or(ScalarKind::Str, ScalarKind::Float)
                    }
                    "boolean_scalar" => ScalarKind::Bool(value.eq_ignore_ascii_case("true")),
                    "null_scalar" => ScalarKind::Null,
                    _ => ScalarKind::Str,
                };
                (value, kind, ScalarStyle::Plain)
            }
            "single_quote_scalar" => (
                scalar::single_quoted(raw),
                ScalarKind::Str,
                ScalarStyle::SingleQuoted,
            ),
            "double_quote_scalar" => match scalar::double_quoted(raw) {
                Ok(v) => (v, ScalarKind::Str, ScalarStyle::DoubleQuoted),
                Err(message) => {
                    self.error(range, message);
                    (raw.to_string(), ScalarKind::Str, ScalarStyle::DoubleQuoted)
                }
            },
            "block_scalar" => {
                let line_start = self.text[..range.start]
                    .rfind(['\n', '\r'])
                    .map_or(0, |p| p + 1);
                let parent_indent = self.text[line_start..range.start]
                    .bytes()
                    .take_while(|&b| b == b' ')
                    .count();
                let style = if raw.starts_with('>') {
                    ScalarStyle::Folded
                } else {
                    ScalarStyle::Literal
                };
                (scalar::block(raw, parent_indent), ScalarKind::Str, style)
            }
            _ => return None,
        };
        Some(Scalar {
            value,
            kind,
            style,
            range,
        })
    }

    /// The node of a `block_sequence_item`.
    fn item(&mut self, c: tree_sitter::Node, depth: usize) -> Option<Node> {
        let mut ic = c.walk();
        let inner = c
            .children(&mut ic)
            .find(|x| matches!(kind(*x), "block_node" | "flow_node" | "ERROR"));
        match inner {
            Some(x) => self.node(x, depth + 1),
            None => Some(Node {
                kind: NodeKind::Null,
                range: TextRange::empty(c.start_byte() + 1),
            }),
        }
    }

    fn sequence(&mut self, n: tree_sitter::Node, depth: usize) -> Node {
        // Sized once, and the children walked with a cursor rather than
        // collected: a flow sequence of a million one-letter items costs
        // its items, not three times them (issue 24).
        let mut items = Vec::with_capacity(n.named_child_count());
        let mut cursor = n.walk();
        let cached = self.cache.is_some() && self.sections.contains(&n.id());
        let mut more = cursor.goto_first_child();
        while more {
            let c = cursor.node();
            match kind(c) {
                "block_sequence_item" if cached => items.extend(self.cached_item(c, depth)),
                "block_sequence_item" => items.extend(self.item(c, depth)),
                "flow_node" | "flow_pair" => items.extend(self.node(c, depth + 1)),
                "ERROR" => {}
                _ => {}
            }
            more = cursor.goto_next_sibling();
        }
        Node {
            kind: NodeKind::Sequence(items),
            range: range_of(n),
        }
    }
}

fn parse_int(s: &str) -> Option<i64> {
    let (neg, body) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let v = if let Some(h) = body.strip_prefix("0x") {
        i64::from_str_radix(h, 16).ok()?
    } else if let Some(o) = body.strip_prefix("0o") {
        i64::from_str_radix(o, 8).ok()?
    } else {
        body.parse::<i64>().ok()?
    };
    Some(if neg { -v } else { v })
}

fn parse_float(s: &str) -> Option<f64> {
    match s.to_ascii_lowercase().as_str() {
        ".inf" | "+.inf" => Some(f64::INFINITY),
        "-.inf" => Some(f64::NEG_INFINITY),
        ".nan" => Some(f64::NAN),
        other => other.parse().ok(),
    }
}

/// The smallest node containing a byte, for bytes asked in increasing
/// order (what `Node::descendant_for_byte_range` answers from the root, in
/// time linear in the siblings before the byte at every level). The cursor
/// only moves forward: each node is entered at most once.
struct NodeFinder<'t> {
    cursor: tree_sitter::TreeCursor<'t>,
    /// The cursor node's ancestors, innermost last.
    ancestors: Vec<tree_sitter::Node<'t>>,
    /// The cursor node's children all end before the last byte asked.
    children_done: bool,
    /// The root ends before the last byte asked.
    finished: bool,
}

impl<'t> NodeFinder<'t> {
    fn new(root: tree_sitter::Node<'t>) -> Self {
        NodeFinder {
            cursor: root.walk(),
            ancestors: Vec::new(),
            children_done: false,
            finished: false,
        }
    }

    /// The smallest node with `start <= pos < end` (None past the root's
    /// end); `pos` must not be smaller than the previous call's.
    fn smallest_containing(&mut self, pos: usize) -> Option<tree_sitter::Node<'t>> {
        if self.finished {
            return None;
        }
        // Forward past every node that ends at or before `pos`.
        while self.cursor.node().end_byte() <= pos {
            if self.cursor.goto_next_sibling() {
                self.children_done = false;
            } else if self.cursor.goto_parent() {
                self.ancestors.pop();
                self.children_done = true;
            } else {
                self.finished = true;
                return None;
            }
        }
        // Down into the node that holds `pos`.
        loop {
            let n = self.cursor.node();
            if n.start_byte() > pos {
                // `pos` is in a gap before this node: its parent holds it.
                return self.ancestors.last().copied();
            }
            if self.children_done || !self.cursor.goto_first_child() {
                return Some(n);
            }
            self.ancestors.push(n);
            self.children_done = false;
            while self.cursor.node().end_byte() <= pos {
                if !self.cursor.goto_next_sibling() {
                    self.cursor.goto_parent();
                    self.ancestors.pop();
                    self.children_done = true;
                    break;
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    /// Every comment node of the tree, found by visiting every node: what
    /// `collect_comments` must find by looking only at each `#`.
    fn comments_by_walk(text: &str) -> Vec<(usize, usize)> {
        let Some(tree) = crate::parse_tree(text, None, None, None).1 else {
            return Vec::new();
        };
        let mut out = Vec::new();
        let mut cursor = tree.walk();
        let mut stack = vec![tree.root_node()];
        while let Some(n) = stack.pop() {
            if n.kind() == "comment" {
                let len = text[n.start_byte()..n.end_byte()].trim_end().len();
                out.push((n.start_byte(), n.start_byte() + len));
                continue;
            }
            stack.extend(n.children(&mut cursor));
        }
        out.sort();
        out
    }

    fn comments(text: &str) -> Vec<(usize, usize)> {
        crate::parse(text)
            .comments
            .iter()
            .map(|c| (c.range.start, c.range.end))
            .collect()
    }

    #[test]
    fn finds_comments_but_not_hashes_inside_values() {
        let text = "# top\r\nvendor: # after a key\n  name: \"a # b\"\n  url: https://x.example/#frag # real\nnotes: |\n  # in a block scalar\nlist: [a#b, 'c # d'] # end\n  bad: : ] # in an error\n";
        let found = comments(text);
        assert_eq!(found, comments_by_walk(text));
        let texts: Vec<&str> = found.iter().map(|&(a, b)| &text[a..b]).collect();
        assert!(texts.contains(&"# top"), "{texts:?}");
        assert!(texts.contains(&"# after a key"), "{texts:?}");
        assert!(texts.contains(&"# real"), "{texts:?}");
        assert!(texts.contains(&"# end"), "{texts:?}");
        assert!(!texts
            .iter()
            .any(|t| t.contains("frag") || t.contains("block scalar")));
    }

    #[test]
    fn a_stray_closing_brace_is_reported_where_it_is() {
        // VS Code wraps a selected value in braces, leaving `}}`.
        let text = "a: 1\nb:\n  - id: x\n    c: {2}}\n  - id: y\n    d: 3\ne: 4\n";
        let parse = crate::parse(text);
        let stray = text.find("}}").unwrap() + 1;
        assert_eq!(parse.errors.len(), 1, "{:?}", parse.errors);
        assert_eq!(parse.errors[0].range.start, stray, "{:?}", parse.errors);
        assert!(parse.errors[0].message.contains("closing bracket"));
        // What follows was not read: the parse says so.
        assert!(parse.in_unreadable(crate::TextRange::new(stray + 5, stray + 6)));
    }

    #[test]
    fn an_unclosed_quote_is_reported_at_its_opening() {
        let text = "a: 1\nb:\n  - \"x\n  - y\n  - z\nc: \"2\"\nd: 3\n";
        let parse = crate::parse(text);
        let quote = text.find("\"x").unwrap();
        assert!(
            parse.errors.iter().any(|e| e.range.start == quote),
            "{:?}",
            parse.errors
        );
    }

    #[test]
    fn directives_are_errors_on_their_lines() {
        let text = "%YAML 1.2\n%YAML 1.2\n%TAG ! tag:x.example,2000:\n%FOO bar\n---\ndossier: 1\n";
        let parse = crate::parse(text);
        let located: Vec<(&str, &str)> = parse
            .errors
            .iter()
            .map(|e| (&text[e.range.start..e.range.end], e.message.as_str()))
            .collect();
        assert_eq!(
            located,
            [
                ("%YAML 1.2", "`%YAML` directives are not allowed in a dossier: remove the line `%YAML 1.2`"),
                ("%YAML 1.2", "`%YAML` directives are not allowed in a dossier: remove the line `%YAML 1.2`"),
                ("%TAG ! tag:x.example,2000:", "`%TAG` directives are not allowed in a dossier (nor are tags): remove the line `%TAG ! tag:x.example,2000:`"),
                ("%FOO bar", "YAML directives are not allowed in a dossier: remove the line `%FOO bar`"),
            ]
        );
        // The document itself is still read.
        assert!(parse.root.unwrap().get("dossier").is_some());
    }

    proptest! {
        #[test]
        fn comments_match_a_full_walk(text in "([a-z#:'\"|>\\[\\]{},-]|  |\n|\r\n| # c|- ){0,80}") {
            prop_assert_eq!(comments(&text), comments_by_walk(&text));
        }
    }
}
