//! The archive's list, filtered to a tier and sorted by name.

use rusqlite::Connection;
use tierdesk_domain::{CustomerDraft, CustomerQuery, SortKey};
use tierdesk_store::Store;

/// Few distinct names and the rare tier all at the end of the table: the
/// shape that made walking the name index slow.
fn archive(path: &std::path::Path) -> Store {
    let mut store = Store::open(path).unwrap();
    let names = ["丁丽", "王芳", "张伟", "李娜", "北京华信科技有限公司"];
    let drafts: Vec<CustomerDraft> = (0..3_000)
        .map(|i| CustomerDraft {
            code: Some(format!("C{i:05}")),
            name: names[i % names.len()].to_owned(),
            tier: Some(if i >= 2_900 { "diamond" } else { "regular" }.to_owned()),
            ..CustomerDraft::default()
        })
        .collect();
    store.insert_customers(&drafts).unwrap();
    store
}

#[test]
fn a_tier_sorted_by_name_pages_in_name_then_id_order() {
    let dir = tempfile::tempdir().unwrap();
    let store = archive(&dir.path().join("tiers.db"));
    for descending in [false, true] {
        let all = store
            .list_customers(&CustomerQuery {
                tier: Some("diamond".into()),
                sort: SortKey::Name,
                descending,
                limit: 1_000,
                ..CustomerQuery::default()
            })
            .unwrap();
        assert_eq!(all.total, 100);
        let mut expected: Vec<(String, i64)> =
            all.items.iter().map(|c| (c.name.clone(), c.id)).collect();
        expected.sort();
        if descending {
            expected.reverse();
        }
        let got: Vec<(String, i64)> = all.items.iter().map(|c| (c.name.clone(), c.id)).collect();
        assert_eq!(got, expected);
        assert!(all
            .items
            .iter()
            .all(|c| c.tier.as_deref() == Some("diamond")));
        // Pages of 30 put together give the same list.
        let mut paged = Vec::new();
        for offset in (0..100).step_by(30) {
            let page = store
                .list_customers(&CustomerQuery {
                    tier: Some("diamond".into()),
                    sort: SortKey::Name,
                    descending,
                    limit: 30,
                    offset,
                    ..CustomerQuery::default()
                })
                .unwrap();
            paged.extend(page.items.into_iter().map(|c| (c.name, c.id)));
        }
        assert_eq!(paged, got);
    }
}

/// A tier sorted by name is read from the (tier, name) index: no sorting
/// and no walking of other tiers.
#[test]
fn a_tier_sorted_by_name_is_read_from_its_index() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plan.db");
    drop(archive(&path));
    let conn = Connection::open(&path).unwrap();
    // The shape `list_customers` sends for a tier filter sorted by name.
    let plan: Vec<String> = conn
        .prepare(
            "EXPLAIN QUERY PLAN SELECT id FROM customers WHERE deleted_at IS NULL AND tier = ?1
             ORDER BY name ASC, id ASC LIMIT ?2 OFFSET ?3",
        )
        .unwrap()
        .query_map(rusqlite::params!["diamond", 50, 0], |r| r.get(3))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert_eq!(
        plan,
        vec!["SEARCH customers USING INDEX customers_live_tier_name (tier=?)".to_owned()]
    );
}

// ---- On both backends (a fresh team database when a test server is given).

use tierdesk_domain::audit::AuditFilter;
use tierdesk_store::testing::{backends, each_backend};
use tierdesk_store::StoreError;

fn draft(code: &str, name: &str, phone: &str, spend: Option<f64>) -> CustomerDraft {
    CustomerDraft {
        code: Some(code.into()),
        name: name.into(),
        phone: Some(phone.into()),
        spend,
        tier: Some("gold".into()),
        tags: vec!["老客户".into()],
        ..CustomerDraft::default()
    }
}

fn ids(store: &Store, q: CustomerQuery) -> Vec<i64> {
    store
        .list_customers(&CustomerQuery { limit: 1_000, ..q })
        .unwrap()
        .items
        .iter()
        .map(|c| c.id)
        .collect()
}

fn search(store: &Store, text: &str) -> Vec<i64> {
    ids(
        store,
        CustomerQuery {
            search: Some(text.into()),
            ..CustomerQuery::default()
        },
    )
}

fn entries(store: &Store, action: &str) -> u64 {
    store
        .audit_list(&AuditFilter {
            action: Some(action.into()),
            ..AuditFilter::default()
        })
        .unwrap()
        .total
}

