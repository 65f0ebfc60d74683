//! Commands the UI invokes. Each one delegates to `tierdesk-api`.

use std::path::PathBuf;

use tauri::State;
use tierdesk_api::domain::merge::{EditBase, Saved};
use tierdesk_api::domain::{Batch, HistoryEntry};
use tierdesk_api::domain::{Customer, CustomerDraft, CustomerQuery, FieldDef, Page};
use tierdesk_api::engine::Explanation;
use tierdesk_api::{
    Api, ApiError, ApplyPlan, BatchDetail, DbInfo, EvaluationPreview, Override, SchemeSummary,
    TierLabel, UndoPlan,
};

pub(crate) fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn db_info(state: State<'_, AppState>) -> Res<DbInfo> {
    state.with_api(|api| api.db_info())
}

#[tauri::command]
pub fn startup_error(state: State<'_, AppState>) -> Option<ApiError> {
    state
        .startup_error
        .lock()
        .unwrap_or_else(|p| p.into_inner())
        .clone()
}

/// Opens an existing database file or creates a new one at `path`.
#[tauri::command]
pub async fn open_database(
    app: tauri::AppHandle,
    state: State<'_, AppState>,
    path: PathBuf,
) -> Res<DbInfo> {
    let api = Api::open(&path)?;
    let info = api.db_info()?;
    state.replace(api);
    crate::remember_db(&app, &path);
    Ok(info)
}

/// Checks the open database's pages in the background (see
/// `Api::verify_database`); the UI calls it once the first list is drawn.
#[tauri::command]
pub async fn verify_database(state: State<'_, AppState>) -> Res<()> {
    state.verify_open_database()
}

/// The UI reports a moment of its start (the list painted, say) for the
/// launch benchmark; printed only under `TIERDESK_TIMING=1`.
#[tauri::command]
pub fn launch_mark(moment: String) {
    crate::timing::mark(&moment);
}

#[tauri::command]
pub async fn list_customers(
    state: State<'_, AppState>,
    query: CustomerQuery,
) -> Res<Page<Customer>> {
    let page = state.with_api(|api| api.list_customers_masked(&query));
    crate::timing::mark("list_answered");
    page
}

#[tauri::command]
pub async fn get_customer(state: State<'_, AppState>, id: i64) -> Res<Customer> {
    state.with_api(|api| api.customer_masked(id))
}

#[tauri::command]
pub async fn create_customer(state: State<'_, AppState>, draft: CustomerDraft) -> Res<Customer> {
    state.with_api(|api| api.create_customer(draft).and_then(|c| api.shown(c)))
}

#[tauri::command]
pub async fn update_customer(
    state: State<'_, AppState>,
    id: i64,
    draft: CustomerDraft,
    base: EditBase<CustomerDraft>,
    reason: Option<String>,
) -> Res<Saved<Customer>> {
    state.with_api(|api| {
        let saved = api.save_customer(id, draft, base, (reason.as_deref().unwrap_or(""), ""))?;
        Ok(Saved {
            item: api.shown(saved.item)?,
            theirs_kept: saved.theirs_kept,
        })
    })
}

#[tauri::command]
pub async fn delete_customers(state: State<'_, AppState>, ids: Vec<i64>) -> Res<usize> {
    state.with_api(|api| api.delete_customers(&ids))
}

#[tauri::command]
pub async fn restore_customers(state: State<'_, AppState>, ids: Vec<i64>) -> Res<usize> {
    state.with_api(|api| api.restore_customers(&ids))
}

#[tauri::command]
pub async fn empty_recycle_bin(state: State<'_, AppState>) -> Res<usize> {
    state.with_api(|api| api.empty_recycle_bin())
}

#[tauri::command]
pub async fn field_defs(state: State<'_, AppState>) -> Res<Vec<FieldDef>> {
    state.with_api(|api| api.field_defs())
}

#[tauri::command]
pub async fn add_field_def(state: State<'_, AppState>, def: FieldDef) -> Res<FieldDef> {
    state.with_api(|api| api.add_field_def(def))
}

#[tauri::command]
pub async fn remove_field_def(state: State<'_, AppState>, key: String) -> Res<()> {
    state.with_api(|api| api.remove_field_def(&key))
}

