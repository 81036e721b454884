//! Code actions: every diagnostic's fixes, inserting the required question
//! templates, citing facts, creating source stubs, asking the vendor about
//! undisclosed facts, expanding shorthand facts, suppressions.

use dossier_analysis::edits::insert_questions;
use dossier_analysis::{Edit, Rule};
use dossier_schema::catalogue;
use dossier_schema::view::{DossierView, FactView};
use dossier_score::questions;
use dossier_syntax::emit::{column, line_start};
use dossier_syntax::TextRange;

use crate::locate::locate;
use crate::Ctx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AssistKind {
    QuickFix,
    Refactor,
    Source,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Assist {
    pub title: String,
    pub kind: AssistKind,
    pub edits: Vec<Edit>,
    /// Indices into `analysis.diagnostics` this action fixes.
    pub fixes: Vec<usize>,
    pub preferred: bool,
}

fn overlaps(a: TextRange, b: TextRange) -> bool {
    a.start <= b.end && b.start <= a.end
}

pub fn assists(ctx: &Ctx, range: TextRange) -> Vec<Assist> {
    let mut out = Vec::new();
    let Some(root) = ctx.analysis.parse.root.as_ref() else {
        return out;
    };
    let diags = &ctx.analysis.diagnostics;

    // Every diagnostic's own fixes.
    for (i, d) in diags
        .iter()
        .enumerate()
        .filter(|(_, d)| overlaps(d.range, range))
    {
        for f in &d.fixes {
            out.push(Assist {
                title: f.title.clone(),
                kind: AssistKind::QuickFix,
                edits: f.edits.clone(),
                fixes: vec![i],
                preferred: d.fixes.len() == 1,
            });
        }
    }

    // Fixes for the fact under the cursor (cite, create a source, ask).
    let mut refactors = Vec::new();
    if let Some(f) = fact_at(ctx, range.start) {
        fact_assists(ctx, &f, &mut out);
        refactors.extend(
            out.iter()
                .filter(|a| a.kind != AssistKind::QuickFix)
                .cloned(),
        );
        out.retain(|a| a.kind == AssistKind::QuickFix);
    }

    // All missing questions at once.
    if root.as_mapping().is_some() {
        let view = DossierView::new(root);
        let present: Vec<&str> = view
            .items("questions")
            .iter()
            .filter_map(|q| q.id.map(|i| i.text))
            .collect();
        let mut missing: Vec<(&str, &str)> =
            questions::required_questions(&view, ctx.analysis.today, &ctx.config.question_policy())
                .into_iter()
                .map(|r| (r.template.id, r.template.ask))
                .filter(|(id, _)| !present.contains(id))
                .collect();
        missing.sort_by_key(|(id, _)| *id);
        missing.dedup_by_key(|(id, _)| *id);
        if missing.len() > 1 {
            if let Some(edit) = insert_questions_in_order(ctx.text, root, &missing) {
                let fixes: Vec<usize> = diags
                    .iter()
                    .enumerate()
                    .filter(|(_, d)| d.rule == Rule::MissingQuestion)
                    .map(|(i, _)| i)
                    .collect();
                out.push(Assist {
                    title: format!("Insert all {} missing questions", missing.len()),
                    kind: if fixes.iter().any(|&i| overlaps(diags[i].range, range)) {
                        AssistKind::QuickFix
                    } else {
                        AssistKind::Source
                    },
                    edits: edit,
                    fixes,
                    preferred: false,
                });
            }
        }
    }
    out.extend(refactors);

    // One suppression per rule on this line, last, never preferred, and
    // with no placeholder reason: the comment ends where the reason goes
    // (`bad-suppression` reports it until the analyst writes one).
    let mut suppressed: Vec<(Rule, usize)> = Vec::new();
    let mut sup_fixes: Vec<Vec<usize>> = Vec::new();
    for (i, d) in diags
        .iter()
        .enumerate()
        .filter(|(_, d)| overlaps(d.range, range) && d.rule != Rule::BadSuppression)
    {
        let ls = line_start(ctx.text, d.range.start);
        match suppressed
            .iter()
            .position(|(r, l)| *r == d.rule && *l == ls)
        {
            Some(k) => sup_fixes[k].push(i),
            None => {
                suppressed.push((d.rule, ls));
                sup_fixes.push(vec![i]);
            }
        }
    }
    for ((rule, ls), fixes) in suppressed.into_iter().zip(sup_fixes) {
        let indent: String = ctx.text[ls..].chars().take_while(|c| *c == ' ').collect();
        out.push(Assist {
            title: format!("Suppress `{}` on this line (then say why)", rule.code()),
            kind: AssistKind::QuickFix,
            edits: vec![Edit {
                range: TextRange::empty(ls),
                text: format!("{indent}# dossier: ignore[{}] \n", rule.code()),
            }],
            fixes,
            preferred: false,
        });
    }
    out
}

/// Insert questions so that the list stays in id order: each goes before
/// the first existing item with a greater id, the rest at the end.
fn insert_questions_in_order(
    text: &str,
    root: &dossier_syntax::Node,
    missing: &[(&str, &str)],
) -> Option<Vec<Edit>> {
    let items = match root.get("questions").map(|e| &e.value.kind) {
        Some(dossier_syntax::NodeKind::Sequence(items))
            if !items.is_empty()
                && !text[root.get("questions")?.value.range.start..].starts_with('[') =>
        {
            items
        }
        _ => return insert_questions(text, root, missing).map(|e| vec![e]),
    };
    let ids: Vec<Option<&str>> = items
        .iter()
        .map(|it| it.value("id").and_then(|i| i.as_str()))
        .collect();
    let mut edits = Vec::new();
    let mut tail = Vec::new();
    for q in missing {
        let before = ids.iter().position(|id| id.is_some_and(|id| id > q.0));
        match before {
            Some(k) => {
                let ls = line_start(text, items[k].range.start);
                // Rendered for this list (its dash column), as for appending.
                let edit = insert_questions(text, root, &[*q])?;
                let body = format!("{}\n", edit.text.trim_start_matches(['\n', '\r']));
                edits.push(Edit {
                    range: TextRange::empty(ls),
                    text: body,
                });
            }
            None => tail.push(*q),
        }
    }
    if !tail.is_empty() {
        edits.push(insert_questions(text, root, &tail)?);
    }
    Some(edits)
}

fn fact_at<'a>(ctx: &'a Ctx, offset: usize) -> Option<FactView<'a>> {
    let root = ctx.analysis.parse.root.as_ref()?;
    let loc = locate(root, offset)?;
    let p = loc.path_str();
    if p.len() < 3 || p[0] != "facts" {
        return None;
    }
    DossierView::new(root)
        .facts()
        .into_iter()
        .find(|f| f.section == p[1] && f.key == p[2])
}

