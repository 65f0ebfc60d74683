//! Two connections on one file: every write waits for the other's lock
//! (the busy timeout) and, when it is held too long, fails with the one
//! Chinese sentence that says another window or program is writing.

use std::path::Path;
use std::thread;
use std::time::{Duration, Instant};

use rusqlite::Connection;
use tierdesk_domain::{
    CustomerDraft, CustomerQuery, LineOwner, OwnedLine, TransactionDraft, TxKind,
};
use tierdesk_store::{Store, StoreError};

fn draft(code: &str, name: &str) -> CustomerDraft {
    CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        ..Default::default()
    }
}

fn line(order: &str) -> OwnedLine {
    OwnedLine {
        owner: LineOwner::New(0),
        line: TransactionDraft {
            order_no: order.into(),
            customer_code: Some("L1".into()),
            customer_name: None,
            occurred_at: chrono::NaiveDate::from_ymd_opt(2024, 5, 1)
                .unwrap()
                .and_hms_opt(9, 0, 0)
                .unwrap(),
            product: None,
            quantity: 1.0,
            unit_price: None,
            amount: 20.0,
            kind: TxKind::Purchase,
        },
    }
}

fn archive(path: &Path) -> Store {
    let mut store = Store::open(path).unwrap();
    store.insert_customer(&draft("H1", "占锁")).unwrap();
    store.insert_customer(&draft("U1", "待改")).unwrap();
    store.insert_customer(&draft("D1", "待删")).unwrap();
    store
}

/// Runs `op` while another connection holds the write lock for `hold` (as
/// a second window or a script would), with a customer written meanwhile.
fn during_lock<T>(path: &Path, hold: Duration, op: impl FnOnce() -> T) -> (T, Duration) {
    let conn = Connection::open(path).unwrap();
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         UPDATE customers SET notes = '另一个窗口' WHERE code = 'H1';",
    )
    .unwrap();
    thread::scope(|s| {
        s.spawn(move || {
            thread::sleep(hold);
            conn.execute_batch("COMMIT").unwrap();
        });
        let started = Instant::now();
        let out = op();
        (out, started.elapsed())
    })
}

#[test]
fn every_write_and_read_waits_for_a_lock_held_one_second() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = archive(&path);
    let hold = Duration::from_secs(1);

    let (added, took) = during_lock(&path, hold, || store.insert_customer(&draft("A1", "新增")));
    let added = added.expect("add waits for the lock");
    assert!(took >= hold / 2, "add did not wait: {took:?}");

    let u = store.customer_by_code("U1").unwrap().unwrap();
    let mut changed = CustomerDraft::from(&u);
    changed.notes = Some("改过".into());
    let (updated, _) = during_lock(&path, hold, || store.update_customer(u.id, &changed));
    updated.expect("update waits for the lock");

    let d = store.customer_by_code("D1").unwrap().unwrap();
    let (deleted, _) = during_lock(&path, hold, || store.delete_customers(&[d.id]));
    assert_eq!(deleted.expect("delete waits for the lock"), 1);

    let (imported, _) = during_lock(&path, hold, || {
        store.apply_transaction_import(
            &crate::order_import(2),
            &[],
            &[draft("L1", "订单客户")],
            &[line("O1"), line("O2")],
            |_, _| None,
        )
    });
    assert_eq!(imported.expect("import waits for the lock").lines, 2);

    let (emptied, _) = during_lock(&path, hold, || store.empty_recycle_bin());
    assert_eq!(emptied.expect("emptying the bin waits for the lock"), 1);

    let (listed, _) = during_lock(&path, hold, || {
        store.list_customers(&CustomerQuery {
            limit: 100,
            ..CustomerQuery::default()
        })
    });
    let listed = listed.expect("a list reads beside the writer");
    let mut codes: Vec<String> = listed.items.into_iter().filter_map(|c| c.code).collect();
    codes.sort();
    assert_eq!(codes, ["A1", "H1", "L1", "U1"]);

    // Every write is in the file, the other connection's too.
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.customer(added.id).unwrap().name, "新增");
    assert_eq!(store.customer(u.id).unwrap().notes.as_deref(), Some("改过"));
    assert_eq!(
        store
            .customer_by_code("H1")
            .unwrap()
            .unwrap()
            .notes
            .as_deref(),
        Some("另一个窗口")
    );
    assert_eq!(store.transaction_count().unwrap(), 2);
}

#[test]
fn a_lock_held_past_the_timeout_fails_with_the_busy_sentence_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = archive(&path);
    let (added, took) = during_lock(&path, Duration::from_secs(7), || {
        store.insert_customer(&draft("A1", "新增"))
    });
    let err = added.unwrap_err();
    assert!(matches!(err, StoreError::Busy), "{err:?}");
    assert_eq!(
        err.to_string(),
        "另一个 TierDesk 窗口或其他程序正在写入这个数据库文件，请稍等片刻再试一次"
    );
    assert!(took >= Duration::from_secs(4), "gave up after {took:?}");
    assert!(store.customer_by_code("A1").unwrap().is_none());
    assert_eq!(store.customer_count().unwrap(), 3);
}
