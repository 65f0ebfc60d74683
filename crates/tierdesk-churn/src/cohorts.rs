//! Cohort retention (同期群留存): customers grouped by the month of their
//! first purchase, and how many of each group bought again in each month
//! after it, as counts and as shares of the group.
//!
//! Month 0 is the month of the first purchase, so its count is the group's
//! size. Months after the as-of day's month have no cell.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::retention::PurchaseDay;

/// One group: customers whose first purchase is in `cohort` (`2024-01`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct CohortRow {
    pub cohort: String,
    pub label: String,
    #[ts(type = "number")]
    pub size: u64,
    /// Customers of the group with a purchase in month 0, 1, 2 … after the
    /// first, up to the as-of day's month.
    #[ts(type = "number[]")]
    pub active: Vec<u64>,
    /// `active` ÷ `size` (0.25 = 25%).
    pub shares: Vec<f64>,
}

/// The groups of the last `months` months up to `as_of`, oldest first.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct Cohorts {
    pub as_of: NaiveDate,
    #[ts(type = "number")]
    pub months: u32,
    pub rows: Vec<CohortRow>,
}

/// Months from `from`'s month to `to`'s month.
fn months_between(from: NaiveDate, to: NaiveDate) -> i64 {
    i64::from(to.year() - from.year()) * 12 + i64::from(to.month0()) - i64::from(from.month0())
}

/// Adds up the groups one customer at a time.
pub struct CohortTally {
    as_of: NaiveDate,
    /// The first day of the oldest group's month.
    first_month: NaiveDate,
    months: u32,
    sizes: Vec<u64>,
    active: Vec<Vec<u64>>,
}

impl CohortTally {
    /// The groups of the `months` months ending with the as-of day's (at least one).
    pub fn new(as_of: NaiveDate, months: u32) -> Self {
        let months = months.max(1);
        let this_month = as_of.with_day(1).unwrap_or(as_of);
        let first_month = this_month
            .checked_sub_months(Months::new(months - 1))
            .unwrap_or(this_month);
        let n = months as usize;
        CohortTally {
            as_of,
            first_month,
            months,
            sizes: vec![0; n],
            active: (0..n).map(|i| vec![0; n - i]).collect(),
        }
    }

    /// Adds a customer's purchase days (oldest first); days after the as-of
    /// day are not counted, and a customer whose first purchase is before
    /// the oldest group is in none.
    pub fn add(&mut self, days: &[PurchaseDay]) {
        let days = &days[..days.partition_point(|d| d.day <= self.as_of)];
        let Some(first) = days.first() else {
            return;
        };
        let group = months_between(self.first_month, first.day);
        if group < 0 {
            return;
        }
        let group = group as usize;
        self.sizes[group] += 1;
        let mut last = -1;
        for d in days {
            let since = months_between(first.day, d.day);
            if since != last {
                self.active[group][since as usize] += 1;
                last = since;
            }
        }
    }

    pub fn finish(self) -> Cohorts {
        let rows = self
            .sizes
            .iter()
            .zip(self.active)
            .enumerate()
            .map(|(i, (&size, active))| {
                let start = self
                    .first_month
                    .checked_add_months(Months::new(i as u32))
                    .unwrap_or(self.first_month);
                let shares = active
                    .iter()
                    .map(|&a| {
                        if size > 0 {
                            a as f64 / size as f64
                        } else {
                            0.0
                        }
                    })
                    .collect();
                CohortRow {
                    cohort: format!("{}-{:02}", start.year(), start.month()),
                    label: format!("{}年{}月", start.year(), start.month()),
                    size,
                    active,
                    shares,
                }
            })
            .collect();
        Cohorts {
            as_of: self.as_of,
            months: self.months,
            rows,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn days(list: &[&str]) -> Vec<PurchaseDay> {
        list.iter()
            .map(|s| PurchaseDay {
                day: d(s),
                orders: 1,
                spend: 1.0,
            })
            .collect()
    }

    /// Group, size, active per month since.
    type Row<'a> = (&'a str, u64, Vec<u64>);
    /// Name, each customer's purchase days, the groups expected.
    type Case = (&'static str, Vec<Vec<&'static str>>, Vec<Row<'static>>);

    #[test]
    fn groups_by_first_month() {
        // As of 15 March 2024, three groups: January, February, March.
        #[rustfmt::skip]
        let cases: Vec<Case> = vec![
            ("nobody", vec![],
             vec![("2024-01", 0, vec![0, 0, 0]), ("2024-02", 0, vec![0, 0]), ("2024-03", 0, vec![0])]),
            ("two days in one month count once; a gap month stays empty",
             vec![vec!["2024-01-05", "2024-01-20", "2024-03-01"]],
             vec![("2024-01", 1, vec![1, 0, 1]), ("2024-02", 0, vec![0, 0]), ("2024-03", 0, vec![0])]),
            ("31 January and 1 February are months 0 and 1; a leap day counts",
             vec![vec!["2024-01-31", "2024-02-01"], vec!["2024-02-29", "2024-03-15"]],
             vec![("2024-01", 1, vec![1, 1, 0]), ("2024-02", 1, vec![1, 1]), ("2024-03", 0, vec![0])]),
            ("first purchase before the oldest group, or after the as-of day: in none",
             vec![vec!["2023-12-31", "2024-01-02"], vec!["2024-03-16"]],
             vec![("2024-01", 0, vec![0, 0, 0]), ("2024-02", 0, vec![0, 0]), ("2024-03", 0, vec![0])]),
            ("a purchase after the as-of day is not counted",
             vec![vec!["2024-02-10", "2024-03-20"]],
             vec![("2024-01", 0, vec![0, 0, 0]), ("2024-02", 1, vec![1, 0]), ("2024-03", 0, vec![0])]),
        ];
        for (name, customers, want) in cases {
            let mut t = CohortTally::new(d("2024-03-15"), 3);
            for c in &customers {
                t.add(&days(c));
            }
            let got = t.finish();
            let rows: Vec<Row> = got
                .rows
                .iter()
                .map(|r| (r.cohort.as_str(), r.size, r.active.clone()))
                .collect();
            assert_eq!(rows, want, "{name}");
        }
    }

    #[test]
    fn shares_and_a_year_boundary() {
        let mut t = CohortTally::new(d("2024-01-31"), 2);
        t.add(&days(&["2023-12-01", "2024-01-05"]));
        t.add(&days(&["2023-12-24"]));
        let c = t.finish();
        assert_eq!(c.rows[0].cohort, "2023-12");
        assert_eq!(c.rows[0].label, "2023年12月");
        assert_eq!(c.rows[0].active, vec![2, 1]);
        assert_eq!(c.rows[0].shares, vec![1.0, 0.5]);
        assert_eq!(c.rows[1].cohort, "2024-01");
        assert_eq!(c.rows[1].shares, vec![0.0]);
    }
}
