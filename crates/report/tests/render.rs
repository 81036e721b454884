//! The pack and the summary, from the example and from a hostile dossier.

use std::path::Path;

use dossier_analysis::{analyze, Config};

fn root() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/../.."))
}

fn analyze_today(text: &str) -> dossier_analysis::Analysis {
    let config = config();
    let today = config.today.unwrap();
    analyze(text, &config, today)
}

/// The engine's due events, which the pack reads its expiry dates from.
fn due(a: &dossier_analysis::Analysis) -> Vec<dossier_analysis::due::DueEvent> {
    dossier_analysis::due::events(a, &config())
}

fn config() -> Config {
    Config {
        today: dossier_schema::dates::Day::parse("2026-11-24"),
        ..Config::default()
    }
}

fn read(rel: &str) -> String {
    std::fs::read_to_string(root().join(rel)).unwrap()
}

#[test]
fn the_example_summary_is_pinned() {
    let path = "examples/alibaba-cloud.dossier.yaml";
    let text = read(path);
    let a = analyze_today(&text);
    insta::assert_snapshot!(dossier_report::render_markdown(
        path,
        &text,
        &a,
        &due(&a),
        None
    ));
}

#[test]
fn the_summary_shows_the_change_against_a_baseline() {
    let path = "examples/alibaba-cloud.dossier.yaml";
    let text = read(path);
    // The baseline still thought government data access risk was only high.
    let before = text.replace(
        "government_data_access_risk: critical",
        "government_data_access_risk: high",
    );
    assert_ne!(
        before, text,
        "the example states government_data_access_risk"
    );
    let base = dossier_review::Snapshot::read(
        "baseline",
        before.as_bytes(),
        &config(),
        config().today.unwrap(),
    );
    let now = analyze_today(&text);
    let md = dossier_report::render_markdown(path, &text, &now, &due(&now), Some(&base));
    let composite = now.score.as_ref().unwrap().composite;
    let delta = dossier_score::round1(composite)
        - dossier_score::round1(base.score.as_ref().unwrap().composite);
    assert!(delta > 0.0);
    assert!(
        md.contains(&format!("{delta:+.1} since the baseline")),
        "{md}"
    );
    assert!(md.contains("| Dimension | Score | Weight | Points | Change |"));
    // Only jurisdiction moved.
    let jurisdiction = md
        .lines()
        .find(|l| l.starts_with("| Jurisdiction |"))
        .unwrap();
    assert!(
        jurisdiction.ends_with(" |") && jurisdiction.contains(" | +"),
        "{jurisdiction}"
    );
    let unchanged = md.lines().filter(|l| l.ends_with("| ±0.0 |")).count();
    assert_eq!(unchanged, 7, "{md}");
    // The review engine explains it: the fact is listed first as a risk,
    // and the explanation names it with its points.
    assert!(
        md.contains("- ⚠️ **higher risk**: jurisdiction\\.government\\_data\\_access\\_risk: high → critical"),
        "{md}"
    );
    assert!(
        md.contains("| jurisdiction\\.government\\_data\\_access\\_risk | high ("),
        "{md}"
    );
    insta::assert_snapshot!(md);
}

#[test]
fn every_number_in_the_pack_links_to_what_it_is_made_of() {
    let path = "examples/alibaba-cloud.dossier.yaml";
    let text = read(path);
    let a = analyze_today(&text);
    let html = dossier_report::render_html(path, &text, &a, &due(&a));
    // Internal links all land on an element of the page.
    let ids: std::collections::BTreeSet<&str> = html
        .split(" id=\"")
        .skip(1)
        .filter_map(|s| s.split('"').next())
        .collect();
    let mut internal = 0;
    for href in html.split("href=\"#").skip(1) {
        let target = href.split('"').next().unwrap();
        assert!(ids.contains(target), "dangling link #{target}");
        internal += 1;
    }
    assert!(internal > 200, "{internal} internal links");
    // The composite links to the explanation, each bar to its dimension.
    assert!(html.contains("href=\"#explain\""));
    assert_eq!(html.matches("<g class=\"bar ").count(), 8);
    assert!(html.contains("<span id=\"composite\">52.1</span>"));
    assert!(html.contains("<span id=\"band\" class=\"band\">elevated</span>"));
    // Self-contained: nothing is fetched, nothing runs.
    assert!(!html.contains("<script"));
    assert!(!html.contains("src=\""));
    assert!(!html.contains("@import"));
    assert!(!html.contains("url("));
}

