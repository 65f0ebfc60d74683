//! Points (积分): the kinds of ledger entry, how many points one order line
//! earns, when earned points expire, and which points expire first.
//!
//! Points are whole numbers (`i64`): programmes in the source documents give
//! and price points as integers, a balance people check by hand must add up
//! without fractions, and rounding happens once, when a line earns. The
//! earning sum is done in integers too (fen × thousandths of the multiplier)
//! so that ¥100 at 1.1× is exactly 11 points, never 11.000000000000002
//! rounded up to 12.
//!
//! Expiry is first earned, first used ([`expiring`]): every use (redeem,
//! expire, a negative adjustment) takes from the oldest lot still holding
//! points, so what expires on a day is what is left of the lots whose expiry
//! date has come. Counting earlier expiries as uses makes expiring twice on
//! the same day expire nothing more.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

/// What a ledger row is. Stored as its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum EntryKind {
    /// Earned from an order (or a bonus rule on one).
    Earn,
    /// Spent on a catalogue item.
    Redeem,
    /// Added or taken by hand, with a reason.
    Adjust,
    /// Ran out at its expiry date.
    Expire,
    /// Undoes an earlier row (an undone import, an undone redemption).
    Reverse,
    /// A balance carried over from the customer's old sheet.
    Opening,
}

impl EntryKind {
    pub const ALL: [EntryKind; 6] = [
        EntryKind::Earn,
        EntryKind::Redeem,
        EntryKind::Adjust,
        EntryKind::Expire,
        EntryKind::Reverse,
        EntryKind::Opening,
    ];

    /// The stored word.
    pub fn key(self) -> &'static str {
        match self {
            EntryKind::Earn => "earn",
            EntryKind::Redeem => "redeem",
            EntryKind::Adjust => "adjust",
            EntryKind::Expire => "expire",
            EntryKind::Reverse => "reverse",
            EntryKind::Opening => "opening",
        }
    }

    /// How the kind is shown.
    pub fn label(self) -> &'static str {
        match self {
            EntryKind::Earn => "获得",
            EntryKind::Redeem => "兑换",
            EntryKind::Adjust => "调整",
            EntryKind::Expire => "过期",
            EntryKind::Reverse => "冲销",
            EntryKind::Opening => "期初",
        }
    }

    /// The kind of a stored word or a Chinese label.
    pub fn parse(text: &str) -> Option<EntryKind> {
        let t = text.trim();
        EntryKind::ALL
            .into_iter()
            .find(|k| k.key() == t || k.label() == t)
    }
}

/// How a fraction of a point is rounded when a line earns.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum Rounding {
    /// 9.9 points earn 9 (the usual programme rule).
    #[default]
    Down,
    /// Half a point and more earns the next point.
    Nearest,
    /// Any fraction earns the next point.
    Up,
}

impl Rounding {
    pub fn label(self) -> &'static str {
        match self {
            Rounding::Down => "向下取整",
            Rounding::Nearest => "四舍五入",
            Rounding::Up => "向上取整",
        }
    }
}

/// What one line earns at: ¥ per point, the tier's multiplier and any bonus
/// multiplier (a birthday month), and the rounding.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize, TS)]
pub struct EarnRate {
    /// ¥ of purchase for one point before multipliers (10 = 1 point per ¥10).
    pub yuan_per_point: f64,
    /// The tier's multiplier (金牌 1.5, 钻石 2).
    pub multiplier: f64,
    /// A bonus multiplier on top (生日月 ×2); 1 when none applies.
    pub bonus: f64,
    pub rounding: Rounding,
}

/// Thousandths of a multiplier, the precision the scheme file may give.
fn milli(x: f64) -> i128 {
    (x * 1000.0).round() as i128
}

/// Points an amount in ¥ earns at a rate; 0 for a zero, negative or
/// non-finite amount or a rate that earns nothing.
pub fn earn_points(amount: f64, rate: &EarnRate) -> i64 {
    if !amount.is_finite() || amount <= 0.0 || !rate.yuan_per_point.is_finite() {
        return 0;
    }
    let fen = (amount * 100.0).round() as i128;
    let fen_per_point = (rate.yuan_per_point * 100.0).round() as i128;
    let (m, b) = (milli(rate.multiplier), milli(rate.bonus));
    if fen_per_point <= 0 || m <= 0 || b <= 0 {
        return 0;
    }
    let num = fen * m * b;
    let den = fen_per_point * 1_000_000;
    let points = match rate.rounding {
        Rounding::Down => num / den,
        Rounding::Up => (num + den - 1) / den,
        Rounding::Nearest => (2 * num + den) / (2 * den),
    };
    points.min(i64::MAX as i128) as i64
}

