//! The SQLite store: the only crate that knows SQL.
//!
//! Open a database file with [`Store::open`]; it switches on WAL and foreign
//! keys and brings the schema up to date by running the numbered migrations
//! in `src/migrations/` in one transaction. Every method that writes several
//! rows does so in one transaction, so a failure leaves nothing half-written.
//!
//! Every write goes through one door, `Store::writable` (or
//! `Store::write_tx` on top of it): the first write of a connection runs
//! SQLite's quick check, and until it has passed the connection is
//! `query_only`, so a damaged file is never written to, and a write path
//! that forgot the door fails in the tests instead of writing unchecked.
//!
//! The API crate is the only caller. A second backend (a shared PostgreSQL
//! server) is meant to sit beside this one behind the same methods, so no
//! SQL may leak out of this crate: callers pass and receive domain types.

mod analysis;
mod analysis_team;
mod audit;
mod backup;
mod benefits;
mod cases;
mod churn;
mod churn_alerts;
mod churn_refresh;
mod cipher;
mod contacts;
mod copy_rows;
mod customer_purchases;
mod customers;
mod customers_owner;
mod dates;
mod db;
mod demo_care;
mod error;
mod fields;
mod followups;
mod imports;
mod manual_tier;
mod migrate;
mod migrate_pg;
mod points;
mod points_catalogue;
mod points_figures;
mod points_import;
mod points_rules;
mod points_todos;
mod privacy;
mod purchases;
mod rating;
mod rating_team;
mod report;
mod scheme_edit;
mod settings;
mod surveys;
mod team_conn;
mod team_copy;
#[doc(hidden)]
pub mod testing;
mod timeline;
mod todo_list;
mod todo_rules;
mod todos;
mod users;

use std::cell::Cell;
use std::ffi::c_int;
use std::path::{Path, PathBuf};

use rusqlite::Connection;

pub use analysis::{AnalysisCustomer, AnalysisRead, BatchFlow};
pub use audit::{os_user, GENESIS};
pub use backup::{
    audit_head, backup_file, check_backup, migration_needs_backup, read_backup_facts, BackupFacts,
};
pub use benefits::BenefitUsage;
pub use churn::{ChurnPeople, ChurnServiceFacts, PurchaseDays};
pub use churn_alerts::{Assessed, REFRESH_WHO, TODO_SOURCE};
pub use churn_refresh::RefreshWrite;
pub use demo_care::{DemoCareCustomer, DemoCase};
pub use error::StoreError;
pub use imports::{LineImport, LineTotals};
pub use migrate::{migration_numbers, SCHEMA_VERSION};
pub use points::ExpireRun;
pub use points_catalogue::ItemChange;
pub use points_figures::{PointsHolding, PointsMonth, PointsSums};
pub use points_rules::OpeningKept;
pub use privacy::Erased;
pub use purchases::{PurchaseTotals, PurchaseWindow};
pub use rating::{RatingCustomer, StoredScheme};
pub use scheme_edit::{SchemeHead, SchemeSaveNote};
pub use surveys::{SurveyAnswerLine, SurveyTierCounts};
pub use team_conn::{TeamProblem, TeamTls, TeamUrl};
pub use team_copy::{
    skip_reason, Checksum, CopiedTable, CopyProgress, CopyStep, SkippedTable, TeamCopy, SKIPPED,
};
pub use tierdesk_domain::audit::{Actor, NewEntry, Source};
pub use todo_rules::{TodoRules, TodoRun, REFRESH_CHUNK, RULE_WHO};
pub use todos::TodoEdit;
pub use users::{NewUser, Owned, SignedIn, StoredUser};

