//! 我的名字: the person at the desk, asked once. Each command delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::{ApiError, MyName};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn my_name(state: State<'_, AppState>) -> Res<MyName> {
    state.with_api(|api| api.my_name())
}

#[tauri::command]
pub async fn set_my_name(state: State<'_, AppState>, name: String) -> Res<MyName> {
    state.with_api(|api| api.set_my_name(&name))
}