/// When earned points run out.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Expiry {
    /// They never do.
    #[default]
    Never,
    /// On 31 December of the Nth year after the year they were earned
    /// (earned 2024-02-29, N = 1: 2025-12-31).
    YearEnd { years: u32 },
    /// N months after the day they were earned, on the same day of the month
    /// or the month's last day when it has fewer (2024-02-29 + 12 months:
    /// 2025-02-28).
    Months { months: u32 },
}

impl Expiry {
    /// The last day points earned on `earned` can be used; `None` when they
    /// never expire. They expire at the end of that day.
    pub fn expires_on(self, earned: NaiveDate) -> Option<NaiveDate> {
        match self {
            Expiry::Never => None,
            Expiry::YearEnd { years } => {
                NaiveDate::from_ymd_opt(earned.year().checked_add(years as i32)?, 12, 31)
            }
            Expiry::Months { months } => earned.checked_add_months(Months::new(months)),
        }
    }

    /// In words, e.g. 「获得后第 2 年年底过期」.
    pub fn label(self) -> String {
        match self {
            Expiry::Never => "永不过期".into(),
            Expiry::YearEnd { years } => format!("获得后第 {years} 年年底过期"),
            Expiry::Months { months } => format!("获得后 {months} 个月过期"),
        }
    }
}

/// Points that came in together: an earn, an opening balance or a positive
/// adjustment (net of any reversal of it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Lot {
    pub earned_on: NaiveDate,
    pub points: i64,
    /// The last day they can be used; `None` for never.
    pub expires_on: Option<NaiveDate>,
}

/// What is left of each lot after `used` points were taken, oldest first
/// (lots earned the same day keep their order); lots emptied are left out.
pub fn remaining(lots: &[Lot], used: i64) -> Vec<Lot> {
    let mut sorted: Vec<Lot> = lots.iter().copied().filter(|l| l.points > 0).collect();
    sorted.sort_by_key(|l| l.earned_on);
    let mut left = used.max(0);
    let mut out = Vec::with_capacity(sorted.len());
    for lot in sorted {
        let take = left.min(lot.points);
        left -= take;
        if lot.points > take {
            out.push(Lot {
                points: lot.points - take,
                ..lot
            });
        }
    }
    out
}

/// Points that expire by the end of `day`: what is left, first earned first
/// used, of the lots whose expiry date is on or before `day`. `used` counts
/// every use so far, earlier expiries included.
pub fn expiring(lots: &[Lot], used: i64, day: NaiveDate) -> i64 {
    remaining(lots, used)
        .iter()
        .filter(|l| l.expires_on.is_some_and(|e| e <= day))
        .map(|l| l.points)
        .sum()
}

/// What an order import earns at, taken from the scheme when points are on:
/// the base rate, the multiplier of each tier (by key), the birthday bonus,
/// whether returns are netted, and when the points run out.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct EarnPlan {
    pub yuan_per_point: f64,
    pub rounding: Rounding,
    /// Purchases less the order's returns (else purchases only).
    pub net_of_returns: bool,
    pub birthday_multiplier: f64,
    pub expiry: Expiry,
    /// Each tier's multiplier, by tier key.
    pub multipliers: Vec<(String, f64)>,
    /// The multiplier of a customer without a known tier.
    pub untiered: f64,
    /// Points for a customer's first purchase ever (0 = none).
    #[serde(default)]
    pub first_purchase_bonus: i64,
}

