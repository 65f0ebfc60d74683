//! Users on a team database from the command line: signing in
//! (`--user LOGIN`, or `TIERDESK_USER`; the password from
//! `--user-password-file PATH` or `TIERDESK_USER_PASSWORD`, never an
//! argument: the process list would show it), `tierdesk users
//! add|list|edit|password` for a 管理员, and `tierdesk team first-admin` for
//! an empty team database. A local file has no users: there the flags are
//! not needed and these commands say so.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::{Args, Subcommand};
use tierdesk_api::domain::Role;
use tierdesk_api::{Api, ApiError, ErrorCode, UserDraft, UserLine};

const USER_ENV: &str = "TIERDESK_USER";
const PASSWORD_ENV: &str = "TIERDESK_USER_PASSWORD";
const NEW_PASSWORD_ENV: &str = "TIERDESK_NEW_USER_PASSWORD";

/// Who signs in, read once at start: (login, password).
static SIGN_IN: OnceLock<(Option<String>, Option<String>)> = OnceLock::new();

#[derive(Subcommand)]
pub enum UsersCommand {
    /// List the team database's users (管理员).
    List,
    /// Add a user; the password from --new-password-file or TIERDESK_NEW_USER_PASSWORD.
    Add {
        #[arg(long)]
        login: String,
        #[arg(long)]
        name: String,
        /// 管理员, 主管, 业务员 or 只读 (admin, manager, sales, viewer).
        #[arg(long)]
        role: String,
        #[command(flatten)]
        new: NewUserPassword,
    },
    /// Change a user's name, role, or turn the account off or on again.
    Edit {
        /// The user's login.
        login: String,
        #[arg(long)]
        name: Option<String>,
        #[arg(long)]
        role: Option<String>,
        /// Turn the account off (it can no longer sign in).
        #[arg(long, conflicts_with = "on")]
        off: bool,
        /// Turn the account on again.
        #[arg(long)]
        on: bool,
    },
    /// Set a user's password (from --new-password-file or TIERDESK_NEW_USER_PASSWORD).
    Password {
        /// The user's login.
        login: String,
        #[command(flatten)]
        new: NewUserPassword,
    },
}

#[derive(Args)]
pub struct NewUserPassword {
    /// A file whose first line is the new password (else TIERDESK_NEW_USER_PASSWORD).
    #[arg(long, value_name = "PATH")]
    new_password_file: Option<PathBuf>,
}

/// Reads who signs in (`--user` or TIERDESK_USER) and the password
/// (`--user-password-file`, else TIERDESK_USER_PASSWORD), once.
pub fn remember(user: Option<&str>, password_file: Option<&Path>) -> Result<(), ApiError> {
    let login = user
        .map(str::to_owned)
        .or_else(|| std::env::var(USER_ENV).ok())
        .filter(|u| !u.trim().is_empty());
    let password = crate::password::read(password_file, PASSWORD_ENV)?;
    let _ = SIGN_IN.set((login, password));
    Ok(())
}

/// Signs in on a team database as the remembered user; nothing on a file.
pub fn sign_in(api: &mut Api) -> Result<(), ApiError> {
    // An empty team database waits for its first 管理员 (team first-admin).
    if !api.is_team() || api.needs_first_admin()? {
        return Ok(());
    }
    let (login, password) = SIGN_IN.get().cloned().unwrap_or((None, None));
    let Some(login) = login else {
        return Err(ApiError::new(
            ErrorCode::SignInNeeded,
            "团队数据库需要登录：请用 --user 登录名（或 TIERDESK_USER）指定用户，\
             密码放在 TIERDESK_USER_PASSWORD 或 --user-password-file 指定的文件里",
        ));
    };
    let Some(password) = password else {
        return Err(ApiError::new(
            ErrorCode::SignInNeeded,
            format!(
                "请提供用户「{login}」的密码：TIERDESK_USER_PASSWORD 或 --user-password-file 指定的文件"
            ),
        ));
    };
    let session = api.sign_in(&login, &password)?;
    crate::who::signed_in(&session.name);
    Ok(())
}

fn role(word: &str) -> Result<Role, ApiError> {
    Role::parse_word(word).ok_or_else(|| {
        ApiError::invalid(format!(
            "角色不能是「{word}」；可选：管理员、主管、业务员、只读"
        ))
    })
}

fn new_password(new: &NewUserPassword) -> Result<String, ApiError> {
    crate::password::read(new.new_password_file.as_deref(), NEW_PASSWORD_ENV)?.ok_or_else(|| {
        ApiError::invalid(
            "请提供新密码：--new-password-file 指定的文件，或 TIERDESK_NEW_USER_PASSWORD",
        )
    })
}

fn by_login(api: &Api, login: &str) -> Result<UserLine, ApiError> {
    let wanted = login.trim().to_ascii_lowercase();
    api.users()?
        .into_iter()
        .find(|u| u.login == wanted)
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                format!("找不到登录名为「{login}」的用户"),
            )
        })
}

fn print_user(u: &UserLine, as_json: bool) {
    if as_json {
        println!("{}", serde_json::to_string_pretty(u).expect("serialisable"));
    } else {
        println!("{}", line(u));
    }
}

fn line(u: &UserLine) -> String {
    format!(
        "#{:<4} {:<16} {:<12} {:<4} {}",
        u.id,
        u.login,
        u.name,
        u.role.label(),
        if u.active { "启用" } else { "停用" }
    )
}

pub fn run(api: &mut Api, cmd: UsersCommand, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        UsersCommand::List => {
            let users = api.users()?;
            if as_json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&users).expect("serialisable")
                );
            } else {
                for u in &users {
                    println!("{}", line(u));
                }
            }
        }
        UsersCommand::Add {
            login,
            name,
            role: word,
            new,
        } => {
            let draft = UserDraft {
                login,
                name,
                role: role(&word)?,
                active: true,
                password: Some(new_password(&new)?),
            };
            print_user(&api.add_user(&draft)?, as_json);
        }
        UsersCommand::Edit {
            login,
            name,
            role: word,
            off,
            on,
        } => {
            let u = by_login(api, &login)?;
            let draft = UserDraft {
                login: u.login.clone(),
                name: name.unwrap_or(u.name),
                role: match word {
                    Some(w) => role(&w)?,
                    None => u.role,
                },
                active: if off { false } else { on || u.active },
                password: None,
            };
            print_user(&api.edit_user(u.id, &draft)?, as_json);
        }
        UsersCommand::Password { login, new } => {
            let u = by_login(api, &login)?;
            api.set_user_password(u.id, &new_password(&new)?)?;
            if as_json {
                println!(
                    "{}",
                    serde_json::json!({ "id": u.id, "password_set": true })
                );
            } else {
                println!("已设置用户「{}」的密码", u.login);
            }
        }
    }
    Ok(())
}

/// `tierdesk team first-admin`: the first 管理员 of an empty team database,
/// with the password from --new-password-file or TIERDESK_NEW_USER_PASSWORD.
pub fn first_admin(
    api: &mut Api,
    login: &str,
    name: &str,
    new: &NewUserPassword,
    as_json: bool,
) -> Result<(), ApiError> {
    let session = api.create_first_admin(login, name, &new_password(new)?)?;
    if as_json {
        println!(
            "{}",
            serde_json::to_string_pretty(&session).expect("serialisable")
        );
    } else {
        println!(
            "已创建管理员「{}」（登录名 {}）",
            session.name, session.login
        );
    }
    Ok(())
}
