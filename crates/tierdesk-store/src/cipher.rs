//! A database password: SQLCipher encrypts every page of a file opened with
//! a key, and reads a file without one as plain SQLite, as before.
//!
//! The key reaches SQLCipher through `sqlite3_key` and bound parameters
//! (`ATTACH … KEY ?`), never through SQL text, so no statement log or trace
//! can show it. The store keeps it in memory while the file is open (to
//! reopen the file after a change of password and to check its backups) and
//! overwrites it with zeros when it goes.
//!
//! Changing the password rewrites the whole file: `sqlcipher_export` copies
//! every table, index, trigger and virtual table into a new file beside it,
//! encrypted with the new key (or plain), which is checked and then renamed
//! over the old one. The rename is the one moment the file changes, and it
//! is atomic: killed at any moment, the folder holds the old file whole or
//! the new one whole.

use std::ffi::c_int;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

use crate::{Result, Store, StoreError};

/// A password held in memory: never printed (its `Debug` says only that
/// there is one), overwritten with zeros when dropped.
pub(crate) struct Key(String);

impl Key {
    /// `None` for no password or an empty one (SQLCipher treats an empty key
    /// as none).
    pub(crate) fn new(password: Option<&str>) -> Option<Key> {
        quiet_sqlcipher();
        password
            .filter(|p| !p.is_empty())
            .map(|p| Key(p.to_owned()))
    }

    pub(crate) fn text(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Key {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Key(…)")
    }
}

impl Drop for Key {
    fn drop(&mut self) {
        // SAFETY: zero bytes are valid UTF-8, so the string stays a string.
        let bytes = unsafe { self.0.as_bytes_mut() };
        for b in bytes.iter_mut() {
            // A volatile write, so the compiler cannot drop it as dead.
            unsafe { std::ptr::write_volatile(b, 0) };
        }
    }
}

/// Gives the connection its key: the first thing done on it, before any
/// statement (SQLCipher reads the first page with the key at the first one).
pub(crate) fn apply_key(conn: &Connection, key: &Key) -> Result<()> {
    let text = key.text().as_bytes();
    // SAFETY: `conn.handle()` is this open connection's own pointer; the
    // key's bytes are valid for the call, and SQLCipher copies them.
    let rc = unsafe {
        rusqlite::ffi::sqlite3_key(conn.handle(), text.as_ptr().cast(), text.len() as c_int)
    };
    if rc != rusqlite::ffi::SQLITE_OK {
        return Err(StoreError::Sqlite(rusqlite::Error::SqliteFailure(
            rusqlite::ffi::Error::new(rc),
            Some("sqlite3_key failed".into()),
        )));
    }
    Ok(())
}

/// SQLCipher writes its own English lines to stderr when a key fails ("hmac
/// check failed for pgno=1"); the person sees the Chinese sentence instead,
/// and a terminal running the CLI stays clean. The level is one setting for
/// the whole process, so it is set once, on a connection of its own.
pub(crate) fn quiet_sqlcipher() {
    static QUIET: std::sync::Once = std::sync::Once::new();
    QUIET.call_once(|| {
        if let Ok(conn) = Connection::open_in_memory() {
            let _ = conn.query_row("PRAGMA cipher_log_level = NONE", [], |_| Ok(()));
        }
    });
}

/// Reads the first page through the key: a wrong key (or a file that is no
/// database at all) fails here with SQLite's "not a database", before
/// anything could be written. Returns whether opening will write: the file
/// is not yet in WAL mode, or a migration is pending.
pub(crate) fn check_key(conn: &Connection, path: &Path) -> Result<bool> {
    let first_read = conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    });
    match first_read {
        Ok(_) => {}
        Err(e) if e.sqlite_error_code() == Some(rusqlite::ErrorCode::NotADatabase) => {
            return Err(StoreError::WrongPassword {
                path: path.display().to_string(),
            })
        }
        Err(e) => return Err(StoreError::from(e).at(path)),
    }
    let mode: String = conn.pragma_query_value(None, "journal_mode", |r| r.get(0))?;
    Ok(!mode.eq_ignore_ascii_case("wal") || crate::migrate::needed(conn)?)
}

