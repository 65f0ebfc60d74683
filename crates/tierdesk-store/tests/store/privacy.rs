//! Erasing a person at the store: the index samples `ANALYZE` keeps
//! (`sqlite_stat4` holds whole index keys, names and phones among them) are
//! taken again, so the file holds no byte of the person afterwards.

use tierdesk_domain::CustomerDraft;
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
