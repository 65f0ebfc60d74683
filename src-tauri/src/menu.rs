//! The native menu bar, built from `tierdesk_api::menu_words::MENU` in the
//! UI's language: Chinese at start, rebuilt by `set_menu_language` when the
//! UI is (or is switched to) English. Menu clicks are passed to the UI as a
//! `menu` event carrying the item id; the UI opens the dialogs and calls the
//! commands. 退出 (Ctrl+Q) is the app's own item, not the system's: it asks
//! the window to close, as its title bar's × does, so the UI can ask first
//! about unsaved changes (the system's quit item ends the app without asking,
//! and on Linux it is greyed out).

use tauri::menu::{Menu, MenuBuilder, MenuItemBuilder, SubmenuBuilder};
use tauri::{App, AppHandle, Emitter, Manager, Runtime};
use tierdesk_api::menu_words::{word, Entry, MENU};
use tierdesk_api::{ApiError, ErrorCode};

/// The id of 文件 → 退出.
const QUIT: &str = "quit";

/// The menu bar in Chinese or English.
fn build<R: Runtime, M: Manager<R>>(app: &M, english: bool) -> tauri::Result<Menu<R>> {
    let mut bar = MenuBuilder::new(app);
    for sub in MENU {
        let mut b = SubmenuBuilder::new(app, word(sub.zh, sub.en, english));
        for e in sub.entries {
            b = match *e {
                Entry::Item(id, zh, en) => b.text(id, word(zh, en, english)),
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

pub fn install(app: &mut App) -> tauri::Result<()> {
    let menu = build(app, false)?;
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
/// on each change of language.
#[tauri::command]
pub fn set_menu_language(app: AppHandle, english: bool) -> Result<(), ApiError> {
    build(&app, english)
        .and_then(|menu| app.set_menu(menu).map(|_| ()))
        .map_err(|e| ApiError::new(ErrorCode::Internal, format!("菜单无法切换语言：{e}")))
}
