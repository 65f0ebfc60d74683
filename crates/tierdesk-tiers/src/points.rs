//! Points (积分) earning rules: the scheme's `[points]` table (on or off, ¥
//! per point, rounding, which lines count, bonus rules, expiry, the value of
//! a point) and each tier's `[tiers.points]` (its multiplier and a bonus for
//! reaching it).
//!
//! Points are OFF unless the scheme's `[points]` table says `enabled = true`:
//! a scheme written before points existed earns nothing. A scheme that turns
//! them on has every other setting filled from the defaults below, and a
//! tier that leaves out its multiplier takes [`TierPoints::default_for`] by
//! its place (highest ×2, second ×1.5, the rest ×1).

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_domain::points::{EarnPlan, EarnRate, Expiry, Rounding};
use tierdesk_domain::points_rules::{ReachPlan, ReachTier};
use ts_rs::TS;

/// The highest multiplier (tier or birthday) a scheme may set.
pub const MAX_POINTS_MULTIPLIER: f64 = 100.0;

/// The largest fixed bonus a scheme may set.
pub const MAX_POINTS_BONUS: i64 = 1_000_000;

/// Which order lines earn.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum EarnLines {
    /// Purchase lines only; a return takes nothing back.
    #[default]
    Purchases,
    /// Purchases less the returns of the same order (an order that nets to
    /// nothing or less earns nothing).
    NetOfReturns,
}

/// The scheme's `[points]` table.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
#[serde(default)]
pub struct PointsRules {
    pub enabled: bool,
    /// ¥ of purchase for one point before the tier's multiplier.
    pub yuan_per_point: f64,
    pub rounding: Rounding,
    pub lines: EarnLines,
    /// Multiplier for orders in the customer's birthday month (1 = none).
    pub birthday_multiplier: f64,
    /// Points for a customer's first order ever (0 = none).
    pub first_purchase_bonus: i64,
    pub expiry: Expiry,
    /// What one point is worth in ¥, for the outstanding liability.
    pub value_per_point: f64,
}

impl Default for PointsRules {
    fn default() -> PointsRules {
        PointsRules {
            enabled: false,
            yuan_per_point: 10.0,
            rounding: Rounding::Down,
            lines: EarnLines::Purchases,
            birthday_multiplier: 1.0,
            first_purchase_bonus: 0,
            expiry: Expiry::YearEnd { years: 1 },
            value_per_point: 0.01,
        }
    }
}

impl PointsRules {
    /// Everything as the defaults: the scheme file leaves the table out.
    pub fn is_default(&self) -> bool {
        *self == PointsRules::default()
    }

    /// What is wrong with the table, in Chinese, or `None`.
    pub fn problem(&self) -> Option<String> {
        if !(self.yuan_per_point.is_finite() && self.yuan_per_point >= 0.01) {
            return Some(format!(
                "[points] 的每积分金额 yuan_per_point 为 {}，应至少为 0.01 元",
                self.yuan_per_point
            ));
        }
        if let Some(m) =
            multiplier_problem("生日月倍数 birthday_multiplier", self.birthday_multiplier)
        {
            return Some(format!("[points] 的{m}"));
        }
        if !(0..=MAX_POINTS_BONUS).contains(&self.first_purchase_bonus) {
            return Some(format!(
                "[points] 的首购奖励 first_purchase_bonus 为 {}，应在 0 到 {MAX_POINTS_BONUS} 之间",
                self.first_purchase_bonus
            ));
        }
        if !(self.value_per_point.is_finite() && self.value_per_point >= 0.0) {
            return Some(format!(
                "[points] 的每积分价值 value_per_point 为 {}，不能为负数",
                self.value_per_point
            ));
        }
        match self.expiry {
            Expiry::YearEnd { years } if years > 50 => Some(format!(
                "[points] 的有效期 years 为 {years} 年，超过上限 50 年"
            )),
            Expiry::Months { months } if !(1..=600).contains(&months) => Some(format!(
                "[points] 的有效期 months 为 {months} 个月，应在 1 到 600 之间"
            )),
            _ => None,
        }
    }

    /// The rate a line of a customer at `tier` earns at on `day`, the
    /// birthday bonus applied when `birthday` falls in that day's month.
    pub fn rate(&self, tier: &TierPoints, day: NaiveDate, birthday: Option<NaiveDate>) -> EarnRate {
        let birthday_month = birthday.is_some_and(|b| b.month() == day.month());
        EarnRate {
            yuan_per_point: self.yuan_per_point,
            multiplier: tier.multiplier,
            bonus: if birthday_month {
                self.birthday_multiplier
            } else {
                1.0
            },
            rounding: self.rounding,
        }
    }
}

