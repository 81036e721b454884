//! The real server over in-memory pipes, speaking JSON-RPC with
//! Content-Length framing: no mocks of our own code.

use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{Client, EXAMPLE, URI};

fn summary(diags: &[Value]) -> Vec<(String, Value, String)> {
    let mut v: Vec<_> = diags
        .iter()
        .map(|d| {
            (
                d["code"].as_str().unwrap().to_string(),
                d["range"].clone(),
                d["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.1.to_string().cmp(&b.1.to_string()).then(a.0.cmp(&b.0)));
    v
}

/// A UTF-16 position of a byte offset (what the test client computes itself).
fn utf16_pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col: usize = before.rsplit('\n').next().unwrap().encode_utf16().count();
    json!({"line": line, "character": col})
}

#[tokio::test]
async fn diagnostics_match_dossier_check_and_carry_rule_codes() {
    let mut c = Client::default().await;
    let diags = c.open(URI, EXAMPLE).await;
    let config = dossier_analysis::Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Default::default()
    };
    let expected = dossier_analysis::analyze(EXAMPLE, &config, config.today.unwrap());
    assert_eq!(diags.len(), expected.diagnostics.len());
    for (d, e) in diags.iter().zip(&expected.diagnostics) {
        assert_eq!(d["code"], e.rule.code());
        assert_eq!(d["message"], e.message.as_str());
        assert_eq!(d["source"], "dossier");
        assert_eq!(d["range"]["start"], utf16_pos(EXAMPLE, e.range.start));
    }
    // Pull diagnostics give the same.
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    assert_eq!(
        summary(pulled["result"]["items"].as_array().unwrap()),
        summary(&diags)
    );
}

#[tokio::test]
async fn many_files_opened_at_once_each_get_their_diagnostics_and_hovers() {
    // More files than the server analyses at once or keeps analysed: each
    // still gets its own diagnostics, and a file whose analysis was dropped
    // still answers hovers and edits.
    let mut c = Client::default().await;
    let expected = summary(&c.open(URI, EXAMPLE).await);
    let uri = |i: usize| format!("file:///work/v{i}.dossier.yaml");
    for i in 0..20 {
        let text = EXAMPLE.replace("name: Alibaba Cloud", &format!("name: Vendor {i}"));
        c.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri(i), "languageId": "dossier", "version": 1, "text": text}})).await;
    }
    for i in 0..20 {
        assert_eq!(
            summary(&c.diagnostics(&uri(i), 1).await),
            expected,
            "{}",
            uri(i)
        );
    }
    let h = c.hover_fact_key(&uri(0)).await;
    assert!(
        h["result"]["contents"]["value"]
            .as_str()
            .is_some_and(|v| v.contains("LLM")),
        "{h}"
    );
    // Deleting the `dossier: 1` line is a schema error in that file.
    let at = EXAMPLE
        .lines()
        .position(|l| l.starts_with("dossier:"))
        .unwrap();
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": uri(0), "version": 2}, "contentChanges": [{"range": {"start": {"line": at, "character": 0}, "end": {"line": at + 1, "character": 0}}, "text": ""}]})).await;
    let after = c.diagnostics(&uri(0), 2).await;
    assert!(after.iter().any(|d| d["code"] == "schema"), "{after:?}");
}

#[tokio::test]
async fn an_edit_burst_ends_like_opening_the_final_text() {
    use rand_like::Lcg;
    let mut c = Client::default().await;
    c.open(URI, EXAMPLE).await;
    let mut text = EXAMPLE.to_string();
    let mut rng = Lcg(42);
    let inserts = [
        "x",
        "é",
        "通",
        "😀",
        "\n",
        ": ",
        "  - id: Q99\n",
        "yes",
        "#",
    ];
    for version in 2..1002 {
        let at = rng.below(text.len() + 1);
        let mut start = at;
        while !text.is_char_boundary(start) {
            start -= 1;
        }
        let mut end = (start + rng.below(4)).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        let insert = if rng.below(3) == 0 {
            ""
        } else {
            inserts[rng.below(inserts.len())]
        };
        let range = json!({"start": utf16_pos(&text, start), "end": utf16_pos(&text, end)});
        text.replace_range(start..end, insert);
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": [{"range": range, "text": insert}]}),
        )
        .await;
    }
    let after_burst = c.diagnostics(URI, 1001).await;
    let fresh_uri = "file:///work/fresh.dossier.yaml";
    let fresh = c.open(fresh_uri, &text).await;
    assert_eq!(
        summary(&after_burst),
        summary(&fresh),
        "1,000 incremental edits == the final text opened fresh"
    );
}