/// How long a statement waits for another program's lock before failing.
pub(crate) const BUSY_TIMEOUT: std::time::Duration = std::time::Duration::from_secs(5);

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open customer database.
pub struct Store {
    conn: Connection,
    path: Option<PathBuf>,
    /// Whether SQLite's quick check has passed on this connection. Until it
    /// has, the connection is `query_only`: reads work, and the first write
    /// goes through [`Store::writable`], which runs the check first.
    verified: Cell<bool>,
    /// How many times the quick check ran on this connection (for tests).
    checks: Cell<u32>,
    /// The file's password, when it is encrypted (see `cipher.rs`).
    key: Option<cipher::Key>,
    /// Who the audit log names for the changes made through this store.
    actor: Actor,
    /// The team database, when this store is one (see
    /// [`Store::open_postgres`]); `conn` is then a closed stand-in, so a
    /// method not yet ported to [`db::Db`] fails instead of touching it.
    pg: Option<db::PgConn>,
}

impl Store {
    /// Opens (or creates) the database file at `path` and migrates it.
    ///
    /// A file that is not a SQLite database ([`StoreError::NotADatabase`])
    /// is refused at once. SQLite's quick check, which reads every page
    /// (0.1–0.6 s on a large file), runs before the first write of this
    /// connection, not at open: a file opened only to be read is not
    /// checked, and a damaged page met by a read is reported as
    /// [`StoreError::Damaged`]. Where opening itself would write (a new file,
    /// a pending migration, a file not yet in WAL mode), the check runs here,
    /// before anything is written. Either way a damaged file is never
    /// changed, so the person can still take it to a backup tool or to
    /// support exactly as it was.
    pub fn open(path: &Path) -> Result<Store> {
        Store::open_with(path, None)
    }

