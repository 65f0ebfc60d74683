//! Commands for the audit log (操作日志). Each one delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::domain::audit::{AuditCheck, AuditEntry, AuditFilter, Source};
use tierdesk_api::domain::Page;
use tierdesk_api::{Api, ApiError, AuditAction};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// An API opened by the app: its entries say they came from the app, and
/// every "who" it records names the person at the desk (我的名字, else the
/// operating system's user).
pub fn from_app(mut api: Api) -> Api {
    api.act_as_desk_person(Source::App);
    api
}

#[tauri::command]
pub async fn audit_list(state: State<'_, AppState>, filter: AuditFilter) -> Res<Page<AuditEntry>> {
    state.with_api(|api| api.audit_list(&filter))
}

#[tauri::command]
pub async fn audit_verify(state: State<'_, AppState>) -> Res<AuditCheck> {
    state.with_api(|api| api.audit_verify())
}

#[tauri::command]
pub async fn customer_log(state: State<'_, AppState>, id: i64) -> Res<Vec<AuditEntry>> {
    state.with_api(|api| api.customer_log(id))
}

#[tauri::command]
pub async fn audit_actors(state: State<'_, AppState>) -> Res<Vec<String>> {
    state.with_api(|api| api.audit_actors())
}

#[tauri::command]
pub async fn audit_actions() -> Res<Vec<AuditAction>> {
    Ok(tierdesk_api::audit_actions())
}