/// `key: value` → `key:\n  value: value\n  cite: id`, keeping the value's source text.
fn full_form(ctx: &Ctx, f: &FactView, cite: Option<&str>) -> Option<Edit> {
    let text = ctx.text;
    let entry = f.entry;
    let colon = entry.key.range.end + text[entry.key.range.end..].find(':')?;
    let pad = " ".repeat(column(text, entry.key.range.start) + 2);
    let value = &text[f.value.range.start..f.value.range.end];
    let mut new = format!(":\n{pad}value: {value}");
    if let Some(id) = cite {
        new.push_str(&format!("\n{pad}cite: {id}"));
    }
    Some(Edit {
        range: TextRange::new(colon, f.value.range.end),
        text: new,
    })
}

/// Add `cite: id` to a full-form fact without one.
fn add_cite(ctx: &Ctx, f: &FactView, id: &str) -> Option<Edit> {
    if f.shorthand {
        // A one-line fact stays on one line.
        let value = &ctx.text[f.value.range.start..f.value.range.end];
        if value.contains(['\n', '\r']) {
            return full_form(ctx, f, Some(id));
        }
        return Some(Edit {
            range: f.value.range,
            text: format!("{{value: {value}, cite: {id}}}"),
        });
    }
    let m = f.entry.value.as_mapping()?;
    if m.flow {
        let close = f.entry.value.range.end.checked_sub(1)?;
        return Some(Edit {
            range: TextRange::empty(close),
            text: format!(", cite: {id}"),
        });
    }
    let last = m.entries.last()?;
    let pad = " ".repeat(column(ctx.text, last.key.range.start));
    let at = ctx.text[last.range.end..]
        .find(['\n', '\r'])
        .map_or(ctx.text.len(), |i| last.range.end + i);
    Some(Edit {
        range: TextRange::empty(at),
        text: format!("\n{pad}cite: {id}"),
    })
}

/// The URL of a source created by a quick fix: valid (so the file stays
/// clean while the analyst finds the real one) and plainly a stand-in
/// (`.invalid` is reserved and never resolves).
pub(crate) const NEW_SOURCE_URL: &str = "https://replace-me.invalid/";

