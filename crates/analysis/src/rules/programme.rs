//! The programme's rules: missing-tier (a `relationship` without a tier
//! gets one suggested from its data classes and criticality),
//! expired-exception and exception-target (risk acceptances that no
//! longer hold, or accept nothing in the file).

use dossier_schema::view::{field, DossierView};
use dossier_syntax::Node;

use super::Ctx;
use crate::diagnostic::{Diagnostic, Edit, Rule};
use crate::exceptions::acceptances;
use crate::sink::Sink;

/// The tier that the data classes and criticality call for, and why.
pub fn suggested_tier(data_classes: &[&str], criticality: Option<&str>) -> (u8, String) {
    let mut best = (
        4u8,
        "no sensitive data or critical dependency is recorded".to_string(),
    );
    let mut consider = |tier: u8, why: String| {
        if tier < best.0 {
            best = (tier, why);
        }
    };
    for c in data_classes {
        let t = match *c {
            "special_category" | "children" => 1,
            "personal" | "financial" | "confidential" => 2,
            "internal" => 3,
            _ => 4,
        };
        consider(t, format!("it receives `{c}` data"));
    }
    match criticality {
        Some("critical") => consider(1, "its criticality is `critical`".into()),
        Some("high") => consider(2, "its criticality is `high`".into()),
        Some("medium") => consider(3, "its criticality is `medium`".into()),
        _ => {}
    }
    best
}

pub(super) fn check(ctx: &Ctx, view: &DossierView, out: &mut Sink) {
    missing_tier(ctx, view, out);
    for a in acceptances(view) {
        if let Some(day) = a.expires.filter(|d| *d < ctx.today) {
            let range = view
                .items("exceptions")
                .into_iter()
                .find(|i| i.node.range == a.range)
                .and_then(|i| i.field("expires"))
                .map_or(a.range, |e| e.range);
            let name = if a.id.is_empty() {
                "a risk acceptance".to_string()
            } else {
                format!("risk acceptance `{}`", a.id)
            };
            out.push(Diagnostic::new(
                Rule::ExpiredException,
                range,
                format!(
                    "{name} of `{}` expired on {day}: renew it with its approver or resolve what it accepts",
                    a.subject
                ),
            ));
        }
        if a.target.is_some() && !a.found() {
            out.push(Diagnostic::new(
                Rule::ExceptionTarget,
                a.accepts_range,
                format!(
                    "`{}` is not in this dossier: the acceptance accepts nothing",
                    a.subject
                ),
            ));
        } else if a.target.is_none() && a.subject.starts_with("rules.") {
            out.push(Diagnostic::new(
                Rule::ExceptionTarget,
                a.accepts_range,
                format!("`{}` is not a rule code", a.subject),
            ));
        }
    }
}

fn missing_tier(ctx: &Ctx, view: &DossierView, out: &mut Sink) {
    let Some(rel) = view.top("relationship") else {
        return;
    };
    let Some(m) = rel.value.as_mapping() else {
        return;
    };
    if m.get("tier").is_some() {
        return;
    }
    let classes: Vec<&str> = rel
        .value
        .value("data_classes")
        .and_then(Node::as_sequence)
        .map(|items| items.iter().filter_map(Node::as_str).collect())
        .unwrap_or_default();
    let criticality = field(&rel.value, "criticality").map(|c| c.text);
    let (tier, why) = suggested_tier(&classes, criticality);
    let mut d = Diagnostic::new(
        Rule::MissingTier,
        rel.key.range,
        format!("`relationship` has no `tier`: tier {tier} is suggested, as {why}"),
    );
    // Insert `tier: N` as the first key of a block mapping, at its column.
    if let Some(first) = m.entries.first() {
        let start = first.key.range.start;
        let line_start = ctx.text[..start].rfind('\n').map_or(0, |i| i + 1);
        let indent = &ctx.text[line_start..start];
        if !indent.is_empty() && indent.bytes().all(|b| b == b' ') {
            d = d.with_fix(
                format!("Set `tier: {tier}`"),
                vec![Edit {
                    range: dossier_syntax::TextRange::empty(start),
                    text: format!("tier: {tier}\n{indent}"),
                }],
            );
        }
    }
    out.push(d);
}

#[cfg(test)]
mod tests {
    use crate::fixture::{check_diagnostics, check_fix};
    use crate::Rule;

