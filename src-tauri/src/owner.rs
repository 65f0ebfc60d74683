//! A customer's owner (负责人) on a team database.

use tauri::State;
use tierdesk_api::ApiError;

use crate::AppState;

/// Gives customers to a user (`owner` null: shared); returns how many changed.
#[tauri::command]
pub async fn set_customer_owner(
    state: State<'_, AppState>,
    ids: Vec<i64>,
    owner: Option<i64>,
) -> Result<usize, ApiError> {
    state.with_api(|api| api.set_customer_owner(&ids, owner))
}
