//! `dossier.toml`: profiles, rule severities, required questions, freshness
//! windows, `today`, an extra JSON Schema and the `exclude` list of
//! directory walks. Every setting has a default, so a missing file is an
//! empty configuration.
//!
//! This module only parses text: finding and reading `dossier.toml` (and
//! the extra schema it names) is `dossier-workspace`'s job, so the engine
//! never touches the disk.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use dossier_schema::dates::Day;
use dossier_schema::ExtraSchema;
use dossier_syntax::TextRange;
use serde::Deserialize;
use toml::Spanned;

use crate::diagnostic::{Diagnostic, Rule, Severity};

/// The name of the configuration file, looked up from each dossier's
/// folder upwards.
pub const CONFIG_FILE: &str = "dossier.toml";

/// A weight profile defined in `dossier.toml`.
#[derive(Clone, Debug, PartialEq)]
pub struct ProfileDef {
    pub name: String,
    /// Range of the `[profiles.NAME]` table in dossier.toml.
    pub range: TextRange,
    /// (dimension key, weight, range of the weight)
    pub weights: Vec<(String, f64, TextRange)>,
}

/// Which question templates are required.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct QuestionsConfig {
    pub baseline: bool,
    pub triggered: bool,
    pub require: Vec<String>,
    pub exclude: Vec<String>,
    /// A question `sent` longer ago than this many days and still not
    /// answered is overdue (`dossier due`).
    pub answer_days: u32,
}

/// The default of `[questions] answer_days`.
pub const DEFAULT_ANSWER_DAYS: u32 = 30;

impl Default for QuestionsConfig {
    fn default() -> Self {
        QuestionsConfig {
            baseline: true,
            triggered: true,
            require: Vec::new(),
            exclude: Vec::new(),
            answer_days: DEFAULT_ANSWER_DAYS,
        }
    }
}

/// How often a vendor is reassessed, in months after `assessment.as_of`,
/// by the band of its composite score and by its `relationship.tier`: the
/// shorter of the two applies. The field names are the keys of
/// `dossier.toml`'s `[cadence]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Cadence {
    pub critical: u32,
    pub high: u32,
    pub elevated: u32,
    pub moderate: u32,
    pub low: u32,
    pub tier_1: u32,
    pub tier_2: u32,
    pub tier_3: u32,
    pub tier_4: u32,
}

impl Default for Cadence {
    fn default() -> Self {
        Cadence {
            critical: 3,
            high: 6,
            elevated: 12,
            moderate: 18,
            low: 24,
            tier_1: 6,
            tier_2: 12,
            tier_3: 24,
            tier_4: 36,
        }
    }
}

impl Cadence {
    /// The reassessment interval of a tier (1 to 4), in months.
    pub fn tier_months(&self, tier: u8) -> Option<u32> {
        match tier {
            1 => Some(self.tier_1),
            2 => Some(self.tier_2),
            3 => Some(self.tier_3),
            4 => Some(self.tier_4),
            _ => None,
        }
    }

    /// The interval that applies: the band's, or the tier's when shorter.
    pub fn interval(&self, band: Option<dossier_score::Band>, tier: Option<u8>) -> Option<u32> {
        let band = band.map(|b| self.months(b));
        let tier = tier.and_then(|t| self.tier_months(t));
        match (band, tier) {
            (Some(b), Some(t)) => Some(b.min(t)),
            (b, t) => b.or(t),
        }
    }

    /// The reassessment interval of a band, in months.
    pub fn months(&self, band: dossier_score::Band) -> u32 {
        use dossier_score::Band;
        match band {
            Band::Critical => self.critical,
            Band::High => self.high,
            Band::Elevated => self.elevated,
            Band::Moderate => self.moderate,
            Band::Low => self.low,
        }
    }
}

/// Freshness windows, in months (defined with their defaults in the schema
/// crate, next to the evidence classes that use them).
pub use dossier_schema::freshness::Freshness;

/// A severity override: a severity, or `off`.
pub type RuleSetting = Option<Severity>;

