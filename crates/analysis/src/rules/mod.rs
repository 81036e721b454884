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
use crate::diagnostic::{Diagnostic, Edit, Payload, Rule, RuleDoc};
use crate::sink::Sink;

/// The documentation of the rules this module reports (docs/rules.md is
/// generated from it).
pub(crate) const DOCS: &[RuleDoc] = &[
    RuleDoc {
        rule: Rule::Syntax,
        summary: "Not YAML, or YAML the format forbids: tabs, anchors/aliases, tags, merge keys, several documents, `%YAML`/`%TAG` directives, duplicate keys, invalid UTF-8, characters YAML forbids (DEL, C1 controls, U+FFFE/U+FFFF), nesting deeper than 64, files larger than 4 MiB or longer than 32,768 lines.",
        body: r#"The file is not YAML, or uses YAML the format forbids: tab characters used
as indentation or spacing, anchors (`&a`) and aliases (`*a`), tags
(`!!str`), merge keys (`<<`), several documents (`---`), directives
(`%YAML`, `%TAG`, each located on its line), duplicate keys, invalid UTF-8
(located at the first bad byte), NUL bytes, characters YAML 1.2 does not
allow even in quotes (C0 controls other than tab and line breaks, DEL, C1
controls other than NEL, U+FFFE, U+FFFF; the first on each line is
located), nesting deeper than 64 levels,
files larger than 4 MiB or longer than 32,768 lines (the most
tree-sitter-yaml reads correctly: it counts rows in 16 bits). Files that
are too deep, too large or too long are refused before parsing, with one
diagnostic, so the parser never sees them. A YAML error is located where
the parse broke (a stray bracket, the opening of an unclosed quote, the
first line the parser could not read), not at the start of the file. The
part the parser could not read gets only that error: no other rule reports
on it, and while it exists no rule concludes from absence (`unused-source`,
`unknown-source`, `missing-question`, missing required keys), since what
looks absent may be written there. Example: `examples/broken/syntax.dossier.yaml`."#,
    },
    RuleDoc {
        rule: Rule::Schema,
        summary: "Wrong type, unknown key, missing required key, or value outside its domain.",
        body: r#"The document does not match the format's JSON Schema (`dossier schema`), or
the extra schema named in `dossier.toml`. The range is the key or value at
fault. Unknown keys and misspelt words get a "did you mean" quick fix; the
YAML booleans `true`/`false` where a `state` is expected get a fix to
`yes`/`no`. Keys starting with `x_` are allowed at the top level and in fact
sections (kept, cited, not scored). Example: `examples/broken/schema.dossier.yaml`."#,
    },
];

/// Every rule's documentation, in no particular order.
pub(crate) fn docs() -> impl Iterator<Item = &'static RuleDoc> {
    DOCS.iter()
        .chain(citations::DOCS)
        .chain(dates::DOCS)
        .chain(questions::DOCS)
        .chain(questionnaires::DOCS)
        .chain(crate::suppress::DOCS)
        .chain(profile::DOCS)
        .chain(rating::DOCS)
        .chain(programme::DOCS)
        .chain(crate::evidence::DOCS)
}

/// The generated part of docs/rules.md: the table of rules (code, default
/// severity, when it fires), then one section per rule, in [`Rule::ALL`]
/// order.
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
        let body = r
            .doc()
            .body
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
