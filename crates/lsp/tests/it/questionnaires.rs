//! Questionnaires over the protocol: hover on an answer's question id shows
//! the facts it feeds (from the mapping table), completion offers the
//! mapped ids, and `questionnaire-conflict` points at both places.

use serde_json::{json, Value};

use crate::common::{Client, URI};

/// The conflicting answer sits on a line after non-ASCII text (CJK, an
/// emoji), so the positions are checked in UTF-16.
const DOC: &str = "dossier: 1
vendor:
  name: Example AI 例子 🚀
  kind: model_host
assessment:
  as_of: 2026-11-01
sources:
  trust-center:
    url: https://example.com/trust
    kind: vendor_disclosure
    retrieved: 2026-10-15
  caiq:
    url: https://example.com/caiq
    kind: vendor_response
    retrieved: 2026-10-15
facts:
  data_handling:
    encryption_at_rest: {value: no, cite: trust-center}   # 暗号化 🔒
    encryption_in_transit: {value: yes, cite: trust-center}
questionnaires:
  - id: caiq-v4-0
    kind: caiq
    version: 4.0.x
    source: caiq
    answers:
      A&A-01.1: {answer: yes, note: 監査 🔍 made-up text}
      CEK-03.1: {answer: yes, ownership: CSP-owned}
      
";

fn position(text: &str, needle: &str, offset_in_needle: usize) -> Value {
    let line = text.lines().position(|l| l.contains(needle)).unwrap();
    let l = text.lines().nth(line).unwrap();
    let byte = l.find(needle).unwrap() + offset_in_needle;
    let character: usize = l[..byte].encode_utf16().count();
    json!({"line": line, "character": character})
}

async fn hover(c: &mut Client, needle: &str, at: usize) -> String {
    let h = c
        .request(
            "textDocument/hover",
            json!({"textDocument": {"uri": URI}, "position": position(DOC, needle, at)}),
        )
        .await;
    h["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default()
        .to_string()
}

#[tokio::test]
async fn hover_on_a_question_id_shows_the_facts_it_feeds() {
    let mut c = Client::default().await;
    c.open(URI, DOC).await;
    let md = hover(&mut c, "CEK-03.1:", 2).await;
    insta::assert_snapshot!("hover_caiq_question", md);
    assert!(md.contains("`data_handling.encryption_at_rest`"), "{md}");
    assert!(md.contains("`data_handling.encryption_in_transit`"), "{md}");
    // An id the mapping does not link says so.
    let md = hover(&mut c, "A&A-01.1:", 1).await;
    assert!(md.contains("Feeds no catalogue fact"), "{md}");
    // The questionnaire's source is a source id like a `cite`.
    let md = hover(&mut c, "source: caiq", 9).await;
    assert!(md.starts_with("**Source `caiq`**"), "{md}");
}

#[tokio::test]
async fn a_conflicting_answer_is_a_warning_with_the_answer_as_related_information() {
    let mut c = Client::default().await;
    let diags = c.open(URI, DOC).await;
    let d = diags
        .iter()
        .find(|d| d["code"] == "questionnaire-conflict")
        .unwrap_or_else(|| panic!("no questionnaire-conflict: {diags:#?}"));
    assert_eq!(d["severity"], 2);
    let fact = position(DOC, "value: no", 7);
    assert_eq!(d["range"]["start"], fact);
    let related = &d["relatedInformation"][0];
    assert_eq!(related["location"]["uri"], URI);
    assert_eq!(
        related["location"]["range"]["start"],
        position(DOC, "CEK-03.1:", 0)
    );
    assert_eq!(
        related["location"]["range"]["end"],
        position(DOC, "CEK-03.1:", 8)
    );
    assert!(
        related["message"].as_str().unwrap().contains("CEK-03.1"),
        "{related}"
    );
}

#[tokio::test]
async fn completion_offers_the_mapped_question_ids() {
    let mut c = Client::default().await;
    c.open(URI, DOC).await;
    let line = DOC.lines().count() - 1;
    let r = c
        .request(
            "textDocument/completion",
            json!({"textDocument": {"uri": URI}, "position": {"line": line, "character": 6}}),
        )
        .await;
    let items = r["result"]
        .as_array()
        .or_else(|| r["result"]["items"].as_array())
        .cloned()
        .unwrap_or_default();
    let labels: Vec<&str> = items.iter().filter_map(|i| i["label"].as_str()).collect();
    assert!(labels.contains(&"DSP-14.1"), "{labels:?}");
    assert!(
        !labels.contains(&"CEK-03.1"),
        "an id already answered is offered again: {labels:?}"
    );
}
