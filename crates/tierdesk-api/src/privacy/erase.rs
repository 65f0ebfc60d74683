//! Erasing a person (个人信息删除, PIPL art. 47): a backup first, then the
//! store's erase (one transaction over every table that copies the
//! customer's values, then the freed bytes purged from the file and its
//! WAL). See `tierdesk_store::privacy` for what happens to each table.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::backup::BackupReason;
use crate::{Api, ApiError, Result};

/// What an erase did, for the message shown after it (nothing personal).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EraseSummary {
    pub customer_id: i64,
    /// The name the record keeps (已删除的客户 #id).
    pub name: String,
    /// The backup taken just before, which still holds the person until it
    /// rotates out; `None` for a file with no backups (in memory).
    pub backup: Option<String>,
    pub import_records: u64,
    pub tier_reasons: u64,
    pub benefit_notes: u64,
    pub audit_details: u64,
    /// Whether the WAL was emptied (another program reading the file can
    /// hold the last pages back until its next checkpoint).
    pub wal_emptied: bool,
}

impl Api {
    /// Erases the personal values of the customer `id_or_code` everywhere
    /// the file holds them; `reason` (why: the person's request, say) is
    /// required and logged, without any personal value. Cannot be undone:
    /// the backup taken first holds the person until it rotates out.
    pub fn erase_customer(&mut self, id_or_code: &str, reason: &str) -> Result<EraseSummary> {
        self.allow(crate::domain::Perm::Erase)?;
        check_reason(reason)?;
        let id = self.find_customer(id_or_code)?.id;
        self.erase_customer_by_id(id, reason)
    }

    /// [`Api::erase_customer`] of the customer with the internal id `id`
    /// (the app's drawer): never a customer whose code reads like that id.
    pub fn erase_customer_by_id(&mut self, id: i64, reason: &str) -> Result<EraseSummary> {
        self.allow(crate::domain::Perm::Erase)?;
        let reason = check_reason(reason)?;
        let id = self.customer(id)?.id;
        let backup = self.backup_before(BackupReason::Erase)?;
        let e = self.store.erase_customer(id, reason)?;
        Ok(EraseSummary {
            customer_id: id,
            name: tierdesk_domain::privacy::erased_name(id),
            backup: backup.map(|b| b.file),
            import_records: e.import_changes as u64,
            tier_reasons: (e.history_reasons + e.override_reasons) as u64,
            benefit_notes: e.benefit_notes as u64,
            audit_details: e.audit_details as u64,
            wal_emptied: e.wal_emptied,
        })
    }
}

/// The reason of an erase, trimmed: required, and at most 500 characters.
fn check_reason(reason: &str) -> Result<&str> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(ApiError::invalid(
            "请填写删除个人信息的原因（例如 客户本人要求删除）",
        ));
    }
    if reason.chars().count() > 500 {
        return Err(ApiError::invalid("删除原因太长：最多 500 个字"));
    }
    Ok(reason)
}
