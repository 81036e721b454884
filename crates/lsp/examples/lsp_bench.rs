//! Drive the built `dossier lsp` over stdio and report latencies and memory.
//!
//!     cargo run --release -p dossier-lsp --example lsp_bench [-- path/to/dossier]
//!
//! Builds the release server first (`cargo build --release -p
//! dossier-cli`, into the target directory it runs from; a no-op when it
//! is up to date). Prints numbers; asserts nothing about time. `DOSSIER_BENCH_EDITS=N`
//! changes the number of edits (500); `DOSSIER_BIN` runs another binary,
//! for example a script that starts the server under
//! `valgrind --tool=callgrind` to count instructions instead of timing.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

struct Server {
    child: Child,
    stdin: ChildStdin,
    stdout: BufReader<ChildStdout>,
    id: i64,
}

impl Server {
    fn send(&mut self, v: Value) {
        let body = serde_json::to_vec(&v).unwrap();
        write!(self.stdin, "Content-Length: {}\r\n\r\n", body.len()).unwrap();
        self.stdin.write_all(&body).unwrap();
        self.stdin.flush().unwrap();
    }
    fn read(&mut self) -> Value {
        let mut len = 0;
        loop {
            let mut line = String::new();
            self.stdout.read_line(&mut line).unwrap();
            let l = line.trim();
            if l.is_empty() {
                break;
            }
            if let Some(v) = l.strip_prefix("Content-Length:") {
                len = v.trim().parse().unwrap();
            }
        }
        let mut buf = vec![0; len];
        self.stdout.read_exact(&mut buf).unwrap();
        serde_json::from_slice(&buf).unwrap()
    }
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.id += 1;
        let id = self.id;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self.read();
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
            if m.get("method").is_some() && m.get("id").is_some() {
                self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
            }
        }
    }
    fn wait_diagnostics(&mut self, uri: &str, version: i64) {
        loop {
            let m = self.read();
            if m["method"] == "textDocument/publishDiagnostics"
                && m["params"]["uri"] == uri
                && m["params"]["version"].as_i64().unwrap_or(-1) >= version
            {
                return;
            }
            if m.get("method").is_some() && m.get("id").is_some() {
                self.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
            }
        }
    }
    fn rss_kb(&self) -> (u64, u64) {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        let field = |name: &str| {
            status
                .lines()
                .find(|l| l.starts_with(name))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
                .unwrap_or(0)
        };
        (field("VmRSS:"), field("VmHWM:"))
    }
}

fn start(bin: &str) -> (Server, Duration) {
    start_with(bin, json!({}))
}

/// Start with these client capabilities (`{}`: push diagnostics;
/// `{"textDocument": {"diagnostic": {}}}`: pull, as VS Code does).
fn start_with(bin: &str, capabilities: Value) -> (Server, Duration) {
    let t = Instant::now();
    let mut child = Command::new(bin)
        .arg("lsp")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .expect("run the server");
    let stdin = child.stdin.take().unwrap();
    let stdout = BufReader::new(child.stdout.take().unwrap());
    let mut s = Server {
        child,
        stdin,
        stdout,
        id: 0,
    };
    s.request(
        "initialize",
        json!({"capabilities": capabilities, "initializationOptions": {"today": "2026-11-24"}}),
    );
    let startup = t.elapsed();
    s.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    (s, startup)
}

fn pct(mut v: Vec<Duration>, p: f64) -> f64 {
    v.sort();
    let i = ((v.len() as f64 - 1.0) * p).round() as usize;
    v[i].as_secs_f64() * 1000.0
}

/// The example, grown to about `lines` lines with more findings: with 2,000
/// lines, about 73 KB and two dozen diagnostics, the size issue 16 measured.
fn big_dossier(base: &str, lines: usize) -> String {
    let mut text = base.trim_end().to_string();
    text = text.replace("\nadjustments: []", "");
    let findings_at = text.find("\nincidents: []").unwrap_or(text.len());
    let mut extra = String::new();
    let mut i = 0;
    while text.lines().count() + extra.lines().count() < lines {
        extra.push_str(&format!(
            "  - id: bench-{i}\n    title: Generated finding {i} on a subject of some length\n    stance: concern\n    severity: medium\n    dimension: security\n    text: >-\n      A generated finding used to make the dossier long, number {i}; its text is as long as a real finding's first line.\n    cite: [trust-center]\n    owasp: [LLM01:2025]\n    nist: [MEASURE 2.7]\n"
        ));
        i += 1;
    }
    text.insert_str(findings_at, &format!("\n{}", extra.trim_end()));
    text.push('\n');
    text
}

