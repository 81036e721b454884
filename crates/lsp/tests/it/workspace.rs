//! What the server reads from the workspace: each dossier's nearest
//! dossier.toml (two folders, two configurations), read off the protocol's
//! path with bounded reads, its problems published as diagnostics on it.

use std::path::Path;

use serde_json::json;

use crate::common::Client;

const GOOD: &str = "dossier: 1\nvendor:\n  name: Example AI\nassessment:\n  as_of: 2026-11-01\n  profile: default-balanced\nsources:\n  trust-center:\n    url: https://example.com/trust\n    title: Example AI trust center\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    iso_27001: {value: yes, cite: trust-center}\n    soc2_type2: yes\n";

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// The server, initialized with `root` as its one workspace folder.
async fn start(root: &Path) -> Client {
    Client::start(json!({"processId": null, "capabilities": {},
                         "workspaceFolders": [{"uri": uri(root), "name": "ws"}],
                         "initializationOptions": {"today": "2026-11-24"}}))
    .await
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
        let mut c = start(&root).await;
        let diags = c.diagnostics_any(&uri(&root.join("dossier.toml"))).await;
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
        let d = c.open(&uri(&root.join("x.dossier.yaml")), GOOD).await;
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
    let mut c = start(&root).await;
    let strict = c
        .open(&uri(&root.join("strict/x.dossier.yaml")), GOOD)
        .await;
    let uncited: Vec<_> = strict
        .iter()
        .filter(|d| d["code"] == "uncited-fact")
        .collect();
    assert_eq!(uncited.len(), 1, "{strict:#?}");
    assert_eq!(uncited[0]["severity"], 1, "error in strict/");
    let lax = c.open(&uri(&root.join("lax/x.dossier.yaml")), GOOD).await;
    assert!(!lax.iter().any(|d| d["code"] == "uncited-fact"), "{lax:#?}");
}
