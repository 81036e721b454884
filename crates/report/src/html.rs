//! The procurement pack: one self-contained HTML page per dossier.
//!
//! No scripts, no fonts, no images fetched: CSS and the SVG chart are
//! inline, and a Content-Security-Policy forbids everything else, so even a
//! mistake in escaping could not run code. Every number links down to what
//! it is made of: the composite to the explanation, a dimension bar to its
//! contributions, a fact's points to its line in the explanation, a line of
//! the explanation to the fact and its sources.

use std::fmt::Write;

use dossier_analysis::Severity;
use dossier_schema::catalogue::Dimension;
use dossier_schema::types::{AnswerWord, QuestionStatus};
use dossier_score::frameworks::{self, NIST_CATEGORIES, NIST_FUNCTIONS, OWASP_2025};
use dossier_score::{round1, trim, Band, ContributionKind, ScoreReport};

use crate::escape::{anchor, html as esc, link_url};
use crate::model::{plural, CiterKind, Fact, FileLinks, Item, Pack};

const CSS: &str = include_str!("pack.css");

pub fn render(pack: &Pack) -> String {
    let mut s = String::with_capacity(64 * 1024);
    let _ = writeln!(
        s,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta name=\"generator\" content=\"dossier {}\">\n\
         <title>{} — procurement pack</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>",
        env!("CARGO_PKG_VERSION"),
        esc(&pack.vendor)
    );
    header(&mut s, pack);
    if let Some(report) = pack.score {
        chart(&mut s, report);
    }
    validator(&mut s, pack);
    programme(&mut s, pack);
    facts(&mut s, pack);
    attestations(&mut s, pack);
    findings(&mut s, pack);
    incidents(&mut s, pack);
    crosswalks(&mut s, pack);
    questions(&mut s, pack);
    questionnaires(&mut s, pack);
    if let Some(report) = pack.score {
        explanation(&mut s, pack, report);
    }
    sources(&mut s, pack);
    diagnostics(&mut s, pack);
    methodology(&mut s, pack);
    s.push_str("</main>\n</body>\n</html>\n");
    s
}

pub(crate) fn band_class(b: Band) -> &'static str {
    match b {
        Band::Low => "band-low",
        Band::Moderate => "band-moderate",
        Band::Elevated => "band-elevated",
        Band::High => "band-high",
        Band::Critical => "band-critical",
    }
}

/// Links to the sources a fact or item cites (`uncited` when none).
fn cite_links(pack: &Pack, cites: &[String]) -> String {
    let links: Vec<String> = cites
        .iter()
        .map(|c| {
            let title = pack
                .source(c)
                .and_then(|s| s.title.as_deref().or(s.url.as_deref()))
                .unwrap_or("unknown source");
            format!(
                "<a class=\"cite\" href=\"#{}\" title=\"{}\">{}</a>",
                anchor("src", c),
                esc(title),
                esc(c)
            )
        })
        .collect();
    links.join(" ")
}

/// An item's evidence: its cited sources, or `uncited`.
fn evidence(pack: &Pack, cites: &[String]) -> String {
    if cites.is_empty() {
        "<span class=\"uncited\">uncited</span>".to_string()
    } else {
        format!("evidence: {}", cite_links(pack, cites))
    }
}

