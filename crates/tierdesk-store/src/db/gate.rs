//! The gate of a team connection: nothing is read or written on a team
//! database before someone has signed in, and a 只读 user's connection
//! refuses every write transaction. A local file has no gate (no users).
//!
//! The API checks each call's permission first; this is the second lock,
//! structural, so a store method the API forgot to check still cannot leak
//! data before sign-in nor write for a 只读 user. Sign-in itself (and the
//! first 管理员, and a copy into an empty team database) reads and writes
//! through a [`Door`], held only inside the store.
//!
//! A 业务员 edits only his own customers and shared ones. The API checks the
//! customer's owner at the top of the call, before any lock; the customers
//! it found his are named here ([`PgConn::set_owned`]) and every write
//! transaction of the call checks them again once it holds the write lock,
//! so a 主管 giving the customer to someone else a moment before cannot slip
//! between the check and the write.

use std::cell::Cell;

use tierdesk_domain::Perm;

use super::{Db, OptionalExt, PgConn};
use crate::users::SignedIn;
use crate::{args, Result, StoreError};

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
        self.owned.borrow_mut().clear();
    }

    /// The customers the call under way may write only while each is still
    /// the signed-in user's or shared (empty: no such condition).
    pub(crate) fn set_owned(&self, customers: Vec<i64>) {
        *self.owned.borrow_mut() = customers;
    }

    /// Inside a write transaction that holds the write lock: refuses it when
    /// a customer named by [`PgConn::set_owned`] now has another owner.
    pub(super) fn check_owned(&self, db: &Db<'_>) -> Result<()> {
        let customers = self.owned.borrow().clone();
        let me = match self.signed_in() {
            Some(user) if !customers.is_empty() && self.door.get() == 0 => user.id,
            _ => return Ok(()),
        };
        for id in customers {
            let owner: Option<String> = db
                .query_row(
                    "SELECT u.name FROM customers c JOIN users u ON u.id = c.owner_id
                     WHERE c.id = ?1 AND c.owner_id <> ?2",
                    args![id, me],
                    |r| r.get(0),
                )
                .optional()?;
            if let Some(owner) = owner {
                return Err(StoreError::NotOwner { owner });
            }
        }
        Ok(())
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
