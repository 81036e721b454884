//! OWASP and NIST ids in findings must exist in the framework data (a
//! `schema` error: the pattern is in the JSON Schema, the ids are data).

use dossier_schema::types::{NIST_FORMAT, OWASP_FORMAT};
use dossier_schema::view::DossierView;
use dossier_score::frameworks::{validate_nist_id, validate_owasp_id};

use crate::diagnostic::{Diagnostic, Edit, Rule};
use crate::sink::Sink;

pub(super) fn check(view: &DossierView, out: &mut Sink) {
    for f in view.items("findings") {
        for (key, format, validate) in [
            (
                "owasp",
                &OWASP_FORMAT,
                validate_owasp_id as fn(&str) -> Result<(), (String, Option<String>)>,
            ),
            ("nist", &NIST_FORMAT, validate_nist_id),
        ] {
            let Some(list) = f.node.value(key).and_then(|v| v.as_sequence()) else {
                continue;
            };
            for item in list {
                let Some(id) = item.as_str() else { continue };
                if !format.matches(id) {
                    continue; // the schema's pattern reports it
                }
                if let Err((message, suggestion)) = validate(id) {
                    let mut d = Diagnostic::new(Rule::Schema, item.range, message);
                    if let Some(s) = suggestion {
                        d = d.with_fix(
                            format!("Change to `{s}`"),
                            vec![Edit {
                                range: item.range,
                                text: s,
                            }],
                        );
                    }
                    out.push(d);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_diagnostics, check_fix};
    use crate::Rule;

    #[test]
    fn a_framework_id_of_another_edition_is_fixed() {
        let finding = |id: &str| {
            format!(
                "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nfacts: {{}}\nfindings:\n  - id: f1\n    title: t\n    severity: high\n    dimension: security\n    stance: concern\n    text: t\n    owasp: [{id}]\n"
            )
        };
        check_fix(
            Rule::Schema,
            &finding("LLM09:$02023"),
            &finding("LLM09:2025"),
        );
    }

    #[test]
    fn framework_ids_exist() {
        check_diagnostics(
            &[Rule::Schema],
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
assessment:
  as_of: 2026-11-01
facts: {}
findings:
  - id: f1
    title: t
    severity: high
    dimension: security
    stance: concern
    text: t
    owasp: [LLM09:2023, LLM11:2025]
            ^^^^^^^^^^ error[schema]: `LLM09:2023` is not an OWASP Top 10 for LLM Applications id (editions: 2025): did you mean `LLM09:2025`?
                        ^^^^^^^^^^ error[schema]: `LLM11:2025` is not an OWASP LLM Top 10 id: write it like `LLM01:2025`
    nist: [GOVERN 9.9, MAP 12]
                       ^^^^^^ error[schema]: `MAP 12` is not a NIST AI RMF 1.0 function or category: did you mean `MAP 1`?
           ^^^^^^^^^^ error[schema]: `GOVERN 9.9` is not a NIST AI RMF 1.0 function or category: did you mean `GOVERN`?
    cite: s
"#,
        );
    }
}
