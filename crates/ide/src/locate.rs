//! What is at an offset: the path of keys and indices from the root, and
//! whether the offset is on a key or in a value.

use dossier_syntax::{Entry, Node, NodeKind, TextRange};

#[derive(Clone, Debug)]
pub struct Located<'a> {
    /// Keys and list indices from the root (`["facts", "data_handling", "dpa_available"]`).
    pub path: Vec<String>,
    /// The entry whose key the offset is on, if it is on a key.
    pub key: Option<&'a Entry>,
    /// The innermost node containing the offset.
    pub node: &'a Node,
    /// The innermost entry on the way (the offset is on its key or in its value).
    pub entry: Option<&'a Entry>,
}

impl Located<'_> {
    pub fn path_str(&self) -> Vec<&str> {
        self.path.iter().map(String::as_str).collect()
    }
}

/// Locate `offset` in the tree. `None` when it is outside the document.
pub fn locate(root: &Node, offset: usize) -> Option<Located<'_>> {
    let mut loc = Located {
        path: Vec::new(),
        key: None,
        node: root,
        entry: None,
    };
    if !root.range.touches(offset) && !matches!(root.kind, NodeKind::Mapping(_)) {
        return None;
    }
    let mut node = root;
    loop {
        match &node.kind {
            NodeKind::Mapping(m) => {
                let Some(e) = m
                    .entries
                    .iter()
                    .find(|e| e.key.range.touches(offset) || touches_value(e, offset))
                else {
                    break;
                };
                loc.path.push(e.key.value.clone());
                loc.entry = Some(e);
                if e.key.range.touches(offset) {
                    loc.key = Some(e);
                    loc.node = &e.value;
                    return Some(loc);
                }
                node = &e.value;
                loc.node = node;
            }
            NodeKind::Sequence(items) => {
                let Some((i, item)) = items
                    .iter()
                    .enumerate()
                    .find(|(_, n)| n.range.touches(offset))
                else {
                    break;
                };
                loc.path.push(i.to_string());
                node = item;
                loc.node = node;
            }
            _ => break,
        }
    }
    Some(loc)
}

fn touches_value(e: &Entry, offset: usize) -> bool {
    let r = e.value.range;
    if r.is_empty() {
        // `key:` with nothing yet: the rest of the key's line belongs to it.
        return offset >= e.key.range.end && offset <= r.end;
    }
    TextRange::new(e.key.range.end, r.end).touches(offset)
        && offset >= r.start.min(e.key.range.end + 1)
}
