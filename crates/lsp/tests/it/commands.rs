//! The server's commands over the protocol (`workspace/executeCommand`):
//! New Dossier answers the scaffold `dossier new` writes, and Import CAIQ
//! answers turns an answer sheet into a workspace edit of the open buffer,
//! which the server asks the client to apply (`workspace/applyEdit`),
//! marked for confirmation so the editor previews it.

use serde_json::{json, Value};

use crate::common::Client;

/// A client that applies workspace edits, versioned and annotated.
async fn editing_client() -> Client {
    Client::start(json!({
        "processId": null,
        "rootUri": null,
        "capabilities": {"workspace": {
            "applyEdit": true,
            "workspaceEdit": {"documentChanges": true, "changeAnnotationSupport": {"groupsOnLabel": false}}
        }},
        "initializationOptions": {"today": "2026-11-24"}
    }))
    .await
}

async fn execute(c: &mut Client, command: &str, arg: Value) -> Value {
    c.request(
        "workspace/executeCommand",
        json!({"command": command, "arguments": [arg]}),
    )
    .await
}

/// The byte offset of an LSP position (UTF-16 columns) in `text`.
fn offset(text: &str, p: &Value) -> usize {
    let line = p["line"].as_u64().unwrap() as usize;
    let col = p["character"].as_u64().unwrap() as usize;
    let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
    let mut units = 0;
    for (i, ch) in text[start..].char_indices() {
        if units >= col || ch == '\n' {
            return start + i;
        }
        units += ch.len_utf16();
    }
    text.len()
}

/// `text` with LSP text edits applied (ranges in the original text; in
/// order, inserts at one position in array order).
fn apply(text: &str, edits: &[Value]) -> String {
    let mut spans: Vec<(usize, usize, &str)> = edits
        .iter()
        .map(|e| {
            (
                offset(text, &e["range"]["start"]),
                offset(text, &e["range"]["end"]),
                e["newText"].as_str().unwrap(),
            )
        })
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut out = String::new();
    let mut at = 0;
    for (start, end, t) in spans {
        assert!(start >= at, "overlapping edits");
        out.push_str(&text[at..start]);
        out.push_str(t);
        at = end;
    }
    out.push_str(&text[at..]);
    out
}

#[tokio::test]
async fn initialize_lists_the_commands() {
    let (tx_client, rx_server) = tokio::io::duplex(1 << 20);
    let (tx_server, rx_client) = tokio::io::duplex(1 << 20);
    tokio::spawn(dossier_lsp::serve(rx_server, tx_server));
    let mut fresh = Client {
        tx: tx_client,
        rx: tokio::io::BufReader::new(rx_client),
        next_id: 1,
        pending: Vec::new(),
        server_requests: Vec::new(),
    };
    let init = fresh
        .request(
            "initialize",
            json!({"processId": null, "rootUri": null, "capabilities": {}}),
        )
        .await;
    let commands = &init["result"]["capabilities"]["executeCommandProvider"]["commands"];
    assert_eq!(commands, &json!(["dossier.scaffold", "dossier.importCaiq"]));
}

#[tokio::test]
async fn new_dossier_answers_the_scaffold_dossier_new_writes() {
    let mut c = Client::default().await;
    let r = execute(
        &mut c,
        "dossier.scaffold",
        json!({"vendor": "Société Générale AI", "kind": "model_host", "hq": "fr"}),
    )
    .await;
    let text = r["result"]["text"].as_str().expect("text").to_string();
    let expected = dossier_interchange::scaffold::scaffold_with(
        "Société Générale AI",
        dossier_schema::dates::Day::parse("2026-11-24").unwrap(),
        None,
        &dossier_interchange::scaffold::Vendor {
            kind: Some("model_host".into()),
            hq: Some("FR".into()),
        },
    )
    .unwrap();
    assert_eq!(text, expected, "the settings' today, the CLI's text");
    assert!(text.contains("  name: Société Générale AI\n"), "{text}");
    assert!(text.contains("    country: FR\n"), "{text}");
    assert!(r["result"].get("edit").is_none(), "no uri, no edit: {r}");

    // The scaffold is a dossier the server checks without a syntax error.
    let uri = "file:///work/societe-generale-ai.dossier.yaml";
    let diags = c.open(uri, &text).await;
    assert!(!diags.iter().any(|d| d["code"] == "syntax"), "{diags:#?}");
}

