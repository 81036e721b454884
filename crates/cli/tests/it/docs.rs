//! Every generated file of the repository, and the one test that keeps
//! them equal to the code: `UPDATE_DOCS=1 cargo test -p dossier-cli --test
//! it docs::` rewrites them all in place (then review the diff); without
//! `UPDATE_DOCS` the test fails when one has drifted, so CI does.
//!
//! Whole files: `schemas/dossier.schema.json` (what `dossier schema`
//! prints). Parts of pages: a page marks each generated part with
//! `<!-- BEGIN GENERATED name -->` ... `<!-- END GENERATED name -->`; the
//! text between the markers is rendered here from the same tables the
//! binary uses (the JSON Schema, the fact catalogue, the rule registry and
//! its documentation (docs/rules.md), the rubric (docs/rubric.md), the
//! question templates, the framework tables, the built-in profile) or from
//! running the binary itself on the shipped examples.

use crate::common::{dossier, repo_root, stdout};
use dossier_analysis::Rule;
use dossier_schema::catalogue::{self, Dimension};
use dossier_score::frameworks;
use dossier_score::questions;
use serde_json::Value;
use std::fmt::Write as _;

const TODAY: &str = "2026-11-24";
const EXAMPLE: &str = "examples/alibaba-cloud.dossier.yaml";

/// Markdown table cell: no line breaks, pipes escaped.
fn cell(s: &str) -> String {
    s.replace('\n', " ").replace('|', "\\|").trim().to_string()
}

fn defs() -> &'static serde_json::Map<String, Value> {
    dossier_schema::json_schema()["$defs"]
        .as_object()
        .expect("$defs")
}

/// The objects the field tables describe: heading, anchor-free title, the
/// schema object.
fn objects() -> Vec<(&'static str, &'static Value)> {
    let d = defs();
    vec![
        ("Top level", dossier_schema::json_schema()),
        ("`vendor`", &d["Vendor"]),
        ("`vendor.headquarters`", &d["Headquarters"]),
        ("`assessment`", &d["Assessment"]),
        ("A source (`sources.<id>`)", &d["Source"]),
        ("`scope` (of a fact)", &d["Scope"]),
        ("An attestation (`attestations[]`)", &d["Attestation"]),
        ("A finding (`findings[]`)", &d["Finding"]),
        ("An incident (`incidents[]`)", &d["Incident"]),
        ("A question (`questions[]`)", &d["Question"]),
        ("An adjustment (`adjustments[]`)", &d["Adjustment"]),
        ("A questionnaire (`questionnaires[]`)", &d["Questionnaire"]),
        (
            "An answer (`questionnaires[].answers.<question id>`)",
            &d["QuestionnaireAnswer"],
        ),
        ("`relationship`", &d["Relationship"]),
        ("`relationship.owner`", &d["Owner"]),
        ("`relationship.contract`", &d["Contract"]),
        ("A risk acceptance (`exceptions[]`)", &d["RiskException"]),
    ]
}

