//! A customer's owner (负责人) in the store, on both backends: read with the
//! customer (the owner's name too), filtered by in the list, changed in one
//! transaction that logs each customer that changes hands.

use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::{CustomerDraft, CustomerQuery, Role};
use tierdesk_store::testing::{backends, each_backend};
use tierdesk_store::{NewUser, Store, StoreError};

fn user(store: &Store, login: &str, name: &str) -> i64 {
    store
        .add_user(&NewUser {
            login,
            name,
            role: Role::Sales,
            password: "owner-test-123",
        })
        .unwrap()
        .id
}

fn customer(store: &mut Store, code: &str) -> i64 {
    store
        .insert_customer(&CustomerDraft {
            code: Some(code.into()),
            name: format!("客户{code}"),
            ..Default::default()
        })
        .unwrap()
        .id
}

/// The codes of a list by owner, and its total.
fn listed(store: &Store, owner: Option<&str>, tier: Option<&str>) -> (Vec<String>, u64) {
    let page = store
        .list_customers(&CustomerQuery {
            owner: owner.map(str::to_owned),
            tier: tier.map(str::to_owned),
            ..Default::default()
        })
        .unwrap();
    let codes = page.items.iter().filter_map(|c| c.code.clone()).collect();
    (codes, page.total)
}

fn read(store: &Store, id: i64) -> (Option<i64>, Option<String>) {
    let c = store.customer(id).unwrap();
    (c.owner_id, c.owner_name)
}

#[test]
fn owners_are_read_listed_changed_and_logged_alike_on_both_backends() {
    let mut runs = 0;
    each_backend(|store| {
        runs += 1;
        let li = user(store, "lilei", "李雷");
        let han = user(store, "hanmeimei", "韩梅梅");
        let c1 = customer(store, "C1");
        let c2 = customer(store, "C2");
        let c3 = customer(store, "C3");
        let fresh = store.customer(c1).unwrap();
        assert_eq!((fresh.owner_id, fresh.owner_name), (None, None));

        let version = store.customer(c1).unwrap().version;
        assert_eq!(store.set_customer_owner(&[c1, c2], Some(li)).unwrap(), 2);
        // A change of hands raises the row's version (an edit opened before it merges).
        assert_eq!(store.customer(c1).unwrap().version, version + 1);
        assert_eq!(store.set_customer_owner(&[c1, c2], Some(li)).unwrap(), 0);
        assert_eq!(store.set_customer_owner(&[c2], Some(han)).unwrap(), 1);
        assert_eq!(read(store, c1), (Some(li), Some("李雷".to_owned())));
        assert_eq!(read(store, c2), (Some(han), Some("韩梅梅".to_owned())));
        assert_eq!(read(store, c3), (None, None));
        // The list carries the owner too.
        let page = store.list_customers(&CustomerQuery::default()).unwrap();
        let names: Vec<Option<String>> = page.items.iter().map(|c| c.owner_name.clone()).collect();
        assert_eq!(names, [Some("李雷".into()), Some("韩梅梅".into()), None]);

        let li_text = li.to_string();
        assert_eq!(listed(store, Some(&li_text), None), (vec!["C1".into()], 1));
        assert_eq!(listed(store, Some("none"), None), (vec!["C3".into()], 1));
        assert_eq!(listed(store, Some("all"), None).1, 3);
        assert_eq!(listed(store, None, None).1, 3);
        // With another filter: the count and the rows agree.
        assert_eq!(listed(store, Some(&li_text), Some("gold")), (vec![], 0));

        // One entry per customer that changed hands, naming the owners.
        let log = store
            .audit_list(&AuditFilter {
                action: Some("customer.owner".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(log.total, 3);
        let newest = &log.items[0];
        assert_eq!(newest.customer_id, Some(c2));
        let change = &newest.details.as_ref().unwrap().changes[0];
        assert_eq!(
            (
                change.field.as_str(),
                change.before.as_deref(),
                change.after.as_deref()
            ),
            ("owner", Some("李雷"), Some("韩梅梅"))
        );

        // Back to shared; an unknown customer among the ids changes nothing.
        assert_eq!(store.set_customer_owner(&[c2], None).unwrap(), 1);
        assert!(matches!(
            store.set_customer_owner(&[c1, 987_654], Some(han)),
            Err(StoreError::CustomerNotFound(_))
        ));
        assert_eq!(read(store, c1).0, Some(li));
        // A customer in the recycle bin is not given away.
        store.delete_customers(&[c3]).unwrap();
        assert!(store.set_customer_owner(&[c3], Some(li)).is_err());
        assert_eq!(
            store
                .audit_list(&AuditFilter {
                    action: Some("customer.owner".into()),
                    ..Default::default()
                })
                .unwrap()
                .total,
            4
        );
    });
    assert_eq!(runs, backends());
}
