//! The schema layer: the format's types, the fact catalogue, the generated
//! JSON Schema, and validation of a spanned tree against it.
//!
//! Invariants: nothing here reads files or the network; validation never
//! panics on any tree the syntax layer returns; every issue carries the
//! range of the key or value at fault.

mod annotate;
pub mod catalogue;
pub mod countries;
pub mod dates;
pub mod evidence;
pub mod freshness;
mod json;
pub mod nav;
pub mod questionnaire;
mod suggest;
pub mod types;
mod validate;
pub mod view;

pub use json::{entry_to_json, pointer_escape, to_json, top_level_to_json, JsonDoc, Span};
pub use suggest::{did_you_mean, Suggester};
pub use validate::{
    compile_extra_schema, validate, validate_part, ExtraSchema, ExtraSchemaError, Part,
    Replacement, SchemaIssue,
};

use std::sync::OnceLock;

/// The format's JSON Schema (draft 2020-12), generated from the Rust types.
pub fn json_schema() -> &'static serde_json::Value {
    static SCHEMA: OnceLock<serde_json::Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        let mut value = schemars::generate::SchemaSettings::draft2020_12()
            .into_generator()
            .into_root_schema_for::<types::Dossier>()
            .to_value();
        standard_formats(&mut value);
        extensions_everywhere(&mut value);
        if let Some(obj) = value.as_object_mut() {
            obj.insert(
                "$id".into(),
                "https://dossier.invalid/schemas/dossier.schema.json".into(),
            );
        }
        annotate::annotate(&mut value);
        value
    })
}

/// The schema as pretty JSON with a trailing newline (what `dossier schema` prints).
pub fn json_schema_text() -> String {
    let mut s = serde_json::to_string_pretty(json_schema()).unwrap_or_default();
    s.push('\n');
    s
}

/// `x_` keys are the user's own data, in every section: each closed
/// object schema (`additionalProperties: false`) that does not say
/// otherwise accepts them, kept as is and not validated.
fn extensions_everywhere(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            let closed = m.get("additionalProperties") == Some(&serde_json::Value::Bool(false));
            let has_x = m
                .get("patternProperties")
                .and_then(|p| p.as_object())
                .is_some_and(|p| p.contains_key("^x_"));
            if closed && !has_x && m.contains_key("properties") {
                let pp = m
                    .entry("patternProperties")
                    .or_insert_with(|| serde_json::json!({}));
                if let Some(pp) = pp.as_object_mut() {
                    pp.insert(
                        "^x_".into(),
                        serde_json::json!({"description": "An extension (`x_` key): your own data, kept as is and not validated."}),
                    );
                }
            }
            m.values_mut().for_each(extensions_everywhere);
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(extensions_everywhere),
        _ => {}
    }
}

/// Remove the `format`s schemars derives from Rust number types (`uint8`,
/// `int64`, `double`, ...): they are not JSON Schema formats, and
/// validators such as ajv warn about each one. The bounds they imply are
/// kept as `minimum`/`maximum`.
fn standard_formats(v: &mut serde_json::Value) {
    match v {
        serde_json::Value::Object(m) => {
            let bounds: Option<(i64, i64)> = match m.get("format").and_then(|f| f.as_str()) {
                Some("uint8") => Some((0, 255)),
                Some("uint16") => Some((0, 65535)),
                Some("int8") => Some((-128, 127)),
                Some("int16") => Some((-32768, 32767)),
                Some("uint32") => Some((0, u32::MAX as i64)),
                Some("int32") => Some((i32::MIN as i64, i32::MAX as i64)),
                Some("int64" | "uint64" | "uint" | "int" | "double" | "float") => None,
                _ => {
                    for child in m.values_mut() {
                        standard_formats(child);
                    }
                    return;
                }
            };
            m.shift_remove("format");
            if let Some((lo, hi)) = bounds {
                m.entry("minimum").or_insert(lo.into());
                m.entry("maximum").or_insert(hi.into());
            }
            for child in m.values_mut() {
                standard_formats(child);
            }
        }
        serde_json::Value::Array(a) => a.iter_mut().for_each(standard_formats),
        _ => {}
    }
}
