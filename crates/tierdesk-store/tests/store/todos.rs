//! To-dos: adding, completing with repetition, postponing, cancelling,
//! lists by due date (overdue by day and by hour), and the rules that create
//! them — idempotent, with the identities of what they create.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};
use tierdesk_domain::{
    CustomerDraft, NewTodo, Repeat, RepeatUnit, TodoDue, TodoFilter, TodoKind, TodoStatus,
};
use tierdesk_store::testing::each_backend;
use tierdesk_store::{Store, TodoRules};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

fn at(s: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M").unwrap()
}

fn customer(store: &mut Store, draft: CustomerDraft) -> i64 {
    store.insert_customer(&draft).unwrap().id
}

fn todo(title: &str, due: &str) -> NewTodo {
    NewTodo::new(TodoKind::Custom, title, d(due))
}

fn titles(store: &Store, filter: &TodoFilter, now: NaiveDateTime) -> Vec<String> {
    store
        .todos(filter, now)
        .unwrap()
        .into_iter()
        .map(|t| t.title)
        .collect()
}

fn due(due: TodoDue) -> TodoFilter {
    TodoFilter {
        due: Some(due),
        ..TodoFilter::default()
    }
}

#[test]
fn overdue_by_day_and_by_hour_and_the_counts() {
    each_backend(|store| {
        let now = at("2026-11-30 10:00");
        let hour = |h| NaiveTime::from_hms_opt(h, 30, 0);
        for (title, day, time) in [
            ("昨天", "2026-11-29", None),
            ("今天九点半", "2026-11-30", hour(9)),
            ("今天", "2026-11-30", None),
            ("今天十点半", "2026-11-30", hour(10)),
            ("下周一", "2026-12-07", None),
            ("八天后", "2026-12-08", None),
        ] {
            let mut t = todo(title, day);
            t.due_time = time;
            store.add_todo(&t, now).unwrap();
        }
        assert_eq!(
            titles(store, &due(TodoDue::Overdue), now),
            ["昨天", "今天九点半"]
        );
        assert_eq!(
            titles(store, &due(TodoDue::Today), now),
            ["今天", "今天十点半"]
        );
        assert_eq!(
            titles(store, &due(TodoDue::Week), now),
            ["今天", "今天十点半", "下周一"]
        );
        let counts = store.todo_counts(now, None).unwrap();
        assert_eq!((counts.today, counts.overdue, counts.week), (2, 2, 3));
        let all = store.todos(&TodoFilter::default(), now).unwrap();
        assert_eq!(all.len(), 6);
        let overdue: Vec<bool> = all.iter().map(|t| t.overdue).collect();
        assert_eq!(overdue, [true, false, true, false, false, false]);
        // An hour later, 10:30 has come too.
        let later = at("2026-11-30 11:00");
        assert_eq!(store.todo_counts(later, None).unwrap().overdue, 3);
    });
}

