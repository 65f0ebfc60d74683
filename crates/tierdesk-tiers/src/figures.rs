//! The figures a rule may use for each customer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::scheme::Span;

/// What the engine needs to know about a customer.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CustomerFacts {
    pub id: i64,
    pub code: Option<String>,
    pub name: String,
    /// 消费金额 in yuan.
    pub spend: Option<f64>,
    /// 购买频次 per year.
    pub frequency: Option<f64>,
    /// 使用年限.
    pub tenure_years: Option<f64>,
    /// 影响力评分.
    pub influence: Option<f64>,
    /// 订单数: distinct purchase orders in the window (order lines only).
    pub orders: Option<f64>,
    /// 最近购买距今天数: days from the last purchase in the window to the as-of date.
    pub recency_days: Option<f64>,
    /// 平均客单价: spend / orders.
    pub avg_order_value: Option<f64>,
    pub registered_on: Option<NaiveDate>,
    /// The tier key the customer holds now.
    pub current_tier: Option<String>,
    /// Numeric custom fields by key, e.g. `satisfaction`.
    pub custom: BTreeMap<String, f64>,
    /// How many ratings in a row, up to this one, kept the customer in
    /// their tier by `grace_periods` (the caller counts them from the
    /// history; 0 when the last rating did not).
    #[serde(default)]
    pub grace_periods_used: u32,
}

/// A customer's purchases in a scheme's window, as totalled from order lines.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Purchases {
    /// Distinct purchase orders in the window.
    pub orders: u64,
    /// Purchase amounts in the window (returns netted when the scheme says so).
    pub spend: f64,
    /// First and last purchase day in the window.
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    /// First purchase day up to the window's end, whatever the window's start.
    pub first_ever: Option<NaiveDate>,
}

const YEAR_DAYS: f64 = 365.25;

impl CustomerFacts {
    /// Replaces the record's figures with those its order lines give for a
    /// window as of a date: spend, orders, recency, average order value,
    /// frequency (orders per year of the window; over a lifetime window, per
    /// year since the first purchase and never over less than a year, so one
    /// recent order is not read as twelve a year) and, without 注册时间,
    /// tenure from the first purchase.
    pub fn take_purchases(&mut self, p: &Purchases, span: Span, as_of: NaiveDate) {
        let start = span.from.or(p.first_ever).or(p.first);
        let days = start
            .map(|s| (span.to - s).num_days() as f64 + 1.0)
            .unwrap_or(YEAR_DAYS);
        let years = if span.from.is_none() {
            days.max(YEAR_DAYS)
        } else {
            days.max(1.0)
        } / YEAR_DAYS;
        self.spend = Some(p.spend);
        self.orders = Some(p.orders as f64);
        self.frequency = Some(p.orders as f64 / years);
        self.recency_days = p.last.map(|l| (as_of - l).num_days() as f64);
        self.avg_order_value = (p.orders > 0).then(|| p.spend / p.orders as f64);
        if self.registered_on.is_none() {
            if let Some(first) = p.first_ever.filter(|f| *f <= as_of) {
                self.tenure_years =
                    Some(((as_of - first).num_days() as f64 / YEAR_DAYS * 100.0).round() / 100.0);
            }
        }
    }
}

/// Built-in figures, in the order [`Figures`] stores them.
pub const BUILT_IN: [(&str, &str); 8] = [
    ("spend", "消费金额"),
    ("frequency", "购买频次"),
    ("orders_per_month", "月均购买次数"),
    ("tenure_years", "使用年限"),
    ("influence", "影响力评分"),
    ("orders", "订单数"),
    ("recency_days", "最近购买距今天数"),
    ("avg_order_value", "平均客单价"),
];

/// The unit a built-in figure is counted in, as a code the app's catalogue
/// names (元, 次/年 …) beside the rule builder's value box: `yuan`,
/// `per_year`, `per_month`, `years`, `points`, `orders`, `days`; empty for
/// custom fields and unknown keys.
pub fn figure_unit(key: &str) -> &'static str {
    match key {
        "spend" | "avg_order_value" => "yuan",
        "frequency" => "per_year",
        "orders_per_month" => "per_month",
        "tenure_years" => "years",
        "influence" | "nps" | "csat" | "nps_avg" | "csat_avg" => "points",
        "orders" => "orders",
        "recency_days" => "days",
        _ => "",
    }
}

