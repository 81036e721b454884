//! What an analysis of a document being edited keeps for the next one:
//! the schema issues of each top-level section, keyed by the section's
//! content. The format's schema relates no two sections (see
//! [`dossier_schema::validate_part`]), so after an edit only the sections
//! whose spanned tree changed are converted to JSON and validated; the
//! others' issues are the last analysis's, moved by how far the section
//! moved. The top level itself (missing and unknown keys) is validated
//! every time; it is a handful of keys.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use dossier_schema::{Part, SchemaIssue};
use dossier_syntax::{Entry, Node, NodeKind, ScalarKind, TextRange};

/// The schema issues of each section of the last analysis.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// By the section's key: its content's fingerprint, where it started,
    /// and its issues (at the offsets of that analysis).
    sections: HashMap<String, (Fingerprint, usize, Vec<SchemaIssue>)>,
}

/// The last analysis's memo and the one this analysis fills.
pub(crate) struct Sections<'a> {
    pub old: Option<&'a Memo>,
    pub new: &'a mut Memo,
}

impl Sections<'_> {
    /// The schema issues of the document whose top level is `root`, sorted
    /// and deduplicated as [`dossier_schema::validate`] gives them. `text`
    /// is the document's text; `clean` says that the parse reported no
    /// error and left nothing unread.
    pub fn validate(self, text: &str, clean: bool, root: &Node) -> Vec<SchemaIssue> {
        let flow = root.as_mapping().is_some_and(|m| m.flow);
        let mut out = dossier_schema::top_level_to_json(root)
            .map(|top| dossier_schema::validate_part(&top, Part::TopLevel))
            .unwrap_or_default();
        let entries = root.as_mapping().map_or(&[][..], |m| &m.entries[..]);
        for entry in entries {
            let start = entry.range.start;
            let print = match text.get(entry.range.start..entry.range.end) {
                Some(written) if clean => text_fingerprint(text, written, start, flow),
                _ => fingerprint(entry),
            };
            let kept = self
                .old
                .and_then(|m| m.sections.get(&entry.key.value))
                .filter(|(p, _, _)| *p == print);
            let issues = match kept {
                Some((_, old_start, issues)) => {
                    let delta = start as isize - *old_start as isize;
                    issues.iter().map(|i| shifted(i, delta)).collect()
                }
                None => dossier_schema::validate_part(
                    &dossier_schema::entry_to_json(entry),
                    Part::Sections,
                ),
            };
            out.extend(issues.iter().cloned());
            self.new
                .sections
                .insert(entry.key.value.clone(), (print, start, issues));
        }
        out.sort_by(|a, b| {
            (a.range.start, a.range.end, &a.message).cmp(&(b.range.start, b.range.end, &b.message))
        });
        out.dedup();
        out
    }
}

/// A 128-bit digest of a section's spanned tree: keys, values, kinds,
/// styles and every range relative to the section's start. Two sections
/// with the same digest validate the same, up to that offset.
type Fingerprint = (u64, u64);

fn fingerprint(entry: &Entry) -> Fingerprint {
    let mut h = Mix::new();
    h.word(0);
    hash_entry(entry, entry.range.start, &mut h);
    h.digest()
}

/// The digest of a section of a document that parsed without any error,
/// from its text (`written`, from its key to the end of its value) rather
/// than its tree: some 20 times cheaper. In such a document a top-level
/// entry's spanned tree, ranges taken from its start, is a function of
/// its text, its column and whether the top level is a flow mapping, so
/// equal digests still mean equal trees. The tree digest's first word
/// differs, so the two kinds never match each other.
fn text_fingerprint(text: &str, written: &str, start: usize, flow: bool) -> Fingerprint {
    let column = text[..start]
        .bytes()
        .rev()
        .take_while(|b| *b != b'\n' && *b != b'\r')
        .count();
    let mut h = Mix::new();
    h.word(1);
    h.word(flow as u64);
    h.word(column as u64);
    h.write(written.as_bytes());
    h.digest()
}

/// Two lanes of multiply-rotate mixing over 64-bit words: a digest of a
/// section in a few instructions per word (SipHash, at a call per small
/// write, cost more than validating). Not meant to resist an adversary;
/// two sections of one document that differ collide with a chance of
/// about 2^-100.
struct Mix {
    a: u64,
    b: u64,
}