mod rand_like {
    pub struct Lcg(pub u64);
    impl Lcg {
        pub fn below(&mut self, n: usize) -> usize {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((self.0 >> 33) as usize) % n.max(1)
        }
    }
}

const CJK: &str = "dossier: 1\nvendor:\n  name: 阿里云 😀 Cloud\n  名前😀: x\nassessment: {}\nsources: {}\nfacts: {}\n";

#[tokio::test]
async fn positions_on_a_line_with_cjk_and_emoji_utf16() {
    let mut c = Client::default().await;
    let diags = c.open(URI, CJK).await;
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("名前😀"))
        .unwrap();
    // `  名前😀:` — the key starts at UTF-16 column 2 and is 4 units long (😀 is two).
    assert_eq!(
        d["range"],
        json!({"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 6}})
    );
    // Hover on `name` after CJK on the previous line still resolves.
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": 2, "character": 3}}),
        )
        .await;
    assert!(
        h["result"]["contents"]["value"]
            .as_str()
            .unwrap()
            .contains("vendor.name"),
        "{h}"
    );
}

#[tokio::test]
async fn utf8_is_negotiated_when_offered() {
    let mut c = Client::start(json!({"capabilities": {"general": {"positionEncodings": ["utf-8", "utf-16"]}}, "initializationOptions": {"today": "2026-11-24"}})).await;
    let diags = c.open(URI, CJK).await;
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("名前😀"))
        .unwrap();
    // In bytes: 名 and 前 are 3 each, 😀 is 4.
    assert_eq!(
        d["range"],
        json!({"start": {"line": 3, "character": 2}, "end": {"line": 3, "character": 12}})
    );
}

#[tokio::test]
async fn each_code_action_removes_its_diagnostic() {
    let text = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../examples/broken/unknown-source.dossier.yaml"
    ))
    .unwrap();
    let text = format!("{text}  data_handling:\n    dpa_available: true\n");
    let mut c = Client::default().await;
    let mut diags = c.open(URI, &text).await;
    let mut version = 1;
    let mut current = text.clone();
    let mut fixed = Vec::new();
    for code in ["unknown-source", "schema", "missing-question"] {
        let d = diags
            .iter()
            .find(|d| d["code"] == code)
            .unwrap_or_else(|| panic!("{code} in {diags:#?}"))
            .clone();
        let actions = c
            .request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": d["range"], "context": {"diagnostics": [d.clone()]}}))
            .await;
        let action = actions["result"]
            .as_array()
            .unwrap()
            .iter()
            .find(|a| {
                a["diagnostics"].as_array().is_some_and(|ds| {
                    ds.iter()
                        .any(|x| x["range"] == d["range"] && x["code"] == code)
                }) && !a["title"].as_str().unwrap().starts_with("Suppress")
            })
            .unwrap_or_else(|| panic!("a fix for {code}: {actions:#}"))
            .clone();
        let edits = action["edit"]["changes"][URI].as_array().unwrap().clone();
        // Apply the edits (back to front) as the client would.
        let mut sorted = edits.clone();
        sorted.sort_by_key(|e| {
            std::cmp::Reverse((
                e["range"]["start"]["line"].as_u64(),
                e["range"]["start"]["character"].as_u64(),
            ))
        });
        let mut changes = Vec::new();
        for e in sorted {
            changes.push(json!({"range": e["range"], "text": e["newText"]}));
        }
        version += 1;
        c.notify(
            "textDocument/didChange",
            json!({"textDocument": {"uri": URI, "version": version}, "contentChanges": changes}),
        )
        .await;
        diags = c.diagnostics(URI, version).await;
        let still = diags
            .iter()
            .any(|x| x["code"] == code && x["message"] == d["message"]);
        assert!(
            !still,
            "`{}` did not remove: {}",
            action["title"], d["message"]
        );
        fixed.push(action["title"].as_str().unwrap().to_string());
        current.clear();
    }
    assert_eq!(fixed.len(), 3);
}

