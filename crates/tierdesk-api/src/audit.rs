//! The audit log (操作日志) at the boundary: who is acting, the log's
//! pages, its check, a customer's own entries, and the entries of the
//! outputs that carry personal data (exports, reports, statements), which
//! change no data and so are recorded here rather than by a store write.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tierdesk_domain::audit::{
    action_label, customer_ref, mask_details, Actor, AuditCheck, AuditEntry, AuditFilter, NewEntry,
    Source, ACTIONS,
};
use tierdesk_domain::Page;
use ts_rs::TS;

use crate::{os_user, Api, Result};

/// An action key with its Chinese label, for the log's filter.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, TS)]
pub struct AuditAction {
    pub key: String,
    pub label: String,
}

/// Every action the log records, in a stable order, with its label.
pub fn audit_actions() -> Vec<AuditAction> {
    ACTIONS
        .iter()
        .map(|(key, label)| AuditAction {
            key: (*key).to_owned(),
            label: (*label).to_owned(),
        })
        .collect()
}

impl Api {
    /// Names the person and the program for the entries written from now on.
    pub fn set_actor(&mut self, user: &str, source: Source) {
        let user = match user.trim() {
            "" => os_user("未知用户"),
            u => u.to_owned(),
        };
        self.store.set_actor(Actor { user, source });
    }

    /// Says which program writes (the app or the CLI), keeping the person.
    pub fn set_source(&mut self, source: Source) {
        let user = self.store.actor().user.clone();
        self.store.set_actor(Actor { user, source });
    }

    pub fn actor(&self) -> Actor {
        self.store.actor().clone()
    }

    /// A page of the log, newest first, its values masked as the lists
    /// mask them (a phone before and after an edit shows as 138****5678).
    pub fn audit_list(&self, filter: &AuditFilter) -> Result<Page<AuditEntry>> {
        self.allow(crate::domain::Perm::View)?;
        let mut page = self.store.audit_list(filter)?;
        let masking = self.masking()?;
        for e in &mut page.items {
            if let Some(d) = e.details.as_mut() {
                mask_details(d, &masking);
            }
        }
        Ok(page)
    }

    /// Walks the whole hash chain; the message says intact, or names the
    /// first entry that was changed or removed.
    ///
    /// The chain alone cannot show that its newest entries were removed:
    /// the newest backup taken since the last restore anchors it, since its
    /// newest entry must still be in the log with the same hash.
    pub fn audit_verify(&self) -> Result<AuditCheck> {
        self.allow(crate::domain::Perm::View)?;
        let mut check = self.store.audit_verify()?;
        if check.broken.is_none() {
            if let Some(broken) = self.anchor_break()? {
                check.message = format!(
                    "操作日志被改动过：第 {} 条记录处校验失败——{}。请联系管理员，并从备份核对",
                    broken.entry_id, broken.problem
                );
                check.broken = Some(broken);
            }
        }
        Ok(check)
    }

    /// Compares the log with the newest readable backup taken after the
    /// last restore (a restore brings back an older log, which the backups
    /// taken before it need not agree with).
    fn anchor_break(&self) -> Result<Option<tierdesk_domain::audit::AuditBreak>> {
        let Some(db) = self.store.path() else {
            return Ok(None);
        };
        let last_restore = self
            .store
            .audit_list(&AuditFilter {
                action: Some("backup.restore".into()),
                limit: Some(1),
                ..Default::default()
            })?
            .items
            .into_iter()
            .next()
            .and_then(|e| chrono::NaiveDateTime::parse_from_str(&e.at, "%Y-%m-%d %H:%M:%S").ok());
        let mut backups = crate::backup::anchors(db);
        backups.retain(|(at, _)| last_restore.is_none_or(|r| *at > r));
        for (at, path) in backups {
            let Some((id, hash)) = tierdesk_store::audit_head(&path, self.store.password()) else {
                continue;
            };
            if self.store.audit_hash(id)?.as_deref() == Some(hash.as_str()) {
                return Ok(None);
            }
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            return Ok(Some(tierdesk_domain::audit::AuditBreak {
                entry_id: id,
                problem: format!(
                    "备份「{name}」（{}）里有这条记录，现在的日志里没有或者不一样：日志最新的记录被删除或改动过",
                    at.format("%Y-%m-%d %H:%M:%S")
                ),
            }));
        }
        Ok(None)
    }

    /// Every entry about one customer, newest first.
    pub fn customer_log(&self, customer_id: i64) -> Result<Vec<AuditEntry>> {
        self.allow(crate::domain::Perm::View)?;
        self.store.customer(customer_id)?;
        Ok(self
            .audit_list(&AuditFilter {
                customer_id: Some(customer_id),
                limit: Some(u32::MAX),
                ..Default::default()
            })?
            .items)
    }

    /// The people named in the log, for its filter.
    pub fn audit_actors(&self) -> Result<Vec<String>> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.audit_actors()?)
    }

    /// Records an event that changes no data (a reveal, a copy, a backup,
    /// a password set) in a transaction of its own.
    pub fn audit_event(&self, entry: &NewEntry) -> Result<i64> {
        self.allow(crate::domain::Perm::View)?;
        Ok(self.store.audit_event(entry)?)
    }

    /// Records a file or printout carrying personal data: what, how many
    /// people, masked or not, and where it went.
    pub(crate) fn log_output(&self, output: Output<'_>) -> Result<()> {
        let masked = if output.masked {
            "已隐藏部分信息"
        } else {
            "完整信息"
        };
        let summary = match output.customer {
            Some(id) => format!(
                "{} {}（{masked}）",
                action_label(output.action),
                customer_ref(id)
            ),
            None => format!(
                "{}：{} 位客户（{masked}）",
                action_label(output.action),
                output.people
            ),
        };
        let object = output
            .file
            .map(|f| f.display().to_string())
            .unwrap_or_default();
        let mut entry = NewEntry::new(output.action, output.kind, object.clone(), summary)
            .fact("内容", output.what)
            .fact("客户人数", output.people)
            .fact("是否隐藏", if output.masked { "是" } else { "否" });
        if !object.is_empty() {
            entry = entry.fact("文件", object);
        }
        if let Some(id) = output.customer {
            entry = entry.customer(id);
        }
        self.store.audit_event(&entry)?;
        Ok(())
    }
}

/// An output with personal data, as [`Api::log_output`] records it.
pub(crate) struct Output<'a> {
    pub action: &'a str,
    /// `file` for a saved file, `print` for a preview to print.
    pub kind: &'a str,
    /// What it holds, in words (客户名单, 等级报告 2024 年…).
    pub what: String,
    pub people: u64,
    pub masked: bool,
    pub file: Option<&'a Path>,
    /// The one customer it is about (a statement).
    pub customer: Option<i64>,
}
