//! Retention figures per period and tier (管理指标): active, new, returning
//! and churned customers, churn and retention rates, repeat purchases, the
//! average interval between purchase days and spend per active customer.
//!
//! The store streams each customer's purchase days and tier changes into a
//! [`RetentionTally`] one customer at a time, so a million customers need
//! no more memory than one customer's days and the table of sums.
//!
//! Definitions (docs/churn.md, 管理指标, says the same in words):
//! - A customer counts under the tier held at the end of the period (the
//!   latest tier change on or before that day; before the first change the
//!   tier that change moved from; with no change at all the tier now).
//! - *Alive* at the end of day `t`: a purchase day on or before `t` exists
//!   and `t − last purchase day ≤ k × interval`, where the interval is the
//!   median of the gaps between the purchase days up to `t` when there are at
//!   least three gaps, else the tier's usual interval, and `k` is the tier's
//!   rhythm factor: the rhythm rule of the alerts, asked of a past day.
//! - *Churned* in a period: not alive at its end, and the day the customer
//!   stopped being alive (last purchase day + ⌊k × interval⌋ + 1) falls in
//!   the period. A customer new in the period can churn in it too.
//! - Churn rate = churned among those alive at the start (the end of the day
//!   before the period) ÷ alive at the start.
//! - Retention rate = customers active both in the period before and in this
//!   one ÷ active in the period before.

use std::collections::HashMap;

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use tierdesk_domain::survey::PeriodKind;
use tierdesk_tiers::Period as RatingPeriod;
use ts_rs::TS;

use crate::signals::{median_interval, past_limit, rhythm_limit_micro};

/// One purchase day of a customer: the orders with a purchase that day and
/// what they spent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PurchaseDay {
    pub day: NaiveDate,
    pub orders: u32,
    pub spend: f64,
}

/// A change of a customer's tier: a rating batch (on its as-of day) or a
/// change by hand (on its day).
#[derive(Debug, Clone, PartialEq)]
pub struct TierChange {
    pub on: NaiveDate,
    pub from: Option<String>,
    pub to: Option<String>,
}

/// What the figures know of one customer.
#[derive(Debug, Clone, Copy)]
pub struct CustomerHistory<'a> {
    /// The tier now (used when there is no tier change at all).
    pub tier_now: Option<&'a str>,
    /// Oldest first.
    pub tier_changes: &'a [TierChange],
    /// Purchase days, oldest first, one entry per day.
    pub days: &'a [PurchaseDay],
}

impl CustomerHistory<'_> {
    /// The tier held at the end of `day`.
    pub fn tier_at(&self, day: NaiveDate) -> Option<&str> {
        let n = self.tier_changes.partition_point(|c| c.on <= day);
        match n {
            0 => match self.tier_changes.first() {
                Some(first) => first.from.as_deref(),
                None => self.tier_now,
            },
            _ => self.tier_changes[n - 1].to.as_deref(),
        }
    }
}

/// A tier's rhythm rule: k and the usual interval for customers with fewer
/// than three gaps between purchase days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rhythm {
    pub factor: f64,
    pub usual_interval_days: u32,
}

/// The rhythm rule of each tier; `other` for customers without a tier or
/// with a tier the scheme does not know.
#[derive(Debug, Clone, PartialEq)]
pub struct Rhythms {
    pub by_tier: HashMap<String, Rhythm>,
    pub other: Rhythm,
}

impl Rhythms {
    pub fn of(&self, tier: Option<&str>) -> Rhythm {
        tier.and_then(|t| self.by_tier.get(t))
            .copied()
            .unwrap_or(self.other)
    }
}

/// One period: its key (`2026-11`, `2026Q4`, `2026`), its Chinese name and
/// its days. The last period of a range ends at the as-of day (`partial`
/// when that is before its natural end).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Period {
    pub key: String,
    pub label: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub partial: bool,
}

/// The rating period (tierdesk-tiers) of `kind` holding `day`: quarters and
/// years are the ones the rest of the report names; months are not rating
/// periods.
fn rating_period(kind: PeriodKind, day: NaiveDate) -> Option<RatingPeriod> {
    match kind {
        PeriodKind::Month => None,
        PeriodKind::Quarter => Some(RatingPeriod::Quarter(
            day.year(),
            (day.month0() / 3 + 1) as u8,
        )),
        PeriodKind::Year => Some(RatingPeriod::Year(day.year())),
    }
}

