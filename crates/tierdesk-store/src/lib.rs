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
mod migrate;
mod profiles;
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
    pub fn open(path: &Path) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        let conn = Connection::open(path).map_err(|e| StoreError::open(path, e))?;
        let mut store = Store {
            conn,
            path: Some(path.to_owned()),
        };
        store.prepare().map_err(|e| match e {
            StoreError::Sqlite(inner) => StoreError::open(path, inner),
            other => other,
        })?;
        Ok(store)
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

pub(crate) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
