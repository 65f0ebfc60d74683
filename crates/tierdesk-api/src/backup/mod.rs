//! Automatic and manual backups of the open database, and restoring one.
//!
//! Backups of a database go into a folder of their own beside the app data:
//! `<data dir>/TierDesk/backups/<db stem>-<8 hex of its absolute path>/`
//! (the environment variable `TIERDESK_BACKUP_DIR` replaces
//! `<data dir>/TierDesk/backups`; the tests and CI set it). Each is named
//! `tierdesk-YYYYMMDD-HHMMSS-<reason>.db`, a checked copy made by the store
//! (`Store::backup_into`). After each backup the folder is rotated: the
//! newest `backup.keep` (14) stay, and the first backup of each of the last
//! 12 calendar months; the rest go.
//!
//! A backup is taken before anything that rewrites many rows
//! ([`Api::backup_before`]), before a migration (in [`Api::open`]), when
//! the app opens a file and once a day while it is open
//! ([`Api::backup_if_due`]), and when the person asks. A database without a
//! customer is never backed up automatically: there is nothing to lose.
//!
//! (Over 600 lines: backing up, listing, rotating and restoring share the
//! folder rules and the file swap kept here.)

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime, Timelike};
use serde::{Deserialize, Serialize};
use tierdesk_store::{NewEntry, Store};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

mod folder;

pub use folder::{
    backup_folder, backup_name, parse_backup_name, rotation, BACKUP_DIR_ENV, KEEP_DEFAULT,
    KEEP_SETTING, MONTHS_KEPT,
};
use folder::{free_name, key_of, list_folder, newest_backup};

/// Why a backup was taken; part of its file name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "lowercase")]
pub enum BackupReason {
    /// The app opened the file.
    Open,
    /// The app's daily backup while the file stays open.
    Daily,
    /// The person asked (立即备份, `tierdesk backup create`).
    Manual,
    /// Before an import or its undo.
    Import,
    /// Before a rating is applied or undone.
    Rating,
    /// Before a person's data is erased.
    Erase,
    /// Before a backup replaces the file.
    Restore,
    /// Before a newer TierDesk changes the file's structure.
    Migration,
    /// Before a password is set, changed or removed (the file is rewritten).
    Password,
}

impl BackupReason {
    pub const ALL: [BackupReason; 9] = [
        BackupReason::Open,
        BackupReason::Daily,
        BackupReason::Manual,
        BackupReason::Import,
        BackupReason::Rating,
        BackupReason::Erase,
        BackupReason::Restore,
        BackupReason::Migration,
        BackupReason::Password,
    ];

    /// The word in the file name.
    pub fn key(self) -> &'static str {
        match self {
            BackupReason::Open => "open",
            BackupReason::Daily => "daily",
            BackupReason::Manual => "manual",
            BackupReason::Import => "import",
            BackupReason::Rating => "rating",
            BackupReason::Erase => "erase",
            BackupReason::Restore => "restore",
            BackupReason::Migration => "migration",
            BackupReason::Password => "password",
        }
    }

    pub fn parse(word: &str) -> Option<BackupReason> {
        BackupReason::ALL.into_iter().find(|r| r.key() == word)
    }

    /// How the list and the log say it.
    pub fn label(self) -> &'static str {
        match self {
            BackupReason::Open => "打开时",
            BackupReason::Daily => "每日",
            BackupReason::Manual => "手动",
            BackupReason::Import => "导入前",
            BackupReason::Rating => "评级前",
            BackupReason::Erase => "删除个人信息前",
            BackupReason::Restore => "恢复前",
            BackupReason::Migration => "升级数据库结构前",
            BackupReason::Password => "修改密码前",
        }
    }
}

/// One backup file and what it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BackupInfo {
    /// The full path.
    pub file: String,
    /// The file name alone.
    pub name: String,
    /// When it was taken (`YYYY-MM-DD HH:MM:SS`, local time), from its name.
    pub created_at: String,
    /// Why; `None` for a file written elsewhere (`backup create FILE`).
    pub reason: Option<BackupReason>,
    /// Customers in it (not the recycle bin).
    pub customers: u64,
    pub bytes: u64,
    /// Whether it opens and reads as a TierDesk database (every page is
    /// checked when it is made, and again before a restore).
    pub ok: bool,
    /// The newest change it holds (`YYYY-MM-DD HH:MM:SS`).
    pub last_change: Option<String>,
    /// Why it is not usable, when `ok` is false.
    pub problem: Option<String>,
    /// Encrypted with another password than the database's (taken before the
    /// password was changed): it restores with the password of that time.
    pub locked: bool,
}

