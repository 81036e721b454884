//! The spanned document tree: what every later layer reads. Built by
//! [`crate::build`] from tree-sitter's concrete tree.

use crate::TextRange;

/// A node of the document with the byte range it spans.
#[derive(Clone, Debug, PartialEq)]
pub struct Node {
    pub kind: NodeKind,
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub enum NodeKind {
    Mapping(Mapping),
    Sequence(Vec<Node>),
    Scalar(Scalar),
    /// A key with nothing after its colon, or an empty sequence item.
    /// Its range is empty, just after the colon or dash.
    Null,
    /// Something that could not be read (an alias, a parse error); a
    /// syntax error has been reported for it.
    Invalid,
}

#[derive(Clone, Debug, PartialEq, Default)]
pub struct Mapping {
    pub entries: Vec<Entry>,
    /// Written as `{ ... }` rather than as indented lines.
    pub flow: bool,
}

/// `key: value`. The key is always a scalar: other keys are syntax errors.
#[derive(Clone, Debug, PartialEq)]
pub struct Entry {
    pub key: Scalar,
    pub value: Node,
    /// From the start of the key to the end of the value.
    pub range: TextRange,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Scalar {
    /// The decoded value: quotes removed, escapes applied, lines folded.
    pub value: String,
    pub kind: ScalarKind,
    pub style: ScalarStyle,
    pub range: TextRange,
}

/// What a scalar means under the YAML 1.2 core schema (so `yes` and
/// `2026-04-19` are strings and `true` is a boolean).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum ScalarKind {
    Str,
    Int(i64),
    Float(f64),
    Bool(bool),
    Null,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ScalarStyle {
    Plain,
    SingleQuoted,
    DoubleQuoted,
    Literal,
    Folded,
}

impl Node {
    pub fn as_mapping(&self) -> Option<&Mapping> {
        match &self.kind {
            NodeKind::Mapping(m) => Some(m),
            _ => None,
        }
    }
    pub fn as_sequence(&self) -> Option<&[Node]> {
        match &self.kind {
            NodeKind::Sequence(s) => Some(s),
            _ => None,
        }
    }
    pub fn as_scalar(&self) -> Option<&Scalar> {
        match &self.kind {
            NodeKind::Scalar(s) => Some(s),
            _ => None,
        }
    }
    /// The value of a string-like scalar (any scalar but null).
    pub fn as_str(&self) -> Option<&str> {
        self.as_scalar()
            .filter(|s| s.kind != ScalarKind::Null)
            .map(|s| s.value.as_str())
    }
    /// The entry under `key`, if this is a mapping that has it.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.as_mapping()?.get(key)
    }
    /// The value under `key`.
    pub fn value(&self, key: &str) -> Option<&Node> {
        self.get(key).map(|e| &e.value)
    }
    pub fn is_null(&self) -> bool {
        matches!(self.kind, NodeKind::Null)
            || matches!(&self.kind, NodeKind::Scalar(s) if s.kind == ScalarKind::Null)
    }
    /// A short name for the kind of value, for messages.
    pub fn type_name(&self) -> &'static str {
        match &self.kind {
            NodeKind::Mapping(_) => "a mapping",
            NodeKind::Sequence(_) => "a list",
            NodeKind::Scalar(s) => match s.kind {
                ScalarKind::Str => "a string",
                ScalarKind::Int(_) => "an integer",
                ScalarKind::Float(_) => "a number",
                ScalarKind::Bool(_) => "a boolean",
                ScalarKind::Null => "null",
            },
            NodeKind::Null => "empty",
            NodeKind::Invalid => "invalid",
        }
    }
}

impl Mapping {
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.value == key)
    }
}