fn header(s: &mut String, pack: &Pack) {
    let _ = write!(s, "<header class=\"vendor\">\n<p class=\"kicker\">Procurement pack · <code>{}</code></p>\n<h1 id=\"vendor\">{}</h1>\n", esc(pack.path), esc(&pack.vendor));
    if !pack.vendor_line.is_empty() {
        let line: Vec<String> = pack.vendor_line.iter().map(|x| esc(x)).collect();
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", line.join(" · "));
    }
    if !pack.vendor_facts.is_empty() {
        let facts: Vec<String> = pack
            .vendor_facts
            .iter()
            .map(|(k, v)| format!("{}: {}", esc(k), esc(v)))
            .collect();
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", facts.join(" · "));
    }
    if !pack.products.is_empty() {
        let _ = write!(s, "<p class=\"meta\">Products: ");
        let p: Vec<String> = pack.products.iter().map(|x| esc(x)).collect();
        let _ = writeln!(s, "{}</p>", p.join(" · "));
    }
    s.push_str("</header>\n");

    s.push_str("<section class=\"summary\">\n");
    match pack.score {
        Some(r) => {
            let _ = writeln!(
                s,
                "<a class=\"composite {band}\" href=\"#explain\" title=\"How this score is made\">\
                 <span id=\"composite\">{score:.1}</span><span class=\"of\">/ 100</span>\
                 <span id=\"band\" class=\"band\">{name}</span>\
                 <span class=\"profile\">profile <code id=\"profile\">{profile}</code></span></a>",
                band = band_class(r.band),
                score = round1(r.composite),
                name = r.band.as_str(),
                profile = esc(&r.profile),
            );
            if let Some(line) = crate::score_text::stated_line(r) {
                let _ = writeln!(
                    s,
                    "<p class=\"unverified\" id=\"stated\">{}. <a href=\"#explain\">Uncited claims</a> score their <code>claimed</code> row until a source is cited.</p>",
                    esc(&line)
                );
            }
        }
        None => s.push_str(
            "<p class=\"composite none\"><span id=\"composite\">no score</span>: the file is not a dossier that can be scored (see the validator's findings).</p>\n",
        ),
    }
    let a = &pack.assessment;
    if let Some(summary) = a.get("summary") {
        s.push_str("<div class=\"analyst\">\n<h2>Analyst summary</h2>\n");
        for para in summary.split("\n\n").filter(|p| !p.trim().is_empty()) {
            let _ = writeln!(s, "<p>{}</p>", esc(para.trim()));
        }
        s.push_str("</div>\n");
    }
    let mut meta = Vec::new();
    if let Some(r) = a.get("rating") {
        meta.push(format!(
            "Rating: <strong class=\"rating\">{}</strong>",
            esc(r)
        ));
    }
    if let Some(x) = a.get("analyst") {
        meta.push(format!("Analyst: {}", esc(x)));
    }
    if let Some(x) = a.get("as_of") {
        meta.push(format!("Assessed as of {}", esc(x)));
    }
    if !meta.is_empty() {
        let _ = writeln!(s, "<p class=\"meta\">{}</p>", meta.join(" · "));
    }
    s.push_str("</section>\n");
}

/// Horizontal bars, one per dimension, each a link to its contributions.
fn chart(s: &mut String, r: &ScoreReport) {
    const LABEL: f64 = 200.0;
    const BAR: f64 = 380.0;
    const ROW: f64 = 30.0;
    let height = ROW * r.dimensions.len() as f64 + 30.0;
    let width = LABEL + BAR + 120.0;
    let _ = writeln!(
        s,
        "<section id=\"dimensions\">\n<h2>Dimension scores</h2>\n\
         <p class=\"note\">0 is no risk, 100 the most. Each bar links to the facts that make it; the composite is the weighted sum.</p>\n\
         <svg id=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {width} {height}\" width=\"{width}\" height=\"{height}\" role=\"img\" aria-label=\"Risk score of each of the {} dimensions\">",
        r.dimensions.len()
    );
    for t in [0.0, 20.0, 40.0, 60.0, 80.0, 100.0] {
        let x = LABEL + BAR * t / 100.0;
        let _ = writeln!(
            s,
            "<line class=\"grid\" x1=\"{x}\" y1=\"0\" x2=\"{x}\" y2=\"{}\"/><text class=\"tick\" x=\"{x}\" y=\"{}\">{t}</text>",
            height - 16.0,
            height - 2.0
        );
    }
    for (i, d) in r.dimensions.iter().enumerate() {
        let y = i as f64 * ROW + 4.0;
        let score = round1(d.score);
        let w = BAR * d.score.clamp(0.0, 100.0) / 100.0;
        let _ = writeln!(
            s,
            "<a href=\"#{anchor}\"><g class=\"bar {band}\" data-dimension=\"{key}\" data-score=\"{score:.1}\">\
             <title>{title}: {score:.1} × {weight}% = {points:.2} points</title>\
             <text class=\"label\" x=\"{lx}\" y=\"{ty}\">{title} ({weight}%)</text>\
             <rect x=\"{LABEL}\" y=\"{y}\" width=\"{w:.1}\" height=\"{h}\" rx=\"2\"/>\
             <text class=\"value\" x=\"{vx:.1}\" y=\"{ty}\">{score:.1}</text></g></a>",
            anchor = anchor("dim", d.dimension.key()),
            band = band_class(Band::of(d.score)),
            key = d.dimension.key(),
            title = d.dimension.title(),
            weight = trim(d.weight),
            points = d.points,
            lx = LABEL - 8.0,
            ty = y + ROW * 0.55,
            h = ROW - 10.0,
            vx = LABEL + w + 6.0,
        );
    }
    s.push_str("</svg>\n</section>\n");
}

fn validator(s: &mut String, pack: &Pack) {
    let errors = pack.count(Severity::Error);
    let warnings = pack.count(Severity::Warning);
    let others = pack.diagnostics.len() - errors - warnings;
    let class = if errors > 0 {
        "bad"
    } else if warnings > 0 {
        "warn"
    } else {
        "ok"
    };
    let _ = writeln!(
        s,
        "<p class=\"validator {class}\"><a href=\"#diagnostics\">Validator: <span id=\"errors\">{errors}</span> error{}, <span id=\"warnings\">{warnings}</span> warning{}{}</a> · <a href=\"#questions\"><span id=\"open-questions\">{}</span> open question{}</a>{}</p>",
        plural(errors),
        plural(warnings),
        if others > 0 { format!(", {others} note{}", plural(others)) } else { String::new() },
        pack.open_questions().count(),
        plural(pack.open_questions().count()),
        if pack.missing_questions.is_empty() {
            String::new()
        } else {
            format!(
                " · <a href=\"#missing-questions\">{} required question{} not yet asked</a>",
                pack.missing_questions.len(),
                plural(pack.missing_questions.len())
            )
        }
    );
}

