//! A damaged file is never changed: the pages are checked before the first
//! write, a damaged one is refused with a plain sentence, and a read that
//! meets a damaged page says so too. Deleted personal data leaves the file.

use std::path::{Path, PathBuf};

use rusqlite::Connection;
use tierdesk_domain::{
    CustomerDraft, FieldDef, FieldKind, ImportKind, NewBatch, NewBenefitUse, TierChange,
};
use tierdesk_store::{Store, StoreError, StoredScheme};

/// A closed database of `n` customers (the log checkpointed into the file).
fn database(path: &Path, n: usize) {
    let mut store = Store::open(path).unwrap();
    let drafts: Vec<CustomerDraft> = (0..n)
        .map(|i| CustomerDraft {
            code: Some(format!("C{i:05}")),
            name: format!("客户{i}"),
            phone: Some(format!("139{i:08}")),
            ..Default::default()
        })
        .collect();
    store.insert_customers(&drafts).unwrap();
}

/// A temporary folder holding `name`, a closed database of `n` customers.
fn temp_database(name: &str, n: usize) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    database(&path, n);
    (dir, path)
}

/// The sentence for a damaged file, naming it.
fn damaged_sentence(path: &Path) -> String {
    format!(
        "数据库文件「{}」已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件",
        path.display()
    )
}

/// Asserts a refusal for a damaged file: the plain sentence naming it, the
/// technical detail kept apart.
fn check_damaged_error(err: &StoreError, path: &Path) {
    let StoreError::Damaged { detail, .. } = err else {
        panic!("{err:?}");
    };
    assert!(!detail.is_empty());
    assert_eq!(err.to_string(), damaged_sentence(path));
}

/// A custom text field.
fn text_field(key: &str, label: &str) -> FieldDef {
    FieldDef {
        key: key.into(),
        label: label.into(),
        kind: FieldKind::Text,
        choices: Vec::new(),
    }
}

/// Customer 1's birthday gift, used on the given day of January 2026.
fn birthday_gift(day: u32) -> NewBenefitUse {
    NewBenefitUse {
        customer_id: 1,
        benefit: "生日礼".into(),
        tier: "金卡".into(),
        scheme_key: "rfm".into(),
        used_on: chrono::NaiveDate::from_ymd_opt(2026, 1, day).unwrap(),
        note: String::new(),
        who: "测试".into(),
        over_quota_reason: None,
    }
}

/// A write that may be refused.
type Attempt = fn(&mut Store) -> Result<(), StoreError>;

/// Every kind of write a person can start, each tried on its own.
fn writes() -> Vec<(&'static str, Attempt)> {
    vec![
        ("add a customer", |s| {
            s.insert_customer(&CustomerDraft {
                name: "新客户".into(),
                ..Default::default()
            })
            .map(drop)
        }),
        ("set a setting", |s| s.set_setting("theme", "dark")),
        ("add a field", |s| {
            s.add_field_def(&text_field("city", "城市"))
        }),
        ("move to the recycle bin", |s| {
            s.delete_customers(&[1]).map(drop)
        }),
        ("begin an order import", |s| {
            s.begin_line_import(&crate::order_import(1), &[]).map(drop)
        }),
        ("update statistics", |s| s.analyze()),
    ]
}

/// Opens a damaged file and tries every write: `opens` says whether open
/// itself succeeds (it checks the pages only when opening would write);
/// every write is refused with the plain sentence, and the file's bytes
/// stay as they were.
fn check_refused(path: &Path, opens: bool) {
    let before = std::fs::read(path).unwrap();
    match Store::open(path) {
        Err(err) => {
            assert!(!opens, "refused at open: {err:?}");
            check_damaged_error(&err, path);
        }
        Ok(mut store) => {
            assert!(opens, "a damaged file that writes at open was opened");
            for (what, write) in writes() {
                let err = write(&mut store).expect_err(what);
                check_damaged_error(&err, path);
                assert!(!store.verified(), "{what}");
            }
        }
    }
    assert!(
        std::fs::read(path).unwrap() == before,
        "the file was changed"
    );
}

