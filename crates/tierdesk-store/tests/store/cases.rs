//! Complaints at the store: numbers never given twice, steps in order with
//! their times, the case's to-dos opened and closed, the list's order and
//! overdue flags agreeing with the domain's rule, counts per tier, erase.
//! Each test runs on SQLite and on a fresh PostgreSQL database
//! (`each_backend`) unless it says why not. (Just over 600 lines: the
//! walks through a case's life are long by nature and share these helpers.)

use chrono::NaiveDateTime;
use tierdesk_domain::case::{
    deadlines, parse_time, CaseChannel, CaseFilter, CaseMove, CaseSeverity, CaseStatus, CaseType,
    NewCase,
};
use tierdesk_domain::{CustomerDraft, TodoKind};
use tierdesk_store::testing::each_backend;
use tierdesk_store::Store;

fn at(text: &str) -> NaiveDateTime {
    parse_time(text).unwrap()
}

pub(crate) fn customer(store: &mut Store, name: &str) -> i64 {
    store
        .insert_customer(&CustomerDraft {
            name: name.into(),
            ..Default::default()
        })
        .unwrap()
        .id
}

fn new_case(customer_id: i64, received: &str, tier: Option<&str>, hours: (u32, u32)) -> NewCase {
    let received = at(received);
    let (respond_by, resolve_by) = deadlines(received, hours.0, hours.1);
    NewCase {
        customer_id,
        received_at: received,
        channel: CaseChannel::Phone,
        kind: CaseType::Service,
        severity: CaseSeverity::Normal,
        description: "送货员态度差，客户要求道歉".into(),
        owner: "王经理".into(),
        tier_at: tier.map(str::to_owned),
        respond_by,
        resolve_by,
    }
}

fn step(to: CaseStatus, note: &str) -> CaseMove {
    CaseMove {
        to,
        note: note.into(),
        resolution: None,
        satisfaction: None,
    }
}

/// The `case` to-dos of a case as (rule key, status, due day, due time, owner), by id.
fn todos(store: &Store, case_id: i64) -> Vec<(String, String, String, String, String)> {
    let todos = crate::todos_of_source(store, "case").into_iter();
    let mine = todos.filter(|t| t.kind == TodoKind::Case && t.source_id == Some(case_id));
    let row = |t: tierdesk_domain::Todo| {
        let (due_on, status) = (t.due_on.to_string(), t.status.key().to_owned());
        let rule = t.rule_key.unwrap_or_default();
        (
            rule,
            status,
            due_on,
            t.due_time.unwrap_or_default(),
            t.owner,
        )
    };
    mine.map(row).collect()
}

#[test]
fn numbers_follow_the_day_and_are_never_given_twice() {
    each_backend(|store| {
        let a = customer(store, "甲");
        let b = customer(store, "乙");
        let n = |store: &mut Store, who, when| {
            store
                .open_case(&new_case(who, when, None, (48, 168)))
                .unwrap()
                .number
        };
        assert_eq!(n(store, a, "2026-11-30 09:00:00"), "TS202611300001");
        assert_eq!(n(store, b, "2026-11-30 23:59:59"), "TS202611300002");
        assert_eq!(n(store, b, "2026-12-01 00:00:00"), "TS202612010001");
        // Customer 乙's cases go with it when it is deleted for good; the
        // numbers they had are not given again.
        store.delete_customers(&[b]).unwrap();
        store.empty_recycle_bin().unwrap();
        assert_eq!(store.case_by_number("TS202611300002").unwrap(), None);
        assert_eq!(n(store, a, "2026-11-30 10:00:00"), "TS202611300003");
        assert_eq!(n(store, a, "2026-12-01 08:00:00"), "TS202612010002");
        let found = store.case_by_number(" TS202611300003 ").unwrap().unwrap();
        assert_eq!(found.customer_id, a);
    });
}

