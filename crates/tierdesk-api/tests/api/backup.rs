//! Backups and restore through the API: backup → damage → restore gives the
//! same customers back; a bad backup is refused and changes nothing; the
//! rotation keeps what it says; automatic backups are taken when due and
//! before the changes that rewrite many rows.
//!
//! SQLite only: backups are copies of the database file (a team database's
//! are its server's; audit.rs checks they refuse there).
//!
//! Every backups folder here is under `TIERDESK_BACKUP_DIR`, which
//! `.cargo/config.toml` points into the build folder for `cargo test`; each
//! database's folder is its own (named after its path).
//!
//! (Over 600 lines: the backup and restore story in one place, from names
//! and rotation to a restore over a damaged file and of an encrypted one.)

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, NaiveDateTime};
use tierdesk_api::domain::audit::AuditFilter;
use tierdesk_api::domain::{Customer, CustomerDraft, CustomerQuery};
use tierdesk_api::{
    backup_name, parse_backup_name, rotation, Api, BackupReason, ErrorCode, KEEP_SETTING,
};

/// Removes backups folders that earlier test runs left under
/// `TIERDESK_BACKUP_DIR` (every test that writes to a file with customers
/// backs it up first: some 85 MB a run). Only folders untouched for an
/// hour go, so the tests running now keep theirs.
fn prune_old_test_backups() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let Some(root) = std::env::var_os(tierdesk_api::BACKUP_DIR_ENV) else {
            return;
        };
        let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
        for entry in std::fs::read_dir(root).into_iter().flatten().flatten() {
            let old = entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < hour_ago);
            if old {
                let _ = std::fs::remove_dir_all(entry.path());
            }
        }
    });
}

fn at(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M:%S").unwrap()
}

