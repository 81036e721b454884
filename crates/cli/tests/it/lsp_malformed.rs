//! `dossier lsp` over real stdio, fed malformed bytes: each kind gets its
//! JSON-RPC answer (or is skipped), a line on stderr, and the next normal
//! request is still answered. Before the server had its own framing layer,
//! tower-lsp-server's transport stopped reading at the first of these and
//! the server exited.

use crate::common::{frame, parse_frames};

use std::io::{Read, Write};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

const URI: &str = "file:///tmp/malformed.dossier.yaml";

struct Lsp {
    child: Child,
    stdin: ChildStdin,
    chunks: mpsc::Receiver<Vec<u8>>,
    buffer: Vec<u8>,
    seen: Vec<Value>,
    next_id: i64,
}

impl Lsp {
    fn start() -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = [0u8; 8192];
            while let Ok(n) = stdout.read(&mut buf) {
                if n == 0 || tx.send(buf[..n].to_vec()).is_err() {
                    break;
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        let mut lsp = Lsp {
            child,
            stdin,
            chunks: rx,
            buffer: Vec::new(),
            seen: Vec::new(),
            next_id: 0,
        };
        let init = lsp.request("initialize", json!({"capabilities": {"textDocument": {"diagnostic": {}}}, "initializationOptions": {"today": "2026-11-24"}}));
        assert!(init.get("result").is_some(), "{init}");
        lsp.send(&json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
        lsp
    }

    fn raw(&mut self, bytes: &[u8]) {
        self.stdin.write_all(bytes).unwrap();
        self.stdin.flush().unwrap();
    }

    fn send(&mut self, v: &Value) {
        self.raw(&frame(&serde_json::to_vec(v).unwrap()));
    }

    /// Wait for a message matching `pred` (a generous limit: a loaded CI
    /// machine running a debug build is slow; this is not a timing test).
    fn wait(&mut self, what: &str, pred: impl Fn(&Value) -> bool) -> Value {
        loop {
            let (messages, rest) = parse_frames(&self.buffer);
            let consumed = self.buffer.len() - rest.len();
            self.buffer.drain(..consumed);
            self.seen.extend(messages);
            if let Some(i) = self.seen.iter().position(&pred) {
                return self.seen.remove(i);
            }
            match self.chunks.recv_timeout(Duration::from_secs(120)) {
                Ok(chunk) => self.buffer.extend(chunk),
                Err(e) => panic!("no {what} ({e}); saw {:?}", self.seen),
            }
        }
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        self.wait(&format!("answer to {method} {id}"), |m| {
            m["id"] == id && m.get("method").is_none()
        })
    }

    /// A normal hover on a fact key, answered with its documentation.
    fn hover_works(&mut self, after: &str) {
        let line = example()
            .lines()
            .position(|l| l.trim_start().starts_with("trains_on_user_data"))
            .unwrap();
        let r = self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 6}}),
        );
        let value = r["result"]["contents"]["value"].as_str().unwrap_or("");
        assert!(!value.is_empty(), "hover after {after}: {r}");
    }

    /// The error answer with `id: null` and `code`.
    fn null_id_error(&mut self, code: i64, after: &str) -> Value {
        self.wait(&format!("a {code} error for {after}"), |m| {
            m.get("id") == Some(&Value::Null) && m["error"]["code"] == code
        })
    }

    fn diagnostics(&mut self) -> Vec<Value> {
        let r = self.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": URI}}),
        );
        r["result"]["items"].as_array().cloned().unwrap_or_default()
    }

    /// Shut down cleanly; the exit status and everything on stderr.
    fn finish(mut self) -> (std::process::ExitStatus, String) {
        let r = self.request("shutdown", Value::Null);
        assert!(r.get("error").is_none(), "{r}");
        self.send(&json!({"jsonrpc": "2.0", "method": "exit"}));
        let status = self.child.wait().unwrap();
        let mut stderr = String::new();
        self.child
            .stderr
            .take()
            .unwrap()
            .read_to_string(&mut stderr)
            .unwrap();
        (status, stderr)
    }
}

