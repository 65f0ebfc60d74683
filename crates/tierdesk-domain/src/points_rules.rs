//! Points the rules give and warn about, beside the ledger's own kinds
//! (`points.rs`): opening balances carried over from a customer sheet, the
//! first-purchase and reach-a-tier bonuses, and 即将过期 (points about to
//! run out) for the to-do list.
//!
//! Pure: the store writes what these decide, inside the transaction of the
//! import or rating that gives them.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::points::{remaining, Expiry, Lot};

/// The largest opening balance a sheet may carry (100,000,000 points): a
/// figure beyond it is a typing slip or a cell read wrong, never a balance.
pub const MAX_OPENING_POINTS: i64 = 100_000_000;

/// The `bonus` word of a first-purchase bonus row.
pub const FIRST_PURCHASE: &str = "first_purchase";

/// The reason written on a first-purchase bonus row.
pub const FIRST_PURCHASE_REASON: &str = "首购奖励";

/// Days ahead that the 即将过期 to-do looks.
pub const EXPIRING_TODO_DAYS: u64 = 30;

/// The `bonus` word of the reach bonus for the tier `key`.
pub fn reach_bonus_key(key: &str) -> String {
    format!("reach:{key}")
}

/// The reason written on a reach bonus row: 「升级至 金牌 奖励」.
pub fn reach_reason(tier_name: &str) -> String {
    format!("升级至 {tier_name} 奖励")
}

/// Who an opening balance is for: the n-th write of the import (a customer
/// it creates or updates), or a customer already in the archive that the
/// sheet leaves unchanged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpeningFor {
    Write(usize),
    Customer(i64),
}

/// One opening balance a customer sheet carries: the row (Excel's row − 1),
/// whose it is and the points.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OpeningPoints {
    pub row: usize,
    pub target: OpeningFor,
    pub points: i64,
}

/// What an import writes as opening balances: the day they count from (the
/// import's) and when they run out (the active scheme's expiry when its
/// points are on, else never).
#[derive(Debug, Clone, PartialEq)]
pub struct OpeningPlan {
    pub on_day: NaiveDate,
    pub expiry: Expiry,
    pub points: Vec<OpeningPoints>,
}

/// What opening balances did (or would do) in an import.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpeningCounts {
    /// Customers given an opening row.
    pub written: u64,
    /// Customers who already had an opening balance, so the sheet's figure
    /// changed nothing.
    pub kept: u64,
    /// Of those kept, how many have a balance other than the sheet's figure
    /// (a warning each, never a change of points).
    pub differ: u64,
}

/// A tier with a reach bonus, as the rating needs it: its key and name, its
/// place (0 = highest) and the bonus.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachTier {
    pub key: String,
    pub name: String,
    pub rank: usize,
    pub bonus: i64,
}

/// The reach bonuses of a scheme whose points are on: every tier by place
/// (those without a bonus too, to tell up from down) and the expiry of what
/// they give.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ReachPlan {
    pub tiers: Vec<ReachTier>,
    pub expiry: Expiry,
}

impl ReachPlan {
    /// The tier whose bonus a move from `from` to `to` earns: `to` has a
    /// bonus and is higher than `from`. No tier before counts as below
    /// every tier; a tier word the scheme does not know gives no bonus (up
    /// or down cannot be told).
    pub fn reached(&self, from: Option<&str>, to: Option<&str>) -> Option<&ReachTier> {
        let to = self.tiers.iter().find(|t| Some(t.key.as_str()) == to)?;
        if to.bonus <= 0 {
            return None;
        }
        let from_rank = match from.filter(|f| !f.trim().is_empty()) {
            None => usize::MAX,
            Some(f) => self.tiers.iter().find(|t| t.key == f)?.rank,
        };
        (to.rank < from_rank).then_some(to)
    }
}

