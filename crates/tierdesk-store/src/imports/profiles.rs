//! Saved column mappings (导入方案): the one listing (an import looks its
//! mapping up in it by name or header signature; the import page shows
//! it), saving one after an import, renaming and deleting.

use tierdesk_domain::audit::NewEntry;
use tierdesk_domain::{ImportKind, ImportProfile};

use crate::db::{Db, OptionalExt};
use crate::{args, now_text, Result, Store, StoreError};

impl Store {
    /// Every saved mapping, the most recently used first.
    pub fn import_profiles(&self) -> Result<Vec<ImportProfile>> {
        self.db().query_map(
            "SELECT signature, name, kind, mapping, updated_at FROM import_profiles
             ORDER BY updated_at DESC, name",
            args![],
            |r| {
                let kind: String = r.get(2)?;
                Ok(ImportProfile {
                    signature: r.get(0)?,
                    name: r.get(1)?,
                    kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Customers),
                    mapping: r.get(3)?,
                    updated_at: r.get(4)?,
                })
            },
        )
    }

    /// Gives a saved mapping another name. The new name is trimmed and may
    /// be neither empty nor the name of another profile. Both names are
    /// checked inside the write transaction, so two desks renaming at once
    /// never give two mappings one name.
    pub fn rename_import_profile(&self, old: &str, new: &str) -> Result<()> {
        let new = new.trim();
        if new.is_empty() {
            return Err(StoreError::EmptyProfileName);
        }
        self.write_with_audit(|db| {
            if !profile_exists(db, old)? {
                return Err(StoreError::ProfileNotFound(old.to_owned()));
            }
            if new == old {
                return Ok(((), None));
            }
            if profile_exists(db, new)? {
                return Err(StoreError::DuplicateProfile(new.to_owned()));
            }
            db.execute(
                "UPDATE import_profiles SET name = ?2 WHERE name = ?1",
                args![old, new],
            )?;
            let entry = NewEntry::new(
                "import.profile.rename",
                "import_profile",
                new,
                format!("重命名导入方案「{old}」为「{new}」"),
            )
            .change("name", "名称", Some(old.to_owned()), Some(new.to_owned()));
            Ok(((), Some(entry)))
        })
    }

    /// Forgets a saved mapping: the next sheet with its headers is guessed
    /// again.
    pub fn delete_import_profile(&self, name: &str) -> Result<()> {
        self.write_with_audit(|db| {
            let n = db.execute("DELETE FROM import_profiles WHERE name = ?1", args![name])?;
            if n == 0 {
                return Err(StoreError::ProfileNotFound(name.to_owned()));
            }
            let summary = format!("删除导入方案「{name}」");
            let entry = NewEntry::new("import.profile.delete", "import_profile", name, summary);
            Ok(((), Some(entry)))
        })
    }

    /// Saves the mapping for a header signature under `name`, or under
    /// `name (2)`, `name (3)`… when another signature's mapping already has
    /// that name (two layouts of one file and sheet name would otherwise
    /// share the default name, and renaming or deleting one would take both).
    /// The free name is found inside the write transaction, so two desks
    /// saving two layouts at once still get two names.
    pub fn save_import_profile(
        &self,
        signature: &str,
        name: &str,
        kind: ImportKind,
        mapping: &str,
    ) -> Result<()> {
        self.write_with_audit(|db| {
            let taken = |n: &str| -> Result<bool> {
                db.query_row(
                    "SELECT count(*) > 0 FROM import_profiles WHERE name = ?1 AND signature <> ?2",
                    args![n, signature],
                    |r| r.get(0),
                )
            };
            let mut free = name.to_owned();
            let mut n = 1;
            while taken(&free)? {
                n += 1;
                free = format!("{name} ({n})");
            }
            let name = free.as_str();
            let before: Option<String> = db
                .query_row(
                    "SELECT mapping FROM import_profiles WHERE signature = ?1",
                    args![signature],
                    |r| r.get(0),
                )
                .optional()?;
            db.execute(
                "INSERT INTO import_profiles(signature, name, kind, mapping, updated_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT(signature) DO UPDATE SET name = ?2, kind = ?3, mapping = ?4, updated_at = ?5",
                args![signature, name, kind.as_str(), mapping, now_text()],
            )?;
            // Saved again after every import with it: only a new or changed
            // mapping is worth an entry.
            if before.as_deref() == Some(mapping) {
                return Ok(((), None));
            }
            let entry = NewEntry::new(
                "import.profile.save",
                "import_profile",
                name,
                format!("保存导入方案「{name}」"),
            )
            .change("mapping", "列对应", before, Some(mapping.to_owned()));
            Ok(((), Some(entry)))
        })
    }
}

/// Whether a saved mapping has this name.
fn profile_exists(db: &Db<'_>, name: &str) -> Result<bool> {
    let n: i64 = db.query_row(
        "SELECT count(*) FROM import_profiles WHERE name = ?1",
        args![name],
        |r| r.get(0),
    )?;
    Ok(n > 0)
}
