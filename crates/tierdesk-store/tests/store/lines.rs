//! Storing order lines: the file stays in the write-ahead log throughout,
//! whether the import finishes or is abandoned, and whoever else has it open.

use rusqlite::Connection;
use tierdesk_domain::{CustomerDraft, LineOwner, NewImport, OwnedLine, TransactionDraft, TxKind};
use tierdesk_store::Store;

fn new_import() -> NewImport {
    crate::order_import(2)
}

fn lines() -> Vec<OwnedLine> {
    let at = chrono::NaiveDate::from_ymd_opt(2024, 3, 1)
        .unwrap()
        .and_hms_opt(10, 0, 0)
        .unwrap();
    (0..2)
        .map(|i| OwnedLine {
            owner: LineOwner::New(0),
            line: TransactionDraft {
                order_no: format!("O{i}"),
                customer_code: Some("C1".into()),
                customer_name: None,
                occurred_at: at,
                product: Some("茶叶".into()),
                quantity: 2.0,
                unit_price: Some(50.0),
                amount: 100.0,
                kind: TxKind::Purchase,
            },
        })
        .collect()
}

fn customer() -> Vec<CustomerDraft> {
    vec![CustomerDraft {
        code: Some("C1".into()),
        name: "甲".into(),
        ..Default::default()
    }]
}

/// The journal mode the file itself says, as a newcomer sees it.
fn mode_on_file(path: &std::path::Path) -> String {
    let conn = Connection::open(path).unwrap();
    conn.query_row("PRAGMA journal_mode", [], |r| r.get(0))
        .unwrap()
}

/// How many indexes of the order lines by customer the file has.
fn line_index_on_file(path: &std::path::Path) -> i64 {
    let conn = Connection::open(path).unwrap();
    conn.query_row(
        "SELECT count(*) FROM sqlite_master WHERE type = 'index' AND name = 'transactions_customer'",
        [],
        |r| r.get(0),
    )
    .unwrap()
}

#[test]
fn a_finished_or_abandoned_import_leaves_the_file_in_wal_mode() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    {
        // Abandoned half-way: nothing stored.
        let mut import = store.begin_line_import(&new_import(), &[]).unwrap();
        import.push(LineOwner::New(0), &lines()[0].line).unwrap();
    }
    assert_eq!(store.transaction_count().unwrap(), 0);
    assert!(store.imports().unwrap().is_empty());
    assert_eq!(mode_on_file(&path), "wal");
    // The first import into an empty table stores its lines without their
    // index and builds it at the end; abandoned, the index is still there.
    assert_eq!(line_index_on_file(&path), 1);
    store
        .apply_transaction_import(&new_import(), &[], &customer(), &lines(), |_, _| None)
        .unwrap();
    assert_eq!(store.transaction_count().unwrap(), 2);
    assert_eq!(mode_on_file(&path), "wal");
    assert_eq!(line_index_on_file(&path), 1);
    let check: String = Connection::open(&path)
        .unwrap()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .unwrap();
    assert_eq!(check, "ok");
    drop(store);
    let store = Store::open(&path).unwrap();
    assert_eq!(store.transaction_count().unwrap(), 2);
}

#[test]
fn with_another_program_on_the_file_the_import_stays_in_wal_and_does_not_wait() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shared.db");
    let other = Store::open(&path).unwrap();
    let mut store = Store::open(&path).unwrap();
    store
        .apply_transaction_import(&new_import(), &[], &customer(), &lines(), |_, _| None)
        .unwrap();
    assert_eq!(
        other.transaction_count().unwrap(),
        2,
        "the other program sees the lines"
    );
    assert_eq!(mode_on_file(&path), "wal");
}
