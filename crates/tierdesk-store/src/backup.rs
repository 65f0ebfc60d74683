//! Backups: a consistent, checked copy of the live database, and what a
//! backup file holds, read without changing it.
//!
//! A copy is made by SQLite itself (`VACUUM INTO` on an open connection), so
//! it is consistent even while another program writes: it is one read
//! transaction's snapshot, never a file copy of a live database with its
//! log beside it. The copy is written under a temporary name in the target
//! folder, checked with a full `integrity_check`, flushed to disk and only
//! then renamed: a backup file appears whole and checked, or not at all.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use crate::{Result, Store, StoreError, SCHEMA_VERSION};

/// What a backup file (or any TierDesk database file) holds, read without
/// changing it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BackupFacts {
    /// Customers in the archive (not the recycle bin).
    pub customers: u64,
    /// The time of the newest change the file holds (`YYYY-MM-DD HH:MM:SS`):
    /// the newest entry of the audit log that changed data, else the newest
    /// change of a customer.
    pub last_change: Option<String>,
    /// The file's schema version (`PRAGMA user_version`).
    pub schema_version: i64,
    /// Whether the file opened and read as a TierDesk database (and, from
    /// [`check_backup`], passed the full integrity check).
    pub ok: bool,
    /// Why not, in Chinese, when `ok` is false.
    pub problem: Option<String>,
    /// The file is encrypted and the password given (or none) does not open
    /// it: a backup taken before the password was changed opens with the
    /// password of that time.
    pub locked: bool,
}

/// Audit actions that change no data: a backup, an export or a print must
/// not make the file look changed since the newest backup, or every
/// automatic backup would be taken again and again.
const NOT_CHANGES: &[&str] = &[
    "backup.%",
    "export.%",
    "report.%",
    "statement.%",
    "privacy.reveal",
    "privacy.copy",
];

impl Store {
    /// Writes a consistent, checked copy of this database to `dest` (see the
    /// module comment). Works on a connection that is still `query_only`
    /// (a file opened only to be read): SQLite refuses `VACUUM INTO` there,
    /// since the pragma forbids every write, even one to another file, so
    /// the pragma is lifted for this one statement and put back. That is
    /// safe: the statement only reads this file, and the copy's full check
    /// below finds any damaged page it carried over.
    pub fn backup_into(&self, dest: &Path) -> Result<()> {
        let lift = !self.verified.get();
        if lift {
            self.conn.pragma_update(None, "query_only", false)?;
        }
        // On an encrypted file SQLCipher writes the copy with the same key,
        // so the check opens it with that key.
        let copied = copy_checked(&self.conn, dest, self.password());
        if lift {
            self.conn.pragma_update(None, "query_only", true)?;
        }
        copied.map_err(|e| e.at(self.path.as_deref().unwrap_or(Path::new(""))))
    }

    /// Whether there is anything to lose: a customer, in the archive or the
    /// recycle bin. An empty new database is never backed up.
    pub fn has_data(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row("SELECT EXISTS(SELECT 1 FROM customers)", [], |r| r.get(0))?)
    }

    /// The customers and the newest change of this database, as
    /// [`read_backup_facts`] reads them from a backup, so the two compare.
    pub fn change_facts(&self) -> Result<(u64, Option<String>)> {
        Ok((self.customer_count()?, last_change(&self.conn)?))
    }

    /// Writes the log into the database file (a damaged file may refuse).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        Ok(())
    }

    /// Writes the log into the file and closes the connection, so the file
    /// alone holds everything (a restore replaces it next). Closed even when
    /// the checkpoint fails (a damaged file may refuse it); the error then
    /// says so.
    pub fn close(self) -> Result<()> {
        let checkpointed = self.checkpoint();
        self.conn.close().map_err(|(_, e)| StoreError::from(e))?;
        checkpointed
    }
}

/// Copies the database at `src` into `dest` like [`Store::backup_into`],
/// from a read-only connection: the file is backed up before a migration
/// changes it, without opening (and so migrating) it as a [`Store`].
pub fn backup_file(src: &Path, dest: &Path, password: Option<&str>) -> Result<()> {
    let conn = open_read_only(src, password).map_err(|e| StoreError::open(src, e))?;
    copy_checked(&conn, dest, password).map_err(|e| e.at(src))
}

/// Whether opening `path` as a [`Store`] would migrate a file that holds
/// customers: then a backup comes first. Only reads; `false` for a missing
/// or empty file, and for any file SQLite cannot read (opening it as a
/// store then says why).
pub fn migration_needs_backup(path: &Path, password: Option<&str>) -> bool {
    let has_file = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
    if !has_file {
        return false;
    }
    let needs = |conn: &Connection| -> Result<bool> {
        if !crate::migrate::needed(conn)? || !has_table(conn, "customers")? {
            return Ok(false);
        }
        Ok(conn.query_row("SELECT EXISTS(SELECT 1 FROM customers)", [], |r| r.get(0))?)
    };
    open_read_only(path, password)
        .map_err(StoreError::from)
        .and_then(|conn| needs(&conn))
        .unwrap_or(false)
}