#[test]
fn steps_are_kept_in_order_and_set_the_case_times() {
    each_backend(|store| {
        let id = customer(store, "丙");
        let c = store
            .open_case(&new_case(
                id,
                "2026-11-30 09:00:00",
                Some("diamond"),
                (4, 24),
            ))
            .unwrap();
        assert_eq!(c.status, CaseStatus::New);
        assert_eq!(c.respond_by, "2026-11-30 13:00:00");
        assert_eq!(c.resolve_by, "2026-12-01 09:00:00");
        assert_eq!(c.tier_at.as_deref(), Some("diamond"));
        assert_eq!(
            todos(store, c.id),
            vec![(
                format!("case:{}:respond", c.id),
                "open".into(),
                "2026-11-30".into(),
                "13:00".into(),
                "王经理".into()
            )]
        );

        let walk = [
            (
                CaseStatus::New,
                step(CaseStatus::InProgress, "已致电客户"),
                "2026-11-30 10:00:00",
            ),
            (
                CaseStatus::InProgress,
                CaseMove {
                    resolution: Some("补发并致歉".into()),
                    ..step(CaseStatus::AwaitingCustomer, "已补发")
                },
                "2026-11-30 15:00:00",
            ),
            (
                CaseStatus::AwaitingCustomer,
                step(CaseStatus::InProgress, "客户说还没收到"),
                "2026-11-30 18:00:00",
            ),
            (
                CaseStatus::InProgress,
                step(CaseStatus::AwaitingCustomer, "再次补发"),
                "2026-12-01 08:00:00",
            ),
            (
                CaseStatus::AwaitingCustomer,
                CaseMove {
                    satisfaction: Some(4),
                    ..step(CaseStatus::Closed, "客户确认收到")
                },
                "2026-12-01 08:30:00",
            ),
        ];
        for (i, (from, m, when)) in walk.iter().enumerate() {
            let after = store.step_case(c.id, *from, m, at(when)).unwrap().unwrap();
            assert_eq!(after.status, m.to, "step {i}");
            if i == 0 {
                // The first response closes the response to-do and opens the
                // resolution one, due at the resolution deadline.
                let t = todos(store, c.id);
                assert_eq!(t.len(), 2);
                assert_eq!(t[0].1, "done");
                assert_eq!(
                    t[1],
                    (
                        format!("case:{}:resolve", c.id),
                        "open".into(),
                        "2026-12-01".into(),
                        "09:00".into(),
                        "王经理".into()
                    )
                );
            }
        }
        let done = store.case(c.id).unwrap().unwrap();
        assert_eq!(
            done.first_response_at.as_deref(),
            Some("2026-11-30 10:00:00")
        );
        assert_eq!(done.resolved_at.as_deref(), Some("2026-12-01 08:00:00"));
        assert_eq!(done.closed_at.as_deref(), Some("2026-12-01 08:30:00"));
        assert_eq!(done.resolution, "补发并致歉");
        assert_eq!(done.satisfaction, Some(4));
        let steps = store.case_steps(c.id).unwrap();
        let seen: Vec<(Option<CaseStatus>, CaseStatus, &str, &str)> = steps
            .iter()
            .map(|s| (s.from_status, s.to_status, s.note.as_str(), s.at.as_str()))
            .collect();
        let mut want = vec![(None, CaseStatus::New, "", "2026-11-30 09:00:00")];
        want.extend(
            walk.iter()
                .map(|(from, m, when)| (Some(*from), m.to, m.note.as_str(), *when)),
        );
        assert_eq!(seen, want);
        // Closing closed both to-dos; nothing is left open.
        let t = todos(store, c.id);
        assert_eq!(t.len(), 2);
        assert!(t.iter().all(|t| t.1 == "done"), "{t:?}");

        // A step from a status the case no longer has writes nothing.
        let stale = store
            .step_case(
                c.id,
                CaseStatus::AwaitingCustomer,
                &step(CaseStatus::Closed, "x"),
                at("2026-12-02 00:00:00"),
            )
            .unwrap();
        assert_eq!(stale, None);
        assert_eq!(store.case_steps(c.id).unwrap().len(), steps.len());
        // Each write left one audit entry naming the customer by id only.
        let log = store
            .audit_list(&tierdesk_domain::audit::AuditFilter {
                action: Some("case.".into()),
                ..Default::default()
            })
            .unwrap();
        assert_eq!(log.total, 1 + walk.len() as u64);
        assert!(log.items.iter().all(|e| e.customer_id == Some(id)));
        assert!(log
            .items
            .iter()
            .all(|e| !e.summary.contains("丙") && !e.summary.contains("补发")));
    });
}

