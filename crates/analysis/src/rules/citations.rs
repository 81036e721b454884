//! uncited-fact, unknown-source, unused-source, contradictory-needs-two.

use std::collections::HashSet;

use dossier_schema::view::DossierView;

use crate::diagnostic::{Diagnostic, Edit, Payload, Rule};
use crate::sink::Sink;

pub(super) fn check(view: &DossierView, out: &mut Sink) {
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
        let not_applicable = f.word() == Some(dossier_schema::catalogue::NOT_APPLICABLE);
        if not_applicable && f.cites.is_empty() {
            // The analyst's word that a fact does not apply needs a reason
            // or a source, like any other claim.
            if f.entry
                .value
                .value("note")
                .and_then(|n| n.as_str())
                .is_none_or(|n| n.trim().is_empty())
            {
                out.push(
                    Diagnostic::new(
                        Rule::UncitedFact,
                        f.entry.key.range,
                        format!(
                            "`{}` is `not_applicable` but says neither why nor where: add `note:` with the reason, or `cite:` a source",
                            f.path()
                        ),
                    )
                    .with_payload(Payload::Fact { path: f.path() }),
                );
            }
        } else if f.cites.is_empty() {
            let how = if f.shorthand {
                "use the full form `{value: …, cite: source-id}`"
            } else {
                "add `cite:` with a source id"
            };
            out.push(
                Diagnostic::new(
                    Rule::UncitedFact,
                    f.entry.key.range,
                    format!(
                        "`{}` is `{}` but cites no source: {how}",
                        f.path(),
                        short(word)
                    ),
                )
                .with_payload(Payload::Fact { path: f.path() }),
            );
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
                )
                .with_payload(Payload::Fact { path: f.path() }));
            }
        }
    }

    let citations = view.all_citations();
    let known: HashSet<&str> = ids.iter().copied().collect();
    let suggester = dossier_schema::Suggester::new(ids.iter().copied());
    for c in &citations {
        if !known.contains(c.text) {
            let suggestion = suggester.suggest(c.text);
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
            )
            .with_payload(Payload::Source {
                id: c.text.to_string(),
            });
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
            out.push(
                Diagnostic::new(
                    Rule::UnusedSource,
                    s.entry.key.range,
                    format!(
                        "source `{}` is never cited: cite it from a fact or remove it",
                        s.id
                    ),
                )
                .with_payload(Payload::Source {
                    id: s.id.to_string(),
                }),
            );
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

#[cfg(test)]
mod tests {
    use crate::fixture::{check_diagnostics, check_fix};
    use crate::Rule;

    #[test]
    fn a_misspelt_source_id_is_fixed() {
        let text = |cite: &str| {
            format!(
                "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nsources:\n  trust-centre:\n    url: https://example.com\n    title: t\n    kind: vendor_disclosure\n    retrieved: 2026-11-01\nfacts:\n  security_compliance:\n    soc2_type2: {{value: yes, cite: {cite}}}\n"
            )
        };
        check_fix(
            Rule::UnknownSource,
            &text("trust-$0center"),
            &text("trust-centre"),
        );
    }

    #[test]
    fn citations() {
        check_diagnostics(
            &[
                Rule::UncitedFact,
                Rule::UnknownSource,
                Rule::UnusedSource,
                Rule::ContradictoryNeedsTwo,
            ],
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
  unused:
  ^^^^^^ hint[unused-source]: source `unused` is never cited: cite it from a fact or remove it
    url: https://example.org
    title: t
    kind: vendor_disclosure
facts:
  security_compliance:
    soc2_type2: yes
    ^^^^^^^^^^ warning[uncited-fact]: `security_compliance.soc2_type2` is `yes` but cites no source: use the full form `{value: …, cite: source-id}`
    iso_27001: {value: yes, cite: z}
                                  ^ error[unknown-source]: `z` is not a source id: add it to `sources` or fix the id
    csa_star: {value: contradictory, cite: [s]}
                      ^^^^^^^^^^^^^ warning[contradictory-needs-two]: `security_compliance.csa_star` is `contradictory` but cites 1 source: cite the two sources that disagree
    c5: not_disclosed
"#,
        );
    }
}