/// Whether a file that does not start like a plain SQLite database could be
/// an encrypted one. An encrypted file starts with random salt and is whole
/// pages (at least 512 bytes each); a short file, one whose length is not a
/// whole number of pages, a known other format or plain text cannot be one.
pub(crate) fn could_be_encrypted(head: &[u8], len: u64) -> bool {
    const OTHER_FORMATS: &[&[u8]] = &[
        b"PK\x03\x04",                       // zip: .xlsx, .docx, .ods
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", // CFB: .xls, .doc
        b"%PDF",
        b"\xEF\xBB\xBF", // a UTF-8 text with its byte-order mark
        b"\x1F\x8B",     // gzip
        b"7z\xBC\xAF\x27\x1C",
        b"Rar!",
    ];
    if len < 512 || !len.is_multiple_of(512) {
        return false;
    }
    if OTHER_FORMATS.iter().any(|magic| head.starts_with(magic)) {
        return false;
    }
    // Text (a CSV, a note) is printable: random salt almost never is, over
    // the first 100 bytes.
    let printable = head
        .iter()
        .all(|&b| b == b'\t' || b == b'\n' || b == b'\r' || (0x20..0x7F).contains(&b) || b >= 0x80);
    !printable
}

impl Store {
    /// Whether the open file is encrypted with a password.
    pub fn has_password(&self) -> bool {
        self.key.is_some()
    }

    /// The password of the open file, for opening its backups and copies
    /// with the same key (never for showing or logging).
    pub fn password(&self) -> Option<&str> {
        self.key.as_ref().map(Key::text)
    }

    /// Whether `candidate` is the open file's password (compared in time
    /// that does not depend on where they differ). False for a plain file.
    pub fn password_matches(&self, candidate: &str) -> bool {
        let Some(key) = &self.key else {
            return false;
        };
        let (a, b) = (key.text().as_bytes(), candidate.as_bytes());
        a.len() == b.len() && a.iter().zip(b).fold(0u8, |d, (x, y)| d | (x ^ y)) == 0
    }

    /// Rewrites the open file encrypted with `password`, or plain with
    /// `None`, and reopens it. Set, change and remove are all this.
    ///
    /// The file is checked first (a damaged file is never rewritten). The
    /// copy goes to a new file in the same folder, is checked with the new
    /// key (`integrity_check`, the same number of rows in every table), the
    /// old file's log is folded in and closed, and the copy is renamed over
    /// it. Until the rename the old file is untouched; the rename replaces it
    /// whole. Any failure before it leaves the old file open as it was.
    pub fn set_password(&mut self, password: Option<&str>) -> Result<()> {
        let Some(path) = self.path.clone() else {
            return Err(StoreError::NoFile);
        };
        let new_key = Key::new(password);
        self.writable()?;
        let temp = rekey_temp_path(&path);
        // A copy left by a rewrite that was killed, with its journal: SQLite
        // would roll a stale journal back into the new copy.
        remove_if_present(&temp)?;
        remove_if_present(&journal_of(&temp))?;
        let copied = self.export_to(&temp, new_key.as_ref());
        let swapped = copied.and_then(|(counts, version)| {
            verify_copy(&temp, new_key.as_ref(), &counts)?;
            self.close_and_replace(&path, &temp, version)
        });
        if let Err(e) = swapped {
            let _ = std::fs::remove_file(&temp);
            let _ = std::fs::remove_file(journal_of(&temp));
            if self.conn.path().is_none_or(str::is_empty) {
                // The old connection was closed but the file not replaced:
                // open it again as it was.
                self.reopen(&path, self.password().map(str::to_owned))?;
            }
            return Err(e.at(&path));
        }
        self.reopen(&path, new_key.as_ref().map(|k| k.text().to_owned()))?;
        // `verify_copy` ran the full integrity check on exactly this file, a
        // superset of the quick check the first write would run.
        self.conn.pragma_update(None, "query_only", false)?;
        self.verified.set(true);
        Ok(())
    }

