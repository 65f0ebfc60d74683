//! Order lines stored while the file is still being read: one
//! transaction, which [`LineImport::finish`] commits and dropping the
//! `LineImport` rolls back.

mod team;

use std::collections::HashSet;

use chrono::NaiveDateTime;
use rusqlite::Connection;
use tierdesk_domain::points::EarnPlan;
use tierdesk_domain::{
    CustomerDraft, FieldDef, ImportRecord, LineOwner, NewImport, OwnedLine, TransactionDraft,
    TxKind,
};

use super::{
    insert_record, record_change, record_from_row, revision_of, update_in, RECORD_COLUMNS,
};
use crate::copy_rows::CopyRows;
use crate::customers::insert_many_with_ids_in;
use crate::db::{AsDb, OptionalExt, WriteTx};
use crate::{args, Actor, Result, Store, StoreError};

/// Per-customer figures derived from order lines.
#[derive(Debug, Clone, PartialEq)]
pub struct LineTotals {
    pub customer_id: i64,
    /// Sum of purchase amounts.
    pub spend: f64,
    /// Distinct purchase orders.
    pub orders: u64,
    pub first: Option<String>,
    pub last: Option<String>,
}

impl Store {
    /// Stores order lines in one transaction, creating the customers they
    /// name that are new, and records the import. `refresh` turns each
    /// touched customer's line totals into the draft to store (or `None` to
    /// leave the customer as it is); updated customers keep their previous
    /// values for undo.
    pub fn apply_transaction_import(
        &mut self,
        new: &NewImport,
        new_fields: &[FieldDef],
        new_customers: &[CustomerDraft],
        lines: &[OwnedLine],
        refresh: impl FnMut(&CustomerDraft, &LineTotals) -> Option<CustomerDraft>,
    ) -> Result<ImportRecord> {
        let mut import = self.begin_line_import(new, new_fields)?;
        for l in lines {
            import.push(l.owner, &l.line)?;
        }
        import.finish(new, new_customers, refresh)
    }

