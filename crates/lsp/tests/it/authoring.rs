#![allow(dead_code)]
//! Authoring over the protocol: each completion kind with and without
//! snippet support, hovers on keys and words, and each quick-fix change.
//! Same harness as e2e.rs: the real server over in-memory pipes.

use serde_json::{json, Value};

use crate::common::{Client, URI};

const DOC: &str = "dossier: 1
vendor:
  name: Example AI
  kind: model_host
assessment:
  as_of: 2026-11-01
sources:
  trust-center:
    url: https://example.com/trust
    title: Example AI trust center
    kind: vendor_disclosure
    retrieved: 2026-10-15
facts:
  security_compliance:
    iso_27001: {value: yse, cite: trust-center}
    soc2_type2: yes
  data_handling:
    dpa_available: {value: yes, cite: trust-center, as_of: 2026-10-01}
questions:
  - id: Q01
    ask: SOC 2?
    status: open
  - id: Q07
    ask: Red teaming?
    status: open
";

fn init(snippets: bool) -> Value {
    json!({"processId": null, "rootUri": null,
        "capabilities": {"textDocument": {"completion": {"completionItem": {"snippetSupport": snippets}}}},
        "initializationOptions": {"today": "2026-11-24"}})
}

fn pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    json!({"line": line, "character": col})
}

async fn complete(c: &mut Client, text: &str, offset: usize) -> Vec<Value> {
    let r = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": pos(text, offset)}),
        )
        .await;
    r["result"]["items"].as_array().cloned().unwrap_or_default()
}

fn labels(items: &[Value]) -> Vec<&str> {
    items.iter().map(|i| i["label"].as_str().unwrap()).collect()
}

/// `text` with `insert` at the end of the line containing `after`.
fn with_line(after: &str, insert: &str) -> (String, usize) {
    let at = DOC.find(after).unwrap() + after.len();
    let text = format!("{}{insert}{}", &DOC[..at], &DOC[at..]);
    (text, at + insert.len())
}

async fn open_with(snippets: bool, text: &str) -> (Client, Vec<Value>) {
    let mut c = Client::start(init(snippets)).await;
    let d = c.open(URI, text).await;
    (c, d)
}

#[tokio::test]
async fn keys_of_a_new_source_required_first_snippet_or_plain() {
    let (text, at) = with_line("retrieved: 2026-10-15\n", "  ir:\n    ");
    for snippets in [true, false] {
        let (mut c, _) = open_with(snippets, &text).await;
        let items = complete(&mut c, &text, at).await;
        let l = labels(&items);
        // `retrieved` is required; `url` is one of `url` and `file`.
        assert_eq!(&l[..2], ["retrieved", "url"], "{l:?}");
        for k in ["title", "kind", "verified_by", "quote"] {
            assert!(l.contains(&k), "{k} in {l:?}");
        }
        let kind = items.iter().find(|i| i["label"] == "kind").unwrap();
        let new_text = kind["textEdit"]["newText"].as_str().unwrap();
        if snippets {
            assert_eq!(kind["insertTextFormat"], 2);
            assert!(
                new_text.starts_with("kind: ${1|vendor_disclosure,"),
                "{new_text}"
            );
        } else {
            assert_eq!(kind["insertTextFormat"], 1);
            assert_eq!(new_text, "kind: ");
        }
        assert!(kind["documentation"]["value"]
            .as_str()
            .unwrap()
            .contains("`third_party_audit`"));
    }
}

#[tokio::test]
async fn a_whole_new_source_under_sources() {
    let (text, at) = with_line("retrieved: 2026-10-15\n", "  ");
    for snippets in [true, false] {
        let (mut c, _) = open_with(snippets, &text).await;
        let items = complete(&mut c, &text, at).await;
        let src = items
            .iter()
            .find(|i| i["label"] == "new source")
            .expect("new source item");
        let new_text = src["textEdit"]["newText"].as_str().unwrap();
        assert_eq!(src["insertTextMode"], 1, "indentation is ours: as is");
        if snippets {
            assert!(
                new_text.contains("${2:https://}") && new_text.contains("${5:2026-11-24}"),
                "{new_text}"
            );
        } else {
            // Plain text is a complete, valid source.
            assert!(!new_text.contains('$'), "{new_text}");
            let filled = format!("{}{new_text}\n{}", &text[..at], &text[at..]);
            let (_, diags) = open_with(false, &filled).await;
            let (_, before) = open_with(false, &text).await;
            let errors = |ds: &[Value]| {
                ds.iter()
                    .filter(|d| d["code"] == "schema" || d["code"] == "syntax")
                    .count()
            };
            // The half-typed line was the only new error; the source adds none.
            assert!(errors(&diags) < errors(&before), "{filled}\n{diags:#?}");
            assert_eq!(errors(&diags), 1, "only the `yse` typo: {diags:#?}");
        }
    }
}

