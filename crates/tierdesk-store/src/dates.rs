//! The dates that matter to a customer every year (合作纪念日, 开业日, any
//! named date). Every change records its audit entry in its own
//! transaction.

use tierdesk_domain::audit::{changed_labels, customer_ref, NewEntry};
use tierdesk_domain::record::{CustomerDate, DateDraft, DateKind};

use crate::contacts::check_customer;
use crate::db::{AsDb, Db, OptionalExt, Row};
use crate::{args, now_text, Result, Store, StoreError};

const COLUMNS: &str =
    "id, customer_id, kind, label, month, day, year, remind, notes, created_at, updated_at";

fn from_row(r: &Row<'_>) -> Result<CustomerDate> {
    let kind: String = r.get(2)?;
    Ok(CustomerDate {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        kind: DateKind::parse(&kind).unwrap_or(DateKind::Custom),
        label: r.get(3)?,
        month: r.get(4)?,
        day: r.get(5)?,
        year: r.get(6)?,
        remind: r.get(7)?,
        notes: r.get(8)?,
        created_at: r.get(9)?,
        updated_at: r.get(10)?,
    })
}

fn date_in(db: &Db<'_>, id: i64) -> Result<CustomerDate> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM customer_dates WHERE id = ?1"),
        args![id],
        from_row,
    )
    .optional()?
    .ok_or(StoreError::DateNotFound(id))
}

pub(crate) fn write(conn: &impl AsDb, id: i64, d: &DateDraft) -> Result<()> {
    conn.as_db().execute(
        "UPDATE customer_dates SET kind = ?2, label = ?3, month = ?4, day = ?5, year = ?6,
             remind = ?7, notes = ?8, updated_at = ?9
         WHERE id = ?1",
        args![
            id,
            d.kind.key(),
            d.label,
            d.month,
            d.day,
            d.year,
            d.remind,
            d.notes,
            now_text()
        ],
    )?;
    Ok(())
}

/// A new date row of `customer_id` (the rest written by [`write`]); its id.
pub(crate) fn insert_in(db: &Db<'_>, customer_id: i64, d: &DateDraft, now: &str) -> Result<i64> {
    db.insert_id(
        "INSERT INTO customer_dates(customer_id, kind, label, month, day, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
        args![customer_id, d.kind.key(), d.label, d.month, d.day, now],
    )
}

fn entry(action: &str, id: i64, customer_id: i64, summary: String) -> NewEntry {
    NewEntry::new(action, "date", id.to_string(), summary).customer(customer_id)
}

impl Store {
    /// A customer's dates, in calendar order (month, day), then as added.
    pub fn customer_dates(&self, customer_id: i64) -> Result<Vec<CustomerDate>> {
        self.db().query_map(
            &format!(
                "SELECT {COLUMNS} FROM customer_dates WHERE customer_id = ?1 ORDER BY month, day, id"
            ),
            args![customer_id],
            from_row,
        )
    }

    pub fn customer_date(&self, id: i64) -> Result<CustomerDate> {
        date_in(&self.db(), id)
    }

    /// Adds a date (a checked draft: [`DateDraft::validate`]).
    pub fn add_customer_date(&mut self, customer_id: i64, d: &DateDraft) -> Result<CustomerDate> {
        self.write_with_audit(|db| {
            check_customer(db, customer_id)?;
            let id = insert_in(db, customer_id, d, &now_text())?;
            write(db, id, d)?;
            let mut e = entry(
                "date.add",
                id,
                customer_id,
                format!("新增纪念日 #{id}（客户 {}）", customer_ref(customer_id)),
            );
            e.details.changes = d.changes(None);
            Ok((date_in(db, id)?, Some(e)))
        })
    }

    /// Changes a date; nothing is written when the draft equals what is stored.
    pub fn update_customer_date(&mut self, id: i64, d: &DateDraft) -> Result<CustomerDate> {
        self.write_with_audit(|db| {
            let old = date_in(db, id)?;
            let changes = d.changes(Some(&old));
            if changes.is_empty() {
                return Ok((old, None));
            }
            write(db, id, d)?;
            let mut e = entry(
                "date.edit",
                id,
                old.customer_id,
                format!(
                    "修改纪念日 #{id}（客户 {}）：{}",
                    customer_ref(old.customer_id),
                    changed_labels(&changes)
                ),
            );
            e.details.changes = changes;
            Ok((date_in(db, id)?, Some(e)))
        })
    }

    /// Deletes a date and returns it as it was.
    pub fn delete_customer_date(&mut self, id: i64) -> Result<CustomerDate> {
        let who = self.actor().user.clone();
        self.write_with_audit(|db| {
            let old = date_in(db, id)?;
            db.execute("DELETE FROM customer_dates WHERE id = ?1", args![id])?;
            let cancelled =
                crate::todos::cancel_reminders_in(db, old.customer_id, "date", id, &who)?;
            let e = entry(
                "date.delete",
                id,
                old.customer_id,
                format!("删除纪念日 #{id}（客户 {}）", customer_ref(old.customer_id)),
            )
            .fact("名称", &old.label);
            let e = if cancelled > 0 {
                e.fact("取消的提醒", cancelled)
            } else {
                e
            };
            Ok((old, Some(e)))
        })
    }
}
