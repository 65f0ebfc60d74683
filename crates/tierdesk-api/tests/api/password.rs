//! The database password through the API: opening with and without it, set
//! → change → remove keeping every customer, a backup before each, refusals
//! with the codes the app branches on.
//!
//! SQLite only: the password encrypts the database file (audit.rs checks
//! that a team database refuses it).

use std::path::Path;

use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::{Customer, CustomerQuery};
use tierdesk_api::{Api, ErrorCode};

const HEADER: &[u8] = b"SQLite format 3\0";

/// Every customer, archive and recycle bin, in id order, every field.
fn everyone(api: &Api) -> Vec<Customer> {
    let mut all = Vec::new();
    for deleted in [false, true] {
        let mut offset = 0;
        loop {
            let page = api
                .list_customers(&CustomerQuery {
                    limit: 1000,
                    offset,
                    deleted,
                    ..Default::default()
                })
                .unwrap();
            if page.items.is_empty() {
                break;
            }
            offset += page.items.len() as u32;
            all.extend(page.items);
        }
    }
    all.sort_by_key(|c| c.id);
    all
}

fn plain(path: &Path) -> bool {
    std::fs::read(path).unwrap().starts_with(HEADER)
}

/// The backups of this database taken before a password change.
fn password_backups(api: &Api) -> usize {
    let Some(dir) = api.backup_dir() else {
        return 0;
    };
    std::fs::read_dir(dir)
        .map(|d| {
            d.filter_map(|e| e.ok())
                .filter(|e| e.file_name().to_string_lossy().contains("password"))
                .count()
        })
        .unwrap_or(0)
}

#[test]
fn set_change_remove_keeps_every_customer_and_backs_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(1_500, 3, |_| {}).unwrap();
    api.delete_customers(&[4, 9]).unwrap();
    let all = everyone(&api);
    assert_eq!(all.len(), 1_500);
    assert!(!api.has_password());
    let backups = password_backups(&api);

    api.set_password("第一把钥匙").unwrap();
    assert!(api.has_password() && !plain(&path));
    assert_eq!(everyone(&api), all);
    assert_eq!(password_backups(&api), backups + 1);

    api.change_password("第一把钥匙", "second key").unwrap();
    assert_eq!(everyone(&api), all);
    assert_eq!(password_backups(&api), backups + 2);
    drop(api);
    let err = Api::open_with_password(&path, Some("第一把钥匙".into()))
        .err()
        .unwrap();
    assert_eq!(err.code, ErrorCode::WrongPassword);
    let mut api = Api::open_with_password(&path, Some("second key".into())).unwrap();
    assert_eq!(everyone(&api), all);

    api.remove_password("second key").unwrap();
    assert!(!api.has_password() && plain(&path));
    assert_eq!(everyone(&api), all);
    assert_eq!(password_backups(&api), backups + 3);
    drop(api);
    let api = Api::open(&path).unwrap();
    assert_eq!(everyone(&api), all);

    // The log says what happened, in order, never with the password, and its
    // chain holds across the three rewrites of the file.
    let log = api
        .audit_list(&AuditFilter {
            limit: Some(10_000),
            ..Default::default()
        })
        .unwrap();
    let actions: Vec<&str> = log
        .items
        .iter()
        .filter(|e| e.action.starts_with("password."))
        .map(|e| e.action.as_str())
        .collect();
    assert_eq!(
        actions,
        ["password.remove", "password.change", "password.set"]
    );
    let text = serde_json::to_string(&log.items).unwrap();
    for secret in ["第一把钥匙", "second key"] {
        assert!(!text.contains(secret), "{secret} in the log");
    }
    let check = api.audit_verify().unwrap();
    assert!(check.broken.is_none(), "{}", check.message);
}

#[test]
fn opening_an_encrypted_file_without_or_with_a_wrong_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("locked.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(20, 1, |_| {}).unwrap();
    api.set_password("pw").unwrap();
    drop(api);
    let before = std::fs::read(&path).unwrap();

    let err = Api::open(&path).err().unwrap();
    assert_eq!(err.code, ErrorCode::PasswordNeeded);
    assert!(err.message.contains("可能设了密码"), "{}", err.message);
    assert!(err.message.contains("locked.db"), "{}", err.message);
    for _ in 0..5 {
        let err = Api::open_with_password(&path, Some("PW".into()))
            .err()
            .unwrap();
        assert_eq!(err.code, ErrorCode::WrongPassword);
        assert_eq!(
            err.message,
            "密码不对，或者这个文件不是 TierDesk 数据库。文件没有被改动"
        );
    }
    assert!(std::fs::read(&path).unwrap() == before);
    let api = Api::open_with_password(&path, Some("pw".into())).unwrap();
    assert_eq!(api.db_info().unwrap().customers, 20);
}

/// Each refusal says why and leaves the file and its password as they were.
#[test]
fn refusals_change_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("r.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(10, 2, |_| {}).unwrap();

    let check = |result: tierdesk_api::Result<()>, code: ErrorCode, words: &str| {
        let err = result.expect_err(words);
        assert_eq!(err.code, code, "{}", err.message);
        assert!(err.message.contains(words), "{}", err.message);
    };
    check(
        api.change_password("x", "y"),
        ErrorCode::Conflict,
        "没有设密码",
    );
    check(api.remove_password("x"), ErrorCode::Conflict, "没有设密码");
    check(api.set_password(""), ErrorCode::Invalid, "不能为空");
    check(api.set_password("   "), ErrorCode::Invalid, "不能为空");
    check(api.set_password("a\nb"), ErrorCode::Invalid, "换行");
    check(
        api.set_password(&"长".repeat(257)),
        ErrorCode::Invalid,
        "太长",
    );
    assert!(plain(&path) && !api.has_password());

    api.set_password("right").unwrap();
    let before = everyone(&api);
    check(
        api.set_password("again"),
        ErrorCode::Conflict,
        "已经设了密码",
    );
    check(
        api.change_password("wrong", "new"),
        ErrorCode::WrongPassword,
        "当前密码不对",
    );
    check(
        api.remove_password("wrong"),
        ErrorCode::WrongPassword,
        "当前密码不对",
    );
    check(
        api.change_password("right", "right"),
        ErrorCode::Invalid,
        "相同",
    );
    assert!(api.has_password());
    assert_eq!(everyone(&api), before);
    drop(api);
    assert!(Api::open_with_password(&path, Some("right".into())).is_ok());
}

/// A database in memory has no file to encrypt.
#[test]
fn a_database_in_memory_has_no_password() {
    let mut api = Api::open_in_memory().unwrap();
    assert!(!api.has_password());
    let err = api.set_password("x").unwrap_err();
    assert_eq!(err.code, ErrorCode::Database);
    assert!(
        err.message.contains("没有打开数据库文件"),
        "{}",
        err.message
    );
}
