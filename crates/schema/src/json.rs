//! The spanned tree as JSON, with the range of every value by JSON pointer.

use std::collections::HashMap;

use dossier_syntax::{Entry, Node, NodeKind, ScalarKind, TextRange};
use serde_json::{Map, Number, Value};

/// Where a JSON value came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Span {
    /// The key of the entry holding this value (for mapping values).
    pub key: Option<TextRange>,
    pub value: TextRange,
}

/// A document as JSON plus the spans of its values.
#[derive(Clone, Debug, Default)]
pub struct JsonDoc {
    pub value: Value,
    /// JSON pointer (`/facts/data_handling/dpa_available`) to span; `""` is the root.
    pub spans: HashMap<String, Span>,
    /// The ranges of the items of each list, by the list's pointer: an
    /// item's span is found here rather than under a pointer of its own (a
    /// list of a million ids costs 16 bytes an item, not a key string and
    /// a map entry).
    items: HashMap<String, Vec<TextRange>>,
    /// Pointers of values that could not be read (already syntax errors).
    pub invalid: Vec<String>,
    /// Numbers written with a decimal point or an exponent, or too large for
    /// a 64-bit integer (`365.0`, `1e3`, `99999999999999999999`): pointer
    /// and the scalar as written. JSON Schema counts `365.0` as an integer,
    /// but the rules and the score read only whole numbers written as
    /// digits, so validation reports these where a whole number is expected.
    pub floats: Vec<(String, String)>,
    invalid_set: std::sync::OnceLock<std::collections::HashSet<String>>,
}

impl JsonDoc {
    /// The span of `pointer`, or of its nearest ancestor that has one.
    pub fn span(&self, pointer: &str) -> Option<Span> {
        let mut p = pointer;
        loop {
            if let Some(s) = self.spans.get(p) {
                return Some(*s);
            }
            let cut = p.rfind('/')?;
            if let Some(range) = self.items.get(&p[..cut]).and_then(|items| {
                let i: usize = p[cut + 1..].parse().ok()?;
                items.get(i).copied()
            }) {
                return Some(Span {
                    key: None,
                    value: range,
                });
            }
            p = &p[..cut];
        }
    }

    /// Whether `pointer` is at or below a value that could not be read.
    pub fn is_invalid(&self, pointer: &str) -> bool {
        if self.invalid.is_empty() {
            return false;
        }
        // Linear in the pointer's depth, not in the number of invalid values.
        let set: &std::collections::HashSet<String> = self
            .invalid_set
            .get_or_init(|| self.invalid.iter().cloned().collect());
        let mut p = pointer;
        loop {
            if set.contains(p) {
                return true;
            }
            match p.rfind('/') {
                Some(cut) => p = &p[..cut],
                None => return false,
            }
        }
    }
}

/// Escape one JSON pointer segment.
pub fn pointer_escape(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    push_escaped(&mut out, segment);
    out
}

/// Append one escaped JSON pointer segment to `path` (no allocation of its
/// own: `to_json` does this once per key of the document).
pub(crate) fn push_escaped(path: &mut String, segment: &str) {
    if !segment.contains(['~', '/']) {
        path.push_str(segment);
        return;
    }
    for c in segment.chars() {
        match c {
            '~' => path.push_str("~0"),
            '/' => path.push_str("~1"),
            c => path.push(c),
        }
    }
}

/// Convert a spanned tree to JSON.
pub fn to_json(root: &Node) -> JsonDoc {
    let mut doc = JsonDoc::default();
    let mut path = String::new();
    let mut out = Out {
        spans: HashMap::new(),
        items: HashMap::new(),
        invalid: Vec::new(),
        floats: Vec::new(),
    };
    doc.value = convert(root, None, &mut path, &mut out);
    doc.spans = out.spans;
    doc.items = out.items;
    doc.invalid = out.invalid;
    doc.floats = out.floats;
    doc
}

/// The JSON view of one top-level entry alone, `{key: value}`, with the
/// spans, invalid values and numbers [`to_json`] of the whole document
/// gives it (see [`crate::validate_part`]).
pub fn entry_to_json(entry: &Entry) -> JsonDoc {
    let mut doc = JsonDoc::default();
    let mut path = String::from("/");
    push_escaped(&mut path, &entry.key.value);
    let mut out = Out {
        spans: HashMap::new(),
        items: HashMap::new(),
        invalid: Vec::new(),
        floats: Vec::new(),
    };
    let value = convert(&entry.value, Some(entry.key.range), &mut path, &mut out);
    let mut map = Map::new();
    map.insert(entry.key.value.clone(), value);
    doc.value = Value::Object(map);
    doc.spans = out.spans;
    doc.items = out.items;
    doc.invalid = out.invalid;
    doc.floats = out.floats;
    doc
}

