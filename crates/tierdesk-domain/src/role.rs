//! Roles and permissions on a team database: who may do what.
//!
//! A team database's users each hold one of four [`Role`]s, granted by a
//! 管理员 inside the app. A role is a fixed set of [`Perm`]s ([`Role::perms`]);
//! the API checks one permission at the top of every call, and the UI hides
//! what the signed-in person's permissions leave out. On a local file there
//! is no sign-in: the person at the desk holds every permission.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::Msg;

/// A user's role on a team database (stored as its key).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// 管理员: everything, users included.
    Admin,
    /// 主管: every customer, exports, imports, ratings.
    Manager,
    /// 业务员: their own customers and shared ones.
    Sales,
    /// 只读: view and print.
    Viewer,
}

/// What a role may do. Each public API call needs one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Perm {
    /// Read, print, export a report.
    View,
    /// Edit the customers whose owner is me or nobody (their follow-ups,
    /// to-dos, cases, surveys, points and benefit uses too); a customer I
    /// create is mine.
    EditOwn,
    /// The same for every customer.
    EditAll,
    /// Export every customer's data.
    ExportAll,
    /// Imports and their undo.
    Import,
    /// Apply and undo ratings, set tiers by hand, set a customer's owner.
    Ratings,
    /// Schemes, rules, fields, catalogues, to-do rules, settings, backups.
    Settings,
    /// Privacy erase, emptying the recycle bin.
    Erase,
    /// Managing users.
    Users,
}

impl Role {
    pub const ALL: [Role; 4] = [Role::Admin, Role::Manager, Role::Sales, Role::Viewer];

    /// The stored key: `admin`, `manager`, `sales`, `viewer`.
    pub fn key(self) -> &'static str {
        match self {
            Role::Admin => "admin",
            Role::Manager => "manager",
            Role::Sales => "sales",
            Role::Viewer => "viewer",
        }
    }

    /// A stored key read back; `None` for any other text.
    pub fn parse(key: &str) -> Option<Role> {
        Role::ALL.into_iter().find(|r| r.key() == key)
    }

    /// A key or a Chinese label (管理员, 主管, 业务员, 只读), as the CLI takes it.
    pub fn parse_word(word: &str) -> Option<Role> {
        let word = word.trim();
        Role::ALL
            .into_iter()
            .find(|r| r.key().eq_ignore_ascii_case(word) || r.label() == word)
    }

    /// The Chinese name shown for it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "管理员",
            Role::Manager => "主管",
            Role::Sales => "业务员",
            Role::Viewer => "只读",
        }
    }

    /// The key of its name in the message catalogue (`role.viewer` …).
    pub fn msg_key(self) -> &'static str {
        match self {
            Role::Admin => "role.admin",
            Role::Manager => "role.manager",
            Role::Sales => "role.sales",
            Role::Viewer => "role.viewer",
        }
    }

    /// Every permission the role holds, in [`Perm`]'s order.
    pub fn perms(self) -> Vec<Perm> {
        use Perm::*;
        match self {
            Role::Viewer => vec![View],
            Role::Sales => vec![View, EditOwn],
            Role::Manager => vec![View, EditOwn, EditAll, ExportAll, Import, Ratings],
            Role::Admin => Perm::ALL.to_vec(),
        }
    }

    pub fn can(self, perm: Perm) -> bool {
        self.perms().contains(&perm)
    }
}

impl Perm {
    pub const ALL: [Perm; 9] = [
        Perm::View,
        Perm::EditOwn,
        Perm::EditAll,
        Perm::ExportAll,
        Perm::Import,
        Perm::Ratings,
        Perm::Settings,
        Perm::Erase,
        Perm::Users,
    ];

    /// The key of "what it lets you do" in the message catalogue, for the
    /// refusal 「只读用户不能修改客户」 (`perm.edit_own` → 修改客户).
    pub fn msg_key(self) -> &'static str {
        match self {
            Perm::View => "perm.view",
            Perm::EditOwn => "perm.edit_own",
            Perm::EditAll => "perm.edit_all",
            Perm::ExportAll => "perm.export_all",
            Perm::Import => "perm.import",
            Perm::Ratings => "perm.ratings",
            Perm::Settings => "perm.settings",
            Perm::Erase => "perm.erase",
            Perm::Users => "perm.users",
        }
    }
}

/// The longest login, in characters.
pub const LOGIN_MAX: usize = 64;
/// The longest user name (姓名), in characters.
pub const USER_NAME_MAX: usize = 50;
/// The shortest password, in characters.
pub const PASSWORD_MIN: usize = 8;
/// The longest password, in characters (argon2 takes any length; a limit
/// keeps a pasted book from costing a sign-in).
pub const PASSWORD_MAX: usize = 256;

