//! The portfolio over time (`dossier render DIR --history N`): each
//! dossier's composite at the last N commits of the folder (read from git
//! by the CLI, never checked out), the band counts at each, and what
//! changed since the oldest commit shown. This module only holds and
//! compares the numbers; the CLI reads and scores the old versions.

use dossier_schema::dates::Day;
use dossier_score::Band;

use super::{Entry, Portfolio};

/// Dossiers per band (`None`: unscored), highest band first.
pub type BandCounts = Vec<(Option<Band>, usize)>;

/// A dossier's score at one commit (`None`: absent, or not scorable).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Point {
    pub composite: Option<f64>,
    pub band: Option<Band>,
    /// The dossier existed at that commit.
    pub present: bool,
}

/// A commit of the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Commit {
    /// The abbreviated hash.
    pub short: String,
    pub date: Day,
    pub subject: String,
}

/// A dossier that was in the oldest commit shown and is gone now.
#[derive(Clone, Debug, PartialEq)]
pub struct Gone {
    pub file: String,
    pub vendor: String,
    /// One point per commit, as in `Entry::history`.
    pub history: Vec<Point>,
}

/// The history shown on the page: the commits, oldest first (each
/// `Entry::history` has one point per commit, in the same order; the
/// current state is the entry itself).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct History {
    pub commits: Vec<Commit>,
    /// Dossiers of the oldest commit that are no longer in the folder.
    pub gone: Vec<Gone>,
}

/// How one dossier moved since the oldest commit shown.
#[derive(Clone, Debug)]
pub struct Change<'a> {
    pub entry: &'a Entry,
    /// The composite at the oldest commit (`None`: the dossier is new).
    pub then: Option<f64>,
    pub then_band: Option<Band>,
    /// The change in composite, when scored both then and now.
    pub delta: Option<f64>,
}

impl Change<'_> {
    /// New since the oldest commit.
    pub fn is_new(&self) -> bool {
        self.entry.history.first().is_none_or(|p| !p.present)
    }
    /// The band moved to a riskier one.
    pub fn worse(&self) -> bool {
        let now = self.entry.score.as_ref().map(|s| s.band);
        matches!((self.then_band, now), (Some(a), Some(b)) if b > a)
    }
    pub fn better(&self) -> bool {
        let now = self.entry.score.as_ref().map(|s| s.band);
        matches!((self.then_band, now), (Some(a), Some(b)) if b < a)
    }
}

impl Portfolio {
    /// Every dossier that is new, or whose band or composite moved since
    /// the oldest commit shown: band changes first (worse, then better),
    /// then new dossiers, then by the size of the move.
    pub fn changes(&self) -> Vec<Change<'_>> {
        if self.history.commits.is_empty() {
            return Vec::new();
        }
        let mut out: Vec<Change> = self
            .entries
            .iter()
            .map(|e| {
                let first = e.history.first().copied();
                let then = first.and_then(|p| p.composite);
                let now = e.composite();
                Change {
                    entry: e,
                    then: then.map(dossier_score::round1),
                    then_band: first.and_then(|p| p.band),
                    delta: match (then, now) {
                        (Some(a), Some(b)) => Some(dossier_score::round1(b - a)),
                        _ => None,
                    },
                }
            })
            .filter(|c| {
                c.is_new() || c.worse() || c.better() || c.delta.is_some_and(|d| d.abs() >= 0.1)
            })
            .collect();
        let rank = |c: &Change| {
            if c.worse() {
                0
            } else if c.better() {
                1
            } else if c.is_new() {
                2
            } else {
                3
            }
        };
        out.sort_by(|a, b| {
            rank(a)
                .cmp(&rank(b))
                .then_with(|| {
                    let m = |c: &Change| c.delta.map_or(0.0, f64::abs);
                    m(b).total_cmp(&m(a))
                })
                .then_with(|| a.entry.vendor.cmp(&b.entry.vendor))
        });
        out
    }

    /// The number of dossiers per band at each commit, oldest first, then
    /// now (the same bands as [`Portfolio::bands`]).
    pub fn band_history(&self) -> Vec<(String, BandCounts)> {
        let mut out = Vec::new();
        let bands = self.bands();
        for (i, c) in self.history.commits.iter().enumerate() {
            let mut counts: Vec<(Option<Band>, usize)> =
                bands.iter().map(|(b, _)| (*b, 0)).collect();
            let points = self
                .entries
                .iter()
                .map(|e| &e.history)
                .chain(self.history.gone.iter().map(|g| &g.history));
            for h in points {
                if let Some(p) = h.get(i).filter(|p| p.present) {
                    if let Some(slot) = counts.iter_mut().find(|(b, _)| *b == p.band) {
                        slot.1 += 1;
                    }
                }
            }
            out.push((format!("{} {}", c.date, c.short), counts));
        }
        out.push(("now".to_string(), bands));
        out
    }
}
