//! Workspace symbols: the vendor, attestations and sources of a dossier,
//! and how well a name matches what the user typed. The server runs this
//! over every dossier of the workspace folders (open or not).

use dossier_schema::view::{field, DossierView};
use dossier_syntax::{Node, TextRange};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FileSymbolKind {
    Vendor,
    Attestation,
    Source,
}

/// A name to find a dossier by, and where it is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FileSymbol {
    pub name: String,
    pub kind: FileSymbolKind,
    /// The vendor's name, for an attestation or a source.
    pub container: Option<String>,
    pub range: TextRange,
}

/// The vendor, attestations (by id) and sources (by id) of a parsed
/// dossier, in text order. Half-written files give what they have.
pub fn file_symbols(root: Option<&Node>) -> Vec<FileSymbol> {
    let Some(root) = root.filter(|r| r.as_mapping().is_some()) else {
        return Vec::new();
    };
    let view = DossierView::new(root);
    let vendor = root.value("vendor").and_then(|v| field(v, "name"));
    let container = vendor.map(|v| v.text.to_string());
    let mut out = Vec::new();
    if let Some(v) = vendor {
        out.push(FileSymbol {
            name: v.text.to_string(),
            kind: FileSymbolKind::Vendor,
            container: None,
            range: v.range,
        });
    }
    for s in view.sources() {
        out.push(FileSymbol {
            name: s.id.to_string(),
            kind: FileSymbolKind::Source,
            container: container.clone(),
            range: s.entry.key.range,
        });
    }
    for a in view.items("attestations") {
        if let Some(id) = a.id {
            out.push(FileSymbol {
                name: id.text.to_string(),
                kind: FileSymbolKind::Attestation,
                container: container.clone(),
                range: id.range,
            });
        }
    }
    out.sort_by_key(|s| s.range.start);
    out
}

/// How well `name` matches `query`, lower is better, `None` for no match,
/// ignoring case: 0 for an empty query or a prefix, 1 for a substring, 2
/// for the query's characters in order (`s2t2` finds `soc2-type2`).
/// Editors filter and rank again on their side; this only has to keep
/// what they would show and put the likeliest first, so a few lines do
/// it rather than a fuzzy-matching crate.
pub fn symbol_match(query: &str, name: &str) -> Option<u8> {
    let q = query.trim().to_lowercase();
    let n = name.to_lowercase();
    if n.starts_with(&q) {
        return Some(0);
    }
    if n.contains(&q) {
        return Some(1);
    }
    let mut rest = n.chars();
    q.chars()
        .filter(|c| !c.is_whitespace())
        .all(|c| rest.any(|m| m == c))
        .then_some(2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vendor_sources_and_attestations_in_text_order() {
        let text = "dossier: 1\nvendor:\n  name: Acme AI\nsources:\n  trust: {url: https://a.example}\nattestations:\n  - id: soc2-2026\n    scheme: soc2_type2\n  - scheme: iso_27001\n";
        let parse = dossier_syntax::parse(text);
        let got: Vec<_> = file_symbols(parse.root.as_ref())
            .into_iter()
            .map(|s| {
                (
                    s.name,
                    s.kind,
                    s.container,
                    &text[s.range.start..s.range.end],
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("Acme AI".into(), FileSymbolKind::Vendor, None, "Acme AI"),
                (
                    "trust".into(),
                    FileSymbolKind::Source,
                    Some("Acme AI".into()),
                    "trust"
                ),
                (
                    "soc2-2026".into(),
                    FileSymbolKind::Attestation,
                    Some("Acme AI".into()),
                    "soc2-2026"
                ),
            ]
        );
        assert!(file_symbols(dossier_syntax::parse("[: {").root.as_ref()).is_empty());
        assert!(file_symbols(dossier_syntax::parse("- 1\n").root.as_ref()).is_empty());
    }

    #[test]
    fn matching_ranks_prefix_substring_subsequence() {
        assert_eq!(symbol_match("", "anything"), Some(0));
        assert_eq!(symbol_match("ACME", "Acme AI"), Some(0));
        assert_eq!(symbol_match("type2", "soc2-type2"), Some(1));
        assert_eq!(symbol_match("s2t2", "soc2-type2"), Some(2));
        assert_eq!(symbol_match("t2s2", "soc2-type2"), None);
        assert_eq!(symbol_match("é", "Société"), Some(1));
    }
}
