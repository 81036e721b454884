//! Completion. The context is read from the text around the cursor, not
//! from the tree: while the analyst types, the line is usually not YAML yet.

use dossier_schema::catalogue;
use dossier_schema::nav;
use dossier_schema::view::DossierView;
use dossier_syntax::TextRange;
use serde_json::Value;

use crate::Ctx;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CompletionKind {
    Key,
    Value,
    Source,
    Question,
    Framework,
}

#[derive(Clone, Debug, PartialEq)]
pub struct CompletionItem {
    pub label: String,
    pub kind: CompletionKind,
    pub detail: Option<String>,
    pub documentation: Option<String>,
    /// What to insert where the client does not take snippets: the full
    /// form, without tab stops.
    pub insert_text: String,
    /// The same as an LSP snippet (`$1`, `${1|a,b|}`), when it has places
    /// worth tabbing to.
    pub snippet: Option<String>,
    /// The text the item replaces (the word typed so far).
    pub replace: TextRange,
}

struct Line<'a> {
    /// Column of a leading `- `, if any.
    dash: Option<usize>,
    /// Column where the key (or content) starts.
    key_col: usize,
    key: Option<&'a str>,
}

fn read_line(line: &str) -> Option<Line<'_>> {
    let indent = line.len() - line.trim_start_matches(' ').len();
    let mut rest = &line[indent..];
    if rest.is_empty() || rest.starts_with('#') {
        return None;
    }
    let mut dash = None;
    let mut key_col = indent;
    if rest == "-" || rest.starts_with("- ") {
        dash = Some(indent);
        let after = rest[1..].trim_start_matches(' ');
        key_col = indent + (rest.len() - after.len());
        rest = after;
    }
    let key = rest
        .find(':')
        .map(|i| rest[..i].trim())
        .filter(|k| !k.is_empty() && !k.contains(' '));
    Some(Line { dash, key_col, key })
}

/// The key path of the mapping the cursor line belongs to (`[]` for a list item).
fn parent_path(text: &str, line_start: usize, col: usize) -> Vec<String> {
    let mut want = col;
    let mut path = Vec::new();
    for raw in text[..line_start].lines().rev() {
        let raw = raw.trim_end_matches('\r');
        let Some(l) = read_line(raw) else { continue };
        if let Some(d) = l.dash.filter(|d| *d < want) {
            // Inside this list item; its key is our parent if it is left of us.
            if let Some(k) = l.key.filter(|_| l.key_col < want) {
                path.push(k.to_string());
            }
            path.push("[]".to_string());
            want = d;
        } else if l.key_col < want {
            if let Some(k) = l.key {
                path.push(k.to_string());
            }
            want = l.key_col;
        }
        if want == 0 {
            break;
        }
    }
    path.reverse();
    path
}

pub fn completions(ctx: &Ctx, offset: usize) -> Vec<CompletionItem> {
    let text = ctx.text;
    let offset = floor(text, offset.min(text.len()));
    let line_start = text[..offset].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let indent = before.len() - before.trim_start_matches(' ').len();
    let mut content = &before[indent..];
    let mut col = indent;
    if content.starts_with("- ") {
        content = content[2..].trim_start_matches(' ');
        col = before.len() - content.len();
    }
    let word_start = offset
        - before
            .chars()
            .rev()
            .take_while(|c| c.is_alphanumeric() || matches!(c, '_' | '-' | '.' | ':'))
            .map(char::len_utf8)
            .sum::<usize>();
    let mut path = parent_path(text, line_start, col);
    // `key: value` on this line: complete the value. In a flow mapping
    // (`key: {value: yes, cite: tr|`) the innermost key is the one before
    // the last `: `.
    if let Some(colon) = content.find(": ") {
        let key = content[..colon].trim();
        let after = &content[colon + 2..];
        path.push(key.to_string());
        if after.trim_start().starts_with('{') {
            if let Some(inner) = after.rfind(": ") {
                let head = &after[..inner];
                let k = head.rsplit(['{', ',']).next().unwrap_or("").trim();
                if !k.is_empty() {
                    path.push(k.to_string());
                }
            }
        }
        let word_start = offset
            - after
                .chars()
                .rev()
                .take_while(|c| !matches!(c, ' ' | '[' | ',' | '{'))
                .map(char::len_utf8)
                .sum::<usize>();
        return values(ctx, &path, TextRange::new(word_start, offset));
    }
    // Inside a block list under `cite:`, `owasp:`, `nist:`.
    if before.trim_start().starts_with("- ") && path.last().is_some_and(|p| p == "[]") {
        let list_key = path.iter().rev().nth(1).cloned().unwrap_or_default();
        if matches!(
            list_key.as_str(),
            "cite" | "owasp" | "nist" | "value" | "controls_examined"
        ) {
            path.pop();
            return values(ctx, &path, TextRange::new(word_start, offset));
        }
    }
    keys(ctx, &path, TextRange::new(word_start, offset))
}

