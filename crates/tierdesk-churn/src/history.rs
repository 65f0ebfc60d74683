//! A customer's purchase days as the churn model reads them: how many repeat
//! purchase days, when the last one was, and how long the customer has been
//! known (the (x, t_x, T) summary of Fader & Hardie, which `lifetimes`'
//! `summary_data_from_transaction_data` builds with `freq="D"`).
//!
//! Many customers share the same summary (everyone who bought once, a month
//! ago), so [`HistoryCounts`] folds them into distinct rows with counts: a
//! fit over a million customers then costs the likelihood of a few thousand
//! rows.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// One customer's purchase history as of a day, in days.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct History {
    /// x: purchase days after the first (0 for a customer who bought on one
    /// day only).
    pub frequency: f64,
    /// t_x: days from the first purchase day to the last.
    pub recency: f64,
    /// T: days from the first purchase day to the as-of day.
    pub age: f64,
}

impl History {
    /// The summary of `days` as of `as_of`. `days` are the customer's
    /// purchase days in ascending order; a day repeated next to itself counts
    /// once, days after `as_of` are left out. `None` when no purchase day is
    /// on or before `as_of` (the model says nothing about such a customer).
    pub fn from_days<I>(days: I, as_of: NaiveDate) -> Option<History>
    where
        I: IntoIterator<Item = NaiveDate>,
    {
        let mut first: Option<NaiveDate> = None;
        let mut last = NaiveDate::MIN;
        let mut distinct = 0u32;
        for day in days.into_iter().take_while(|day| *day <= as_of) {
            if first.is_none() {
                first = Some(day);
            }
            if day != last {
                distinct += 1;
                last = day;
            }
        }
        let first = first?;
        Some(History {
            frequency: f64::from(distinct - 1),
            recency: (last - first).num_days() as f64,
            age: (as_of - first).num_days() as f64,
        })
    }

    /// The summary as given, checked: x ≥ 0 whole, 0 ≤ t_x ≤ T, all finite,
    /// and t_x = 0 when x = 0. `None` for anything else.
    pub fn new(frequency: f64, recency: f64, age: f64) -> Option<History> {
        let finite = frequency.is_finite() && recency.is_finite() && age.is_finite();
        let ordered = frequency >= 0.0 && recency >= 0.0 && recency <= age;
        let whole = frequency.fract() == 0.0;
        let single_at_start = frequency > 0.0 || recency == 0.0;
        (finite && ordered && whole && single_at_start).then_some(History {
            frequency,
            recency,
            age,
        })
    }

    /// The exact bits of the three figures: equal keys mean equal rows.
    fn key(&self) -> [u64; 3] {
        [
            self.frequency.to_bits(),
            self.recency.to_bits(),
            self.age.to_bits(),
        ]
    }
}

/// Distinct histories with the number of customers that have each.
#[derive(Debug, Default, Clone)]
pub struct HistoryCounts {
    rows: HashMap<[u64; 3], (History, u32)>,
}

impl HistoryCounts {
    pub fn new() -> HistoryCounts {
        HistoryCounts::default()
    }

    /// Counts one more customer with `history`.
    pub fn add(&mut self, history: History) {
        self.rows.entry(history.key()).or_insert((history, 0)).1 += 1;
    }

    /// Customers counted so far.
    pub fn customers(&self) -> u64 {
        self.rows.values().map(|(_, n)| u64::from(*n)).sum()
    }

    /// The distinct rows with their counts, ordered by x, t_x, T, so a fit
    /// over them adds up in the same order every time.
    pub fn into_rows(self) -> Vec<(History, u32)> {
        let mut rows: Vec<(History, u32)> = self.rows.into_values().collect();
        rows.sort_by(|(p, _), (q, _)| {
            (p.frequency, p.recency, p.age)
                .partial_cmp(&(q.frequency, q.recency, q.age))
                .unwrap_or(std::cmp::Ordering::Equal)
        });
        rows
    }
}

impl FromIterator<History> for HistoryCounts {
    fn from_iter<I: IntoIterator<Item = History>>(iter: I) -> HistoryCounts {
        let mut counts = HistoryCounts::new();
        for history in iter {
            counts.add(history);
        }
        counts
    }
}

/// Folds `histories` into distinct rows with counts ([`HistoryCounts`]).
pub fn compress<I: IntoIterator<Item = History>>(histories: I) -> Vec<(History, u32)> {
    histories.into_iter().collect::<HistoryCounts>().into_rows()
}
