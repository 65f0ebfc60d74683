//! Imports: recording what a sheet changed (`mod.rs`), undoing it
//! (`undo`), saved column mappings (`profiles`), and order lines stored
//! while the file is read (`lines`: `LineImport`, rolled back when dropped
//! unfinished).

mod lines;
mod profiles;
mod undo;

use rusqlite::types::Value as SqlValue;
use tierdesk_domain::{
    CustomerDraft, CustomerKeys, CustomerWrite, FieldDef, ImportKind, ImportRecord, NewImport,
};

use tierdesk_domain::audit::{action_label, NewEntry};
use tierdesk_domain::points_rules::{OpeningCounts, OpeningPlan};

use crate::customers::{draft_values, insert_in, UPDATE};
use crate::db::{AsDb, OptionalExt, Row, Val};
use crate::{args, now_text, Result, Store, StoreError};

pub use lines::{LineImport, LineTotals};

const RECORD_COLUMNS: &str =
    "id, kind, file, sheet, rows_read, inserted, updated, unchanged, skipped,
    rejected, lines, created_at, who, undone_at";

fn record_from_row(r: &Row<'_>) -> Result<ImportRecord> {
    let kind: String = r.get(1)?;
    Ok(ImportRecord {
        id: r.get(0)?,
        kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Customers),
        file: r.get(2)?,
        sheet: r.get(3)?,
        rows_read: r.get::<i64>(4)? as u64,
        inserted: r.get::<i64>(5)? as u64,
        updated: r.get::<i64>(6)? as u64,
        unchanged: r.get::<i64>(7)? as u64,
        skipped: r.get::<i64>(8)? as u64,
        rejected: r.get::<i64>(9)? as u64,
        lines: r.get::<i64>(10)? as u64,
        created_at: r.get(11)?,
        who: r.get(12)?,
        undone_at: r.get(13)?,
    })
}

fn update_in(tx: &impl AsDb, id: i64, d: &CustomerDraft, who: &str) -> Result<()> {
    let mut values = draft_values(d);
    values.push(SqlValue::Text(now_text()));
    values.push(SqlValue::Integer(id));
    values.push(SqlValue::Text(who.to_owned()));
    let values: Vec<Val<'_>> = values.into_iter().map(Val::from).collect();
    tx.as_db().execute(UPDATE, &values)?;
    crate::followups::keep_contact_dates_in(tx, id, who)?;
    Ok(())
}

pub(crate) fn insert_record(tx: &impl AsDb, new: &NewImport) -> Result<i64> {
    tx.as_db().query_row(
        "INSERT INTO imports(kind, file, sheet, mapping, rows_read, inserted, updated, unchanged, skipped,
             rejected, created_at, who)
         VALUES (?1, ?2, ?3, ?4, ?5, 0, 0, ?6, ?7, ?8, ?9, ?10) RETURNING id",
        args![
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
        |r| r.get(0),
    )
}

/// Records what an import did to a customer: created it (`previous` is
/// `None`, the customer is at revision 0) or updated it from `previous` at
/// revision `before` (the update took it to `before + 1`). Undo compares the
/// customer's revision with the one recorded here to see whether anyone has
/// changed the customer since.
fn record_change(
    tx: &impl AsDb,
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
    tx.as_db().execute(
        "INSERT INTO import_changes(import_id, customer_id, action, previous, revision_before, revision_after)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        args![import_id, customer_id, action, previous, before, after],
    )?;
    Ok(())
}

/// An import's record, read on `conn` (a transaction's view).
pub(crate) fn record_in(conn: &impl AsDb, id: i64) -> Result<ImportRecord> {
    let sql = format!("SELECT {RECORD_COLUMNS} FROM imports WHERE id = ?1");
    conn.as_db()
        .query_row(&sql, args![id], record_from_row)
        .optional()?
        .ok_or(StoreError::ImportNotFound(id))
}

/// The one entry of an import or its undo: file, sheet and counts, never a
/// line per row (a large import stays one entry; each customer's values
/// before the import are in its undo record).
pub(crate) fn import_entry(action: &str, r: &ImportRecord, new_fields: &[FieldDef]) -> NewEntry {
    let what = match r.kind {
        ImportKind::Customers => "客户表",
        ImportKind::Transactions => "订单表",
        ImportKind::Surveys => "满意度调查表",
    };
    let summary = if r.kind == ImportKind::Surveys {
        format!(
            "{} #{}（{what}）：答卷 {} 份",
            action_label(action),
            r.id,
            r.inserted
        )
    } else {
        format!(
            "{} #{}（{what}）：新增 {} 位，更新 {} 位{}",
            action_label(action),
            r.id,
            r.inserted,
            r.updated,
            if r.lines > 0 {
                format!("，订单行 {} 条", r.lines)
            } else {
                String::new()
            }
        )
    };
    let mut entry = NewEntry::new(action, "import", r.id.to_string(), summary)
        .fact("文件", &r.file)
        .fact("工作表", &r.sheet)
        .fact("读取行数", r.rows_read)
        .fact("新增客户", r.inserted)
        .fact("更新客户", r.updated)
        .fact("未变", r.unchanged)
        .fact("跳过", r.skipped)
        .fact("拒绝", r.rejected)
        .fact("订单行", r.lines);
    if !new_fields.is_empty() {
        let labels: Vec<&str> = new_fields.iter().map(|d| d.label.as_str()).collect();
        entry = entry.fact("新增自定义字段", labels.join("、"));
    }
    entry
}

