//! Rule-code links come from one place, `dossier_analysis::DOCS_RULES_URL`,
//! and no output carries a link while the documentation has no public
//! address (it used to point every reader at `https://example.invalid/`).
//! Both cases run: debug builds read `DOSSIER_TEST_DOCS_URL` in place of
//! the constant, so the tests see the outputs with an address too.

use crate::common::*;
use std::process::{Command, Output, Stdio};

const BROKEN: &str = "examples/broken/unknown-source.dossier.yaml";
const BASE: &str = "https://docs.example.org/dossier/rules.md";

/// `dossier ARGS`, with the documentation at `base` (or at none).
fn dossier_with_docs(base: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_dossier"));
    cmd.args(args)
        .current_dir(repo_root())
        .env("NO_COLOR", "1")
        .env_remove("DOSSIER_TEST_DOCS_URL")
        .stdin(Stdio::null());
    if let Some(base) = base {
        cmd.env("DOSSIER_TEST_DOCS_URL", base);
    }
    cmd.output().expect("run dossier")
}

fn sarif(base: Option<&str>) -> serde_json::Value {
    let o = dossier_with_docs(
        base,
        &[
            "check",
            "--config",
            "examples/broken/dossier.toml",
            "--format",
            "sarif",
            BROKEN,
        ],
    );
    serde_json::from_str(&stdout(&o)).expect("SARIF")
}

#[test]
fn sarif_links_rules_only_to_the_configured_documentation() {
    // As shipped: the constant decides.
    let v = sarif(None);
    assert!(
        !v.to_string().contains(".invalid"),
        "a placeholder address in SARIF"
    );
    let driver = &v["runs"][0]["tool"]["driver"];
    match dossier_analysis::DOCS_RULES_URL {
        None => {
            assert!(driver.get("informationUri").is_none(), "{driver}");
            for rule in driver["rules"].as_array().unwrap() {
                assert!(rule.get("helpUri").is_none(), "{rule}");
            }
        }
        Some(base) => assert_eq!(driver["informationUri"], base),
    }

    // With an address: the driver and every rule link to it.
    let v = sarif(Some(BASE));
    let driver = &v["runs"][0]["tool"]["driver"];
    assert_eq!(driver["informationUri"], BASE);
    let rules = driver["rules"].as_array().unwrap();
    assert_eq!(rules.len(), dossier_analysis::Rule::ALL.len());
    for rule in rules {
        assert_eq!(
            rule["helpUri"],
            format!("{BASE}#{}", rule["id"].as_str().unwrap())
        );
    }
}

/// The pack of the broken example, rendered with the documentation at
/// `base` (or at none).
fn pack(base: Option<&str>) -> String {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().to_str().unwrap();
    let o = dossier_with_docs(
        base,
        &["render", "--today", "2026-11-24", BROKEN, "-o", out],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    std::fs::read_to_string(dir.path().join("unknown-source.html")).unwrap()
}

#[test]
fn the_pack_names_rule_codes_without_dead_links() {
    // The file's path (and so the word `unknown-source`) is on the page
    // anyway: look for the rule in its cell of the diagnostics table.
    let html = pack(None);
    if dossier_analysis::DOCS_RULES_URL.is_none() {
        assert!(
            html.contains("<td>unknown-source</td>"),
            "the pack lists the rule, unlinked"
        );
        assert!(
            !html.contains("rules.md#"),
            "a rule link without a documentation address"
        );
    }
    assert!(
        !html.contains(".invalid/dossier-toolkit"),
        "a placeholder link in the pack"
    );

    let html = pack(Some(BASE));
    assert!(
        html.contains(&format!(
            "<td><a href=\"{BASE}#unknown-source\">unknown-source</a></td>"
        )),
        "the pack links the rule to its documentation"
    );
}
