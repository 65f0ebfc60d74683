//! Undoing an import touches only the customers that import wrote: ids are
//! never given out twice, and a customer changed by hand since the import is
//! named and left alone.

use tierdesk_domain::{
    Customer, CustomerDraft, CustomerWrite, ImportKind, LineOwner, NewImport, OwnedLine,
    TransactionDraft, TxKind,
};
use tierdesk_store::testing::{backends, each_backend};
use tierdesk_store::{Store, StoreError};

fn customer_import(rows: u64) -> NewImport {
    NewImport {
        kind: ImportKind::Customers,
        file: "客户.xlsx".into(),
        sheet: "Sheet1".into(),
        mapping: "{}".into(),
        rows_read: rows,
        unchanged: 0,
        skipped: 0,
        rejected: 0,
        who: "测试".into(),
    }
}

fn draft(code: &str, name: &str) -> CustomerDraft {
    CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        phone: Some("13900000001".into()),
        ..Default::default()
    }
}

/// Imports new customers and returns the import's id.
fn import_new(store: &mut Store, drafts: &[CustomerDraft]) -> i64 {
    let writes: Vec<CustomerWrite> = drafts.iter().cloned().map(CustomerWrite::Insert).collect();
    store
        .apply_customer_import(&customer_import(drafts.len() as u64), &[], &writes, false)
        .unwrap()
        .id
}

/// Imports `draft` over the customer `before` and returns the import's id.
fn import_update(store: &mut Store, before: &Customer, draft: CustomerDraft) -> i64 {
    let write = CustomerWrite::Update {
        id: before.id,
        draft,
        previous: CustomerDraft::from(before),
    };
    store
        .apply_customer_import(&customer_import(1), &[], &[write], false)
        .unwrap()
        .id
}

fn live_codes(store: &Store) -> Vec<String> {
    crate::live_sorted(store, |c| c.code)
}

#[test]
fn undo_keeps_a_customer_added_after_the_imported_one_was_deleted_for_good() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        store.insert_customer(&draft("K1", "老客户")).unwrap();
        let import = import_new(store, &[draft("X1", "导入甲")]);
        let x = store.customer_by_code("X1").unwrap().unwrap();
        store.delete_customers(&[x.id]).unwrap();
        assert_eq!(store.empty_recycle_bin().unwrap(), 1);
        let y = store.insert_customer(&draft("Y1", "手工乙")).unwrap();
        assert_ne!(
            y.id, x.id,
            "the id of a customer deleted for good is given out again"
        );
        assert!(y.id > x.id);
        assert_eq!(store.customer_count().unwrap(), 2);

        store.undo_import(import).unwrap();

        assert_eq!(store.customer_count().unwrap(), 2);
        assert_eq!(live_codes(store), ["K1", "Y1"]);
        let kept = store.customer_by_code("Y1").unwrap().unwrap();
        assert_eq!((kept.id, kept.name.as_str()), (y.id, "手工乙"));
        assert!(store.import_record(import).unwrap().undone_at.is_some());
    });
    assert_eq!(runs, backends());
}

/// SQLite only: reopening the file is part of what it checks (the team
/// database's ids after an order import: `lines::lines_come_back_exactly…`).
#[test]
fn ids_stay_unique_across_reopening_and_order_line_imports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("t.db");
    let mut store = Store::open(&path).unwrap();
    let a = store.insert_customer(&draft("A", "甲")).unwrap();
    let b = store.insert_customer(&draft("B", "乙")).unwrap();
    store.delete_customers(&[b.id]).unwrap();
    store.empty_recycle_bin().unwrap();
    drop(store);
    let mut store = Store::open(&path).unwrap();
    let c = store.insert_customer(&draft("C", "丙")).unwrap();
    assert_eq!((a.id, b.id, c.id), (1, 2, 3));
    store.delete_customers(&[c.id]).unwrap();
    store.empty_recycle_bin().unwrap();

    // An order sheet's new customer is stored under an id reserved before
    // its lines: above every id ever given out, and the next add goes on.
    let line = TransactionDraft {
        order_no: "O1".into(),
        customer_code: Some("D".into()),
        customer_name: None,
        occurred_at: chrono::NaiveDate::from_ymd_opt(2024, 3, 1)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap(),
        product: None,
        quantity: 1.0,
        unit_price: None,
        amount: 10.0,
        kind: TxKind::Purchase,
    };
    store
        .apply_transaction_import(
            &crate::order_import(1),
            &[],
            &[draft("D", "丁")],
            &[OwnedLine {
                owner: LineOwner::New(0),
                line,
            }],
            |_, _| None,
        )
        .unwrap();
    let d = store.customer_by_code("D").unwrap().unwrap();
    assert_eq!(d.id, 4);
    assert_eq!(store.line_totals(d.id).unwrap().unwrap().spend, 10.0);
    let e = store.insert_customer(&draft("E", "戊")).unwrap();
    assert_eq!(e.id, 5);
}