    /// Opens (or creates) the database file at `path` with a password, as
    /// [`Store::open`] does without one. A file encrypted with a password is
    /// refused without it ([`StoreError::PasswordNeeded`]) and with a wrong
    /// one ([`StoreError::WrongPassword`]), unchanged either way. A new file
    /// opened with a password is created encrypted; a plain file opened with
    /// one is opened plain, as it is (the password is not used; see
    /// [`Store::has_password`]).
    pub fn open_with(path: &Path, password: Option<&str>) -> Result<Store> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io {
                path: dir.display().to_string(),
                reason: e.to_string(),
            })?;
        }
        let header = check_header(path)?;
        let key = match header {
            Header::New | Header::Encrypted => cipher::Key::new(password),
            Header::Rollback | Header::Wal => None,
        };
        if matches!(header, Header::Encrypted) && key.is_none() {
            return Err(StoreError::PasswordNeeded {
                path: path.display().to_string(),
            });
        }
        let conn = Connection::open(path).map_err(|e| StoreError::open(path, e))?;
        if let Some(key) = &key {
            more_lookaside(&conn);
            cipher::apply_key(&conn, key)?;
        }
        let store = Store {
            conn,
            path: Some(path.to_owned()),
            verified: Cell::new(false),
            checks: Cell::new(0),
            key,
            actor: audit::os_actor(),
            pg: None,
        };
        store.open_checked(header).map_err(|e| match e {
            StoreError::Sqlite(inner) => StoreError::open(path, inner),
            other => other.at(path),
        })
    }

    /// Checks the pages now if opening would write, then sets the
    /// connection up (see [`Store::open`]).
    fn open_checked(mut self, header: Header) -> Result<Store> {
        self.conn.busy_timeout(BUSY_TIMEOUT)?;
        let writes = match header {
            Header::New | Header::Rollback => true,
            Header::Wal => migrate::needed(&self.conn)?,
            Header::Encrypted => cipher::check_key(&self.conn, Path::new(&self.path_text()))?,
        };
        if writes {
            self.check_pages()?;
        } else {
            self.conn.pragma_update(None, "query_only", true)?;
        }
        self.prepare()?;
        Ok(self)
    }

    /// Opens a team database on a PostgreSQL server
    /// (`postgres://user[:password]@host[:port]/database[?sslmode=…&sslrootcert=…]`,
    /// see `team_conn.rs`: TLS with the server's certificate checked unless
    /// `sslmode=disable`) and brings its schema up to date (`migrate_pg`), as
    /// [`Store::open`] does for a file. A write waits for another desk's write
    /// as long as a file's would (the busy timeout), then fails with
    /// [`StoreError::Busy`]. A connection lost later fails the call under way
    /// with [`StoreError::TeamLost`] (a write in flight rolled back by the
    /// server), and the next call connects again.
    pub fn open_postgres(url: &str) -> Result<Store> {
        let team = team_conn::TeamUrl::parse(url)?;
        let mut client = team_conn::connect(&team)?;
        migrate_pg::run(&mut client)
            .map_err(|e| team_conn::trgm_problem(&team, &e).unwrap_or(e))?;
        let mut store = Store::closed()?;
        store.pg = Some(db::PgConn::connected(client, team));
        Ok(store)
    }

    /// The team database's address (its password left out), when this
    /// store is one.
    pub fn team_url(&self) -> Option<&team_conn::TeamUrl> {
        self.pg.as_ref().and_then(|pg| pg.team())
    }

    /// The connection for ported statements: the team database's, or the
    /// file's (reads; a write takes [`Store::write`]).
    pub(crate) fn db(&self) -> db::Db<'_> {
        match &self.pg {
            Some(pg) => db::Db::Pg(pg),
            None => db::Db::Lite(&self.conn),
        }
    }

    /// Which backend this store is.
    pub(crate) fn dialect(&self) -> db::Dialect {
        self.db().dialect()
    }

    /// Whether this store is a team database (PostgreSQL).
    pub fn is_team(&self) -> bool {
        self.pg.is_some()
    }

    /// A write transaction for ported code, on either backend: through the
    /// write door and `BEGIN IMMEDIATE` on a file, under the write lock on
    /// a team database (see `db/tx.rs`).
    pub(crate) fn write(&self) -> Result<db::WriteTx<'_>> {
        match &self.pg {
            Some(pg) => db::WriteTx::pg(pg),
            None => db::WriteTx::lite(self.writable()?),
        }
    }

    /// The one door for writing: every method that changes the file takes
    /// its connection from here (or from [`Store::write_tx`]). The first
    /// time, it runs the quick check ([`StoreError::Damaged`] leaves the file
    /// untouched) and lifts `query_only`, so a write path that forgot the
    /// door fails loudly instead of writing to an unchecked file.
    pub(crate) fn writable(&self) -> Result<&Connection> {
        if self.pg.is_some() {
            return Err(not_on_team());
        }
        if !self.verified.get() {
            self.check_pages()?;
        }
        Ok(&self.conn)
    }

    /// Checks the file's pages now if no write has yet: the app asks for
    /// this in the background once its first screen is drawn, so a damaged
    /// file is reported before the person starts working. Writes nothing.
    pub fn verify(&self) -> Result<()> {
        if self.pg.is_some() {
            // A team database's pages are its server's to check.
            return Ok(());
        }
        self.writable().map(|_| ())
    }

    /// Whether the quick check has passed on this connection.
    pub fn verified(&self) -> bool {
        self.verified.get()
    }

    /// How many times the quick check ran on this connection: once at most
    /// on a sound file, and not at all while it is only read.
    pub fn page_checks(&self) -> u32 {
        self.checks.get()
    }

    /// Runs SQLite's quick check (every page of every b-tree is well formed,
    /// nothing missing, nothing used twice; it does not compare indexes with
    /// their tables, which a full `integrity_check` does at many times the
    /// cost). It only reads; once it passes the connection may write.
    fn check_pages(&self) -> Result<()> {
        self.checks.set(self.checks.get() + 1);
        let damaged = |detail: String| StoreError::Damaged {
            path: self.path_text(),
            detail,
        };
        let found: Vec<String> = self
            .conn
            .prepare("PRAGMA quick_check(20)")
            .and_then(|mut stmt| {
                stmt.query_map([], |r| r.get::<_, String>(0))?
                    .collect::<rusqlite::Result<_>>()
            })
            .map_err(|e| StoreError::from(e).at_text(self.path_text()))?;
        if found.len() != 1 || found[0] != "ok" {
            return Err(damaged(found.join("\n")));
        }
        self.conn.pragma_update(None, "query_only", false)?;
        self.verified.set(true);
        Ok(())
    }

    fn path_text(&self) -> String {
        self.path
            .as_deref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    /// A stand-in with no database behind it (no tables, `query_only`), put
    /// in place of a file while it is replaced: if reopening the file then
    /// fails, every later call fails too, instead of quietly working on an
    /// empty database in memory and losing what the person types.
    pub fn closed() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        conn.pragma_update(None, "query_only", true)?;
        Ok(Store {
            conn,
            path: None,
            verified: Cell::new(true),
            checks: Cell::new(0),
            key: None,
            actor: audit::os_actor(),
            pg: None,
        })
    }

    /// A private database in memory, for tests.
    pub fn open_in_memory() -> Result<Store> {
        let conn = Connection::open_in_memory()?;
        let mut store = Store {
            conn,
            path: None,
            verified: Cell::new(true),
            checks: Cell::new(0),
            key: None,
            actor: audit::os_actor(),
            pg: None,
        };
        store.prepare()?;
        Ok(store)
    }

    /// Sets the connection up and brings the schema up to date. Writes to
    /// the file only when [`migrate::needed`] says so, which [`Store::open`]
    /// has checked the pages for; otherwise `query_only` is already on.
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
    /// On a team database with VACUUM (the server's autovacuum would get
    /// there too, but only after the first queries were planned blind).
    pub fn analyze(&self) -> Result<()> {
        if self.pg.is_some() {
            // VACUUM marks the pages of a bulk fill all-visible, so that
            // counting the customers reads an index alone, not every row.
            return self.db().execute_batch("VACUUM (ANALYZE)");
        }
        self.writable()?.execute_batch("ANALYZE")?;
        Ok(())
    }
}