#[tokio::test]
async fn enum_values_complete_with_their_meaning() {
    let cases: [(&str, &[&str]); 3] = [
        (
            "    kind: ",
            &[
                "vendor_disclosure",
                "regulatory_filing",
                "third_party_audit",
                "certificate_register",
                "legal_analysis",
                "secondary_reporting",
                "vendor_response",
            ],
        ),
        (
            "  kind: ",
            &[
                "frontier_builder",
                "model_host",
                "app_vendor",
                "cloud_provider",
                "data_processor",
                "other",
            ],
        ),
        ("    status: ", &["open", "sent", "answered", "waived"]),
    ];
    for (line, want) in cases {
        let at = DOC.find(&format!("\n{line}")).unwrap() + 1 + line.len();
        let (mut c, _) = open_with(true, DOC).await;
        let items = complete(&mut c, DOC, at).await;
        assert_eq!(labels(&items), want.to_vec(), "{line}");
        assert!(
            items.iter().all(|i| i["documentation"]["value"]
                .as_str()
                .is_some_and(|d| !d.is_empty())),
            "{items:#?}"
        );
    }
}

#[tokio::test]
async fn dates_offer_today_and_the_cited_source_day() {
    let (mut c, _) = open_with(false, DOC).await;
    let at = DOC.find("as_of: 2026-10-01").unwrap() + "as_of: ".len();
    let l: Vec<String> = labels(&complete(&mut c, DOC, at).await)
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(l, ["2026-10-15", "2026-11-24"]);
    let at = DOC.find("retrieved: ").unwrap() + "retrieved: ".len();
    let l: Vec<String> = labels(&complete(&mut c, DOC, at).await)
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(l, ["2026-11-24"]);
}

#[tokio::test]
async fn question_ids_offer_templates_not_yet_asked_and_cite_offers_sources() {
    let text = format!("{DOC}  - id: Q");
    let at = text.len();
    let (mut c, _) = open_with(false, &text).await;
    let l: Vec<String> = labels(&complete(&mut c, &text, at).await)
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert!(
        l.contains(&"Q02".to_string())
            && !l.contains(&"Q01".to_string())
            && !l.contains(&"Q07".to_string()),
        "{l:?}"
    );
    let at = text.find("cite: trust-center}").unwrap() + "cite: ".len();
    let l: Vec<String> = labels(&complete(&mut c, &text, at).await)
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(l, ["trust-center"]);
}

#[tokio::test]
async fn hover_on_source_kind_key_and_word() {
    let (mut c, _) = open_with(false, DOC).await;
    let at = DOC.find("    kind: vendor_disclosure").unwrap() + 4;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos(DOC, at)}),
        )
        .await;
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        md.contains("sources.trust-center.kind") && md.contains("`vendor_response`"),
        "{md}"
    );
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos(DOC, at + 8)}),
        )
        .await;
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("vendor's own public statement"), "{md}");
    let at = DOC.find("    ask: Red").unwrap() + 4;
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": pos(DOC, at)}),
        )
        .await;
    let md = h["result"]["contents"]["value"].as_str().unwrap();
    assert!(md.contains("questions[Q07].ask"), "{md}");
}

async fn actions_at(c: &mut Client, text: &str, offset: usize) -> Vec<Value> {
    let p = pos(text, offset);
    c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": {"start": p, "end": p}, "context": {"diagnostics": []}}))
        .await["result"]
        .as_array()
        .cloned()
        .unwrap()
}

