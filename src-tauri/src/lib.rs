//! The TierDesk desktop shell: window, menu, state and one-line commands.
//! Every command validates its arguments and delegates to `tierdesk-api`;
//! no business logic lives here.

mod analysis;
mod audit;
mod backup;
mod benefits;
mod cases;
mod churn;
mod commands;
mod followups;
mod import;
mod menu;
mod my_name;
mod owner;
mod password;
mod points;
mod points_statement;
mod privacy;
mod record;
mod report;
mod rules;
mod schemes;
mod surveys;
mod team;
mod team_copy;
mod timing;
mod todos;
mod users;
mod webview;

use std::path::PathBuf;
use std::sync::Mutex;

use tauri::Manager;
use tierdesk_api::{Api, ApiError, ErrorCode};

/// The open database. `None` only when opening failed at start-up; the UI
/// then shows the error and offers to open or create another file.
#[derive(Default)]
pub struct AppState {
    api: Mutex<Option<Api>>,
    startup_error: Mutex<Option<ApiError>>,
    /// Set by the cancel button of a running import.
    cancel: std::sync::atomic::AtomicBool,
    /// The native menu, whose items follow the session (menu.rs).
    menu: menu::MenuState,
}

impl AppState {
    /// Runs `f` on the open database, holding the lock for the call only.
    /// On a team database the call runs on a thread of its own: the
    /// `postgres` client blocks on a runtime of its own, which tokio refuses
    /// inside the async command's worker ("Cannot start a runtime from within
    /// a runtime").
    pub fn with_api<T: Send>(
        &self,
        f: impl FnOnce(&mut Api) -> Result<T, ApiError> + Send,
    ) -> Result<T, ApiError> {
        let mut guard = self.api.lock().unwrap_or_else(|p| p.into_inner());
        let result = match guard.as_mut() {
            Some(api) if api.is_team() => std::thread::scope(|s| {
                s.spawn(|| f(api)).join().unwrap_or_else(|_| {
                    Err(ApiError::new(
                        ErrorCode::Internal,
                        "团队数据库的操作意外中断",
                    ))
                })
            }),
            Some(api) => f(api),
            None => Err(ApiError::new(
                ErrorCode::Database,
                "没有打开数据库，请在「文件」菜单中打开或新建一个数据库",
            )),
        };
        // The menu follows the session as the call left it (a sign-in, a
        // sign-out, a role read again), once the lock is let go.
        let access = guard.as_ref().map(tierdesk_api::menu_words::Access::of);
        drop(guard);
        if let Some(access) = access {
            self.menu.follow(access);
        }
        result
    }

    /// Checks the open database's pages (see `Api::verify_database`). With
    /// no database open there is nothing to check: the start-up error the
    /// window already shows (a file from a newer TierDesk, say) must not be
    /// replaced by a "damaged file" page.
    pub fn verify_open_database(&self) -> Result<(), ApiError> {
        match self.api.lock().unwrap_or_else(|p| p.into_inner()).as_ref() {
            Some(api) => api.verify_database(),
            None => Ok(()),
        }
    }

    pub fn replace(&self, api: Api) {
        let access = tierdesk_api::menu_words::Access::of(&api);
        *self.api.lock().unwrap_or_else(|p| p.into_inner()) = Some(audit::from_app(api));
        *self.startup_error.lock().unwrap_or_else(|p| p.into_inner()) = None;
        self.menu.follow(access);
    }
}

/// The file remembering which database was open last.
fn last_db_file(app: &tauri::AppHandle) -> Option<PathBuf> {
    app.path()
        .app_config_dir()
        .ok()
        .map(|d| d.join("last-database.txt"))
}

/// Which database to open: `TIERDESK_DB` if set (a file or a team
/// database's `postgres://` URL), else the database opened last (a file that
/// still exists, or a team database), else the default file in the OS
/// app-data folder.
pub(crate) fn startup_target(app: &tauri::AppHandle) -> team::DbTarget {
    if let Some(p) = std::env::var_os("TIERDESK_DB").filter(|p| !p.is_empty()) {
        return team::DbTarget::from_text(&p.to_string_lossy());
    }
    last_db_file(app)
        .and_then(|f| std::fs::read_to_string(f).ok())
        .map(|s| team::DbTarget::from_text(&s))
        .filter(|t| match t {
            team::DbTarget::File(p) => p.exists(),
            team::DbTarget::Team(_) => true,
        })
        .unwrap_or_else(|| team::DbTarget::File(tierdesk_api::default_db_path()))
}

/// The start-up database's file (for its password prompt); the default
/// file when the start-up database is a team database.
pub(crate) fn startup_db(app: &tauri::AppHandle) -> PathBuf {
    match startup_target(app) {
        team::DbTarget::File(p) => p,
        team::DbTarget::Team(_) => tierdesk_api::default_db_path(),
    }
}

pub fn remember_db(app: &tauri::AppHandle, path: &std::path::Path) {
    remember_text(app, &path.display().to_string());
}

