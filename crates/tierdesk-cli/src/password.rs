//! The database password on the command line: `--password-file PATH` (or
//! `TIERDESK_DB_PASSWORD`) opens an encrypted file, and `tierdesk password
//! set|change|remove` rewrites it, reading the new password from
//! `--new-password-file PATH` or `TIERDESK_NEW_DB_PASSWORD`. A password is
//! never taken as an argument: the process list would show it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use clap::{Args, Subcommand};
use tierdesk_api::{Api, ApiError, ErrorCode};

const PASSWORD_ENV: &str = "TIERDESK_DB_PASSWORD";
const NEW_PASSWORD_ENV: &str = "TIERDESK_NEW_DB_PASSWORD";

/// The password that opens the database, read once at start.
static CURRENT: OnceLock<Option<String>> = OnceLock::new();

#[derive(Subcommand)]
pub enum PasswordCommand {
    /// Encrypt the database with a password.
    Set(NewPassword),
    /// Change the password (the current one from --password-file or TIERDESK_DB_PASSWORD).
    Change(NewPassword),
    /// Remove the password: the file becomes a plain database again.
    Remove,
    /// Whether the database has a password.
    Status,
}

#[derive(Args)]
pub struct NewPassword {
    /// A file whose first line is the new password (else TIERDESK_NEW_DB_PASSWORD).
    #[arg(long, value_name = "PATH")]
    new_password_file: Option<PathBuf>,
}

/// Reads the password for opening (`--password-file`, else the
/// environment) once, before any command opens the database.
pub fn remember(file: Option<&Path>) -> Result<(), ApiError> {
    let password = read(file, PASSWORD_ENV)?;
    let _ = CURRENT.set(password);
    Ok(())
}

/// The password for opening, if one was given.
pub fn current() -> Option<String> {
    CURRENT.get().cloned().flatten()
}

/// The first line of `file`, else the variable `env`; `None` when neither
/// is given (an empty variable counts as not given).
pub(crate) fn read(file: Option<&Path>, env: &str) -> Result<Option<String>, ApiError> {
    let Some(file) = file else {
        return Ok(std::env::var(env).ok().filter(|p| !p.is_empty()));
    };
    let text = std::fs::read_to_string(file).map_err(|e| {
        ApiError::new(
            ErrorCode::File,
            format!("无法读取密码文件「{}」：{e}", file.display()),
        )
    })?;
    let first = text.lines().next().unwrap_or("");
    if first.is_empty() {
        return Err(ApiError::invalid(format!(
            "密码文件「{}」的第一行是空的",
            file.display()
        )));
    }
    Ok(Some(first.to_owned()))
}

const BACKUP_PASSWORD_ENV: &str = "TIERDESK_BACKUP_PASSWORD";

/// The password of a backup taken before the database's password changed:
/// `--backup-password-file PATH`, else `TIERDESK_BACKUP_PASSWORD`; `None`
/// reads the backup with the database's own.
pub fn backup_password(file: Option<&Path>) -> Result<Option<String>, ApiError> {
    read(file, BACKUP_PASSWORD_ENV)
}

/// The new password of `set` and `change`.
fn new_password(args: &NewPassword) -> Result<String, ApiError> {
    read(args.new_password_file.as_deref(), NEW_PASSWORD_ENV)?.ok_or_else(|| {
        ApiError::invalid(format!(
            "请用 --new-password-file 文件 或环境变量 {NEW_PASSWORD_ENV} 给出新密码（不能写在命令行上）"
        ))
    })
}

pub fn run(api: &mut Api, cmd: PasswordCommand, json: bool) -> Result<(), ApiError> {
    let said = match cmd {
        PasswordCommand::Set(args) => {
            api.set_password(&new_password(&args)?)?;
            "已设置密码，数据库文件已加密（备份在修改前已经做好）"
        }
        PasswordCommand::Change(args) => {
            // An encrypted file opened at all was opened with the current
            // password; a plain one has none, which the API says.
            api.change_password(&current().unwrap_or_default(), &new_password(&args)?)?;
            "已修改密码，数据库文件已重新加密（备份在修改前已经做好）"
        }
        PasswordCommand::Remove => {
            api.remove_password(&current().unwrap_or_default())?;
            "已取消密码，数据库文件不再加密（备份在修改前已经做好）"
        }
        PasswordCommand::Status => {
            if api.has_password() {
                "这个数据库设了密码（文件已加密）"
            } else {
                "这个数据库没有设密码"
            }
        }
    };
    if json {
        println!("{}", serde_json::json!({ "password": api.has_password() }));
    } else {
        println!("{said}");
    }
    Ok(())
}
