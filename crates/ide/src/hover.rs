//! Hover: what a key, value or id means, and what it does to the score.

use std::fmt::Write;

use dossier_schema::catalogue::{self, FactDef};
use dossier_schema::nav;
use dossier_schema::view::DossierView;
use dossier_score::frameworks;
use dossier_syntax::TextRange;

use crate::locate::locate;
use crate::Ctx;

#[derive(Clone, Debug, PartialEq)]
pub struct Hover {
    pub range: TextRange,
    /// Markdown.
    pub markdown: String,
}

pub fn hover(ctx: &Ctx, offset: usize) -> Option<Hover> {
    let root = ctx.analysis.parse.root.as_ref()?;
    let loc = locate(root, offset)?;
    let path = loc.path_str();
    let view = DossierView::new(root);

    // A source id: a key under `sources`, any `cite` value, or a
    // questionnaire's `source`.
    let in_cite = path.contains(&"cite")
        || (path.len() == 3 && path[0] == "questionnaires" && path[2] == "source");
    if (path.len() == 2 && path[0] == "sources" && loc.key.is_some())
        || (in_cite && loc.key.is_none())
    {
        let id = if in_cite { loc.node.as_str()? } else { path[1] };
        let range = if in_cite {
            loc.node.range
        } else {
            loc.key?.key.range
        };
        return Some(Hover {
            range,
            markdown: source_markdown(&view, id),
        });
    }
    // OWASP and NIST ids in findings.
    if path.len() == 4
        && path[0] == "findings"
        && loc.key.is_none()
        && matches!(path[2], "owasp" | "nist")
    {
        let id = loc.node.as_str()?;
        return framework_markdown(path[2], id).map(|markdown| Hover {
            range: loc.node.range,
            markdown,
        });
    }
    // A questionnaire's question id (or its whole answer): the facts the
    // answer feeds.
    if path.len() == 4 && path[0] == "questionnaires" && path[2] == "answers" {
        let index: usize = path[1].parse().ok()?;
        let node = root.value("questionnaires")?.as_sequence()?.get(index)?;
        let item = dossier_schema::view::ItemView {
            node,
            id: dossier_schema::view::field(node, "id"),
        };
        let entry = item.node.value("answers")?.get(path[3])?;
        return Some(Hover {
            range: entry.key.range,
            markdown: questionnaire_markdown(&view, &item, path[3]),
        });
    }
    // A question template id.
    if path.len() == 3 && path[0] == "questions" && path[2] == "id" && loc.key.is_none() {
        let t = dossier_score::questions::template(loc.node.as_str()?)?;
        return Some(Hover {
            range: loc.node.range,
            markdown: format!(
                "**Question {}** ({})\n\n{}\n\n_Why:_ {}",
                t.id,
                t.dimension.title(),
                t.ask,
                t.why
            ),
        });
    }
    // A fact key, or a fact's value.
    if path.len() >= 3 && path[0] == "facts" {
        if let Some(def) = catalogue::fact(path[1], path[2]) {
            if path.len() == 3 && loc.key.is_some() {
                return Some(Hover {
                    range: loc.key?.key.range,
                    markdown: fact_markdown(ctx, &view, def),
                });
            }
            let on_value =
                loc.key.is_none() && (path.len() == 3 || (path.len() == 4 && path[3] == "value"));
            if on_value {
                return value_markdown(ctx, def, loc.node).map(|markdown| Hover {
                    range: loc.node.range,
                    markdown,
                });
            }
        }
    }
    // A facts section.
    if path.len() == 2 && path[0] == "facts" && loc.key.is_some() {
        let s = catalogue::section(path[1])?;
        let mut md = format!(
            "**{}** (`facts.{}`)\n\n{}\n",
            s.title, s.name, s.description
        );
        if let Some(report) = &ctx.analysis.score {
            let mut dims: Vec<_> = catalogue::section_facts(s.name)
                .map(|f| f.dimension)
                .collect();
            dims.dedup();
            for d in dims {
                if let Some(ds) = report.dimension(d) {
                    let _ = write!(
                        md,
                        "\n- {}: score {:.1} × weight {}% = {:.2} points",
                        d.title(),
                        ds.score,
                        ds.weight,
                        ds.points
                    );
                }
            }
        }
        return Some(Hover {
            range: loc.key?.key.range,
            markdown: md,
        });
    }
    // An enumerated value: what the word means.
    let schema_root = dossier_schema::json_schema();
    let schema = nav::at_path(schema_root, &path);
    if loc.key.is_none() {
        let word = loc.node.as_str()?;
        let words = schema
            .map(|s| {
                let w = nav::enum_values(schema_root, s);
                if w.is_empty() {
                    nav::items(schema_root, s)
                        .map(|i| nav::enum_values(schema_root, i))
                        .unwrap_or_default()
                } else {
                    w
                }
            })
            .unwrap_or_default();
        let (w, doc) = words.iter().find(|(w, _)| w == word)?;
        let mut md = format!("`{w}` (`{}`)", readable_path(root, &path));
        if let Some(d) = doc {
            let _ = write!(md, "\n\n{d}");
        }
        let others: Vec<String> = words
            .iter()
            .filter(|(x, _)| x != w)
            .map(|(x, _)| format!("`{x}`"))
            .collect();
        if !others.is_empty() && others.len() <= 20 {
            let _ = write!(md, "\n\nOther values: {}", others.join(", "));
        }
        return Some(Hover {
            range: loc.node.range,
            markdown: md,
        });
    }
    // Any other key: its schema description.
    let key = loc.key?;
    let shown = readable_path(root, &path);
    let Some(schema) = schema else {
        return Some(Hover {
            range: key.key.range,
            markdown: unknown_key_markdown(root, &path, &shown),
        });
    };
    let description =
        nav::description(schema_root, schema, true).unwrap_or("No description in the schema.");
    let mut md = format!("**`{shown}`**\n\n{description}");
    let required = path.len() >= 2
        && nav::at_path(schema_root, &path[..path.len() - 1])
            .map(|parent| nav::properties(schema_root, parent))
            .is_some_and(|p| p.iter().any(|(k, _, r)| *r && *k == path[path.len() - 1]));
    if required {
        md.push_str("\n\n_Required._");
    }
    let applied = if ctx.config.extra_schema.is_some() {
        "the dossier format schema, plus the extra schema from dossier.toml"
    } else {
        "the dossier format schema (built in)"
    };
    let _ = write!(md, "\n\n_Schema: {applied}._");
    Some(Hover {
        range: key.key.range,
        markdown: md,
    })
}