    /// Starts storing order lines as they are read: one transaction, which
    /// [`LineImport::finish`] commits and dropping the `LineImport` rolls
    /// back, so an import that fails or is cancelled half-way leaves nothing.
    pub fn begin_line_import(
        &mut self,
        new: &NewImport,
        new_fields: &[FieldDef],
    ) -> Result<LineImport<'_>> {
        // The transaction and the statement that stores full chunks of lines
        // share the connection for the whole import (`&mut self` keeps
        // anyone else off it), so the statement is prepared once.
        let actor = self.actor().clone();
        // The import stays in the write-ahead log. It used to switch the
        // file to the rollback journal while it ran (a new page is written
        // once instead of twice), but changing the journal mode of a file
        // that another program opens meanwhile corrupted the database (the
        // other program's `journal_mode = WAL` at open raced with the
        // import's rollback journal). `BEGIN IMMEDIATE` takes the write lock
        // before the new customers' ids are reserved below, so no other
        // program can take those ids meanwhile; it waits for the lock
        // through the busy timeout like every other write.
        let tx = self.write()?;
        for def in new_fields {
            crate::fields::add_field_in(&tx, def)?;
        }
        let import_id = insert_record(&tx, new)?;
        let Some(conn) = tx.lite() else {
            return LineImport::team(actor, new_fields, tx, import_id);
        };
        // Into a file with no order lines yet (the first, and usually the
        // largest, import), the lines go in without their index, which is
        // built once at `finish`: sorting the ids once costs less than
        // keeping a b-tree in order line by line (the `lines` bench: 0.35 s
        // with the index, 0.27 s building it after). This wins back what the
        // write-ahead log costs over the old journal switch. The drop is part
        // of the transaction, so an import rolled back leaves the index.
        let rebuild_index: bool =
            conn.query_row("SELECT NOT EXISTS (SELECT 1 FROM transactions)", [], |r| {
                r.get(0)
            })?;
        if rebuild_index {
            conn.execute_batch("DROP INDEX IF EXISTS transactions_customer")?;
        }
        // A new customer's lines arrive before the customer is stored (it is
        // stored once, complete with its totals, at the end), so its row id
        // is reserved here: above every id ever given out (ids are never
        // reused, migration 0009), which the explicit ids stored at
        // `finish` then raise in `sqlite_sequence` as an ordinary insert does.
        let first_new_id: i64 = conn.query_row(
            "SELECT max(COALESCE((SELECT MAX(id) FROM customers), 0),
                        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'customers'), 0)) + 1",
            [],
            |r| r.get(0),
        )?;
        let mut import = LineImport::new(
            actor,
            new_fields,
            tx,
            import_id,
            first_new_id,
            PER_STATEMENT,
        );
        import.rebuild_index = rebuild_index;
        import.full = Some(conn.prepare(&insert_lines_sql(PER_STATEMENT))?);
        Ok(import)
    }

    /// Order lines in all, for the status line and tests.
    pub fn transaction_count(&self) -> Result<u64> {
        let n: i64 = self
            .db()
            .query_row("SELECT count(*) FROM transactions", args![], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// One customer's figures from their order lines (`None` without lines).
    pub fn line_totals(&self, customer_id: i64) -> Result<Option<LineTotals>> {
        let t = self.db().query_row(
            "SELECT count(*), COALESCE(SUM(CASE WHEN kind = 'purchase' THEN amount END), 0),
                    COUNT(DISTINCT CASE WHEN kind = 'purchase' THEN order_no END), MIN(occurred_at), MAX(occurred_at)
             FROM transactions WHERE customer_id = ?1",
            args![customer_id],
            |r| {
                Ok((r.get::<i64>(0)?, LineTotals {
                    customer_id,
                    spend: r.get(1)?,
                    orders: r.get::<i64>(2)? as u64,
                    first: r.get(3)?,
                    last: r.get(4)?,
                }))
            },
        )?;
        Ok((t.0 > 0).then_some(t.1))
    }
}

/// Order lines stored per INSERT statement: one statement per line spends
/// more time in SQLite's statement machinery than in storing the line. The
/// statement is `OR FAIL`, which spares SQLite a statement journal: a failed
/// statement fails the whole import, whose transaction is then rolled back.
const PER_STATEMENT: usize = 256;

/// A line waiting for its statement; its texts live in [`LineImport::text`].
struct PendingLine {
    customer_id: i64,
    order_no: std::ops::Range<usize>,
    occurred_at: std::ops::Range<usize>,
    product: Option<std::ops::Range<usize>>,
    quantity: f64,
    unit_price: Option<f64>,
    amount: f64,
    kind: TxKind,
}

/// Purchase figures of a customer the import creates, gathered as its lines pass.
#[derive(Default)]
struct NewTotals {
    spend: f64,
    orders: HashSet<String>,
    span: Option<(NaiveDateTime, NaiveDateTime)>,
}

/// Order lines being stored while the file is still being read; see
/// [`Store::begin_line_import`].
pub struct LineImport<'s> {
    /// Who the import's audit entry names, and the fields it added.
    actor: Actor,
    new_fields: Vec<FieldDef>,
    /// The file's connection; `None` on a team database.
    conn: Option<&'s Connection>,
    /// SQLite: the INSERT of `PER_STATEMENT` lines; `None` once finished
    /// and on a team database.
    full: Option<rusqlite::Statement<'s>>,
    /// `None` once committed or rolled back.
    tx: Option<WriteTx<'s>>,
    import_id: i64,
    /// Lines gathered before they are stored: `PER_STATEMENT` on SQLite,
    /// `PER_COPY` on PostgreSQL.
    batch: usize,
    /// PostgreSQL: the pending lines in COPY's text form (reused).
    copy: CopyRows,
    /// The lines' customer index was dropped at the start (the table was
    /// empty) and is built again at `finish`.
    rebuild_index: bool,
    /// Row id of the import's first new customer; the n-th is `first_new_id + n`.
    first_new_id: i64,
    new_totals: Vec<NewTotals>,
    pending: Vec<PendingLine>,
    /// The pending lines' texts, one buffer reused for every statement.
    text: String,
    stored: u64,
    /// Customers already in the archive that got lines.
    existing: HashSet<i64>,
    /// The lines' totals per customer, day and order, for `order_days`.
    days: crate::purchases::OrderDays,
    /// What the lines earn, when the scheme's points are on.
    points: Option<EarnPlan>,
}

