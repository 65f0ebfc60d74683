//! Scheme editor: what-if over a draft, and saving it against what the
//! editor opened (merged with a save made by someone else meanwhile, or
//! refused with the fields both changed). A copy (复制为新方案, the
//! calibrated copy) is a new scheme under a free key (`create_scheme_text`).

use tauri::State;
use tierdesk_api::domain::merge::{EditBase, Saved};
use tierdesk_api::{ApiError, EvaluationPreview, SchemeSummary};

use crate::AppState;

#[tauri::command]
pub async fn preview_scheme_draft(
    state: State<'_, AppState>,
    toml: String,
) -> Result<EvaluationPreview, ApiError> {
    state.with_api(|api| api.preview_scheme_draft(&toml, crate::commands::today()))
}

#[tauri::command]
pub async fn save_scheme_text(
    state: State<'_, AppState>,
    toml: String,
    base: EditBase<String>,
) -> Result<Saved<SchemeSummary>, ApiError> {
    state.with_api(|api| api.save_scheme(&toml, base))
}

/// 复制为新方案: a new scheme under a key no scheme has yet (a taken key is
/// refused, nothing written over).
#[tauri::command]
pub async fn create_scheme_text(
    state: State<'_, AppState>,
    toml: String,
) -> Result<SchemeSummary, ApiError> {
    state.with_api(|api| api.create_scheme(&toml))
}
