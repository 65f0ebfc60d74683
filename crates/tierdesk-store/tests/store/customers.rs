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
