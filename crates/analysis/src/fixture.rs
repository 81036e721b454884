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
//!
//! `check_fix` fixtures, as rust-analyzer's: a dossier before, with `$0`
//! inside the range of the diagnostic whose fix is applied, and the text
//! after. A fix is tested by the text it produces, not by its existence;
//! every rule the registry marks [`Trait::Fixable`] has one (a test below
//! holds this).

use dossier_schema::dates::Day;

use crate::{analyze, Applicability, Config, Edit, Rule, Trait};

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

/// Apply the fix of the `rule` diagnostic under `$0` in `before` (its
/// first fix, the one the editor lists first) and compare the text with
/// `after`. The fix's edits must not overlap.
#[track_caller]
pub(crate) fn check_fix(rule: Rule, before: &str, after: &str) {
    check_fix_with(&config(), rule, before, after)
}

#[track_caller]
pub(crate) fn check_fix_with(config: &Config, rule: Rule, before: &str, after: &str) {
    let fix = fix_at(config, rule, before);
    let text = before.replacen("$0", "", 1);
    assert_eq!(
        apply(&text, &fix.edits),
        after,
        "the fix `{}` of {} gives (left), expected (right)",
        fix.title,
        rule.code()
    );
}

/// The applicability of the `rule` fix under `$0`, for fixtures that pin
/// it (a machine-applicable fix is applied by tools unasked).
#[track_caller]
pub(crate) fn fix_applicability(rule: Rule, before: &str) -> Applicability {
    fix_at(&config(), rule, before).applicability
}

#[track_caller]
fn fix_at(config: &Config, rule: Rule, before: &str) -> crate::Fix {
    assert!(
        rule.has(Trait::Fixable),
        "{} is not marked Fixable in the registry",
        rule.code()
    );
    let at = before
        .find("$0")
        .expect("the fixture marks a diagnostic with $0");
    let text = before.replacen("$0", "", 1);
    let analysis = analyze(&text, config, config.today.expect("fixtures set today"));
    let d = analysis
        .diagnostics
        .iter()
        .find(|d| d.rule == rule && d.range.start <= at && at <= d.range.end)
        .unwrap_or_else(|| {
            panic!(
                "no {} diagnostic at $0 ({at}); there are: {:#?}",
                rule.code(),
                analysis.diagnostics
            )
        });
    d.fixes
        .first()
        .unwrap_or_else(|| panic!("the {} diagnostic at $0 has no fix: {d:#?}", rule.code()))
        .clone()
}

/// `text` with `edits` applied (ranges in `text`, not overlapping).
fn apply(text: &str, edits: &[Edit]) -> String {
    let mut edits: Vec<&Edit> = edits.iter().collect();
    edits.sort_by_key(|e| (e.range.start, e.range.end));
    for w in edits.windows(2) {
        assert!(
            w[0].range.end <= w[1].range.start,
            "overlapping edits: {edits:?}"
        );
    }
    let mut out = text.to_string();
    for e in edits.iter().rev() {
        out.replace_range(e.range.start..e.range.end, &e.text);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every rule marked `Fixable` has a `check_fix` fixture, and only
    /// those: read from the crate's sources (`check_fix(Rule::X` or
    /// `check_fix_with(.., Rule::X`).
    #[test]
    fn every_fixable_rule_has_a_fix_fixture() {
        let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
        let mut sources = String::new();
        let mut dirs = vec![src];
        while let Some(dir) = dirs.pop() {
            for e in std::fs::read_dir(dir).unwrap() {
                let p = e.unwrap().path();
                if p.is_dir() {
                    dirs.push(p);
                } else if p.extension().is_some_and(|x| x == "rs") && !p.ends_with("fixture.rs") {
                    sources.push_str(&std::fs::read_to_string(p).unwrap());
                }
            }
        }
        let mut fixed = std::collections::BTreeSet::new();
        for (i, _) in sources.match_indices("check_fix") {
            let call = &sources[i..];
            if !(call.starts_with("check_fix(") || call.starts_with("check_fix_with(")) {
                continue;
            }
            let call = &call[..call.find(';').unwrap_or(call.len())];
            if let Some(at) = call.find("Rule::") {
                let name: String = call[at + 6..]
                    .chars()
                    .take_while(|c| c.is_alphanumeric())
                    .collect();
                fixed.insert(name);
            }
        }
        let fixable: std::collections::BTreeSet<String> = Rule::ALL
            .iter()
            .filter(|r| r.has(Trait::Fixable))
            .map(|r| format!("{r:?}"))
            .collect();
        assert_eq!(
            fixed, fixable,
            "rules with a check_fix fixture (left) and rules marked Fixable (right)"
        );
    }

    #[test]
    fn edits_apply_from_the_end() {
        let e = |s, t: &str| Edit {
            range: dossier_syntax::TextRange::new(s, s + 1),
            text: t.into(),
        };
        assert_eq!(apply("abc", &[e(2, "Z"), e(0, "XY")]), "XYbZ");
    }
}
