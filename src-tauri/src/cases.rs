//! Commands for complaints and feedback (投诉与反馈). Each one delegates to
//! `tierdesk-api`; the shell reads the clock (`tierdesk_api::now`) for the
//! time received, the time of a step and what is overdue.

use tauri::State;
use tierdesk_api::domain::case::{Case, CaseFilter, CaseMove};
use tierdesk_api::domain::merge::{EditBase, Saved};
use tierdesk_api::domain::Page;
use tierdesk_api::{ApiError, CaseChoices, CaseDetail, CaseLine, CaseRequest, CaseState};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn case_open(state: State<'_, AppState>, request: CaseRequest) -> Res<Case> {
    state.with_api(|api| api.open_case(&request, tierdesk_api::now()))
}

/// A step taken from the drawer as it was opened (`base`): a case someone
/// else moved since is merged, or refused with `edit_conflict`.
#[tauri::command]
pub async fn case_step(
    state: State<'_, AppState>,
    id: i64,
    step: CaseMove,
    base: EditBase<CaseState>,
) -> Res<Saved<CaseDetail>> {
    state.with_api(|api| api.save_case_step(id, &step, base, tierdesk_api::now()))
}

#[tauri::command]
pub async fn case_detail(state: State<'_, AppState>, id: i64) -> Res<CaseDetail> {
    state.with_api(|api| api.case_detail(id, tierdesk_api::now()))
}

#[tauri::command]
pub async fn case_list(state: State<'_, AppState>, filter: CaseFilter) -> Res<Page<CaseLine>> {
    state.with_api(|api| api.list_cases(&filter, tierdesk_api::now()))
}

#[tauri::command]
pub async fn case_choices(state: State<'_, AppState>) -> Res<CaseChoices> {
    state.with_api(|api| api.case_choices())
}
