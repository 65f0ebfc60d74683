//! Imports: recording what a sheet changed, undoing it, saved column
//! mappings, and order lines.

use std::collections::HashSet;

use chrono::NaiveDateTime;
use rusqlite::{
    params, params_from_iter, types::Value as SqlValue, Connection, OptionalExtension, Transaction,
    TransactionBehavior,
};
use tierdesk_domain::{
    CustomerDraft, CustomerKeys, CustomerWrite, FieldDef, ImportKind, ImportRecord, LineOwner,
    NewImport, OwnedLine, TransactionDraft, TxKind,
};

use crate::customers::{draft_values, insert_in, insert_many_with_ids_in, UPDATE};
use crate::{now_text, Result, Store, StoreError};

const RECORD_COLUMNS: &str =
    "id, kind, file, sheet, rows_read, inserted, updated, unchanged, skipped,
    rejected, lines, created_at, who, undone_at";

fn record_from_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportRecord> {
    let kind: String = r.get(1)?;
    Ok(ImportRecord {
        id: r.get(0)?,
        kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Customers),
        file: r.get(2)?,
        sheet: r.get(3)?,
        rows_read: r.get::<_, i64>(4)? as u64,
        inserted: r.get::<_, i64>(5)? as u64,
        updated: r.get::<_, i64>(6)? as u64,
        unchanged: r.get::<_, i64>(7)? as u64,
        skipped: r.get::<_, i64>(8)? as u64,
        rejected: r.get::<_, i64>(9)? as u64,
        lines: r.get::<_, i64>(10)? as u64,
        created_at: r.get(11)?,
        who: r.get(12)?,
        undone_at: r.get(13)?,
    })
}

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

fn update_in(tx: &Transaction<'_>, id: i64, d: &CustomerDraft) -> Result<()> {
    let mut values = draft_values(d);
    values.push(SqlValue::Text(now_text()));
    values.push(SqlValue::Integer(id));
    let mut stmt = tx.prepare_cached(UPDATE)?;
    stmt.execute(params_from_iter(values))?;
    Ok(())
}

fn insert_record(tx: &Transaction<'_>, new: &NewImport) -> Result<i64> {
    tx.execute(
        "INSERT INTO imports(kind, file, sheet, mapping, rows_read, inserted, updated, unchanged, skipped,
             rejected, created_at, who)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?7, ?8, ?9, ?10)",
        params![
            new.kind.as_str(),
            new.file,
            new.sheet,
            new.mapping,
            new.rows_read as i64,
            new.unchanged as i64,
            new.skipped as i64,
            new.rejected as i64,
            now_text(),
            new.who
        ],
    )?;
    Ok(tx.last_insert_rowid())
}

