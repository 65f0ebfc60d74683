//! The order import on a team database (PostgreSQL): lines are sent
//! `PER_COPY` at a time by COPY straight into `transactions`, inside the
//! import's transaction, in the order they came (ids ascend with it, as on
//! SQLite); the new customers' undo records are written by one statement. A
//! round trip per line or per customer is what costs on a server.
//!
//! Straight in rather than through a staging table and one `INSERT …
//! SELECT` at the end: the staging table was written and read once more,
//! and an `INSERT … SELECT` stores row by row where COPY stores a page's
//! worth at a time. With the index built after the lines (below), the
//! server's CPU time for the Online Retail lines fell from about 2.5 s to
//! 1.7 s an import (scripts/pg-bench.sh import, on a busy machine).
//! Until the import commits its lines are seen by nobody else, and a
//! rolled-back import leaves none.

use super::{LineImport, WriteTx};
use crate::{args, Actor, Result, StoreError};
use tierdesk_domain::FieldDef;

/// Order lines sent per COPY on a team database: few enough that the
/// batch's text stays small (about a megabyte), many enough that the round
/// trips do not count.
const PER_COPY: usize = 10_000;

/// The lines' columns as COPY sends them; the id comes from the table's
/// identity, one after another in the order of the rows.
const COPY_LINES: &str = "COPY transactions (customer_id, import_id, order_no, occurred_at, \
                          product, quantity, unit_price, amount, kind) FROM STDIN";

impl<'s> LineImport<'s> {
    /// The import on a team database: lines are sent `PER_COPY` at a time
    /// by COPY into `transactions` (see the module's doc).
    pub(super) fn team(
        actor: Actor,
        new_fields: &[FieldDef],
        tx: WriteTx<'s>,
        import_id: i64,
    ) -> Result<LineImport<'s>> {
        // New customers' ids are reserved as on SQLite (see
        // `begin_line_import`): past every id stored and every id the
        // sequence has given out. The write lock keeps other desks from
        // taking them meanwhile.
        let first_new_id: i64 = tx.query_row(
            "SELECT GREATEST(COALESCE((SELECT MAX(id) FROM customers), 0),
                    COALESCE(pg_sequence_last_value(
                        CAST(pg_get_serial_sequence('customers', 'id') AS regclass)), 0)) + 1",
            args![],
            |r| r.get(0),
        )?;
        let rebuild_index = drop_index_if_empty(&tx)?;
        let mut import = LineImport::new(actor, new_fields, tx, import_id, first_new_id, PER_COPY);
        import.rebuild_index = rebuild_index;
        Ok(import)
    }

    /// PostgreSQL: sends the pending lines to `transactions`.
    pub(super) fn flush_by_copy(&mut self) -> Result<()> {
        let tx = self
            .tx
            .as_ref()
            .ok_or_else(|| StoreError::Corrupt("导入已经结束".into()))?;
        let copy = &mut self.copy;
        for l in &self.pending {
            copy.int(l.customer_id);
            copy.int(self.import_id);
            copy.text(Some(&self.text[l.order_no.clone()]));
            copy.text(Some(&self.text[l.occurred_at.clone()]));
            copy.text(l.product.clone().map(|r| &self.text[r]));
            copy.real(Some(l.quantity));
            copy.real(l.unit_price);
            copy.real(Some(l.amount));
            copy.text(Some(l.kind.as_str()));
            copy.end_row();
        }
        copy.send(tx, COPY_LINES)?;
        self.stored += self.pending.len() as u64;
        self.pending.clear();
        self.text.clear();
        Ok(())
    }
}

/// Into a team database with no order lines yet (the first import, usually
/// the largest), the lines go in without their index on the customer, which
/// `finish` builds again, as on SQLite: building it once costs less than
/// keeping it in order line by line (the team bench: about 0.5 s of server
/// time for the Online Retail lines). Dropping the index locks the table
/// until the import commits, so a desk that reads order lines meanwhile
/// waits for it (there are none to read yet); the lock is not waited for:
/// when another desk is reading the table at that moment, the import keeps
/// the index and goes on as into a table with lines. Whether it was dropped.
fn drop_index_if_empty(tx: &WriteTx<'_>) -> Result<bool> {
    let empty: bool = tx.query_row(
        "SELECT NOT EXISTS (SELECT 1 FROM transactions)",
        args![],
        |r| r.get(0),
    )?;
    if !empty {
        return Ok(false);
    }
    tx.execute_batch("SAVEPOINT tierdesk_lines_index; SET LOCAL lock_timeout = '100ms'")?;
    match tx.execute_batch("DROP INDEX transactions_customer") {
        Ok(()) => {
            tx.execute_batch(
                "SET LOCAL lock_timeout TO DEFAULT; RELEASE SAVEPOINT tierdesk_lines_index",
            )?;
            Ok(true)
        }
        // The failed statement (and the setting) undone; the transaction goes on.
        Err(_) => {
            tx.execute_batch("ROLLBACK TO SAVEPOINT tierdesk_lines_index")?;
            Ok(false)
        }
    }
}

/// After the new customers are stored under their reserved `ids`: the
/// sequence is moved past them (ids given explicitly leave it where it was,
/// and the next customer added by hand must get a new id), and their undo
/// records are written by one statement rather than a round trip each.
pub(super) fn new_customers_stored(
    tx: &WriteTx<'_>,
    import_id: i64,
    ids: std::ops::Range<i64>,
) -> Result<()> {
    if ids.is_empty() {
        return Ok(());
    }
    tx.query_row(
        "SELECT setval(pg_get_serial_sequence('customers', 'id'), ?1)",
        args![ids.end - 1],
        |_| Ok(()),
    )?;
    tx.execute(
        "INSERT INTO import_changes(import_id, customer_id, action, previous,
             revision_before, revision_after)
         SELECT ?1, id, 'inserted', NULL, NULL, 0 FROM customers
         WHERE id >= ?2 AND id < ?3 ORDER BY id",
        args![import_id, ids.start, ids.end],
    )?;
    Ok(())
}