#[test]
fn done_repeats_postpone_moves_cancel_closes() {
    each_backend(|store| {
        let now = at("2024-02-29 09:00");
        let mut t = todo("年检", "2024-02-29");
        t.repeat = Some(Repeat {
            unit: RepeatUnit::Year,
            every: 1,
        });
        let first = store.add_todo(&t, now).unwrap();
        // 2024-02-29 → 2025-02-28 → 2026-02-28 → 2027-02-28 → 2028-02-29.
        let mut id = first.id;
        let mut dues = Vec::new();
        for _ in 0..4 {
            let (done, next) = store.complete_todo(id, "王五", now).unwrap();
            assert_eq!(done.status, TodoStatus::Done);
            assert_eq!(done.done_by.as_deref(), Some("王五"));
            id = next.expect("a repeating to-do has a next one");
            dues.push(store.todo(id, now).unwrap().unwrap().due_on.to_string());
        }
        assert_eq!(
            dues,
            ["2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"]
        );
        // Done twice is refused, and so is postponing a done one.
        assert!(store.complete_todo(first.id, "王五", now).is_err());
        assert!(store
            .postpone_todo(first.id, d("2030-01-01"), None, now)
            .is_err());

        let mut monthly = todo("月底对账", "2026-01-31");
        monthly.repeat = Some(Repeat {
            unit: RepeatUnit::Month,
            every: 1,
        });
        let m = store.add_todo(&monthly, now).unwrap();
        // Postponed past its next date, then done: the date after that.
        let p = store
            .postpone_todo(m.id, d("2026-03-05"), None, now)
            .unwrap();
        assert_eq!(
            (p.status, p.due_on),
            (TodoStatus::Postponed, d("2026-03-05"))
        );
        let (_, next) = store.complete_todo(m.id, "王五", now).unwrap();
        assert_eq!(
            store.todo(next.unwrap(), now).unwrap().unwrap().due_on,
            d("2026-03-31")
        );

        let c = store.add_todo(&todo("不用了", "2026-03-01"), now).unwrap();
        let c = store.cancel_todo(c.id, "王五", now).unwrap();
        assert_eq!(c.status, TodoStatus::Cancelled);
        let open: Vec<i64> = store
            .todos(&TodoFilter::default(), now)
            .unwrap()
            .iter()
            .map(|t| t.id)
            .collect();
        assert_eq!(open, [next.unwrap(), id], "soonest due first");
        // Bad text is refused with every problem.
        let err = store.add_todo(&todo(" ", "2026-03-01"), now).unwrap_err();
        assert!(err.to_string().contains("待办事项不能为空"), "{err}");
    });
}

#[test]
fn the_rules_create_once_with_their_keys() {
    each_backend(|store| {
        let as_of = d("2026-02-20");
        let now = at("2026-02-20 08:00");
        let gold_recent = customer(
            store,
            CustomerDraft {
                name: "金近".into(),
                tier: Some("gold".into()),
                last_contact_on: Some(d("2026-01-01")),
                manager: Some("张经理".into()),
                ..Default::default()
            },
        );
        let gold_due = customer(
            store,
            CustomerDraft {
                name: "金到期".into(),
                tier: Some("gold".into()),
                last_contact_on: Some(d("2025-11-01")),
                ..Default::default()
            },
        );
        let gold_never = customer(
            store,
            CustomerDraft {
                name: "金从未".into(),
                tier: Some("gold".into()),
                ..Default::default()
            },
        );
        let plain = customer(
            store,
            CustomerDraft {
                name: "普通".into(),
                tier: Some("normal".into()),
                // Born on 29 February: in 2026 the birthday is 28 February.
                birth_date: Some(d("1992-02-29")),
                next_rating_on: Some(d("2026-02-25")),
                ..Default::default()
            },
        );
        let later_birthday = customer(
            store,
            CustomerDraft {
                name: "三月生".into(),
                birth_date: Some(d("1980-03-10")),
                next_rating_on: Some(d("2026-02-25")),
                ..Default::default()
            },
        );
        let rules = TodoRules {
            as_of,
            visits: vec![("gold".into(), 90)],
        };
        let first = store.refresh_todos(&rules).unwrap();
        assert_eq!(
            (first.visits, first.dates, first.ratings, first.closed),
            (2, 1, 1, 0)
        );
        let mut keys: Vec<(Option<i64>, String, String)> = store
            .todos(&TodoFilter::default(), now)
            .unwrap()
            .into_iter()
            .map(|t| (t.customer_id, t.rule_key.unwrap(), t.due_on.to_string()))
            .collect();
        keys.sort();
        let mut want = vec![
            (
                Some(gold_due),
                format!("visit:{gold_due}:2026-01-30"),
                "2026-01-30".to_owned(),
            ),
            (
                Some(gold_never),
                format!("visit:{gold_never}:2026-02-20"),
                "2026-02-20".to_owned(),
            ),
            (
                Some(plain),
                format!("birthday:{plain}:2026"),
                "2026-02-21".to_owned(),
            ),
            (
                None,
                "rating:2026-02-25".to_owned(),
                "2026-02-25".to_owned(),
            ),
        ];
        want.sort();
        assert_eq!(keys, want);
        assert!(!keys
            .iter()
            .any(|k| k.0 == Some(gold_recent) || k.0 == Some(later_birthday)));

        // Twice: nothing new, and no entry in the log.
        let log = store.audit_list(&Default::default()).unwrap().total;
        let again = store.refresh_todos(&rules).unwrap();
        assert_eq!(again.added() + again.closed, 0);
        assert_eq!(store.audit_list(&Default::default()).unwrap().total, log);

        // A done visit counts as a contact: none is asked for again; ten days
        // on, the March birthday comes within two weeks.
        let visit = store
            .todos(
                &TodoFilter {
                    customer_id: Some(gold_never),
                    ..TodoFilter::default()
                },
                now,
            )
            .unwrap()[0]
            .id;
        store.complete_todo(visit, "张经理", now).unwrap();
        let later = store
            .refresh_todos(&TodoRules {
                as_of: d("2026-03-01"),
                ..rules.clone()
            })
            .unwrap();
        assert_eq!((later.visits, later.dates), (0, 1), "{later:?}");
    });
}