#[tokio::test]
async fn new_dossier_with_a_uri_is_an_edit_that_creates_the_file() {
    let mut c = Client::default().await;
    let uri = "file:///work/acme-ai.dossier.yaml";
    let r = execute(
        &mut c,
        "dossier.scaffold",
        json!({"vendor": "Acme AI", "uri": uri}),
    )
    .await;
    let ops = r["result"]["edit"]["documentChanges"]
        .as_array()
        .expect("documentChanges");
    assert_eq!(ops[0]["kind"], "create", "{r}");
    assert_eq!(ops[0]["uri"], uri);
    assert_eq!(ops[0]["options"]["overwrite"], false, "never over a file");
    assert_eq!(ops[1]["textDocument"]["uri"], uri);
    assert_eq!(ops[1]["edits"][0]["newText"], r["result"]["text"]);
}

#[tokio::test]
async fn new_dossier_refuses_what_dossier_new_refuses() {
    let mut c = Client::default().await;
    let r = execute(
        &mut c,
        "dossier.scaffold",
        json!({"vendor": "Acme", "kind": "model_hots"}),
    )
    .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let m = r["error"]["message"].as_str().unwrap();
    assert!(
        m.contains("kind model_hots: not a vendor kind: did you mean `model_host`?"),
        "{m}"
    );
    let r = execute(&mut c, "dossier.scaffold", json!({"vendor": "  "})).await;
    assert_eq!(r["error"]["message"], "the vendor name is empty", "{r}");
    let r = execute(
        &mut c,
        "dossier.scaffold",
        json!({"vendor": "Acme", "hq": "XX"}),
    )
    .await;
    assert!(
        r["error"]["message"]
            .as_str()
            .unwrap()
            .contains("hq XX: not an ISO 3166-1 alpha-2 country code"),
        "{r}"
    );
    let r = execute(&mut c, "dossier.scaffold", json!(["not", "an", "object"])).await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = execute(&mut c, "dossier.nothing", json!({})).await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    // The server is still there.
    let r = execute(&mut c, "dossier.scaffold", json!({"vendor": "Acme"})).await;
    assert!(r["result"]["text"].is_string(), "{r}");
}

/// A dossier with non-ASCII text before the places the import edits, so a
/// position in bytes or in UTF-8 would land elsewhere than in UTF-16.
const DOSSIER: &str = "dossier: 1
vendor:
  name: Ünïcødé AI 😀 — 株式会社
  kind: model_host
assessment:
  as_of: 2026-11-01
sources:
  trust-center:
    url: https://example.com/trust
    title: Trust center — 😀
    kind: vendor_disclosure
    retrieved: 2026-10-15
facts:
  security_compliance:
    soc2_type2: {value: yes, cite: trust-center}
  data_handling:
    trains_on_user_data: not_disclosed  # ask them 😀
    encryption_at_rest: {note: \"seen 😀 on the site\", value: not_disclosed}
";

const ANSWERS: &str =
    "Question ID,CSP CAIQ Answer,SSRM Control Ownership,CSP Implementation Description
CEK-03.1,Yes,CSP-owned,\"Encrypted at rest, AES-256 😀\"
DSP-11.1,No,,
";

#[tokio::test]
async fn import_is_an_edit_of_the_buffer_that_the_client_applies() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = dir.path().join("vendor.dossier.yaml");
    // On disk: something else. The import edits the editor's text.
    std::fs::write(&dossier, "dossier: 1\n").unwrap();
    std::fs::write(dir.path().join("answers.csv"), ANSWERS).unwrap();
    let uri = format!("file://{}", dossier.display());
    let mut c = editing_client().await;
    c.open(&uri, DOSSIER).await;
    let r = execute(
        &mut c,
        "dossier.importCaiq",
        // `retrieved` given: the session's default `today` may not be
        // settled yet when the document is first analysed.
        json!({"uri": uri, "answers": "answers.csv", "edition": "4.0.3", "retrieved": "2026-11-24"}),
    )
    .await;
    let result = &r["result"];
    assert_eq!(result["applied"], true, "{r}");
    let report = result["report"].as_str().expect("report");
    assert!(report.contains("(--edition) (2 answers"), "{report}");
    assert!(
        report.contains("source caiq-v4-0: add (kind vendor_response)"),
        "{report}"
    );

    // The server asked the client to apply exactly the edit it answers.
    let asked: Vec<&Value> = c
        .server_requests
        .iter()
        .filter(|m| m["method"] == "workspace/applyEdit")
        .collect();
    assert_eq!(asked.len(), 1, "{:#?}", c.server_requests);
    let edit = &asked[0]["params"]["edit"];
    assert_eq!(edit, &result["edit"]);
    // Versioned, and to be confirmed: the editor previews it.
    let doc_edit = &edit["documentChanges"][0];
    assert_eq!(doc_edit["textDocument"]["version"], 1);
    assert_eq!(
        edit["changeAnnotations"]["dossier-import"]["needsConfirmation"],
        true
    );
    let edits = doc_edit["edits"].as_array().unwrap();
    assert!(edits.iter().all(|e| e["annotationId"] == "dossier-import"));

    // Applied with UTF-16 positions, the edit gives the text the import
    // gives (the CLI's code path), and that text reads the answers back.
    let after = apply(DOSSIER, edits);
    let answers = dossier_interchange::read_answers("csv", ANSWERS.as_bytes(), false).unwrap();
    let config = dossier_analysis::Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Default::default()
    };
    let expected = dossier_interchange::import(
        DOSSIER,
        &answers,
        &dossier_interchange::Request {
            answers_name: "answers.csv",
            relative_path: Some("answers.csv".into()),
            retrieved: dossier_schema::dates::Day::parse("2026-11-24"),
            edition: dossier_schema::questionnaire::Edition::from_cli("4.0.3"),
            ..Default::default()
        },
        &config,
        dossier_schema::dates::Day::parse("2026-11-24").unwrap(),
        false,
    )
    .unwrap();
    assert_eq!(after, expected.text);
    assert!(after.contains("    file: answers.csv\n"), "{after}");
    assert!(
        after.contains("name: Ünïcødé AI 😀 — 株式会社\n"),
        "{after}"
    );
    // A flow mapping rewritten whole: its range ends after an emoji.
    assert!(
        after.contains("encryption_at_rest: {value: yes, cite: caiq-v4-0, detail: "),
        "{after}"
    );
    assert!(
        after.contains("note: \"seen 😀 on the site\"}\n"),
        "{after}"
    );
    assert!(
        after.contains("note: \"Encrypted at rest, AES-256 😀\""),
        "{after}"
    );
    let parse = dossier_syntax::parse(&after);
    assert!(parse.errors.is_empty(), "{:?}", parse.errors);

    // The disk is untouched: the client applies the edit to the buffer.
    assert_eq!(std::fs::read_to_string(&dossier).unwrap(), "dossier: 1\n");
}