/// The JSON view of a document's top level alone: its keys, each with a
/// null value, and their spans (see [`crate::validate_part`]). `None`
/// when the root is not a mapping.
pub fn top_level_to_json(root: &Node) -> Option<JsonDoc> {
    let m = root.as_mapping()?;
    let mut doc = JsonDoc::default();
    doc.spans.insert(
        String::new(),
        Span {
            key: None,
            value: root.range,
        },
    );
    let mut map = Map::new();
    for e in &m.entries {
        map.insert(e.key.value.clone(), Value::Null);
        doc.spans.insert(
            format!("/{}", pointer_escape(&e.key.value)),
            Span {
                key: Some(e.key.range),
                value: e.value.range,
            },
        );
    }
    doc.value = Value::Object(map);
    Some(doc)
}

struct Out {
    spans: HashMap<String, Span>,
    items: HashMap<String, Vec<TextRange>>,
    invalid: Vec<String>,
    floats: Vec<(String, String)>,
}

fn convert(node: &Node, key: Option<TextRange>, path: &mut String, out: &mut Out) -> Value {
    out.spans.insert(
        path.clone(),
        Span {
            key,
            value: node.range,
        },
    );
    convert_value(node, path, out)
}

/// The JSON of a node whose span is already recorded.
fn convert_value(node: &Node, path: &mut String, out: &mut Out) -> Value {
    match &node.kind {
        NodeKind::Mapping(m) => {
            let mut map = Map::new();
            for e in &m.entries {
                let len = path.len();
                path.push('/');
                push_escaped(path, &e.key.value);
                let v = convert(&e.value, Some(e.key.range), path, out);
                path.truncate(len);
                map.insert(e.key.value.clone(), v);
            }
            Value::Object(map)
        }
        NodeKind::Sequence(items) => {
            let mut list = Vec::with_capacity(items.len());
            out.items
                .insert(path.clone(), items.iter().map(|i| i.range).collect());
            for (i, item) in items.iter().enumerate() {
                let len = path.len();
                path.push('/');
                {
                    use std::fmt::Write;
                    let _ = write!(path, "{i}");
                }
                list.push(convert_value(item, path, out));
                path.truncate(len);
            }
            Value::Array(list)
        }
        NodeKind::Scalar(s) => match s.kind {
            ScalarKind::Str => Value::String(s.value.clone()),
            ScalarKind::Int(i) => Value::Number(i.into()),
            ScalarKind::Float(f) => {
                out.floats.push((path.clone(), s.value.clone()));
                Number::from_f64(f).map_or_else(|| Value::String(s.value.clone()), Value::Number)
            }
            ScalarKind::Bool(b) => Value::Bool(b),
            ScalarKind::Null => Value::Null,
        },
        NodeKind::Null => Value::Null,
        NodeKind::Invalid => {
            out.invalid.push(path.clone());
            Value::Null
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn pointer_segments_are_escaped() {
        assert_eq!(super::pointer_escape("plain_key"), "plain_key");
        assert_eq!(super::pointer_escape("a/b~c"), "a~1b~0c");
        assert_eq!(super::pointer_escape("~/"), "~0~1");
        let doc = dossier_syntax::parse("a/b~c:\n  x: 1\n");
        let json = super::to_json(doc.root.as_ref().unwrap());
        assert!(json.spans.contains_key("/a~1b~0c/x"), "{:?}", json.spans);
    }

    #[test]
    fn list_items_have_their_own_spans() {
        let text = "a:\n  - x\n  - {k: 1}\n  - [y, z]\n";
        let doc = dossier_syntax::parse(text);
        let json = super::to_json(doc.root.as_ref().unwrap());
        let at = |p: &str| {
            let r = json.span(p).unwrap().value;
            &text[r.start..r.end]
        };
        assert_eq!(at("/a/0"), "x");
        assert_eq!(at("/a/1"), "{k: 1}");
        assert_eq!(at("/a/1/k"), "1");
        assert_eq!(at("/a/1/missing"), "{k: 1}");
        assert_eq!(at("/a/2/1"), "z");
        assert_eq!(at("/a/9"), "- x\n  - {k: 1}\n  - [y, z]\n");
    }
}