fn floor(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn item(
    label: &str,
    kind: CompletionKind,
    detail: Option<String>,
    doc: Option<String>,
    insert: String,
    replace: TextRange,
) -> CompletionItem {
    CompletionItem {
        label: label.to_string(),
        kind,
        detail,
        documentation: doc,
        insert_text: insert,
        snippet: None,
        replace,
    }
}

fn existing_keys(ctx: &Ctx, path: &[String]) -> Vec<String> {
    let Some(root) = ctx.analysis.parse.root.as_ref() else {
        return Vec::new();
    };
    let mut node = root;
    for seg in path {
        if seg == "[]" {
            return Vec::new();
        }
        match node.value(seg) {
            Some(n) => node = n,
            None => return Vec::new(),
        }
    }
    node.as_mapping()
        .map(|m| m.entries.iter().map(|e| e.key.value.clone()).collect())
        .unwrap_or_default()
}

fn keys(ctx: &Ctx, path: &[String], replace: TextRange) -> Vec<CompletionItem> {
    let present = existing_keys(ctx, path);
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let mut out = Vec::new();
    match p.as_slice() {
        ["facts"] => {
            for s in catalogue::SECTIONS
                .iter()
                .filter(|s| !present.iter().any(|k| k == s.name))
            {
                out.push(item(
                    s.name,
                    CompletionKind::Key,
                    Some(s.title.into()),
                    Some(s.description.into()),
                    format!("{}:\n    ", s.name),
                    replace,
                ));
            }
        }
        ["facts", section] => {
            for f in
                catalogue::section_facts(section).filter(|f| !present.iter().any(|k| k == f.key))
            {
                out.push(item(
                    f.key,
                    CompletionKind::Key,
                    Some(format!("{} ({})", f.title, f.dimension.key())),
                    Some(format!(
                        "{}\n\nValues: {}",
                        f.description,
                        f.domain.describe()
                    )),
                    format!("{}: ", f.key),
                    replace,
                ));
            }
        }
        ["questionnaires", "[]", "answers"] => {
            // The question ids the mapping links to facts; others are
            // typed by hand (every answer is kept, mapped or not). Ids the
            // entry the cursor is in already answers are left out.
            let answered: Vec<String> = ctx
                .analysis
                .parse
                .root
                .as_ref()
                .and_then(|r| r.value("questionnaires"))
                .and_then(|q| q.as_sequence())
                .and_then(|items| items.iter().rfind(|n| n.range.start <= replace.start))
                .and_then(|item| item.value("answers"))
                .and_then(|a| a.as_mapping())
                .map(|m| m.entries.iter().map(|e| e.key.value.clone()).collect())
                .unwrap_or_default();
            let mut seen: Vec<&str> = Vec::new();
            for l in dossier_schema::questionnaire::LINKS {
                if seen.contains(&l.question) || answered.iter().any(|k| k == l.question) {
                    continue;
                }
                seen.push(l.question);
                let feeds: Vec<String> = dossier_schema::questionnaire::feeds(l.question)
                    .map(|f| format!("{}.{}", f.section, f.key))
                    .collect();
                let mut it = item(
                    l.question,
                    CompletionKind::Key,
                    Some(format!("feeds {}", feeds.join(", "))),
                    None,
                    format!("{}: {{answer: }}", l.question),
                    replace,
                );
                it.snippet = Some(format!("{}: {{answer: ${{1|yes,no,na|}}}}$0", l.question));
                out.push(it);
            }
        }
        ["facts", _, _] => {
            for (k, d) in [
                ("value", "the value"),
                ("cite", "source id(s)"),
                ("as_of", "date of the evidence"),
                ("detail", "free text"),
                ("scope", "entities, services, regions"),
                ("note", "free text"),
            ] {
                if !present.iter().any(|x| x == k) {
                    out.push(item(
                        k,
                        CompletionKind::Key,
                        Some(d.into()),
                        None,
                        format!("{k}: "),
                        replace,
                    ));
                }
            }
        }
        _ => {
            let schema_path: Vec<&str> =
                p.iter().map(|s| if *s == "[]" { "0" } else { s }).collect();
            let root = dossier_schema::json_schema();
            if let Some(s) = nav::at_path(root, &schema_path) {
                let s = if p.last() == Some(&"[]") || nav::properties(root, s).is_empty() {
                    nav::items(root, s).unwrap_or(s)
                } else {
                    s
                };
                if p == ["sources"] {
                    out.push(new_source_item(
                        ctx,
                        replace,
                        col_of(ctx.text, replace.start),
                    ));
                }
                let mut props = nav::properties(root, s);
                // Required keys first, then the schema's order.
                props.sort_by_key(|(_, _, required)| !required);
                for (k, v, required) in props {
                    if present.iter().any(|x| x == k) {
                        continue;
                    }
                    let doc = nav::description(root, v, true).map(str::to_string);
                    let col = col_of(ctx.text, replace.start);
                    let (plain, snippet) = key_insert(ctx, k, v, col);
                    let mut it = item(
                        k,
                        CompletionKind::Key,
                        required.then(|| "required".to_string()),
                        doc,
                        plain,
                        replace,
                    );
                    it.snippet = snippet;
                    out.push(it);
                }
            }
        }
    }
    out
}

fn col_of(text: &str, at: usize) -> usize {
    let ls = text[..at].rfind(['\n', '\r']).map_or(0, |i| i + 1);
    text[ls..at].chars().count()
}

/// The text a key completion inserts: `key: ` for scalars (a choice of the
/// allowed words as a snippet), and for a mapping the key with its
/// required keys on the lines below.
fn key_insert(ctx: &Ctx, key: &str, schema: &Value, col: usize) -> (String, Option<String>) {
    let root = dossier_schema::json_schema();
    let words = nav::enum_values(root, schema);
    if !words.is_empty() && words.len() <= 30 {
        let choice = words
            .iter()
            .map(|(w, _)| w.replace([',', '|', '$', '}', '\\'], ""))
            .collect::<Vec<_>>()
            .join(",");
        return (format!("{key}: "), Some(format!("{key}: ${{1|{choice}|}}")));
    }
    if is_date(schema) {
        let today = ctx.analysis.today.to_string();
        return (
            format!("{key}: {today}"),
            Some(format!("{key}: ${{1:{today}}}")),
        );
    }
    let inner = nav::properties(root, schema);
    let required: Vec<&str> = inner.iter().filter(|p| p.2).map(|p| p.0).collect();
    let is_object = !inner.is_empty() && nav::items(root, schema).is_none();
    if is_object && !required.is_empty() {
        let pad = " ".repeat(col + 2);
        let mut plain = format!("{key}:");
        let mut snip = format!("{key}:");
        for (i, r) in required.iter().enumerate() {
            plain.push_str(&format!("\n{pad}{r}: "));
            snip.push_str(&format!("\n{pad}{r}: ${}", i + 1));
        }
        return (plain, Some(snip));
    }
    (format!("{key}: "), None)
}

/// A date position: the schema is (a reference to) `Date`.
fn is_date(schema: &Value) -> bool {
    let root = dossier_schema::json_schema();
    nav::branches(root, schema).iter().any(|b| {
        b.get("pattern").and_then(Value::as_str) == Some(dossier_schema::types::DATE_PATTERN)
    })
}

/// A whole new source under `sources`: its id, URL, title, kind and the
/// day it was read, with tab stops on each.
fn new_source_item(ctx: &Ctx, replace: TextRange, col: usize) -> CompletionItem {
    let today = ctx.analysis.today;
    let pad = " ".repeat(col + 2);
    let root = dossier_schema::json_schema();
    let kinds = nav::at_path(root, &["sources", "x", "kind"])
        .map(|k| nav::enum_values(root, k))
        .unwrap_or_default()
        .into_iter()
        .map(|(w, _)| w)
        .collect::<Vec<_>>()
        .join(",");
    let plain = format!(
        "new-source:\n{pad}url: {}\n{pad}kind: vendor_disclosure\n{pad}retrieved: {today}",
        crate::assists::NEW_SOURCE_URL
    );
    let snippet = format!(
        "${{1:new-source}}:\n{pad}url: ${{2:https://}}\n{pad}title: ${{3}}\n{pad}kind: ${{4|{kinds}|}}\n{pad}retrieved: ${{5:{today}}}$0"
    );
    let mut it = item(
        "new source",
        CompletionKind::Key,
        Some("id, url, title, kind, retrieved".into()),
        nav::at_path(root, &["sources", "x"])
            .and_then(|s| nav::description(root, s, true))
            .map(str::to_string),
        plain,
        replace,
    );
    it.snippet = Some(snippet);
    it
}

fn values(ctx: &Ctx, path: &[String], replace: TextRange) -> Vec<CompletionItem> {
    let p: Vec<&str> = path.iter().map(String::as_str).collect();
    let last = p.last().copied().unwrap_or("");
    let mut out = Vec::new();
    let view = ctx.analysis.parse.root.as_ref().map(DossierView::new);
    if last == "cite" || (p.first() == Some(&"questionnaires") && last == "source") {
        for s in view.iter().flat_map(|v| v.sources()) {
            let detail = s
                .title
                .map(|t| t.text.to_string())
                .or(s.url.map(|u| u.text.to_string()));
            out.push(item(
                s.id,
                CompletionKind::Source,
                detail,
                None,
                s.id.to_string(),
                replace,
            ));
        }
        return out;
    }
    if p.first() == Some(&"findings") && last == "owasp" {
        for id in dossier_score::frameworks::owasp_ids() {
            let r = dossier_score::frameworks::owasp(&id);
            out.push(item(
                &id,
                CompletionKind::Framework,
                r.map(|r| r.name.to_string()),
                r.map(|r| r.description.to_string()),
                id.clone(),
                replace,
            ));
        }
        return out;
    }
    if p.first() == Some(&"findings") && last == "nist" {
        for id in dossier_score::frameworks::nist_ids() {
            let title = dossier_score::frameworks::nist_category(&id)
                .map(|c| c.title.to_string())
                .or_else(|| {
                    dossier_score::frameworks::nist_function(&id).map(|f| f.description.to_string())
                });
            out.push(item(
                &id,
                CompletionKind::Framework,
                title,
                None,
                id.clone(),
                replace,
            ));
        }
        return out;
    }
    if p.first() == Some(&"questions") && last == "id" {
        let present: Vec<String> = view
            .iter()
            .flat_map(|v| v.items("questions"))
            .filter_map(|q| q.id.map(|i| i.text.to_string()))
            .collect();
        for t in dossier_score::questions::templates()
            .iter()
            .filter(|t| !present.iter().any(|p| p == t.id))
        {
            out.push(item(
                t.id,
                CompletionKind::Question,
                Some(t.ask.to_string()),
                Some(t.why.to_string()),
                t.id.to_string(),
                replace,
            ));
        }
        return out;
    }
    let fact = match p.as_slice() {
        ["facts", s, k] | ["facts", s, k, "value"] => catalogue::fact(s, k),
        _ => None,
    };
    if let Some(def) = fact {
        let words: Vec<String> = match def.domain.words() {
            Some(w) => w.iter().map(|s| s.to_string()).collect(),
            None => match def.domain {
                catalogue::Domain::Country | catalogue::Domain::Countries => {
                    dossier_schema::countries::COUNTRIES
                        .iter()
                        .map(|(c, _)| c.to_string())
                        .chain(
                            [
                                catalogue::NOT_DISCLOSED,
                                catalogue::CONTRADICTORY,
                                catalogue::NOT_APPLICABLE,
                            ]
                            .map(str::to_string),
                        )
                        .collect()
                }
                _ => [
                    catalogue::NOT_DISCLOSED,
                    catalogue::CONTRADICTORY,
                    catalogue::NOT_APPLICABLE,
                ]
                .map(str::to_string)
                .to_vec(),
            },
        };
        for w in words {
            let row = dossier_score::rubric()
                .rows(def.key)
                .and_then(|r| r.get(&w))
                .map(|r| format!("{} risk points: {}", r.points, r.rationale));
            let detail = dossier_schema::countries::country_name(&w)
                .map(str::to_string)
                .or(row);
            out.push(item(
                &w,
                CompletionKind::Value,
                detail,
                None,
                w.clone(),
                replace,
            ));
        }
        return out;
    }
    if p.first() == Some(&"assessment") && last == "profile" {
        let mut names = vec![(
            "default-balanced".to_string(),
            "The built-in profile: every dimension weighted as the rubric sets it.".to_string(),
        )];
        for prof in &ctx.config.profiles {
            names.push((prof.name.clone(), "Defined in dossier.toml.".to_string()));
        }
        for (n, d) in names {
            out.push(item(
                &n,
                CompletionKind::Value,
                Some(d),
                None,
                n.clone(),
                replace,
            ));
        }
        return out;
    }
    let schema_path: Vec<&str> = p.iter().map(|s| if *s == "[]" { "0" } else { s }).collect();
    let root = dossier_schema::json_schema();
    let Some(schema) = nav::at_path(root, &schema_path) else {
        return out;
    };
    let mut words = nav::enum_values(root, schema);
    if words.is_empty() {
        if let Some(items) = nav::items(root, schema) {
            words = nav::enum_values(root, items);
        }
    }
    for (w, doc) in words {
        let detail = dossier_schema::countries::country_name(&w).map(str::to_string);
        out.push(item(
            &w,
            CompletionKind::Value,
            detail,
            doc,
            w.clone(),
            replace,
        ));
    }
    if is_date(schema) {
        let today = ctx.analysis.today.to_string();
        // For a fact's `as_of`: the day its cited source was read.
        if last == "as_of" && p.first() == Some(&"facts") && p.len() >= 4 {
            if let Some(v) = &view {
                let fact = v
                    .facts()
                    .into_iter()
                    .find(|f| f.section == p[1] && f.key == p[2]);
                for c in fact.iter().flat_map(|f| f.cites.iter()) {
                    if let Some(r) = v.source(c.text).and_then(|s| s.retrieved) {
                        out.push(item(
                            r.text,
                            CompletionKind::Value,
                            Some(format!("retrieved date of source `{}`", c.text)),
                            None,
                            r.text.to_string(),
                            replace,
                        ));
                    }
                }
            }
        }
        if !out.iter().any(|i| i.label == today) {
            out.push(item(
                &today,
                CompletionKind::Value,
                Some("today".into()),
                None,
                today.clone(),
                replace,
            ));
        }
    }
    out
}
