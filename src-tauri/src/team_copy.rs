//! 文件 → 迁移到团队数据库…: copies the open local file into an empty team
//! database on a worker thread, reporting its progress through the
//! command's `on_progress` channel. The open database stays the file; the
//! UI then offers 「现在连接到团队数据库」, which connects as 连接团队数据库 does.

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager};
use tierdesk_api::{ApiError, ErrorCode, TeamCopyProgress, TeamCopyReport, TeamLogin};

use crate::AppState;

/// `login` is the connection form (as 连接团队数据库 takes it) of the empty
/// team database.
#[tauri::command]
pub async fn copy_to_team(
    app: AppHandle,
    login: TeamLogin,
    on_progress: Channel<TeamCopyProgress>,
) -> Result<TeamCopyReport, ApiError> {
    let url = login.team_url()?.to_url();
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with_api(|api| {
            api.copy_to_team(&url, &mut |p| {
                let _ = on_progress.send(p.clone());
            })
        })
    })
    .await
    .unwrap_or_else(|e| {
        Err(ApiError::new(
            ErrorCode::Internal,
            format!("迁移中途出错：{e}"),
        ))
    })
}
