//! The write transaction of either backend: committed by [`WriteTx::commit`],
//! rolled back when dropped without it (an error returned with `?` leaves
//! nothing written).
//!
//! Writers are serialised on both backends, so every check a writing method
//! makes before it writes (a balance before a redemption, the next number,
//! an undo's conditions) still holds when it writes: SQLite's `BEGIN
//! IMMEDIATE` takes the file's write lock; on PostgreSQL the transaction
//! first takes the advisory lock [`WRITE_LOCK`] for its whole length.
//! Readers are never blocked (WAL on SQLite, MVCC on PostgreSQL).

use std::ops::Deref;

use super::{Db, PgConn};
use crate::{Result, StoreError};

/// The advisory lock every TierDesk write transaction holds on a team
/// database ("TierDesk" in ASCII).
pub(crate) const WRITE_LOCK: i64 = 0x5469_6572_4465_736b;

/// An open write transaction; derefs to its [`Db`] for statements.
pub(crate) struct WriteTx<'c> {
    db: Db<'c>,
    /// SQLite's own guard, which rolls back when dropped.
    lite: Option<rusqlite::Transaction<'c>>,
    /// On PostgreSQL: still open (neither committed nor rolled back).
    open: bool,
}

impl<'c> WriteTx<'c> {
    /// `BEGIN IMMEDIATE` on a connection that has passed the write door.
    pub(crate) fn lite(conn: &'c rusqlite::Connection) -> Result<WriteTx<'c>> {
        let tx =
            rusqlite::Transaction::new_unchecked(conn, rusqlite::TransactionBehavior::Immediate)?;
        Ok(WriteTx {
            db: Db::Lite(conn),
            lite: Some(tx),
            open: false,
        })
    }

    /// `BEGIN` and the write lock, waiting for it as long as the
    /// connection's `lock_timeout` allows (then [`StoreError::Busy`]).
    pub(crate) fn pg(conn: &'c PgConn) -> Result<WriteTx<'c>> {
        conn.check_write()?;
        if conn.in_tx.get() {
            return Err(StoreError::Team {
                detail: "内部错误：写入事务嵌套".to_owned(),
            });
        }
        // READ COMMITTED whatever the server's default: each statement after
        // the lock then sees what the writer before committed. Under
        // REPEATABLE READ the snapshot would be taken by the lock's own
        // statement, before the wait, and the checks below would read the
        // database as it was before the previous writer (the audit chain's
        // next id, a balance, a number).
        // A connection found lost at BEGIN had nothing under way: begin
        // once more on a new one.
        let begin = || -> Result<()> {
            Ok(conn
                .client()?
                .batch_execute("BEGIN ISOLATION LEVEL READ COMMITTED")?)
        };
        match begin() {
            Err(e) if conn.may_retry(&e) => begin()?,
            other => other?,
        }
        conn.in_tx.set(true);
        // Built before the lock is asked for, so a failure rolls back.
        let tx = WriteTx {
            db: Db::Pg(conn),
            lite: None,
            open: true,
        };
        let locked = conn
            .client()
            .and_then(|mut c| Ok(c.execute("SELECT pg_advisory_xact_lock($1)", &[&WRITE_LOCK])?));
        locked?;
        // The API's owner check, made again now that no other writer can
        // change the owner before this transaction ends (gate.rs).
        conn.check_owned(&tx)?;
        Ok(tx)
    }

    /// Makes everything written in the transaction permanent.
    pub(crate) fn commit(mut self) -> Result<()> {
        if let Some(tx) = self.lite.take() {
            return Ok(tx.commit()?);
        }
        if let Db::Pg(conn) = self.db {
            self.open = false;
            conn.in_tx.set(false);
            // Never through `client()`: a lost connection must not be
            // replaced here, where a COMMIT on a new one would "succeed"
            // for a transaction the server already rolled back.
            let mut client = conn.client_as_is().ok_or_else(super::lost_connection)?;
            if client.is_closed() {
                return Err(super::lost_connection());
            }
            client.batch_execute("COMMIT")?;
        }
        Ok(())
    }
}

impl<'c> Deref for WriteTx<'c> {
    type Target = Db<'c>;

    fn deref(&self) -> &Db<'c> {
        &self.db
    }
}

impl Drop for WriteTx<'_> {
    fn drop(&mut self) {
        if let (Db::Pg(conn), true) = (self.db, self.open) {
            conn.in_tx.set(false);
            // A connection that is gone rolled back on the server's side
            // (and is not connected again for this).
            if let Some(mut client) = conn.client_as_is().filter(|c| !c.is_closed()) {
                let _ = client.batch_execute("ROLLBACK");
            }
        }
    }
}