fn fact_value(f: &Fact) -> String {
    match &f.value {
        None => "<span class=\"absent\">not stated (scored as not_disclosed)</span>".into(),
        Some(v) if v == "not_disclosed" => "<span class=\"nd\">not disclosed</span>".into(),
        Some(v) if v == "contradictory" => "<span class=\"contra\">contradictory</span>".into(),
        Some(v) => match link_url(v) {
            Some(u) => format!("<a href=\"{}\">{}</a>", esc(u), esc(v)),
            None => format!("<code>{}</code>", esc(v)),
        },
    }
}

fn facts(s: &mut String, pack: &Pack) {
    if pack.sections.is_empty() {
        return;
    }
    s.push_str("<section id=\"facts\">\n<h2>Facts</h2>\n");
    for section in &pack.sections {
        let _ = writeln!(
            s,
            "<h3 id=\"{}\">{}</h3>\n<table class=\"facts\">\n<thead><tr><th>Fact</th><th>Value</th><th class=\"num\">Points</th><th>Evidence</th></tr></thead>\n<tbody>",
            anchor("section", &section.name),
            esc(&section.title)
        );
        for f in &section.facts {
            let path = format!("{}.{}", f.section, f.key);
            let points = pack
                .score
                .and_then(|r| r.fact(&f.section, &f.key))
                .map(|c| {
                    format!(
                        "<a href=\"#{}\" title=\"{} rubric points in {}\">{:+.2}</a>",
                        anchor("c", &path),
                        trim(c.rubric_points),
                        c.dimension.title(),
                        c.points
                    )
                })
                .unwrap_or_else(|| "—".into());
            let evidence = if f.uncited {
                "<span class=\"uncited\">uncited</span>".to_string()
            } else {
                cite_links(pack, &f.cites)
            };
            let as_of = f
                .as_of
                .as_ref()
                .map(|a| format!(" <span class=\"asof\">as of {}</span>", esc(a)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "<tr id=\"{}\"{}><td><span class=\"fact-title\" title=\"{}\">{}</span> <code class=\"key\">{}</code></td><td>{}{as_of}</td><td class=\"num\">{points}</td><td>{evidence}</td></tr>",
                anchor("fact", &path),
                if f.uncited { " class=\"is-uncited\"" } else { "" },
                esc(&f.description),
                esc(&f.title),
                esc(&path),
                fact_value(f),
            );
        }
        s.push_str("</tbody>\n</table>\n");
    }
    s.push_str("</section>\n");
}

/// An item's fields as a definition list, skipping the ones shown elsewhere.
fn fields(s: &mut String, item: &Item, skip: &[&str]) {
    let shown: Vec<&(String, String)> = item
        .fields
        .iter()
        .filter(|(k, _)| !skip.contains(&k.as_str()))
        .collect();
    if shown.is_empty() {
        return;
    }
    s.push_str("<dl>");
    for (k, v) in shown {
        let parts = v.split(", ").count();
        let value = match link_url(v) {
            Some(u) => format!("<a href=\"{}\">{}</a>", esc(u), esc(v)),
            // Long lists (an attestation's services) fold away.
            None if parts > 10 => format!(
                "<details><summary>{parts} entries</summary>{}</details>",
                esc(v)
            ),
            None => esc(v),
        };
        let _ = write!(s, "<dt>{}</dt><dd>{value}</dd>", esc(k));
    }
    s.push_str("</dl>\n");
}

fn attestations(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"attestations\">\n<h2>Attestations</h2>\n");
    if pack.attestations.is_empty() {
        s.push_str("<p class=\"empty\">No attestations on file.</p>\n</section>\n");
        return;
    }
    for a in &pack.attestations {
        let expiry = match pack.expiry(a) {
            Some((day, true)) => format!("<span class=\"expired\">expired {day}</span>"),
            Some((day, false)) => {
                let left = day.to_days() - pack.today.to_days();
                format!("<span class=\"valid\">valid until {day} ({left} days left)</span>")
            }
            None => "<span class=\"nd\">no expiry stated</span>".into(),
        };
        let _ = writeln!(
            s,
            "<article class=\"card\" id=\"{}\"><h3>{} <code>{}</code></h3><p>{expiry} · {}</p>",
            anchor("att", &a.id),
            esc(a.get("scheme").unwrap_or("attestation")),
            esc(&a.id),
            evidence(pack, &a.cites)
        );
        if let Some(controls) = a.get("controls_examined") {
            let n = controls.split(", ").filter(|c| !c.is_empty()).count();
            let _ = writeln!(
                s,
                "<p><strong>{n} controls examined:</strong> <span class=\"controls\">{}</span></p>",
                esc(controls)
            );
        }
        fields(s, a, &["scheme", "controls_examined"]);
        s.push_str("</article>\n");
    }
    s.push_str("</section>\n");
}