impl EarnPlan {
    /// The rate for a customer at `tier` (its key, if any) on `day`.
    pub fn rate(
        &self,
        tier: Option<&str>,
        day: NaiveDate,
        birthday: Option<NaiveDate>,
    ) -> EarnRate {
        let multiplier = tier
            .and_then(|t| self.multipliers.iter().find(|(k, _)| k == t))
            .map(|(_, m)| *m)
            .unwrap_or(self.untiered);
        let bonus = if birthday.is_some_and(|b| b.month() == day.month()) {
            self.birthday_multiplier
        } else {
            1.0
        };
        EarnRate {
            yuan_per_point: self.yuan_per_point,
            multiplier,
            bonus,
            rounding: self.rounding,
        }
    }
}

/// Where a ledger row came from. Stored as its key.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum SourceKind {
    /// Earned from imported order lines.
    Order,
    /// A bonus rule or the expiry run.
    Rule,
    /// Written by a person, with a reason.
    Person,
    /// An opening balance from a customer sheet.
    Import,
}

impl SourceKind {
    pub const ALL: [SourceKind; 4] = [
        SourceKind::Order,
        SourceKind::Rule,
        SourceKind::Person,
        SourceKind::Import,
    ];

    pub fn key(self) -> &'static str {
        match self {
            SourceKind::Order => "order",
            SourceKind::Rule => "rule",
            SourceKind::Person => "person",
            SourceKind::Import => "import",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            SourceKind::Order => "订单",
            SourceKind::Rule => "规则",
            SourceKind::Person => "人工",
            SourceKind::Import => "导入",
        }
    }

    pub fn parse(text: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.key() == text.trim())
    }
}

/// One row of a customer's points ledger (积分明细).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PointsEntry {
    pub id: i64,
    pub customer_id: i64,
    /// When it was written, local `YYYY-MM-DD HH:MM:SS`.
    pub at: String,
    /// The day it counts for.
    pub on_day: NaiveDate,
    pub kind: EntryKind,
    /// Signed: what it added (positive) or took (negative).
    pub points: i64,
    pub balance_after: i64,
    pub source: SourceKind,
    pub order_no: Option<String>,
    pub import_id: Option<i64>,
    pub item_id: Option<i64>,
    pub qty: Option<i64>,
    pub reason: String,
    pub who: String,
    pub expires_on: Option<NaiveDate>,
    pub reverses_id: Option<i64>,
}

/// What a catalogue item is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Gift,
    Coupon,
    Service,
}

impl ItemKind {
    pub const ALL: [ItemKind; 3] = [ItemKind::Gift, ItemKind::Coupon, ItemKind::Service];

    pub fn key(self) -> &'static str {
        match self {
            ItemKind::Gift => "gift",
            ItemKind::Coupon => "coupon",
            ItemKind::Service => "service",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ItemKind::Gift => "礼品",
            ItemKind::Coupon => "券",
            ItemKind::Service => "服务",
        }
    }

    /// The kind of a stored word or a Chinese label.
    pub fn parse(text: &str) -> Option<ItemKind> {
        let t = text.trim();
        ItemKind::ALL
            .into_iter()
            .find(|k| k.key() == t || k.label() == t)
    }
}

