//! rating-contradicts-evidence: the analyst's `rating` against the score
//! and the open critical items.

use dossier_schema::view::DossierView;
use dossier_score::{round1, Band};

use super::Ctx;
use crate::diagnostic::{Diagnostic, Rule};
use crate::sink::Sink;

pub(super) fn check(ctx: &Ctx, view: &DossierView, out: &mut Sink) {
    let Some(rating) = view
        .top("assessment")
        .and_then(|a| dossier_schema::view::field(&a.value, "rating"))
    else {
        return;
    };
    if rating.text != "proceed" {
        return;
    }
    let mut reasons = Vec::new();
    let mut related = Vec::new();
    if let Some(score) = ctx.score.filter(|s| s.band >= Band::High) {
        reasons.push(format!(
            "the composite is {:.1} ({})",
            round1(score.composite),
            score.band.as_str()
        ));
    }
    for item in view.items("incidents") {
        let critical = item.field("severity").is_some_and(|s| s.text == "critical");
        let resolved = item.field("resolved").is_some_and(|r| r.text == "yes");
        if critical && !resolved {
            let id = item.id.map_or("", |i| i.text);
            reasons.push(format!("incident `{id}` is critical and not resolved"));
            related.push((
                item.node.range,
                format!("critical incident `{id}`, not resolved"),
            ));
        }
    }
    for item in view.items("findings") {
        let critical = item.field("severity").is_some_and(|s| s.text == "critical");
        let concern = item.field("stance").is_some_and(|s| s.text == "concern");
        if critical && concern {
            let id = item.id.map_or("", |i| i.text);
            reasons.push(format!("finding `{id}` is a critical concern"));
            related.push((
                item.node.range,
                format!("critical concern `{id}`: blocks use until resolved"),
            ));
        }
    }
    if reasons.is_empty() {
        return;
    }
    let mut d = Diagnostic::new(
        Rule::RatingContradictsEvidence,
        rating.range,
        format!(
            "rating `proceed` contradicts the evidence: {}; change the rating, resolve the item or record a risk acceptance",
            reasons.join(", ")
        ),
    );
    for (range, note) in related {
        d = d.with_related(range, note);
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::fixture::check_diagnostics;
    use crate::Rule;

    #[test]
    fn proceed_with_an_open_critical_item() {
        check_diagnostics(
            &[Rule::RatingContradictsEvidence],
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
  rating: proceed
          ^^^^^^^ warning[rating-contradicts-evidence]: rating `proceed` contradicts the evidence: the composite is 60.6 (high), incident `leak` is critical and not resolved, finding `blocker` is a critical concern; change the rating, resolve the item or record a risk acceptance
incidents:
  - id: leak
    date: 2026-10-01
    title: Leak
    severity: critical
    cite: s
    resolved: no
  - id: old
    date: 2025-10-01
    title: Old leak
    severity: critical
    cite: s
    resolved: yes
findings:
  - id: blocker
    title: Blocker
    stance: concern
    severity: critical
    dimension: security
    text: t
    cite: s
  - id: praise
    title: Praise
    stance: strength
    severity: critical
    dimension: security
    text: t
    cite: s
"#,
        );
    }

    #[test]
    fn other_ratings_and_quiet_evidence_pass() {
        check_diagnostics(
            &[Rule::RatingContradictsEvidence],
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
  rating: caution
incidents:
  - id: leak
    date: 2026-10-01
    title: Leak
    severity: critical
    cite: s
    resolved: no
"#,
        );
    }
}
