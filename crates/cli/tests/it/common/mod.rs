#![allow(dead_code)]
//! Helpers for driving the real `dossier` binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// Run `dossier ARGS` in the repository root.
pub fn dossier(args: &[&str]) -> Output {
    dossier_in(&repo_root(), args)
}

pub fn dossier_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdin(Stdio::null())
        .output()
        .expect("run dossier")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `dossier check --format json` on one file, returning its diagnostics.
pub fn json_diagnostics(args: &[&str]) -> (i32, Vec<serde_json::Value>) {
    let mut all = vec!["check", "--format", "json"];
    all.extend_from_slice(args);
    let o = dossier(&all);
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}: {}", stdout(&o)));
    let diags = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|f| f["diagnostics"].as_array().unwrap().clone())
        .collect();
    (o.status.code().unwrap_or(-1), diags)
}

/// The source text a diagnostic's byte range covers.
pub fn covered(text: &str, d: &serde_json::Value) -> String {
    let b = d["bytes"].as_array().unwrap();
    let (s, e) = (
        b[0].as_u64().unwrap() as usize,
        b[1].as_u64().unwrap() as usize,
    );
    text[s..e].to_string()
}

/// One LSP message: a Content-Length header, then `body` as it is (the
/// malformed-message tests frame bytes that are not JSON).
pub fn frame(body: &[u8]) -> Vec<u8> {
    let mut out = format!("Content-Length: {}\r\n\r\n", body.len()).into_bytes();
    out.extend_from_slice(body);
    out
}

/// Split the server's stdout into framed messages, returning the
/// incomplete rest; panics on anything but Content-Length headers and JSON.
pub fn parse_frames(mut rest: &[u8]) -> (Vec<serde_json::Value>, &[u8]) {
    let mut messages = Vec::new();
    while let Some(header_end) = rest.windows(4).position(|w| w == b"\r\n\r\n") {
        let header = std::str::from_utf8(&rest[..header_end]).expect("an ASCII header");
        let len: usize = header
            .strip_prefix("Content-Length: ")
            .unwrap_or_else(|| panic!("only Content-Length headers, got {header:?}"))
            .trim()
            .parse()
            .unwrap();
        if rest.len() < header_end + 4 + len {
            break;
        }
        let body = &rest[header_end + 4..header_end + 4 + len];
        messages.push(serde_json::from_slice(body).expect("a JSON body"));
        rest = &rest[header_end + 4 + len..];
    }
    (messages, rest)
}
