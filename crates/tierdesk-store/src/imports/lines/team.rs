//! The order import on a team database (PostgreSQL): lines are sent
//! `PER_COPY` at a time by COPY into a staging table of the import's
//! transaction and put into `transactions` by one statement at `finish`;
//! the new customers' undo records are written by one statement too. A
//! round trip per line or per customer is what costs on a server.

use super::{LineImport, WriteTx};
use crate::{args, Actor, Result, StoreError};
use tierdesk_domain::FieldDef;

/// Order lines sent per COPY on a team database: few enough that the
/// batch's text stays small (about a megabyte), many enough that the round
/// trips do not count.
const PER_COPY: usize = 10_000;

/// The staged lines of a team database's import into `transactions`, in the
/// order they came (ids ascend with it, as on SQLite); `?1` is the import.
const STAGED_INTO_LINES: &str =
    "INSERT INTO transactions(customer_id, import_id, order_no, occurred_at, product, quantity,
         unit_price, amount, kind)
     SELECT customer_id, ?1, order_no, occurred_at, product, quantity, unit_price, amount, kind
     FROM tierdesk_line_stage ORDER BY n";

impl<'s> LineImport<'s> {
    /// The import on a team database: lines are sent `PER_COPY` at a time
    /// by COPY into a staging table of the transaction, and put into
    /// `transactions` by one statement at [`LineImport::finish`].
    pub(super) fn team(
        actor: Actor,
        new_fields: &[FieldDef],
        tx: WriteTx<'s>,
        import_id: i64,
    ) -> Result<LineImport<'s>> {
        tx.execute_batch(
            "CREATE TEMP TABLE tierdesk_line_stage (
                 n BIGINT NOT NULL, customer_id BIGINT NOT NULL, order_no TEXT, occurred_at TEXT,
                 product TEXT, quantity DOUBLE PRECISION, unit_price DOUBLE PRECISION,
                 amount DOUBLE PRECISION, kind TEXT
             ) ON COMMIT DROP",
        )?;
        // New customers' ids are reserved as on SQLite (see
        // every id stored and every id the sequence has given out. The write
        // lock keeps other desks from taking them meanwhile.
        let first_new_id: i64 = tx.query_row(
            "SELECT GREATEST(COALESCE((SELECT MAX(id) FROM customers), 0),
                    COALESCE(pg_sequence_last_value(
                        CAST(pg_get_serial_sequence('customers', 'id') AS regclass)), 0)) + 1",
            args![],
            |r| r.get(0),
        )?;
        Ok(LineImport::new(
            actor,
            new_fields,
            tx,
            import_id,
            first_new_id,
            PER_COPY,
        ))
    }

    /// PostgreSQL: sends the pending lines to the staging table, numbered
    /// in the order they came.
    pub(super) fn flush_to_stage(&mut self) -> Result<()> {
        let tx = self
            .tx
            .as_ref()
            .ok_or_else(|| StoreError::Corrupt("导入已经结束".into()))?;
        let copy = &mut self.copy;
        for (n, l) in self.pending.iter().enumerate() {
            copy.int((self.stored + n as u64) as i64);
            copy.int(l.customer_id);
            copy.text(Some(&self.text[l.order_no.clone()]));
            copy.text(Some(&self.text[l.occurred_at.clone()]));
            copy.text(l.product.clone().map(|r| &self.text[r]));
            copy.real(Some(l.quantity));
            copy.real(l.unit_price);
            copy.real(Some(l.amount));
            copy.text(Some(l.kind.as_str()));
            copy.end_row();
        }
        copy.send(
            tx,
            "COPY tierdesk_line_stage (n, customer_id, order_no, occurred_at, product, quantity,
                 unit_price, amount, kind) FROM STDIN",
        )?;
        self.stored += self.pending.len() as u64;
        self.pending.clear();
        self.text.clear();
        Ok(())
    }
}

/// The staged lines go in at once, in the order they came (the sort of a
/// large import fits in memory, not in temporary files).
pub(super) fn store_staged(tx: &WriteTx<'_>, import_id: i64) -> Result<()> {
    tx.execute_batch("SET LOCAL work_mem = '128MB'")?;
    tx.execute(STAGED_INTO_LINES, args![import_id])?;
    Ok(())
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