/// A key the schema does not know here: say so, and list what is allowed.
fn unknown_key_markdown(root: &dossier_syntax::Node, path: &[&str], shown: &str) -> String {
    let schema_root = dossier_schema::json_schema();
    let key = path.last().copied().unwrap_or_default();
    let parent = &path[..path.len().saturating_sub(1)];
    let allowed: Vec<String> = nav::at_path(schema_root, parent)
        .map(|p| nav::properties(schema_root, p))
        .unwrap_or_default()
        .iter()
        .map(|(k, _, _)| format!("`{k}`"))
        .collect();
    let mut md = format!("**`{shown}`**\n\n`{key}` is not a key the format knows here.");
    if !allowed.is_empty() {
        let _ = write!(
            md,
            " Keys of `{}`: {}.",
            if parent.is_empty() {
                "the top level".to_string()
            } else {
                readable_path(root, parent)
            },
            allowed.join(", ")
        );
    }
    md.push_str(" Keys starting with `x_` are extensions and are kept as they are.");
    md
}

/// A path as the analyst reads it: list items named by their `id` when
/// they have one (`questions[Q01].ask`), by index otherwise (`cite[0]`).
pub(crate) fn readable_path(root: &dossier_syntax::Node, path: &[&str]) -> String {
    let mut out = String::new();
    let mut node = Some(root);
    for seg in path {
        let item = node.and_then(|n| match &n.kind {
            dossier_syntax::NodeKind::Sequence(items) => {
                seg.parse::<usize>().ok().and_then(|i| items.get(i))
            }
            _ => None,
        });
        match item {
            Some(it) => {
                let id = it.value("id").and_then(|i| i.as_str());
                match id {
                    Some(id) => {
                        let _ = write!(out, "[{id}]");
                    }
                    None => {
                        let _ = write!(out, "[{seg}]");
                    }
                }
                node = Some(it);
            }
            None => {
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(seg);
                node = node.and_then(|n| n.value(seg));
            }
        }
    }
    out
}

