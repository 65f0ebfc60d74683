//! Signing in on a team database and managing its users (tierdesk-api
//! users.rs). On a local file `session` is the person at the desk with every
//! permission and the rest say there are no users there.

use tauri::State;
use tierdesk_api::{ApiError, Session, UserChoice, UserDraft, UserLine};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// Who is working now; `null` on a team database before sign-in.
#[tauri::command]
pub async fn session(state: State<'_, AppState>) -> Res<Option<Session>> {
    state.with_api(|api| Ok(api.session()))
}

#[tauri::command]
pub async fn needs_first_admin(state: State<'_, AppState>) -> Res<bool> {
    state.with_api(|api| api.needs_first_admin())
}

#[tauri::command]
pub async fn create_first_admin(
    state: State<'_, AppState>,
    login: String,
    name: String,
    password: String,
) -> Res<Session> {
    state.with_api(|api| api.create_first_admin(&login, &name, &password))
}

#[tauri::command]
pub async fn sign_in(state: State<'_, AppState>, login: String, password: String) -> Res<Session> {
    state.with_api(|api| api.sign_in(&login, &password))
}

#[tauri::command]
pub async fn sign_out(state: State<'_, AppState>) -> Res<()> {
    state.with_api(|api| {
        api.sign_out();
        Ok(())
    })
}

#[tauri::command]
pub async fn users(state: State<'_, AppState>) -> Res<Vec<UserLine>> {
    state.with_api(|api| api.users())
}

#[tauri::command]
pub async fn add_user(state: State<'_, AppState>, draft: UserDraft) -> Res<UserLine> {
    state.with_api(|api| api.add_user(&draft))
}

#[tauri::command]
pub async fn edit_user(state: State<'_, AppState>, id: i64, draft: UserDraft) -> Res<UserLine> {
    state.with_api(|api| api.edit_user(id, &draft))
}

#[tauri::command]
pub async fn set_user_password(state: State<'_, AppState>, id: i64, password: String) -> Res<()> {
    state.with_api(|api| api.set_user_password(id, &password))
}

#[tauri::command]
pub async fn change_my_password(state: State<'_, AppState>, old: String, new: String) -> Res<()> {
    state.with_api(|api| api.change_my_password(&old, &new))
}

#[tauri::command]
pub async fn user_choices(state: State<'_, AppState>) -> Res<Vec<UserChoice>> {
    state.with_api(|api| api.user_choices())
}
