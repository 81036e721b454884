//! The effective configuration of one dossier: the dossier.toml that
//! governs it (the nearest from its folder upwards, or one named
//! explicitly), what the front end lays on top (the CLI's `--today` and
//! `--profile`, the editor's settings), and the day it is read as of.
//!
//! Built here once for the CLI and the server; they differ only in what
//! they do with an [`EffectiveError`] (the CLI stops with exit status 2,
//! the server shows it on dossier.toml or in a window message and falls
//! back to [`Resolver::defaults`]).

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use dossier_analysis::{Config, Rule, Severity};
use dossier_schema::dates::Day;

use crate::config::{Configs, LoadError, Loaded};

/// What a front end lays over every dossier.toml.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Overrides {
    /// `--today`, the editor's `dossier.today`.
    pub today: Option<Day>,
    /// `--profile`, the editor's `dossier.profile`.
    pub profile: Option<String>,
    /// Rule severities (the editor's `dossier.rules`); `None` is off.
    pub rules: BTreeMap<Rule, Option<Severity>>,
}

/// What becomes of a profile override that the governing configuration
/// does not define.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnknownProfile {
    /// An error ([`EffectiveError::UnknownProfile`]): `--profile`.
    Refuse,
    /// Ignored: the dossier's own `assessment.profile` applies (the
    /// editor setting, which the server warns about once).
    Ignore,
}

/// Where the system date comes from, when neither an override nor
/// dossier.toml sets `today`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Clock {
    /// Read once: a command's run is one day, whatever the hour it ends.
    Fixed(Day),
    /// Read at every look-up: a server runs for days.
    Live,
}

impl Clock {
    /// A clock fixed at the system date now.
    pub fn now() -> Clock {
        Clock::Fixed(Day::today())
    }

    fn read(self) -> Day {
        match self {
            Clock::Fixed(d) => d,
            Clock::Live => Day::today(),
        }
    }
}

/// The configuration one dossier is analysed with.
#[derive(Clone, Debug)]
pub struct Effective {
    /// dossier.toml (or the defaults) with the overrides applied.
    pub config: Arc<Config>,
    /// The day the dossier is read as of: the override, else dossier.toml's
    /// `today`, else the system date. The engine takes it as an argument.
    pub today: Day,
    /// The dossier.toml that governs the dossier; `None`: the defaults.
    pub file: Option<PathBuf>,
}

/// Why a dossier has no effective configuration.
#[derive(Clone, Debug, thiserror::Error)]
pub enum EffectiveError {
    /// The dossier.toml that governs it cannot be used.
    #[error("{0}")]
    Load(Arc<LoadError>),
    /// The profile override names no profile it defines or builds in.
    #[error("unknown profile `{profile}`: use one of {}", known.join(", "))]
    UnknownProfile { profile: String, known: Vec<String> },
}

/// Builds (and caches) each dossier's [`Effective`] configuration.
pub struct Resolver {
    configs: Arc<Configs>,
    explicit: Option<Arc<Loaded>>,
    overrides: Overrides,
    unknown_profile: UnknownProfile,
    clock: Clock,
    /// dossier.toml path (empty for the defaults) -> the adjusted configuration.
    adjusted: Mutex<HashMap<PathBuf, Arc<Config>>>,
}

impl Resolver {
    /// A resolver over the dossier.toml cache `configs`.
    pub fn new(
        configs: Arc<Configs>,
        overrides: Overrides,
        unknown_profile: UnknownProfile,
        clock: Clock,
    ) -> Resolver {
        Resolver {
            configs,
            explicit: None,
            overrides,
            unknown_profile,
            clock,
            adjusted: Mutex::default(),
        }
    }

    /// Every dossier governed by this one dossier.toml (`--config FILE`).
    pub fn with_explicit(mut self, loaded: Arc<Loaded>) -> Resolver {
        self.explicit = Some(loaded);
        self
    }

    /// The dossier.toml cache (for directory walks' `exclude`).
    pub fn configs(&self) -> &Arc<Configs> {
        &self.configs
    }

    pub fn overrides(&self) -> &Overrides {
        &self.overrides
    }

    /// The effective configuration of the dossier at `file` (which need
    /// not exist: `DIR/-` gives a folder's). May read the disk.
    pub fn for_file(&self, file: &Path) -> Result<Effective, EffectiveError> {
        let loaded = match &self.explicit {
            Some(l) => Some(l.clone()),
            None => match self.configs.for_file(file) {
                None => None,
                Some(Ok(l)) => Some(l),
                Some(Err(e)) => return Err(EffectiveError::Load(e)),
            },
        };
        match loaded {
            Some(l) => self.effective(&l.path, Some(&l.config)),
            None => self.defaults(),
        }
    }

