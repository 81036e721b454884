//! JSON Schema validation of a spanned document, with errors translated
//! into one-line messages on the exact key or value at fault.

use std::sync::OnceLock;

use dossier_syntax::TextRange;
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use serde_json::Value;

use crate::json::{pointer_escape, JsonDoc};
use crate::suggest::did_you_mean;
use crate::types::{IdFormat, DATE_PATTERN};

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
    /// The one right text (a YAML boolean as `yes`/`no`, a number with
    /// digits), not a "did you mean" guess: a tool may apply it unasked.
    pub certain: bool,
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

/// Why an extra schema cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ExtraSchemaError {
    /// It refers to a schema elsewhere (the toolkit never fetches one).
    #[error("the extra schema refers to `{0}`: remote `$ref`s are not fetched (no network access); inline the referenced schema instead")]
    RemoteRef(String),
    /// It is not a JSON Schema (the validator's words).
    #[error("the extra schema is not a valid JSON Schema: {0}")]
    Invalid(String),
}

/// Compile an extra schema. Remote references are refused: the toolkit
/// never touches the network.
pub fn compile_extra_schema(schema: Value) -> Result<ExtraSchema, ExtraSchemaError> {
    if let Some(r) = find_remote_ref(&schema) {
        return Err(ExtraSchemaError::RemoteRef(r));
    }
    let validator =
        jsonschema::validator_for(&schema).map_err(|e| ExtraSchemaError::Invalid(e.to_string()))?;
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
    validate_filtered(doc, extra, None)
}

/// A part of a document that [`validate_part`] reports on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    /// The top level itself: its missing and unknown keys (validate
    /// [`crate::top_level_to_json`]).
    TopLevel,
    /// What lies inside the top-level values (validate one
    /// [`crate::entry_to_json`]).
    Sections,
}

/// [`validate`] against the format's schema alone, reporting on one part.
/// The format's schema puts no constraint across top-level sections, so
/// the issues of the top level and those of each section, together
/// (sorted by range, then message), are exactly [`validate`]'s: the
/// server validates only the sections an edit changed.
pub fn validate_part(doc: &JsonDoc, part: Part) -> Vec<SchemaIssue> {
    validate_filtered(doc, None, Some(part))
}