/// Add, read, edit, find, bin, restore and purge: the same answers, the
/// same refusals and the same log on SQLite and on PostgreSQL.
#[test]
fn a_customer_goes_through_the_archive_alike_on_both_backends() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let zhang = store
            .insert_customer(&draft("C001", "张伟", "13812345678", Some(1200.5)))
            .unwrap();
        let acme = store
            .insert_customer(&draft("C002", "ACME Trading 100%_Co", "02112345678", None))
            .unwrap();
        let wang = store
            .insert_customer(&draft("C003", "王芳", "13900001111", Some(80.0)))
            .unwrap();
        assert!(zhang.id > 0 && acme.id > zhang.id && wang.id > acme.id);
        assert_eq!(store.customer(zhang.id).unwrap(), zhang);
        assert_eq!(store.customer_by_code("C002").unwrap().unwrap().id, acme.id);
        assert_eq!(store.customer_by_code("C404").unwrap(), None);
        assert_eq!(zhang.tags, vec!["老客户".to_owned()]);
        assert_eq!(zhang.spend, Some(1200.5));
        assert!(matches!(
            store.customer(9_999),
            Err(StoreError::CustomerNotFound(_))
        ));
        // A code already used is refused by name.
        let dup = store.insert_customer(&draft("C001", "李娜", "13700000000", None));
        assert!(
            matches!(dup, Err(StoreError::DuplicateCode { ref holder, .. }) if holder == "张伟")
        );

        // Search: 3+ characters anywhere (case ignored), shorter ones from the start.
        assert_eq!(search(store, "2345"), vec![zhang.id, acme.id]);
        assert_eq!(search(store, "acme"), vec![acme.id]);
        assert_eq!(search(store, "100%_"), vec![acme.id]);
        assert_eq!(search(store, "0%_"), vec![acme.id]);
        assert_eq!(search(store, "02"), vec![acme.id]);
        assert_eq!(search(store, "%%%"), Vec::<i64>::new());
        assert_eq!(search(store, "张"), vec![zhang.id]);
        assert_eq!(search(store, "wf"), vec![wang.id]);
        assert_eq!(search(store, "C00"), vec![zhang.id, acme.id, wang.id]);

        // An edit replaces the fields and is logged with what changed.
        let mut edit = CustomerDraft::from(&zhang);
        edit.name = "张伟华".into();
        edit.spend = Some(99.0);
        let edited = store.update_customer(zhang.id, &edit).unwrap();
        assert_eq!((edited.name.as_str(), edited.spend), ("张伟华", Some(99.0)));
        assert_eq!(search(store, "伟华"), Vec::<i64>::new()); // two characters: from the start only
        assert_eq!(search(store, "张伟华"), vec![zhang.id]);
        let taken = store.update_customer(
            wang.id,
            &CustomerDraft {
                code: Some("C002".into()),
                ..CustomerDraft::from(&wang)
            },
        );
        assert!(matches!(taken, Err(StoreError::DuplicateCode { .. })));

        // The recycle bin.
        assert_eq!(
            store.delete_customers(&[acme.id, acme.id, 9_999]).unwrap(),
            1
        );
        assert_eq!(store.customer_count().unwrap(), 2);
        assert_eq!(
            ids(store, CustomerQuery::default()),
            vec![zhang.id, wang.id]
        );
        let binned = CustomerQuery {
            deleted: true,
            ..CustomerQuery::default()
        };
        assert_eq!(ids(store, binned.clone()), vec![acme.id]);
        assert_eq!(store.restore_customers(&[acme.id]).unwrap(), 1);
        assert_eq!(store.restore_customers(&[acme.id]).unwrap(), 0);
        assert_eq!(store.delete_customers(&[wang.id]).unwrap(), 1);
        assert_eq!(store.empty_recycle_bin().unwrap(), 1);
        assert!(matches!(
            store.customer(wang.id),
            Err(StoreError::CustomerNotFound(_))
        ));
        assert_eq!(ids(store, binned), Vec::<i64>::new());
        assert_eq!(store.customer_count().unwrap(), 2);

        // One entry per change, none for the refusals.
        assert_eq!(entries(store, "customer.add"), 3);
        assert_eq!(entries(store, "customer.edit"), 1);
        assert_eq!(entries(store, "customer.delete"), 2);
        assert_eq!(entries(store, "customer.restore"), 1);
        assert_eq!(entries(store, "customer.purge"), 1);
        assert_eq!(entries(store, "customer."), 8);
        assert!(store.audit_verify().unwrap().broken.is_none());
        // Ids are never reused after a purge.
        let next = store
            .insert_customer(&draft("C004", "赵敏", "13600000000", None))
            .unwrap();
        assert!(next.id > wang.id);
    });
    assert_eq!(runs, backends());
}

/// Sorting puts customers without a value where SQLite does (first going
/// up, last going down), pages by id within equal values, and a stream
/// gives the same customers in the same order.
#[test]
fn lists_sort_and_page_alike_on_both_backends() {
    each_backend(|store| {
        let spends = [Some(50.0), None, Some(10.0), Some(50.0), None, Some(90.0)];
        let drafts: Vec<CustomerDraft> = spends
            .iter()
            .enumerate()
            .map(|(i, s)| {
                draft(
                    &format!("K{i}"),
                    &format!("客户{i}"),
                    &format!("1350000000{i}"),
                    *s,
                )
            })
            .collect();
        assert_eq!(store.insert_customers(&drafts).unwrap(), 6);
        assert_eq!(entries(store, "customer.add"), 1);
        let codes = |descending: bool, limit: u32, offset: u32| -> Vec<String> {
            store
                .list_customers(&CustomerQuery {
                    sort: SortKey::Spend,
                    descending,
                    limit,
                    offset,
                    ..CustomerQuery::default()
                })
                .unwrap()
                .items
                .into_iter()
                .map(|c| c.code.unwrap())
                .collect()
        };
        assert_eq!(codes(false, 100, 0), ["K1", "K4", "K2", "K0", "K3", "K5"]);
        assert_eq!(codes(true, 100, 0), ["K5", "K3", "K0", "K2", "K4", "K1"]);
        assert_eq!(codes(false, 2, 2), ["K2", "K0"]);
        let page = store
            .list_customers(&CustomerQuery {
                tier: Some("gold".into()),
                limit: 2,
                ..CustomerQuery::default()
            })
            .unwrap();
        assert_eq!((page.total, page.items.len()), (6, 2));
        let mut streamed = Vec::new();
        let n = store
            .for_each_matching(
                &CustomerQuery {
                    sort: SortKey::Spend,
                    descending: true,
                    ..CustomerQuery::default()
                },
                |c| {
                    streamed.push(c.code.unwrap());
                    Ok(())
                },
            )
            .unwrap();
        assert_eq!(n, 6);
        assert_eq!(streamed, codes(true, 100, 0));
    });
}
