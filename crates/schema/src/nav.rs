//! Navigating a JSON Schema by instance path: the one place that knows how
//! `$ref`, `anyOf`/`oneOf` (including the `[{$ref}, {type: null}]` wrapper
//! schemars writes for optional fields), `properties`, `patternProperties`,
//! `additionalProperties` and `items` lead from a schema to the schema of a
//! child value. The validator (to word its messages) and the IDE (hover,
//! completion) both read schemas through it, so they cannot disagree.

use serde_json::Value;

/// How many `$ref`s in a row are followed before giving up (a cycle guard).
const MAX_REFS: usize = 16;

/// Follow local `$ref`s (`#/...`) from `s`. Remote or dangling refs stop
/// the walk at the schema that holds them.
pub fn resolve<'s>(root: &'s Value, mut s: &'s Value) -> &'s Value {
    for _ in 0..MAX_REFS {
        match s
            .get("$ref")
            .and_then(Value::as_str)
            .and_then(|r| r.strip_prefix('#'))
            .and_then(|p| root.pointer(p))
        {
            Some(t) => s = t,
            None => break,
        }
    }
    s
}

fn is_null_schema(s: &Value) -> bool {
    s.get("type").and_then(Value::as_str) == Some("null")
        || s.get("const").is_some_and(Value::is_null)
}

/// The alternatives of `s` (resolved, `null` branches left out), or `s`
/// itself when it has none. `anyOf: [{$ref: X}, {type: null}]` yields `X`.
pub fn branches<'s>(root: &'s Value, s: &'s Value) -> Vec<&'s Value> {
    let s = resolve(root, s);
    let mut out = Vec::new();
    for key in ["anyOf", "oneOf"] {
        if let Some(b) = s.get(key).and_then(Value::as_array) {
            out.extend(
                b.iter()
                    .map(|x| resolve(root, x))
                    .filter(|x| !is_null_schema(x)),
            );
        }
    }
    if out.is_empty() {
        out.push(s);
    }
    out
}

fn has_type(s: &Value, want: &str) -> bool {
    match s.get("type") {
        Some(Value::String(t)) => t == want,
        Some(Value::Array(a)) => a.iter().any(|x| x == want),
        _ => false,
    }
}

fn is_object_schema(s: &Value) -> bool {
    has_type(s, "object") || s.get("properties").is_some() || s.get("patternProperties").is_some()
}

fn is_array_schema(s: &Value) -> bool {
    has_type(s, "array") || s.get("items").is_some()
}

/// The branch of `s` that describes objects (its own schema if it has no
/// alternatives or none is an object).
pub fn object_branch<'s>(root: &'s Value, s: &'s Value) -> &'s Value {
    let all = branches(root, s);
    all.iter()
        .copied()
        .find(|b| is_object_schema(b))
        .unwrap_or_else(|| resolve(root, s))
}

/// The branch of `s` that describes arrays.
pub fn array_branch<'s>(root: &'s Value, s: &'s Value) -> &'s Value {
    let all = branches(root, s);
    all.iter()
        .copied()
        .find(|b| is_array_schema(b))
        .unwrap_or_else(|| resolve(root, s))
}

/// The branch of `s` an instance of this shape was trying to be: the
/// object branch for objects, the array branch for arrays, `s` (resolved)
/// for scalars.
pub fn pick_branch<'s>(root: &'s Value, s: &'s Value, instance: &Value) -> &'s Value {
    match instance {
        Value::Object(_) => object_branch(root, s),
        Value::Array(_) => array_branch(root, s),
        _ => resolve(root, s),
    }
}

/// Whether a `patternProperties` pattern matches `key`. The format's
/// patterns are anchored prefixes (`^x_`); an unanchored or richer pattern
/// is matched with the regex crate.
fn pattern_matches(pattern: &str, key: &str) -> bool {
    match pattern.strip_prefix('^') {
        Some(lit) if !lit.contains(|c: char| "\\.[](){}*+?|^$".contains(c)) => key.starts_with(lit),
        _ => regex::Regex::new(pattern)
            .ok()
            .map(|r| r.is_match(key))
            .unwrap_or(false),
    }
}

/// The (unresolved) schema of property `key` of the object schema `s`:
/// `properties`, then a matching `patternProperties`, then an object
/// `additionalProperties`.
pub fn property<'s>(root: &'s Value, s: &'s Value, key: &str) -> Option<&'s Value> {
    let o = object_branch(root, s);
    if let Some(p) = o.get("properties").and_then(|p| p.get(key)) {
        return Some(p);
    }
    if let Some(pp) = o.get("patternProperties").and_then(Value::as_object) {
        if let Some((_, p)) = pp.iter().find(|(pat, _)| pattern_matches(pat, key)) {
            return Some(p);
        }
    }
    o.get("additionalProperties").filter(|a| a.is_object())
}

/// The (unresolved) schema of the items of the array schema `s`.
pub fn items<'s>(root: &'s Value, s: &'s Value) -> Option<&'s Value> {
    array_branch(root, s).get("items")
}

/// The (unresolved) schema at `path` from the root. A segment that parses
/// as a number steps into array items where the schema is an array.
pub fn at_path<'s>(root: &'s Value, path: &[&str]) -> Option<&'s Value> {
    let mut s = root;
    for seg in path {
        let arr = branches(root, s).iter().any(|b| is_array_schema(b));
        s = match seg.parse::<usize>() {
            Ok(_) if arr => items(root, s)?,
            _ => property(root, s, seg)?,
        };
    }
    Some(s)
}

