//! `# dossier: ignore[rule-code] reason` comments.
//!
//! A suppression at the end of a line applies to that line; one on a line
//! of its own applies to the next line with content. A suppression without
//! a reason, or naming an unknown rule, is itself a `bad-suppression`.

use std::collections::HashMap;

use dossier_syntax::{Encoding, LineIndex, Parse, TextRange};

use crate::diagnostic::{Diagnostic, Edit, Rule};

/// A reason that only promises one (`TODO`, `FIXME: say why`, `...`).
fn is_placeholder(reason: &str) -> bool {
    let lower = reason.to_ascii_lowercase();
    let first = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .find(|w| !w.is_empty())
        .unwrap_or("");
    matches!(first, "todo" | "fixme" | "xxx" | "tbd" | "reason")
        || lower.chars().all(|c| !c.is_alphanumeric())
        || lower == "say why"
}

struct Suppression {
    line: u32,
    rules: Vec<Rule>,
}

/// The rules suppressed on each line.
#[derive(Default)]
pub(crate) struct Suppressions {
    by_line: HashMap<u32, Vec<Rule>>,
}

impl Suppressions {
    pub(crate) fn is_empty(&self) -> bool {
        self.by_line.is_empty()
    }

    /// Whether a diagnostic of `rule` on `line` (0-based) is suppressed.
    pub(crate) fn covers(&self, line: u32, rule: Rule) -> bool {
        self.by_line
            .get(&line)
            .is_some_and(|rules| rules.contains(&rule))
    }
}

/// The suppressions of a file, and the diagnostics about suppressions that
/// are malformed, unknown or give no reason (these still suppress).
pub(crate) fn collect(
    text: &str,
    parse: &Parse,
    index: &LineIndex,
) -> (Suppressions, Vec<Diagnostic>) {
    let mut sups = Vec::new();
    let mut bad = Vec::new();
    let mut next_content = NextContent::default();
    for c in &parse.comments {
        let body = c.text.trim_start_matches('#').trim_start();
        let Some(rest) = body.strip_prefix("dossier:") else {
            continue;
        };
        let rest = rest.trim_start();
        let Some(after) = rest.strip_prefix("ignore[") else {
            bad.push(Diagnostic::new(
                Rule::BadSuppression,
                c.range,
                "malformed suppression: write `# dossier: ignore[rule-code] reason`",
            ));
            continue;
        };
        let Some(close) = after.find(']') else {
            bad.push(Diagnostic::new(
                Rule::BadSuppression,
                c.range,
                "malformed suppression: close the rule list with `]` and give a reason",
            ));
            continue;
        };
        let codes_start = c.range.start + (c.text.len() - after.len());
        let mut rules = Vec::new();
        let mut offset = 0;
        for raw in after[..close].split(',') {
            let code = raw.trim();
            let lead = raw.len() - raw.trim_start().len();
            let range = TextRange::new(
                codes_start + offset + lead,
                codes_start + offset + lead + code.len(),
            );
            offset += raw.len() + 1;
            match Rule::from_code(code) {
                Some(Rule::Syntax) => {
                    // Syntax errors mean the file is not read as written:
                    // hiding one would hide what every other rule missed.
                    bad.push(Diagnostic::new(
                        Rule::BadSuppression,
                        range,
                        "`syntax` errors cannot be suppressed: fix the YAML instead",
                    ));
                }
                Some(r) => rules.push(r),
                None => {
                    let suggestion =
                        dossier_schema::did_you_mean(code, Rule::ALL.iter().map(|r| r.code()));
                    let mut d = Diagnostic::new(
                        Rule::BadSuppression,
                        range,
                        match suggestion {
                            Some(s) => format!("unknown rule `{code}` in suppression: did you mean `{s}`?"),
                            None => format!("unknown rule `{code}` in suppression: see `dossier check --help` for rule codes"),
                        },
                    );
                    if let Some(s) = suggestion {
                        d = d.with_fix(
                            format!("Change to `{s}`"),
                            vec![Edit {
                                range,
                                text: s.to_string(),
                            }],
                        );
                    }
                    bad.push(d);
                }
            }
        }
        let reason = after[close + 1..].trim();
        if reason.is_empty() {
            bad.push(Diagnostic::new(
                Rule::BadSuppression,
                c.range,
                "suppression without a reason: say why after the `]`",
            ));
        } else if is_placeholder(reason) {
            bad.push(Diagnostic::new(
                Rule::BadSuppression,
                c.range,
                format!(
                    "`{reason}` is a placeholder, not a reason: say why this is not a problem here"
                ),
            ));
        }
        let here = index.line_col(c.range.start, Encoding::Utf8).line;
        let line_start = index.line_range(here).map_or(0, |r| r.start);
        let alone = text[line_start..c.range.start].trim().is_empty();
        let line = if alone {
            next_content.after(text, index, here)
        } else {
            Some(here)
        };
        if let Some(line) = line {
            sups.push(Suppression { line, rules });
        }
    }
    // One lookup per diagnostic, not a search of every suppression.
    let mut by_line: HashMap<u32, Vec<Rule>> = HashMap::new();
    for s in sups {
        by_line.entry(s.line).or_default().extend(s.rules);
    }
    (Suppressions { by_line }, bad)
}

