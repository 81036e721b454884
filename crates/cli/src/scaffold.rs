//! The text of `dossier new "Vendor"`: every catalogue fact as
//! `not_disclosed` and the questions they require. The scaffold lives with
//! the command that writes it.

use std::fmt::Write;

use dossier_schema::catalogue;
use dossier_schema::view::DossierView;
use dossier_score::{questions, DEFAULT_PROFILE};

/// The schema reference `dossier new` writes by default in its modeline: a
/// file next to the dossier, written by `dossier schema > dossier.schema.json`
/// (no network, works offline). See docs/editors.md for the trade-off.
pub const SCHEMA_URL: &str = "dossier.schema.json";

/// The text of `dossier new "Vendor"`: every catalogue fact as
/// `not_disclosed`, and the questions they require. The first line is a
/// `yaml-language-server` modeline pointing at `schema`.
pub fn scaffold(vendor_name: &str, today: dossier_schema::dates::Day, schema: &str) -> String {
    use questions::{question_yaml, yaml_string};
    let mut s = String::new();
    let _ = writeln!(
        s,
        "# yaml-language-server: $schema={}",
        schema.replace('\n', " ")
    );
    let _ = writeln!(
        s,
        "# Vendor dossier for {}. Replace each `not_disclosed` with what the",
        vendor_name.replace('\n', " ")
    );
    let _ = writeln!(
        s,
        "# evidence says, in the full form `{{value: …, cite: source-id}}`."
    );
    let _ = writeln!(s, "dossier: 1");
    let _ = writeln!(
        s,
        "vendor:\n  name: {}\n  kind: other",
        yaml_string(vendor_name)
    );
    let _ = writeln!(
        s,
        "assessment:\n  as_of: {today}\n  profile: {DEFAULT_PROFILE}"
    );
    let _ = writeln!(
        s,
        "sources:\n  vendor-site:\n    url: https://example.com\n    title: The vendor's website (replace)\n    kind: vendor_disclosure\n    retrieved: {today}"
    );
    let _ = writeln!(s, "facts:");
    for sec in catalogue::SECTIONS {
        let _ = writeln!(s, "  {}:", sec.name);
        for f in catalogue::section_facts(sec.name) {
            let _ = writeln!(s, "    {}: not_disclosed", f.key);
        }
    }
    let _ = writeln!(s, "attestations: []\nfindings: []\nincidents: []");
    // The questions the facts above require.
    let draft = format!("{s}questions: []\n");
    let parse = dossier_syntax::parse(&draft);
    let required = parse
        .root
        .as_ref()
        .map(|root| {
            questions::required_questions(
                &DossierView::new(root),
                today,
                &questions::QuestionPolicy::default(),
            )
        })
        .unwrap_or_default();
    let _ = writeln!(s, "questions:");
    for q in required {
        s.push_str(&question_yaml(q.template, 2));
    }
    let _ = writeln!(s, "adjustments: []");
    s
}
