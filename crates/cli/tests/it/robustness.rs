//! No input makes `dossier check` panic, abort or hang; each restriction of
//! the format gets a clear, located `syntax` diagnostic.

use crate::common::*;

use dossier_analysis::Config;
use dossier_cli::output::{self, Format};
use proptest::prelude::*;

/// Write `bytes` to a temp file, check it, return (exit code, diagnostics).
fn check_file(bytes: &[u8]) -> (i32, Vec<serde_json::Value>) {
    let dir = tempfile::tempdir().unwrap();
    let p = dir.path().join("x.dossier.yaml");
    std::fs::write(&p, bytes).unwrap();
    let o = dossier_in(
        dir.path(),
        &[
            "check",
            "--format",
            "json",
            "--today",
            "2026-11-24",
            "x.dossier.yaml",
        ],
    );
    let code = o
        .status
        .code()
        .expect("exited normally, not killed by a signal");
    let v: serde_json::Value =
        serde_json::from_str(&stdout(&o)).unwrap_or_else(|e| panic!("{e}; stderr: {}", stderr(&o)));
    (
        code,
        v["files"][0]["diagnostics"].as_array().unwrap().clone(),
    )
}

fn first_syntax(diags: &[serde_json::Value]) -> &serde_json::Value {
    diags
        .iter()
        .find(|d| d["rule"] == "syntax")
        .unwrap_or_else(|| panic!("no syntax diagnostic: {diags:#?}"))
}

#[test]
fn deep_block_nesting_is_refused_at_the_deep_line() {
    let text: String = (0..300)
        .map(|i| format!("{}k:\n", "  ".repeat(i)))
        .collect();
    let (code, diags) = check_file(text.as_bytes());
    assert_eq!(code, 1);
    let d = first_syntax(&diags);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("deeper than the limit of 64"));
    assert_eq!(d["start"]["line"], 65);
    assert_eq!(diags.len(), 1, "no schema noise after a refusal");
}

#[test]
fn deep_flow_nesting_and_dash_towers_are_refused() {
    for text in [
        format!("a: {}{}", "[".repeat(5000), "]".repeat(5000)),
        "- ".repeat(5000),
        "? ".repeat(5000),
    ] {
        let (_, diags) = check_file(text.as_bytes());
        assert!(first_syntax(&diags)["message"]
            .as_str()
            .unwrap()
            .contains("limit of 64"));
    }
}

#[test]
fn five_megabyte_file_is_refused_with_its_size() {
    let text = format!(
        "dossier: 1\n{}",
        "x_note: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\n".repeat(110_000)
    );
    assert!(text.len() > 5_000_000);
    let (code, diags) = check_file(text.as_bytes());
    assert_eq!(code, 1);
    let d = first_syntax(&diags);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .contains("larger than the 4 MiB limit"));
    assert_eq!(d["start"]["line"], 1);
}

#[test]
fn five_megabyte_single_line_is_refused_and_output_stays_small() {
    let text = format!("dossier: \"{}\"\n", "a".repeat(5 * 1024 * 1024));
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.dossier.yaml"), &text).unwrap();
    let o = dossier_in(dir.path(), &["check", "x.dossier.yaml"]);
    assert_eq!(o.status.code(), Some(1));
    let out = stdout(&o);
    assert!(out.contains("larger than the 4 MiB limit"), "{out}");
    assert!(
        out.len() < 2_000,
        "the human output shows a window of the line, not 5 MB: {} bytes",
        out.len()
    );
}

#[test]
fn invalid_utf8_is_located_at_its_byte() {
    let (code, diags) = check_file(b"dossier: 1\nvendor: {name: \"caf\xe9\"}\n");
    assert_eq!(code, 1);
    let d = first_syntax(&diags);
    assert_eq!(
        d["message"],
        "invalid UTF-8 at byte 30: save the file as UTF-8"
    );
    assert_eq!(d["start"]["line"], 2);
    assert_eq!(d["start"]["column"], 20);
}

