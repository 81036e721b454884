//! `check_diagnostics` fixtures, in the style of rust-analyzer: a dossier
//! with annotation lines under the offending text,
//!
//! ```text
//!     soc2_type2: yes
//!     ^^^^^^^^^^ warning[uncited-fact]: `security_compliance.soc2_type2` is …
//! ```
//!
//! The carets mark the diagnostic's range on the line above (its part on
//! that line; an empty range is one caret), then the severity, the rule
//! code and the whole message. Annotation lines are removed before the
//! text is analysed (as of 2026-11-24) and every diagnostic of the rules
//! under test must be annotated, no more and no less.

use dossier_schema::dates::Day;

use crate::{analyze, Config, Rule};

pub(crate) fn config() -> Config {
    Config {
        today: Day::parse("2026-11-24"),
        ..Config::default()
    }
}

/// Check the diagnostics of `rules` against the annotations of `fixture`.
#[track_caller]
pub(crate) fn check_diagnostics(rules: &[Rule], fixture: &str) {
    check_diagnostics_with(&config(), rules, fixture)
}

#[track_caller]
pub(crate) fn check_diagnostics_with(config: &Config, rules: &[Rule], fixture: &str) {
    let mut text = String::new();
    let mut expected: Vec<String> = Vec::new();
    let mut last_line_start = 0;
    for line in fixture.split_inclusive('\n') {
        let trimmed = line.trim_start();
        if trimmed.starts_with('^') {
            let col = line.len() - trimmed.len();
            let carets = trimmed.chars().take_while(|c| *c == '^').count();
            let rest = trimmed[carets..].trim();
            let start = last_line_start + col;
            expected.push(format!("{start}..{} {rest}", start + carets));
        } else {
            last_line_start = text.len();
            text.push_str(line);
        }
    }
    let analysis = analyze(&text, config, config.today.expect("fixtures set today"));
    let mut actual: Vec<String> = analysis
        .diagnostics
        .iter()
        .filter(|d| rules.contains(&d.rule))
        .map(|d| {
            let line_end = text[d.range.start..]
                .find('\n')
                .map_or(text.len(), |i| d.range.start + i);
            let end = if d.range.is_empty() {
                d.range.start + 1
            } else {
                d.range.end.min(line_end)
            };
            format!(
                "{}..{end} {}[{}]: {}",
                d.range.start,
                d.severity.as_str(),
                d.rule.code(),
                d.message
            )
        })
        .collect();
    expected.sort();
    actual.sort();
    assert_eq!(
        actual.join("\n"),
        expected.join("\n"),
        "diagnostics (left) differ from the annotations (right) in:\n{text}"
    );
}
