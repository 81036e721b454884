//! One open document: its text as a rope, the parser's memory of it that
//! follows its edits, and the latest analysed snapshot.

use std::sync::Arc;

use dossier_analysis::{Analysis, Config};
use dossier_syntax::Encoding;
use ropey::Rope;
use tokio::sync::Notify;
use tower_lsp_server::ls_types::{TextDocumentContentChangeEvent, Uri};

use super::Session;
use crate::convert;
use dossier_workspace::Effective;

/// What a request reads: one analysed version of one document.
pub struct Snapshot {
    pub text: String,
    pub analysis: Analysis,
    pub config: Arc<Config>,
    pub version: i32,
    pub generation: u64,
}

pub struct Document {
    pub rope: Rope,
    pub version: i32,
    /// Bumped on every change of text or configuration; a snapshot of an
    /// older generation is stale.
    pub generation: u64,
    /// The parser's memory of the last parse, moved along by every change
    /// since, for incremental reparsing. Only documents being edited keep
    /// a tree in it.
    pub syntax: dossier_syntax::Document,
    pub snapshot: Option<Arc<Snapshot>>,
    /// When the document was last edited (the session clock; 0 = never).
    pub last_edit: u64,
    /// When a request last read it.
    pub last_used: u64,
    /// Wakes the document's analysis worker.
    pub wake: Arc<Notify>,
    /// Held while analysing, so a request and the worker never analyse the
    /// same generation twice.
    pub compute: Arc<tokio::sync::Mutex<()>>,
}

impl Document {
    pub fn new(text: &str, version: i32, generation: u64) -> Document {
        Document {
            rope: Rope::from_str(text),
            version,
            generation,
            syntax: dossier_syntax::Document::new(),
            snapshot: None,
            last_edit: 0,
            last_used: 0,
            wake: Arc::new(Notify::new()),
            compute: Arc::new(tokio::sync::Mutex::new(())),
        }
    }

    fn current(&self) -> Option<Arc<Snapshot>> {
        self.snapshot
            .clone()
            .filter(|s| s.generation == self.generation)
    }
}

/// Apply one `didChange` content change to the rope, and describe it to the
/// parser so the next parse is incremental. Positions are clamped (past the
/// end of a line or of the document) and rounded down inside a character,
/// so no client input can fail here.
pub fn apply_change(doc: &mut Document, change: &TextDocumentContentChangeEvent, enc: Encoding) {
    let Some(range) = change.range else {
        doc.rope = Rope::from_str(&change.text);
        doc.syntax.forget();
        return;
    };
    let rope = &doc.rope;
    let a = convert::rope_offset(rope, range.start, enc);
    let b = convert::rope_offset(rope, range.end, enc);
    let (start, end) = (a.min(b), a.max(b));
    let point = |rope: &Rope, byte: usize| {
        let line = rope.byte_to_line(byte);
        dossier_syntax::Point {
            line,
            column: byte - rope.line_to_byte(line),
        }
    };
    // A `\r` just before the edit may turn from a lone line end into half
    // of a CRLF (or back): start the edit one byte earlier so tree-sitter
    // re-reads it. That byte itself is unchanged, so the edit stays exact.
    let edit_start = start.saturating_sub(1);
    let start_position = point(rope, edit_start);
    let old_end_position = point(rope, end);
    let (sc, ec) = (rope.byte_to_char(start), rope.byte_to_char(end));
    doc.rope.remove(sc..ec);
    doc.rope.insert(sc, &change.text);
    let new_end = start + change.text.len();
    if doc.syntax.has_tree() {
        let new_end_point = point(&doc.rope, new_end);
        doc.syntax.edit(&dossier_syntax::TextEdit {
            start: edit_start,
            old_end: end,
            new_end,
            start_point: start_position,
            old_end_point: old_end_position,
            new_end_point,
        });
    }
}

pub fn panic_message(e: &(dyn std::any::Any + Send)) -> String {
    e.downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| e.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "no message".into())
}

struct Job {
    text: String,
    syntax: dossier_syntax::Document,
    generation: u64,
    version: i32,
}

