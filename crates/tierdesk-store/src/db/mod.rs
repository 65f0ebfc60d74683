//! One way to run statements on either backend: the local SQLite file or a
//! team's PostgreSQL server.
//!
//! A ported module takes a [`Db`] (a connection of either kind) or a
//! [`WriteTx`] (a write transaction, which derefs to its `Db`) instead of a
//! rusqlite connection, binds with [`args!`](crate::args) instead of
//! `params!`, and reads rows with [`Row::get`]. Statements are written as for
//! SQLite; on PostgreSQL each text is translated once ([`translate`]) and
//! prepared once per connection. What the translator does not cover is
//! branched at the statement on [`Db::dialect`]. The porting recipe and the
//! pitfalls met so far are in ARCHITECTURE.md.

mod gate;
mod numeric;
mod param;
#[cfg(test)]
mod reconnect_tests;
mod row;
#[cfg(test)]
mod tests;
mod translate;
mod tx;

use std::cell::{Cell, RefCell, RefMut};
use std::collections::HashMap;

pub(crate) use gate::{Door, Gate};
pub(crate) use param::{Param, Val};
// For helpers generic over the type read (ported modules' own readers).
#[allow(unused_imports)]
pub(crate) use row::FromCol;
pub(crate) use row::Row;
pub(crate) use translate::to_postgres;
pub(crate) use tx::WriteTx;

use crate::{Result, StoreError};

/// Which SQL a connection speaks, for the statements written twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dialect {
    Sqlite,
    Postgres,
}

