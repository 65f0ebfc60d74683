//! Contacts (at most one primary per customer) and dates that matter: what
//! goes in comes back, every change leaves one audit entry whose summary
//! names no one, and an erase takes them all.

use chrono::NaiveDate;
use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::record::{ContactDraft, DateDraft, DateKind};
use tierdesk_domain::CustomerDraft;
use tierdesk_store::testing::each_backend;
use tierdesk_store::{Store, StoreError};

/// A SQLite store with customers of these names (tests of what is not on the
/// team database yet).
fn store_with(names: &[&str]) -> (Store, Vec<i64>) {
    let mut store = Store::open_in_memory().unwrap();
    let ids = with_customers(&mut store, names);
    (store, ids)
}

/// Adds customers of these names; their ids.
fn with_customers(store: &mut Store, names: &[&str]) -> Vec<i64> {
    names
        .iter()
        .map(|n| {
            store
                .insert_customer(&CustomerDraft {
                    name: (*n).into(),
                    ..Default::default()
                })
                .unwrap()
                .id
        })
        .collect()
}

fn person(name: &str, phone: &str, primary: bool) -> ContactDraft {
    ContactDraft {
        name: name.into(),
        role: "采购".into(),
        phone: Some(phone.into()),
        is_primary: primary,
        birth_date: NaiveDate::from_ymd_opt(1985, 3, 9),
        ..Default::default()
    }
    .validate()
    .unwrap()
}

/// (action, summary, details text) of every entry about `customer`, oldest first.
fn log(store: &Store, customer: i64) -> Vec<(String, String, String)> {
    let mut entries = store
        .audit_list(&AuditFilter {
            customer_id: Some(customer),
            ..Default::default()
        })
        .unwrap()
        .items;
    entries.reverse();
    entries
        .into_iter()
        .map(|e| (e.action, e.summary, format!("{:?}", e.details)))
        .collect()
}

#[test]
fn one_primary_contact_at_most_and_the_primary_comes_first() {
    each_backend(|store| {
        let ids = with_customers(store, &["甲公司", "乙公司"]);
        let (a, b) = (ids[0], ids[1]);
        let x = store
            .add_contact(a, &person("张三", "13800001111", true))
            .unwrap();
        let y = store
            .add_contact(a, &person("李四", "13800002222", false))
            .unwrap();
        let other = store
            .add_contact(b, &person("王五", "13800003333", true))
            .unwrap();
        assert!(x.is_primary && !y.is_primary);
        // 李四 becomes primary: 张三 is no longer, and 乙's primary is untouched.
        let mut d = ContactDraft::from(&y);
        d.is_primary = true;
        store.update_contact(y.id, &d).unwrap();
        let list = store.contacts(a).unwrap();
        let shown: Vec<(i64, bool)> = list.iter().map(|c| (c.id, c.is_primary)).collect();
        assert_eq!(shown, vec![(y.id, true), (x.id, false)]);
        assert!(store.contact(other.id).unwrap().is_primary);
        // A third, added as primary, takes the mark again.
        let z = store
            .add_contact(a, &person("赵六", "13800004444", true))
            .unwrap();
        let primaries: Vec<i64> = store
            .contacts(a)
            .unwrap()
            .iter()
            .filter(|c| c.is_primary)
            .map(|c| c.id)
            .collect();
        assert_eq!(primaries, vec![z.id]);
        assert_eq!(store.contacts(a).unwrap().len(), 3);
        assert_eq!(store.contacts(b).unwrap().len(), 1);
        // Stored forms: the phone canonical, the birthday kept.
        assert_eq!(z.phone.as_deref(), Some("13800004444"));
        assert_eq!(z.birth_date, NaiveDate::from_ymd_opt(1985, 3, 9));
    });
}

#[test]
fn contact_changes_are_logged_without_names_in_summaries() {
    each_backend(|store| {
        let ids = with_customers(store, &["甲公司"]);
        let a = ids[0];
        let x = store
            .add_contact(a, &person("张三", "13800001111", false))
            .unwrap();
        let mut d = ContactDraft::from(&x);
        store.update_contact(x.id, &d).unwrap(); // unchanged: no entry
        d.role = "总经理".into();
        store.update_contact(x.id, &d).unwrap();
        let gone = store.delete_contact(x.id).unwrap();
        assert_eq!(gone.id, x.id);
        assert!(matches!(store.contact(x.id), Err(StoreError::ContactNotFound(id)) if id == x.id));
        assert!(matches!(
            store.delete_contact(x.id),
            Err(StoreError::ContactNotFound(_))
        ));
        assert!(matches!(
            store.add_contact(a + 100, &person("无名", "13800009999", false)),
            Err(StoreError::CustomerNotFound(_))
        ));
        let entries = log(store, a);
        let actions: Vec<&str> = entries.iter().map(|e| e.0.as_str()).collect();
        assert_eq!(
            actions,
            vec![
                "customer.add",
                "contact.add",
                "contact.edit",
                "contact.delete"
            ]
        );
        assert_eq!(
            entries[2].1,
            format!("修改联系人 #{}（客户 #{a}）：职务", x.id)
        );
        for (action, summary, details) in &entries[1..] {
            assert!(
                !summary.contains("张三") && !summary.contains("1380000"),
                "{summary}"
            );
            // The values are in the details: all of them on adding and
            // deleting, the changed one on editing.
            let value = if action == "contact.edit" {
                "总经理"
            } else {
                "张三"
            };
            assert!(details.contains(value), "{details}");
        }
        // The deletion's details hold what was there before.
        assert!(
            entries[3].2.contains("before: Some(\"13800001111\")"),
            "{}",
            entries[3].2
        );
    });
}