/// An item of the points catalogue (积分兑换目录).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CatalogueItem {
    pub id: i64,
    pub name: String,
    pub kind: ItemKind,
    /// Its price in points, for one.
    pub price: i64,
    /// How many are left; `None` when it is not counted.
    pub stock: Option<i64>,
    pub active: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
    }

    fn rate(ypp: f64, m: f64, bonus: f64, rounding: Rounding) -> EarnRate {
        EarnRate {
            yuan_per_point: ypp,
            multiplier: m,
            bonus,
            rounding,
        }
    }

    #[test]
    fn a_line_earns_by_rate_multiplier_and_rounding() {
        use Rounding::*;
        // (amount, ¥ per point, tier ×, bonus ×, rounding, points)
        let cases: [(f64, f64, f64, f64, Rounding, i64); 17] = [
            (99.0, 10.0, 1.0, 1.0, Down, 9),
            (99.0, 10.0, 1.0, 1.0, Nearest, 10),
            (94.99, 10.0, 1.0, 1.0, Nearest, 9),
            (95.0, 10.0, 1.0, 1.0, Nearest, 10),
            (90.01, 10.0, 1.0, 1.0, Up, 10),
            (90.0, 10.0, 1.0, 1.0, Up, 9),
            (100.0, 10.0, 1.1, 1.0, Up, 11),
            (100.0, 10.0, 1.5, 1.0, Down, 15),
            (99.0, 10.0, 1.5, 1.0, Down, 14),
            (100.0, 10.0, 2.0, 2.0, Down, 40),
            (0.1 + 0.2, 0.1, 1.0, 1.0, Down, 3),
            (9.99, 10.0, 1.0, 1.0, Down, 0),
            (4.35, 0.01, 1.0, 1.0, Down, 435),
            (0.0, 10.0, 1.0, 1.0, Up, 0),
            (-50.0, 10.0, 1.0, 1.0, Up, 0),
            (f64::NAN, 10.0, 1.0, 1.0, Up, 0),
            (100.0, 0.0, 1.0, 1.0, Up, 0),
        ];
        for (i, (amount, ypp, m, b, r, want)) in cases.into_iter().enumerate() {
            assert_eq!(
                earn_points(amount, &rate(ypp, m, b, r)),
                want,
                "case {i}: ¥{amount} at ¥{ypp}/point ×{m} ×{b} {r:?}"
            );
        }
    }

    #[test]
    fn expiry_dates_across_years_and_29_february() {
        let cases = [
            (
                Expiry::YearEnd { years: 1 },
                "2024-02-29",
                Some("2025-12-31"),
            ),
            (
                Expiry::YearEnd { years: 0 },
                "2024-02-29",
                Some("2024-12-31"),
            ),
            (
                Expiry::YearEnd { years: 2 },
                "2023-12-31",
                Some("2025-12-31"),
            ),
            (
                Expiry::Months { months: 12 },
                "2024-02-29",
                Some("2025-02-28"),
            ),
            (
                Expiry::Months { months: 48 },
                "2024-02-29",
                Some("2028-02-29"),
            ),
            (
                Expiry::Months { months: 1 },
                "2025-01-31",
                Some("2025-02-28"),
            ),
            (
                Expiry::Months { months: 6 },
                "2025-08-31",
                Some("2026-02-28"),
            ),
            (Expiry::Never, "2024-02-29", None),
        ];
        for (rule, earned, want) in cases {
            assert_eq!(
                rule.expires_on(d(earned)),
                want.map(d),
                "{rule:?} from {earned}"
            );
        }
    }

    fn lot(earned: &str, points: i64, expires: Option<&str>) -> Lot {
        Lot {
            earned_on: d(earned),
            points,
            expires_on: expires.map(d),
        }
    }

    #[test]
    fn first_earned_first_used_decides_what_expires() {
        let lots = [
            lot("2024-02-29", 100, Some("2025-12-31")),
            lot("2025-03-01", 50, Some("2026-12-31")),
            lot("2023-06-01", 30, Some("2024-12-31")),
            lot("2025-05-01", 20, None),
        ];
        // (used so far, day, expiring by that day)
        let cases = [
            (0, "2024-12-30", 0),
            (0, "2024-12-31", 30),
            (10, "2024-12-31", 20),
            (30, "2024-12-31", 0),
            (30, "2025-12-31", 100),
            (40, "2025-12-31", 90),
            (130, "2025-12-31", 0),
            (130, "2026-12-31", 50),
            (0, "2026-12-31", 180),
            (200, "2030-01-01", 0),
            (-5, "2024-12-31", 30),
        ];
        for (used, day, want) in cases {
            assert_eq!(expiring(&lots, used, d(day)), want, "used {used} by {day}");
        }
        // Expiring, then counting that expiry as a use: nothing more expires.
        let first = expiring(&lots, 10, d("2025-12-31"));
        assert_eq!(first, 120);
        assert_eq!(expiring(&lots, 10 + first, d("2025-12-31")), 0);
        let left = remaining(&lots, 40);
        assert_eq!(left.len(), 3);
        assert_eq!(left[0], lot("2024-02-29", 90, Some("2025-12-31")));
        assert_eq!(left.iter().map(|l| l.points).sum::<i64>(), 160);
    }

    #[test]
    fn kinds_read_their_key_or_label() {
        for k in EntryKind::ALL {
            assert_eq!(EntryKind::parse(k.key()), Some(k));
            assert_eq!(EntryKind::parse(k.label()), Some(k));
        }
        assert_eq!(EntryKind::parse("积分"), None);
    }
}