/// A connection of either backend, lent for a statement or a few.
#[derive(Clone, Copy)]
pub(crate) enum Db<'c> {
    Lite(&'c rusqlite::Connection),
    Pg(&'c PgConn),
}

/// Rows fetched per round trip when a PostgreSQL scan streams.
const FETCH_ROWS: usize = 1000;

/// The most statements a PostgreSQL connection keeps prepared; beyond it
/// the cache starts again (texts built per query, such as list filters,
/// would otherwise grow it without end).
const CACHED_STATEMENTS: usize = 512;

/// A connection to the team database, with its prepared statements.
pub(crate) struct PgConn {
    client: RefCell<postgres::Client>,
    /// Prepared statements by their SQLite text.
    prepared: RefCell<HashMap<String, postgres::Statement>>,
    /// Whether a write transaction is open (a second one is refused).
    in_tx: Cell<bool>,
    /// Streams open at once (each has its own cursor name).
    scans: Cell<u32>,
    /// Who may use the connection (see `gate.rs`); closed until sign-in.
    gate: Cell<Gate>,
    /// Doors open through the gate (see [`Door`]).
    door: Cell<u32>,
    /// Who is signed in on this connection (see `users.rs`).
    signed_in: RefCell<Option<crate::users::SignedIn>>,
    /// The customers the call under way may write only while each is still
    /// the signed-in user's or shared (see `gate.rs`).
    owned: RefCell<Vec<i64>>,
    /// A test's database, dropped after the connection closes (fields drop
    /// in order: the client above goes first).
    cleanup: Option<crate::testing::DropDatabase>,
    /// Where to connect again when the connection is lost.
    team: Option<crate::team_conn::TeamUrl>,
}

impl PgConn {
    pub(crate) fn new(client: postgres::Client) -> PgConn {
        PgConn {
            client: RefCell::new(client),
            prepared: RefCell::new(HashMap::new()),
            in_tx: Cell::new(false),
            scans: Cell::new(0),
            gate: Cell::new(Gate::Closed),
            door: Cell::new(0),
            signed_in: RefCell::new(None),
            owned: RefCell::new(Vec::new()),
            cleanup: None,
            team: None,
        }
    }

    /// A connection to `team`, connected again by the next call after it is
    /// lost (see [`PgConn::client`]).
    pub(crate) fn connected(client: postgres::Client, team: crate::team_conn::TeamUrl) -> PgConn {
        PgConn {
            team: Some(team),
            ..PgConn::new(client)
        }
    }

    /// The team database's address, when known.
    pub(crate) fn team(&self) -> Option<&crate::team_conn::TeamUrl> {
        self.team.as_ref()
    }

    /// Drops database `name` (through the maintenance `url`) when this
    /// connection is dropped: for the test harness's databases.
    pub(crate) fn drop_on_close(&mut self, url: String, name: String) {
        self.cleanup = Some(crate::testing::DropDatabase { url, name });
    }

    /// The client for one call. Statements never run inside one another's
    /// borrow (rows are collected, or fetched in batches, before a closure
    /// sees them; only a binary COPY's closure runs while the stream holds
    /// the client, and it runs no statement), so a clash is a bug in the
    /// store, reported, not a panic.
    ///
    /// A connection the server closed (restarted, or the network lost) is
    /// replaced by a new one here, its prepared statements forgotten — but
    /// never inside a write transaction or a scan: what they began went with
    /// the old connection (the server rolled the transaction back), so they
    /// fail with [`StoreError::TeamLost`] and only the next call reconnects.
    fn client(&self) -> Result<RefMut<'_, postgres::Client>> {
        self.check_open()?;
        let mut client = self.client.try_borrow_mut().map_err(|_| StoreError::Team {
            detail: "内部错误：同一连接上的语句嵌套执行".to_owned(),
        })?;
        if client.is_closed() {
            let Some(team) = self.team.as_ref() else {
                return Err(lost_connection());
            };
            if self.in_tx.get() || self.scans.get() > 0 {
                return Err(lost_connection());
            }
            *client = crate::team_conn::connect(team).map_err(|e| match e {
                StoreError::TeamConnect(p) => StoreError::TeamLost {
                    reason: p.msg().zh(),
                    detail: String::new(),
                },
                other => other,
            })?;
            self.prepared.borrow_mut().clear();
        }
        Ok(client)
    }

    /// The client as it is, closed or not: for the rollback of a write
    /// transaction being dropped (a closed connection has nothing to roll back).
    fn client_as_is(&self) -> Option<RefMut<'_, postgres::Client>> {
        self.client.try_borrow_mut().ok()
    }

    /// Whether a failed call may be made again on a new connection: the
    /// connection is closed, and no transaction or scan was under way (a
    /// read then; a write's own transaction is begun again by its caller).
    fn may_retry(&self, e: &StoreError) -> bool {
        matches!(e, StoreError::TeamLost { .. })
            && self.team.is_some()
            && !self.in_tx.get()
            && self.scans.get() == 0
            && self.client.try_borrow().is_ok_and(|c| c.is_closed())
    }

    /// The prepared statement for a SQLite text, translated and prepared on
    /// first use.
    fn statement(&self, client: &mut postgres::Client, sql: &str) -> Result<postgres::Statement> {
        if let Some(s) = self.prepared.borrow().get(sql) {
            return Ok(s.clone());
        }
        let stmt = client.prepare(&to_postgres(sql))?;
        let mut cache = self.prepared.borrow_mut();
        if cache.len() >= CACHED_STATEMENTS {
            cache.clear();
        }
        cache.insert(sql.to_owned(), stmt.clone());
        Ok(stmt)
    }

    /// A query's rows. A read outside a write transaction that finds the
    /// connection lost is asked once more on a new one (reading twice
    /// changes nothing), so the first read after a server restart works.
    fn query(&self, sql: &str, args: &[Val<'_>]) -> Result<Vec<postgres::Row>> {
        let once = || -> Result<Vec<postgres::Row>> {
            let mut client = self.client()?;
            let stmt = self.statement(&mut client, sql)?;
            Ok(client.query(&stmt, &refs(args))?)
        };
        match once() {
            Err(e) if self.may_retry(&e) && is_read(sql) => once(),
            other => other,
        }
    }

    /// Runs `f` over a query's rows fetched in batches through a cursor, so
    /// a scan of a million rows never holds them all; `f` may run other
    /// statements (and, outside a write transaction, start one: the cursor
    /// is then `WITH HOLD`, kept past its own transaction).
    fn for_each(
        &self,
        sql: &str,
        args: &[Val<'_>],
        f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<u64> {
        let depth = self.scans.get();
        let name = format!("tierdesk_scan_{depth}");
        let hold = if self.in_tx.get() { "" } else { " WITH HOLD" };
        self.client()?.execute(
            format!(
                "DECLARE {name} NO SCROLL CURSOR{hold} FOR {}",
                to_postgres(sql)
            )
            .as_str(),
            &refs(args),
        )?;
        self.scans.set(depth + 1);
        let result = self.fetch_all(&name, f);
        self.scans.set(depth);
        let closed = self.client()?.batch_execute(&format!("CLOSE {name}"));
        let n = result?;
        closed?;
        Ok(n)
    }

    fn fetch_all(&self, name: &str, f: &mut dyn FnMut(&Row<'_>) -> Result<()>) -> Result<u64> {
        let fetch = format!("FETCH {FETCH_ROWS} FROM {name}");
        let mut n = 0u64;
        loop {
            let rows = self.client()?.query(fetch.as_str(), &[])?;
            for row in &rows {
                f(&Row::Pg(row))?;
                n += 1;
            }
            if rows.len() < FETCH_ROWS {
                return Ok(n);
            }
        }
    }
}

impl PgConn {
    /// The rows of `query` (PostgreSQL's own text, without placeholders) as
    /// one binary `COPY (query) TO STDOUT`: one statement and one snapshot,
    /// the rows streamed without a message each. Its columns must be of
    /// `types`, in order. `f` runs while the stream is open and so must not
    /// run statements.
    fn copy_out(
        &self,
        query: &str,
        types: &[postgres::types::Type],
        f: &mut dyn FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<u64> {
        let n = Cell::new(0u64);
        let mut once = || -> Result<()> {
            use postgres::fallible_iterator::FallibleIterator;
            let mut client = self.client()?;
            let sql = format!("COPY ({query}) TO STDOUT (FORMAT binary)");
            let reader = client.copy_out(sql.as_str())?;
            let mut rows = postgres::binary_copy::BinaryCopyOutIter::new(reader, types);
            while let Some(row) = rows.next()? {
                f(&Row::Copy(&row, types))?;
                n.set(n.get() + 1);
            }
            Ok(())
        };
        // Like any read outside a transaction, tried once more on a new
        // connection when the old one was found lost — but only while no
        // row has reached `f`, which must never see a row twice.
        match once() {
            Err(e) if n.get() == 0 && self.may_retry(&e) => once(),
            other => other,
        }?;
        Ok(n.get())
    }
}

/// The error of a connection found closed where it cannot be replaced.
fn lost_connection() -> StoreError {
    StoreError::TeamLost {
        reason: "连接已断开，这次的修改没有保存。请检查网络和服务器，稍后再试".to_owned(),
        detail: "connection closed".to_owned(),
    }
}

/// Whether a statement only reads (a `SELECT` or `WITH … SELECT` without a
/// writing verb), so it may be asked twice.
fn is_read(sql: &str) -> bool {
    let upper = sql.trim_start().to_ascii_uppercase();
    (upper.starts_with("SELECT") || upper.starts_with("WITH"))
        && !["INSERT ", "UPDATE ", "DELETE ", "NEXTVAL(", "SETVAL("]
            .iter()
            .any(|w| upper.contains(w))
}

/// The arguments as the client takes them.
fn refs<'a>(args: &'a [Val<'a>]) -> Vec<&'a (dyn postgres::types::ToSql + Sync)> {
    args.iter()
        .map(|a| a as &(dyn postgres::types::ToSql + Sync))
        .collect()
}

#[allow(dead_code)] // Until ported modules use every method.
impl<'c> Db<'c> {
    pub(crate) fn dialect(&self) -> Dialect {
        match self {
            Db::Lite(_) => Dialect::Sqlite,
            Db::Pg(_) => Dialect::Postgres,
        }
    }

    /// The SQLite connection, for the hot paths that keep SQLite-only code
    /// (`None` on PostgreSQL).
    pub(crate) fn lite(&self) -> Option<&'c rusqlite::Connection> {
        match self {
            Db::Lite(c) => Some(c),
            Db::Pg(_) => None,
        }
    }

    /// Runs a statement that returns no rows; how many rows it changed.
    pub(crate) fn execute(&self, sql: &str, args: &[Val<'_>]) -> Result<u64> {
        match self {
            Db::Lite(c) => {
                let n = c
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(args))?;
                Ok(n as u64)
            }
            Db::Pg(p) => {
                let mut client = p.client()?;
                let stmt = p.statement(&mut client, sql)?;
                Ok(client.execute(&stmt, &refs(args))?)
            }
        }
    }

    /// Runs an `INSERT` of one row (no `RETURNING` in `sql`) and gives the
    /// new row's id: SQLite's plain insert and its last row id (`RETURNING`
    /// there costs as much again as the insert), PostgreSQL's `RETURNING id`.
    pub(crate) fn insert_id(&self, sql: &str, args: &[Val<'_>]) -> Result<i64> {
        match self {
            Db::Lite(c) => {
                let added = c
                    .prepare_cached(sql)?
                    .execute(rusqlite::params_from_iter(args))?;
                // No row went in (a conflict skipped, a SELECT found nothing):
                // the last row id would be an earlier insert's. Say "no row",
                // as `RETURNING` does on PostgreSQL.
                if added != 1 {
                    return Err(rusqlite::Error::QueryReturnedNoRows.into());
                }
                Ok(c.last_insert_rowid())
            }
            Db::Pg(_) => self.query_row(&format!("{sql} RETURNING id"), args, |r| r.get(0)),
        }
    }

    /// The first row's value; no row is an error that [`OptionalExt::optional`]
    /// turns into `None` (the same error on both backends).
    pub(crate) fn query_row<T>(
        &self,
        sql: &str,
        args: &[Val<'_>],
        f: impl FnOnce(&Row<'_>) -> Result<T>,
    ) -> Result<T> {
        match self {
            Db::Lite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                match rows.next()? {
                    Some(r) => f(&Row::Lite(r)),
                    None => Err(rusqlite::Error::QueryReturnedNoRows.into()),
                }
            }
            Db::Pg(p) => match p.query(sql, args)?.first() {
                Some(r) => f(&Row::Pg(r)),
                None => Err(rusqlite::Error::QueryReturnedNoRows.into()),
            },
        }
    }

    /// Every row, each read by `f`.
    pub(crate) fn query_map<T>(
        &self,
        sql: &str,
        args: &[Val<'_>],
        mut f: impl FnMut(&Row<'_>) -> Result<T>,
    ) -> Result<Vec<T>> {
        match self {
            Db::Lite(c) => {
                let mut stmt = c.prepare_cached(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                let mut out = Vec::new();
                while let Some(r) = rows.next()? {
                    out.push(f(&Row::Lite(r))?);
                }
                Ok(out)
            }
            Db::Pg(p) => p.query(sql, args)?.iter().map(|r| f(&Row::Pg(r))).collect(),
        }
    }

    /// Calls `f` on every row as it comes, without collecting them: for
    /// scans of any size. Returns how many rows there were.
    pub(crate) fn for_each(
        &self,
        sql: &str,
        args: &[Val<'_>],
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<u64> {
        match self {
            Db::Lite(c) => {
                let mut stmt = c.prepare(sql)?;
                let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
                let mut n = 0;
                while let Some(r) = rows.next()? {
                    f(&Row::Lite(r))?;
                    n += 1;
                }
                Ok(n)
            }
            Db::Pg(p) => p.for_each(sql, args, &mut f),
        }
    }

    /// PostgreSQL's `COPY … FROM STDIN` (`sql`, sent as written) of `data`
    /// in the form the statement names: the bulk path of order lines
    /// (imports/lines.rs). How many rows it stored. Not for SQLite.
    pub(crate) fn copy_in(&self, sql: &str, data: &[u8]) -> Result<u64> {
        use std::io::Write;
        let Db::Pg(p) = self else {
            return Err(StoreError::Corrupt(
                "内部错误：COPY 只用于团队数据库".to_owned(),
            ));
        };
        let mut client = p.client()?;
        let mut w = client.copy_in(sql)?;
        // Only a lost connection fails a write; what the server refuses
        // comes back from `finish`.
        w.write_all(data).map_err(|e| StoreError::TeamLost {
            reason: "连接已断开，这次的修改没有保存。请检查网络和服务器，稍后再试".to_owned(),
            detail: e.to_string(),
        })?;
        Ok(w.finish()?)
    }

    /// The rows of a PostgreSQL `query` (its own text, no placeholders)
    /// read by one binary COPY, their columns of `types` in order: whole
    /// tables of a million rows in one snapshot, faster than a cursor's
    /// fetches. How many rows there were. `f` must not run statements.
    /// Not for SQLite.
    pub(crate) fn copy_out(
        &self,
        query: &str,
        types: &[postgres::types::Type],
        mut f: impl FnMut(&Row<'_>) -> Result<()>,
    ) -> Result<u64> {
        let Db::Pg(p) = self else {
            return Err(StoreError::Corrupt(
                "内部错误：COPY 只用于团队数据库".to_owned(),
            ));
        };
        p.copy_out(query, types, &mut f)
    }

    /// Runs statements without arguments, `;`-separated.
    pub(crate) fn execute_batch(&self, sql: &str) -> Result<()> {
        match self {
            Db::Lite(c) => Ok(c.execute_batch(sql)?),
            Db::Pg(p) => Ok(p.client()?.batch_execute(&to_postgres(sql))?),
        }
    }
}

/// Anything a statement can run on: a [`Db`], a [`WriteTx`], and (while
/// modules are being ported) a rusqlite connection or transaction. Shared
/// inner writers such as `audit::record` take `&impl AsDb`, so ported and
/// unported callers both reach them unchanged.
pub(crate) trait AsDb {
    fn as_db(&self) -> Db<'_>;
}

impl AsDb for Db<'_> {
    fn as_db(&self) -> Db<'_> {
        *self
    }
}

impl AsDb for WriteTx<'_> {
    fn as_db(&self) -> Db<'_> {
        **self
    }
}

impl AsDb for rusqlite::Connection {
    fn as_db(&self) -> Db<'_> {
        Db::Lite(self)
    }
}

impl AsDb for rusqlite::Transaction<'_> {
    fn as_db(&self) -> Db<'_> {
        Db::Lite(self)
    }
}

/// `query_row(…).optional()`: no row becomes `None`, as with rusqlite.
pub(crate) trait OptionalExt<T> {
    fn optional(self) -> Result<Option<T>>;
}

impl<T> OptionalExt<T> for Result<T> {
    fn optional(self) -> Result<Option<T>> {
        match self {
            Ok(v) => Ok(Some(v)),
            Err(StoreError::Sqlite(rusqlite::Error::QueryReturnedNoRows)) => Ok(None),
            Err(e) => Err(e),
        }
    }
}
