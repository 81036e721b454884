//! What falls due, in the editor (code lenses counted from the `today`
//! setting), and `workspace/symbol` over a workspace folder whose
//! dossiers are not open: through the real protocol.

use serde_json::{json, Value};

use crate::common::Client;

/// Dates around today (2026-11-24, set by the test client): one of each
/// kind of lens, past and future. An attestation id has a character of
/// three UTF-8 bytes and one UTF-16 unit, so a lens range counted in
/// bytes shows.
const DATED: &str = "dossier: 1
vendor:
  name: 示例 AI
  kind: other
assessment:
  as_of: 2026-11-01
  profile: default-balanced
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
facts:
  security_compliance:
    csa_star: {value: yes, cite: s, as_of: 2025-06}
    eu_cloud_coc: {value: yes, cite: s, as_of: 2026-01-15}
attestations:
  - id: iso
    scheme: iso_27001
    standard_version: \"2022\"
    issued: 2024-02-01
    valid_until: 2027-01-06
    cite: s
  - id: 旧-soc
    scheme: soc2_type2
    period_end: 2025-06-30
    valid_until: 2026-11-12
    cite: s
";

fn lens_lines(text: &str, lenses: &Value) -> String {
    let lines: Vec<&str> = text.lines().collect();
    lenses
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            let r = &l["range"];
            let line = r["start"]["line"].as_u64().unwrap() as usize;
            format!(
                "{}:{}-{}:{} {:?} above `{}`",
                line,
                r["start"]["character"],
                r["end"]["line"],
                r["end"]["character"],
                l["command"]["title"].as_str().unwrap(),
                lines[line].trim()
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[tokio::test]
async fn lenses_say_what_falls_due_counted_from_today() {
    let mut c = Client::default().await;
    let uri = "file:///work/dated.dossier.yaml";
    c.open(uri, DATED).await;
    let r = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    insta::assert_snapshot!(lens_lines(DATED, &r["result"]));
}

#[tokio::test]
async fn another_today_moves_the_lenses() {
    let mut c = Client::start(
        json!({"processId": null, "rootUri": null, "capabilities": {},
        "initializationOptions": {"today": "2027-01-10"}}),
    )
    .await;
    let uri = "file:///work/dated.dossier.yaml";
    c.open(uri, DATED).await;
    let r = c
        .request(
            "textDocument/codeLens",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    let titles: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["command"]["title"].as_str().unwrap())
        .collect();
    assert!(titles.contains(&"expired since 2027-01-07"), "{titles:?}");
}

fn file_uri(p: &std::path::Path) -> String {
    format!("file://{}", p.display())
}

fn names(r: &Value) -> Vec<String> {
    let mut v: Vec<String> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|s| {
            let uri = s["location"]["uri"].as_str().unwrap();
            format!(
                "{} {} in {} ({}) at {}:{}",
                s["kind"],
                s["name"].as_str().unwrap(),
                uri.rsplit('/').next().unwrap(),
                s["containerName"].as_str().unwrap_or("-"),
                s["location"]["range"]["start"]["line"],
                s["location"]["range"]["start"]["character"],
            )
        })
        .collect();
    v.sort();
    v
}

const ON_DISK: &str = "dossier: 1
vendor:
  name: Disk Vendor
sources:
  disk-trust:
    url: https://example.com
attestations:
  - id: disk-soc2
    scheme: soc2_type2
";

#[tokio::test]
async fn workspace_symbols_find_unopened_dossiers_and_prefer_live_text() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::create_dir_all(root.join("vendors/more")).unwrap();
    std::fs::create_dir_all(root.join("archive")).unwrap();
    std::fs::create_dir_all(root.join(".hidden")).unwrap();
    std::fs::write(root.join("dossier.toml"), "exclude = [\"archive\"]\n").unwrap();
    std::fs::write(root.join("vendors/disk.dossier.yaml"), ON_DISK).unwrap();
    std::fs::write(
        root.join("vendors/more/other.dossier.yaml"),
        ON_DISK
            .replace("Disk Vendor", "Other Vendor")
            .replace("disk-", "other-"),
    )
    .unwrap();
    // Excluded and hidden dossiers are not part of the workspace.
    std::fs::write(
        root.join("archive/old.dossier.yaml"),
        ON_DISK.replace("Disk Vendor", "Archived Vendor"),
    )
    .unwrap();
    std::fs::write(
        root.join(".hidden/h.dossier.yaml"),
        ON_DISK.replace("Disk Vendor", "Hidden Vendor"),
    )
    .unwrap();
    // A FIFO named like a dossier is refused without waiting for a writer.
    #[cfg(unix)]
    assert!(std::process::Command::new("mkfifo")
        .arg(root.join("vendors/pipe.dossier.yaml"))
        .status()
        .unwrap()
        .success());
    // Open, with an unsaved edit: the live text wins over the file.
    let open_path = root.join("vendors/open.dossier.yaml");
    std::fs::write(&open_path, ON_DISK.replace("Disk Vendor", "Saved Vendor")).unwrap();

    let mut c = Client::start(json!({"processId": null, "capabilities": {},
        "workspaceFolders": [{"uri": file_uri(&root), "name": "ws"}],
        "initializationOptions": {"today": "2026-11-24"}}))
    .await;
    let caps = c
        .request("workspace/symbol", json!({"query": "zzz-nothing"}))
        .await;
    assert_eq!(caps["result"], json!([]), "{caps}");
    c.open(
        &file_uri(&open_path),
        &ON_DISK
            .replace("Disk Vendor", "Live Vendor")
            .replace("disk-", "live-"),
    )
    .await;

    let all = c.request("workspace/symbol", json!({"query": ""})).await;
    insta::assert_snapshot!(names(&all).join("\n"));

    // Substring and in-order characters, any case.
    let r = c
        .request("workspace/symbol", json!({"query": "SOC2"}))
        .await;
    assert_eq!(names(&r).len(), 3, "{r}");
    let r = c.request("workspace/symbol", json!({"query": "lvv"})).await;
    assert_eq!(
        names(&r),
        ["5 Live Vendor in open.dossier.yaml (-) at 2:8"],
        "{r}"
    );

    // A file changed on disk is read again.
    std::fs::write(
        root.join("vendors/disk.dossier.yaml"),
        ON_DISK.replace("Disk Vendor", "Renamed Vendor"),
    )
    .unwrap();
    let r = c
        .request("workspace/symbol", json!({"query": "vendor"}))
        .await;
    let got = names(&r);
    assert!(got.iter().any(|n| n.contains("Renamed Vendor")), "{got:?}");
    assert!(!got.iter().any(|n| n.contains("Disk Vendor")), "{got:?}");
}

