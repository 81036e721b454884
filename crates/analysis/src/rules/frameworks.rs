//! OWASP and NIST ids in findings must exist in the framework data (a
//! `schema` error: the pattern is in the JSON Schema, the ids are data).

use dossier_schema::view::DossierView;
use dossier_score::frameworks::{validate_nist_id, validate_owasp_id};

use super::Ctx;
use crate::diagnostic::{Diagnostic, Edit, Rule};

fn owasp_shaped(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && s.starts_with("LLM")
        && b[3..5].iter().all(u8::is_ascii_digit)
        && b[5] == b':'
        && b[6..].iter().all(u8::is_ascii_digit)
}

fn nist_shaped(s: &str) -> bool {
    let mut parts = s.splitn(2, ' ');
    let f = parts.next().unwrap_or("");
    matches!(f, "GOVERN" | "MAP" | "MEASURE" | "MANAGE")
        && parts.next().is_none_or(|rest| {
            !rest.is_empty()
                && rest.split('.').count() <= 2
                && rest
                    .split('.')
                    .all(|n| !n.is_empty() && n.len() <= 2 && n.bytes().all(|c| c.is_ascii_digit()))
        })
}

pub(super) fn check(_ctx: &Ctx, view: &DossierView, out: &mut Vec<Diagnostic>) {
    for f in view.items("findings") {
        for (key, shaped, validate) in [
            (
                "owasp",
                owasp_shaped as fn(&str) -> bool,
                validate_owasp_id as fn(&str) -> Result<(), (String, Option<String>)>,
            ),
            ("nist", nist_shaped, validate_nist_id),
        ] {
            let Some(list) = f.node.value(key).and_then(|v| v.as_sequence()) else {
                continue;
            };
            for item in list {
                let Some(id) = item.as_str() else { continue };
                if !shaped(id) {
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