/// The effective configuration.
#[derive(Clone, Debug, Default)]
pub struct Config {
    /// Where it was read from, if anywhere.
    pub path: Option<PathBuf>,
    /// The file's text (for locating problems in it).
    pub text: String,
    /// `today` of dossier.toml (or `--today`, an editor setting). The
    /// engine takes "today" as an argument; callers pass this, else the
    /// system date.
    pub today: Option<Day>,
    pub rules: BTreeMap<Rule, RuleSetting>,
    pub profiles: Vec<ProfileDef>,
    pub questions: QuestionsConfig,
    pub freshness: Freshness,
    pub cadence: Cadence,
    pub extra_schema: Option<Arc<ExtraSchema>>,
    /// Score with this profile whatever `assessment.profile` says
    /// (`dossier score --profile`, the editor's `dossier.profile` setting).
    pub profile_override: Option<String>,
    /// Gitignore-style patterns, relative to dossier.toml's folder, that
    /// directory walks skip (with the range of each pattern).
    pub exclude: Vec<(String, TextRange)>,
}

/// A configuration that cannot be used at all.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigError {
    pub path: Option<PathBuf>,
    pub range: Option<TextRange>,
    pub message: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    /// A string or a bare TOML date (`today = 2026-11-24`).
    today: Option<Spanned<toml::Value>>,
    schema: Option<Spanned<String>>,
    #[serde(default)]
    rules: BTreeMap<String, Spanned<String>>,
    #[serde(default)]
    profiles: BTreeMap<String, Spanned<BTreeMap<String, Spanned<f64>>>>,
    #[serde(default)]
    questions: Option<RawQuestions>,
    #[serde(default)]
    freshness: Option<Freshness>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    cadence: Option<Cadence>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawQuestions {
    baseline: Option<bool>,
    triggered: Option<bool>,
    #[serde(default)]
    require: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    answer_days: Option<u32>,
}

/// Freshness windows longer than this (100 years) are configuration errors.
pub const MAX_FRESHNESS_MONTHS: u32 = 1200;
/// `[freshness] warn_days` longer than this (10 years) is a configuration
/// error.
pub const MAX_WARN_DAYS: u32 = 3660;

/// The range of the key `key` of the table `table` (for settings read
/// without spans), as the TOML parser located it: never a comment or
/// another table's key of the same name.
fn locate_key(text: &str, table: &str, key: &str) -> Option<TextRange> {
    let doc = toml::de::DeTable::parse(text).ok()?;
    let (_, value) = doc.get_ref().iter().find(|(k, _)| k.get_ref() == table)?;
    let (k, _) = value
        .get_ref()
        .as_table()?
        .iter()
        .find(|(k, _)| k.get_ref() == key)?;
    Some(span(k.span()))
}

fn span(r: std::ops::Range<usize>) -> TextRange {
    TextRange::new(r.start, r.end)
}

impl Config {
    /// The severity a rule has under this configuration (`None`: off).
    pub fn severity(&self, rule: Rule) -> Option<Severity> {
        match self.rules.get(&rule) {
            Some(setting) => *setting,
            None => Some(rule.default_severity()),
        }
    }

