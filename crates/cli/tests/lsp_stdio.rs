//! `dossier lsp` over real stdio: every byte on stdout is a framed
//! protocol message, and the process exits cleanly after `exit`.

mod common;

use std::io::{Read, Write};
use std::process::{Command, Stdio};

fn frame(v: serde_json::Value) -> Vec<u8> {
    let body = serde_json::to_vec(&v).unwrap();
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend(body);
    out
}

#[test]
fn stdio_session_is_pure_protocol() {
    let text =
        std::fs::read_to_string(common::repo_root().join("examples/alibaba-cloud.dossier.yaml"))
            .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("lsp")
        .env("DOSSIER_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let uri = "file:///tmp/x.dossier.yaml";
    let mut input = Vec::new();
    input.extend(frame(serde_json::json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"today": "2026-11-24"}}})));
    input.extend(frame(
        serde_json::json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    ));
    input.extend(frame(serde_json::json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": text}}})));
    input.extend(frame(serde_json::json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}})));
    input.extend(frame(
        serde_json::json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": null}),
    ));
    stdin.write_all(&input).unwrap();
    // Give the server time to answer before `exit`.
    std::thread::sleep(std::time::Duration::from_millis(1500));
    stdin
        .write_all(&frame(
            serde_json::json!({"jsonrpc": "2.0", "method": "exit", "params": null}),
        ))
        .unwrap();
    drop(stdin);
    let status = child.wait().unwrap();
    let mut out = Vec::new();
    child.stdout.take().unwrap().read_to_end(&mut out).unwrap();
    assert!(status.success(), "exit status {status}");
    // Parse stdout as a sequence of framed messages, nothing else.
    let mut rest = &out[..];
    let mut messages = Vec::new();
    while !rest.is_empty() {
        let header_end = rest
            .windows(4)
            .position(|w| w == b"\r\n\r\n")
            .expect("a header");
        let header = std::str::from_utf8(&rest[..header_end]).unwrap();
        let len: usize = header
            .strip_prefix("Content-Length: ")
            .expect("only Content-Length headers")
            .trim()
            .parse()
            .unwrap();
        let body = &rest[header_end + 4..header_end + 4 + len];
        messages.push(serde_json::from_slice::<serde_json::Value>(body).expect("a JSON body"));
        rest = &rest[header_end + 4 + len..];
    }
    let diag = messages
        .iter()
        .find(|m| m["id"] == 2)
        .expect("pull diagnostics answered");
    assert!(diag["result"]["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d["code"] == "uncited-fact"));
    assert!(
        messages
            .iter()
            .any(|m| m["id"] == 3 && m.get("error").is_none()),
        "shutdown answered"
    );
}