/// With a client that watches files for us, `workspace/symbol` keeps its
/// walk of the folders between queries; a watched-file notification makes
/// the next query walk again, so a dossier created since appears.
#[tokio::test]
async fn a_new_dossier_appears_after_the_watched_file_notification() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().canonicalize().unwrap();
    std::fs::write(root.join("first.dossier.yaml"), ON_DISK).unwrap();
    let mut c = Client::start(json!({"processId": null,
        "capabilities": {"workspace": {"didChangeWatchedFiles": {"dynamicRegistration": true}}},
        "workspaceFolders": [{"uri": file_uri(&root), "name": "ws"}],
        "initializationOptions": {"today": "2026-11-24"}}))
    .await;
    // The server asks to watch dossier files (and dossier.toml).
    let registration = loop {
        let m = tokio::time::timeout(std::time::Duration::from_secs(20), c.read())
            .await
            .expect("a registration in time");
        if m["method"] == "client/registerCapability" {
            break m;
        }
        c.pending.push(m);
    };
    let globs: Vec<&str> = registration["params"]["registrations"][0]["registerOptions"]
        ["watchers"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w["globPattern"].as_str())
        .collect();
    assert!(globs.contains(&"**/*.dossier.yaml"), "{globs:?}");
    assert!(globs.contains(&"**/dossier.toml"), "{globs:?}");
    c.send(json!({"jsonrpc": "2.0", "id": registration["id"], "result": null}))
        .await;

    let vendors = |r: &Value| -> Vec<String> {
        names(r)
            .into_iter()
            .filter(|n| n.contains("Vendor in"))
            .collect()
    };
    let r = c
        .request("workspace/symbol", json!({"query": "vendor"}))
        .await;
    assert_eq!(vendors(&r).len(), 1, "{r}");

    let second = root.join("second.dossier.yaml");
    std::fs::write(&second, ON_DISK.replace("Disk Vendor", "New Vendor")).unwrap();
    // Not told yet: the walk is kept (no re-walk per query).
    let r = c
        .request("workspace/symbol", json!({"query": "vendor"}))
        .await;
    assert_eq!(vendors(&r).len(), 1, "{r}");

    c.notify(
        "workspace/didChangeWatchedFiles",
        json!({"changes": [{"uri": file_uri(&second), "type": 1}]}),
    )
    .await;
    let r = c
        .request("workspace/symbol", json!({"query": "vendor"}))
        .await;
    let got = vendors(&r);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().any(|n| n.contains("New Vendor")), "{got:?}");
}
