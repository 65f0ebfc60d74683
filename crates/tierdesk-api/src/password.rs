//! The database password: set, change, remove (设置 → 数据库密码, `tierdesk
//! password …`).
//!
//! Each one backs the file up first (the backup keeps the old password, or
//! none), rewrites the file with the new key through the store (see
//! `tierdesk-store`'s `cipher.rs`: a checked copy renamed over the file),
//! and records `password.set` / `password.change` / `password.remove` in the
//! audit log. The password itself is never written anywhere but into
//! SQLCipher: not to the log, the settings, or any message.

use tierdesk_store::NewEntry;

use crate::{Api, ApiError, BackupReason, ErrorCode, Result};

/// The longest password taken: far beyond any typed one, short enough that
/// nobody pastes a file by mistake.
const MAX_CHARS: usize = 256;

impl Api {
    /// Whether the open file is encrypted with a password.
    pub fn has_password(&self) -> bool {
        self.store.has_password()
    }

    /// Encrypts a plain file with `new`. Refused when it already has a
    /// password (that is [`Api::change_password`]).
    pub fn set_password(&mut self, new: &str) -> Result<()> {
        self.allow(crate::domain::Perm::Settings)?;
        self.file_only()?;
        if self.has_password() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "这个数据库已经设了密码；要换密码请用「修改密码」",
            ));
        }
        check_new(new)?;
        self.rewrite(Some(new), "password.set", "设置了数据库密码，文件已加密")
    }

    /// Re-encrypts the file with `new` once `current` is confirmed.
    pub fn change_password(&mut self, current: &str, new: &str) -> Result<()> {
        self.allow(crate::domain::Perm::Settings)?;
        self.file_only()?;
        self.confirm(current)?;
        check_new(new)?;
        if new == current {
            return Err(ApiError::invalid("新密码和当前密码相同，密码没有改动"));
        }
        self.rewrite(
            Some(new),
            "password.change",
            "修改了数据库密码，文件已重新加密",
        )
    }

    /// Turns the file back into a plain, unencrypted one once `current` is
    /// confirmed.
    pub fn remove_password(&mut self, current: &str) -> Result<()> {
        self.allow(crate::domain::Perm::Settings)?;
        self.file_only()?;
        self.confirm(current)?;
        self.rewrite(None, "password.remove", "取消了数据库密码，文件不再加密")
    }

    /// Refuses unless the file has a password and `current` is it.
    fn confirm(&self, current: &str) -> Result<()> {
        if !self.has_password() {
            return Err(ApiError::new(
                ErrorCode::Conflict,
                "这个数据库没有设密码；要加密请用「设置密码」",
            ));
        }
        if !self.store.password_matches(current) {
            return Err(ApiError::new(
                ErrorCode::WrongPassword,
                "当前密码不对，密码没有改动",
            ));
        }
        Ok(())
    }

    /// Backup, rewrite, audit entry: the steps every change shares.
    fn rewrite(&mut self, password: Option<&str>, action: &str, summary: &str) -> Result<()> {
        self.backup_before(BackupReason::Password)?;
        self.store.set_password(password).map_err(|e| {
            let e = ApiError::from(e);
            ApiError::new(
                e.code,
                format!("{}。密码没有改动，数据库保持原样", e.message),
            )
        })?;
        let file = self
            .store
            .path()
            .and_then(|p| p.file_name())
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        self.store
            .audit_event(&NewEntry::new(action, "database", file, summary))?;
        Ok(())
    }
}

/// A new password must be typed (not empty, not only spaces), one line (the
/// CLI reads the first line of a file), and not absurdly long.
fn check_new(new: &str) -> Result<()> {
    if new.trim().is_empty() {
        return Err(ApiError::invalid("新密码不能为空"));
    }
    if new.contains(['\n', '\r']) {
        return Err(ApiError::invalid("密码只能有一行，不能包含换行"));
    }
    if new.chars().count() > MAX_CHARS {
        return Err(ApiError::invalid(format!(
            "密码太长了（最多 {MAX_CHARS} 个字符）"
        )));
    }
    Ok(())
}
