//! Symbols, folding, links, source-id navigation and rename, inlay hints.

use dossier_analysis::Edit;
use dossier_schema::catalogue;
use dossier_schema::view::DossierView;
use dossier_syntax::{Node, NodeKind, TextRange};

use crate::locate::locate;
use crate::Ctx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymbolKind {
    Section,
    Fact,
    Source,
    Item,
    Key,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Symbol {
    pub name: String,
    pub detail: Option<String>,
    pub kind: SymbolKind,
    pub range: TextRange,
    pub selection: TextRange,
    pub children: Vec<Symbol>,
}

pub fn symbols(ctx: &Ctx) -> Vec<Symbol> {
    let Some(m) = ctx.analysis.parse.root.as_ref().and_then(Node::as_mapping) else {
        return Vec::new();
    };
    m.entries
        .iter()
        .map(|e| {
            let children = match e.key.value.as_str() {
                "facts" => e
                    .value
                    .as_mapping()
                    .map(|sections| {
                        sections
                            .entries
                            .iter()
                            .map(|s| Symbol {
                                name: s.key.value.clone(),
                                detail: catalogue::section(&s.key.value)
                                    .map(|d| d.title.to_string()),
                                kind: SymbolKind::Section,
                                range: s.range,
                                selection: s.key.range,
                                children: s
                                    .value
                                    .as_mapping()
                                    .map(|facts| {
                                        facts
                                            .entries
                                            .iter()
                                            .map(|f| Symbol {
                                                name: f.key.value.clone(),
                                                detail: f
                                                    .value
                                                    .as_str()
                                                    .or_else(|| {
                                                        f.value
                                                            .value("value")
                                                            .and_then(Node::as_str)
                                                    })
                                                    .map(str::to_string),
                                                kind: SymbolKind::Fact,
                                                range: f.range,
                                                selection: f.key.range,
                                                children: Vec::new(),
                                            })
                                            .collect()
                                    })
                                    .unwrap_or_default(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                "sources" => e
                    .value
                    .as_mapping()
                    .map(|s| {
                        s.entries
                            .iter()
                            .map(|src| Symbol {
                                name: src.key.value.clone(),
                                detail: src
                                    .value
                                    .value("title")
                                    .and_then(Node::as_str)
                                    .map(str::to_string),
                                kind: SymbolKind::Source,
                                range: src.range,
                                selection: src.key.range,
                                children: Vec::new(),
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => e
                    .value
                    .as_sequence()
                    .map(|items| {
                        items
                            .iter()
                            .filter(|i| i.as_mapping().is_some())
                            .map(|i| {
                                let id = i.get("id");
                                Symbol {
                                    name: id
                                        .and_then(|x| x.value.as_str())
                                        .unwrap_or("item")
                                        .to_string(),
                                    detail: i
                                        .value("title")
                                        .or_else(|| i.value("ask"))
                                        .and_then(Node::as_str)
                                        .map(str::to_string),
                                    kind: SymbolKind::Item,
                                    range: i.range,
                                    selection: id.map_or(i.range, |x| x.value.range),
                                    children: Vec::new(),
                                }
                            })
                            .collect()
                    })
                    .unwrap_or_default(),
            };
            Symbol {
                name: e.key.value.clone(),
                detail: None,
                kind: SymbolKind::Key,
                range: e.range,
                selection: e.key.range,
                children,
            }
        })
        .collect()
}

/// Byte ranges of every multi-line mapping or list (the server turns them into lines).
pub fn folding_ranges(ctx: &Ctx) -> Vec<TextRange> {
    let mut out = Vec::new();
    fn walk(n: &Node, text: &str, out: &mut Vec<TextRange>) {
        match &n.kind {
            NodeKind::Mapping(m) => {
                for e in &m.entries {
                    let r = TextRange::new(e.key.range.start, e.range.end);
                    if text[r.start..r.end.min(text.len())].contains('\n') {
                        out.push(r);
                    }
                    walk(&e.value, text, out);
                }
            }
            NodeKind::Sequence(items) => {
                for i in items {
                    if text[i.range.start..i.range.end.min(text.len())].contains('\n') {
                        out.push(i.range);
                    }
                    walk(i, text, out);
                }
            }
            _ => {}
        }
    }
    if let Some(root) = &ctx.analysis.parse.root {
        walk(root, ctx.text, &mut out);
    }
    out
}

#[derive(Clone, Debug, PartialEq)]
pub struct Link {
    pub range: TextRange,
    pub target: String,
}

/// Every http(s) URL written as a value.
pub fn document_links(ctx: &Ctx) -> Vec<Link> {
    let mut out = Vec::new();
    fn walk(n: &Node, out: &mut Vec<Link>) {
        match &n.kind {
            NodeKind::Mapping(m) => m.entries.iter().for_each(|e| walk(&e.value, out)),
            NodeKind::Sequence(items) => items.iter().for_each(|i| walk(i, out)),
            NodeKind::Scalar(s)
                if (s.value.starts_with("https://") || s.value.starts_with("http://"))
                    && !s.value.contains(|c: char| {
                        // No link whose text can hide where it goes.
                        c.is_whitespace()
                            || c.is_control()
                            || matches!(c, '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{061C}' | '\u{FEFF}')
                    }) =>
            {
                out.push(Link {
                    range: s.range,
                    target: s.value.clone(),
                })
            }
            _ => {}
        }
    }
    if let Some(root) = &ctx.analysis.parse.root {
        walk(root, &mut out);
    }
    out
}

/// The source id at `offset`: a key under `sources` or a `cite` value.
fn source_id_at(ctx: &Ctx, offset: usize) -> Option<(String, TextRange)> {
    let root = ctx.analysis.parse.root.as_ref()?;
    let loc = locate(root, offset)?;
    let p = loc.path_str();
    if p.len() == 2 && p[0] == "sources" {
        let k = loc.key?;
        return Some((k.key.value.clone(), k.key.range));
    }
    if p.contains(&"cite") && loc.key.is_none() {
        return Some((loc.node.as_str()?.to_string(), loc.node.range));
    }
    None
}

pub fn definition(ctx: &Ctx, offset: usize) -> Option<TextRange> {
    let (id, _) = source_id_at(ctx, offset)?;
    let view = DossierView::new(ctx.analysis.parse.root.as_ref()?);
    view.source(&id).map(|s| s.entry.key.range)
}

/// The definition (if any) and every citation of the source id at `offset`.
pub fn references(ctx: &Ctx, offset: usize, include_declaration: bool) -> Vec<TextRange> {
    let Some((id, _)) = source_id_at(ctx, offset) else {
        return Vec::new();
    };
    let Some(root) = ctx.analysis.parse.root.as_ref() else {
        return Vec::new();
    };
    let view = DossierView::new(root);
    let mut out: Vec<TextRange> = Vec::new();
    if include_declaration {
        out.extend(view.source(&id).map(|s| s.entry.key.range));
    }
    out.extend(
        view.all_citations()
            .into_iter()
            .filter(|c| c.text == id)
            .map(|c| c.range),
    );
    out.sort();
    out
}

/// Why a rename cannot be made.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RenameError {
    #[error("not a source id: rename works on source ids (keys of `sources` and `cite` values)")]
    NotASourceId,
    #[error("`{0}` is not a valid source id: use lower-case letters, digits and dashes")]
    InvalidId(String),
    #[error("nothing to rename")]
    NothingToRename,
    #[error("a source `{0}` already exists")]
    AlreadyExists(String),
}

/// Rename the source id at `offset` everywhere.
pub fn rename(ctx: &Ctx, offset: usize, new_name: &str) -> Result<Vec<Edit>, RenameError> {
    let (id, _) = source_id_at(ctx, offset).ok_or(RenameError::NotASourceId)?;
    let valid = !new_name.is_empty()
        && new_name
            .bytes()
            .next()
            .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && new_name
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if !valid {
        return Err(RenameError::InvalidId(new_name.to_string()));
    }
    let root = ctx
        .analysis
        .parse
        .root
        .as_ref()
        .ok_or(RenameError::NothingToRename)?;
    if new_name != id && DossierView::new(root).source(new_name).is_some() {
        return Err(RenameError::AlreadyExists(new_name.to_string()));
    }
    Ok(references(ctx, offset, true)
        .into_iter()
        .map(|range| Edit {
            range,
            text: new_name.to_string(),
        })
        .collect())
}

/// The ranges around `offset`, innermost first: the scalar, its key or
/// value, the entry, the mapping or list item holding it, and so on up to
/// the document.
pub fn selection_ranges(ctx: &Ctx, offset: usize) -> Vec<TextRange> {
    let Some(root) = ctx.analysis.parse.root.as_ref() else {
        return Vec::new();
    };
    let mut out = vec![root.range];
    let mut node = root;
    loop {
        let next = match &node.kind {
            NodeKind::Mapping(m) => m.entries.iter().find(|e| e.range.touches(offset)).map(|e| {
                out.push(e.range);
                if e.key.range.touches(offset) {
                    out.push(e.key.range);
                }
                &e.value
            }),
            NodeKind::Sequence(items) => items.iter().find(|n| n.range.touches(offset)),
            _ => None,
        };
        match next {
            Some(n) if n.range.touches(offset) => {
                out.push(n.range);
                node = n;
            }
            _ => break,
        }
    }
    out.dedup();
    out.reverse();
    out
}