impl Session {
    /// The analysis of the document's current text: the stored snapshot if
    /// it is current, else computed now (once: the worker and concurrent
    /// requests wait for each other). `None` for a document that is not
    /// open. The boolean says whether the snapshot is still current.
    pub async fn snapshot(self: &Arc<Self>, uri: &Uri) -> Option<(Arc<Snapshot>, bool)> {
        let lock = {
            let mut docs = self.documents();
            let tick = self.tick();
            let doc = docs.get_mut(uri)?;
            doc.last_used = tick;
            if let Some(s) = doc.current() {
                return Some((s, true));
            }
            doc.compute.clone()
        };
        let _guard = lock.lock().await;
        let job = {
            let docs = self.documents();
            let doc = docs.get(uri)?;
            if let Some(s) = doc.current() {
                return Some((s, true));
            }
            Job {
                text: doc.rope.to_string(),
                syntax: doc.syntax.clone(),
                generation: doc.generation,
                version: doc.version,
            }
        };
        let session = self.clone();
        let uri = uri.clone();
        // Finding the configuration may read dossier.toml: off the
        // protocol's path, like the analysis.
        tokio::task::spawn_blocking(move || {
            let effective = session.config_for(&uri);
            session.run(&uri, job, effective)
        })
        .await
        .ok()
    }

    fn run(&self, uri: &Uri, mut job: Job, effective: Effective) -> (Arc<Snapshot>, bool) {
        // The engine catches a panic and reports it on the file. "today"
        // is resolved with the configuration (the editor setting, else
        // dossier.toml, else the system date).
        let Effective { config, today, .. } = effective;
        let mut analysis =
            dossier_analysis::analyze_document(&job.text, &mut job.syntax, &config, today);
        // The JSON view is only needed by the rules.
        analysis.json = None;
        self.check_evidence(uri, &mut analysis, &job.text, &config);
        let snap = Arc::new(Snapshot {
            text: job.text,
            analysis,
            config,
            version: job.version,
            generation: job.generation,
        });
        let mut current = false;
        let mut docs = self.documents();
        if let Some(doc) = docs.get_mut(uri) {
            if doc.generation == job.generation {
                current = true;
                doc.snapshot = Some(snap.clone());
                // Documents never edited need no tree until they are.
                if doc.last_edit > 0 {
                    doc.syntax = job.syntax;
                }
            }
            Session::trim(&mut docs);
        }
        (snap, current)
    }
}

