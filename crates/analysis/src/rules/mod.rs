//! The rules. Each module adds diagnostics for one concern; `run` calls
//! them all. Severity overrides and suppressions are applied afterwards.

mod citations;
mod dates;
mod frameworks;
mod profile;
mod questions;

pub use dates::freshness_of_fact;

use dossier_schema::dates::Day;
use dossier_schema::JsonDoc;
use dossier_syntax::Parse;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Edit, Payload, Rule};

pub(crate) struct Ctx<'a> {
    pub text: &'a str,
    pub parse: &'a Parse,
    pub json: Option<&'a JsonDoc>,
    pub config: &'a Config,
    pub today: Day,
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
        for issue in dossier_schema::validate(json, extra) {
            if ctx.parse.partial && issue.missing_key.is_some() {
                continue; // what is "missing" may be in the part that did not parse
            }
            let mut d = Diagnostic::new(Rule::Schema, issue.range, issue.message);
            if let Some(key) = issue.missing_key {
                d = d.with_payload(Payload::MissingKey { key });
            }
            if let Some(r) = issue.replacement {
                d = d.with_fix(
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
    let view = dossier_schema::view::DossierView::new(root);
    citations::check(ctx, &view, out);
    dates::check(ctx, root, &view, out);
    questions::check(ctx, &view, out);
    profile::check(ctx, &view, out);
    frameworks::check(ctx, &view, out);
}