fn date(kind: DateKind, label: &str, month: u32, day: u32) -> DateDraft {
    DateDraft {
        kind,
        label: label.into(),
        month,
        day,
        year: None,
        remind: true,
        notes: String::new(),
    }
    .validate()
    .unwrap()
}

#[test]
fn dates_come_in_calendar_order_and_changes_are_logged() {
    each_backend(|store| {
        let ids = with_customers(store, &["甲公司", "乙公司"]);
        let a = ids[0];
        let open = store
            .add_customer_date(a, &date(DateKind::Opening, "", 9, 1))
            .unwrap();
        let coop = store
            .add_customer_date(a, &date(DateKind::Cooperation, "", 3, 15))
            .unwrap();
        let own = store
            .add_customer_date(a, &date(DateKind::Custom, "董事长生日宴", 3, 15))
            .unwrap();
        store
            .add_customer_date(ids[1], &date(DateKind::Opening, "", 1, 1))
            .unwrap();
        assert_eq!(open.label, "开业日");
        let order: Vec<i64> = store
            .customer_dates(a)
            .unwrap()
            .iter()
            .map(|d| d.id)
            .collect();
        assert_eq!(order, vec![coop.id, own.id, open.id]);
        let mut d = DateDraft::from(&coop);
        store.update_customer_date(coop.id, &d).unwrap(); // unchanged: no entry
        d.remind = false;
        d.year = Some(2019);
        let changed = store.update_customer_date(coop.id, &d).unwrap();
        assert_eq!((changed.remind, changed.year), (false, Some(2019)));
        store.delete_customer_date(own.id).unwrap();
        assert!(matches!(
            store.customer_date(own.id),
            Err(StoreError::DateNotFound(_))
        ));
        let actions: Vec<String> = log(store, a).into_iter().map(|e| e.0).collect();
        assert_eq!(
            actions,
            vec![
                "customer.add",
                "date.add",
                "date.add",
                "date.add",
                "date.edit",
                "date.delete"
            ]
        );
        let summaries: Vec<String> = log(store, a).into_iter().map(|e| e.1).collect();
        assert_eq!(
            summaries[4],
            format!("修改纪念日 #{}（客户 #{a}）：日期、提醒", coop.id)
        );
        assert!(summaries.iter().all(|s| !s.contains("董事长")));
    });
}

/// SQLite only: the erase (privacy.rs) is not on the team database yet.
#[test]
fn an_erase_takes_the_customers_contacts_and_dates_and_no_one_elses() {
    let (mut store, ids) = store_with(&["甲公司", "乙公司"]);
    let (a, b) = (ids[0], ids[1]);
    store
        .add_contact(a, &person("张三", "13800001111", true))
        .unwrap();
    store
        .add_contact(a, &person("李四", "13800002222", false))
        .unwrap();
    store
        .add_contact(b, &person("王五", "13800003333", true))
        .unwrap();
    store
        .add_customer_date(a, &date(DateKind::Custom, "董事长生日宴", 3, 15))
        .unwrap();
    store
        .add_customer_date(b, &date(DateKind::Opening, "", 1, 1))
        .unwrap();
    let erased = store.erase_customer(a, "本人要求").unwrap();
    assert_eq!((erased.contacts, erased.dates), (2, 1));
    assert!(store.contacts(a).unwrap().is_empty());
    assert!(store.customer_dates(a).unwrap().is_empty());
    assert_eq!(store.contacts(b).unwrap().len(), 1);
    assert_eq!(store.customer_dates(b).unwrap().len(), 1);
    // The log keeps the entries but no longer their details.
    for (action, _, details) in log(&store, a) {
        if action.starts_with("contact.") || action.starts_with("date.") {
            assert_eq!(details, "None", "{action}");
        }
    }
}

#[test]
fn a_customer_deleted_for_good_takes_its_contacts_and_dates() {
    each_backend(|store| {
        let ids = with_customers(store, &["甲公司"]);
        let a = ids[0];
        let c = store
            .add_contact(a, &person("张三", "13800001111", true))
            .unwrap();
        let d = store
            .add_customer_date(a, &date(DateKind::Opening, "", 1, 1))
            .unwrap();
        store.delete_customers(&[a]).unwrap();
        // In the recycle bin they stay.
        assert_eq!(store.contacts(a).unwrap().len(), 1);
        store.empty_recycle_bin().unwrap();
        assert!(matches!(
            store.contact(c.id),
            Err(StoreError::ContactNotFound(_))
        ));
        assert!(matches!(
            store.customer_date(d.id),
            Err(StoreError::DateNotFound(_))
        ));
    });
}
