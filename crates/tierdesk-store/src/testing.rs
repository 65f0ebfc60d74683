//! Test support for the two backends (not part of the store's API; hidden
//! from its documentation, used by the store's and the API's tests).
//!
//! `TIERDESK_TEST_PG` is the URL of a throwaway PostgreSQL cluster's
//! maintenance database (`scripts/pg-test.sh` starts one and sets it). Each
//! test gets a database of its own, copied from a migrated template
//! (`CREATE DATABASE … TEMPLATE …`, much quicker than migrating), and
//! dropped when its store is. The template is made once per cluster and set
//! of migrations, under an advisory lock, so test processes started at once
//! do not race to make it.
//!
//! When `TIERDESK_REQUIRE_PG=1` (scripts/test.sh sets it) and no server is
//! given, asking for one panics: a run that should cover PostgreSQL never
//! passes by skipping it quietly.

use std::sync::atomic::{AtomicU64, Ordering};

use crate::Store;

/// The key of the advisory lock held while the template is made.
const TEMPLATE_LOCK: i64 = 0x7469_6572_746d_706c; // "tiertmpl"

/// The test cluster's maintenance URL, if one is given. Panics when none is
/// given but `TIERDESK_REQUIRE_PG=1` asks for one.
pub fn server() -> Option<String> {
    server_from(
        std::env::var("TIERDESK_TEST_PG").ok(),
        std::env::var("TIERDESK_REQUIRE_PG").ok(),
    )
}

/// [`server`]'s decision from the two variables' values.
fn server_from(url: Option<String>, require: Option<String>) -> Option<String> {
    match url {
        Some(url) if !url.trim().is_empty() => Some(url),
        _ if require.is_some_and(|v| v.trim() == "1") => panic!(
            "TIERDESK_REQUIRE_PG=1 but TIERDESK_TEST_PG is not set: \
             start a test server with scripts/pg-test.sh"
        ),
        _ => None,
    }
}

/// `url` with its database name replaced by `database`.
pub fn url_for(url: &str, database: &str) -> String {
    let (base, query) = url
        .split_once('?')
        .map_or((url, None), |(b, q)| (b, Some(q)));
    let after_scheme = base.find("://").map_or(0, |i| i + 3);
    let base = match base[after_scheme..].find('/') {
        Some(i) => &base[..after_scheme + i],
        None => base,
    };
    match query {
        Some(q) => format!("{base}/{database}?{q}"),
        None => format!("{base}/{database}"),
    }
}

/// A new, migrated, empty team database of its own, opened; `None` when no
/// test server is given (and none is required). Dropped on the server when
/// the store is dropped.
pub fn fresh_postgres() -> Option<Store> {
    let url = server()?;
    let name = fresh_database(&url).unwrap_or_else(|e| panic!("test database: {e}"));
    let mut store = Store::open_postgres(&url_for(&url, &name))
        .unwrap_or_else(|e| panic!("opening test database {name}: {e}"));
    if let Some(pg) = store.pg.as_mut() {
        pg.drop_on_close(url, name);
        // The store's own tests work without sign-in (the API's harness
        // closes the gate again and signs in; see db/gate.rs).
        pg.set_gate(crate::db::Gate::Write);
    }
    Some(store)
}

/// A new, migrated, empty team database that no store has opened yet (for
/// tests that open it by its URL, as a desk does), dropped with this value.
pub struct FreshDatabase {
    pub url: String,
    _drop: DropDatabase,
}

/// A [`FreshDatabase`]; `None` when no test server is given (and none is
/// required).
pub fn fresh_postgres_database() -> Option<FreshDatabase> {
    let server = server()?;
    let name = fresh_database(&server).unwrap_or_else(|e| panic!("test database: {e}"));
    Some(FreshDatabase {
        url: url_for(&server, &name),
        _drop: DropDatabase { url: server, name },
    })
}

/// A store on the team database at `url`, as one of several desks opening
/// it at once (tests of desks racing), its gate open as `fresh_postgres`'s.
pub fn open_desk(url: &str) -> Store {
    let store = Store::open_postgres(url).unwrap_or_else(|e| panic!("opening {url}: {e}"));
    if let Some(pg) = store.pg.as_ref() {
        pg.set_gate(crate::db::Gate::Write);
    }
    store
}

