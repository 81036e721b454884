//! Output formats stay safe and well-formed whatever a dossier contains:
//! no raw terminal controls or bidi overrides in human and GitHub output,
//! no characters XML 1.0 forbids in JUnit, and GitHub/SARIF locations as
//! the tools that read them expect (issues 15 and 19).

use crate::common::*;

const CONFIG: &str = "today = \"2026-11-24\"\n[questions]\nbaseline = false\ntriggered = false\n";

/// A dossier whose values hold ESC, BEL, U+009B, U+202E, U+200B and U+FFFE
/// (YAML escapes, so each ends up raw in a message), a key with a raw
/// U+202E and U+200B (so the shown source line has them), and a schema
/// error whose range spans two lines.
fn hostile() -> String {
    "dossier: 1\nvendor:\n  name: Example AI\nassessment:\n  as_of: 2026-11-01\nsources:\n  s1:\n    url: https://example.com/trust\n    title: T\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    soc2_type2: \"ye\\e[2J\\as\"\n    iso_27001: \"\\x9b31m\\u202ex\\u200b\\ufffe\"\n    iso\u{202e}_42001x\u{200b}: yes\n  data_handling:\n    retention_period_days: [1,\n      2]\n".to_string()
}

fn run(format: &str) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dossier.toml"), CONFIG).unwrap();
    std::fs::write(dir.path().join("h.dossier.yaml"), hostile()).unwrap();
    let o = dossier_in(dir.path(), &["check", "--format", format, "h.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    stdout(&o)
}

fn assert_no_controls(out: &str) {
    for c in ['\u{1b}', '\u{7}', '\u{9b}', '\u{202e}', '\u{200b}'] {
        assert!(!out.contains(c), "raw U+{:04X} in output:\n{out}", c as u32);
    }
}

#[test]
fn human_output_shows_controls_as_escapes() {
    let out = run("human");
    assert_no_controls(&out);
    assert!(out.contains("\\u{1b}[2J\\u{7}"), "{out}");
    assert!(
        out.contains("iso\\u{202e}_42001x\\u{200b}"),
        "the source line: {out}"
    );
}

#[test]
fn github_output_has_no_controls_and_no_columns_for_multi_line_ranges() {
    let out = run("github");
    assert_no_controls(&out);
    let list = out
        .lines()
        .find(|l| l.contains("a list is not allowed"))
        .expect("the list diagnostic");
    assert!(
        list.contains("line=18,endLine=19,") && !list.contains("col="),
        "{list}"
    );
    let one_line = out.lines().find(|l| l.contains("line=14,")).unwrap();
    assert!(
        one_line.contains(",col=") && one_line.contains(",endColumn="),
        "{one_line}"
    );
}

#[test]
fn junit_output_is_well_formed_xml_1_0() {
    let out = run("junit");
    for c in out.chars() {
        let allowed = matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}');
        assert!(
            allowed,
            "U+{:04X} is not allowed in XML 1.0:\n{out}",
            c as u32
        );
    }
}

#[test]
fn sarif_states_its_column_kind() {
    let v: serde_json::Value = serde_json::from_str(&run("sarif")).unwrap();
    assert_eq!(v["runs"][0]["columnKind"], "utf16CodeUnits");
}

#[test]
fn published_schema_uses_only_standard_formats() {
    let schema: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(repo_root().join("schemas/dossier.schema.json")).unwrap(),
    )
    .unwrap();
    fn formats(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(m) => {
                if let Some(f) = m.get("format").and_then(|f| f.as_str()) {
                    out.push(f.to_string());
                }
                m.values().for_each(|c| formats(c, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|c| formats(c, out)),
            _ => {}
        }
    }
    let mut found = Vec::new();
    formats(&schema, &mut found);
    // The formats JSON Schema 2020-12 defines.
    let standard = [
        "date-time",
        "date",
        "time",
        "duration",
        "email",
        "idn-email",
        "hostname",
        "idn-hostname",
        "ipv4",
        "ipv6",
        "uri",
        "uri-reference",
        "iri",
        "iri-reference",
        "uuid",
        "uri-template",
        "json-pointer",
        "relative-json-pointer",
        "regex",
    ];
    found.retain(|f| !standard.contains(&f.as_str()));
    assert!(found.is_empty(), "non-standard formats: {found:?}");
}