#[tokio::test]
async fn import_without_apply_answers_plain_changes_for_a_plain_client() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = dir.path().join("vendor.dossier.yaml");
    std::fs::write(dir.path().join("answers.csv"), ANSWERS).unwrap();
    let uri = format!("file://{}", dossier.display());
    let mut c = Client::default().await;
    c.open(&uri, DOSSIER).await;
    let answers = format!("file://{}", dir.path().join("answers.csv").display());
    let r = execute(
        &mut c,
        "dossier.importCaiq",
        json!({"uri": uri, "answers": answers, "edition": "4.0.3", "url": "https://example.com/caiq", "apply": false}),
    )
    .await;
    assert!(r["result"].get("applied").is_none(), "{r}");
    assert!(
        !c.server_requests
            .iter()
            .any(|m| m["method"] == "workspace/applyEdit"),
        "not asked to apply"
    );
    let edits = r["result"]["edit"]["changes"][&uri]
        .as_array()
        .expect("changes for the dossier");
    let after = apply(DOSSIER, edits);
    assert!(
        after.contains("    url: https://example.com/caiq\n"),
        "{after}"
    );
}

#[tokio::test]
async fn what_cannot_be_imported_is_a_message_and_no_edit() {
    let dir = tempfile::tempdir().unwrap();
    let dossier = dir.path().join("vendor.dossier.yaml");
    std::fs::write(dir.path().join("bad.csv"), "a,b\n1,2\n").unwrap();
    let uri = format!("file://{}", dossier.display());
    let mut c = editing_client().await;
    c.open(&uri, DOSSIER).await;
    let r = execute(
        &mut c,
        "dossier.importCaiq",
        json!({"uri": uri, "answers": "bad.csv"}),
    )
    .await;
    let m = r["result"]["message"].as_str().expect("a message");
    assert!(
        m.contains("bad.csv: no header row with a question id column"),
        "{m}"
    );
    assert!(r["result"].get("edit").is_none(), "{r}");
    let r = execute(
        &mut c,
        "dossier.importCaiq",
        json!({"uri": uri, "answers": "missing.csv"}),
    )
    .await;
    assert!(
        r["result"]["message"]
            .as_str()
            .unwrap()
            .contains("missing.csv"),
        "{r}"
    );
    assert!(c
        .server_requests
        .iter()
        .all(|m| m["method"] != "workspace/applyEdit"));
    // A dossier that is not open, and a bad edition, are bad params.
    let r = execute(
        &mut c,
        "dossier.importCaiq",
        json!({"uri": "file:///nowhere.dossier.yaml", "answers": "bad.csv"}),
    )
    .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = execute(
        &mut c,
        "dossier.importCaiq",
        json!({"uri": uri, "answers": "bad.csv", "edition": "9"}),
    )
    .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
}