/// The next line with content (not blank, not only a comment) after a
/// line. Comments come in order, so the search resumes where the last one
/// stopped: a block of comment lines is read once, not once per comment.
#[derive(Default)]
struct NextContent {
    /// The last answer: lines from `from` up to `found` (or the end) hold
    /// no content before `found`.
    last: Option<(u32, Option<u32>)>,
}

impl NextContent {
    fn after(&mut self, text: &str, index: &LineIndex, after: u32) -> Option<u32> {
        let mut line = after + 1;
        if let Some((from, found)) = self.last {
            if from <= line && found.is_none_or(|f| line <= f) {
                return found;
            }
            if let Some(f) = found {
                line = line.max(f);
            }
        }
        let found = loop {
            let Some(r) = index.line_range(line) else {
                break None;
            };
            let content = text[r.start..r.end].trim();
            if !content.is_empty() && !content.starts_with('#') {
                break Some(line);
            }
            line += 1;
        };
        self.last = Some((after + 1, found));
        found
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_diagnostics, check_fix};
    use crate::{analyze, Config, Rule};

    #[test]
    fn suppressions() {
        check_diagnostics(
            &[Rule::BadSuppression, Rule::UncitedFact],
            r#"dossier: 1
vendor:
  name: Acme
  kind: other
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
facts:
  security_compliance:
    # dossier: ignore[uncited-fact] shared under NDA
    soc2_type2: yes
    iso_27001: yes # dossier: ignore[uncited-facts] typo
                                     ^^^^^^^^^^^^^ warning[bad-suppression]: unknown rule `uncited-facts` in suppression: did you mean `uncited-fact`?
    ^^^^^^^^^ warning[uncited-fact]: `security_compliance.iso_27001` is `yes` but cites no source: use the full form `{value: …, cite: source-id}`
    c5: yes # dossier: ignore[uncited-fact]
            ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ warning[bad-suppression]: suppression without a reason: say why after the `]`
"#,
        );
    }

    #[test]
    fn a_misspelt_rule_code_is_fixed() {
        let text = |code: &str| {
            format!(
                "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nfacts:\n  security_compliance:\n    soc2_type2: yes # dossier: ignore[{code}] shared under NDA\n"
            )
        };
        check_fix(
            Rule::BadSuppression,
            &text("uncited-fa$0cts"),
            &text("uncited-fact"),
        );
    }

    fn bad_suppressions(reason: &str) -> usize {
        let text = format!(
            "dossier: 1\nvendor: {{name: V}}\nassessment: {{}}\nsources: {{}}\nfacts: {{}}\n# dossier: ignore[missing-question] {reason}\nquestions: []\n"
        );
        let today = dossier_schema::dates::Day::parse("2026-11-24").unwrap();
        crate::analyze(&text, &crate::Config::default(), today)
            .diagnostics
            .iter()
            .filter(|d| d.rule == Rule::BadSuppression)
            .count()
    }

    #[test]
    fn placeholder_reasons_are_bad_suppressions() {
        for r in ["TODO: say why", "todo", "FIXME", "...", "TBD later"] {
            assert_eq!(bad_suppressions(r), 1, "{r}");
        }
        assert_eq!(
            bad_suppressions("questions are tracked in the vendor portal"),
            0
        );
    }

    #[test]
    fn syntax_errors_cannot_be_suppressed() {
        let text = "dossier: 1\ndossier: 1 # dossier: ignore[syntax] it is fine\n";
        let today = dossier_schema::dates::Day::parse("2026-11-24").unwrap();
        let a = analyze(text, &Config::default(), today);
        let rules: Vec<Rule> = a.diagnostics.iter().map(|d| d.rule).collect();
        assert!(rules.contains(&Rule::Syntax), "{:?}", a.diagnostics);
        let bad = a
            .diagnostics
            .iter()
            .find(|d| d.rule == Rule::BadSuppression)
            .expect("the suppression is reported");
        assert_eq!(&text[bad.range.start..bad.range.end], "syntax");
    }
}
