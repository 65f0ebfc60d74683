//! The native menu bar's items in both languages. The shell builds the menu
//! from [`MENU`] (`src-tauri/src/menu.rs`) and builds it again when the UI's
//! language changes (the `set_menu_language` command), so the menu follows
//! the UI. Kept here, without Tauri, so a test can check every item has
//! English free of Chinese.
//!
//! To add an item: one [`Entry::Item`] row with its id (the `menu` event the
//! UI receives), Chinese and English; an accelerator is written after a tab
//! (`"新建客户\tCtrl+N"`) in both.

/// One line of a submenu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A clickable item: its id (sent to the UI as the `menu` event), Chinese, English.
    Item(&'static str, &'static str, &'static str),
    Separator,
    /// The system's own items, with their text in each language.
    Quit(&'static str, &'static str),
    Copy(&'static str, &'static str),
    Paste(&'static str, &'static str),
    SelectAll(&'static str, &'static str),
}

/// A submenu: its title in Chinese and English, and its lines.
#[derive(Debug, Clone, Copy)]
pub struct Submenu {
    pub zh: &'static str,
    pub en: &'static str,
    pub entries: &'static [Entry],
}

use Entry::{Copy as CopyItem, Item, Paste, Quit, SelectAll, Separator};

/// The menu bar, left to right.
pub const MENU: &[Submenu] = &[
    Submenu {
        zh: "文件",
        en: "File",
        entries: &[
            Item("db_new", "新建数据库…", "New database…"),
            Item("db_open", "打开数据库…", "Open database…"),
            Item(
                "team_connect",
                "连接团队数据库…",
                "Connect to a team database…",
            ),
            Item("team_copy", "迁移到团队数据库…", "Copy to a team database…"),
            Separator,
            Item("import", "导入…", "Import…"),
            Item("export_template", "导出空白模板…", "Export blank template…"),
            Item("export_customers", "导出客户…", "Export customers…"),
            Separator,
            Item(
                "report",
                "等级报告 / 打印…\tCtrl+P",
                "Tier report / Print…\tCtrl+P",
            ),
            Separator,
            Item("backup", "备份…", "Backup…"),
            Item("backup_restore", "从备份恢复…", "Restore from backup…"),
            Separator,
            Quit("退出", "Quit"),
        ],
    },
    Submenu {
        zh: "编辑",
        en: "Edit",
        entries: &[
            Item("customer_new", "新建客户\tCtrl+N", "New customer\tCtrl+N"),
            Item("customer_find", "查找客户\tCtrl+F", "Find customer\tCtrl+F"),
            Separator,
            CopyItem("复制", "Copy"),
            Paste("粘贴", "Paste"),
            SelectAll("全选", "Select all"),
        ],
    },
    Submenu {
        zh: "视图",
        en: "View",
        entries: &[
            Item("view_dashboard", "概览", "Overview"),
            Item("view_customers", "客户档案", "Customers"),
            Item("view_imports", "导入记录", "Imports"),
            Item("view_evaluate", "评级", "Rating"),
            Item("view_schemes", "等级方案", "Tier schemes"),
            Item("view_recycle", "回收站", "Recycle bin"),
            Item("view_fields", "自定义字段", "Custom fields"),
            Item("view_audit", "操作日志", "Activity log"),
        ],
    },
    Submenu {
        zh: "设置",
        en: "Settings",
        entries: &[
            Item("my_name", "我的名字…", "My name…"),
            Item("db_password", "数据库密码…", "Database password…"),
            Item("users", "用户…", "Users…"),
        ],
    },
    Submenu {
        zh: "帮助",
        en: "Help",
        entries: &[Item("about", "关于 TierDesk", "About TierDesk")],
    },
];

/// A text in the language asked for.
pub fn word(zh: &'static str, en: &'static str, english: bool) -> &'static str {
    if english {
        en
    } else {
        zh
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn has_chinese(s: &str) -> bool {
        s.chars().any(|c| {
            ('\u{3400}'..='\u{9fff}').contains(&c) || ('\u{3000}'..='\u{303f}').contains(&c)
        })
    }

    /// Every item in both languages: English without Chinese, Chinese
    /// present, the same accelerator in both, ids unique.
    #[test]
    fn every_item_has_english_without_chinese() {
        let mut ids = Vec::new();
        let mut texts = 0;
        for s in MENU {
            assert!(!has_chinese(s.en) && has_chinese(s.zh), "{}", s.zh);
            for e in s.entries {
                let (zh, en) = match *e {
                    Item(id, zh, en) => {
                        ids.push(id);
                        (zh, en)
                    }
                    Quit(zh, en) | CopyItem(zh, en) | Paste(zh, en) | SelectAll(zh, en) => (zh, en),
                    Separator => continue,
                };
                texts += 1;
                assert!(!has_chinese(en), "{en}");
                assert!(has_chinese(zh), "{zh}");
                assert_eq!(
                    zh.split_once('\t').map(|p| p.1),
                    en.split_once('\t').map(|p| p.1),
                    "{zh}"
                );
                assert_eq!(word(zh, en, true), en);
                assert_eq!(word(zh, en, false), zh);
            }
        }
        let n = ids.len();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), n, "a menu id is used twice");
        assert!(ids.contains(&"db_open") && ids.contains(&"view_audit"));
        assert!(texts >= 23, "{texts}");
    }
}
