//! Fixes travel as data, from one source: the fixes `dossier check
//! --format sarif` publishes are the quick fixes `dossier lsp` applies.
//! For each SARIF fix of a dossier with CJK and emoji on the fixed lines,
//! applying its replacements (UTF-16 columns) gives the same text as
//! applying the editor's action of the same title, got from the real
//! server over stdio. Guesses ("did you mean") stay out of SARIF.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::{json, Value};

use crate::common::{dossier_in, stdout};

const DOC: &str = "dossier: 1
vendor:
  name: Example AI
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
    dpa_available: {detail: \"例 😀 signed\", value: true, cite: trust-center}
    retention_period_days: {detail: \"😀\", value: 1e3, cite: trust-center}
";

/// The byte offset of a 1-based line and a 1-based UTF-16 column.
fn offset(text: &str, line: usize, column: usize) -> usize {
    let start: usize = text
        .split_inclusive('\n')
        .take(line - 1)
        .map(str::len)
        .sum();
    let mut units = 1;
    for (i, c) in text[start..].char_indices() {
        if units >= column {
            return start + i;
        }
        units += c.len_utf16();
    }
    text.len()
}

/// Apply edits given as (start, end, text) byte triples, back to front.
fn apply(text: &str, mut edits: Vec<(usize, usize, String)>) -> String {
    edits.reverse();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (s, e, t) in edits {
        out.replace_range(s..e, &t);
    }
    out
}

/// A SARIF fix applied to `text`.
fn apply_sarif(text: &str, fix: &Value) -> String {
    let changes = fix["artifactChanges"].as_array().unwrap();
    assert_eq!(changes.len(), 1, "{fix}");
    assert_eq!(changes[0]["artifactLocation"]["uri"], "v.dossier.yaml");
    let edits = changes[0]["replacements"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let region = &r["deletedRegion"];
            let at = |l: &str, c: &str| {
                offset(
                    text,
                    region[l].as_u64().unwrap() as usize,
                    region[c].as_u64().unwrap() as usize,
                )
            };
            (
                at("startLine", "startColumn"),
                at("endLine", "endColumn"),
                r["insertedContent"]["text"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    apply(text, edits)
}

/// A code action's edit applied to `text` (0-based lines, UTF-16 columns).
fn apply_lsp(text: &str, uri: &str, action: &Value) -> String {
    let edits = action["edit"]["changes"][uri]
        .as_array()
        .unwrap_or_else(|| panic!("an edit in {action}"))
        .iter()
        .map(|e| {
            let at = |p: &Value| {
                offset(
                    text,
                    p["line"].as_u64().unwrap() as usize + 1,
                    p["character"].as_u64().unwrap() as usize + 1,
                )
            };
            (
                at(&e["range"]["start"]),
                at(&e["range"]["end"]),
                e["newText"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    apply(text, edits)
}

/// `dossier lsp` on stdio, answering one request at a time.
struct Lsp {
    child: std::process::Child,
    stdin: std::process::ChildStdin,
    messages: mpsc::Receiver<Value>,
    next_id: i64,
}

impl Lsp {
    fn start() -> Lsp {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dossier"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut out = child.stdout.take().unwrap();
        let (tx, messages) = mpsc::channel();
        std::thread::spawn(move || {
            let mut buf = Vec::new();
            let mut chunk = [0u8; 8192];
            while let Ok(n) = out.read(&mut chunk) {
                if n == 0 {
                    break;
                }
                buf.extend_from_slice(&chunk[..n]);
                let (messages, rest) = crate::common::parse_frames(&buf);
                let consumed = buf.len() - rest.len();
                buf.drain(..consumed);
                for body in messages {
                    if tx.send(body).is_err() {
                        return;
                    }
                }
            }
        });
        let stdin = child.stdin.take().unwrap();
        Lsp {
            child,
            stdin,
            messages,
            next_id: 1,
        }
    }

    fn send(&mut self, v: Value) {
        self.stdin
            .write_all(&crate::common::frame(&serde_json::to_vec(&v).unwrap()))
            .unwrap();
        self.stdin.flush().unwrap();
    }

    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let m = self
                .messages
                .recv_timeout(Duration::from_secs(120))
                .expect("an answer");
            if m["id"] == id && m.get("method").is_none() {
                return m;
            }
        }
    }
}

impl Drop for Lsp {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[test]
fn sarif_fixes_are_the_editors_quick_fixes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("dossier.toml"), "today = \"2026-11-24\"\n").unwrap();
    std::fs::write(dir.path().join("v.dossier.yaml"), DOC).unwrap();
    let o = dossier_in(
        dir.path(),
        &["check", "--format", "sarif", "v.dossier.yaml"],
    );
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    insta::assert_snapshot!("sarif", out.replace(env!("CARGO_PKG_VERSION"), "[version]"));
    let sarif: Value = serde_json::from_str(&out).unwrap();
    let results = sarif["runs"][0]["results"].as_array().unwrap();

    let mut lsp = Lsp::start();
    let uri = "file:///tmp/v.dossier.yaml";
    lsp.request(
        "initialize",
        json!({"capabilities": {}, "initializationOptions": {"today": "2026-11-24"}}),
    );
    lsp.send(json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}));
    lsp.send(json!({"jsonrpc": "2.0", "method": "textDocument/didOpen", "params": {"textDocument": {"uri": uri, "languageId": "dossier", "version": 1, "text": DOC}}}));

    let mut compared = Vec::new();
    for r in results {
        let Some(fixes) = r["fixes"].as_array() else {
            continue;
        };
        let region = &r["locations"][0]["physicalLocation"]["region"];
        let p = |l: &str, c: &str| json!({"line": region[l].as_u64().unwrap() - 1, "character": region[c].as_u64().unwrap() - 1});
        let range =
            json!({"start": p("startLine", "startColumn"), "end": p("startLine", "startColumn")});
        let actions = lsp.request(
            "textDocument/codeAction",
            json!({"textDocument": {"uri": uri}, "range": range, "context": {"diagnostics": []}}),
        )["result"]
            .as_array()
            .cloned()
            .unwrap();
        for fix in fixes {
            let title = fix["description"]["text"].as_str().unwrap();
            let action = actions
                .iter()
                .find(|a| a["title"] == title)
                .unwrap_or_else(|| panic!("no action `{title}` in {actions:?}"));
            let by_sarif = apply_sarif(DOC, fix);
            assert_eq!(by_sarif, apply_lsp(DOC, uri, action), "{title}");
            assert_ne!(by_sarif, DOC, "{title}");
            compared.push((r["ruleId"].as_str().unwrap().to_string(), title.to_string()));
        }
    }
    compared.sort();
    insta::assert_debug_snapshot!(compared);
    // The fixed text is what each rule asks for.
    let all: Vec<&Value> = results
        .iter()
        .filter_map(|r| r["fixes"].as_array())
        .flatten()
        .collect();
    let texts: Vec<String> = all.iter().map(|f| apply_sarif(DOC, f)).collect();
    assert!(
        texts
            .iter()
            .any(|t| t.contains("{detail: \"例 😀 signed\", value: yes, cite: trust-center}")),
        "{texts:?}"
    );
    assert!(
        texts
            .iter()
            .any(|t| t.contains("{detail: \"😀\", value: 1000, cite: trust-center}")),
        "{texts:?}"
    );
    // The guess `yse` → `yes` is offered in the editor, not in SARIF.
    assert!(
        !texts.iter().any(|t| t.contains("iso_27001: {value: yes")),
        "{texts:?}"
    );
}
