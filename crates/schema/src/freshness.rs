//! How long evidence stays fresh: the windows (defined here once, with
//! their defaults; `dossier.toml`'s `[freshness]` table overrides them) and
//! the evidence classes that catalogue facts and attestation schemes belong
//! to. The date rules, the scorer's `stale` rows, the question triggers and
//! hover all read these.

use serde::Deserialize;

use crate::dates::{Day, Written};

/// Freshness windows, in months, and how many days ahead to warn. The
/// field names are the keys of `dossier.toml`'s `[freshness]` table.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Freshness {
    /// A source `retrieved` longer ago than this is stale.
    pub source_months: u32,
    /// A SOC 2 report is stale this long after its `period_end`.
    pub soc2_months: u32,
    /// ...unless a bridge letter covers up to this many months more.
    pub soc2_bridge_months: u32,
    /// ISO certificates (27001, 27701, 42001) are stale this long after `issued`.
    pub iso_months: u32,
    /// CSA STAR Level 1 self-assessments.
    pub csa_star_l1_months: u32,
    /// EU Cloud Code of Conduct verifications.
    pub eu_cloud_coc_months: u32,
    /// In days: evidence that expires or goes stale within this many days
    /// of today is `expires-soon`.
    pub warn_days: u32,
}

impl Default for Freshness {
    fn default() -> Self {
        Freshness {
            source_months: 12,
            soc2_months: 12,
            soc2_bridge_months: 3,
            iso_months: 36,
            csa_star_l1_months: 12,
            eu_cloud_coc_months: 12,
            warn_days: 60,
        }
    }
}

impl Freshness {
    /// Every window of the `[freshness]` table: its key, its value in
    /// months here and what it governs. The one list of the keys: the
    /// range check of dossier.toml and the documentation read it (the
    /// field names are the same keys, for serde).
    pub fn windows(&self) -> [(&'static str, u32, &'static str); 6] {
        [
            (
                "source_months",
                self.source_months,
                "a source's `retrieved` date",
            ),
            (
                "soc2_months",
                self.soc2_months,
                "after a SOC 2 report's audit period ends",
            ),
            (
                "soc2_bridge_months",
                self.soc2_bridge_months,
                "at most this much longer with a bridge letter",
            ),
            ("iso_months", self.iso_months, "ISO certificates"),
            (
                "csa_star_l1_months",
                self.csa_star_l1_months,
                "CSA STAR Level 1 self-assessments",
            ),
            (
                "eu_cloud_coc_months",
                self.eu_cloud_coc_months,
                "EU Cloud Code of Conduct attestations",
            ),
        ]
    }
}

/// A kind of evidence that goes stale, with its window.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum EvidenceClass {
    /// SOC 2 reports (Type I and II): window `soc2_months` after the period.
    Soc2Report,
    /// ISO certificates: window `iso_months` after issue.
    IsoCertificate,
    /// CSA STAR Level 1 entries: window `csa_star_l1_months` after issue.
    CsaStarL1,
    /// EU Cloud CoC verifications: window `eu_cloud_coc_months` after approval.
    EuCloudCoc,
}

impl EvidenceClass {
    pub const ALL: [EvidenceClass; 4] = [
        EvidenceClass::Soc2Report,
        EvidenceClass::IsoCertificate,
        EvidenceClass::CsaStarL1,
        EvidenceClass::EuCloudCoc,
    ];

    /// The `[freshness]` key of the window.
    pub fn window_key(self) -> &'static str {
        match self {
            EvidenceClass::Soc2Report => "soc2_months",
            EvidenceClass::IsoCertificate => "iso_months",
            EvidenceClass::CsaStarL1 => "csa_star_l1_months",
            EvidenceClass::EuCloudCoc => "eu_cloud_coc_months",
        }
    }

    /// The window in months under `windows`.
    pub fn months(self, windows: &Freshness) -> u32 {
        match self {
            EvidenceClass::Soc2Report => windows.soc2_months,
            EvidenceClass::IsoCertificate => windows.iso_months,
            EvidenceClass::CsaStarL1 => windows.csa_star_l1_months,
            EvidenceClass::EuCloudCoc => windows.eu_cloud_coc_months,
        }
    }

    /// One line for analysts: when such evidence goes stale.
    pub fn explain(self, windows: &Freshness) -> String {
        let m = self.months(windows);
        match self {
            EvidenceClass::Soc2Report => format!(
                "a SOC 2 report is stale {m} months after its period end (a bridge letter covers at most {} more)",
                windows.soc2_bridge_months
            ),
            EvidenceClass::IsoCertificate => {
                format!("ISO certificates are stale {m} months after issue")
            }
            EvidenceClass::CsaStarL1 => {
                format!("a CSA STAR Level 1 entry is stale {m} months after issue")
            }
            EvidenceClass::EuCloudCoc => {
                format!("an EU Cloud CoC verification is stale {m} months after approval")
            }
        }
    }

    /// Is evidence of this class dated `as_of` (as written) stale on `today`?
    /// A date written as a month or year counts from its first day.
    pub fn is_stale(self, as_of: &str, windows: &Freshness, today: Day) -> bool {
        fresh_until(as_of, self.months(windows)).is_some_and(|d| d < today)
    }
}

/// The last day ISO/IEC 27001:2013 certificates were valid: the end of the
/// transition to the 2022 version. The `expired-attestation` rule and
/// `dossier due` read it.
pub const ISO_27001_2013_LAPSED: &str = "2025-10-31";

/// The last day evidence of `months` freshness dated `as_of` (as written)
/// is fresh: a date written as a month counts from its first day, so this
/// is the first day plus the window. It is stale on any later day.
pub fn fresh_until(as_of: &str, months: u32) -> Option<Day> {
    Written::parse(as_of).map(|w| w.first_day().add_months(months as i32))
}

/// The last day a bridge letter can extend a SOC 2 report whose audited
/// period ended `period_end` (as written) to: `soc2_bridge_months` after
/// the report goes stale.
pub fn soc2_bridge_limit(period_end: &str, windows: &Freshness) -> Option<Day> {
    soc2_covered_until(period_end, None, windows)
        .map(|d| d.add_months(windows.soc2_bridge_months as i32))
}

/// Until when a SOC 2 report covers the vendor: `windows.soc2_months` after
/// the audited period ends (`period_end`, as written), extended by a bridge
/// letter (`bridge_letter_until`) by at most `windows.soc2_bridge_months`.
/// `None` if the period end is not a date. The `stale-evidence` rule and the
/// T-SOC2-BRIDGE trigger both read this.
pub fn soc2_covered_until(
    period_end: &str,
    bridge_letter_until: Option<&str>,
    windows: &Freshness,
) -> Option<Day> {
    let stale_from = Written::parse(period_end)?
        .last_day()
        .add_months(windows.soc2_months);
    let bridged = bridge_letter_until.and_then(Written::parse).map(|b| {
        b.last_day()
            .min(stale_from.add_months(windows.soc2_bridge_months))
    });
    Some(bridged.map_or(stale_from, |b| b.max(stale_from)))
}