/// The first and last day of the period of `kind` holding `day`.
pub fn period_bounds(kind: PeriodKind, day: NaiveDate) -> (NaiveDate, NaiveDate) {
    if let Some(bounds) = rating_period(kind, day).and_then(RatingPeriod::days) {
        return bounds;
    }
    let start = day.with_day(1).unwrap_or(day);
    let end = start
        .checked_add_months(Months::new(1))
        .and_then(|d| d.pred_opt())
        .unwrap_or(day);
    (start, end)
}

/// The Chinese name of the period starting on `start`, as the rest of the
/// app says it (2024年第四季度, 2024年度, 2024年3月).
pub fn period_label(kind: PeriodKind, start: NaiveDate) -> String {
    match rating_period(kind, start) {
        Some(p) => p.label(),
        None => format!("{}年{}月", start.year(), start.month()),
    }
}

/// The last `count` periods of `kind` up to `as_of`, oldest first; the last
/// one holds `as_of` and ends there.
pub fn periods(kind: PeriodKind, as_of: NaiveDate, count: usize) -> Vec<Period> {
    let mut out = Vec::with_capacity(count);
    let mut day = as_of;
    for _ in 0..count {
        let (start, end) = period_bounds(kind, day);
        out.push(Period {
            key: kind.key_of(start),
            label: period_label(kind, start),
            start,
            end: end.min(as_of),
            partial: end > as_of,
        });
        match start.pred_opt() {
            Some(d) => day = d,
            None => break,
        }
    }
    out.reverse();
    out
}

/// The figures of one period for one tier (or for everyone). Rates are
/// fractions (0.25 = 25%), `None` when their denominator is zero.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct RetentionRow {
    /// The period's key.
    pub period: String,
    /// The tier key; `None` in `by_tier` is 未分级, in `totals` everyone.
    pub tier: Option<String>,
    /// Customers with at least one purchase in the period.
    #[ts(type = "number")]
    pub active: u64,
    /// Active customers whose first purchase ever is in the period.
    #[ts(type = "number")]
    pub new: u64,
    /// Active and not new.
    #[ts(type = "number")]
    pub returning: u64,
    /// Alive at the end of the day before the period.
    #[ts(type = "number")]
    pub alive_at_start: u64,
    /// Alive at the end of the period.
    #[ts(type = "number")]
    pub alive_at_end: u64,
    /// Stopped being alive during the period (new ones included).
    #[ts(type = "number")]
    pub churned: u64,
    /// Churned among those alive at the start.
    #[ts(type = "number")]
    pub churned_from_start: u64,
    /// Active in the period before.
    #[ts(type = "number")]
    pub active_before: u64,
    /// Active in the period before and in this one.
    #[ts(type = "number")]
    pub retained: u64,
    /// Active customers with at least two orders in the period.
    #[ts(type = "number")]
    pub repeat: u64,
    /// Orders with a purchase in the period.
    #[ts(type = "number")]
    pub orders: u64,
    /// Spend of the period's purchases.
    pub spend: f64,
    /// Gaps between consecutive purchase days whose later day is in the
    /// period, and their total in days.
    #[ts(type = "number")]
    pub gaps: u64,
    #[ts(type = "number")]
    pub gap_days: u64,
    /// churned_from_start ÷ alive_at_start.
    pub churn_rate: Option<f64>,
    /// retained ÷ active_before.
    pub retention_rate: Option<f64>,
    /// repeat ÷ active.
    pub repeat_rate: Option<f64>,
    /// gap_days ÷ gaps.
    pub average_interval: Option<f64>,
    /// spend ÷ active.
    pub value_per_active: Option<f64>,
}

fn ratio(num: f64, den: u64) -> Option<f64> {
    (den > 0).then(|| num / den as f64)
}

