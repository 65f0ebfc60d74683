//! The native menu bar's items in both languages. The shell builds the menu
//! from [`MENU`] (`src-tauri/src/menu.rs`) and builds it again when the UI's
//! language changes (the `set_menu_language` command), so the menu follows
//! the UI. Kept here, without Tauri, so a test can check every item has
//! English free of Chinese.
//!
//! To add an item: one [`Entry::Item`] row with its id (the `menu` event the
//! UI receives), Chinese, English and what it needs ([`Need`]); an
//! accelerator is written after a tab (`"新建客户\tCtrl+N"`) in both.
//!
//! What an item needs is said beside it, once: the shell greys the items the
//! open database's signed-in person cannot use ([`enabled`]), and the UI's
//! `ipc/menu.ts`, which refuses such a click, is generated from the same rows
//! ([`typescript_menu_needs`]).

use tierdesk_domain::Perm;

use crate::{Api, Session};

/// One line of a submenu.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    /// A clickable item: its id (sent to the UI as the `menu` event),
    /// Chinese, English, and what using it needs.
    Item(&'static str, &'static str, &'static str, Need),
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

/// What a menu item's action needs: a permission of the signed-in person,
/// and perhaps a local file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Need {
    /// The permission its action needs (`None`: anyone may use it, even
    /// before sign-in).
    pub perm: Option<Perm>,
    /// Only for a local file: a team database's backups and encryption are
    /// the server's, and its "who" is the signed-in user, not 我的名字.
    pub file_only: bool,
}

/// Anyone may use it, on any database.
const ANYONE: Need = Need {
    perm: None,
    file_only: false,
};

/// Needs `perm`.
const fn needs(perm: Perm) -> Need {
    Need {
        perm: Some(perm),
        file_only: false,
    }
}

/// Needs `perm`, and is only for a local file.
const fn file_needs(perm: Perm) -> Need {
    Need {
        perm: Some(perm),
        file_only: true,
    }
}

/// Only for a local file (where the person at the desk may do everything).
const FILE_ONLY: Need = Need {
    perm: None,
    file_only: true,
};

use Entry::{Copy as CopyItem, Item, Paste, Quit, SelectAll, Separator};
use Perm::{EditOwn, ExportAll, Import, Ratings, Settings, Users, View};