#[test]
fn nul_bytes_are_refused() {
    let (_, diags) = check_file(b"dossier: 1\nvendor:\x00 {name: x}\n");
    let d = first_syntax(&diags);
    assert!(d["message"]
        .as_str()
        .unwrap()
        .starts_with("NUL byte at byte 18"));
    assert_eq!(d["start"]["line"], 2);
}

#[test]
fn alias_bombs_are_not_expanded() {
    let mut bomb = String::from(
        "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
    );
    let names = "abcdefghij";
    for i in 1..names.len() {
        let (prev, cur) = (&names[i - 1..i], &names[i..=i]);
        bomb.push_str(&format!(
            "{cur}: &{cur} [{}]\n",
            vec![format!("*{prev}"); 9].join(",")
        ));
    }
    let (code, diags) = check_file(bomb.as_bytes());
    assert_eq!(code, 1);
    let aliases = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("aliases ("))
        .count();
    let anchors = diags
        .iter()
        .filter(|d| d["message"].as_str().unwrap().starts_with("anchors ("))
        .count();
    assert_eq!((aliases, anchors), (81, 10));
}

#[test]
fn tabs_tags_merge_keys_and_several_documents_are_syntax_errors() {
    let cases = [
        ("dossier: 1\nvendor:\n\tname: x\n", "tab character", 3, 1),
        (
            "dossier: 1\nassessment: !!map {}\n",
            "tags (`!!map`)",
            2,
            13,
        ),
        ("dossier: 1\nsources:\n  <<: {a: 1}\n", "merge keys", 3, 3),
        (
            "dossier: 1\n---\nfacts: {}\n",
            "only one YAML document",
            2,
            1,
        ),
        (
            "dossier: 1\nvendor: {name: a, name: b}\n",
            "duplicate key `name`",
            2,
            19,
        ),
    ];
    for (text, expected, line, col) in cases {
        let (_, diags) = check_file(text.as_bytes());
        let d = diags
            .iter()
            .find(|d| d["rule"] == "syntax" && d["message"].as_str().unwrap().contains(expected))
            .unwrap_or_else(|| panic!("{expected}: {diags:#?}"));
        assert_eq!(
            (d["start"]["line"].as_u64(), d["start"]["column"].as_u64()),
            (Some(line), Some(col)),
            "{expected}"
        );
    }
}

#[test]
fn a_parse_error_does_not_bury_the_file_in_missing_key_errors() {
    let (_, diags) = check_file(b"dossier: 1\nvendor:\n\tname: x\n");
    assert!(
        !diags.iter().any(|d| d["message"]
            .as_str()
            .unwrap()
            .starts_with("missing required key")),
        "{diags:#?}"
    );
}