impl RetentionRow {
    fn add(&mut self, o: &RetentionRow) {
        self.active += o.active;
        self.new += o.new;
        self.returning += o.returning;
        self.alive_at_start += o.alive_at_start;
        self.alive_at_end += o.alive_at_end;
        self.churned += o.churned;
        self.churned_from_start += o.churned_from_start;
        self.active_before += o.active_before;
        self.retained += o.retained;
        self.repeat += o.repeat;
        self.orders += o.orders;
        self.spend += o.spend;
        self.gaps += o.gaps;
        self.gap_days += o.gap_days;
    }

    fn with_rates(mut self) -> RetentionRow {
        self.churn_rate = ratio(self.churned_from_start as f64, self.alive_at_start);
        self.retention_rate = ratio(self.retained as f64, self.active_before);
        self.repeat_rate = ratio(self.repeat as f64, self.active);
        self.average_interval = ratio(self.gap_days as f64, self.gaps);
        self.value_per_active = ratio(self.spend, self.active);
        self
    }
}

/// The figures of a range of periods: one row per period for everyone, and
/// one per period and tier (tiers in the order given, then unknown tiers by
/// key, then 未分级; a tier without customers in a period has no row).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct RetentionFigures {
    pub by: PeriodKind,
    pub as_of: NaiveDate,
    pub periods: Vec<Period>,
    pub totals: Vec<RetentionRow>,
    pub by_tier: Vec<RetentionRow>,
}

/// Where a customer stands at the end of a day.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Standing {
    alive: bool,
    /// The first day the customer is no longer alive without a new purchase.
    lapse_day: NaiveDate,
}

/// Adds up the figures one customer at a time.
pub struct RetentionTally {
    by: PeriodKind,
    as_of: NaiveDate,
    /// The periods shown, and one more before them (for retention).
    periods: Vec<Period>,
    rhythms: Rhythms,
    tiers: Vec<Option<String>>,
    /// Sums per (period index in `periods`, tier index in `tiers`).
    /// Sums per tier (index in `tiers`) and period (index in `periods`):
    /// `sums[tier * periods.len() + period]`.
    sums: Vec<RetentionRow>,
    /// Whether any customer was counted in each of `sums`.
    seen: Vec<bool>,
    /// The customer's gaps between purchase days, and a copy to take a
    /// median of (reused across customers).
    gaps: Vec<i64>,
    scratch: Vec<i64>,
}

impl RetentionTally {
    /// `count` periods of `by` up to `as_of` (at least one), with the rhythm
    /// rule of each tier.
    pub fn new(by: PeriodKind, as_of: NaiveDate, count: usize, rhythms: Rhythms) -> Self {
        RetentionTally {
            by,
            as_of,
            periods: periods(by, as_of, count.max(1) + 1),
            rhythms,
            tiers: Vec::new(),
            sums: Vec::new(),
            seen: Vec::new(),
            gaps: Vec::new(),
            scratch: Vec::new(),
        }
    }

    fn tier_index(&mut self, tier: Option<&str>) -> usize {
        match self.tiers.iter().position(|t| t.as_deref() == tier) {
            Some(i) => i,
            None => {
                self.tiers.push(tier.map(str::to_owned));
                let n = self.periods.len();
                self.sums
                    .resize(self.sums.len() + n, RetentionRow::default());
                self.seen.resize(self.seen.len() + n, false);
                self.tiers.len() - 1
            }
        }
    }

    /// Where the customer with purchase `days` (whose gaps are in
    /// `self.gaps`) stands at the end of `t` under `rhythm`; `None` before
    /// the first purchase.
    fn standing(&mut self, days: &[PurchaseDay], t: NaiveDate, rhythm: Rhythm) -> Option<Standing> {
        let n = days.partition_point(|d| d.day <= t);
        let last = days.get(n.checked_sub(1)?)?.day;
        self.scratch.clear();
        self.scratch.extend_from_slice(&self.gaps[..n - 1]);
        let usual = f64::from(rhythm.usual_interval_days);
        let interval = median_interval(&mut self.scratch).unwrap_or(usual);
        let window = rhythm_limit_micro(rhythm.factor, interval);
        let since = (t - last).num_days();
        let lapse_after = (window / 1_000_000).min(1_000_000) + 1;
        Some(Standing {
            alive: !past_limit(since, window),
            lapse_day: last + chrono::Duration::days(lapse_after),
        })
    }

