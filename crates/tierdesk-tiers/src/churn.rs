//! When a tier's customers are warned as likely to leave (流失预警), and which
//! warning rules a scheme uses at all.
//!
//! Each tier of a scheme may set its thresholds in its `churn` table
//! (`[tiers.churn]`); what it leaves out comes from [`TierChurn::default_for`]
//! by the tier's place, so the highest tier is warned earlier and a scheme
//! written before these existed still has them. The scheme's own `[churn]`
//! table ([`ChurnRules`]) switches each rule off and sets the survey window.
//! The rules themselves are in `tierdesk-churn` and docs/churn.md.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// The longest usual purchase interval or survey window a scheme may set:
/// ten years, in days.
pub const MAX_CHURN_DAYS: u32 = 3_650;

/// The largest rhythm factor k a scheme may set.
pub const MAX_RHYTHM_FACTOR: f64 = 20.0;

/// A tier's churn thresholds as written in the scheme file: each may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ChurnSettings {
    /// k: warn when the days since the last purchase exceed k × the
    /// customer's median interval between purchase days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rhythm_factor: Option<f64>,
    /// The interval (days) taken as the customer's own for customers with
    /// fewer than three intervals between purchase days.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usual_interval_days: Option<u32>,
    /// Warn when the last 90 days' spend fell by at least this percentage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decline_percent: Option<f64>,
    /// Warn when the model's probability that the customer still buys is
    /// below this (a fraction, 0.5 = 50%).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub p_alive_below: Option<f64>,
}

impl ChurnSettings {
    /// Nothing set: the scheme file leaves the table out.
    pub fn is_empty(&self) -> bool {
        *self == ChurnSettings::default()
    }

    /// What is wrong with these settings, in Chinese, or `None`.
    pub fn problem(&self) -> Option<String> {
        if let Some(k) = self.rhythm_factor {
            if !(k.is_finite() && (1.0..=MAX_RHYTHM_FACTOR).contains(&k)) {
                return Some(format!(
                    "流失预警的购买节奏倍数 rhythm_factor 为 {k}，应在 1 到 {MAX_RHYTHM_FACTOR} 之间"
                ));
            }
        }
        if let Some(d) = self.usual_interval_days {
            if !(1..=MAX_CHURN_DAYS).contains(&d) {
                return Some(format!(
                    "流失预警的常规购买间隔 usual_interval_days 为 {d} 天，应在 1 到 {MAX_CHURN_DAYS} 天之间"
                ));
            }
        }
        if let Some(p) = self.decline_percent {
            if !(p.is_finite() && p > 0.0 && p <= 100.0) {
                return Some(format!(
                    "流失预警的消费下降比例 decline_percent 为 {p}，应大于 0、不超过 100（百分比）"
                ));
            }
        }
        if let Some(p) = self.p_alive_below {
            if !(p.is_finite() && p > 0.0 && p < 1.0) {
                return Some(format!(
                    "流失预警的仍在购买可能性阈值 p_alive_below 为 {p}，应在 0 到 1 之间（0.5 表示 50%）"
                ));
            }
        }
        None
    }
}

/// A tier's churn thresholds with the defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct TierChurn {
    pub rhythm_factor: f64,
    pub usual_interval_days: u32,
    pub decline_percent: f64,
    pub p_alive_below: f64,
}

impl TierChurn {
    /// The defaults for the tier at `rank` (0 = highest) of `tiers` tiers.
    /// The highest tier is warned earliest: k 1.5, usual interval 30 days,
    /// a 30% fall in spend, P(alive) under 60%; the second k 2, 60 days,
    /// 40%, 50%; any other tier above the lowest k 2, 90 days, 50%, 50%;
    /// the lowest k 2, 180 days, 50%, 40%.
    pub fn default_for(rank: usize, tiers: usize) -> TierChurn {
        let lowest = tiers == 0 || rank + 1 >= tiers;
        match rank {
            _ if lowest && tiers > 1 => TierChurn::untiered(),
            0 => TierChurn::new(1.5, 30, 30.0, 0.6),
            1 => TierChurn::new(2.0, 60, 40.0, 0.5),
            _ => TierChurn::new(2.0, 90, 50.0, 0.5),
        }
    }

    fn new(k: f64, usual: u32, decline: f64, p_alive: f64) -> TierChurn {
        TierChurn {
            rhythm_factor: k,
            usual_interval_days: usual,
            decline_percent: decline,
            p_alive_below: p_alive,
        }
    }

