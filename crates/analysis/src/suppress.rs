//! `# dossier: ignore[rule-code] reason` comments.
//!
//! A suppression at the end of a line applies to that line; one on a line
//! of its own applies to the next line with content. A suppression without
//! a reason, or naming an unknown rule, is itself a `bad-suppression`.

use dossier_syntax::{Encoding, LineIndex, Parse, TextRange};

use crate::diagnostic::{Diagnostic, Edit, Rule, RuleDoc};

/// The documentation of the rules this module reports (docs/rules.md is
/// generated from it).
pub(crate) const DOCS: &[RuleDoc] = &[RuleDoc {
    rule: Rule::BadSuppression,
    summary: "An `ignore` comment without a reason or with an unknown rule code.",
    body: r#"A `# dossier: ignore[...]` comment without a reason, naming an unknown rule
(with a did-you-mean fix), or malformed. A suppression without a reason
still suppresses. Example: `examples/broken/bad-suppression.dossier.yaml`."#,
}];

struct Suppression {
    line: u32,
    rules: Vec<Rule>,
}

pub(crate) fn apply(text: &str, parse: &Parse, index: &LineIndex, diags: &mut Vec<Diagnostic>) {
    let mut sups = Vec::new();
    let mut bad = Vec::new();
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
        if after[close + 1..].trim().is_empty() {
            bad.push(Diagnostic::new(
                Rule::BadSuppression,
                c.range,
                "suppression without a reason: say why after the `]`",
            ));
        }
        let here = index.line_col(c.range.start, Encoding::Utf8).line;
        let line_start = index.line_range(here).map_or(0, |r| r.start);
        let alone = text[line_start..c.range.start].trim().is_empty();
        let line = if alone {
            next_content_line(text, index, here)
        } else {
            Some(here)
        };
        if let Some(line) = line {
            sups.push(Suppression { line, rules });
        }
    }
    diags.retain(|d| {
        let line = index.line_col(d.range.start, Encoding::Utf8).line;
        !sups
            .iter()
            .any(|s| s.line == line && s.rules.contains(&d.rule))
    });
    diags.extend(bad);
}

fn next_content_line(text: &str, index: &LineIndex, after: u32) -> Option<u32> {
    let mut line = after + 1;
    while let Some(r) = index.line_range(line) {
        let content = text[r.start..r.end].trim();
        if !content.is_empty() && !content.starts_with('#') {
            return Some(line);
        }
        line += 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_diagnostics;
    use crate::Rule;

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
}