impl crate::Scheme {
    /// What an order import earns at under this scheme; `None` while the
    /// scheme's points are off.
    pub fn earn_plan(&self) -> Option<EarnPlan> {
        let p = &self.points;
        p.enabled.then(|| EarnPlan {
            yuan_per_point: p.yuan_per_point,
            rounding: p.rounding,
            net_of_returns: p.lines == EarnLines::NetOfReturns,
            birthday_multiplier: p.birthday_multiplier,
            expiry: p.expiry,
            multipliers: self
                .tiers
                .iter()
                .map(|t| (t.key.clone(), self.tier_points(&t.key).multiplier))
                .collect(),
            untiered: TierPoints::untiered().multiplier,
            first_purchase_bonus: p.first_purchase_bonus,
        })
    }

    /// The reach bonuses a rating or a hand change of tier gives under this
    /// scheme; `None` while its points are off or no tier has a bonus.
    pub fn reach_plan(&self) -> Option<ReachPlan> {
        let tiers: Vec<ReachTier> = self
            .tiers
            .iter()
            .enumerate()
            .map(|(rank, t)| ReachTier {
                key: t.key.clone(),
                name: t.name.clone(),
                rank,
                bonus: self.tier_points(&t.key).reach_bonus,
            })
            .collect();
        (self.points.enabled && tiers.iter().any(|t| t.bonus > 0)).then_some(ReachPlan {
            tiers,
            expiry: self.points.expiry,
        })
    }
}

fn multiplier_problem(what: &str, m: f64) -> Option<String> {
    (!(m.is_finite() && (0.0..=MAX_POINTS_MULTIPLIER).contains(&m)))
        .then(|| format!("{what} 为 {m}，应在 0 到 {MAX_POINTS_MULTIPLIER} 之间"))
}

/// A tier's `[tiers.points]` as written: each may be left out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct PointsSettings {
    /// The tier's multiplier on the base rate (0 = this tier earns nothing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub multiplier: Option<f64>,
    /// Points given once when a customer is rated into this tier from a lower one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reach_bonus: Option<i64>,
}

impl PointsSettings {
    pub fn is_empty(&self) -> bool {
        *self == PointsSettings::default()
    }

    /// What is wrong with the settings, in Chinese, or `None`.
    pub fn problem(&self) -> Option<String> {
        if let Some(m) = self.multiplier {
            if let Some(p) = multiplier_problem("积分倍数 multiplier", m) {
                return Some(p);
            }
        }
        match self.reach_bonus {
            Some(b) if !(0..=MAX_POINTS_BONUS).contains(&b) => Some(format!(
                "升级奖励 reach_bonus 为 {b}，应在 0 到 {MAX_POINTS_BONUS} 之间"
            )),
            _ => None,
        }
    }
}

/// A tier's points settings with the defaults filled in.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct TierPoints {
    pub multiplier: f64,
    pub reach_bonus: i64,
}

impl TierPoints {
    /// The defaults for the tier at `rank` (0 = highest) of `tiers`: the
    /// highest ×2, the second ×1.5, any other ×1 (a two-tier scheme: ×2 and
    /// ×1); no reach bonus.
    pub fn default_for(rank: usize, tiers: usize) -> TierPoints {
        let lowest = tiers == 0 || rank + 1 >= tiers;
        let multiplier = match rank {
            0 if tiers > 1 => 2.0,
            1 if !lowest => 1.5,
            _ => 1.0,
        };
        TierPoints {
            multiplier,
            reach_bonus: 0,
        }
    }

    /// The settings a tier wrote over these defaults.
    pub fn with(self, set: &PointsSettings) -> TierPoints {
        TierPoints {
            multiplier: set.multiplier.unwrap_or(self.multiplier),
            reach_bonus: set.reach_bonus.unwrap_or(self.reach_bonus),
        }
    }

