//! What the server reads from the workspace: each dossier's nearest
//! dossier.toml (two folders, two configurations), read off the protocol's
//! path with bounded reads, its problems published as diagnostics on it.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};
use tokio::io::{AsyncBufReadExt, AsyncReadExt, AsyncWriteExt, BufReader, DuplexStream};

const GOOD: &str = "dossier: 1\nvendor:\n  name: Example AI\nassessment:\n  as_of: 2026-11-01\n  profile: default-balanced\nsources:\n  trust-center:\n    url: https://example.com/trust\n    title: Example AI trust center\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    iso_27001: {value: yes, cite: trust-center}\n    soc2_type2: yes\n";

struct Client {
    tx: DuplexStream,
    rx: BufReader<DuplexStream>,
    next_id: i64,
    pending: Vec<Value>,
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

impl Client {
    fn start() -> Client {
        let (client_tx, server_rx) = tokio::io::duplex(1 << 20);
        let (server_tx, client_rx) = tokio::io::duplex(1 << 20);
        tokio::spawn(dossier_lsp::serve(server_rx, server_tx));
        Client {
            tx: client_tx,
            rx: BufReader::new(client_rx),
            next_id: 1,
            pending: Vec::new(),
        }
    }

    async fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        self.tx
            .write_all(format!("Content-Length: {}\r\n\r\n", body.len()).as_bytes())
            .await
            .unwrap();
        self.tx.write_all(&body).await.unwrap();
    }

    async fn read(&mut self) -> Value {
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

    async fn next(&mut self, what: &str) -> Value {
        let m = tokio::time::timeout(Duration::from_secs(10), self.read())
            .await
            .unwrap_or_else(|_| panic!("{what}: no answer within 10 s"));
        if m.get("method").is_some() && m.get("id").is_some() {
            self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}))
                .await;
        }
        m
    }

    async fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}))
            .await;
        loop {
            let m = self.next(method).await;
            if m.get("id") == Some(&json!(id)) && m.get("method").is_none() {
                return m;
            }
            self.pending.push(m);
        }
    }

    async fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({"jsonrpc": "2.0", "method": method, "params": params}))
            .await;
    }

    /// The next publishDiagnostics for `uri`.
    async fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        loop {
            if let Some(i) = self.pending.iter().position(|m| {
                m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
            }) {
                return self.pending.remove(i)["params"]["diagnostics"]
                    .as_array()
                    .unwrap()
                    .clone();
            }
            let m = self.next(uri).await;
            self.pending.push(m);
        }
    }

    async fn initialize(&mut self, root: &Path) {
        let r = self
            .request(
                "initialize",
                json!({"processId": null, "capabilities": {},
                       "workspaceFolders": [{"uri": uri(root), "name": "ws"}],
                       "initializationOptions": {"today": "2026-11-24"}}),
            )
            .await;
        assert!(r.get("result").is_some(), "{r}");
        self.notify("initialized", json!({})).await;
    }

    async fn open(&mut self, path: &Path, text: &str) -> Vec<Value> {
        let u = uri(path);
        self.notify("textDocument/didOpen", json!({"textDocument": {"uri": u, "languageId": "dossier", "version": 1, "text": text}})).await;
        self.diagnostics(&u).await
    }
}

fn mkfifo(p: &Path) {
    let ok = std::process::Command::new("mkfifo")
        .arg(p)
        .status()
        .unwrap()
        .success();
    assert!(ok);
}

#[cfg(unix)]
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_schema_that_is_a_fifo_or_dev_zero_never_blocks_and_is_reported() {
    for kind in ["fifo", "zero"] {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().canonicalize().unwrap();
        let schema = root.join("schema.json");
        match kind {
            "fifo" => mkfifo(&schema),
            _ => std::os::unix::fs::symlink("/dev/zero", &schema).unwrap(),
        }
        std::fs::write(root.join("dossier.toml"), "schema = \"schema.json\"\n").unwrap();
        let mut c = Client::start();
        c.initialize(&root).await;
        let diags = c.diagnostics(&uri(&root.join("dossier.toml"))).await;
        assert_eq!(diags.len(), 1, "{kind}: {diags:#?}");
        let msg = diags[0]["message"].as_str().unwrap();
        let expected = if kind == "fifo" {
            "a named pipe"
        } else {
            "a character device"
        };
        assert!(msg.contains(expected), "{kind}: {msg}");
        assert_eq!(
            diags[0]["range"]["start"],
            json!({"line": 0, "character": 9})
        );
        // The server keeps answering, with the default configuration.
        let d = c.open(&root.join("x.dossier.yaml"), GOOD).await;
        assert!(d.iter().any(|d| d["code"] == "uncited-fact"), "{d:#?}");
        let r = c.request("shutdown", json!(null)).await;
        assert!(r.get("error").is_none(), "{r}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_folders_with_their_own_dossier_toml_in_one_workspace() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    for (sub, toml) in [
        ("strict", "[rules]\nuncited-fact = \"error\"\n"),
        ("lax", "[rules]\nuncited-fact = \"off\"\n"),
    ] {
        std::fs::create_dir_all(root.join(sub)).unwrap();
        std::fs::write(root.join(sub).join("dossier.toml"), toml).unwrap();
    }
    let mut c = Client::start();
    c.initialize(&root).await;
    let strict = c.open(&root.join("strict/x.dossier.yaml"), GOOD).await;
    let uncited: Vec<_> = strict
        .iter()
        .filter(|d| d["code"] == "uncited-fact")
        .collect();
    assert_eq!(uncited.len(), 1, "{strict:#?}");
    assert_eq!(uncited[0]["severity"], 1, "error in strict/");
    let lax = c.open(&root.join("lax/x.dossier.yaml"), GOOD).await;
    assert!(!lax.iter().any(|d| d["code"] == "uncited-fact"), "{lax:#?}");
}
