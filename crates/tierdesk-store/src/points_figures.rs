//! The report's points figures (积分): what was issued, redeemed, expired
//! and adjusted per tier and month, and what each tier's customers hold.
//!
//! The movements are one pass over the ledger grouped by (tier, month,
//! what the row did); a reversal counts against what it reverses (undoing
//! an import takes back issued points, undoing a redemption gives back
//! redeemed ones) through a primary-key look-up of the reversed row. The
//! holdings are a second pass grouped per customer. Customers in the
//! recycle bin are left out, as everywhere in the report; the tier is the
//! customer's current one.

use chrono::NaiveDate;
use tierdesk_domain::points::expiring;

use crate::points::lots_in;
use crate::{Result, Store};

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
        let mut stmt = self.conn.prepare(
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
             ORDER BY month, c.tier",
        )?;
        let months = stmt
            .query_map([&as_of], |r| {
                Ok(PointsMonth {
                    tier: r.get(0)?,
                    month: r.get(1)?,
                    issued: r.get(2)?,
                    redeemed: r.get(3)?,
                    expired: r.get(4)?,
                    adjusted: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        let mut stmt = self.conn.prepare(
            "SELECT c.tier, l.customer_id, SUM(l.points)
             FROM points_ledger l
             JOIN customers c ON c.id = l.customer_id AND c.deleted_at IS NULL
             WHERE l.on_day <= ?1
             GROUP BY l.customer_id
             ORDER BY c.tier, l.customer_id",
        )?;
        let mut rows = stmt.query([&as_of])?;
        let mut holdings: Vec<PointsHolding> = Vec::new();
        while let Some(r) = rows.next()? {
            let tier: Option<String> = r.get(0)?;
            let customer_id: i64 = r.get(1)?;
            let balance: i64 = r.get(2)?;
            let (lots, used) = lots_in(&self.conn, customer_id)?;
            let soon = expiring(&lots, used, expiring_by).min(balance.max(0));
            let h = match holdings.iter_mut().find(|h| h.tier == tier) {
                Some(h) => h,
                None => {
                    holdings.push(PointsHolding {
                        tier,
                        ..Default::default()
                    });
                    holdings.last_mut().expect("just pushed")
                }
            };
            h.customers += u64::from(balance != 0);
            h.balance += balance;
            h.expiring += soon;
        }
        Ok(PointsSums { months, holdings })
    }
}
