//! Editor annotations derived from the descriptions written once on the
//! types: a closed set of documented words (`oneOf` of `const`s, as schemars
//! writes enums with documented variants) becomes `enum` plus
//! `enumDescriptions`/`markdownEnumDescriptions` (VS Code, yaml-language-server);
//! every property's description names its allowed values and what each
//! means; every description gets a `markdownDescription` twin.

use serde_json::{Map, Value};

use crate::nav;

pub(crate) fn annotate(root: &mut Value) {
    enums_to_words(root);
    let snapshot = root.clone();
    describe_values(&snapshot, root);
    markdown(root);
}

/// `oneOf: [{type: string, const: w, description: d}, ...]` → `enum` +
/// `enumDescriptions`.
fn enums_to_words(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(words) = const_words(m) {
                m.remove("oneOf");
                m.insert("type".into(), "string".into());
                let (w, d): (Vec<_>, Vec<_>) = words.into_iter().unzip();
                m.insert("enum".into(), w.into());
                m.insert("markdownEnumDescriptions".into(), d.clone().into());
                m.insert("enumDescriptions".into(), d.into());
            }
            m.values_mut().for_each(enums_to_words);
        }
        Value::Array(a) => a.iter_mut().for_each(enums_to_words),
        _ => {}
    }
}

fn const_words(m: &Map<String, Value>) -> Option<Vec<(Value, Value)>> {
    let branches = m.get("oneOf")?.as_array()?;
    branches
        .iter()
        .map(|b| {
            let o = b.as_object()?;
            let ok = o
                .keys()
                .all(|k| matches!(k.as_str(), "type" | "const" | "description"));
            let w = o.get("const")?.as_str()?;
            ok.then(|| {
                (
                    Value::from(w),
                    o.get("description").cloned().unwrap_or_else(|| "".into()),
                )
            })
        })
        .collect()
}

/// Append "Values: ..." to the description of every property whose value
/// is a closed set of documented words.
fn describe_values(root: &Value, v: &mut Value) {
    match v {
        Value::Object(m) => {
            for key in ["properties", "patternProperties"] {
                if let Some(Value::Object(props)) = m.get_mut(key) {
                    for p in props.values_mut() {
                        add_values(root, p);
                    }
                }
            }
            m.values_mut().for_each(|x| describe_values(root, x));
        }
        Value::Array(a) => a.iter_mut().for_each(|x| describe_values(root, x)),
        _ => {}
    }
}

fn add_values(root: &Value, target: &mut Value) {
    // A list of words (`regions: [DE, FR]`) is described by its items.
    let words = nav::enum_values(root, target);
    let words = if words.is_empty() {
        match nav::items(root, target) {
            Some(items) => nav::enum_values(root, items),
            None => words,
        }
    } else {
        words
    };
    if words.is_empty() || words.iter().all(|(_, d)| d.is_none()) || words.len() > 40 {
        return;
    }
    let Some(base) = nav::description(root, target, false).map(str::to_string) else {
        return;
    };
    if base.contains("Values:") {
        return;
    }
    let plain = words
        .iter()
        .map(|(w, d)| match d {
            Some(d) => format!("`{w}`: {}", d.trim_end_matches('.')),
            None => format!("`{w}`"),
        })
        .collect::<Vec<_>>();
    let md = format!(
        "{base}\n\n{}",
        plain
            .iter()
            .map(|l| format!("- {l}"))
            .collect::<Vec<_>>()
            .join("\n")
    );
    let text = format!("{base} Values: {}.", plain.join("; "));
    if let Value::Object(m) = target {
        m.insert("description".into(), text.into());
        m.insert("markdownDescription".into(), md.into());
    }
}

/// Every `description` gets a `markdownDescription` (the descriptions are
/// written in Markdown: backticks for words and keys).
fn markdown(v: &mut Value) {
    match v {
        Value::Object(m) => {
            if let Some(Value::String(d)) = m.get("description") {
                if !m.contains_key("markdownDescription") {
                    let d = d.clone();
                    m.insert("markdownDescription".into(), d.into());
                }
            }
            m.values_mut().for_each(markdown);
        }
        Value::Array(a) => a.iter_mut().for_each(markdown),
        _ => {}
    }
}