/// A short, human name of what a schema accepts.
fn kind(v: &Value) -> String {
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        let name = r.trim_start_matches("#/$defs/");
        return match name {
            "CountryCode" => "country code".into(),
            "Date" => "date".into(),
            "Url" => "http(s) URL".into(),
            "Cite" => "source id, or a list of them".into(),
            "SourceId" => "source id".into(),
            "QuestionId" => "question id (`CEK-03.1`)".into(),
            "StringOrInteger" => "text or whole number".into(),
            "OwaspId" => "OWASP id (`LLM01:2025`)".into(),
            "NistId" => "NIST AI RMF id (`MAP 4.1`)".into(),
            "Email" => "e-mail address".into(),
            "AcceptsTarget" => {
                "`facts.SECTION.KEY`, `findings.ID`, `incidents.ID` or `rules.CODE`".into()
            }
            "Vendor" | "Assessment" | "Headquarters" | "Scope" | "Facts" | "Relationship"
            | "Owner" | "Contract" => "mapping".into(),
            _ => kind(&defs()[name]),
        };
    }
    if let Some(e) = v.get("enum").and_then(Value::as_array) {
        return e
            .iter()
            .filter_map(Value::as_str)
            .map(|w| format!("`{w}`"))
            .collect::<Vec<_>>()
            .join(", ");
    }
    if let Some(c) = v.get("const").and_then(Value::as_str) {
        return format!("`{c}`");
    }
    for key in ["oneOf", "anyOf"] {
        if let Some(alts) = v.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = alts
                .iter()
                .filter(|a| a.get("type").and_then(Value::as_str) != Some("null"))
                .map(kind)
                .collect();
            return parts.join(", ");
        }
    }
    let ty = match v.get("type") {
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null")
            .to_string(),
        Some(Value::String(t)) => t.clone(),
        _ => String::new(),
    };
    match ty.as_str() {
        "string" => "text".into(),
        "integer" => "whole number".into(),
        "number" => "number".into(),
        "boolean" => "`true` or `false`".into(),
        "array" => match v.get("items").map(kind).as_deref() {
            Some("mapping") => "list of entries (below)".into(),
            Some(item) => format!("list of {item}"),
            None => "list".into(),
        },
        "object" if v.get("patternProperties").is_some() => "mapping of id to entry".into(),
        "object" => "mapping".into(),
        _ => "any".into(),
    }
}

fn description(v: &Value) -> String {
    if let Some(d) = v.get("description").and_then(Value::as_str) {
        return d.to_string();
    }
    if let Some(r) = v.get("$ref").and_then(Value::as_str) {
        return description(&defs()[r.trim_start_matches("#/$defs/")]);
    }
    // A nullable reference: `anyOf: [{$ref}, {type: null}]`.
    for key in ["anyOf", "oneOf"] {
        if let Some(alts) = v.get(key).and_then(Value::as_array) {
            if let Some(r) = alts.iter().find(|a| a.get("$ref").is_some()) {
                return description(r);
            }
        }
    }
    String::new()
}

fn gen_fields() -> String {
    let mut s = String::new();
    for (title, obj) in objects() {
        let required: Vec<&str> = obj["required"]
            .as_array()
            .map(|r| r.iter().filter_map(Value::as_str).collect())
            .unwrap_or_default();
        let _ = writeln!(s, "#### {title}\n");
        s.push_str("| key | value | required | meaning |\n|---|---|---|---|\n");
        for (key, v) in obj["properties"].as_object().expect("properties") {
            let _ = writeln!(
                s,
                "| `{key}` | {} | {} | {} |",
                cell(&kind(v)),
                if required.contains(&key.as_str()) {
                    "yes"
                } else {
                    ""
                },
                cell(&description(v)),
            );
        }
        s.push('\n');
    }
    // Value lists whose values carry their own meaning.
    for (name, title) in [
        ("VendorKind", "`vendor.kind`"),
        ("SourceKind", "`sources.<id>.kind`"),
    ] {
        let _ = writeln!(s, "#### Values of {title}\n");
        s.push_str("| value | meaning |\n|---|---|\n");
        let def = &defs()[name];
        let values = def["enum"].as_array().expect("enum");
        let meanings = def["enumDescriptions"]
            .as_array()
            .expect("enumDescriptions");
        for (v, meaning) in values.iter().zip(meanings) {
            let (v, meaning) = (v.as_str().unwrap_or(""), meaning.as_str().unwrap_or(""));
            let _ = writeln!(s, "| `{v}` | {} |", cell(meaning));
        }
        s.push('\n');
    }
    s.trim_end().to_string()
}

fn gen_catalogue() -> String {
    let mut s = String::new();
    for sec in catalogue::SECTIONS {
        let _ = writeln!(
            s,
            "#### `{}`: {}\n\n{}\n",
            sec.name, sec.title, sec.description
        );
        s.push_str("| key | values | scored in | meaning |\n|---|---|---|---|\n");
        for f in catalogue::section_facts(sec.name) {
            let applies = match f.applies.excluded() {
                [] => String::new(),
                kinds => format!(
                    " Not scored for a {} unless the dossier sets it.",
                    kinds
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(" or ")
                ),
            };
            let _ = writeln!(
                s,
                "| `{}` | {} | {} | **{}.** {}{} |",
                f.key,
                cell(&f.domain.describe()),
                f.dimension.key(),
                cell(f.title),
                cell(f.description),
                cell(&applies)
            );
        }
        s.push('\n');
    }
    s.trim_end().to_string()
}

