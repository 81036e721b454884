//! The rules. Each module adds diagnostics for one concern; `run` calls
//! them all. Severity overrides and suppressions are applied afterwards.

mod citations;
mod dates;
mod frameworks;
mod profile;
mod programme;
mod questionnaires;
mod questions;
mod rating;

pub use dates::freshness_of_fact;

use dossier_schema::dates::Day;
use dossier_schema::JsonDoc;
use dossier_syntax::Parse;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit, Payload, Rule};
use crate::sink::Sink;

/// The generated part of docs/rules.md: the table of rules (code, default
/// severity, when it fires), then one section per rule, in [`Rule::ALL`]
/// order, from the registry (`crate::registry`) and `rules/docs/<code>.md`.
pub fn rules_markdown() -> String {
    let mut s = String::from("| code | default | when |\n|---|---|---|\n");
    for r in Rule::ALL {
        s.push_str(&format!(
            "| [`{0}`](#{0}) | {1} | {2} |\n",
            r.code(),
            r.default_severity().as_str(),
            r.summary()
        ));
    }
    for r in Rule::ALL {
        let meta = r.meta();
        let body = meta
            .body
            .trim_end()
            .replace("{example}", &format!("`{}`", meta.example))
            .replace("{freshness-table}", dates::freshness_table().trim_end())
            .replace(
                "{warn-days}",
                &crate::config::Freshness::default().warn_days.to_string(),
            )
            .replace("{max-warn-days}", &crate::config::MAX_WARN_DAYS.to_string());
        s.push_str(&format!("\n## {}\n{body}\n", r.code()));
    }
    s
}

pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub json: Option<&'a JsonDoc>,
    pub config: &'a Config,
    pub today: Day,
    /// The score, computed before the rules (the rating rule reads it).
    pub score: Option<&'a dossier_score::ScoreReport>,
}

/// The diagnostics of schema issues (validation of `ctx.json`, or of each
/// section by the analysis's memo), into `out`.
pub(crate) fn schema_diagnostics(
    ctx: &Ctx,
    issues: Vec<dossier_schema::SchemaIssue>,
    out: &mut Sink,
) {
    for issue in issues {
        if ctx.parse.partial && issue.missing_key.is_some() {
            continue; // what is "missing" may be in the part that did not parse
        }
        if ctx.parse.in_unreadable(issue.range) {
            continue; // salvaged from an ERROR node: its level is a guess
        }
        let mut d = Diagnostic::new(Rule::Schema, issue.range, issue.message);
        if let Some(key) = issue.missing_key {
            d = d.with_payload(Payload::MissingKey { key });
        }
        if let Some(r) = issue.replacement {
            let applicability = if r.certain {
                crate::Applicability::MachineApplicable
            } else {
                crate::Applicability::MaybeIncorrect
            };
            d = d.with_fix_of(
                applicability,
                r.title,
                vec![Edit {
                    range: r.range,
                    text: r.text,
                }],
            );
        }
        out.push(d);
    }
}

/// `sections`: the schema issues the analysis's memo found section by
/// section, in place of validating `ctx.json` whole.
pub(crate) fn run(ctx: &Ctx, out: &mut Sink, sections: Option<Vec<dossier_schema::SchemaIssue>>) {
    for e in &ctx.parse.errors {
        out.push(Diagnostic::new(Rule::Syntax, e.range, e.message.clone()));
    }
    if ctx.parse.refused {
        return;
    }
    let Some(root) = ctx.parse.root.as_ref() else {
        out.push(Diagnostic::new(
            Rule::Schema,
            dossier_syntax::TextRange::empty(0),
            "the file is empty: start with `dossier: 1` (or run `dossier new \"Vendor\"`)",
        ));
        return;
    };
    if root.as_mapping().is_none() {
        out.push(Diagnostic::new(
            Rule::Schema,
            root.range,
            format!(
                "a dossier is a mapping of keys (`dossier: 1`, `vendor:` ...), not {}",
                root.type_name()
            ),
        ));
        return;
    }
    if let Some(json) = ctx.json {
        let extra = ctx.config.extra_schema.as_deref();
        schema_diagnostics(ctx, dossier_schema::validate(json, extra), out);
    } else if let Some(issues) = sections {
        schema_diagnostics(ctx, issues, out);
    }
    // `dossier: 0x1`, `+1`, `01`: the integer 1 to this parser, but not
    // the version as the format writes it (and other YAML readers differ
    // on hex and octal): only `1` is the version.
    if let Some(v) = root.value("dossier") {
        let written = ctx.text.get(v.range.start..v.range.end).unwrap_or("");
        if v.as_scalar()
            .is_some_and(|s| matches!(s.kind, dossier_syntax::ScalarKind::Int(1)))
            && written.trim() != "1"
        {
            out.push(
                Diagnostic::new(
                    Rule::Schema,
                    v.range,
                    format!("the format version is written `1`, not `{written}`"),
                )
                .with_fix_of(
                    crate::Applicability::MachineApplicable,
                    "Write `1`",
                    vec![Edit {
                        range: v.range,
                        text: "1".into(),
                    }],
                ),
            );
        }
    }
    let view = dossier_schema::view::DossierView::new(root);
    // From here on the sink drops what the rules say about the part the
    // parser could not read, and what they conclude from absence.
    out.rules_stage();
    citations::check(&view, out);
    dates::check(ctx, root, &view, out);
    questions::check(ctx, &view, out);
    profile::check(ctx, &view, out);
    frameworks::check(&view, out);
    questionnaires::check(&view, out);
    rating::check(ctx, &view, out);
    programme::check(ctx, &view, out);
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_fix, fix_applicability};
    use crate::{Applicability, Rule};

    #[test]
    fn the_version_is_written_1() {
        check_fix(
            Rule::Schema,
            "dossier: 0$0x1\nvendor:\n  name: Acme\n  kind: other\n",
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\n",
        );
    }

    #[test]
    fn a_misspelt_key_and_a_yaml_boolean_are_fixed() {
        check_fix(
            Rule::Schema,
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nfacts:\n  security_compliance:\n    soc2_t$0yp2: not_disclosed\n",
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nfacts:\n  security_compliance:\n    soc2_type2: not_disclosed\n",
        );
        let boolean = "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nfacts:\n  security_compliance:\n    soc2_type2: tr$0ue\n";
        check_fix(
            Rule::Schema,
            boolean,
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nfacts:\n  security_compliance:\n    soc2_type2: yes\n",
        );
        // What the format asks for exactly: tools may apply it unasked.
        assert_eq!(
            fix_applicability(Rule::Schema, boolean),
            Applicability::MachineApplicable
        );
    }
}
