//! The report's 流失与留存 section: retention, churn and repeat purchase rates
//! per period and tier, cohort retention, tier counts per rating batch, the
//! 客户经理 table and the open churn alerts with the highest value at risk.
//!
//! The API computes the figures with the churn crate (the types of the 分析
//! page) and reads the alerts (the store), and hands them over in
//! [`ChurnFacts`]; [`add_churn`]
//! puts them into a [`TierReport`] — masking the alerts' phones as the report
//! masks every phone — and, once alerts have been refreshed, empties the old
//! fixed 流失风险 list so the report does not print two lists that disagree.
//! Tier keys stay keys here; the renderers name and colour them from the
//! report's tiers ([`tier_name`], [`tier_color`]).

use serde::{Deserialize, Serialize};
use tierdesk_churn::cohorts::Cohorts;
use tierdesk_churn::managers::ManagerFigures;
use tierdesk_churn::movement::{BatchTiers, TierMovement};
use tierdesk_churn::retention::{RetentionFigures, RetentionRow};
use tierdesk_domain::survey::PeriodKind;

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

/// Everything the section shows, computed by the caller with the churn
/// crate (the same figures as the 分析 page and `tierdesk analysis`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChurnFacts {
    /// Rates per period for everyone (`totals`) and per tier (`by_tier`).
    pub retention: RetentionFigures,
    /// How a customer counts as churned, in words.
    pub definition: String,
    /// Customers by month of first purchase.
    pub cohorts: Cohorts,
    /// Tier counts after each rating batch, oldest first.
    pub movement: TierMovement,
    /// One line per 客户经理 and their total.
    pub managers: ManagerFigures,
    /// The alerts; `None` until alerts have been refreshed once.
    pub alerts: Option<AlertFacts>,
}

impl ChurnFacts {
    /// The unit of the periods in words: 月, 季度 or 年.
    pub fn unit(&self) -> &'static str {
        match self.retention.by {
            PeriodKind::Month => "月",
            PeriodKind::Quarter => "季度",
            PeriodKind::Year => "年",
        }
    }

    /// Everyone's rows from the first period anyone bought in or was still
    /// counted as a buyer (earlier periods, before the first order line,
    /// are left out of the tables and charts).
    pub fn totals(&self) -> &[RetentionRow] {
        let t = &self.retention.totals;
        let first = t
            .iter()
            .position(|p| p.active > 0 || p.alive_at_start > 0 || p.churned > 0)
            .unwrap_or(t.len());
        &t[first..]
    }

    /// A period's name (2024年第一季度) from its key.
    pub fn period_label<'a>(&'a self, key: &'a str) -> &'a str {
        self.retention
            .periods
            .iter()
            .find(|p| p.key == key)
            .map_or(key, |p| p.label.as_str())
    }
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
/// know as is, no tier (`None` or `""`) 未评级.
pub fn tier_name(r: &TierReport, key: Option<&str>) -> String {
    match key.filter(|k| !k.is_empty()) {
        None => UNRATED.into(),
        Some(k) => r
            .tiers
            .iter()
            .find(|t| t.key == k)
            .map(|t| t.name.clone())
            .unwrap_or_else(|| k.to_owned()),
    }
}

/// The tier's colour; grey for no tier or one the scheme lacks.
pub fn tier_color(r: &TierReport, key: Option<&str>) -> String {
    key.filter(|k| !k.is_empty())
        .and_then(|k| r.tiers.iter().find(|t| t.key == k))
        .map(|t| t.color.clone())
        .unwrap_or_else(|| GREY.into())
}

/// The tiers the batch table has columns for (`None`: 未评级): the
/// scheme's tiers, highest first, then keys the scheme lacks and no tier
/// when any batch counts customers under them.
pub fn batch_columns(r: &TierReport, batches: &[BatchTiers]) -> Vec<Option<String>> {
    let mut keys: Vec<Option<String>> = r
        .tiers
        .iter()
        .filter(|t| !t.key.is_empty())
        .map(|t| Some(t.key.clone()))
        .collect();
    let mut extra: Vec<Option<String>> = Vec::new();
    for b in batches {
        for c in &b.counts {
            if c.customers > 0 && !keys.contains(&c.tier) && !extra.contains(&c.tier) {
                extra.push(c.tier.clone());
            }
        }
    }
    // 未评级 last, after keys the scheme no longer has.
    extra.sort_by_key(|k| k.is_none());
    keys.extend(extra);
    keys
}

/// Customers under `tier` after the batch.
pub fn batch_count(b: &BatchTiers, tier: &Option<String>) -> u64 {
    b.counts
        .iter()
        .filter(|c| &c.tier == tier)
        .map(|c| c.customers)
        .sum()
}
