//! A customer's contacts (联系人): the people of a company customer, at most
//! one of them primary. Every change records its audit entry in its own
//! transaction; names and numbers go in the entry's details, never in its
//! summary.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension, Row};
use tierdesk_domain::audit::{changed_labels, customer_ref, NewEntry};
use tierdesk_domain::record::{Contact, ContactDraft};
use tierdesk_domain::text;

use crate::{now_text, Result, Store, StoreError};

const COLUMNS: &str = "id, customer_id, name, role, phone, wechat, email, birth_date, is_primary,
    notes, created_at, updated_at";

fn from_row(r: &Row<'_>) -> rusqlite::Result<Contact> {
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

fn contact_in(conn: &Connection, id: i64) -> Result<Contact> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM customer_contacts WHERE id = ?1"),
        [id],
        from_row,
    )
    .optional()?
    .ok_or(StoreError::ContactNotFound(id))
}

/// Fails unless customer `id` is in the file (in the archive or the recycle bin).
pub(crate) fn check_customer(conn: &Connection, id: i64) -> Result<()> {
    let found: Option<i64> = conn
        .query_row("SELECT id FROM customers WHERE id = ?1", [id], |r| r.get(0))
        .optional()?;
    found
        .map(|_| ())
        .ok_or_else(|| StoreError::CustomerNotFound(id.to_string()))
}

/// Writes the draft's values into contact `id` (new or not); a primary
/// contact first takes the mark from the customer's other contacts.
pub(crate) fn write(conn: &Connection, id: i64, customer_id: i64, d: &ContactDraft) -> Result<()> {
    if d.is_primary {
        conn.execute(
            "UPDATE customer_contacts SET is_primary = 0
             WHERE customer_id = ?1 AND is_primary = 1 AND id <> ?2",
            params![customer_id, id],
        )?;
    }
    conn.execute(
        "UPDATE customer_contacts SET name = ?2, role = ?3, phone = ?4, phone_key = ?5, wechat = ?6,
             email = ?7, birth_date = ?8, is_primary = ?9, notes = ?10, updated_at = ?11
         WHERE id = ?1",
        params![
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

impl Store {
    /// A customer's contacts: the primary one first, then in the order added.
    pub fn contacts(&self, customer_id: i64) -> Result<Vec<Contact>> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT {COLUMNS} FROM customer_contacts WHERE customer_id = ?1
             ORDER BY is_primary DESC, id"
        ))?;
        let rows = stmt.query_map([customer_id], from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn contact(&self, id: i64) -> Result<Contact> {
        contact_in(&self.conn, id)
    }

    /// Adds a contact (a checked draft: [`ContactDraft::validate`]).
    pub fn add_contact(&mut self, customer_id: i64, d: &ContactDraft) -> Result<Contact> {
        self.write_audited(|conn| {
            check_customer(conn, customer_id)?;
            let now = now_text();
            conn.execute(
                "INSERT INTO customer_contacts(customer_id, name, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?3)",
                params![customer_id, d.name, now],
            )?;
            let id = conn.last_insert_rowid();
            write(conn, id, customer_id, d)?;
            let mut entry = NewEntry::new(
                "contact.add",
                "contact",
                id.to_string(),
                format!("新增联系人 #{id}（客户 {}）", customer_ref(customer_id)),
            )
            .customer(customer_id);
            entry.details.changes = d.changes(None);
            Ok((contact_in(conn, id)?, Some(entry)))
        })
    }

    /// Changes a contact; nothing is written (and no entry made) when the
    /// draft equals what is stored.
    pub fn update_contact(&mut self, id: i64, d: &ContactDraft) -> Result<Contact> {
        self.write_audited(|conn| {
            let old = contact_in(conn, id)?;
            let changes = d.changes(Some(&old));
            if changes.is_empty() {
                return Ok((old, None));
            }
            write(conn, id, old.customer_id, d)?;
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
            Ok((contact_in(conn, id)?, Some(entry)))
        })
    }

    /// Deletes a contact and returns it as it was.
    pub fn delete_contact(&mut self, id: i64) -> Result<Contact> {
        let who = self.actor().user.clone();
        self.write_audited(|conn| {
            let old = contact_in(conn, id)?;
            conn.execute("DELETE FROM customer_contacts WHERE id = ?1", [id])?;
            let cancelled = crate::todos::cancel_reminders_in(
                conn,
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
