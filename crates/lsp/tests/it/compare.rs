//! "Compare with HEAD" over the protocol (`dossier/compareWithHead`): the
//! Markdown diff of the editor's text against the file at HEAD, in a git
//! repository built for the test; and each case with nothing to compare
//! with answered by a message.

use std::path::Path;
use std::process::Command;

use serde_json::{json, Value};

use crate::common::Client;

const HEAD: &str = "dossier: 1
vendor:
  name: Example AI
  kind: model_host
assessment:
  as_of: 2026-11-01
sources:
  trust-center:
    url: https://example.com/trust
    title: Example AI trust center
    kind: vendor_disclosure
    retrieved: 2026-10-15
facts:
  security_compliance:
    soc2_type2: {value: yes, cite: trust-center}
  data_handling:
    trains_on_user_data: {value: no, cite: trust-center}
";

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "test")
        .env("GIT_AUTHOR_EMAIL", "test@example.invalid")
        .env("GIT_COMMITTER_NAME", "test")
        .env("GIT_COMMITTER_EMAIL", "test@example.invalid")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .output()
        .expect("git runs");
    assert!(
        o.status.success(),
        "git {args:?}: {}",
        String::from_utf8_lossy(&o.stderr)
    );
}

fn uri(p: &Path) -> String {
    format!("file://{}", p.display())
}

/// A repository with `vendors/example.dossier.yaml` committed as `HEAD`.
fn repo() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    git(d, &["init", "-q", "-b", "main"]);
    std::fs::create_dir(d.join("vendors")).unwrap();
    std::fs::write(d.join("vendors/example.dossier.yaml"), HEAD).unwrap();
    git(d, &["add", "."]);
    git(d, &["commit", "-q", "-m", "first"]);
    dir
}

async fn compare(c: &mut Client, uri: &str, text: &str) -> Value {
    c.open(uri, text).await;
    let r = c
        .request(
            "dossier/compareWithHead",
            json!({"textDocument": {"uri": uri}}),
        )
        .await;
    r["result"].clone()
}

#[tokio::test]
async fn the_unsaved_buffer_against_head_in_markdown() {
    let dir = repo();
    let path = dir.path().join("vendors/example.dossier.yaml");
    let mut c = Client::default().await;
    // Unsaved: the file on disk is still HEAD's; the buffer lost a citation
    // and trains on user data now.
    let edited = HEAD.replace(
        "trains_on_user_data: {value: no, cite: trust-center}",
        "trains_on_user_data: yes",
    );
    let r = compare(&mut c, &uri(&path), &edited).await;
    assert_eq!(r.get("message"), None, "{r}");
    let md = r["markdown"].as_str().unwrap();
    assert!(
        md.starts_with(r"### vendors/example\.dossier\.yaml: "),
        "the path in the repository: {md}"
    );
    assert!(md.contains("HEAD → editor"), "{md}");
    assert!(md.contains("**Risk first**"), "{md}");
    insta::assert_snapshot!(md);

    // The same text as HEAD: nothing changed.
    let r = compare(&mut c, &uri(&path), HEAD).await;
    let md = r["markdown"].as_str().unwrap();
    assert!(md.contains("No change in substance."), "{md}");
}

#[tokio::test]
async fn a_file_head_does_not_have_is_added_and_a_broken_head_is_named() {
    let dir = repo();
    let d = dir.path();
    let mut c = Client::default().await;
    // Not committed (not even on disk): everything is added.
    let new = d.join("vendors/new.dossier.yaml");
    let r = compare(&mut c, &uri(&new), HEAD).await;
    let md = r["markdown"].as_str().expect("markdown");
    assert!(
        md.starts_with(r"### vendors/new\.dossier\.yaml: 47.1, elevated"),
        "{md}"
    );
    assert!(md.contains("added · \\(none\\) → editor"), "{md}");

    // HEAD's version does not parse: said so, and the editor's side is
    // still shown.
    std::fs::write(
        d.join("vendors/example.dossier.yaml"),
        HEAD.replace("  name: Example AI\n", "  name: [Example AI\n"),
    )
    .unwrap();
    git(d, &["commit", "-q", "-am", "broken"]);
    let path = d.join("vendors/example.dossier.yaml");
    let r = compare(&mut c, &uri(&path), HEAD).await;
    let md = r["markdown"].as_str().expect("markdown");
    assert!(md.contains(r"unparseable at HEAD\: line 3\:9\:"), "{md}");
}

#[tokio::test]
async fn nothing_to_compare_with_is_a_message() {
    let mut c = Client::default().await;
    // Not a git repository.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.dossier.yaml");
    let r = compare(&mut c, &uri(&path), HEAD).await;
    let m = r["message"].as_str().expect("message");
    assert!(m.contains("is not in a git repository"), "{m}");
    assert_eq!(r.get("markdown"), None);

    // A repository without a commit.
    git(dir.path(), &["init", "-q", "-b", "main"]);
    let r = compare(&mut c, &uri(&path), HEAD).await;
    let m = r["message"].as_str().expect("message");
    assert!(m.contains("no commit yet"), "{m}");

    // A buffer never saved, and a folder that does not exist.
    let r = compare(&mut c, "untitled:Untitled-1", HEAD).await;
    let m = r["message"].as_str().expect("message");
    assert!(m.contains("only a file saved"), "{m}");
    let gone = dir.path().join("gone/a.dossier.yaml");
    let r = compare(&mut c, &uri(&gone), HEAD).await;
    assert!(
        r["message"].as_str().unwrap().contains("does not exist"),
        "{r}"
    );

    // A document that is not open is an invalid-params error, not a crash;
    // the server still answers afterwards.
    let r = c
        .request(
            "dossier/compareWithHead",
            json!({"textDocument": {"uri": "file:///nowhere.dossier.yaml"}}),
        )
        .await;
    assert_eq!(r["error"]["code"], -32602, "{r}");
    let r = c
        .request("dossier/compareWithHead", json!({"nonsense": 1}))
        .await;
    assert!(r.get("error").is_some(), "{r}");
    let r = compare(&mut c, &uri(&path), HEAD).await;
    assert!(r["message"].is_string(), "{r}");
}
