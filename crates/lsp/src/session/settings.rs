//! Client settings: `initializationOptions` and the `dossier` section of
//! `workspace/didChangeConfiguration`. They override dossier.toml.

use std::collections::BTreeMap;

use dossier_analysis::{Config, Rule, Severity};
use dossier_schema::dates::Day;
use serde_json::Value;

/// What the editor extension may set. Every field is optional; a value of
/// the wrong type or an unknown word is ignored (and logged), never fatal.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Settings {
    /// Score with this profile instead of `assessment.profile`.
    pub profile: Option<String>,
    /// "Today" for date rules (`YYYY-MM-DD`).
    pub today: Option<Day>,
    /// Rule code → severity, or `None` for `off`.
    pub rules: BTreeMap<Rule, Option<Severity>>,
}

impl Settings {
    /// Read settings from `{profile?, today?, rules?}`, or from an object
    /// that has them under `dossier` (`{settings: {dossier: {...}}}` is
    /// passed here as `{dossier: {...}}`).
    pub fn from_json(v: &Value) -> Settings {
        let v = v.get("dossier").unwrap_or(v);
        let mut s = Settings::default();
        let text = |key: &str| {
            v.get(key)
                .and_then(Value::as_str)
                .map(str::trim)
                .filter(|t| !t.is_empty())
        };
        s.profile = text("profile").map(str::to_string);
        if let Some(t) = text("today") {
            match Day::parse(t) {
                Some(d) => s.today = Some(d),
                None => tracing::warn!("setting `today`: `{t}` is not a YYYY-MM-DD date; ignored"),
            }
        }
        if let Some(rules) = v.get("rules").and_then(Value::as_object) {
            for (code, level) in rules {
                let Some(rule) = Rule::from_code(code) else {
                    tracing::warn!("setting `rules`: unknown rule `{code}`; ignored");
                    continue;
                };
                match level.as_str() {
                    Some("off") => {
                        s.rules.insert(rule, None);
                    }
                    Some(l) if Severity::parse(l).is_some() => {
                        s.rules.insert(rule, Severity::parse(l));
                    }
                    _ => tracing::warn!(
                        "setting `rules.{code}`: {level} is not error, warning, info, hint or off; ignored"
                    ),
                }
            }
        }
        s
    }

    /// What the settings lay over every dossier.toml (applied by
    /// `dossier-workspace`, as the CLI's flags are).
    pub fn overrides(&self) -> dossier_workspace::Overrides {
        dossier_workspace::Overrides {
            today: self.today,
            profile: self.profile.clone(),
            rules: self.rules.clone(),
        }
    }

    /// The warning for a `profile` setting that names no profile
    /// `config` knows (built-in or from its dossier.toml). Such a setting
    /// is ignored: the dossier's own `assessment.profile` applies.
    pub fn profile_problem(&self, config: &Config) -> Option<String> {
        let p = self.profile.as_ref()?;
        (!config.knows_profile(p)).then(|| {
            format!(
                "setting `dossier.profile`: unknown profile `{p}`; ignored (use one of {})",
                config.profile_names().join(", ")
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn bad_values_are_ignored_one_by_one() {
        let s = Settings::from_json(&json!({"dossier": {
            "profile": "strict",
            "today": "not a date",
            "rules": {"uncited-fact": "error", "unused-source": "off", "nope": "error", "schema": 3}
        }}));
        assert_eq!(s.profile.as_deref(), Some("strict"));
        assert_eq!(s.today, None);
        assert_eq!(
            s.rules.into_iter().collect::<Vec<_>>(),
            [
                (Rule::UncitedFact, Some(Severity::Error)),
                (Rule::UnusedSource, None)
            ]
        );
        assert_eq!(Settings::from_json(&json!(null)), Settings::default());
        assert_eq!(Settings::from_json(&json!([1, 2])), Settings::default());
    }
}