/// A customer's revision: how many times it was changed by hand or by an import.
fn revision_of(tx: &impl AsDb, id: i64) -> Result<i64> {
    tx.as_db().query_row(
        "SELECT revision FROM customers WHERE id = ?1",
        args![id],
        |r| r.get(0),
    )
}

fn keep_imported_tier(tx: &impl AsDb, import_id: i64, id: i64, tier: Option<&str>) -> Result<()> {
    let Some(tier) = tier.filter(|t| !t.trim().is_empty()) else {
        return Ok(());
    };
    let db = tx.as_db();
    let set = db.execute(
        "UPDATE customers SET imported_tier = ?1, version = version + 1
         WHERE id = ?2 AND imported_tier IS NULL",
        args![tier, id],
    )?;
    if set > 0 {
        db.execute(
            "UPDATE import_changes SET imported_tier_set = 1 WHERE import_id = ?1 AND customer_id = ?2",
            args![import_id, id],
        )?;
    }
    Ok(())
}

impl Store {
    /// The match keys of every live customer, for duplicate detection, oldest
    /// first: the matcher keeps the first customer it meets for a key, so two
    /// customers sharing a name or a phone always resolve to the older one,
    /// on either backend (PostgreSQL's scan order moves when a row is edited).
    pub fn customer_keys(&self) -> Result<Vec<CustomerKeys>> {
        self.db().query_map(
            "SELECT id, code, phone_key, name_key FROM customers WHERE deleted_at IS NULL ORDER BY id",
            args![],
            |r| {
                Ok(CustomerKeys {
                    id: r.get(0)?,
                    code: r.get(1)?,
                    phone_key: r.get(2)?,
                    name_key: r.get(3)?,
                })
            },
        )
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
        let done =
            self.apply_customer_import_with(new, new_fields, writes, sheet_has_tier, None)?;
        Ok(done.0)
    }

    /// [`Store::apply_customer_import`] with the sheet's 期初积分: each
    /// becomes an opening row of its customer's ledger in the same
    /// transaction, unless the customer already has an opening balance
    /// (see `points_rules`). Returns the record and what the opening
    /// balances did.
    pub fn apply_customer_import_with(
        &mut self,
        new: &NewImport,
        new_fields: &[FieldDef],
        writes: &[CustomerWrite],
        sheet_has_tier: bool,
        opening: Option<&OpeningPlan>,
    ) -> Result<(ImportRecord, OpeningCounts)> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        for def in new_fields {
            crate::fields::add_field_in(&tx, def)?;
        }
        let import_id = insert_record(&tx, new)?;
        let (mut inserted, mut updated) = (0i64, 0i64);
        let mut ids = Vec::with_capacity(writes.len());
        for w in writes {
            match w {
                CustomerWrite::Insert(d) => {
                    let id = insert_in(&tx, d)?;
                    ids.push(id);
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
                    ids.push(*id);
                    Store::check_code_free(&tx, draft.code.as_deref(), Some(*id))?;
                    let before = revision_of(&tx, *id)?;
                    update_in(&tx, *id, draft, &actor.user)?;
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
            args![inserted, updated, import_id],
        )?;
        let record = record_in(&tx, import_id)?;
        let opened = match opening {
            Some(plan) => crate::points_rules::opening_in(&tx, import_id, &ids, plan, &actor.user)?,
            None => OpeningCounts::default(),
        };
        let mut entry = import_entry("import.run", &record, new_fields);
        if opened != OpeningCounts::default() {
            entry = entry
                .fact("期初积分", opened.written)
                .fact("已有期初积分未改动", opened.kept)
                .fact("表中积分与余额不同", opened.differ);
        }
        crate::audit::record(&tx, &actor, &entry)?;
        tx.commit()?;
        Ok((record, opened))
    }

    pub fn import_record(&self, id: i64) -> Result<ImportRecord> {
        record_in(&self.db(), id)
    }

    /// Every import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        let sql = format!("SELECT {RECORD_COLUMNS} FROM imports ORDER BY id DESC");
        self.db().query_map(&sql, args![], record_from_row)
    }
}
