//! What the 分析 figures read (retention, cohorts, per 客户经理): every live
//! customer's tier and 客户经理 with their purchase days (orders and spend
//! per day), tier changes, last follow-up and churn alerts, in one pass.
//!
//! Each source is read in customer order by its own query (the purchase
//! days in `order_days`' primary-key order, so SQLite sorts nothing) and the
//! sources are merged customer by customer into one reused
//! [`AnalysisCustomer`]: a million customers and twenty million order rows
//! never sit in memory at once.

use chrono::NaiveDate;
use rusqlite::{Connection, Row, Rows};

use crate::db::Dialect;
use crate::{args, Result, Store};

/// One live customer as the figures read them. The vectors are reused from
/// one customer to the next.
#[derive(Debug, Default, Clone, PartialEq)]
pub struct AnalysisCustomer {
    pub id: i64,
    /// The tier now (trimmed; `None` when empty).
    pub tier: Option<String>,
    pub manager: Option<String>,
    /// Purchase days up to the as-of day, oldest first: (day, orders with a
    /// purchase that day, their spend).
    pub days: Vec<(NaiveDate, u32, f64)>,
    /// Tier changes not undone, oldest first: (the batch's as-of day or the
    /// day of a change by hand, from, to).
    pub tier_changes: Vec<(NaiveDate, Option<String>, Option<String>)>,
    /// The latest follow-up on or before the as-of day.
    pub last_followup: Option<NaiveDate>,
    /// Churn alerts open now (新 or 已跟进).
    pub alerts_open: u32,
    /// Churn alerts closed as 已挽回 on a day of `AnalysisRead::recovered`.
    pub alerts_recovered: u32,
}

/// Customers a rating batch moved: (batch, from tier, to tier, customers).
pub type BatchFlow = (i64, Option<String>, Option<String>, u64);

/// What a pass reads besides the customers and their purchase days.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AnalysisRead {
    pub as_of: NaiveDate,
    pub tier_changes: bool,
    pub followups: bool,
    /// Alerts (when the table exists), with the days 已挽回 is counted in.
    pub alerts: Option<(NaiveDate, NaiveDate)>,
}

fn day_cell(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<NaiveDate>> {
    Ok(crate::churn::cell_bytes(r, i)?.and_then(crate::churn::day_bytes))
}

fn text_cell(r: &Row<'_>, i: usize) -> rusqlite::Result<Option<String>> {
    let t: Option<String> = r.get(i)?;
    Ok(t.map(|s| s.trim().to_owned()).filter(|s| !s.is_empty()))
}

/// Rows in customer order, each read into `(customer, T)`, with the next
/// one kept in sight.
pub(crate) struct Source<'s, T> {
    rows: Option<Feed<'s, T>>,
    /// The row `rows` stands on; `None` when done.
    next: Option<(i64, T)>,
}

/// Where a source's rows come from: SQLite's statement read as it goes, or
/// a team database's rows of a run of customers (analysis_team.rs).
pub(crate) enum Feed<'s, T> {
    Lite(Rows<'s>, fn(&Row<'_>) -> rusqlite::Result<T>),
    Team(std::vec::IntoIter<(i64, T)>),
}

impl<'s, T> Source<'s, T> {
    fn new(rows: Option<Rows<'s>>, read: fn(&Row<'_>) -> rusqlite::Result<T>) -> Result<Self> {
        Source::fed(rows.map(|rows| Feed::Lite(rows, read)))
    }

    pub(crate) fn fed(rows: Option<Feed<'s, T>>) -> Result<Self> {
        let mut s = Source { rows, next: None };
        s.advance()?;
        Ok(s)
    }

    fn advance(&mut self) -> Result<()> {
        self.next = match self.rows.as_mut() {
            Some(Feed::Lite(rows, read)) => match rows.next()? {
                Some(r) => Some((r.get(0)?, read(r)?)),
                None => None,
            },
            Some(Feed::Team(rows)) => rows.next(),
            None => None,
        };
        Ok(())
    }

    /// Skips the rows of customers before `id` (in the recycle bin), then
    /// hands each row of `id` to `f`.
    fn take(&mut self, id: i64, mut f: impl FnMut(T)) -> Result<()> {
        while self.next.as_ref().is_some_and(|(at, _)| *at < id) {
            self.advance()?;
        }
        while self.next.as_ref().is_some_and(|(at, _)| *at == id) {
            if let Some((_, v)) = self.next.take() {
                f(v);
            }
            self.advance()?;
        }
        Ok(())
    }
}