    /// Customers without a tier (or one the scheme does not know) earn at ×1.
    pub fn untiered() -> TierPoints {
        TierPoints {
            multiplier: 1.0,
            reach_bonus: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tierdesk_domain::points::earn_points;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn defaults_follow_the_tier_place() {
        let four: Vec<f64> = (0..4)
            .map(|r| TierPoints::default_for(r, 4).multiplier)
            .collect();
        assert_eq!(four, [2.0, 1.5, 1.0, 1.0]);
        let two: Vec<f64> = (0..2)
            .map(|r| TierPoints::default_for(r, 2).multiplier)
            .collect();
        assert_eq!(two, [2.0, 1.0]);
        assert_eq!(TierPoints::default_for(0, 1).multiplier, 1.0);
        assert!(
            !PointsRules::default().enabled,
            "points are off unless a scheme turns them on"
        );
    }

    #[test]
    fn a_scheme_file_keeps_points_and_fills_the_rest() {
        let mut scheme = crate::star4();
        assert!(!scheme.points.enabled);
        assert!(!scheme.to_toml().contains("[points]"));
        let top = scheme.tiers[0].key.clone();
        let second = scheme.tiers[1].key.clone();
        scheme.points.enabled = true;
        scheme.points.birthday_multiplier = 2.0;
        scheme.points.expiry = Expiry::Months { months: 24 };
        scheme.tiers[0].points.multiplier = Some(3.0);
        scheme.tiers[1].points.reach_bonus = Some(500);
        let text = scheme.to_toml();
        assert_eq!(text.matches("[points]").count(), 1, "{text}");
        assert_eq!(text.matches("[tiers.points]").count(), 2, "{text}");
        let back = crate::Scheme::from_toml(&text).unwrap();
        assert_eq!(back.points, scheme.points);
        assert_eq!(
            back.tier_points(&top),
            TierPoints {
                multiplier: 3.0,
                reach_bonus: 0
            }
        );
        assert_eq!(
            back.tier_points(&second),
            TierPoints {
                multiplier: 1.5,
                reach_bonus: 500
            }
        );
        assert_eq!(back.tier_points("no-such-tier"), TierPoints::untiered());
    }

    #[test]
    fn rates_by_tier_and_birthday_month() {
        let mut rules = PointsRules {
            enabled: true,
            birthday_multiplier: 2.0,
            ..PointsRules::default()
        };
        let gold = TierPoints::default_for(1, 4);
        let born = Some(d("1990-03-15"));
        // (tier, day, birthday, points for ¥199)
        let cases = [
            (TierPoints::default_for(3, 4), "2025-04-01", born, 19),
            (gold, "2025-04-01", born, 29),
            (gold, "2025-03-31", born, 59),
            (gold, "2025-03-01", None, 29),
            (TierPoints::default_for(0, 4), "2025-03-02", born, 79),
        ];
        for (i, (tier, day, birthday, want)) in cases.into_iter().enumerate() {
            let rate = rules.rate(&tier, d(day), birthday);
            assert_eq!(earn_points(199.0, &rate), want, "case {i}");
        }
        rules.rounding = Rounding::Up;
        assert_eq!(
            earn_points(199.0, &rules.rate(&gold, d("2025-04-01"), born)),
            30
        );
    }

    #[test]
    fn bad_settings_are_refused_in_chinese() {
        let bad_rules = [
            PointsRules {
                yuan_per_point: 0.0,
                ..PointsRules::default()
            },
            PointsRules {
                birthday_multiplier: -1.0,
                ..PointsRules::default()
            },
            PointsRules {
                first_purchase_bonus: -5,
                ..PointsRules::default()
            },
            PointsRules {
                value_per_point: f64::NAN,
                ..PointsRules::default()
            },
            PointsRules {
                expiry: Expiry::Months { months: 0 },
                ..PointsRules::default()
            },
            PointsRules {
                expiry: Expiry::YearEnd { years: 51 },
                ..PointsRules::default()
            },
        ];
        for (i, r) in bad_rules.iter().enumerate() {
            let m = r.problem().unwrap_or_else(|| panic!("case {i} accepted"));
            assert!(m.starts_with("[points] 的"), "{m}");
        }
        assert_eq!(PointsRules::default().problem(), None);
        let mut scheme = crate::star4();
        scheme.tiers[2].points.multiplier = Some(101.0);
        let err = crate::Scheme::from_toml(&scheme.to_toml())
            .unwrap_err()
            .to_string();
        assert!(err.contains("积分倍数 multiplier"), "{err}");
        scheme.tiers[2].points = PointsSettings {
            multiplier: None,
            reach_bonus: Some(-1),
        };
        let err = crate::Scheme::from_toml(&scheme.to_toml())
            .unwrap_err()
            .to_string();
        assert!(err.contains("升级奖励"), "{err}");
    }
}
