//! The test client every protocol suite uses: the real server over
//! in-memory pipes, speaking JSON-RPC with Content-Length framing.
#![allow(dead_code)]

use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

pub struct Client {
    pub tx: DuplexStream,
    pub rx: BufReader<DuplexStream>,
    pub next_id: i64,
    /// Notifications received while waiting for responses.
    pub pending: Vec<Value>,
    /// The server's requests to the client, as received (each answered:
    /// `workspace/applyEdit` with `{applied: true}`, the others with null).
    pub server_requests: Vec<Value>,
}

pub const EXAMPLE: &str = include_str!("../../../../../examples/alibaba-cloud.dossier.yaml");
pub const URI: &str = "file:///work/vendor.dossier.yaml";

impl Client {
    pub async fn start(init: Value) -> Client {
        let (client_tx, server_rx) = tokio::io::duplex(1 << 20);
        let (server_tx, client_rx) = tokio::io::duplex(1 << 20);
        tokio::spawn(dossier_lsp::serve(server_rx, server_tx));
        let mut c = Client {
            tx: client_tx,
            rx: BufReader::new(client_rx),
            next_id: 1,
            pending: Vec::new(),
            server_requests: Vec::new(),
        };
        let r = c.request("initialize", init).await;
        assert!(r.get("result").is_some(), "{r}");
        c.notify("initialized", json!({})).await;
        c
    }

    pub async fn default() -> Client {
        Client::start(json!({"processId": null, "rootUri": null, "capabilities": {}, "initializationOptions": {"today": "2026-11-24"}})).await
    }

    pub async fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        self.tx
            .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
            .await
            .unwrap();
        self.tx.write_all(&body).await.unwrap();
    }

    pub async fn raw(&mut self, body: &str) {
        self.tx
            .write_all(format!("Content-Length: {}\r\n\r\n{body}", body.len()).as_bytes())
            .await
            .unwrap();
    }

    pub async fn read(&mut self) -> Value {
        let mut len = 0usize;
        loop {
            let mut line = String::new();
            self.rx.read_line(&mut line).await.unwrap();
            let line = line.trim();
            if line.is_empty() {
                break;
            }
            if let Some(v) = line.strip_prefix("Content-Length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut buf = vec![0; len];
        self.rx.read_exact(&mut buf).await.unwrap();
        serde_json::from_slice(&buf).unwrap()
    }

    pub async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    pub async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let m = tokio::time::timeout(Duration::from_secs(20), self.read())
                .await
                .expect("response in time");
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            if m.get("method").is_some() && m.get("id").is_some() {
                // A server-to-client request (registerCapability): accept it.
                self.answer_server_request(m).await;
                continue;
            }
            self.pending.push(m);
        }
    }

    /// Accept a request of the server's: `workspace/applyEdit` as applied,
    /// anything else with null; keep it in `server_requests`.
    pub async fn answer_server_request(&mut self, m: Value) {
        let result = if m["method"] == "workspace/applyEdit" {
            json!({"applied": true})
        } else {
            Value::Null
        };
        self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": result}))
            .await;
        self.server_requests.push(m);
    }

    /// The next publishDiagnostics for `uri` with at least `version`.
    pub async fn diagnostics(&mut self, uri: &str, version: i64) -> Vec<Value> {
        self.published(uri, |v| v.as_i64().unwrap_or(-1) >= version)
            .await
    }

    /// The next publishDiagnostics for `uri`, of any version or none (a
    /// file the editor has not opened, such as a dossier.toml).
    pub async fn diagnostics_any(&mut self, uri: &str) -> Vec<Value> {
        self.published(uri, |_| true).await
    }

    async fn published(&mut self, uri: &str, version: impl Fn(&Value) -> bool) -> Vec<Value> {
        loop {
            if let Some(i) = self.pending.iter().position(|m| {
                m["method"] == "textDocument/publishDiagnostics"
                    && m["params"]["uri"] == uri
                    && version(&m["params"]["version"])
            }) {
                return self.pending.remove(i)["params"]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .clone();
            }
            let m = tokio::time::timeout(Duration::from_secs(20), self.read())
                .await
                .expect("diagnostics in time");
            if m.get("method").is_some() && m.get("id").is_some() {
                self.answer_server_request(m).await;
                continue;
            }
            self.pending.push(m);
        }
    }

    /// Hover on the `trains_on_user_data` key of the example open at `uri`.
    pub async fn hover_fact_key(&mut self, uri: &str) -> Value {
        let line = EXAMPLE
            .lines()
            .position(|l| l.trim_start().starts_with("trains_on_user_data"))
            .unwrap();
        self.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": line, "character": 6}}),
        )
        .await
    }

    pub async fn open(&mut self, uri: &str, text: &str) -> Vec<Value> {
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": text}})).await;
        self.diagnostics(uri, 1).await
    }
}