/// Overwrites the b-tree page of `name` (a table or an index) with noise.
fn overwrite_page_of(path: &Path, name: &str) {
    let (root, page_size): (i64, i64) = {
        let conn = Connection::open(path).unwrap();
        (
            conn.query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = ?1",
                [name],
                |r| r.get(0),
            )
            .unwrap(),
            conn.query_row("PRAGMA page_size", [], |r| r.get(0))
                .unwrap(),
        )
    };
    let mut bytes = std::fs::read(path).unwrap();
    let at = ((root - 1) * page_size) as usize;
    for (i, b) in bytes[at..at + page_size as usize].iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn a_file_of_random_bytes_is_refused_unchanged() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("random.db");
    // A fixed pseudo-random sequence (xorshift), 64 KB less 536 bytes: not
    // a whole number of pages, which an encrypted database always is (whole
    // pages of noise may be one, and are asked for a password: see
    // password.rs).
    std::fs::write(&path, crate::noise(65_000)).unwrap();
    let before = std::fs::read(&path).unwrap();
    let err = Store::open(&path)
        .err()
        .expect("a file of noise is refused");
    let StoreError::NotADatabase { detail, .. } = &err else {
        panic!("{err:?}");
    };
    assert!(!detail.is_empty());
    assert_eq!(
        err.to_string(),
        format!(
            "文件「{}」不是 TierDesk 数据库文件（或已损坏），TierDesk 没有打开也没有改动它。请打开另一个数据库文件，或从备份恢复这个文件",
            path.display()
        )
    );
    assert!(std::fs::read(&path).unwrap() == before);
}

/// An index page overwritten: the file opens (opening writes nothing, so
/// nothing is checked), the customers are read through their table, a
/// search by name that goes through the damaged index says the file is
/// damaged, and every write is refused.
#[test]
fn a_database_with_an_index_page_overwritten_opens_for_reading_and_refuses_writes() {
    let (_dir, path) = temp_database("page.db", 2_000);
    overwrite_page_of(&path, "customers_live_name");
    let before = std::fs::read(&path).unwrap();
    {
        let store = Store::open(&path).unwrap();
        assert_eq!(store.customer(1).unwrap().name, "客户0");
        let err = store
            .list_customers(&tierdesk_domain::CustomerQuery {
                sort: tierdesk_domain::SortKey::Name,
                limit: 5,
                ..Default::default()
            })
            .expect_err("a read through the damaged index");
        assert!(matches!(&err, StoreError::Damaged { path, .. } if path.is_empty()));
        assert_eq!(
            err.to_string(),
            "数据库文件已损坏，TierDesk 没有改动它。请从备份恢复这个文件，或打开另一个数据库文件"
        );
        assert_eq!(store.page_checks(), 0);
    }
    assert!(std::fs::read(&path).unwrap() == before);
    check_refused(&path, true);
}

/// A file cut in half: open already meets a missing page (reading which
/// migrations are applied), so it is refused there.
#[test]
fn a_truncated_database_is_refused_at_open_unchanged() {
    let (_dir, path) = temp_database("short.db", 2_000);
    let bytes = std::fs::read(&path).unwrap();
    std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    check_refused(&path, false);
}

/// Where opening would write (a migration to run, the switch to WAL mode),
/// the pages are checked first, and a damaged file is refused at open.
#[test]
fn a_damaged_database_that_opening_would_write_is_refused_at_open() {
    let cases: [(&str, &str); 2] = [
        (
            "a migration pending",
            "PRAGMA user_version = 9; DELETE FROM schema_migrations WHERE number = 10;",
        ),
        ("the rollback journal", "PRAGMA journal_mode = DELETE;"),
    ];
    for (what, sql) in cases {
        let (_dir, path) = temp_database("old.db", 2_000);
        Connection::open(&path).unwrap().execute_batch(sql).unwrap();
        overwrite_page_of(&path, "customers_live_name");
        let before = std::fs::read(&path).unwrap();
        let err = Store::open(&path).err().expect(what);
        check_damaged_error(&err, &path);
        assert!(std::fs::read(&path).unwrap() == before, "{what}");
    }
}

