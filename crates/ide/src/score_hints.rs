//! The score where the analyst is typing: the composite at the top of the
//! file, and after each facts section's key the score and weight of the
//! dimensions its facts feed.

use dossier_schema::catalogue::{self, Dimension};
use dossier_score::ScoreReport;
use dossier_syntax::TextRange;

use crate::Ctx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayKind {
    /// The composite, after `dossier: 1` (or the first key).
    Composite,
    /// A facts section's dimensions.
    Dimension,
}

#[derive(Clone, Debug, PartialEq)]
pub struct InlayHint {
    /// Shown after this offset.
    pub offset: usize,
    pub kind: InlayKind,
    pub label: String,
    /// Markdown.
    pub tooltip: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CodeLens {
    pub range: TextRange,
    pub title: String,
}

/// A score or weight as people write it: `35`, `42.2`.
pub fn num(x: f64) -> String {
    let r = dossier_score::round1(x);
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

/// `Risk 47.4 · elevated (default-balanced) · 6.3 on 17 uncited claims`.
pub fn composite_label(report: &ScoreReport) -> String {
    let mut s = format!(
        "Risk {} · {} ({})",
        num(report.composite),
        report.band.as_str(),
        report.profile
    );
    if let Some(u) = unverified_short(report) {
        s.push_str(" · ");
        s.push_str(&u);
    }
    s
}

/// `6.3 on 17 uncited claims`: how much of the composite rests on uncited
/// claims, or `None` when none does.
pub fn unverified_short(report: &ScoreReport) -> Option<String> {
    let n = report.uncited_claims;
    (n > 0).then(|| {
        format!(
            "{:.1} on {n} uncited claim{}",
            report.unverified_points(),
            if n == 1 { "" } else { "s" }
        )
    })
}

fn composite_tooltip(report: &ScoreReport) -> String {
    let mut md = format!(
        "**Composite risk {}** (0 = no risk, 100 = maximal), band **{}**, profile `{}`\n\n| dimension | score | weight | points |\n|---|---:|---:|---:|\n",
        num(report.composite),
        report.band.as_str(),
        report.profile
    );
    if report.uncited_claims > 0 {
        md = md.replacen(
            "\n\n| dimension",
            &format!(
                "\n\n{} points rest on {} uncited claim{}: **{}** as stated ({}). Cite them to settle the difference.\n\n| dimension",
                num(report.unverified_points()),
                report.uncited_claims,
                if report.uncited_claims == 1 { "" } else { "s" },
                num(report.stated_composite),
                report.stated_band.as_str()
            ),
            1,
        );
    }
    for d in &report.dimensions {
        md.push_str(&format!(
            "| {} | {} | {}% | {:.2} |\n",
            d.dimension.key(),
            num(d.score),
            num(d.weight),
            d.points
        ));
    }
    md.push_str("\n`dossier score --explain` traces every point to a fact and a rubric row.");
    md
}

/// The dimensions a facts section feeds, in catalogue order.
pub fn section_dimensions(section: &str) -> Vec<Dimension> {
    let mut dims: Vec<Dimension> = Vec::new();
    for f in catalogue::section_facts(section) {
        if !dims.contains(&f.dimension) {
            dims.push(f.dimension);
        }
    }
    dims
}

pub fn inlay_hints(ctx: &Ctx) -> Vec<InlayHint> {
    let mut out = Vec::new();
    let (Some(root), Some(report)) = (
        ctx.analysis.parse.root.as_ref(),
        ctx.analysis.score.as_ref(),
    ) else {
        return out;
    };
    let Some(m) = root.as_mapping() else {
        return out;
    };
    if let Some(first) = m.get("dossier").or(m.entries.first()) {
        out.push(InlayHint {
            offset: first.range.end,
            kind: InlayKind::Composite,
            label: composite_label(report),
            tooltip: composite_tooltip(report),
        });
    }
    let Some(facts) = m.get("facts").and_then(|f| f.value.as_mapping()) else {
        return out;
    };
    for s in &facts.entries {
        let parts: Vec<String> = section_dimensions(&s.key.value)
            .into_iter()
            .filter_map(|d| report.dimension(d))
            .map(|d| {
                format!(
                    "{} {} × {}%",
                    d.dimension.key(),
                    num(d.score),
                    num(d.weight)
                )
            })
            .collect();
        if parts.is_empty() {
            continue;
        }
        // After the colon, so the hint does not split the key.
        let after_key = &ctx.text[s.key.range.end..];
        let colon = after_key
            .find(':')
            .filter(|i| !after_key[..*i].contains('\n'))
            .map_or(s.key.range.end, |i| s.key.range.end + i + 1);
        out.push(InlayHint {
            offset: colon,
            kind: InlayKind::Dimension,
            label: parts.join(" · "),
            tooltip: "Dimension score (0-100) × its weight in the profile; the composite is the weighted sum.".into(),
        });
    }
    out
}

/// The composite as a lens on the first key (`dossier: 1`), then what
/// falls due when, above what it is about (see `due_lenses`).
pub fn code_lenses(ctx: &Ctx) -> Vec<CodeLens> {
    let mut out: Vec<CodeLens> = composite_lens(ctx).into_iter().collect();
    out.extend(crate::due_lenses::lenses(ctx));
    out
}

fn composite_lens(ctx: &Ctx) -> Option<CodeLens> {
    let report = ctx.analysis.score.as_ref()?;
    let m = ctx.analysis.parse.root.as_ref()?.as_mapping()?;
    m.get("dossier").or(m.entries.first()).map(|e| CodeLens {
        range: e.key.range,
        title: composite_label(report),
    })
}
