//! The figures per 客户经理: customers, active customers and revenue in a
//! span of days, churn alerts open and won back, and follow-up coverage.
//!
//! A customer falls to their 客户经理 by the one rule of every feature
//! (`tierdesk_domain::customer::manager_or`); customers without one are
//! counted under 未指定. Follow-up coverage: of a manager's customers whose
//! tier (now) has a visit interval of v days, the share with a follow-up on
//! a day d with `to − v ≤ d ≤ to`; customers whose tier has no visit
//! interval are not counted in it.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tierdesk_domain::customer::manager_or;
use ts_rs::TS;

use crate::retention::PurchaseDay;

/// The name shown for customers without a 客户经理.
pub const UNASSIGNED: &str = "未指定";

/// What the figures need of one customer.
#[derive(Debug, Clone, Copy)]
pub struct ManagerFacts<'a> {
    pub manager: Option<&'a str>,
    pub tier_now: Option<&'a str>,
    /// Purchase days, oldest first.
    pub days: &'a [PurchaseDay],
    /// The latest follow-up on or before the span's last day.
    pub last_followup: Option<NaiveDate>,
    /// Churn alerts open now (新 or 已跟进).
    pub alerts_open: u32,
    /// Churn alerts closed as 已挽回 within the span.
    pub alerts_recovered: u32,
}

/// One 客户经理's figures. Rates are fractions, `None` with a zero denominator.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, TS)]
pub struct ManagerRow {
    /// The 客户经理's name, or 未指定 (then `unassigned`).
    pub manager: String,
    pub unassigned: bool,
    #[ts(type = "number")]
    pub customers: u64,
    /// Customers with a purchase in the span.
    #[ts(type = "number")]
    pub active: u64,
    /// Spend of the span's purchases.
    pub revenue: f64,
    /// `None` while the churn alerts have never been refreshed.
    #[ts(type = "number | null")]
    pub alerts_open: Option<u64>,
    #[ts(type = "number | null")]
    pub alerts_recovered: Option<u64>,
    /// Customers whose tier has a visit interval, and those of them with a
    /// follow-up within it.
    #[ts(type = "number")]
    pub visits_due: u64,
    #[ts(type = "number")]
    pub visited: u64,
    /// visited ÷ visits_due.
    pub coverage: Option<f64>,
}

impl ManagerRow {
    fn add(&mut self, o: &ManagerRow) {
        self.customers += o.customers;
        self.active += o.active;
        self.revenue += o.revenue;
        self.alerts_open = self.alerts_open.map(|a| a + o.alerts_open.unwrap_or(0));
        self.alerts_recovered = self
            .alerts_recovered
            .map(|a| a + o.alerts_recovered.unwrap_or(0));
        self.visits_due += o.visits_due;
        self.visited += o.visited;
    }

    fn with_rate(mut self) -> ManagerRow {
        self.coverage = (self.visits_due > 0).then(|| self.visited as f64 / self.visits_due as f64);
        self
    }
}

/// The figures of every 客户经理 over `from..=to`: highest revenue first
/// (then by name), 未指定 last, and the total.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct ManagerFigures {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub rows: Vec<ManagerRow>,
    pub total: ManagerRow,
}

/// Adds up the figures one customer at a time.
pub struct ManagerTally {
    from: NaiveDate,
    to: NaiveDate,
    visit_days: HashMap<String, u32>,
    alerts_known: bool,
    rows: HashMap<String, ManagerRow>,
}

impl ManagerTally {
    /// `visit_days`: each tier's visit interval (tiers without one left
    /// out); `alerts_known`: whether churn alerts exist to be counted.
    pub fn new(
        from: NaiveDate,
        to: NaiveDate,
        visit_days: HashMap<String, u32>,
        alerts_known: bool,
    ) -> Self {
        ManagerTally {
            from,
            to,
            visit_days,
            alerts_known,
            rows: HashMap::new(),
        }
    }

    /// The span's first and last day.
    pub fn span(&self) -> (NaiveDate, NaiveDate) {
        (self.from, self.to)
    }

    /// Whether churn alerts are counted.
    pub fn alerts_known(&self) -> bool {
        self.alerts_known
    }

    pub fn add(&mut self, c: &ManagerFacts<'_>) {
        let name = manager_or(c.manager, "");
        let known = self.alerts_known;
        let row = self.rows.entry(name).or_insert_with(|| ManagerRow {
            alerts_open: known.then_some(0),
            alerts_recovered: known.then_some(0),
            ..ManagerRow::default()
        });
        row.customers += 1;
        let a = c.days.partition_point(|d| d.day < self.from);
        let b = c.days.partition_point(|d| d.day <= self.to);
        if b > a {
            row.active += 1;
            row.revenue += c.days[a..b].iter().map(|d| d.spend).sum::<f64>();
        }
        if let Some(open) = row.alerts_open.as_mut() {
            *open += u64::from(c.alerts_open);
        }
        if let Some(won) = row.alerts_recovered.as_mut() {
            *won += u64::from(c.alerts_recovered);
        }
        if let Some(&v) = c.tier_now.and_then(|t| self.visit_days.get(t)) {
            row.visits_due += 1;
            let visited = c
                .last_followup
                .is_some_and(|f| f <= self.to && (self.to - f).num_days() <= i64::from(v));
            row.visited += u64::from(visited);
        }
    }

