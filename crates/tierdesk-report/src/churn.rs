//! The report's 流失与留存 section: retention, churn and repeat purchase rates
//! per period and tier, cohort retention, tier counts per rating batch, the
//! 客户经理 table and the open churn alerts with the highest value at risk.
//!
//! The API computes the figures (the churn crate) and reads the alerts (the
//! store), and hands them over as plain rows in [`ChurnFacts`]; [`add_churn`]
//! puts them into a [`TierReport`] — masking the alerts' phones as the report
//! masks every phone — and, once alerts have been refreshed, empties the old
//! fixed 流失风险 list so the report does not print two lists that disagree.
//! Tier keys stay keys here; the renderers name and colour them from the
//! report's tiers ([`tier_name`], [`tier_color`]).

use serde::{Deserialize, Serialize};

use crate::figures::{GREY, UNRATED};
use crate::model::{mask_phone, TierReport};

/// How many alerts the A4 report lists (the workbook lists all it is given).
pub const ALERTS_ON_PAGE: usize = 20;
/// How many cohorts (months of first purchase) the A4 report shows, newest last.
pub const COHORTS_ON_PAGE: usize = 12;
/// How many months since the first purchase the A4 cohort table shows (第 1–11 月).
pub const COHORT_MONTHS_ON_PAGE: usize = 11;
/// How many periods the A4 rate table and chart show, newest last.
pub const PERIODS_ON_PAGE: usize = 8;
/// How many rating batches the A4 tier table shows, newest last.
pub const BATCHES_ON_PAGE: usize = 8;

/// Everything the section shows, computed by the caller.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ChurnFacts {
    /// The day the figures are counted up to (YYYY-MM-DD).
    pub as_of: String,
    /// The unit of `periods` in words: 月, 季度 or 年.
    pub period_unit: String,
    /// How a customer counts as churned and how the rates are computed, in words.
    pub definition: String,
    /// Per period, oldest first; within a period all customers (`tier` None) first.
    pub periods: Vec<PeriodRow>,
    /// Customers by month of first purchase, oldest first.
    pub cohorts: Vec<CohortRow>,
    /// Tier counts after each rating batch, oldest first.
    pub batches: Vec<BatchRow>,
    /// One line per 客户经理 (`""`: customers without one).
    pub managers: Vec<ManagerRow>,
    /// The alerts; `None` until alerts have been refreshed once.
    pub alerts: Option<AlertFacts>,
}

/// One period's figures for all customers (`tier` None) or one tier.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PeriodRow {
    /// The period in words, e.g. 2024年第一季度.
    pub period: String,
    /// A tier key (`""`: customers without a tier); `None` for all customers.
    pub tier: Option<String>,
    /// Customers with at least one purchase in the period.
    pub active: u64,
    pub new: u64,
    pub returning: u64,
    pub churned: u64,
    /// 0–1; `None` when nobody was active at the period's start.
    pub churn_rate: Option<f64>,
    pub retention_rate: Option<f64>,
    /// Share of customers with two orders or more, 0–1.
    pub repeat_rate: Option<f64>,
    /// Average days between purchase days.
    pub avg_interval_days: Option<f64>,
    /// Spend per active customer.
    pub value_per_active: Option<f64>,
}

/// The customers who first bought in one month and how many of them bought
/// again in each later month.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CohortRow {
    /// The month of first purchase, YYYY-MM.
    pub cohort: String,
    pub customers: u64,
    /// `active[m]`: customers of the cohort who bought in month `m` after the
    /// first (index 0 is the first month itself); only months up to the as-of day.
    pub active: Vec<u64>,
}

impl CohortRow {
    /// Share of the cohort active `months` after its first month; `None`
    /// when that month has not come yet or the cohort is empty.
    pub fn share(&self, months: usize) -> Option<f64> {
        let n = *self.active.get(months)?;
        (self.customers > 0).then(|| n as f64 / self.customers as f64)
    }
}