#[test]
fn emoji_and_cjk_keys_have_utf16_columns_in_sarif_and_char_columns_in_json() {
    let text = "dossier: 1\nvendor:\n  name: 阿里云 😀\n  名前😀: x\n";
    let (_, diags) = check_file(text.as_bytes());
    let d = diags
        .iter()
        .find(|d| d["message"].as_str().unwrap().contains("名前😀"))
        .unwrap();
    assert_eq!(
        (d["start"]["line"].as_u64(), d["start"]["column"].as_u64()),
        (Some(4), Some(3))
    );
    assert_eq!(d["end"]["column"], 6, "3 characters: 名, 前, 😀");

    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("x.dossier.yaml"), text).unwrap();
    let o = dossier_in(
        dir.path(),
        &["check", "--format", "sarif", "x.dossier.yaml"],
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let region = v["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["message"]["text"].as_str().unwrap().contains("名前😀"))
        .unwrap()["locations"][0]["physicalLocation"]["region"]
        .clone();
    assert_eq!(region["startColumn"], 3);
    assert_eq!(region["endColumn"], 7, "😀 is two UTF-16 code units");
}

#[test]
fn crlf_and_bom_files_check_like_lf_files() {
    let lf = std::fs::read_to_string(repo_root().join("examples/broken/uncited-fact.dossier.yaml"))
        .unwrap();
    let crlf = format!("\u{feff}{}", lf.replace('\n', "\r\n"));
    let (_, a) = check_file(lf.as_bytes());
    let (_, b) = check_file(crlf.as_bytes());
    let strip =
        |ds: &[serde_json::Value]| -> Vec<(String, String, serde_json::Value, serde_json::Value)> {
            ds.iter()
                .map(|d| {
                    (
                        d["rule"].to_string(),
                        d["message"].to_string(),
                        d["start"].clone(),
                        d["end"].clone(),
                    )
                })
                .collect()
        };
    let (mut sa, sb) = (strip(&a), strip(&b));
    // The BOM shifts columns on line 1 only, where no diagnostic points.
    sa.retain(|x| x.2["line"] != 1);
    assert_eq!(
        sa,
        sb.into_iter()
            .filter(|x| x.2["line"] != 1)
            .collect::<Vec<_>>()
    );
}

fn example_bytes() -> Vec<u8> {
    let p = repo_root().join("examples/alibaba-cloud.dossier.yaml");
    std::fs::read(&p).unwrap_or_else(|_| {
        std::fs::read(repo_root().join("examples/broken/expired-attestation.dossier.yaml")).unwrap()
    })
}

/// Run the whole pipeline in-process, every output format included.
fn pipeline(bytes: &[u8]) {
    let config = Config::default();
    let today = dossier_schema::dates::Day::parse("2026-11-24").unwrap();
    let report = dossier_cli::check::check_bytes("x.dossier.yaml".into(), bytes, &config, today);
    let reports = [report];
    for f in [
        Format::Human,
        Format::Json,
        Format::Sarif,
        Format::Github,
        Format::Junit,
    ] {
        let out = output::render(f, &reports, false);
        assert!(!out.is_empty());
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        pipeline(&bytes);
    }

    #[test]
    fn random_yamlish_text_never_panics(text in "[ \\-\\?:\\[\\]\\{\\},#&\\*!|>'\"a-z0-9\\n\\t\\r😀通]{0,400}") {
        pipeline(text.as_bytes());
    }

    #[test]
    fn mutations_of_the_example_never_panic(
        edits in proptest::collection::vec((any::<prop::sample::Index>(), 0usize..40, "[ \\-:\\[\\]{},#&*!|>'\"a-z\\n\\t😀]{0,12}"), 1..8)
    ) {
        let mut text = String::from_utf8_lossy(&example_bytes()).into_owned();
        for (at, del, ins) in edits {
            let mut start = at.index(text.len() + 1);
            while !text.is_char_boundary(start) { start -= 1; }
            let mut end = (start + del).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(start..end, &ins);
        }
        pipeline(text.as_bytes());
    }
}

#[test]
fn a_quote_inside_a_plain_key_does_not_bypass_the_nesting_guard() {
    // `x 'y` is a plain key in YAML; the guard once read the `'` as an
    // opening quote, skipped the staircase below, and tree-sitter aborted.
    for first in ["x 'y:\n", "a: [\n", "a: \"x\n"] {
        let text: String = std::iter::once(first.to_string())
            .chain((1..=300).map(|i| format!("{}k:\n", " ".repeat(i))))
            .collect();
        let (code, diags) = check_file(text.as_bytes());
        assert_eq!(code, 1, "{first:?}");
        assert!(
            first_syntax(&diags)["message"]
                .as_str()
                .unwrap()
                .contains("limit of 64"),
            "{first:?}: {diags:#?}"
        );
    }
}

/// A folder holding `bad` beside the repository's example.
fn folder_with(bad: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("bad.dossier.yaml"), bad).unwrap();
    std::fs::copy(
        repo_root().join("examples/alibaba-cloud.dossier.yaml"),
        dir.path().join("good.dossier.yaml"),
    )
    .unwrap();
    dir
}

