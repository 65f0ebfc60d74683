//! Commands for the 分析 page (管理指标). Each one delegates to `tierdesk-api`.

use chrono::NaiveDate;
use tauri::State;
use tierdesk_api::domain::survey::PeriodKind;
use tierdesk_api::{AnalysisFigures, ApiError};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn analysis_all(
    state: State<'_, AppState>,
    by: PeriodKind,
    as_of: Option<NaiveDate>,
) -> Res<AnalysisFigures> {
    let as_of = as_of.unwrap_or_else(tierdesk_api::today);
    state.with_api(|api| api.analysis_all(by, as_of))
}
