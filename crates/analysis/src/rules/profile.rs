//! profile: the dossier's `assessment.profile` must exist.

use dossier_schema::view::DossierView;

use super::Ctx;
use crate::diagnostic::{Diagnostic, Edit, Rule};
use crate::sink::Sink;

pub(super) fn check(ctx: &Ctx, view: &DossierView, out: &mut Sink) {
    let Some(p) = view.profile() else { return };
    let extra = ctx.config.scoring_profiles();
    if dossier_score::find_profile(p.text, &extra).is_some() {
        return;
    }
    let names = ctx.config.profile_names();
    let suggestion = dossier_schema::did_you_mean(p.text, names.iter().map(String::as_str));
    let mut d =
        Diagnostic::new(
            Rule::Profile,
            p.range,
            match suggestion {
                Some(s) => format!("unknown profile `{}`: did you mean `{s}`?", p.text),
                None => {
                    format!(
                "unknown profile `{}`: use {} or define it under [profiles] in dossier.toml",
                p.text,
                names.iter().map(|n| format!("`{n}`")).collect::<Vec<_>>().join(", ")
            )
                }
            },
        );
    if let Some(s) = suggestion {
        d = d.with_fix(
            format!("Change to `{s}`"),
            vec![Edit {
                range: p.range,
                text: s.to_string(),
            }],
        );
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_diagnostics, check_fix};
    use crate::Rule;

    #[test]
    fn a_misspelt_profile_is_fixed() {
        check_fix(
            Rule::Profile,
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nassessment:\n  profile: default-$0balance\n",
            "dossier: 1\nvendor:\n  name: Acme\n  kind: other\nassessment:\n  profile: default-balanced\n",
        );
    }

    #[test]
    fn unknown_profile() {
        check_diagnostics(
            &[Rule::Profile],
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
  profile: default-balance
           ^^^^^^^^^^^^^^^ error[profile]: unknown profile `default-balance`: did you mean `default-balanced`?
"#,
        );
    }
}