fn fact_markdown(ctx: &Ctx, view: &DossierView, def: &FactDef) -> String {
    let mut md = String::new();
    let _ = writeln!(
        md,
        "**{}** (`{}.{}`)\n\n{}\n",
        def.title, def.section, def.key, def.description
    );
    let _ = writeln!(md, "**Values:** {}\n", def.domain.describe());
    let dim = def.dimension;
    if let Some(report) = &ctx.analysis.score {
        let weight = report.dimension(dim).map_or(0.0, |d| d.weight);
        let _ = writeln!(
            md,
            "**Dimension:** {} (`{}`), weight {}% in profile `{}`\n",
            dim.title(),
            dim.key(),
            weight,
            report.profile
        );
        if let Some(c) = report.fact(def.section, def.key) {
            let _ = writeln!(
                md,
                "**Contribution:** `{}` scores {} risk points (importance {}) → **{:+.2}** of the composite {:.1} ({}{}). _{}_\n",
                c.value,
                crate::num(c.rubric_points),
                c.importance,
                c.points,
                dossier_score::round1(report.composite),
                report.band.as_str(),
                crate::unverified_short(report)
                    .map(|u| format!("; {u}, {:.1} as stated", dossier_score::round1(report.stated_composite)))
                    .unwrap_or_default(),
                c.reason.clone().unwrap_or_default()
            );
        }
    } else {
        let _ = writeln!(md, "**Dimension:** {} (`{}`)\n", dim.title(), dim.key());
    }
    let owasp = frameworks::owasp_for_dimension(dim);
    if !owasp.is_empty() {
        let _ = writeln!(
            md,
            "**OWASP LLM Top 10 (2025):** {}\n",
            owasp
                .iter()
                .map(|r| format!("{} {}", r.code, r.name))
                .collect::<Vec<_>>()
                .join(" · ")
        );
    }
    let nist = frameworks::nist_for_dimension(dim);
    if !nist.is_empty() {
        let _ = writeln!(
            md,
            "**NIST AI RMF:** {}\n",
            nist.iter().map(|f| f.name).collect::<Vec<_>>().join(", ")
        );
    }
    if !def.applies.excluded().is_empty() {
        let _ = writeln!(
            md,
            "**Applies to:** vendors whose product is or embeds AI models: not scored for a {} unless set here (`not_applicable` says so explicitly).\n",
            def.applies
                .excluded()
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(" or ")
        );
    }
    if let Some((_, rule)) = dossier_analysis::freshness_of_fact(def, &ctx.config.freshness) {
        let _ = writeln!(md, "**Freshness:** {rule}.\n");
    }
    let fact = view
        .facts()
        .into_iter()
        .find(|f| f.section == def.section && f.key == def.key);
    match fact {
        Some(f) if !f.cites.is_empty() => {
            let _ = writeln!(md, "**Citations:**");
            for c in &f.cites {
                match view.source(c.text) {
                    Some(s) => {
                        let _ = writeln!(
                            md,
                            "- `{}`: {} (retrieved {}{})",
                            c.text,
                            s.url.or(s.file).map_or("(no url)", |u| u.text),
                            s.retrieved.map_or("?", |r| r.text),
                            s.verified_by
                                .map(|v| format!(", verified by {}", v.text))
                                .unwrap_or_default()
                        );
                    }
                    None => {
                        let _ = writeln!(md, "- `{}`: **not a source in this file**", c.text);
                    }
                }
            }
        }
        Some(f) if f.is_not_disclosed() => {
            let _ = writeln!(md, "_Not disclosed: no citation needed._");
        }
        Some(_) => {
            let _ = writeln!(md, "⚠ **Uncited**: add `cite:` with a source id.");
        }
        None => {}
    }
    answers_bearing_on(view, def, &mut md);
    md
}

/// The questionnaire answers kept in the dossier that bear on a fact (the
/// mapping of `dossier_schema::questionnaire::LINKS`), with the value each
/// implies.
fn answers_bearing_on(view: &DossierView, def: &FactDef, md: &mut String) {
    use dossier_schema::questionnaire::{self, Answer, Edition};
    let mut lines = Vec::new();
    for item in view.items("questionnaires") {
        let Some(edition) = (match (item.field("kind"), item.field("version")) {
            (Some(k), Some(v)) => Edition::from_written(k.text, v.text),
            _ => None,
        }) else {
            continue;
        };
        let Some(answers) = item
            .node
            .value("answers")
            .and_then(dossier_syntax::Node::as_mapping)
        else {
            continue;
        };
        for e in &answers.entries {
            let q = e.key.value.as_str();
            let Some(link) = questionnaire::links(edition, q)
                .find(|l| l.section == def.section && l.key == def.key)
            else {
                continue;
            };
            let word = e
                .value
                .value("answer")
                .and_then(dossier_syntax::Node::as_str)
                .unwrap_or("?");
            let implies = Answer::parse(word)
                .and_then(|a| link.value_for(a))
                .map(|v| format!(" → `{v}`"))
                .unwrap_or_default();
            lines.push(format!(
                "- {} v{} `{q}`: answered `{word}`{implies}",
                edition.name(),
                edition.version()
            ));
        }
    }
    if !lines.is_empty() {
        let _ = writeln!(md, "\n**Questionnaire answers:**");
        for l in lines {
            let _ = writeln!(md, "{l}");
        }
    }
}

