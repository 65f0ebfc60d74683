//! A rating's changes on a team database: a statement per customer would be
//! a round trip each (millions for a large rating), so the changes are
//! COPY'd into a staging table and written by one statement per table, in
//! the changes' order. SQLite keeps its own loop (rating.rs).

use tierdesk_domain::TierChange;

use crate::copy_rows::CopyRows;
use crate::db::Db;
use crate::rating::Stamp;
use crate::{args, Result};

/// Rows sent per COPY.
const CHUNK: usize = 10_000;

const COPY: &str = "COPY tierdesk_rating_stage (n, customer_id, to_tier, score, reason, manual, \
                    proposed_tier, m_reason, expires_on) FROM STDIN";

/// Writes `changes` as rating.rs's SQLite loop does: for each customer
/// still there, a history row (tier and rating dates before), the new tier
/// and dates, and the choice at review if any. How many customers moved
/// and how many choices were recorded.
pub(crate) fn apply_changes(
    db: &Db<'_>,
    stamp: &Stamp<'_>,
    changes: &[TierChange],
) -> Result<(i64, i64)> {
    db.execute_batch(
        "CREATE TEMP TABLE tierdesk_rating_stage (
             n BIGINT NOT NULL, customer_id BIGINT NOT NULL, to_tier TEXT COLLATE \"C\" NOT NULL,
             score DOUBLE PRECISION, reason TEXT COLLATE \"C\" NOT NULL, manual BIGINT NOT NULL,
             proposed_tier TEXT COLLATE \"C\", m_reason TEXT COLLATE \"C\", expires_on TEXT COLLATE \"C\"
         ) ON COMMIT DROP",
    )?;
    let mut rows = CopyRows::new();
    for (n, c) in changes.iter().enumerate() {
        rows.int(n as i64);
        rows.int(c.customer_id);
        rows.text(Some(&c.to_tier));
        rows.real(c.score);
        rows.text(Some(&c.reason));
        rows.int(i64::from(c.manual.is_some()));
        let m = c.manual.as_ref();
        rows.text(m.map(|m| m.proposed_tier.as_str()));
        rows.text(m.map(|m| m.reason.as_str()));
        let expires = m
            .and_then(|m| m.expires_on)
            .map(|d| d.format("%Y-%m-%d").to_string());
        rows.text(expires.as_deref());
        rows.end_row();
        if (n + 1) % CHUNK == 0 {
            rows.send(db, COPY)?;
        }
    }
    rows.send(db, COPY)?;
    db.execute_batch("ANALYZE tierdesk_rating_stage")?;
    // Moved or not is the domain's one test (TierChange::moves_from), on
    // the tier each customer holds before the update below.
    let mut moved = 0i64;
    db.for_each(
        "SELECT s.n, c.tier FROM tierdesk_rating_stage s JOIN customers c ON c.id = s.customer_id",
        args![],
        |r| {
            let n: i64 = r.get(0)?;
            let from: Option<String> = r.get(1)?;
            if changes[n as usize].moves_from(from.as_deref()) {
                moved += 1;
            }
            Ok(())
        },
    )?;
    db.execute(
        "INSERT INTO tier_history(customer_id, batch_id, from_tier, to_tier, score, reason, who, at,
             prev_last_rated_on, prev_next_rating_on)
         SELECT s.customer_id, ?1, c.tier, s.to_tier, s.score, s.reason, ?2, ?3,
             c.last_rated_on, c.next_rating_on
         FROM tierdesk_rating_stage s JOIN customers c ON c.id = s.customer_id ORDER BY s.n",
        args![stamp.batch, stamp.who, stamp.now],
    )?;
    db.execute(
        "UPDATE customers SET tier = s.to_tier, last_rated_on = ?1, next_rating_on = ?2, updated_at = ?3,
             version = customers.version + 1, updated_by = ?4
         FROM tierdesk_rating_stage s WHERE customers.id = s.customer_id",
        args![stamp.rated, stamp.next, stamp.now, stamp.who],
    )?;
    let overrides = db.execute(
        "INSERT INTO tier_overrides(batch_id, customer_id, proposed_tier, tier, reason, expires_on, who, at)
         SELECT ?1, s.customer_id, s.proposed_tier, s.to_tier, s.m_reason, s.expires_on, ?2, ?3
         FROM tierdesk_rating_stage s JOIN customers c ON c.id = s.customer_id
         WHERE s.manual = 1 ORDER BY s.n",
        args![stamp.batch, stamp.who, stamp.now],
    )?;
    Ok((moved, overrides as i64))
}
