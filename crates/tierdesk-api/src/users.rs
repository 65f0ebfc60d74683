//! Users, sign-in and permissions (issue 19, "People and roles").
//!
//! On a team database people sign in; each has one [`Role`], a fixed set of
//! [`Perm`]s. Every public [`Api`] method checks its permission first
//! ([`Api::allow`]; [`Api::allow_customer`] for a change to one customer:
//! a 业务员 may change only customers that are his or nobody's). Below that
//! the store's gate (tierdesk-store `db/gate.rs`) refuses every statement
//! before sign-in and every write of a 只读 user, so a forgotten check still
//! cannot leak or write.
//!
//! On a local file there is no sign-in: the session is the person at the
//! desk with every permission, and nothing here changes what they see.

use serde::{Deserialize, Serialize};
use tierdesk_domain::audit::Actor;
use tierdesk_domain::role::{check_login, check_password, check_user_name};
use tierdesk_domain::{Msg, Perm, Role};
pub use tierdesk_store::Owned;
use tierdesk_store::{NewUser, SignedIn, StoredUser};
use ts_rs::TS;

use crate::{Api, ApiError, ErrorCode, Result};

/// Who is working, and what they may do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Session {
    /// The user's id on a team database; `None` on a local file.
    pub user_id: Option<i64>,
    pub login: String,
    /// The name the audit log records.
    pub name: String,
    pub role: Role,
    pub perms: Vec<Perm>,
    /// Whether the open database is a team database.
    pub team: bool,
}

/// A user as the 用户 page lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserLine {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

/// The form for adding or editing a user. `login` and `password` are read
/// when adding only (a login never changes; a password has its own call).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserDraft {
    pub login: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    #[serde(default)]
    #[ts(optional = nullable)]
    pub password: Option<String>,
}

/// A user to pick as a customer's owner (客户经理).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct UserChoice {
    pub id: i64,
    pub name: String,
}

impl From<StoredUser> for UserLine {
    fn from(u: StoredUser) -> UserLine {
        UserLine {
            id: u.id,
            login: u.login,
            name: u.name,
            role: u.role,
            active: u.active,
            created_at: u.created_at,
            updated_at: u.updated_at,
        }
    }
}

/// A refusal whose words are a message of the catalogue.
fn invalid(msg: Msg) -> ApiError {
    ApiError::coded(ErrorCode::Invalid, msg)
}

/// 「只读用户不能修改客户」: the role and what it may not do.
fn forbidden(role: Role, perm: Perm) -> ApiError {
    ApiError::coded(
        ErrorCode::Forbidden,
        Msg::new("auth.forbidden")
            .with_list("role", vec![Msg::new(role.msg_key())])
            .with_list("what", vec![Msg::new(perm.msg_key())]),
    )
}

fn sign_in_needed() -> ApiError {
    ApiError::coded(ErrorCode::SignInNeeded, Msg::new("auth.sign_in_needed"))
}

fn session_of(u: &SignedIn) -> Session {
    Session {
        user_id: Some(u.id),
        login: u.login.clone(),
        name: u.name.clone(),
        role: u.role,
        perms: u.role.perms(),
        team: true,
    }
}

impl Api {
    /// Who is working now. On a local file: the person at the desk (the
    /// audit log's name), with every permission. On a team database: the
    /// signed-in user, or `None` before sign-in.
    pub fn session(&self) -> Option<Session> {
        if !self.store.is_team() {
            let name = self.store.actor().user.clone();
            return Some(Session {
                user_id: None,
                login: name.clone(),
                name,
                role: Role::Admin,
                perms: Role::Admin.perms(),
                team: false,
            });
        }
        self.store.signed_in().as_ref().map(session_of)
    }

    /// The signed-in user's id (`None` on a local file or before sign-in):
    /// 「我的客户」, and the owner of a customer created by hand.
    pub fn session_user_id(&self) -> Option<i64> {
        self.store.signed_in().map(|u| u.id)
    }

    /// Refuses the call unless the session may `perm`: before sign-in on a
    /// team database `sign_in_needed`, else `forbidden` naming the role and
    /// what it may not do. The role is read again from the database, so a
    /// 管理员's change (another role, turned off) holds from the user's
    /// next call. Always allowed on a local file.
    ///
    /// A call checked with anything but [`Perm::View`] writes under no
    /// customer's ownership condition (see [`Api::allow_customer`]); a read
    /// made inside a customer's call keeps that call's condition.
    pub fn allow(&self, perm: Perm) -> Result<()> {
        if perm != Perm::View {
            self.store.expect_owned(&[]);
        }
        self.role_now().and_then(|role| match role.can(perm) {
            true => Ok(()),
            false => Err(forbidden(role, perm)),
        })
    }