fn table_exists(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?1",
        [name],
        |r| r.get::<_, i64>(0),
    )? > 0)
}

const PURCHASE_DAYS: &str = "SELECT customer_id, day, coalesce(spend, 0) + coalesce(spend_err, 0)
     FROM order_days WHERE purchases > 0 AND day <= ?1 ORDER BY customer_id, day";
const TIER_CHANGES: &str = "SELECT h.customer_id, coalesce(b.as_of, h.at), h.from_tier, h.to_tier
     FROM tier_history h LEFT JOIN batches b ON b.id = h.batch_id
     WHERE b.undone_at IS NULL ORDER BY h.customer_id, h.id";
const FOLLOWUPS: &str = "SELECT customer_id, max(at) FROM followups
     WHERE substr(at, 1, 10) <= ?1 GROUP BY customer_id ORDER BY customer_id";
const ALERTS: &str = "SELECT customer_id, sum(status IN ('new', 'followed')),
     sum(status = 'recovered' AND substr(closed_at, 1, 10) BETWEEN ?1 AND ?2)
     FROM churn_alerts GROUP BY customer_id ORDER BY customer_id";

impl Store {
    /// Whether churn alerts have been refreshed at least once (the alerts
    /// table exists and holds a refresh's record).
    pub fn churn_refreshed(&self) -> Result<bool> {
        // A team database is made by every migration: the table is there.
        if let Some(conn) = self.db().lite() {
            if !table_exists(conn, "churn_fits")? {
                return Ok(false);
            }
        }
        self.db()
            .query_row("SELECT EXISTS (SELECT 1 FROM churn_fits)", args![], |r| {
                r.get(0)
            })
    }

    /// Calls `f` with every live customer (not in the recycle bin), in id
    /// order; returns how many.
    pub fn for_each_analysis_customer(
        &self,
        read: &AnalysisRead,
        mut f: impl FnMut(&AnalysisCustomer) -> Result<()>,
    ) -> Result<u64> {
        let as_of = read.as_of.format("%Y-%m-%d").to_string();
        // The merge pulls five SQLite statements side by side; a team
        // database reads runs of customers instead (analysis_team.rs).
        let Some(conn) = self.db().lite() else {
            return crate::analysis_team::for_each(&self.db(), read, &mut f);
        };
        let mut people = conn.prepare(
            "SELECT id, tier, manager FROM customers WHERE deleted_at IS NULL ORDER BY id",
        )?;
        let mut days_stmt = conn.prepare(PURCHASE_DAYS)?;
        let mut days = Source::new(Some(days_stmt.query([&as_of])?), |r| {
            Ok((day_cell(r, 1)?, r.get::<_, f64>(2)?))
        })?;
        let mut tiers_stmt = conn.prepare(TIER_CHANGES)?;
        let mut tiers = Source::new(
            match read.tier_changes {
                true => Some(tiers_stmt.query([])?),
                false => None,
            },
            |r| Ok((day_cell(r, 1)?, text_cell(r, 2)?, text_cell(r, 3)?)),
        )?;
        let mut follow_stmt = conn.prepare(FOLLOWUPS)?;
        let mut follow = Source::new(
            match read.followups {
                true => Some(follow_stmt.query([&as_of])?),
                false => None,
            },
            |r| day_cell(r, 1),
        )?;
        let alerts_on = read.alerts.is_some() && table_exists(conn, "churn_alerts")?;
        let mut alert_stmt = match alerts_on {
            true => Some(conn.prepare(ALERTS)?),
            false => None,
        };
        let mut alerts = Source::new(
            match (alert_stmt.as_mut(), read.alerts) {
                (Some(stmt), Some((from, to))) => Some(stmt.query([
                    from.format("%Y-%m-%d").to_string(),
                    to.format("%Y-%m-%d").to_string(),
                ])?),
                _ => None,
            },
            |r| {
                Ok((
                    r.get::<_, Option<u32>>(1)?.unwrap_or(0),
                    r.get::<_, Option<u32>>(2)?.unwrap_or(0),
                ))
            },
        )?;
        let mut c = AnalysisCustomer::default();
        let mut rows = people.query([])?;
        let mut count = 0;
        while let Some(r) = rows.next()? {
            c.id = r.get(0)?;
            c.tier = text_cell(r, 1)?;
            c.manager = text_cell(r, 2)?;
            gather(&mut c, &mut days, &mut tiers, &mut follow, &mut alerts)?;
            f(&c)?;
            count += 1;
        }
        Ok(count)
    }