/// The workspace to read the example from: the current folder or the
/// nearest one above it that holds this crate, else where this bench was
/// compiled (which may be a clone deleted since: the path is fixed at
/// compile time, and cargo reuses the build from another checkout).
fn workspace_root() -> PathBuf {
    let found = std::env::current_dir().ok().and_then(|cwd| {
        cwd.ancestors()
            .find(|d| d.join("crates/lsp/Cargo.toml").is_file())
            .map(Path::to_path_buf)
    });
    found.unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../.."))
}

/// The release server: `DOSSIER_BIN`, or built now (a no-op when it is up
/// to date) into the target directory this bench runs from
/// (`target/PROFILE/examples/lsp_bench` -> `target/release/dossier`).
fn server(root: &Path) -> String {
    if let Ok(bin) = std::env::var("DOSSIER_BIN") {
        return bin;
    }
    let target = std::env::current_exe()
        .ok()
        .and_then(|exe| Some(exe.parent()?.parent()?.parent()?.to_path_buf()))
        .or_else(|| std::env::var_os("CARGO_TARGET_DIR").map(PathBuf::from))
        .unwrap_or_else(|| root.join("target"));
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    eprintln!(
        "building the server: cargo build --release -p dossier-cli --target-dir {}",
        target.display()
    );
    let built = Command::new(&cargo)
        .args(["build", "--release", "-p", "dossier-cli", "--manifest-path"])
        .arg(root.join("Cargo.toml"))
        .arg("--target-dir")
        .arg(&target)
        .status();
    let bin = target.join(format!("release/dossier{}", std::env::consts::EXE_SUFFIX));
    match built {
        Ok(s) if s.success() && bin.is_file() => bin.to_string_lossy().into_owned(),
        other => {
            eprintln!(
                "cannot build the server ({other:?}): build it with `cargo build --release -p dossier-cli`, or set DOSSIER_BIN"
            );
            std::process::exit(2);
        }
    }
}

