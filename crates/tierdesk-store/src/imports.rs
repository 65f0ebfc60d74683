//! Imports: recording what a sheet changed, undoing it, saved column
//! mappings, and order lines.

use rusqlite::{
    params, params_from_iter, types::Value as SqlValue, OptionalExtension, Transaction,
};
use tierdesk_domain::{
    CustomerDraft, CustomerKeys, CustomerWrite, FieldDef, ImportKind, ImportRecord, LineOwner,
    NewImport, OwnedLine,
};

use crate::customers::{draft_values, insert_in, UPDATE};
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

fn record_change(
    tx: &Transaction<'_>,
    import_id: i64,
    customer_id: i64,
    previous: Option<&CustomerDraft>,
) -> Result<()> {
    let previous = previous.map(|p| serde_json::to_string(p).unwrap_or_default());
    let action = if previous.is_some() {
        "updated"
    } else {
        "inserted"
    };
    tx.prepare_cached("INSERT INTO import_changes(import_id, customer_id, action, previous) VALUES (?1, ?2, ?3, ?4)")?
        .execute(params![import_id, customer_id, action, previous])?;
    Ok(())
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
        let tx = self.conn.transaction()?;
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
                    update_in(&tx, *id, draft)?;
                    record_change(&tx, import_id, *id, Some(previous))?;
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
        mut refresh: impl FnMut(&CustomerDraft, &LineTotals) -> Option<CustomerDraft>,
    ) -> Result<ImportRecord> {
        let tx = self.conn.transaction()?;
        for def in new_fields {
            crate::fields::add_field_in(&tx, def)?;
        }
        let import_id = insert_record(&tx, new)?;
        // A new customer's lines are all in this file, so its figures are
        // known before it is stored: it is inserted once, complete.
        let new_totals = totals_of_new(new_customers.len(), lines);
        let mut new_ids = Vec::with_capacity(new_customers.len());
        for (d, t) in new_customers.iter().zip(&new_totals) {
            let refreshed = refresh(d, t);
            let id = insert_in(&tx, refreshed.as_ref().unwrap_or(d))?;
            record_change(&tx, import_id, id, None)?;
            new_ids.push(id);
        }
        {
            // Many rows per statement: one statement per line spends more
            // time in SQLite's statement machinery than in storing the line.
            const PER_STATEMENT: usize = 64;
            let insert = |n: usize| {
                let mut sql = String::from(
                    "INSERT INTO transactions(customer_id, import_id, order_no, occurred_at, product, quantity, unit_price, amount, kind) VALUES ",
                );
                for i in 0..n {
                    if i > 0 {
                        sql.push(',');
                    }
                    sql.push_str("(?,?,?,?,?,?,?,?,?)");
                }
                sql
            };
            let mut full = tx.prepare(&insert(PER_STATEMENT))?;
            let mut values: Vec<SqlValue> = Vec::with_capacity(PER_STATEMENT * 9);
            // Stored in (customer, time) order, the order of the index on
            // them, so the index grows at its ends instead of page by page
            // all over the file.
            let mut owned: Vec<(i64, &OwnedLine)> = Vec::with_capacity(lines.len());
            for l in lines {
                let customer_id = match l.owner {
                    LineOwner::Existing(id) => id,
                    LineOwner::New(i) => *new_ids.get(i).ok_or_else(|| {
                        StoreError::Corrupt(format!("订单行指向不存在的新客户 {i}"))
                    })?,
                };
                owned.push((customer_id, l));
            }
            owned.sort_by(|a, b| a.0.cmp(&b.0).then(a.1.line.occurred_at.cmp(&b.1.line.occurred_at)));
            for chunk in owned.chunks(PER_STATEMENT) {
                values.clear();
                for &(customer_id, l) in chunk {
                    let t = &l.line;
                    values.extend([
                        SqlValue::Integer(customer_id),
                        SqlValue::Integer(import_id),
                        SqlValue::Text(t.order_no.clone()),
                        SqlValue::Text(datetime_text(&t.occurred_at)),
                        t.product.clone().map(SqlValue::Text).unwrap_or(SqlValue::Null),
                        SqlValue::Real(t.quantity),
                        t.unit_price.map(SqlValue::Real).unwrap_or(SqlValue::Null),
                        SqlValue::Real(t.amount),
                        SqlValue::Text(t.kind.as_str().to_owned()),
                    ]);
                }
                if chunk.len() == PER_STATEMENT {
                    full.execute(rusqlite::params_from_iter(values.iter()))?;
                } else {
                    tx.prepare(&insert(chunk.len()))?
                        .execute(rusqlite::params_from_iter(values.iter()))?;
                }
            }
        }
        // Figures of customers already in the archive follow all their lines now stored.
        let mut updated = 0i64;
        let has_existing = lines.iter().any(|l| matches!(l.owner, LineOwner::Existing(_)));
        let totals = if has_existing { totals_for_import(&tx, import_id)? } else { Vec::new() };
        let new_set: std::collections::HashSet<i64> = new_ids.iter().copied().collect();
        for t in totals.iter().filter(|t| !new_set.contains(&t.customer_id)) {
            let sql = format!(
                "SELECT {} FROM customers WHERE id = ?1",
                crate::customers::COLUMNS
            );
            let current = tx.query_row(&sql, [t.customer_id], crate::customers::from_row)?;
            let before = CustomerDraft::from(&current);
            let Some(draft) = refresh(&before, t) else {
                continue;
            };
            update_in(&tx, t.customer_id, &draft)?;
            record_change(&tx, import_id, t.customer_id, Some(&before))?;
            updated += 1;
        }
        tx.execute(
            "UPDATE imports SET inserted = ?1, updated = ?2, lines = ?3 WHERE id = ?4",
            params![new_ids.len() as i64, updated, lines.len() as i64, import_id],
        )?;
        tx.commit()?;
        self.import_record(import_id)
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
    pub fn undo_import(&mut self, id: i64) -> Result<ImportRecord> {
        let record = self.import_record(id)?;
        if record.undone_at.is_some() {
            return Err(StoreError::ImportAlreadyUndone(id));
        }
        let tx = self.conn.transaction()?;
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
        tx.execute("DELETE FROM transactions WHERE import_id = ?1", [id])?;
        let changes: Vec<(i64, String, Option<String>, bool)> = {
            let mut stmt = tx.prepare(
                "SELECT customer_id, action, previous, imported_tier_set FROM import_changes
                 WHERE import_id = ?1 ORDER BY rowid DESC",
            )?;
            let rows =
                stmt.query_map([id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?;
            rows.collect::<rusqlite::Result<_>>()?
        };
        for (customer_id, action, previous, imported_tier_set) in changes {
            if imported_tier_set {
                tx.execute(
                    "UPDATE customers SET imported_tier = NULL WHERE id = ?1",
                    [customer_id],
                )?;
            }
            if action == "inserted" {
                tx.execute("DELETE FROM customers WHERE id = ?1", [customer_id])?;
            } else if let Some(previous) = previous {
                let draft: CustomerDraft = serde_json::from_str(&previous).map_err(|e| {
                    StoreError::Corrupt(format!("导入 #{id} 的撤销记录无法读取：{e}"))
                })?;
                update_in(&tx, customer_id, &draft)?;
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

    pub fn save_import_profile(
        &self,
        signature: &str,
        name: &str,
        kind: ImportKind,
        mapping: &str,
    ) -> Result<()> {
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

/// Line totals of every customer the import touched, over all their lines.
fn totals_for_import(tx: &Transaction<'_>, import_id: i64) -> Result<Vec<LineTotals>> {
    let mut stmt = tx.prepare(
        "SELECT customer_id, COALESCE(SUM(CASE WHEN kind = 'purchase' THEN amount END), 0),
                COUNT(DISTINCT CASE WHEN kind = 'purchase' THEN order_no END),
                MIN(CASE WHEN kind = 'purchase' THEN occurred_at END),
                MAX(CASE WHEN kind = 'purchase' THEN occurred_at END)
         FROM transactions
         WHERE customer_id IN (SELECT DISTINCT customer_id FROM transactions WHERE import_id = ?1)
         GROUP BY customer_id",
    )?;
    let rows = stmt.query_map([import_id], |r| {
        Ok(LineTotals {
            customer_id: r.get(0)?,
            spend: r.get(1)?,
            orders: r.get::<_, i64>(2)? as u64,
            first: r.get(3)?,
            last: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Purchase totals of each new customer (by index) from the lines of the file.
fn totals_of_new(n: usize, lines: &[OwnedLine]) -> Vec<LineTotals> {
    let mut out: Vec<LineTotals> = (0..n)
        .map(|_| LineTotals { customer_id: 0, spend: 0.0, orders: 0, first: None, last: None })
        .collect();
    let mut span: Vec<Option<(chrono::NaiveDateTime, chrono::NaiveDateTime)>> = vec![None; n];
    let mut orders: Vec<std::collections::HashSet<&str>> = vec![Default::default(); n];
    for l in lines {
        let LineOwner::New(i) = l.owner else { continue };
        if i >= n || l.line.kind != tierdesk_domain::TxKind::Purchase {
            continue;
        }
        out[i].spend += l.line.amount;
        orders[i].insert(l.line.order_no.as_str());
        let at = l.line.occurred_at;
        span[i] = Some(match span[i] {
            Some((a, b)) => (a.min(at), b.max(at)),
            None => (at, at),
        });
    }
    for ((t, o), s) in out.iter_mut().zip(&orders).zip(&span) {
        t.orders = o.len() as u64;
        if let Some((a, b)) = s {
            t.first = Some(datetime_text(a));
            t.last = Some(datetime_text(b));
        }
    }
    out
}

/// `YYYY-MM-DD HH:MM:SS`, written digit by digit (a strftime pattern per
/// order line costs more than storing the line).
fn datetime_text(d: &chrono::NaiveDateTime) -> String {
    use chrono::{Datelike, Timelike};
    let mut s = String::with_capacity(19);
    let two = |s: &mut String, v: u32| {
        s.push(char::from(b'0' + (v / 10 % 10) as u8));
        s.push(char::from(b'0' + (v % 10) as u8));
    };
    let y = d.year().clamp(0, 9999) as u32;
    two(&mut s, y / 100);
    two(&mut s, y % 100);
    s.push('-');
    two(&mut s, d.month());
    s.push('-');
    two(&mut s, d.day());
    s.push(' ');
    two(&mut s, d.hour());
    s.push(':');
    two(&mut s, d.minute());
    s.push(':');
    two(&mut s, d.second());
    s
}

#[cfg(test)]
mod tests {
    #[test]
    fn datetime_text_matches_strftime() {
        for (y, mo, d, h, mi, s) in [(2010, 12, 1, 8, 26, 0), (1999, 1, 31, 23, 59, 59), (2024, 2, 29, 0, 0, 7)] {
            let t = chrono::NaiveDate::from_ymd_opt(y, mo, d).unwrap().and_hms_opt(h, mi, s).unwrap();
            assert_eq!(super::datetime_text(&t), t.format("%Y-%m-%d %H:%M:%S").to_string());
        }
    }
}