    /// The settings a tier wrote over these defaults.
    pub fn with(self, set: &ChurnSettings) -> TierChurn {
        TierChurn {
            rhythm_factor: set.rhythm_factor.unwrap_or(self.rhythm_factor),
            usual_interval_days: set.usual_interval_days.unwrap_or(self.usual_interval_days),
            decline_percent: set.decline_percent.unwrap_or(self.decline_percent),
            p_alive_below: set.p_alive_below.unwrap_or(self.p_alive_below),
        }
    }

    /// Customers without a tier (or with one the scheme does not know) are
    /// warned like the lowest tier.
    pub fn untiered() -> TierChurn {
        TierChurn::new(2.0, 180, 50.0, 0.4)
    }
}

/// The default survey window: a detractor or CSAT 1–2 answer counts for 90 days.
pub const DEFAULT_SURVEY_DAYS: u32 = 90;

/// A scheme's `[churn]` table: which warning rules are on (all by default)
/// and how long a poor survey answer counts. The file holds only what
/// differs from the defaults (`model = false`, `survey_days = 60`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct ChurnRules {
    /// The customer's own purchase rhythm (购买节奏).
    #[serde(skip_serializing_if = "is_on")]
    pub rhythm: bool,
    /// The model's probability that the customer still buys (模型估计).
    #[serde(skip_serializing_if = "is_on")]
    pub model: bool,
    /// The fall in spend over the last 90 days (消费下降).
    #[serde(skip_serializing_if = "is_on")]
    pub decline: bool,
    /// Overdue complaints, poor survey answers, missed follow-ups and a
    /// downgrade (服务信号).
    #[serde(skip_serializing_if = "is_on")]
    pub service: bool,
    /// Days a detractor (NPS 0–6) or CSAT 1–2 answer counts for.
    #[serde(skip_serializing_if = "is_default_survey_days")]
    pub survey_days: u32,
}

fn is_on(b: &bool) -> bool {
    *b
}

fn is_default_survey_days(d: &u32) -> bool {
    *d == DEFAULT_SURVEY_DAYS
}

impl Default for ChurnRules {
    fn default() -> ChurnRules {
        ChurnRules {
            rhythm: true,
            model: true,
            decline: true,
            service: true,
            survey_days: DEFAULT_SURVEY_DAYS,
        }
    }
}

impl ChurnRules {
    /// Every rule on with the default window: the scheme file leaves the table out.
    pub fn is_default(&self) -> bool {
        *self == ChurnRules::default()
    }

