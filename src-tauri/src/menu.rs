//! The native menu bar, built from `tierdesk_api::menu_words::MENU` in the
//! UI's language: Chinese at start, rebuilt by `set_menu_language` when the
//! UI is (or is switched to) English. Menu clicks are passed to the UI as a
//! `menu` event carrying the item id; the UI opens the dialogs and calls the
//! commands.

use tauri::menu::{Menu, MenuBuilder, SubmenuBuilder};
use tauri::{App, AppHandle, Emitter, Manager, Runtime};
use tierdesk_api::menu_words::{word, Entry, MENU};
use tierdesk_api::{ApiError, ErrorCode};

/// The menu bar in Chinese or English.
fn build<R: Runtime, M: Manager<R>>(app: &M, english: bool) -> tauri::Result<Menu<R>> {
    let mut bar = MenuBuilder::new(app);
    for sub in MENU {
        let mut b = SubmenuBuilder::new(app, word(sub.zh, sub.en, english));
        for e in sub.entries {
            b = match *e {
                Entry::Item(id, zh, en) => b.text(id, word(zh, en, english)),
                Entry::Separator => b.separator(),
                Entry::Quit(zh, en) => b.quit_with_text(word(zh, en, english)),
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