fn example() -> String {
    std::fs::read_to_string(crate::common::repo_root().join("examples/alibaba-cloud.dossier.yaml"))
        .unwrap()
}

fn open(lsp: &mut Lsp) {
    lsp.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": URI, "languageId": "dossier", "version": 1, "text": example()}}}));
    lsp.hover_works("didOpen");
}

#[test]
fn malformed_messages_are_answered_and_the_server_keeps_serving() {
    let mut lsp = Lsp::start();
    open(&mut lsp);

    // A body that is not JSON: parse error, id null.
    lsp.raw(&frame(b"this is not json"));
    lsp.null_id_error(-32700, "a body that is not JSON");
    lsp.hover_works("a body that is not JSON");

    // JSON that is not JSON-RPC: invalid request, id null.
    for body in [&b"[1,2,3]"[..], b"42", b"{\"hello\": \"world\"}"] {
        lsp.raw(&frame(body));
        lsp.null_id_error(-32600, "JSON that is not JSON-RPC");
        lsp.hover_works("JSON that is not JSON-RPC");
    }
    // ... but with a usable id, the answer carries it.
    lsp.raw(&frame(
        br#"{"jsonrpc": "1.0", "id": "odd-one", "method": "textDocument/hover"}"#,
    ));
    let r = lsp.wait("an answer to odd-one", |m| m["id"] == "odd-one");
    assert_eq!(r["error"]["code"], -32600, "{r}");
    lsp.hover_works("a JSON-RPC 1.0 request");

    // Bytes that are not UTF-8 inside a message that is otherwise fine.
    lsp.raw(&frame(
        b"{\"jsonrpc\":\"2.0\",\"method\":\"$/noise\",\"params\":{\"x\":\"\xff\xfe\"}}",
    ));
    lsp.hover_works("invalid UTF-8");

    // A header without Content-Length: the frame cannot be read.
    lsp.raw(b"Content-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{\"jsonrpc\":\"2.0\",\"id\":900,\"method\":\"shutdown\"}");
    lsp.null_id_error(-32700, "a header without Content-Length");
    lsp.hover_works("a header without Content-Length");

    // Garbage between frames.
    lsp.raw(b"\r\nGET / HTTP/1.1\r\n\r\n");
    lsp.null_id_error(-32700, "garbage between frames");
    lsp.hover_works("garbage between frames");

    // A Content-Length larger than the body that follows: the next frame
    // begins inside the declared length. Both requests are answered.
    let line = example()
        .lines()
        .position(|l| l.trim_start().starts_with("trains_on_user_data"))
        .unwrap();
    let short = serde_json::to_vec(&json!({"jsonrpc": "2.0", "id": 700, "method": "textDocument/hover", "params": {"textDocument": {"uri": URI}, "position": {"line": line, "character": 6}}})).unwrap();
    let mut bytes = format!("Content-Length: {}\r\n\r\n", short.len() + 5000).into_bytes();
    bytes.extend(&short);
    lsp.raw(&bytes);
    lsp.hover_works("a Content-Length larger than its body");
    let r = lsp.wait("the answer to the short frame", |m| m["id"] == 700);
    assert!(r["result"]["contents"]["value"].is_string(), "{r}");

    let (status, stderr) = lsp.finish();
    assert!(status.success(), "{status}; stderr:\n{stderr}");
    for logged in [
        "not JSON",
        "not JSON-RPC",
        "not UTF-8",
        "without Content-Length",
        "not a header line",
        "the next frame began",
    ] {
        assert!(
            stderr.contains(logged),
            "{logged:?} not in stderr:\n{stderr}"
        );
    }
}

