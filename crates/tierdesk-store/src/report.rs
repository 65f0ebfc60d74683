//! Figures for the dashboard and the tier report: batch movements, tier
//! counts over past batches and last purchases.

use std::collections::HashMap;

use tierdesk_domain::TierMove;

use crate::db::Dialect;
use crate::{args, Result, Store};

/// How many customers went from one tier (`None`: not rated) to another.
pub type TierFlow = (Option<String>, Option<String>, u64);

impl Store {
    /// (from tier, to tier, customers) of a batch; `None` for "not rated".
    pub fn batch_matrix(&self, batch_id: i64) -> Result<Vec<TierFlow>> {
        // SQLite's grouping gives the groups in order ("not rated" first);
        // PostgreSQL is told.
        let sql = match self.dialect() {
            Dialect::Sqlite => "SELECT from_tier, to_tier, count(*) FROM tier_history WHERE batch_id = ?1 GROUP BY 1, 2",
            Dialect::Postgres => "SELECT from_tier, to_tier, count(*) FROM tier_history WHERE batch_id = ?1 GROUP BY 1, 2
                 ORDER BY 1 NULLS FIRST, 2 NULLS FIRST",
        };
        self.db().query_map(sql, args![batch_id], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<i64>(2)? as u64))
        })
    }

    /// The customers who changed tier in a batch, highest spend first.
    pub fn batch_moves(&self, batch_id: i64) -> Result<Vec<TierMove>> {
        // PostgreSQL spells SQLite's `IS NOT` between two values `IS DISTINCT FROM`.
        let differs = match self.dialect() {
            Dialect::Sqlite => "IS NOT",
            Dialect::Postgres => "IS DISTINCT FROM",
        };
        let sql = format!(
            "SELECT c.id, c.code, c.name, c.phone, c.spend, h.from_tier, h.to_tier, h.reason
             FROM tier_history h JOIN customers c ON c.id = h.customer_id
             WHERE h.batch_id = ?1 AND h.from_tier {differs} h.to_tier AND c.deleted_at IS NULL
             ORDER BY c.spend DESC NULLS LAST, c.id"
        );
        self.db().query_map(&sql, args![batch_id], |r| {
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
        })
    }

    /// (batch id, tier, customers) for every batch still in force, oldest first.
    pub fn tier_counts_by_batch(&self) -> Result<Vec<(i64, Option<String>, u64)>> {
        // Within a batch SQLite's grouping gives the tiers in order; PostgreSQL is told.
        let sql = match self.dialect() {
            Dialect::Sqlite => "SELECT h.batch_id, h.to_tier, count(*) FROM tier_history h JOIN batches b ON b.id = h.batch_id
             WHERE b.undone_at IS NULL GROUP BY 1, 2 ORDER BY 1",
            Dialect::Postgres => "SELECT h.batch_id, h.to_tier, count(*) FROM tier_history h JOIN batches b ON b.id = h.batch_id
             WHERE b.undone_at IS NULL GROUP BY 1, 2 ORDER BY 1, 2 NULLS FIRST",
        };
        self.db().query_map(sql, args![], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get::<i64>(2)? as u64))
        })
    }

    /// Each customer's last purchase (`YYYY-MM-DD HH:MM:SS`), from the transactions.
    pub fn last_purchases(&self) -> Result<HashMap<i64, String>> {
        let mut out = HashMap::new();
        self.db().for_each(
            "SELECT customer_id, max(occurred_at) FROM transactions WHERE kind = 'purchase' GROUP BY customer_id",
            args![],
            |r| {
                out.insert(r.get(0)?, r.get(1)?);
                Ok(())
            },
        )?;
        Ok(out)
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
        let db = self.db();
        let total: i64 = db.query_row(
            "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND next_rating_on BETWEEN ?1 AND ?2",
            args![a, b],
            |r| r.get(0),
        )?;
        let rows = db.query_map(
            &format!(
                "SELECT {} FROM customers WHERE deleted_at IS NULL AND next_rating_on BETWEEN ?1 AND ?2
             ORDER BY next_rating_on, id LIMIT ?3",
                crate::customers::COLUMNS
            ),
            args![a, b, limit],
            crate::customers::customer_from,
        )?;
        Ok((total as u64, rows))
    }

    /// Live customers born in `month` (1–12), by day of the month (at most
    /// `limit`), and how many there are in all.
    pub fn birthdays_in_month(
        &self,
        month: u32,
        limit: u32,
    ) -> Result<(u64, Vec<tierdesk_domain::Customer>)> {
        let m = format!("{month:02}");
        let db = self.db();
        let total: i64 = db.query_row(
            "SELECT count(*) FROM customers WHERE deleted_at IS NULL AND substr(birth_date, 6, 2) = ?1",
            args![m],
            |r| r.get(0),
        )?;
        let rows = db.query_map(
            &format!(
                "SELECT {} FROM customers WHERE deleted_at IS NULL AND substr(birth_date, 6, 2) = ?1
             ORDER BY substr(birth_date, 9, 2), spend DESC NULLS LAST, id LIMIT ?2",
                crate::customers::COLUMNS
            ),
            args![m, limit],
            crate::customers::customer_from,
        )?;
        Ok((total as u64, rows))
    }
}