/// What a restore did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct RestoreSummary {
    /// `None` when the file being replaced was too damaged to count.
    pub customers_before: Option<u64>,
    pub customers_after: u64,
    /// The backup of the file as it was just before (none when it held no
    /// customer).
    pub safety_backup: Option<BackupInfo>,
    /// People whose personal data had been erased in the replaced file and
    /// were erased again in the restored one.
    pub erased_again: u64,
}

/// Backs the file at `path` up (reason `migration`) when opening it would
/// migrate a file that holds customers: from a read-only connection, before
/// [`Store::open`] changes anything. A failed backup refuses the opening.
/// The backups of the database at `db`, newest first, that may anchor its
/// audit log (see `Api::audit_verify`).
pub(crate) fn anchors(db: &Path) -> Vec<(NaiveDateTime, PathBuf)> {
    let mut all = list_folder(&backup_folder(db));
    all.sort_by(|a, b| key_of(b).cmp(&key_of(a)));
    all.into_iter().map(|(at, path, _)| (at, path)).collect()
}

pub(crate) fn before_migration(path: &Path, password: Option<&str>) -> Result<Option<PathBuf>> {
    if !tierdesk_store::migration_needs_backup(path, password) {
        return Ok(None);
    }
    let dest = free_name(&backup_folder(path), clock(), BackupReason::Migration);
    tierdesk_store::backup_file(path, &dest, password).map_err(|e| {
        ApiError::new(
            ErrorCode::File,
            format!("{e}。升级数据库结构之前的备份没有成功，数据库没有改动"),
        )
    })?;
    Ok(Some(dest))
}

/// The local time now: a backup's name is the moment it was taken.
fn clock() -> NaiveDateTime {
    let now = chrono::Local::now().naive_local();
    now.with_nanosecond(0).unwrap_or(now)
}

impl Api {
    /// This database's backups folder; `None` for a database in memory.
    pub fn backup_dir(&self) -> Option<PathBuf> {
        self.store.path().map(backup_folder)
    }

    /// Takes a backup now, into the backups folder, and rotates the folder.
    /// A manual backup is taken even of a database without customers.
    pub fn backup_now(&self, reason: BackupReason) -> Result<BackupInfo> {
        self.allow(crate::domain::Perm::Settings)?;
        self.backup_at(reason, clock())
    }

    /// [`Api::backup_now`] at a given moment (the name's time; tests).
    pub fn backup_at(&self, reason: BackupReason, at: NaiveDateTime) -> Result<BackupInfo> {
        self.allow(crate::domain::Perm::View)?;
        self.backup_keeping(reason, at, None)
    }

    /// [`Api::backup_at`] with a rotation that leaves `keep` (the backup a
    /// restore is about to use) in place whatever its age.
    fn backup_keeping(
        &self,
        reason: BackupReason,
        at: NaiveDateTime,
        keep: Option<&Path>,
    ) -> Result<BackupInfo> {
        self.file_only()?;
        let dir = self.backup_dir().ok_or_else(in_memory)?;
        let dest = free_name(&dir, at, reason);
        self.store.backup_into(&dest)?;
        let info = info_of(&dest, Some((at, reason)), self.store.password());
        self.rotate(&dir, at.date(), keep)?;
        self.log_backup(&info)?;
        Ok(info)
    }

    /// The backup before a change that rewrites many rows (an import and
    /// its undo, a rating and its undo, an erase, a restore, a password
    /// change). Never skipped because nothing changed since the last one,
    /// but `None` for a database in memory or without a customer. A failed
    /// backup fails the change: nothing was changed yet.
    pub fn backup_before(&self, reason: BackupReason) -> Result<Option<BackupInfo>> {
        self.allow(crate::domain::Perm::View)?;
        self.backup_before_keeping(reason, None)
    }

    /// [`Api::backup_before`] whose rotation leaves `keep` in place.
    fn backup_before_keeping(
        &self,
        reason: BackupReason,
        keep: Option<&Path>,
    ) -> Result<Option<BackupInfo>> {
        if self.store.path().is_none() || !self.store.has_data()? {
            return Ok(None);
        }
        self.backup_keeping(reason, clock(), keep)
            .map(Some)
            .map_err(|e| {
                ApiError::new(
                    e.code,
                    format!(
                        "{}。为了安全，这次的修改没有进行，数据库没有改动",
                        e.message
                    ),
                )
            })
    }