    /// Parse configuration text; `read_schema` loads the extra schema file
    /// (its error, said to the user, is located on `schema =`).
    pub fn parse<E: std::fmt::Display>(
        text: &str,
        read_schema: impl Fn(&str) -> Result<String, E>,
    ) -> Result<Config, ConfigError> {
        let err = |range: Option<TextRange>, message: String| ConfigError {
            path: None,
            range,
            message,
        };
        let raw: Raw = toml::from_str(text).map_err(|e| {
            err(
                e.span().map(span),
                format!(
                    "invalid dossier.toml: {}",
                    e.message().lines().next().unwrap_or("")
                ),
            )
        })?;
        let mut config = Config {
            text: text.to_string(),
            ..Config::default()
        };
        if let Some(t) = raw.today {
            let range = span(t.span());
            let day = match t.get_ref() {
                toml::Value::String(s) => Day::parse(s).ok_or_else(|| {
                    err(
                        Some(range),
                        format!("`today = \"{s}\"` is not a date: write YYYY-MM-DD"),
                    )
                })?,
                // A bare date (`today = 2026-11-24`) is a TOML datetime with
                // only its date part.
                toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
                    Day::parse(&d.to_string()).ok_or_else(|| {
                        err(
                            Some(range),
                            format!("`today = {d}` is not a date: write YYYY-MM-DD"),
                        )
                    })?
                }
                other => {
                    return Err(err(
                        Some(range),
                        format!("`today = {other}` is not a date: write YYYY-MM-DD"),
                    ))
                }
            };
            config.today = Some(day);
        }
        config.exclude = raw
            .exclude
            .into_iter()
            .map(|p| {
                let r = span(p.span());
                (p.into_inner(), r)
            })
            .collect();
        for (code, value) in raw.rules {
            let rule = Rule::from_code(&code).ok_or_else(|| {
                let hint = dossier_schema::did_you_mean(&code, Rule::ALL.iter().map(|r| r.code()))
                    .map(|s| format!(": did you mean `{s}`?"))
                    .unwrap_or_default();
                err(
                    Some(span(value.span())),
                    format!("unknown rule `{code}` in [rules]{hint}"),
                )
            })?;
            let setting = match value.get_ref().as_str() {
                "off" => None,
                other => Some(Severity::parse(other).ok_or_else(|| {
                    err(
                        Some(span(value.span())),
                        format!("`{code} = \"{other}\"`: use error, warning, info, hint or off"),
                    )
                })?),
            };
            config.rules.insert(rule, setting);
        }
        for (name, table) in raw.profiles {
            let range = span(table.span());
            let weights = table
                .into_inner()
                .into_iter()
                .map(|(k, v)| {
                    let r = span(v.span());
                    (k, v.into_inner(), r)
                })
                .collect();
            config.profiles.push(ProfileDef {
                name,
                range,
                weights,
            });
        }
        if let Some(q) = raw.questions {
            let known = || dossier_score::questions::templates().iter().map(|t| t.id);
            for (list, ids) in [("require", &q.require), ("exclude", &q.exclude)] {
                for id in ids {
                    let id_text = id.get_ref();
                    if known().any(|k| k == id_text) {
                        continue;
                    }
                    let hint = dossier_schema::did_you_mean(id_text, known())
                        .map(|s| format!(": did you mean `{s}`?"))
                        .unwrap_or_else(|| {
                            format!(
                                ": the templates are {}",
                                known().collect::<Vec<_>>().join(", ")
                            )
                        });
                    return Err(err(
                        Some(span(id.span())),
                        format!(
                            "unknown question template `{id_text}` in [questions] {list}{hint}"
                        ),
                    ));
                }
            }
            config.questions = QuestionsConfig {
                baseline: q.baseline.unwrap_or(true),
                triggered: q.triggered.unwrap_or(true),
                require: q.require.into_iter().map(Spanned::into_inner).collect(),
                exclude: q.exclude.into_iter().map(Spanned::into_inner).collect(),
                answer_days: q.answer_days.unwrap_or(DEFAULT_ANSWER_DAYS),
            };
        }
        config.freshness = raw.freshness.unwrap_or_default();
        config.cadence = raw.cadence.unwrap_or_default();
        let f = config.freshness;
        for (key, months, _) in f.windows() {
            if months > MAX_FRESHNESS_MONTHS {
                return Err(err(
                    locate_key(text, "freshness", key),
                    format!(
                        "`{key} = {months}` in [freshness] is out of range: a window is at most {MAX_FRESHNESS_MONTHS} months"
                    ),
                ));
            }
        }
        if f.warn_days > MAX_WARN_DAYS {
            return Err(err(
                locate_key(text, "freshness", "warn_days"),
                format!(
                    "`warn_days = {}` in [freshness] is out of range: warn at most {MAX_WARN_DAYS} days ahead",
                    f.warn_days
                ),
            ));
        }
        if let Some(s) = raw.schema {
            let text =
                read_schema(s.get_ref()).map_err(|m| err(Some(span(s.span())), m.to_string()))?;
            let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| {
                err(
                    Some(span(s.span())),
                    format!("the extra schema `{}` is not JSON: {e}", s.get_ref()),
                )
            })?;
            let compiled = dossier_schema::compile_extra_schema(value)
                .map_err(|e| err(Some(span(s.span())), e.to_string()))?;
            config.extra_schema = Some(Arc::new(compiled));
        }
        Ok(config)
    }

    /// Every profile name a dossier may use: dossier.toml's, then the built-in ones.
    pub fn profile_names(&self) -> Vec<String> {
        self.profiles
            .iter()
            .map(|p| p.name.clone())
            .chain(
                dossier_score::builtin_profiles()
                    .into_iter()
                    .map(|p| p.name),
            )
            .collect()
    }

    /// Whether `name` is a profile this configuration can score with
    /// (dossier.toml's or a built-in one).
    pub fn knows_profile(&self, name: &str) -> bool {
        dossier_score::find_profile(name, &self.scoring_profiles()).is_some()
    }

    /// The profiles defined in dossier.toml, usable for scoring (unknown
    /// dimensions are dropped; the `profile` rule reports them).
    pub fn scoring_profiles(&self) -> Vec<dossier_score::Profile> {
        self.profiles
            .iter()
            .map(|p| dossier_score::Profile {
                name: p.name.clone(),
                weights: p
                    .weights
                    .iter()
                    .filter_map(|(k, w, _)| Some((dossier_score::Dimension::from_key(k)?, *w)))
                    .collect(),
            })
            .collect()
    }

    /// `profile` diagnostics for dossier.toml itself (ranges in its text).
    pub fn profile_diagnostics(&self) -> Vec<Diagnostic> {
        self.profile_diagnostics_where(|_| true)
    }

    /// `profile` diagnostics of the profile called `name` only (none for a
    /// built-in profile or one that is fine).
    pub fn profile_diagnostics_of(&self, name: &str) -> Vec<Diagnostic> {
        self.profile_diagnostics_where(|p| p.name == name)
    }

    fn profile_diagnostics_where(&self, keep: impl Fn(&ProfileDef) -> bool) -> Vec<Diagnostic> {
        let mut out = Vec::new();
        for p in self.profiles.iter().filter(|p| keep(p)) {
            let weights: Vec<(String, f64)> =
                p.weights.iter().map(|(k, w, _)| (k.clone(), *w)).collect();
            for problem in dossier_score::check_profile_weights(&weights) {
                let range = problem
                    .dimension
                    .as_ref()
                    .and_then(|d| p.weights.iter().find(|(k, ..)| k == d))
                    .map_or_else(|| self.profile_header(p), |(_, _, r)| *r);
                out.push(Diagnostic::new(
                    Rule::Profile,
                    range,
                    format!("profile `{}`: {}", p.name, problem.message),
                ));
            }
        }
        out.sort_by_key(|d| (d.range.start, d.range.end));
        out
    }

    /// The `[profiles.NAME]` header line, or the table's range.
    fn profile_header(&self, p: &ProfileDef) -> TextRange {
        // The header line itself, not a comment that mentions it.
        let header = format!("[profiles.{}]", p.name);
        let mut at = 0;
        for line in self.text.split_inclusive('\n') {
            let trimmed = line.trim_start();
            if trimmed.starts_with(&header) {
                let i = at + (line.len() - trimmed.len());
                return TextRange::new(i, i + header.len());
            }
            at += line.len();
        }
        TextRange::new(p.range.start, p.range.start)
    }

    /// The question policy for the score crate.
    pub fn question_policy(&self) -> dossier_score::questions::QuestionPolicy {
        dossier_score::questions::QuestionPolicy {
            baseline: self.questions.baseline,
            triggered: self.questions.triggered,
            extra: self.questions.require.clone(),
            exclude: self.questions.exclude.clone(),
            windows: self.freshness,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(text: &str) -> Result<Config, ConfigError> {
        Config::parse(text, |_| Err("no files in tests"))
    }

    #[test]
    fn empty_is_default() {
        let c = parse("").unwrap();
        assert_eq!(c.severity(Rule::UncitedFact), Some(Severity::Warning));
        assert_eq!(c.freshness, Freshness::default());
        assert_eq!(c.cadence.critical, 3);
        assert_eq!(c.questions.answer_days, 30);
    }

    #[test]
    fn cadence_and_answer_days() {
        let c = parse("[cadence]\nhigh = 4\n[questions]\nanswer_days = 10\n").unwrap();
        assert_eq!((c.cadence.high, c.cadence.low), (4, 24));
        assert_eq!(c.questions.answer_days, 10);
    }

    #[test]
    fn rules_today_profiles() {
        let text = "today = \"2026-11-24\"\n[rules]\nuncited-fact = \"error\"\nunused-source = \"off\"\n[profiles.strict]\nsecurity = 60\nregulatory = 40\n";
        let c = parse(text).unwrap();
        assert_eq!(c.today.unwrap().to_string(), "2026-11-24");
        assert_eq!(c.severity(Rule::UncitedFact), Some(Severity::Error));
        assert_eq!(c.severity(Rule::UnusedSource), None);
        assert_eq!(c.profiles[0].weights.len(), 2);
        let (_, w, r) = c.profiles[0]
            .weights
            .iter()
            .find(|(k, ..)| k == "security")
            .unwrap();
        assert_eq!((*w, &text[r.start..r.end]), (60.0, "60"));
    }

    #[test]
    fn bare_toml_date_for_today() {
        let c = parse("today = 2026-11-24\n").unwrap();
        assert_eq!(c.today.unwrap().to_string(), "2026-11-24");
    }

    #[test]
    fn exclude_patterns_keep_their_ranges() {
        let text = "exclude = [\"broken/\", \"**/draft-*\"]\n";
        let c = parse(text).unwrap();
        let pats: Vec<&str> = c.exclude.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pats, ["broken/", "**/draft-*"]);
        let r = c.exclude[0].1;
        assert_eq!(&text[r.start..r.end], "\"broken/\"");
    }

    #[test]
    fn located_errors() {
        let e = parse("[rules]\nuncited-facts = \"error\"\n").unwrap_err();
        assert!(
            e.message.contains("did you mean `uncited-fact`"),
            "{}",
            e.message
        );
        let e = parse("today = \"soon\"\n").unwrap_err();
        assert_eq!(e.range.unwrap().start, 8);
        let e = parse("today = 2026-11-24T10:00:00\n").unwrap_err();
        assert!(e.message.contains("is not a date"), "{}", e.message);
        let e = parse("bogus = 1\n").unwrap_err();
        assert!(e.message.contains("bogus"), "{}", e.message);
        let e = parse("[cadence]\nhihg = 4\n").unwrap_err();
        assert!(e.message.contains("hihg"), "{}", e.message);
        let e = parse("[rules\n").unwrap_err();
        assert!(e.range.is_some());
    }

    #[test]
    fn a_profile_diagnostic_points_at_the_header_not_a_comment() {
        let text = "# see [profiles.strict] below\n[profiles.strict]\nsecurity = 60\n";
        let c = parse(text).unwrap();
        let d = c.profile_diagnostics();
        assert!(!d.is_empty());
        assert!(
            d[0].range.start > text.find('\n').unwrap(),
            "{:?}",
            d[0].range
        );
    }

    #[test]
    fn huge_freshness_windows_are_refused_on_their_key() {
        let text = "[freshness]\niso_months = 36\nsource_months = 4294967295\n";
        let e = parse(text).unwrap_err();
        let r = e.range.unwrap();
        assert_eq!(&text[r.start..r.end], "source_months");
        assert!(e.message.contains("at most 1200 months"), "{}", e.message);
        assert!(parse("[freshness]\nsource_months = 1200\n").is_ok());
    }

    #[test]
    fn a_window_is_located_by_the_parser_not_by_its_text() {
        // An inline table, a comment and another table naming the key:
        // only the key the parser read is the one at fault.
        for text in [
            "freshness = { iso_months = 36, source_months = 99999 }\n",
            "# [freshness]\n# source_months = 1\n[cadence]\nlow = 24\n[freshness]\nsource_months = 99999\n",
        ] {
            let e = parse(text).unwrap_err();
            let r = e.range.unwrap_or_else(|| panic!("not located in {text:?}"));
            assert_eq!(&text[r.start..r.end], "source_months", "{text:?}");
            assert_eq!(
                text[..r.start].matches('\n').count(),
                text.lines().position(|l| l.contains("99999")).unwrap(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn warn_days_is_read_and_range_checked_on_its_key() {
        assert_eq!(Config::default().freshness.warn_days, 60);
        let c = parse("[freshness]\nwarn_days = 14\n").unwrap();
        assert_eq!(c.freshness.warn_days, 14);
        let text = "[freshness]\nwarn_days = 99999\n";
        let e = parse(text).unwrap_err();
        let r = e.range.unwrap();
        assert_eq!(&text[r.start..r.end], "warn_days");
        assert!(e.message.contains("at most 3660 days"), "{}", e.message);
    }

    #[test]
    fn unknown_question_ids_are_config_errors_with_a_suggestion() {
        let text = "[questions]\nrequire = [\"T-NOPE\"]\n";
        let e = parse(text).unwrap_err();
        let r = e.range.unwrap();
        assert_eq!(&text[r.start..r.end], "\"T-NOPE\"");
        assert!(
            e.message.contains("unknown question template `T-NOPE`"),
            "{}",
            e.message
        );
        assert!(
            e.message.contains("T-SOC2-BRIDGE"),
            "lists the ids: {}",
            e.message
        );
        let e = parse("[questions]\nexclude = [\"T-SOC2-BRIDG\"]\n").unwrap_err();
        assert!(
            e.message.contains("did you mean `T-SOC2-BRIDGE`?"),
            "{}",
            e.message
        );
        let ok = parse("[questions]\nrequire = [\"Q01\"]\nexclude = [\"Q02\"]\n").unwrap();
        assert_eq!(ok.questions.require, ["Q01"]);
    }
}
