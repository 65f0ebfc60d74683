//! The people who sign in to a team database (migration 0021): their rows,
//! password hashes and sign-in, and who is signed in on this connection.
//!
//! Passwords are stored as argon2id PHC strings with the `argon2` crate's
//! default parameters (19 MiB, 2 passes, 1 lane; a random 16-byte salt per
//! hash): the cost per sign-in is in docs/decisions.md. A login that does
//! not exist costs the same verification as a wrong password (against a hash
//! made once per process), so neither the answer nor its time tells whether
//! the login exists.
//!
//! Sign-in reads `users` through the gate's door (`db/gate.rs`): nothing else
//! can be read before it. A user is never deleted, only turned off. The
//! last active 管理员 cannot be turned off nor given another role. Each
//! change, each sign-in and each failed sign-in is in the audit log.

use std::sync::OnceLock;

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use tierdesk_domain::audit::{Actor, NewEntry};
use tierdesk_domain::{Msg, Role};

use crate::db::{Db, Door, OptionalExt, Row};
use crate::{args, audit, now_text, Result, Store, StoreError};

/// Who is signed in on a team connection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignedIn {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
}

/// A user as stored (never the hash).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredUser {
    pub id: i64,
    pub login: String,
    pub name: String,
    pub role: Role,
    pub active: bool,
    pub created_at: String,
    pub updated_at: String,
}

impl StoredUser {
    pub fn signed_in(&self) -> SignedIn {
        SignedIn {
            id: self.id,
            login: self.login.clone(),
            name: self.name.clone(),
            role: self.role,
        }
    }
}

/// A user to add: checked login and name (see `tierdesk_domain::role`),
/// and the password as typed.
pub struct NewUser<'a> {
    pub login: &'a str,
    pub name: &'a str,
    pub role: Role,
    pub password: &'a str,
}

/// Rows that belong to one customer, for the check that a 业务员 changes
/// only his own customers' records.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Owned {
    Followup,
    Case,
    Contact,
    Date,
    SurveyAnswer,
    BenefitUse,
    Todo,
    ChurnAlert,
    PointsEntry,
}

impl Owned {
    fn table(self) -> &'static str {
        match self {
            Owned::Followup => "followups",
            Owned::Case => "cases",
            Owned::Contact => "customer_contacts",
            Owned::Date => "customer_dates",
            Owned::SurveyAnswer => "survey_answers",
            Owned::BenefitUse => "benefit_uses",
            Owned::Todo => "todos",
            Owned::ChurnAlert => "churn_alerts",
            Owned::PointsEntry => "points_ledger",
        }
    }
}

const COLUMNS: &str = "id, login, name, role, active, created_at, updated_at";

fn user_from(r: &Row<'_>) -> Result<StoredUser> {
    let role: String = r.get(3)?;
    Ok(StoredUser {
        id: r.get(0)?,
        login: r.get(1)?,
        name: r.get(2)?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("用户的角色 '{role}' 未知")))?,
        active: r.get::<i64>(4)? != 0,
        created_at: r.get(5)?,
        updated_at: r.get(6)?,
    })
}

/// An argon2id hash of `password` with a fresh random salt.
fn hash(password: &str) -> Result<String> {
    let mut bytes = [0u8; 16];
    getrandom::fill(&mut bytes).map_err(|e| StoreError::Corrupt(format!("无法取得随机数：{e}")))?;
    let salt = SaltString::encode_b64(&bytes)
        .map_err(|e| StoreError::Corrupt(format!("密码的盐无效：{e}")))?;
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| StoreError::Corrupt(format!("无法计算密码的摘要：{e}")))
}

/// Whether `password` matches the stored `hash` (a hash that does not
/// read matches nothing).
fn verify(hash: &str, password: &str) -> bool {
    PasswordHash::new(hash)
        .map(|h| {
            Argon2::default()
                .verify_password(password.as_bytes(), &h)
                .is_ok()
        })
        .unwrap_or(false)
}

