//! The demo's customer care: follow-ups that agree with each customer's
//! contact dates, contacts of companies, complaints in every status, survey
//! answers per tier, to-dos from the rules; the same seed gives the same
//! rows, and a benchmark-sized demo gets customers only.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Duration, Local};
use tierdesk_api::domain::case::{CaseFilter, CaseStatus};
use tierdesk_api::domain::{Customer, CustomerQuery, TodoFilter};
use tierdesk_api::testing::{another_like, each_api, each_api_with_dir};
use tierdesk_api::Api;

fn customers(api: &Api) -> Vec<Customer> {
    let page = api
        .list_customers(&CustomerQuery {
            limit: 100_000,
            ..Default::default()
        })
        .unwrap();
    assert_eq!(page.items.len() as u64, page.total);
    page.items
}

/// What identifies a demo's care rows, without the times of writing.
fn fingerprint(api: &Api) -> Vec<String> {
    let now = Local::now().naive_local();
    let mut out = Vec::new();
    for c in customers(api) {
        for f in api.customer_followups(c.id).unwrap() {
            out.push(format!(
                "f {} {:?} {} {} {:?}",
                c.code.as_deref().unwrap_or(""),
                f.channel,
                &f.at[..10],
                f.subject,
                f.next_contact_on
            ));
        }
        for p in api.contacts(c.id).unwrap() {
            out.push(format!("p {} {} {} {}", c.id, p.name, p.role, p.is_primary));
        }
    }
    for case in api
        .list_cases(
            &CaseFilter {
                limit: Some(1000),
                ..Default::default()
            },
            now,
        )
        .unwrap()
        .items
    {
        out.push(
            format!("c {case:?}")
                .split("received_at")
                .next()
                .unwrap()
                .to_owned(),
        );
    }
    out
}