#[test]
fn a_lone_surrogate_becomes_u_fffd_and_positions_stay_aligned() {
    let mut lsp = Lsp::start();
    open(&mut lsp);
    let text = example();
    let line = text
        .lines()
        .position(|l| l.trim_start().starts_with("headquarters:"))
        .unwrap();
    let old_len = text.lines().nth(line).unwrap().encode_utf16().count();
    // What `JSON.stringify` sends for a buffer holding a lone surrogate.
    // In the client's UTF-16 view the surrogate is one unit, so `XX` (not
    // a country code) starts at character 37.
    let new_line = r#"  headquarters: {city: \"\ud800\", country: XX}"#;
    let body = format!(
        r#"{{"jsonrpc":"2.0","method":"textDocument/didChange","params":{{"textDocument":{{"uri":"{URI}","version":2}},"contentChanges":[{{"range":{{"start":{{"line":{line},"character":0}},"end":{{"line":{line},"character":{old_len}}}}},"text":"{new_line}"}}]}}}}"#
    );
    lsp.raw(&frame(body.as_bytes()));
    let on_line = |d: &Vec<Value>| -> Vec<Value> {
        d.iter()
            .filter(|d| d["range"]["start"]["line"] == line)
            .cloned()
            .collect()
    };
    let diags = on_line(&lsp.diagnostics());
    assert!(
        diags.iter().any(|d| d["range"]["start"]["character"] == 37
            && d["range"]["end"]["character"] == 39),
        "a diagnostic on `XX` at 37..39: {diags:?}"
    );
    // An edit computed by the client after the surrogate lands where the
    // client meant: `XX` becomes `CN` and its diagnostic goes.
    lsp.send(&json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {"textDocument": {"uri": URI, "version": 3}, "contentChanges": [{"range": {"start": {"line": line, "character": 37}, "end": {"line": line, "character": 39}}, "text": "CN"}]}}));
    let diags = on_line(&lsp.diagnostics());
    assert!(diags.is_empty(), "{diags:?}");
    lsp.hover_works("a lone surrogate");
    let (status, stderr) = lsp.finish();
    assert!(status.success(), "{status}; stderr:\n{stderr}");
    assert!(stderr.contains("lone surrogate"), "{stderr}");
}

#[test]
fn a_50_mb_message_is_refused_with_bounded_memory() {
    let mut lsp = Lsp::start();
    open(&mut lsp);
    let hwm_before = peak_rss_kb(lsp.child.id());
    let size = 50 * 1024 * 1024;
    let head = br#"{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/huge.dossier.yaml","languageId":"dossier","version":1,"text":""#;
    let tail = br#""}}}"#;
    let mut body = Vec::with_capacity(size);
    body.extend_from_slice(head);
    body.resize(size - tail.len(), b'a');
    body.extend_from_slice(tail);
    lsp.raw(&frame(&body));
    drop(body);
    let r = lsp.null_id_error(-32600, "a 50 MB message");
    assert!(
        r["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("limit")),
        "{r}"
    );
    let shown = lsp.wait("a message to the user", |m| {
        m["method"] == "window/showMessage"
    });
    assert!(
        shown["params"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("52428800")),
        "{shown}"
    );
    lsp.hover_works("a 50 MB message");
    // The message was skipped, not held: the peak grew far less than 50 MB.
    if let (Some(before), Some(after)) = (hwm_before, peak_rss_kb(lsp.child.id())) {
        assert!(
            after < before + 20 * 1024,
            "peak RSS grew from {before} kB to {after} kB"
        );
    }
    let (status, stderr) = lsp.finish();
    assert!(status.success(), "{status}; stderr:\n{stderr}");
    assert!(
        stderr.contains("ignored a message of 52428800 bytes"),
        "{stderr}"
    );
}

fn peak_rss_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    status
        .lines()
        .find(|l| l.starts_with("VmHWM:"))?
        .split_whitespace()
        .nth(1)?
        .parse()
        .ok()
}