fn new_source_edit(ctx: &Ctx, view: &DossierView, id: &str) -> Option<Edit> {
    let today = ctx.analysis.today;
    match view.top("sources") {
        Some(entry) => match entry
            .value
            .as_mapping()
            .filter(|m| !m.flow && !m.entries.is_empty())
        {
            Some(m) => {
                let last = m.entries.last()?;
                let col = column(ctx.text, last.key.range.start);
                let at = ctx.text[last.range.end..]
                    .find(['\n', '\r'])
                    .map_or(ctx.text.len(), |i| last.range.end + i);
                let pad = " ".repeat(col);
                Some(Edit {
                    range: TextRange::empty(at),
                    text: format!(
                        "\n{pad}{id}:\n{pad}  url: {NEW_SOURCE_URL}\n{pad}  retrieved: {today}"
                    ),
                })
            }
            None => {
                let colon = entry.key.range.end + ctx.text[entry.key.range.end..].find(':')?;
                let end = if entry.value.range.is_empty() {
                    colon + 1
                } else {
                    entry.value.range.end
                };
                Some(Edit {
                    range: TextRange::new(colon, end),
                    text: format!(":\n  {id}:\n    url: {NEW_SOURCE_URL}\n    retrieved: {today}"),
                })
            }
        },
        None => None,
    }
}

fn fact_assists(ctx: &Ctx, f: &FactView, out: &mut Vec<Assist>) {
    let Some(root) = ctx.analysis.parse.root.as_ref() else {
        return;
    };
    let view = DossierView::new(root);
    let diags = &ctx.analysis.diagnostics;
    let uncited: Vec<usize> = diags
        .iter()
        .enumerate()
        .filter(|(_, d)| d.rule == Rule::UncitedFact && d.range == f.entry.key.range)
        .map(|(i, _)| i)
        .collect();
    if !uncited.is_empty() {
        for s in view.sources().iter().take(8) {
            if let Some(edit) = add_cite(ctx, f, s.id) {
                out.push(Assist {
                    title: format!("Cite source `{}`", s.id),
                    kind: AssistKind::QuickFix,
                    edits: vec![edit],
                    fixes: uncited.clone(),
                    preferred: false,
                });
            }
        }
        let ids: Vec<&str> = view.sources().iter().map(|s| s.id).collect();
        let id = (1..)
            .map(|n| {
                if n == 1 {
                    "new-source".to_string()
                } else {
                    format!("new-source-{n}")
                }
            })
            .find(|c| !ids.contains(&c.as_str()))
            .unwrap_or_default();
        if let (Some(cite), Some(source)) =
            (add_cite(ctx, f, &id), new_source_edit(ctx, &view, &id))
        {
            out.push(Assist {
                title: format!("Create source `{id}` and cite it"),
                kind: AssistKind::QuickFix,
                edits: vec![source, cite],
                fixes: uncited.clone(),
                preferred: false,
            });
        }
    }
    if f.shorthand {
        if let Some(edit) = full_form(ctx, f, None) {
            out.push(Assist {
                title: "Expand to the full form".into(),
                kind: AssistKind::Refactor,
                edits: vec![edit],
                fixes: Vec::new(),
                preferred: false,
            });
        }
    }
    if f.def.is_some() && f.is_not_disclosed() {
        let present: Vec<&str> = view
            .items("questions")
            .iter()
            .filter_map(|q| q.id.map(|i| i.text))
            .collect();
        let title = f.def.map_or(f.key, |d| d.title);
        let edit = match questions::template_for_fact(f.key, f.word()) {
            Some(t) if present.contains(&t.id) => None,
            Some(t) => insert_questions(ctx.text, root, &[(t.id, t.ask)]),
            None => {
                let id = format!("ASK-{}", f.key.to_ascii_uppercase().replace('_', "-"));
                if present.contains(&id.as_str()) {
                    None
                } else {
                    let def = f.def.or_else(|| catalogue::fact(f.section, f.key));
                    let ask = format!(
                        "Please disclose: {}. {}",
                        title,
                        def.map_or("", |d| d.description)
                    );
                    insert_questions(ctx.text, root, &[(id.as_str(), ask.as_str())])
                }
            }
        };
        if let Some(edit) = edit {
            out.push(Assist {
                title: format!("Ask the vendor about {title}"),
                kind: AssistKind::QuickFix,
                edits: vec![edit],
                fixes: Vec::new(),
                preferred: false,
            });
        }
    }
}
