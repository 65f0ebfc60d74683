//! The imports made so far, and taking one back.

use tierdesk_domain::ImportRecord;

use crate::{Api, Result};

impl Api {
    /// Every import, newest first.
    pub fn imports(&self) -> Result<Vec<ImportRecord>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.imports()?)
    }

    /// Takes an import back: created customers removed, updated ones
    /// restored (the store refuses when that would lose later work).
    pub fn undo_import(&mut self, id: i64) -> Result<ImportRecord> {
        self.allow(crate::domain::Perm::Import)?;
        self.backup_before(crate::BackupReason::Import)?;
        Ok(self.store.undo_import(id)?)
    }
}
