//! Rewrite the generated part of docs/rules.md (from its rules table to the
//! end) from the documentation kept next to each rule's code.
fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/rules.md");
    let doc = std::fs::read_to_string(&path).expect("read docs/rules.md");
    let start = doc
        .find("| code | default | when |")
        .expect("docs/rules.md has the rules table");
    let text = format!("{}{}", &doc[..start], dossier_analysis::rules_markdown());
    std::fs::write(&path, text).expect("write docs/rules.md");
}