    pub fn finish(self) -> ManagerFigures {
        let mut rows: Vec<ManagerRow> = self
            .rows
            .into_iter()
            .map(|(name, row)| ManagerRow {
                unassigned: name.is_empty(),
                manager: if name.is_empty() {
                    UNASSIGNED.to_owned()
                } else {
                    name
                },
                ..row
            })
            .map(ManagerRow::with_rate)
            .collect();
        rows.sort_by(|a, b| {
            a.unassigned
                .cmp(&b.unassigned)
                .then(b.revenue.total_cmp(&a.revenue))
                .then_with(|| a.manager.cmp(&b.manager))
        });
        let mut total = ManagerRow {
            manager: "合计".to_owned(),
            alerts_open: self.alerts_known.then_some(0),
            alerts_recovered: self.alerts_known.then_some(0),
            ..ManagerRow::default()
        };
        for r in &rows {
            total.add(r);
        }
        ManagerFigures {
            from: self.from,
            to: self.to,
            rows,
            total: total.with_rate(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn day(s: &str, spend: f64) -> PurchaseDay {
        PurchaseDay {
            day: d(s),
            orders: 1,
            spend,
        }
    }

    #[test]
    fn per_manager() {
        let visit = HashMap::from([("gold".to_owned(), 30), ("silver".to_owned(), 90)]);
        let mut t = ManagerTally::new(d("2024-01-01"), d("2024-03-31"), visit, true);
        let a1 = [
            day("2023-12-31", 1000.0),
            day("2024-01-01", 100.0),
            day("2024-03-31", 50.0),
        ];
        let a2 = [day("2024-04-01", 70.0)];
        let b1 = [day("2024-02-29", 500.0)];
        #[rustfmt::skip]
        let facts = [
            // 王 (with spaces around the name): gold, seen 30 days before the end: covered.
            ManagerFacts { manager: Some(" 王 "), tier_now: Some("gold"), days: &a1, last_followup: Some(d("2024-03-01")), alerts_open: 1, alerts_recovered: 0 },
            // 王: gold, seen 31 days before: not covered; bought after the span only.
            ManagerFacts { manager: Some("王"), tier_now: Some("gold"), days: &a2, last_followup: Some(d("2024-02-29")), alerts_open: 0, alerts_recovered: 2 },
            // 李: silver, a follow-up after the span does not count.
            ManagerFacts { manager: Some("李"), tier_now: Some("silver"), days: &b1, last_followup: Some(d("2024-04-02")), alerts_open: 0, alerts_recovered: 1 },
            // No manager, a tier without a visit interval.
            ManagerFacts { manager: None, tier_now: Some("bronze"), days: &b1, last_followup: None, alerts_open: 1, alerts_recovered: 0 },
            ManagerFacts { manager: Some("  "), tier_now: None, days: &[], last_followup: None, alerts_open: 0, alerts_recovered: 0 },
        ];
        for f in &facts {
            t.add(f);
        }
        let got = t.finish();
        type Row<'a> = (
            &'a str,
            bool,
            u64,
            u64,
            f64,
            Option<u64>,
            Option<u64>,
            u64,
            u64,
            Option<f64>,
        );
        let rows: Vec<Row> = got
            .rows
            .iter()
            .chain([&got.total])
            .map(|r| {
                (
                    r.manager.as_str(),
                    r.unassigned,
                    r.customers,
                    r.active,
                    r.revenue,
                    r.alerts_open,
                    r.alerts_recovered,
                    r.visits_due,
                    r.visited,
                    r.coverage,
                )
            })
            .collect();
        assert_eq!(
            rows,
            vec![
                ("李", false, 1, 1, 500.0, Some(0), Some(1), 1, 0, Some(0.0)),
                ("王", false, 2, 1, 150.0, Some(1), Some(2), 2, 1, Some(0.5)),
                ("未指定", true, 2, 1, 500.0, Some(1), Some(0), 0, 0, None),
                (
                    "合计",
                    false,
                    5,
                    3,
                    1150.0,
                    Some(2),
                    Some(3),
                    3,
                    1,
                    Some(1.0 / 3.0)
                ),
            ]
        );
    }

    #[test]
    fn without_alerts_the_columns_are_empty() {
        let mut t = ManagerTally::new(d("2024-01-01"), d("2024-12-31"), HashMap::new(), false);
        t.add(&ManagerFacts {
            manager: Some("王"),
            tier_now: None,
            days: &[],
            last_followup: None,
            alerts_open: 3,
            alerts_recovered: 1,
        });
        let got = t.finish();
        assert_eq!(got.rows.len(), 1);
        assert_eq!(got.rows[0].alerts_open, None);
        assert_eq!(got.total.alerts_recovered, None);
        assert_eq!(got.total.customers, 1);
    }
}
