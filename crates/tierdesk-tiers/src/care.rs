//! What looking after a tier's customers asks of staff: how often they are
//! visited and how fast their complaints are answered and resolved.
//!
//! Each tier of a scheme may set these in its `care` table; what it leaves
//! out comes from [`TierCare::default_for`], by the tier's place in the
//! scheme, so a scheme written before these existed still has them.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest complaint limit a scheme may set: ten years, in hours.
pub const MAX_CARE_HOURS: u32 = 87_600;

/// The longest visit interval a scheme may set: ten years, in days.
pub const MAX_VISIT_DAYS: u32 = 3_650;

/// A tier's care settings as written in the scheme file: each may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareSettings {
    /// Days between regular visits (定期回访); 0 turns regular visits off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub visit_days: Option<u32>,
    /// Hours within which a complaint must get its first response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response_hours: Option<u32>,
    /// Hours within which a complaint must be resolved.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub resolve_hours: Option<u32>,
}

impl CareSettings {
    /// Nothing set: the scheme file leaves the table out.
    pub fn is_empty(&self) -> bool {
        *self == CareSettings::default()
    }

    /// What is wrong with these settings, in Chinese, or `None`.
    pub fn problem(&self) -> Option<String> {
        if let Some(d) = self.visit_days.filter(|d| *d > MAX_VISIT_DAYS) {
            return Some(format!(
                "回访间隔 visit_days 为 {d} 天，超过上限 {MAX_VISIT_DAYS} 天（填 0 表示不定期回访）"
            ));
        }
        for (what, key, hours) in [
            ("投诉响应时限", "response_hours", self.response_hours),
            ("投诉解决时限", "resolve_hours", self.resolve_hours),
        ] {
            if let Some(h) = hours.filter(|h| *h > MAX_CARE_HOURS) {
                return Some(format!(
                    "{what} {key} 为 {h} 小时，超过上限 {MAX_CARE_HOURS} 小时（十年）"
                ));
            }
        }
        None
    }
}

/// A tier's care settings with the defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct TierCare {
    /// Days between regular visits; `None` when the tier has none.
    pub visit_days: Option<u32>,
    pub response_hours: u32,
    pub resolve_hours: u32,
}

impl TierCare {
    /// The defaults for the tier at `rank` (0 = highest) of `tiers` tiers:
    /// the highest is visited every 30 days and answered within 4 h / 24 h,
    /// the second every 90 days within 8 h / 72 h, any other tier above the
    /// lowest every 180 days within 24 h / 5 days, and the lowest has no
    /// regular visit and 48 h / 7 days.
    pub fn default_for(rank: usize, tiers: usize) -> TierCare {
        let lowest = tiers == 0 || rank + 1 >= tiers;
        match rank {
            _ if lowest && tiers > 1 => TierCare::new(None, 48, 168),
            0 => TierCare::new(Some(30), 4, 24),
            1 => TierCare::new(Some(90), 8, 72),
            _ => TierCare::new(Some(180), 24, 120),
        }
    }

    fn new(visit_days: Option<u32>, response_hours: u32, resolve_hours: u32) -> TierCare {
        TierCare {
            visit_days,
            response_hours,
            resolve_hours,
        }
    }

    /// The settings a tier wrote over these defaults.
    pub fn with(self, set: &CareSettings) -> TierCare {
        TierCare {
            visit_days: match set.visit_days {
                Some(0) => None,
                Some(days) => Some(days),
                None => self.visit_days,
            },
            response_hours: set.response_hours.unwrap_or(self.response_hours),
            resolve_hours: set.resolve_hours.unwrap_or(self.resolve_hours),
        }
    }

    /// Customers without a tier (or with one the scheme does not know) are
    /// cared for like the lowest tier.
    pub fn untiered() -> TierCare {
        TierCare::new(None, 48, 168)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_tier_place() {
        let four: Vec<TierCare> = (0..4).map(|r| TierCare::default_for(r, 4)).collect();
        assert_eq!(four[0], TierCare::new(Some(30), 4, 24));
        assert_eq!(four[1], TierCare::new(Some(90), 8, 72));
        assert_eq!(four[2], TierCare::new(Some(180), 24, 120));
        assert_eq!(four[3], TierCare::new(None, 48, 168));
        assert_eq!(TierCare::default_for(1, 2), TierCare::new(None, 48, 168));
        assert_eq!(TierCare::default_for(0, 1), TierCare::new(Some(30), 4, 24));
    }

    #[test]
    fn settings_override_defaults_and_zero_turns_visits_off() {
        let base = TierCare::default_for(0, 4);
        let set = CareSettings {
            visit_days: Some(14),
            response_hours: None,
            resolve_hours: Some(12),
        };
        assert_eq!(base.with(&set), TierCare::new(Some(14), 4, 12));
        let off = CareSettings {
            visit_days: Some(0),
            ..CareSettings::default()
        };
        assert_eq!(base.with(&off).visit_days, None);
        assert_eq!(base.with(&CareSettings::default()), base);
    }

    #[test]
    fn a_scheme_file_keeps_care_settings_and_fills_the_rest() {
        let mut scheme = crate::star4();
        let top = scheme.tiers[0].key.clone();
        let lowest = scheme.tiers.last().unwrap().key.clone();
        scheme.tiers[0].care.visit_days = Some(14);
        let text = scheme.to_toml();
        assert_eq!(text.matches("[tiers.care]").count(), 1, "{text}");
        let back = crate::Scheme::from_toml(&text).unwrap();
        assert_eq!(back.tiers[0].care.visit_days, Some(14));
        assert_eq!(back.care(&top), TierCare::new(Some(14), 4, 24));
        assert_eq!(back.care(&lowest), TierCare::new(None, 48, 168));
        assert_eq!(back.care("no-such-tier"), TierCare::untiered());
    }
}
