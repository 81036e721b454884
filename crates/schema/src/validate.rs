//! JSON Schema validation of a spanned document, with errors translated
//! into one-line messages on the exact key or value at fault.

use std::sync::OnceLock;

use dossier_syntax::TextRange;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

use crate::json::{pointer_escape, JsonDoc};
use crate::suggest::did_you_mean;
use crate::types::IdFormat;

/// A schema problem, located.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SchemaIssue {
    pub range: TextRange,
    pub message: String,
    /// A quick fix: replace `range` with `text`.
    pub replacement: Option<Replacement>,
    /// The key a `required` keyword found absent, if that is the issue.
    pub missing_key: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub range: TextRange,
    pub text: String,
    pub title: String,
}

/// A user's JSON Schema from `dossier.toml`, applied on top of the format's.
pub struct ExtraSchema {
    schema: Value,
    validator: jsonschema::Validator,
}

impl std::fmt::Debug for ExtraSchema {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ExtraSchema").finish_non_exhaustive()
    }
}

/// Compile an extra schema. Remote references are refused: the toolkit
/// never touches the network.
pub fn compile_extra_schema(schema: Value) -> Result<ExtraSchema, String> {
    if let Some(r) = find_remote_ref(&schema) {
        return Err(format!(
            "the extra schema refers to `{r}`: remote `$ref`s are not fetched (no network access); inline the referenced schema instead"
        ));
    }
    let validator = jsonschema::validator_for(&schema)
        .map_err(|e| format!("the extra schema is not a valid JSON Schema: {e}"))?;
    Ok(ExtraSchema { schema, validator })
}

fn find_remote_ref(v: &Value) -> Option<String> {
    match v {
        Value::Object(m) => {
            for (k, val) in m {
                if (k == "$ref" || k == "$dynamicRef" || k == "$schema_ref")
                    && val.as_str().is_some_and(|s| !s.starts_with('#'))
                {
                    return val.as_str().map(str::to_string);
                }
                if let Some(r) = find_remote_ref(val) {
                    return Some(r);
                }
            }
            None
        }
        Value::Array(a) => a.iter().find_map(find_remote_ref),
        _ => None,
    }
}

fn builtin() -> &'static jsonschema::Validator {
    static V: OnceLock<jsonschema::Validator> = OnceLock::new();
    V.get_or_init(|| {
        jsonschema::validator_for(crate::json_schema())
            .expect("the generated schema is a valid JSON Schema (tested)")
    })
}

/// Validate a document against the format's schema and, if given, an extra schema.
pub fn validate(doc: &JsonDoc, extra: Option<&ExtraSchema>) -> Vec<SchemaIssue> {
    let mut out = Vec::new();
    let ctx = Ctx {
        doc,
        root: crate::json_schema(),
    };
    for err in builtin().iter_errors(&doc.value) {
        ctx.translate(&err, &mut out, 0);
    }
    if let Some(extra) = extra {
        let ctx = Ctx {
            doc,
            root: &extra.schema,
        };
        for err in extra.validator.iter_errors(&doc.value) {
            ctx.translate(&err, &mut out, 0);
        }
    }
    out.sort_by(|a, b| {
        (a.range.start, a.range.end, &a.message).cmp(&(b.range.start, b.range.end, &b.message))
    });
    out.dedup();
    out
}

struct Ctx<'a> {
    doc: &'a JsonDoc,
    root: &'a Value,
}