impl Session {
    /// The `evidence-file` diagnostics, as `dossier check` gives them: each
    /// `file:` source looked up relative to the document's file and hashed
    /// (through the session's cache, so a keystroke does not rehash a
    /// PDF). A document with no file on disk (untitled, or not saved yet)
    /// has no folder to resolve against: nothing is said about its files.
    /// Runs on the analysis's blocking thread.
    fn check_evidence(&self, uri: &Uri, analysis: &mut Analysis, text: &str, config: &Config) {
        if dossier_analysis::evidence_paths(analysis).is_empty() {
            return;
        }
        let Some(path) = uri.to_file_path() else {
            return;
        };
        if !path.is_file() {
            return;
        }
        dossier_analysis::check_evidence(analysis, text, config, &mut |f| {
            self.evidence.lookup(&path, f)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tower_lsp_server::ls_types::{Position, Range};

    fn change(text: &str, sl: u32, sc: u32, el: u32, ec: u32) -> TextDocumentContentChangeEvent {
        TextDocumentContentChangeEvent {
            range: Some(Range {
                start: Position {
                    line: sl,
                    character: sc,
                },
                end: Position {
                    line: el,
                    character: ec,
                },
            }),
            range_length: None,
            text: text.into(),
        }
    }

    /// The edited tree, reparsed, gives the same spanned tree as a fresh parse.
    fn check_edits(text: &str, edits: &[TextDocumentContentChangeEvent]) -> String {
        let mut doc = Document::new(text, 1, 0);
        doc.syntax.reparse(text);
        doc.last_edit = 1;
        for e in edits {
            apply_change(&mut doc, e, Encoding::Utf16);
            let now = doc.rope.to_string();
            let incremental = doc.syntax.reparse(&now);
            let fresh = dossier_syntax::parse(&now);
            assert_eq!(
                format!("{:?}{:?}", incremental.root, incremental.errors),
                format!("{:?}{:?}", fresh.root, fresh.errors),
                "{now:?}"
            );
        }
        doc.rope.to_string()
    }

    #[test]
    fn edited_tree_reparses_like_fresh() {
        let text = "dossier: 1\r\nvendor:\r\n  name: 阿里 😀\r\nfacts:\r\n  data_handling:\r\n    dpa_available: yes\r\n";
        let out = check_edits(
            text,
            &[
                change("x", 2, 13, 2, 13),       // after the emoji (UTF-16 columns 11-12)
                change("x", 2, 12, 2, 12),       // inside its surrogate pair: before it
                change("", 0, 9, 0, 10),         // delete `1`
                change("2", 0, 9, 0, 9),         // insert `2`
                change("tail: [", 99, 0, 99, 5), // past the end: appended
                change("]\n", 99, 0, 99, 0),
            ],
        );
        assert!(out.contains("阿里 x😀x\r\n"), "{out:?}");
        assert!(out.starts_with("dossier: 2\r\n"), "{out:?}");
        assert!(out.ends_with("tail: []\n"), "{out:?}");
        // A lone CR that becomes a CRLF, and back.
        let out = check_edits(
            "a: 1\rb: \"x\ry\"\n",
            &[change("\n", 1, 0, 1, 0), change("", 0, 4, 1, 0)],
        );
        assert_eq!(out, "a: 1b: \"x\ry\"\n");
    }

    use proptest::prelude::*;

    /// What a user sees of one analysis: diagnostics (with fixes and
    /// related places), the score, hovers at a spread of offsets, code
    /// lenses and inlay hints.
    fn seen(text: &str, analysis: &Analysis, config: &Config) -> String {
        let ctx = dossier_ide::Ctx {
            text,
            analysis,
            config,
        };
        let hovers: Vec<_> = (0..text.len())
            .step_by(37)
            .filter(|i| text.is_char_boundary(*i))
            .map(|i| dossier_ide::hover(&ctx, i))
            .collect();
        format!(
            "{:#?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}\n{:?}",
            analysis.diagnostics,
            analysis.score,
            analysis.parse.errors,
            analysis.parse.unreadable,
            analysis.internal_error,
            dossier_ide::code_lenses(&ctx),
            dossier_ide::inlay_hints(&ctx),
            hovers,
        )
    }

    /// Pieces an edit inserts: structure, quotes, line ends of every kind,
    /// a BOM, emoji and CJK, values that break and fix a fact.
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
        "\u{feff}",
        "😀",
        "阿里",
        "é",
        "\t",
        "yes",
        "no",
        "2024-02-30",
        "2026-01-01",
        "    extra_fact: yes\n",
        "- id: s9\n",
        "cite: [nope]",
        "# dossier: ignore[uncited-fact]\n",
    ];

    fn arb_edit() -> impl Strategy<Value = (u32, u32, u32, String)> {
        (
            any::<u32>(),
            any::<u32>(),
            0u32..14,
            proptest::collection::vec(proptest::sample::select(PIECES), 0..3),
        )
            .prop_map(|(line, col, len, pieces)| (line, col, len, pieces.concat()))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// After any sequence of edits, what the incremental analysis shows
        /// (diagnostics, score, hovers, code lenses, inlay hints) is what a
        /// fresh open of the same text shows.
        #[test]
        fn incremental_analysis_equals_a_fresh_one(
            crlf in any::<bool>(),
            bom in any::<bool>(),
            edits in proptest::collection::vec(arb_edit(), 1..10),
        ) {
            let mut text = String::from(include_str!("../../../../examples/alibaba-cloud.dossier.yaml"));
            if crlf {
                text = text.replace('\n', "\r\n");
            }
            if bom {
                text.insert(0, '\u{feff}');
            }
            let config = Config::default();
            let today = dossier_schema::dates::Day::parse("2026-11-24").unwrap();
            let mut doc = Document::new(&text, 1, 0);
            dossier_analysis::analyze_document(&text, &mut doc.syntax, &config, today);
            let lines = text.lines().count() as u32 + 1;
            for (line, col, len, insert) in edits {
                // Mostly real positions, sometimes past a line's end or
                // inside a surrogate pair (clamped by apply_change).
                let line = line % lines;
                let col = col % 48;
                let edit = change(&insert, line, col, line, col + len);
                apply_change(&mut doc, &edit, Encoding::Utf16);
                let now = doc.rope.to_string();
                let incremental = dossier_analysis::analyze_document(&now, &mut doc.syntax, &config, today);
                let fresh = dossier_analysis::analyze(&now, &config, today);
                prop_assert_eq!(seen(&now, &incremental, &config), seen(&now, &fresh, &config), "{:?}", now);
            }
        }
    }
}