/// The menu bar, left to right.
pub const MENU: &[Submenu] = &[
    Submenu {
        zh: "文件",
        en: "File",
        entries: &[
            Item("db_new", "新建数据库…", "New database…", ANYONE),
            Item("db_open", "打开数据库…", "Open database…", ANYONE),
            Item(
                "team_connect",
                "连接团队数据库…",
                "Connect to a team database…",
                ANYONE,
            ),
            Item(
                "team_copy",
                "迁移到团队数据库…",
                "Copy to a team database…",
                FILE_ONLY,
            ),
            Separator,
            Item("import", "导入…", "Import…", needs(Import)),
            Item(
                "export_template",
                "导出空白模板…",
                "Export blank template…",
                needs(Import),
            ),
            Item(
                "export_customers",
                "导出客户…",
                "Export customers…",
                needs(ExportAll),
            ),
            Separator,
            Item(
                "report",
                "等级报告 / 打印…\tCtrl+P",
                "Tier report / Print…\tCtrl+P",
                needs(View),
            ),
            Separator,
            Item("backup", "备份…", "Backup…", file_needs(Settings)),
            Item(
                "backup_restore",
                "从备份恢复…",
                "Restore from backup…",
                file_needs(Settings),
            ),
            Separator,
            Quit("退出", "Quit"),
        ],
    },
    Submenu {
        zh: "编辑",
        en: "Edit",
        entries: &[
            Item(
                "customer_new",
                "新建客户\tCtrl+N",
                "New customer\tCtrl+N",
                needs(EditOwn),
            ),
            Item(
                "customer_find",
                "查找客户\tCtrl+F",
                "Find customer\tCtrl+F",
                needs(View),
            ),
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
            Item("view_dashboard", "概览", "Overview", needs(View)),
            Item("view_customers", "客户档案", "Customers", needs(View)),
            Item("view_imports", "导入记录", "Imports", needs(Import)),
            Item("view_evaluate", "评级", "Rating", needs(Ratings)),
            Item("view_schemes", "等级方案", "Tier schemes", needs(Settings)),
            Item("view_recycle", "回收站", "Recycle bin", needs(EditOwn)),
            Item(
                "view_fields",
                "自定义字段",
                "Custom fields",
                needs(Settings),
            ),
            Item("view_audit", "操作日志", "Activity log", needs(View)),
        ],
    },
    Submenu {
        zh: "设置",
        en: "Settings",
        entries: &[
            Item("my_name", "我的名字…", "My name…", file_needs(Settings)),
            Item(
                "db_password",
                "数据库密码…",
                "Database password…",
                file_needs(Settings),
            ),
            Item("users", "用户…", "Users…", needs(Users)),
        ],
    },
    Submenu {
        zh: "帮助",
        en: "Help",
        entries: &[Item("about", "关于 TierDesk", "About TierDesk", ANYONE)],
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

/// What the open database lets its person use from the menu.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Access {
    /// A local file, or no database open: the person at the desk may use
    /// every item (a file has no roles).
    File,
    /// A team database: the signed-in person's permissions, none before
    /// sign-in.
    Team(Vec<Perm>),
}

impl Access {
    /// For the database `api` has open, as its session stands now (the API
    /// reads the role again at each call, so a role the 管理员 changed shows
    /// after the person's next call).
    pub fn of(api: &Api) -> Access {
        match api.is_team() {
            false => Access::File,
            true => Access::of_session(true, api.session().as_ref()),
        }
    }

    /// For a database that is a team one or not, and its session.
    pub fn of_session(team: bool, session: Option<&Session>) -> Access {
        match (team, session) {
            (false, _) => Access::File,
            (true, None) => Access::Team(Vec::new()),
            (true, Some(s)) => Access::Team(s.perms.clone()),
        }
    }
}

/// Whether an item that needs `need` is enabled under `access`.
pub fn enabled(need: Need, access: &Access) -> bool {
    match access {
        Access::File => true,
        Access::Team(perms) => !need.file_only && need.perm.is_none_or(|p| perms.contains(&p)),
    }
}

/// Every clickable item's id and what it needs, in the menu's order.
pub fn items() -> impl Iterator<Item = (&'static str, Need)> {
    MENU.iter().flat_map(|s| {
        s.entries.iter().filter_map(|e| match *e {
            Item(id, _, _, need) => Some((id, need)),
            _ => None,
        })
    })
}

/// The UI's `ipc/menu.ts`: what each item needs, so the UI refuses the same
/// clicks the menu greys (generated; checked by the API's bindings test).
pub fn typescript_menu_needs() -> String {
    let mut out = String::from(
        "// Generated from `tierdesk_api::menu_words::MENU` (typescript_menu_needs). Do not edit:\n\
         // run `UPDATE_BINDINGS=1 cargo test -p tierdesk-api bindings` after changing the menu.\n\n\
         import type { Perm } from \"./bindings\";\n\n\
         /** What a native menu item needs: a permission (null: anyone's) and whether it is only for a local file. */\n\
         export interface MenuNeed {\n  perm: Perm | null;\n  fileOnly: boolean;\n}\n\n\
         /** Each native menu item by its id. */\n\
         export const MENU_NEEDS: Readonly<Record<string, MenuNeed>> = {\n",
    );
    for (id, need) in items() {
        let perm = need
            .perm
            .map_or_else(|| "null".to_owned(), |p| format!("\"{}\"", perm_key(p)));
        out.push_str(&format!(
            "  {id}: {{ perm: {perm}, fileOnly: {} }},\n",
            need.file_only
        ));
    }
    out.push_str("};\n");
    out
}

/// A permission's key as serde writes it (`edit_own`).
fn perm_key(perm: Perm) -> String {
    serde_json::to_value(perm)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use tierdesk_domain::Role;

    /// The ids enabled under `access`, in the menu's order.
    fn enabled_ids(access: &Access) -> Vec<&'static str> {
        items()
            .filter(|&(_, need)| enabled(need, access))
            .map(|(id, _)| id)
            .collect()
    }

    /// Which items each role gets on a team database; a local file keeps
    /// every item, and before sign-in only leaving the database and 关于.
    #[test]
    fn each_role_gets_its_items() {
        let all: Vec<&str> = items().map(|(id, _)| id).collect();
        assert_eq!(all.len(), 24, "{all:?}");
        assert_eq!(enabled_ids(&Access::File), all);
        let team = |role: Role| enabled_ids(&Access::Team(role.perms()));
        let anyone = ["db_new", "db_open", "team_connect", "about"];
        assert_eq!(enabled_ids(&Access::Team(Vec::new())), anyone);
        let viewer = [
            "db_new",
            "db_open",
            "team_connect",
            "report",
            "customer_find",
            "view_dashboard",
            "view_customers",
            "view_audit",
            "about",
        ];
        assert_eq!(team(Role::Viewer), viewer);
        let sales = [
            "db_new",
            "db_open",
            "team_connect",
            "report",
            "customer_new",
            "customer_find",
            "view_dashboard",
            "view_customers",
            "view_recycle",
            "view_audit",
            "about",
        ];
        assert_eq!(team(Role::Sales), sales);
        let manager = [
            "db_new",
            "db_open",
            "team_connect",
            "import",
            "export_template",
            "export_customers",
            "report",
            "customer_new",
            "customer_find",
            "view_dashboard",
            "view_customers",
            "view_imports",
            "view_evaluate",
            "view_recycle",
            "view_audit",
            "about",
        ];
        assert_eq!(team(Role::Manager), manager);
        // The 管理员 gets everything but what only a local file has.
        let file_only = [
            "team_copy",
            "backup",
            "backup_restore",
            "my_name",
            "db_password",
        ];
        let admin: Vec<&str> = all
            .iter()
            .copied()
            .filter(|id| !file_only.contains(id))
            .collect();
        assert_eq!(admin.len(), 19);
        assert_eq!(team(Role::Admin), admin);
        // Each role's items hold the smaller role's.
        for (small, big) in [
            (&viewer[..], &sales[..]),
            (&sales, &manager),
            (&manager, &admin),
        ] {
            assert!(small.iter().all(|id| big.contains(id)), "{small:?}");
        }
    }

    /// The session a database gives: a file is everything whoever is at the
    /// desk, a team database its person's permissions.
    #[test]
    fn access_follows_the_session() {
        let session = |role: Role, team: bool| Session {
            user_id: team.then_some(3),
            login: "li".into(),
            name: "李四".into(),
            role,
            perms: role.perms(),
            team,
        };
        assert_eq!(Access::of_session(false, None), Access::File);
        let desk = session(Role::Admin, false);
        assert_eq!(Access::of_session(false, Some(&desk)), Access::File);
        assert_eq!(Access::of_session(true, None), Access::Team(vec![]));
        let li = session(Role::Sales, true);
        assert_eq!(
            Access::of_session(true, Some(&li)),
            Access::Team(vec![View, EditOwn])
        );
    }

    /// The generated TypeScript names every item once, with its need.
    #[test]
    fn the_typescript_table_lists_every_item() {
        let ts = typescript_menu_needs();
        assert_eq!(ts.matches("fileOnly: ").count(), items().count() + 1);
        assert!(ts.contains("  export_customers: { perm: \"export_all\", fileOnly: false },\n"));
        assert!(ts.contains("  my_name: { perm: \"settings\", fileOnly: true },\n"));
        assert!(ts.contains("  about: { perm: null, fileOnly: false },\n"));
    }

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
                    Item(id, zh, en, _) => {
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