/// Records what an import did to a customer: created it (`previous` is
/// `None`, the customer is at revision 0) or updated it from `previous` at
/// revision `before` (the update took it to `before + 1`). Undo compares the
/// customer's revision with the one recorded here to see whether anyone has
/// changed the customer since.
fn record_change(
    tx: &Transaction<'_>,
    import_id: i64,
    customer_id: i64,
    previous: Option<(&CustomerDraft, i64)>,
) -> Result<()> {
    let (action, previous, before, after) = match previous {
        Some((p, before)) => (
            "updated",
            Some(serde_json::to_string(p).unwrap_or_default()),
            Some(before),
            before + 1,
        ),
        None => ("inserted", None, None, 0),
    };
    tx.prepare_cached(
        "INSERT INTO import_changes(import_id, customer_id, action, previous, revision_before, revision_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![import_id, customer_id, action, previous, before, after])?;
    Ok(())
}

/// A customer's revision: how many times it was changed by hand or by an import.
fn revision_of(tx: &Transaction<'_>, id: i64) -> Result<i64> {
    Ok(tx
        .prepare_cached("SELECT revision FROM customers WHERE id = ?1")?
        .query_row([id], |r| r.get(0))?)
}

fn keep_imported_tier(
    tx: &Transaction<'_>,
    import_id: i64,
    id: i64,
    tier: Option<&str>,
) -> Result<()> {
    let Some(tier) = tier.filter(|t| !t.trim().is_empty()) else {
        return Ok(());
    };
    let set = tx
        .prepare_cached(
            "UPDATE customers SET imported_tier = ?1 WHERE id = ?2 AND imported_tier IS NULL",
        )?
        .execute(params![tier, id])?;
    if set > 0 {
        tx.prepare_cached(
            "UPDATE import_changes SET imported_tier_set = 1 WHERE import_id = ?1 AND customer_id = ?2",
        )?
        .execute(params![import_id, id])?;
    }
    Ok(())
}

impl Store {
    /// The match keys of every live customer, for duplicate detection.
    pub fn customer_keys(&self) -> Result<Vec<CustomerKeys>> {
        let mut stmt = self.conn.prepare(
            "SELECT id, code, phone_key, name_key FROM customers WHERE deleted_at IS NULL",
        )?;
        let rows = stmt.query_map([], |r| {
            Ok(CustomerKeys {
                id: r.get(0)?,
                code: r.get(1)?,
                phone_key: r.get(2)?,
                name_key: r.get(3)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Writes a customer import in one transaction and records it, with the
    /// previous values of every updated customer so it can be undone. When
    /// the sheet has a 当前等级 column (`sheet_has_tier`), the tier it gives a
    /// customer is kept as the customer's imported tier unless an earlier
    /// sheet already gave one: the first sheet is the old rating.
    pub fn apply_customer_import(
        &mut self,
        new: &NewImport,
        new_fields: &[FieldDef],
        writes: &[CustomerWrite],
        sheet_has_tier: bool,
    ) -> Result<ImportRecord> {
        let tx = crate::write_tx(&mut self.conn)?;
        for def in new_fields {
            crate::fields::add_field_in(&tx, def)?;
        }
        let import_id = insert_record(&tx, new)?;
        let (mut inserted, mut updated) = (0i64, 0i64);
        for w in writes {
            match w {
                CustomerWrite::Insert(d) => {
                    let id = insert_in(&tx, d)?;
                    record_change(&tx, import_id, id, None)?;
                    if sheet_has_tier {
                        keep_imported_tier(&tx, import_id, id, d.tier.as_deref())?;
                    }
                    inserted += 1;
                }
                CustomerWrite::Update {
                    id,
                    draft,
                    previous,
                } => {
                    Store::check_code_free(&tx, draft.code.as_deref(), Some(*id))?;
                    let before = revision_of(&tx, *id)?;
                    update_in(&tx, *id, draft)?;
                    record_change(&tx, import_id, *id, Some((previous, before)))?;
                    if sheet_has_tier {
                        keep_imported_tier(&tx, import_id, *id, draft.tier.as_deref())?;
                    }
                    updated += 1;
                }
            }
        }
        tx.execute(
            "UPDATE imports SET inserted = ?1, updated = ?2 WHERE id = ?3",
            params![inserted, updated, import_id],
        )?;
        tx.commit()?;
        self.import_record(import_id)
    }

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
        let conn: &Connection = &self.conn;
        // The import stays in the write-ahead log. It used to switch the
        // file to the rollback journal while it ran (a new page is written
        // once instead of twice), but changing the journal mode of a file
        // that another program opens meanwhile corrupted the database (the
        // other program's `journal_mode = WAL` at open raced with the
        // import's rollback journal). `BEGIN IMMEDIATE` takes the write lock
        // before the new customers' ids are reserved below, so no other
        // program can take those ids meanwhile; it waits for the lock
        // through the busy timeout like every other write.
        let tx = Transaction::new_unchecked(conn, TransactionBehavior::Immediate)?;
        for def in new_fields {
            crate::fields::add_field_in(&tx, def)?;
        }
        let import_id = insert_record(&tx, new)?;
        // Into a file with no order lines yet (the first, and usually the
        // largest, import), the lines go in without their index, which is
        // built once at `finish`: sorting the ids once costs less than
        // keeping a b-tree in order line by line (the `lines` bench: 0.35 s
        // with the index, 0.27 s building it after). This wins back what the
        // write-ahead log costs over the old journal switch. The drop is part
        // of the transaction, so an import rolled back leaves the index.
        let rebuild_index: bool =
            tx.query_row("SELECT NOT EXISTS (SELECT 1 FROM transactions)", [], |r| {
                r.get(0)
            })?;
        if rebuild_index {
            tx.execute_batch("DROP INDEX IF EXISTS transactions_customer")?;
        }
        // A new customer's lines arrive before the customer is stored (it is
        // stored once, complete with its totals, at the end), so its row id
        // is reserved here: above every id ever given out (ids are never
        // reused, migration 0009), which the explicit ids stored at
        // `finish` then raise in `sqlite_sequence` as an ordinary insert does.
        let first_new_id: i64 = tx.query_row(
            "SELECT max(COALESCE((SELECT MAX(id) FROM customers), 0),
                        COALESCE((SELECT seq FROM sqlite_sequence WHERE name = 'customers'), 0)) + 1",
            [],
            |r| r.get(0),
        )?;
        Ok(LineImport {
            conn,
            full: Some(conn.prepare(&insert_lines_sql(PER_STATEMENT))?),
            tx: Some(tx),
            import_id,
            rebuild_index,
            first_new_id,
            new_totals: Vec::new(),
            pending: Vec::with_capacity(PER_STATEMENT),
            text: String::with_capacity(PER_STATEMENT * 96),
            stored: 0,
            existing: HashSet::new(),
        })
    }

    pub fn import_record(&self, id: i64) -> Result<ImportRecord> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM imports WHERE id = ?1");
        self.conn
            .query_row(&sql, [id], record_from_row)
            .optional()?
            .ok_or(StoreError::ImportNotFound(id))
    }

    /// Every import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM imports ORDER BY id DESC");
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt.query_map([], record_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Takes an import back: customers it created are removed (with their
    /// order lines), customers it updated get their previous values back.
    /// Refused while a later import that is still in effect touched the same
    /// customers, because undoing out of order would lose that import's work.
    ///
    /// Also refused, with the customers named, when any customer the import
    /// created or updated has been changed since by hand (its revision is no
    /// longer the one the import left): removing it or putting the old
    /// values back would silently lose that change. The person decides what
    /// to keep, then undoes. Ratings and the recycle bin do not count as
    /// changes here: a rating is undone with its batch, and a customer
    /// already deleted for good is simply gone. Customers are found by id,
    /// and ids are never given out twice (migration 0009), so undo can only
    /// touch the customers the import itself wrote.
    pub fn undo_import(&mut self, id: i64) -> Result<ImportRecord> {
        let record = self.import_record(id)?;
        if record.undone_at.is_some() {
            return Err(StoreError::ImportAlreadyUndone(id));
        }
        let tx = crate::write_tx(&mut self.conn)?;
        let later: Option<i64> = tx
            .query_row(
                "SELECT DISTINCT c2.import_id FROM import_changes c1
                 JOIN import_changes c2 ON c2.customer_id = c1.customer_id AND c2.import_id > c1.import_id
                 JOIN imports i2 ON i2.id = c2.import_id AND i2.undone_at IS NULL
                 WHERE c1.import_id = ?1 ORDER BY c2.import_id DESC LIMIT 1",
                [id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(later) = later {
            return Err(StoreError::ImportOutOfOrder { id, later });
        }
        let changes: Vec<Change> = {
            let mut stmt = tx.prepare(
                "SELECT ch.customer_id, ch.action, ch.previous, ch.imported_tier_set,
                        ch.revision_before, ch.revision_after,
                        c.revision, c.name, c.code
                 FROM import_changes ch LEFT JOIN customers c ON c.id = ch.customer_id
                 WHERE ch.import_id = ?1 ORDER BY ch.rowid DESC",
            )?;
            let rows = stmt.query_map([id], |r| {
                Ok(Change {
                    customer_id: r.get(0)?,
                    inserted: r.get::<_, String>(1)? == "inserted",
                    previous: r.get(2)?,
                    imported_tier_set: r.get(3)?,
                    revision_before: r.get(4)?,
                    revision_after: r.get(5)?,
                    now: match r.get::<_, Option<i64>>(6)? {
                        Some(revision) => Some((revision, r.get(7)?, r.get(8)?)),
                        None => None,
                    },
                })
            })?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        let edited: Vec<&Change> = changes
            .iter()
            .filter(|c| matches!((&c.now, c.revision_after), (Some((now, _, _)), Some(after)) if *now != after))
            .collect();
        if !edited.is_empty() {
            return Err(StoreError::UndoWouldLoseEdits {
                id,
                customers: edited
                    .iter()
                    .take(crate::error::NAMED_IN_REFUSAL)
                    .filter_map(|c| c.now.as_ref())
                    .map(|(_, name, code)| crate::error::customer_label(name, code.as_deref()))
                    .collect(),
                count: edited.len(),
            });
        }
        tx.execute("DELETE FROM transactions WHERE import_id = ?1", [id])?;
        for c in changes.into_iter().filter(|c| c.now.is_some()) {
            if c.imported_tier_set {
                tx.execute(
                    "UPDATE customers SET imported_tier = NULL WHERE id = ?1",
                    [c.customer_id],
                )?;
            }
            if c.inserted {
                tx.execute("DELETE FROM customers WHERE id = ?1", [c.customer_id])?;
            } else if let Some(previous) = c.previous {
                let draft: CustomerDraft = serde_json::from_str(&previous).map_err(|e| {
                    StoreError::Corrupt(format!("导入 #{id} 的撤销记录无法读取：{e}"))
                })?;
                update_in(&tx, c.customer_id, &draft)?;
                // Back to the revision it had before the import, so an
                // earlier import that also changed it can still be undone.
                if let Some(before) = c.revision_before {
                    tx.execute(
                        "UPDATE customers SET revision = ?1 WHERE id = ?2",
                        [before, c.customer_id],
                    )?;
                }
            }
        }
        tx.execute(
            "UPDATE imports SET undone_at = ?1 WHERE id = ?2",
            params![now_text(), id],
        )?;
        tx.commit()?;
        self.import_record(id)
    }

    /// The mapping saved for a header signature, if any: (profile name, mapping JSON).
    pub fn import_profile(&self, signature: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT name, mapping FROM import_profiles WHERE signature = ?1",
                [signature],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Every saved mapping: (signature, name, mapping JSON).
    pub fn import_profiles(&self) -> Result<Vec<(String, String, String)>> {
        let mut stmt = self
            .conn
            .prepare("SELECT signature, name, mapping FROM import_profiles ORDER BY name")?;
        let rows = stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A saved mapping by its name: (signature, mapping JSON).
    pub fn import_profile_named(&self, name: &str) -> Result<Option<(String, String)>> {
        Ok(self
            .conn
            .query_row(
                "SELECT signature, mapping FROM import_profiles WHERE name = ?1",
                [name],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?)
    }

    /// Saves the mapping for a header signature under `name`, or under
    /// `name (2)`, `name (3)`… when another signature's mapping already has
    /// that name (two layouts of one file and sheet name would otherwise
    /// share the default name, and renaming or deleting one would take both).
    pub fn save_import_profile(
        &self,
        signature: &str,
        name: &str,
        kind: ImportKind,
        mapping: &str,
    ) -> Result<()> {
        let taken = |n: &str| -> Result<bool> {
            Ok(self
                .conn
                .prepare_cached(
                    "SELECT count(*) > 0 FROM import_profiles WHERE name = ?1 AND signature <> ?2",
                )?
                .query_row(params![n, signature], |r| r.get(0))?)
        };
        let mut free = name.to_owned();
        let mut n = 1;
        while taken(&free)? {
            n += 1;
            free = format!("{name} ({n})");
        }
        let name = free.as_str();
        self.conn.execute(
            "INSERT INTO import_profiles(signature, name, kind, mapping, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
             ON CONFLICT(signature) DO UPDATE SET name = ?2, kind = ?3, mapping = ?4, updated_at = ?5",
            params![signature, name, kind.as_str(), mapping, now_text()],
        )?;
        Ok(())
    }

    /// Order lines in all, for the status line and tests.
    pub fn transaction_count(&self) -> Result<u64> {
        let n: i64 = self
            .conn
            .query_row("SELECT count(*) FROM transactions", [], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// One customer's figures from their order lines (`None` without lines).
    pub fn line_totals(&self, customer_id: i64) -> Result<Option<LineTotals>> {
        let t = self.conn.query_row(
            "SELECT count(*), COALESCE(SUM(CASE WHEN kind = 'purchase' THEN amount END), 0),
                    COUNT(DISTINCT CASE WHEN kind = 'purchase' THEN order_no END), MIN(occurred_at), MAX(occurred_at)
             FROM transactions WHERE customer_id = ?1",
            [customer_id],
            |r| {
                Ok((r.get::<_, i64>(0)?, LineTotals {
                    customer_id,
                    spend: r.get(1)?,
                    orders: r.get::<_, i64>(2)? as u64,
                    first: r.get(3)?,
                    last: r.get(4)?,
                }))
            },
        )?;
        Ok((t.0 > 0).then_some(t.1))
    }
}

/// What an import did to one customer, beside what that customer is now.
struct Change {
    customer_id: i64,
    inserted: bool,
    previous: Option<String>,
    imported_tier_set: bool,
    revision_before: Option<i64>,
    revision_after: Option<i64>,
    /// The customer's revision, name and code now; `None` when deleted for good.
    now: Option<(i64, String, Option<String>)>,
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
    conn: &'s Connection,
    /// The INSERT of `PER_STATEMENT` lines; `None` once finished.
    full: Option<rusqlite::Statement<'s>>,
    /// `None` once committed or rolled back.
    tx: Option<Transaction<'s>>,
    import_id: i64,
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
        if self.pending.len() == PER_STATEMENT {
            self.flush()?;
        }
        Ok(())
    }

    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        match self.full.as_mut() {
            Some(full) if self.pending.len() == PER_STATEMENT => {
                store_lines(full, &self.pending, &self.text, self.import_id)?;
            }
            _ => {
                let mut partial = self.conn.prepare(&insert_lines_sql(self.pending.len()))?;
                store_lines(&mut partial, &self.pending, &self.text, self.import_id)?;
            }
        }
        self.stored += self.pending.len() as u64;
        self.pending.clear();
        self.text.clear();
        Ok(())
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
        for (id, _) in &rows {
            record_change(tx, import_id, *id, None)?;
        }
        // Figures of customers already in the archive follow all their lines
        // now stored. Each must still be there: lines carry no foreign key,
        // and someone may have emptied the recycle bin meanwhile.
        let mut updated = 0i64;
        let mut existing: Vec<i64> = self.existing.iter().copied().collect();
        existing.sort_unstable();
        let totals = totals_of(tx, &existing)?;
        let new_ids = self.first_new_id..self.first_new_id + new_customers.len() as i64;
        for t in totals.iter().filter(|t| !new_ids.contains(&t.customer_id)) {
            let sql = format!(
                "SELECT {} FROM customers WHERE id = ?1",
                crate::customers::COLUMNS
            );
            let current = tx.query_row(&sql, [t.customer_id], crate::customers::from_row)?;
            let before = CustomerDraft::from(&current);
            let Some(draft) = refresh(&before, t) else {
                continue;
            };
            let revision = revision_of(tx, t.customer_id)?;
            update_in(tx, t.customer_id, &draft)?;
            record_change(tx, import_id, t.customer_id, Some((&before, revision)))?;
            updated += 1;
        }
        tx.execute(
            "UPDATE imports SET inserted = ?1, updated = ?2, lines = ?3, rows_read = ?4,
                 unchanged = ?5, skipped = ?6, rejected = ?7 WHERE id = ?8",
            params![
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
        let record = tx.query_row(&sql, [import_id], record_from_row)?;
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
fn totals_of(tx: &Transaction<'_>, ids: &[i64]) -> Result<Vec<LineTotals>> {
    let mut exists = tx.prepare_cached("SELECT 1 FROM customers WHERE id = ?1")?;
    let mut totals = tx.prepare_cached(
        "SELECT COALESCE(SUM(CASE WHEN kind = 'purchase' THEN amount END), 0),
                COUNT(DISTINCT CASE WHEN kind = 'purchase' THEN order_no END),
                MIN(CASE WHEN kind = 'purchase' THEN occurred_at END),
                MAX(CASE WHEN kind = 'purchase' THEN occurred_at END)
         FROM transactions WHERE customer_id = ?1",
    )?;
    let mut out = Vec::with_capacity(ids.len());
    for &id in ids {
        if !exists.exists([id])? {
            return Err(StoreError::CustomerGone(id));
        }
        out.push(totals.query_row([id], |r| {
            Ok(LineTotals {
                customer_id: id,
                spend: r.get(0)?,
                orders: r.get::<_, i64>(1)? as u64,
                first: r.get(2)?,
                last: r.get(3)?,
            })
        })?);
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