fn main() {
    let root = workspace_root();
    let bin = server(&root);
    if !Path::new(&bin).is_file() {
        eprintln!(
            "no server at {bin}: build it first with `cargo build --release -p dossier-cli`, or set DOSSIER_BIN"
        );
        std::process::exit(2);
    }
    let base = std::fs::read_to_string(root.join("examples/alibaba-cloud.dossier.yaml")).unwrap();
    let text = big_dossier(&base, 2000);
    let lines: Vec<&str> = text.lines().collect();
    println!(
        "server: {bin}\ndossier: {} lines, {} bytes",
        lines.len(),
        text.len()
    );

    let (mut s, startup) = start(&bin);
    let uri = "file:///bench/big.dossier.yaml";
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": text}}}));
    s.wait_diagnostics(uri, 1);
    let (_, hwm_one) = s.rss_kb();

    // 500 edits: type into a finding's text, one character per change.
    let edit_line = lines
        .iter()
        .position(|l| l.contains("A generated finding used"))
        .unwrap();
    let col = lines[edit_line].len();
    let edits: usize = std::env::var("DOSSIER_BENCH_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(500);
    let mut diag = Vec::new();
    for k in 0..edits {
        let version = 2 + k as i64;
        let t = Instant::now();
        s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": edit_line, "character": col + k}, "end": {"line": edit_line, "character": col + k}}, "text": "x"}]
        }}));
        s.wait_diagnostics(uri, version);
        diag.push(t.elapsed());
    }
    let fact_line = lines
        .iter()
        .position(|l| l.trim_start().starts_with("trains_on_user_data"))
        .unwrap();
    let mut hover = Vec::new();
    let mut completion = Vec::new();
    for _ in 0..200 {
        let t = Instant::now();
        s.request(
            "textDocument/hover",
            json!({"textDocument": {"uri": uri}, "position": {"line": fact_line, "character": 6}}),
        );
        hover.push(t.elapsed());
        let t = Instant::now();
        s.request(
            "textDocument/completion",
            json!({"textDocument": {"uri": uri}, "position": {"line": fact_line, "character": 27}}),
        );
        completion.push(t.elapsed());
    }
    let _ = s.request("shutdown", Value::Null);
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = s.child.wait();

    // The same 500 edits with a client that pulls diagnostics, as VS Code
    // does: after each change it asks `textDocument/diagnostic` (with the
    // previous result id) and waits for the answer.
    let (mut s, _) = start_with(&bin, json!({"textDocument": {"diagnostic": {}}}));
    s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": text}}}));
    let first = s.request(
        "textDocument/diagnostic",
        json!({"textDocument": {"uri": uri}}),
    );
    let diagnostics_count = first["result"]["items"].as_array().map_or(0, Vec::len);
    let mut result_id = first["result"]["resultId"].clone();
    let (rss_one, _) = s.rss_kb();
    let mut pull = Vec::new();
    for k in 0..edits {
        let version = 2 + k as i64;
        let t = Instant::now();
        s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didChange", "params": {
            "textDocument": {"uri": uri, "version": version},
            "contentChanges": [{"range": {"start": {"line": edit_line, "character": col + k}, "end": {"line": edit_line, "character": col + k}}, "text": "x"}]
        }}));
        let r = s.request(
            "textDocument/diagnostic",
            json!({"textDocument": {"uri": uri}, "previousResultId": result_id}),
        );
        pull.push(t.elapsed());
        result_id = r["result"]["resultId"].clone();
    }
    let _ = s.request("shutdown", Value::Null);
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = s.child.wait();

    // 200 open dossiers (the example, each a little different).
    let (mut s, _) = start(&bin);
    for i in 0..200 {
        let u = format!("file:///bench/v{i}.dossier.yaml");
        let t = base.replace("name: Alibaba Cloud", &format!("name: Vendor {i}"));
        s.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": u, "languageId": "dossier", "version": 1, "text": t}}}));
    }
    let mut seen = std::collections::HashSet::new();
    while seen.len() < 200 {
        let m = s.read();
        if m["method"] == "textDocument/publishDiagnostics" {
            seen.insert(m["params"]["uri"].as_str().unwrap_or_default().to_string());
        } else if m.get("method").is_some() && m.get("id").is_some() {
            s.send(json!({"jsonrpc": "2.0", "id": m["id"], "result": null}));
        }
    }
    let (rss_200, hwm_200) = s.rss_kb();
    let _ = s.request("shutdown", Value::Null);
    s.send(json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = s.child.wait();

    println!(
        "start-up (spawn to initialize response): {:.1} ms",
        startup.as_secs_f64() * 1000.0
    );
    println!(
        "didChange -> publishDiagnostics over {edits} edits: p50 {:.2} ms, p99 {:.2} ms",
        pct(diag.clone(), 0.5),
        pct(diag, 0.99)
    );
    println!(
        "didChange -> textDocument/diagnostic answered (pull) over {edits} edits: p50 {:.2} ms, p99 {:.2} ms",
        pct(pull.clone(), 0.5),
        pct(pull, 0.99)
    );
    println!(
        "hover: p50 {:.2} ms, p99 {:.2} ms",
        pct(hover.clone(), 0.5),
        pct(hover, 0.99)
    );
    println!(
        "completion: p50 {:.2} ms, p99 {:.2} ms",
        pct(completion.clone(), 0.5),
        pct(completion, 0.99)
    );
    println!(
        "RSS, 1 document ({} lines, {diagnostics_count} diagnostics): {:.1} MB after opening, peak {:.1} MB",
        lines.len(),
        rss_one as f64 / 1024.0,
        hwm_one as f64 / 1024.0
    );
    println!(
        "RSS with 200 open dossiers: {:.1} MB (peak {:.1} MB)",
        rss_200 as f64 / 1024.0,
        hwm_200 as f64 / 1024.0
    );
}
