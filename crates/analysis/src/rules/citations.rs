//! uncited-fact, unknown-source, unused-source, contradictory-needs-two.

use std::collections::HashSet;

use dossier_schema::view::DossierView;

use super::Ctx;
use crate::diagnostic::{Diagnostic, Edit, Rule};

pub(super) fn check(_ctx: &Ctx, view: &DossierView, out: &mut Vec<Diagnostic>) {
    let sources = view.sources();
    let ids: Vec<&str> = sources.iter().map(|s| s.id).collect();

    for f in view.facts() {
        match f.def {
            // A value outside its domain is a schema error already.
            Some(def) if !def.domain.accepts(f.value) => continue,
            // An unknown key is a schema error already.
            None if !f
                .key
                .starts_with(dossier_schema::catalogue::EXTENSION_PREFIX) =>
            {
                continue
            }
            _ => {}
        }
        let Some(word) = f
            .value
            .as_scalar()
            .map(|s| s.value.as_str())
            .or(f.value.as_sequence().map(|_| "[…]"))
        else {
            if !f.value.is_null() {
                // a mapping without `value`: schema reports it
            }
            continue;
        };
        if f.value.is_null() || f.is_not_disclosed() {
            continue;
        }
        if f.cites.is_empty() {
            let how = if f.shorthand {
                "use the full form `{value: …, cite: source-id}`"
            } else {
                "add `cite:` with a source id"
            };
            out.push(Diagnostic::new(
                Rule::UncitedFact,
                f.entry.key.range,
                format!(
                    "`{}` is `{}` but cites no source: {how}",
                    f.path(),
                    short(word)
                ),
            ));
        }
        if f.is_contradictory() {
            let distinct: HashSet<&str> = f.cites.iter().map(|c| c.text).collect();
            if distinct.len() < 2 {
                out.push(Diagnostic::new(
                    Rule::ContradictoryNeedsTwo,
                    f.value.range,
                    format!(
                        "`{}` is `contradictory` but cites {} source{}: cite the two sources that disagree",
                        f.path(),
                        distinct.len(),
                        if distinct.len() == 1 { "" } else { "s" }
                    ),
                ));
            }
        }
    }

    let citations = view.all_citations();
    for c in &citations {
        if !ids.contains(&c.text) {
            let suggestion = dossier_schema::did_you_mean(c.text, ids.iter().copied());
            let mut d = Diagnostic::new(
                Rule::UnknownSource,
                c.range,
                match suggestion {
                    Some(s) => format!("`{}` is not a source id: did you mean `{s}`?", c.text),
                    None => format!(
                        "`{}` is not a source id: add it to `sources` or fix the id",
                        c.text
                    ),
                },
            );
            if let Some(s) = suggestion {
                d = d.with_fix(
                    format!("Change to `{s}`"),
                    vec![Edit {
                        range: c.range,
                        text: s.to_string(),
                    }],
                );
            }
            out.push(d);
        }
    }

    let cited: HashSet<&str> = citations.iter().map(|c| c.text).collect();
    for s in &sources {
        if !cited.contains(s.id) {
            out.push(Diagnostic::new(
                Rule::UnusedSource,
                s.entry.key.range,
                format!(
                    "source `{}` is never cited: cite it from a fact or remove it",
                    s.id
                ),
            ));
        }
    }
}

fn short(s: &str) -> String {
    let t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        format!("{t}…")
    } else {
        t
    }
    .replace('\n', " ")
}