#[test]
fn a_rating_to_do_closes_once_nobody_is_due_that_day() {
    each_backend(|store| {
        let id = customer(
            store,
            CustomerDraft {
                name: "甲".into(),
                next_rating_on: Some(d("2026-03-01")),
                ..Default::default()
            },
        );
        let rules = TodoRules {
            as_of: d("2026-02-28"),
            visits: Vec::new(),
        };
        assert_eq!(store.refresh_todos(&rules).unwrap().ratings, 1);
        let mut c = store.customer(id).unwrap();
        c.next_rating_on = Some(d("2027-03-01"));
        store.update_customer(id, &CustomerDraft::from(&c)).unwrap();
        let r = store.refresh_todos(&rules).unwrap();
        assert_eq!((r.ratings, r.closed), (0, 1));
        let t = &store
            .todos(
                &TodoFilter {
                    kind: Some(TodoKind::Rating),
                    include_closed: true,
                    ..TodoFilter::default()
                },
                at("2026-02-28 12:00"),
            )
            .unwrap()[0];
        assert_eq!((t.status, t.due_on), (TodoStatus::Done, d("2026-03-01")));
    });
}

#[test]
fn contacts_birthdays_and_dates_that_matter_make_date_to_dos() {
    each_backend(|store| {
        use tierdesk_domain::record::{ContactDraft, DateDraft, DateKind};
        let id = customer(
            store,
            CustomerDraft {
                name: "甲公司".into(),
                manager: Some("周经理".into()),
                ..Default::default()
            },
        );
        let contact = store
            .add_contact(
                id,
                &ContactDraft {
                    name: "李总".into(),
                    birth_date: Some(d("1975-12-05")),
                    ..Default::default()
                },
            )
            .unwrap();
        let date = |label: &str, month, day, remind| DateDraft {
            kind: DateKind::Custom,
            label: label.into(),
            month,
            day,
            year: None,
            remind,
            notes: String::new(),
        };
        let opening = store
            .add_customer_date(id, &date("开业日", 12, 10, true))
            .unwrap();
        store
            .add_customer_date(id, &date("不提醒", 12, 11, false))
            .unwrap();
        store
            .add_customer_date(id, &date("太远", 12, 31, true))
            .unwrap();
        let rules = TodoRules {
            as_of: d("2026-11-30"),
            visits: Vec::new(),
        };
        assert_eq!(store.refresh_todos(&rules).unwrap().dates, 2);
        let mut got: Vec<(String, String, String, String)> = store
            .todos(&due(TodoDue::All), at("2026-11-30 09:00"))
            .unwrap()
            .into_iter()
            .map(|t| (t.rule_key.unwrap(), t.title, t.due_on.to_string(), t.owner))
            .collect();
        got.sort();
        assert_eq!(
            got,
            [
                (
                    format!("contact-birthday:{}:2026", contact.id),
                    "联系人 李总 生日（12月5日）".to_owned(),
                    "2026-11-30".to_owned(),
                    "周经理".to_owned()
                ),
                (
                    format!("date:{}:2026", opening.id),
                    "开业日（12月10日）".to_owned(),
                    "2026-12-03".to_owned(),
                    "周经理".to_owned()
                ),
            ]
        );
        assert_eq!(store.refresh_todos(&rules).unwrap().added(), 0);

        // A contact or a date removed takes its open reminder with it; the
        // other reminder stays open.
        store.delete_contact(contact.id).unwrap();
        let open = |store: &Store| -> Vec<String> {
            store
                .todos(&due(TodoDue::All), at("2026-11-30 09:00"))
                .unwrap()
                .into_iter()
                .map(|t| t.rule_key.unwrap())
                .collect()
        };
        assert_eq!(open(store), vec![format!("date:{}:2026", opening.id)]);
        store.delete_customer_date(opening.id).unwrap();
        assert!(open(store).is_empty());
        assert_eq!(store.refresh_todos(&rules).unwrap().added(), 0);
    });
}

