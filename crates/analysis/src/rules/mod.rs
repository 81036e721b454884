//! The rules. Each module adds diagnostics for one concern; `run` calls
//! them all. Severity overrides and suppressions are applied afterwards.

mod citations;
mod dates;
mod frameworks;
mod profile;
mod questionnaires;
mod questions;

pub use dates::freshness_of_fact;

use dossier_schema::dates::Day;
use dossier_schema::JsonDoc;
use dossier_syntax::Parse;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit, Payload, Rule, RuleDoc};

/// The documentation of the rules this module reports (docs/rules.md is
/// generated from it).
pub(crate) const DOCS: &[RuleDoc] = &[
    RuleDoc {
        rule: Rule::Syntax,
        summary: "Not YAML, or YAML the format forbids: tabs, anchors/aliases, tags, merge keys, several documents, `%YAML`/`%TAG` directives, duplicate keys, invalid UTF-8, nesting deeper than 64, files larger than 4 MiB or longer than 32,768 lines.",
        body: r#"The file is not YAML, or uses YAML the format forbids: tab characters used
as indentation or spacing, anchors (`&a`) and aliases (`*a`), tags
(`!!str`), merge keys (`<<`), several documents (`---`), directives
(`%YAML`, `%TAG`, each located on its line), duplicate keys, invalid UTF-8
(located at the first bad byte), NUL bytes, nesting deeper than 64 levels,
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
}

/// The diagnostics of schema issues (validation of `ctx.json`, or of each
/// section by the analysis's memo).
pub(crate) fn schema_diagnostics(
    ctx: &Ctx,
    issues: Vec<dossier_schema::SchemaIssue>,
) -> Vec<Diagnostic> {
    let mut out = Vec::new();
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
    out
}

pub(crate) fn run(ctx: &Ctx, out: &mut Vec<Diagnostic>) {
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
        out.extend(schema_diagnostics(
            ctx,
            dossier_schema::validate(json, extra),
        ));
    }
    let view = dossier_schema::view::DossierView::new(root);
    let first = out.len();
    citations::check(&view, out);
    dates::check(ctx, root, &view, out);
    questions::check(ctx, &view, out);
    profile::check(ctx, &view, out);
    frameworks::check(&view, out);
    questionnaires::check(&view, out);
    if !ctx.parse.unreadable.is_empty() {
        // The syntax error stands for the part the parser could not read:
        // no rule speaks about what lies there, and no rule concludes from
        // absence (a source never cited, a cite to no source, a missing
        // question), since what is absent may be written there.
        let mut i = first;
        while i < out.len() {
            let d = &out[i];
            let from_absence = matches!(
                d.rule,
                Rule::UnusedSource | Rule::UnknownSource | Rule::MissingQuestion
            );
            if from_absence || ctx.parse.in_unreadable(d.range) {
                out.remove(i);
            } else {
                i += 1;
            }
        }
    }
}
