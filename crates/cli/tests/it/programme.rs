//! The programme fields through the real binary (issue 28): the
//! `relationship` section, risk acceptances, tier cadence and contract
//! dates in `dossier due`, `x_` fields everywhere, the portfolio's CSV and
//! JSON, `dossier new --kind --hq -o`, and `render --history`.

use std::path::Path;
use std::process::Command;

use crate::common::{dossier, dossier_in, json_diagnostics, stderr, stdout};

const DIR: &str = "crates/cli/tests/fixtures/programme";
const VOLGA: &str = "crates/cli/tests/fixtures/programme/volga.dossier.yaml";
const TODAY: &str = "2026-11-24";

fn diag<'a>(diags: &'a [serde_json::Value], rule: &str) -> Vec<&'a serde_json::Value> {
    diags.iter().filter(|d| d["rule"] == rule).collect()
}

#[test]
fn the_relationship_and_x_fields_everywhere_are_valid() {
    let (code, diags) = json_diagnostics(&["--today", TODAY, VOLGA]);
    assert!(
        diag(&diags, "schema").is_empty(),
        "{:#?}",
        diag(&diags, "schema")
    );
    assert!(diag(&diags, "missing-tier").is_empty());
    // Only warnings and infos: the expired acceptance, the uncited fact no
    // acceptance covers, the certificate expiring soon.
    assert_eq!(code, 0, "{diags:#?}");
}

#[test]
fn relationship_values_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::common::repo_root().join(VOLGA))
        .unwrap()
        .replace("tier: 1", "tier: 5")
        .replace("dana@example.org", "dana at example")
        .replace("status: active", "status: live")
        .replace("[personal, confidential]", "[personal, secret]");
    std::fs::write(dir.path().join("v.dossier.yaml"), text).unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "v.dossier.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let messages: Vec<String> = v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == "schema")
        .map(|d| d["message"].as_str().unwrap().to_string())
        .collect();
    let all = messages.join("\n");
    assert_eq!(messages.len(), 4, "{all}");
    assert!(all.contains("e-mail address"), "{all}");
    assert!(all.contains("`live`"), "{all}");
    assert!(all.contains("`secret`"), "{all}");
}

#[test]
fn missing_tier_is_suggested_with_a_fix() {
    let (_, diags) = json_diagnostics(&[
        "--config",
        "examples/broken/dossier.toml",
        "examples/broken/missing-tier.dossier.yaml",
    ]);
    let d = diag(&diags, "missing-tier");
    assert_eq!(d.len(), 1, "{diags:#?}");
    assert_eq!(d[0]["severity"], "info");
    assert!(d[0]["message"]
        .as_str()
        .unwrap()
        .contains("tier 1 is suggested"));
    assert_eq!(d[0]["fixes"][0]["edits"][0]["text"], "tier: 1\n  ");
}

#[test]
fn an_acceptance_downgrades_until_it_expires() {
    let (_, diags) = json_diagnostics(&["--today", TODAY, VOLGA]);
    let uncited = diag(&diags, "uncited-fact");
    let dpa = uncited
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("dpa_available"))
        .unwrap();
    assert_eq!(dpa["severity"], "info");
    assert!(dpa["message"]
        .as_str()
        .unwrap()
        .ends_with("(accepted by risk acceptance `EX-1` until 2027-01-31)"));
    let enc = uncited
        .iter()
        .find(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("encryption_at_rest")
        })
        .unwrap();
    assert_eq!(enc["severity"], "warning");
    let expired = diag(&diags, "expired-exception");
    assert_eq!(expired.len(), 1, "{expired:#?}");
    assert!(expired[0]["message"]
        .as_str()
        .unwrap()
        .contains("`EX-2` of `findings.F-1` expired on 2026-06-30"));
    // After EX-1 expires, the fact's warning is back, and EX-1 is expired.
    let (_, later) = json_diagnostics(&["--today", "2027-02-01", VOLGA]);
    let dpa = diag(&later, "uncited-fact")
        .into_iter()
        .find(|d| d["message"].as_str().unwrap().contains("dpa_available"))
        .unwrap();
    assert_eq!(dpa["severity"], "warning");
    assert_eq!(diag(&later, "expired-exception").len(), 2);
}

#[test]
fn exception_rules_have_their_broken_examples() {
    for (file, rule) in [
        ("expired-exception", "expired-exception"),
        ("exception-target", "exception-target"),
    ] {
        let (_, diags) = json_diagnostics(&[
            "--config",
            "examples/broken/dossier.toml",
            &format!("examples/broken/{file}.dossier.yaml"),
        ]);
        assert_eq!(diag(&diags, rule).len(), 1, "{file}: {diags:#?}");
    }
}