/// `check --format json .` in `dir`, with extra environment: (exit code,
/// file name -> diagnostics).
fn check_folder(
    dir: &std::path::Path,
    env: &[(&str, &str)],
) -> (
    i32,
    std::collections::BTreeMap<String, Vec<serde_json::Value>>,
) {
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["check", "--format", "json", "--today", "2026-11-24", "."])
        .current_dir(dir)
        .envs(env.iter().copied())
        .output()
        .unwrap();
    let code = o.status.code().expect("exited normally");
    let v: serde_json::Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}; exit {code}; stderr: {}", stderr(&o)));
    let files = v["files"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let name = f["path"].as_str().unwrap().rsplit('/').next().unwrap();
            (
                name.to_string(),
                f["diagnostics"].as_array().unwrap().clone(),
            )
        })
        .collect();
    (code, files)
}

#[test]
fn unicode_white_space_in_a_block_scalar_is_read_as_content() {
    // Once a byte slice inside U+00A0 (and the like): the whole folder's
    // check exited 101 with no output.
    for ws in ["\u{a0}", "\u{3000}", "\u{2028}", "\u{85}", "\u{feff}"] {
        let text = format!("dossier: 1\nnotes: |\n   {ws}\n    a\n");
        let dir = folder_with(text.as_bytes());
        let (code, files) = check_folder(dir.path(), &[]);
        assert_eq!(code, 1, "{ws:?}");
        assert_eq!(files.len(), 2, "{ws:?}");
        assert!(
            !files["bad.dossier.yaml"]
                .iter()
                .any(|d| d["message"].as_str().unwrap().contains("internal error")),
            "{ws:?}: {:#?}",
            files["bad.dossier.yaml"]
        );
        assert!(!files["good.dossier.yaml"].is_empty());
    }
}

#[test]
fn a_panic_on_one_file_is_a_diagnostic_on_that_file_and_the_others_are_checked() {
    let dir = folder_with(b"dossier: 1\n# PANIC-HERE\n");
    let env = [("DOSSIER_TEST_PANIC_ON", "PANIC-HERE")];
    let (code, files) = check_folder(dir.path(), &env);
    assert_eq!(code, 1);
    let bad = &files["bad.dossier.yaml"];
    assert_eq!(bad.len(), 1, "{bad:#?}");
    assert_eq!(bad[0]["severity"], "error");
    assert!(
        bad[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("internal error while analysing this file, please report it"),
        "{bad:#?}"
    );
    let (_, without_panic) = check_folder(dir.path(), &[]);
    assert_eq!(
        files["good.dossier.yaml"],
        without_panic["good.dossier.yaml"]
    );
    // `render` of the folder still writes the good file's report.
    let out = dir.path().join("out");
    let o = std::process::Command::new(env!("CARGO_BIN_EXE_dossier"))
        .args(["render", "--today", "2026-11-24", ".", "-o"])
        .arg(&out)
        .current_dir(dir.path())
        .envs(env)
        .output()
        .unwrap();
    assert!(o.status.code().is_some(), "not killed by a signal");
    assert!(out.join("good.html").is_file(), "{}", stderr(&o));
}

#[test]
fn yaml_and_tag_directives_are_syntax_errors_at_the_directive() {
    let example =
        std::fs::read_to_string(repo_root().join("examples/alibaba-cloud.dossier.yaml")).unwrap();
    let text = format!("%YAML 1.2\n%YAML 1.2\n%TAG !e! tag:example.com,2026:\n---\n{example}");
    let (code, diags) = check_file(text.as_bytes());
    assert_eq!(code, 1);
    let syntax: Vec<_> = diags.iter().filter(|d| d["rule"] == "syntax").collect();
    assert_eq!(syntax.len(), 3, "{syntax:#?}");
    for (d, line) in syntax.iter().zip([1, 2, 3]) {
        assert_eq!(d["start"]["line"], line, "{d:#}");
        assert!(d["message"]
            .as_str()
            .unwrap()
            .contains("directives are not allowed in a dossier"));
    }
}