    /// Adds one customer. Purchase days after the as-of day are not counted.
    pub fn add(&mut self, h: &CustomerHistory<'_>) {
        let days = &h.days[..h.days.partition_point(|d| d.day <= self.as_of)];
        let Some(first) = days.first().map(|d| d.day) else {
            return;
        };
        self.gaps.clear();
        self.gaps
            .extend(days.windows(2).map(|w| (w[1].day - w[0].day).num_days()));
        let mut active_before = false;
        // The standing at the end of the period before, and the rule it was
        // taken under: the start of this period, when the tier is the same.
        let mut previous: Option<(NaiveDate, Rhythm, Option<Standing>)> = None;
        for i in 0..self.periods.len() {
            let (start, end) = (self.periods[i].start, self.periods[i].end);
            let a = days.partition_point(|d| d.day < start);
            let b = days.partition_point(|d| d.day <= end);
            let active = b > a;
            if i == 0 {
                active_before = active;
                continue;
            }
            if end < first && !active_before {
                continue;
            }
            let tier = h.tier_at(end);
            let rhythm = self.rhythms.of(tier);
            let day_before = start.pred_opt();
            let before = match previous {
                Some((t, r, s)) if Some(t) == day_before && r == rhythm => s,
                _ => day_before.and_then(|t| self.standing(days, t, rhythm)),
            };
            let after = self.standing(days, end, rhythm);
            previous = Some((end, rhythm, after));
            let mut row = RetentionRow::default();
            let in_period = &days[a..b];
            row.active = u64::from(active);
            row.new = u64::from(active && first >= start);
            row.returning = row.active - row.new;
            let alive_start = before.is_some_and(|s| s.alive);
            row.alive_at_start = u64::from(alive_start);
            if let Some(s) = after {
                row.alive_at_end = u64::from(s.alive);
                let churned = !s.alive && s.lapse_day >= start;
                row.churned = u64::from(churned);
                row.churned_from_start = u64::from(churned && alive_start);
            }
            row.active_before = u64::from(active_before);
            row.retained = u64::from(active_before && active);
            row.orders = in_period.iter().map(|d| u64::from(d.orders)).sum();
            row.repeat = u64::from(row.orders >= 2);
            row.spend = in_period.iter().map(|d| d.spend).sum();
            let from = a.max(1);
            row.gaps = b.saturating_sub(from) as u64;
            row.gap_days = (from..b)
                .map(|j| (days[j].day - days[j - 1].day).num_days() as u64)
                .sum();
            active_before = active;
            let t = self.tier_index(tier);
            let at = t * self.periods.len() + i;
            self.sums[at].add(&row);
            self.seen[at] = true;
        }
    }

    /// The figures, tiers ordered as `tier_order` (the scheme's, highest
    /// first).
    pub fn finish(self, tier_order: &[String]) -> RetentionFigures {
        let place = |t: &Option<String>| match t {
            Some(k) => match tier_order.iter().position(|o| o == k) {
                Some(p) => (0, p, String::new()),
                None => (1, 0, k.clone()),
            },
            None => (2, 0, String::new()),
        };
        let mut order: Vec<usize> = (0..self.tiers.len()).collect();
        order.sort_by_key(|&i| place(&self.tiers[i]));
        let shown = &self.periods[1..];
        let mut totals = Vec::with_capacity(shown.len());
        let mut by_tier = Vec::new();
        for (i, p) in shown.iter().enumerate() {
            let mut total = RetentionRow {
                period: p.key.clone(),
                ..RetentionRow::default()
            };
            for &t in &order {
                let at = t * self.periods.len() + i + 1;
                if self.seen[at] {
                    let sum = &self.sums[at];
                    total.add(sum);
                    by_tier.push(
                        RetentionRow {
                            period: p.key.clone(),
                            tier: self.tiers[t].clone(),
                            ..sum.clone()
                        }
                        .with_rates(),
                    );
                }
            }
            totals.push(total.with_rates());
        }
        RetentionFigures {
            by: self.by,
            as_of: self.as_of,
            periods: shown.to_vec(),
            totals,
            by_tier,
        }
    }
}

#[cfg(test)]
#[path = "retention_tests.rs"]
mod tests;
