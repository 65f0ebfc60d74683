//! Commands for satisfaction surveys (满意度调查). Each one delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::domain::survey::{NewSurveyAnswer, PeriodKind, SurveyAnswer};
use tierdesk_api::{
    ApiError, SurveyAnswerLine, SurveyImportRequest, SurveyImportSummary, SurveySummary,
};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn survey_add(state: State<'_, AppState>, answer: NewSurveyAnswer) -> Res<SurveyAnswer> {
    state.with_api(|api| api.add_survey_answer(answer, tierdesk_api::today()))
}

#[tauri::command]
pub async fn survey_delete(state: State<'_, AppState>, id: i64) -> Res<SurveyAnswer> {
    state.with_api(|api| api.delete_survey_answer(id))
}

#[tauri::command]
pub async fn customer_surveys(state: State<'_, AppState>, id: i64) -> Res<Vec<SurveyAnswer>> {
    state.with_api(|api| api.customer_survey_answers(id))
}

#[tauri::command]
pub async fn survey_summary(
    state: State<'_, AppState>,
    period: Option<String>,
    by: Option<PeriodKind>,
) -> Res<SurveySummary> {
    state.with_api(|api| api.survey_summary(period.as_deref(), by, tierdesk_api::today()))
}

#[tauri::command]
pub async fn survey_answers(
    state: State<'_, AppState>,
    period: Option<String>,
) -> Res<Vec<SurveyAnswerLine>> {
    state.with_api(|api| api.survey_answers_in(period.as_deref(), tierdesk_api::today()))
}

#[tauri::command]
pub async fn survey_import_preview(
    state: State<'_, AppState>,
    request: SurveyImportRequest,
) -> Res<SurveyImportSummary> {
    state.with_api(|api| api.preview_survey_import(&request, tierdesk_api::today()))
}

#[tauri::command]
pub async fn survey_import(
    state: State<'_, AppState>,
    request: SurveyImportRequest,
) -> Res<SurveyImportSummary> {
    state.with_api(|api| api.import_surveys(&request, tierdesk_api::today()))
}