    /// The automatic backup: `Open` when the app opens a file, `Daily` from
    /// its hourly timer. Taken when the database holds customers and
    /// something changed since the newest backup (customer count or newest
    /// change), and a daily one at most once a calendar day.
    pub fn backup_if_due(
        &self,
        reason: BackupReason,
        now: NaiveDateTime,
    ) -> Result<Option<BackupInfo>> {
        self.allow(crate::domain::Perm::View)?;
        let Some(dir) = self.backup_dir() else {
            return Ok(None);
        };
        if !self.store.has_data()? {
            return Ok(None);
        }
        if let Some(newest) = newest_backup(&dir) {
            if reason == BackupReason::Daily && newest.0.date() >= now.date() {
                return Ok(None);
            }
            let facts = tierdesk_store::read_backup_facts(&newest.1, self.store.password());
            let (customers, last_change) = self.store.change_facts()?;
            if facts.ok && facts.customers == customers && facts.last_change == last_change {
                return Ok(None);
            }
        }
        self.backup_at(reason, now).map(Some)
    }

    /// A checked copy of the database written to `file` (elsewhere than
    /// the backups folder; not rotated). Refuses the database file itself.
    pub fn backup_to(&self, file: &Path) -> Result<BackupInfo> {
        self.allow(crate::domain::Perm::Settings)?;
        self.file_only()?;
        if let Some(db) = self.store.path() {
            if same_file(db, file) {
                return Err(ApiError::invalid(format!(
                    "「{}」就是正在使用的数据库文件，请换一个文件名",
                    file.display()
                )));
            }
        }
        self.store.backup_into(file)?;
        let info = info_of(file, None, self.store.password());
        self.log_backup(&info)?;
        Ok(info)
    }

    /// This database's backups, newest first.
    pub fn backups(&self) -> Result<Vec<BackupInfo>> {
        self.allow(crate::domain::Perm::Settings)?;
        let Some(dir) = self.backup_dir() else {
            return Ok(Vec::new());
        };
        let mut found = list_folder(&dir);
        found.sort_by(|a, b| key_of(b).cmp(&key_of(a)));
        Ok(found
            .into_iter()
            .map(|(at, path, reason)| info_of(&path, Some((at, reason)), self.store.password()))
            .collect())
    }

    /// Replaces the database with the backup at `file`, after backing the
    /// current file up (reason `restore`): the backup is copied beside the
    /// database, checked there (every page, a TierDesk database, a schema
    /// this program knows), and renamed over the database once the store is
    /// closed and its log removed. A refused backup changes nothing. The
    /// Api then works on the restored file.
    pub fn restore_backup(&mut self, file: &Path) -> Result<RestoreSummary> {
        self.allow(crate::domain::Perm::Settings)?;
        self.restore_backup_with_password(file, None)
    }

