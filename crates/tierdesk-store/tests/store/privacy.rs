//! Erasing a person at the store: the rows lose the person on either backend
//! (`each_backend`); and on a file, the index samples `ANALYZE` keeps
//! (`sqlite_stat4` holds whole index keys, names and phones among them) are
//! taken again, so the file holds no byte of the person afterwards (SQLite
//! only by nature: it reads the file's bytes).

use chrono::NaiveDate;
use tierdesk_domain::record::ContactDraft;
use tierdesk_domain::{CustomerDraft, CustomerQuery};
use tierdesk_store::testing::each_backend;
use tierdesk_store::Store;

fn count(hay: &[u8], needle: &str) -> usize {
    let n = needle.as_bytes();
    hay.windows(n.len()).filter(|w| *w == n).count()
}

fn bytes(db: &std::path::Path) -> Vec<u8> {
    let mut all = std::fs::read(db).unwrap();
    if let Ok(wal) = std::fs::read(format!("{}-wal", db.display())) {
        all.extend(wal);
    }
    all
}

#[test]
fn index_samples_lose_the_person_too() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("t.db");
    let mut store = Store::open(&db).unwrap();
    let people = [
        ("端木蓉蓉", "13600001111"),
        ("公孙策策", "13600002222"),
        ("慕容复复", "13600003333"),
    ];
    let mut ids = Vec::new();
    for (name, phone) in people {
        ids.push(
            store
                .insert_customer(&CustomerDraft {
                    name: name.into(),
                    phone: Some(phone.into()),
                    ..Default::default()
                })
                .unwrap()
                .id,
        );
    }
    store.analyze().unwrap();
    drop(store);
    {
        // With three customers every row is a sample.
        let raw = rusqlite::Connection::open(&db).unwrap();
        let samples: i64 = raw
            .query_row(
                "SELECT count(*) FROM sqlite_stat4 WHERE instr(CAST(sample AS TEXT), '端木') > 0",
                [],
                |r| r.get(0),
            )
            .unwrap();
        assert!(samples > 0, "the samples hold the name before");
    }
    let mut store = Store::open(&db).unwrap();
    let erased = store.erase_customer(ids[0], "本人要求").unwrap();
    assert_eq!(erased.customer_id, ids[0]);
    assert!(erased.wal_emptied);
    assert_eq!(store.customer_count().unwrap(), 3);
    drop(store);
    let after = bytes(&db);
    assert_eq!(count(&after, "端木蓉蓉"), 0);
    assert_eq!(count(&after, "13600001111"), 0);
    for (name, phone) in &people[1..] {
        assert!(
            count(&after, name) > 0 && count(&after, phone) > 0,
            "{name}"
        );
    }
    // An erase of nobody is refused with the id named.
    let mut store = Store::open(&db).unwrap();
    let e = store.erase_customer(9999, "本人要求").unwrap_err();
    assert!(e.to_string().contains("9999"), "{e}");
}

#[test]
fn an_erase_leaves_no_name_phone_contact_or_typed_reason_on_either_backend() {
    each_backend(|store| {
        let day = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
        let draft = |name: &str, phone: &str| CustomerDraft {
            name: name.into(),
            phone: Some(phone.into()),
            ..Default::default()
        };
        let gone = store
            .insert_customer(&draft("欧阳娜娜", "13912345678"))
            .unwrap()
            .id;
        let kept = store
            .insert_customer(&draft("李四", "13800000000"))
            .unwrap()
            .id;
        for id in [gone, kept] {
            store
                .add_contact(
                    id,
                    &ContactDraft {
                        name: "家属".into(),
                        role: "配偶".into(),
                        ..Default::default()
                    },
                )
                .unwrap();
            store.points_adjust(id, 20, "欧阳说的", day, None).unwrap();
        }
        let erased = store.erase_customer(gone, "本人要求").unwrap();
        assert_eq!(
            (erased.customer_id, erased.contacts, erased.points_reasons),
            (gone, 1, 1)
        );
        assert!(erased.wal_emptied);
        let c = store.customer(gone).unwrap();
        assert_eq!(c.name, format!("已删除的客户 #{gone}"));
        assert_eq!(c.phone, None);
        let found = |text: &str| {
            store
                .list_customers(&CustomerQuery {
                    search: Some(text.into()),
                    limit: 50,
                    ..CustomerQuery::default()
                })
                .unwrap()
                .total
        };
        assert_eq!(
            (found("欧阳"), found("13912345678"), found("李四")),
            (0, 0, 1)
        );
        assert_eq!(store.points_balance(gone).unwrap(), 20);
        assert_eq!(store.points_ledger(kept).unwrap()[0].reason, "欧阳说的");
        assert!(store.customer_imports(gone).unwrap().is_empty());
        // An erase of nobody is refused with the id named.
        let e = store.erase_customer(9999, "本人要求").unwrap_err();
        assert!(e.to_string().contains("9999"), "{e}");
    });
}