/// A sound file opened and only read is not checked; the first write checks
/// it once, and later writes do not again.
#[test]
fn the_pages_are_checked_once_at_the_first_write() {
    let (_dir, path) = temp_database("once.db", 50);
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.customer_count().unwrap(), 50);
    assert_eq!(store.setting("theme").unwrap(), None);
    assert!(!store.verified());
    assert_eq!(store.page_checks(), 0);
    store.set_setting("theme", "dark").unwrap();
    assert!(store.verified());
    assert_eq!(store.page_checks(), 1);
    store.delete_customers(&[1, 2]).unwrap();
    store.empty_recycle_bin().unwrap();
    store.verify().unwrap();
    assert_eq!(store.page_checks(), 1);
    assert_eq!(store.customer_count().unwrap(), 48);
    // A new file and a migration are checked at open, before they write.
    let dir = tempfile::tempdir().unwrap();
    let fresh = Store::open(&dir.path().join("new.db")).unwrap();
    assert!(fresh.verified());
    assert_eq!(fresh.page_checks(), 1);
}

/// `verify` checks without writing: a damaged file opened for reading is
/// reported, and the bytes stay as they were.
#[test]
fn verify_reports_a_damaged_file_without_changing_it() {
    let (_dir, path) = temp_database("verify.db", 2_000);
    overwrite_page_of(&path, "customers_live_name");
    let before = std::fs::read(&path).unwrap();
    let store = Store::open(&path).unwrap();
    check_damaged_error(&store.verify().unwrap_err(), &path);
    assert_eq!(store.page_checks(), 1);
    // Asked again, it checks again: the file was not found sound.
    check_damaged_error(&store.verify().unwrap_err(), &path);
    assert_eq!(store.page_checks(), 2);
    drop(store);
    assert!(std::fs::read(&path).unwrap() == before);
}

/// Every method that writes works as the first write after opening a sound
/// file: each goes through the door that checks the pages and lifts
/// `query_only`, which would otherwise refuse it.
#[test]
fn every_write_works_as_the_first_write_after_open() {
    type Write = fn(&mut Store);
    let cases: Vec<(&str, Write)> = vec![
        ("set_setting", |s| s.set_setting("k", "v").unwrap()),
        ("add_field_def", |s| {
            s.add_field_def(&text_field("city", "城市")).unwrap()
        }),
        ("remove_field_def", |s| s.remove_field_def("shop").unwrap()),
        ("set_imported_tier", |s| {
            s.set_imported_tier(1, Some("金卡")).unwrap()
        }),
        ("record_benefit_use", |s| {
            s.record_benefit_use(&birthday_gift(2)).map(drop).unwrap()
        }),
        ("delete_benefit_use", |s| {
            assert!(s.delete_benefit_use(1).unwrap().is_some())
        }),
        ("save_import_profile", |s| {
            s.save_import_profile("sig2", "表二", ImportKind::Customers, "{}")
                .unwrap()
        }),
        ("rename_import_profile", |s| {
            s.rename_import_profile("表一", "表三").unwrap()
        }),
        ("delete_import_profile", |s| {
            s.delete_import_profile("表一").unwrap()
        }),
        ("save_scheme", |s| {
            s.save_scheme(&StoredScheme {
                key: "x".into(),
                version: 1,
                name: "X".into(),
                definition: "{}".into(),
            })
            .unwrap()
        }),
        ("analyze", |s| s.analyze().unwrap()),
        ("delete_customers", |s| {
            assert_eq!(s.delete_customers(&[2]).unwrap(), 1)
        }),
        ("restore_customers", |s| {
            assert_eq!(s.restore_customers(&[3]).unwrap(), 1)
        }),
        ("empty_recycle_bin", |s| {
            assert_eq!(s.empty_recycle_bin().unwrap(), 1)
        }),
        ("update_customer", |s| {
            let mut c = CustomerDraft::from(&s.customer(1).unwrap());
            c.name = "改名".into();
            s.update_customer(1, &c).map(drop).unwrap()
        }),
        ("update_customer_by_hand", |s| {
            let mut c = CustomerDraft::from(&s.customer(1).unwrap());
            c.name = "手改".into();
            s.update_customer_by_hand(1, &c, "测试", None)
                .map(drop)
                .unwrap()
        }),
        ("insert_customer", |s| {
            s.insert_customer(&CustomerDraft {
                name: "新客户".into(),
                ..Default::default()
            })
            .map(drop)
            .unwrap()
        }),
        ("undo_last_batch", |s| {
            assert!(s.undo_last_batch().unwrap().is_none())
        }),
        ("insert_customers", |s| {
            let drafts = [CustomerDraft {
                name: "批量新客户".into(),
                ..Default::default()
            }];
            assert_eq!(s.insert_customers(&drafts).unwrap(), 1)
        }),
        ("apply_batch", |s| {
            let day = chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
            let batch = NewBatch {
                scheme_key: "star4".into(),
                scheme_version: 1,
                period: "2026H1".into(),
                as_of: day,
                applied_by: "测试".into(),
                rated_on: day,
                next_rating_on: day,
            };
            let change = TierChange {
                customer_id: 1,
                to_tier: "gold".into(),
                score: None,
                reason: "测试".into(),
                manual: None,
            };
            s.apply_batch(&batch, &[change]).map(drop).unwrap()
        }),
        ("begin_line_import", |s| {
            s.begin_line_import(&crate::order_import(0), &[])
                .map(drop)
                .unwrap()
        }),
    ];
    for (what, write) in cases {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("w.db");
        database(&path, 5);
        {
            let mut s = Store::open(&path).unwrap();
            s.add_field_def(&text_field("shop", "门店")).unwrap();
            s.save_import_profile("sig1", "表一", ImportKind::Customers, "{}")
                .unwrap();
            s.record_benefit_use(&birthday_gift(1)).unwrap();
            s.delete_customers(&[3, 4]).unwrap();
            s.restore_customers(&[4]).unwrap();
            s.save_scheme(&StoredScheme {
                key: "star4".into(),
                version: 1,
                name: "四星".into(),
                definition: "{}".into(),
            })
            .unwrap();
        }
        let mut store = Store::open(&path).unwrap();
        assert!(!store.verified(), "{what}");
        write(&mut store);
        assert!(store.verified(), "{what}");
        assert_eq!(store.page_checks(), 1, "{what}");
    }
}

