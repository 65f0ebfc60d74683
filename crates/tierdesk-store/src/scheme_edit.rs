//! Who saved a scheme last, and a save that goes through only while nobody
//! else saved it since it was read (migration 0025).
//!
//! A scheme keeps every version a rating used as its own row; a version no
//! rating used yet is overwritten in place. Every save of a key — a new
//! version row or the same row overwritten — writes the key's highest
//! `revision` plus one, who saved (`updated_by`) and when (`updated_at`), so
//! a save based on what an editor opened can tell whether the scheme moved
//! on in between ([`Store::save_scheme_at`]).

use tierdesk_domain::audit::{action_label, NewEntry};

use crate::db::{Db, OptionalExt};
use crate::rating::StoredScheme;
use crate::{args, now_text, Result, Store, StoreError};

/// The newest version of a scheme with who saved it last and when.
#[derive(Debug, Clone, PartialEq)]
pub struct SchemeHead {
    pub scheme: StoredScheme,
    /// Raised by every save of the key (see the module doc).
    pub revision: i64,
    /// The signed-in person on a team database, 我的名字 on a file; none for
    /// a row saved before this was kept.
    pub updated_by: Option<String>,
    /// `YYYY-MM-DD HH:MM:SS`.
    pub updated_at: String,
}

/// What a save changed, for the caller that merged it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SchemeSaveNote {
    /// Facts for the audit entry (合并了对方的修改 …), in order.
    pub facts: Vec<(String, String)>,
}

const HEAD_COLUMNS: &str = "s.key, s.version, s.name, s.definition, s.revision, s.updated_by,
    COALESCE(s.updated_at, s.created_at)";

