//! Commands for privacy (PIPL): 显示完整, a person's copy, erasing a person,
//! what is masked. Each one delegates to `tierdesk-api`.

use std::path::PathBuf;

use tauri::State;
use tierdesk_api::domain::{Customer, Masking};
use tierdesk_api::{ApiError, EraseSummary, PersonCopyFile};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn reveal_customer(
    state: State<'_, AppState>,
    id: i64,
    purpose: String,
) -> Res<Customer> {
    state.with_api(|api| api.reveal_customer(id, &purpose))
}

#[tauri::command]
pub async fn save_person_copy(
    state: State<'_, AppState>,
    id: i64,
    path: PathBuf,
) -> Res<PersonCopyFile> {
    // By id: a customer whose code reads like this id is someone else.
    state.with_api(|api| api.write_person_copy_by_id(id, &path, tierdesk_api::today()))
}

#[tauri::command]
pub async fn erase_customer(
    state: State<'_, AppState>,
    id: i64,
    reason: String,
) -> Res<EraseSummary> {
    state.with_api(|api| api.erase_customer_by_id(id, &reason))
}

#[tauri::command]
pub async fn masking(state: State<'_, AppState>) -> Res<Masking> {
    state.with_api(|api| api.masking())
}

#[tauri::command]
pub async fn set_masking(state: State<'_, AppState>, masking: Masking) -> Res<Masking> {
    state.with_api(|api| api.set_masking(&masking))
}