fn due_json(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["due", "--today", TODAY, "--format", "json"];
    all.extend_from_slice(args);
    let o = dossier(&all);
    assert!(o.status.code().unwrap() <= 1, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    v["events"].as_array().unwrap().clone()
}

#[test]
fn contract_dates_exceptions_and_tier_cadence_fall_due() {
    let events = due_json(&["--within", "all", VOLGA]);
    let find = |kind: &str| -> Vec<(String, String)> {
        events
            .iter()
            .filter(|e| e["kind"] == kind)
            .map(|e| {
                (
                    e["subject"].as_str().unwrap().to_string(),
                    e["date"].as_str().unwrap().to_string(),
                )
            })
            .collect()
    };
    assert_eq!(
        find("contract-renewal"),
        [(
            "relationship.contract".to_string(),
            "2027-02-28".to_string()
        )]
    );
    // 90 days before the renewal.
    assert_eq!(
        find("contract-notice"),
        [(
            "relationship.contract".to_string(),
            "2026-11-30".to_string()
        )]
    );
    assert_eq!(
        find("exception-expires"),
        [
            ("exceptions.EX-2".to_string(), "2026-06-30".to_string()),
            ("exceptions.EX-1".to_string(), "2027-01-31".to_string()),
        ]
    );
    // Tier 1: every 6 months at most, whatever the band.
    assert_eq!(
        find("reassessment"),
        [("assessment".to_string(), "2026-12-01".to_string())]
    );
    // `--within all` reaches the ISO certificate's staleness in 2028.
    assert!(events
        .iter()
        .any(|e| e["date"].as_str().unwrap().starts_with("2028")));
    let windowed = due_json(&["--within", "90d", VOLGA]);
    assert!(windowed.len() < events.len());
}

#[test]
fn the_tier_cadence_comes_from_dossier_toml() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        crate::common::repo_root().join(VOLGA),
        dir.path().join("v.dossier.yaml"),
    )
    .unwrap();
    std::fs::write(dir.path().join("dossier.toml"), "[cadence]\ntier_1 = 2\n").unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "due", "--today", TODAY, "--within", "all", "--format", "json", ".",
        ],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let r = v["events"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["kind"] == "reassessment")
        .unwrap()
        .clone();
    assert_eq!(r["date"], "2026-08-01", "{r}");
}