/// A hash no password is known to match, for logins that do not exist.
fn decoy() -> &'static str {
    static DECOY: OnceLock<String> = OnceLock::new();
    DECOY.get_or_init(|| hash("TierDesk: no such login").unwrap_or_default())
}

fn refused(key: &str) -> StoreError {
    StoreError::UserRefused(Msg::new(key))
}

fn user_in(db: &Db<'_>, id: i64) -> Result<StoredUser> {
    db.query_row(
        &format!("SELECT {COLUMNS} FROM users WHERE id = ?1"),
        args![id],
        user_from,
    )
    .optional()?
    .ok_or_else(|| StoreError::UserRefused(Msg::new("users.not_found").with("id", id)))
}

fn check_login_free(db: &Db<'_>, login: &str) -> Result<()> {
    let taken = db
        .query_row("SELECT 1 FROM users WHERE login = ?1", args![login], |r| {
            r.get::<i64>(0)
        })
        .optional()?;
    match taken {
        Some(_) => Err(StoreError::UserRefused(
            Msg::new("users.login_taken").with("login", login),
        )),
        None => Ok(()),
    }
}

fn insert_in(db: &Db<'_>, u: &NewUser<'_>) -> Result<i64> {
    check_login_free(db, u.login)?;
    let now = now_text();
    db.insert_id(
        "INSERT INTO users(login, name, role, password_hash, active, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, 1, ?5, ?5)",
        args![u.login, u.name, u.role.key(), hash(u.password)?, now],
    )
}

fn add_entry(action: &str, user: &StoredUser) -> NewEntry {
    NewEntry::new(
        action,
        "user",
        user.id.to_string(),
        format!("新增用户 #{}（{}）", user.id, user.role.label()),
    )
    .fact("登录名", &user.login)
    .fact("姓名", &user.name)
    .fact("角色", user.role.label())
}