impl<'s> LineImport<'s> {
    /// An import whose lines are gathered `batch` at a time; the SQLite
    /// statement and index are set by the caller.
    fn new(
        actor: Actor,
        new_fields: &[FieldDef],
        tx: WriteTx<'s>,
        import_id: i64,
        first_new_id: i64,
        batch: usize,
    ) -> LineImport<'s> {
        LineImport {
            actor,
            new_fields: new_fields.to_vec(),
            conn: tx.lite(),
            full: None,
            tx: Some(tx),
            import_id,
            batch,
            copy: CopyRows::new(),
            rebuild_index: false,
            first_new_id,
            new_totals: Vec::new(),
            pending: Vec::with_capacity(batch),
            text: String::with_capacity(batch * 96),
            stored: 0,
            existing: HashSet::new(),
            days: Default::default(),
            points: None,
        }
    }
}

impl LineImport<'_> {
    /// Adds one order line of a customer already in the archive or of the
    /// n-th customer this import creates.
    pub fn push(&mut self, owner: LineOwner, line: &TransactionDraft) -> Result<()> {
        let customer_id = match owner {
            LineOwner::Existing(id) => {
                self.existing.insert(id);
                id
            }
            LineOwner::New(n) => {
                if self.new_totals.len() <= n {
                    self.new_totals.resize_with(n + 1, NewTotals::default);
                }
                if line.kind == TxKind::Purchase {
                    let t = &mut self.new_totals[n];
                    t.spend += line.amount;
                    if !t.orders.contains(line.order_no.as_str()) {
                        t.orders.insert(line.order_no.clone());
                    }
                    let at = line.occurred_at;
                    t.span = Some(match t.span {
                        Some((a, b)) => (a.min(at), b.max(at)),
                        None => (at, at),
                    });
                }
                self.first_new_id + n as i64
            }
        };
        let mut keep = |s: &str| {
            let start = self.text.len();
            self.text.push_str(s);
            start..self.text.len()
        };
        let order_no = keep(&line.order_no);
        let product = line.product.as_deref().map(&mut keep);
        let start = self.text.len();
        push_datetime(&mut self.text, &line.occurred_at);
        let occurred_at = start..self.text.len();
        self.days.add(
            customer_id,
            &line.order_no,
            &self.text[occurred_at.clone()],
            line.quantity,
            line.amount,
            line.kind.as_str(),
        );
        self.pending.push(PendingLine {
            customer_id,
            order_no,
            occurred_at,
            product,
            quantity: line.quantity,
            unit_price: line.unit_price,
            amount: line.amount,
            kind: line.kind,
        });
        if self.pending.len() == self.batch {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let Some(conn) = self.conn else {
            return self.flush_by_copy();
        };
        match self.full.as_mut() {
            Some(full) if self.pending.len() == PER_STATEMENT => {
                store_lines(full, &self.pending, &self.text, self.import_id)?;
            }
            _ => {
                let mut partial = conn.prepare(&insert_lines_sql(self.pending.len()))?;
                store_lines(&mut partial, &self.pending, &self.text, self.import_id)?;
            }
        }
        self.stored += self.pending.len() as u64;
        self.pending.clear();
        self.text.clear();
        Ok(())
    }

    /// Earns points for the lines of this import at `plan` (the scheme's,
    /// when its points are on), in the import's transaction at [`finish`].
    ///
    /// [`finish`]: LineImport::finish
    pub fn earn_points(&mut self, plan: EarnPlan) {
        self.points = Some(plan);
    }

    /// Stores the new customers (the n-th of `new_customers` owns the lines
    /// pushed as `LineOwner::New(n)`) with their totals, brings the figures
    /// of customers already in the archive up to date, writes the import's
    /// final counts (`counts`) and commits.
    pub fn finish(
        mut self,
        counts: &NewImport,
        new_customers: &[CustomerDraft],
        mut refresh: impl FnMut(&CustomerDraft, &LineTotals) -> Option<CustomerDraft>,
    ) -> Result<ImportRecord> {
        self.flush()?;
        if self.new_totals.len() > new_customers.len() {
            return Err(StoreError::Corrupt(format!(
                "订单行指向不存在的新客户 {}",
                self.new_totals.len() - 1
            )));
        }
        let tx = self
            .tx
            .as_ref()
            .ok_or_else(|| StoreError::Corrupt("导入已经结束".into()))?;
        let import_id = self.import_id;
        let earned = match &self.points {
            Some(plan) => crate::points_import::earnings(&self.days, plan),
            None => Vec::new(),
        };
        std::mem::take(&mut self.days).store(tx)?;
        if self.rebuild_index {
            // The same definition as migration 0007's; `totals_of` below
            // reads the lines by customer through it.
            tx.execute_batch("CREATE INDEX transactions_customer ON transactions(customer_id)")?;
        }
        let mut rows = Vec::with_capacity(new_customers.len());
        for (n, d) in new_customers.iter().enumerate() {
            let id = self.first_new_id + n as i64;
            let t = self.new_totals.get(n);
            let totals = LineTotals {
                customer_id: id,
                spend: t.map(|t| t.spend).unwrap_or(0.0),
                orders: t.map(|t| t.orders.len() as u64).unwrap_or(0),
                first: t.and_then(|t| t.span).map(|s| datetime_text(&s.0)),
                last: t.and_then(|t| t.span).map(|s| datetime_text(&s.1)),
            };
            rows.push((id, refresh(d, &totals).unwrap_or_else(|| d.clone())));
        }
        insert_many_with_ids_in(tx, &rows)?;
        let new_ids = self.first_new_id..self.first_new_id + new_customers.len() as i64;
        match self.conn {
            Some(_) => {
                for (id, _) in &rows {
                    record_change(tx, import_id, *id, None)?;
                }
            }
            None => team::new_customers_stored(tx, import_id, new_ids.clone())?,
        }
        crate::points_import::earn_in(
            tx,
            import_id,
            &earned,
            self.points.as_ref(),
            &self.actor.user,
        )?;
        if let Some(plan) = &self.points {
            crate::points_rules::first_purchase_in(
                tx,
                import_id,
                &earned,
                plan,
                new_ids.clone(),
                &self.actor.user,
            )?;
        }
        let updated = follow_existing(
            tx,
            (import_id, &self.actor.user),
            &self.existing,
            new_ids,
            &mut refresh,
        )?;
        tx.execute(
            "UPDATE imports SET inserted = ?1, updated = ?2, lines = ?3, rows_read = ?4,
                 unchanged = ?5, skipped = ?6, rejected = ?7 WHERE id = ?8",
            args![
                new_customers.len() as i64,
                updated,
                self.stored as i64,
                counts.rows_read as i64,
                counts.unchanged as i64,
                counts.skipped as i64,
                counts.rejected as i64,
                import_id
            ],
        )?;
        let sql = format!("SELECT {RECORD_COLUMNS} FROM imports WHERE id = ?1");
        let record = tx.query_row(&sql, args![import_id], record_from_row)?;
        let entry = super::import_entry("import.run", &record, &self.new_fields);
        crate::audit::record(tx, &self.actor, &entry)?;
        self.full = None;
        if let Some(t) = self.tx.take() {
            t.commit()?;
        }
        Ok(record)
    }
}