#[test]
fn a_sound_database_opens_and_an_empty_file_becomes_one() {
    let (dir, path) = temp_database("ok.db", 10);
    assert_eq!(Store::open(&path).unwrap().customer_count().unwrap(), 10);
    let empty = dir.path().join("empty.db");
    std::fs::write(&empty, b"").unwrap();
    assert_eq!(Store::open(&empty).unwrap().customer_count().unwrap(), 0);
}

/// Every place the text could be found in the raw bytes: the whole value
/// and each two-character piece (the search index keeps three-character
/// pieces, and may store a piece without its first byte or two).
fn traces(text: &str) -> Vec<Vec<u8>> {
    let chars: Vec<char> = text.chars().collect();
    let mut out = vec![text.as_bytes().to_vec()];
    if !text.is_ascii() {
        for pair in chars.windows(2) {
            out.push(pair.iter().collect::<String>().into_bytes());
        }
    }
    out
}

fn holds(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_customer_deleted_for_good_leaves_no_name_or_phone_in_the_file() {
    let (dir, path) = temp_database("erase.db", 300);
    let name = "鲜于翾霙";
    let phone = "19876543210";
    let code = "QZ-7731";
    {
        let mut store = Store::open(&path).unwrap();
        let c = store
            .insert_customer(&CustomerDraft {
                code: Some(code.into()),
                name: name.into(),
                phone: Some(phone.into()),
                notes: Some(format!("{name} 的备注")),
                ..Default::default()
            })
            .unwrap();
        // The search index really holds the name before the delete.
        assert_eq!(
            store
                .list_customers(&tierdesk_domain::CustomerQuery {
                    search: Some("于翾霙".into()),
                    ..Default::default()
                })
                .unwrap()
                .total,
            1
        );
        store.delete_customers(&[c.id]).unwrap();
        assert_eq!(store.empty_recycle_bin().unwrap(), 1);
        assert_eq!(store.customer_count().unwrap(), 300);
    }
    let mut files = vec![std::fs::read(&path).unwrap()];
    for suffix in ["-wal", "-journal"] {
        let side = dir.path().join(format!("erase.db{suffix}"));
        if let Ok(bytes) = std::fs::read(side) {
            files.push(bytes);
        }
    }
    for text in [name, phone, code] {
        for trace in traces(text) {
            for bytes in &files {
                assert!(
                    !holds(bytes, &trace),
                    "「{}」 is still in the file",
                    String::from_utf8_lossy(&trace)
                );
            }
        }
    }
}
