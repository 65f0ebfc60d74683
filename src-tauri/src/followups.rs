//! Commands for follow-ups (跟进记录). Each one delegates to `tierdesk-api`;
//! the shell reads the clock (`tierdesk_api::now`) for a follow-up without a time.

use tauri::State;
use tierdesk_api::domain::merge::{EditBase, Saved};
use tierdesk_api::domain::{Followup, FollowupDraft, FollowupFilter, FollowupLine, Page};
use tierdesk_api::ApiError;

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn followup_add(
    state: State<'_, AppState>,
    customer_id: i64,
    draft: FollowupDraft,
) -> Res<Followup> {
    state.with_api(|api| api.add_followup(customer_id, draft, tierdesk_api::now()))
}

#[tauri::command]
pub async fn followup_edit(
    state: State<'_, AppState>,
    id: i64,
    draft: FollowupDraft,
    base: EditBase<FollowupDraft>,
) -> Res<Saved<Followup>> {
    state.with_api(|api| api.save_followup(id, draft, base, tierdesk_api::now()))
}

#[tauri::command]
pub async fn followup_delete(state: State<'_, AppState>, id: i64) -> Res<Followup> {
    state.with_api(|api| api.delete_followup(id))
}

#[tauri::command]
pub async fn customer_followups(
    state: State<'_, AppState>,
    customer_id: i64,
) -> Res<Vec<Followup>> {
    state.with_api(|api| api.customer_followups(customer_id))
}

#[tauri::command]
pub async fn followup_list(
    state: State<'_, AppState>,
    filter: FollowupFilter,
) -> Res<Page<FollowupLine>> {
    state.with_api(|api| api.list_followups(&filter))
}
