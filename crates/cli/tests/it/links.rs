//! Rule-code links come from one place, `dossier_analysis::DOCS_RULES_URL`,
//! and no output carries a link while the documentation has no public
//! address (it used to point every reader at `https://example.invalid/`).

use crate::common::*;

const BROKEN: &str = "examples/broken/unknown-source.dossier.yaml";

fn sarif() -> serde_json::Value {
    let o = dossier(&[
        "check",
        "--config",
        "examples/broken/dossier.toml",
        "--format",
        "sarif",
        BROKEN,
    ]);
    serde_json::from_str(&stdout(&o)).expect("SARIF")
}

#[test]
fn sarif_links_rules_only_to_the_configured_documentation() {
    let v = sarif();
    let driver = &v["runs"][0]["tool"]["driver"];
    let text = v.to_string();
    assert!(!text.contains(".invalid"), "a placeholder address in SARIF");
    match dossier_analysis::DOCS_RULES_URL {
        None => {
            assert!(driver.get("informationUri").is_none(), "{driver}");
            for rule in driver["rules"].as_array().unwrap() {
                assert!(rule.get("helpUri").is_none(), "{rule}");
            }
        }
        Some(base) => {
            assert_eq!(driver["informationUri"], base);
            for rule in driver["rules"].as_array().unwrap() {
                assert_eq!(
                    rule["helpUri"],
                    format!("{base}#{}", rule["id"].as_str().unwrap())
                );
            }
        }
    }
}

#[test]
fn the_pack_names_rule_codes_without_dead_links() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = dossier(&["render", "--today", "2026-11-24", BROKEN, "-o", out]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let html = std::fs::read_to_string(dir.path().join("unknown-source.html")).unwrap();
    assert!(html.contains("unknown-source"), "the pack lists the rule");
    assert!(
        !html.contains(".invalid/dossier-toolkit"),
        "a placeholder link in the pack"
    );
    if dossier_analysis::DOCS_RULES_URL.is_none() {
        assert!(
            !html.contains("rules.md#"),
            "a rule link without a documentation address"
        );
    }
}