impl Mix {
    fn new() -> Mix {
        Mix {
            a: 0x243f_6a88_85a3_08d3,
            b: 0x1319_8a2e_0370_7344,
        }
    }

    fn word(&mut self, x: u64) {
        self.a = (self.a ^ x)
            .wrapping_mul(0x9e37_79b9_7f4a_7c15)
            .rotate_left(29);
        self.b = (self.b ^ x.rotate_left(23))
            .wrapping_mul(0xc2b2_ae3d_27d4_eb4f)
            .rotate_left(31);
    }

    fn digest(&self) -> Fingerprint {
        let fold = |x: u64| {
            let x = (x ^ (x >> 33)).wrapping_mul(0xff51_afd7_ed55_8ccd);
            let x = (x ^ (x >> 33)).wrapping_mul(0xc4ce_b9fe_1a85_ec53);
            x ^ (x >> 33)
        };
        (fold(self.a), fold(self.b))
    }
}

impl Hasher for Mix {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.word(u64::from_le_bytes(c.try_into().unwrap_or_default()));
        }
        let rest = chunks.remainder();
        let mut last = [0u8; 8];
        last[..rest.len()].copy_from_slice(rest);
        self.word(u64::from_le_bytes(last) ^ ((bytes.len() as u64) << 56));
    }
    fn write_u8(&mut self, x: u8) {
        self.word(u64::from(x));
    }
    fn write_u64(&mut self, x: u64) {
        self.word(x);
    }
    fn write_usize(&mut self, x: usize) {
        self.word(x as u64);
    }
    fn write_i64(&mut self, x: i64) {
        self.word(x as u64);
    }
    fn finish(&self) -> u64 {
        self.digest().0
    }
}

fn hash_range(r: TextRange, base: usize, h: &mut impl Hasher) {
    h.write_usize(r.start.wrapping_sub(base));
    h.write_usize(r.end.wrapping_sub(base));
}

fn hash_entry(e: &Entry, base: usize, h: &mut impl Hasher) {
    hash_range(e.range, base, h);
    hash_range(e.key.range, base, h);
    e.key.value.hash(h);
    hash_scalar_kind(e.key.kind, h);
    h.write_u8(e.key.style as u8);
    hash_node(&e.value, base, h);
}

fn hash_scalar_kind(k: ScalarKind, h: &mut impl Hasher) {
    match k {
        ScalarKind::Str => h.write_u8(0),
        ScalarKind::Int(i) => {
            h.write_u8(1);
            h.write_i64(i);
        }
        ScalarKind::Float(f) => {
            h.write_u8(2);
            h.write_u64(f.to_bits());
        }
        ScalarKind::Bool(b) => {
            h.write_u8(3);
            h.write_u8(b as u8);
        }
        ScalarKind::Null => h.write_u8(4),
    }
}

fn hash_node(n: &Node, base: usize, h: &mut impl Hasher) {
    hash_range(n.range, base, h);
    match &n.kind {
        NodeKind::Mapping(m) => {
            h.write_u8(10 + m.flow as u8);
            h.write_usize(m.entries.len());
            for e in &m.entries {
                hash_entry(e, base, h);
            }
        }
        NodeKind::Sequence(items) => {
            h.write_u8(12);
            h.write_usize(items.len());
            for i in items {
                hash_node(i, base, h);
            }
        }
        NodeKind::Scalar(s) => {
            h.write_u8(13);
            hash_range(s.range, base, h);
            s.value.hash(h);
            hash_scalar_kind(s.kind, h);
            h.write_u8(s.style as u8);
        }
        NodeKind::Null => h.write_u8(14),
        NodeKind::Invalid => h.write_u8(15),
    }
}

fn shift(r: TextRange, delta: isize) -> TextRange {
    TextRange::new(
        r.start.wrapping_add_signed(delta),
        r.end.wrapping_add_signed(delta),
    )
}

fn shifted(issue: &SchemaIssue, delta: isize) -> SchemaIssue {
    let mut i = issue.clone();
    i.range = shift(i.range, delta);
    if let Some(r) = i.replacement.as_mut() {
        r.range = shift(r.range, delta);
    }
    i
}
