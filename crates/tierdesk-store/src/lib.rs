//! The SQLite store: the only crate that knows SQL.
//!
//! Open a database file with [`Store::open`]; it switches on WAL and foreign
//! keys and brings the schema up to date by running the numbered migrations
//! in `src/migrations/` in one transaction. Every method that writes several
//! rows does so in one transaction, so a failure leaves nothing half-written.
//!
//! The API crate is the only caller. A second backend (a shared PostgreSQL
//! server) is meant to sit beside this one behind the same methods, so no
//! SQL may leak out of this crate: callers pass and receive domain types.

mod benefits;
mod customers;
mod error;
mod fields;
mod imports;
mod manual_tier;
mod migrate;
mod purchases;
mod rating;
mod report;
mod settings;

use std::ffi::c_int;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use benefits::BenefitUsage;
pub use error::StoreError;
pub use imports::{LineImport, LineTotals};
pub use migrate::SCHEMA_VERSION;
pub use purchases::{PurchaseTotals, PurchaseWindow};
pub use rating::StoredScheme;
pub use report::BatchMove;

/// How long a statement waits for another program's lock before failing.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open customer database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
}

impl Store {
    /// Opens (or creates) the database file at `path` and migrates it.
    ///
    /// A file that is not a SQLite database ([`StoreError::NotADatabase`]),
    /// or that fails SQLite's quick check ([`StoreError::Damaged`]), is refused before anything is
    /// written to it (no pragma that writes, no migration), so the person
    /// can still take it to a backup tool or to support exactly as it was.
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        check_header(path)?;
        let conn = Connection::open(path).map_err(|e| StoreError::open(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
        };
        store.check_pages(path)?;
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(inner) => StoreError::open(path, inner),
            other => other,
        })?;
        Ok(store)
    }

    /// Runs SQLite's quick check (every page of every b-tree is well formed,
    /// nothing missing, nothing used twice; it does not compare indexes with
    /// their tables, which a full `integrity_check` does at many times the
    /// cost) before the file is used. It only reads.
    fn check_pages(&self, path: &Path) -> Result<()> {
        let damaged = |detail: String| StoreError::Damaged {
            path: path.display().to_string(),
            detail,
        };
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let mut stmt = match self.conn.prepare("PRAGMA quick_check(20)") {
            Ok(s) => s,
            Err(e) => return Err(damaged_or(e, damaged)),
        };
        let found: Vec<String> = match stmt
            .query_map([], |r| r.get::<_, String>(0))
            .and_then(|rows| rows.collect())
        {
            Ok(rows) => rows,
            Err(e) => return Err(damaged_or(e, damaged)),
        };
        if found.len() == 1 && found[0] == "ok" {
            Ok(())
        } else {
            Err(damaged(found.join("\n")))
        }
    }
    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store { conn, path: None };
        store.prepare()?;
        Ok(store)
    }

    fn prepare(&mut self) -> Result<()> {
        more_lookaside(&self.conn);
        // Waiting a little on a lock is better than failing at once when the
        // app and the CLI touch the same file.
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        self.conn.pragma_update(None, "journal_mode", "WAL")?;
        self.conn.pragma_update(None, "foreign_keys", "ON")?;
        self.conn.pragma_update(None, "synchronous", "NORMAL")?;
        // 64 MB of page cache: large imports and exports touch index pages
        // all over the file, and the default 2 MB makes them go to disk.
        self.conn.pragma_update(None, "cache_size", -65536)?;
        // Statement journals (a customer insert touches a dozen indexes and
        // the search index) stay in memory instead of a temporary file.
        self.conn.pragma_update(None, "temp_store", "MEMORY")?;
        // Deleted rows (a customer's name and phone once the recycle bin is
        // emptied) are overwritten with zeros instead of lingering in free
        // pages. It costs little: a page is written anyway when a row on it
        // goes. The search index does the same for its own copy of the text
        // (migration 0009).
        self.conn.pragma_update(None, "secure_delete", "ON")?;
        migrate::run(&mut self.conn)
    }

    /// The file this store lives in (`None` in memory).
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// Updates the query planner's statistics; worth it after large imports.
    pub fn analyze(&self) -> Result<()> {
        self.conn.execute_batch("ANALYZE")?;
        Ok(())
    }
}

/// Gives the connection's own small-allocation pool (SQLite's "lookaside")
/// room for the texts bound to a statement of many order lines at once
/// (three per line, 256 lines); beyond the default pool each text costs a
/// `malloc` and a `free`. About 600 KB per connection. Done before the
/// connection runs any statement; if SQLite refuses, the default pool stays.
fn more_lookaside(conn: &Connection) {
    const SLOT: c_int = 1200;
    const SLOTS: c_int = 500;
    // SAFETY: `conn.handle()` is this open connection's own pointer, used on
    // this thread only for the call; a null buffer asks SQLite to allocate
    // the pool itself, and the variadic arguments are the (void*, int, int)
    // that SQLITE_DBCONFIG_LOOKASIDE documents.
    unsafe {
        rusqlite::ffi::sqlite3_db_config(
            conn.handle(),
            rusqlite::ffi::SQLITE_DBCONFIG_LOOKASIDE,
            std::ptr::null_mut::<std::ffi::c_void>(),
            SLOT,
            SLOTS,
        );
    }
}

/// The first bytes of every SQLite database file.
const SQLITE_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Refuses a file that exists, is not empty, and does not start like a
/// SQLite database (SQLite's header is 100 bytes). SQLite itself would only
/// notice at the first statement, and an empty or missing file is a new
/// database, which is fine.
fn check_header(path: &Path) -> Result<()> {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        // Missing (a new database) or unreadable: SQLite says which.
        return Ok(());
    };
    let mut head = Vec::with_capacity(100);
    if let Err(e) = file.by_ref().take(100).read_to_end(&mut head) {
        return Err(StoreError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        });
    }
    if head.is_empty() || (head.len() == 100 && head.starts_with(SQLITE_HEADER)) {
        return Ok(());
    }
    Err(StoreError::NotADatabase {
        path: path.display().to_string(),
        detail: format!(
            "not a SQLite database: {} bytes at the start, header {:02x?}",
            head.len(),
            &head[..head.len().min(16)]
        ),
    })
}

/// Turns SQLite's own word for a damaged file into [`StoreError::Damaged`];
/// any other failure (a lock held too long, a file that cannot be read)
/// keeps its own meaning.
fn damaged_or(e: rusqlite::Error, damaged: impl Fn(String) -> StoreError) -> StoreError {
    match e.sqlite_error_code() {
        Some(rusqlite::ErrorCode::DatabaseCorrupt | rusqlite::ErrorCode::NotADatabase) => {
            damaged(e.to_string())
        }
        _ => StoreError::from(e),
    }
}

/// Starts a transaction that writes: `BEGIN IMMEDIATE` takes the write lock
/// at once, waiting for it through the busy timeout. A deferred transaction
/// that reads first and writes later cannot wait at the moment it needs the
/// lock (SQLite fails it at once, since its snapshot may already be stale),
/// which made adding a customer fail immediately while another window wrote.
pub(crate) fn write_tx(conn: &mut Connection) -> Result<rusqlite::Transaction<'_>> {
    Ok(conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?)
}

pub(crate) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