#[tokio::test]
async fn insert_all_missing_questions_clears_them() {
    let mut c = Client::default().await;
    let diags = c.open(URI, EXAMPLE).await;
    let missing: Vec<_> = diags
        .iter()
        .filter(|d| d["code"] == "missing-question")
        .cloned()
        .collect();
    assert_eq!(missing.len(), 8);
    let actions = c.request("textDocument/codeAction", json!({"textDocument": {"uri": URI}, "range": missing[0]["range"], "context": {"diagnostics": []}})).await;
    let all = actions["result"]
        .as_array()
        .unwrap()
        .iter()
        .find(|a| a["title"] == "Insert all 8 missing questions")
        .unwrap()
        .clone();
    let edits = all["edit"]["changes"][URI].as_array().unwrap();
    // Questions go in id order, so there may be one insertion per gap in
    // the list; apply them back to front, as a client does.
    let changes: Vec<Value> = edits
        .iter()
        .rev()
        .map(|e| json!({"range": e["range"], "text": e["newText"]}))
        .collect();
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": changes}),
    )
    .await;
    let after = c.diagnostics(URI, 2).await;
    assert!(
        !after
            .iter()
            .any(|d| d["code"] == "missing-question" || d["code"] == "syntax"),
        "{after:#?}"
    );
    insta::assert_snapshot!(edits
        .iter()
        .map(|e| e["newText"].as_str().unwrap())
        .collect::<Vec<_>>()
        .join("---\n"));
}

#[tokio::test]
async fn hover_completion_and_score() {
    let mut c = Client::default().await;
    c.open(URI, EXAMPLE).await;
    let h = c.hover_fact_key(URI).await;
    insta::assert_snapshot!(
        "hover_fact",
        h["result"]["contents"]["value"].as_str().unwrap()
    );
    let owasp_line = EXAMPLE
        .lines()
        .position(|l| l.contains("owasp: [LLM01:2025"))
        .unwrap();
    let col = EXAMPLE
        .lines()
        .nth(owasp_line)
        .unwrap()
        .find("LLM01")
        .unwrap();
    let h = c.request("textDocument/hover", json!({"textDocument": {"uri": URI}, "position": {"line": owasp_line, "character": col + 2}})).await;
    assert!(h["result"]["contents"]["value"]
        .as_str()
        .unwrap()
        .starts_with("**LLM01 Prompt Injection**"));
    let s = c
        .request("dossier/score", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(
        s["result"],
        json!({"composite": 52.1, "text": "52.1", "band": "elevated", "profile": "default-balanced",
            "stated_composite": 47.2, "uncited_claims": 12, "unverified": "4.9 on 12 uncited claims"})
    );
    // The explanation is of the text in the editor (no file on disk has
    // it), and follows an unsaved edit.
    let explain = |s: &Value| {
        s["result"]["explanation"]
            .as_str()
            .unwrap_or("")
            .to_string()
    };
    let s = c
        .request(
            "dossier/score",
            json!({"textDocument": {"uri": URI}, "explain": true}),
        )
        .await;
    let before = explain(&s);
    assert!(
        before.starts_with("Composite risk 52.1 / 100: elevated (profile default-balanced)"),
        "{before}"
    );
    let line = EXAMPLE
        .lines()
        .position(|l| l.trim_start().starts_with("trains_on_user_data"))
        .unwrap();
    let old = EXAMPLE.lines().nth(line).unwrap();
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": URI, "version": 2}, "contentChanges": [{"range": {"start": {"line": line, "character": 0}, "end": {"line": line, "character": old.len()}}, "text": old.replace("opt_out_available", "yes")}]})).await;
    let s = c
        .request(
            "dossier/score",
            json!({"textDocument": {"uri": URI}, "explain": true}),
        )
        .await;
    let after = explain(&s);
    assert_ne!(before, after);
    assert!(
        after.starts_with(&format!(
            "Composite risk {:.1} / 100",
            s["result"]["composite"].as_f64().unwrap()
        )),
        "{after}"
    );
    // Completion of a value inside `cite:` lists the sources.
    let text = "dossier: 1\nsources:\n  trust-center: {url: https://x.example, retrieved: 2026-01-01}\nfacts:\n  security_compliance:\n    iso_27001: {value: yes, cite: tr}\n";
    c.open("file:///work/c.dossier.yaml", text).await;
    let comp = c.request("textDocument/completion", json!({"textDocument": {"uri": "file:///work/c.dossier.yaml"}, "position": {"line": 5, "character": 37}})).await;
    let labels: Vec<&str> = comp["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["trust-center"]);
    let comp = c.request("textDocument/completion", json!({"textDocument": {"uri": "file:///work/c.dossier.yaml"}, "position": {"line": 5, "character": 4}})).await;
    let labels: Vec<&str> = comp["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"soc2_type2") && !labels.contains(&"iso_27001"),
        "{labels:?}"
    );
}

#[tokio::test]
async fn rename_a_source_everywhere() {
    let mut c = Client::default().await;
    c.open(URI, EXAMPLE).await;
    let line = EXAMPLE
        .lines()
        .position(|l| l == "  trust-center:")
        .unwrap();
    let r = c.request("textDocument/rename", json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 4}, "newName": "alibaba-trust"})).await;
    let edits = r["result"]["changes"][URI].as_array().unwrap();
    assert_eq!(
        edits.len(),
        1 + EXAMPLE.matches("trust-center]").count()
            + EXAMPLE.matches("trust-center,").count()
            + EXAMPLE.matches("cite: trust-center\n").count()
    );
    let bad = c.request("textDocument/rename", json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 4}, "newName": "Bad Id"})).await;
    assert_eq!(bad["error"]["code"], -32602);
}

