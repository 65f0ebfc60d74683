//! A customer's owner (负责人): the team user whose customer it is. The list
//! reads it with every customer (`customers::COLUMNS`) and filters by it
//! (`CustomerQuery.owner`); this module changes it.

use tierdesk_domain::audit::{action_label, customer_ref, NewEntry};

use crate::db::{AsDb, OptionalExt};
use crate::{args, audit, now_text, Result, Store, StoreError};

/// A user's name by id (a user turned off keeps it), for the log.
fn user_name(db: &impl AsDb, id: i64) -> Result<Option<String>> {
    db.as_db()
        .query_row("SELECT name FROM users WHERE id = ?1", args![id], |r| {
            r.get(0)
        })
        .optional()
}

impl Store {
    /// Gives customers to `owner` (`None`: shared, nobody's), in one
    /// transaction: a customer whose owner changes gets an audit entry with
    /// the owner's name before and after; one already his is left alone.
    /// Every id must be a live customer (else nothing changes). Returns how
    /// many changed. The owner's existence is the caller's to check (the
    /// foreign key refuses an unknown id anyway).
    pub fn set_customer_owner(&mut self, ids: &[i64], owner: Option<i64>) -> Result<usize> {
        let actor = self.actor().clone();
        let tx = self.write()?;
        let after = match owner {
            Some(id) => Some(user_name(&tx, id)?.unwrap_or_else(|| format!("#{id}"))),
            None => None,
        };
        let now = now_text();
        let mut changed = 0;
        for &id in ids {
            let before: Option<i64> = tx
                .query_row(
                    "SELECT owner_id FROM customers WHERE id = ?1 AND deleted_at IS NULL",
                    args![id],
                    |r| r.get(0),
                )
                .optional()?
                .ok_or_else(|| StoreError::CustomerNotFound(id.to_string()))?;
            if before == owner {
                continue;
            }
            let before_name = match before {
                Some(b) => Some(user_name(&tx, b)?.unwrap_or_else(|| format!("#{b}"))),
                None => None,
            };
            // A change of hands is a write like any other: the row's version
            // moves on (migration 0022), so an edit opened before it merges.
            tx.execute(
                "UPDATE customers SET owner_id = ?1, updated_at = ?2, version = version + 1,
                     updated_by = ?4 WHERE id = ?3",
                args![owner, now, id, actor.user],
            )?;
            let summary = format!("{} {}", action_label("customer.owner"), customer_ref(id));
            let entry = NewEntry::for_customer("customer.owner", id, summary).change(
                "owner",
                "负责人",
                before_name,
                after.clone(),
            );
            audit::record(&tx, &actor, &entry)?;
            changed += 1;
        }
        tx.commit()?;
        Ok(changed)
    }
}
