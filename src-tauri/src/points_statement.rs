//! Commands for the 积分对账单 (the record's 积分 tab prints it). Each one
//! delegates to `tierdesk-api`; days are `YYYY-MM-DD`, and a missing period
//! is this calendar year up to today.

use chrono::NaiveDate;
use tauri::State;
use tierdesk_api::ApiError;

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// The statement as an A4 HTML page for the print preview.
#[tauri::command]
pub async fn points_statement_html(
    state: State<'_, AppState>,
    id: i64,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
) -> Res<String> {
    state.with_api(|api| api.points_statement_html(id, from, to, tierdesk_api::today()))
}

/// Saves the statement at `path` (from the save dialog) as .pdf or .html.
#[tauri::command]
pub async fn save_points_statement(
    state: State<'_, AppState>,
    id: i64,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    path: String,
) -> Res<()> {
    state.with_api(|api| {
        api.save_points_statement(
            id,
            from,
            to,
            std::path::Path::new(&path),
            tierdesk_api::today(),
        )
        .map(|_| ())
    })
}