    /// Copies every object of the open file into `temp` (encrypted with
    /// `key`, or plain), in one transaction that also holds the write lock,
    /// and returns the number of rows of every table in that same snapshot.
    /// With the counts comes the file's `data_version` as of the copy: if
    /// another program commits before the file is replaced, it changes.
    fn export_to(&self, temp: &Path, key: Option<&Key>) -> Result<(Vec<(String, i64)>, i64)> {
        let conn = &self.conn;
        conn.execute(
            "ATTACH DATABASE ?1 AS rekeyed KEY ?2",
            (temp.to_string_lossy(), key.map(Key::text).unwrap_or("")),
        )?;
        let exported = (|| -> Result<Vec<(String, i64)>> {
            // One transaction: far faster than one per table, and no other
            // program writes between the copy and the counts.
            conn.execute_batch("BEGIN IMMEDIATE")?;
            let done = (|| -> Result<Vec<(String, i64)>> {
                // The export copies the schema version (`user_version`)
                // too; the round-trip tests reopen the copy, which would
                // otherwise run every migration again and fail.
                conn.query_row("SELECT sqlcipher_export('rekeyed')", [], |_| Ok(()))?;
                table_counts(conn, "main")
            })();
            let end = if done.is_ok() { "COMMIT" } else { "ROLLBACK" };
            let ended = conn.execute_batch(end);
            let counts = done?;
            ended?;
            Ok(counts)
        })();
        let detached = conn.execute_batch("DETACH DATABASE rekeyed");
        let counts = exported?;
        detached?;
        Ok((counts, data_version(conn)?))
    }

    /// Folds the write-ahead log into the file, closes the connection, and
    /// renames `temp` over `path`. The log must be gone first: SQLite would
    /// replay an old log onto the new file. SQLite removes the log and its
    /// index when the last connection to the file closes; if they are still
    /// there, another window or program has the file open, and replacing it
    /// under them would lose what they write next: refused as busy.
    ///
    /// Another program that wrote after the copy and closed before this
    /// connection leaves no log behind: `version` (the file's `data_version`
    /// as of the copy) tells, and the rewrite is refused as busy instead of
    /// dropping that write.
    fn close_and_replace(&mut self, path: &Path, temp: &Path, version: i64) -> Result<()> {
        self.conn
            .query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
        if data_version(&self.conn)? != version {
            return Err(StoreError::Busy);
        }
        let old = std::mem::replace(&mut self.conn, Connection::open_in_memory()?);
        old.close().map_err(|(_, e)| StoreError::from(e))?;
        if wal_of(path).exists() || shm_of(path).exists() {
            return Err(StoreError::Busy);
        }
        std::fs::rename(temp, path).map_err(|e| StoreError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        })?;
        sync_folder(path);
        Ok(())
    }

    /// Opens `path` again with `password` in place of the closed
    /// connection, keeping the rest of the store as it is.
    fn reopen(&mut self, path: &Path, password: Option<String>) -> Result<()> {
        let fresh = Store::open_with(path, password.as_deref())?;
        self.verified.set(fresh.verified.get());
        let Store { conn, key, .. } = fresh;
        self.conn = conn;
        self.key = key;
        Ok(())
    }
}

/// SQLite's count of commits by other connections to the open file: two
/// readings differ when another program wrote in between.
fn data_version(conn: &Connection) -> Result<i64> {
    Ok(conn.pragma_query_value(None, "data_version", |r| r.get(0))?)
}