/// Every customer with every field, archive and recycle bin, by id.
fn everyone(api: &Api) -> Vec<Customer> {
    let mut all = Vec::new();
    for deleted in [false, true] {
        let page = api
            .list_customers(&CustomerQuery {
                limit: 100_000,
                deleted,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(page.items.len() as u64, page.total);
        all.extend(page.items);
    }
    all.sort_by_key(|c| c.id);
    all
}

/// A database of `n` demo customers (every kind of field filled) in a fresh
/// folder, with one customer in the recycle bin.
fn demo(n: usize) -> (tempfile::TempDir, PathBuf, Api) {
    prune_old_test_backups();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("archive.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(n, 11, |_| {}).unwrap();
    let first = everyone(&api)[0].id;
    api.delete_customers(&[first]).unwrap();
    (dir, path, api)
}

/// The names of the backups in the database's folder, oldest first.
fn names(api: &Api) -> Vec<String> {
    let mut names: Vec<String> = api.backups().unwrap().into_iter().map(|b| b.name).collect();
    names.reverse();
    names
}

/// The log's entries with this action, newest first: (summary, facts).
fn logged(api: &Api, action: &str) -> Vec<String> {
    api.audit_list(&AuditFilter {
        action: Some(action.into()),
        ..Default::default()
    })
    .unwrap()
    .items
    .into_iter()
    .map(|e| e.summary)
    .collect()
}

/// Overwrites three pages of a closed file with noise, from the root page of
/// the customers table: the table every check and count reads, wherever
/// later migrations' tables and indexes put the file's middle pages (the
/// search index's pages there went unnoticed by a backup's count).
fn damage_middle(path: &Path) {
    let root: i64 = rusqlite::Connection::open(path)
        .unwrap()
        .query_row(
            "SELECT rootpage FROM sqlite_master WHERE name = 'customers'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    let first = root as usize - 1;
    assert!(pages >= first + 3, "{pages} pages, customers at {root}");
    for (i, b) in bytes[first * page..(first + 3) * page]
        .iter_mut()
        .enumerate()
    {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn backup_damage_restore_gives_every_customer_back() {
    let (_dir, path, api) = demo(1_500);
    let before = everyone(&api);
    assert_eq!(before.len(), 1_500);
    let backup = api.backup_now(BackupReason::Manual).unwrap();
    assert!(backup.ok, "{backup:?}");
    assert_eq!(backup.customers, 1_499, "the recycle bin is not counted");
    assert_eq!(backup.reason, Some(BackupReason::Manual));
    drop(api);

    damage_middle(&path);
    let mut api = Api::open(&path).unwrap();
    assert_eq!(api.verify_database().unwrap_err().code, ErrorCode::Database);

    let summary = api.restore_backup(Path::new(&backup.file)).unwrap();
    assert_eq!(summary.customers_after, 1_499);
    let safety = summary
        .safety_backup
        .expect("the damaged file is kept as it was");
    assert_eq!(safety.reason, Some(BackupReason::Restore));
    assert!(!safety.ok, "a byte copy of a damaged file: {safety:?}");
    // The Api works on the restored file, and so does a new one.
    api.verify_database().unwrap();
    assert_eq!(everyone(&api), before);
    drop(api);
    let api = Api::open(&path).unwrap();
    api.verify_database().unwrap();
    assert_eq!(everyone(&api), before);
    // The restored file's log goes on from the moment of the copy (the
    // entry of the backup itself came after it), with the restore.
    assert!(logged(&api, "backup.create").is_empty());
    let restores = logged(&api, "backup.restore");
    assert_eq!(restores.len(), 1, "{restores:?}");
    assert!(restores[0].starts_with("从备份恢复，客户 "), "{restores:?}");
    assert!(restores[0].ends_with(" → 1499"), "{restores:?}");
    api.audit_verify().unwrap();
}

#[test]
fn restoring_an_older_backup_says_customers_before_and_after() {
    let (_dir, path, mut api) = demo(40);
    let backup = api.backup_now(BackupReason::Manual).unwrap();
    let before = everyone(&api);
    let ids: Vec<i64> = before.iter().skip(1).take(3).map(|c| c.id).collect();
    api.delete_customers(&ids).unwrap();
    api.empty_recycle_bin().unwrap();
    api.create_customer(CustomerDraft {
        name: "新客户".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(api.db_info().unwrap().customers, 37);

    let summary = api.restore_backup(Path::new(&backup.file)).unwrap();
    assert_eq!(
        (summary.customers_before, summary.customers_after),
        (Some(37), 39)
    );
    let safety = summary.safety_backup.unwrap();
    assert!(safety.ok);
    assert_eq!(
        safety.customers, 37,
        "the safety backup holds the file as it was"
    );
    assert_eq!(everyone(&api), before);
    // Writes go on in the restored file.
    api.create_customer(CustomerDraft {
        name: "恢复后".into(),
        ..Default::default()
    })
    .unwrap();
    drop(api);
    assert_eq!(Api::open(&path).unwrap().db_info().unwrap().customers, 40);
}

#[test]
fn a_damaged_or_foreign_backup_is_refused_and_nothing_changes() {
    let (dir, path, mut api) = demo(1_500);
    let good = api.backup_now(BackupReason::Manual).unwrap();
    let bad = dir.path().join("bad.db");
    std::fs::copy(&good.file, &bad).unwrap();
    damage_middle(&bad);
    let text = dir.path().join("text.db");
    std::fs::write(&text, "客户名单\n".repeat(500)).unwrap();
    let missing = dir.path().join("missing.db");

    let before = everyone(&api);
    let backups_before = names(&api);
    for file in [&bad, &text, &missing, &path] {
        let err = api.restore_backup(file).unwrap_err();
        assert!(
            err.message.contains(&file.display().to_string()),
            "{}",
            err.message
        );
        assert_eq!(everyone(&api), before, "{}", file.display());
        assert_eq!(
            names(&api),
            backups_before,
            "no safety backup for a refusal"
        );
    }
    let err = api.restore_backup(&bad).unwrap_err();
    assert_eq!(err.code, ErrorCode::Database);
    assert!(
        err.message.ends_with("当前数据库没有改动"),
        "{}",
        err.message
    );
    let leftovers: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

/// One rotation case: backups at these moments, `keep`, today; the
/// moments that remain.
fn check_rotation(moments: &[&str], keep: usize, today: &str, kept: &[&str]) {
    let backups: Vec<(NaiveDateTime, String)> = moments
        .iter()
        .map(|m| (at(m), backup_name(at(m), BackupReason::Daily, 1)))
        .collect();
    let gone = rotation(
        &backups,
        keep,
        NaiveDate::parse_from_str(today, "%Y-%m-%d").unwrap(),
    );
    let mut left: Vec<String> = backups
        .iter()
        .filter(|b| !gone.contains(&b.1))
        .map(|b| b.0.format("%Y-%m-%d %H:%M:%S").to_string())
        .collect();
    left.sort();
    assert_eq!(left, kept, "keep {keep}, today {today}, from {moments:?}");
}

#[test]
fn rotation_keeps_the_newest_and_the_first_of_each_recent_month() {
    let days = |from: u32, to: u32, month: &str| -> Vec<String> {
        (from..=to)
            .map(|d| format!("{month}-{d:02} 09:00:00"))
            .collect()
    };
    let nov = days(1, 30, "2026-11");
    let nov: Vec<&str> = nov.iter().map(String::as_str).collect();
    // Thirty daily backups in one month, keep 14: the newest 14 and the 1st.
    let mut kept: Vec<&str> = vec![nov[0]];
    kept.extend(&nov[16..]);
    check_rotation(&nov, 14, "2026-11-30", &kept);
    // Fewer than keep: nothing goes.
    check_rotation(&nov[..5], 14, "2026-11-30", &nov[..5]);
    // keep 0 is read as 1: the newest stays, and the month's first.
    check_rotation(&nov[..5], 0, "2026-11-30", &[nov[0], nov[4]]);

    let months = [
        "2025-09-15 10:00:00",
        "2025-10-02 10:00:00",
        "2025-10-20 10:00:00",
        "2025-11-30 23:59:59",
        "2025-12-01 00:00:00",
        "2026-03-05 08:00:00",
        "2026-03-01 08:00:00",
        "2026-11-29 18:00:00",
        "2026-11-30 08:00:00",
        "2026-11-30 08:00:01",
    ];
    // Keep 2: the two newest, and the first of each month from 2025-12 to
    // 2026-11 (twelve months); 2025-09, 2025-10 and 2025-11 are too old.
    check_rotation(
        &months,
        2,
        "2026-11-30",
        &[
            "2025-12-01 00:00:00",
            "2026-03-01 08:00:00",
            "2026-11-29 18:00:00",
            "2026-11-30 08:00:00",
            "2026-11-30 08:00:01",
        ],
    );
    // A month later, 2025-12 drops out too (2026-12 has no backup).
    check_rotation(
        &months,
        2,
        "2026-12-31",
        &[
            "2026-03-01 08:00:00",
            "2026-11-29 18:00:00",
            "2026-11-30 08:00:00",
            "2026-11-30 08:00:01",
        ],
    );
    // Keep 14 holds all ten.
    let mut all = months.to_vec();
    all.sort();
    check_rotation(&months, 14, "2026-11-30", &all);
}

#[test]
fn names_say_when_and_why_and_never_collide() {
    let cases = [
        (
            "2026-11-30 14:09:40",
            BackupReason::Import,
            1,
            "tierdesk-20261130-140940-import.db",
        ),
        (
            "2026-01-02 03:04:05",
            BackupReason::Migration,
            2,
            "tierdesk-20260102-030405-migration-2.db",
        ),
        (
            "2026-01-02 03:04:05",
            BackupReason::Password,
            12,
            "tierdesk-20260102-030405-password-12.db",
        ),
    ];
    for (moment, reason, nth, name) in cases {
        assert_eq!(backup_name(at(moment), reason, nth), name);
        assert_eq!(parse_backup_name(name), Some((at(moment), reason)));
    }
    for reason in BackupReason::ALL {
        let name = backup_name(at("2026-11-30 00:00:00"), reason, 1);
        assert_eq!(parse_backup_name(&name).unwrap().1, reason);
    }
    for other in [
        "tierdesk.db",
        "tierdesk-20261130-140940-import.db-wal",
        "tierdesk-20261130-140940-holiday.db",
        "tierdesk-20261399-140940-import.db",
        "tierdesk-20261130-140940-import-1.db",
        ".tierdesk-20261130-140940-import.db.1-0.tmp",
    ] {
        assert_eq!(parse_backup_name(other), None, "{other}");
    }

    let (_dir, _path, api) = demo(5);
    let moment = at("2026-11-30 09:00:00");
    let first = api.backup_at(BackupReason::Manual, moment).unwrap();
    let second = api.backup_at(BackupReason::Manual, moment).unwrap();
    assert_eq!(first.name, "tierdesk-20261130-090000-manual.db");
    assert_eq!(second.name, "tierdesk-20261130-090000-manual-2.db");
    assert_eq!(names(&api), [first.name, second.name]);
}

#[test]
fn each_backup_rotates_the_folder_by_the_setting() {
    let (_dir, _path, api) = demo(5);
    api.set_setting(KEEP_SETTING, "3").unwrap();
    for day in 1..=6 {
        api.backup_at(
            BackupReason::Daily,
            at(&format!("2026-11-{day:02} 09:00:00")),
        )
        .unwrap();
    }
    assert_eq!(
        names(&api),
        [
            "tierdesk-20261101-090000-daily.db",
            "tierdesk-20261104-090000-daily.db",
            "tierdesk-20261105-090000-daily.db",
            "tierdesk-20261106-090000-daily.db",
        ]
    );
    // A file in the folder that is not a backup stays; so does a temporary
    // copy being written now, while one a killed backup left hours ago goes.
    let dir = api.backup_dir().unwrap();
    std::fs::write(dir.join("notes.txt"), "keep me").unwrap();
    let fresh = dir.join(".tierdesk-20261107-090000-daily.db.999-0.tmp");
    let stale = dir.join(".tierdesk-20261101-090000-daily.db.998-0.tmp");
    std::fs::write(&fresh, "being written").unwrap();
    std::fs::write(&stale, "left by a killed backup").unwrap();
    let hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3 * 3600);
    std::fs::File::options()
        .write(true)
        .open(&stale)
        .unwrap()
        .set_modified(hours_ago)
        .unwrap();
    api.backup_at(BackupReason::Daily, at("2026-11-07 09:00:00"))
        .unwrap();
    assert!(dir.join("notes.txt").exists());
    assert!(fresh.exists());
    assert!(!stale.exists());
    assert_eq!(names(&api).len(), 4);
}

#[test]
fn automatic_backups_come_when_due_and_something_changed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("auto.db");
    let mut api = Api::open(&path).unwrap();
    let day1 = at("2026-11-30 09:00:00");
    assert_eq!(
        api.backup_if_due(BackupReason::Open, day1).unwrap(),
        None,
        "an empty database is not backed up"
    );
    api.fill_demo(20, 3, |_| {}).unwrap();
    let first = api
        .backup_if_due(BackupReason::Open, day1)
        .unwrap()
        .unwrap();
    assert_eq!(first.reason, Some(BackupReason::Open));
    assert_eq!(first.customers, 20);
    assert_eq!(
        api.backup_if_due(BackupReason::Open, at("2026-11-30 10:00:00"))
            .unwrap(),
        None,
        "nothing changed since"
    );
    api.create_customer(CustomerDraft {
        name: "新来的".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        api.backup_if_due(BackupReason::Daily, at("2026-11-30 23:00:00"))
            .unwrap(),
        None,
        "a daily backup waits for the next day"
    );
    let daily = api
        .backup_if_due(BackupReason::Daily, at("2026-12-01 08:00:00"))
        .unwrap()
        .unwrap();
    assert_eq!(daily.customers, 21);
    assert_eq!(
        api.backup_if_due(BackupReason::Daily, at("2026-12-02 08:00:00"))
            .unwrap(),
        None,
        "nothing changed since yesterday's"
    );
    // An edit that keeps the count still counts as a change.
    let someone = everyone(&api)[0].clone();
    std::thread::sleep(std::time::Duration::from_millis(1_100));
    api.update_customer(
        someone.id,
        CustomerDraft {
            name: format!("{}（改）", someone.name),
            tier: someone.tier.clone(),
            ..Default::default()
        },
    )
    .unwrap();
    assert!(api
        .backup_if_due(BackupReason::Daily, at("2026-12-02 08:00:00"))
        .unwrap()
        .is_some());
    assert_eq!(names(&api).len(), 3);
    assert_eq!(
        logged(&api, "backup.create"),
        [
            "创建备份（每日），21 位客户",
            "创建备份（每日），21 位客户",
            "创建备份（打开时），20 位客户"
        ]
    );
}

#[test]
fn changes_that_rewrite_many_rows_are_backed_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changes.db");
    let mut api = Api::open(&path).unwrap();
    assert_eq!(
        api.backup_before(BackupReason::Erase).unwrap(),
        None,
        "empty"
    );
    let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
    // The first import into an empty database has nothing to back up.
    let req = crate::import::request(&crate::import::fixture());
    let first = api
        .commit_import(&req, "测试", &mut crate::import::go)
        .unwrap();
    assert!(names(&api).is_empty(), "{:?}", names(&api));
    let count = |api: &Api, reason: BackupReason| {
        api.backups()
            .unwrap()
            .iter()
            .filter(|b| b.reason == Some(reason))
            .count()
    };
    // Its undo has: the customers it made.
    api.undo_import(first.import_id).unwrap();
    assert_eq!(count(&api, BackupReason::Import), 1);
    api.fill_demo(10, 5, |_| {}).unwrap();
    api.commit_import(&req, "测试", &mut crate::import::go)
        .unwrap();
    assert_eq!(count(&api, BackupReason::Import), 2);
    api.apply_evaluation("star4", day, None, "测试", &[])
        .unwrap();
    assert_eq!(count(&api, BackupReason::Rating), 1);
    api.undo_last_batch().unwrap();
    assert_eq!(count(&api, BackupReason::Rating), 2);
    let erase = api.backup_before(BackupReason::Erase).unwrap().unwrap();
    assert_eq!(erase.reason, Some(BackupReason::Erase));
    assert!(erase.ok);
    // Never skipped because nothing changed.
    assert!(api.backup_before(BackupReason::Erase).unwrap().is_some());
    assert_eq!(count(&api, BackupReason::Erase), 2);
    // A backup that cannot be written stops the change, which is not made.
    let blocked = api.backup_dir().unwrap();
    std::fs::remove_dir_all(&blocked).unwrap();
    std::fs::write(&blocked, "a file where the folder should be").unwrap();
    let customers = api.db_info().unwrap().customers;
    let batches = api.batches().unwrap();
    let err = api
        .apply_evaluation("star4", day, None, "测试", &[])
        .unwrap_err();
    assert!(err.message.ends_with("数据库没有改动"), "{}", err.message);
    assert_eq!(api.batches().unwrap(), batches);
    assert_eq!(api.db_info().unwrap().customers, customers);
    std::fs::remove_file(&blocked).unwrap();
}

#[test]
fn opening_a_file_that_needs_a_migration_backs_it_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("old.db");
    {
        let mut api = Api::open(&path).unwrap();
        api.fill_demo(12, 9, |_| {}).unwrap();
    }
    let folder = tierdesk_api::backup_folder(&path);
    let current = tierdesk_api::Api::open(&path)
        .unwrap()
        .db_info()
        .unwrap()
        .schema_version;
    assert!(!folder.exists(), "no migration, no backup");
    // What an older TierDesk left: the same tables, an older version number.
    set_user_version(&path, current - 1);
    let api = Api::open(&path).unwrap();
    let backups = api.backups().unwrap();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(backups[0].reason, Some(BackupReason::Migration));
    assert_eq!(backups[0].customers, 12);
    assert!(backups[0].ok);
    drop(api);
    // Opened again, nothing is pending: no second backup.
    assert_eq!(Api::open(&path).unwrap().backups().unwrap().len(), 1);
}

/// Sets a file's schema version as an older program would have left it.
fn set_user_version(path: &Path, version: i64) {
    // The header field (bytes 60..64, big-endian) of the closed file.
    let mut bytes = std::fs::read(path).unwrap();
    bytes[60..64].copy_from_slice(&(version as u32).to_be_bytes());
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn backups_of_an_encrypted_database_are_listed_and_restored_with_its_password() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("secret.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(30, 2, |_| {}).unwrap();
    let plain = api.backup_now(BackupReason::Manual).unwrap();
    api.set_password("芝麻开门123").unwrap();
    assert!(api.has_password());
    let secret = api.backup_now(BackupReason::Manual).unwrap();
    let head = std::fs::read(&secret.file).unwrap();
    assert!(
        !head.starts_with(b"SQLite format 3"),
        "the backup is encrypted"
    );
    // Both read: the plain one from before the password, the encrypted one with it.
    let listed = api.backups().unwrap();
    assert!(
        listed.iter().all(|b| b.ok && b.customers == 30),
        "{listed:?}"
    );
    assert!(listed
        .iter()
        .any(|b| b.reason == Some(BackupReason::Password)));

    let before = everyone(&api);
    let gone: Vec<i64> = before.iter().take(5).map(|c| c.id).collect();
    api.delete_customers(&gone).unwrap();
    let summary = api.restore_backup(Path::new(&secret.file)).unwrap();
    assert_eq!(
        (summary.customers_before, summary.customers_after),
        (Some(25), 30)
    );
    assert!(summary.safety_backup.unwrap().ok);
    assert!(api.has_password(), "the restored file keeps its password");
    assert_eq!(everyone(&api), before);
    drop(api);
    assert_eq!(
        Api::open(&path).err().map(|e| e.code),
        Some(ErrorCode::PasswordNeeded),
        "still encrypted on disk"
    );
    let api = Api::open_with_password(&path, Some("芝麻开门123".into())).unwrap();
    assert_eq!(everyone(&api), before);
    assert!(Path::new(&plain.file).exists());
}

#[test]
fn a_backup_from_before_a_password_change_restores_with_the_password_of_that_time() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("changed.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(20, 2, |_| {}).unwrap();
    api.set_password("旧密码-1").unwrap();
    let old = api.backup_now(BackupReason::Manual).unwrap();
    let before = everyone(&api);
    api.change_password("旧密码-1", "新密码-2").unwrap();
    let gone: Vec<i64> = before.iter().take(3).map(|c| c.id).collect();
    api.delete_customers(&gone).unwrap();
    let after_delete = everyone(&api);

    // Listed as locked, not as damaged.
    let listed = api.backups().unwrap();
    let entry = listed.iter().find(|b| b.file == old.file).unwrap();
    assert!(!entry.ok && entry.locked, "{entry:?}");
    assert!(entry
        .problem
        .as_deref()
        .unwrap()
        .contains("做这个备份时的密码"));
    // The new password does not open it, and a wrong one neither: nothing changes.
    for tried in [None, Some("不对的")] {
        let err = api
            .restore_backup_with_password(Path::new(&old.file), tried)
            .unwrap_err();
        assert_eq!(err.code, ErrorCode::WrongPassword, "{}", err.message);
        assert!(
            err.message.contains("当前数据库没有改动"),
            "{}",
            err.message
        );
        assert_eq!(everyone(&api), after_delete);
    }
    // The password of that time restores it, and the file has that password again.
    let summary = api
        .restore_backup_with_password(Path::new(&old.file), Some("旧密码-1"))
        .unwrap();
    assert_eq!(
        (summary.customers_before, summary.customers_after),
        (Some(17), 20)
    );
    assert_eq!(everyone(&api), before);
    drop(api);
    assert_eq!(
        Api::open_with_password(&path, Some("新密码-2".into()))
            .err()
            .map(|e| e.code),
        Some(ErrorCode::WrongPassword)
    );
    let api = Api::open_with_password(&path, Some("旧密码-1".into())).unwrap();
    assert_eq!(everyone(&api), before);
}

#[test]
fn a_file_another_program_has_open_is_not_replaced() {
    let (_dir, path, mut api) = demo(25);
    let backup = api.backup_now(BackupReason::Manual).unwrap();
    api.create_customer(CustomerDraft {
        name: "后来的".into(),
        ..Default::default()
    })
    .unwrap();
    let before = everyone(&api);
    // The CLI, or a second window, with the same file open.
    let other = Api::open(&path).unwrap();
    assert_eq!(other.db_info().unwrap().customers, 25);
    let err = api.restore_backup(Path::new(&backup.file)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Busy);
    assert!(err.message.contains("数据库没有改动"), "{}", err.message);
    // Both go on working on the file as it was.
    assert_eq!(everyone(&api), before);
    api.create_customer(CustomerDraft {
        name: "又一位".into(),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(other.db_info().unwrap().customers, 26);
    drop(other);
    // Alone with the file, the restore goes ahead.
    let summary = api.restore_backup(Path::new(&backup.file)).unwrap();
    assert_eq!(
        (summary.customers_before, summary.customers_after),
        (Some(26), 24)
    );
    let leftovers: Vec<String> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn the_backup_being_restored_survives_the_rotation_of_the_safety_backup() {
    let (_dir, path, mut api) = demo(5);
    api.set_setting(KEEP_SETTING, "3").unwrap();
    // Three backups from long ago: the oldest is the fourth newest once the
    // restore has backed the current file up, and its month is too old to
    // keep a first-of-the-month backup.
    let oldest = api
        .backup_at(BackupReason::Daily, at("2025-01-01 09:00:00"))
        .unwrap();
    for day in 2..=3 {
        api.backup_at(
            BackupReason::Daily,
            at(&format!("2025-01-{day:02} 09:00:00")),
        )
        .unwrap();
    }
    let other = Api::open(&path).unwrap();
    let err = api.restore_backup(Path::new(&oldest.file)).unwrap_err();
    assert_eq!(err.code, ErrorCode::Busy);
    // The restore did not happen: the backup the person chose is still there
    // to try again with.
    assert!(Path::new(&oldest.file).exists(), "{:?}", names(&api));
    drop(other);
    let summary = api.restore_backup(Path::new(&oldest.file)).unwrap();
    assert_eq!(summary.customers_after, oldest.customers);
}

#[test]
fn restoring_a_backup_from_before_the_password_keeps_the_file_encrypted() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kept-secret.db");
    let mut api = Api::open(&path).unwrap();
    api.fill_demo(12, 2, |_| {}).unwrap();
    let plain = api.backup_now(BackupReason::Manual).unwrap();
    let before = everyone(&api);
    api.set_password("芝麻开门-7").unwrap();
    api.create_customer(CustomerDraft {
        name: "加密后新增".into(),
        ..Default::default()
    })
    .unwrap();
    let summary = api.restore_backup(Path::new(&plain.file)).unwrap();
    assert_eq!(
        (summary.customers_before, summary.customers_after),
        (Some(13), 12)
    );
    assert_eq!(everyone(&api), before);
    assert!(api.has_password(), "the restore kept the password");
    drop(api);
    let head = std::fs::read(&path).unwrap();
    assert!(
        !head.starts_with(b"SQLite format 3"),
        "the customers are not left unencrypted on disk"
    );
    assert_eq!(
        Api::open(&path).err().map(|e| e.code),
        Some(ErrorCode::PasswordNeeded)
    );
    let api = Api::open_with_password(&path, Some("芝麻开门-7".into())).unwrap();
    assert_eq!(everyone(&api), before);
}

/// A restore must not bring back a person who was erased after the backup
/// was taken: they are erased again in the restored file, and neither their
/// name nor their phone is left in it.
#[test]
fn a_restore_never_brings_back_a_person_erased_since_the_backup() {
    let (_dir, path, mut api) = demo(40);
    let id = api
        .create_customer(CustomerDraft {
            name: "要求删除的客户甲".into(),
            phone: Some("13912345678".into()),
            ..Default::default()
        })
        .unwrap()
        .id;
    let kept = api
        .create_customer(CustomerDraft {
            name: "留下的客户乙".into(),
            ..Default::default()
        })
        .unwrap()
        .id;
    let backup = api.backup_now(BackupReason::Manual).unwrap();
    api.erase_customer_by_id(id, "客户本人要求删除").unwrap();

    let summary = api.restore_backup(Path::new(&backup.file)).unwrap();
    assert_eq!(summary.erased_again, 1);
    let all = everyone(&api);
    assert_eq!(all.len(), 41 + 1, "nobody gone, nobody added");
    let erased = all.iter().find(|c| c.id == id).unwrap();
    assert_ne!(erased.name, "要求删除的客户甲");
    assert_eq!(erased.phone, None);
    assert_eq!(
        all.iter().find(|c| c.id == kept).unwrap().name,
        "留下的客户乙"
    );
    drop(api);
    let mut bytes = std::fs::read(&path).unwrap();
    if let Ok(wal) = std::fs::read(path.with_extension("db-wal")) {
        bytes.extend(wal);
    }
    let holds = |needle: &str| bytes.windows(needle.len()).any(|w| w == needle.as_bytes());
    assert!(
        !holds("要求删除的客户甲"),
        "the erased name is back in the file"
    );
    assert!(
        !holds("13912345678"),
        "the erased phone is back in the file"
    );
    assert!(holds("留下的客户乙"));

    // A second restore of the same backup erases again; one from after the
    // erase has nothing to do.
    let mut api = Api::open(&path).unwrap();
    assert_eq!(
        api.restore_backup(Path::new(&backup.file))
            .unwrap()
            .erased_again,
        1
    );
    let later = api.backup_now(BackupReason::Manual).unwrap();
    assert_eq!(
        api.restore_backup(Path::new(&later.file))
            .unwrap()
            .erased_again,
        0
    );
}

/// The chain alone cannot show that its newest entries were removed; the
/// newest backup anchors it. A restore brings back an older log, which the
/// backups taken before the restore do not have to agree with.
#[test]
fn audit_verify_notices_newest_entries_removed_since_a_backup() {
    let (_dir, path, mut api) = demo(10);
    for i in 0..3 {
        api.create_customer(CustomerDraft {
            name: format!("锚点客户{i}"),
            ..Default::default()
        })
        .unwrap();
    }
    let anchor = api.backup_now(BackupReason::Manual).unwrap();
    api.create_customer(CustomerDraft {
        name: "备份之后".into(),
        ..Default::default()
    })
    .unwrap();
    let check = api.audit_verify().unwrap();
    assert!(check.broken.is_none(), "{}", check.message);

    // Restoring the backup is no tampering, though the safety backup holds
    // entries the restored log has not.
    api.restore_backup(Path::new(&anchor.file)).unwrap();
    let check = api.audit_verify().unwrap();
    assert!(check.broken.is_none(), "{}", check.message);
    let head = api.backup_now(BackupReason::Manual).unwrap();

    // Someone with a SQLite shell drops the triggers and removes the newest
    // entries: every hash left still links, only the backup tells.
    let last: i64 = {
        let raw = rusqlite::Connection::open(&path).unwrap();
        raw.execute_batch(
            "PRAGMA foreign_keys = OFF;
             DROP TRIGGER audit_log_no_delete;
             DROP TRIGGER audit_details_no_delete;",
        )
        .unwrap();
        let last: i64 = raw
            .query_row("SELECT max(id) FROM audit_log", [], |r| r.get(0))
            .unwrap();
        raw.execute("DELETE FROM audit_details WHERE entry_id >= ?1", [last - 1])
            .unwrap();
        raw.execute("DELETE FROM audit_log WHERE id >= ?1", [last - 1])
            .unwrap();
        last
    };
    let check = api.audit_verify().unwrap();
    let broken = check.broken.expect("the removed entries are noticed");
    // The backup's newest entry is the one before its own backup.create.
    assert_eq!(broken.entry_id, last - 1);
    assert!(broken.problem.contains(&head.name), "{}", broken.problem);
    assert!(
        check.message.contains("操作日志被改动过"),
        "{}",
        check.message
    );
}