#[tokio::test]
async fn the_server_survives_bad_requests() {
    let mut c = Client::default().await;
    c.open(URI, EXAMPLE).await;
    // Unknown document.
    let r = c.request("textDocument/hover", json!({"textDocument": {"uri": "file:///nope"}, "position": {"line": 0, "character": 0}})).await;
    assert_eq!(r["error"]["code"], -32602);
    // Out-of-range and mid-surrogate positions.
    for pos in [
        json!({"line": 99999, "character": 5}),
        json!({"line": 3, "character": 99999}),
        json!({"line": 0, "character": 4294967295u64}),
    ] {
        let r = c
            .request(
                "textDocument/hover",
                json!({"textDocument": {"uri": URI}, "position": pos}),
            )
            .await;
        assert!(r.get("error").is_none(), "{r}");
    }
    c.open("file:///work/cjk.dossier.yaml", CJK).await;
    let r = c.request("textDocument/completion", json!({"textDocument": {"uri": "file:///work/cjk.dossier.yaml"}, "position": {"line": 2, "character": 13}})).await;
    assert!(r.get("result").is_some());
    // An edit past the end of the document, and one inside a surrogate pair.
    c.notify("textDocument/didChange", json!({"textDocument": {"uri": "file:///work/cjk.dossier.yaml", "version": 2}, "contentChanges": [
        {"range": {"start": {"line": 500, "character": 0}, "end": {"line": 600, "character": 3}}, "text": "x_tail: 1\n"},
        {"range": {"start": {"line": 2, "character": 13}, "end": {"line": 2, "character": 13}}, "text": "!"}
    ]})).await;
    let d = c.diagnostics("file:///work/cjk.dossier.yaml", 2).await;
    assert!(!d.is_empty());
    // Malformed params, an unknown method, a cancel, garbage.
    let r = c
        .request("textDocument/hover", json!({"nonsense": true}))
        .await;
    assert_eq!(r["error"]["code"], -32602);
    let r = c.request("dossier/unknownMethod", json!({})).await;
    assert_eq!(r["error"]["code"], -32601);
    c.notify("$/cancelRequest", json!({"id": 12345})).await;
    c.raw("{\"jsonrpc\":\"2.0\",\"method\":\"textDocument/didChange\",\"params\":{\"textDocument\":{\"uri\":\"file:///unknown\",\"version\":2},\"contentChanges\":[]}}").await;
    // Still alive.
    let s = c
        .request("dossier/score", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(s["result"]["band"], "elevated");
    let r = c.request("shutdown", json!(null)).await;
    assert!(r.get("error").is_none());
}

#[tokio::test]
async fn settings_override_severity_and_profile() {
    let mut c = Client::start(json!({"capabilities": {}, "initializationOptions": {"today": "2026-11-24", "rules": {"uncited-fact": "error", "missing-question": "off"}}})).await;
    let diags = c.open(URI, EXAMPLE).await;
    assert!(diags
        .iter()
        .filter(|d| d["code"] == "uncited-fact")
        .all(|d| d["severity"] == 1));
    assert!(!diags.iter().any(|d| d["code"] == "missing-question"));
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dossier": {"today": "2026-11-24"}}}),
    )
    .await;
    let diags = c.diagnostics(URI, 1).await;
    let _ = diags;
    // After the change the defaults apply again: warnings and missing questions.
    let pulled = c
        .request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        )
        .await;
    let items = pulled["result"]["items"].as_array().unwrap();
    assert!(items.iter().any(|d| d["code"] == "missing-question"));
    assert!(items
        .iter()
        .filter(|d| d["code"] == "uncited-fact")
        .all(|d| d["severity"] == 2));
}

