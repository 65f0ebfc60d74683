//! The gate of a team connection: nothing is read or written on a team
//! database before someone has signed in, and a 只读 user's connection
//! refuses every write transaction. A local file has no gate (no users).
//!
//! The API checks each call's permission first; this is the second lock,
//! structural, so a store method the API forgot to check still cannot leak
//! data before sign-in nor write for a 只读 user. Sign-in itself (and the
//! first 管理员, and a copy into an empty team database) reads and writes
//! through a [`Door`], held only inside the store.

use std::cell::Cell;

use tierdesk_domain::Perm;

use super::PgConn;
use crate::users::SignedIn;
use crate::{Result, StoreError};

/// What a team connection lets through.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Gate {
    /// No one signed in: every statement is refused.
    Closed,
    /// A 只读 user: reads, and the audit log's own entries (an export, a
    /// print), but no write transaction.
    Read,
    /// Reads and writes.
    Write,
}

impl PgConn {
    /// Sets what the connection lets through from now on.
    pub(crate) fn set_gate(&self, gate: Gate) {
        self.gate.set(gate);
    }

    /// Signs `user` in on this connection (a 只读 user reads only), or
    /// closes the gate again (`None`).
    pub(crate) fn sign_in(&self, user: Option<SignedIn>) {
        self.gate.set(match &user {
            None => Gate::Closed,
            Some(u) if u.role.can(Perm::EditOwn) => Gate::Write,
            Some(_) => Gate::Read,
        });
        *self.signed_in.borrow_mut() = user;
    }

    /// Who is signed in on this connection.
    pub(crate) fn signed_in(&self) -> Option<SignedIn> {
        self.signed_in.borrow().clone()
    }

    /// Refuses a statement before sign-in (unless a door is open).
    pub(crate) fn check_open(&self) -> Result<()> {
        if self.door.get() == 0 && self.gate.get() == Gate::Closed {
            return Err(StoreError::SignInNeeded);
        }
        Ok(())
    }

    /// Refuses a write transaction to a 只读 user or before sign-in.
    pub(super) fn check_write(&self) -> Result<()> {
        self.check_open()?;
        if self.door.get() == 0 && self.gate.get() == Gate::Read {
            return Err(StoreError::ViewOnly);
        }
        Ok(())
    }
}

/// While it lives, its connection reads and writes whoever is signed in:
/// for sign-in, the first 管理员, an audit entry of a 只读 user, and a copy
/// into an empty team database. Doors nest.
pub(crate) struct Door<'c>(Option<&'c Cell<u32>>);

impl<'c> Door<'c> {
    /// A door through `conn`'s gate; `None` (a local file) opens nothing.
    pub(crate) fn open(conn: Option<&'c PgConn>) -> Door<'c> {
        let count = conn.map(|c| &c.door);
        if let Some(n) = count {
            n.set(n.get() + 1);
        }
        Door(count)
    }
}

impl Drop for Door<'_> {
    fn drop(&mut self) {
        if let Some(n) = self.0 {
            n.set(n.get() - 1);
        }
    }
}