fn findings(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if pack.findings.is_empty() {
        s.push_str("<p class=\"empty\">No findings on file.</p>\n</section>\n");
        return;
    }
    for f in &pack.findings {
        let severity = f.get("severity").unwrap_or("info");
        let stance = f.get("stance").unwrap_or("concern");
        let _ = write!(
            s,
            "<article class=\"card finding sev-{}\" id=\"{}\"><h3>{}</h3><p class=\"meta\"><span class=\"sev\">{}</span> {} · <code>{}</code>",
            esc(&severity.replace(|c: char| !c.is_ascii_alphanumeric(), "")),
            anchor("finding", &f.id),
            esc(f.get("title").unwrap_or(&f.id)),
            esc(severity),
            esc(stance),
            esc(&f.id),
        );
        if let Some(d) = f.get("dimension").and_then(Dimension::from_key) {
            let _ = write!(
                s,
                " · <a href=\"#{}\">{}</a>",
                anchor("dim", d.key()),
                d.title()
            );
        }
        s.push_str("</p>\n");
        if let Some(text) = f.get("text") {
            let _ = writeln!(s, "<p>{}</p>", esc(text));
        }
        let mut tags = Vec::new();
        for o in &f.owasp {
            let code = o.split(':').next().unwrap_or(o);
            let name = frameworks::owasp(o)
                .map(|r| r.name)
                .unwrap_or("unknown risk");
            tags.push(format!(
                "<a class=\"tag owasp\" href=\"#{}\" title=\"{}\">{}</a>",
                anchor("owasp", code),
                esc(name),
                esc(o)
            ));
        }
        for n in &f.nist {
            let func = n.split_whitespace().next().unwrap_or(n);
            tags.push(format!(
                "<a class=\"tag nist\" href=\"#{}\">{}</a>",
                anchor("nist", func),
                esc(n)
            ));
        }
        let _ = writeln!(
            s,
            "<p>{}{}{}</p>",
            tags.join(" "),
            if tags.is_empty() { "" } else { " · " },
            evidence(pack, &f.cites)
        );
        s.push_str("</article>\n");
    }
    s.push_str("</section>\n");
}

