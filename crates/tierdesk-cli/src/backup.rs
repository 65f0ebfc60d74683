//! `tierdesk backup create|list|restore`.
//!
//! The CLI takes no automatic backup when it opens a file (only before a
//! migration, and before the commands that rewrite many rows, as the API
//! does): a script that runs a hundred commands would otherwise fill the
//! folder with copies of the same file.

use std::path::{Path, PathBuf};

use clap::Subcommand;
use serde::Serialize;
use tierdesk_api::{Api, ApiError, BackupInfo, BackupReason};

#[derive(Subcommand)]
pub enum BackupCommand {
    /// Take a checked backup now: into the database's backups folder, or
    /// into FILE.
    Create { file: Option<PathBuf> },
    /// The database's backups, newest first.
    List,
    /// Replace the database with a backup (the current file is backed up
    /// first). FILE is a path, or a name from `backup list`.
    Restore {
        file: PathBuf,
        /// For a backup taken before the password was changed: a file whose
        /// first line is the password of that time (else
        /// TIERDESK_BACKUP_PASSWORD; without either, the database's own).
        #[arg(long, value_name = "PATH")]
        backup_password_file: Option<PathBuf>,
    },
}

/// What `backup list --json` prints per backup.
#[derive(Serialize)]
struct Line<'a> {
    file: &'a str,
    created_at: &'a str,
    customers: u64,
    bytes: u64,
    ok: bool,
    reason: Option<BackupReason>,
    last_change: Option<&'a str>,
}

impl<'a> From<&'a BackupInfo> for Line<'a> {
    fn from(b: &'a BackupInfo) -> Self {
        Line {
            file: &b.file,
            created_at: &b.created_at,
            customers: b.customers,
            bytes: b.bytes,
            ok: b.ok,
            reason: b.reason,
            last_change: b.last_change.as_deref(),
        }
    }
}

fn json(v: &impl Serialize) {
    println!("{}", serde_json::to_string_pretty(v).expect("serialisable"));
}

pub fn run(api: &mut Api, cmd: BackupCommand, as_json: bool) -> Result<(), ApiError> {
    match cmd {
        BackupCommand::Create { file } => {
            let info = match file {
                Some(file) => api.backup_to(&file)?,
                None => api.backup_now(BackupReason::Manual)?,
            };
            if as_json {
                json(&Line::from(&info));
            } else {
                println!(
                    "已备份 {} 位客户到「{}」（{}）",
                    info.customers,
                    info.file,
                    size(info.bytes)
                );
            }
        }
        BackupCommand::List => {
            let all = api.backups()?;
            if as_json {
                json(&all.iter().map(Line::from).collect::<Vec<_>>());
            } else if all.is_empty() {
                println!("还没有备份（备份文件夹：{}）", folder(api));
            } else {
                println!("备份文件夹：{}", folder(api));
                for b in &all {
                    println!(
                        "{}  {:<10} {:>8} 位客户  {:>9}  最后修改 {}  {}{}",
                        b.created_at,
                        b.reason.map_or("", BackupReason::label),
                        b.customers,
                        size(b.bytes),
                        b.last_change.as_deref().unwrap_or("—"),
                        b.name,
                        match (b.ok, b.locked) {
                            (true, _) => "",
                            (false, true) =>
                                "  （用当时的密码加密：恢复时用 --backup-password-file 给出）",
                            (false, false) => "  （无法读取）",
                        }
                    );
                }
            }
        }
        BackupCommand::Restore {
            file,
            backup_password_file,
        } => {
            let file = locate(api, &file);
            let password = crate::password::backup_password(backup_password_file.as_deref())?;
            let summary = api.restore_backup_with_password(&file, password.as_deref())?;
            if as_json {
                json(&serde_json::json!({
                    "file": file.display().to_string(),
                    "customers_before": summary.customers_before,
                    "customers_after": summary.customers_after,
                    "safety_backup": summary.safety_backup.as_ref().map(|b| &b.file),
                    "erased_again": summary.erased_again,
                }));
            } else {
                let before = summary
                    .customers_before
                    .map_or("?".to_owned(), |n| n.to_string());
                println!(
                    "已从「{}」恢复：客户 {before} → {}",
                    file.display(),
                    summary.customers_after
                );
                if let Some(safety) = &summary.safety_backup {
                    println!("恢复前的数据库已备份到「{}」", safety.file);
                }
                if summary.erased_again > 0 {
                    println!(
                        "已删除个人信息的 {} 位客户在恢复后再次删除",
                        summary.erased_again
                    );
                }
            }
        }
    }
    Ok(())
}

/// A path as given, or a bare name of a backup in the database's folder.
fn locate(api: &Api, file: &Path) -> PathBuf {
    if file.exists() || file.components().count() > 1 {
        return file.to_owned();
    }
    match api.backup_dir() {
        Some(dir) if dir.join(file).exists() => dir.join(file),
        _ => file.to_owned(),
    }
}

fn folder(api: &Api) -> String {
    api.backup_dir()
        .map(|d| d.display().to_string())
        .unwrap_or_default()
}

fn size(bytes: u64) -> String {
    if bytes >= 1 << 20 {
        format!("{:.1} MB", bytes as f64 / (1 << 20) as f64)
    } else {
        format!("{} KB", bytes.div_ceil(1024))
    }
}
