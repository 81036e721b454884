//! Code actions as data over the protocol: a client that resolves edits
//! lists actions without them and resolves the one it picks; a stale
//! version resolves to no edit; a client that cannot resolve gets every
//! edit at once. Same harness as e2e.rs: the real server over in-memory
//! pipes.

use serde_json::{json, Value};

use crate::common::{Client, URI};

const DOC: &str = "dossier: 1
vendor:
  name: Example AI 例
  kind: model_host
assessment:
  as_of: 2026-11-01
sources:
  trust-center:
    url: https://example.com/trust
    kind: vendor_disclosure
    retrieved: 2026-10-15
facts:
  security_compliance:
    iso_27001: {value: yse, cite: trust-center}
  data_handling:
    dpa_available: {value: true, cite: trust-center}
";

/// Initialise a client that resolves code actions' edits (or not).
fn init(resolve: bool) -> Value {
    let code_action = if resolve {
        json!({"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}},
               "dataSupport": true, "resolveSupport": {"properties": ["edit"]}})
    } else {
        json!({"codeActionLiteralSupport": {"codeActionKind": {"valueSet": ["quickfix", "refactor", "source"]}}})
    };
    json!({"processId": null, "rootUri": null,
        "capabilities": {"textDocument": {"codeAction": code_action}},
        "initializationOptions": {"today": "2026-11-24"}})
}

/// The UTF-16 position of a byte offset in `text`.
fn pos(text: &str, offset: usize) -> Value {
    let before = &text[..offset];
    let line = before.matches('\n').count();
    let col = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .encode_utf16()
        .count();
    json!({"line": line, "character": col})
}

/// A client like `Client::start`, returning the server's capabilities.
async fn start(init: Value) -> (Client, Value) {
    let (client_tx, server_rx) = tokio::io::duplex(1 << 20);
    let (server_tx, client_rx) = tokio::io::duplex(1 << 20);
    tokio::spawn(dossier_lsp::serve(server_rx, server_tx));
    let mut c = Client {
        tx: client_tx,
        rx: tokio::io::BufReader::new(client_rx),
        next_id: 1,
        pending: Vec::new(),
        server_requests: Vec::new(),
    };
    let r = c.request("initialize", init).await;
    c.notify("initialized", json!({})).await;
    (c, r["result"]["capabilities"].clone())
}

async fn actions_at(c: &mut Client, offset: usize) -> Vec<Value> {
    let p = pos(DOC, offset);
    let r = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": {"start": p, "end": p}, "context": {"diagnostics": []}}),
        )
        .await;
    r["result"].as_array().cloned().expect("a list of actions")
}

/// `text` with the action's edits applied (UTF-16 positions).
fn apply(text: &str, action: &Value) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap() as usize;
        let ch = p["character"].as_u64().unwrap() as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        let mut units = 0;
        let col = text[start..]
            .char_indices()
            .find(|(_, c)| {
                let here = units >= ch;
                units += c.len_utf16();
                here
            })
            .map_or(text.len() - start, |(i, _)| i);
        start + col
    };
    let mut edits: Vec<(usize, usize, String)> = action["edit"]["changes"][URI]
        .as_array()
        .expect("an edit")
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    edits.reverse();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