    /// [`Api::restore_backup`] with the password of the backup when it is not
    /// the database's own (a backup taken before the password was changed):
    /// `None` reads it with the open database's password. A backup that this
    /// password does not open is refused with code `wrong_password` (or
    /// `password_needed`) and nothing changes; after the restore the
    /// database has the backup's password, as it had then, except that a
    /// plain backup of a database that has a password now is encrypted with
    /// it (a restore never decrypts the file).
    pub fn restore_backup_with_password(
        &mut self,
        file: &Path,
        password: Option<&str>,
    ) -> Result<RestoreSummary> {
        self.allow(crate::domain::Perm::Settings)?;
        self.file_only()?;
        let key = password
            .map(str::to_owned)
            .or_else(|| self.store.password().map(str::to_owned));
        let db = self
            .store
            .path()
            .map(Path::to_owned)
            .ok_or_else(in_memory)?;
        if same_file(&db, file) {
            return Err(ApiError::invalid(format!(
                "「{}」就是正在使用的数据库文件，不能用它恢复自己",
                file.display()
            )));
        }
        if !file.is_file() {
            return Err(ApiError::new(
                ErrorCode::File,
                format!("找不到备份文件「{}」，当前数据库没有改动", file.display()),
            ));
        }
        let staged = Staged::copy(file, &db)?;
        let facts = tierdesk_store::check_backup(&staged.0, key.as_deref());
        if facts.locked {
            let code = if key.is_some() {
                ErrorCode::WrongPassword
            } else {
                ErrorCode::PasswordNeeded
            };
            let why = facts.problem.unwrap_or_default();
            return Err(ApiError::new(
                code,
                format!(
                    "备份文件「{}」打不开：{why}。当前数据库没有改动",
                    file.display()
                ),
            ));
        }
        if !facts.ok {
            return Err(ApiError::new(
                ErrorCode::Database,
                format!(
                    "备份文件「{}」不能用来恢复：{}。当前数据库没有改动",
                    file.display(),
                    facts.problem.unwrap_or_default()
                ),
            ));
        }
        // A damaged file may not say how many customers it holds, nor give
        // a checked copy: it is kept as it is instead, for support.
        let customers_before = self.store.customer_count().ok();
        let db_password = self.store.password().map(str::to_owned);
        // People erased in the file being replaced are erased again in the
        // restored one: a restore must not bring back someone who asked to
        // be forgotten (PIPL art. 47).
        let erased = self.erased_customers().unwrap_or_default();
        // The rotation after the safety backup must not remove the backup
        // being restored: the restore may still fail (another program has
        // the file open), and the person would have lost what they chose.
        let safety_backup = match self.backup_before_keeping(BackupReason::Restore, Some(file)) {
            Err(e) if e.code == ErrorCode::Database => Some(self.keep_as_it_was(&db)?),
            other => other?,
        };
        self.replace_file(staged.take(), key)?;
        // A backup from before the password was set is plain: the restored
        // file gets the database's password, so a restore never leaves the
        // customers unencrypted on disk without a word.
        if let (Some(current), false) = (db_password.as_deref(), self.store.has_password()) {
            self.store.set_password(Some(current)).map_err(|e| {
                let e = ApiError::from(e);
                ApiError::new(
                    e.code,
                    format!(
                        "{}。备份已经恢复，但重新加密没有成功：数据库现在没有密码，请在「设置 → 数据库密码」重新设置",
                        e.message
                    ),
                )
            })?;
        }
        let erased_again = self.erase_again(&erased)?;
        let summary = RestoreSummary {
            customers_before,
            customers_after: self.store.customer_count()?,
            safety_backup,
            erased_again,
        };
        self.log_restore(file, &summary)?;
        Ok(summary)
    }

    /// The customers erased in the open file, with when each was erased.
    fn erased_customers(&self) -> Result<Vec<(i64, String)>> {
        let entries = self
            .store
            .audit_list(&tierdesk_domain::audit::AuditFilter {
                action: Some("customer.erase".into()),
                limit: Some(u32::MAX),
                ..Default::default()
            })?;
        Ok(entries
            .items
            .into_iter()
            .filter_map(|e| Some((e.customer_id?, e.at)))
            .collect())
    }

    /// Erases again, in the restored file, each of `erased` that the file
    /// still holds unerased; how many that was.
    fn erase_again(&mut self, erased: &[(i64, String)]) -> Result<u64> {
        let already: std::collections::HashSet<i64> = self
            .erased_customers()?
            .into_iter()
            .map(|(id, _)| id)
            .collect();
        let mut n = 0;
        for (id, at) in erased {
            if already.contains(id) || self.store.customer(*id).is_err() {
                continue;
            }
            let reason = format!("恢复备份后再次删除（此人的个人信息已于 {at} 删除）");
            self.store.erase_customer(*id, &reason).map_err(|e| {
                let e = ApiError::from(e);
                ApiError::new(
                    e.code,
                    format!(
                        "{}。备份已经恢复，但其中有已删除个人信息的客户 #{id} 没能再次删除：请在客户详情中再删除一次",
                        e.message
                    ),
                )
            })?;
            n += 1;
        }
        Ok(n)
    }