impl Drop for LineImport<'_> {
    /// An unfinished import is rolled back.
    fn drop(&mut self) {
        self.full = None;
        drop(self.tx.take());
    }
}

/// Brings the figures of the customers already in the archive that got
/// lines (`existing`, less the import's new customers) up to date with all
/// their lines now stored, recording each change for undo. Each must still
/// be there: lines carry no foreign key, and someone may have emptied the
/// recycle bin meanwhile. Returns how many were updated.
fn follow_existing(
    tx: &WriteTx<'_>,
    (import_id, who): (i64, &str),
    existing: &HashSet<i64>,
    new_ids: std::ops::Range<i64>,
    refresh: &mut impl FnMut(&CustomerDraft, &LineTotals) -> Option<CustomerDraft>,
) -> Result<i64> {
    let mut updated = 0i64;
    let mut existing: Vec<i64> = existing.iter().copied().collect();
    existing.sort_unstable();
    let totals = totals_of(tx, &existing)?;
    for t in totals.iter().filter(|t| !new_ids.contains(&t.customer_id)) {
        let sql = format!(
            "SELECT {} FROM customers WHERE id = ?1",
            crate::customers::COLUMNS
        );
        let current = tx.query_row(&sql, args![t.customer_id], crate::customers::customer_from)?;
        let before = CustomerDraft::from(&current);
        let Some(draft) = refresh(&before, t) else {
            continue;
        };
        let revision = revision_of(tx, t.customer_id)?;
        update_in(tx, t.customer_id, &draft, who)?;
        record_change(tx, import_id, t.customer_id, Some((&before, revision)))?;
        updated += 1;
    }
    Ok(updated)
}

