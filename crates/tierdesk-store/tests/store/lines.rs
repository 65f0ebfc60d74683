//! Storing order lines: the file stays in the write-ahead log throughout,
//! whether the import finishes or is abandoned, and whoever else has it open
//! (those two tests are about SQLite's file, so SQLite only); on both
//! backends the lines come back exactly as pushed, in their order, and the
//! new customers' ids stay unique.

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

// ---- On both backends: SQLite's INSERTs and PostgreSQL's COPY store alike.

use tierdesk_store::testing::{backends, each_backend};

/// Lines whose texts and numbers test COPY's escapes and exact numbers:
/// tabs, newlines, backslashes, `\N` as text, no product, no unit price,
/// amounts that are not short decimals, a return; two per owner.
fn awkward_lines(existing: i64) -> Vec<OwnedLine> {
    let at = |d: u32, s: u32| {
        chrono::NaiveDate::from_ymd_opt(2024, 3, d)
            .unwrap()
            .and_hms_opt(9, 30, s)
            .unwrap()
    };
    let texts: [(&str, Option<&str>); 6] = [
        ("A\tB", Some("茶\t叶")),
        ("A\\N", Some("\\N")),
        ("O-3", None),
        ("O\n4", Some("line\r\nbreak")),
        ("O-5", Some("")),
        ("A\tB", Some("back\\slash\\")),
    ];
    let amounts = [
        0.1 + 0.2,
        1.0 / 3.0,
        1e-7,
        123_456_789.123_456_78,
        -49.5,
        5e15 + 0.5,
    ];
    texts
        .iter()
        .zip(amounts)
        .enumerate()
        .map(|(i, ((order, product), amount))| OwnedLine {
            owner: if i % 2 == 0 {
                LineOwner::New(i / 4)
            } else {
                LineOwner::Existing(existing)
            },
            line: TransactionDraft {
                order_no: (*order).into(),
                customer_code: None,
                customer_name: None,
                occurred_at: at(1 + i as u32, i as u32),
                product: product.map(str::to_owned),
                quantity: if amount < 0.0 { -1.0 } else { 1.5 + i as f64 },
                unit_price: (i % 3 != 0).then_some(amount / 3.0),
                amount,
                kind: if amount < 0.0 {
                    TxKind::Return
                } else {
                    TxKind::Purchase
                },
            },
        })
        .collect()
}

#[test]
fn lines_come_back_exactly_and_in_order_on_both_backends() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let old = store
            .insert_customer(&CustomerDraft {
                code: Some("OLD".into()),
                name: "老客".into(),
                ..Default::default()
            })
            .unwrap();
        let news = vec![
            CustomerDraft {
                code: Some("N1".into()),
                name: "新一".into(),
                ..Default::default()
            },
            CustomerDraft {
                code: Some("N2".into()),
                name: "新二".into(),
                ..Default::default()
            },
        ];
        let lines = awkward_lines(old.id);
        let record = store
            .apply_transaction_import(&new_import(), &[], &news, &lines, |_, _| None)
            .unwrap();
        assert_eq!(record.lines, 6);
        assert_eq!(store.transaction_count().unwrap(), 6);
        let n1 = store.customer_by_code("N1").unwrap().unwrap();
        let n2 = store.customer_by_code("N2").unwrap().unwrap();
        assert_eq!((n1.id, n2.id), (old.id + 1, old.id + 2));
        let owner = |o: LineOwner| match o {
            LineOwner::New(n) => n1.id + n as i64,
            LineOwner::Existing(id) => id,
        };
        let mut stored = Vec::new();
        for id in [old.id, n1.id, n2.id] {
            let mut page = store.customer_lines(id).unwrap();
            page.sort_by_key(|l| l.id);
            stored.extend(page.into_iter().map(|l| (id, l)));
        }
        stored.sort_by_key(|(_, l)| l.id);
        assert_eq!(stored.len(), lines.len());
        for ((customer, got), want) in stored.iter().zip(&lines) {
            assert_eq!(*customer, owner(want.owner));
            assert_eq!(got.import_id, Some(record.id));
            assert_eq!(got.order_no, want.line.order_no);
            assert_eq!(
                got.occurred_at,
                want.line
                    .occurred_at
                    .format("%Y-%m-%d %H:%M:%S")
                    .to_string()
            );
            assert_eq!(got.product, want.line.product);
            assert_eq!(got.quantity.to_bits(), want.line.quantity.to_bits());
            assert_eq!(
                got.unit_price.map(f64::to_bits),
                want.line.unit_price.map(f64::to_bits)
            );
            assert_eq!(got.amount.to_bits(), want.line.amount.to_bits());
            assert_eq!(got.kind, want.line.kind);
        }
        // Ids ascend in the order the lines came.
        assert!(stored.windows(2).all(|w| w[0].1.id < w[1].1.id));
        let totals = store.line_totals(old.id).unwrap().unwrap();
        assert_eq!(totals.orders, 3, "three distinct purchase orders");
        // The next customer added by hand gets an id past the import's.
        let next = store
            .insert_customer(&CustomerDraft {
                code: Some("H".into()),
                name: "手工".into(),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(next.id, n2.id + 1);
        // Undone: the lines and the new customers go, the old one stays.
        store.undo_import(record.id).unwrap();
        assert_eq!(store.transaction_count().unwrap(), 0);
        assert!(store.customer_by_code("N1").unwrap().is_none());
        assert_eq!(store.line_totals(old.id).unwrap(), None);
    });
    assert_eq!(runs, backends());
}