#[tauri::command]
pub async fn get_setting(state: State<'_, AppState>, key: String) -> Res<Option<String>> {
    state.with_api(|api| api.setting(&key))
}

#[tauri::command]
pub async fn set_setting(state: State<'_, AppState>, key: String, value: String) -> Res<()> {
    state.with_api(|api| api.set_setting(&key, &value))
}

#[tauri::command]
pub async fn fill_demo(state: State<'_, AppState>, customers: usize) -> Res<usize> {
    if customers == 0 || customers > 1_000_000 {
        return Err(ApiError::invalid("演示客户数量应在 1 到 1,000,000 之间"));
    }
    state.with_api(|api| api.fill_demo(customers, 42, |_| {}))
}

#[tauri::command]
pub async fn tier_labels(state: State<'_, AppState>) -> Res<Vec<TierLabel>> {
    state.with_api(|api| api.tier_labels())
}

#[tauri::command]
pub async fn schemes(state: State<'_, AppState>) -> Res<Vec<SchemeSummary>> {
    state.with_api(|api| api.schemes())
}

#[tauri::command]
pub async fn activate_scheme(state: State<'_, AppState>, key: String) -> Res<()> {
    state.with_api(|api| api.activate_scheme(&key))
}

#[tauri::command]
pub async fn import_scheme_file(state: State<'_, AppState>, path: PathBuf) -> Res<String> {
    state.with_api(|api| api.import_scheme_file(&path).map(|s| s.name))
}

#[tauri::command]
pub async fn preview_evaluation(
    state: State<'_, AppState>,
    scheme: String,
    as_of: Option<chrono::NaiveDate>,
) -> Res<EvaluationPreview> {
    state.with_api(|api| api.preview_evaluation(&scheme, as_of.unwrap_or_else(today)))
}

#[tauri::command]
pub async fn apply_evaluation(
    state: State<'_, AppState>,
    scheme: String,
    as_of: Option<chrono::NaiveDate>,
    period: Option<String>,
    overrides: Option<Vec<Override>>,
) -> Res<Batch> {
    let batch = state.with_api(|api| {
        let who = api.actor().user;
        api.apply_evaluation(
            &scheme,
            as_of.unwrap_or_else(today),
            period.as_deref(),
            &who,
            overrides.as_deref().unwrap_or_default(),
        )
    })?;
    // New tiers mean new visit intervals, and the rating to-dos are done.
    crate::todos::refresh_in_steps(&state, today())?;
    Ok(batch)
}

#[tauri::command]
pub async fn batch_detail(state: State<'_, AppState>, id: i64) -> Res<BatchDetail> {
    state.with_api(|api| api.batch_detail(id))
}

/// What applying would write, counted as the batch will count it: the
/// number the confirmation announces.
#[tauri::command]
pub async fn apply_plan(
    state: State<'_, AppState>,
    scheme: String,
    as_of: Option<chrono::NaiveDate>,
    period: Option<String>,
    overrides: Option<Vec<Override>>,
) -> Res<ApplyPlan> {
    state.with_api(|api| {
        api.apply_plan(
            &scheme,
            as_of.unwrap_or_else(today),
            period.as_deref(),
            overrides.as_deref().unwrap_or_default(),
        )
    })
}

/// The batch an undo would take back, for the question asked first.
#[tauri::command]
pub async fn undo_plan(state: State<'_, AppState>) -> Res<Option<UndoPlan>> {
    state.with_api(|api| api.undo_plan())
}

#[tauri::command]
pub async fn undo_last_batch(state: State<'_, AppState>) -> Res<Batch> {
    state.with_api(|api| api.undo_last_batch())
}

#[tauri::command]
pub async fn batches(state: State<'_, AppState>) -> Res<Vec<Batch>> {
    state.with_api(|api| api.batches())
}

#[tauri::command]
pub async fn tier_history(state: State<'_, AppState>, id: i64) -> Res<Vec<HistoryEntry>> {
    state.with_api(|api| api.tier_history(id))
}

#[tauri::command]
pub async fn explain(state: State<'_, AppState>, id: i64) -> Res<Explanation> {
    state.with_api(|api| api.explain(id, None, today()))
}
