//! A customer's contacts (联系人): the people of a company customer, at most
//! one of them primary. Every change records its audit entry in its own
//! transaction; names and numbers go in the entry's details, never in its
//! summary.

use chrono::NaiveDate;
use tierdesk_domain::audit::{changed_labels, customer_ref, NewEntry};
use tierdesk_domain::record::{Contact, ContactDraft};
use tierdesk_domain::text;

use crate::db::{AsDb, Db, OptionalExt, Row};
use crate::{args, now_text, Result, Store, StoreError};

const COLUMNS: &str = "id, customer_id, name, role, phone, wechat, email, birth_date, is_primary,
    notes, created_at, updated_at";

fn from_row(r: &Row<'_>) -> Result<Contact> {
    let birth: Option<String> = r.get(7)?;
    Ok(Contact {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        name: r.get(2)?,
        role: r.get(3)?,
        phone: r.get(4)?,
        wechat: r.get(5)?,
        email: r.get(6)?,
        birth_date: birth.and_then(|b| NaiveDate::parse_from_str(&b, "%Y-%m-%d").ok()),
        is_primary: r.get(8)?,
        notes: r.get(9)?,
        created_at: r.get(10)?,
        updated_at: r.get(11)?,
    })
}

fn contact_in(db: &Db<'_>, id: i64) -> Result<Contact> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM customer_contacts WHERE id = ?1"),
        args![id],
        from_row,
    )
    .optional()?
    .ok_or(StoreError::ContactNotFound(id))
}

/// Fails unless customer `id` is in the file (in the archive or the recycle bin).
pub(crate) fn check_customer(conn: &impl AsDb, id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .as_db()
        .query_row("SELECT id FROM customers WHERE id = ?1", args![id], |r| {
            r.get(0)
        })
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::CustomerNotFound(id.to_string()))
}

/// Writes the draft's values into contact `id` (new or not); a primary
/// contact first takes the mark from the customer's other contacts.
pub(crate) fn write(conn: &impl AsDb, id: i64, customer_id: i64, d: &ContactDraft) -> Result<()> {
    let db = conn.as_db();
    if d.is_primary {
        db.execute(
            "UPDATE customer_contacts SET is_primary = 0
             WHERE customer_id = ?1 AND is_primary = 1 AND id <> ?2",
            args![customer_id, id],
        )?;
    }
    db.execute(
        "UPDATE customer_contacts SET name = ?2, role = ?3, phone = ?4, phone_key = ?5, wechat = ?6,
             email = ?7, birth_date = ?8, is_primary = ?9, notes = ?10, updated_at = ?11
         WHERE id = ?1",
        args![
            id,
            d.name,
            d.role,
            d.phone,
            d.phone.as_deref().and_then(text::match_key_phone),
            d.wechat,
            d.email,
            d.birth_date.map(|b| b.format("%Y-%m-%d").to_string()),
            d.is_primary,
            d.notes,
            now_text(),
        ],
    )?;
    Ok(())
}

/// A new contact row of `customer_id` named `name` (the rest written by
/// [`write`]); its id.
pub(crate) fn insert_in(db: &Db<'_>, customer_id: i64, name: &str, now: &str) -> Result<i64> {
    db.insert_id(
        "INSERT INTO customer_contacts(customer_id, name, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?3)",
        args![customer_id, name, now],
    )
}

impl Store {
    /// A customer's contacts: the primary one first, then in the order added.
    pub fn contacts(&self, customer_id: i64) -> Result<Vec<Contact>> {
        self.db().query_map(
            &format!(
                "SELECT {COLUMNS} FROM customer_contacts WHERE customer_id = ?1
                 ORDER BY is_primary DESC, id"
            ),
            args![customer_id],
            from_row,
        )
    }

    pub fn contact(&self, id: i64) -> Result<Contact> {
        contact_in(&self.db(), id)
    }

    /// Adds a contact (a checked draft: [`ContactDraft::validate`]).
    pub fn add_contact(&mut self, customer_id: i64, d: &ContactDraft) -> Result<Contact> {
        self.write_with_audit(|db| {
            check_customer(db, customer_id)?;
            let now = now_text();
            let id = insert_in(db, customer_id, &d.name, &now)?;
            write(db, id, customer_id, d)?;
            let mut entry = NewEntry::new(
                "contact.add",
                "contact",
                id.to_string(),
                format!("新增联系人 #{id}（客户 {}）", customer_ref(customer_id)),
            )
            .customer(customer_id);
            entry.details.changes = d.changes(None);
            Ok((contact_in(db, id)?, Some(entry)))
        })
    }

    /// Changes a contact; nothing is written (and no entry made) when the
    /// draft equals what is stored.
    pub fn update_contact(&mut self, id: i64, d: &ContactDraft) -> Result<Contact> {
        self.write_with_audit(|db| {
            let old = contact_in(db, id)?;
            let changes = d.changes(Some(&old));
            if changes.is_empty() {
                return Ok((old, None));
            }
            write(db, id, old.customer_id, d)?;
            let mut entry = NewEntry::new(
                "contact.edit",
                "contact",
                id.to_string(),
                format!(
                    "修改联系人 #{id}（客户 {}）：{}",
                    customer_ref(old.customer_id),
                    changed_labels(&changes)
                ),
            )
            .customer(old.customer_id);
            entry.details.changes = changes;
            Ok((contact_in(db, id)?, Some(entry)))
        })
    }

    /// Deletes a contact and returns it as it was.
    pub fn delete_contact(&mut self, id: i64) -> Result<Contact> {
        let who = self.actor().user.clone();
        self.write_with_audit(|db| {
            let old = contact_in(db, id)?;
            db.execute("DELETE FROM customer_contacts WHERE id = ?1", args![id])?;
            let cancelled = crate::todos::cancel_reminders_in(
                db,
                old.customer_id,
                "contact-birthday",
                id,
                &who,
            )?;
            let mut entry = NewEntry::new(
                "contact.delete",
                "contact",
                id.to_string(),
                format!("删除联系人 #{id}（客户 {}）", customer_ref(old.customer_id)),
            )
            .customer(old.customer_id);
            entry.details.changes = ContactDraft::from(&old)
                .changes(None)
                .into_iter()
                .map(|mut c| {
                    std::mem::swap(&mut c.before, &mut c.after);
                    c
                })
                .collect();
            if cancelled > 0 {
                entry = entry.fact("取消的提醒", cancelled);
            }
            Ok((old, Some(entry)))
        })
    }
}
