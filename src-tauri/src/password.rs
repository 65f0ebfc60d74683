//! Commands for the database password: opening a file that has one (the
//! start-up file or one chosen in 文件 → 打开数据库), and 设置 → 数据库密码.
//! Each one delegates to `tierdesk-api`; the password goes from the UI to
//! the API and nowhere else (no log, no setting, no command line).

use std::path::PathBuf;

use tauri::State;
use tierdesk_api::{Api, ApiError, DbInfo};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// Opens `path` (the start-up database when `None`) with `password`. A
/// wrong password fails with code `wrong_password` and leaves whatever was
/// open as it was, so the prompt can ask again.
#[tauri::command]
pub async fn open_database_with_password(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    path: Option<PathBuf>,
    password: String,
) -> Res<DbInfo> {
    let path = path.unwrap_or_else(|| crate::startup_db(&app));
    let api = Api::open_with_password(&path, Some(password))?;
    let info = api.db_info()?;
    state.replace(api);
    crate::remember_db(&app, &path);
    Ok(info)
}

#[tauri::command]
pub async fn has_password(state: State<'_, AppState>) -> Res<bool> {
    state.with_api(|api| Ok(api.has_password()))
}

#[tauri::command]
pub async fn set_password(state: State<'_, AppState>, new: String) -> Res<()> {
    state.with_api(|api| api.set_password(&new))
}

#[tauri::command]
pub async fn change_password(state: State<'_, AppState>, current: String, new: String) -> Res<()> {
    state.with_api(|api| api.change_password(&current, &new))
}

#[tauri::command]
pub async fn remove_password(state: State<'_, AppState>, current: String) -> Res<()> {
    state.with_api(|api| api.remove_password(&current))
}