impl Store {
    /// A door through the team connection's gate (see `db/gate.rs`); on a
    /// local file it opens nothing.
    pub(crate) fn door(&self) -> Door<'_> {
        Door::open(self.pg.as_ref())
    }

    /// The door for an audit entry of an event (an export, a print): open
    /// to a 只读 user, still shut before sign-in.
    pub(crate) fn event_door(&self) -> Result<Door<'_>> {
        if let Some(pg) = &self.pg {
            pg.check_open()?;
        }
        Ok(self.door())
    }

    /// Signs `user` in on this team connection, or out (`None`): the gate
    /// opens for reads and, but for a 只读 user, writes. Nothing on a file.
    pub fn set_signed_in(&self, user: Option<SignedIn>) {
        if let Some(pg) = &self.pg {
            pg.sign_in(user);
        }
    }

    /// The customers the call under way may write only while each is still
    /// the signed-in user's or shared: every write transaction of the call
    /// checks them again under the write lock and refuses with
    /// [`StoreError::NotOwner`] (see `db/gate.rs`). Empty: no condition.
    /// Nothing on a file (no owners there).
    pub fn expect_owned(&self, customers: &[i64]) {
        if let Some(pg) = &self.pg {
            pg.set_owned(customers.to_vec());
        }
    }

    /// Who is signed in on this team connection (`None` on a file).
    pub fn signed_in(&self) -> Option<SignedIn> {
        self.pg.as_ref().and_then(|pg| pg.signed_in())
    }

    /// How many users there are (through the door: asked before sign-in,
    /// to offer 「创建管理员」 on an empty team database).
    pub fn user_count(&self) -> Result<u64> {
        let _door = self.door();
        let n: i64 = self
            .db()
            .query_row("SELECT COUNT(*) FROM users", args![], |r| r.get(0))?;
        Ok(n as u64)
    }

    /// Every user, by login.
    pub fn users(&self) -> Result<Vec<StoredUser>> {
        self.db().query_map(
            &format!("SELECT {COLUMNS} FROM users ORDER BY login"),
            args![],
            user_from,
        )
    }

    /// One user by id ([`StoreError::UserRefused`] `users.not_found`).
    pub fn user(&self, id: i64) -> Result<StoredUser> {
        user_in(&self.db(), id)
    }

    /// A user's role and whether it is active, read again (a change by a
    /// 管理员 on another desk takes effect at the user's next call).
    pub fn user_standing(&self, id: i64) -> Result<Option<(Role, bool)>> {
        let _door = self.door();
        Ok(self
            .db()
            .query_row(
                "SELECT role, active FROM users WHERE id = ?1",
                args![id],
                |r| Ok((r.get::<String>(0)?, r.get::<i64>(1)? != 0)),
            )
            .optional()?
            .and_then(|(role, active)| Role::parse(&role).map(|r| (r, active))))
    }

    /// Adds a user (the caller has checked the fields). Recorded as `user.add`.
    pub fn add_user(&self, u: &NewUser<'_>) -> Result<StoredUser> {
        self.write_with_audit(|db| {
            let id = insert_in(db, u)?;
            let user = user_in(db, id)?;
            let entry = add_entry("user.add", &user);
            Ok((user, Some(entry)))
        })
    }

    /// The first 管理员 of an empty team database, through the door: refused
    /// (`auth.has_users`) once any user exists, checked inside the write
    /// transaction, so two desks creating one at once make one. Recorded as
    /// `user.first_admin`, naming the new 管理员.
    pub fn add_first_admin(&self, u: &NewUser<'_>) -> Result<StoredUser> {
        let _door = self.door();
        let tx = self.write()?;
        let n: i64 = tx.query_row("SELECT COUNT(*) FROM users", args![], |r| r.get(0))?;
        if n > 0 {
            return Err(refused("auth.has_users"));
        }
        let id = insert_in(&tx, u)?;
        let user = user_in(&tx, id)?;
        let actor = Actor {
            user: user.name.clone(),
            source: self.actor().source,
        };
        audit::record(&tx, &actor, &add_entry("user.first_admin", &user))?;
        tx.commit()?;
        Ok(user)
    }

    /// Changes a user's name, role and whether it is active (the login stays).
    /// Refused (`users.last_admin`) when no active 管理员 would be left.
    /// Recorded as `user.edit` with each field before and after.
    pub fn edit_user(&self, id: i64, name: &str, role: Role, active: bool) -> Result<StoredUser> {
        self.write_with_audit(|db| {
            let before = user_in(db, id)?;
            db.execute(
                "UPDATE users SET name = ?1, role = ?2, active = ?3, updated_at = ?4 WHERE id = ?5",
                args![name, role.key(), i64::from(active), now_text(), id],
            )?;
            let admins: i64 = db.query_row(
                "SELECT COUNT(*) FROM users WHERE role = 'admin' AND active = 1",
                args![],
                |r| r.get(0),
            )?;
            if admins == 0 {
                return Err(refused("users.last_admin"));
            }
            let after = user_in(db, id)?;
            let word = |b: bool| if b { "启用" } else { "停用" };
            let mut entry = NewEntry::new(
                "user.edit",
                "user",
                id.to_string(),
                format!("修改用户 #{id}（{}）", after.role.label()),
            );
            for (field, label, b, a) in [
                ("name", "姓名", before.name.clone(), after.name.clone()),
                (
                    "role",
                    "角色",
                    before.role.label().to_owned(),
                    after.role.label().to_owned(),
                ),
                (
                    "active",
                    "状态",
                    word(before.active).to_owned(),
                    word(after.active).to_owned(),
                ),
            ] {
                if b != a {
                    entry = entry.change(field, label, Some(b), Some(a));
                }
            }
            Ok((after, Some(entry)))
        })
    }

    /// Sets a user's password (a 管理员's reset, or the user's own change:
    /// `action` is `user.password` or `user.own_password`).
    pub fn set_user_password(&self, id: i64, password: &str, action: &str) -> Result<()> {
        let digest = hash(password)?;
        // A 只读 user changes his own password too (the API checked the old).
        let _door = (action == "user.own_password").then(|| self.door());
        self.write_with_audit(|db| {
            let user = user_in(db, id)?;
            db.execute(
                "UPDATE users SET password_hash = ?1, updated_at = ?2 WHERE id = ?3",
                args![digest, now_text(), id],
            )?;
            let summary = match action {
                "user.own_password" => "修改自己的密码".to_owned(),
                _ => format!("重设用户 #{} 的密码", user.id),
            };
            Ok((
                (),
                Some(NewEntry::new(action, "user", id.to_string(), summary)),
            ))
        })
    }

    /// Whether `password` is user `id`'s (through the door).
    pub fn user_password_is(&self, id: i64, password: &str) -> Result<bool> {
        let _door = self.door();
        let stored: Option<String> = self
            .db()
            .query_row(
                "SELECT password_hash FROM users WHERE id = ?1",
                args![id],
                |r| r.get(0),
            )
            .optional()?;
        Ok(verify(
            stored.as_deref().unwrap_or_else(|| decoy()),
            password,
        ))
    }

    /// Checks a sign-in (through the door) and records it: `user.sign_in`
    /// naming the person, or `user.sign_in_failed` with the login typed.
    /// A wrong login and a wrong password fail alike
    /// ([`StoreError::WrongSignIn`]); a turned-off user with the right
    /// password is told so (`auth.inactive`). Signs nobody in: the API does.
    pub fn check_sign_in(&self, login: &str, password: &str) -> Result<StoredUser> {
        let _door = self.door();
        let found: Option<(StoredUser, String)> = self
            .db()
            .query_row(
                &format!("SELECT {COLUMNS}, password_hash FROM users WHERE login = ?1"),
                args![login],
                |r| Ok((user_from(r)?, r.get(7)?)),
            )
            .optional()?;
        let hash = found.as_ref().map_or_else(|| decoy(), |(_, h)| h.as_str());
        let good = verify(hash, password);
        match found {
            Some((user, _)) if good => {
                let entry = NewEntry::new("user.sign_in", "user", user.id.to_string(), "登录");
                let actor = Actor {
                    user: user.name.clone(),
                    source: self.actor().source,
                };
                self.audit_as(&actor, &entry)?;
                if !user.active {
                    return Err(refused("auth.inactive"));
                }
                Ok(user)
            }
            _ => {
                // Whatever was typed, the log keeps at most a login's length
                // and no line breaks or other control characters: a failed
                // sign-in cannot write text of its choosing into the log.
                let typed: String = login
                    .chars()
                    .filter(|c| !c.is_control())
                    .take(tierdesk_domain::role::LOGIN_MAX)
                    .collect();
                let entry = NewEntry::new("user.sign_in_failed", "user", "", "登录失败")
                    .fact("登录名", typed);
                self.audit_as(&self.actor().clone(), &entry)?;
                Err(StoreError::WrongSignIn)
            }
        }
    }

    /// Records an event as `actor`, through the door (sign-in's entries).
    fn audit_as(&self, actor: &Actor, entry: &NewEntry) -> Result<()> {
        let _door = self.door();
        let tx = self.write()?;
        audit::record(&tx, actor, entry)?;
        tx.commit()
    }

    /// The customer a row of `kind` belongs to (`None`: no such row, or a
    /// row about no customer, such as a to-do of one's own).
    pub fn customer_of(&self, kind: Owned, id: i64) -> Result<Option<i64>> {
        // The table name is one of the fixed names above, never input.
        let sql = format!("SELECT customer_id FROM {} WHERE id = ?1", kind.table());
        Ok(self
            .db()
            .query_row(&sql, args![id], |r| r.get::<Option<i64>>(0))
            .optional()?
            .flatten())
    }

    /// A customer's owner (客户经理 account): its user id and name, `None`
    /// for a shared customer (or one not found).
    pub fn customer_owner(&self, customer_id: i64) -> Result<Option<(i64, String)>> {
        self.db()
            .query_row(
                "SELECT u.id, u.name FROM customers c JOIN users u ON u.id = c.owner_id
                 WHERE c.id = ?1",
                args![customer_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()
    }
}