/// A to-do the program cancels (its follow-up deleted or moved, its survey
/// import undone) is no contact: the visit rule still asks for the visit.
/// A visit to-do a person cancels counts as one.
#[test]
fn a_to_do_cancelled_by_the_program_is_no_contact_for_the_visit_rule() {
    each_backend(|store| {
        let now = chrono::Local::now().naive_local();
        let today = now.date();
        let gold = |store: &mut Store, name: &str| {
            customer(
                store,
                CustomerDraft {
                    name: name.into(),
                    tier: Some("gold".into()),
                    manager: Some("张经理".into()),
                    ..Default::default()
                },
            )
        };
        let mistaken = gold(store, "记错了跟进");
        let ticked = gold(store, "手动取消");
        // A follow-up logged by mistake, with a next contact date, then deleted:
        // its to-do is cancelled and the customer was never contacted.
        let f = store
            .add_followup(
                mistaken,
                &tierdesk_domain::CheckedFollowup {
                    channel: tierdesk_domain::Channel::Phone,
                    at: today.and_hms_opt(0, 0, 1).unwrap(),
                    who: "张经理".into(),
                    contact_id: None,
                    contact_name: String::new(),
                    subject: String::new(),
                    content: "记错了客户".into(),
                    outcome: String::new(),
                    next_step: String::new(),
                    next_contact_on: today.succ_opt(),
                    todo_id: None,
                },
            )
            .unwrap();
        store.delete_followup(f.id).unwrap();
        assert_eq!(store.customer(mistaken).unwrap().last_contact_on, None);
        // A visit to-do cancelled by hand: the person says the visit is settled.
        let visit = store
            .add_todo(
                &NewTodo {
                    customer_id: Some(ticked),
                    ..NewTodo::new(TodoKind::Followup, "定期回访", today)
                },
                now,
            )
            .unwrap();
        store.cancel_todo(visit.id, "张经理", now).unwrap();

        let rules = TodoRules {
            as_of: today,
            visits: vec![("gold".into(), 90)],
        };
        assert_eq!(store.refresh_todos(&rules).unwrap().visits, 1);
        let open: Vec<(Option<i64>, NaiveDate)> = store
            .todos(
                &TodoFilter {
                    kind: Some(TodoKind::Followup),
                    ..TodoFilter::default()
                },
                now,
            )
            .unwrap()
            .into_iter()
            .map(|t| (t.customer_id, t.due_on))
            .collect();
        assert_eq!(open, vec![(Some(mistaken), today)]);
    });
}

