//! The text of `dossier new "Vendor"` and the server's New Dossier: every
//! catalogue fact as `not_disclosed` and the questions they require.

use std::fmt::Write;

use dossier_schema::catalogue;
use dossier_schema::view::DossierView;
use dossier_score::{questions, DEFAULT_PROFILE};
use dossier_syntax::emit;

/// Why a scaffold cannot be made: the value at fault (the caller names the
/// option or argument it came from).
#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("the vendor name is empty")]
    EmptyName,
    #[error("not a vendor kind: {hint}")]
    UnknownKind { kind: String, hint: String },
    #[error("not an ISO 3166-1 alpha-2 country code (such as DE, US)")]
    UnknownCountry { code: String },
}

/// The words the schema allows for `vendor.kind`.
pub fn vendor_kinds() -> Vec<String> {
    dossier_schema::json_schema()
        .pointer("/$defs/VendorKind/enum")
        .and_then(|v| v.as_array())
        .map(|a| {
            a.iter()
                .filter_map(|w| w.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

/// A vendor kind, checked against the schema's words (with a "did you
/// mean").
pub fn vendor_kind(kind: &str) -> Result<String, ScaffoldError> {
    let kinds = vendor_kinds();
    if kinds.iter().any(|w| w == kind) {
        return Ok(kind.to_string());
    }
    let hint = match dossier_schema::did_you_mean(kind, kinds.iter().map(String::as_str)) {
        Some(s) => format!("did you mean `{s}`?"),
        None => format!("use one of {}", kinds.join(", ")),
    };
    Err(ScaffoldError::UnknownKind {
        kind: kind.to_string(),
        hint,
    })
}

/// A headquarters country, an ISO 3166-1 alpha-2 code in any case,
/// upper-cased.
pub fn country(code: &str) -> Result<String, ScaffoldError> {
    let upper = code.to_ascii_uppercase();
    if dossier_schema::countries::COUNTRIES
        .iter()
        .any(|(c, _)| *c == upper)
    {
        Ok(upper)
    } else {
        Err(ScaffoldError::UnknownCountry {
            code: code.to_string(),
        })
    }
}

/// Text that stays inside a `#` comment line: every character a YAML
/// reader may take for a line break (`\n`, `\r`, NEL, U+2028, U+2029) or
/// that a terminal would obey is written as a visible `\u{..}` escape, so
/// a name like `Acme\rx: 1 #` cannot start a key of its own.
fn comment_text(s: &str) -> String {
    dossier_syntax::display::clean_line(s)
        .replace('\u{2028}', "\\u{2028}")
        .replace('\u{2029}', "\\u{2029}")
}

/// The text of `dossier new "Vendor"`: every catalogue fact as
/// `not_disclosed`, and the questions they require. With `schema`, the
/// first line is a `yaml-language-server` modeline pointing at it; without,
/// there is none: a modeline naming a schema that is not there (a
/// `dossier.schema.json` nobody wrote next to the file) only gives other
/// YAML tools an error to show. See docs/editors.md.
pub fn scaffold(
    vendor_name: &str,
    today: dossier_schema::dates::Day,
    schema: Option<&str>,
) -> Result<String, ScaffoldError> {
    scaffold_with(vendor_name, today, schema, &Vendor::default())
}

/// What `dossier new` knows about the vendor beyond its name (`--kind`,
/// `--hq`), checked with [`vendor_kind`] and [`country`].
#[derive(Clone, Debug, Default)]
pub struct Vendor {
    pub kind: Option<String>,
    pub hq: Option<String>,
}

/// [`scaffold`], with the vendor's kind and headquarters country.
pub fn scaffold_with(
    vendor_name: &str,
    today: dossier_schema::dates::Day,
    schema: Option<&str>,
    vendor: &Vendor,
) -> Result<String, ScaffoldError> {
    if vendor_name.trim().is_empty() {
        return Err(ScaffoldError::EmptyName);
    }
    let mut s = String::new();
    if let Some(schema) = schema {
        let _ = writeln!(
            s,
            "# yaml-language-server: $schema={}",
            comment_text(schema)
        );
    }
    let _ = writeln!(
        s,
        "# Vendor dossier for {}. Replace each `not_disclosed` with what the",
        comment_text(vendor_name)
    );
    let _ = writeln!(
        s,
        "# evidence says, in the full form `{{value: …, cite: source-id}}`."
    );
    let _ = writeln!(s, "dossier: 1");
    let _ = writeln!(
        s,
        "vendor:\n  name: {}\n  kind: {}",
        emit::scalar(vendor_name),
        vendor.kind.as_deref().unwrap_or("other")
    );
    if let Some(hq) = &vendor.hq {
        let _ = writeln!(s, "  headquarters:\n    country: {hq}");
    }
    let _ = writeln!(
        s,
        "assessment:\n  as_of: {today}\n  profile: {DEFAULT_PROFILE}"
    );
    let _ = writeln!(
        s,
        "sources:\n  vendor-site:\n    url: https://example.com\n    title: The vendor's website (replace)\n    kind: vendor_disclosure\n    retrieved: {today}"
    );
    let _ = writeln!(s, "facts:");
    // Facts that do not apply to the vendor's kind are left out: written as
    // `not_disclosed` they would be scored (the dossier would have set them).
    let kind = vendor
        .kind
        .as_deref()
        .and_then(dossier_schema::types::VendorKind::from_word);
    for sec in catalogue::SECTIONS {
        let facts: Vec<_> = catalogue::section_facts(sec.name)
            .filter(|f| f.applies.to(kind))
            .collect();
        if facts.is_empty() {
            continue;
        }
        let _ = writeln!(s, "  {}:", sec.name);
        for f in facts {
            let _ = writeln!(s, "    {}: not_disclosed", f.key);
        }
    }
    let _ = writeln!(s, "attestations: []\nfindings: []\nincidents: []");
    // The questions the facts above require.
    let draft = format!("{s}questions: []\n");
    let parse = dossier_syntax::parse(&draft);
    let required = parse
        .root
        .as_ref()
        .map(|root| {
            questions::required_questions(
                &DossierView::new(root),
                today,
                &questions::QuestionPolicy::default(),
            )
        })
        .unwrap_or_default();
    let _ = writeln!(s, "questions:");
    for q in required {
        s.push_str(&questions::question_yaml(q.template, 2));
    }
    let _ = writeln!(s, "adjustments: []");
    Ok(s)
}