/// The next day on which some of a customer's points run out within
/// `days` after `as_of` (counting `as_of`), and how many run out that day,
/// first earned first used; `None` when nothing does.
pub fn next_expiry(
    lots: &[Lot],
    used: i64,
    as_of: NaiveDate,
    days: u64,
) -> Option<(NaiveDate, i64)> {
    let until = as_of.checked_add_days(Days::new(days)).unwrap_or(as_of);
    let left = remaining(lots, used);
    let day = left
        .iter()
        .filter_map(|l| l.expires_on)
        .filter(|d| *d >= as_of && *d <= until)
        .min()?;
    let points = left
        .iter()
        .filter(|l| l.expires_on == Some(day))
        .map(|l| l.points)
        .sum();
    Some((day, points))
}

/// The title of a 即将过期 to-do: 「积分即将过期：1,200 分将于 2026-12-31 过期」.
pub fn expiring_title(points: i64, day: NaiveDate) -> String {
    format!(
        "积分即将过期：{} 分将于 {day} 过期",
        crate::text::thousands(points.max(0) as u64)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    fn plan() -> ReachPlan {
        let tier = |key: &str, name: &str, rank, bonus| ReachTier {
            key: key.into(),
            name: name.into(),
            rank,
            bonus,
        };
        ReachPlan {
            tiers: vec![
                tier("diamond", "钻石", 0, 1000),
                tier("gold", "金牌", 1, 500),
                tier("silver", "银牌", 2, 0),
                tier("normal", "普通", 3, 0),
            ],
            expiry: Expiry::Never,
        }
    }

    #[test]
    fn only_a_move_up_into_a_tier_with_a_bonus_reaches_it() {
        let p = plan();
        // (from, to, the tier reached)
        let cases: &[(Option<&str>, Option<&str>, Option<&str>)] = &[
            (Some("silver"), Some("gold"), Some("gold")),
            (Some("normal"), Some("diamond"), Some("diamond")),
            (Some("gold"), Some("diamond"), Some("diamond")),
            (None, Some("gold"), Some("gold")),
            (Some(""), Some("gold"), Some("gold")),
            (Some("gold"), Some("gold"), None),
            (Some("diamond"), Some("gold"), None),
            (Some("normal"), Some("silver"), None),
            (Some("VIP"), Some("gold"), None),
            (Some("silver"), Some("no-such"), None),
            (Some("silver"), None, None),
        ];
        for (i, (from, to, want)) in cases.iter().enumerate() {
            let got = p.reached(*from, *to).map(|t| t.key.as_str());
            assert_eq!(got, *want, "case {i}: {from:?} → {to:?}");
        }
        assert_eq!(p.reached(None, Some("gold")).unwrap().bonus, 500);
        assert_eq!(reach_reason("金牌"), "升级至 金牌 奖励");
    }

    #[test]
    fn the_next_expiry_within_the_days_ahead_first_earned_first_used() {
        let lot = |on: &str, points, exp: Option<&str>| Lot {
            earned_on: d(on),
            points,
            expires_on: exp.map(d),
        };
        let lots = [
            lot("2025-01-10", 300, Some("2026-12-31")),
            lot("2025-06-10", 900, Some("2026-12-31")),
            lot("2026-02-01", 500, Some("2027-12-31")),
            lot("2026-03-01", 50, None),
        ];
        // (used, as of, days ahead, expected)
        type Case<'a> = (i64, &'a str, u64, Option<(&'a str, i64)>);
        let cases: &[Case] = &[
            (0, "2026-12-01", 30, Some(("2026-12-31", 1200))),
            (200, "2026-12-01", 30, Some(("2026-12-31", 1000))),
            (1200, "2026-12-01", 30, None),
            (0, "2026-11-30", 30, None),
            (0, "2026-12-31", 30, Some(("2026-12-31", 1200))),
            (0, "2027-01-01", 30, None),
            (1300, "2027-12-15", 30, Some(("2027-12-31", 400))),
        ];
        for (i, (used, as_of, days, want)) in cases.iter().enumerate() {
            let got = next_expiry(&lots, *used, d(as_of), *days);
            assert_eq!(got, want.map(|(day, p)| (d(day), p)), "case {i}");
        }
        assert_eq!(
            expiring_title(1200, d("2026-12-31")),
            "积分即将过期：1,200 分将于 2026-12-31 过期"
        );
    }
}
