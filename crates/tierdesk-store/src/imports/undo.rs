//! Taking an import back.

use tierdesk_domain::{CustomerDraft, ImportRecord};

use super::update_in;
use crate::db::OptionalExt;
use crate::{args, now_text, Result, Store, StoreError};

impl Store {
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
        let actor = self.actor().clone();
        let tx = self.write()?;
        // Read inside the write transaction: another desk (or window) may
        // have undone this import while this one waited for the lock.
        let record = self.import_record(id)?;
        if record.undone_at.is_some() {
            return Err(StoreError::ImportAlreadyUndone(id));
        }
        let later: Option<i64> = tx
            .query_row(
                "SELECT DISTINCT c2.import_id FROM import_changes c1
                 JOIN import_changes c2 ON c2.customer_id = c1.customer_id AND c2.import_id > c1.import_id
                 JOIN imports i2 ON i2.id = c2.import_id AND i2.undone_at IS NULL
                 WHERE c1.import_id = ?1 ORDER BY c2.import_id DESC LIMIT 1",
                args![id],
                |r| r.get(0),
            )
            .optional()?;
        if let Some(later) = later {
            return Err(StoreError::ImportOutOfOrder { id, later });
        }
        let changes: Vec<Change> = tx.query_map(
            "SELECT ch.customer_id, ch.action, ch.previous, ch.imported_tier_set,
                        ch.revision_before, ch.revision_after,
                        c.revision, c.name, c.code
                 FROM import_changes ch LEFT JOIN customers c ON c.id = ch.customer_id
                 WHERE ch.import_id = ?1 ORDER BY ch.rowid DESC",
            args![id],
            |r| {
                Ok(Change {
                    customer_id: r.get(0)?,
                    inserted: r.get::<String>(1)? == "inserted",
                    previous: r.get(2)?,
                    imported_tier_set: r.get(3)?,
                    revision_before: r.get(4)?,
                    revision_after: r.get(5)?,
                    now: match r.get::<Option<i64>>(6)? {
                        Some(revision) => Some((revision, r.get(7)?, r.get(8)?)),
                        None => None,
                    },
                })
            },
        )?;
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
        // The lines go with the totals per order and day kept from them.
        crate::purchases::delete_import_lines(&tx, id)?;
        // The points its lines earned are reversed (new rows, never edits).
        crate::points_import::reverse_import_in(&tx, id, &actor.user)?;
        // A survey import's answers go, and the to-dos they opened.
        crate::surveys::undo_import_answers_in(&tx, id)?;
        for c in changes.into_iter().filter(|c| c.now.is_some()) {
            if c.imported_tier_set {
                tx.execute(
                    "UPDATE customers SET imported_tier = NULL, version = version + 1 WHERE id = ?1",
                    args![c.customer_id],
                )?;
            }
            if c.inserted {
                tx.execute("DELETE FROM customers WHERE id = ?1", args![c.customer_id])?;
            } else if let Some(previous) = c.previous {
                let draft: CustomerDraft = serde_json::from_str(&previous).map_err(|e| {
                    StoreError::Corrupt(format!("导入 #{id} 的撤销记录无法读取：{e}"))
                })?;
                update_in(&tx, c.customer_id, &draft, &actor.user)?;
                // Back to the revision it had before the import, so an
                // earlier import that also changed it can still be undone.
                // (`update_in` just raised its version: one write, one step.)
                if let Some(before) = c.revision_before {
                    tx.execute(
                        "UPDATE customers SET revision = ?1 WHERE id = ?2",
                        args![before, c.customer_id],
                    )?;
                }
            }
        }
        tx.execute(
            "UPDATE imports SET undone_at = ?1 WHERE id = ?2",
            args![now_text(), id],
        )?;
        let record = super::record_in(&tx, id)?;
        crate::audit::record(
            &tx,
            &actor,
            &super::import_entry("import.undo", &record, &[]),
        )?;
        tx.commit()?;
        Ok(record)
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