    /// Puts `new_file` (in the database's folder, complete and flushed) in
    /// place of the database and reopens it: the store is closed (its log
    /// written into the file), the log and shared-memory files removed so
    /// they cannot be replayed onto the new file, and `new_file` renamed
    /// over the database. Killed at any moment, the old file or the new one
    /// is there whole. Who the log names stays the same.
    /// `password` is the new file's (`None`: plain); if the swap fails, the
    /// old file is reopened with its own.
    fn replace_file(&mut self, new_file: PathBuf, password: Option<String>) -> Result<()> {
        let db = self
            .store
            .path()
            .map(Path::to_owned)
            .ok_or_else(in_memory)?;
        let actor = self.store.actor().clone();
        let old_password = self.store.password().map(str::to_owned);
        let old = std::mem::replace(&mut self.store, Store::closed()?);
        // Closed either way: a connection that fails to close is dropped.
        let closed = old.close();
        // SQLite removes the log when the last connection to a file closes:
        // a log still there after a clean close means another program (the
        // CLI, a second window) has the file open, and replacing the file
        // under it would lose its writes or damage the file.
        let swapped = if closed.is_ok() && side_file(&db, "-wal").exists() {
            let _ = std::fs::remove_file(&new_file);
            Err(ApiError::new(
                ErrorCode::Busy,
                "另一个 TierDesk 窗口或程序正在使用这个数据库文件，没有恢复，数据库没有改动。请先关闭它，再从备份恢复",
            ))
        } else {
            swap_in(&new_file, &db)
        };
        if swapped.is_err() {
            let _ = std::fs::remove_file(&new_file);
        }
        // Reopened either way, so the Api never stays on the stand-in in
        // memory: the new file, or the old one when the swap failed.
        let reopen = if swapped.is_ok() {
            password
        } else {
            old_password
        };
        self.store = Store::open_with(&db, reopen.as_deref())?;
        self.store.set_actor(actor);
        swapped
    }

    /// A byte copy of a damaged database file into the backups folder
    /// (reason `restore`), for support: no checked copy can be made of it.
    /// Its log is written into it first where SQLite still can.
    fn keep_as_it_was(&self, db: &Path) -> Result<BackupInfo> {
        let dir = backup_folder(db);
        std::fs::create_dir_all(&dir).map_err(|e| file_error(&dir, &e))?;
        let at = clock();
        let dest = free_name(&dir, at, BackupReason::Restore);
        let _ = self.store.checkpoint();
        std::fs::copy(db, &dest).map_err(|e| file_error(&dest, &e))?;
        Ok(info_of(
            &dest,
            Some((at, BackupReason::Restore)),
            self.store.password(),
        ))
    }

    /// Removes what the rotation says; a backup that cannot be removed
    /// stays (it is only a file too many).
    fn rotate(&self, dir: &Path, today: NaiveDate, keep_file: Option<&Path>) -> Result<()> {
        let keep = self
            .store
            .setting(KEEP_SETTING)?
            .and_then(|v| v.trim().parse::<usize>().ok())
            .unwrap_or(KEEP_DEFAULT);
        let found: Vec<(NaiveDateTime, String)> = list_folder(dir)
            .into_iter()
            .filter_map(|(at, path, _)| Some((at, path.file_name()?.to_str()?.to_owned())))
            .collect();
        for name in rotation(&found, keep, today) {
            let path = dir.join(name);
            if keep_file.is_some_and(|k| same_file(&path, k)) {
                continue;
            }
            let _ = std::fs::remove_file(path);
        }
        remove_stale_temps(dir, ".tierdesk-");
        Ok(())
    }

    /// The audit entry of the backup taken before a migration at open.
    pub(crate) fn log_migration_backup(&self, file: &Path) -> Result<()> {
        let info = info_of(
            file,
            parse_backup_name(&file.file_name().unwrap_or_default().to_string_lossy()),
            self.store.password(),
        );
        self.log_backup(&info)
    }

    /// The audit entry of a backup taken (no personal values: the file,
    /// why, how many customers).
    fn log_backup(&self, info: &BackupInfo) -> Result<()> {
        let why = info.reason.map_or("另存", BackupReason::label);
        let entry = NewEntry::new(
            "backup.create",
            "file",
            &info.name,
            format!("创建备份（{why}），{} 位客户", info.customers),
        )
        .fact("文件", &info.file)
        .fact("客户数", info.customers)
        .fact("大小（字节）", info.bytes);
        self.store.audit_event(&entry)?;
        Ok(())
    }

    /// The audit entry of a restore, written into the restored file (its
    /// own log goes on from the moment of the backup).
    fn log_restore(&self, file: &Path, summary: &RestoreSummary) -> Result<()> {
        let entry = NewEntry::new(
            "backup.restore",
            "file",
            file.display().to_string(),
            format!(
                "从备份恢复，客户 {} → {}",
                summary
                    .customers_before
                    .map_or("?".to_owned(), |n| n.to_string()),
                summary.customers_after
            ),
        )
        .fact("备份文件", file.display())
        .fact(
            "恢复前客户数",
            summary
                .customers_before
                .map_or("（无法读取）".to_owned(), |n| n.to_string()),
        )
        .fact("恢复后客户数", summary.customers_after)
        .fact(
            "恢复前的安全备份",
            summary
                .safety_backup
                .as_ref()
                .map_or("（无）", |b| b.file.as_str()),
        );
        self.store.audit_event(&entry)?;
        Ok(())
    }
}