fn gen_rules() -> String {
    let mut s = String::from("| code | default severity | reported when |\n|---|---|---|\n");
    for r in Rule::ALL {
        let _ = writeln!(
            s,
            "| [`{code}`](rules.md#{code}) | {} | {} |",
            r.default_severity().as_str(),
            cell(r.summary()),
            code = r.code()
        );
    }
    s.trim_end().to_string()
}

fn gen_questions() -> String {
    let mut s = String::from("| id | dimension | question | why it matters |\n|---|---|---|---|\n");
    for t in questions::templates() {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            t.id,
            t.dimension.key(),
            cell(t.ask),
            cell(t.why)
        );
    }
    s.trim_end().to_string()
}

fn dims(ds: &[Dimension]) -> String {
    ds.iter().map(|d| d.key()).collect::<Vec<_>>().join(", ")
}

fn gen_frameworks() -> String {
    let mut s = String::new();
    let _ = writeln!(
        s,
        "OWASP Top 10 for LLM Applications, edition{} {}:\n",
        if frameworks::OWASP_EDITIONS.len() > 1 {
            "s"
        } else {
            ""
        },
        frameworks::OWASP_EDITIONS.join(", ")
    );
    s.push_str("| id | name | in short | dimensions |\n|---|---|---|---|\n");
    for r in frameworks::OWASP_2025 {
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            r.id(),
            r.name,
            cell(r.description),
            dims(r.dimensions)
        );
    }
    let _ = writeln!(
        s,
        "\nNIST {}, functions (categories and how many subcategories each has, in parentheses):\n",
        frameworks::NIST_EDITION
    );
    s.push_str("| function | in short | categories | dimensions |\n|---|---|---|---|\n");
    for f in frameworks::NIST_FUNCTIONS {
        let cats: Vec<String> = frameworks::NIST_CATEGORIES
            .iter()
            .filter(|c| c.function == f.name)
            .map(|c| format!("`{}` ({})", c.id, c.subcategories))
            .collect();
        let _ = writeln!(
            s,
            "| `{}` | {} | {} | {} |",
            f.name,
            cell(f.description),
            cats.join(", "),
            dims(f.dimensions)
        );
    }
    s.trim_end().to_string()
}

fn gen_scoring() -> String {
    let mut s = String::new();
    for p in dossier_score::builtin_profiles() {
        let _ = writeln!(s, "Profile `{}` (percent):\n", p.name);
        s.push_str("| dimension | weight |\n|---|---:|\n");
        let mut ws: Vec<(Dimension, f64)> = p.weights.iter().map(|(d, w)| (*d, *w)).collect();
        ws.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (d, w) in ws {
            let _ = writeln!(s, "| {} | {} |", d.key(), dossier_score::trim(w));
        }
        s.push('\n');
    }
    let [m, e, h, c] = dossier_score::BAND_THRESHOLDS.map(dossier_score::trim);
    let _ = write!(
        s,
        "Bands: `low` below {m}, `moderate` from {m}, `elevated` from {e}, `high` from {h}, `critical` from {c}."
    );
    s
}

fn gen_freshness() -> String {
    let f = dossier_analysis::config::Freshness::default();
    let mut lines = vec![(
        "[freshness]".to_string(),
        "months (these are the defaults)".to_string(),
    )];
    for (key, months, what) in f.windows() {
        lines.push((format!("{key} = {months}"), what.to_string()));
    }
    lines.push((
        format!("warn_days = {}", f.warn_days),
        "days: `expires-soon` warns this long before".to_string(),
    ));
    let mut s = String::from("```toml\n");
    for (setting, comment) in lines {
        let _ = writeln!(s, "{setting:<27} # {comment}");
    }
    s.push_str("```");
    s
}