/// What a method not yet ported to the team database says there.
pub(crate) fn not_on_team() -> StoreError {
    StoreError::Team {
        detail: "这项功能暂时只能用于本机数据库文件".to_owned(),
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

/// What the first bytes of a file say about opening it.
pub(crate) enum Header {
    /// Missing or empty: a new database.
    New,
    /// A database in the rollback journal mode: open switches it to WAL,
    /// which writes the header.
    Rollback,
    /// A database already in WAL mode (header bytes 18 and 19 are 2).
    Wal,
    /// Not plain SQLite, but whole pages of what looks like random bytes:
    /// encrypted with a password (or noise; only a key can tell).
    Encrypted,
}

/// Refuses a file that exists, is not empty, and does not start like a
/// SQLite database (SQLite's header is 100 bytes), unless it could be an
/// encrypted one (`cipher::could_be_encrypted`). SQLite itself would only
/// notice at the first statement, and an empty or missing file is a new
/// database, which is fine.
pub(crate) fn check_header(path: &Path) -> Result<Header> {
    use std::io::Read;
    let Ok(mut file) = std::fs::File::open(path) else {
        // Missing (a new database) or unreadable: SQLite says which.
        return Ok(Header::New);
    };
    let mut head = Vec::with_capacity(100);
    if let Err(e) = file.by_ref().take(100).read_to_end(&mut head) {
        return Err(StoreError::Io {
            path: path.display().to_string(),
            reason: e.to_string(),
        });
    }
    if head.is_empty() {
        return Ok(Header::New);
    }
    if head.len() == 100 && head.starts_with(SQLITE_HEADER) {
        return Ok(if head[18] == 2 && head[19] == 2 {
            Header::Wal
        } else {
            Header::Rollback
        });
    }
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    if cipher::could_be_encrypted(&head, len) {
        return Ok(Header::Encrypted);
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

/// A day as the store writes it (`YYYY-MM-DD`); a value no day (never
/// written by the store) reads as 1970-01-01 rather than failing the row.
pub(crate) fn stored_day(text: &str) -> chrono::NaiveDate {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap_or_default()
}

pub(crate) fn now_text() -> String {
    chrono::Local::now().format("%Y-%m-%d %H:%M:%S").to_string()
}
