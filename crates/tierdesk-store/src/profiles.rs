//! Saved column mappings (导入方案): listing, renaming and deleting them.
//! Saving and looking one up for an import is in `imports`.

use rusqlite::params;
use tierdesk_domain::{ImportKind, ImportProfile};

use crate::{Result, Store, StoreError};

impl Store {
    /// Every saved mapping, the most recently used first.
    pub fn import_profile_list(&self) -> Result<Vec<ImportProfile>> {
        let mut stmt = self.conn.prepare(
            "SELECT signature, name, kind, mapping, updated_at FROM import_profiles
             ORDER BY updated_at DESC, name",
        )?;
        let rows = stmt.query_map([], |r| {
            let kind: String = r.get(2)?;
            Ok(ImportProfile {
                signature: r.get(0)?,
                name: r.get(1)?,
                kind: ImportKind::parse(&kind).unwrap_or(ImportKind::Customers),
                mapping: r.get(3)?,
                updated_at: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Gives a saved mapping another name. The new name is trimmed and may
    /// be neither empty nor the name of another profile.
    pub fn rename_import_profile(&self, old: &str, new: &str) -> Result<()> {
        let new = new.trim();
        if new.is_empty() {
            return Err(StoreError::EmptyProfileName);
        }
        if !self.profile_exists(old)? {
            return Err(StoreError::ProfileNotFound(old.to_owned()));
        }
        if new == old {
            return Ok(());
        }
        if self.profile_exists(new)? {
            return Err(StoreError::DuplicateProfile(new.to_owned()));
        }
        self.conn.execute(
            "UPDATE import_profiles SET name = ?2 WHERE name = ?1",
            params![old, new],
        )?;
        Ok(())
    }

    /// Forgets a saved mapping: the next sheet with its headers is guessed
    /// again.
    pub fn delete_import_profile(&self, name: &str) -> Result<()> {
        let n = self
            .conn
            .execute("DELETE FROM import_profiles WHERE name = ?1", [name])?;
        if n == 0 {
            return Err(StoreError::ProfileNotFound(name.to_owned()));
        }
        Ok(())
    }

    fn profile_exists(&self, name: &str) -> Result<bool> {
        let n: i64 = self.conn.query_row(
            "SELECT count(*) FROM import_profiles WHERE name = ?1",
            [name],
            |r| r.get(0),
        )?;
        Ok(n > 0)
    }
}
