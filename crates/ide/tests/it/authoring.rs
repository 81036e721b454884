//! Properties of hover and completion over real files: the example and
//! every file in `examples/broken/`.

use std::path::PathBuf;

use dossier_analysis::{analyze, Config};
use dossier_ide::{completions, hover, CompletionKind, Ctx};
use dossier_schema::nav;
use dossier_syntax::{Node, NodeKind};

fn files() -> Vec<(PathBuf, String)> {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../examples");
    let mut out = vec![root.join("alibaba-cloud.dossier.yaml")];
    let mut broken: Vec<PathBuf> = std::fs::read_dir(root.join("broken"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().ends_with(".dossier.yaml"))
        .collect();
    broken.sort();
    out.extend(broken);
    out.into_iter()
        .map(|p| {
            let t = std::fs::read_to_string(&p).unwrap();
            (p, t)
        })
        .collect()
}

/// Every key in the tree, with its path (keys and indices).
fn keys<'a>(node: &'a Node, path: &mut Vec<String>, out: &mut Vec<(Vec<String>, &'a Node, usize)>) {
    match &node.kind {
        NodeKind::Mapping(m) => {
            for e in &m.entries {
                path.push(e.key.value.clone());
                out.push((path.clone(), &e.value, e.key.range.start));
                keys(&e.value, path, out);
                path.pop();
            }
        }
        NodeKind::Sequence(items) => {
            for (i, it) in items.iter().enumerate() {
                path.push(i.to_string());
                keys(it, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn config() -> Config {
    Config {
        today: dossier_schema::dates::Day::parse("2026-06-01"),
        ..Config::default()
    }
}

#[test]
fn every_key_has_a_hover() {
    let config = config();
    let mut total = 0;
    for (path, text) in files() {
        let analysis = analyze(&text, &config, config.today.unwrap());
        let Some(root) = analysis.parse.root.as_ref() else {
            continue;
        };
        let ctx = Ctx {
            text: &text,
            analysis: &analysis,
            config: &config,
        };
        let mut all = Vec::new();
        keys(root, &mut Vec::new(), &mut all);
        for (p, _, at) in all {
            total += 1;
            let h = hover(&ctx, at);
            assert!(
                h.as_ref().is_some_and(|h| !h.markdown.trim().is_empty()),
                "{}: no hover on key {}",
                path.display(),
                p.join(".")
            );
        }
    }
    assert!(total > 400, "only {total} keys seen");
}

/// At every scalar value whose schema is a closed set of words, completion
/// offers exactly those words.
#[test]
fn every_enumerated_value_completes_the_schema_words() {
    let config = config();
    let schema = dossier_schema::json_schema();
    let mut checked = 0;
    for (path, text) in files() {
        let analysis = analyze(&text, &config, config.today.unwrap());
        let Some(root) = analysis.parse.root.as_ref() else {
            continue;
        };
        let ctx = Ctx {
            text: &text,
            analysis: &analysis,
            config: &config,
        };
        let mut all = Vec::new();
        keys(root, &mut Vec::new(), &mut all);
        for (p, value, _) in all {
            let NodeKind::Scalar(_) = &value.kind else {
                continue;
            };
            if value.range.is_empty() {
                continue;
            }
            let ps: Vec<&str> = p.iter().map(String::as_str).collect();
            let Some(s) = nav::at_path(schema, &ps) else {
                continue;
            };
            let mut want: Vec<String> = nav::enum_values(schema, s)
                .into_iter()
                .map(|w| w.0)
                .collect();
            if want.is_empty() {
                continue;
            }
            want.sort();
            want.dedup();
            let mut got: Vec<String> = completions(&ctx, value.range.end)
                .into_iter()
                .filter(|c| matches!(c.kind, CompletionKind::Value))
                .map(|c| c.label)
                .collect();
            got.sort();
            got.dedup();
            assert_eq!(got, want, "{}: values of {}", path.display(), p.join("."));
            checked += 1;
        }
    }
    assert!(checked > 50, "only {checked} enumerated values checked");
}

/// The `relationship` section and risk acceptances complete and hover
/// from the schema like every other section.
#[test]
fn relationship_and_exceptions_complete_and_hover() {
    let config = config();
    let text = "dossier: 1\nrelationship:\n  tier: 2\n  \nexceptions:\n  - id: EX-1\n    \n";
    let analysis = analyze(text, &config, config.today.unwrap());
    let ctx = Ctx {
        text,
        analysis: &analysis,
        config: &config,
    };
    let labels = |at: usize| -> Vec<String> {
        completions(&ctx, at)
            .into_iter()
            .filter(|c| matches!(c.kind, CompletionKind::Key))
            .map(|c| c.label)
            .collect()
    };
    let in_relationship = text.find("  \nexceptions").unwrap() + 2;
    let got = labels(in_relationship);
    for k in [
        "criticality",
        "owner",
        "status",
        "data_classes",
        "services",
        "contract",
    ] {
        assert!(got.iter().any(|g| g == k), "{k} in {got:?}");
    }
    assert!(!got.iter().any(|g| g == "tier"), "tier is already there");
    let in_exception = text.rfind("    \n").unwrap() + 4;
    let got = labels(in_exception);
    for k in [
        "accepts",
        "reason",
        "approved_by",
        "approved_on",
        "expires",
        "cite",
    ] {
        assert!(got.iter().any(|g| g == k), "{k} in {got:?}");
    }
    let h = hover(&ctx, text.find("tier").unwrap()).unwrap();
    assert!(
        h.markdown.contains("reassessment cadence"),
        "{}",
        h.markdown
    );
    let h = hover(&ctx, text.find("exceptions").unwrap()).unwrap();
    assert!(h.markdown.contains("Risk acceptances"), "{}", h.markdown);
}
