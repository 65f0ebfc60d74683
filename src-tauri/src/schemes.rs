//! Scheme editor: what-if over a draft (saving goes through `import_scheme_text`).

use tauri::State;
use tierdesk_api::{ApiError, EvaluationPreview};

use crate::AppState;

#[tauri::command]
pub async fn preview_scheme_draft(
    state: State<'_, AppState>,
    toml: String,
) -> Result<EvaluationPreview, ApiError> {
    state.with_api(|api| api.preview_scheme_draft(&toml, crate::commands::today()))
}