    /// The signed-in user's role as stored now; `Admin` on a local file.
    fn role_now(&self) -> Result<Role> {
        if !self.store.is_team() {
            return Ok(Role::Admin);
        }
        let user = self.store.signed_in().ok_or_else(sign_in_needed)?;
        match self.store.user_standing(user.id)? {
            Some((role, true)) => {
                // A role the 管理员 changed since sign-in counts from this
                // call on beneath the API too (the gate keeps the role).
                if role != user.role {
                    self.store
                        .set_signed_in(Some(tierdesk_store::SignedIn { role, ..user }));
                }
                Ok(role)
            }
            _ => Err(sign_in_needed()),
        }
    }

    /// Refuses a change to customer `id` unless the session may change it:
    /// every customer with [`Perm::EditAll`], else (with [`Perm::EditOwn`])
    /// only one whose owner is the user or nobody. A colleague's customer is
    /// refused naming its owner.
    ///
    /// The owner is read here, before any lock: a 主管 could give the
    /// customer to someone else between this check and the call's write. So
    /// for a 业务员 the customer is also named to the store, whose every
    /// write transaction of the call checks it again once it holds the write
    /// lock (no other writer can then change the owner) and refuses the
    /// same way, writing nothing (`tierdesk_store` db/gate.rs).
    pub fn allow_customer(&self, id: i64) -> Result<()> {
        self.allow_customers(std::slice::from_ref(&id))
    }

    /// [`Api::allow_customer`] for the customer a row of `kind` belongs to
    /// (a follow-up, a case, a contact …); a row about no customer needs
    /// [`Perm::EditOwn`] only.
    pub fn allow_record(&self, kind: Owned, id: i64) -> Result<()> {
        self.store.expect_owned(&[]);
        let role = self.role_now()?;
        if role.can(Perm::EditAll) {
            return Ok(());
        }
        match self.store.customer_of(kind, id)? {
            Some(customer) => self.allow_customer(customer),
            None => self.allow(Perm::EditOwn),
        }
    }

    /// [`Api::allow_customer`] for each of `ids`.
    pub fn allow_customers(&self, ids: &[i64]) -> Result<()> {
        self.store.expect_owned(&[]);
        let role = self.role_now()?;
        if role.can(Perm::EditAll) {
            return Ok(());
        }
        if !role.can(Perm::EditOwn) {
            return Err(forbidden(role, Perm::EditOwn));
        }
        let me = self.session_user_id();
        for &id in ids {
            match self.store.customer_owner(id)? {
                Some((owner, _)) if Some(owner) == me => {}
                Some((_, name)) => {
                    return Err(ApiError::coded(
                        ErrorCode::Forbidden,
                        Msg::new("auth.not_owner").with("owner", name),
                    ))
                }
                None => {}
            }
        }
        // Checked again by each write of the call, under the write lock.
        self.store.expect_owned(ids);
        Ok(())
    }

    /// Whether an empty team database waits for its first 管理员 (no user
    /// yet). Always false on a local file.
    pub fn needs_first_admin(&self) -> Result<bool> {
        Ok(self.store.is_team() && self.store.user_count()? == 0)
    }

    /// Creates the first 管理员 of an empty team database and signs them in.
    /// Refused once any user exists (also when another desk was quicker).
    pub fn create_first_admin(
        &mut self,
        login: &str,
        name: &str,
        password: &str,
    ) -> Result<Session> {
        self.team_only()?;
        let (login, name) = checked(login, name, Some(password))?;
        let user = self.store.add_first_admin(&NewUser {
            login: &login,
            name: &name,
            role: Role::Admin,
            password,
        })?;
        Ok(self.begin_session(user.signed_in()))
    }

    /// Signs in on a team database. A wrong login and a wrong password are
    /// refused alike (`wrong_sign_in`); a turned-off user is told so. Both
    /// outcomes are in the audit log. From now on the audit log names the
    /// user, and the store lets through what the role may.
    pub fn sign_in(&mut self, login: &str, password: &str) -> Result<Session> {
        self.team_only()?;
        // Not checked as a new login: any text typed is looked up as it is
        // stored (trimmed, lower case), and a wrong one fails like any other.
        let login = login.trim().to_ascii_lowercase();
        let user = self.store.check_sign_in(&login, password)?;
        Ok(self.begin_session(user.signed_in()))
    }