#[tokio::test]
async fn a_panic_in_the_engine_is_reported_on_the_file_not_as_an_empty_file() {
    // Debug builds panic on a file holding this marker (fault injection);
    // no other test's text holds it.
    std::env::set_var("DOSSIER_TEST_PANIC_ON", "E2E-INJECTED-PANIC");
    let mut c = Client::default().await;
    let uri = "file:///work/panics.dossier.yaml";
    let text = format!("{EXAMPLE}# E2E-INJECTED-PANIC\n");
    let diags = c.open(uri, &text).await;
    assert_eq!(diags.len(), 1, "{diags:#?}");
    let message = diags[0]["message"].as_str().unwrap();
    assert!(
        message.starts_with("internal error while analysing this file, please report it"),
        "{message}"
    );
    assert!(!message.contains("empty"), "{message}");
    // Once the text no longer panics, the usual diagnostics come back.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": uri, "version": 2}, "contentChanges": [{"text": EXAMPLE}]}),
    )
    .await;
    let diags = c.diagnostics(uri, 2).await;
    assert!(diags.len() > 1, "{diags:#?}");
}

/// A `profile` setting naming no profile is not silently replaced by the
/// default: the user is warned, and the dossier's own profile applies.
#[tokio::test]
async fn an_unknown_profile_setting_is_shown_not_ignored() {
    let mut c = Client::start(json!({"capabilities": {}, "initializationOptions": {"today": "2026-11-24", "profile": "no-such-profile"}})).await;
    c.open(URI, EXAMPLE).await;
    let shown = |pending: &[Value]| {
        pending
            .iter()
            .filter(|m| m["method"] == "window/showMessage")
            .map(|m| m["params"]["message"].as_str().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    let messages = shown(&c.pending);
    assert!(
        messages
            .iter()
            .any(|m| m.contains("unknown profile `no-such-profile`")
                && m.contains("default-balanced")),
        "{messages:?}"
    );
    let s = c
        .request("dossier/score", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(s["result"]["profile"], "default-balanced", "{s}");
    // A known one set later is not warned about; an unknown one is, again.
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dossier": {"today": "2026-11-24", "profile": "default-balanced"}}}),
    )
    .await;
    let s = c
        .request("dossier/score", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(s["result"]["profile"], "default-balanced", "{s}");
    c.pending.clear();
    c.notify(
        "workspace/didChangeConfiguration",
        json!({"settings": {"dossier": {"profile": "typo-first"}}}),
    )
    .await;
    while shown(&c.pending).is_empty() {
        let m = tokio::time::timeout(Duration::from_secs(20), c.read())
            .await
            .expect("a warning in time");
        c.pending.push(m);
    }
    let messages = shown(&c.pending);
    assert!(
        messages
            .iter()
            .all(|m| m.contains("unknown profile `typo-first`")),
        "{messages:?}"
    );
    let s = c
        .request("dossier/score", json!({"textDocument": {"uri": URI}}))
        .await;
    assert_eq!(s["result"]["profile"], "default-balanced", "{s}");
}
