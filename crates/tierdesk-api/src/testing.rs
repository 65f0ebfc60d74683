//! Test support: the API on both backends (not part of the API; hidden from
//! its documentation, used by the API's and the CLI's tests).
//!
//! [`each_api`] runs a test body on an API over a new SQLite file in a
//! folder of its own, then over a new team database when a test server is
//! given (`TIERDESK_TEST_PG`, see `tierdesk_store::testing`, which makes the
//! database from a migrated template). `TIERDESK_REQUIRE_PG=1` without a
//! server fails the test, as the store's harness does. A team API made here
//! is the one place that will sign in (as an administrator) once team
//! databases ask for sign-in: every test gets its team API from
//! [`team_api`].

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use crate::Api;

/// A new, migrated, empty team database opened as an API; `None` when no
/// test server is given (and none is required). The database is dropped on
/// the server when the API is.
pub fn team_api() -> Option<Api> {
    let mut api = team_api_signed_out()?;
    // Named as the person at the desk, so the audit log names the same
    // person on both backends.
    let name = api.actor().user;
    let name = match tierdesk_domain::role::check_user_name(&name) {
        Ok(n) => n,
        Err(_) => "测试管理员".to_owned(),
    };
    api.create_first_admin(ADMIN_LOGIN, &name, ADMIN_PASSWORD)
        .expect("the test database's first administrator");
    Some(api)
}

/// The test team database's first administrator (see [`team_api`]).
pub const ADMIN_LOGIN: &str = "admin";
pub const ADMIN_PASSWORD: &str = "tierdesk-test-admin";

/// A new team database as [`Api::open_team`] leaves it: no user, nobody
/// signed in, so nothing can be read or written yet.
pub fn team_api_signed_out() -> Option<Api> {
    let store = tierdesk_store::testing::fresh_postgres()?;
    // The store's harness leaves its gate open for the store's own tests.
    store.set_signed_in(None);
    Some(Api { store })
}

/// A new, migrated, empty team database no API has opened, for tests that
/// open it by its URL as a desk or the CLI does; dropped with the value.
pub fn team_database() -> Option<tierdesk_store::testing::FreshDatabase> {
    tierdesk_store::testing::fresh_postgres_database()
}

/// Signs `api` in as the test database's first administrator (a second
/// session on a database [`team_api`] made).
pub fn sign_in_admin(api: &mut Api) {
    if api.is_team() {
        api.sign_in(ADMIN_LOGIN, ADMIN_PASSWORD)
            .expect("signing in as the test administrator");
    }
}

/// An API over a new SQLite file `tierdesk.db` in `dir`.
pub fn file_api(dir: &Path) -> Api {
    Api::open(&dir.join("tierdesk.db")).expect("a new database file")
}

/// Another new, empty API on the same backend as `api` (a new file in
/// `dir`, or a new team database), for tests that compare two archives.
pub fn another_like(api: &Api, dir: &Path) -> Api {
    new_api(api.is_team(), dir)
}

/// A new, empty API: over a new file in `dir`, or over a new team database
/// (`team`), for tests that start afresh for each case of a table; loop over
/// [`team_choices`] to cover both backends.
pub fn new_api(team: bool, dir: &Path) -> Api {
    if team {
        return team_api().expect("a team database: no test server is given");
    }
    let n = NEXT.fetch_add(1, Ordering::Relaxed);
    Api::open(&dir.join(format!("tierdesk-{n}.db"))).expect("a new database file")
}

/// The backends [`each_api`] runs on, as [`new_api`]'s `team`: a file, then
/// a team database when a test server is given.
pub fn team_choices() -> Vec<bool> {
    [false, true][..backends()].to_vec()
}

/// Runs `test` on an API over a new SQLite file, then on a new team
/// database when a test server is given. A failure says which backend.
pub fn each_api(mut test: impl FnMut(&mut Api)) {
    each_api_with_dir(|api, _| test(api));
}

/// [`each_api`] with an empty folder of the test's own for each run (files
/// to import, exports to write); on SQLite the database file is in it too,
/// as `tierdesk.db`.
pub fn each_api_with_dir(mut test: impl FnMut(&mut Api, &Path)) {
    {
        let dir = TestDir::new();
        let mut api = file_api(dir.path());
        test(&mut api, dir.path());
    }
    if let Some(mut api) = team_api() {
        let dir = TestDir::new();
        let outcome =
            std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| test(&mut api, dir.path())));
        if let Err(panic) = outcome {
            eprintln!("(the failure above was on PostgreSQL; it passed on SQLite)");
            std::panic::resume_unwind(panic);
        }
    }
}

/// Another session on the database `api` has open, as a second desk would
/// open it: on SQLite the file `dir/tierdesk.db` again (give the folder
/// [`each_api_with_dir`] gave), on a team database a new connection to the
/// same database, signed in as the test administrator. Drop it before `api`
/// (a team database goes with `api`).
pub fn second_session(api: &Api, dir: &Path) -> Api {
    match api.store.team_url() {
        None => file_api(dir),
        Some(team) => {
            let server = tierdesk_store::testing::server().expect("a test server");
            let url = tierdesk_store::testing::url_for(&server, &team.database);
            let mut second = Api::open_team(&url).expect("a second session on the team database");
            sign_in_admin(&mut second);
            second
        }
    }
}

/// How many backends [`each_api`] runs on here (1 or 2), for tests that count.
pub fn backends() -> usize {
    tierdesk_store::testing::backends()
}

/// A new empty folder under the system's temporary folder, removed with
/// everything in it when dropped.
pub struct TestDir(PathBuf);

static NEXT: AtomicU64 = AtomicU64::new(0);

impl TestDir {
    pub fn new() -> TestDir {
        let base = std::env::temp_dir();
        loop {
            let path = base.join(format!(
                "tierdesk-api-test-{}-{}",
                std::process::id(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            ));
            // A folder left by an earlier run with the same process id is
            // skipped, never reused.
            match std::fs::create_dir(&path) {
                Ok(()) => return TestDir(path),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => continue,
                Err(e) => panic!("test folder {}: {e}", path.display()),
            }
        }
    }

    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Default for TestDir {
    fn default() -> TestDir {
        TestDir::new()
    }
}

impl Drop for TestDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}
