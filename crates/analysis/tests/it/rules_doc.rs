//! docs/rules.md is generated from the documentation kept next to each
//! rule's code (`cargo run -p dossier-analysis --example rules_md`).

use dossier_analysis::{rules_markdown, Rule};

#[test]
fn every_rule_is_documented_once() {
    for r in Rule::ALL {
        assert!(!r.summary().is_empty(), "{}", r.code());
        assert!(!r.doc().body.trim().is_empty(), "{}", r.code());
    }
}

#[test]
fn docs_rules_md_is_generated_from_the_rules() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let doc = std::fs::read_to_string(path).unwrap_or_default();
    let generated = rules_markdown();
    let start = doc
        .find("| code | default | when |")
        .expect("docs/rules.md has the rules table");
    assert_eq!(
        &doc[start..],
        generated,
        "docs/rules.md is out of date: regenerate it with `cargo run -p dossier-analysis --example rules_md`"
    );
}