/// Runs `test` on a new in-memory SQLite store, then on a fresh team
/// database when a test server is given. A failure says which backend.
pub fn each_backend(mut test: impl FnMut(&mut Store)) {
    let mut lite = Store::open_in_memory().expect("in-memory store");
    test(&mut lite);
    if let Some(mut pg) = fresh_postgres() {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&mut pg)));
        if let Err(panic) = outcome {
            eprintln!("(the failure above was on PostgreSQL; it passed on SQLite)");
            std::panic::resume_unwind(panic);
        }
    }
}

/// The first column of every row of `sql` as text, on either backend: for
/// tests that look at what is stored beyond the store's own reads.
pub fn query_texts(store: &Store, sql: &str) -> Vec<String> {
    store
        .db()
        .query_map(sql, crate::args![], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// Which backends `each_backend` runs on here, for tests that count.
pub fn backends() -> usize {
    1 + usize::from(server().is_some())
}

static NEXT: AtomicU64 = AtomicU64::new(0);

/// Creates a database from the migrated template; returns its name.
fn fresh_database(url: &str) -> Result<String, String> {
    with_admin(url, |admin| {
        let template = template(admin, url)?;
        let name = format!(
            "tierdesk_t_{}_{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        recreate(admin, &name, Some(&template))?;
        Ok(name)
    })
}

/// Connections to the maintenance database, kept for the next test: each
/// new one costs a password exchange (scram), and a test database costs two
/// of them (made, dropped) besides its own.
static ADMINS: std::sync::Mutex<Vec<(String, postgres::Client)>> =
    std::sync::Mutex::new(Vec::new());

/// Runs `work` on a connection to `url` from [`ADMINS`] (or a new one),
/// given back afterwards unless it broke.
fn with_admin<T>(
    url: &str,
    work: impl FnOnce(&mut postgres::Client) -> Result<T, String>,
) -> Result<T, String> {
    let kept = {
        let mut pool = ADMINS.lock().unwrap_or_else(|p| p.into_inner());
        let at = pool.iter().position(|(u, c)| u == url && !c.is_closed());
        at.map(|i| pool.swap_remove(i).1)
    };
    let mut admin = match kept {
        Some(c) => c,
        None => postgres::Client::connect(url, postgres::NoTls).map_err(said)?,
    };
    let out = work(&mut admin);
    if !admin.is_closed() {
        let mut pool = ADMINS.lock().unwrap_or_else(|p| p.into_inner());
        pool.push((url.to_owned(), admin));
    }
    out
}

/// Whether the server can be told how to copy a template (PostgreSQL 15+).
fn file_copy(admin: &mut postgres::Client) -> Result<bool, String> {
    static KNOWN: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    if let Some(known) = KNOWN.get() {
        return Ok(*known);
    }
    let version: String = admin
        .query_one("SHOW server_version_num", &[])
        .map_err(said)?
        .get(0);
    Ok(*KNOWN.get_or_init(|| version.parse::<u32>().is_ok_and(|v| v >= 150_000)))
}

/// Drops database `name` if it exists and creates it anew (from
/// `template`, else empty). One statement per call: the server runs
/// neither inside a transaction, and a list of statements in one call is one.
fn recreate(
    admin: &mut postgres::Client,
    name: &str,
    template: Option<&str>,
) -> Result<(), String> {
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .map_err(said)?;
    // PostgreSQL 15 copies a template block by block through its log unless
    // told to copy the files (twice as quick for a small template; the
    // checkpoint it needs costs little on a test cluster without fsync).
    let strategy = if file_copy(admin)? {
        " STRATEGY FILE_COPY"
    } else {
        ""
    };
    let from = template.map_or(String::new(), |t| format!(" TEMPLATE {t}{strategy}"));
    admin
        .batch_execute(&format!("CREATE DATABASE {name}{from}"))
        .map_err(said)
}

/// The migrated template's name, made first if it does not exist yet.
fn template(admin: &mut postgres::Client, url: &str) -> Result<String, String> {
    let name = format!("tierdesk_tmpl_{}", crate::migrate_pg::fingerprint());
    let exists = |admin: &mut postgres::Client| -> Result<bool, String> {
        admin
            .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&name])
            .map(|r| r.is_some())
            .map_err(said)
    };
    if exists(admin)? {
        return Ok(name);
    }
    admin
        .execute("SELECT pg_advisory_lock($1)", &[&TEMPLATE_LOCK])
        .map_err(said)?;
    let made = (|| {
        if exists(admin)? {
            return Ok(());
        }
        // Built under another name and renamed when whole, so a run stopped
        // half way never leaves a template that looks ready.
        let building = format!("{name}_building");
        recreate(admin, &building, None)?;
        {
            let mut client = postgres::Client::connect(&url_for(url, &building), postgres::NoTls)
                .map_err(said)?;
            crate::migrate_pg::run(&mut client).map_err(|e| e.to_string())?;
            client.close().map_err(said)?;
        }
        admin
            .batch_execute(&format!("ALTER DATABASE {building} RENAME TO {name}"))
            .map_err(said)
    })();
    let unlocked = admin
        .execute("SELECT pg_advisory_unlock($1)", &[&TEMPLATE_LOCK])
        .map_err(said);
    made?;
    unlocked?;
    Ok(name)
}

/// What the server said, not only "db error".
fn said(e: postgres::Error) -> String {
    match e.as_db_error() {
        Some(db) => format!("{}: {}", db.code().code(), db.message()),
        None => e.to_string(),
    }
}

/// Drops a test database once its connection is closed.
pub(crate) struct DropDatabase {
    pub(crate) url: String,
    pub(crate) name: String,
}

impl Drop for DropDatabase {
    fn drop(&mut self) {
        let _ = with_admin(&self.url, |admin| {
            admin
                .batch_execute(&format!(
                    "DROP DATABASE IF EXISTS {} WITH (FORCE)",
                    self.name
                ))
                .map_err(said)
        });
    }
}

#[cfg(test)]
mod tests {
    use super::{server_from, url_for};
    use crate::args;

    /// No server: skipped, unless one is required; then the run fails.
    #[test]
    fn a_required_server_is_never_skipped() {
        let url = Some("postgres://u@h/postgres".to_owned());
        assert_eq!(server_from(url.clone(), Some("1".into())), url);
        assert_eq!(server_from(url.clone(), None), url);
        assert_eq!(server_from(None, None), None);
        assert_eq!(server_from(Some("  ".into()), Some("0".into())), None);
        let required = std::panic::catch_unwind(|| server_from(None, Some("1".into())));
        assert!(required.is_err());
        let blank =
            std::panic::catch_unwind(|| server_from(Some(String::new()), Some(" 1 ".into())));
        assert!(blank.is_err());
    }

    /// Each test database is new, migrated, empty, its own, and gone once
    /// its store is dropped.
    #[test]
    fn each_fresh_database_is_its_own_and_dropped_after() {
        let Some(url) = super::server() else {
            return;
        };
        let name = |s: &crate::Store| -> String {
            s.db()
                .query_row("SELECT current_database()", args![], |r| r.get(0))
                .unwrap()
        };
        let (a, b) = (
            super::fresh_postgres().unwrap(),
            super::fresh_postgres().unwrap(),
        );
        let (na, nb) = (name(&a), name(&b));
        assert_ne!(na, nb);
        assert!(na.starts_with("tierdesk_t_"), "{na}");
        assert_eq!(a.customer_count().unwrap(), 0);
        let version: i64 = a
            .db()
            .query_row("SELECT MAX(number) FROM schema_migrations", args![], |r| {
                r.get(0)
            })
            .unwrap();
        assert_eq!(version, crate::SCHEMA_VERSION);
        a.set_setting("k", "v").unwrap();
        assert_eq!(b.setting("k").unwrap(), None);
        drop(a);
        let mut admin = postgres::Client::connect(&url, postgres::NoTls).unwrap();
        let exists = |admin: &mut postgres::Client, n: &str| {
            admin
                .query_opt("SELECT 1 FROM pg_database WHERE datname = $1", &[&n])
                .unwrap()
                .is_some()
        };
        assert!(!exists(&mut admin, &na));
        assert!(exists(&mut admin, &nb));
        drop(b);
        assert!(!exists(&mut admin, &nb));
    }

    #[test]
    fn database_name_replaced_in_the_url() {
        for (url, want) in [
            (
                "postgres://u:p@127.0.0.1:5432/postgres",
                "postgres://u:p@127.0.0.1:5432/t1",
            ),
            (
                "postgres://u:p@127.0.0.1:5432",
                "postgres://u:p@127.0.0.1:5432/t1",
            ),
            (
                "postgres://h/postgres?sslmode=disable",
                "postgres://h/t1?sslmode=disable",
            ),
        ] {
            assert_eq!(url_for(url, "t1"), want);
        }
    }
}