#[test]
fn rejecting_closes_the_response_todo() {
    each_backend(|store| {
        let id = customer(store, "丁");
        let c = store
            .open_case(&new_case(id, "2026-11-30 09:00:00", None, (48, 168)))
            .unwrap();
        let r = store
            .step_case(
                c.id,
                CaseStatus::New,
                &step(CaseStatus::Rejected, "重复投诉"),
                at("2026-11-30 09:30:00"),
            )
            .unwrap()
            .unwrap();
        assert_eq!(r.closed_at.as_deref(), Some("2026-11-30 09:30:00"));
        assert_eq!(r.first_response_at.as_deref(), Some("2026-11-30 09:30:00"));
        let t = todos(store, c.id);
        assert_eq!(t.len(), 1, "{t:?}");
        assert_eq!(
            (t[0].0.as_str(), t[0].1.as_str()),
            (format!("case:{}:respond", c.id).as_str(), "done")
        );
    });
}

#[test]
fn the_list_puts_overdue_first_and_agrees_with_the_domain() {
    each_backend(|store| {
        let id = customer(store, "戊");
        // (received, tier, hours, steps): deadlines spread around "now".
        let open = |store: &mut Store, when: &str, tier: &str, hours: (u32, u32)| {
            store
                .open_case(&new_case(id, when, Some(tier), hours))
                .unwrap()
        };
        let now = at("2026-12-01 12:00:00");
        let late_response = open(store, "2026-12-01 06:00:00", "gold", (4, 72)); // respond 10:00
        let on_time = open(store, "2026-12-01 11:00:00", "gold", (4, 72)); // respond 15:00
        let late_resolution = open(store, "2026-11-28 09:00:00", "silver", (8, 72)); // resolve 12-01 09:00
        store
            .step_case(
                late_resolution.id,
                CaseStatus::New,
                &step(CaseStatus::InProgress, ""),
                at("2026-11-28 10:00:00"),
            )
            .unwrap();
        let very_late = open(store, "2026-11-20 09:00:00", "silver", (8, 72));
        let closed = open(store, "2026-11-20 10:00:00", "gold", (4, 24));
        store
            .step_case(
                closed.id,
                CaseStatus::New,
                &step(CaseStatus::Rejected, "无效"),
                at("2026-11-20 11:00:00"),
            )
            .unwrap();
        let answered = open(store, "2026-12-01 08:00:00", "gold", (4, 72)); // resolve 12-04 08:00
        store
            .step_case(
                answered.id,
                CaseStatus::New,
                &step(CaseStatus::InProgress, ""),
                at("2026-12-01 09:00:00"),
            )
            .unwrap();

        let list = store.list_cases(&CaseFilter::default(), now).unwrap();
        let order: Vec<i64> = list.items.iter().map(|c| c.id).collect();
        assert_eq!(
            order,
            vec![
                very_late.id,       // responded never, due 11-20 17:00
                late_resolution.id, // resolve 12-01 09:00
                late_response.id,   // respond 12-01 10:00
                on_time.id,         // respond 12-01 15:00
                answered.id,        // resolve 12-04 08:00
                closed.id,
            ]
        );
        assert_eq!(list.total, 6);
        // The flags the rows carry are the domain's rule at `now`; the SQL
        // that ordered them put exactly those first.
        let flags: Vec<bool> = list.items.iter().map(|c| c.is_overdue()).collect();
        assert_eq!(flags, vec![true, true, true, false, false, false]);
        assert_eq!(list.items[2].response_overdue_minutes, Some(120));
        assert_eq!(list.items[2].resolve_overdue_minutes, None);
        assert_eq!(list.items[1].resolve_overdue_minutes, Some(180));

        let only = |f: CaseFilter| -> Vec<i64> {
            store
                .list_cases(&f, now)
                .unwrap()
                .items
                .iter()
                .map(|c| c.id)
                .collect()
        };
        assert_eq!(
            only(CaseFilter {
                overdue: true,
                ..Default::default()
            }),
            vec![very_late.id, late_resolution.id, late_response.id]
        );
        assert_eq!(
            only(CaseFilter {
                open: true,
                ..Default::default()
            })
            .len(),
            5
        );
        assert_eq!(
            only(CaseFilter {
                tier: Some("silver".into()),
                ..Default::default()
            }),
            vec![very_late.id, late_resolution.id]
        );
        assert_eq!(
            only(CaseFilter {
                status: Some(CaseStatus::Rejected),
                ..Default::default()
            }),
            vec![closed.id]
        );
        assert_eq!(
            only(CaseFilter {
                owner: Some("别人".into()),
                ..Default::default()
            }),
            Vec::<i64>::new()
        );
        assert_eq!(
            only(CaseFilter {
                limit: Some(2),
                offset: Some(1),
                ..Default::default()
            }),
            vec![late_resolution.id, late_response.id]
        );

        // A page that spans the open and the finished cases.
        assert_eq!(
            only(CaseFilter {
                limit: Some(2),
                offset: Some(4),
                ..Default::default()
            }),
            vec![answered.id, closed.id]
        );
        assert_eq!(
            only(CaseFilter {
                offset: Some(5),
                ..Default::default()
            }),
            vec![closed.id]
        );
        // A customer in the recycle bin takes its cases out of the lists.
        let gone = customer(store, "癸");
        store
            .open_case(&new_case(
                gone,
                "2026-11-01 09:00:00",
                Some("gold"),
                (4, 24),
            ))
            .unwrap();
        assert_eq!(
            store.list_cases(&CaseFilter::default(), now).unwrap().total,
            7
        );
        store.delete_customers(&[gone]).unwrap();
        let after = store.list_cases(&CaseFilter::default(), now).unwrap();
        assert_eq!(after.total, 6);
        assert_eq!(after.items.iter().map(|c| c.id).collect::<Vec<_>>(), order);

        // At the report's time: per tier held when received.
        let counts = store
            .case_counts_by_tier(
                chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
                chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
                at("2026-11-30 23:59:59"),
            )
            .unwrap();
        let got: Vec<(String, u64, u64, u64, u64, u64)> = counts
            .iter()
            .map(|c| {
                (
                    c.tier.clone(),
                    c.received,
                    c.open,
                    c.overdue,
                    c.closed,
                    c.closed_on_time,
                )
            })
            .collect();
        // November: gold received `closed` (rejected within its deadline);
        // silver received `late_resolution` and `very_late`, both open at the
        // end of November, `very_late` overdue then. The December cases of gold
        // did not exist yet.
        assert_eq!(
            got,
            vec![
                ("gold".into(), 1, 0, 0, 1, 1),
                ("silver".into(), 2, 2, 1, 0, 0),
            ]
        );
    });
}

