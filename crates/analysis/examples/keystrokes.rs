//! One keystroke at a time through the server's path (an edit given to the
//! parser, then `analyze_document`), for counting instructions with
//! callgrind: `scripts/test.d/icount.sh` runs this under
//! `valgrind --tool=callgrind --toggle-collect=keystroke_*` and prints what
//! each `keystroke_*` function cost. Run natively, it prints the
//! diagnostics count after each step (a sanity check, not a timing).
//!
//!     cargo run -p dossier-analysis --example keystrokes -- big.dossier.yaml

use dossier_analysis::{analyze_document, Analysis, Config};
use dossier_schema::dates::Day;
use dossier_syntax::{Document, Point, TextEdit};

struct Doc {
    text: String,
    syntax: Document,
    config: Config,
    today: Day,
}

fn point_at(text: &str, offset: usize) -> Point {
    let bytes = text.as_bytes();
    let (mut line, mut line_start) = (0, 0);
    for (i, &b) in bytes[..offset].iter().enumerate() {
        if b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')) {
            line += 1;
            line_start = i + 1;
        }
    }
    Point {
        line,
        column: offset - line_start,
    }
}

impl Doc {
    /// Replace `start..end` with `new` and describe the edit to the parser,
    /// as the server's `didChange` does (not counted: the rope's work).
    fn change(&mut self, start: usize, end: usize, new: &str) {
        let early = start.saturating_sub(1);
        let (start_point, old_end_point) = (point_at(&self.text, early), point_at(&self.text, end));
        self.text.replace_range(start..end, new);
        let new_end = start + new.len();
        self.syntax.edit(&TextEdit {
            start: early,
            old_end: end,
            new_end,
            start_point,
            old_end_point,
            new_end_point: point_at(&self.text, new_end),
        });
    }

    fn analyze(&mut self) -> Analysis {
        analyze_document(&self.text, &mut self.syntax, &self.config, self.today)
    }
}

// Each scenario is its own function, never inlined, so that callgrind can
// count exactly its instructions (`--toggle-collect=keystroke_*`). Each
// body differs (the `black_box` tag): identical bodies are folded into one
// symbol in a release build, and callgrind would see only `keystroke_open`.
macro_rules! scenario {
    ($name:ident, $tag:literal) => {
        #[inline(never)]
        fn $name(d: &mut Doc) -> Analysis {
            std::hint::black_box($tag);
            d.analyze()
        }
    };
}
scenario!(keystroke_open, 1u8);
scenario!(keystroke_in_fact, 2u8);
scenario!(keystroke_in_source, 3u8);
scenario!(keystroke_makes_invalid, 4u8);
scenario!(keystroke_fixes, 5u8);

fn report(step: &str, a: &Analysis) {
    println!(
        "{step}: {} diagnostics, composite {:?}",
        a.diagnostics.len(),
        a.score.as_ref().map(|s| s.composite)
    );
}

/// The byte just after the first occurrence of `needle` after `from`.
fn after(text: &str, from: &str, needle: &str) -> usize {
    let base = text
        .find(from)
        .unwrap_or_else(|| panic!("no `{from}` in the document"));
    base + text[base..]
        .find(needle)
        .unwrap_or_else(|| panic!("no `{needle}` after `{from}`"))
        + needle.len()
}

fn main() {
    let path = std::env::args()
        .nth(1)
        .expect("usage: keystrokes DOSSIER (the reference document of scripts/bench/gen.py)");
    let text = std::fs::read_to_string(&path).expect("readable UTF-8 dossier");
    let mut d = Doc {
        text,
        syntax: Document::new(),
        config: Config::default(),
        today: Day::parse("2026-11-24").unwrap(),
    };
    // Warm up what is computed once per process (the compiled schema, the
    // catalogue tables), as a running server has.
    d.analyze();
    d.syntax.forget();
    let a = keystroke_open(&mut d);
    report("open", &a);
    let base = a.diagnostics.len();

    // A letter typed into a fact's free text: still valid.
    let at = after(&d.text, "\nfacts:", "detail: ");
    d.change(at, at, "x");
    report("keystroke in a fact", &keystroke_in_fact(&mut d));

    // A letter typed into a source's title: still valid.
    let at = after(&d.text, "\nsources:", "title: ");
    d.change(at, at, "x");
    report("keystroke in a source", &keystroke_in_source(&mut d));

    // A letter after a fact's `yes`: not a state any more.
    let at = after(&d.text, "\nfacts:", "value: yes");
    d.change(at, at, "x");
    let a = keystroke_makes_invalid(&mut d);
    report("keystroke making it invalid", &a);
    assert!(
        a.diagnostics.len() > base,
        "the edit should add a diagnostic"
    );

    // Deleted again.
    d.change(at, at + 1, "");
    let a = keystroke_fixes(&mut d);
    report("keystroke fixing it", &a);
    assert_eq!(a.diagnostics.len(), base, "the fix should remove it");
}