/// The keys an object schema names in `properties`, in schema order, and
/// which of them are required.
pub fn properties<'s>(root: &'s Value, s: &'s Value) -> Vec<(&'s str, &'s Value, bool)> {
    let o = object_branch(root, s);
    let required: Vec<&str> = o
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    o.get("properties")
        .and_then(Value::as_object)
        .map(|p| {
            p.iter()
                .map(|(k, v)| (k.as_str(), v, required.contains(&k.as_str())))
                .collect()
        })
        .unwrap_or_default()
}

fn str_field<'s>(s: &'s Value, key: &str) -> Option<&'s str> {
    s.get(key).and_then(Value::as_str).filter(|d| !d.is_empty())
}

/// The description of `s`: its own, else its target's, else that of its
/// only non-null alternative. `markdown` prefers `markdownDescription`.
pub fn description<'s>(root: &'s Value, s: &'s Value, markdown: bool) -> Option<&'s str> {
    let pick = |x: &'s Value| {
        markdown
            .then(|| str_field(x, "markdownDescription"))
            .flatten()
            .or_else(|| str_field(x, "description"))
    };
    if let Some(d) = pick(s) {
        return Some(d);
    }
    let r = resolve(root, s);
    if let Some(d) = pick(r) {
        return Some(d);
    }
    match branches(root, s).as_slice() {
        [one] => pick(one),
        _ => None,
    }
}

/// The string values a schema allows, each with its description when the
/// schema gives one (`enum` + `enumDescriptions`, or `oneOf`/`anyOf` of
/// `const`s). Empty when the value is not a closed set of words.
pub fn enum_values(root: &Value, s: &Value) -> Vec<(String, Option<String>)> {
    let mut out = Vec::new();
    for b in branches(root, s) {
        if let Some(e) = b.get("enum").and_then(Value::as_array) {
            let docs = b.get("enumDescriptions").and_then(Value::as_array);
            for (i, v) in e.iter().enumerate() {
                if let Some(w) = v.as_str() {
                    let doc = docs
                        .and_then(|d| d.get(i))
                        .and_then(Value::as_str)
                        .filter(|d| !d.is_empty())
                        .map(str::to_string);
                    out.push((w.to_string(), doc));
                }
            }
        } else if let Some(c) = b.get("const").and_then(Value::as_str) {
            out.push((
                c.to_string(),
                str_field(b, "description").map(str::to_string),
            ));
        } else if b.get("anyOf").is_some() || b.get("oneOf").is_some() {
            // A nested alternative (`anyOf: [{$ref: CountryCode}, {enum: markers}]`).
            if !std::ptr::eq(b, resolve(root, s)) {
                out.extend(enum_values(root, b));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optional_wrapper_and_pattern_properties_are_followed() {
        let root = crate::json_schema();
        let kind = at_path(root, &["sources", "any-id", "kind"]).expect("sources.*.kind");
        let words: Vec<String> = enum_values(root, kind).into_iter().map(|w| w.0).collect();
        assert!(
            words.contains(&"vendor_disclosure".to_string()),
            "{words:?}"
        );
        assert!(at_path(root, &["facts", "security_compliance", "x_custom"]).is_some());
        assert!(at_path(root, &["x_extension"]).is_some());
        let status = at_path(root, &["questions", "0", "status"]).unwrap();
        assert_eq!(enum_values(root, status).len(), 4);
        assert!(at_path(root, &["vendor", "no_such_key"]).is_none());
    }

    /// Every property anywhere in the published schema (including each
    /// fact's full form and the `x_` extension patterns) carries a
    /// description, so schema-aware editors can explain every key.
    #[test]
    fn every_property_has_a_description() {
        let root = crate::json_schema();
        let mut missing = Vec::new();
        let mut count = 0;
        fn walk<'a>(
            root: &'a Value,
            v: &'a Value,
            at: String,
            missing: &mut Vec<String>,
            count: &mut usize,
        ) {
            match v {
                Value::Object(m) => {
                    for key in ["properties", "patternProperties"] {
                        if let Some(props) = m.get(key).and_then(Value::as_object) {
                            for (k, p) in props {
                                *count += 1;
                                if description(root, p, false).is_none() {
                                    missing.push(format!("{at}/{key}/{k}"));
                                }
                            }
                        }
                    }
                    for (k, x) in m {
                        walk(root, x, format!("{at}/{k}"), missing, count);
                    }
                }
                Value::Array(a) => {
                    for (i, x) in a.iter().enumerate() {
                        walk(root, x, format!("{at}/{i}"), missing, count);
                    }
                }
                _ => {}
            }
        }
        walk(root, root, String::new(), &mut missing, &mut count);
        assert!(count > 500, "only {count} properties seen");
        assert!(
            missing.is_empty(),
            "{} of {count} properties lack a description: {missing:#?}",
            missing.len()
        );
    }

    /// Enumerated values carry what each word means, in the form editors read.
    #[test]
    fn enum_words_carry_their_meaning() {
        let root = crate::json_schema();
        let kind = at_path(root, &["sources", "s", "kind"]).unwrap();
        let words = enum_values(root, kind);
        assert!(words.iter().all(|(_, d)| d.is_some()), "{words:?}");
        let md = description(root, kind, true).unwrap();
        assert!(
            md.contains("`third_party_audit`: An independent auditor"),
            "{md}"
        );
    }
}
