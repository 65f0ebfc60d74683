//! Figures for the dashboard and the tier report: batch movements, tier
//! counts over past batches and last purchases.

use std::collections::HashMap;

use rusqlite::params;

use tierdesk_domain::TierMove;

use crate::{Result, Store};

/// How many customers went from one tier (`None`: not rated) to another.
pub type TierFlow = (Option<String>, Option<String>, u64);

impl Store {
    /// (from tier, to tier, customers) of a batch; `None` for "not rated".
    pub fn batch_matrix(&self, batch_id: i64) -> Result<Vec<TierFlow>> {
        let mut stmt = self.conn.prepare(
            "SELECT from_tier, to_tier, count(*) FROM tier_history WHERE batch_id = ?1 GROUP BY 1, 2",
        )?;
        let rows = stmt.query_map([batch_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// The customers who changed tier in a batch, highest spend first.
    pub fn batch_moves(&self, batch_id: i64) -> Result<Vec<TierMove>> {
        let mut stmt = self.conn.prepare(
            "SELECT c.id, c.code, c.name, c.phone, c.spend, h.from_tier, h.to_tier, h.reason
             FROM tier_history h JOIN customers c ON c.id = h.customer_id
             WHERE h.batch_id = ?1 AND h.from_tier IS NOT h.to_tier AND c.deleted_at IS NULL
             ORDER BY c.spend DESC NULLS LAST, c.id",
        )?;
        let rows = stmt.query_map(params![batch_id], |r| {
            Ok(TierMove {
                customer_id: r.get(0)?,
                code: r.get(1)?,
                name: r.get(2)?,
                phone: r.get(3)?,
                spend: r.get(4)?,
                from_tier: r.get(5)?,
                to_tier: r.get(6)?,
                reason: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// (batch id, tier, customers) for every batch still in force, oldest first.
    pub fn tier_counts_by_batch(&self) -> Result<Vec<(i64, Option<String>, u64)>> {
        let mut stmt = self.conn.prepare(
            "SELECT h.batch_id, h.to_tier, count(*) FROM tier_history h JOIN batches b ON b.id = h.batch_id
             WHERE b.undone_at IS NULL GROUP BY 1, 2 ORDER BY 1",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<_, i64>(2)? as u64))
        })?;
        Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Each customer's last purchase (`YYYY-MM-DD HH:MM:SS`), from the transactions.
    pub fn last_purchases(&self) -> Result<HashMap<i64, String>> {
        let mut stmt = self.conn.prepare(
            "SELECT customer_id, max(occurred_at) FROM transactions WHERE kind = 'purchase' GROUP BY customer_id",
        )?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?;
        Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
    }
}

impl Store {
    /// Live customers whose next rating date falls in `from..=to`, soonest
    /// first (at most `limit`), and how many there are in all.
    pub fn upcoming_ratings(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
        limit: u32,
    ) -> Result<(u64, Vec<tierdesk_domain::Customer>)> {
        let (a, b) = (
            from.format("%Y-%m-%d").to_string(),
            to.format("%Y-%m-%d").to_string(),
        );
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND next_rating_on BETWEEN ?1 AND ?2",
            params![a, b],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM customers WHERE deleted_at IS NULL AND next_rating_on BETWEEN ?1 AND ?2
             ORDER BY next_rating_on, id LIMIT ?3",
            crate::customers::COLUMNS
        ))?;
        let rows = stmt.query_map(params![a, b, limit], crate::customers::from_row)?;
        Ok((total as u64, rows.collect::<rusqlite::Result<Vec<_>>>()?))
    }

    /// Live customers born in `month` (1–12), by day of the month (at most
    /// `limit`), and how many there are in all.
    pub fn birthdays_in_month(
        &self,
        month: u32,
        limit: u32,
    ) -> Result<(u64, Vec<tierdesk_domain::Customer>)> {
        let m = format!("{month:02}");
        let total: i64 = self.conn.query_row(
            "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND substr(birth_date, 6, 2) = ?1",
            params![m],
            |r| r.get(0),
        )?;
        let mut stmt = self.conn.prepare(&format!(
            "SELECT {} FROM customers WHERE deleted_at IS NULL AND substr(birth_date, 6, 2) = ?1
             ORDER BY substr(birth_date, 9, 2), spend DESC NULLS LAST, id LIMIT ?2",
            crate::customers::COLUMNS
        ))?;
        let rows = stmt.query_map(params![m, limit], crate::customers::from_row)?;
        Ok((total as u64, rows.collect::<rusqlite::Result<Vec<_>>>()?))
    }
}