fn value_markdown(ctx: &Ctx, def: &FactDef, node: &dossier_syntax::Node) -> Option<String> {
    let row = dossier_score::rubric().row(def, node)?;
    let mut md = format!(
        "`{}` for **{}**: {} risk points. _{}_",
        node.as_str().unwrap_or("…"),
        def.title,
        row.points,
        row.rationale
    );
    if let Some(words) = def.domain.words() {
        let _ = write!(
            md,
            "\n\nAllowed: {}",
            words
                .iter()
                .map(|w| format!("`{w}`"))
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    let _ = ctx;
    Some(md)
}

/// What a questionnaire answer feeds: the facts of the mapping table
/// (`dossier_schema::questionnaire::LINKS`), the value each answer implies,
/// and what the dossier says now.
fn questionnaire_markdown(
    view: &DossierView,
    item: &dossier_schema::view::ItemView,
    question: &str,
) -> String {
    use dossier_schema::questionnaire;
    use dossier_schema::types::QuestionnaireKind;
    let edition = item.edition();
    let name = item
        .questionnaire_kind()
        .unwrap_or(QuestionnaireKind::Caiq)
        .label();
    let mut md = format!("**{name} {question}**");
    let answer = item
        .node
        .value("answers")
        .and_then(|a| a.value(question))
        .and_then(|a| a.value("answer"))
        .and_then(|a| a.as_str());
    if let Some(a) = answer {
        let _ = write!(md, ": answered `{a}`");
    }
    md.push_str("\n\n");
    let links: Vec<_> = match edition {
        Some(e) => questionnaire::links(e, question).collect(),
        None => questionnaire::feeds(question).collect(),
    };
    if links.is_empty() {
        md.push_str("Feeds no catalogue fact: the answer is kept as the vendor gave it.");
        return md;
    }
    md.push_str("Feeds:\n");
    let facts = view.facts();
    for l in links {
        let title = catalogue::fact(l.section, l.key).map_or("", |d| d.title);
        let mut implies = Vec::new();
        if let Some(v) = l.on_yes {
            implies.push(format!("Yes → `{v}`"));
        }
        if let Some(v) = l.on_no {
            implies.push(format!("No → `{v}`"));
        }
        if implies.is_empty() {
            implies.push("bears on it; the answer sets no value".to_string());
        }
        let _ = write!(
            md,
            "\n- `{}.{}` ({title}): {}",
            l.section,
            l.key,
            implies.join(", ")
        );
        match facts
            .iter()
            .find(|f| f.section == l.section && f.key == l.key)
            .and_then(|f| f.word())
        {
            Some(w) => {
                let _ = write!(md, "; the dossier says `{w}`");
            }
            None => md.push_str("; not in the dossier yet"),
        }
    }
    md
}

fn source_markdown(view: &DossierView, id: &str) -> String {
    let Some(s) = view.source(id) else {
        return format!("`{id}` is **not a source** in this file.");
    };
    let mut md = format!("**Source `{id}`**");
    if let Some(t) = s.title {
        let _ = write!(md, ": {}", t.text);
    }
    md.push_str("\n\n");
    if let Some(u) = s.url {
        let _ = writeln!(md, "- URL: {}", u.text);
    }
    if let Some(k) = s.kind {
        let _ = writeln!(md, "- Kind: `{}`", k.text);
    }
    let _ = writeln!(
        md,
        "- Retrieved {}{}",
        s.retrieved.map_or("?", |r| r.text),
        s.verified_by
            .map(|v| format!(", verified by {}", v.text))
            .unwrap_or_default()
    );
    if let Some(q) = s.quote {
        let _ = writeln!(md, "\n> {}", q.text.replace('\n', " "));
    }
    md
}

fn framework_markdown(kind: &str, id: &str) -> Option<String> {
    if kind == "owasp" {
        let r = frameworks::owasp(id)?;
        let dims = r
            .dimensions
            .iter()
            .map(|d| d.title())
            .collect::<Vec<_>>()
            .join(", ");
        return Some(format!(
            "**{} {}** (OWASP Top 10 for LLM Applications {})\n\n{}\n\nAddressed by: {dims}",
            r.code, r.name, r.edition, r.description
        ));
    }
    if let Some(f) = frameworks::nist_function(id) {
        return Some(format!(
            "**NIST AI RMF {}** ({})\n\n{}",
            f.name,
            frameworks::NIST_EDITION,
            f.description
        ));
    }
    let c = frameworks::nist_category(id)?;
    let f = frameworks::nist_function(c.function)?;
    Some(format!(
        "**NIST AI RMF {}** ({}, {})\n\n{}\n\nFunction {}: {}",
        id,
        c.id,
        frameworks::NIST_EDITION,
        c.title,
        f.name,
        f.description
    ))
}