#[test]
fn a_customer_in_the_recycle_bin_takes_its_to_dos_off_the_lists_until_restored() {
    each_backend(|store| {
        let now = at("2026-11-30 09:00");
        let kept = customer(
            store,
            CustomerDraft {
                name: "留下".into(),
                ..CustomerDraft::default()
            },
        );
        let binned = customer(
            store,
            CustomerDraft {
                name: "删除".into(),
                ..CustomerDraft::default()
            },
        );
        for (who, title, due) in [
            (Some(kept), "留下逾期", "2026-11-28"),
            (Some(binned), "删除逾期", "2026-11-27"),
            (Some(binned), "删除今天", "2026-11-30"),
            (None, "无客户今天", "2026-11-30"),
        ] {
            let mut t = todo(title, due);
            t.customer_id = who;
            store.add_todo(&t, now).unwrap();
        }
        let seen = |store: &Store| {
            let c = store.todo_counts(now, None).unwrap();
            (
                titles(store, &due(TodoDue::Overdue), now),
                titles(store, &due(TodoDue::Today), now),
                (c.today, c.overdue, c.week),
            )
        };
        assert_eq!(
            seen(store),
            (
                vec!["删除逾期".to_owned(), "留下逾期".to_owned()],
                vec!["删除今天".to_owned(), "无客户今天".to_owned()],
                (2, 2, 2)
            )
        );
        store.delete_customers(&[binned]).unwrap();
        assert_eq!(
            seen(store),
            (
                vec!["留下逾期".to_owned()],
                vec!["无客户今天".to_owned()],
                (1, 1, 1)
            )
        );
        // The customer's own tab still lists them.
        let own = TodoFilter {
            customer_id: Some(binned),
            ..TodoFilter::default()
        };
        assert_eq!(titles(store, &own, now), ["删除逾期", "删除今天"]);
        store.restore_customers(&[binned]).unwrap();
        assert_eq!(seen(store).2, (2, 2, 2));
    });
}

/// The benchmark's demo to-dos: the same rows on both backends (PostgreSQL
/// has its own statement), spread over the year either side of today, one
/// in five with an hour, the old ones mostly done.
#[test]
fn demo_to_dos_are_the_same_on_either_backend() {
    let mut made = Vec::new();
    each_backend(|store| {
        for i in 0..30 {
            customer(
                store,
                CustomerDraft {
                    name: format!("客户{i}"),
                    ..Default::default()
                },
            );
        }
        assert_eq!(store.fill_demo_todos(400, d("2026-06-30")).unwrap(), 400);
        let all = store
            .todos(
                &TodoFilter {
                    include_closed: true,
                    limit: Some(1_000),
                    ..TodoFilter::default()
                },
                at("2026-06-30 12:00"),
            )
            .unwrap();
        let mut rows: Vec<_> = all
            .into_iter()
            .map(|t| {
                (
                    t.title,
                    t.customer_id,
                    t.kind.key().to_owned(),
                    t.due_on,
                    t.due_time,
                    t.owner,
                    t.status.key().to_owned(),
                )
            })
            .collect();
        rows.sort();
        assert_eq!(rows.len(), 400);
        let (from, to) = (d("2025-06-30"), d("2027-06-30"));
        assert!(rows.iter().all(|r| r.3 >= from && r.3 <= to));
        let hours = rows.iter().filter(|r| r.4.is_some()).count();
        assert_eq!(hours, 80, "one in five has an hour");
        assert!(rows
            .iter()
            .flat_map(|r| r.4.as_deref())
            .all(|h| h.len() == 5));
        assert!(rows.iter().any(|r| r.6 == "done") && rows.iter().any(|r| r.6 == "open"));
        assert!(rows
            .iter()
            .all(|r| r.1.is_none_or(|c| (1..=30).contains(&c))));
        made.push(rows);
    });
    assert_eq!(made.len(), tierdesk_store::testing::backends());
    assert!(made.windows(2).all(|w| w[0] == w[1]), "the backends differ");
}
