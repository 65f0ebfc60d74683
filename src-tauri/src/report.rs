//! Dashboard, report and export commands. Writing a large customer export
//! runs on a worker thread and reports its progress through the command's
//! `on_progress` channel.

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tierdesk_api::domain::CustomerQuery;
use tierdesk_api::ipc::ExportProgress;
use tierdesk_api::report_model::TierReport;
use tierdesk_api::{ApiError, Dashboard, ErrorCode, ReportRequest};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn dashboard(state: State<'_, AppState>) -> Res<Dashboard> {
    let dashboard = state.with_api(|api| api.dashboard(tierdesk_api::today()));
    crate::timing::mark("dashboard_answered");
    dashboard
}

#[tauri::command]
pub async fn tier_report(state: State<'_, AppState>, req: ReportRequest) -> Res<TierReport> {
    state.with_api(|api| api.tier_report(&req, tierdesk_api::today()))
}

#[tauri::command]
pub async fn report_html(state: State<'_, AppState>, req: ReportRequest) -> Res<String> {
    state.with_api(|api| api.report_html(&req, tierdesk_api::today()))
}

#[tauri::command]
pub async fn save_report(state: State<'_, AppState>, req: ReportRequest, path: String) -> Res<()> {
    state.with_api(|api| {
        api.export_report(&req, std::path::Path::new(&path), tierdesk_api::today())
            .map(|_| ())
    })
}

#[tauri::command]
pub async fn export_template(state: State<'_, AppState>, path: String) -> Res<()> {
    state.with_api(|api| api.export_template(None, std::path::Path::new(&path)))
}

/// Writes the customers the list's search and filters match.
#[tauri::command]
pub async fn export_customers(
    app: AppHandle,
    query: CustomerQuery,
    mask_phones: bool,
    path: String,
    on_progress: Channel<ExportProgress>,
) -> Res<u64> {
    tauri::async_runtime::spawn_blocking(move || {
        let state = app.state::<AppState>();
        state.with_api(|api| {
            api.export_customers(
                &query,
                mask_phones,
                std::path::Path::new(&path),
                &mut |done, total| {
                    let _ = on_progress.send(ExportProgress { done, total });
                },
            )
        })
    })
    .await
    .unwrap_or_else(|e| {
        Err(ApiError::new(
            ErrorCode::Internal,
            format!("导出中途出错：{e}"),
        ))
    })
}