#[test]
fn an_erase_wipes_the_text_of_cases_and_steps() {
    each_backend(|store| {
        let id = customer(store, "己");
        let other = customer(store, "庚");
        let c = store
            .open_case(&new_case(id, "2026-11-30 09:00:00", None, (48, 168)))
            .unwrap();
        store
            .step_case(
                c.id,
                CaseStatus::New,
                &step(CaseStatus::InProgress, "给己打了电话"),
                at("2026-11-30 10:00:00"),
            )
            .unwrap();
        let kept = store
            .open_case(&new_case(other, "2026-11-30 09:00:00", None, (48, 168)))
            .unwrap();
        let erased = store.erase_customer(id, "本人要求").unwrap();
        assert_eq!(erased.cases, 2, "the case and its one step with a note");
        let after = store.case(c.id).unwrap().unwrap();
        assert_eq!(after.description, "（内容已随个人信息删除）");
        assert_eq!(after.number, c.number);
        assert_eq!(after.status, CaseStatus::InProgress);
        let notes: Vec<String> = store
            .case_steps(c.id)
            .unwrap()
            .into_iter()
            .map(|s| s.note)
            .collect();
        assert_eq!(
            notes,
            vec!["".to_owned(), "（内容已随个人信息删除）".to_owned()]
        );
        assert_eq!(
            store.case(kept.id).unwrap().unwrap().description,
            kept.description
        );
        let copy = store.customer_cases(id).unwrap();
        assert_eq!(copy.len(), 1);
        assert_eq!(copy[0].1.len(), 2);
    });
}