/// Tier counts after one rating batch, and the moves it made.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BatchRow {
    /// e.g. 2024Q1（第 3 批）.
    pub label: String,
    /// (tier key after the batch, `""` for none; customers).
    pub counts: Vec<(String, u64)>,
    pub upgrades: u64,
    pub downgrades: u64,
}

/// One 客户经理's customers and work.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ManagerRow {
    /// `""`: customers without a 客户经理.
    pub manager: String,
    pub customers: u64,
    pub revenue: f64,
    pub alerts_open: u64,
    pub alerts_recovered: u64,
    /// Share of the customers followed up within their tier's interval, 0–1.
    pub followup_coverage: Option<f64>,
}

/// The churn alerts at the last refresh.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertFacts {
    /// The day of the last refresh.
    pub refreshed_on: String,
    /// Open alerts in all, and how many of them are 高.
    pub open: u64,
    pub high: u64,
    /// Open alerts, highest value at risk first.
    pub lines: Vec<AlertLine>,
}

/// One open alert.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct AlertLine {
    pub alert_id: i64,
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    /// Masked by [`add_churn`] when the report masks phones.
    pub phone: String,
    /// A tier key (`""`: none).
    pub tier: String,
    /// 高, 中 or 低.
    pub level: String,
    /// 新 or 已跟进.
    pub status: String,
    pub owner: String,
    pub raised_on: String,
    /// Yearly spend × (1 − P(alive)).
    pub value_at_risk: f64,
    /// The model's probability that the customer still buys, 0–1.
    pub p_alive: Option<f64>,
    /// The reasons in words, e.g. 「平均每 30 天下单，已 84 天未下单」.
    pub reasons: Vec<String>,
}

/// Puts the section into the report. Alerts' phones are masked when the
/// report masks phones; once alerts exist (a refresh has run), the section's
/// alert list replaces the fixed 流失风险 list of section 五.
pub fn add_churn(report: &mut TierReport, mut facts: ChurnFacts) {
    if let Some(alerts) = &mut facts.alerts {
        if report.masked {
            for a in &mut alerts.lines {
                a.phone = mask_phone(&a.phone);
            }
        }
        report.at_risk.clear();
    }
    report.churn = Some(facts);
}

/// The report's name for a tier key: the scheme's name, a key it does not
/// know as is, no tier (`""`) 未评级.
pub fn tier_name(r: &TierReport, key: &str) -> String {
    if key.is_empty() {
        return UNRATED.into();
    }
    r.tiers
        .iter()
        .find(|t| t.key == key)
        .map(|t| t.name.clone())
        .unwrap_or_else(|| key.to_owned())
}

/// The tier's colour; grey for no tier or one the scheme lacks.
pub fn tier_color(r: &TierReport, key: &str) -> String {
    r.tiers
        .iter()
        .find(|t| t.key == key && !key.is_empty())
        .map(|t| t.color.clone())
        .unwrap_or_else(|| GREY.into())
}

/// The tier keys the batch table has columns for: the scheme's tiers,
/// highest first, then 未评级 (`""`) and keys the scheme lacks when any
/// batch counts customers under them.
pub fn batch_columns(r: &TierReport, batches: &[BatchRow]) -> Vec<String> {
    let mut keys: Vec<String> = r
        .tiers
        .iter()
        .filter(|t| !t.key.is_empty())
        .map(|t| t.key.clone())
        .collect();
    let mut extra: Vec<String> = Vec::new();
    for b in batches {
        for (k, n) in &b.counts {
            if *n > 0 && !keys.contains(k) && !extra.contains(k) {
                extra.push(k.clone());
            }
        }
    }
    // 未评级 last, after keys the scheme no longer has.
    extra.sort_by_key(|k| k.is_empty());
    keys.extend(extra);
    keys
}

impl BatchRow {
    /// Customers under tier key `key` after the batch.
    pub fn count(&self, key: &str) -> u64 {
        self.counts
            .iter()
            .filter(|(k, _)| k == key)
            .map(|(_, n)| n)
            .sum()
    }
}
