//! Desks at once: what a write checks first is read inside its write
//! transaction, so four desks doing the same thing at the same moment do it
//! once — deleting a benefit use or a survey answer, renaming an import
//! mapping — and four layouts saved under one name get four names; on a file
//! and on a team database.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Barrier};

use chrono::NaiveDate;
use tierdesk_domain::audit::AuditFilter;
use tierdesk_domain::survey::{NewSurveyAnswer, SurveyChannel};
use tierdesk_domain::{CustomerDraft, ImportKind, NewBenefitUse};
use tierdesk_store::{testing, Store, StoreError};

/// Opens one desk on a database named by its path or URL.
type Open = fn(&str) -> Store;

fn open_file(at: &str) -> Store {
    Store::open(Path::new(at)).unwrap()
}

/// Runs `test` with a new file's path, then with a new team database's URL.
fn on_both(test: impl Fn(&str, Open)) {
    let dir = tempfile::tempdir().unwrap();
    test(dir.path().join("desks.db").to_str().unwrap(), open_file);
    if let Some(db) = testing::fresh_postgres_database() {
        test(&db.url, testing::open_desk);
    }
}

/// Runs `act` on four desks at once, each its own connection to `at`; what
/// each desk got.
fn four_desks<T: Send + 'static>(
    at: &str,
    open: Open,
    act: impl Fn(&mut Store, usize) -> T + Send + Sync + 'static,
) -> Vec<T> {
    let start = Arc::new(Barrier::new(4));
    let act = Arc::new(act);
    let desks: Vec<_> = (0..4)
        .map(|k| {
            let (at, start, act) = (at.to_owned(), start.clone(), act.clone());
            std::thread::spawn(move || {
                let mut store = open(&at);
                start.wait();
                act(&mut store, k)
            })
        })
        .collect();
    desks.into_iter().map(|t| t.join().unwrap()).collect()
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn customer(store: &mut Store) -> i64 {
    let draft = CustomerDraft {
        name: "甲".into(),
        ..Default::default()
    };
    store.insert_customer(&draft).unwrap().id
}

/// How many audit entries of `action` the database holds.
fn logged(store: &Store, action: &str) -> usize {
    let filter = AuditFilter {
        limit: Some(1000),
        ..Default::default()
    };
    let page = store.audit_list(&filter).unwrap();
    page.items.iter().filter(|e| e.action == action).count()
}

#[test]
fn a_benefit_use_deleted_at_four_desks_is_deleted_and_logged_once() {
    on_both(|at, open| {
        let id = {
            let mut store = open(at);
            let c = customer(&mut store);
            let u = NewBenefitUse {
                customer_id: c,
                benefit: "生日礼品".into(),
                tier: "gold".into(),
                scheme_key: "star4".into(),
                used_on: day("2026-11-02"),
                note: "寄出".into(),
                who: "王五".into(),
                over_quota_reason: None,
            };
            store.record_benefit_use(&u).unwrap().id
        };
        let got = four_desks(at, open, move |store, _| {
            store.delete_benefit_use(id).unwrap().map(|u| u.id)
        });
        let deleted: Vec<i64> = got.into_iter().flatten().collect();
        assert_eq!(deleted, [id], "{at}");
        let store = open(at);
        assert_eq!(store.benefit_use(id).unwrap(), None);
        assert_eq!(logged(&store, "benefit.delete"), 1, "{at}");
    });
}

#[test]
fn a_survey_answer_deleted_at_four_desks_is_deleted_and_logged_once() {
    on_both(|at, open| {
        let id = {
            let mut store = open(at);
            let c = customer(&mut store);
            let a = NewSurveyAnswer {
                customer_id: c,
                survey_id: None,
                answered_on: day("2026-11-02"),
                channel: SurveyChannel::Phone,
                nps: Some(3),
                csat: Some(2),
                scores: BTreeMap::new(),
                comment: "送货太慢".into(),
            };
            store
                .add_survey_answer(&a, "王五", day("2026-11-30"))
                .unwrap()
                .id
        };
        let got = four_desks(at, open, move |store, _| {
            store.delete_survey_answer(id).unwrap().map(|a| a.id)
        });
        let deleted: Vec<i64> = got.into_iter().flatten().collect();
        assert_eq!(deleted, [id], "{at}");
        let store = open(at);
        assert_eq!(store.survey_answer(id).unwrap(), None);
        assert_eq!(logged(&store, "survey.delete"), 1, "{at}");
    });
}

#[test]
fn a_mapping_renamed_at_four_desks_is_renamed_once_and_the_others_told() {
    on_both(|at, open| {
        {
            let store = open(at);
            store
                .save_import_profile("sig-a", "客户表", ImportKind::Customers, "{}")
                .unwrap();
        }
        let got = four_desks(at, open, |store, k| {
            store.rename_import_profile("客户表", &format!("客户表{k}"))
        });
        let renamed = got.iter().filter(|r| r.is_ok()).count();
        let not_found = got
            .iter()
            .filter(|r| matches!(r, Err(StoreError::ProfileNotFound(n)) if n == "客户表"))
            .count();
        assert_eq!((renamed, not_found), (1, 3), "{at}: {got:?}");
        let store = open(at);
        let names: Vec<String> = store
            .import_profiles()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        assert_eq!(names.len(), 1);
        assert!(
            names[0].starts_with("客户表") && names[0] != "客户表",
            "{names:?}"
        );
        assert_eq!(logged(&store, "import.profile.rename"), 1, "{at}");
    });
}

#[test]
fn four_layouts_saved_at_once_under_one_name_get_four_names() {
    on_both(|at, open| {
        open(at);
        four_desks(at, open, |store, k| {
            store
                .save_import_profile(&format!("sig-{k}"), "订单", ImportKind::Transactions, "{}")
                .unwrap()
        });
        let store = open(at);
        let mut names: Vec<String> = store
            .import_profiles()
            .unwrap()
            .into_iter()
            .map(|p| p.name)
            .collect();
        names.sort();
        assert_eq!(names, ["订单", "订单 (2)", "订单 (3)", "订单 (4)"], "{at}");
    });
}