    /// Signs out: nothing is read or written until someone signs in again.
    /// On a local file it does nothing.
    pub fn sign_out(&mut self) {
        if self.store.is_team() {
            self.store.set_signed_in(None);
            let source = self.store.actor().source;
            self.store.set_actor(Actor {
                user: crate::os_user("未知用户"),
                source,
            });
        }
    }

    fn begin_session(&mut self, user: SignedIn) -> Session {
        let session = session_of(&user);
        let source = self.store.actor().source;
        self.store.set_actor(Actor {
            user: user.name.clone(),
            source,
        });
        self.store.set_signed_in(Some(user));
        session
    }

    fn team_only(&self) -> Result<()> {
        match self.store.is_team() {
            true => Ok(()),
            false => Err(invalid(Msg::new("auth.not_team"))),
        }
    }

    /// Every user, by login (管理员).
    pub fn users(&self) -> Result<Vec<UserLine>> {
        self.team_only()?;
        self.allow(Perm::Users)?;
        Ok(self
            .store
            .users()?
            .into_iter()
            .map(UserLine::from)
            .collect())
    }

    /// Adds a user with the draft's login, name, role and password (管理员).
    /// A new user is active whatever the draft says.
    pub fn add_user(&mut self, draft: &UserDraft) -> Result<UserLine> {
        self.team_only()?;
        self.allow(Perm::Users)?;
        let password = draft.password.as_deref().unwrap_or("");
        let (login, name) = checked(&draft.login, &draft.name, Some(password))?;
        let user = self.store.add_user(&NewUser {
            login: &login,
            name: &name,
            role: draft.role,
            password,
        })?;
        Ok(user.into())
    }

    /// Changes a user's name, role and whether it is active (管理员); the
    /// last active 管理员 stays one.
    pub fn edit_user(&mut self, id: i64, draft: &UserDraft) -> Result<UserLine> {
        self.team_only()?;
        self.allow(Perm::Users)?;
        let name = check_user_name(&draft.name).map_err(invalid)?;
        let user = self.store.edit_user(id, &name, draft.role, draft.active)?;
        if self.session_user_id() == Some(id) {
            // My own new name and role, for the audit log and the gate.
            self.begin_session(user.signed_in());
        }
        Ok(user.into())
    }

    /// Sets another user's password (管理员).
    pub fn set_user_password(&mut self, id: i64, password: &str) -> Result<()> {
        self.team_only()?;
        self.allow(Perm::Users)?;
        check_password(password).map_err(invalid)?;
        Ok(self
            .store
            .set_user_password(id, password, "user.password")?)
    }

    /// The signed-in user changes their own password, giving the old one.
    pub fn change_my_password(&mut self, old: &str, new: &str) -> Result<()> {
        self.team_only()?;
        self.role_now()?;
        let id = self.session_user_id().ok_or_else(sign_in_needed)?;
        if !self.store.user_password_is(id, old)? {
            return Err(invalid(Msg::new("users.wrong_old_password")));
        }
        check_password(new).map_err(invalid)?;
        Ok(self.store.set_user_password(id, new, "user.own_password")?)
    }

    /// The active users by name, for the owner (客户经理) picker; empty on a
    /// local file.
    pub fn user_choices(&self) -> Result<Vec<UserChoice>> {
        if !self.store.is_team() {
            return Ok(Vec::new());
        }
        self.allow(Perm::View)?;
        let mut users: Vec<UserChoice> = self
            .store
            .users()?
            .into_iter()
            .filter(|u| u.active)
            .map(|u| UserChoice {
                id: u.id,
                name: u.name,
            })
            .collect();
        users.sort_by(|a, b| a.name.cmp(&b.name).then(a.id.cmp(&b.id)));
        Ok(users)
    }
}

/// A new user's login and name checked (and the password, when given).
fn checked(login: &str, name: &str, password: Option<&str>) -> Result<(String, String)> {
    let login = check_login(login).map_err(invalid)?;
    let name = check_user_name(name).map_err(invalid)?;
    if let Some(p) = password {
        check_password(p).map_err(invalid)?;
    }
    Ok((login, name))
}