/// Opens the copy with its key and checks it: `integrity_check` finds
/// nothing, and every table has as many rows as the original had.
fn verify_copy(temp: &Path, key: Option<&Key>, counts: &[(String, i64)]) -> Result<()> {
    let conn = Connection::open(temp)?;
    if let Some(key) = key {
        apply_key(&conn, key)?;
    }
    // The check compares every index with its table: with SQLite's default
    // 2 MB cache it reads (and decrypts) the same pages over and over, 15 times
    // slower on a file of 100,000 customers than with the store's 64 MB.
    conn.pragma_update(None, "cache_size", -65536)?;
    conn.pragma_update(None, "temp_store", "MEMORY")?;
    let found: String = conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0))?;
    if found != "ok" {
        return Err(StoreError::Corrupt(format!("rewritten copy: {found}")));
    }
    let copied = table_counts(&conn, "main")?;
    if copied != counts {
        return Err(StoreError::Corrupt(format!(
            "rewritten copy differs: {copied:?} against {counts:?}"
        )));
    }
    // The copy is made in the rollback journal mode; switched to WAL now,
    // opening it afterwards writes nothing and need not check it again.
    conn.pragma_update(None, "journal_mode", "WAL")?;
    conn.close().map_err(|(_, e)| StoreError::from(e))
}

/// The rows of every ordinary table of `schema`, by name.
fn table_counts(conn: &Connection, schema: &str) -> Result<Vec<(String, i64)>> {
    let names: Vec<String> = conn
        .prepare(&format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' AND sql NOT LIKE 'CREATE VIRTUAL%' ORDER BY name"
        ))?
        .query_map([], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    names
        .into_iter()
        .map(|name| {
            let n: i64 = conn.query_row(
                &format!(
                    "SELECT count(*) FROM {schema}.\"{}\"",
                    name.replace('"', "\"\"")
                ),
                [],
                |r| r.get(0),
            )?;
            Ok((name, n))
        })
        .collect()
}

/// Where the rewritten copy is made: beside the file, so the rename stays
/// on one disk and is atomic.
fn rekey_temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.rekey.tmp"))
}

fn side_file(path: &Path, suffix: &str) -> PathBuf {
    let mut text = path.as_os_str().to_owned();
    text.push(suffix);
    PathBuf::from(text)
}

fn wal_of(path: &Path) -> PathBuf {
    side_file(path, "-wal")
}

fn shm_of(path: &Path) -> PathBuf {
    side_file(path, "-shm")
}

fn journal_of(path: &Path) -> PathBuf {
    side_file(path, "-journal")
}

fn remove_if_present(path: &Path) -> Result<()> {
    match std::fs::remove_file(path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(StoreError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        }),
    }
}

/// Makes the rename durable (on Unix a rename is only on disk once its
/// folder is synced). Elsewhere the rename is already durable.
fn sync_folder(path: &Path) {
    #[cfg(unix)]
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if let Ok(d) = std::fs::File::open(dir) {
            let _ = d.sync_all();
        }
    }
    #[cfg(not(unix))]
    let _ = path;
}

#[cfg(test)]
mod tests {
    use super::could_be_encrypted;

    /// What a file that is not plain SQLite is taken for: only whole pages
    /// that are neither text nor a known format may be an encrypted database.
    #[test]
    fn which_files_could_be_encrypted() {
        let noise: Vec<u8> = (0..100u32).map(|i| (i * 97 % 251) as u8).collect();
        for (head, len, expect) in [
            (noise.as_slice(), 4096, true),
            (noise.as_slice(), 65_536, true),
            (noise.as_slice(), 4095, false),
            (noise.as_slice(), 100, false),
            (&b"PK\x03\x04 a spreadsheet"[..], 8192, false),
            (
                &b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 an old workbook"[..],
                8192,
                false,
            ),
            (&b"%PDF-1.7"[..], 4096, false),
            (
                &b"code,name,phone\r\nC1,\xE5\xBC\xA0\xE4\xB8\x89,13800000000"[..],
                4096,
                false,
            ),
        ] {
            assert_eq!(could_be_encrypted(head, len), expect, "{head:?} {len}");
        }
    }
}