fn validate_filtered(
    doc: &JsonDoc,
    extra: Option<&ExtraSchema>,
    part: Option<Part>,
) -> Vec<SchemaIssue> {
    let mut out = Vec::new();
    let ctx = Ctx {
        doc,
        root: crate::json_schema(),
        booleans: Default::default(),
    };
    for err in builtin().iter_errors(&doc.value) {
        if let Some(part) = part {
            if err.instance_path().as_str().is_empty() != (part == Part::TopLevel) {
                continue;
            }
        }
        ctx.translate(&err, &mut out, 0);
    }
    // Numbers the rules cannot read replace whatever JSON Schema said of them.
    let numbers = ctx.unreadable_numbers();
    if !numbers.is_empty() {
        let at: std::collections::HashSet<(usize, usize)> = numbers
            .iter()
            .map(|i| (i.range.start, i.range.end))
            .collect();
        out.retain(|i| !at.contains(&(i.range.start, i.range.end)));
        out.extend(numbers);
    }
    ctx.duplicate_ids(&mut out);
    ctx.impossible_dates(&ctx.doc.value, &mut String::new(), &mut out);
    // `value: true` where `yes` is meant: the boolean's own message and fix
    // say it all; a second "must be text" on the same value is noise.
    let booleans = ctx.booleans.take();
    if !booleans.is_empty() {
        out.retain(|i| i.replacement.is_some() || !booleans.contains(&i.range));
    }
    if let Some(extra) = extra {
        let ctx = Ctx {
            doc,
            root: &extra.schema,
            booleans: Default::default(),
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
    /// Ranges of booleans reported as "write `yes`/`no`".
    booleans: std::cell::RefCell<Vec<TextRange>>,
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

/// Lists whose items carry an `id` that must be unique within the list.
const ID_LISTS: [&str; 6] = [
    "attestations",
    "findings",
    "incidents",
    "questions",
    "questionnaires",
    "exceptions",
];

impl<'a> Ctx<'a> {
    /// `s` with its `$ref` followed (see [`crate::nav::resolve`]).
    fn resolve(&self, s: &'a Value) -> &'a Value {
        crate::nav::resolve(self.root, s)
    }

    /// Numbers written as `365.0`, `1e3` or too large for 64 bits, where the
    /// schema wants a whole number: JSON Schema accepts `365.0` as an
    /// integer, but the rules and the score would silently read nothing.
    fn unreadable_numbers(&self) -> Vec<SchemaIssue> {
        let mut out = Vec::new();
        for (ptr, written) in &self.doc.floats {
            if self.doc.is_invalid(ptr)
                || !self
                    .schema_at(ptr)
                    .is_some_and(|s| self.expects_integer(s, 0))
            {
                continue;
            }
            let at = label(ptr);
            let range = self.range(ptr);
            let f: f64 = written.parse().unwrap_or(f64::INFINITY);
            // Whole and exactly representable: say how to write it.
            if f.is_finite() && f.fract() == 0.0 && f.abs() <= 9_007_199_254_740_992.0 {
                let digits = format!("{}", f as i64);
                self.push(
                    &mut out,
                    range,
                    format!(
                        "`{at}` must be a whole number written with digits only, not `{}`: write `{digits}`",
                        truncate(written)
                    ),
                    Some(Replacement {
                        range,
                        text: digits.clone(),
                        title: format!("Change to `{digits}`"),
                        certain: true,
                    }),
                );
            } else if !f.is_finite() || f.abs() > i64::MAX as f64 {
                self.push(
                    &mut out,
                    range,
                    format!(
                        "`{}` is out of range for `{at}`: a whole number here is at most {}",
                        truncate(written),
                        i64::MAX
                    ),
                    None,
                );
            }
            // A fraction (`365.5`): JSON Schema already says it is not whole.
        }
        out
    }

    /// Dates of the right shape that do not exist (`2026-02-30`), where the
    /// schema wants a date. The pattern checks shape, not the calendar.
    fn impossible_dates(&self, v: &Value, ptr: &mut String, out: &mut Vec<SchemaIssue>) {
        match v {
            Value::Object(m) => {
                for (k, v) in m {
                    if !matches!(v, Value::Object(_) | Value::Array(_) | Value::String(_)) {
                        continue;
                    }
                    let len = ptr.len();
                    ptr.push('/');
                    crate::json::push_escaped(ptr, k);
                    self.impossible_dates(v, ptr, out);
                    ptr.truncate(len);
                }
            }
            Value::Array(a) => {
                for (i, v) in a.iter().enumerate() {
                    let len = ptr.len();
                    ptr.push('/');
                    let _ = std::fmt::Write::write_fmt(ptr, format_args!("{i}"));
                    self.impossible_dates(v, ptr, out);
                    ptr.truncate(len);
                }
            }
            Value::String(text) => {
                let b = text.as_bytes();
                let shaped = b.len() == 10
                    && b[4] == b'-'
                    && b[7] == b'-'
                    && b.iter()
                        .enumerate()
                        .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
                if !shaped || crate::dates::Written::parse(text).is_some() {
                    return;
                }
                let (Ok(year), Ok(month)) = (text[..4].parse::<i32>(), text[5..7].parse::<u32>())
                else {
                    return;
                };
                if !(1..=12).contains(&month)
                    || self.doc.is_invalid(ptr)
                    || !self
                        .schema_at(ptr)
                        .is_some_and(|s| self.admits_pattern(s, DATE_PATTERN, 0))
                {
                    return; // a wrong month is the pattern's message already
                }
                self.push(
                    out,
                    self.range(ptr),
                    format!(
                        "`{text}` is not a date: {} has {} days",
                        &text[..7],
                        crate::dates::days_in_month(year, month)
                    ),
                    None,
                );
            }
            _ => {}
        }
    }

    /// Whether the schema `s` (or one of its alternatives) has this pattern.
    fn admits_pattern(&self, s: &Value, pattern: &str, depth: usize) -> bool {
        if depth > 8 {
            return false;
        }
        let s = self.resolve(s);
        s.get("pattern").and_then(Value::as_str) == Some(pattern)
            || ["anyOf", "oneOf", "allOf"].iter().any(|key| {
                s.get(*key)
                    .and_then(Value::as_array)
                    .is_some_and(|a| a.iter().any(|b| self.admits_pattern(b, pattern, depth + 1)))
            })
    }

    /// Whether the (resolved) schema `s` admits integers but not other numbers.
    fn expects_integer(&self, s: &Value, depth: usize) -> bool {
        fn types(ctx: &Ctx<'_>, s: &Value, depth: usize, out: &mut Vec<String>) {
            if depth > 8 {
                return;
            }
            let s = ctx.resolve(s);
            match s.get("type") {
                Some(Value::String(t)) => out.push(t.clone()),
                Some(Value::Array(a)) => {
                    out.extend(a.iter().filter_map(|t| t.as_str().map(str::to_string)))
                }
                _ => {}
            }
            for key in ["anyOf", "oneOf", "allOf"] {
                for b in s.get(key).and_then(Value::as_array).into_iter().flatten() {
                    types(ctx, b, depth + 1, out);
                }
            }
        }
        let mut t = Vec::new();
        types(self, s, depth, &mut t);
        t.iter().any(|t| t == "integer") && !t.iter().any(|t| t == "number")
    }

    /// Ids in `findings`, `attestations`, `incidents` and `questions` are
    /// unique within their list (they become anchors in the report) and not
    /// empty. Each occurrence of a duplicate names the others.
    fn duplicate_ids(&self, out: &mut Vec<SchemaIssue>) {
        for list in ID_LISTS {
            let Some(items) = self.doc.value.get(list).and_then(Value::as_array) else {
                continue;
            };
            let mut by_id: std::collections::HashMap<&str, Vec<usize>> = Default::default();
            for (i, item) in items.iter().enumerate() {
                let Some(id) = item.get("id").and_then(Value::as_str) else {
                    continue;
                };
                let ptr = format!("/{list}/{i}/id");
                if id.trim().is_empty() {
                    self.push(
                        out,
                        self.range(&ptr),
                        format!(
                            "`{list}[{i}].id` is empty: give it an id that is unique in `{list}`"
                        ),
                        None,
                    );
                } else {
                    by_id.entry(id).or_default().push(i);
                }
            }
            let mut dups: Vec<(&str, Vec<usize>)> =
                by_id.into_iter().filter(|(_, v)| v.len() > 1).collect();
            dups.sort_by_key(|(_, v)| v[0]);
            for (id, at) in dups {
                for &i in &at {
                    let others: Vec<String> = at
                        .iter()
                        .filter(|&&j| j != i)
                        .take(5)
                        .map(|j| format!("`{list}[{j}]`"))
                        .collect();
                    let more = if at.len() - 1 > others.len() {
                        format!(" and {} more", at.len() - 1 - others.len())
                    } else {
                        String::new()
                    };
                    self.push(
                        out,
                        self.range(&format!("/{list}/{i}/id")),
                        format!(
                            "duplicate id `{}` in `{list}`: {}{more} has it too; ids must be unique",
                            truncate(id),
                            others.join(", ")
                        ),
                        None,
                    );
                }
            }
        }
    }

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
                    if ptr.starts_with("/questionnaires/") && ptr.ends_with("/answers") {
                        let message = crate::types::QUESTION_ID_FORMAT.message(&format!("`{key}`"));
                        self.push(out, range, message, None);
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
                            certain: false,
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
        let candidate = context
            .iter()
            .filter(|branch| !branch.is_empty() && !branch.iter().any(|e| rejects(ptr, e)))
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
        if let Some(pattern) = gather(ptr, instance, context, &mut words, &mut types, 0) {
            // A patterned string (a date, a URL): its own message is best.
            self.translate(pattern, out, depth + 1);
            return;
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
            let mut seen = std::collections::HashSet::new();
            let extra: Vec<String> = extra
                .into_iter()
                .filter(|t| seen.insert(t.clone()))
                .collect();
            self.bad_value_with_types(out, ptr, instance, &words, &extra);
        } else {
            let at = label(ptr);
            let mut seen = std::collections::HashSet::new();
            types.retain(|t| seen.insert(t.clone()));
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
                self.booleans.borrow_mut().push(range);
                self.push(
                    out,
                    range,
                    format!("`{b}` is a YAML boolean here: write `{word}`"),
                    Some(Replacement {
                        range,
                        text: word.into(),
                        title: format!("Change to `{word}`"),
                        certain: true,
                    }),
                );
                return;
            }
        }
        // The country list (with or without `not_disclosed`/`contradictory`).
        let listed: std::collections::HashSet<&str> = words.iter().map(String::as_str).collect();
        if crate::countries::COUNTRIES
            .iter()
            .all(|(c, _)| listed.contains(c))
        {
            let fix = instance
                .as_str()
                .and_then(|s| did_you_mean(s, words.iter().map(String::as_str)))
                .map(|s| Replacement {
                    range,
                    text: s.to_string(),
                    title: format!("Change to `{s}`"),
                    certain: false,
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
            format!(", or {}", types.join(", or "))
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
                    certain: false,
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

/// Whether `e` says "the value at `ptr` is not even of this alternative's
/// kind": a wrong type, not one of its words, or a nested `anyOf` each of
/// whose alternatives says so.
fn rejects(ptr: &str, e: &ValidationError<'_>) -> bool {
    e.instance_path().as_str() == ptr
        && match e.kind() {
            ValidationErrorKind::Type { .. }
            | ValidationErrorKind::Enum { .. }
            | ValidationErrorKind::Constant { .. } => true,
            ValidationErrorKind::AnyOf { context }
            | ValidationErrorKind::OneOfNotValid { context } => context
                .iter()
                .all(|branch| branch.iter().any(|e| rejects(ptr, e))),
            _ => false,
        }
}

/// The words and types the alternatives in `context` accept for the value
/// at `ptr`, through nested `anyOf`s. Returns a pattern error instead when
/// the value is a string of the right kind but the wrong shape.
fn gather<'e>(
    ptr: &str,
    instance: &Value,
    context: &'e [Vec<ValidationError<'static>>],
    words: &mut Vec<String>,
    types: &mut Vec<String>,
    depth: usize,
) -> Option<&'e ValidationError<'static>> {
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
                ValidationErrorKind::Pattern { .. } if instance.is_string() => return Some(e),
                ValidationErrorKind::AnyOf { context }
                | ValidationErrorKind::OneOfNotValid { context }
                    if depth < 8 =>
                {
                    if let Some(p) = gather(ptr, instance, context, words, types, depth + 1) {
                        return Some(p);
                    }
                }
                _ => {}
            }
        }
    }
    None
}

fn truncate_line(s: &str) -> String {
    let line = s.lines().next().unwrap_or_default();
    if line.chars().count() > 160 {
        format!("{}…", line.chars().take(160).collect::<String>())
    } else {
        line.to_string()
    }
}
