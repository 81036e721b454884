//! The `evidence-file` rule in the editor (issue 27): `dossier lsp`, over
//! real stdio, reports a missing evidence file and a changed one with the
//! message and range `dossier check` gives on the same file (one engine),
//! hashes again when the dossier is saved, and says nothing about the
//! files of a document that is not on disk.

use std::path::Path;

use serde_json::{json, Value};

use crate::common::{dossier_in, stdout};
use crate::lsp_stdio::{start, Session};

const TODAY: &str = "2026-07-02";

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

fn dossier_text(pin: &str) -> String {
    format!(
        "dossier: 1\nvendor:\n  name: Example AI\n  kind: other\nsources:\n  report:\n    file: evidence/report.pdf\n    sha256: {pin}\n    kind: third_party_audit\n    retrieved: 2026-07-01\n  gone:\n    file: evidence/missing.pdf\n    kind: third_party_audit\n    retrieved: 2026-07-01\nfacts:\n  security_compliance:\n    soc2_type2: {{value: yes, cite: [report, gone]}}\n"
    )
}

/// The `evidence-file` diagnostics of a publish, as (message, range).
fn evidence_of(publish: &Value) -> Vec<(String, Value)> {
    let mut v: Vec<(String, Value)> = publish["params"]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "evidence-file")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                d["range"].clone(),
            )
        })
        .collect();
    v.sort_by(|a, b| a.0.cmp(&b.0));
    v
}

/// The `evidence-file` diagnostics of `dossier check --format json`, with
/// their ranges as the protocol writes them (0-based; every character
/// here is ASCII, so UTF-16 columns are character columns).
fn evidence_of_check(dir: &Path, file: &str) -> Vec<(String, Value)> {
    let o = dossier_in(dir, &["check", "--today", TODAY, "--format", "json", file]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    let pos = |p: &Value| {
        json!({
            "line": p["line"].as_u64().unwrap() - 1,
            "character": p["column"].as_u64().unwrap() - 1,
        })
    };
    let mut out: Vec<(String, Value)> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "evidence-file")
        .map(|d| {
            (
                d["message"].as_str().unwrap().to_string(),
                json!({"start": pos(&d["start"]), "end": pos(&d["end"])}),
            )
        })
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

fn published(s: &mut Session, uri: &str, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
    s.wait(what, |m| {
        m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri && pred(m)
    })
}

fn has(m: &Value, text: &str) -> bool {
    m["params"]["diagnostics"].as_array().is_some_and(|d| {
        d.iter()
            .any(|d| d["message"].as_str().unwrap_or("").contains(text))
    })
}

#[test]
fn the_server_reports_missing_and_changed_evidence_files_as_check_does() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join(".git")).unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    let report = dir.path().join("evidence/report.pdf");
    std::fs::write(&report, b"version 1").unwrap();
    let text = dossier_text(&dossier_workspace::sha256_hex(b"version 1"));
    let path = dir.path().join("example.dossier.yaml");
    std::fs::write(&path, &text).unwrap();
    let doc = uri(&path);

    let (mut child, mut s, _reader) = start();
    s.send(
        json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "capabilities": {}, "initializationOptions": {"today": TODAY},
        "workspaceFolders": [{"uri": uri(dir.path()), "name": "w"}]}}),
    );
    s.answer(1);
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": doc, "languageId": "dossier", "version": 1, "text": text}}}));
    // The missing file, as check reports it; the pinned one matches.
    let first = published(&mut s, &doc, "the missing evidence file", |m| {
        has(m, "evidence/missing.pdf")
    });
    assert!(!has(&first, "changed since it was pinned"), "{first}");
    assert_eq!(
        evidence_of(&first),
        evidence_of_check(dir.path(), "example.dossier.yaml")
    );
    assert_eq!(evidence_of(&first).len(), 1, "{first}");

    // The report is replaced by one of the same size and time stamp: the
    // digest the server remembers still stands until the dossier is saved
    // (a keystroke does not rehash), then it is hashed again.
    let stamp = std::fs::metadata(&report).unwrap().modified().unwrap();
    std::fs::write(&report, b"version 2").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&report)
        .unwrap()
        .set_modified(stamp)
        .unwrap();
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didSave", "params": {"textDocument": {"uri": doc}}}));
    let saved = published(&mut s, &doc, "the changed evidence file", |m| {
        has(m, "changed since it was pinned")
    });
    let from_check = evidence_of_check(dir.path(), "example.dossier.yaml");
    assert_eq!(from_check.len(), 2, "{from_check:?}");
    let changed = format!(
        "evidence/report.pdf changed since it was pinned: its SHA-256 is now {}",
        dossier_workspace::sha256_hex(b"version 2")
    );
    assert!(
        from_check.iter().any(|(m, _)| m.starts_with(&changed)),
        "{from_check:?}"
    );
    assert_eq!(evidence_of(&saved), from_check);

    // A document with no file on disk says nothing about evidence files:
    // an untitled one, and one not saved yet (its file does not exist).
    for (n, other) in [
        "untitled:Untitled-1".to_string(),
        uri(&dir.path().join("unsaved.dossier.yaml")),
    ]
    .into_iter()
    .enumerate()
    {
        s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": other, "languageId": "dossier", "version": 1, "text": text}}}));
        let id = 10 + n as i64;
        s.send(json!({"jsonrpc": "2.0", "id": id, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": other}}}));
        let pulled = s.answer(id);
        let items = pulled["result"]["items"].as_array().unwrap();
        assert!(
            items.iter().any(|d| d["code"] == "missing-question"),
            "analysed: {pulled}"
        );
        assert!(
            items.iter().all(|d| d["code"] != "evidence-file"),
            "{other}: {pulled}"
        );
    }

    s.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": null}));
    s.answer(3);
    s.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    drop(s);
    assert!(child.wait().unwrap().success());
}