#[test]
fn a_hostile_dossier_renders_inert() {
    let path = "crates/report/tests/fixtures/hostile.dossier.yaml";
    let text = read(path);
    let a = analyze_today(&text);
    let html = dossier_report::render_html(path, &text, &a, &due(&a));
    assert!(!html.contains("<script"), "a script tag got through");
    assert!(!html.contains("<img"), "an img tag got through");
    assert!(!html.contains("<iframe"));
    assert!(!html.contains("<svg onload"));
    assert!(!html.to_ascii_lowercase().contains("href=\"javascript:"));
    assert!(!html.contains("href=\"data:"));
    // No tag of the page carries an event handler or a style from the dossier.
    for tag in html
        .split('<')
        .skip(1)
        .map(|t| t.split('>').next().unwrap())
    {
        // Attribute names only: drop the quoted values (escaped, so no
        // quote from the dossier can end one early).
        let names: String = tag
            .split('"')
            .step_by(2)
            .collect::<Vec<_>>()
            .join(" ")
            .to_ascii_lowercase();
        assert!(
            !names.split_whitespace().any(|w| w.starts_with("on")),
            "<{tag}>"
        );
    }
    assert_eq!(
        html.matches("<style>").count(),
        1,
        "only the pack's own style"
    );
    // ... and the text is there to read, escaped.
    assert!(html.contains("&lt;script&gt;alert(&#39;vendor&#39;)&lt;/script&gt;"));
    assert!(html.contains("javascript:alert(document.cookie)"));
    // The one safe URL is linked, with its quotes escaped.
    assert!(html.contains("href=\"https://example.com/terms?a=1&amp;b=&quot;2&quot;\""));

    let md = dossier_report::render_markdown(path, &text, &a, &due(&a), None);
    for bad in [
        "<script",
        "<details open",
        "](javascript",
        "](https://",
        "![",
        "@everyone",
        "@team",
        "\n# Heading",
        "<img",
    ] {
        assert!(!md.contains(bad), "{bad:?} got through:\n{md}");
    }
    // Every table row still has its own cells: no `|` from the dossier splits one.
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.replace("\\|", "").matches('|').count();
        assert!(cells == 3 || cells == 5 || cells == 6, "{line}");
    }
}

#[test]
fn files_that_are_not_dossiers_still_render() {
    for text in [
        "",
        "- a list\n",
        "key: [unclosed\n",
        "\u{feff}dossier: 1\r\nvendor: {name: 東京🚀}\r\n",
    ] {
        let a = analyze_today(text);
        let html = dossier_report::render_html("x.dossier.yaml", text, &a, &due(&a));
        assert!(html.ends_with("</html>\n"));
        let md = dossier_report::render_markdown("x.dossier.yaml", text, &a, &due(&a), None);
        assert!(md.starts_with("### "));
    }
}

/// The pack's expiry dates are the engine's due events: an ISO/IEC
/// 27001:2013 certificate valid "until 2027" has lapsed with the
/// transition, as `expired-attestation` and `dossier due` say, and the
/// card says so too (it used to read `valid_until` on its own and call it
/// valid).
#[test]
fn attestation_expiry_is_the_engines() {
    let text = r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
attestations:
  - id: iso-old
    scheme: iso_27001
    standard_version: "2013"
    issued: 2024-05-02
    valid_until: 2027-05
    cite: s
  - id: c5
    scheme: c5
    valid_until: 2026-12-31
    cite: s
"#;
    let a = analyze_today(text);
    assert!(a
        .diagnostics
        .iter()
        .any(|d| d.rule == dossier_analysis::Rule::ExpiredAttestation));
    let html = dossier_report::render_html("x.dossier.yaml", text, &a, &due(&a));
    assert!(
        html.contains("<span class=\"expired\">expired 2025-10-31</span>"),
        "{html}"
    );
    assert!(
        html.contains("<span class=\"valid\">valid until 2026-12-31 (37 days left)</span>"),
        "{html}"
    );
}
