//! Scheme editor commands: what-if over a draft, and saving a draft.

use tauri::State;
use tierdesk_api::{ApiError, EvaluationPreview};

use crate::AppState;

#[tauri::command]
pub async fn preview_scheme_draft(state: State<'_, AppState>, toml: String) -> Result<EvaluationPreview, ApiError> {
    let today = chrono::Local::now().date_naive();
    state.with_api(|api| api.preview_scheme_draft(&toml, today))
}

/// Saves a draft; a scheme already used by a batch gets a new version.
#[tauri::command]
pub async fn save_scheme_draft(state: State<'_, AppState>, toml: String) -> Result<String, ApiError> {
    state.with_api(|api| api.import_scheme(&toml).map(|s| s.name))
}
