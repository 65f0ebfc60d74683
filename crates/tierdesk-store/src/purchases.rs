//! Purchases per customer over a window of days, totalled from order lines
//! for the tier engine's figures (spend, orders, recency, RFM).

use chrono::{NaiveDate, NaiveDateTime};
use rusqlite::params;

use crate::{Result, Store};

/// Which order lines a window counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PurchaseWindow {
    /// First day counted, from 00:00:00 (inclusive); `None` counts from the
    /// first line.
    pub from: Option<NaiveDate>,
    /// Last day counted, through 23:59:59 (inclusive): the as-of date, or
    /// the end of the rated period when that comes first. Lines after it
    /// never count, not even for `first_ever`.
    pub to: NaiveDate,
    /// Subtract returns and cancellations (their amounts, whatever their
    /// sign) from spend.
    pub net_returns: bool,
}

/// One customer's purchases in a window. A purchase is a `purchase` line
/// with a positive quantity and a positive amount: returns, cancellations
/// and free (zero-price) lines are not purchases.
#[derive(Debug, Clone, PartialEq)]
pub struct PurchaseTotals {
    pub customer_id: i64,
    /// Distinct order numbers with a purchase in the window.
    pub orders: u64,
    /// Sum of purchase amounts in the window, less returns with `net_returns`.
    pub spend: f64,
    /// First and last purchase in the window.
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
    /// First purchase up to the window's end, however early.
    pub first_ever: Option<NaiveDateTime>,
}

const PURCHASE: &str = "kind = 'purchase' AND quantity > 0 AND amount > 0";
const STAMP: &str = "%Y-%m-%d %H:%M:%S";

fn stamp(d: NaiveDate) -> String {
    d.and_hms_opt(0, 0, 0)
        .expect("midnight exists")
        .format(STAMP)
        .to_string()
}

fn parse(s: Option<String>) -> Option<NaiveDateTime> {
    s.and_then(|s| NaiveDateTime::parse_from_str(&s, STAMP).ok())
}

impl Store {
    /// Every customer with order lines up to the window's end, with their
    /// purchases in the window, in customer id order; one grouped query. A
    /// customer whose lines in the window are all returns is listed with no
    /// orders, so the caller can tell "bought nothing" from "no lines".
    pub fn purchase_totals(&self, w: &PurchaseWindow) -> Result<Vec<PurchaseTotals>> {
        // occurred_at is 'YYYY-MM-DD HH:MM:SS' text, so text comparison is
        // time order; the end bound is the midnight after the last day.
        let in_window = "occurred_at >= ?1";
        let sql = format!(
            "SELECT customer_id,
                    COUNT(DISTINCT CASE WHEN {PURCHASE} AND {in_window} THEN order_no END),
                    COALESCE(SUM(CASE WHEN {PURCHASE} AND {in_window} THEN amount END), 0)
                      - CASE WHEN ?3 THEN COALESCE(SUM(CASE WHEN kind IN ('return', 'cancellation')
                                                   AND {in_window} THEN ABS(amount) END), 0)
                        ELSE 0 END,
                    MIN(CASE WHEN {PURCHASE} AND {in_window} THEN occurred_at END),
                    MAX(CASE WHEN {PURCHASE} AND {in_window} THEN occurred_at END),
                    MIN(CASE WHEN {PURCHASE} THEN occurred_at END)
             FROM transactions
             WHERE occurred_at < ?2
             GROUP BY customer_id
             ORDER BY customer_id"
        );
        let from = w.from.map(stamp).unwrap_or_default();
        let end = stamp(w.to.succ_opt().unwrap_or(w.to));
        let mut stmt = self.conn.prepare_cached(&sql)?;
        let rows = stmt.query_map(params![from, end, w.net_returns], |r| {
            Ok(PurchaseTotals {
                customer_id: r.get(0)?,
                orders: r.get::<_, i64>(1)? as u64,
                spend: r.get(2)?,
                first: parse(r.get(3)?),
                last: parse(r.get(4)?),
                first_ever: parse(r.get(5)?),
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}