/// `findings[2].severity` from `/findings/2/severity`.
fn label(ptr: &str) -> String {
    let mut out = String::new();
    for seg in ptr.split('/').skip(1) {
        let seg = seg.replace("~1", "/").replace("~0", "~");
        if seg.parse::<usize>().is_ok() {
            out.push_str(&format!("[{seg}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&seg);
        }
    }
    out
}

fn describe(v: &Value) -> String {
    match v {
        Value::Null => "nothing".into(),
        Value::Bool(b) => format!("the boolean `{b}`"),
        Value::Number(n) => format!("the number `{n}`"),
        Value::String(s) => format!("`{}`", truncate(s)),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "a mapping".into(),
    }
}

fn truncate(s: &str) -> String {
    let mut t: String = s.chars().take(40).collect();
    if t.len() < s.len() {
        t.push('…');
    }
    t.replace('\n', " ")
}

fn type_name(t: &str) -> &str {
    match t {
        "object" => "a mapping",
        "array" => "a list",
        "string" => "text",
        "integer" => "a whole number",
        "number" => "a number",
        "boolean" => "a boolean",
        "null" => "nothing",
        other => other,
    }
}

fn list_words(words: &[String]) -> String {
    words
        .iter()
        .map(|w| format!("`{w}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Ctx<'_> {
    fn range(&self, ptr: &str) -> TextRange {
        self.doc.span(ptr).map_or(TextRange::empty(0), |s| s.value)
    }

    /// The range to blame for a problem *of* the value at `ptr` as a whole
    /// (missing keys): its key if it has one, else the value's first line.
    fn anchor(&self, ptr: &str) -> TextRange {
        match self.doc.span(ptr) {
            Some(s) => s.key.unwrap_or_else(|| {
                if ptr.is_empty() {
                    // The whole file: point at its first key instead.
                    self.doc
                        .value
                        .as_object()
                        .and_then(|o| o.keys().next())
                        .and_then(|k| self.doc.spans.get(&format!("/{}", pointer_escape(k))))
                        .and_then(|s| s.key)
                        .unwrap_or(TextRange::empty(s.value.start))
                } else {
                    TextRange::new(
                        s.value.start,
                        s.value.start.max(s.value.end.min(s.value.start + 1)),
                    )
                }
            }),
            None => TextRange::empty(0),
        }
    }

    fn push(
        &self,
        out: &mut Vec<SchemaIssue>,
        range: TextRange,
        message: String,
        replacement: Option<Replacement>,
    ) {
        out.push(SchemaIssue {
            range,
            message,
            replacement,
            missing_key: None,
        });
    }

    fn translate(&self, err: &ValidationError<'_>, out: &mut Vec<SchemaIssue>, depth: usize) {
        let ptr = err.instance_path().as_str();
        if self.doc.is_invalid(ptr) {
            return;
        }
        let instance: &Value = err.instance();
        let at = label(ptr);
        let place = if at.is_empty() {
            "at the top level".to_string()
        } else {
            format!("in `{at}`")
        };
        match err.kind() {
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let allowed = self.allowed_keys(ptr);
                for key in unexpected {
                    let kptr = format!("{ptr}/{}", pointer_escape(key));
                    let range = self
                        .doc
                        .spans
                        .get(&kptr)
                        .and_then(|s| s.key)
                        .unwrap_or_else(|| self.anchor(ptr));
                    let suggestion = did_you_mean(key, allowed.iter().map(String::as_str));
                    let in_facts = ptr.starts_with("/facts/") && ptr.matches('/').count() == 2;
                    if ptr == "/sources" {
                        self.push(
                            out,
                            range,
                            format!("`{key}` is not a valid source id: use lower-case letters, digits and dashes"),
                            None,
                        );
                        continue;
                    }
                    let mut message = if in_facts {
                        format!(
                            "`{key}` is not a fact of section `{}`",
                            &ptr["/facts/".len()..]
                        )
                    } else if ptr == "/facts" {
                        format!("`{key}` is not a facts section")
                    } else {
                        format!("unknown key `{key}` {place}")
                    };
                    let replacement = suggestion.map(|s| {
                        message.push_str(&format!(": did you mean `{s}`?"));
                        Replacement {
                            range,
                            text: s.to_string(),
                            title: format!("Change to `{s}`"),
                        }
                    });
                    if replacement.is_none() {
                        if in_facts || ptr.is_empty() {
                            message.push_str(
                                ": check the spelling, or prefix it with `x_` to keep it unscored",
                            );
                        } else if !allowed.is_empty() && allowed.len() <= 12 {
                            message
                                .push_str(&format!(": allowed keys are {}", list_words(&allowed)));
                        } else {
                            message.push_str(": remove it or check the spelling");
                        }
                    }
                    self.push(out, range, message, replacement);
                }
            }
            ValidationErrorKind::Required { property } => {
                let key = property.as_str().unwrap_or_default();
                self.push(
                    out,
                    self.anchor(ptr),
                    format!("missing required key `{key}` {place}"),
                    None,
                );
                if let Some(issue) = out.last_mut() {
                    issue.missing_key = Some(key.to_string());
                }
            }
            ValidationErrorKind::Enum { options } => {
                let words: Vec<String> = options
                    .as_array()
                    .map(|a| {
                        a.iter()
                            .filter_map(|v| v.as_str().map(str::to_string))
                            .collect()
                    })
                    .unwrap_or_default();
                self.bad_value(out, ptr, instance, &words);
            }
            ValidationErrorKind::Constant { expected_value } => {
                self.push(
                    out,
                    self.range(ptr),
                    format!(
                        "`{at}` must be `{expected_value}`, not {}",
                        describe(instance)
                    ),
                    None,
                );
            }
            ValidationErrorKind::Type { kind } => {
                let expected = match kind {
                    TypeKind::Single(t) => type_name(&t.to_string()).to_string(),
                    TypeKind::Multiple(set) => set
                        .iter()
                        .map(|t| type_name(&t.to_string()).to_string())
                        .collect::<Vec<_>>()
                        .join(" or "),
                };
                let range = if instance.is_null() {
                    self.anchor(ptr)
                } else {
                    self.range(ptr)
                };
                self.push(
                    out,
                    range,
                    format!("`{at}` must be {expected}, not {}", describe(instance)),
                    None,
                );
            }
            ValidationErrorKind::Pattern { pattern } => {
                let v = describe(instance);
                let message = match IdFormat::of_pattern(pattern) {
                    Some(format) => format.message(&v),
                    None => format!("{v} does not match the pattern `{pattern}` {place}"),
                };
                self.push(out, self.range(ptr), message, None);
            }
            ValidationErrorKind::Minimum { limit }
            | ValidationErrorKind::ExclusiveMinimum { limit } => {
                self.push(
                    out,
                    self.range(ptr),
                    format!(
                        "`{at}` is {}, below the minimum of {limit}",
                        describe(instance)
                    ),
                    None,
                );
            }
            ValidationErrorKind::Maximum { limit }
            | ValidationErrorKind::ExclusiveMaximum { limit } => {
                self.push(
                    out,
                    self.range(ptr),
                    format!(
                        "`{at}` is {}, above the maximum of {limit}",
                        describe(instance)
                    ),
                    None,
                );
            }
            ValidationErrorKind::MinItems { limit } => {
                self.push(
                    out,
                    self.range(ptr),
                    format!("`{at}` needs at least {limit} item(s)"),
                    None,
                );
            }
            ValidationErrorKind::MaxItems { limit } => {
                self.push(
                    out,
                    self.range(ptr),
                    format!("`{at}` has more than {limit} item(s)"),
                    None,
                );
            }
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => {
                self.best_match(ptr, instance, context, out, depth);
            }
            _ => {
                let text = err.to_string();
                self.push(
                    out,
                    self.range(ptr),
                    format!("{} {place}", truncate_line(&text)),
                    None,
                );
            }
        }
    }

    /// Like Python jsonschema's `best_match`: of the alternatives, report
    /// the one the value was evidently trying to be.
    fn best_match(
        &self,
        ptr: &str,
        instance: &Value,
        context: &[Vec<ValidationError<'static>>],
        out: &mut Vec<SchemaIssue>,
        depth: usize,
    ) {
        // An error that says "this value is not even of this alternative's
        // kind": a wrong type, or not one of its words.
        let rejects = |e: &ValidationError<'_>| {
            e.instance_path().as_str() == ptr
                && matches!(
                    e.kind(),
                    ValidationErrorKind::Type { .. }
                        | ValidationErrorKind::Enum { .. }
                        | ValidationErrorKind::Constant { .. }
                )
        };
        let candidate = context
            .iter()
            .filter(|branch| !branch.is_empty() && !branch.iter().any(rejects))
            .min_by_key(|branch| branch.len());
        if let (Some(branch), true) = (candidate, depth < 8) {
            // A value of the right kind that fails inside: its own errors.
            for e in branch {
                self.translate(e, out, depth + 1);
            }
            return;
        }
        // Every alternative rejects the value outright: gather what would do.
        let mut words: Vec<String> = Vec::new();
        let mut types: Vec<String> = Vec::new();
        for branch in context {
            for e in branch.iter().filter(|e| e.instance_path().as_str() == ptr) {
                match e.kind() {
                    ValidationErrorKind::Enum { options } => {
                        words.extend(
                            options
                                .as_array()
                                .into_iter()
                                .flatten()
                                .filter_map(|v| v.as_str().map(str::to_string)),
                        );
                    }
                    ValidationErrorKind::Constant { expected_value } => {
                        words.extend(expected_value.as_str().map(str::to_string));
                    }
                    ValidationErrorKind::Type {
                        kind: TypeKind::Single(t),
                    } => types.push(type_name(&t.to_string()).to_string()),
                    // A patterned string (a date, a URL): its own message is best.
                    ValidationErrorKind::Pattern { .. } if instance.is_string() => {
                        self.translate(e, out, depth + 1);
                        return;
                    }
                    _ => {}
                }
            }
        }
        let mut seen = std::collections::HashSet::new();
        words.retain(|w| seen.insert(w.clone()));
        if !words.is_empty() {
            let extra: Vec<String> = types
                .into_iter()
                .filter(|t| t != "text")
                .map(|t| {
                    if t == "a mapping" && ptr.starts_with("/facts/") {
                        "the full form `{value: …, cite: …}`".to_string()
                    } else {
                        t
                    }
                })
                .collect();
            self.bad_value_with_types(out, ptr, instance, &words, &extra);
        } else {
            let at = label(ptr);
            types.dedup();
            self.push(
                out,
                self.range(ptr),
                format!(
                    "`{at}` must be {}, not {}",
                    if types.is_empty() {
                        "something else".into()
                    } else {
                        types.join(" or ")
                    },
                    describe(instance)
                ),
                None,
            );
        }
    }

    fn bad_value(&self, out: &mut Vec<SchemaIssue>, ptr: &str, instance: &Value, words: &[String]) {
        self.bad_value_with_types(out, ptr, instance, words, &[]);
    }

    fn bad_value_with_types(
        &self,
        out: &mut Vec<SchemaIssue>,
        ptr: &str,
        instance: &Value,
        words: &[String],
        types: &[String],
    ) {
        let at = label(ptr);
        let range = if instance.is_null() {
            self.anchor(ptr)
        } else {
            self.range(ptr)
        };
        let has = |w: &str| words.iter().any(|x| x == w);
        if let Value::Bool(b) = instance {
            if has("yes") && has("no") {
                let word = if *b { "yes" } else { "no" };
                self.push(
                    out,
                    range,
                    format!("`{b}` is a YAML boolean here: write `{word}`"),
                    Some(Replacement {
                        range,
                        text: word.into(),
                        title: format!("Change to `{word}`"),
                    }),
                );
                return;
            }
        }
        let countries = crate::countries::COUNTRIES.iter().map(|(c, _)| *c);
        if words.iter().map(String::as_str).eq(countries) {
            let fix = instance
                .as_str()
                .and_then(|s| did_you_mean(s, words.iter().map(String::as_str)))
                .map(|s| Replacement {
                    range,
                    text: s.to_string(),
                    title: format!("Change to `{s}`"),
                });
            let hint = fix
                .as_ref()
                .map_or(" (e.g. `DE`, `US`, `CN`)".to_string(), |f| {
                    format!(": did you mean `{}`?", f.text)
                });
            self.push(
                out,
                range,
                format!(
                    "{} is not an ISO 3166-1 alpha-2 country code{hint}",
                    describe(instance)
                ),
                fix,
            );
            return;
        }
        let shown = if words.len() > 12 {
            format!("{} (and {} more)", list_words(&words[..8]), words.len() - 8)
        } else {
            list_words(words)
        };
        let or_types = if types.is_empty() {
            String::new()
        } else {
            format!(", or {}", types.join(" or "))
        };
        let mut message = format!(
            "{} is not allowed for `{at}`: use {shown}{or_types}",
            describe(instance)
        );
        let replacement = instance
            .as_str()
            .and_then(|s| did_you_mean(s, words.iter().map(String::as_str)))
            .map(|s| {
                message = format!(
                    "{} is not allowed for `{at}`: did you mean `{s}`?",
                    describe(instance)
                );
                Replacement {
                    range,
                    text: s.to_string(),
                    title: format!("Change to `{s}`"),
                }
            });
        self.push(out, range, message, replacement);
    }

    /// Keys the schema allows for the object at `ptr`.
    fn allowed_keys(&self, ptr: &str) -> Vec<String> {
        let Some(schema) = self.schema_at(ptr) else {
            return Vec::new();
        };
        schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().cloned().collect())
            .unwrap_or_default()
    }

    /// The (resolved) schema that applies to the value at `ptr`, following
    /// the instance down the tree (see `crate::nav`).
    fn schema_at(&self, ptr: &str) -> Option<&Value> {
        let mut s = self.root;
        let mut instance = &self.doc.value;
        for seg in ptr.split('/').skip(1) {
            let seg = seg.replace("~1", "/").replace("~0", "~");
            let next = match instance {
                Value::Object(m) => (crate::nav::property(self.root, s, &seg)?, m.get(&seg)?),
                Value::Array(a) => (
                    crate::nav::items(self.root, s)?,
                    a.get(seg.parse::<usize>().ok()?)?,
                ),
                _ => return None,
            };
            s = next.0;
            instance = next.1;
        }
        Some(self.pick_branch(s, instance))
    }

    fn pick_branch<'s>(&'s self, s: &'s Value, instance: &Value) -> &'s Value {
        crate::nav::pick_branch(self.root, s, instance)
    }
}

fn truncate_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.chars().count() > 160 {
        format!("{}…", line.chars().take(160).collect::<String>())
    } else {
        line.to_string()
    }
}