fn apply(text: &str, action: &Value) -> String {
    let mut edits: Vec<(usize, usize, String)> = action["edit"]["changes"][URI]
        .as_array()
        .unwrap()
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let off = |p: &Value| {
                let line = p["line"].as_u64().unwrap() as usize;
                let ch = p["character"].as_u64().unwrap() as usize;
                let ls: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
                ls + ch
            };
            let _ = i;
            (
                off(&e["range"]["start"]),
                off(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    // Back to front; edits at one place keep their order.
    edits.reverse();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

#[tokio::test]
async fn a_short_typo_gets_did_you_mean_first_and_suppression_last() {
    let (mut c, _) = open_with(false, DOC).await;
    let at = DOC.find("yse").unwrap() + 1;
    let actions = actions_at(&mut c, DOC, at).await;
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles[0], "Change to `yes`", "{titles:?}");
    assert_eq!(actions[0]["isPreferred"], true);
    let sup: Vec<usize> = titles
        .iter()
        .enumerate()
        .filter(|(_, t)| t.starts_with("Suppress"))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(sup.len(), 1, "{titles:?}");
    let last_fix = titles
        .iter()
        .rposition(|t| !t.starts_with("Suppress") && !t.starts_with("Expand"))
        .unwrap();
    assert!(sup[0] > last_fix, "{titles:?}");
    let s = &actions[sup[0]];
    assert!(s["isPreferred"].is_null());
    let inserted = s["edit"]["changes"][URI][0]["newText"].as_str().unwrap();
    assert!(!inserted.to_lowercase().contains("todo"), "{inserted}");
    let fixed = apply(DOC, &actions[0]);
    assert!(fixed.contains("iso_27001: {value: yes, cite: trust-center}"));
}

#[tokio::test]
async fn menu_order_fix_then_insert_all_then_one_suppress() {
    let (mut c, diags) = open_with(false, DOC).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "missing-question")
        .unwrap();
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    let at: usize = DOC
        .split_inclusive('\n')
        .take(line)
        .map(str::len)
        .sum::<usize>()
        + 2;
    let actions = actions_at(&mut c, DOC, at).await;
    let titles: Vec<&str> = actions
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    let all = titles
        .iter()
        .position(|t| t.starts_with("Insert all"))
        .expect("insert all");
    let sups: Vec<_> = titles
        .iter()
        .filter(|t| t.starts_with("Suppress `missing-question`"))
        .collect();
    assert_eq!(sups.len(), 1, "{titles:?}");
    assert!(
        titles
            .iter()
            .position(|t| t.starts_with("Suppress"))
            .unwrap()
            > all,
        "{titles:?}"
    );
    // Questions land in id order around the ones already there.
    let after = apply(DOC, &actions[all]);
    let ids: Vec<&str> = after
        .lines()
        .filter_map(|l| l.trim().strip_prefix("- id: "))
        .collect();
    let mut sorted = ids.clone();
    sorted.sort();
    assert_eq!(ids, sorted, "{after}");
    let (_, diags) = open_with(false, &after).await;
    assert!(
        !diags
            .iter()
            .any(|d| d["code"] == "missing-question" || d["code"] == "syntax"),
        "{diags:#?}"
    );
}

#[tokio::test]
async fn cite_keeps_a_one_line_fact_on_one_line_and_create_source_is_valid() {
    let (mut c, _) = open_with(false, DOC).await;
    let at = DOC.find("soc2_type2").unwrap() + 2;
    let actions = actions_at(&mut c, DOC, at).await;
    let cite = actions
        .iter()
        .find(|a| a["title"] == "Cite source `trust-center`")
        .unwrap();
    let after = apply(DOC, cite);
    assert!(
        after.contains("    soc2_type2: {value: yes, cite: trust-center}\n"),
        "{after}"
    );
    let create = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().starts_with("Create source"))
        .unwrap();
    let after = apply(DOC, create);
    let before: Vec<Value> = open_with(false, DOC).await.1;
    let (_, diags) = open_with(false, &after).await;
    let count = |ds: &[Value], code: &str| ds.iter().filter(|d| d["code"] == code).count();
    assert_eq!(
        count(&diags, "schema"),
        count(&before, "schema"),
        "{after}\n{diags:#?}"
    );
    assert_eq!(
        count(&diags, "uncited-fact"),
        count(&before, "uncited-fact") - 1
    );
}

#[tokio::test]
async fn no_ask_the_vendor_on_an_unknown_key() {
    let (text, at) = with_line("soc2_type2: yes\n", "    soc2_typo: not_disclosed\n");
    let (mut c, _) = open_with(false, &text).await;
    let actions = actions_at(&mut c, &text, at - 10).await;
    assert!(
        !actions
            .iter()
            .any(|a| a["title"].as_str().unwrap().starts_with("Ask the vendor")),
        "{actions:#?}"
    );
}
