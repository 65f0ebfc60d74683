//! The native menu bar. Menu clicks are passed to the UI as a `menu` event
//! carrying the item id; the UI opens the dialogs and calls the commands.

use tauri::menu::{MenuBuilder, SubmenuBuilder};
use tauri::{App, Emitter};

pub fn install(app: &mut App) -> tauri::Result<()> {
    let file = SubmenuBuilder::new(app, "文件")
        .text("db_new", "新建数据库…")
        .text("db_open", "打开数据库…")
        .separator()
        .text("import", "导入…")
        .text("export_template", "导出空白模板…")
        .text("export_customers", "导出客户…")
        .separator()
        .text("report", "等级报告 / 打印…\tCtrl+P")
        .separator()
        .text("backup", "备份…")
        .text("backup_restore", "从备份恢复…")
        .separator()
        .quit_with_text("退出")
        .build()?;
    let edit = SubmenuBuilder::new(app, "编辑")
        .text("customer_new", "新建客户\tCtrl+N")
        .text("customer_find", "查找客户\tCtrl+F")
        .separator()
        .copy_with_text("复制")
        .paste_with_text("粘贴")
        .select_all_with_text("全选")
        .build()?;
    let view = SubmenuBuilder::new(app, "视图")
        .text("view_dashboard", "概览")
        .text("view_customers", "客户档案")
        .text("view_imports", "导入记录")
        .text("view_evaluate", "评级")
        .text("view_schemes", "等级方案")
        .text("view_recycle", "回收站")
        .text("view_fields", "自定义字段")
        .text("view_audit", "操作日志")
        .build()?;
    let settings = SubmenuBuilder::new(app, "设置")
        .text("db_password", "数据库密码…")
        .build()?;
    let help = SubmenuBuilder::new(app, "帮助")
        .text("about", "关于 TierDesk")
        .build()?;
    let menu = MenuBuilder::new(app)
        .items(&[&file, &edit, &view, &settings, &help])
        .build()?;
    app.set_menu(menu)?;
    app.on_menu_event(|app, event| {
        let _ = app.emit("menu", event.id().0.as_str());
    });
    Ok(())
}
