//! The 分析 pass on a team database: customers are read in runs of
//! [`RUN`] ids, each source's rows of that run in one statement, and merged
//! customer by customer as on SQLite (analysis.rs), so memory holds one run.

use crate::analysis::{gather, AnalysisCustomer, AnalysisRead, Feed, Source};
use crate::churn::cell_day;
use crate::db::{Db, Row};
use crate::{args, Result};

/// Customers read per run.
const RUN: i64 = 10_000;

/// Days in `order_days`' key order (customer, day, order), as SQLite's
/// primary key gives them: the spend of a day is added in that order.
const PURCHASE_DAYS: &str = "SELECT customer_id, day, coalesce(spend, 0) + coalesce(spend_err, 0)
     FROM order_days WHERE purchases > 0 AND day <= ?1 AND customer_id BETWEEN ?2 AND ?3
     ORDER BY customer_id, day, order_no";
const TIER_CHANGES: &str = "SELECT h.customer_id, coalesce(b.as_of, h.at), h.from_tier, h.to_tier
     FROM tier_history h LEFT JOIN batches b ON b.id = h.batch_id
     WHERE b.undone_at IS NULL AND h.customer_id BETWEEN ?1 AND ?2 ORDER BY h.customer_id, h.id";
const FOLLOWUPS: &str = "SELECT customer_id, max(at) FROM followups
     WHERE substr(at, 1, 10) <= ?1 AND customer_id BETWEEN ?2 AND ?3
     GROUP BY customer_id ORDER BY customer_id";
const ALERTS: &str = "SELECT customer_id, count(*) FILTER (WHERE status IN ('new', 'followed')),
     count(*) FILTER (WHERE status = 'recovered' AND substr(closed_at, 1, 10) BETWEEN ?1 AND ?2)
     FROM churn_alerts WHERE customer_id BETWEEN ?3 AND ?4 GROUP BY customer_id ORDER BY customer_id";

fn text(r: &Row<'_>, i: usize) -> Result<Option<String>> {
    let t: Option<String> = r.get(i)?;
    Ok(t.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

/// Rows of one source for a run, or none when the pass does not read it.
fn feed<'s, T>(on: bool, rows: impl FnOnce() -> Result<Vec<(i64, T)>>) -> Result<Source<'s, T>> {
    Source::fed(match on {
        true => Some(Feed::Team(rows()?.into_iter())),
        false => None,
    })
}

/// [`crate::Store::for_each_analysis_customer`] on a team database.
pub(crate) fn for_each(
    db: &Db<'_>,
    read: &AnalysisRead,
    f: &mut dyn FnMut(&AnalysisCustomer) -> Result<()>,
) -> Result<u64> {
    for_each_in_runs(db, read, f, RUN)
}

/// [`for_each`] reading `run` customers at a time.
fn for_each_in_runs(
    db: &Db<'_>,
    read: &AnalysisRead,
    f: &mut dyn FnMut(&AnalysisCustomer) -> Result<()>,
    run: i64,
) -> Result<u64> {
    let as_of = read.as_of.format("%Y-%m-%d").to_string();
    let mut c = AnalysisCustomer::default();
    let mut count = 0;
    let mut after = i64::MIN;
    loop {
        let people: Vec<(i64, Option<String>, Option<String>)> = db.query_map(
            "SELECT id, tier, manager FROM customers WHERE deleted_at IS NULL AND id > ?1
             ORDER BY id LIMIT ?2",
            args![after, run],
            |r| Ok((r.get(0)?, text(r, 1)?, text(r, 2)?)),
        )?;
        let (Some(first), Some(last)) = (people.first(), people.last()) else {
            return Ok(count);
        };
        let (lo, hi) = (first.0, last.0);
        after = hi;
        let mut days = feed(true, || {
            db.query_map(PURCHASE_DAYS, args![as_of, lo, hi], |r| {
                Ok((r.get(0)?, (cell_day(r, 1)?, r.get::<f64>(2)?)))
            })
        })?;
        let mut tiers = feed(read.tier_changes, || {
            db.query_map(TIER_CHANGES, args![lo, hi], |r| {
                Ok((r.get(0)?, (cell_day(r, 1)?, text(r, 2)?, text(r, 3)?)))
            })
        })?;
        let mut follow = feed(read.followups, || {
            db.query_map(FOLLOWUPS, args![as_of, lo, hi], |r| {
                Ok((r.get(0)?, cell_day(r, 1)?))
            })
        })?;
        let mut alerts = feed(read.alerts.is_some(), || {
            let (from, to) = read.alerts.unwrap_or_default();
            let (from, to) = (
                from.format("%Y-%m-%d").to_string(),
                to.format("%Y-%m-%d").to_string(),
            );
            db.query_map(ALERTS, args![from, to, lo, hi], |r| {
                Ok((r.get(0)?, (r.get::<u32>(1)?, r.get::<u32>(2)?)))
            })
        })?;
        for (id, tier, manager) in people {
            c.id = id;
            c.tier = tier;
            c.manager = manager;
            gather(&mut c, &mut days, &mut tiers, &mut follow, &mut alerts)?;
            f(&c)?;
            count += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tierdesk_domain::CustomerDraft;

    use super::for_each_in_runs;
    use crate::analysis::AnalysisRead;

    /// Runs of two customers give the same pass as one run of all, a
    /// customer in the recycle bin between runs left out.
    #[test]
    fn runs_of_customers_read_as_one_pass() {
        let Some(mut store) = crate::testing::fresh_postgres() else {
            return;
        };
        let ids: Vec<i64> = (0..5)
            .map(|i| {
                let draft = CustomerDraft {
                    name: format!("客户{i}"),
                    tier: Some(format!(" t{i} ")),
                    ..Default::default()
                };
                store.insert_customer(&draft).unwrap().id
            })
            .collect();
        store.delete_customers(&[ids[2]]).unwrap();
        let read = AnalysisRead {
            as_of: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            tier_changes: true,
            followups: true,
            alerts: None,
        };
        let pass = |run: i64| {
            let mut seen = Vec::new();
            let n = for_each_in_runs(
                &store.db(),
                &read,
                &mut |c| {
                    seen.push((c.id, c.tier.clone()));
                    Ok(())
                },
                run,
            )
            .unwrap();
            assert_eq!(n as usize, seen.len());
            seen
        };
        let all = pass(10_000);
        let want: Vec<(i64, Option<String>)> = [0, 1, 3, 4]
            .iter()
            .map(|&i| (ids[i], Some(format!("t{i}"))))
            .collect();
        assert_eq!(all, want);
        assert_eq!(pass(2), all);
        assert_eq!(pass(1), all);
    }
}