/// Binds the pending lines to an INSERT of exactly that many and runs it.
fn store_lines(
    stmt: &mut rusqlite::Statement<'_>,
    pending: &[PendingLine],
    text: &str,
    import_id: i64,
) -> Result<()> {
    for (n, l) in pending.iter().enumerate() {
        let at = n * 9;
        stmt.raw_bind_parameter(at + 1, l.customer_id)?;
        stmt.raw_bind_parameter(at + 2, import_id)?;
        stmt.raw_bind_parameter(at + 3, &text[l.order_no.clone()])?;
        stmt.raw_bind_parameter(at + 4, &text[l.occurred_at.clone()])?;
        stmt.raw_bind_parameter(at + 5, l.product.clone().map(|r| &text[r]))?;
        stmt.raw_bind_parameter(at + 6, l.quantity)?;
        stmt.raw_bind_parameter(at + 7, l.unit_price)?;
        stmt.raw_bind_parameter(at + 8, l.amount)?;
        stmt.raw_bind_parameter(at + 9, l.kind.as_str())?;
    }
    stmt.raw_execute()?;
    Ok(())
}

fn insert_lines_sql(n: usize) -> String {
    let mut sql = String::from(
        "INSERT OR FAIL INTO transactions(customer_id, import_id, order_no, occurred_at, product, quantity, unit_price, amount, kind) VALUES ",
    );
    for i in 0..n {
        if i > 0 {
            sql.push(',');
        }
        sql.push_str("(?,?,?,?,?,?,?,?,?)");
    }
    sql
}

/// Line totals of these customers, over all their lines; a customer no
/// longer in the archive refuses the import.
fn totals_of(tx: &impl AsDb, ids: &[i64]) -> Result<Vec<LineTotals>> {
    let db = tx.as_db();
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        let exists = db
            .query_row("SELECT 1 FROM customers WHERE id = ?1", args![id], |_| {
                Ok(())
            })
            .optional()?;
        if exists.is_none() {
            return Err(StoreError::CustomerGone(id));
        }
        out.push(db.query_row(
            "SELECT COALESCE(SUM(CASE WHEN kind = 'purchase' THEN amount END), 0),
                    COUNT(DISTINCT CASE WHEN kind = 'purchase' THEN order_no END),
                    MIN(CASE WHEN kind = 'purchase' THEN occurred_at END),
                    MAX(CASE WHEN kind = 'purchase' THEN occurred_at END)
             FROM transactions WHERE customer_id = ?1",
            args![id],
            |r| {
                Ok(LineTotals {
                    customer_id: id,
                    spend: r.get(0)?,
                    orders: r.get::<i64>(1)? as u64,
                    first: r.get(2)?,
                    last: r.get(3)?,
                })
            },
        )?);
    }
    Ok(out)
}

fn datetime_text(d: &NaiveDateTime) -> String {
    let mut s = String::with_capacity(19);
    push_datetime(&mut s, d);
    s
}

fn push_datetime(s: &mut String, d: &NaiveDateTime) {
    use chrono::{Datelike, Timelike};
    fn two(s: &mut String, v: u32) {
        s.push(char::from(b'0' + (v / 10 % 10) as u8));
        s.push(char::from(b'0' + (v % 10) as u8));
    }
    let y = d.year().clamp(0, 9999) as u32;
    two(s, y / 100);
    two(s, y % 100);
    s.push('-');
    two(s, d.month());
    s.push('-');
    two(s, d.day());
    s.push(' ');
    two(s, d.hour());
    s.push(':');
    two(s, d.minute());
    s.push(':');
    two(s, d.second());
}

#[cfg(test)]
mod tests {
    #[test]
    fn datetime_text_matches_strftime() {
        for (y, mo, d, h, mi, s) in [
            (2010, 12, 1, 8, 26, 0),
            (1999, 1, 31, 23, 59, 59),
            (2024, 2, 29, 0, 0, 7),
        ] {
            let t = chrono::NaiveDate::from_ymd_opt(y, mo, d)
                .unwrap()
                .and_hms_opt(h, mi, s)
                .unwrap();
            assert_eq!(
                super::datetime_text(&t),
                t.format("%Y-%m-%d %H:%M:%S").to_string()
            );
        }
    }
}