/// Counts of `dossier check --today TODAY EXAMPLE`, as the binary reports them.
fn example_counts() -> (usize, usize, usize) {
    let out = dossier(&["check", "--format", "json", "--today", TODAY, EXAMPLE]);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("check --format json");
    let mut counts = (0, 0, 0);
    for f in v["files"].as_array().unwrap() {
        for d in f["diagnostics"].as_array().unwrap() {
            match d["severity"].as_str().unwrap() {
                "error" => counts.0 += 1,
                "warning" => counts.1 += 1,
                _ => counts.2 += 1,
            }
        }
    }
    counts
}

fn example_rule_counts(rule: &str) -> usize {
    let out = dossier(&["check", "--format", "json", "--today", TODAY, EXAMPLE]);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("check --format json");
    v["files"][0]["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["rule"] == rule)
        .count()
}

/// The composite, its band, and "41.1 as stated, 5.0 points on 12 uncited claims".
fn score_stated(file: &str, today: &str) -> (String, String, String) {
    let out = dossier(&["score", "--format", "json", "--today", today, file]);
    let v: Value = serde_json::from_str(&stdout(&out)).expect("score --format json");
    let composite = format!("{:.1}", v["composite_display"].as_f64().unwrap());
    let stated = format!(
        "{:.1} as stated, {:.1} points resting on {} uncited claims",
        v["stated_composite_display"].as_f64().unwrap(),
        v["unverified_points"].as_f64().unwrap(),
        v["uncited_claims"].as_u64().unwrap()
    );
    (
        composite,
        v["band"].as_str().unwrap_or_default().to_string(),
        stated,
    )
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

fn gen_example_check() -> String {
    let (errors, warnings, other) = example_counts();
    let uncited = example_rule_counts("uncited-fact");
    let stale = example_rule_counts("stale-evidence");
    let missing = example_rule_counts("missing-question");
    let lower = match other {
        0 => String::new(),
        n => format!(
            ", {} of lower severity",
            plural(n, "diagnostic", "diagnostics")
        ),
    };
    format!(
        "`dossier check --today {TODAY} alibaba-cloud.dossier.yaml` reports {} and {}{lower}: \
         {} (facts the sources state without anything we could cite, kept as \
         shorthand so the gap stays visible), {} (evidence older than its freshness \
         window) and {} (question templates the facts call for that the file does not ask yet).",
        plural(errors, "error", "errors"),
        plural(warnings, "warning", "warnings"),
        plural(uncited, "`uncited-fact`", "`uncited-fact`"),
        plural(stale, "`stale-evidence`", "`stale-evidence`"),
        plural(missing, "`missing-question`", "`missing-question`"),
    )
}

fn gen_example_score() -> String {
    let (c, band, stated) = score_stated(EXAMPLE, TODAY);
    format!("For the shipped example on {TODAY}, the composite is {c} (\"{band}\"; {stated}).")
}

fn gen_calibration() -> String {
    let (seed, seed_band, seed_stated) = score_stated(
        "crates/score/tests/fixtures/seed000.dossier.yaml",
        "2026-04-19",
    );
    let (ex, ex_band, ex_stated) = score_stated(EXAMPLE, TODAY);
    format!(
        "Its facts alone (`crates/score/tests/fixtures/seed000.dossier.yaml`) score \
         {seed} (\"{seed_band}\"; {seed_stated}) here on 2026-04-19, and the full example \
         (`{EXAMPLE}`, which adds what the EU AI Act catalogue entry and the EU \
         Cloud Code of Conduct report say, and the analyst's findings) {ex} (\"{ex_band}\"; {ex_stated}) on {TODAY}."
    )
}

fn gen_rules_reference() -> String {
    dossier_analysis::rules_markdown().trim_end().to_string()
}

fn gen_rubric() -> String {
    dossier_score::rubric_table_markdown()
        .trim_end()
        .to_string()
}

/// The JSON Schema, as `dossier schema` prints it.
fn gen_schema_file() -> String {
    let o = dossier(&["schema"]);
    assert!(o.status.success(), "dossier schema failed");
    stdout(&o)
}

type Gen = fn() -> String;

/// (file, generator): files generated whole.
const FILES: &[(&str, Gen)] = &[("schemas/dossier.schema.json", gen_schema_file)];

/// (page, block name, generator)
const BLOCKS: &[(&str, &str, Gen)] = &[
    ("docs/rules.md", "rules", gen_rules_reference),
    ("docs/rubric.md", "rubric", gen_rubric),
    ("docs/format.md", "fields", gen_fields),
    ("docs/format.md", "catalogue", gen_catalogue),
    ("docs/format.md", "rules", gen_rules),
    ("docs/format.md", "questions", gen_questions),
    ("docs/format.md", "frameworks", gen_frameworks),
    ("docs/format.md", "scoring", gen_scoring),
    ("docs/format.md", "freshness", gen_freshness),
    ("docs/rubric.md", "calibration", gen_calibration),
    ("examples/README.md", "example-check", gen_example_check),
    ("README.md", "example-score", gen_example_score),
];

/// Replace the text between the markers of `name`; `None` when the page has
/// no such block.
fn fill(page: &str, name: &str, body: &str) -> Option<String> {
    let begin = format!("<!-- BEGIN GENERATED {name} -->");
    let end = format!("<!-- END GENERATED {name} -->");
    let b = page.find(&begin)? + begin.len();
    let e = b + page[b..].find(&end)?;
    Some(format!("{}\n{}\n{}", &page[..b], body, &page[e..]))
}

/// The one codegen command: every generated file, checked (or, with
/// `UPDATE_DOCS`, rewritten).
#[test]
fn generated_files_match_the_code() {
    let update = std::env::var_os("UPDATE_DOCS").is_some();
    let mut stale = Vec::new();
    for (file, gen) in FILES {
        let path = repo_root().join(file);
        let old = std::fs::read_to_string(&path).unwrap_or_default();
        let new = gen();
        if new != old {
            if update {
                std::fs::write(&path, &new).unwrap();
            } else {
                stale.push(*file);
            }
        }
    }
    let mut pages: Vec<&str> = BLOCKS.iter().map(|b| b.0).collect();
    pages.sort();
    pages.dedup();
    for page in pages {
        let path = repo_root().join(page);
        let old = std::fs::read_to_string(&path).unwrap();
        let mut new = old.clone();
        for (_, name, gen) in BLOCKS.iter().filter(|b| b.0 == page) {
            new = fill(&new, name, &gen())
                .unwrap_or_else(|| panic!("{page} has no `<!-- BEGIN GENERATED {name} -->` block"));
        }
        if new != old {
            if update {
                std::fs::write(&path, &new).unwrap();
            } else {
                stale.push(page);
            }
        }
    }
    assert!(
        stale.is_empty(),
        "{stale:?} drifted from the code: run `UPDATE_DOCS=1 cargo test -p dossier-cli --test it docs::` and review the diff"
    );
}

#[test]
fn every_field_of_the_schema_is_in_the_reference() {
    // The field tables cover every object of the schema, so a new object
    // type cannot slip past the reference.
    let covered: Vec<&Value> = objects().into_iter().map(|(_, v)| v).collect();
    for (name, def) in defs() {
        if def.get("properties").is_some() && name != "Facts" {
            assert!(
                covered.iter().any(|c| std::ptr::eq(*c, def)),
                "docs/format.md has no field table for the schema object {name}: add it to objects() in crates/cli/tests/it/docs.rs"
            );
        }
    }
}

#[test]
fn a_block_is_found_and_replaced_whole() {
    let page = "a\n<!-- BEGIN GENERATED x -->\nold\nlines\n<!-- END GENERATED x -->\nb";
    assert_eq!(
        fill(page, "x", "new").unwrap(),
        "a\n<!-- BEGIN GENERATED x -->\nnew\n<!-- END GENERATED x -->\nb"
    );
    assert_eq!(fill(page, "y", "new"), None);
}
