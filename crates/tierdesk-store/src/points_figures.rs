//! The report's points figures (积分): what was issued, redeemed, expired
//! and adjusted per tier and month, and what each tier's customers hold.
//!
//! The movements are one pass over the ledger grouped by (tier, month,
//! what the row did); a reversal counts against what it reverses (undoing
//! an import takes back issued points, undoing a redemption gives back
//! redeemed ones) through a primary-key look-up of the reversed row. The
//! holdings (balances and the points about to expire) are a second
//! statement, [`HOLDINGS`]. Customers in the
//! recycle bin are left out, as everywhere in the report; the tier is the
//! customer's current one.

use chrono::NaiveDate;

use crate::{args, Result, Store};

/// What each tier's live customers hold as of `?1` (their balance, those with
/// one other than 0) and what runs out by `?2`: the points expiring as
/// `tierdesk_domain::points::expiring` counts them (first earned, first
/// used), in SQL: each lot (a row that added points and was not reversed)
/// keeps what the uses leave of it after the lots before it (by day, then
/// id), and the lots whose expiry has come by `?2` are summed, at most the
/// customer's balance. One statement instead of a query per customer: a
/// ledger of a million rows is read in a few passes.
const HOLDINGS: &str = "
WITH live AS (
    SELECT l.customer_id, l.id, l.on_day, l.points, l.expires_on
    FROM points_ledger l
    WHERE l.kind <> 'reverse'
      AND NOT EXISTS (SELECT 1 FROM points_ledger r WHERE r.reverses_id = l.id)),
used AS (
    SELECT customer_id, SUM(-points) AS used FROM live WHERE points < 0 GROUP BY customer_id),
lots AS (
    SELECT customer_id, points, expires_on,
           SUM(points) OVER (PARTITION BY customer_id ORDER BY on_day, id
                             ROWS UNBOUNDED PRECEDING) - points AS before
    FROM live WHERE points > 0),
soon AS (
    SELECT lots.customer_id,
           SUM(MAX(0, lots.points - MAX(0, COALESCE(used.used, 0) - lots.before))) AS points
    FROM lots LEFT JOIN used ON used.customer_id = lots.customer_id
    WHERE lots.expires_on IS NOT NULL AND lots.expires_on <= ?2
    GROUP BY lots.customer_id),
bal AS (
    SELECT customer_id, SUM(points) AS balance FROM points_ledger
    WHERE on_day <= ?1 GROUP BY customer_id)
SELECT c.tier, SUM(CASE WHEN bal.balance <> 0 THEN 1 ELSE 0 END), SUM(bal.balance),
       SUM(MIN(COALESCE(soon.points, 0), MAX(bal.balance, 0)))
FROM bal
JOIN customers c ON c.id = bal.customer_id AND c.deleted_at IS NULL
LEFT JOIN soon ON soon.customer_id = bal.customer_id
GROUP BY c.tier
ORDER BY c.tier NULLS FIRST";

/// Points of one tier in one month, each figure whole points.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointsMonth {
    /// The tier key; `None` without a tier.
    pub tier: Option<String>,
    /// `YYYY-MM`.
    pub month: String,
    /// Earned and carried over (earn, opening), less their reversals.
    pub issued: i64,
    /// Spent on the catalogue, as a positive number, less undone redemptions.
    pub redeemed: i64,
    /// Ran out, as a positive number.
    pub expired: i64,
    /// Hand adjustments (signed), less their reversals.
    pub adjusted: i64,
}

/// What one tier's customers hold.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointsHolding {
    pub tier: Option<String>,
    /// Customers with a balance other than 0.
    pub customers: u64,
    pub balance: i64,
    /// Points that run out by the day asked about unless used first.
    pub expiring: i64,
}

/// The report's points figures as the ledger holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PointsSums {
    /// By tier and month, oldest month first.
    pub months: Vec<PointsMonth>,
    /// By tier.
    pub holdings: Vec<PointsHolding>,
}

impl PointsSums {
    /// Whether the ledger has any row of a live customer.
    pub fn is_empty(&self) -> bool {
        self.months.is_empty()
    }
}

impl Store {
    /// The points figures of live customers, up to and including `as_of`;
    /// `expiring` counts points that run out by `expiring_by`.
    pub fn points_sums(&self, as_of: NaiveDate, expiring_by: NaiveDate) -> Result<PointsSums> {
        let as_of = as_of.to_string();
        let db = self.db();
        let months = db.query_map(
            "SELECT c.tier, substr(l.on_day, 1, 7) AS month,
                    SUM(CASE WHEN l.kind IN ('earn', 'opening')
                               OR (l.kind = 'reverse' AND r.kind IN ('earn', 'opening'))
                             THEN l.points ELSE 0 END),
                    -SUM(CASE WHEN l.kind = 'redeem'
                               OR (l.kind = 'reverse' AND r.kind = 'redeem')
                             THEN l.points ELSE 0 END),
                    -SUM(CASE WHEN l.kind = 'expire'
                               OR (l.kind = 'reverse' AND r.kind = 'expire')
                             THEN l.points ELSE 0 END),
                    SUM(CASE WHEN l.kind = 'adjust'
                               OR (l.kind = 'reverse' AND (r.kind IS NULL OR r.kind IN ('adjust', 'reverse')))
                             THEN l.points ELSE 0 END)
             FROM points_ledger l
             JOIN customers c ON c.id = l.customer_id AND c.deleted_at IS NULL
             LEFT JOIN points_ledger r ON r.id = l.reverses_id
             WHERE l.on_day <= ?1
             GROUP BY c.tier, month
             ORDER BY month, c.tier NULLS FIRST",
            args![as_of],
            |r| {
                Ok(PointsMonth {
                    tier: r.get(0)?,
                    month: r.get(1)?,
                    issued: r.get(2)?,
                    redeemed: r.get(3)?,
                    expired: r.get(4)?,
                    adjusted: r.get(5)?,
                })
            },
        )?;
        let holdings = db.query_map(HOLDINGS, args![as_of, expiring_by.to_string()], |r| {
            Ok(PointsHolding {
                tier: r.get(0)?,
                customers: r.get::<i64>(1)?.max(0) as u64,
                balance: r.get(2)?,
                expiring: r.get(3)?,
            })
        })?;
        Ok(PointsSums { months, holdings })
    }
}
