//! Commands for calibration and benefits. Each one delegates to `tierdesk-api`.

use tauri::State;
use tierdesk_api::domain::BenefitUse;
use tierdesk_api::{ApiError, BenefitCatalogue, BenefitUseRequest, Calibration, CustomerBenefits};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn calibrate(
    state: State<'_, AppState>,
    scheme: String,
    as_of: Option<chrono::NaiveDate>,
) -> Res<Calibration> {
    let day = as_of.unwrap_or_else(crate::commands::today);
    state.with_api(|api| api.calibrate(&scheme, day))
}

/// Saves a scheme given as TOML text;
/// a scheme already used by a batch gets a new version.
#[tauri::command]
pub async fn import_scheme_text(state: State<'_, AppState>, toml: String) -> Res<String> {
    state.with_api(|api| api.import_scheme(&toml).map(|s| s.name))
}

#[tauri::command]
pub async fn customer_benefits(state: State<'_, AppState>, id: i64) -> Res<CustomerBenefits> {
    state.with_api(|api| api.customer_benefits(id, tierdesk_api::today()))
}

#[tauri::command]
pub async fn record_benefit_use(
    state: State<'_, AppState>,
    request: BenefitUseRequest,
) -> Res<BenefitUse> {
    state.with_api(|api| {
        let who = api.actor().user;
        api.record_benefit_use(&request, &who, tierdesk_api::today())
    })
}

#[tauri::command]
pub async fn undo_benefit_use(state: State<'_, AppState>, id: i64) -> Res<BenefitUse> {
    state.with_api(|api| api.undo_benefit_use(id))
}

#[tauri::command]
pub async fn benefit_statement_html(state: State<'_, AppState>, id: i64) -> Res<String> {
    state.with_api(|api| api.benefit_statement_html(id, tierdesk_api::today()))
}

#[tauri::command]
pub async fn benefit_catalogue(state: State<'_, AppState>) -> Res<BenefitCatalogue> {
    state.with_api(|api| api.benefit_catalogue(tierdesk_api::today()))
}