/// Remembers the database to open at the next start: a file's path, or a
/// team database's URL without its password.
pub fn remember_text(app: &tauri::AppHandle, target: &str) {
    if let Some(file) = last_db_file(app) {
        if let Some(dir) = file.parent() {
            let _ = std::fs::create_dir_all(dir);
        }
        let _ = std::fs::write(file, target);
    }
}

/// Registers the command handlers, refusing to compile unless they are
/// exactly the names of `tierdesk_api::ipc::COMMANDS`, from which the UI's
/// `ipc/commands.ts` is generated: the one list of command names.
macro_rules! commands {
    ($($module:ident :: $name:ident),* $(,)?) => {{
        const _: () = assert!(
            tierdesk_api::ipc::same_commands(&[$(stringify!($name)),*]),
            "the registered commands differ from tierdesk_api::ipc::COMMANDS"
        );
        tauri::generate_handler![$($module::$name),*]
    }};
}

pub fn run() {
    timing::start();
    timing::mark("run_started");
    let mut context = tauri::generate_context!();
    if std::env::var_os("TIERDESK_BARE_WINDOW").is_some_and(|v| v == "1") {
        context.config_mut().app.windows.clear();
        return bare_window(context);
    }
    tauri::Builder::default()
        // A second launch focuses the running window instead of opening another copy on the same file.
        .plugin(tauri_plugin_single_instance::init(|app, _args, _cwd| {
            if let Some(w) = app.get_webview_window("main") {
                let _ = w.unminimize();
                let _ = w.set_focus();
            }
        }))
        .plugin(tauri_plugin_window_state::Builder::default().build())
        .plugin(tauri_plugin_dialog::init())
        .plugin(tauri_plugin_notification::init())
        // The window from tauri.conf.json exists (and starts loading the UI)
        // before this runs, so nothing here may keep the main thread long:
        // it also serves the UI's files and its calls.
        .setup(|app| {
            timing::mark("setup_started");
            app.manage(AppState::default());
            app.manage(import::ReadCache::default());
            open_startup_database(app.handle());
            backup::start_timer(app.handle().clone());
            todos::start_timer(app.handle().clone());
            churn::start_timer(app.handle().clone());
            menu::install(app)?;
            if let Some(window) = app.get_webview_window("main") {
                webview::settle(&window);
                webview::size_from_env(&window);
            }
            timing::mark("setup_done");
            Ok(())
        })
        .on_page_load(|_, payload| {
            if matches!(payload.event(), tauri::webview::PageLoadEvent::Finished) {
                timing::mark("page_loaded");
            }
        })
        .invoke_handler(commands![
            commands::db_info,
            commands::startup_error,
            commands::open_database,
            team::connect_team,
            team::last_team,
            commands::verify_database,
            menu::set_menu_language,
            menu::menu_state,
            commands::launch_mark,
            commands::list_customers,
            commands::get_customer,
            commands::create_customer,
            commands::update_customer,
            commands::delete_customers,
            commands::restore_customers,
            commands::empty_recycle_bin,
            owner::set_customer_owner,
            users::session,
            users::needs_first_admin,
            users::create_first_admin,
            users::sign_in,
            users::sign_out,
            users::users,
            users::add_user,
            users::edit_user,
            users::set_user_password,
            users::change_my_password,
            users::user_choices,
            commands::field_defs,
            commands::add_field_def,
            commands::remove_field_def,
            commands::get_setting,
            commands::set_setting,
            commands::fill_demo,
            commands::tier_labels,
            commands::schemes,
            commands::activate_scheme,
            commands::import_scheme_file,
            commands::preview_evaluation,
            commands::apply_evaluation,
            commands::apply_plan,
            commands::undo_plan,
            commands::undo_last_batch,
            my_name::my_name,
            my_name::set_my_name,
            commands::batches,
            commands::batch_detail,
            commands::tier_history,
            commands::explain,
            import::inspect_import_file,
            import::preview_import,
            import::commit_import,
            import::cancel_import,
            import::write_import_errors,
            import::imports,
            import::undo_import,
            import::import_targets,
            import::import_profiles,
            import::rename_import_profile,
            import::delete_import_profile,
            report::dashboard,
            report::tier_report,
            report::report_html,
            report::save_report,
            report::export_template,
            report::export_customers,
            team_copy::copy_to_team,
            schemes::preview_scheme_draft,
            schemes::save_scheme_text,
            schemes::create_scheme_text,
            rules::check_rule,
            rules::rule_from_tree,
            rules::rule_figures,
            rules::scheme_text_problem,
            benefits::calibrate,
            benefits::import_scheme_text,
            benefits::customer_benefits,
            benefits::record_benefit_use,
            benefits::undo_benefit_use,
            benefits::benefit_statement_html,
            benefits::benefit_catalogue,
            points::points_account,
            points::points_page,
            points::points_adjust,
            points::points_redeem,
            points::points_undo,
            points::points_catalogue,
            points::points_catalogue_add,
            points::points_catalogue_edit,
            points_statement::points_statement_html,
            points_statement::save_points_statement,
            todos::todo_today,
            todos::todo_list,
            todos::todo_add,
            todos::todo_done,
            todos::todo_cancel,
            todos::todo_postpone,
            todos::todo_edit,
            todos::todo_refresh,
            todos::todo_notice,
            followups::followup_add,
            followups::followup_edit,
            followups::followup_delete,
            followups::customer_followups,
            followups::followup_list,
            cases::case_open,
            cases::case_step,
            cases::case_detail,
            cases::case_list,
            cases::case_choices,
            churn::churn_refresh,
            churn::churn_list,
            churn::churn_get,
            churn::churn_for_customer,
            churn::churn_set_status,
            churn::churn_choices,
            churn::churn_open_counts,
            surveys::survey_add,
            surveys::survey_delete,
            surveys::customer_surveys,
            surveys::survey_summary,
            surveys::survey_answers,
            surveys::survey_import_preview,
            surveys::survey_import,
            analysis::analysis_all,
            record::record_timeline,
            record::record_timeline_counts,
            record::record_lines,
            record::record_purchases,
            record::record_contacts,
            record::contact_add,
            record::contact_edit,
            record::contact_delete,
            record::contact_reveal,
            record::record_dates,
            record::date_add,
            record::date_edit,
            record::date_delete,
            privacy::reveal_customer,
            privacy::save_person_copy,
            privacy::erase_customer,
            privacy::masking,
            privacy::set_masking,
            audit::audit_list,
            audit::audit_verify,
            audit::customer_log,
            audit::audit_actors,
            audit::audit_actions,
            backup::backups,
            backup::backup_now,
            backup::restore_backup,
            backup::backup_folder,
            password::open_database_with_password,
            password::has_password,
            password::set_password,
            password::change_password,
            password::remove_password,
        ])
        .run(context)
        .expect("TierDesk could not start its window");
}