    /// The moves of every rating batch not undone: (batch, from, to, customers).
    pub fn tier_flows(&self) -> Result<Vec<BatchFlow>> {
        // Within a batch SQLite's grouping gives the flows in order; PostgreSQL is told.
        let sql = match self.dialect() {
            Dialect::Sqlite => {
                "SELECT h.batch_id, h.from_tier, h.to_tier, count(*)
             FROM tier_history h JOIN batches b ON b.id = h.batch_id
             WHERE b.undone_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1"
            }
            Dialect::Postgres => {
                "SELECT h.batch_id, h.from_tier, h.to_tier, count(*)
             FROM tier_history h JOIN batches b ON b.id = h.batch_id
             WHERE b.undone_at IS NULL GROUP BY 1, 2, 3 ORDER BY 1, 2 NULLS FIRST, 3 NULLS FIRST"
            }
        };
        self.db().query_map(sql, args![], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get::<i64>(3)? as u64))
        })
    }
}

/// A source's rows: (customer, what the row says).
pub(crate) type Days<'s> = Source<'s, (Option<NaiveDate>, f64)>;
pub(crate) type Tiers<'s> = Source<'s, (Option<NaiveDate>, Option<String>, Option<String>)>;
pub(crate) type Follows<'s> = Source<'s, Option<NaiveDate>>;
pub(crate) type Alerts<'s> = Source<'s, (u32, u32)>;

/// Fills `c` (its id, tier and 客户经理 set) from each source's rows of it.
pub(crate) fn gather(
    c: &mut AnalysisCustomer,
    days: &mut Days<'_>,
    tiers: &mut Tiers<'_>,
    follow: &mut Follows<'_>,
    alerts: &mut Alerts<'_>,
) -> Result<()> {
    c.days.clear();
    days.take(c.id, |(day, spend)| {
        let Some(day) = day else { return };
        match c.days.last_mut() {
            Some((d, orders, s)) if *d == day => {
                *orders += 1;
                *s += spend;
            }
            _ => c.days.push((day, 1, spend)),
        }
    })?;
    c.tier_changes.clear();
    tiers.take(c.id, |(day, from, to)| {
        if let Some(day) = day {
            c.tier_changes.push((day, from, to));
        }
    })?;
    c.tier_changes.sort_by_key(|t| t.0);
    c.last_followup = None;
    follow.take(c.id, |day| c.last_followup = day)?;
    (c.alerts_open, c.alerts_recovered) = (0, 0);
    alerts.take(c.id, |(open, won)| {
        c.alerts_open = open;
        c.alerts_recovered = won;
    })?;
    Ok(())
}