/// A login as stored and compared: trimmed, ASCII letters in lower case
/// (「Zhang」 and 「zhang」 are one login), no spaces inside, 1–64 characters.
pub fn check_login(login: &str) -> Result<String, Msg> {
    let login = login.trim().to_ascii_lowercase();
    if login.is_empty() {
        return Err(Msg::new("users.login_needed"));
    }
    if login.chars().count() > LOGIN_MAX
        || login.chars().any(|c| c.is_whitespace() || c.is_control())
    {
        return Err(Msg::new("users.login_bad").with("max", LOGIN_MAX));
    }
    Ok(login)
}

/// A user's name (姓名) as stored: trimmed, 1–50 characters. It is what the
/// audit log names.
pub fn check_user_name(name: &str) -> Result<String, Msg> {
    let name = name.trim();
    if name.is_empty() {
        return Err(Msg::new("users.name_needed"));
    }
    if name.chars().count() > USER_NAME_MAX || name.chars().any(char::is_control) {
        return Err(Msg::new("users.name_too_long").with("max", USER_NAME_MAX));
    }
    Ok(name.to_owned())
}

/// A new password: 8–256 characters, taken as typed (not trimmed).
pub fn check_password(password: &str) -> Result<(), Msg> {
    let n = password.chars().count();
    if n < PASSWORD_MIN {
        return Err(Msg::new("users.password_short").with("min", PASSWORD_MIN));
    }
    if n > PASSWORD_MAX {
        return Err(Msg::new("users.password_long").with("max", PASSWORD_MAX));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use Perm::*;

    /// The matrix of docs/team.md, written out: a change to `perms` that
    /// gives or takes one permission fails here.
    #[test]
    fn each_role_holds_exactly_its_permissions() {
        let table: &[(Role, &[Perm])] = &[
            (Role::Viewer, &[View]),
            (Role::Sales, &[View, EditOwn]),
            (
                Role::Manager,
                &[View, EditOwn, EditAll, ExportAll, Import, Ratings],
            ),
            (
                Role::Admin,
                &[
                    View, EditOwn, EditAll, ExportAll, Import, Ratings, Settings, Erase, Users,
                ],
            ),
        ];
        for (role, perms) in table {
            assert_eq!(role.perms(), perms.to_vec(), "{role:?}");
            for p in Perm::ALL {
                assert_eq!(role.can(p), perms.contains(&p), "{role:?} {p:?}");
            }
        }
        assert_eq!(table.len(), Role::ALL.len());
    }

    #[test]
    fn keys_and_words_read_back() {
        for r in Role::ALL {
            assert_eq!(Role::parse(r.key()), Some(r));
            assert_eq!(Role::parse_word(r.label()), Some(r));
            assert_eq!(Role::parse_word(&r.key().to_uppercase()), Some(r));
            assert_eq!(
                serde_json::to_string(&r).unwrap(),
                format!("\"{}\"", r.key())
            );
        }
        assert_eq!(Role::parse("root"), None);
        assert_eq!(Role::parse_word("老板"), None);
        assert_eq!(
            serde_json::to_string(&Perm::EditOwn).unwrap(),
            "\"edit_own\""
        );
        assert_eq!(
            serde_json::to_string(&Perm::ExportAll).unwrap(),
            "\"export_all\""
        );
    }

    #[test]
    fn user_fields_are_checked() {
        let key = |r: Result<String, Msg>| r.map_err(|m| m.key);
        assert_eq!(key(check_login("  Zhang.San ")), Ok("zhang.san".into()));
        assert_eq!(key(check_login("张三")), Ok("张三".into()));
        assert_eq!(key(check_login("   ")), Err("users.login_needed".into()));
        assert_eq!(key(check_login("zhang san")), Err("users.login_bad".into()));
        assert_eq!(key(check_login(&"a".repeat(64))), Ok("a".repeat(64)));
        assert_eq!(
            key(check_login(&"a".repeat(65))),
            Err("users.login_bad".into())
        );
        assert_eq!(key(check_user_name(" 张三 ")), Ok("张三".into()));
        assert_eq!(key(check_user_name("")), Err("users.name_needed".into()));
        assert_eq!(
            key(check_user_name(&"张".repeat(51))),
            Err("users.name_too_long".into())
        );
        assert_eq!(
            check_password("1234567").map_err(|m| m.key),
            Err("users.password_short".into())
        );
        assert_eq!(check_password("12345678"), Ok(()));
        assert_eq!(check_password("密码密码密码密码"), Ok(()));
        assert_eq!(
            check_password(&"x".repeat(257)).map_err(|m| m.key),
            Err("users.password_long".into())
        );
    }
}