/// Removes the closed database's log and shared-memory files (so they are
/// not replayed onto the new file) and renames `new_file` over `db`.
fn swap_in(new_file: &Path, db: &Path) -> Result<()> {
    for end in ["-wal", "-shm"] {
        let side = side_file(db, end);
        match std::fs::remove_file(&side) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(file_error(&side, &e)),
        }
    }
    std::fs::rename(new_file, db).map_err(|e| file_error(db, &e))?;
    if let Some(dir) = db.parent() {
        let _ = std::fs::File::open(dir).and_then(|d| d.sync_all());
    }
    Ok(())
}

/// Removes temporary files starting with `prefix` that a backup or restore
/// killed mid-way left in `dir` (an hour old or more, so one being written
/// now by another program stays).
fn remove_stale_temps(dir: &Path, prefix: &str) {
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < hour_ago);
        if name.starts_with(prefix) && name.ends_with(".tmp") && stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// The database's log (`-wal`) or shared-memory (`-shm`) file.
fn side_file(db: &Path, end: &str) -> PathBuf {
    let mut side = db.to_owned().into_os_string();
    side.push(end);
    PathBuf::from(side)
}

/// A copy of a backup staged beside the database, removed unless taken.
struct Staged(PathBuf);

impl Staged {
    fn copy(file: &Path, db: &Path) -> Result<Staged> {
        let name = db
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if let Some(dir) = db.parent() {
            remove_stale_temps(dir, &format!(".{name}.restore-"));
        }
        let staged =
            Staged(db.with_file_name(format!(".{name}.restore-{}.tmp", std::process::id())));
        std::fs::copy(file, &staged.0).map_err(|e| file_error(file, &e))?;
        std::fs::File::open(&staged.0)
            .and_then(|f| f.sync_all())
            .map_err(|e| file_error(&staged.0, &e))?;
        Ok(staged)
    }

    fn take(self) -> PathBuf {
        let path = self.0.clone();
        std::mem::forget(self);
        path
    }
}

impl Drop for Staged {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

fn file_error(path: &Path, e: &std::io::Error) -> ApiError {
    ApiError::new(
        ErrorCode::File,
        format!("无法读写文件「{}」：{e}", path.display()),
    )
}

impl Api {
    /// Refuses on a team database: backups, restores and the password are
    /// about the local database file; a team database's are its server's.
    pub(crate) fn file_only(&self) -> Result<()> {
        match self.store.is_team() {
            true => Err(ApiError::coded(
                ErrorCode::Invalid,
                tierdesk_domain::Msg::new("team.file_only"),
            )),
            false => Ok(()),
        }
    }
}

fn in_memory() -> ApiError {
    ApiError::invalid("这个数据库只在内存中，没有文件可以备份或恢复")
}

/// Whether two paths name one file (either may not exist yet).
fn same_file(a: &Path, b: &Path) -> bool {
    match (std::fs::canonicalize(a), std::fs::canonicalize(b)) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

/// A backup file's facts, read from the file.
/// `password` is the open database's: its backups are encrypted with it (a
/// plain backup, from before a password was set, is read without it).
fn info_of(
    path: &Path,
    named: Option<(NaiveDateTime, BackupReason)>,
    password: Option<&str>,
) -> BackupInfo {
    let facts = tierdesk_store::read_backup_facts(path, password);
    let bytes = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let created_at = match named {
        Some((at, _)) => at,
        None => std::fs::metadata(path)
            .and_then(|m| m.modified())
            .map(|t| chrono::DateTime::<chrono::Local>::from(t).naive_local())
            .unwrap_or_default(),
    };
    BackupInfo {
        file: path.display().to_string(),
        name: path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        created_at: created_at.format("%Y-%m-%d %H:%M:%S").to_string(),
        reason: named.map(|(_, r)| r),
        customers: facts.customers,
        bytes,
        ok: facts.ok,
        last_change: facts.last_change,
        problem: facts.problem,
        locked: facts.locked,
    }
}