/// The relationship, the risk acceptances and the `x_` fields, when the
/// dossier has any.
fn programme(s: &mut String, pack: &Pack) {
    if pack.relationship.is_empty() && pack.exceptions.is_empty() && pack.extensions.is_empty() {
        return;
    }
    s.push_str("<section id=\"programme\">\n<h2>Relationship and risk acceptances</h2>\n");
    if !pack.relationship.is_empty() || !pack.extensions.is_empty() {
        s.push_str("<dl class=\"relationship\">");
        for (k, v) in &pack.relationship {
            let _ = write!(
                s,
                "<dt>{}</dt><dd data-key=\"{}\">{}</dd>",
                esc(&k.replace('_', " ")),
                esc(k),
                esc(v)
            );
        }
        for (k, v) in &pack.extensions {
            let _ = write!(
                s,
                "<dt><code>{}</code></dt><dd class=\"extension\" data-key=\"{}\">{}</dd>",
                esc(k),
                esc(k),
                esc(v)
            );
        }
        s.push_str("</dl>\n");
    }
    if !pack.exceptions.is_empty() {
        s.push_str("<table id=\"exceptions\"><thead><tr><th>Acceptance</th><th>Accepts</th><th>Reason</th><th>Approved</th><th>Expires</th><th>Evidence</th></tr></thead><tbody>\n");
        for x in &pack.exceptions {
            let expires = x.get("expires").unwrap_or("");
            let expired = dossier_schema::dates::Written::parse(expires)
                .is_some_and(|w| w.last_day() < pack.today);
            let _ = writeln!(
                s,
                "<tr id=\"{}\" class=\"{}\"><td>{}</td><td><code>{}</code></td><td>{}</td><td>{} on {}</td><td>{}{}</td><td>{}</td></tr>",
                anchor("exception", &x.id),
                if expired { "expired" } else { "holds" },
                esc(&x.id),
                esc(x.get("accepts").unwrap_or("")),
                esc(x.get("reason").unwrap_or("")),
                esc(x.get("approved_by").unwrap_or("")),
                esc(x.get("approved_on").unwrap_or("")),
                esc(expires),
                if expired { " <span class=\"bad\">expired</span>" } else { "" },
                cite_links(pack, &x.cites)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
}

fn incidents(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"incidents\">\n<h2>Incidents on record</h2>\n");
    if pack.incidents.is_empty() {
        s.push_str("<p class=\"empty\">No incidents on file.</p>\n</section>\n");
        return;
    }
    s.push_str("<table><thead><tr><th>Date</th><th>Incident</th><th>Severity</th><th>Resolved</th><th>Evidence</th></tr></thead><tbody>\n");
    for i in &pack.incidents {
        let _ = writeln!(
            s,
            "<tr id=\"{}\"><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            anchor("incident", &i.id),
            esc(i.get("date").unwrap_or("")),
            esc(i.get("title").unwrap_or(&i.id)),
            esc(i.get("severity").unwrap_or("")),
            esc(i.get("resolved").unwrap_or("")),
            cite_links(pack, &i.cites)
        );
    }
    s.push_str("</tbody></table>\n</section>\n");
}

fn dimension_links(dims: &[Dimension]) -> String {
    dims.iter()
        .map(|d| {
            format!(
                "<a class=\"tag\" href=\"#{}\">{}</a>",
                anchor("dim", d.key()),
                d.title()
            )
        })
        .collect::<Vec<_>>()
        .join(" ")
}

fn findings_citing(pack: &Pack, matches: impl Fn(&Item) -> bool) -> String {
    pack.findings
        .iter()
        .filter(|f| matches(f))
        .map(|f| {
            format!(
                "<a href=\"#{}\">{}</a>",
                anchor("finding", &f.id),
                esc(f.get("title").unwrap_or(&f.id))
            )
        })
        .collect::<Vec<_>>()
        .join("; ")
}

fn crosswalks(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"owasp\">\n<h2>OWASP Top 10 for LLM Applications (2025) cross-walk</h2>\n\
        <p class=\"note\">The dimensions that materially address each risk, with this vendor's scores, and the findings filed against it.</p>\n\
        <table><thead><tr><th>Risk</th><th>Description</th><th>Dimensions</th><th>Findings</th></tr></thead><tbody>\n");
    for r in OWASP_2025 {
        let id = r.id();
        let cited = findings_citing(pack, |f| f.owasp.iter().any(|o| o == &id || o == r.code));
        let _ = writeln!(
            s,
            "<tr id=\"{}\"><td><strong>{}</strong><br>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            anchor("owasp", r.code),
            r.code,
            esc(r.name),
            esc(r.description),
            dimension_scores(pack, r.dimensions),
            cited
        );
    }
    s.push_str("</tbody></table>\n</section>\n");

    s.push_str("<section id=\"nist\">\n<h2>NIST AI RMF 1.0 cross-walk</h2>\n\
        <p class=\"note\">How each function is supported by the dimensions scored here, its categories, and the findings filed against it.</p>\n\
        <table><thead><tr><th>Function</th><th>Categories</th><th>Dimensions</th><th>Findings</th></tr></thead><tbody>\n");
    for f in NIST_FUNCTIONS {
        let cats: Vec<String> = NIST_CATEGORIES
            .iter()
            .filter(|c| c.function == f.name)
            .map(|c| format!("<li><code>{}</code> {}</li>", esc(c.id), esc(c.title)))
            .collect();
        let cited = findings_citing(pack, |x| {
            x.nist
                .iter()
                .any(|n| n.split_whitespace().next() == Some(f.name))
        });
        let _ = writeln!(
            s,
            "<tr id=\"{}\"><td><strong>{}</strong><br>{}</td><td><ul class=\"cats\">{}</ul></td><td>{}</td><td>{}</td></tr>",
            anchor("nist", f.name),
            f.name,
            esc(f.description),
            cats.join(""),
            dimension_scores(pack, f.dimensions),
            cited
        );
    }
    s.push_str("</tbody></table>\n</section>\n");
}

/// Dimension tags with the vendor's score in each.
fn dimension_scores(pack: &Pack, dims: &[Dimension]) -> String {
    match pack.score {
        None => dimension_links(dims),
        Some(r) => dims
            .iter()
            .map(|d| {
                let score = r.dimension(*d).map(|x| round1(x.score)).unwrap_or(0.0);
                format!(
                    "<a class=\"tag {}\" href=\"#{}\">{} {score:.1}</a>",
                    band_class(Band::of(score)),
                    anchor("dim", d.key()),
                    d.title()
                )
            })
            .collect::<Vec<_>>()
            .join(" "),
    }
}

fn questions(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"questions\">\n<h2>Questions to ask before signing</h2>\n");
    if pack.questions.is_empty() {
        s.push_str("<p class=\"empty\">No questions in the dossier.</p>\n");
    } else {
        s.push_str("<table><thead><tr><th>Id</th><th>Question</th><th>Status</th><th>Answer</th></tr></thead><tbody>\n");
        for q in &pack.questions {
            let status = q.get("status").unwrap_or(QuestionStatus::Open.word());
            let answer = q
                .get("answer")
                .or(q.get("waiver_reason"))
                .map(|a| format!("{} {}", esc(a), cite_links(pack, &q.cites)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "<tr id=\"{}\" class=\"q-{}\"><td><code>{}</code></td><td>{}</td><td>{}</td><td>{answer}</td></tr>",
                anchor("q", &q.id),
                esc(&status.replace(|c: char| !c.is_ascii_alphanumeric(), "")),
                esc(&q.id),
                esc(q.get("ask").unwrap_or("")),
                esc(status)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    if !pack.missing_questions.is_empty() {
        s.push_str("<h3 id=\"missing-questions\">Required, not yet asked</h3>\n<table><thead><tr><th>Id</th><th>Question</th><th>Why it is required</th></tr></thead><tbody>\n");
        for m in &pack.missing_questions {
            let _ = writeln!(
                s,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td></tr>",
                esc(&m.id),
                esc(&m.ask),
                esc(&m.why)
            );
        }
        s.push_str("</tbody></table>\n");
    }
    s.push_str("</section>\n");
}

fn explanation(s: &mut String, pack: &Pack, r: &ScoreReport) {
    let _ = writeln!(
        s,
        "<section id=\"explain\">\n<h2>How the score is made</h2>\n<p class=\"note\">Each line: rubric points × importance ÷ the dimension's total importance × weight = points in the composite. Facts the dossier does not state count as <code>not_disclosed</code>; uncited claims score their <code>claimed</code> row, between the value and <code>not_disclosed</code>; a <code>yes</code> whose attestations have all lapsed scores <code>expired</code>; incidents, findings and adjustments add to their dimension. The {} lines add up to the composite, {:.3}.</p>",
        r.contributions.len(),
        r.composite
    );
    for d in &r.dimensions {
        let _ = writeln!(
            s,
            "<h3 id=\"{}\">{} <span class=\"dimscore {}\">{:.1}</span> × {}% = {:.2} points</h3>\n\
             <table class=\"explain\"><thead><tr><th>Fact</th><th>Value → rubric row</th><th class=\"num\">Rubric</th><th class=\"num\">Importance</th><th class=\"num\">Points</th><th>Evidence</th></tr></thead><tbody>",
            anchor("dim", d.dimension.key()),
            d.dimension.title(),
            band_class(Band::of(d.score)),
            round1(d.score),
            trim(d.weight),
            d.points
        );
        for c in r
            .contributions
            .iter()
            .filter(|c| c.dimension == d.dimension)
        {
            let path = c.fact_path();
            let what = match (c.kind, &path) {
                (ContributionKind::Fact | ContributionKind::Missing, Some(p)) => format!(
                    "<a href=\"#{}\"><code>{}</code></a>",
                    anchor("fact", p),
                    esc(p)
                ),
                _ => esc(&c.subject()),
            };
            let value = match c.kind {
                ContributionKind::Missing => format!("(absent) → {}", esc(&c.row)),
                _ if c.row != c.value => format!("{} → {}", esc(&c.value), esc(&c.row)),
                _ => esc(&c.value),
            };
            let evidence = match c.kind {
                ContributionKind::Missing => "<span class=\"absent\">absent</span>".to_string(),
                ContributionKind::Clamp => "keeps the dimension within 0..100".into(),
                _ if !c.cites.is_empty() => cite_links(pack, &c.cites),
                _ if c.cited => "no citation needed".into(),
                _ => "<span class=\"uncited\">UNCITED</span>".into(),
            };
            let reason = c
                .reason
                .as_ref()
                .map(|r| format!(" title=\"{}\"", esc(r)))
                .unwrap_or_default();
            let id = path
                .as_ref()
                .map(|p| format!(" id=\"{}\"", anchor("c", p)))
                .unwrap_or_default();
            let _ = writeln!(
                s,
                "<tr{id}{reason}><td>{what}</td><td>{value}</td><td class=\"num\">{}</td><td class=\"num\">{}</td><td class=\"num\">{:+.3}</td><td>{evidence}</td></tr>",
                trim(c.rubric_points),
                trim(c.importance),
                c.points
            );
        }
        s.push_str("</tbody></table>\n");
    }
    let sum: f64 = r.contributions.iter().map(|c| c.points).sum();
    let _ = writeln!(
        s,
        "<p class=\"sum\">Sum of {} contributions: {:.3} = composite {:.3}, shown as <a href=\"#composite\">{:.1}</a> ({}).</p>\n</section>",
        r.contributions.len(),
        sum,
        r.composite,
        round1(r.composite),
        r.band.as_str()
    );
}

fn sources(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"sources\">\n<h2>Cited sources</h2>\n");
    if pack.sources.is_empty() {
        s.push_str("<p class=\"empty\">No sources in the dossier.</p>\n</section>\n");
        return;
    }
    s.push_str("<table class=\"sources\"><thead><tr><th>Source</th><th>Document</th><th>Verified</th><th>Cited by</th></tr></thead><tbody>\n");
    for src in &pack.sources {
        let title = src.title.as_deref().unwrap_or(src.id.as_str());
        let doc = match src.url.as_deref() {
            Some(u) => match link_url(u) {
                Some(link) => format!(
                    "<a class=\"source-link\" href=\"{}\" rel=\"noopener noreferrer\">{}</a><br><span class=\"url\">{}</span>",
                    esc(link),
                    esc(title),
                    esc(u)
                ),
                None => format!(
                    "{}<br><span class=\"url unsafe\" title=\"not an http(s) URL: not linked\">{}</span>",
                    esc(title),
                    esc(u)
                ),
            },
            None => match src.file.as_deref() {
                // A file in the repository, relative to the dossier: linked
                // from where the page is (percent-encoded, never a scheme),
                // or, when no path leads there, named for the reader.
                Some(f) => {
                    let pin = src
                        .sha256
                        .as_deref()
                        .map(|h| format!(" · sha256 {}", esc(h)))
                        .unwrap_or_default();
                    match file_href(&pack.file_links, f) {
                        Some(href) => format!(
                            "<a class=\"source-file\" href=\"{}\">{}</a><br><span class=\"url\">file: {}{pin}</span>",
                            esc(&href),
                            esc(title),
                            esc(f),
                        ),
                        None => format!(
                            "{}<br><span class=\"url\">file: {}, relative to the dossier {}{pin}</span>",
                            esc(title),
                            esc(f),
                            esc(pack.path),
                        ),
                    }
                }
                None => esc(title),
            },
        };
        let kind = src
            .kind
            .as_ref()
            .map(|k| format!("<br><span class=\"kind\">{}</span>", esc(k)))
            .unwrap_or_default();
        let quote = src
            .quote
            .as_ref()
            .map(|q| format!("<blockquote>{}</blockquote>", esc(q)))
            .unwrap_or_default();
        let verified = match (&src.retrieved, &src.verified_by) {
            (Some(r), Some(v)) => format!("{} by {}", esc(r), esc(v)),
            (Some(r), None) => esc(r),
            (None, Some(v)) => format!("by {}", esc(v)),
            (None, None) => "<span class=\"nd\">not verified</span>".into(),
        };
        let cited_by: Vec<String> = src
            .cited_by
            .iter()
            .map(|c| {
                format!(
                    "<a href=\"#{}\"><code>{}</code></a>",
                    anchor(anchor_prefix(c.kind), &c.id),
                    esc(&c.id)
                )
            })
            .collect();
        let _ = writeln!(
            s,
            "<tr id=\"{}\"><td><code>{}</code>{kind}</td><td>{doc}{quote}</td><td>{verified}</td><td>{}</td></tr>",
            anchor("src", &src.id),
            esc(&src.id),
            if cited_by.is_empty() {
                "<span class=\"nd\">not cited</span>".to_string()
            } else {
                cited_by.join(" ")
            }
        );
    }
    s.push_str("</tbody></table>\n</section>\n");
}

/// A relative file path as an href: every byte that is not unreserved or
/// `/` percent-encoded, so no scheme, query or fragment can be smuggled in.
fn file_href(links: &FileLinks, path: &str) -> Option<String> {
    let base = match links {
        FileLinks::Beside => "./",
        FileLinks::Via(base) if base.is_empty() => "./",
        FileLinks::Via(base) => base.as_str(),
        FileLinks::Unlinked => return None,
    };
    // An absolute path is never evidence (`evidence-file` refuses it).
    if path.starts_with('/') || path.starts_with('\\') {
        return None;
    }
    let mut out = String::new();
    for b in base.bytes().chain(path.bytes()) {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~' | b'/') {
            out.push(b as char);
        } else {
            let _ = write!(out, "%{b:02X}");
        }
    }
    Some(out)
}

/// The questionnaires the vendor answered: counts by domain, and every No
/// with the vendor's description and the facts it feeds.
fn questionnaires(s: &mut String, pack: &Pack) {
    if pack.questionnaires.is_empty() {
        return;
    }
    s.push_str("<section id=\"questionnaires\">\n<h2>Questionnaires</h2>\n");
    for q in &pack.questionnaires {
        let total: usize = q.by_domain.values().flat_map(|m| m.values()).sum();
        let _ = writeln!(
            s,
            "<h3 id=\"{}\">{} <code>{}</code></h3>\n<p>{total} answers{}.</p>",
            anchor("questionnaire", &q.id),
            esc(&q.name),
            esc(&q.id),
            q.source
                .as_deref()
                .map(|src| format!(
                    ", from <a href=\"#{}\"><code>{}</code></a>",
                    anchor("src", src),
                    esc(src)
                ))
                .unwrap_or_default()
        );
        s.push_str("<table class=\"questionnaire\"><thead><tr><th>Domain</th><th>Yes</th><th>No</th><th>NA</th><th>Other</th></tr></thead><tbody>\n");
        for (domain, counts) in &q.by_domain {
            let n = |w: AnswerWord| counts.get(&Some(w)).copied().unwrap_or(0);
            let _ = writeln!(
                s,
                "<tr><td><code>{}</code></td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                esc(domain),
                n(AnswerWord::Yes),
                n(AnswerWord::No),
                n(AnswerWord::NotApplicable),
                n(AnswerWord::Other)
            );
        }
        s.push_str("</tbody></table>\n");
        if q.noes.is_empty() {
            s.push_str("<p class=\"empty\">No question answered No.</p>\n");
            continue;
        }
        s.push_str("<h4>Answered No</h4>\n<ul class=\"noes\">\n");
        for (id, note, feeds) in &q.noes {
            let feeds = if feeds.is_empty() {
                String::new()
            } else {
                format!(
                    " <span class=\"feeds\">(feeds {})</span>",
                    feeds
                        .iter()
                        .map(|f| format!("<code>{}</code>", esc(f)))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            let _ = writeln!(
                s,
                "<li><code>{}</code>: {}{feeds}</li>",
                esc(id),
                note.as_deref()
                    .map(esc)
                    .unwrap_or_else(|| "<span class=\"nd\">no description</span>".to_string())
            );
        }
        s.push_str("</ul>\n");
    }
    s.push_str("</section>\n");
}

/// The prefix of the anchors of a fact's or item's row in the pack.
fn anchor_prefix(kind: CiterKind) -> &'static str {
    match kind {
        CiterKind::Fact => "fact",
        CiterKind::Attestation => "att",
        CiterKind::Finding => "finding",
        CiterKind::Incident => "incident",
        CiterKind::Question => "q",
    }
}

fn diagnostics(s: &mut String, pack: &Pack) {
    s.push_str("<section id=\"diagnostics\">\n<h2>What the validator still flags</h2>\n");
    if pack.diagnostics.is_empty() {
        s.push_str("<p class=\"empty ok\">Nothing: every fact is cited, every required question asked.</p>\n</section>\n");
        return;
    }
    let _ = writeln!(
        s,
        "<p class=\"note\">As <code>dossier check</code> reports them for <code>{}</code> on {}.</p>",
        esc(pack.path),
        pack.today
    );
    s.push_str("<table class=\"diagnostics\"><thead><tr><th>Line</th><th>Severity</th><th>Rule</th><th>Message</th></tr></thead><tbody>\n");
    for d in &pack.diagnostics {
        let url = d.rule.doc_url();
        let rule = match url.as_deref().and_then(link_url) {
            Some(u) => format!("<a href=\"{}\">{}</a>", esc(u), d.rule.code()),
            None => d.rule.code().to_string(),
        };
        let _ = writeln!(
            s,
            "<tr class=\"sev-{sev}\"><td class=\"num\">{}:{}</td><td>{sev}</td><td>{rule}</td><td>{}</td></tr>",
            d.line,
            d.column,
            esc(&d.message),
            sev = d.severity.as_str(),
        );
    }
    s.push_str("</tbody></table>\n</section>\n");
}

fn methodology(s: &mut String, pack: &Pack) {
    s.push_str("<footer id=\"methodology\">\n<h2>Methodology and caveats</h2>\n");
    if let Some(r) = pack.score {
        let weights: Vec<String> = r
            .dimensions
            .iter()
            .map(|d| format!("{}% {}", trim(d.weight), d.dimension.title().to_lowercase()))
            .collect();
        let _ = writeln!(
            s,
            "<p>The composite uses the <code>{}</code> weight profile ({}). Each fact scores risk points from the rubric (0 no risk, 100 the most); a dimension is the importance-weighted mean of its facts; bands: low &lt; 20 ≤ moderate &lt; 40 ≤ elevated &lt; 60 ≤ high &lt; 80 ≤ critical.</p>",
            esc(&r.profile),
            weights.join(", ")
        );
    }
    let _ = writeln!(
        s,
        "<p>Facts come from the sources cited above, each with the date it was verified; facts marked <span class=\"uncited\">uncited</span> have no source yet. This pack is decision-support material, not legal advice or audit evidence. Generated by <code>dossier render</code> {} as of {}.</p>\n</footer>",
        env!("CARGO_PKG_VERSION"),
        pack.today
    );
}