/// What the file at `path` holds, read-only (never migrated): customers,
/// newest change, schema version. A file that does not open or read as a
/// TierDesk database gives `ok: false` and the reason. No page check: the
/// backups list reads every file, and a backup was checked when it was
/// made; [`check_backup`] checks every page before a restore.
pub fn read_backup_facts(path: &Path, password: Option<&str>) -> BackupFacts {
    match open_read_only(path, password)
        .map_err(StoreError::from)
        .and_then(|conn| facts_of(&conn))
    {
        Ok(facts) => facts,
        Err(e) => unreadable(path, password, &e),
    }
}

/// [`read_backup_facts`] after a full `integrity_check`: whether the file
/// may replace the live database. `ok` is false (with the reason) for a
/// damaged file, a file that is not a TierDesk database, or one written by
/// a newer TierDesk.
pub fn check_backup(path: &Path, password: Option<&str>) -> BackupFacts {
    let conn = match open_read_only(path, password) {
        Ok(conn) => conn,
        Err(e) => return unreadable(path, password, &e.into()),
    };
    if locked(path, &conn) {
        return unreadable(path, password, &StoreError::Corrupt(String::new()));
    }
    if let Err(problem) = integrity(&conn) {
        return not_ok(problem);
    }
    let facts = match facts_of(&conn) {
        Ok(facts) => facts,
        Err(e) => return not_ok(problem_text(&e)),
    };
    if facts.schema_version > SCHEMA_VERSION {
        return BackupFacts {
            ok: false,
            problem: Some(format!(
                "它由更新版本的 TierDesk 创建（结构版本 {}，本程序支持到 {SCHEMA_VERSION}）",
                facts.schema_version
            )),
            ..facts
        };
    }
    facts
}

/// Why a file did not open or read: an encrypted file that the password
/// given (or none) cannot read is `locked`, with a sentence that asks for the
/// password of the time the backup was taken.
fn unreadable(path: &Path, password: Option<&str>, e: &StoreError) -> BackupFacts {
    // The same rule as opening a database: a file that is not plain SQLite
    // but could be encrypted.
    let encrypted = matches!(crate::check_header(path), Ok(crate::Header::Encrypted));
    if !encrypted {
        return not_ok(problem_text(e));
    }
    let problem = if password.is_some() {
        "这个备份的密码和现在数据库的密码不同（可能是修改密码之前的备份），请输入做这个备份时的密码"
    } else {
        "这个备份设了密码，请输入做这个备份时的密码"
    };
    BackupFacts {
        locked: true,
        ..not_ok(problem.to_owned())
    }
}

/// Whether an open connection cannot read its file's first page (a wrong
/// key or none for an encrypted file).
fn locked(path: &Path, conn: &Connection) -> bool {
    !plain_header(path)
        && conn
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| {
                r.get::<_, i64>(0)
            })
            .is_err()
}

fn not_ok(problem: String) -> BackupFacts {
    BackupFacts {
        problem: Some(problem),
        ..BackupFacts::default()
    }
}

/// Why a file is not a usable backup, in words for the person at the desk.
fn problem_text(e: &StoreError) -> String {
    match e {
        StoreError::Damaged { .. } => "文件已损坏，或不是 TierDesk 数据库".to_owned(),
        StoreError::Corrupt(why) => why.clone(),
        other => other.to_string(),
    }
}

/// Opens a file read-only, with SQLCipher's key first when there is one.
fn open_read_only(path: &Path, password: Option<&str>) -> rusqlite::Result<Connection> {
    let conn = Connection::open_with_flags(
        path,
        OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX,
    )?;
    // A plain file (a backup from before a password was set) is read as it
    // is: SQLCipher cannot read it with a key.
    if let Some(key) = crate::cipher::Key::new(password).filter(|_| !plain_header(path)) {
        crate::cipher::quiet_sqlcipher();
        crate::cipher::apply_key(&conn, &key).map_err(|e| match e {
            StoreError::Sqlite(inner) => inner,
            other => rusqlite::Error::SqliteFailure(
                rusqlite::ffi::Error::new(rusqlite::ffi::SQLITE_ERROR),
                Some(other.to_string()),
            ),
        })?;
    }
    conn.busy_timeout(crate::BUSY_TIMEOUT)?;
    // The full check of a copy compares every index with its table; with
    // SQLite's default 2 MB cache it reads (and on an encrypted file
    // decrypts) the same pages again and again: 64 MB, as the store uses.
    conn.pragma_update(None, "cache_size", -65536)?;
    Ok(conn)
}

