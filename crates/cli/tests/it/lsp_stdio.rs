//! `dossier lsp` over real stdio: every byte on stdout is a framed
//! protocol message, and the process exits cleanly after `exit`.
//!
//! The test behaves like a real client: it waits for each answer before the
//! next step, and sends `exit` only after `shutdown` was answered (an `exit`
//! with requests still in flight cancels them, as the protocol says).

use crate::common::{frame, parse_frames};

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

pub(crate) struct Session {
    stdin: std::process::ChildStdin,
    chunks: mpsc::Receiver<Vec<u8>>,
    buffer: Vec<u8>,
    pub(crate) seen: Vec<Value>,
}

/// `dossier lsp` started over real stdio, with a thread collecting what
/// it writes (all of it, returned when stdout closes).
pub(crate) fn start() -> (
    std::process::Child,
    Session,
    std::thread::JoinHandle<Vec<u8>>,
) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
        .arg("lsp")
        .env("DOSSIER_LOG", "debug")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    let (tx, rx) = mpsc::channel();
    let reader = std::thread::spawn(move || {
        let mut all = Vec::new();
        let mut buf = [0u8; 8192];
        while let Ok(n) = stdout.read(&mut buf) {
            if n == 0 {
                break;
            }
            all.extend_from_slice(&buf[..n]);
            let _ = tx.send(buf[..n].to_vec());
        }
        all
    });
    let s = Session {
        stdin: child.stdin.take().unwrap(),
        chunks: rx,
        buffer: Vec::new(),
        seen: Vec::new(),
    };
    (child, s, reader)
}

impl Session {
    pub(crate) fn send(&mut self, v: Value) {
        self.stdin
            .write_all(&frame(&serde_json::to_vec(&v).unwrap()))
            .unwrap();
        self.stdin.flush().unwrap();
    }

    /// Wait for the answer to request `id` (a generous limit: a loaded CI
    /// machine running a debug build is slow, and this is not a timing test).
    pub(crate) fn answer(&mut self, id: i64) -> Value {
        self.wait(&format!("the answer to request {id}"), |m| m["id"] == id)
    }

    pub(crate) fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let (messages, rest) = parse_frames(&self.buffer);
            let consumed = self.buffer.len() - rest.len();
            self.buffer.drain(..consumed);
            self.seen.extend(messages);
            if let Some(m) = self.seen.iter().find(|m| pred(m)) {
                return m.clone();
            }
            match self.chunks.recv_timeout(Duration::from_secs(120)) {
                Ok(chunk) => self.buffer.extend(chunk),
                Err(e) => panic!("no {what} ({e}); saw {:?}", self.seen),
            }
        }
    }
}

#[test]
fn stdio_session_is_pure_protocol() {
    let text = std::fs::read_to_string(
        crate::common::repo_root().join("examples/alibaba-cloud.dossier.yaml"),
    )
    .unwrap();
    let (mut child, mut s, reader) = start();
    let uri = "file:///tmp/x.dossier.yaml";
    s.send(json!({"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {"capabilities": {}, "initializationOptions": {"today": "2026-11-24"}}}));
    let init = s.answer(1);
    assert_eq!(init["result"]["serverInfo"]["name"], "dossier", "{init}");
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": text}}}));
    s.send(json!({"jsonrpc": "2.0", "id": 2, "method": "textDocument/diagnostic", "params": {"textDocument": {"uri": uri}}}));
    let diag = s.answer(2);
    let items = diag["result"]["items"]
        .as_array()
        .unwrap_or_else(|| panic!("a full report, got {diag}"));
    assert!(items.iter().any(|d| d["code"] == "uncited-fact"), "{diag}");
    // The pushed diagnostics come too, with the document's version.
    let pushed = s.wait("publishDiagnostics", |m| {
        m["method"] == "textDocument/publishDiagnostics"
    });
    assert_eq!(pushed["params"]["version"], 1, "{pushed}");
    assert_eq!(
        pushed["params"]["diagnostics"].as_array().map(Vec::len),
        Some(items.len()),
        "push and pull agree"
    );
    s.send(json!({"jsonrpc": "2.0", "id": 3, "method": "shutdown", "params": null}));
    let shutdown = s.answer(3);
    assert!(shutdown.get("error").is_none(), "{shutdown}");
    s.send(json!({"jsonrpc": "2.0", "method": "exit", "params": null}));
    drop(s);
    let status = child.wait().unwrap();
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "exit status {status}; stderr:\n{stderr}");
    // Everything the server wrote to stdout, start to end, is framed
    // protocol messages: nothing left over, no log lines.
    let all = reader.join().unwrap();
    let (messages, rest) = parse_frames(&all);
    assert!(
        rest.is_empty(),
        "stray bytes on stdout: {:?}",
        String::from_utf8_lossy(rest)
    );
    assert!(messages.len() >= 4, "{messages:?}");
    // The logs went to stderr.
    assert!(!stderr.is_empty(), "DOSSIER_LOG=debug logs to stderr");
}
