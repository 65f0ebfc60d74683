//! Commands for to-dos (待办) and the timer that runs the to-do rules and
//! shows the system notification 「今日待办 N 项，逾期 M 项」 once the app has
//! started and then every morning while it runs. Each command delegates to
//! `tierdesk-api`; whether and what to notify are decided by pure functions
//! (`tierdesk_api::domain::todo::{notice_due, notice_text}`).

use std::time::Duration;

use tauri::{AppHandle, Manager, State};
use tauri_plugin_notification::NotificationExt;
use tierdesk_api::domain::{Todo, TodoFilter, TodoRefresh};
use tierdesk_api::{ApiError, TodayTodos, TodoDone, TodoRequest};

use crate::AppState;

type Res<T> = Result<T, ApiError>;

#[tauri::command]
pub async fn todo_today(state: State<'_, AppState>, owner: Option<String>) -> Res<TodayTodos> {
    state.with_api(|api| api.todo_today(owner, tierdesk_api::now()))
}

#[tauri::command]
pub async fn todo_list(state: State<'_, AppState>, filter: TodoFilter) -> Res<Vec<Todo>> {
    state.with_api(|api| api.todos(&filter, tierdesk_api::now()))
}

#[tauri::command]
pub async fn todo_add(state: State<'_, AppState>, request: TodoRequest) -> Res<Todo> {
    state.with_api(|api| api.todo_add(&request, tierdesk_api::now()))
}

#[tauri::command]
pub async fn todo_done(state: State<'_, AppState>, id: i64) -> Res<TodoDone> {
    state.with_api(|api| api.todo_done(id, tierdesk_api::now()))
}

#[tauri::command]
pub async fn todo_cancel(state: State<'_, AppState>, id: i64) -> Res<Todo> {
    state.with_api(|api| api.todo_cancel(id, tierdesk_api::now()))
}

#[tauri::command]
pub async fn todo_postpone(
    state: State<'_, AppState>,
    id: i64,
    due_on: chrono::NaiveDate,
    due_time: Option<String>,
) -> Res<Todo> {
    state.with_api(|api| api.todo_postpone(id, due_on, due_time, tierdesk_api::now()))
}

#[tauri::command]
pub async fn todo_edit(state: State<'_, AppState>, id: i64, request: TodoRequest) -> Res<Todo> {
    state.with_api(|api| api.todo_edit(id, &request, tierdesk_api::now()))
}

/// Runs the to-do rules now (the page's 刷新 button).
#[tauri::command]
pub async fn todo_refresh(state: State<'_, AppState>) -> Res<TodoRefresh> {
    refresh_in_steps(&state, tierdesk_api::today())
}

/// How long a refresh waits between steps, so that a command waiting for
/// the lock gets it before the next step does.
const BETWEEN_STEPS: Duration = Duration::from_millis(2);

/// Runs the to-do rules as of `as_of` taking the Api lock for one step at
/// a time (some 20,000 customers' visits, or one day's dates), so the
/// window's commands get in between: over 1,000,000 customers the whole run
/// takes seconds, a step a fraction of one.
pub fn refresh_in_steps(state: &AppState, as_of: chrono::NaiveDate) -> Res<TodoRefresh> {
    let mut run = state.with_api(|api| api.todo_refresh_start(as_of))?;
    while !state.with_api(|api| api.todo_refresh_step(&mut run))? {
        std::thread::sleep(BETWEEN_STEPS);
    }
    Ok(run.done())
}

/// The notification's text now, or `None` when nothing is due (what the
/// timer would show; the end-to-end tests read it here).
#[tauri::command]
pub async fn todo_notice(state: State<'_, AppState>) -> Res<Option<String>> {
    state.with_api(|api| api.todo_notice(tierdesk_api::now()))
}

/// How long after start the first run waits: the first screen, the page
/// check and the start-up backup come first.
const FIRST_RUN: Duration = Duration::from_secs(20);

/// How often the timer asks whether a new morning has come.
const CHECK_EVERY: Duration = Duration::from_secs(5 * 60);

/// Starts the to-do timer: the rules run and the notification shows once
/// after start, then each morning (see `notice_due`).
pub fn start_timer(app: AppHandle) {
    std::thread::spawn(move || {
        std::thread::sleep(FIRST_RUN);
        let mut last: Option<chrono::NaiveDate> = None;
        loop {
            let now = tierdesk_api::now();
            if tierdesk_api::domain::todo::notice_due(last, now) {
                let state = app.state::<AppState>();
                let notice = refresh_in_steps(&state, now.date())
                    .and_then(|_| state.with_api(|api| api.todo_notice(now)));
                // With no database open (or a failed run) the next check tries again.
                if let Ok(notice) = notice {
                    last = Some(now.date());
                    if let Some(body) = notice {
                        let _ = app
                            .notification()
                            .builder()
                            .title("TierDesk 今日待办")
                            .body(body)
                            .show();
                    }
                }
            }
            std::thread::sleep(CHECK_EVERY);
        }
    });
}