    /// The defaults with the overrides applied: for a dossier no
    /// dossier.toml governs, and the server's fallback when one is broken.
    pub fn defaults(&self) -> Result<Effective, EffectiveError> {
        self.effective(Path::new(""), None)
    }

    fn effective(&self, key: &Path, base: Option<&Config>) -> Result<Effective, EffectiveError> {
        let cached = self.adjusted.lock().ok().and_then(|m| m.get(key).cloned());
        let config = match cached {
            Some(c) => c,
            None => {
                let c = Arc::new(self.adjust(base.cloned().unwrap_or_default())?);
                if let Ok(mut m) = self.adjusted.lock() {
                    m.insert(key.to_path_buf(), c.clone());
                }
                c
            }
        };
        Ok(Effective {
            today: config.today.unwrap_or_else(|| self.clock.read()),
            file: base.and(Some(key.to_path_buf())),
            config,
        })
    }

    fn adjust(&self, mut config: Config) -> Result<Config, EffectiveError> {
        let o = &self.overrides;
        if let Some(t) = o.today {
            config.today = Some(t);
        }
        if let Some(p) = &o.profile {
            if config.knows_profile(p) {
                config.profile_override = Some(p.clone());
            } else if self.unknown_profile == UnknownProfile::Refuse {
                return Err(EffectiveError::UnknownProfile {
                    profile: p.clone(),
                    known: config.profile_names(),
                });
            }
        }
        for (rule, level) in &o.rules {
            config.rules.insert(*rule, *level);
        }
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> Day {
        Day::parse(s).unwrap()
    }

    #[test]
    fn today_is_the_override_then_dossier_toml_then_the_clock() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a")).unwrap();
        std::fs::write(root.join("a/dossier.toml"), "today = 2026-02-02\n").unwrap();
        let clock = Clock::Fixed(day("2030-01-01"));
        let plain = Resolver::new(
            Arc::new(Configs::new()),
            Overrides::default(),
            UnknownProfile::Refuse,
            clock,
        );
        let a = plain.for_file(&root.join("a/x.dossier.yaml")).unwrap();
        assert_eq!(a.today, day("2026-02-02"));
        assert!(a.file.is_some());
        let b = plain.for_file(&root.join("b.dossier.yaml")).unwrap();
        assert_eq!(b.today, day("2030-01-01"));
        assert_eq!(b.file, None);
        let over = Resolver::new(
            Arc::new(Configs::new()),
            Overrides {
                today: Some(day("2027-07-07")),
                ..Overrides::default()
            },
            UnknownProfile::Refuse,
            clock,
        );
        let a = over.for_file(&root.join("a/x.dossier.yaml")).unwrap();
        assert_eq!(a.today, day("2027-07-07"));
        assert_eq!(a.config.today, Some(day("2027-07-07")));
    }

    #[test]
    fn an_unknown_profile_is_refused_or_ignored_as_the_front_end_chooses() {
        let overrides = Overrides {
            profile: Some("nope".into()),
            ..Overrides::default()
        };
        let refuse = Resolver::new(
            Arc::new(Configs::new()),
            overrides.clone(),
            UnknownProfile::Refuse,
            Clock::Live,
        );
        let e = refuse.defaults().unwrap_err();
        assert!(
            e.to_string()
                .starts_with("unknown profile `nope`: use one of "),
            "{e}"
        );
        let ignore = Resolver::new(
            Arc::new(Configs::new()),
            overrides,
            UnknownProfile::Ignore,
            Clock::Live,
        );
        assert_eq!(ignore.defaults().unwrap().config.profile_override, None);
    }

    #[test]
    fn a_broken_dossier_toml_is_an_error_with_its_location() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("dossier.toml"), "today = 3\n").unwrap();
        let r = Resolver::new(
            Arc::new(Configs::new()),
            Overrides::default(),
            UnknownProfile::Ignore,
            Clock::Live,
        );
        let e = r.for_file(&dir.path().join("x.dossier.yaml")).unwrap_err();
        assert!(matches!(e, EffectiveError::Load(_)));
        assert!(e.to_string().contains("dossier.toml:1:"), "{e}");
    }
}
