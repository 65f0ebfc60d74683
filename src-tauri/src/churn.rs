//! Commands for churn early warning (流失预警) and the daily refresh. Each
//! command delegates to `tierdesk-api`; the shell reads the clock
//! (`tierdesk_api::today`) for the as-of day.

use std::time::Duration;

use tauri::{AppHandle, Manager, State};
use tierdesk_api::churn_model::alert::{AlertFilter, AlertMove, RefreshCounts};
use tierdesk_api::domain::Page;
use tierdesk_api::{ApiError, ChurnChoices, ChurnDetail, ChurnLine, CustomerChurn, OpenAlerts};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// 刷新预警: refreshes the alerts as of today.
#[tauri::command]
pub async fn churn_refresh(state: State<'_, AppState>) -> Res<RefreshCounts> {
    refresh_in_steps(&state, tierdesk_api::today())
}

/// How long a refresh waits between steps, so that a command waiting for
/// the lock gets it before the next step does.
const BETWEEN_STEPS: Duration = Duration::from_millis(2);

/// Refreshes the alerts as of `as_of` taking the Api lock for one step at a
/// time (one part of 50,000 customers read or written, each write its own
/// transaction), and fitting the model without it: over 1,000,000 customers
/// the refresh takes seconds, a step a fraction of one.
pub fn refresh_in_steps(state: &AppState, as_of: chrono::NaiveDate) -> Res<RefreshCounts> {
    let mut run = state.with_api(|api| api.churn_refresh_start(as_of))?;
    loop {
        run.compute();
        if state.with_api(|api| api.churn_refresh_step(&mut run))? {
            return Ok(run.counts().clone());
        }
        std::thread::sleep(BETWEEN_STEPS);
    }
}

#[tauri::command]
pub async fn churn_list(state: State<'_, AppState>, filter: AlertFilter) -> Res<Page<ChurnLine>> {
    state.with_api(|api| api.churn_list(&filter))
}

#[tauri::command]
pub async fn churn_get(state: State<'_, AppState>, id: i64) -> Res<ChurnDetail> {
    state.with_api(|api| api.churn_get(id))
}

#[tauri::command]
pub async fn churn_for_customer(state: State<'_, AppState>, id: i64) -> Res<CustomerChurn> {
    state.with_api(|api| api.churn_for_customer(id))
}

#[tauri::command]
pub async fn churn_set_status(
    state: State<'_, AppState>,
    id: i64,
    step: AlertMove,
) -> Res<ChurnDetail> {
    state.with_api(|api| api.churn_set_status(id, &step))
}

#[tauri::command]
pub async fn churn_choices(state: State<'_, AppState>) -> Res<ChurnChoices> {
    state.with_api(|api| api.churn_choices())
}

/// Open alerts and of them 高, for 概览.
#[tauri::command]
pub async fn churn_open_counts(state: State<'_, AppState>) -> Res<OpenAlerts> {
    state.with_api(|api| api.churn_open_alerts())
}

/// After an order import or its undo: the alerts follow the lines. A
/// refresh that fails leaves the import as it is (the daily run tries again).
pub fn refresh_after_import(state: &AppState) {
    let _ = refresh_in_steps(state, tierdesk_api::today());
}

/// How long after start the first daily refresh waits: the first screen,
/// the page check, the start-up backup and the to-do rules come first.
const FIRST_RUN: Duration = Duration::from_secs(30);

/// How often the timer asks whether today's refresh has run.
const CHECK_EVERY: Duration = Duration::from_secs(10 * 60);

/// Starts the daily refresh: once after start unless a refresh already ran
/// today, then on the first check of each new day.
pub fn start_timer(app: AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(FIRST_RUN);
        loop {
            let state = app.state::<AppState>();
            let today = tierdesk_api::today();
            // With no database open (or a failed run) the next check tries again.
            if let Ok(true) = state.with_api(|api| api.churn_due(today)) {
                let _ = refresh_in_steps(&state, today);
            }
            std::thread::sleep(CHECK_EVERY);
        }
    });
}