    const HEAD: &str = r#"dossier: 1
vendor:
  name: Acme
  kind: other
assessment:
  as_of: 2026-11-01
sources:
  s:
    url: https://example.com
    title: t
    kind: vendor_disclosure
    retrieved: 2026-11-01
"#;

    #[test]
    fn the_suggested_tier_is_written() {
        check_fix(
            Rule::MissingTier,
            &format!("{HEAD}facts: {{}}\nrel$0ationship:\n  status: active\n  criticality: high\n  data_classes: [personal, special_category]\n"),
            &format!("{HEAD}facts: {{}}\nrelationship:\n  tier: 1\n  status: active\n  criticality: high\n  data_classes: [personal, special_category]\n"),
        );
    }

    #[test]
    fn missing_tier_suggests_one() {
        check_diagnostics(
            &[Rule::MissingTier],
            &format!(
                r#"{HEAD}facts: {{}}
relationship:
^^^^^^^^^^^^ info[missing-tier]: `relationship` has no `tier`: tier 1 is suggested, as it receives `special_category` data
  status: active
  criticality: high
  data_classes: [personal, special_category]
"#
            ),
        );
        check_diagnostics(
            &[Rule::MissingTier],
            &format!(
                r#"{HEAD}facts: {{}}
relationship:
^^^^^^^^^^^^ info[missing-tier]: `relationship` has no `tier`: tier 3 is suggested, as its criticality is `medium`
  criticality: medium
  data_classes: [public]
"#
            ),
        );
        // With a tier, or without a relationship, nothing is said.
        check_diagnostics(
            &[Rule::MissingTier],
            &format!("{HEAD}facts: {{}}\nrelationship:\n  tier: 2\n"),
        );
        check_diagnostics(&[Rule::MissingTier], &format!("{HEAD}facts: {{}}\n"));
    }

    #[test]
    fn acceptances_downgrade_until_they_expire() {
        check_diagnostics(
            &[
                Rule::UncitedFact,
                Rule::ExpiredException,
                Rule::ExceptionTarget,
            ],
            &format!(
                r#"{HEAD}facts:
  data_handling:
    dpa_available: yes
    ^^^^^^^^^^^^^ info[uncited-fact]: `data_handling.dpa_available` is `yes` but cites no source: use the full form `{{value: …, cite: source-id}}` (accepted by risk acceptance `EX-1` until 2027-01-31)
    encryption_at_rest: yes
    ^^^^^^^^^^^^^^^^^^ warning[uncited-fact]: `data_handling.encryption_at_rest` is `yes` but cites no source: use the full form `{{value: …, cite: source-id}}`
exceptions:
  - id: EX-1
    accepts: facts.data_handling.dpa_available
    reason: DPA seen under NDA
    approved_by: CISO
    approved_on: 2026-11-01
    expires: 2027-01
    cite: s
  - id: EX-2
    accepts: facts.data_handling.encryption_at_rest
    reason: old
    approved_by: CISO
    approved_on: 2025-01-01
    expires: 2026-06-30
             ^^^^^^^^^^ warning[expired-exception]: risk acceptance `EX-2` of `facts.data_handling.encryption_at_rest` expired on 2026-06-30: renew it with its approver or resolve what it accepts
    cite: s
  - id: EX-3
    accepts: findings.nope
             ^^^^^^^^^^^^^ warning[exception-target]: `findings.nope` is not in this dossier: the acceptance accepts nothing
    reason: typo
    approved_by: CISO
    approved_on: 2026-11-01
    expires: 2027-01-01
    cite: s
  - id: EX-4
    accepts: rules.no-such-rule
             ^^^^^^^^^^^^^^^^^^ warning[exception-target]: `rules.no-such-rule` is not a rule code
    reason: typo
    approved_by: CISO
    approved_on: 2026-11-01
    expires: 2027-01-01
    cite: s
"#
            ),
        );
    }

    #[test]
    fn a_rule_accepted_everywhere() {
        check_diagnostics(
            &[Rule::UncitedFact],
            &format!(
                r#"{HEAD}facts:
  data_handling:
    dpa_available: yes
    ^^^^^^^^^^^^^ info[uncited-fact]: `data_handling.dpa_available` is `yes` but cites no source: use the full form `{{value: …, cite: source-id}}` (accepted by risk acceptance `EX-1` until 2026-12-31)
exceptions:
  - id: EX-1
    accepts: rules.uncited-fact
    reason: all facts from the NDA pack
    approved_by: CISO
    approved_on: 2026-11-01
    expires: 2026-12-31
    cite: s
"#
            ),
        );
    }
}