#[test]
fn the_timeline_shows_each_step_in_the_domains_words() {
    use tierdesk_domain::record::TimelineQuery;
    each_backend(|store| {
        let id = customer(store, "辛");
        let only_cases = TimelineQuery {
            kinds: vec!["case".into()],
            limit: Some(500),
            ..Default::default()
        };
        // Every type and severity as the SQL words them: the domain's labels.
        let mut opened = Vec::new();
        for (i, kind) in CaseType::ALL.iter().enumerate() {
            let severity = CaseSeverity::ALL[i % CaseSeverity::ALL.len()];
            let c = store
                .open_case(&NewCase {
                    kind: *kind,
                    severity,
                    ..new_case(id, &format!("2026-11-0{} 09:00:00", i + 1), None, (48, 168))
                })
                .unwrap();
            opened.push((c, *kind, severity));
        }
        let page = store.timeline_page(id, &only_cases).unwrap();
        assert_eq!(page.events.len(), CaseType::ALL.len());
        for (c, kind, severity) in &opened {
            let e = page
                .events
                .iter()
                .find(|e| e.title.contains(&c.number))
                .unwrap();
            assert_eq!(
                e.title,
                format!(
                    "收到投诉 {}（{}，{}）",
                    c.number,
                    kind.label(),
                    severity.label()
                )
            );
            assert_eq!(e.detail.as_deref(), Some(c.description.as_str()));
            assert_eq!(e.at, c.received_at);
        }
        // Every status a step reaches, newest first, with its note.
        let c = &opened[0].0;
        let walk = [
            (CaseStatus::New, step(CaseStatus::InProgress, "已联系")),
            (
                CaseStatus::InProgress,
                step(CaseStatus::AwaitingCustomer, "已处理"),
            ),
            (
                CaseStatus::AwaitingCustomer,
                CaseMove {
                    resolution: Some("退款".into()),
                    ..step(CaseStatus::Closed, "客户确认")
                },
            ),
        ];
        for (i, (from, m)) in walk.iter().enumerate() {
            store
                .step_case(c.id, *from, m, at(&format!("2026-11-20 1{i}:00:00")))
                .unwrap()
                .unwrap();
        }
        let other = &opened[1].0;
        store
            .step_case(
                other.id,
                CaseStatus::New,
                &step(CaseStatus::Rejected, "重复"),
                at("2026-11-20 09:00:00"),
            )
            .unwrap()
            .unwrap();
        let page = store.timeline_page(id, &only_cases).unwrap();
        let newest: Vec<(String, Option<String>)> = page
            .events
            .iter()
            .take(4)
            .map(|e| (e.title.clone(), e.detail.clone()))
            .collect();
        let n = &c.number;
        assert_eq!(
            newest,
            vec![
                (
                    format!("投诉 {n}：{}", CaseStatus::Closed.label()),
                    Some("客户确认（处理结果：退款）".into())
                ),
                (
                    format!("投诉 {n}：{}", CaseStatus::AwaitingCustomer.label()),
                    Some("已处理".into())
                ),
                (
                    format!("投诉 {n}：{}", CaseStatus::InProgress.label()),
                    Some("已联系".into())
                ),
                (
                    format!("投诉 {}：{}", other.number, CaseStatus::Rejected.label()),
                    Some("重复".into())
                ),
            ]
        );
        assert_eq!(page.events.len(), CaseType::ALL.len() + 4);
        let ids: std::collections::BTreeSet<i64> = page.events.iter().map(|e| e.ref_id).collect();
        assert_eq!(ids.len(), page.events.len(), "one event per step");
    });
}