#[tokio::test]
async fn resolve_capable_clients_list_without_edits_and_resolve_the_one_picked() {
    let (mut c, caps) = start(init(true)).await;
    assert_eq!(
        caps["codeActionProvider"]["resolveProvider"], true,
        "{caps}"
    );
    c.open(URI, DOC).await;
    let at = DOC.find("yse").unwrap() + 1;
    let actions = actions_at(&mut c, at).await;
    assert!(!actions.is_empty());
    for a in &actions {
        assert!(a.get("edit").is_none(), "listed with an edit: {a}");
        assert_eq!(a["data"]["uri"], URI, "{a}");
        assert_eq!(a["data"]["version"], 1, "{a}");
    }
    let change = &actions[0];
    assert_eq!(change["title"], "Change to `yes`");
    assert_eq!(change["data"]["fixes"][0]["code"], "schema");

    let resolved = c.request("codeAction/resolve", change.clone()).await;
    let resolved = &resolved["result"];
    assert_eq!(resolved["title"], "Change to `yes`");
    let fixed = apply(DOC, resolved);
    assert_eq!(fixed, DOC.replace("value: yse", "value: yes"));

    // The same action, eagerly, from a client that cannot resolve.
    let mut eager = Client::start(init(false)).await;
    eager.open(URI, DOC).await;
    let listed = actions_at(&mut eager, at).await;
    for a in &listed {
        assert!(a.get("data").is_none(), "{a}");
        assert!(a["edit"]["changes"][URI].is_array(), "{a}");
    }
    assert_eq!(listed[0]["title"], resolved["title"]);
    assert_eq!(listed[0]["edit"], resolved["edit"]);

    // Every action resolves to the edit the eager client got for it.
    for (lazy, eager) in actions.iter().zip(&listed) {
        let r = c.request("codeAction/resolve", lazy.clone()).await;
        assert_eq!(r["result"]["edit"], eager["edit"], "{}", lazy["title"]);
    }
}

#[tokio::test]
async fn an_action_listed_for_an_older_version_resolves_to_no_edit() {
    let mut c = Client::start(init(true)).await;
    c.open(URI, DOC).await;
    let at = DOC.find("yse").unwrap() + 1;
    let actions = actions_at(&mut c, at).await;
    let change = actions
        .iter()
        .find(|a| a["title"] == "Change to `yes`")
        .unwrap()
        .clone();
    // A line inserted above: the listed range now points at other text.
    c.notify(
        "textDocument/didChange",
        json!({"textDocument": {"uri": URI, "version": 2},
               "contentChanges": [{"range": {"start": {"line": 0, "character": 0}, "end": {"line": 0, "character": 0}}, "text": "# moved\n"}]}),
    )
    .await;
    c.diagnostics(URI, 2).await;
    let r = c.request("codeAction/resolve", change.clone()).await;
    assert!(r.get("error").is_none(), "{r}");
    assert_eq!(r["result"]["title"], "Change to `yes`");
    assert!(r["result"].get("edit").is_none(), "{r}");

    // Listed again for version 2, it resolves.
    let text = format!("# moved\n{DOC}");
    let p = pos(&text, text.find("yse").unwrap() + 1);
    let again = c
        .request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": URI}, "range": {"start": p, "end": p}, "context": {"diagnostics": []}}),
        )
        .await;
    let change = again["result"][0].clone();
    assert_eq!(change["data"]["version"], 2);
    let r = c.request("codeAction/resolve", change).await;
    assert_eq!(
        apply(&text, &r["result"]),
        text.replace("value: yse", "value: yes")
    );

    // A closed document: no edit either.
    c.notify(
        "textDocument/didClose",
        json!({"textDocument": {"uri": URI}}),
    )
    .await;
    let r = c
        .request("codeAction/resolve", again["result"][0].clone())
        .await;
    assert!(r["result"].get("edit").is_none(), "{r}");
}

#[tokio::test]
async fn resolving_something_that_is_not_ours_is_an_error_not_a_crash() {
    let mut c = Client::start(init(true)).await;
    c.open(URI, DOC).await;
    for action in [
        json!({"title": "x"}),
        json!({"title": "x", "data": 3}),
        json!({"title": "x", "data": {"uri": URI, "version": "one"}}),
    ] {
        let r = c.request("codeAction/resolve", action).await;
        assert_eq!(r["error"]["code"], -32602, "{r}");
    }
    // Still serving.
    let actions = actions_at(&mut c, DOC.find("yse").unwrap()).await;
    assert!(!actions.is_empty());
}
