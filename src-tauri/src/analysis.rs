//! Commands for the 分析 page (管理指标). Each one delegates to `tierdesk-api`.

use chrono::NaiveDate;
use tauri::State;
use tierdesk_api::churn_model::cohorts::Cohorts;
use tierdesk_api::churn_model::managers::ManagerFigures;
use tierdesk_api::churn_model::movement::TierMovement;
use tierdesk_api::churn_model::retention::RetentionFigures;
use tierdesk_api::domain::survey::PeriodKind;
use tierdesk_api::{AnalysisFigures, ApiError};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn analysis_retention(
    state: State<'_, AppState>,
    by: PeriodKind,
    as_of: Option<NaiveDate>,
    periods: Option<u32>,
) -> Res<RetentionFigures> {
    let as_of = as_of.unwrap_or_else(tierdesk_api::today);
    state.with_api(|api| api.analysis_retention(by, as_of, periods))
}

#[tauri::command]
pub async fn analysis_cohorts(
    state: State<'_, AppState>,
    as_of: Option<NaiveDate>,
    months: Option<u32>,
) -> Res<Cohorts> {
    let as_of = as_of.unwrap_or_else(tierdesk_api::today);
    state.with_api(|api| api.analysis_cohorts(as_of, months))
}

#[tauri::command]
pub async fn analysis_managers(
    state: State<'_, AppState>,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Res<ManagerFigures> {
    let to = to.unwrap_or_else(tierdesk_api::today);
    state.with_api(|api| api.analysis_managers(from, to))
}

#[tauri::command]
pub async fn analysis_tier_movement(state: State<'_, AppState>) -> Res<TierMovement> {
    state.with_api(|api| api.analysis_tier_movement())
}

#[tauri::command]
pub async fn analysis_all(
    state: State<'_, AppState>,
    by: PeriodKind,
    as_of: Option<NaiveDate>,
) -> Res<AnalysisFigures> {
    let as_of = as_of.unwrap_or_else(tierdesk_api::today);
    state.with_api(|api| api.analysis_all(by, as_of))
}
