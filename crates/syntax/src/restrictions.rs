//! The format's restrictions on YAML: what a dossier may not use even
//! where YAML allows it (tabs as indentation, anchors, aliases, tags,
//! directives, merge keys, several documents, duplicate keys). Each is a
//! located syntax error, reported while the tree is built.

/// A hash map with a fast, randomly seeded hasher (keys are the file's).
type HashMap<K, V> = std::collections::HashMap<K, V, foldhash::fast::RandomState>;

use crate::build::{kind, range_of, Builder};
use crate::tree::{Scalar, ScalarStyle};
use crate::TextRange;

/// The most "character not allowed" errors reported for one file.
const MAX_NON_PRINTABLE: usize = 100;

impl Builder<'_> {
    /// Every document after the first.
    pub(crate) fn forbid_extra_documents(&mut self, documents: &[tree_sitter::Node]) {
        for extra in documents.iter().skip(1) {
            if kind(*extra) == "document" {
                let r = range_of(*extra);
                let marker_end = self.text[r.start..r.end]
                    .find(['\n', '\r'])
                    .map_or(r.end, |i| r.start + i);
                self.error(
                    TextRange::new(r.start, marker_end),
                    "only one YAML document is allowed per file: remove this `---` and what follows, or move it to its own file",
                );
            }
        }
    }

    /// `%YAML`, `%TAG` and reserved directives: a dossier needs none (and
    /// tags are not allowed), so each one, repeated ones included, is an
    /// error on its line.
    pub(crate) fn report_directives(&mut self, doc: tree_sitter::Node) {
        let mut cursor = doc.walk();
        for c in doc.children(&mut cursor) {
            let what = match kind(c) {
                "yaml_directive" => "`%YAML` directives are not allowed in a dossier",
                "tag_directive" => "`%TAG` directives are not allowed in a dossier (nor are tags)",
                "reserved_directive" => "YAML directives are not allowed in a dossier",
                _ => continue,
            };
            let line = self.src(c).trim_end().to_string();
            self.error(range_of(c), format!("{what}: remove the line `{line}`"));
        }
    }

    /// An anchor (`&a`) or a tag (`!t`) on a node.
    pub(crate) fn forbid_node_property(&mut self, c: tree_sitter::Node) {
        let name = self.src(c).to_string();
        let message = if kind(c) == "anchor" {
            format!("anchors (`{name}`) are not allowed in a dossier: write the value out")
        } else {
            format!("tags (`{name}`) are not allowed in a dossier: remove it")
        };
        self.error(range_of(c), message);
    }

    pub(crate) fn forbid_alias(&mut self, n: tree_sitter::Node) {
        let name = self.src(n).to_string();
        self.error(
            range_of(n),
            format!("aliases (`{name}`) are not allowed in a dossier: write the value out"),
        );
    }

    /// Whether `key` may enter a mapping whose keys so far are `seen`: not
    /// a merge key, not a duplicate.
    pub(crate) fn key_allowed(&mut self, key: &Scalar, seen: &HashMap<String, TextRange>) -> bool {
        if key.style == ScalarStyle::Plain && key.value == "<<" {
            self.error(
                key.range,
                "merge keys (`<<`) are not allowed in a dossier: write the keys out",
            );
            return false;
        }
        if let Some(first) = seen.get(&key.value) {
            let line = self.text[..first.start.min(self.text.len())]
                .bytes()
                .filter(|&b| b == b'\n')
                .count()
                + 1;
            self.error(
                key.range,
                format!(
                    "duplicate key `{}` (first defined on line {line}): keep one of them",
                    key.value
                ),
            );
            return false;
        }
        true
    }

    /// Characters YAML 1.2 does not allow in a stream, not even inside a
    /// quoted scalar or a comment (only as an escape such as `"\x7f"`):
    /// C0 controls other than tab, LF and CR, DEL, C1 controls other than
    /// NEL (U+0085), and U+FFFE and U+FFFF. Other YAML readers (PyYAML)
    /// refuse a file that holds one. One error per line, at most
    /// [`MAX_NON_PRINTABLE`] in all.
    pub(crate) fn forbid_non_printable(&mut self) {
        let mut reported = 0;
        let mut line_reported = false;
        for (i, c) in self.text.char_indices() {
            if c == '\n' || c == '\r' {
                line_reported = false;
                continue;
            }
            let allowed = matches!(c,
                '\t' | '\n' | '\r' | '\u{20}'..='\u{7E}' | '\u{85}' | '\u{A0}'..='\u{D7FF}'
                | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
            if allowed || c == '\0' {
                // NUL is refused before parsing (see `check_limits`).
                continue;
            }
            if line_reported {
                continue;
            }
            line_reported = true;
            self.error(
                TextRange::new(i, i + c.len_utf8()),
                format!(
                    "the character U+{:04X} is not allowed in YAML: remove it, or write it as the escape \"\\u{:04X}\" in a double-quoted string",
                    c as u32, c as u32
                ),
            );
            reported += 1;
            if reported >= MAX_NON_PRINTABLE {
                break;
            }
        }
    }

    /// Tabs used as indentation or spacing (a tab inside a scalar or a
    /// comment is content).
    pub(crate) fn forbid_tabs(&mut self) {
        if !self.text.contains('\t') {
            return;
        }
        self.scalar_ranges.sort();
        let comments: Vec<TextRange> = self.comments.iter().map(|c| c.range).collect();
        let inside = |ranges: &[TextRange], at: usize| {
            let i = ranges.partition_point(|r| r.start <= at);
            i > 0 && ranges[i - 1].start <= at && at < ranges[i - 1].end
        };
        let bytes = self.text.as_bytes();
        let mut i = 0;
        let mut reported_line_start = usize::MAX;
        while i < bytes.len() {
            if bytes[i] == b'\t' {
                let start = i;
                while i < bytes.len() && bytes[i] == b'\t' {
                    i += 1;
                }
                let line_start = self.text[..start].rfind(['\n', '\r']).map_or(0, |p| p + 1);
                let in_indent = self.text[line_start..start]
                    .bytes()
                    .all(|b| b == b' ' || b == b'\t');
                let is_content =
                    !in_indent && (inside(&self.scalar_ranges, start) || inside(&comments, start));
                if !is_content && line_start != reported_line_start {
                    reported_line_start = line_start;
                    self.error(
                        TextRange::new(start, i),
                        "tab character used as indentation or spacing: YAML needs spaces here",
                    );
                }
            } else {
                i += 1;
            }
        }
    }
}
