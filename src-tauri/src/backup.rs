//! Commands for backups (文件 → 备份… / 从备份恢复…) and the automatic backup
//! timer. Each command delegates to `tierdesk-api`; the API decides whether
//! a backup is due.

use std::time::Duration;

use tauri::{AppHandle, Manager, State};
use tierdesk_api::{ApiError, BackupInfo, BackupReason, RestoreSummary};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn backups(state: State<'_, AppState>) -> Res<Vec<BackupInfo>> {
    state.with_api(|api| api.backups())
}

#[tauri::command]
pub async fn backup_now(state: State<'_, AppState>) -> Res<BackupInfo> {
    state.with_api(|api| api.backup_now(BackupReason::Manual))
}

/// Replaces the open database with the backup at `file` (from the list, or
/// chosen with the open dialog); `password` is the backup's when it was taken
/// before the database's password changed.
#[tauri::command]
pub async fn restore_backup(
    state: State<'_, AppState>,
    file: String,
    password: Option<String>,
) -> Res<RestoreSummary> {
    state.with_api(|api| {
        api.restore_backup_with_password(std::path::Path::new(&file), password.as_deref())
    })
}

/// The open database's backups folder, shown in the dialog.
#[tauri::command]
pub async fn backup_folder(state: State<'_, AppState>) -> Res<Option<String>> {
    state.with_api(|api| Ok(api.backup_dir().map(|d| d.display().to_string())))
}

/// How long after start the first check waits: the first screen and the
/// background page check come first.
const FIRST_CHECK: Duration = Duration::from_secs(10);

/// How often the timer asks whether a backup is due. Cheap when none is
/// (the folder's newest name says so); a database opened from the menu is
/// backed up at the next check.
const CHECK_EVERY: Duration = Duration::from_secs(5 * 60);

/// Starts the automatic backups: the open database is backed up once it is
/// open (`open`, when it changed since its newest backup) and then at most
/// once a day while it stays open (`daily`).
pub fn start_timer(app: AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(FIRST_CHECK);
        let mut backed_up: Option<std::path::PathBuf> = None;
        loop {
            let state = app.state::<AppState>();
            let _ = state.with_api(|api| {
                let dir = api.backup_dir();
                let reason = if dir == backed_up {
                    BackupReason::Daily
                } else {
                    BackupReason::Open
                };
                let now = chrono::Local::now().naive_local();
                let done = api.backup_if_due(reason, now);
                if done.is_ok() {
                    backed_up = dir;
                }
                done
            });
            std::thread::sleep(CHECK_EVERY);
        }
    });
}