#[test]
fn undo_refuses_and_names_a_created_customer_edited_by_hand_since() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let import = import_new(store, &[draft("X1", "导入甲"), draft("X2", "导入乙")]);
        let x1 = store.customer_by_code("X1").unwrap().unwrap();
        let mut edited = CustomerDraft::from(&x1);
        edited.notes = Some("电话回访：想要金卡".into());
        store.update_customer(x1.id, &edited).unwrap();

        let err = store.undo_import(import).unwrap_err();
        assert!(
            matches!(err, StoreError::UndoWouldLoseEdits { id, count: 1, .. } if id == import),
            "{err:?}"
        );
        let message = err.to_string();
        assert!(
            message.contains("导入甲") && message.contains("X1"),
            "{message}"
        );
        assert!(!message.contains("导入乙"), "{message}");

        // Nothing was undone: both customers, the note and the record stay.
        assert_eq!(live_codes(store), ["X1", "X2"]);
        assert_eq!(
            store.customer(x1.id).unwrap().notes.as_deref(),
            Some("电话回访：想要金卡")
        );
        assert!(store.import_record(import).unwrap().undone_at.is_none());
    });
    assert_eq!(runs, backends());
}

#[test]
fn undo_refuses_to_overwrite_an_updated_customer_edited_by_hand_since() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let z = store.insert_customer(&draft("Z1", "老客户")).unwrap();
        let mut imported = CustomerDraft::from(&z);
        imported.spend = Some(5_000.0);
        let import = import_update(store, &z, imported.clone());
        let mut by_hand = imported;
        by_hand.manager = Some("王经理".into());
        store.update_customer(z.id, &by_hand).unwrap();

        let err = store.undo_import(import).unwrap_err();
        assert!(err.to_string().contains("老客户"), "{err}");
        let now = store.customer(z.id).unwrap();
        assert_eq!(
            (now.spend, now.manager.as_deref()),
            (Some(5_000.0), Some("王经理"))
        );
    });
    assert_eq!(runs, backends());
}

#[test]
fn undoing_the_later_import_first_lets_the_earlier_one_be_undone() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let first = import_new(store, &[draft("X1", "导入甲")]);
        let x = store.customer_by_code("X1").unwrap().unwrap();
        let mut changed = CustomerDraft::from(&x);
        changed.spend = Some(99.0);
        let second = import_update(store, &x, changed);
        assert!(matches!(
            store.undo_import(first),
            Err(StoreError::ImportOutOfOrder { .. })
        ));
        store.undo_import(second).unwrap();
        assert_eq!(store.customer(x.id).unwrap().spend, None);
        store.undo_import(first).unwrap();
        assert_eq!(store.customer_count().unwrap(), 0);
    });
    assert_eq!(runs, backends());
}

/// Two windows (or desks) undoing the same import at once: one undoes it,
/// the other is told it is already undone — never a second undo over the
/// first (the check is read inside the write transaction).
#[test]
fn the_same_import_undone_from_two_connections_at_once_is_undone_once() {
    for round in 0..5 {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let mut store = Store::open(&path).unwrap();
        let drafts: Vec<CustomerDraft> = (0..200)
            .map(|i| draft(&format!("C{i}"), &format!("客户{i}")))
            .collect();
        let id = import_new(&mut store, &drafts);
        drop(store);
        let barrier = std::sync::Arc::new(std::sync::Barrier::new(2));
        let outcomes: Vec<Result<(), StoreError>> = (0..2)
            .map(|_| {
                let (path, barrier) = (path.clone(), barrier.clone());
                std::thread::spawn(move || {
                    let mut store = Store::open(&path).unwrap();
                    store.verify().unwrap();
                    barrier.wait();
                    store.undo_import(id).map(|_| ())
                })
            })
            .collect::<Vec<_>>()
            .into_iter()
            .map(|t| t.join().unwrap())
            .collect();
        let undone = outcomes.iter().filter(|o| o.is_ok()).count();
        let already = outcomes
            .iter()
            .filter(|o| matches!(o, Err(StoreError::ImportAlreadyUndone(i)) if *i == id))
            .count();
        assert_eq!((undone, already), (1, 1), "round {round}: {outcomes:?}");
    }
}

/// The match keys come oldest first on either backend, also after the
/// oldest customer was edited (which moves its row on PostgreSQL).
#[test]
fn customer_keys_come_oldest_first_after_an_edit() {
    each_backend(|store| {
        let a = store.insert_customer(&draft("A", "张伟")).unwrap();
        let b = store.insert_customer(&draft("B", "张伟")).unwrap();
        let others: Vec<CustomerDraft> = (0..2_000)
            .map(|i| draft(&format!("X{i}"), &format!("客户{i}")))
            .collect();
        import_new(store, &others);
        let mut edited = CustomerDraft::from(&a);
        edited.phone = Some("13900000009".into());
        store.update_customer(a.id, &edited).unwrap();
        let keys = store.customer_keys().unwrap();
        assert_eq!(keys.len(), 2_002);
        let first: Vec<i64> = keys.iter().take(2).map(|k| k.id).collect();
        assert_eq!(first, vec![a.id, b.id]);
        assert!(keys.windows(2).all(|w| w[0].id < w[1].id));
    });
    assert!(backends() >= 1);
}