/// The lines' index on the customer, as the database lists it (its name).
fn line_index(store: &Store) -> Vec<String> {
    let sql = if store.is_team() {
        "SELECT indexdef FROM pg_indexes WHERE indexname = 'transactions_customer'"
    } else {
        "SELECT sql FROM sqlite_master WHERE type = 'index' AND name = 'transactions_customer'"
    };
    tierdesk_store::testing::query_texts(store, sql)
}

#[test]
fn the_first_import_builds_the_line_index_again_on_both_backends() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let before = line_index(store);
        assert_eq!(before.len(), 1, "{before:?}");
        assert!(before[0].contains("(customer_id)"), "{before:?}");
        {
            // Abandoned: nothing stored, the index as it was.
            let mut import = store.begin_line_import(&new_import(), &[]).unwrap();
            import.push(LineOwner::New(0), &lines()[0].line).unwrap();
        }
        assert_eq!(store.transaction_count().unwrap(), 0);
        assert_eq!(line_index(store), before);
        // Into the empty table (index dropped and built at the end), then
        // into a table with lines (index kept): the same index both times.
        store
            .apply_transaction_import(&new_import(), &[], &customer(), &lines(), |_, _| None)
            .unwrap();
        assert_eq!(line_index(store), before);
        let first = store.customer_by_code("C1").unwrap().unwrap();
        let mut second = lines();
        for l in &mut second {
            l.owner = LineOwner::Existing(first.id);
        }
        store
            .apply_transaction_import(&new_import(), &[], &[], &second, |_, _| None)
            .unwrap();
        assert_eq!(line_index(store), before);
        assert_eq!(store.transaction_count().unwrap(), 4);
        assert_eq!(store.customer_lines(first.id).unwrap().len(), 4);
    });
    assert_eq!(runs, backends());
}

/// On a team database the first import does not wait for a desk that is
/// reading the order lines: it keeps the index and stores its lines while
/// the other desk's transaction is still open (the other desk lets go only
/// once the import has finished, or after a minute, which fails the test).
#[test]
fn a_first_team_import_does_not_wait_for_a_desk_reading_the_lines() {
    use std::sync::atomic::{AtomicBool, Ordering};
    use std::sync::Arc;
    let Some(mut store) = tierdesk_store::testing::fresh_postgres() else {
        return;
    };
    let name = tierdesk_store::testing::query_texts(&store, "SELECT current_database()::text");
    let server = tierdesk_store::testing::server().unwrap();
    let url = tierdesk_store::testing::url_for(&server, &name[0]);
    let (reading, done, let_go) = (
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
        Arc::new(AtomicBool::new(false)),
    );
    let desk = {
        let (reading, done, let_go) = (reading.clone(), done.clone(), let_go.clone());
        std::thread::spawn(move || {
            let mut client = postgres::Client::connect(&url, postgres::NoTls).unwrap();
            let mut tx = client.transaction().unwrap();
            tx.query_one("SELECT count(*) FROM transactions", &[])
                .unwrap();
            reading.store(true, Ordering::SeqCst);
            for _ in 0..600 {
                if done.load(Ordering::SeqCst) {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(100));
            }
            let_go.store(true, Ordering::SeqCst);
            tx.commit().unwrap();
        })
    };
    while !reading.load(Ordering::SeqCst) {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let record = store
        .apply_transaction_import(&new_import(), &[], &customer(), &lines(), |_, _| None)
        .unwrap();
    let waited = let_go.load(Ordering::SeqCst);
    done.store(true, Ordering::SeqCst);
    desk.join().unwrap();
    assert!(!waited, "the import waited for the other desk to let go");
    assert_eq!(record.lines, 2);
    assert_eq!(store.transaction_count().unwrap(), 2);
    assert_eq!(line_index(&store).len(), 1);
}

/// A new customer of an order import whose code another desk has taken
/// meanwhile refuses the import, naming the code and who holds it, and
/// nothing of it is stored; the first such customer in order is named.
#[test]
fn a_new_customer_whose_code_is_taken_refuses_the_import_on_both_backends() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        for (code, name) in [("T2", "乙方"), ("T9", "丙方")] {
            store
                .insert_customer(&CustomerDraft {
                    code: Some(code.into()),
                    name: name.into(),
                    ..Default::default()
                })
                .unwrap();
        }
        let news: Vec<CustomerDraft> = ["T1", "T9", "T2"]
            .iter()
            .map(|c| CustomerDraft {
                code: Some((*c).into()),
                name: format!("新{c}"),
                ..Default::default()
            })
            .collect();
        let err = store
            .apply_transaction_import(&new_import(), &[], &news, &lines(), |_, _| None)
            .unwrap_err();
        match err {
            tierdesk_store::StoreError::DuplicateCode { code, holder } => {
                assert_eq!((code.as_str(), holder.as_str()), ("T9", "丙方"));
            }
            other => panic!("{other:?}"),
        }
        assert_eq!(store.transaction_count().unwrap(), 0);
        assert!(store.customer_by_code("T1").unwrap().is_none());
        assert!(store.imports().unwrap().is_empty());
    });
    assert_eq!(runs, backends());
}
