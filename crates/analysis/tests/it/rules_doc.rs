//! Each rule is declared once in the registry (`src/registry.rs`) and
//! documented once: one `src/rules/docs/<code>.md` per rule and no other,
//! one section per rule in docs/rules.md and no other. docs/rules.md itself
//! is regenerated and checked by `crates/cli/tests/it/docs.rs`
//! (`UPDATE_DOCS=1 cargo test -p dossier-cli --test it docs::`).

use dossier_analysis::{rules_markdown, Rule};
use std::collections::BTreeMap;
use std::path::Path;

fn manifest() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// How often each `## heading` occurs in `markdown`.
fn sections(markdown: &str) -> BTreeMap<String, usize> {
    let mut n = BTreeMap::new();
    for line in markdown.lines() {
        if let Some(h) = line.strip_prefix("## ") {
            *n.entry(h.trim().to_string()).or_default() += 1;
        }
    }
    n
}

#[test]
fn every_rule_is_documented_once() {
    // The documentation files are exactly the rules' codes: none missing
    // (the build would fail), none left over from a removed or renamed rule.
    let dir = manifest().join("src/rules/docs");
    let mut files: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    let mut codes: Vec<String> = Rule::ALL
        .iter()
        .map(|r| format!("{}.md", r.code()))
        .collect();
    codes.sort();
    assert_eq!(files, codes, "src/rules/docs/ holds one file per rule code");

    for r in Rule::ALL {
        let meta = r.meta();
        assert!(!meta.summary.trim().is_empty(), "{}: no summary", r.code());
        assert!(
            !meta.summary.contains('\n'),
            "{}: the summary is one line",
            r.code()
        );
        assert!(
            !meta.body.trim().is_empty(),
            "{}: no documentation",
            r.code()
        );
        assert_eq!(
            meta.body.matches("{example}").count(),
            1,
            "{}: the documentation names its example once, as `{{example}}`",
            r.code()
        );
        assert!(
            manifest().join("../..").join(meta.example).is_file(),
            "{}: its example {} is missing",
            r.code(),
            meta.example
        );
    }

    // The generated reference has one section per rule, and only those.
    let generated = sections(&rules_markdown());
    let expected: BTreeMap<String, usize> = Rule::ALL
        .iter()
        .map(|r| (r.code().to_string(), 1))
        .collect();
    assert_eq!(
        generated, expected,
        "rules_markdown(): one section per rule"
    );

    // And so has the page (its hand-written introduction adds none).
    let page = std::fs::read_to_string(manifest().join("../../docs/rules.md")).unwrap();
    let on_page = sections(&page);
    for r in Rule::ALL {
        assert_eq!(
            on_page.get(r.code()),
            Some(&1),
            "docs/rules.md documents `{}` once",
            r.code()
        );
    }
}

#[test]
fn the_check_sees_a_rule_documented_twice() {
    // The check above is not vacuous: a page with a section twice fails it.
    let twice = format!("{}\n## {}\nagain\n", rules_markdown(), Rule::ALL[0].code());
    assert_eq!(sections(&twice).get(Rule::ALL[0].code()), Some(&2));
}