#[test]
fn portfolio_json_carries_the_programme_fields() {
    let o = dossier(&["render", DIR, "--today", TODAY, "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let volga = v["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["vendor"] == "Volga Speech")
        .unwrap();
    assert_eq!(volga["tier"], 1);
    assert_eq!(volga["criticality"], "high");
    assert_eq!(volga["status"], "active");
    assert_eq!(volga["owner"]["name"], "Dana Buyer");
    assert_eq!(volga["owner"]["email"], "dana@example.org");
    assert_eq!(
        volga["data_classes"],
        serde_json::json!(["personal", "confidential"])
    );
    assert_eq!(
        volga["services"],
        serde_json::json!(["Speech API", "Transcripts"])
    );
    assert_eq!(volga["contract"]["renewal"], "2027-02-28");
    assert_eq!(volga["contract"]["notice_days"], 90);
    assert_eq!(volga["open_exceptions"], 1);
    assert_eq!(
        volga["accepted"],
        serde_json::json!(["facts.data_handling.dpa_available"])
    );
    assert_eq!(volga["exceptions"][1]["open"], false);
    // Beside the composite, the composite as stated (uncited claims taken
    // at their word): never above it.
    assert!(
        volga["stated_composite"].as_f64().unwrap() <= volga["composite"].as_f64().unwrap(),
        "{volga}"
    );
    // 3 catalogue facts stated, 1 of them cited.
    assert_eq!(volga["coverage"]["known"], 3);
    assert_eq!(volga["coverage"]["cited"], 1);
    assert!(volga["coverage"]["known_pct"].as_u64().unwrap() > 0);
    // x_ fields of the top level and the sections, with their values.
    let x = &volga["extensions"];
    assert_eq!(x["x_cost_centre"], "CC-42");
    assert_eq!(x["vendor.x_region"], "EMEA");
    assert_eq!(x["assessment.x_review_board"], "Q2 board");
    assert_eq!(x["relationship.x_budget"], 120000);
}

#[test]
fn portfolio_csv_for_spreadsheets() {
    let o = dossier(&["render", DIR, "--today", TODAY, "--format", "csv"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let text = stdout(&o);
    let mut r = csv::Reader::from_reader(text.as_bytes());
    let header: Vec<String> = r.headers().unwrap().iter().map(String::from).collect();
    for col in [
        "vendor",
        "tier",
        "owner",
        "status",
        "composite",
        "band",
        "errors",
        "facts_known_pct",
        "facts_cited_pct",
        "next_due_date",
        "open_exceptions",
        "x_cost_centre",
        "relationship.x_budget",
    ] {
        assert!(header.iter().any(|h| h == col), "{col} in {header:?}");
    }
    let rows: Vec<csv::StringRecord> = r.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 2);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let volga = rows
        .iter()
        .find(|r| &r[col("vendor")] == "Volga Speech")
        .unwrap();
    assert_eq!(&volga[col("tier")], "1");
    assert_eq!(&volga[col("owner")], "Dana Buyer");
    assert_eq!(&volga[col("rating")], "Proceed with conditions");
    assert_eq!(&volga[col("x_cost_centre")], "CC-42");
    assert_eq!(&volga[col("open_exceptions")], "1");
    assert_eq!(&volga[col("next_due_date")], "2026-06-30");
    // Formula injection: every dossier text that a spreadsheet would run
    // starts with a quote.
    let evil = rows
        .iter()
        .find(|r| r[col("vendor")].contains("HYPERLINK"))
        .unwrap();
    assert!(
        evil[col("vendor")].starts_with("'="),
        "{:?}",
        &evil[col("vendor")]
    );
    assert_eq!(&evil[col("owner")], "'-2+3");
    for cell in evil.iter() {
        assert!(!cell.starts_with(['=', '+', '@']), "{cell:?}");
    }
    // With -o, index.csv next to nothing else.
    let tmp = tempfile::tempdir().unwrap();
    let out = tmp.path().join("out");
    let o = dossier(&[
        "render",
        DIR,
        "--today",
        TODAY,
        "--format",
        "csv",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert_eq!(
        std::fs::read_to_string(out.join("index.csv")).unwrap(),
        text
    );
}

#[test]
fn the_pack_shows_the_relationship_acceptances_and_x_fields() {
    let tmp = tempfile::tempdir().unwrap();
    let o = dossier(&[
        "render",
        VOLGA,
        "--today",
        TODAY,
        "-o",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(tmp.path().join("volga.html")).unwrap();
    assert!(page.contains("id=\"programme\""));
    assert!(page.contains("data-key=\"tier\">1</dd>"), "tier");
    assert!(page.contains("data-key=\"x_cost_centre\">CC-42</dd>"));
    assert!(page.contains("data-key=\"relationship.x_budget\">120000</dd>"));
    assert!(page.contains("id=\"exception-EX-1\" class=\"holds\""));
    assert!(page.contains("id=\"exception-EX-2\" class=\"expired\""));
}

#[test]
fn the_portfolio_page_puts_the_table_first() {
    let tmp = tempfile::tempdir().unwrap();
    let o = dossier(&[
        "render",
        DIR,
        "--today",
        TODAY,
        "-o",
        tmp.path().to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(tmp.path().join("index.html")).unwrap();
    let table = page.find("id=\"vendors\"").unwrap();
    for later in ["id=\"due\"", "id=\"bands\"", "id=\"concentration\""] {
        assert!(
            page.find(later).unwrap() > table,
            "{later} comes after the table"
        );
    }
    // Rating words, tier, owner, coverage, the open acceptance.
    assert!(page.contains("Proceed with conditions"));
    assert!(!page.contains(">proceed_with_conditions<"));
    assert!(page.contains("Dana Buyer"));
    assert!(page.contains("% cited"));
    assert!(page.contains("1 open"));
    // One script, allowed by its hash; no 'unsafe-inline' anywhere.
    assert!(!page.contains("unsafe-inline"));
    assert_eq!(page.matches("<script>").count(), 1);
    let csp_start = page.find("script-src 'sha256-").unwrap();
    assert!(csp_start < page.find("<script>").unwrap());
}

#[test]
fn new_with_kind_hq_and_out() {
    let tmp = tempfile::tempdir().unwrap();
    let o = dossier_in(
        tmp.path(),
        &[
            "new",
            "Volga Speech",
            "--kind",
            "app_vendor",
            "--hq",
            "de",
            "--today",
            TODAY,
            "-o",
            "volga.dossier.yaml",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).is_empty());
    let text = std::fs::read_to_string(tmp.path().join("volga.dossier.yaml")).unwrap();
    assert!(text.contains("  kind: app_vendor\n"), "{text}");
    assert!(
        text.contains("  headquarters:\n    country: DE\n"),
        "{text}"
    );
    let o = dossier_in(
        tmp.path(),
        &[
            "check",
            "--today",
            TODAY,
            "--format",
            "json",
            "volga.dossier.yaml",
        ],
    );
    assert!(!stdout(&o).contains("\"schema\""), "{}", stdout(&o));
    // Never over an existing file.
    let o = dossier_in(tmp.path(), &["new", "Other", "-o", "volga.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("already exists"), "{}", stderr(&o));
    // Unknown kind or country: exit 2 with a hint.
    let o = dossier_in(tmp.path(), &["new", "X", "--kind", "app_vendr"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("did you mean `app_vendor`?"),
        "{}",
        stderr(&o)
    );
    let o = dossier_in(tmp.path(), &["new", "X", "--hq", "XX"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("--hq XX"), "{}", stderr(&o));
}

fn git(dir: &Path, args: &[&str]) {
    let o = Command::new("git")
        .args(args)
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .output()
        .unwrap();
    assert!(o.status.success(), "git {args:?}: {}", stderr(&o));
}

fn commit(dir: &Path, date: &str, message: &str) {
    let o = Command::new("git")
        .args(["commit", "-q", "-a", "-m", message])
        .current_dir(dir)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.org")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.org")
        .env("GIT_AUTHOR_DATE", format!("{date}T12:00:00Z"))
        .env("GIT_COMMITTER_DATE", format!("{date}T12:00:00Z"))
        .output()
        .unwrap();
    assert!(o.status.success(), "git commit: {}", stderr(&o));
}

/// A repository whose `vendors/` folder has three commits: Acme's
/// government-access risk goes from low to high, Gone AI is removed, Volga
/// is added.
pub fn history_repo() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    let vendors = root.join("vendors");
    std::fs::create_dir_all(&vendors).unwrap();
    git(root, &["init", "-q", "-b", "main"]);
    let fixtures = crate::common::repo_root().join("crates/cli/tests/fixtures");
    let acme = std::fs::read_to_string(fixtures.join("portfolio/acme.dossier.yaml")).unwrap();
    let low = acme.replace(
        "government_data_access_risk: {value: high, cite: trust}",
        "government_data_access_risk: {value: low, cite: trust}",
    );
    assert_ne!(low, acme);
    std::fs::write(vendors.join("acme.dossier.yaml"), &low).unwrap();
    std::fs::copy(
        fixtures.join("portfolio/globex.dossier.yaml"),
        vendors.join("gone.dossier.yaml"),
    )
    .unwrap();
    git(root, &["add", "."]);
    commit(root, "2026-06-01", "first");
    std::fs::write(vendors.join("acme.dossier.yaml"), &acme).unwrap();
    commit(root, "2026-08-01", "acme: access risk high");
    git(root, &["rm", "-q", "vendors/gone.dossier.yaml"]);
    std::fs::copy(
        fixtures.join("programme/volga.dossier.yaml"),
        vendors.join("volga.dossier.yaml"),
    )
    .unwrap();
    git(root, &["add", "."]);
    commit(root, "2026-10-01", "volga added, gone removed");
    tmp
}

#[test]
fn history_reads_the_folders_commits() {
    let repo = history_repo();
    let o = dossier_in(
        repo.path(),
        &[
            "render",
            "vendors",
            "--today",
            TODAY,
            "--format",
            "json",
            "--history",
            "12",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let commits = v["history"]["commits"].as_array().unwrap();
    assert_eq!(commits.len(), 3);
    assert_eq!(commits[0]["date"], "2026-06-01");
    let acme = v["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["vendor"] == "Acme Cloud")
        .unwrap();
    let h = acme["history"].as_array().unwrap();
    assert_eq!(h.len(), 3);
    let first = h[0]["composite"].as_f64().unwrap();
    let second = h[1]["composite"].as_f64().unwrap();
    assert!(second > first, "{h:?}");
    // Each point is the composite `dossier score` gives that version as of
    // its commit's date (the last commit's version is the working tree's).
    let o = dossier_in(
        repo.path(),
        &[
            "score",
            "vendors/acme.dossier.yaml",
            "--today",
            "2026-10-01",
            "--format",
            "json",
        ],
    );
    let scored: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let want = (scored["composite"].as_f64().unwrap() * 10.0).round() / 10.0;
    assert_eq!(h[2]["composite"].as_f64(), Some(want), "{h:?}");
    let volga = v["dossiers"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["vendor"] == "Volga Speech")
        .unwrap();
    assert_eq!(volga["history"][0]["present"], false);
    assert_eq!(volga["history"][2]["present"], true);
    let changes = v["history"]["changes"].as_array().unwrap();
    let acme_change = changes
        .iter()
        .find(|c| c["vendor"] == "Acme Cloud")
        .unwrap();
    assert!(acme_change["delta"].as_f64().unwrap() > 0.0);
    assert!(changes
        .iter()
        .any(|c| c["vendor"] == "Volga Speech" && c["new"] == true));
    assert_eq!(v["history"]["gone"][0]["vendor"], "Globex AI");
    // The page draws one sparkline per vendor and the bands over time.
    let out = repo.path().join("out");
    let o = dossier_in(
        repo.path(),
        &[
            "render",
            "vendors",
            "--today",
            TODAY,
            "--history",
            "2",
            "-o",
            "out",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let page = std::fs::read_to_string(out.join("index.html")).unwrap();
    assert_eq!(page.matches("<svg class=\"spark\"").count(), 2);
    assert!(page.contains("id=\"band-history\""));
    assert!(page.contains("What changed since 2026-08-01"));
}

#[test]
fn history_outside_git_is_an_error() {
    let tmp = tempfile::tempdir().unwrap();
    let vendors = tmp.path().join("vendors");
    std::fs::create_dir_all(&vendors).unwrap();
    std::fs::copy(
        crate::common::repo_root().join(VOLGA),
        vendors.join("v.dossier.yaml"),
    )
    .unwrap();
    let o = dossier_in(
        tmp.path(),
        &["render", "vendors", "--format", "json", "--history", "3"],
    );
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("not a git repository"),
        "{}",
        stderr(&o)
    );
}

/// The calendar: overdue items on today's date, once per dossier, marked
/// overdue; no event in the past; ORGANIZER from the owner (or the
/// analyst's e-mail); DESCRIPTION says what to do and names the dossier
/// and the pack; PRODID is ours. (scripts/test.d/due-ics.sh parses the
/// same feed with Python's icalendar.)
#[test]
fn the_calendar_works_as_a_calendar() {
    let o = dossier(&[
        "due", "--today", TODAY, "--within", "all", "--format", "ics", DIR,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let ics = stdout(&o).replace("\r\n ", "").replace("\r\n", "\n");
    assert!(
        ics.contains("\nPRODID:-//dossier-toolkit//dossier due "),
        "{ics}"
    );
    assert!(!ics.contains("ICALENDAR-RS"));
    let events: Vec<&str> = ics.split("BEGIN:VEVENT").skip(1).collect();
    let overdue: Vec<&&str> = events
        .iter()
        .filter(|e| e.contains("SUMMARY:OVERDUE"))
        .collect();
    assert_eq!(overdue.len(), 1, "one overdue event for Volga");
    assert!(overdue[0].contains("SUMMARY:OVERDUE: Volga Speech: 1 item overdue"));
    assert!(
        overdue[0].contains("DTSTART;VALUE=DATE:20261124"),
        "{}",
        overdue[0]
    );
    assert!(overdue[0].contains("CATEGORIES:OVERDUE"));
    for e in &events {
        let start = e
            .lines()
            .find_map(|l| l.strip_prefix("DTSTART;VALUE=DATE:"))
            .unwrap();
        assert!(start >= "20261124", "an event in the past: {e}");
        let organizer = e.lines().find(|l| l.starts_with("ORGANIZER")).unwrap();
        assert!(organizer.contains("mailto:"), "{organizer}");
        let description = e.lines().find(|l| l.starts_with("DESCRIPTION:")).unwrap();
        assert!(description.contains("Procurement pack: "), "{description}");
    }
    let volga_notice = events
        .iter()
        .find(|e| e.contains("last day to give contract notice"))
        .unwrap();
    assert!(volga_notice.contains("ORGANIZER;CN=Dana Buyer:mailto:dana@example.org"));
    assert!(volga_notice.contains("Decide whether to renew"));
    assert!(volga_notice.contains("volga.html"));
    // Without an owner, the analyst's e-mail (Formula AI has an owner too;
    // a copy without one falls back to the analyst).
    let tmp = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(crate::common::repo_root().join(VOLGA))
        .unwrap()
        .replace("  owner: {name: Dana Buyer, email: dana@example.org}\n", "");
    std::fs::write(tmp.path().join("v.dossier.yaml"), text).unwrap();
    let o = dossier_in(
        tmp.path(),
        &["due", "--today", TODAY, "--format", "ics", "v.dossier.yaml"],
    );
    let ics = stdout(&o).replace("\r\n ", "");
    assert!(
        ics.contains("ORGANIZER;CN=Jane Roe:mailto:jane@example.org"),
        "{ics}"
    );
}
