//! The figures a rule may use for each customer.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
    pub registered_on: Option<NaiveDate>,
    /// The tier key the customer holds now.
    pub current_tier: Option<String>,
    /// Numeric custom fields by key, e.g. `satisfaction`.
    pub custom: BTreeMap<String, f64>,
}

/// Built-in figures, in the order [`Figures`] stores them.
pub const BUILT_IN: [(&str, &str); 5] = [
    ("spend", "消费金额"),
    ("frequency", "购买频次"),
    ("orders_per_month", "月均购买次数"),
    ("tenure_years", "使用年限"),
    ("influence", "影响力评分"),
];

/// The Chinese label of a figure (custom fields keep their key unless the
/// caller supplies a label).
pub fn figure_label(key: &str) -> &str {
    BUILT_IN
        .iter()
        .find(|(k, _)| *k == key)
        .map(|(_, l)| *l)
        .unwrap_or(key)
}

/// One customer's figures; missing ones are absent, never zero.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Figures<'a> {
    known: [Option<f64>; 5],
    // Borrowed, so a million customers cost no extra allocations.
    custom: Option<&'a BTreeMap<String, f64>>,
}

impl<'a> Figures<'a> {
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
            known: [
                finite(c.spend),
                finite(c.frequency),
                finite(c.frequency).map(|f| f / 12.0),
                finite(tenure),
                finite(c.influence),
            ],
            custom: Some(&c.custom),
        }
    }
}