fn head_from(r: &crate::db::Row<'_>) -> Result<SchemeHead> {
    Ok(SchemeHead {
        scheme: StoredScheme {
            key: r.get(0)?,
            version: r.get(1)?,
            name: r.get(2)?,
            definition: r.get(3)?,
        },
        revision: r.get(4)?,
        updated_by: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// The newest row of `key`, inside a transaction or out.
pub(crate) fn head_in(db: &Db<'_>, key: &str) -> Result<Option<SchemeHead>> {
    db.query_row(
        &format!(
            "SELECT {HEAD_COLUMNS} FROM schemes s WHERE s.key = ?1
             ORDER BY s.version DESC LIMIT 1"
        ),
        args![key],
        head_from,
    )
    .optional()
}

/// Writes `s` (a new version row, or its version overwritten) with the
/// key's next revision and the `scheme.import` / `scheme.edit` entry, when
/// the newest row is still at `at_revision` (when given); else
/// [`StoreError::VersionMoved`] and nothing is written. The one way a
/// scheme is written.
pub(crate) fn save_scheme_in(
    db: &Db<'_>,
    s: &StoredScheme,
    at_revision: Option<i64>,
    who: &str,
    note: &SchemeSaveNote,
) -> Result<(SchemeHead, Option<NewEntry>)> {
    let newest = head_in(db, &s.key)?;
    let revision_now = newest.as_ref().map_or(0, |h| h.revision);
    if let Some(opened) = at_revision.filter(|r| *r != revision_now) {
        return Err(StoreError::VersionMoved {
            opened,
            now: revision_now,
        });
    }
    // The caller chose the version before this transaction: a rating may
    // have used it since. A version a rating used keeps its rules; the save
    // becomes the key's next version (checked here, under the write lock).
    let used: bool = db.query_row(
        "SELECT EXISTS(SELECT 1 FROM batches WHERE scheme_key = ?1 AND scheme_version = ?2)",
        args![s.key, s.version],
        |r| r.get(0),
    )?;
    let moved_on;
    let s = match &newest {
        Some(h) if used => {
            moved_on = StoredScheme {
                version: h.scheme.version.max(s.version) + 1,
                ..s.clone()
            };
            &moved_on
        }
        _ => s,
    };
    let before: Option<String> = db
        .query_row(
            "SELECT definition FROM schemes WHERE key = ?1 AND version <= ?2
             ORDER BY version DESC LIMIT 1",
            args![s.key, s.version],
            |r| r.get(0),
        )
        .optional()?;
    let now = now_text();
    let who = Some(who.trim()).filter(|w| !w.is_empty());
    db.execute(
        "INSERT INTO schemes(key, version, name, definition, created_at, revision, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?5)
         ON CONFLICT(key, version) DO UPDATE SET name = excluded.name, definition = excluded.definition,
             revision = excluded.revision, updated_by = excluded.updated_by, updated_at = excluded.updated_at",
        args![s.key, s.version, s.name, s.definition, now, revision_now + 1, who],
    )?;
    let head = head_in(db, &s.key)?
        .ok_or_else(|| StoreError::Corrupt(format!("方案「{}」保存后读不到", s.key)))?;
    if before.as_deref() == Some(s.definition.as_str()) {
        return Ok((head, None));
    }
    let action = if before.is_some() {
        "scheme.edit"
    } else {
        "scheme.import"
    };
    let summary = format!(
        "{}「{}」（{}，第 {} 版）",
        action_label(action),
        s.name,
        s.key,
        s.version
    );
    let mut entry = NewEntry::new(
        action,
        "scheme",
        format!("{}@{}", s.key, s.version),
        summary,
    )
    .change("definition", "方案内容", before, Some(s.definition.clone()));
    for (label, value) in &note.facts {
        entry = entry.fact(label, value);
    }
    Ok((head, Some(entry)))
}

impl Store {
    /// The newest version of `key` with its revision, who saved it and when.
    pub fn scheme_head(&self, key: &str) -> Result<Option<SchemeHead>> {
        head_in(&self.db(), key)
    }

    /// The newest version of every scheme with its revision, in the order
    /// they were first saved (as [`Store::schemes`]).
    pub fn scheme_heads(&self) -> Result<Vec<SchemeHead>> {
        // `rowid` is a real column of `schemes` on PostgreSQL (migrations_pg).
        self.db().query_map(
            &format!(
                "SELECT {HEAD_COLUMNS} FROM schemes s
                 WHERE s.version = (SELECT MAX(version) FROM schemes WHERE key = s.key)
                 ORDER BY (SELECT MIN(rowid) FROM schemes WHERE key = s.key)"
            ),
            args![],
            head_from,
        )
    }

    /// Saves a scheme edited from the revision `at_revision` of its key:
    /// written only while the newest row is still at that revision, checked
    /// inside the write transaction (else [`StoreError::VersionMoved`],
    /// nothing written). `note`'s facts go into the audit entry.
    pub fn save_scheme_at(
        &self,
        s: &StoredScheme,
        at_revision: i64,
        note: &SchemeSaveNote,
    ) -> Result<SchemeHead> {
        let who = self.actor().user.clone();
        self.write_with_audit(|db| save_scheme_in(db, s, Some(at_revision), &who, note))
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;
    use tierdesk_domain::NewBatch;

    use super::SchemeSaveNote;
    use crate::rating::StoredScheme;
    use crate::testing::each_backend;

    fn scheme(version: u32, rule: &str) -> StoredScheme {
        StoredScheme {
            key: "s".into(),
            version,
            name: "方案".into(),
            definition: rule.into(),
        }
    }

    /// A save decided on a version before a rating used it (the editor
    /// found version 1 unused, another desk applied a rating with it, then
    /// the save reached the database): version 1 keeps the rules the rating
    /// used, and the save becomes version 2 — exactly two rows.
    #[test]
    fn a_version_a_rating_used_meanwhile_is_never_written_over() {
        each_backend(|store| {
            store.save_scheme(&scheme(1, "spend >= 100")).unwrap();
            let opened = store.scheme_head("s").unwrap().unwrap();
            let day = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
            store
                .apply_batch(
                    &NewBatch {
                        scheme_key: "s".into(),
                        scheme_version: 1,
                        period: "2026".into(),
                        as_of: day,
                        applied_by: "测试员".into(),
                        rated_on: day,
                        next_rating_on: day,
                    },
                    &[],
                )
                .unwrap();
            let saved = store
                .save_scheme_at(
                    &scheme(1, "spend >= 200"),
                    opened.revision,
                    &SchemeSaveNote::default(),
                )
                .unwrap();
            assert_eq!(saved.scheme.version, 2);
            assert_eq!(saved.scheme.definition, "spend >= 200");
            assert_eq!(saved.revision, opened.revision + 1);
            let used = store.scheme_version("s", 1).unwrap().unwrap();
            assert_eq!(used.definition, "spend >= 100");
            let rows: i64 = store
                .db()
                .query_row(
                    "SELECT count(*) FROM schemes WHERE key = 's'",
                    crate::args![],
                    |r| r.get(0),
                )
                .unwrap();
            assert_eq!(rows, 2);
        });
    }
}