/// The newest entry of the audit log in the file at `path` (a backup): its
/// id and hash, read-only. `None` when the file cannot be read or has no
/// entry.
pub fn audit_head(path: &Path, password: Option<&str>) -> Option<(i64, String)> {
    let conn = open_read_only(path, password).ok()?;
    if !has_table(&conn, "audit_log").ok()? {
        return None;
    }
    conn.query_row(
        "SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .ok()
}

/// Whether the file starts with SQLite's plain header.
fn plain_header(path: &Path) -> bool {
    use std::io::Read;
    let mut head = [0u8; 16];
    std::fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok_and(|()| &head == crate::SQLITE_HEADER)
}

fn facts_of(conn: &Connection) -> Result<BackupFacts> {
    let schema_version: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if !has_table(conn, "customers")? || schema_version == 0 {
        return Err(StoreError::Corrupt("它不是 TierDesk 数据库".to_owned()));
    }
    let customers: i64 = conn.query_row(
        "SELECT count(*) FROM customers WHERE deleted_at IS NULL",
        [],
        |r| r.get(0),
    )?;
    Ok(BackupFacts {
        customers: customers as u64,
        last_change: last_change(conn)?,
        schema_version,
        ok: true,
        problem: None,
        locked: false,
    })
}

/// The newest change a file holds: the newest audit entry that changed
/// data, or, in a file without one, the newest change of a customer.
fn last_change(conn: &Connection) -> Result<Option<String>> {
    if has_table(conn, "audit_log")? {
        let skip = NOT_CHANGES
            .iter()
            .map(|_| "action NOT LIKE ?")
            .collect::<Vec<_>>()
            .join(" AND ");
        let newest: Option<String> = conn.query_row(
            &format!("SELECT max(at) FROM audit_log WHERE {skip}"),
            rusqlite::params_from_iter(NOT_CHANGES),
            |r| r.get(0),
        )?;
        if newest.is_some() {
            return Ok(newest);
        }
    }
    Ok(conn.query_row("SELECT max(updated_at) FROM customers", [], |r| r.get(0))?)
}

fn has_table(conn: &Connection, name: &str) -> Result<bool> {
    Ok(conn.query_row(
        "SELECT EXISTS(SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?1)",
        [name],
        |r| r.get(0),
    )?)
}

/// SQLite's full check of a file: every page, and every index against its
/// table. `Err` holds the reason in Chinese.
fn integrity(conn: &Connection) -> std::result::Result<(), String> {
    let found: rusqlite::Result<Vec<String>> =
        conn.prepare("PRAGMA integrity_check(20)")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<_>>()
            });
    match found {
        Ok(lines) if lines.len() == 1 && lines[0] == "ok" => Ok(()),
        Ok(_) => Err("完整性检查没有通过，文件已损坏".to_owned()),
        Err(e) => Err(problem_text(&e.into())),
    }
}

/// `VACUUM INTO` a temporary file beside `dest`, check it, flush it, rename
/// it to `dest`. Any failure removes the temporary file and leaves `dest`
/// as it was.
fn copy_checked(conn: &Connection, dest: &Path, password: Option<&str>) -> Result<()> {
    let failed = |reason: String| StoreError::Backup {
        path: dest.display().to_string(),
        reason,
    };
    let dir = dest
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| failed(e.to_string()))?;
    let temp = temp_name(dest);
    let _ = std::fs::remove_file(&temp);
    let guard = RemoveOnDrop(temp.clone());
    let temp_text = temp
        .to_str()
        .ok_or_else(|| failed("文件夹的名称无法交给 SQLite".to_owned()))?;
    conn.execute("VACUUM INTO ?1", [temp_text])?;
    let copy = open_read_only(&temp, password)?;
    integrity(&copy).map_err(failed)?;
    copy.close().map_err(|(_, e)| StoreError::from(e))?;
    let flush = |p: &Path| std::fs::File::open(p).and_then(|f| f.sync_all());
    flush(&temp).map_err(|e| failed(e.to_string()))?;
    std::fs::rename(&temp, dest).map_err(|e| failed(e.to_string()))?;
    std::mem::forget(guard);
    // The rename itself is durable once the folder is flushed (not possible
    // on Windows, where the rename is written through).
    let _ = flush(dir);
    Ok(())
}

/// A hidden temporary name in `dest`'s folder, unique to this process and
/// call, so two backups at once never share one.
fn temp_name(dest: &Path) -> PathBuf {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let name = dest
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "backup".to_owned());
    dest.with_file_name(format!(
        ".{name}.{}-{}.tmp",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::Relaxed)
    ))
}

/// Removes an unfinished temporary file however the copy ends.
struct RemoveOnDrop(PathBuf);

impl Drop for RemoveOnDrop {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}