/// Long on purpose: one 500-customer fill (seconds to make) checked kind by kind.
#[test]
fn a_small_demo_gets_care_records_that_agree_with_its_customers() {
    each_api_with_dir(|api, dir| {
        assert_eq!(api.fill_demo(500, 42, |_| {}).unwrap(), 500);
        let now = Local::now().naive_local();
        let today = now.date();
        let all = customers(api);
        assert_eq!(all.len(), 500);
        let ids: BTreeSet<i64> = all.iter().map(|c| c.id).collect();

        // Follow-ups: a good share of customers, the newest on 最近联系.
        let (mut followups, mut with_followups, mut with_next, mut due) = (0, 0, 0, 0);
        for c in &all {
            let list = api.customer_followups(c.id).unwrap();
            assert!(list.iter().all(|f| f.customer_id == c.id));
            let Some(newest) = list.iter().map(|f| f.at.clone()).max() else {
                continue;
            };
            followups += list.len();
            with_followups += 1;
            assert_eq!(
                c.last_contact_on.map(|d| d.to_string()),
                Some(newest[..10].to_owned()),
                "customer {} 最近联系",
                c.id
            );
            let next = list
                .iter()
                .max_by_key(|f| (&f.at, f.id))
                .unwrap()
                .next_contact_on;
            assert_eq!(c.next_contact_on, next, "customer {} 下次联系", c.id);
            if let Some(n) = next {
                with_next += 1;
                due += usize::from(n <= today);
            }
            assert!(list
                .iter()
                .all(|f| !f.who.is_empty() && f.who == c.manager.clone().unwrap()));
        }
        assert!(
            (150..450).contains(&with_followups),
            "{with_followups} customers followed up"
        );
        assert!(followups > with_followups, "{followups} follow-ups");
        assert!(
            with_next > 20 && due > 5,
            "{with_next} with next contact, {due} due"
        );

        // Contacts: companies only, one primary each, phones masked in the list.
        let mut contacts = 0;
        for c in &all {
            let list = api.contacts(c.id).unwrap();
            if c.gender.is_some() {
                assert!(list.is_empty(), "person {} has contacts", c.id);
                continue;
            }
            assert!(
                (1..=3).contains(&list.len()),
                "company {} has {}",
                c.id,
                list.len()
            );
            assert_eq!(list.iter().filter(|p| p.is_primary).count(), 1);
            assert!(list
                .iter()
                .all(|p| p.phone.as_deref().is_some_and(|ph| ph.contains('*'))));
            contacts += list.len();
        }
        assert!(contacts > 150, "{contacts} contacts");
        let dates: usize = all
            .iter()
            .map(|c| api.customer_dates(c.id).unwrap().len())
            .sum();
        assert!(dates > 20, "{dates} dates that matter");

        // Complaints: 10–30, each customer exists, every status, some overdue.
        let cases = api
            .list_cases(
                &CaseFilter {
                    limit: Some(1000),
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        assert!((10..=30).contains(&cases.total), "{} cases", cases.total);
        for status in CaseStatus::ALL {
            let n = api
                .list_cases(
                    &CaseFilter {
                        status: Some(*status),
                        limit: Some(1000),
                        ..Default::default()
                    },
                    now,
                )
                .unwrap()
                .total;
            assert!(n >= 2, "{n} cases {status:?}");
        }
        let overdue = api
            .list_cases(
                &CaseFilter {
                    overdue: true,
                    limit: Some(1000),
                    ..Default::default()
                },
                now,
            )
            .unwrap()
            .total;
        assert!(overdue >= 2 && overdue < cases.total, "{overdue} overdue");
        let numbers: BTreeSet<String> = cases.items.iter().map(|c| c.case.number.clone()).collect();
        assert_eq!(numbers.len() as u64, cases.total);
        assert!(cases
            .items
            .iter()
            .all(|c| ids.contains(&c.case.customer_id)));

        // Surveys: about a third answered in the last 12 months, some tier past 30.
        let rows = api
            .survey_by_tier(today - Duration::days(366), today)
            .unwrap();
        let per_tier: BTreeMap<String, u64> = rows
            .iter()
            .filter_map(|r| Some((r.tier.clone()?, r.figures.responses)))
            .collect();
        let total = rows
            .iter()
            .find(|r| r.tier.is_none())
            .unwrap()
            .figures
            .responses;
        assert!((120..250).contains(&total), "{total} answers: {per_tier:?}");
        assert!(per_tier.values().any(|n| *n >= 30), "{per_tier:?}");
        assert!(per_tier.len() >= 3, "{per_tier:?}");
        let all_rows = rows.iter().find(|r| r.tier.is_none()).unwrap();
        assert!(all_rows.figures.promoters > all_rows.figures.detractors);
        assert!(all_rows.figures.detractors > 0);

        // To-dos: made, all about the demo's customers; the rules a second time add none.
        let todos = api
            .todos(
                &TodoFilter {
                    limit: Some(100_000),
                    ..Default::default()
                },
                now,
            )
            .unwrap();
        assert!(todos.len() > 50, "{} to-dos", todos.len());
        let strays: Vec<_> = todos
            .iter()
            // Rating to-dos gather the customers due on a day (no one customer).
            .filter(|t| match t.customer_id {
                Some(id) => !ids.contains(&id),
                None => t.kind.key() != "rating",
            })
            .map(|t| (&t.title, t.customer_id))
            .collect();
        assert!(strays.is_empty(), "{strays:?}");
        let kinds: BTreeSet<_> = todos.iter().map(|t| t.kind.key()).collect();
        assert!(kinds.len() >= 3, "{kinds:?}");
        let again = api.refresh_todos(today).unwrap();
        assert_eq!(again.added(), 0, "{again:?}");

        // The same seed gives the same rows.
        let mut twin = another_like(api, dir);
        twin.fill_demo(500, 42, |_| {}).unwrap();
        assert_eq!(fingerprint(api), fingerprint(&twin));
        let mut other = another_like(api, dir);
        other.fill_demo(500, 43, |_| {}).unwrap();
        assert_ne!(fingerprint(api), fingerprint(&other));
    });
}

#[test]
fn a_benchmark_sized_demo_gets_customers_only() {
    each_api(|api| {
        assert_eq!(api.fill_demo(30_000, 5, |_| {}).unwrap(), 30_000);
        let now = Local::now().naive_local();
        let cases = api.list_cases(&CaseFilter::default(), now).unwrap();
        assert_eq!(cases.total, 0);
        let todos = api.todos(&TodoFilter::default(), now).unwrap();
        assert!(todos.is_empty());
        let today = now.date();
        let rows = api
            .survey_by_tier(today - Duration::days(366), today)
            .unwrap();
        assert!(rows.iter().all(|r| r.figures.responses == 0));
        for id in [1, 15_000, 30_000] {
            assert!(api.customer_followups(id).unwrap().is_empty());
            assert!(api.contacts(id).unwrap().is_empty());
        }
    });
}