/// Survey figures (满意度调查): the latest answer's NPS (0–10) and CSAT
/// (1–5) and their averages over every answer up to the as-of date. They
/// travel in [`CustomerFacts::custom`] under these keys
/// ([`CustomerFacts::take_survey`]); a customer without answers has none,
/// and the rule's `missing` setting decides.
pub const SURVEY_FIGURES: [(&str, &str); 4] = [
    ("nps", "推荐意愿（最近一次）"),
    ("csat", "满意度（最近一次）"),
    ("nps_avg", "推荐意愿（平均）"),
    ("csat_avg", "满意度（平均）"),
];

impl CustomerFacts {
    /// Puts a customer's survey figures among its figures, replacing a
    /// custom field of the same key: without answers the figures are missing.
    pub fn take_survey(&mut self, s: &tierdesk_domain::survey::SurveyFacts) {
        let values = [s.nps, s.csat, s.nps_avg, s.csat_avg];
        for ((key, _), value) in SURVEY_FIGURES.iter().zip(values) {
            match value.filter(|v| v.is_finite()) {
                Some(v) => self.custom.insert((*key).to_owned(), v),
                None => self.custom.remove(*key),
            };
        }
    }
}

/// The Chinese label of a figure (custom fields keep their key unless the
/// caller supplies a label).
pub fn figure_label(key: &str) -> &str {
    BUILT_IN
        .iter()
        .chain(SURVEY_FIGURES.iter())
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or(key)
}

/// One customer's figures; missing ones are absent, never zero.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures<'a> {
    pub id: i64,
    /// The customer code, for orderings that break ties by code.
    pub code: Option<&'a str>,
    known: [Option<f64>; 8],
    // Borrowed, so a million customers cost no extra allocations.
    custom: Option<&'a BTreeMap<String, f64>>,
}

impl<'a> Figures<'a> {
    /// The position of a built-in figure, for [`Figures::known`].
    pub fn slot(key: &str) -> Option<usize> {
        BUILT_IN.iter().position(|(k, _)| *k == key)
    }

    /// A built-in figure by its position in [`BUILT_IN`].
    pub fn known(&self, slot: usize) -> Option<f64> {
        self.known.get(slot).copied().flatten()
    }

    pub fn get(&self, key: &str) -> Option<f64> {
        match BUILT_IN.iter().position(|(k, _)| *k == key) {
            Some(i) => self.known[i],
            None => self
                .custom
                .and_then(|m| m.get(key))
                .copied()
                .filter(|v| v.is_finite()),
        }
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, f64)> {
        BUILT_IN
            .iter()
            .zip(self.known.iter())
            .filter_map(|((k, _), v)| v.map(|v| (*k, v)))
            .chain(
                self.custom
                    .into_iter()
                    .flatten()
                    .filter(|(_, v)| v.is_finite())
                    .map(|(k, v)| (k.as_str(), *v)),
            )
    }

    /// Figures from a customer's record as of a date. Tenure comes from the
    /// registration date when there is one, else from the 使用年限 field.
    pub fn of(c: &'a CustomerFacts, as_of: NaiveDate) -> Figures<'a> {
        let tenure = match c.registered_on {
            Some(d) if d <= as_of => {
                Some(((as_of - d).num_days() as f64 / 365.25 * 100.0).round() / 100.0)
            }
            _ => c.tenure_years,
        };
        let finite = |v: Option<f64>| v.filter(|x| x.is_finite());
        Figures {
            id: c.id,
            code: c.code.as_deref(),
            known: [
                finite(c.spend),
                finite(c.frequency),
                finite(c.frequency).map(|f| f / 12.0),
                finite(tenure),
                finite(c.influence),
                finite(c.orders),
                finite(c.recency_days),
                finite(c.avg_order_value),
            ],
            custom: Some(&c.custom),
        }
    }
}