/// Opens the start-up database on a worker thread, so the window and its
/// page load while SQLite checks and migrates the file. The thread takes the
/// state's lock before `setup` returns and keeps it until the file is open
/// (or its error recorded), so a command waits for the file instead of
/// finding no database.
fn open_startup_database(app: &tauri::AppHandle) {
    let (locked, wait_locked) = std::sync::mpsc::channel();
    let app = app.clone();
    std::thread::spawn(move || {
        let state = app.state::<AppState>();
        let mut api = state.api.lock().unwrap_or_else(|p| p.into_inner());
        let _ = locked.send(());
        match startup_target(&app).open() {
            Ok(opened) => *api = Some(audit::from_app(opened)),
            Err(e) => {
                *state
                    .startup_error
                    .lock()
                    .unwrap_or_else(|p| p.into_inner()) = Some(e)
            }
        }
        timing::mark("database_opened");
    });
    let _ = wait_locked.recv();
}

/// A bare Tauri window on a blank page (`TIERDESK_BARE_WINDOW=1`): no UI, no
/// database, no plugins. The idle-memory benchmark measures it as the floor
/// the app is compared with.
fn bare_window(context: tauri::Context) {
    tauri::Builder::default()
        .setup(|app| {
            // An empty page of its own (about:blank would start no web process).
            let blank = tauri::WebviewUrl::App("bare.html".into());
            tauri::WebviewWindowBuilder::new(app, "main", blank)
                .title("TierDesk")
                .inner_size(1280.0, 800.0)
                .build()?;
            timing::mark("bare_window_shown");
            Ok(())
        })
        .run(context)
        .expect("TierDesk could not start its window");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_database_open_is_nothing_to_check() {
        let state = AppState::default();
        assert!(state.verify_open_database().is_ok());
    }

    #[test]
    fn a_damaged_open_database_is_reported() {
        let dir = std::env::temp_dir().join(format!("tierdesk-app-verify-{}", std::process::id()));
        let path = dir.join("damaged.db");
        std::fs::create_dir_all(&dir).unwrap();
        drop(Api::open(&path).unwrap());
        // The last page (an index's or a table's) overwritten with noise.
        let mut bytes = std::fs::read(&path).unwrap();
        let last = bytes.len() - 4096;
        assert!(last > 0, "{} bytes", bytes.len());
        for (i, b) in bytes.iter_mut().enumerate().skip(last) {
            *b = (i * 31 % 251) as u8;
        }
        std::fs::write(&path, &bytes).unwrap();
        // Opening reads the header and the schema only, so it succeeds;
        // the check finds the damage.
        let state = AppState::default();
        state.replace(Api::open(&path).unwrap());
        let err = state.verify_open_database().unwrap_err();
        assert_eq!(err.code, ErrorCode::Database, "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file was changed");
        let _ = std::fs::remove_dir_all(&dir);
    }
}