    /// What is wrong with these switches, in Chinese, or `None`.
    pub fn problem(&self) -> Option<String> {
        if !(1..=MAX_CHURN_DAYS).contains(&self.survey_days) {
            return Some(format!(
                "[churn] 的问卷有效天数 survey_days 为 {} 天，应在 1 到 {MAX_CHURN_DAYS} 天之间",
                self.survey_days
            ));
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_follow_the_tier_place() {
        let four: Vec<TierChurn> = (0..4).map(|r| TierChurn::default_for(r, 4)).collect();
        assert_eq!(four[0], TierChurn::new(1.5, 30, 30.0, 0.6));
        assert_eq!(four[1], TierChurn::new(2.0, 60, 40.0, 0.5));
        assert_eq!(four[2], TierChurn::new(2.0, 90, 50.0, 0.5));
        assert_eq!(four[3], TierChurn::new(2.0, 180, 50.0, 0.4));
        assert_eq!(four[3], TierChurn::untiered());
        assert_eq!(TierChurn::default_for(1, 2), TierChurn::untiered());
        assert_eq!(TierChurn::default_for(0, 1), four[0]);
    }

    #[test]
    fn settings_override_defaults() {
        let base = TierChurn::default_for(0, 4);
        let set = ChurnSettings {
            rhythm_factor: Some(3.0),
            p_alive_below: Some(0.25),
            ..ChurnSettings::default()
        };
        assert_eq!(base.with(&set), TierChurn::new(3.0, 30, 30.0, 0.25));
        assert_eq!(base.with(&ChurnSettings::default()), base);
    }

    #[test]
    fn bad_settings_are_named_in_chinese() {
        let cases: [(ChurnSettings, Option<&str>); 9] = [
            (ChurnSettings::default(), None),
            (set(Some(1.0), None, None, None), None),
            (
                set(Some(0.5), None, None, None),
                Some("rhythm_factor 为 0.5"),
            ),
            (set(Some(f64::NAN), None, None, None), Some("rhythm_factor")),
            (
                set(None, Some(0), None, None),
                Some("usual_interval_days 为 0 天"),
            ),
            (
                set(None, Some(3651), None, None),
                Some("usual_interval_days 为 3651 天"),
            ),
            (
                set(None, None, Some(0.0), None),
                Some("decline_percent 为 0"),
            ),
            (
                set(None, None, Some(100.0), Some(1.0)),
                Some("p_alive_below 为 1"),
            ),
            (set(None, None, None, Some(0.999)), None),
        ];
        for (i, (s, want)) in cases.iter().enumerate() {
            let got = s.problem();
            match want {
                None => assert_eq!(got, None, "case {i}"),
                Some(w) => assert!(
                    got.as_deref().is_some_and(|g| g.contains(w)),
                    "case {i}: {got:?}"
                ),
            }
        }
        let rules = ChurnRules {
            survey_days: 0,
            ..ChurnRules::default()
        };
        assert!(rules.problem().unwrap().contains("survey_days 为 0 天"));
        assert_eq!(ChurnRules::default().problem(), None);
    }

    fn set(k: Option<f64>, d: Option<u32>, p: Option<f64>, a: Option<f64>) -> ChurnSettings {
        ChurnSettings {
            rhythm_factor: k,
            usual_interval_days: d,
            decline_percent: p,
            p_alive_below: a,
        }
    }

    #[test]
    fn a_scheme_file_keeps_churn_settings_and_fills_the_rest() {
        let mut scheme = crate::star4();
        let top = scheme.tiers[0].key.clone();
        let lowest = scheme.tiers.last().unwrap().key.clone();
        assert_eq!(scheme.to_toml().matches("churn").count(), 0);
        scheme.tiers[0].churn.rhythm_factor = Some(1.2);
        scheme.tiers[1].churn.p_alive_below = Some(0.7);
        scheme.churn.model = false;
        scheme.churn.survey_days = 30;
        let text = scheme.to_toml();
        assert_eq!(text.matches("[tiers.churn]").count(), 2, "{text}");
        assert_eq!(text.matches("[churn]").count(), 1, "{text}");
        let table = text.split("[churn]").nth(1).unwrap_or_default();
        let lines: Vec<&str> = table
            .lines()
            .skip(1)
            .take_while(|l| !l.starts_with('['))
            .filter(|l| !l.is_empty())
            .collect();
        assert_eq!(lines, ["model = false", "survey_days = 30"], "{text}");
        let back = crate::Scheme::from_toml(&text).unwrap();
        assert_eq!(back, scheme);
        assert_eq!(back.churn(&top), TierChurn::new(1.2, 30, 30.0, 0.6));
        assert_eq!(
            back.churn(&back.tiers[1].key),
            TierChurn::new(2.0, 60, 40.0, 0.7)
        );
        assert_eq!(back.churn(&lowest), TierChurn::untiered());
        assert_eq!(back.churn("no-such-tier"), TierChurn::untiered());
        let rules = back.churn_rules();
        assert_eq!(
            (rules.rhythm, rules.model, rules.decline, rules.service),
            (true, false, true, true)
        );
        assert_eq!(rules.survey_days, 30);
    }

    #[test]
    fn a_scheme_file_with_only_some_switches_keeps_the_others_on() {
        let mut text = crate::star4().to_toml();
        text.push_str("\n[churn]\nservice = false\n");
        let s = crate::Scheme::from_toml(&text).unwrap();
        assert_eq!(
            s.churn_rules(),
            ChurnRules {
                service: false,
                ..ChurnRules::default()
            }
        );
    }

    #[test]
    fn a_scheme_with_bad_churn_settings_is_refused_by_tier_name() {
        let mut scheme = crate::star4();
        scheme.tiers[1].churn.rhythm_factor = Some(0.2);
        let err = crate::Scheme::from_toml(&scheme.to_toml())
            .unwrap_err()
            .to_string();
        assert!(
            err.contains(&format!("等级「{}」", scheme.tiers[1].name)),
            "{err}"
        );
        assert!(err.contains("rhythm_factor"), "{err}");
        let mut text = crate::star4().to_toml();
        text.push_str("\n[churn]\nsurvey_days = 0\n");
        let err = crate::Scheme::from_toml(&text).unwrap_err().to_string();
        assert!(err.contains("survey_days"), "{err}");
    }
}
