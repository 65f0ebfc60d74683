//! Import commands. Reading a file runs on a worker thread without holding
//! the database, reports progress through the command's `on_progress`
//! channel and stops when `cancel_import` is called; only matching and
//! writing take the database.

use std::sync::atomic::Ordering;

use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, State};
use tierdesk_api::domain::ImportRecord;
use tierdesk_api::import::{inspect_file, read_import, ReadPlan};
use tierdesk_api::{
    ApiError, ErrorCode, FileInspection, ImportPreview, ImportProfileInfo, ImportProgress,
    ImportRequest, ImportSummary,
};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

/// The last file read, kept so importing right after the preview does not
/// read a large file twice. Keyed by the request it was read for.
#[derive(Default)]
pub struct ReadCache(std::sync::Mutex<Option<(String, std::sync::Arc<ReadPlan>)>>);

fn key(req: &ImportRequest) -> String {
    serde_json::to_string(req).unwrap_or_default()
}

/// Sends each step to the UI; answers whether to go on (no cancel asked).
fn progress_reporter<'a>(
    app: &'a AppHandle,
    channel: &'a Channel<ImportProgress>,
) -> impl FnMut(ImportProgress) -> bool + 'a {
    move |p| {
        let _ = channel.send(p);
        !app.state::<AppState>().cancel.load(Ordering::SeqCst)
    }
}

fn read(
    app: &AppHandle,
    req: &ImportRequest,
    channel: &Channel<ImportProgress>,
) -> Res<std::sync::Arc<ReadPlan>> {
    let state = app.state::<AppState>();
    let cache = app.state::<ReadCache>();
    let k = key(req);
    if let Some((ck, plan)) = cache.0.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
        if *ck == k {
            return Ok(plan.clone());
        }
    }
    let ctx = state.with_api(|api| api.import_context())?;
    let plan = std::sync::Arc::new(read_import(
        &ctx,
        req,
        &mut progress_reporter(app, channel),
    )?);
    *cache.0.lock().unwrap_or_else(|p| p.into_inner()) = Some((k, plan.clone()));
    Ok(plan)
}

async fn blocking<T: Send + 'static>(f: impl FnOnce() -> Res<T> + Send + 'static) -> Res<T> {
    tauri::async_runtime::spawn_blocking(f)
        .await
        .unwrap_or_else(|e| {
            Err(ApiError::new(
                ErrorCode::Internal,
                format!("导入中途出错：{e}"),
            ))
        })
}

#[tauri::command]
pub async fn inspect_import_file(path: String) -> Res<FileInspection> {
    blocking(move || inspect_file(&path)).await
}

#[tauri::command]
pub async fn preview_import(
    app: AppHandle,
    request: ImportRequest,
    on_progress: Channel<ImportProgress>,
) -> Res<ImportPreview> {
    app.state::<AppState>()
        .cancel
        .store(false, Ordering::SeqCst);
    blocking(move || {
        let plan = read(&app, &request, &on_progress)?;
        let state = app.state::<AppState>();
        state.with_api(|api| {
            api.preview_import_plan(&plan, &request, &mut progress_reporter(&app, &on_progress))
        })
    })
    .await
}

#[tauri::command]
pub async fn commit_import(
    app: AppHandle,
    request: ImportRequest,
    on_progress: Channel<ImportProgress>,
) -> Res<ImportSummary> {
    app.state::<AppState>()
        .cancel
        .store(false, Ordering::SeqCst);
    blocking(move || {
        let plan = read(&app, &request, &on_progress)?;
        let state = app.state::<AppState>();
        let summary = state.with_api(|api| {
            let who = api.actor().user;
            api.commit_import_plan(
                &plan,
                &request,
                &who,
                &mut progress_reporter(&app, &on_progress),
            )
        });
        // New order lines: the churn alerts follow them.
        if summary.as_ref().is_ok_and(|s| s.lines > 0) {
            crate::churn::refresh_after_import(&state);
        }
        // The archive changed: a later preview must match against it afresh.
        *app.state::<ReadCache>()
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner()) = None;
        summary
    })
    .await
}

#[tauri::command]
pub fn cancel_import(state: State<'_, AppState>) {
    state.cancel.store(true, Ordering::SeqCst);
}

#[tauri::command]
pub async fn write_import_errors(app: AppHandle, request: ImportRequest, out: String) -> Res<u64> {
    blocking(move || {
        app.state::<AppState>()
            .with_api(|api| api.write_import_errors(&request, std::path::Path::new(&out)))
    })
    .await
}

#[tauri::command]
pub async fn imports(state: State<'_, AppState>) -> Res<Vec<ImportRecord>> {
    state.with_api(|api| api.imports())
}

#[tauri::command]
pub async fn undo_import(state: State<'_, AppState>, id: i64) -> Res<ImportRecord> {
    let undone = state.with_api(|api| api.undo_import(id))?;
    if undone.lines > 0 {
        crate::churn::refresh_after_import(&state);
    }
    Ok(undone)
}

#[tauri::command]
pub async fn import_targets(
    state: State<'_, AppState>,
) -> Res<Vec<tierdesk_api::import::TargetOption>> {
    state.with_api(|api| api.import_targets())
}

/// Forgets the file read last: it was read with the saved mappings as they
/// were, and one of them has just changed.
fn forget_read(cache: &ReadCache) {
    *cache.0.lock().unwrap_or_else(|p| p.into_inner()) = None;
}

#[tauri::command]
pub async fn import_profiles(state: State<'_, AppState>) -> Res<Vec<ImportProfileInfo>> {
    state.with_api(|api| api.import_profiles())
}

#[tauri::command]
pub async fn rename_import_profile(
    state: State<'_, AppState>,
    cache: State<'_, ReadCache>,
    old: String,
    new: String,
) -> Res<ImportProfileInfo> {
    forget_read(&cache);
    state.with_api(|api| api.rename_import_profile(&old, &new))
}

#[tauri::command]
pub async fn delete_import_profile(
    state: State<'_, AppState>,
    cache: State<'_, ReadCache>,
    name: String,
) -> Res<()> {
    forget_read(&cache);
    state.with_api(|api| api.delete_import_profile(&name))
}
