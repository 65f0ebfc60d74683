//! The native menu bar, built from `tierdesk_api::menu_words::MENU` in the
//! UI's language: Chinese at start, rebuilt by `set_menu_language` when the
//! UI is (or is switched to) English. Menu clicks are passed to the UI as a
//! `menu` event carrying the item id; the UI opens the dialogs and calls the
//! commands. 退出 (Ctrl+Q) is the app's own item, not the system's: it asks
//! the window to close, as its title bar's × does, so the UI can ask first
//! about unsaved changes (the system's quit item ends the app without asking,
//! and on Linux it is greyed out).
//!
//! The items follow the open database's signed-in person: on a team database
//! what the role cannot use (and what only a local file has) is greyed, from
//! the need each item names beside it in `menu_words`. After every call the
//! shell looks at the session ([`MenuState::follow`], from
//! `AppState::with_api`), so signing in or out, another database, and a role
//! the 管理员 changed (read again by the API at the person's next call) all
//! show. A local file greys nothing. A rebuild for the language keeps it.

use std::sync::{Mutex, OnceLock};

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{App, AppHandle, Emitter, Manager, Runtime};
use tierdesk_api::menu_words::{enabled, items, word, Access, Entry, MENU};
use tierdesk_api::{ApiError, ErrorCode};

use crate::AppState;

/// The id of 文件 → 退出.
const QUIT: &str = "quit";

/// The menu bar in Chinese or English, each item enabled as `access` allows.
fn build<R: Runtime, M: Manager<R>>(
    app: &M,
    english: bool,
    access: &Access,
) -> tauri::Result<Menu<R>> {
    let mut bar = MenuBuilder::new(app);
    for sub in MENU {
        let mut b = SubmenuBuilder::new(app, word(sub.zh, sub.en, english));
        for e in sub.entries {
            b = match *e {
                Entry::Item(id, zh, en, need) => b.item(
                    &MenuItemBuilder::with_id(id, word(zh, en, english))
                        .enabled(enabled(need, access))
                        .build(app)?,
                ),
                Entry::Separator => b.separator(),
                Entry::Quit(zh, en) => b.item(
                    &MenuItemBuilder::with_id(QUIT, word(zh, en, english))
                        .accelerator("CmdOrCtrl+Q")
                        .build(app)?,
                ),
                Entry::Copy(zh, en) => b.copy_with_text(word(zh, en, english)),
                Entry::Paste(zh, en) => b.paste_with_text(word(zh, en, english)),
                Entry::SelectAll(zh, en) => b.select_all_with_text(word(zh, en, english)),
            };
        }
        bar = bar.item(&b.build()?);
    }
    bar.build()
}

/// What the menu shows: its language and whom its items follow.
#[derive(Debug, Clone)]
struct Shown {
    english: bool,
    access: Access,
}

/// The menu's state, kept in [`AppState`]: what it shows, and the app to
/// change it in (set when the menu is installed).
pub struct MenuState {
    app: OnceLock<AppHandle>,
    shown: Mutex<Shown>,
}

impl Default for MenuState {
    fn default() -> MenuState {
        MenuState {
            app: OnceLock::new(),
            shown: Mutex::new(Shown {
                english: false,
                access: Access::File,
            }),
        }
    }
}

impl MenuState {
    fn shown(&self) -> Shown {
        self.shown.lock().unwrap_or_else(|p| p.into_inner()).clone()
    }

    /// Makes the items follow `access` (the open database's session now).
    /// Nothing happens while it is unchanged. The items are changed on the
    /// main thread, after the caller has moved on (never while it holds the
    /// database's lock), each time to the newest access.
    pub fn follow(&self, access: Access) {
        {
            let mut shown = self.shown.lock().unwrap_or_else(|p| p.into_inner());
            if shown.access == access {
                return;
            }
            shown.access = access;
        }
        if let Some(app) = self.app.get() {
            let handle = app.clone();
            let _ = app.run_on_main_thread(move || grey(&handle));
        }
    }
}

/// Enables and greys the menu's items as the newest access says.
fn grey(app: &AppHandle) {
    let access = app.state::<AppState>().menu.shown().access;
    let Some(menu) = app.menu() else {
        return;
    };
    let needs: Vec<_> = items().collect();
    for sub in menu.items().unwrap_or_default() {
        let Some(sub) = sub.as_submenu() else {
            continue;
        };
        for item in sub.items().unwrap_or_default() {
            let Some(item) = item.as_menuitem() else {
                continue;
            };
            if let Some(&(_, need)) = needs.iter().find(|(id, _)| item.id().0 == *id) {
                let _ = item.set_enabled(enabled(need, &access));
            }
        }
    }
}

pub fn install(app: &mut App) -> tauri::Result<()> {
    let access = {
        let state = app.state::<AppState>();
        let _ = state.menu.app.set(app.handle().clone());
        state.menu.shown().access
    };
    let menu = build(app, false, &access)?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| {
        if event.id().0 == QUIT {
            // A close request like the title bar's ×: the UI may keep the window open.
            if let Some(window) = app.get_webview_window("main") {
                let _ = window.close();
            }
            return;
        }
        let _ = app.emit("menu", event.id().0.as_str());
    });
    Ok(())
}

/// The menu in the UI's language (`english`), called by the UI at start and
/// on each change of language; the items greyed stay greyed.
#[tauri::command]
pub fn set_menu_language(
    app: AppHandle,
    state: tauri::State<'_, AppState>,
    english: bool,
) -> Result<(), ApiError> {
    let access = {
        let mut shown = state.menu.shown.lock().unwrap_or_else(|p| p.into_inner());
        shown.english = english;
        shown.access.clone()
    };
    build(&app, english, &access)
        .and_then(|menu| app.set_menu(menu).map(|_| ()))
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("菜单无法切换语言：{e}")))
}

/// Every clickable item of the menu bar as the native menu reports it now,
/// in the menu's order: `{ id, text, enabled }`. For the end-to-end tests:
/// WebDriver cannot reach the native menu.
#[tauri::command]
pub fn menu_state(app: AppHandle) -> Result<Vec<serde_json::Value>, ApiError> {
    let failed = |e: tauri::Error| ApiError::new(ErrorCode::Internal, format!("读不到菜单：{e}"));
    let mut lines = Vec::new();
    let Some(menu) = app.menu() else {
        return Ok(lines);
    };
    for sub in menu.items().map_err(failed)? {
        let Some(sub) = sub.as_submenu() else {
            continue;
        };
        for item in sub.items().map_err(failed)? {
            if let Some(item) = item.as_menuitem() {
                lines.push(serde_json::json!({
                    "id": item.id().0,
                    "text": item.text().map_err(failed)?,
                    "enabled": item.is_enabled().map_err(failed)?,
                }));
            }
        }
    }
    Ok(lines)
}
